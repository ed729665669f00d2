"""No inquiry gets stuck for good: answers belong to the routed questions (no page that only
shows writes them), `flask check` finds and repairs leftovers, a review step nobody can take is
refused up front or resolved (take back, reassign), subject and submitters can be corrected."""

from __future__ import annotations

import io
import re

import docx
import factories
import pytest
import sqlalchemy as sa
from conftest import count_rows
from factories import login
from factories import post as _post
from split_rows import split_rows

from inquiry_app.models import (
    Answer,
    AnswerRevision,
    AuditEntry,
    CouncilMember,
    FormOfAddress,
    Inquiry,
    InquiryState,
    OrgUnit,
    OrgUnitKind,
    ReplyLetter,
    Review,
    ReviewDecision,
    Role,
    Transition,
    User,
    answer_question,
)


def _inquiry(session, number) -> Inquiry:
    session.expire_all()
    return session.scalar(sa.select(Inquiry).where(Inquiry.number == number))


@pytest.fixture
def world(session):
    """The world's mayor's office is the last review station."""
    return factories.world(sole_mayor_office=True)


def _split(world, questions=4) -> Inquiry:
    """A councillor's inquiry, split confirmed, not routed."""
    return factories.confirmed(factories.councillor_inquiry(world, questions),
                               world.council_office)


def _two_units(world) -> Inquiry:
    """Routed: question 1 to the lead unit, question 2 to the contributing unit with the
    lead unit contributing."""
    return factories.routed(factories.councillor_inquiry(world), world.council_office,
                            [world.lead_unit, world.contributing_unit], {2: [world.lead_unit]})


@pytest.fixture
def complete(world):
    """Answers complete; submitted by Frau Anne Mühle (faction Grün-Links); Herr Dr. Klaus
    Seidel (faction Zukunft) is another councillor."""
    muehle = factories.councillor("Mühle", first_name="Anne",
                                  of=factories.faction("Grün-Links"))
    factories.councillor("Seidel", first_name="Klaus", title="Dr.",
                         form_of_address=FormOfAddress.HERR, of=factories.faction("Zukunft"))
    return factories.complete(world, 4, submitters=[muehle],
                              subject="Digitaler Einbürgerungsantrag und E-Akte")


def _answer_rows(session) -> tuple[int, int, int]:
    session.expire_all()
    links = session.scalar(sa.select(sa.func.count()).select_from(answer_question))
    return count_rows(Answer), links, count_rows(AnswerRevision)


# --- 1. answers are created on sending, never by a page that shows them -----------------------

@pytest.mark.parametrize("state", [InquiryState.SPLIT, InquiryState.RECEIVED])
def test_consolidation_page_before_routing_writes_nothing(browser, world, session, state):
    inquiry = factories.councillor_inquiry(world, 3)
    if state == InquiryState.SPLIT:
        factories.confirmed(inquiry, world.council_office)
    assert inquiry.state == state
    before = _answer_rows(session)
    login(browser, world.council_office)
    response = browser.get(f"/anfragen/{inquiry.id}/antworten")
    assert response.status_code == 200
    assert "Die Fragen sind noch nicht zugewiesen" in response.get_data(as_text=True)
    assert _answer_rows(session) == before


def _version(page: str) -> str:
    return re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)


def _route_all_to(browser, session, inquiry, unit):
    lead = str(unit.id)
    data = {"action": "send"}
    for q in _inquiry(session, inquiry.number).top_questions:
        data[f"lead_{q.id}"] = lead
    return browser.submit(f"/anfragen/{inquiry.id}/zuweisung", data)


def _submit_contributions(browser, session, inquiry, text="Zuarbeit zu Frage {}."):
    for a in _inquiry(session, inquiry.number).assignments:
        page = browser.get(f"/zuweisungen/{a.id}").get_data(as_text=True)
        match = re.search(r'name="version" value="(\d*)"', page)
        response = browser.submit(
            f"/zuweisungen/{a.id}/beitrag",
            {"text": text.format(a.question.number), "action": "submit",
             "version": match.group(1) if match else ""}, form_url=f"/zuweisungen/{a.id}")
        assert response.status_code == 302


