"""Reuse while writing: beside the contribution editor and each answer of the consolidation
page the similar past questions with their final answers; "Antwort übernehmen" saves what
was typed plus the past answer and its provenance as a draft and shows the inserted figures
for checking; only answers the writer may see are listed or inserted, whatever is posted; the
routing page says who answered similar questions before."""

from __future__ import annotations

import re
from datetime import date

import factories
import lxml.html
import pytest
from factories import login

from inquiry_app.contributions import answers as answer_ops
from inquiry_app.extensions import db
from inquiry_app.models import (
    Answer,
    ArchiveRecord,
    Assignment,
    ContributionState,
    Inquiry,
    InquiryKind,
    InquiryState,
    Question,
)
from inquiry_app.models.archive import QuestionOffice
from inquiry_app.models.base import utcnow

PAST_QUESTION = ("Wie viele Einbürgerungsanträge wurden im Jahr 2023 gestellt und wie lange "
                 "dauerte die Bearbeitung eines Einbürgerungsantrags durchschnittlich?")
PAST_ANSWER = ("Im Jahr 2023 wurden 1.234 Einbürgerungsanträge gestellt. Die Bearbeitung dauerte "
               "durchschnittlich 14 Monate; zum Stichtag 31.12.2023 waren 12,5 % der Anträge "
               "älter als zwei Jahre. Für zusätzliches Personal stehen 412.000 EUR bereit.")
NEW_QUESTION = ("Wie viele Einbürgerungsanträge wurden im Jahr 2025 gestellt und wie lange "
                "dauerte die Bearbeitung der Einbürgerungsanträge durchschnittlich?")
ARCHIVED_QUESTION = ("Wie viele Einbürgerungsanträge wurden 2019 in Dresden gestellt und wie "
                     "lange dauerte ihre Bearbeitung?")
ARCHIVED_ANSWER = "Im Jahr 2019 wurden 812 Anträge auf Einbürgerung gestellt (Stand: 05.02.2020)."
OTHER_QUESTION = "Wann wird der Spielplatz an der Elbwiese saniert?"
PROVENANCE = re.compile(r"\(übernommen aus (AF\S+), Frage (\S+) – bitte Zahlen aktualisieren\)")


@pytest.fixture
def w(session):
    """The world's mayor's office is the last review station (past replies get signed)."""
    return factories.world(sole_mayor_office=True)


def answered(w, question: str, answer: str, *, number: str, year: int = 2023) -> Inquiry:
    """An inquiry of ``year`` whose question 1 the lead unit answered with ``answer``: routed,
    contribution submitted, answers final (state ``answers_complete``)."""
    item = factories.councillor_inquiry(w, [question, OTHER_QUESTION], number=number,
                                        received_on=date(year, 5, 2), due_on=date(year, 5, 30))
    factories.routed(item, w.council_office, [w.lead_unit])
    for assignment in item.assignments:
        text = answer if assignment.question.number == "1" else "Im Herbst."
        factories.contribute(assignment, w.lead_clerk, text)
    with factories.request_context():
        for item_answer in item.answers:
            answer_ops.set_final(item_answer, w.lead_clerk, True)
    assert item.state == InquiryState.ANSWERS_COMPLETE
    return item


def answered_before(browser, w, question: str, answer: str, *, number: str) -> Inquiry:
    """:func:`answered`, and the reply signed (the search index is kept on each commit)."""
    item = answered(w, question, answer, number=number)
    factories.stored()
    factories.signed(browser, w, item)
    browser.logout()
    return factories.fresh(db.session, item)


