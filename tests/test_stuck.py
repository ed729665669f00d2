"""No inquiry gets stuck for good: answers belong to the routed questions (no page that only
shows writes them), `flask check` finds and repairs leftovers, a review step nobody can take is
refused up front or resolved (take back, reassign), subject and submitters can be corrected."""

from __future__ import annotations

import io
import re

import docx
import pytest
import sqlalchemy as sa
from conftest import count_rows
from split_rows import split_rows
from test_letters import _as, _post, _to_signature

from inquiry_app.models import (
    Answer,
    AnswerRevision,
    AuditEntry,
    CouncilMember,
    Inquiry,
    InquiryState,
    OrgUnit,
    ReplyLetter,
    Review,
    ReviewDecision,
    Transition,
    User,
    answer_question,
)


def _inquiry(session, number="AF0815/25") -> Inquiry:
    session.expire_all()
    return session.scalar(sa.select(Inquiry).where(Inquiry.number.like(f"{number}%")))


def _unit(session, code) -> OrgUnit:
    return session.scalar(sa.select(OrgUnit).where(OrgUnit.code == code))


def _user(session, login) -> User:
    return session.scalar(sa.select(User).where(User.login == login))


def _answer_rows(session) -> tuple[int, int, int]:
    session.expire_all()
    links = session.scalar(sa.select(sa.func.count()).select_from(answer_question))
    return count_rows(Answer), links, count_rows(AnswerRevision)


# --- 1. answers are created on sending, never by a page that shows them -----------------------

@pytest.mark.parametrize("number", ["AF0815/25", "AF0902/"])  # split, received
def test_consolidation_page_before_routing_writes_nothing(browser, demo, session, number):
    inquiry = _inquiry(session, number)
    assert inquiry.state in (InquiryState.SPLIT, InquiryState.RECEIVED)
    before = _answer_rows(session)
    browser.login("rat")
    response = browser.get(f"/anfragen/{inquiry.id}/antworten")
    assert response.status_code == 200
    assert "Die Fragen sind noch nicht zugewiesen" in response.get_data(as_text=True)
    assert _answer_rows(session) == before


def _version(page: str) -> str:
    return re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)


def _route_all_to(browser, session, inquiry, code):
    lead = str(_unit(session, code).id)
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
        browser, demo, session):
    inquiry = _inquiry(session)
    browser.login("rat")
    assert browser.get(f"/anfragen/{inquiry.id}/antworten").status_code == 200  # before routing
    # the split is opened again and changed: question 4 is dropped, question 2 reworded
    assert browser.submit(f"/anfragen/{inquiry.id}/zerlegung/oeffnen", {},
                          form_url=f"/anfragen/{inquiry.id}").status_code == 302
    page = browser.get(f"/anfragen/{inquiry.id}/zerlegung").get_data(as_text=True)
    rows = [(q.number, q.text) for q in _inquiry(session).questions if q.number != "4"]
    rows[1] = (rows[1][0], "Wie viele Anträge wurden gestellt?")
    response = browser.submit(f"/anfragen/{inquiry.id}/zerlegung", {
        "version": _version(page), "preamble": inquiry.preamble, "action": "confirm",
        **split_rows(rows)})
    assert response.status_code == 302
    assert _route_all_to(browser, session, inquiry, "33").status_code == 302

    inquiry = _inquiry(session)
    assert inquiry.state == InquiryState.ROUTED
    assert sorted(q.number for a in inquiry.answers for q in a.questions) == ["1", "2", "3"]
    _as(browser, "amt33")
    _submit_contributions(browser, session, inquiry)
    page = browser.get(f"/anfragen/{inquiry.id}/antworten")
    assert page.status_code == 200
    assert "Zuarbeit zu Frage 3." in page.get_data(as_text=True)  # prefilled on submission
    _finalise_answers(browser, session, inquiry)
    assert _inquiry(session).state == InquiryState.ANSWERS_COMPLETE


