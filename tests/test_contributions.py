"""Contributions, conflicts, revisions, approval, consolidation, grouping, escaping and the
permission matrix of this area, through real HTTP."""

from __future__ import annotations

from datetime import date, timedelta

import factories
import pytest
from conftest import deliver_mail, reference_answers
from factories import fresh as _inquiry
from factories import login
from factories import unit_assignment as _assignment

from inquiry_app.models import (
    Answer,
    AssignmentState,
    Contribution,
    ContributionState,
    InquiryState,
)

ANSWERS = reference_answers()  # texts of four answers (the reference reply's)


@pytest.fixture
def routed(world):
    """Four questions routed as the reference inquiry was: 1, 2 and 4 to the lead unit, 3 to
    the contributing unit with the lead unit contributing."""
    return factories.routed_like_reference(world)


def _save(browser, assignment, text, action="save", version=None):
    page = browser.get(f"/zuweisungen/{assignment.id}").get_data(as_text=True)
    if version is None:
        import re
        match = re.search(r'name="version" value="(\d*)"', page)
        version = match.group(1) if match else ""
    return browser.submit(f"/zuweisungen/{assignment.id}/beitrag",
                          {"text": text, "action": action, "version": str(version)},
                          form_url=f"/zuweisungen/{assignment.id}")


def test_reference_answers_written_submitted_consolidated_complete(browser, world, routed, session, smtp):
    login(browser, world.contributing_clerk)
    a3 = _assignment(session, world.contributing_unit, "3")
    assert _save(browser, a3, ANSWERS["3"], action="submit").status_code == 302
    browser.logout()

    login(browser, world.lead_clerk)
    for number in ("1", "2", "4"):
        response = _save(browser, _assignment(session, world.lead_unit, number), ANSWERS[number],
                         action="submit")
        assert response.status_code == 302
    page = browser.get(f"/anfragen/{routed.id}/antworten").get_data(as_text=True)
    assert f"aus Zuarbeiten übernommen: {world.lead_unit.code}" in page
    inquiry = _inquiry(session, routed)
    answers = {a.questions[0].number: a for a in inquiry.answers}
    assert answers["1"].text == ANSWERS["1"] and answers["1"].from_contributions
    for number in ("1", "2", "4"):
        answer = answers[number]
        response = browser.submit(f"/antworten/{answer.id}",
                                  {"text": answer.text, "version": str(answer.version),
                                   "action": "final"},
                                  form_url=f"/anfragen/{routed.id}/antworten")
        assert response.status_code == 302
    # the contributing unit leads question 3: the lead unit may not finalise it
    response = browser.submit(f"/antworten/{answers['3'].id}",
                              {"text": "x", "version": str(answers["3"].version), "action": "final"},
                              form_url=f"/anfragen/{routed.id}/antworten", follow_redirects=True)
    assert "Nur das federführende Amt" in response.get_data(as_text=True)
    browser.logout()

    login(browser, world.contributing_clerk)
    answer = _inquiry(session, routed).answers[2]
    assert answer.questions[0].number == "3"
    response = browser.submit(f"/antworten/{answer.id}",
                              {"text": answer.text, "version": str(answer.version),
                               "action": "final"},
                              form_url=f"/anfragen/{routed.id}/antworten", follow_redirects=True)
    assert "Alle Antworten sind endgültig" in response.get_data(as_text=True)
    inquiry = _inquiry(session, routed)
    assert inquiry.state == InquiryState.ANSWERS_COMPLETE
    assert [a.text for a in inquiry.answers] == [ANSWERS[n] for n in ("1", "2", "3", "4")]
    deliver_mail()
    assert any("Antworten vollständig" in m["Subject"] for m in smtp.messages)