def archived(w, question: str, answer: str, *, number: str, state=InquiryState.PUBLISHED,
             office=None) -> Inquiry:
    """An imported record (``flask archive import``): read-only, state published or sent,
    no assignments, its office guessed by the router."""
    office = office or w.other_unit
    q = Question(position=1, number="1", text=question)
    item = Inquiry(
        number=number, kind=InquiryKind.WRITTEN, subject="Einbürgerungen (Archiv)",
        received_on=date(2019, 9, 2), due_on=date(2019, 9, 30), original_due_on=date(2019, 9, 30),
        submitted_text=question, preamble="", state=state, imported=True,
        created_by=w.council_office, questions=[q],
        signed_at=utcnow(), sent_on=date(2019, 9, 27),
        published_at=utcnow() if state == InquiryState.PUBLISHED else None,
    )
    item.answers.append(Answer(position=1, text=answer, is_final=True, questions=[q]))
    db.session.add(item)
    db.session.flush()
    db.session.add(ArchiveRecord(inquiry_id=item.id, source_key=f"test:{number}",
                                 source=f"{number}.pdf"))
    db.session.add(QuestionOffice(question_id=q.id, org_unit_id=office.id, guessed=True,
                                  confidence=0.7))
    db.session.flush()
    return item


def new_assignment(w, unit, *, number: str) -> Assignment:
    """A new inquiry asking the question again, question 1 routed to ``unit``."""
    item = factories.councillor_inquiry(w, [NEW_QUESTION, "Wie viele Sporthallen gibt es?"],
                                        number=number, received_on=date(2025, 6, 2),
                                        due_on=date(2025, 6, 30))
    factories.routed(item, w.council_office, [unit])
    return next(a for a in item.assignments if a.question.number == "1")


def page(browser, url: str, status: int = 200):
    response = browser.get(url)
    assert response.status_code == status, url
    return lxml.html.fromstring(response.get_data(as_text=True))


def opened(browser, person, assignment: Assignment):
    """The data stored, ``person`` logged in, the assignment page read."""
    factories.stored()
    login(browser, person)
    return page(browser, f"/zuweisungen/{assignment.id}")


def panel_items(tree) -> list:
    return tree.xpath("//section[contains(@class, 'app-reuse')]//li[contains(@class, "
                      "'app-reuse__item')]")


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def item_for(tree, number: str):
    found = [li for li in panel_items(tree) if number in text_of(li)]
    assert found, [text_of(li) for li in panel_items(tree)]
    return found[0]


def editor_post(browser, assignment: Assignment, data: dict, **kw):
    """A post of the assignment page's editor form (its token and version from the page)."""
    url = f"/zuweisungen/{assignment.id}"
    tree = page(browser, url)
    version = tree.xpath("//form[contains(@class, 'app-editor')]//input[@name='version']/@value")
    payload = {"version": version[0] if version else "", **data}
    return browser.submit(kw.pop("to", f"{url}/beitrag/uebernehmen"), payload, form_url=url, **kw)


# --- the panel beside the contribution editor ----------------------------------------------

def test_the_editor_lists_the_past_question_with_its_answer(browser, w, session):
    before = answered_before(browser, w, PAST_QUESTION, PAST_ANSWER, number="AF9101/23")
    assignment = new_assignment(w, w.lead_unit, number="AF9102/25")
    tree = opened(browser, w.lead_clerk, assignment)
    item = item_for(tree, "AF9101/23, Frage 1")
    text = text_of(item)
    assert "02.05.2023" in text
    assert w.lead_unit.label in text and "vermutet" not in text
    assert PAST_QUESTION in text
    assert "Im Jahr 2023 wurden 1.234 Einbürgerungsanträge gestellt." in text
    # the whole answer in a disclosure, the link to the inquiry page (the clerk may open it)
    assert PAST_ANSWER.split(";")[1].strip()[:40] in text_of(item.xpath(".//details")[0])
    assert item.xpath(".//a/@href")[0] == f"/anfragen/{before.id}"
    # the past inquiry is the only one; the new inquiry's own other question is not listed
    assert all("AF9102/25" not in text_of(li) for li in panel_items(tree))


def test_the_insert_button_belongs_to_the_editor_form(browser, w, session):
    """Without JavaScript the button submits the editor's form: what was typed goes along."""
    archived(w, PAST_QUESTION, PAST_ANSWER, number="AF9103/23")
    assignment = new_assignment(w, w.lead_unit, number="AF9104/25")
    tree = opened(browser, w.lead_clerk, assignment)
    button = item_for(tree, "AF9103/23").xpath(".//button")[0]
    form = button.xpath("ancestor::form")[0]
    assert form.xpath(".//textarea[@name='text']")
    assert button.get("type") == "submit" and button.get("name") == "reuse"
    assert button.get("formaction") == f"/zuweisungen/{assignment.id}/beitrag/uebernehmen"
    assert "Antwort übernehmen" in text_of(button)