def _finalise_answers(browser, session, inquiry):
    for answer in _inquiry(session, inquiry.number).answers:
        page = browser.get(f"/anfragen/{inquiry.id}/antworten")
        assert page.status_code == 200
        response = browser.submit(
            f"/antworten/{answer.id}",
            {"action": "final", "text": answer.text, "version": str(answer.version)},
            form_url=f"/anfragen/{inquiry.id}/antworten")
        assert response.status_code == 302


def test_consolidation_opened_early_then_split_edited_reaches_answers_complete(
        browser, world, session):
    inquiry = _split(world)
    login(browser, world.council_office)
    assert browser.get(f"/anfragen/{inquiry.id}/antworten").status_code == 200  # before routing
    # the split is opened again and changed: question 4 is dropped, question 2 reworded
    assert browser.submit(f"/anfragen/{inquiry.id}/zerlegung/oeffnen", {},
                          form_url=f"/anfragen/{inquiry.id}").status_code == 302
    page = browser.get(f"/anfragen/{inquiry.id}/zerlegung").get_data(as_text=True)
    rows = [(q.number, q.text) for q in _inquiry(session, inquiry.number).questions
            if q.number != "4"]
    rows[1] = (rows[1][0], "Wie viele Anträge wurden gestellt?")
    response = browser.submit(f"/anfragen/{inquiry.id}/zerlegung", {
        "version": _version(page), "preamble": inquiry.preamble, "action": "confirm",
        **split_rows(rows)})
    assert response.status_code == 302
    assert _route_all_to(browser, session, inquiry, world.lead_unit).status_code == 302

    inquiry = _inquiry(session, inquiry.number)
    assert inquiry.state == InquiryState.ROUTED
    assert sorted(q.number for a in inquiry.answers for q in a.questions) == ["1", "2", "3"]
    login(browser, world.lead_clerk)
    _submit_contributions(browser, session, inquiry)
    page = browser.get(f"/anfragen/{inquiry.id}/antworten")
    assert page.status_code == 200
    assert "Zuarbeit zu Frage 3." in page.get_data(as_text=True)  # prefilled on submission
    _finalise_answers(browser, session, inquiry)
    assert _inquiry(session, inquiry.number).state == InquiryState.ANSWERS_COMPLETE


def test_leftover_answers_of_an_edited_split_are_matched_on_sending(browser, world, session):
    """Data from before the fix: an answer made before routing whose question is gone."""
    inquiry = _split(world)
    number = inquiry.number
    question = inquiry.questions[0]
    inquiry.answers.append(Answer(position=1, text="", questions=[question]))
    session.flush()
    inquiry.questions.remove(question)  # as an edited split does
    session.commit()
    assert len(_inquiry(session, number).answers) == 1
    assert not _inquiry(session, number).answers[0].questions

    login(browser, world.council_office)
    assert _route_all_to(browser, session, inquiry, world.lead_unit).status_code == 302
    inquiry = _inquiry(session, number)
    assert all(a.questions for a in inquiry.answers)
    assert len(inquiry.answers) == len(inquiry.top_questions) == 3
    login(browser, world.lead_clerk)
    _submit_contributions(browser, session, inquiry)
    _finalise_answers(browser, session, inquiry)
    assert _inquiry(session, number).state == InquiryState.ANSWERS_COMPLETE


def test_routed_inquiry_with_orphan_answer_can_be_matched_from_the_page(browser, world, session):
    inquiry = _two_units(world)
    inquiry.answers.append(Answer(position=9, text="alt", questions=[]))
    session.commit()
    login(browser, world.lead_clerk)
    page = browser.get(f"/anfragen/{inquiry.id}/antworten")
    assert page.status_code == 200 and "Antworten abgleichen" in page.get_data(as_text=True)
    assert browser.submit(f"/anfragen/{inquiry.id}/antworten/abgleichen", {},
                          form_url=f"/anfragen/{inquiry.id}/antworten").status_code == 302
    inquiry = _inquiry(session, inquiry.number)
    assert [len(a.questions) for a in inquiry.answers] == [1, 1]
    assert "Antworten abgleichen" not in browser.get(
        f"/anfragen/{inquiry.id}/antworten").get_data(as_text=True)


# --- 2. flask check -----------------------------------------------------------------------------

def _check(app, *args):
    return app.test_cli_runner().invoke(args=["check", *args])