def test_leftover_answers_of_an_edited_split_are_matched_on_sending(browser, demo, session):
    """Data from before the fix: an answer made before routing whose question is gone."""
    inquiry = _inquiry(session)
    question = inquiry.questions[0]
    inquiry.answers.append(Answer(position=1, text="", questions=[question]))
    session.flush()
    inquiry.questions.remove(question)  # as an edited split does
    session.commit()
    assert len(_inquiry(session).answers) == 1 and not _inquiry(session).answers[0].questions

    browser.login("rat")
    assert _route_all_to(browser, session, inquiry, "33").status_code == 302
    inquiry = _inquiry(session)
    assert all(a.questions for a in inquiry.answers)
    assert len(inquiry.answers) == len(inquiry.top_questions) == 3
    _as(browser, "amt33")
    _submit_contributions(browser, session, inquiry)
    _finalise_answers(browser, session, inquiry)
    assert _inquiry(session).state == InquiryState.ANSWERS_COMPLETE


def test_routed_inquiry_with_orphan_answer_can_be_matched_from_the_page(browser, demo, session):
    inquiry = _inquiry(session, "AF0887/")
    inquiry.answers.append(Answer(position=9, text="alt", questions=[]))
    session.commit()
    browser.login("amt33")
    page = browser.get(f"/anfragen/{inquiry.id}/antworten")
    assert page.status_code == 200 and "Antworten abgleichen" in page.get_data(as_text=True)
    assert browser.submit(f"/anfragen/{inquiry.id}/antworten/abgleichen", {},
                          form_url=f"/anfragen/{inquiry.id}/antworten").status_code == 302
    inquiry = _inquiry(session, "AF0887/")
    assert [len(a.questions) for a in inquiry.answers] == [1, 1]
    assert "Antworten abgleichen" not in browser.get(
        f"/anfragen/{inquiry.id}/antworten").get_data(as_text=True)


# --- 2. flask check -----------------------------------------------------------------------------

def _check(app, *args):
    return app.test_cli_runner().invoke(args=["check", *args])


