"""The electronic seal (PAdES, pyHanko) of the signed letter: the stored PDF carries the
authority's signature, the letter page and the public page validate it against the configured
certificate ("Signatur gültig" with signer and time), one changed byte makes it "ungültig";
without a certificate letters stay unsealed and the pages say so."""

from __future__ import annotations

import io
from datetime import date

import factories
import pytest
import sqlalchemy as sa
from conftest import require
from factories import PASSWORD, fresh, post

from drafting.letters.pdf import find_soffice
from inquiry_app.config import seal_settings
from inquiry_app.demo.seal import ensure_demo_seal, self_signed_p12
from inquiry_app.letters import seal
from inquiry_app.models import InquiryState, ReplyLetter

SEAL_NAME = "Teststadt – Siegel (Test)"


def _p12(folder, file_name: str, name: str, password: str):
    path = folder / file_name
    path.write_bytes(self_signed_p12(name, "Teststadt", password))
    return path


@pytest.fixture(scope="module")
def seal_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seal")
    return {"own": _p12(folder, "own.p12", SEAL_NAME, "siegel-passwort"),
            "foreign": _p12(folder, "foreign.p12", "Fremde Behörde – Siegel", "anderes-passwort")}


@pytest.fixture
def sealing(app, monkeypatch, seal_files):
    """The app seals with the test certificate."""
    monkeypatch.setitem(app.config, "SEAL_P12", str(seal_files["own"]))
    monkeypatch.setitem(app.config, "SEAL_PASSWORD", "siegel-passwort")


@pytest.fixture
def world(session):
    return factories.world(sole_mayor_office=True)


@pytest.fixture
def ready(world):
    return factories.complete(world, 2)


def _signed_letter(session, item) -> ReplyLetter:
    session.expire_all()
    return session.scalar(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == item.id,
                                                       ReplyLetter.signed_at.is_not(None)))