def test_insert_keeps_the_typed_text_and_appends_the_answer_with_its_provenance(browser, w,
                                                                               session):
    before = answered_before(browser, w, PAST_QUESTION, PAST_ANSWER, number="AF9105/23")
    assignment = new_assignment(w, w.lead_unit, number="AF9106/25")
    past_question = before.questions[0]
    factories.stored()
    login(browser, w.lead_clerk)
    typed = "Die Zahlen für 2025 liefert das Bürgeramt nach.\n\nVorab:"
    response = editor_post(browser, assignment, {"text": typed, "reuse": past_question.id})
    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"/zuweisungen/{assignment.id}?uebernommen={past_question.id}#pruefen")
    contribution = factories.fresh(session, assignment).contribution
    assert contribution.text == (f"{typed}\n\n{PAST_ANSWER}\n\n(übernommen aus AF9105/23, Frage 1 "
                                 "– bitte Zahlen aktualisieren)")
    assert contribution.state == ContributionState.DRAFT
    assert contribution.revisions[-1].note == "übernommen aus AF9105/23, Frage 1"
    # the page after the insert: the figures of the inserted answer marked for checking
    tree = page(browser, response.headers["Location"])
    box = tree.xpath("//*[@id='pruefen']")[0]
    assert "Bitte prüfen: übernommen aus AF9105/23, Frage 1" in text_of(box)
    marked = [text_of(m) for m in box.xpath(".//mark")]
    assert {"2023", "1.234", "14", "31.12.2023", "12,5 %", "412.000 EUR"} <= set(marked)
    assert "Einbürgerungsanträge" not in marked
    # the editor holds the saved text (a textarea's first line break is not part of it)
    assert tree.xpath("//textarea[@name='text']")[0].text_content().lstrip("\n").startswith(typed)
    flashes = text_of(tree.xpath("//*[contains(@class, 'app-flashes')]")[0])
    assert "Die Antwort aus AF9105/23, Frage 1 wurde an Ihren Text angehängt" in flashes
    # the history shows it
    history = browser.get(f"/zuweisungen/{assignment.id}/beitrag/versionen").get_data(as_text=True)
    assert "übernommen aus AF9105/23, Frage 1" in history


def test_the_inserted_text_comes_from_the_server_not_from_the_post(browser, w, session):
    before = archived(w, PAST_QUESTION, PAST_ANSWER, number="AF9107/23")
    assignment = new_assignment(w, w.lead_unit, number="AF9108/25")
    factories.stored()
    login(browser, w.lead_clerk)
    response = editor_post(browser, assignment, {
        "text": "", "reuse": before.questions[0].id, "answer_text": "Gefälschte Antwort",
        "provenance": "(übernommen aus nirgendwo)"})
    assert response.status_code == 302
    text = factories.fresh(session, assignment).contribution.text
    assert text.startswith(PAST_ANSWER)  # nothing typed: the answer first
    assert "Gefälschte" not in text and "nirgendwo" not in text
    assert PROVENANCE.findall(text) == [("AF9107/23", "1")]


# --- what a writer may see ----------------------------------------------------------------

