"""Draft, review with a return, signature "In Vertretung", dispatch, publication and the
frozen letter: the reference inquiry end to end through HTTP (the demo data's AF0815/25, whose
reply letter must equal /work/shared/reference); the other tests build their own inquiry."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from datetime import date, timedelta

import docx
import factories
import pytest
import sqlalchemy as sa
from conftest import DATA, deliver_mail
from factories import PASSWORD
from factories import fresh as _own
from factories import signed as _signed

from drafting.letters.letter import body_text
from inquiry_app.models import (
    Answer,
    Inquiry,
    InquiryState,
    Question,
    ReplyLetter,
    Review,
    ReviewDecision,
    Role,
    Transition,
    User,
)

REFERENCE_BODY = (DATA / "reference" / "reply-letter-body.txt").read_text(encoding="utf-8")


def _norm(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _user(session, login) -> User:
    return session.scalar(sa.select(User).where(User.login == login))


def _inquiry(session) -> Inquiry:
    session.expire_all()
    return session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0815/25"))


def _post(browser, url, data=None, **kw):
    return browser.submit(url, data or {}, form_url="/aufgaben", **kw)


def _as(browser, login):
    browser.logout()
    browser.login(login)


@pytest.fixture
def world(session):
    """The world's mayor's office is the last review station."""
    return factories.world(sole_mayor_office=True)


@pytest.fixture
def ready(world):
    """An inquiry of four questions with all answers final (1 and 3 by the lead unit, 2 and 4
    by the contributing unit)."""
    return factories.complete(world, 4)



def _to_signature(browser, inquiry_id):
    base = f"/anfragen/{inquiry_id}/schreiben"
    _as(browser, "rat")
    _post(browser, f"{base}/entwurf")
    _post(browser, f"{base}/mitzeichnung")
    for login in ("leitung33", "leitungebit", "bm", "ob"):
        _as(browser, login)
        assert _post(browser, f"{base}/mitzeichnen").status_code == 302, login
    return base


def test_reference_path_with_return_signature_dispatch_and_publication(browser, complete,
                                                                        session, smtp):
    base = f"/anfragen/{complete.id}/schreiben"
    browser.login("rat")
    assert _post(browser, f"{base}/entwurf").status_code == 302
    page = browser.get(base).get_data(as_text=True)
    assert "Sehr geehrte Frau Mühle," in page and "Vorschau des Entwurfs" in page
    assert _post(browser, f"{base}/einstellungen",
                 {"intro": "Ihre oben genannte Anfrage beantworte ich wie folgt:",
                  "remark": "", "signature_name": "", "signature_function": "Oberbürgermeister",
                  "file_reference": "OB-SR 0815"}).status_code == 302
    assert _post(browser, f"{base}/mitzeichnung").status_code == 302
    assert _inquiry(session).state == InquiryState.IN_REVIEW
    deliver_mail()
    assert any("Mitzeichnung" in m["Subject"] for m in smtp.messages)

    _as(browser, "leitung33")  # head of the lead office approves, from his task list
    assert "Antwortschreiben zur Mitzeichnung" in browser.get("/aufgaben").get_data(as_text=True)
    assert _post(browser, f"{base}/mitzeichnen").status_code == 302
    _as(browser, "ob")  # not yet the mayor's office's turn
    assert "Nichts zu zeichnen" in browser.get("/aufgaben").get_data(as_text=True)
    _as(browser, "bm")  # the Beigeordnete of GB1 returns it
    assert "AF0815/25" in browser.get("/aufgaben").get_data(as_text=True)
    refused = _post(browser, f"{base}/zurueckgeben", {"comment": "  "})
    assert refused.status_code == 422 and "Bitte begründen Sie" in refused.get_data(as_text=True)
    assert _post(browser, f"{base}/zurueckgeben",
                 {"comment": "Bitte Geschäftszeichen entfernen.", "confirm": "y"}).status_code == 302
    assert _inquiry(session).state == InquiryState.RETURNED

    _as(browser, "rat")
    assert "Bitte Geschäftszeichen entfernen." in browser.get(base).get_data(as_text=True)
    _post(browser, f"{base}/ueberarbeiten")
    _post(browser, f"{base}/einstellungen",
          {"intro": "Ihre oben genannte Anfrage beantworte ich wie folgt:", "remark": "",
           "signature_name": "", "signature_function": "Oberbürgermeister", "file_reference": ""})
    _post(browser, f"{base}/mitzeichnung")
    for login in ("leitung33", "leitungebit", "bm", "ob"):
        _as(browser, login)
        assert _post(browser, f"{base}/mitzeichnen").status_code == 302
    assert _inquiry(session).state == InquiryState.AWAITING_SIGNATURE

    _as(browser, "bm")
    wrong = _post(browser, f"{base}/zeichnen", {"password": "falsch", "mode": "on_behalf"})
    assert wrong.status_code == 403 and "Passwort ist nicht korrekt" in wrong.get_data(as_text=True)
    assert _inquiry(session).signed_at is None
    assert _post(browser, f"{base}/zeichnen",
                 {"password": "anfragen-demo", "mode": "on_behalf"}).status_code == 302
    inquiry = _inquiry(session)
    assert inquiry.state == InquiryState.SIGNED and inquiry.signed_on_behalf
    letter = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.signed_at.is_not(None)))
    assert letter.sha256 == hashlib.sha256(letter.docx).hexdigest()

    downloaded = browser.get(f"/schreiben/{letter.id}.docx")
    assert downloaded.status_code == 200
    assert _norm(body_text(downloaded.data)) == _norm(REFERENCE_BODY)
    texts = [p.text for p in docx.Document(io.BytesIO(downloaded.data)).paragraphs]
    assert "In Vertretung" in texts and "Katrin Vogel" in texts

    _as(browser, "rat")
    assert _post(browser, f"{base}/versand", {"sent_on": inquiry.signed_at.date().isoformat(),
                                              "channel": "E-Mail"}).status_code == 302
    assert _inquiry(session).state == InquiryState.SIGNED  # sent once the server accepted it
    assert "wird versandt" in browser.get(base).get_data(as_text=True)
    deliver_mail()
    sent_mail = next(m for m in smtp.messages if "Antwort auf Ihre Anfrage" in m["Subject"])
    assert sent_mail["To"] == "anne.mühle@rat.example".replace("ü", "ue")
    attachment = next(sent_mail.iter_attachments())
    assert attachment.get_filename().startswith("Antwort_AF0815-25.")
    assert _inquiry(session).state == InquiryState.SENT
    assert _post(browser, f"/anfragen/{complete.id}/veroeffentlichen").status_code == 302
    assert _inquiry(session).state == InquiryState.PUBLISHED

    history = browser.get(f"/anfragen/{complete.id}").get_data(as_text=True)
    for step in ("Antwortschreiben entworfen", "Zur Mitzeichnung gegeben", "Mitgezeichnet",
                 "Entwurf zurückgegeben", "Entwurf überarbeitet", "Mitzeichnung abgeschlossen",
                 "Gezeichnet", "Versandt", "Veröffentlicht"):
        assert step in history, step
    events = [t.event for t in session.scalars(sa.select(Transition).where(
        Transition.inquiry_id == complete.id).order_by(Transition.id))]
    assert events.count("return_draft") == 1 and events[-1] == "publish"

    browser.logout()
    public = browser.get(f"/oeffentlich/anfragen/{complete.id}")
    assert public.status_code == 200
    page = public.get_data(as_text=True)
    assert "Digitaler Einbürgerungsantrag" in page and "medienbruchfreie" in page
    for internal in ("Jana Schulze", "Felix Hoffmann", "Katrin Vogel", "Zuarbeit", "Kommentar"):
        assert internal not in page
    # the editable DOCX is never published (tests/test_public_answers.py)
    assert browser.get(f"/oeffentlich/anfragen/{complete.id}/antwort.docx").status_code == 404


def test_signed_inquiry_is_frozen(browser, world, ready, session):
    complete = ready
    base = factories.to_signature(browser, world, complete)
    assert _post(browser, f"{base}/zeichnen", {"password": PASSWORD,
                                               "mode": "self"}).status_code == 302
    letter = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.signed_at.is_not(None)))
    sha, data = letter.sha256, letter.docx

    again = _post(browser, f"{base}/zeichnen", {"password": PASSWORD, "mode": "self"})
    assert again.status_code == 409 and "bereits gezeichnet" in again.get_data(as_text=True)
    factories.login(browser, world.council_office)
    assert _post(browser, f"{base}/einstellungen", {"intro": "Neu"}).status_code == 409
    assert _post(browser, f"/anfragen/{complete.id}/zwischenbescheid",
                 {"new_date": (date.today() + timedelta(days=60)).isoformat(),
                  "reason": "x"}).status_code == 409
    factories.login(browser, world.lead_clerk)
    answer = next(a for a in _own(session, complete).answers if a.questions[0].number == "1")
    response = _post(browser, f"/antworten/{answer.id}",
                     {"text": "geändert", "version": str(answer.version), "action": "unfinal"},
                     follow_redirects=True)
    assert "nicht mehr geändert" in response.get_data(as_text=True)

    # even code that bypasses the pages cannot change what is signed
    from inquiry_app.letters.freeze import FrozenError

    question = session.scalar(sa.select(Question).where(Question.inquiry_id == complete.id))
    question.text = "Manipuliert?"
    with pytest.raises(FrozenError):
        session.flush()
    session.rollback()
    stored = session.get(ReplyLetter, letter.id)
    stored.docx = b"other bytes"
    with pytest.raises(FrozenError):
        session.flush()
    session.rollback()
    answer = session.scalar(sa.select(Answer).where(Answer.inquiry_id == complete.id))
    answer.text = "anders"
    with pytest.raises(FrozenError):
        session.flush()
    session.rollback()
    session.expire_all()
    assert session.get(ReplyLetter, letter.id).docx == data
    assert session.get(ReplyLetter, letter.id).sha256 == sha


@pytest.mark.parametrize("person", ["lead_clerk", "contributing_clerk", "lead_head", "admin"])
def test_departments_and_admin_cannot_sign(browser, world, ready, session, person):
    base = factories.to_signature(browser, world, ready)
    factories.login(browser, getattr(world, person))
    assert _post(browser, f"{base}/zeichnen", {"password": PASSWORD}).status_code == 403
    assert _own(session, ready).signed_at is None


@pytest.mark.parametrize("person", ["lead_clerk", "lead_head", "signatory"])
def test_only_the_council_office_dispatches_and_publishes(browser, world, ready, session, person):
    base = _signed(browser, world, ready)
    factories.login(browser, getattr(world, person))
    assert _post(browser, f"{base}/versand", {"sent_on": "2025-01-01",
                                              "channel": "Post"}).status_code == 403
    assert _post(browser, f"/anfragen/{ready.id}/veroeffentlichen").status_code == 403
    assert _own(session, ready).state == InquiryState.SIGNED


def test_reviewer_out_of_turn_is_refused(browser, world, ready, session):
    complete = ready
    base = f"/anfragen/{complete.id}/schreiben"
    factories.login(browser, world.council_office)
    _post(browser, f"{base}/entwurf")
    _post(browser, f"{base}/mitzeichnung")
    factories.login(browser, world.signatory)  # the mayor's office is the last step, not the first
    transitions = session.scalar(sa.select(sa.func.count(Transition.id))
                                 .where(Transition.inquiry_id == complete.id))
    response = _post(browser, f"{base}/mitzeichnen")
    assert response.status_code == 409
    assert "liegt zurzeit nicht bei Ihnen" in response.get_data(as_text=True)
    inquiry = _own(session, complete)
    assert inquiry.state == InquiryState.IN_REVIEW
    assert {r.decision for r in session.scalars(sa.select(Review).where(
        Review.inquiry_id == inquiry.id))} == {ReviewDecision.PENDING}
    assert session.scalar(sa.select(sa.func.count(Transition.id))
                          .where(Transition.inquiry_id == inquiry.id)) == transitions


def test_two_signatories_at_the_same_moment(app, browser, world, ready, session):
    """Both open the signature page; the first to sign wins, the second is told so."""
    from conftest import Browser

    deputy = factories.user(Role.SIGNATORY, world.division)
    base = factories.to_signature(browser, world, ready)
    browser.logout()
    signatories = []
    for person in (world.signatory, deputy):
        other = Browser(app.test_client())
        factories.login(other, person)
        signatories.append((other, other.token(base)))  # both pages open before anyone signs
    results = [b.client.post(f"{base}/zeichnen", data={
        "csrf_token": token, "password": PASSWORD, "mode": "self"})
        for b, token in signatories]
    assert [r.status_code for r in results] == [302, 409]
    assert "bereits gezeichnet" in results[1].get_data(as_text=True)
    signed = session.scalars(sa.select(ReplyLetter).where(ReplyLetter.signed_at.is_not(None))).all()
    assert len(signed) == 1 and signed[0].signed_by == world.signatory


def _split(world) -> Inquiry:
    return factories.confirmed(factories.councillor_inquiry(world), world.council_office)


def test_interim_notice_moves_the_due_date_and_keeps_both(browser, world, session, smtp):
    inquiry = _split(world)
    old_due = inquiry.due_on
    factories.login(browser, world.council_office)
    new_date = old_due.replace(year=old_due.year + 1)
    response = _post(browser, f"/anfragen/{inquiry.id}/zwischenbescheid",
                     {"new_date": new_date.isoformat(),
                      "reason": "die Stellungnahme des Freistaates noch aussteht",
                      "send_mail": "1"})
    assert response.status_code == 302
    inquiry = _own(session, inquiry)
    assert inquiry.due_on == new_date and inquiry.original_due_on == old_due
    assert inquiry.extensions[0].old_due_on == old_due
    interim = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.kind == "interim"))
    text = body_text(interim.docx)
    assert "Stellungnahme des Freistaates" in text
    deliver_mail()
    assert any("Zwischenbescheid" in m["Subject"] for m in smtp.messages)
    page = browser.get(f"/anfragen/{inquiry.id}").get_data(as_text=True)
    assert "Zwischenbescheid erteilt" in page and "Verlängert am" in page
    refused = _post(browser, f"/anfragen/{inquiry.id}/zwischenbescheid",
                    {"new_date": old_due.isoformat(), "reason": "x"})
    assert refused.status_code == 409


def test_withdrawal_is_recorded(browser, world, session):
    inquiry = _split(world)
    factories.login(browser, world.council_office)
    assert _post(browser, f"/anfragen/{inquiry.id}/zurueckziehen",
                 {"note": "per E-Mail vom 21.01.2025", "confirm": "y"}).status_code == 302
    inquiry = _own(session, inquiry)
    assert inquiry.state == InquiryState.WITHDRAWN and inquiry.withdrawn_at is not None
    assert "per E-Mail vom 21.01.2025" in browser.get(f"/anfragen/{inquiry.id}").get_data(
        as_text=True)


def test_public_page_of_unpublished_inquiry_is_404(client, world, session):
    inquiry = _split(world)
    assert client.get(f"/oeffentlich/anfragen/{inquiry.id}").status_code == 404
    assert client.get(f"/oeffentlich/anfragen/{inquiry.id}/antwort.docx").status_code == 404
    assert client.get("/oeffentlich/").status_code == 200


def test_pdf_is_stored_when_libreoffice_is_present(browser, world, ready, session):
    from conftest import require

    require(shutil.which("soffice") is not None, "LibreOffice (soffice) fehlt")
    _signed(browser, world, ready)
    letter = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.signed_at.is_not(None)))
    assert letter.pdf.startswith(b"%PDF")
    assert letter.pdf_sha256 == hashlib.sha256(letter.pdf).hexdigest()


def test_answers_can_be_reopened_from_the_draft(browser, world, ready, session):
    complete = ready
    base = f"/anfragen/{complete.id}/schreiben"
    factories.login(browser, world.council_office)
    _post(browser, f"{base}/entwurf")
    assert _post(browser, f"/anfragen/{complete.id}/antworten/oeffnen",
                 {"note": "Frage 4 aktualisieren"}).status_code == 302
    assert _own(session, complete).state == InquiryState.ROUTED
    factories.login(browser, world.contributing_clerk)  # question 4 is the contributing unit's
    answer = next(a for a in _own(session, complete).answers if a.questions[0].number == "4")
    _post(browser, f"/antworten/{answer.id}", {"action": "unfinal", "text": "",
                                               "version": str(answer.version)})
    answer = session.get(Answer, answer.id)
    _post(browser, f"/antworten/{answer.id}", {"action": "final", "version": str(answer.version),
                                               "text": answer.text + " Stand: Februar 2025."})
    assert _own(session, complete).state == InquiryState.ANSWERS_COMPLETE
    factories.login(browser, world.council_office)
    _post(browser, f"{base}/entwurf")
    letter = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == complete.id))
    assert "Stand: Februar 2025." in body_text(letter.docx)
    assert session.scalar(sa.select(sa.func.count(ReplyLetter.id))) == 1  # the draft is reused


def test_draft_pdf_on_demand(browser, world, ready, session):
    from conftest import require

    complete = ready
    require(shutil.which("soffice") is not None, "LibreOffice (soffice) fehlt")
    factories.login(browser, world.council_office)
    _post(browser, f"/anfragen/{complete.id}/schreiben/entwurf")
    draft = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == complete.id))
    response = browser.get(f"/schreiben/{draft.id}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert "Entwurf" in response.headers["Content-Disposition"]