def test_check_finds_and_repairs_leftovers(app, demo, session):
    clean = _check(app)
    assert clean.exit_code == 0, clean.output
    assert "Alles in Ordnung" in clean.output

    split = _inquiry(session)  # not routed yet, but with an answer
    split.answers.append(Answer(position=1, text="", questions=[split.questions[0]]))
    waits = _inquiry(session, "AF0887/")  # routed, answers lost
    waits.answers.clear()
    session.flush()
    road = _inquiry(session, "AF0871/")  # routed, an orphan and a link to AF0887's question
    road.answers.append(Answer(position=9, text="alt", questions=[]))
    road.answers[0].questions.append(waits.questions[0])
    session.commit()
    entries_before = count_rows(AuditEntry)

    found = _check(app)
    assert found.exit_code == 1
    out = found.output
    assert "AF0815/25: 1 Antwort(en) angelegt, obwohl die Fragen noch nicht zugewiesen" in out
    assert re.search(r"AF0887/\d\d: Fragen 1, 2 ohne Antwort", out)
    assert "gehört zu keiner Frage" in out and "verweist auf Frage 1 der Anfrage AF0887/" in out
    assert _inquiry(session).answers  # nothing changed without --repair

    repaired = _check(app, "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "repariert" in repaired.output and "0 offen" in repaired.output
    assert not _inquiry(session).answers
    for number in ("AF0887/", "AF0871/"):
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


def test_check_reports_a_review_nobody_can_take_and_exits_1(app, demo, session):
    inquiry = _stuck_in_review(session)
    result = _check(app, "--repair")
    assert result.exit_code == 1
    assert "wartet bei 66 Straßen- und Tiefbauamt, dort kann niemand mitzeichnen" in \
        result.output
    assert _inquiry(session, "AF0871/").state == InquiryState.IN_REVIEW
    assert inquiry.state == InquiryState.IN_REVIEW


def test_check_completes_an_inquiry_whose_answers_are_all_final(app, demo, session):
    inquiry = _inquiry(session, "AF0887/")
    for answer in inquiry.answers:
        answer.text, answer.is_final = "Antwort.", True
    session.commit()
    assert _check(app).exit_code == 1
    assert _check(app, "--repair").exit_code == 0
    inquiry = _inquiry(session, "AF0887/")
    assert inquiry.state == InquiryState.ANSWERS_COMPLETE
    assert session.scalar(sa.select(Transition).where(
        Transition.inquiry_id == inquiry.id, Transition.event == "complete_answers")).actor is None


# --- 3. review stations -----------------------------------------------------------------------

def _road_to_draft(browser, session) -> Inquiry:
    """AF0871 (lead office 66, which has no head) with final answers and a draft letter."""
    inquiry = _inquiry(session, "AF0871/")
    browser.login("amt66")
    for answer in inquiry.answers:
        response = browser.submit(f"/antworten/{answer.id}", {
            "action": "final", "text": f"Antwort auf Frage {answer.questions[0].number}.",
            "version": str(answer.version)}, form_url=f"/anfragen/{inquiry.id}/antworten")
        assert response.status_code == 302
    _as(browser, "rat")
    assert _post(browser, f"/anfragen/{inquiry.id}/schreiben/entwurf").status_code == 302
    return _inquiry(session, "AF0871/")


def test_review_without_anybody_at_a_station_is_refused_up_front(browser, demo, session):
    inquiry = _road_to_draft(browser, session)
    assert inquiry.state == InquiryState.DRAFT
    response = _post(browser, f"/anfragen/{inquiry.id}/schreiben/mitzeichnung")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Die Mitzeichnung kann nicht beginnen" in page
    assert "„66 Straßen- und Tiefbauamt“" in page and "GB7" in page
    inquiry = _inquiry(session, "AF0871/")
    assert inquiry.state == InquiryState.DRAFT
    assert count_rows(Review) == 0


def test_review_starts_once_the_stations_have_people(browser, demo, session):
    inquiry = _road_to_draft(browser, session)
    for login, role, code in (("leitung66", "department_head", "66"),
                              ("bm7", "signatory", "GB7")):
        user = User(login=login, name=login, role=role, org_unit=_unit(session, code),
                    active=True)
        user.set_password("anfragen-demo")
        session.add(user)
    session.commit()
    assert _post(browser, f"/anfragen/{inquiry.id}/schreiben/mitzeichnung").status_code == 302
    assert _inquiry(session, "AF0871/").state == InquiryState.IN_REVIEW


def _stuck_in_review(session) -> Inquiry:
    """What the old code allowed: AF0871 in review, waiting for 66 (no head), GB7, Büro OB."""
    from inquiry_app.letters.operations import _store_draft

    inquiry = _inquiry(session, "AF0871/")
    for answer in inquiry.answers:
        answer.text, answer.is_final = "Antwort.", True
    inquiry.state = InquiryState.IN_REVIEW
    _store_draft(inquiry, {"remark": ""})
    for position, code in enumerate(("66", "GB7", "OB"), start=1):
        session.add(Review(inquiry_id=inquiry.id, round=1, position=position,
                           org_unit=_unit(session, code)))
    session.commit()
    return _inquiry(session, "AF0871/")


def test_council_office_takes_a_waiting_letter_back(browser, demo, session):
    inquiry = _stuck_in_review(session)
    base = f"/anfragen/{inquiry.id}/schreiben"
    browser.login("rat")
    page = browser.get(base).get_data(as_text=True)
    assert "niemand kann hier mitzeichnen" in page and "Zurückholen" in page

    refused = _post(browser, f"{base}/zurueckholen", {"reason": "  "})
    assert refused.status_code == 422 and "Bitte begründen Sie" in refused.get_data(as_text=True)
    assert _inquiry(session, "AF0871/").state == InquiryState.IN_REVIEW

    assert _post(browser, f"{base}/zurueckholen",
                 {"reason": "Amt 66 hat keine Leitung"}).status_code == 302
    inquiry = _inquiry(session, "AF0871/")
    assert inquiry.state == InquiryState.DRAFT
    reviews = session.scalars(sa.select(Review).where(Review.inquiry_id == inquiry.id)).all()
    assert {r.decision for r in reviews} == {ReviewDecision.RETURNED}
    assert all(r.decided_at and "Amt 66 hat keine Leitung" in r.comment for r in reviews)
    step = session.scalar(sa.select(Transition).where(Transition.inquiry_id == inquiry.id,
                                                      Transition.event == "recall_review"))
    assert step.note == "Amt 66 hat keine Leitung" and step.actor.login == "rat"
    page = browser.get(base).get_data(as_text=True)
    assert "Aus der Mitzeichnung zurückgeholt" in page and "Zur Mitzeichnung geben" in page


def test_only_the_council_office_takes_a_letter_back(browser, demo, session):
    inquiry = _stuck_in_review(session)
    for login in ("ob", "admin", "amt66"):
        _as(browser, login)
        response = _post(browser, f"/anfragen/{inquiry.id}/schreiben/zurueckholen",
                         {"reason": "x"})
        assert response.status_code == 403, login
    assert _inquiry(session, "AF0871/").state == InquiryState.IN_REVIEW


def test_admin_reassigns_a_waiting_station(browser, demo, session):
    inquiry = _stuck_in_review(session)
    base = f"/anfragen/{inquiry.id}/schreiben"
    waiting = session.scalar(sa.select(Review).where(Review.inquiry_id == inquiry.id,
                                                     Review.position == 1))
    browser.login("admin")
    start = browser.get("/aufgaben").get_data(as_text=True)
    assert "Mitzeichnungen, bei denen niemand handeln kann" in start and base in start
    page = browser.get(base).get_data(as_text=True)
    assert "Station umleiten" in page and "GB1 " in page

    no_one = _post(browser, f"{base}/umleiten", {"review_id": str(waiting.id),
                                                 "unit_id": str(_unit(session, "61").id)})
    assert no_one.status_code == 422
    assert "keine aktive Person, die mitzeichnen kann" in no_one.get_data(as_text=True)

    gb1 = _unit(session, "GB1")
    assert _post(browser, f"{base}/umleiten", {"review_id": str(waiting.id),
                                               "unit_id": str(gb1.id),
                                               "note": "Amt 66 ohne Leitung"}).status_code == 302
    session.expire_all()
    assert session.get(Review, waiting.id).org_unit_id == gb1.id
    step = session.scalar(sa.select(Transition).where(Transition.inquiry_id == inquiry.id,
                                                      Transition.event == "reassign_review"))
    assert "66 Straßen- und Tiefbauamt -> GB1" in step.note and step.actor.login == "admin"

    _as(browser, "bm")  # GB1's signatory can now act
    assert _post(browser, f"{base}/mitzeichnen").status_code == 302
    assert session.get(Review, waiting.id).decision == ReviewDecision.APPROVED

    _as(browser, "rat")  # only admins reassign
    assert _post(browser, f"{base}/umleiten", {"review_id": str(waiting.id),
                                               "unit_id": str(gb1.id)}).status_code == 403


# --- 4. subject and submitters --------------------------------------------------------------

def test_subject_with_word_line_break_is_fixed_and_the_letter_drafted(browser, complete, session):
    complete.subject = "Digitaler\x0bEinbürgerungsantrag"
    session.commit()
    browser.login("rat")
    detail = browser.get(f"/anfragen/{complete.id}").get_data(as_text=True)
    assert f"/anfragen/{complete.id}/angaben" in detail and "Angaben bearbeiten" in detail
    url = f"/anfragen/{complete.id}/angaben"
    page = browser.get(url).get_data(as_text=True)
    assert "Digitaler" in page
    members = [m.id for m in _inquiry(session).submitters]
    response = browser.submit(url, {"version": _version(page),
                                    "subject": "Digitaler\x0bEinbürgerungsantrag",
                                    "submitters": [str(i) for i in members], "faction": "0"})
    assert response.status_code == 302
    inquiry = _inquiry(session)
    assert inquiry.subject == "Digitaler Einbürgerungsantrag"
    change = session.scalar(sa.select(AuditEntry).where(
        AuditEntry.entity == "inquiry", AuditEntry.entity_id == inquiry.id,
        AuditEntry.action == "update").order_by(AuditEntry.id.desc()))
    assert change.changes["subject"] == ["Digitaler\x0bEinbürgerungsantrag",
                                         "Digitaler Einbürgerungsantrag"]
    assert change.actor_id == _user(session, "rat").id

    assert _post(browser, f"/anfragen/{complete.id}/schreiben/entwurf").status_code == 302
    assert _inquiry(session).state == InquiryState.DRAFT
    letter = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == complete.id))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.docx)).paragraphs)
    assert "Digitaler Einbürgerungsantrag" in text and "\x0b" not in text