def test_second_stale_save_gets_the_conflict_page_and_nothing_is_lost(browser, world, routed, session):
    login(browser, world.lead_clerk)
    a1 = _assignment(session, world.lead_unit, "1")
    _save(browser, a1, "Erste Fassung.")
    version = session.get(Contribution, _assignment(session, world.lead_unit, "1").contribution.id).version
    assert _save(browser, a1, "Fassung von Kollegin A.", version=version).status_code == 302
    response = _save(browser, a1, "Fassung von Kollege B.", version=version)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Fassung von Kollegin A." in page and "Fassung von Kollege B." in page
    assert "Zusammengeführte Fassung" in page
    session.expire_all()
    contribution = _assignment(session, world.lead_unit, "1").contribution
    assert contribution.text == "Fassung von Kollegin A."
    merged = browser.submit(f"/zuweisungen/{a1.id}/beitrag",
                            {"text": "Fassung A und B.", "version": str(contribution.version),
                             "action": "save"}, form_url=f"/zuweisungen/{a1.id}")
    assert merged.status_code == 302
    session.expire_all()
    assert _assignment(session, world.lead_unit, "1").contribution.text == "Fassung A und B."


def test_every_save_is_a_revision_with_diff_and_restore(browser, world, routed, session):
    login(browser, world.lead_clerk)
    a1 = _assignment(session, world.lead_unit, "1")
    for text in ("Version eins.", "Version zwei.\n\nMit Absatz.", "Version drei."):
        _save(browser, a1, text)
    page = browser.get(f"/zuweisungen/{a1.id}/beitrag/versionen?a=1&b=2").get_data(as_text=True)
    assert "Unterschiede zwischen Version 1 und 2" in page
    assert "entfernt: </span>Version eins." in page and "hinzugefügt: </span>Mit Absatz." in page
    response = browser.submit(f"/zuweisungen/{a1.id}/beitrag/versionen/1/wiederherstellen", {},
                              form_url=f"/zuweisungen/{a1.id}/beitrag/versionen")
    assert response.status_code == 302
    session.expire_all()
    contribution = _assignment(session, world.lead_unit, "1").contribution
    assert contribution.text == "Version eins."
    assert [r.number for r in contribution.revisions] == [1, 2, 3, 4]
    assert contribution.revisions[-1].note == "Version 1 wiederhergestellt"


def test_autosave_keeps_drafts_and_reports_conflicts(browser, world, routed, session):
    login(browser, world.contributing_clerk)
    a3 = _assignment(session, world.contributing_unit, "3")
    token = browser.token(f"/zuweisungen/{a3.id}")
    first = browser.client.post(f"/zuweisungen/{a3.id}/beitrag/autosave",
                                data={"csrf_token": token, "text": "Entwurf", "version": ""})
    assert first.status_code == 200 and first.json["status"] == "saved"
    second = browser.client.post(f"/zuweisungen/{a3.id}/beitrag/autosave",
                                 data={"csrf_token": token, "text": "Entwurf weiter",
                                       "version": str(first.json["version"])})
    assert second.json["status"] == "saved"
    stale = browser.client.post(f"/zuweisungen/{a3.id}/beitrag/autosave",
                                data={"csrf_token": token, "text": "Anders",
                                      "version": str(first.json["version"])})
    assert stale.status_code == 409 and "von Hand" in stale.json["message"]
    session.expire_all()
    contribution = _assignment(session, world.contributing_unit, "3").contribution
    assert contribution.text == "Entwurf weiter"
    assert len(contribution.revisions) == 1  # autosaves of one author coalesce


def test_head_approval_when_the_unit_requires_it(browser, world, routed, session):
    unit = world.lead_unit
    unit.requires_head_approval = True
    session.commit()
    login(browser, world.lead_clerk)
    a1 = _assignment(session, world.lead_unit, "1")
    _save(browser, a1, ANSWERS["1"], action="submit")
    session.expire_all()
    contribution = _assignment(session, world.lead_unit, "1").contribution
    assert contribution.state == ContributionState.AWAITING_APPROVAL
    browser.logout()

    login(browser, world.lead_head)
    assert "Zuarbeiten zur Freigabe" in browser.get("/aufgaben").get_data(as_text=True)
    response = browser.submit(f"/beitraege/{contribution.id}/zurueckgeben", {"comment": ""},
                              form_url=f"/zuweisungen/{a1.id}", follow_redirects=True)
    assert "Bitte begründen Sie" in response.get_data(as_text=True)
    browser.submit(f"/beitraege/{contribution.id}/zurueckgeben",
                   {"comment": "Bitte Zeitplan ergänzen."}, form_url=f"/zuweisungen/{a1.id}")
    session.expire_all()
    assert _assignment(session, world.lead_unit, "1").contribution.state == ContributionState.DRAFT
    browser.logout()

    login(browser, world.lead_clerk)
    assert "Bitte Zeitplan ergänzen." in browser.get(f"/zuweisungen/{a1.id}").get_data(as_text=True)
    _save(browser, a1, ANSWERS["1"] + " Zeitplan folgt.", action="submit")
    browser.logout()
    login(browser, world.lead_head)
    contribution = _assignment(session, world.lead_unit, "1").contribution
    browser.submit(f"/beitraege/{contribution.id}/freigeben", {}, form_url=f"/zuweisungen/{a1.id}")
    session.expire_all()
    a1 = _assignment(session, world.lead_unit, "1")
    assert a1.contribution.state == ContributionState.SUBMITTED
    assert a1.state == AssignmentState.SUBMITTED


