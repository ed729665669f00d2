"""Benchmark of a very long reply letter: seconds to render one answer of about 100 pages.

Run: ``.venv/bin/python bench/letter_long.py [--runs N] [--paragraphs N]``. The reference
reply (tests/data/reply.json) with its first answer replaced by ``--paragraphs`` paragraphs
(900 make about 100 pages); prints the median and the slowest run. The test suite only checks
that such a letter is a valid DOCX (tests/drafting/test_letter_validation.py); how fast it is
depends on the machine and is measured here.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drafting.letters.letter import render_docx  # noqa: E402

PARAGRAPH = ("Die Verwaltung prüft den Sachverhalt sorgfältig und berichtet ausführlich. " * 6).strip()


def long_reply(paragraphs: int) -> dict:
    data = json.loads((ROOT / "tests/data/reply.json").read_text("utf-8"))
    data["items"][0]["answer"] = "\n\n".join(f"{i}: {PARAGRAPH}" for i in range(paragraphs))
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--paragraphs", type=int, default=900)
    args = parser.parse_args()
    data = long_reply(args.paragraphs)
    render_docx(data)  # builds the cached base template
    times, size = [], 0
    for _ in range(args.runs):
        start = time.perf_counter()
        size = len(render_docx(data))
        times.append(time.perf_counter() - start)
    print(f"Antwort mit {args.paragraphs} Absätzen (etwa {args.paragraphs // 9} Seiten): "
          f"Median {statistics.median(times):.2f} s, langsamster Lauf {max(times):.2f} s, "
          f"DOCX {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
