"""Routing an inquiry, notifications, and the department's accept/return/forward, on an
inquiry and units of the test's own (the plan page's suggestions for the demo's reference
inquiry: tests/routing/test_demo_suggestions.py)."""

from __future__ import annotations

import re

import factories
import pytest
import sqlalchemy as sa
from conftest import deliver_mail
from factories import login

from inquiry_app.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Inquiry,
    InquiryState,
    RoutingExample,
)

QUESTIONS = [  # the four questions of the reference inquiry
    "Ist die Teilnahme an einem Pilotprojekt zum digitalen Einbürgerungsantrag vorgesehen?",
    "Wäre eine medienbruchfreie Bearbeitung der Anträge in der Ausländerbehörde möglich?",
    "Wären noch weitere Investitionen in IT-Infrastruktur (Server, Speicher) notwendig?",
    "Für welchen Zeitraum ist die Einführung der E-Akte in der Ausländerbehörde vorgesehen?",
]


@pytest.fixture
def split(world):
    """The four questions, split confirmed, not routed."""
    inquiry = factories.confirmed(factories.councillor_inquiry(world, QUESTIONS),
                                  world.council_office)
    factories.stored()
    return inquiry


def _inquiry(session, inquiry) -> Inquiry:
    session.expire_all()
    return session.get(Inquiry, inquiry.id)


def _selected_lead(page: str, question_id: int) -> str | None:
    select = re.search(rf'name="lead_{question_id}"[^>]*>(.*?)</select>', page, re.S).group(1)
    match = re.search(r'<option selected value="\d+">([^<]+)</option>', select)
    return match.group(1) if match else None


def _route(browser, world, session, inquiry, action="send"):
    """As the reference was routed: 1, 2, 4 to the lead unit, 3 to the contributing unit with
    the lead unit contributing."""
    inquiry = _inquiry(session, inquiry)
    q = {x.number: x.id for x in inquiry.questions}
    u33, ebit = world.lead_unit.id, world.contributing_unit.id
    data = {"action": action}
    for number in ("1", "2", "4"):
        data[f"lead_{q[number]}"] = str(u33)
    data[f"lead_{q['3']}"] = str(ebit)
    data[f"contrib_{q['3']}"] = [str(u33)]
    return browser.submit(f"/anfragen/{inquiry.id}/zuweisung", data)


@pytest.fixture
def clerk(browser, world):
    login(browser, world.council_office)
    return browser


def test_sending_routes_notifies_and_learns(clerk, world, split, session, smtp):
    lead, other = world.lead_unit, world.contributing_unit
    response = _route(clerk, world, session, split)
    assert response.status_code == 302
    inquiry = _inquiry(session, split)
    assert inquiry.state == InquiryState.ROUTED
    assert inquiry.lead_org_unit == lead
    sent = [a for a in inquiry.assignments if a.sent_at is not None]
    assert len(sent) == 5
    assert {(a.question.number, a.org_unit_id, a.role) for a in sent} >= {
        ("3", other.id, AssignmentRole.LEAD), ("3", lead.id, AssignmentRole.CONTRIBUTING)}
    assert smtp.messages == []  # stored in the outbox with the change, sent by the worker
    assert deliver_mail().delivered == 2
    recipients = sorted(m["To"] for m in smtp.messages)
    assert recipients == sorted([lead.mailbox, other.mailbox])
    mail_33 = next(m for m in smtp.messages if m["To"] == lead.mailbox)
    body = mail_33.get_body(("plain",)).get_content()
    assert "Frage 1 (federführend)" in body and "Frage 3 (beteiligt)" in body
    learned = session.execute(sa.select(RoutingExample.unit, RoutingExample.negative)
                              .where(RoutingExample.assignment_id.in_([a.id for a in sent]))).all()
    assert len(learned) == 4 and not any(negative for _, negative in learned)  # the 4 leads
    page = clerk.get(f"/anfragen/{inquiry.id}").get_data(as_text=True)
    assert "Zuweisungen versandt" in page


def test_each_unit_sees_exactly_its_own_work(clerk, browser, world, split, session):
    _route(clerk, world, session, split)
    login(browser, world.contributing_clerk)
    page = browser.get("/aufgaben").get_data(as_text=True)
    assert "Investitionen in IT-Infrastruktur" in page
    assert "medienbruchfreie" not in page
    inquiry = _inquiry(session, split)
    own = [a for a in inquiry.assignments if a.org_unit_id == world.contributing_unit.id]
    foreign = [a for a in inquiry.assignments if a.org_unit_id == world.lead_unit.id]
    assert browser.get(f"/zuweisungen/{own[0].id}").status_code == 200
    for a in foreign:
        assert browser.get(f"/zuweisungen/{a.id}").status_code == 403
        assert browser.submit(f"/zuweisungen/{a.id}/annehmen", {},
                              form_url=f"/zuweisungen/{own[0].id}").status_code == 403
    login(browser, world.lead_clerk)
    page = browser.get("/aufgaben").get_data(as_text=True)
    assert page.count(inquiry.number) >= 4  # questions 1, 2, 4 lead and 3 contributing


