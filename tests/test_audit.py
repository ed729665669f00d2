"""Audit trail: every change on record (who, when, old -> new), the history page per inquiry,
the administration's search and CSV export, and a database that refuses to rewrite history."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import factories
import pytest
import sqlalchemy as sa
from split_rows import split_rows
from sqlalchemy.exc import IntegrityError

from inquiry_app.assignments.operations import QuestionPlan, save_plan
from inquiry_app.audit.recorder import MAX_TEXT
from inquiry_app.audit.search import Filters, search
from inquiry_app.models import (
    Answer,
    Assignment,
    AuditEntry,
    DeadlineExtension,
    Inquiry,
    InquiryKind,
    InquiryState,
    LetterKind,
    Question,
    ReplyLetter,
    Transition,
)

GYM_PREAMBLE = ("Die Turnhalle der 30. Grundschule ist seit den Herbstferien gesperrt. Eltern "
                "berichten, dass der Sportunterricht seitdem ausfällt.")
GYM_QUESTIONS = ["Seit wann ist die Turnhalle gesperrt und aus welchem Grund?",
                 "Wann ist mit dem Abschluss der Sanierung zu rechnen?",
                 "Wo findet der Sportunterricht bis dahin statt?"]


def _inquiry(session, number: str) -> Inquiry:
    session.expire_all()
    return session.scalar(sa.select(Inquiry).where(Inquiry.number == number))


def _received(world) -> Inquiry:
    """A received inquiry of three questions about a closed gym (split not confirmed)."""
    return factories.councillor_inquiry(world, GYM_QUESTIONS, preamble=GYM_PREAMBLE,
                                        subject="Sanierung der Turnhalle der 30. Grundschule")


def _entries(session, inquiry_id: int | None = None, **where) -> list[AuditEntry]:
    query = sa.select(AuditEntry).order_by(AuditEntry.id)
    if inquiry_id is not None:
        query = query.where(AuditEntry.inquiry_id == inquiry_id)
    for key, value in where.items():
        query = query.where(getattr(AuditEntry, key) == value)
    return session.scalars(query).all()


def _last_id(session) -> int:
    return session.scalar(sa.select(sa.func.max(AuditEntry.id))) or 0


def _edit_split(browser, inquiry: Inquiry, preamble: str, rows: list[tuple[str, str]]):
    page = browser.get(f"/anfragen/{inquiry.id}/zerlegung").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    return browser.submit(f"/anfragen/{inquiry.id}/zerlegung", {
        "version": version, "preamble": preamble, "action": "save",
        **split_rows(rows),
    })


@pytest.fixture
def edited(browser, session, world):
    """The council office edits the split of a received inquiry through the page."""
    inquiry = _received(world)
    before = _last_id(session)
    old_questions = [(q.number, q.text) for q in inquiry.questions]
    factories.login(browser, world.council_office)
    rows = [("1", "Seit wann ist die Turnhalle gesperrt?"), *old_questions[1:],
            ("4", "Welche Kosten entstehen?")]
    response = _edit_split(browser, inquiry, "Neue Vorbemerkung zur Turnhalle.", rows)
    assert response.status_code == 302
    return {"inquiry": _inquiry(session, inquiry.number), "before": before,
            "old_first": old_questions[0][1], "world": world}


# --- recording ------------------------------------------------------------------------------

def test_page_edit_records_update_create_and_delete_with_old_new_and_actor(edited, session):
    inquiry, rat = edited["inquiry"], edited["world"].council_office
    new = [e for e in _entries(session, inquiry.id) if e.id > edited["before"]]
    assert new and all(e.actor_id == rat.id for e in new)

    update = next(e for e in new if e.entity == "inquiry" and e.action == "update")
    assert update.entity_id == inquiry.id
    old_preamble, new_preamble = update.changes["preamble"]
    assert "Turnhalle der 30. Grundschule" in old_preamble
    assert new_preamble == "Neue Vorbemerkung zur Turnhalle."

    deleted = [e for e in new if e.entity == "question" and e.action == "delete"]
    created = [e for e in new if e.entity == "question" and e.action == "create"]
    assert len(deleted) == 3 and len(created) == 4
    assert any(e.changes["text"] == [edited["old_first"], None] for e in deleted)
    first = next(e for e in created if e.changes["number"] == [None, "1"])
    assert first.changes["text"] == [None, "Seit wann ist die Turnhalle gesperrt?"]
    assert first.entity_id == session.scalar(
        sa.select(Question.id).where(Question.inquiry_id == inquiry.id, Question.number == "1"))
    assert all(e.inquiry_id == inquiry.id for e in new)


def test_version_counter_is_never_recorded_and_no_change_means_no_entry(edited, session):
    for entry in _entries(session):
        assert "version" not in entry.changes and "updated_at" not in entry.changes
        assert entry.action != "update" or entry.changes
    inquiry = edited["inquiry"]
    before = _last_id(session)
    inquiry.subject = inquiry.subject  # same value
    inquiry.questions[0].text = inquiry.questions[0].text
    session.flush()
    assert _last_id(session) == before


def test_changes_without_request_have_no_actor_and_large_values_are_bounded(session, world):
    # registered outside a request (as the demo loader on the command line does)
    registered = factories.inquiry(actor=world.council_office)
    assert _entries(session, registered.id, entity="inquiry", action="create")[0].actor_id is None
    long_text = "Lange Anfrage. " * 2000
    inquiry = Inquiry(number="AF7777/99", kind=InquiryKind.WRITTEN, subject="Große Datei",
                      received_on=date(2025, 1, 20), due_on=date(2025, 2, 17),
                      original_due_on=date(2025, 2, 17), submitted_text=long_text,
                      original_filename="anfrage.pdf", original_file=b"%PDF" + b"\0" * 5000,
                      state=InquiryState.RECEIVED)
    session.add(inquiry)
    session.flush()
    entry = _entries(session, inquiry.id, entity="inquiry", action="create")[0]
    assert entry.actor_id is None
    assert entry.changes["original_file"][1].startswith("<5004 Bytes, SHA-256 ")
    stored = entry.changes["submitted_text"][1]
    assert stored["truncated"] is True and stored["length"] == len(long_text)
    assert stored["head"] == long_text[:MAX_TEXT]
    assert "version" not in entry.changes and "id" not in entry.changes


def test_bulk_delete_of_draft_assignments_is_recorded(app, browser, session, world):
    inquiry = factories.confirmed(factories.councillor_inquiry(world, 4), world.council_office)
    clerk = world.council_office
    unit = world.lead_unit
    with app.test_request_context():
        save_plan(inquiry, {q.id: QuestionPlan(unit.id, []) for q in inquiry.questions}, clerk)
    session.commit()
    planned = _entries(session, inquiry.id, entity="assignment", action="create")
    assert len(planned) == len(inquiry.questions)
    factories.login(browser, clerk)
    response = browser.submit(f"/anfragen/{inquiry.id}/zerlegung/oeffnen", {},
                              form_url=f"/anfragen/{inquiry.id}")
    assert response.status_code == 302
    removed = _entries(session, inquiry.id, entity="assignment", action="delete")
    assert sorted(e.entity_id for e in removed) == sorted(e.entity_id for e in planned)
    assert all(e.actor_id == clerk.id and e.changes["org_unit_id"] == [unit.id, None]
               for e in removed)
    assert not session.scalars(sa.select(Assignment).where(Assignment.inquiry_id == inquiry.id)).all()


def test_answers_extensions_and_letters_are_recorded(browser, session, world):
    inquiry = factories.confirmed(factories.councillor_inquiry(world, 4), world.council_office)
    first, second = inquiry.questions[:2]
    answer = Answer(inquiry=inquiry, position=1, text="Zu den Fragen 1 und 2: …")
    answer.questions = [first, second]
    extension = DeadlineExtension(inquiry=inquiry, old_due_on=inquiry.due_on,
                                  new_due_on=inquiry.due_on + timedelta(days=14),
                                  reason="Abstimmung mit dem Freistaat")
    letter = ReplyLetter(inquiry=inquiry, kind=LetterKind.INTERIM, structure={"kind": "interim"},
                         docx=b"PK" + b"x" * 98, sha256="0" * 64)
    session.add_all([answer, extension, letter])
    session.flush()
    created = {e.entity: e for e in _entries(session, inquiry.id, action="create")}
    assert created["answer"].changes["questions"] == [None, ["1", "2"]]
    assert created["deadline_extension"].changes["reason"] == [None, "Abstimmung mit dem Freistaat"]
    assert created["reply_letter"].changes["docx"][1].startswith("<100 Bytes, SHA-256 ")
    assert created["reply_letter"].changes["kind"] == [None, "interim"]
    answer.questions.remove(second)
    session.flush()
    update = _entries(session, inquiry.id, entity="answer", action="update")[-1]
    assert update.changes == {"questions": [["1", "2"], ["1"]]}
    session.commit()

    factories.login(browser, world.council_office)
    page = browser.get(f"/verlauf/anfragen/{inquiry.id}").get_data(as_text=True)
    assert "Antwort zu Frage 1 geändert" in page
    assert "Fristverlängerung angelegt" in page and "Abstimmung mit dem Freistaat" in page
    assert "Antwortschreiben (Zwischenbescheid) angelegt" in page and "Zwischenbescheid" in page
    assert "Bytes, SHA-256" in page


# --- the database refuses to rewrite history --------------------------------------------

@pytest.mark.parametrize("statement", [
    "UPDATE audit_entry SET action = 'update'",
    "DELETE FROM audit_entry",
    "UPDATE transition SET note = 'geändert'",
    "DELETE FROM transition",
])
def test_database_rejects_update_and_delete_of_the_trail(session, world, statement):
    factories.confirmed(factories.inquiry(actor=world.council_office), world.council_office)
    assert session.scalar(sa.select(sa.func.count(AuditEntry.id))) > 0
    assert session.scalar(sa.select(sa.func.count(Transition.id))) > 0
    with pytest.raises(IntegrityError, match="unveränderbar"), session.begin_nested():
        session.execute(sa.text(statement))
    # the test's transaction is intact and the rows are still there
    assert session.scalar(sa.select(sa.func.count(Transition.id))) > 0


def test_no_way_to_edit_or_delete_in_the_app(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("audit.")]
    assert {r.rule for r in rules} == {"/verlauf/anfragen/<int:id>", "/verlauf/suche",
                                       "/verlauf/suche.csv"}
    assert all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in rules)


# --- history page ---------------------------------------------------------------------------

def test_history_page_merges_steps_and_changes(edited, browser, session):
    inquiry = edited["inquiry"]
    page = browser.get(f"/verlauf/anfragen/{inquiry.id}").get_data(as_text=True)
    assert "Verlauf der Anfrage" in page and inquiry.number in page
    assert "Anfrage registriert" in page  # transition
    assert "Anfrage geändert" in page and "Vorbemerkung" in page
    assert "Neue Vorbemerkung zur Turnhalle." in page
    assert "Frage 4 angelegt" in page and "Welche Kosten entstehen?" in page
    assert "gelöscht" in page
    assert edited["world"].council_office.name in page
    assert edited["world"].council_unit.code in page  # the actor's unit
    assert page.index("Anfrage registriert") < page.index("Frage 4 angelegt")
    assert page.count('method="post"') == 1  # only the logout button


def test_long_texts_are_shortened_with_more_link(browser, session, world):
    inquiry = _received(world)
    factories.login(browser, world.council_office)
    long_question = "Wie " + "sehr lange " * 40 + "ist diese Frage?"
    assert _edit_split(browser, inquiry, inquiry.preamble,
                       [("1", long_question)]).status_code == 302
    page = browser.get(f"/verlauf/anfragen/{inquiry.id}").get_data(as_text=True)
    assert "mehr anzeigen" in page and "<details" in page
    assert long_question in page  # the full text is inside <details>


def test_workflow_state_change_is_shown_once_as_step(browser, session, world):
    inquiry = _received(world)
    factories.login(browser, world.council_office)
    page = browser.get(f"/anfragen/{inquiry.id}/zerlegung").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    browser.submit(f"/anfragen/{inquiry.id}/zerlegung", {
        "version": version, "preamble": inquiry.preamble, "action": "confirm",
        **split_rows([(q.number, q.text) for q in inquiry.questions])})
    assert _inquiry(session, inquiry.number).state == InquiryState.SPLIT
    updates = _entries(session, inquiry.id, entity="inquiry", action="update")
    assert updates[-1].changes["state"] == ["received", "split"]
    history = browser.get(f"/verlauf/anfragen/{inquiry.id}").get_data(as_text=True)
    assert "Fragen bestätigt" in history
    assert "Anfrage geändert" not in history  # the state change is the step, not twice


def test_history_page_permissions(browser, session, world):
    received = _received(world)
    routed = factories.routed(factories.councillor_inquiry(world), world.council_office,
                              [world.other_unit])  # a unit's clerk sees what it works on
    assert browser.get(f"/verlauf/anfragen/{received.id}").status_code == 302  # login first
    factories.login(browser, world.other_clerk)
    assert browser.get(f"/verlauf/anfragen/{received.id}").status_code == 403
    assert browser.get("/verlauf/anfragen/999999").status_code == 404
    assert browser.get(f"/verlauf/anfragen/{routed.id}").status_code == 200
    for person in (world.signatory, world.admin, world.council_office):
        factories.login(browser, person)
        assert browser.get(f"/verlauf/anfragen/{received.id}").status_code == 200


def test_other_units_do_not_see_a_contribution_text(browser, session, world):
    # question 1 to the lead unit; question 2 to the contributing unit, the lead unit helps
    inquiry = factories.routed(factories.councillor_inquiry(world), world.council_office,
                               [world.lead_unit, world.contributing_unit],
                               {2: [world.lead_unit]})
    code = world.lead_unit.code
    assignment = next(a for a in inquiry.assignments
                      if a.org_unit_id == world.lead_unit.id and a.question.number == "1")
    secret = "Interner Entwurf des Bürgeramts: Wartezeit 23 Tage"
    factories.login(browser, world.lead_clerk)
    page = browser.get(f"/zuweisungen/{assignment.id}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d*)"', page)
    response = browser.submit(f"/zuweisungen/{assignment.id}/beitrag",
                              {"text": secret, "action": "save",
                               "version": version.group(1) if version else ""},
                              form_url=f"/zuweisungen/{assignment.id}")
    assert response.status_code == 302
    entries = _entries(session, inquiry.id, entity="contribution")
    assert entries[0].action == "create"
    assert any(e.changes.get("text") == ["", secret] for e in entries)
    assert {e.actor_id for e in entries} == {world.lead_clerk.id}

    own = browser.get(f"/verlauf/anfragen/{inquiry.id}").get_data(as_text=True)
    assert f"Zuarbeit von {code} geändert" in own and secret in own

    # the contributing unit works on the same inquiry, but this is the lead unit's text
    factories.login(browser, world.contributing_clerk)
    other = browser.get(f"/verlauf/anfragen/{inquiry.id}")
    assert other.status_code == 200
    text = other.get_data(as_text=True)
    assert f"Zuarbeit von {code} angelegt" in text and f"Zuarbeit von {code} geändert" in text
    assert secret not in text and "Wartezeit 23 Tage" not in text

    factories.login(browser, world.lead_head)  # the head of the unit sees it
    assert secret in browser.get(f"/verlauf/anfragen/{inquiry.id}").get_data(as_text=True)
    # the council office sees that it changed, not the draft text
    factories.login(browser, world.council_office)
    office = browser.get(f"/verlauf/anfragen/{inquiry.id}").get_data(as_text=True)
    assert f"Zuarbeit von {code} geändert" in office and secret not in office
    assert "nur für die zuständige Organisationseinheit" in office
    factories.login(browser, world.admin)
    assert secret in browser.get(f"/verlauf/anfragen/{inquiry.id}").get_data(as_text=True)


# --- search and CSV ---------------------------------------------------------------------------

@pytest.mark.parametrize("person", ["council_office", "lead_clerk", "lead_head", "signatory"])
def test_search_and_export_are_admin_only(browser, world, person):
    factories.login(browser, getattr(world, person))
    assert browser.get("/verlauf/suche").status_code == 403
    assert browser.get("/verlauf/suche.csv").status_code == 403


def test_search_requires_login(browser):
    assert browser.get("/verlauf/suche").status_code == 302


def test_search_filters(edited, browser, session):
    inquiry = edited["inquiry"]
    rat = edited["world"].council_office

    by_user = search(Filters.from_args({"benutzer": rat.login.upper()}))
    assert by_user.total > 0 and all(i.actor.id == rat.id for i in by_user.items)

    by_number = search(Filters.from_args({"anfrage": inquiry.number}))
    assert by_number.total > 0 and {i.inquiry_id for i in by_number.items} == {inquiry.id}
    assert {i.kind for i in by_number.items} == {"audit", "transition"}

    deletes = search(Filters.from_args({"anfrage": inquiry.number, "objekt": "question",
                                        "aktion": "delete"}))
    assert deletes.total == 3
    assert all(i.entity == "question" and i.action == "delete" for i in deletes.items)

    steps = search(Filters.from_args({"objekt": "transition"}))
    assert steps.total == session.scalar(sa.select(sa.func.count(Transition.id)))

    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert search(Filters.from_args({"von": tomorrow})).total == 0
    today = search(Filters.from_args({"von": date.today().isoformat(),
                                      "bis": date.today().strftime("%d.%m.%Y"),
                                      "benutzer": rat.login}))
    assert today.total == by_user.total

    factories.login(browser, edited["world"].admin)
    page = browser.get(f"/verlauf/suche?anfrage={inquiry.number}&objekt=question&aktion=delete")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "3 Einträge gefunden" in text and "Gelöscht" in text and edited["old_first"] in text
    invalid = browser.get("/verlauf/suche?von=gestern").get_data(as_text=True)
    assert "kein gültiges Datum" in invalid


def test_search_is_paginated_by_fifty(browser, session, world):
    inquiry = factories.confirmed(factories.councillor_inquiry(world), world.council_office)
    question = inquiry.questions[0]
    for i in range(60):
        question.text = f"Fassung {i}"
        session.flush()
    filters = {"anfrage": inquiry.number, "objekt": "question", "aktion": "update"}
    first = search(Filters.from_args(filters))
    assert (first.total, first.pages, len(first.items)) == (60, 2, 50)
    assert first.items[0].changes[0].new.text == "Fassung 59"  # newest first
    second = search(Filters.from_args(filters), page=2)
    assert len(second.items) == 10
    factories.login(browser, world.admin)
    page = browser.get(f"/verlauf/suche?anfrage={inquiry.number}&objekt=question&aktion=update"
                       "&seite=2")
    text = page.get_data(as_text=True)
    assert "Seite 2 von 2" in text and "Vorherige Seite" in text and "Fassung 0" in text


def test_csv_export_of_the_current_filter(edited, browser, session):
    clerk = edited["world"].council_office
    factories.login(browser, edited["world"].admin)
    response = browser.get(f"/verlauf/suche.csv?anfrage={edited['inquiry'].number}"
                           f"&benutzer={clerk.login}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Zeitpunkt (UTC)", "Anfrage", "Anmeldename"]
    body = rows[1:]
    expected = search(Filters.from_args({"anfrage": edited["inquiry"].number,
                                         "benutzer": clerk.login})).total
    assert len(body) == expected > 0
    assert {r[1] for r in body} == {edited["inquiry"].number}
    assert {r[2] for r in body} == {clerk.login}
    assert any(r[5] == "Anfrage" and "Neue Vorbemerkung zur Turnhalle." in r[8] for r in body)