def test_late_submission_is_allowed_and_marked(browser, world, routed, session):
    a1 = _assignment(session, world.lead_unit, "1")
    a1.due_on = date.today() - timedelta(days=3)
    session.commit()
    login(browser, world.lead_clerk)
    response = _save(browser, a1, "Spät, aber da.", action="submit")
    assert response.status_code == 302
    page = browser.get(f"/zuweisungen/{a1.id}").get_data(as_text=True)
    assert "nach Ablauf der internen Frist" in page and "verspätet eingereicht" in page
    session.expire_all()
    assert _assignment(session, world.lead_unit, "1").contribution.late is True


def test_grouping_questions_under_one_answer(browser, world, routed, session):
    login(browser, world.council_office)
    page = browser.get(f"/anfragen/{routed.id}/antworten").get_data(as_text=True)
    assert "Frage 1" in page
    inquiry = _inquiry(session, routed)
    q = {x.number: x.id for x in inquiry.questions}
    response = browser.submit(f"/anfragen/{routed.id}/antworten/gruppieren",
                              {"question": [str(q["1"]), str(q["2"])]},
                              form_url=f"/anfragen/{routed.id}/antworten", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Die Fragen 1, 2 werden gemeinsam beantwortet." in page
    assert "Zu den Fragen 1, 2" in page
    inquiry = _inquiry(session, routed)
    assert [[x.number for x in a.questions] for a in inquiry.answers] == [["1", "2"], ["3"], ["4"]]
    grouped = inquiry.answers[0]
    browser.submit(f"/antworten/{grouped.id}", {"action": "ungroup", "text": "",
                                                "version": str(grouped.version)},
                   form_url=f"/anfragen/{routed.id}/antworten")
    inquiry = _inquiry(session, routed)
    assert [[x.number for x in a.questions] for a in inquiry.answers] == [["1"], ["2"], ["3"], ["4"]]


def test_html_and_script_are_escaped_everywhere(browser, world, routed, session):
    evil = '<script>alert("x")</script> <b>fett</b> **wirklich fett**'
    login(browser, world.lead_clerk)
    a1 = _assignment(session, world.lead_unit, "1")
    _save(browser, a1, evil, action="submit")
    page = browser.get(f"/zuweisungen/{a1.id}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page and "<strong>wirklich fett</strong>" in page
    consolidation = browser.get(f"/anfragen/{routed.id}/antworten").get_data(as_text=True)
    assert "<script>alert" not in consolidation
    token = browser.token(f"/zuweisungen/{a1.id}")
    preview = browser.client.post("/vorschau", data={"csrf_token": token, "text": evil})
    assert "<script>" not in preview.json["html"] and "&lt;script&gt;" in preview.json["html"]
    browser.submit(f"/anfragen/{routed.id}/kommentare",
                   {"text": "<img src=x onerror=alert(1)>", "question_id": str(a1.question_id)},
                   form_url=f"/zuweisungen/{a1.id}")
    assert "<img src=x" not in browser.get(f"/anfragen/{routed.id}/antworten").get_data(as_text=True)


def test_a_one_megabyte_paste_is_saved(browser, world, routed, session):
    login(browser, world.lead_clerk)
    a1 = _assignment(session, world.lead_unit, "1")
    text = ("Ein langer Absatz mit vielen Wörtern. " * 30 + "\n\n") * 900
    assert len(text.encode()) > 1_000_000
    assert _save(browser, a1, text).status_code == 302
    session.expire_all()
    assert len(_assignment(session, world.lead_unit, "1").contribution.text) == len(text.rstrip())


# --- permission matrix -------------------------------------------------------------------

WRITE_ROUTES = [
    ("post", "/zuweisungen/{a33}/beitrag"),
    ("post", "/zuweisungen/{a33}/beitrag/autosave"),
    ("post", "/zuweisungen/{a33}/beitrag/versionen/1/wiederherstellen"),
    ("get", "/zuweisungen/{a33}/beitrag/versionen"),
    ("post", "/beitraege/{c33}/freigeben"),
    ("post", "/beitraege/{c33}/zurueckgeben"),
]
INQUIRY_ROUTES = [
    ("get", "/anfragen/{inquiry}/antworten"),
    ("post", "/anfragen/{inquiry}/antworten/gruppieren"),
    ("post", "/anfragen/{inquiry}/vorbemerkung"),
    ("post", "/anfragen/{inquiry}/kommentare"),
    ("post", "/antworten/{answer}"),
    ("get", "/antworten/{answer}/versionen"),
    ("post", "/antworten/{answer}/versionen/1/wiederherstellen"),
]


@pytest.fixture
def matrix_ids(browser, world, routed, session):
    login(browser, world.lead_clerk)
    a1 = _assignment(session, world.lead_unit, "1")
    _save(browser, a1, "Text", action="save")
    browser.get(f"/anfragen/{routed.id}/antworten")  # creates the answers
    browser.logout()
    session.expire_all()
    a1 = _assignment(session, world.lead_unit, "1")
    return {"a33": a1.id, "c33": a1.contribution.id, "inquiry": routed.id,
            "answer": _inquiry(session, routed).answers[0].id}


def _call(browser, method, url, ids):
    url = url.format(**ids)
    if method == "get":
        return browser.get(url).status_code
    token = browser.token("/aufgaben")
    return browser.client.post(url, data={"csrf_token": token, "text": "x", "comment": "x",
                                          "version": "1"}).status_code


@pytest.mark.parametrize(("method", "url"), WRITE_ROUTES)
@pytest.mark.parametrize("person", ["other_clerk", "contributing_clerk", "contributing_head",
                                    "council_office", "signatory", "admin"])
def test_other_units_and_roles_cannot_touch_33s_contribution(browser, world, matrix_ids, person,
                                                              method, url):
    login(browser, getattr(world, person))
    assert _call(browser, method, url, matrix_ids) == 403


@pytest.mark.parametrize(("method", "url"), INQUIRY_ROUTES)
def test_unit_without_assignment_cannot_reach_the_inquiry(browser, world, matrix_ids, method,
                                                          url):
    login(browser, world.other_clerk)
    assert _call(browser, method, url, matrix_ids) == 403


@pytest.mark.parametrize(("person", "status"), [
    ("council_office", 200), ("lead_clerk", 200), ("signatory", 200), ("admin", 200),
    ("other_clerk", 403)])
def test_who_may_open_the_consolidation_page(browser, world, matrix_ids, person, status):
    login(browser, getattr(world, person))
    assert browser.get(f"/anfragen/{matrix_ids['inquiry']}/antworten").status_code == status


def test_signatory_cannot_change_answers(browser, world, matrix_ids, session):
    login(browser, world.signatory)
    answer = session.get(Answer, matrix_ids["answer"])
    response = browser.submit(f"/antworten/{answer.id}",
                              {"text": "Geändert", "version": str(answer.version),
                               "action": "save"}, form_url="/aufgaben", follow_redirects=True)
    assert "Nur das federführende Amt" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Answer, answer.id).text != "Geändert"


def test_missing_ids_are_404(browser, world, matrix_ids):
    login(browser, world.lead_clerk)
    assert browser.get("/zuweisungen/999999").status_code == 404
    assert browser.get("/antworten/999999/versionen").status_code == 404


def test_an_office_leading_one_question_finds_the_consolidation(browser, world, routed, session):
    # the contributing unit leads question 3 only; the inquiry's lead is the lead unit
    login(browser, world.contributing_clerk)
    page = browser.get(f"/anfragen/{routed.id}").get_data(as_text=True)
    assert "Antworten ansehen und konsolidieren" in page
    login(browser, world.other_clerk)  # no assignment at all
    assert browser.get(f"/anfragen/{routed.id}").status_code == 403
