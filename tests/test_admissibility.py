"""The inquiry's own date and body on registration and the details page, the letter addressed
to a district body and its chair, and the admissibility paragraph (§ 28 Abs. 6 SächsGemO)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import docx
import factories
import pytest
import sqlalchemy as sa
from docx.oxml.ns import qn
from factories import login

from drafting.letters.letter import body_text
from inquiry_app.deadlines.settings import answer_due
from inquiry_app.models import AuditEntry, BodyKind, Inquiry, ReplyLetter

STANDARD = ("Nach § 28 Abs. 6 SächsGemO kann jeder Stadtrat an den Oberbürgermeister schriftliche "
            "Anfragen über einzelne Angelegenheiten der Gemeinde richten. Ein Anspruch auf "
            "Beantwortung besteht hier nicht. Die Anfrage wird gleichwohl freiwillig beantwortet.")


@pytest.fixture(autouse=True)
def standard_paragraph(app, world):
    """The configured text block of the admissibility paragraph, of this test's own."""
    block = factories.text_block("Standardabsatz kein Anspruch (Test)", text=STANDARD)
    old = app.config["ADMISSIBILITY_TEXT_BLOCK"]
    app.config["ADMISSIBILITY_TEXT_BLOCK"] = block.title
    yield block
    app.config["ADMISSIBILITY_TEXT_BLOCK"] = old


@pytest.fixture
def complete(world):
    """Four questions, all answers final; submitted by Frau Anne Mühle."""
    muehle = factories.councillor("Mühle", first_name="Anne")
    inquiry = factories.complete(world, 4, submitters=[muehle])
    factories.stored()
    return inquiry


def _inquiry(session, number) -> Inquiry:
    session.expire_all()
    return session.scalar(sa.select(Inquiry).where(Inquiry.number == number))


def _pieschen():
    return factories.body(
        "Stadtbezirksbeirat Pieschen (Test)", chair_title="Dr.", chair_name="Martin Eckert",
        address="Stadtbezirksamt Pieschen\nBürgerstraße 63\n01127 Dresden")


def _details(inquiry: Inquiry, **overrides) -> dict:
    data = {"version": str(inquiry.version), "subject": inquiry.subject,
            "dated_on": inquiry.dated_on.isoformat() if inquiry.dated_on else "",
            "body": str(inquiry.body_id or 0),
            "submitters": [str(m.id) for m in inquiry.submitters],
            "faction": str(inquiry.faction_id or 0), "no_claim_reason": ""}
    data.update(overrides)
    return data


def _paragraphs(data: bytes) -> list[str]:
    """Every paragraph of the document, also those in tables and frames."""
    document = docx.Document(io.BytesIO(data))
    texts = []
    for paragraph in document.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).strip()
        if text:
            texts.append(text)
    return texts


def _draft(browser, session, inquiry) -> ReplyLetter:
    response = browser.submit(f"/anfragen/{inquiry.id}/schreiben/entwurf", {}, form_url="/aufgaben")
    assert response.status_code == 302
    session.expire_all()
    return session.scalar(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == inquiry.id))


@pytest.fixture
def clerk(browser, world):
    login(browser, world.council_office)
    return browser


def test_registration_stores_the_date_of_the_inquiry_and_its_body(clerk, session):
    received, dated = date.today() - timedelta(days=1), date.today() - timedelta(days=6)
    page = clerk.get("/anfragen/neu").get_data(as_text=True)
    assert "Datum der Anfrage" in page and "Gremium" in page
    neustadt = factories.body("Stadtbezirksbeirat Neustadt (Test)")
    response = clerk.submit("/anfragen/neu", {
        "number": "AF-Neu00013/25", "kind": "district", "received_on": received.isoformat(),
        "dated_on": dated.isoformat(), "body": str(neustadt.id), "subject": "Spielplatz",
        "faction": "0", "text": "1. Wann wird der Spielplatz saniert?"},
        content_type="multipart/form-data")
    assert response.status_code == 302
    inquiry = _inquiry(session, "AF-Neu00013/25")
    assert inquiry.dated_on == dated and inquiry.body == neustadt
    assert inquiry.due_on == answer_due(received).result  # the deadline runs from receipt

    # without date and body: the day of receipt and the Stadtrat
    response = clerk.submit("/anfragen/neu", {
        "number": "AF0960/25", "kind": "written", "received_on": received.isoformat(),
        "subject": "Test", "faction": "0", "text": "1. Frage?"},
        content_type="multipart/form-data")
    assert response.status_code == 302
    plain = _inquiry(session, "AF0960/25")
    assert plain.dated_on == received and plain.body.name == "Stadtrat"