def test_missing_lead_is_refused_and_input_kept(clerk, world, split, session):
    inquiry = _inquiry(session, split)
    q = [x.id for x in inquiry.questions]
    data = {"action": "send", f"lead_{q[0]}": str(world.other_unit.id)}
    response = clerk.submit(f"/anfragen/{inquiry.id}/zuweisung", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Frage 2 braucht genau ein federführendes Amt." in page
    assert _selected_lead(page, q[0]) == world.other_unit.label
    assert _inquiry(session, split).state == InquiryState.SPLIT


def test_apply_to_all_questions(clerk, world, split, session):
    inquiry = _inquiry(session, split)
    q = [x.id for x in inquiry.questions]
    data = {"action": "save", "apply_all": "1", f"lead_{q[0]}": str(world.lead_unit.id),
            f"contrib_{q[0]}": [str(world.contributing_unit.id)]}
    assert clerk.submit(f"/anfragen/{inquiry.id}/zuweisung", data).status_code == 302
    inquiry = _inquiry(session, split)
    drafts = [a for a in inquiry.assignments if a.state == AssignmentState.DRAFT]
    assert len(drafts) == 8
    assert inquiry.state == InquiryState.SPLIT  # saved, not sent


def test_deactivated_unit_is_not_assignable(clerk, world, split, session):
    unit = factories.org_unit("Umweltamt (Test)", parent=world.division)
    unit.active = False
    session.commit()
    inquiry = _inquiry(session, split)
    data = {"action": "send", **{f"lead_{q.id}": str(unit.id) for q in inquiry.questions}}
    response = clerk.submit(f"/anfragen/{inquiry.id}/zuweisung", data)
    assert "ist deaktiviert" in response.get_data(as_text=True)


def test_return_lands_in_the_council_office_queue_and_can_be_rerouted(clerk, browser, world,
                                                                       split, session, smtp):
    _route(clerk, world, session, split)
    login(browser, world.contributing_clerk)
    inquiry = _inquiry(session, split)
    lead = next(a for a in inquiry.assignments if a.org_unit_id == world.contributing_unit.id)
    suggested = world.other_unit
    response = browser.submit(f"/zuweisungen/{lead.id}/zurueckgeben", {"reason": " "},
                              form_url=f"/zuweisungen/{lead.id}", follow_redirects=True)
    assert "Bitte begründen Sie die Rückgabe." in response.get_data(as_text=True)
    browser.submit(f"/zuweisungen/{lead.id}/zurueckgeben",
                   {"reason": "nicht zuständig, Fachverfahren betreut Amt 10",
                    "suggested_unit": str(suggested.id), "confirm": "y"},
                   form_url=f"/zuweisungen/{lead.id}")
    session.expire_all()
    assert session.get(Assignment, lead.id).state == AssignmentState.RETURNED
    deliver_mail()
    assert any("zurückgegeben" in m["Subject"] for m in smtp.messages)

    login(browser, world.council_office)
    page = browser.get("/aufgaben").get_data(as_text=True)
    assert "Zurückgegebene Frage neu zuweisen" in page
    plan = browser.get(f"/anfragen/{inquiry.id}/zuweisung").get_data(as_text=True)
    assert "nicht zuständig, Fachverfahren betreut Amt 10" in plan
    q3 = next(q for q in _inquiry(session, split).questions if q.number == "3")
    response = browser.submit(f"/anfragen/{inquiry.id}/zuweisung",
                              {"action": "send", f"lead_{q3.id}": str(suggested.id)})
    assert response.status_code == 302
    inquiry = _inquiry(session, split)
    assert any(a.org_unit_id == suggested.id and a.state == AssignmentState.OPEN
               for a in inquiry.assignments)
    assert "Neu zugewiesen" in browser.get(f"/anfragen/{inquiry.id}").get_data(as_text=True)


def test_accept_and_forward_to_a_unit_below(clerk, browser, world, split, session):
    _route(clerk, world, session, split)
    login(browser, world.lead_clerk)
    inquiry = _inquiry(session, split)
    a1 = next(a for a in inquiry.assignments
              if a.org_unit_id == world.lead_unit.id and a.question.number == "1")
    browser.submit(f"/zuweisungen/{a1.id}/annehmen", {}, form_url=f"/zuweisungen/{a1.id}")
    session.expire_all()
    assert session.get(Assignment, a1.id).state == AssignmentState.ACCEPTED

    target = world.lead_department  # below the lead unit
    browser.submit(f"/zuweisungen/{a1.id}/weitergeben", {"target_unit": str(target.id)},
                   form_url=f"/zuweisungen/{a1.id}")
    session.expire_all()
    assert session.get(Assignment, a1.id).state == AssignmentState.FORWARDED
    new = session.scalar(sa.select(Assignment).where(Assignment.forwarded_from_id == a1.id))
    assert new.org_unit_id == target.id and new.role == AssignmentRole.LEAD

    a2 = next(a for a in inquiry.assignments
              if a.org_unit_id == world.lead_unit.id and a.question.number == "2")
    response = browser.submit(f"/zuweisungen/{a2.id}/weitergeben",
                              {"target_unit": str(world.other_unit.id)},
                              form_url=f"/zuweisungen/{a2.id}", follow_redirects=True)
    assert "nur an eine untergeordnete Einheit" in response.get_data(as_text=True)


def test_department_cannot_open_the_routing_screen(browser, world, split, session):
    login(browser, world.lead_clerk)
    assert browser.get(f"/anfragen/{split.id}/zuweisung").status_code == 403