def test_a_past_inquiry_the_writer_may_not_see_is_neither_listed_nor_inserted(browser, w, session):
    """The other office never worked on the past inquiry (answered, not published): it is not
    listed, and a forged post inserts nothing, keeps what was typed and says why."""
    hidden = answered_before(browser, w, PAST_QUESTION, PAST_ANSWER, number="AF9109/23")
    assignment = new_assignment(w, w.other_unit, number="AF9111/25")
    tree = opened(browser, w.other_clerk, assignment)
    listed = " ".join(text_of(li) for li in panel_items(tree))
    assert "AF9109/23" not in listed
    for question in (hidden.questions[0],):
        response = editor_post(browser, assignment, {"text": "Mein Entwurf bleibt.",
                                                     "reuse": question.id})
        assert response.status_code == 422
        body = response.get_data(as_text=True)
        assert "Diese frühere Antwort gibt es nicht oder Sie dürfen sie nicht sehen." in body
        assert "Mein Entwurf bleibt." in body
        assert PAST_ANSWER not in body and ARCHIVED_ANSWER not in body
        # nor shown by naming it in the address of the page
        shown = browser.get(f"/zuweisungen/{assignment.id}?uebernommen={question.id}")
        assert PAST_ANSWER not in shown.get_data(as_text=True)
    contribution = factories.fresh(session, assignment).contribution
    assert contribution is None or not contribution.revisions


def test_an_archived_answer_is_listed_for_everyone_with_its_page(browser, w,
                                                                                 session):
    record = archived(w, ARCHIVED_QUESTION, ARCHIVED_ANSWER, number="AF9112/19",
                      office=w.lead_unit)
    assignment = new_assignment(w, w.other_unit, number="AF9113/25")
    tree = opened(browser, w.other_clerk, assignment)
    item = item_for(tree, "AF9112/19, Frage 1")
    assert f"{w.lead_unit.label} (vermutet)" in text_of(item)
    # the archive is open to every logged-in user: the record's own page
    assert item.xpath(".//a/@href")[0] == f"/anfragen/{record.id}"
    response = editor_post(browser, assignment, {"text": "", "reuse": record.questions[0].id})
    assert response.status_code == 302
    assert factories.fresh(session, assignment).contribution.text == (
        f"{ARCHIVED_ANSWER}\n\n(übernommen aus AF9112/19, Frage 1 – bitte Zahlen aktualisieren)")


def test_a_submitted_contribution_offers_no_insert_and_refuses_one(browser, w, session):
    before = archived(w, PAST_QUESTION, PAST_ANSWER, number="AF9114/23")
    assignment = new_assignment(w, w.lead_unit, number="AF9115/25")
    factories.contribute(assignment, w.lead_clerk, "Abgeschlossene Zuarbeit.")
    factories.stored()
    login(browser, w.lead_clerk)
    body = browser.get(f"/zuweisungen/{assignment.id}").get_data(as_text=True)
    assert "Antwort übernehmen" not in body
    response = browser.submit(f"/zuweisungen/{assignment.id}/beitrag/uebernehmen",
                              {"text": "Neu", "reuse": before.questions[0].id, "version": "2"},
                              form_url=f"/zuweisungen/{assignment.id}")
    assert response.status_code in (403, 422)
    assert factories.fresh(session, assignment).contribution.text == "Abgeschlossene Zuarbeit."


def test_another_office_may_not_insert_into_a_contribution(browser, w, session):
    before = archived(w, PAST_QUESTION, PAST_ANSWER, number="AF9116/23")
    assignment = new_assignment(w, w.lead_unit, number="AF9117/25")
    factories.stored()
    login(browser, w.contributing_clerk)
    response = browser.submit(f"/zuweisungen/{assignment.id}/beitrag/uebernehmen",
                              {"text": "x", "reuse": before.questions[0].id}, form_url="/aufgaben")
    assert response.status_code == 403
    assert factories.fresh(session, assignment).contribution is None


def test_an_insert_over_a_newer_version_shows_the_merge_page(browser, w, session):
    before = archived(w, PAST_QUESTION, PAST_ANSWER, number="AF9118/23")
    assignment = new_assignment(w, w.lead_unit, number="AF9119/25")
    factories.stored()
    login(browser, w.lead_clerk)
    url = f"/zuweisungen/{assignment.id}"
    assert browser.submit(f"{url}/beitrag", {"text": "Erste Fassung.", "version": ""},
                          form_url=url).status_code == 302
    response = browser.submit(f"{url}/beitrag/uebernehmen",
                              {"text": "Meine Fassung.", "reuse": before.questions[0].id,
                               "version": ""}, form_url=url)
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Erste Fassung." in body and "Meine Fassung." in body and "AF9118/23" in body
    assert factories.fresh(session, assignment).contribution.text == "Erste Fassung."