def test_a_date_after_receipt_is_refused_and_the_input_kept(clerk, session):
    response = clerk.submit("/anfragen/neu", {
        "number": "AF0961/25", "kind": "written", "received_on": "2025-03-03",
        "dated_on": "2025-03-10", "subject": "Ein Gegenstand", "faction": "0",
        "text": "1. Meine Frage?"}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Das Datum der Anfrage liegt nach ihrem Eingang." in page
    assert 'value="Ein Gegenstand"' in page and "1. Meine Frage?" in page
    assert _inquiry(session, "AF0961/25") is None


def test_letter_says_ihre_anfrage_vom_with_the_inquiry_date(clerk, session, complete):
    dated = complete.received_on - timedelta(days=4)
    response = clerk.submit(f"/anfragen/{complete.id}/angaben", _details(
        complete, dated_on=dated.isoformat()))
    assert response.status_code == 302
    inquiry = _inquiry(session, complete.number)
    assert inquiry.dated_on == dated
    page = clerk.get(f"/anfragen/{inquiry.id}").get_data(as_text=True)
    assert "Datum der Anfrage" in page

    letter = _draft(clerk, session, inquiry)
    texts = _paragraphs(letter.docx)
    info = [t for t in texts if t.startswith("Ihre Anfrage vom")]  # label, tab, date
    assert info == [f"Ihre Anfrage vom:{dated:%d.%m.%Y}"]
    assert not any(f"{inquiry.received_on:%d.%m.%Y}" in t for t in texts)
    assert letter.structure["inquiry"]["received_on"] == dated.isoformat()
    assert inquiry.due_on == answer_due(inquiry.received_on).result


def test_letter_of_a_district_council_inquiry_goes_to_the_body_and_its_chair(clerk, session,
                                                                               complete):
    pieschen = _pieschen()
    stadtrat = factories.body("Stadtrat (Test)", kind=BodyKind.CITY_COUNCIL,
                              chair_title="Dr.", chair_function="Oberbürgermeister")
    response = clerk.submit(f"/anfragen/{complete.id}/angaben", _details(
        complete, body=str(pieschen.id)))
    assert response.status_code == 302
    letter = _draft(clerk, session, _inquiry(session, complete.number))
    texts = _paragraphs(letter.docx)
    start = texts.index(pieschen.name)
    assert texts[start:start + 5] == [pieschen.name, "Herrn Stadtbezirksamtsleiter",
                                      "Dr. Martin Eckert", "Stadtbezirksamt Pieschen",
                                      "Bürgerstraße 63"]
    assert body_text(letter.docx).startswith("Sehr geehrter Herr Dr. Eckert,")
    assert "Mühle" not in " ".join(texts[:start + 8])
    history = clerk.get(f"/verlauf/anfragen/{complete.id}").get_data(as_text=True)
    assert "Gremium" in history and pieschen.name in history

    # back to the Stadtrat: the councillor again
    clerk.submit(f"/anfragen/{complete.id}/angaben",
                 _details(_inquiry(session, complete.number), body=str(stadtrat.id)))
    session.expire_all()
    letter = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == complete.id))
    assert body_text(letter.docx).startswith("Sehr geehrte Frau Mühle,")


