"""Benchmark OCR (``drafting.reading.ocr``) on the reference inquiry scanned at 300 dpi.

Plain script, prints figures: ``python bench/ocr.py [--rounds N] [--pages N]``.

The reference inquiry (``tests/data/reference/inquiry.txt``) is written as a DOCX, turned
into a PDF by LibreOffice, rasterised by ``pdftoppm -r 300 -gray`` and rebuilt as an
image-only PDF (``tests/scanned_pdf.py``). Figures:

* one page per OCRmyPDF run, ``--rounds`` times: median, minimum and maximum seconds per
  page (this includes starting OCRmyPDF, about a second);
* one document of ``--pages`` scanned pages in a single run, with one job and with
  OCRmyPDF's default (all cores): seconds per page, the figure that decides
  ``INQUIRY_APP_OCR_TIMEOUT`` for ``INQUIRY_APP_OCR_MAX_PAGES`` pages;
* reading and splitting the recognised single page afterwards (milliseconds);
* whether the split matches the text (four questions, preamble).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import scanned_pdf  # noqa: E402

from drafting.reading.document import read_document  # noqa: E402
from drafting.reading.ocr import OcrSettings, ocr_pdf  # noqa: E402
from drafting.splitting.segment import split  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="single-page runs (median)")
    parser.add_argument("--pages", type=int, default=6, help="pages of the multi-page run")
    args = parser.parse_args()
    missing = scanned_pdf.tools_missing()
    reason = scanned_pdf.ocr_missing()
    if missing or reason:
        print("Nicht messbar:", ", ".join([*missing, *([reason] if reason else [])]))
        return 1

    scan = scanned_pdf.scanned(scanned_pdf.text_pdf(scanned_pdf.reference_paragraphs()))
    print(f"Referenzanfrage, 300 dpi grau, 1 Seite: {len(scan) / 1024:.0f} KB; "
          f"{os.cpu_count()} Kerne")

    settings = OcrSettings(timeout=600)
    times = []
    recognised = b""
    for _ in range(args.rounds):
        start = time.perf_counter()
        recognised = ocr_pdf(scan, [1], settings)
        times.append(time.perf_counter() - start)
    print(f"1 Seite je Lauf, {args.rounds} Läufe: Median {statistics.median(times):.2f} s/Seite "
          f"(min {min(times):.2f}, max {max(times):.2f}; mit Start von OCRmyPDF)")

    many = scanned_pdf.repeat_pages(scan, args.pages)
    for label, jobs in (("1 Job", 1), ("alle Kerne", None)):
        start = time.perf_counter()
        ocr_pdf(many, list(range(1, args.pages + 1)), OcrSettings(timeout=600, jobs=jobs))
        elapsed = time.perf_counter() - start
        print(f"{args.pages} Seiten in einem Lauf ({label}): {elapsed:.1f} s, "
              f"{elapsed / args.pages:.2f} s/Seite")

    split(read_document(recognised, "scan.pdf", ocr_done=(1,)).text)  # loads spaCy, word list
    start = time.perf_counter()
    document = read_document(recognised, "scan.pdf", ocr_done=(1,))
    result = split(document.text)
    elapsed = (time.perf_counter() - start) * 1000
    paragraphs = scanned_pdf.reference_paragraphs()
    same = (result.preamble == "\n\n".join(paragraphs[:2])
            and [q.text for q in result.questions] == [p[3:] for p in paragraphs[2:]])
    print(f"Lesen und Zerlegen danach: {elapsed:.0f} ms; Zerlegung wie beim Text: "
          f"{'ja' if same else 'NEIN'} ({len(result.questions)} Fragen)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