# --- the consolidation page ---------------------------------------------------------------

def test_the_consolidation_page_inserts_a_past_answer_into_an_answer(browser, w, session):
    before = answered_before(browser, w, PAST_QUESTION, PAST_ANSWER, number="AF9120/23")
    assignment = new_assignment(w, w.lead_unit, number="AF9121/25")
    inquiry = assignment.inquiry
    factories.stored()
    login(browser, w.lead_clerk)
    url = f"/anfragen/{inquiry.id}/antworten"
    tree = page(browser, url)
    answer = next(a for a in inquiry.answers if a.questions[0].number == "1")
    section = tree.xpath(f"//section[@id='antwort-{answer.id}']")[0]
    panel = section.xpath(".//section[contains(@class, 'app-reuse')]")[0]
    assert "Ähnliche frühere Fragen zu Frage 1" in text_of(panel)
    button = item_for(panel, "AF9120/23, Frage 1").xpath(".//button")[0]
    assert button.xpath("ancestor::form//textarea[@name='text']")
    version = section.xpath(".//input[@name='version']/@value")[0]
    response = browser.submit(button.get("formaction"), {
        "text": "Konsolidiert:", "version": version, "reuse": before.questions[0].id},
        form_url=url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"antwort={answer.id}&uebernommen={before.questions[0].id}#pruefen-{answer.id}")
    stored = factories.fresh(session, answer)
    assert stored.text == (f"Konsolidiert:\n\n{PAST_ANSWER}\n\n(übernommen aus AF9120/23, "
                           "Frage 1 – bitte Zahlen aktualisieren)")
    assert not stored.is_final and stored.revisions[-1].note == "übernommen aus AF9120/23, Frage 1"
    tree = page(browser, response.headers["Location"])
    box = tree.xpath(f"//*[@id='pruefen-{answer.id}']")[0]
    assert {"1.234", "31.12.2023", "12,5 %"} <= {text_of(m) for m in box.xpath(".//mark")}


def test_a_final_answer_offers_no_insert(browser, w, session):
    archived(w, PAST_QUESTION, PAST_ANSWER, number="AF9122/23")
    item = factories.complete(w, [NEW_QUESTION])
    factories.stored()
    login(browser, w.lead_clerk)
    body = browser.get(f"/anfragen/{item.id}/antworten").get_data(as_text=True)
    assert "Antwort übernehmen" not in body


# --- the routing page ---------------------------------------------------------------------

def test_the_routing_page_says_who_answered_similar_questions(browser, w, session):
    before = answered_before(browser, w, PAST_QUESTION, PAST_ANSWER, number="AF9123/23")
    record = archived(w, ARCHIVED_QUESTION, ARCHIVED_ANSWER, number="AF9124/19")
    item = factories.confirmed(factories.councillor_inquiry(
        w, [NEW_QUESTION, "Wie hoch ist der Krankenstand bei der Berufsfeuerwehr?"]),
        w.council_office)
    factories.stored()
    login(browser, w.council_office)
    tree = page(browser, f"/anfragen/{item.id}/zuweisung")
    first = tree.xpath("//fieldset[legend[normalize-space()='Frage 1']]")[0]
    note = text_of(first.xpath(".//div[contains(@class, 'app-reuse-offices')]")[0])
    assert f"Ähnliche Fragen beantworteten bisher: {w.lead_unit.label} (1×)" in note
    assert f"{w.other_unit.label} (1×, vermutet)" in note
    links = first.xpath(".//div[contains(@class, 'app-reuse-offices')]//a")
    assert {(text_of(a), a.get("href")) for a in links} >= {
        ("AF9123/23, Frage 1", f"/anfragen/{before.id}"),
        ("AF9124/19, Frage 1", f"/anfragen/{record.id}")}
    second = tree.xpath("//fieldset[legend[normalize-space()='Frage 2']]")[0]
    assert not second.xpath(".//div[contains(@class, 'app-reuse-offices')]")
