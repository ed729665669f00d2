"""The letter page shows the letter's real pages (DOCX -> PDF with LibreOffice -> PNG with
pdftoppm), cached by content hash; without LibreOffice the text view with the reason. The
draft's DOCX and PDF carry a visible "ENTWURF"; the signed letter's do not."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import factories
import pypdf
import pytest
import sqlalchemy as sa
from conftest import require
from factories import PASSWORD, fresh, post

from drafting.letters.pdf import find_pdftoppm, find_soffice
from inquiry_app.letters import preview
from inquiry_app.models import ReplyLetter

PNG = b"\x89PNG\r\n\x1a\n"
IMAGE = re.compile(r'<img class="app-letter-page" src="([^"]+)"[^>]*alt="([^"]+)"')


@pytest.fixture
def world(session):
    return factories.world(sole_mayor_office=True)


@pytest.fixture
def ready(world):
    return factories.complete(world, 2)


@pytest.fixture
def previews(app, monkeypatch, tmp_path):
    """Page images on, in a cache folder of this test; counts the DOCX -> PDF conversions of
    the preview."""
    monkeypatch.setitem(app.config, "LETTER_PREVIEW", True)
    monkeypatch.setitem(app.config, "PREVIEW_DIR", str(tmp_path / "previews"))
    calls = []
    convert = preview.docx_to_pdf

    def counting(data, **kw):
        calls.append(len(data))
        return convert(data, **kw)

    monkeypatch.setattr(preview, "docx_to_pdf", counting)
    return calls


def _tools() -> None:
    require(find_soffice() is not None, "LibreOffice (soffice) fehlt")
    require(find_pdftoppm() is not None, "pdftoppm (poppler-utils) fehlt")


def _letter(session, item, signed: bool = False) -> ReplyLetter:
    session.expire_all()
    condition = ReplyLetter.signed_at.is_not(None) if signed else ReplyLetter.signed_at.is_(None)
    return session.scalar(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == item.id,
                                                       condition))


def _draft(browser, w, item) -> str:
    base = f"/anfragen/{item.id}/schreiben"
    factories.login(browser, w.council_office)
    assert post(browser, f"{base}/entwurf").status_code == 302
    return base


def _header_texts(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [p.text for section in document.sections
            for header in (section.first_page_header, section.header)
            for p in header.paragraphs]


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_preview_pages_are_served_as_images_and_rendered_once_per_content(
        app, browser, world, ready, session, previews, monkeypatch):
    _tools()
    monkeypatch.setattr(preview, "MAX_CACHED", 1)
    base = _draft(browser, world, ready)
    page = browser.get(base).get_data(as_text=True)
    images = IMAGE.findall(page)
    assert len(images) >= 1 and previews == [len(_letter(session, ready).docx)]
    src, alt = images[0]
    assert alt.startswith(f"Seite 1 von {len(images)} des Entwurfs")
    response = browser.get(src)
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(PNG)
    assert "Text des Schreibens" in page  # the text stays on the page, in a disclosure

    # second view and the images again: from the cache, no new rendering
    assert IMAGE.findall(browser.get(base).get_data(as_text=True)) == images
    assert all(browser.get(s).status_code == 200 for s, _ in images)
    # the draft's PDF download reuses the PDF rendered for the images
    assert browser.get(f"/schreiben/{_letter(session, ready).id}.pdf").data.startswith(b"%PDF")
    assert len(previews) == 1

    # a changed draft is new content: rendered anew, under a new address
    assert browser.submit(f"{base}/einstellungen",
                          {"intro": "Ihre Anfrage beantworte ich gern wie folgt:",
                           "signature_function": "Oberbürgermeister"},
                          form_url=base).status_code == 302
    changed = IMAGE.findall(browser.get(base).get_data(as_text=True))
    assert len(previews) == 2 and changed[0][0] != src
    cached = [f.name for f in Path(app.config["PREVIEW_DIR"]).iterdir()]
    assert cached == [f"docx-{_letter(session, ready).sha256}"]  # the old content pruned
    assert browser.get(f"{src.split('?')[0]}?v=alt").data != response.data  # now the new page


def test_page_image_of_a_missing_page_or_for_an_outsider(browser, world, ready, session,
                                                          previews):
    _tools()
    base = _draft(browser, world, ready)
    letter = _letter(session, ready)
    assert browser.get(f"/schreiben/{letter.id}/seite-1.png").status_code == 200
    assert browser.get(f"/schreiben/{letter.id}/seite-99.png").status_code == 404
    factories.login(browser, world.other_clerk)
    assert browser.get(f"/schreiben/{letter.id}/seite-1.png").status_code in (403, 404)
    assert browser.get(base).status_code in (403, 404)


def test_signed_letter_is_shown_from_its_stored_pdf(browser, world, ready, session, previews):
    _tools()
    base = factories.signed(browser, world, ready)
    page = browser.get(base).get_data(as_text=True)
    images = IMAGE.findall(page)
    assert images and images[0][1].startswith(f"Seite 1 von {len(images)} des gezeichneten")
    assert previews == []  # the stored PDF is what is shown, nothing converted again
    assert browser.get(images[0][0]).data.startswith(PNG)


def test_without_libreoffice_the_text_view_is_shown_with_the_reason(browser, world, ready,
                                                                     session, previews,
                                                                     monkeypatch):
    monkeypatch.setattr(preview, "find_soffice", lambda: None)
    base = _draft(browser, world, ready)
    page = browser.get(base).get_data(as_text=True)
    assert IMAGE.findall(page) == []
    assert "Seitenansicht nicht verfügbar" in page
    assert "weil LibreOffice auf dem Server nicht installiert ist" in page
    assert 'aria-label="Brieftext"' in page and "Sehr geehrte" in page
    assert previews == []


def test_preview_switched_off_says_so(browser, world, ready, session, app, monkeypatch):
    monkeypatch.setitem(app.config, "LETTER_PREVIEW", False)
    page = browser.get(_draft(browser, world, ready)).get_data(as_text=True)
    assert "INQUIRY_APP_LETTER_PREVIEW" in page and IMAGE.findall(page) == []


def _review_and_sign(browser, world, ready) -> None:
    """The council office sends the draft to review, every station approves, the signatory
    signs (the last one logged in)."""
    base = f"/anfragen/{ready.id}/schreiben"
    factories.login(browser, world.council_office)
    assert post(browser, f"{base}/mitzeichnung").status_code == 302
    for person in factories.reviewers(world, ready):  # every station of the chain
        factories.login(browser, person)
        assert post(browser, f"{base}/mitzeichnen").status_code == 302
    assert post(browser, f"{base}/zeichnen", {"password": PASSWORD,
                                              "mode": "self"}).status_code == 302


def test_draft_docx_is_marked_entwurf_and_the_signed_one_is_not(browser, world, ready, session):
    _draft(browser, world, ready)
    draft = _letter(session, ready)
    assert "ENTWURF" in _header_texts(browser.get(f"/schreiben/{draft.id}.docx").data)
    _review_and_sign(browser, world, ready)
    signed = _letter(session, ready, signed=True)
    assert fresh(session, ready).signed_at is not None
    texts = _header_texts(browser.get(f"/schreiben/{signed.id}.docx").data)
    assert not any("ENTWURF" in text for text in texts)
    with zipfile.ZipFile(io.BytesIO(signed.docx)) as package:  # nowhere in the package
        assert not any(b"ENTWURF" in package.read(name) for name in package.namelist())


def test_draft_pdf_is_marked_entwurf_and_the_signed_one_is_not(browser, world, ready, session):
    require(find_soffice() is not None, "LibreOffice (soffice) fehlt")
    _draft(browser, world, ready)
    draft = _letter(session, ready)
    draft_text = _pdf_text(browser.get(f"/schreiben/{draft.id}.pdf").data)
    assert "ENTWURF" in draft_text
    _review_and_sign(browser, world, ready)
    signed = _letter(session, ready, signed=True)
    signed_text = _pdf_text(browser.get(f"/schreiben/{signed.id}.pdf").data)
    assert "Sehr geehrte" in signed_text and "ENTWURF" not in signed_text