def test_submitters_change_updates_the_draft_letter(browser, complete, session):
    browser.login("rat")
    assert _post(browser, f"/anfragen/{complete.id}/schreiben/entwurf").status_code == 302
    seidel = session.scalar(sa.select(CouncilMember).where(CouncilMember.last_name == "Seidel"))
    url = f"/anfragen/{complete.id}/angaben"
    page = browser.get(url).get_data(as_text=True)
    response = browser.submit(url, {"version": _version(page), "subject": complete.subject,
                                    "submitters": [str(seidel.id)], "faction": "0"})
    assert response.status_code == 302
    inquiry = _inquiry(session)
    assert [m.last_name for m in inquiry.submitters] == ["Seidel"]
    assert inquiry.faction.short_name == "Zukunft"
    letter = browser.get(f"/anfragen/{complete.id}/schreiben").get_data(as_text=True)
    assert "Seidel" in letter and "Sehr geehrte Frau Mühle" not in letter
    entry = session.scalar(sa.select(AuditEntry).where(
        AuditEntry.entity == "inquiry", AuditEntry.entity_id == inquiry.id,
        AuditEntry.action == "update").order_by(AuditEntry.id.desc()))
    assert entry.changes["submitters"][1] == ["Dr. Klaus Seidel"]


def test_details_form_keeps_input_on_errors_and_conflicts(browser, complete, session):
    browser.login("rat")
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
    assert _inquiry(session).subject != "Mein neuer Gegenstand"