def _embedded_signatures(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures


def _publish(browser, w, item) -> None:
    factories.login(browser, w.council_office)
    assert browser.submit(f"/anfragen/{item.id}/schreiben/versand",
                          {"channel": "Post", "sent_on": date.today().isoformat()},
                          form_url=f"/anfragen/{item.id}/schreiben").status_code == 302
    assert post(browser, f"/anfragen/{item.id}/veroeffentlichen").status_code == 302


def _tampered(pdf: bytes) -> bytes:
    """One byte changed inside the first content stream (covered by the signature)."""
    at = pdf.index(b"stream", pdf.index(b"/Length")) + 40
    changed = bytearray(pdf)
    changed[at] ^= 0x01
    return bytes(changed)


def test_signed_pdf_is_sealed_and_valid_on_letter_and_public_page(browser, world, ready,
                                                                   session, sealing):
    require(find_soffice() is not None, "LibreOffice (soffice) fehlt")
    base = factories.signed(browser, world, ready)
    letter = _signed_letter(session, ready)
    signatures = _embedded_signatures(letter.pdf)
    assert [s.field_name for s in signatures] == [seal.FIELD_NAME]
    check = seal.check(letter.pdf)
    assert check.valid and check.signer == SEAL_NAME
    assert "CN=" + SEAL_NAME in check.subject
    assert abs((check.signed_at - letter.signed_at).total_seconds()) < 600

    page = browser.get(base).get_data(as_text=True)
    assert "Signatur gültig" in page and "Signatur ungültig" not in page
    assert f"Elektronisch gesiegelt von „{SEAL_NAME}“ am" in page
    assert "kein Siegelzertifikat konfiguriert" not in page

    _publish(browser, world, ready)
    browser.logout()
    public = browser.get(f"/oeffentlich/anfragen/{ready.id}").get_data(as_text=True)
    assert "Signatur gültig" in public and SEAL_NAME in public
    download = browser.get(f"/oeffentlich/anfragen/{ready.id}/antwort.pdf")
    assert download.data == letter.pdf  # what the public downloads is the sealed PDF


def test_one_changed_byte_makes_the_seal_invalid(browser, world, ready, session, sealing):
    require(find_soffice() is not None, "LibreOffice (soffice) fehlt")
    base = factories.signed(browser, world, ready)
    letter = _signed_letter(session, ready)
    tampered = _tampered(letter.pdf)
    assert seal.check(tampered).valid is False
    # changed behind the app's back (the signed letter itself is frozen for the app)
    session.execute(sa.update(ReplyLetter).where(ReplyLetter.id == letter.id)
                    .values(pdf=tampered))
    session.expire_all()
    page = browser.get(base).get_data(as_text=True)
    assert "Signatur ungültig" in page and "Signatur gültig" not in page
    assert "nach dem Siegeln verändert" in page


def test_seal_of_another_certificate_is_not_valid(app, browser, world, ready, session, sealing,
                                                  seal_files, monkeypatch):
    require(find_soffice() is not None, "LibreOffice (soffice) fehlt")
    base = factories.signed(browser, world, ready)
    monkeypatch.setitem(app.config, "SEAL_P12", str(seal_files["foreign"]))
    monkeypatch.setitem(app.config, "SEAL_PASSWORD", "anderes-passwort")
    page = browser.get(base).get_data(as_text=True)
    assert "Signatur ungültig" in page
    assert "nicht vom konfigurierten Siegelzertifikat" in page


def test_without_certificate_letters_are_not_sealed_and_the_page_says_so(browser, world, ready,
                                                                        session):
    base = factories.to_signature(browser, world, ready)
    waiting = browser.get(base).get_data(as_text=True)
    assert seal.NOT_CONFIGURED in waiting  # told before signing
    assert post(browser, f"{base}/zeichnen", {"password": PASSWORD,
                                              "mode": "self"}).status_code == 302
    letter = _signed_letter(session, ready)
    if letter.pdf is not None:  # with LibreOffice: a PDF without signature
        assert _embedded_signatures(letter.pdf) == []
        assert seal.check(letter.pdf).sealed is False
    page = browser.get(base).get_data(as_text=True)
    assert seal.NOT_CONFIGURED in page
    assert "Signatur gültig" not in page and "Signatur ungültig" not in page


def test_unusable_certificate_stops_the_signature(app, browser, world, ready, session,
                                                  seal_files, monkeypatch):
    require(find_soffice() is not None, "LibreOffice (soffice) fehlt")
    monkeypatch.setitem(app.config, "SEAL_P12", str(seal_files["own"]))
    monkeypatch.setitem(app.config, "SEAL_PASSWORD", "falsches-passwort")
    base = factories.to_signature(browser, world, ready)
    response = post(browser, f"{base}/zeichnen", {"password": PASSWORD, "mode": "self"})
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "Siegelzertifikat" in text and "nicht gezeichnet" in text
    assert fresh(session, ready).state == InquiryState.AWAITING_SIGNATURE


def test_demo_seal_is_created_once_and_found_in_the_instance_folder(tmp_path, app, monkeypatch):
    assert seal_settings(str(tmp_path)) == (None, None)  # nothing there: not sealed
    created = ensure_demo_seal(str(tmp_path), "Teststadt")
    assert created == tmp_path / "seal.p12"
    assert oct(created.stat().st_mode & 0o777) == "0o600"
    assert ensure_demo_seal(str(tmp_path), "Teststadt") is None  # kept on the next load
    path, password = seal_settings(str(tmp_path))
    assert path == str(created) and password
    monkeypatch.setitem(app.config, "SEAL_P12", path)
    monkeypatch.setitem(app.config, "SEAL_PASSWORD", password)
    check = seal.check(seal.seal(_minimal_pdf()))
    assert check.valid and check.signer == "Teststadt – Siegel (Demo)"


def test_empty_setting_switches_the_demo_seal_off(tmp_path, monkeypatch):
    ensure_demo_seal(str(tmp_path), "Teststadt")
    monkeypatch.setenv("INQUIRY_APP_SEAL_P12", "")
    assert seal_settings(str(tmp_path))[0] == ""


def _minimal_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_sealing_and_checking_work_beside_a_running_event_loop(app, monkeypatch, seal_files):
    """pyHanko's synchronous API starts an asyncio loop; a thread that runs one already (a
    server or test tool on asyncio, e.g. Playwright's) must still seal and check."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setitem(app.config, "SEAL_P12", str(seal_files["own"]))
    monkeypatch.setitem(app.config, "SEAL_PASSWORD", "siegel-passwort")

    async def inside_a_loop():
        with app.app_context():
            return seal.check(seal.seal(_minimal_pdf()))

    # a thread of its own: this one may run a loop already (the e2e tests' Playwright)
    with ThreadPoolExecutor(max_workers=1) as pool:
        check = pool.submit(asyncio.run, inside_a_loop()).result()
    assert check.valid and check.signer == SEAL_NAME
