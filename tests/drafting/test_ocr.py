"""OCR of PDF pages without text (drafting.reading.ocr): the reference inquiry as a real text PDF
(python-docx, LibreOffice), rasterised at 300 dpi and rebuilt as an image-only PDF, must
split as the text itself does; mixed PDFs, the page limit, the timeout and a missing or
failing OCRmyPDF give clear German messages and lose no text.

OCR deviations allowed: none. At 300 dpi Tesseract 5 (Debian bookworm) reads the reference
letter for letter, so the questions and the preamble are compared exactly."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import scanned_pdf
from pypdf import PdfReader

from drafting.errors import DraftingInputError
from drafting.prepare import prepare_isolated
from drafting.reading.document import read_document
from drafting.reading.ocr import (
    READ_SECONDS_PER_PAGE,
    OcrSettings,
    OcrTimeout,
    OcrUnavailable,
    ocr_pdf,
    pages_label,
)
from drafting.splitting.segment import split

ROOT = Path(__file__).resolve().parents[2]
PARAGRAPHS = scanned_pdf.reference_paragraphs()
PREAMBLE = "\n\n".join(PARAGRAPHS[:2])
QUESTIONS = [paragraph[3:] for paragraph in PARAGRAPHS[2:]]  # without "1. "
MISSING = "/nicht/vorhanden/ocrmypdf"


@pytest.fixture(scope="module")
def text_pdf() -> bytes:
    scanned_pdf.require_builders()
    return scanned_pdf.text_pdf(PARAGRAPHS)


@pytest.fixture(scope="module")
def scanned(text_pdf) -> bytes:
    """The reference inquiry as a scan: one page, one 300 dpi image, no text."""
    return scanned_pdf.scanned(text_pdf)


@pytest.fixture(scope="module")
def mixed() -> bytes:
    """Page 1 (the preamble) with text, page 2 (the questions) a scan."""
    scanned_pdf.require_builders()
    return scanned_pdf.mixed(PARAGRAPHS)


def assert_reference_split(text: str) -> None:
    result = split(text)
    assert result.preamble == PREAMBLE
    assert [q.number for q in result.questions] == ["1", "2", "3", "4"]
    assert [q.text for q in result.questions] == QUESTIONS


def test_the_scan_has_no_text_without_ocr(scanned):
    with pytest.raises(DraftingInputError, match=r"enthält keinen Text.*Texterkennung \(OCR\)"):
        read_document(scanned, "scan.pdf")


def test_scanned_reference_splits_like_the_text(scanned):
    scanned_pdf.require_ocr()
    document = read_document(scanned, "scan.pdf", ocr=OcrSettings())
    assert_reference_split(document.text)
    assert document.warnings == [
        "Seite 1 wurde per Texterkennung (OCR) gelesen. Bitte den Text (Zahlen, Namen, "
        "Nummerierung der Fragen) mit dem Original vergleichen."
    ]


def test_isolated_preparation_runs_ocr_between_two_readings(scanned):
    scanned_pdf.require_ocr()
    prepared = prepare_isolated(scanned, "scan.pdf", timeout=60, memory_mb=1024,
                                ocr=OcrSettings())
    assert prepared.split.preamble == PREAMBLE
    assert [q.text for q in prepared.split.questions] == QUESTIONS
    assert prepared.ocr_pages == []
    assert any("per Texterkennung (OCR) gelesen" in w for w in prepared.warnings)


def test_reading_after_ocr_gets_time_for_the_recognised_pages(scanned, monkeypatch):
    """pypdf needs about 0.6 s for each page with an OCR text layer: the second isolated
    reading gets READ_SECONDS_PER_PAGE more per recognised page than the reading budget."""
    scanned_pdf.require_ocr()
    from drafting import prepare as prepare_module

    budgets = []
    original = prepare_module.run_isolated

    def recording(function, args=(), kwargs=None, **budget):
        budgets.append((budget["timeout"], budget["memory_mb"]))
        return original(function, args, kwargs, **budget)

    monkeypatch.setattr(prepare_module, "run_isolated", recording)
    three = scanned_pdf.repeat_pages(scanned, 3)
    prepared = prepare_isolated(three, "scan.pdf", timeout=30, memory_mb=1024,
                                ocr=OcrSettings())
    assert budgets == [(30, 1024), (30 + 3 * READ_SECONDS_PER_PAGE, 1024)]
    assert prepared.warnings[0].startswith("Seiten 1–3 wurden per Texterkennung (OCR) gelesen.")
    assert prepared.text.count("Einbürgerungsantrag") == 3 * "".join(PARAGRAPHS).count(
        "Einbürgerungsantrag")


def test_mixed_pdf_recognises_only_the_page_without_text(mixed):
    deferred = read_document(mixed, "gemischt.pdf", ocr=OcrSettings(defer=True))
    assert deferred.ocr_pages == [2] and deferred.page_count == 2
    assert PARAGRAPHS[0] in " ".join(deferred.text.split())  # page 1 read from its text
    scanned_pdf.require_ocr()
    document = read_document(mixed, "gemischt.pdf", ocr=OcrSettings())
    assert_reference_split(document.text)
    assert document.warnings[0].startswith("Seite 2 wurde per Texterkennung (OCR) gelesen.")


def test_blank_pages_need_no_ocr():
    scanned_pdf.require_builders()
    with_blank_page = scanned_pdf.text_pdf([*PARAGRAPHS, ""], page_break_before=len(PARAGRAPHS))
    assert len(PdfReader(io.BytesIO(with_blank_page)).pages) == 2
    document = read_document(with_blank_page, "anfrage.pdf", ocr=OcrSettings(command=MISSING))
    assert document.warnings == []  # OCR (missing here) was not even tried
    assert_reference_split(document.text)


def test_ocr_keeps_the_text_layer_of_the_other_pages(mixed):
    scanned_pdf.require_ocr()
    before = PdfReader(io.BytesIO(mixed)).pages[0].extract_text()
    recognised = ocr_pdf(mixed, [2], OcrSettings())
    after = PdfReader(io.BytesIO(recognised)).pages
    assert after[0].extract_text() == before
    assert "Einbürgerungsantrag" in after[1].extract_text()


def test_too_many_pages_without_text_are_refused_with_the_numbers():
    scan = scanned_pdf.blank_image_pdf(52)
    with pytest.raises(DraftingInputError) as caught:
        read_document(scan, "stapel.pdf", ocr=OcrSettings(max_pages=40, command=MISSING))
    message = str(caught.value)
    assert message.startswith("Die PDF-Datei „stapel.pdf“ enthält keinen Text")
    assert ("Das Dokument hat 52 Seiten ohne Text; höchstens 40 Seiten werden per "
            "Texterkennung gelesen.") in message


def test_page_limit_in_a_mixed_pdf_keeps_the_text_pages(mixed):
    pages = scanned_pdf.combine((mixed, 1), (mixed, 2), (mixed, 2))
    document = read_document(pages, "gemischt.pdf", ocr=OcrSettings(max_pages=1))
    assert PARAGRAPHS[0] in " ".join(document.text.split())
    assert document.warnings == [
        "Seiten 2–3 der PDF-Datei „gemischt.pdf“ haben keinen Text (vermutlich eingescannt) "
        "und wurden nicht gelesen. Das Dokument hat 2 Seiten ohne Text; höchstens 1 Seite "
        "wird per Texterkennung gelesen. Bitte den Text dieser Seiten ergänzen."
    ]


def test_timeout_stops_ocr_with_a_message(scanned):
    scanned_pdf.require_ocr()
    with pytest.raises(OcrTimeout, match=r"^Die Texterkennung wurde nach 0,2 Sekunden "):
        ocr_pdf(scanned, [1], OcrSettings(timeout=0.2))
    with pytest.raises(DraftingInputError, match="nach 0,2 Sekunden abgebrochen"):
        read_document(scanned, "scan.pdf", ocr=OcrSettings(timeout=0.2))


def test_missing_ocrmypdf_gives_a_clear_message(scanned, monkeypatch):
    with pytest.raises(DraftingInputError) as caught:
        read_document(scanned, "scan.pdf", ocr=OcrSettings(command=MISSING))
    assert str(caught.value) == (
        "Die PDF-Datei „scan.pdf“ enthält keinen Text (vermutlich ein eingescanntes Dokument). "
        "Die Texterkennung (OCRmyPDF mit Tesseract und deutschen Sprachdaten) ist auf diesem "
        "Server nicht installiert. Bitte eine PDF-Datei mit Textebene (oder nur die Seiten der "
        "Anfrage) hochladen oder den Text der Anfrage einfügen."
    )
    monkeypatch.setenv("DRAFTING_OCRMYPDF", MISSING)
    with pytest.raises(OcrUnavailable):
        ocr_pdf(scanned, [1], OcrSettings())
    with pytest.raises(DraftingInputError, match="nicht installiert"):
        prepare_isolated(scanned, "scan.pdf", timeout=60, ocr=OcrSettings())


def test_missing_ocrmypdf_in_a_mixed_pdf_keeps_the_text_page_and_warns(mixed):
    for isolated in (False, True):
        if isolated:
            prepared = prepare_isolated(mixed, "gemischt.pdf", timeout=60,
                                        ocr=OcrSettings(command=MISSING))
            text, warnings = prepared.text, prepared.warnings
        else:
            document = read_document(mixed, "gemischt.pdf", ocr=OcrSettings(command=MISSING))
            text, warnings = document.text, document.warnings
        assert PARAGRAPHS[1] in " ".join(text.split())
        assert warnings == [
            "Seite 2 der PDF-Datei „gemischt.pdf“ hat keinen Text (vermutlich eingescannt) und "
            "wurde nicht gelesen. Die Texterkennung (OCRmyPDF mit Tesseract und deutschen "
            "Sprachdaten) ist auf diesem Server nicht installiert. Bitte den Text dieser Seite "
            "ergänzen."
        ]


def test_missing_language_data_counts_as_not_installed(scanned):
    scanned_pdf.require_ocr()
    with pytest.raises(OcrUnavailable, match="nicht installiert"):
        ocr_pdf(scanned, [1], OcrSettings(language="xyz"))


def test_failing_ocrmypdf_is_a_message_not_a_crash(scanned, tmp_path, caplog):
    fake = tmp_path / "ocrmypdf"
    fake.write_text("#!/bin/sh\necho 'kaputt: Ghostscript abgestürzt' >&2\nexit 7\n")
    fake.chmod(0o755)
    with pytest.raises(DraftingInputError, match=r"Die Texterkennung ist fehlgeschlagen\."):
        read_document(scanned, "scan.pdf", ocr=OcrSettings(command=str(fake)))
    assert "Ghostscript abgestürzt" in caplog.text  # the details go to the log


def test_command_line_splits_a_scan_and_says_ocr_was_used(scanned, tmp_path):
    scanned_pdf.require_ocr()
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    run = subprocess.run([sys.executable, "-m", "drafting", "split", str(path), "--json"],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["preamble"] == PREAMBLE
    assert [q["text"] for q in data["questions"]] == QUESTIONS
    assert any("per Texterkennung (OCR) gelesen" in w for w in data["warnings"])
    off = subprocess.run([sys.executable, "-m", "drafting", "split", str(path),
                          "--ocr-max-pages", "0"],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert off.returncode == 2 and off.stdout == ""
    assert off.stderr.startswith("Fehler: Die PDF-Datei „scan.pdf“ enthält keinen Text")


def test_page_labels_are_german():
    assert pages_label([2]) == "Seite 2"
    assert pages_label([3, 1, 2]) == "Seiten 1–3"
    assert pages_label([2, 4, 6, 7, 8]) == "Seiten 2, 4 und 6–8"