def test_check_finds_and_repairs_leftovers(app, world, session):
    split = _split(world)  # not routed yet, but with an answer
    waits = _two_units(world)  # routed, answers lost
    road = factories.routed(factories.councillor_inquiry(world), world.council_office,
                            [world.other_unit])  # routed, an orphan and a link to waits' question
    numbers = (split.number, waits.number, road.number)
    session.commit()  # the check ends its session: what is not committed is gone
    clean = _check(app)
    assert clean.exit_code == 0, clean.output
    assert "Alles in Ordnung" in clean.output

    split, waits, road = (_inquiry(session, number) for number in numbers)  # the check closed
    split.answers.append(Answer(position=1, text="", questions=[split.questions[0]]))
    waits.answers.clear()
    session.flush()
    road.answers.append(Answer(position=9, text="alt", questions=[]))
    road.answers[0].questions.append(waits.questions[0])
    session.commit()
    entries_before = count_rows(AuditEntry)

    found = _check(app)
    assert found.exit_code == 1
    out = found.output
    assert f"{numbers[0]}: 1 Antwort angelegt, obwohl die Fragen noch nicht zugewiesen" in out
    assert f"{numbers[1]}: Fragen 1, 2 ohne Antwort" in out
    assert "gehört zu keiner Frage" in out
    assert f"verweist auf Frage 1 der Anfrage {numbers[1]}" in out
    assert _inquiry(session, numbers[0]).answers  # nothing changed without --repair

    repaired = _check(app, "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "repariert" in repaired.output and "0 offen" in repaired.output
    assert not _inquiry(session, numbers[0]).answers
    for number in numbers[1:]:
        inquiry = _inquiry(session, number)
        assert sorted(q.id for a in inquiry.answers for q in a.questions) == \
            sorted(q.id for q in inquiry.top_questions)
        assert all(q.inquiry_id == inquiry.id for a in inquiry.answers for q in a.questions)
    session.expire_all()
    new_entries = session.scalars(sa.select(AuditEntry).where(
        AuditEntry.id > 0).order_by(AuditEntry.id.desc()).limit(
        count_rows(AuditEntry) - entries_before)).all()
    assert {(e.entity, e.action) for e in new_entries} >= {("answer", "delete"),
                                                            ("answer", "create")}
    assert all(e.actor_id is None for e in new_entries)
    assert _check(app).exit_code == 0


def test_check_reports_a_review_nobody_can_take_and_exits_1(app, world, session):
    inquiry, headless = _stuck_in_review(world, session)
    result = _check(app, "--repair")
    assert result.exit_code == 1
    assert f"wartet bei {headless.label}, dort kann niemand mitzeichnen" in result.output
    assert _inquiry(session, inquiry.number).state == InquiryState.IN_REVIEW
    assert inquiry.state == InquiryState.IN_REVIEW


def test_check_completes_an_inquiry_whose_answers_are_all_final(app, world, session):
    inquiry = _two_units(world)
    for answer in inquiry.answers:
        answer.text, answer.is_final = "Antwort.", True
    session.commit()
    assert _check(app).exit_code == 1
    assert _check(app, "--repair").exit_code == 0
    inquiry = _inquiry(session, inquiry.number)
    assert inquiry.state == InquiryState.ANSWERS_COMPLETE
    assert session.scalar(sa.select(Transition).where(
        Transition.inquiry_id == inquiry.id, Transition.event == "complete_answers")).actor is None


# --- 3. review stations -----------------------------------------------------------------------

def _headless(world):
    """An office without a head in a division without anybody; the office has a clerk."""
    division = factories.org_unit("Leerer Geschäftsbereich (Test)", kind=OrgUnitKind.DIVISION)
    office = factories.org_unit("Amt ohne Leitung (Test)", parent=division)
    return office, factories.user(Role.DEPARTMENT, office)


def _routed_to_headless(world):
    """Question 1 to the headless office, question 2 to it with the other unit helping."""
    office, clerk = _headless(world)
    inquiry = factories.routed(factories.councillor_inquiry(world), world.council_office,
                               [office], {2: [world.other_unit]})
    return inquiry, office, clerk


def _road_to_draft(browser, world, session) -> tuple[Inquiry, OrgUnit]:
    """Routed to an office without a head (in a division without anybody), with final answers
    and a draft letter."""
    inquiry, office, clerk = _routed_to_headless(world)
    login(browser, clerk)
    for answer in inquiry.answers:
        response = browser.submit(f"/antworten/{answer.id}", {
            "action": "final", "text": f"Antwort auf Frage {answer.questions[0].number}.",
            "version": str(answer.version)}, form_url=f"/anfragen/{inquiry.id}/antworten")
        assert response.status_code == 302
    login(browser, world.council_office)
    assert _post(browser, f"/anfragen/{inquiry.id}/schreiben/entwurf").status_code == 302
    return _inquiry(session, inquiry.number), office


def test_review_without_anybody_at_a_station_is_refused_up_front(browser, world, session):
    inquiry, office = _road_to_draft(browser, world, session)
    assert inquiry.state == InquiryState.DRAFT
    response = _post(browser, f"/anfragen/{inquiry.id}/schreiben/mitzeichnung")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Die Mitzeichnung kann nicht beginnen" in page
    assert f"„{office.label}“" in page and office.parent.code in page
    assert f"„{world.mayor_office.label}“" not in page  # the mayor's office has a signatory
    inquiry = _inquiry(session, inquiry.number)
    assert inquiry.state == InquiryState.DRAFT
    assert count_rows(Review) == 0


def test_review_starts_once_the_stations_have_people(browser, world, session):
    inquiry, office = _road_to_draft(browser, world, session)
    factories.user(Role.DEPARTMENT_HEAD, office)
    factories.user(Role.SIGNATORY, office.parent)
    session.commit()
    assert _post(browser, f"/anfragen/{inquiry.id}/schreiben/mitzeichnung").status_code == 302
    assert _inquiry(session, inquiry.number).state == InquiryState.IN_REVIEW


def _stuck_in_review(world, session) -> tuple[Inquiry, OrgUnit]:
    """What the old code allowed: in review, waiting for an office without a head, its
    division without anybody, and the mayor's office."""
    from inquiry_app.letters.operations import _store_draft

    inquiry, office, _clerk = _routed_to_headless(world)
    for answer in inquiry.answers:
        answer.text, answer.is_final = "Antwort.", True
    inquiry.state = InquiryState.IN_REVIEW
    _store_draft(inquiry, {"remark": ""})
    for position, unit in enumerate((office, office.parent, world.mayor_office), start=1):
        session.add(Review(inquiry_id=inquiry.id, round=1, position=position, org_unit=unit))
    session.commit()
    return _inquiry(session, inquiry.number), office


def test_council_office_takes_a_waiting_letter_back(browser, world, session):
    inquiry, _office = _stuck_in_review(world, session)
    number = inquiry.number
    base = f"/anfragen/{inquiry.id}/schreiben"
    login(browser, world.council_office)
    page = browser.get(base).get_data(as_text=True)
    assert "niemand kann hier mitzeichnen" in page and "Schreiben zurückholen" in page

    refused = _post(browser, f"{base}/zurueckholen", {"reason": "  "})
    assert refused.status_code == 422 and "Bitte begründen Sie" in refused.get_data(as_text=True)
    assert _inquiry(session, number).state == InquiryState.IN_REVIEW

    assert _post(browser, f"{base}/zurueckholen",
                 {"reason": "Amt 66 hat keine Leitung", "confirm": "y"}).status_code == 302
    inquiry = _inquiry(session, number)
    assert inquiry.state == InquiryState.DRAFT
    reviews = session.scalars(sa.select(Review).where(Review.inquiry_id == inquiry.id)).all()
    assert {r.decision for r in reviews} == {ReviewDecision.RETURNED}
    assert all(r.decided_at and "Amt 66 hat keine Leitung" in r.comment for r in reviews)
    step = session.scalar(sa.select(Transition).where(Transition.inquiry_id == inquiry.id,
                                                      Transition.event == "recall_review"))
    assert step.note == "Amt 66 hat keine Leitung" and step.actor == world.council_office
    page = browser.get(base).get_data(as_text=True)
    assert "Aus der Mitzeichnung zurückgeholt" in page and "Zur Mitzeichnung geben" in page


def test_only_the_council_office_takes_a_letter_back(browser, world, session):
    inquiry, office = _stuck_in_review(world, session)
    clerk = session.scalar(sa.select(User).where(User.org_unit == office))
    for person in (world.signatory, world.admin, clerk):
        login(browser, person)
        response = _post(browser, f"/anfragen/{inquiry.id}/schreiben/zurueckholen",
                         {"reason": "x", "confirm": "y"})
        assert response.status_code == 403, person.login
    assert _inquiry(session, inquiry.number).state == InquiryState.IN_REVIEW


def test_admin_reassigns_a_waiting_station(browser, world, session):
    inquiry, office = _stuck_in_review(world, session)
    deputy = factories.user(Role.SIGNATORY, world.division)  # signs for the division
    nobody_there = factories.org_unit("Amt ohne Personal (Test)")  # nobody there or above
    base = f"/anfragen/{inquiry.id}/schreiben"
    waiting = session.scalar(sa.select(Review).where(Review.inquiry_id == inquiry.id,
                                                     Review.position == 1))
    login(browser, world.admin)
    start = browser.get("/aufgaben").get_data(as_text=True)
    assert "Mitzeichnungen, bei denen niemand handeln kann" in start and base in start
    page = browser.get(base).get_data(as_text=True)
    assert "Station umleiten" in page and f"{world.division.code} " in page

    no_one = _post(browser, f"{base}/umleiten", {"review_id": str(waiting.id),
                                                 "unit_id": str(nobody_there.id)})
    assert no_one.status_code == 422
    assert "keine aktive Person, die mitzeichnen kann" in no_one.get_data(as_text=True)

    division = world.division
    assert _post(browser, f"{base}/umleiten", {"review_id": str(waiting.id),
                                               "unit_id": str(division.id),
                                               "note": "Amt 66 ohne Leitung"}).status_code == 302
    session.expire_all()
    assert session.get(Review, waiting.id).org_unit_id == division.id
    step = session.scalar(sa.select(Transition).where(Transition.inquiry_id == inquiry.id,
                                                      Transition.event == "reassign_review"))
    assert f"{office.label} -> {division.label}" in step.note and step.actor == world.admin

    login(browser, deputy)  # the division's signatory can now act
    assert _post(browser, f"{base}/mitzeichnen").status_code == 302
    assert session.get(Review, waiting.id).decision == ReviewDecision.APPROVED

    login(browser, world.council_office)  # only admins reassign
    assert _post(browser, f"{base}/umleiten", {"review_id": str(waiting.id),
                                               "unit_id": str(division.id)}).status_code == 403


# --- 4. subject and submitters --------------------------------------------------------------

def test_subject_with_word_line_break_is_fixed_and_the_letter_drafted(browser, world, complete,
                                                                       session):
    complete.subject = "Digitaler\x0bEinbürgerungsantrag"
    session.commit()
    login(browser, world.council_office)
    detail = browser.get(f"/anfragen/{complete.id}").get_data(as_text=True)
    assert f"/anfragen/{complete.id}/angaben" in detail and "Angaben bearbeiten" in detail
    url = f"/anfragen/{complete.id}/angaben"
    page = browser.get(url).get_data(as_text=True)
    assert "Digitaler" in page
    members = [m.id for m in _inquiry(session, complete.number).submitters]
    response = browser.submit(url, {"version": _version(page),
                                    "subject": "Digitaler\x0bEinbürgerungsantrag",
                                    "submitters": [str(i) for i in members], "faction": "0"})
    assert response.status_code == 302
    inquiry = _inquiry(session, complete.number)
    assert inquiry.subject == "Digitaler Einbürgerungsantrag"
    change = session.scalar(sa.select(AuditEntry).where(
        AuditEntry.entity == "inquiry", AuditEntry.entity_id == inquiry.id,
        AuditEntry.action == "update").order_by(AuditEntry.id.desc()))
    assert change.changes["subject"] == ["Digitaler\x0bEinbürgerungsantrag",
                                         "Digitaler Einbürgerungsantrag"]
    assert change.actor_id == world.council_office.id

    assert _post(browser, f"/anfragen/{complete.id}/schreiben/entwurf").status_code == 302
    assert _inquiry(session, complete.number).state == InquiryState.DRAFT
    letter = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == complete.id))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.docx)).paragraphs)
    assert "Digitaler Einbürgerungsantrag" in text and "\x0b" not in text