def test_details_are_frozen_once_signed(browser, complete, session):
    base = _to_signature(browser, complete.id)
    assert _post(browser, f"{base}/zeichnen", {"password": "anfragen-demo",
                                               "mode": "self"}).status_code == 302
    _as(browser, "rat")
    url = f"/anfragen/{complete.id}/angaben"
    page = browser.get(url)
    assert page.status_code == 200 and "gezeichnet" in page.get_data(as_text=True)
    assert "Angaben bearbeiten</span>" not in browser.get(
        f"/anfragen/{complete.id}").get_data(as_text=True)
    response = browser.submit(url, {"version": _version(page.get_data(as_text=True)),
                                    "subject": "Anders", "faction": "0"})
    assert response.status_code == 409
    assert _inquiry(session).subject != "Anders"


def test_only_the_council_office_edits_details(browser, complete, session):
    for login in ("amt33", "ob", "admin"):
        _as(browser, login)
        assert browser.get(f"/anfragen/{complete.id}/angaben").status_code == 403, login


def test_workflow_rules_for_the_new_steps():
    from inquiry_app.inquiries.pages import EVENT_PAGES
    from inquiry_app.workflow import EVENT_LABELS, RULES

    new = {"recall_review", "reassign_review"}
    assert new <= {r.event for r in RULES}
    assert all(e in EVENT_LABELS and e in EVENT_PAGES for e in new)


def test_council_office_takes_a_letter_back_from_the_signatory(browser, complete, session):
    base = _to_signature(browser, complete.id)
    assert _inquiry(session).state == InquiryState.AWAITING_SIGNATURE
    _as(browser, "rat")
    assert "Zurückholen" in browser.get(base).get_data(as_text=True)
    assert _post(browser, f"{base}/zurueckholen",
                 {"reason": "Zahl in Antwort 2 falsch"}).status_code == 302
    assert _inquiry(session).state == InquiryState.DRAFT
    # the next round starts afresh
    assert _post(browser, f"{base}/mitzeichnung").status_code == 302
    reviews = session.scalars(sa.select(Review).where(Review.inquiry_id == complete.id,
                                                      Review.round == 2)).all()
    assert [r.decision for r in reviews] == [ReviewDecision.PENDING] * 3
