"""Registering a scanned inquiry (PDF without text layer) through the registration page:
OCR between two isolated readings, then the same split as for the text; a mixed PDF; and
the page limit, the timeout and a missing OCRmyPDF as German messages on the form (never
an error page).

OCR deviations allowed: none (at 300 dpi Tesseract reads the reference letter exactly)."""

from __future__ import annotations

import io

import pytest
import scanned_pdf
import sqlalchemy as sa
from factories import login

from inquiry_app.models import Inquiry

PARAGRAPHS = scanned_pdf.reference_paragraphs()
PREAMBLE = "\n\n".join(PARAGRAPHS[:2])
QUESTIONS = [paragraph[3:] for paragraph in PARAGRAPHS[2:]]


@pytest.fixture(scope="module")
def scanned() -> bytes:
    scanned_pdf.require_builders()
    return scanned_pdf.scanned(scanned_pdf.text_pdf(PARAGRAPHS))


@pytest.fixture(scope="module")
def mixed() -> bytes:
    scanned_pdf.require_builders()
    return scanned_pdf.mixed(PARAGRAPHS)


@pytest.fixture
def clerk(browser, world):
    login(browser, world.council_office)
    return browser


@pytest.fixture
def config(app, monkeypatch):
    """``app.config`` for one test; changes are undone afterwards."""
    class Setter:
        def __setitem__(self, key, value):
            monkeypatch.setitem(app.config, key, value)

    return Setter()


def _register(browser, pdf: bytes, *, number="AF1881/25", filename="scan.pdf"):
    data = {"number": number, "kind": "written", "received_on": "2025-01-20",
            "subject": "Mein Gegenstand bleibt", "text": "", "faction": "0",
            "document": (io.BytesIO(pdf), filename)}
    return browser.submit("/anfragen/neu", data, content_type="multipart/form-data")


def _inquiry(session, number) -> Inquiry | None:
    session.expire_all()
    return session.scalar(sa.select(Inquiry).where(Inquiry.number == number))


def _refused(response, message: str, session) -> None:
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "kern-alert" in page and message in page
    assert 'value="Mein Gegenstand bleibt"' in page
    assert _inquiry(session, "AF1881/25") is None


def test_scanned_reference_is_registered_with_its_four_questions(clerk, session, scanned):
    scanned_pdf.require_ocr()
    response = _register(clerk, scanned)
    assert response.status_code == 302
    inquiry = _inquiry(session, "AF1881/25")
    assert inquiry.preamble == PREAMBLE
    assert [q.number for q in inquiry.questions] == ["1", "2", "3", "4"]
    assert [q.text for q in inquiry.questions] == QUESTIONS
    assert inquiry.original_file == scanned  # the scan is kept, not the recognised PDF
    page = clerk.get(response.headers["Location"]).get_data(as_text=True)
    assert "Seite 1 wurde per Texterkennung (OCR) gelesen." in page


def test_no_database_transaction_is_open_while_reading_and_ocr_run(
        clerk, session, monkeypatch, mixed):
    """SQLite: the write lock of the request must not be held for the minutes OCR takes."""
    from inquiry_app.intake import operations

    seen = []
    original = operations.prepare_isolated

    def watching(*args, **kwargs):
        seen.append(session().in_transaction())
        return original(*args, **kwargs)

    monkeypatch.setattr(operations, "prepare_isolated", watching)
    monkeypatch.setitem(clerk.client.application.config, "OCR_COMMAND", "/nicht/vorhanden")
    assert _register(clerk, mixed, filename="gemischt.pdf").status_code == 302
    assert seen == [False]
    assert _inquiry(session, "AF1881/25") is not None


def test_mixed_pdf_is_registered_completely(clerk, session, mixed):
    scanned_pdf.require_ocr()
    response = _register(clerk, mixed, filename="gemischt.pdf")
    assert response.status_code == 302
    inquiry = _inquiry(session, "AF1881/25")
    assert inquiry.preamble == PREAMBLE
    assert [q.text for q in inquiry.questions] == QUESTIONS
    page = clerk.get(response.headers["Location"]).get_data(as_text=True)
    assert "Seite 2 wurde per Texterkennung (OCR) gelesen." in page


def test_too_many_scanned_pages_are_refused_on_the_form(clerk, session, config):
    config["OCR_MAX_PAGES"] = 40
    response = _register(clerk, scanned_pdf.blank_image_pdf(52), filename="stapel.pdf")
    _refused(response, "Das Dokument hat 52 Seiten ohne Text; höchstens 40 Seiten werden per "
                       "Texterkennung gelesen.", session)


def test_ocr_timeout_is_a_message_on_the_form(clerk, session, config, scanned):
    scanned_pdf.require_ocr()
    config["OCR_TIMEOUT"] = 0.2
    _refused(_register(clerk, scanned), "Die Texterkennung wurde nach 0,2 Sekunden abgebrochen.",
             session)


def test_missing_ocrmypdf_is_a_message_on_the_form(clerk, session, config, scanned):
    config["OCR_COMMAND"] = "/nicht/vorhanden/ocrmypdf"
    _refused(_register(clerk, scanned),
             "Die Texterkennung (OCRmyPDF mit Tesseract und deutschen Sprachdaten) ist auf "
             "diesem Server nicht installiert.", session)


def test_missing_ocrmypdf_in_a_mixed_pdf_registers_the_text_page_and_warns(
        clerk, session, config, mixed):
    config["OCR_COMMAND"] = "/nicht/vorhanden/ocrmypdf"
    response = _register(clerk, mixed, filename="gemischt.pdf")
    assert response.status_code == 302
    inquiry = _inquiry(session, "AF1881/25")
    read = " ".join([inquiry.preamble, *(q.text for q in inquiry.questions)])
    assert PARAGRAPHS[1] in " ".join(read.split())  # page 1 kept (no question on it)
    page = clerk.get(response.headers["Location"]).get_data(as_text=True)
    assert "Seite 2 der PDF-Datei „gemischt.pdf“ hat keinen Text" in page


def test_ocr_switched_off_refuses_a_scan(clerk, session, config, scanned):
    config["OCR_MAX_PAGES"] = 0
    _refused(_register(clerk, scanned), "Sie muss zuerst per Texterkennung (OCR) in eine "
                                        "durchsuchbare PDF umgewandelt werden.", session)