def test_submitters_change_updates_the_draft_letter(browser, world, complete, session):
    login(browser, world.council_office)
    assert _post(browser, f"/anfragen/{complete.id}/schreiben/entwurf").status_code == 302
    assert "Sehr geehrte Frau Mühle" in browser.get(
        f"/anfragen/{complete.id}/schreiben").get_data(as_text=True)
    seidel = session.scalar(sa.select(CouncilMember).where(
        CouncilMember.last_name == "Seidel"))
    url = f"/anfragen/{complete.id}/angaben"
    page = browser.get(url).get_data(as_text=True)
    response = browser.submit(url, {"version": _version(page), "subject": complete.subject,
                                    "submitters": [str(seidel.id)], "faction": "0"})
    assert response.status_code == 302
    inquiry = _inquiry(session, complete.number)
    assert [m.last_name for m in inquiry.submitters] == ["Seidel"]
    assert inquiry.faction.short_name == "Zukunft"
    letter = browser.get(f"/anfragen/{complete.id}/schreiben").get_data(as_text=True)
    assert "Seidel" in letter and "Sehr geehrte Frau Mühle" not in letter
    entry = session.scalar(sa.select(AuditEntry).where(
        AuditEntry.entity == "inquiry", AuditEntry.entity_id == inquiry.id,
        AuditEntry.action == "update").order_by(AuditEntry.id.desc()))
    assert entry.changes["submitters"][1] == ["Dr. Klaus Seidel"]