def test_admissibility_paragraph_opens_the_letter(clerk, session, complete):
    response = clerk.submit(f"/anfragen/{complete.id}/angaben", _details(
        complete, no_claim_to_answer="y",
        no_claim_reason="Die Fragen zielen auf eine allgemeine Übersicht."))
    assert response.status_code == 302
    inquiry = _inquiry(session, complete.number)
    assert inquiry.no_claim_to_answer
    assert inquiry.no_claim_reason == "Die Fragen zielen auf eine allgemeine Übersicht."
    page = clerk.get(f"/anfragen/{inquiry.id}").get_data(as_text=True)
    assert "kein Anspruch, freiwillig beantwortet" in page

    letter = _draft(clerk, session, inquiry)
    paragraphs = body_text(letter.docx).split("\n\n")
    assert paragraphs[0] == "Sehr geehrte Frau Mühle,"
    assert paragraphs[1].startswith(" ".join(STANDARD.split()))
    assert paragraphs[1].endswith("Ihre oben genannte Anfrage beantworte ich wie folgt:")

    # the draft page posts the opening as shown: the paragraph is not doubled
    base = f"/anfragen/{inquiry.id}/schreiben"
    assert clerk.submit(f"{base}/einstellungen", {
        "intro": letter.structure["intro"], "remark": "", "signature_name": "",
        "signature_function": "Oberbürgermeister", "file_reference": ""},
        form_url="/aufgaben").status_code == 302
    session.expire_all()
    letter = session.get(ReplyLetter, letter.id)
    assert body_text(letter.docx).count("§ 28 Abs. 6 SächsGemO") == 1

    # unmarked: the letter opens with the intro again
    clerk.submit(f"/anfragen/{inquiry.id}/angaben", _details(_inquiry(session, complete.number)))
    session.expire_all()
    letter = session.get(ReplyLetter, letter.id)
    assert body_text(letter.docx).split("\n\n")[1] == \
        "Ihre oben genannte Anfrage beantworte ich wie folgt:"
    entry = session.scalars(sa.select(AuditEntry).where(
        AuditEntry.entity == "inquiry", AuditEntry.entity_id == inquiry.id)
        .order_by(AuditEntry.id)).all()
    assert any(e.changes.get("no_claim_to_answer") == [False, True] for e in entry)


def test_marking_needs_a_reason_and_keeps_the_input(clerk, session, complete):
    response = clerk.submit(f"/anfragen/{complete.id}/angaben", _details(
        complete, no_claim_to_answer="y", subject="Neuer Gegenstand"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte begründen Sie, warum kein Anspruch auf Beantwortung besteht." in page
    assert 'value="Neuer Gegenstand"' in page
    assert _inquiry(session, complete.number).no_claim_to_answer is False


def test_departments_cannot_mark_or_change_details(browser, world, session):
    routed = factories.routed(factories.councillor_inquiry(world), world.council_office,
                              [world.lead_unit])
    login(browser, world.lead_clerk)
    assert browser.get(f"/anfragen/{routed.id}/angaben").status_code == 403


def test_without_the_configured_text_block_no_paragraph_is_added(app, clerk, session, complete):
    clerk.submit(f"/anfragen/{complete.id}/angaben", _details(
        complete, no_claim_to_answer="y", no_claim_reason="allgemein"))
    old = app.config["ADMISSIBILITY_TEXT_BLOCK"]
    app.config["ADMISSIBILITY_TEXT_BLOCK"] = "Gibt es nicht"
    try:
        letter = _draft(clerk, session, _inquiry(session, complete.number))
    finally:
        app.config["ADMISSIBILITY_TEXT_BLOCK"] = old
    assert body_text(letter.docx).split("\n\n")[1] == \
        "Ihre oben genannte Anfrage beantworte ich wie folgt:"


def test_details_page_shows_the_standard_paragraph_or_warns(app, clerk, complete):
    page = clerk.get(f"/anfragen/{complete.id}/angaben").get_data(as_text=True)
    assert "Kein Anspruch auf Beantwortung, freiwillig beantwortet" in page
    assert "Standardabsatz: „Nach § 28 Abs. 6 SächsGemO" in page
    old = app.config["ADMISSIBILITY_TEXT_BLOCK"]
    app.config["ADMISSIBILITY_TEXT_BLOCK"] = "Gibt es nicht"
    try:
        page = clerk.get(f"/anfragen/{complete.id}/angaben").get_data(as_text=True)
    finally:
        app.config["ADMISSIBILITY_TEXT_BLOCK"] = old
    assert "Es ist kein Standardabsatz eingerichtet" in page