def test_details_form_keeps_input_on_errors_and_conflicts(browser, world, complete, session):
    login(browser, world.council_office)
    url = f"/anfragen/{complete.id}/angaben"
    page = browser.get(url).get_data(as_text=True)
    empty = browser.submit(url, {"version": _version(page), "subject": " \x0b ",
                                 "faction": "0"})
    assert empty.status_code == 422
    assert "Bitte geben Sie den Gegenstand der Anfrage an." in empty.get_data(as_text=True)
    stale = browser.submit(url, {"version": str(int(_version(page)) - 1),
                                 "subject": "Mein neuer Gegenstand", "faction": "0"})
    assert stale.status_code == 409
    assert 'value="Mein neuer Gegenstand"' in stale.get_data(as_text=True)
    assert _inquiry(session, complete.number).subject != "Mein neuer Gegenstand"


def test_details_are_frozen_once_signed(browser, world, complete, session):
    base = factories.to_signature(browser, world, complete)
    assert _post(browser, f"{base}/zeichnen", {"password": factories.PASSWORD,
                                               "mode": "self"}).status_code == 302
    login(browser, world.council_office)
    url = f"/anfragen/{complete.id}/angaben"
    page = browser.get(url)
    assert page.status_code == 200 and "gezeichnet" in page.get_data(as_text=True)
    assert "Angaben bearbeiten</span>" not in browser.get(
        f"/anfragen/{complete.id}").get_data(as_text=True)
    response = browser.submit(url, {"version": _version(page.get_data(as_text=True)),
                                    "subject": "Anders", "faction": "0"})
    assert response.status_code == 409
    assert _inquiry(session, complete.number).subject != "Anders"


def test_only_the_council_office_edits_details(browser, world, complete, session):
    for person in (world.lead_clerk, world.signatory, world.admin):
        login(browser, person)
        assert browser.get(f"/anfragen/{complete.id}/angaben").status_code == 403, person.login


def test_workflow_rules_for_the_new_steps():
    from inquiry_app.inquiries.pages import EVENT_PAGES
    from inquiry_app.workflow import EVENT_LABELS, RULES

    new = {"recall_review", "reassign_review"}
    assert new <= {r.event for r in RULES}
    assert all(e in EVENT_LABELS and e in EVENT_PAGES for e in new)


def test_council_office_takes_a_letter_back_from_the_signatory(browser, world, complete, session):
    base = factories.to_signature(browser, world, complete)
    assert _inquiry(session, complete.number).state == InquiryState.AWAITING_SIGNATURE
    login(browser, world.council_office)
    assert "Schreiben zurückholen" in browser.get(base).get_data(as_text=True)
    assert _post(browser, f"{base}/zurueckholen",
                 {"reason": "Zahl in Antwort 2 falsch", "confirm": "y"}).status_code == 302
    assert _inquiry(session, complete.number).state == InquiryState.DRAFT
    # the next round starts afresh
    assert _post(browser, f"{base}/mitzeichnung").status_code == 302
    reviews = session.scalars(sa.select(Review).where(Review.inquiry_id == complete.id,
                                                      Review.round == 2)).all()
    # two lead offices (questions 1 and 2), their division, the mayor's office
    assert [r.decision for r in reviews] == [ReviewDecision.PENDING] * 4
