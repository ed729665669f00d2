"""Routing the reference inquiry, notifications, and the department's accept/return/forward."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from conftest import deliver_mail

from inquiry_app.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Inquiry,
    InquiryState,
    OrgUnit,
    RoutingExample,
)


def _inquiry(session, number="AF0815/25") -> Inquiry:
    session.expire_all()
    return session.scalar(sa.select(Inquiry).where(Inquiry.number == number))


def _unit(session, code) -> OrgUnit:
    return session.scalar(sa.select(OrgUnit).where(OrgUnit.code == code))


def _selected_lead(page: str, question_id: int) -> str | None:
    select = re.search(rf'name="lead_{question_id}"[^>]*>(.*?)</select>', page, re.S).group(1)
    match = re.search(r'<option selected value="\d+">([^<]+)</option>', select)
    return match.group(1) if match else None


def _route_reference(browser, session, action="send"):
    inquiry = _inquiry(session)
    q = {x.number: x.id for x in inquiry.questions}
    u33, ebit = _unit(session, "33").id, _unit(session, "EB IT").id
    data = {"action": action}
    for number in ("1", "2", "4"):
        data[f"lead_{q[number]}"] = str(u33)
    data[f"lead_{q['3']}"] = str(ebit)
    data[f"contrib_{q['3']}"] = [str(u33)]
    return browser.submit(f"/anfragen/{inquiry.id}/zuweisung", data)


@pytest.fixture
def clerk(browser, demo):
    browser.login("rat")
    return browser


def test_plan_page_preselects_the_suggested_units(clerk, session):
    inquiry = _inquiry(session)
    page = clerk.get(f"/anfragen/{inquiry.id}/zuweisung").get_data(as_text=True)
    leads = {q.number: _selected_lead(page, q.id) for q in inquiry.questions}
    assert leads == {"1": "33 Bürgeramt", "2": "33 Bürgeramt",
                     "3": "EB IT Eigenbetrieb IT-Dienstleistungen", "4": "33 Bürgeramt"}
    assert "Begriff" in page  # reasons are shown
    assert "Eingang" in page and "+ 4 Wochen" in page  # how the due date was computed


def test_sending_routes_notifies_and_learns(clerk, session, smtp):
    response = _route_reference(clerk, session)
    assert response.status_code == 302
    inquiry = _inquiry(session)
    assert inquiry.state == InquiryState.ROUTED
    assert inquiry.lead_org_unit.code == "33"
    sent = [a for a in inquiry.assignments if a.sent_at is not None]
    assert len(sent) == 5
    assert {(a.question.number, a.org_unit.code, a.role) for a in sent} >= {
        ("3", "EB IT", AssignmentRole.LEAD), ("3", "33", AssignmentRole.CONTRIBUTING)}
    assert smtp.messages == []  # stored in the outbox with the change, sent by the worker
    assert deliver_mail().delivered == 2
    recipients = sorted(m["To"] for m in smtp.messages)
    assert recipients == ["buergeramt@dresden.example", "eb-it@dresden.example"]
    mail_33 = next(m for m in smtp.messages if m["To"] == "buergeramt@dresden.example")
    body = mail_33.get_body(("plain",)).get_content()
    assert "Frage 1 (federführend)" in body and "Frage 3 (beteiligt)" in body
    learned = session.execute(sa.select(RoutingExample.unit, RoutingExample.negative)
                              .where(RoutingExample.assignment_id.in_([a.id for a in sent]))).all()
    assert len(learned) == 4 and not any(negative for _, negative in learned)  # the 4 leads
    page = clerk.get(f"/anfragen/{inquiry.id}").get_data(as_text=True)
    assert "Zuweisungen versandt" in page


def test_each_unit_sees_exactly_its_own_work(clerk, browser, session):
    _route_reference(clerk, session)
    clerk.logout()
    browser.login("ebit")
    page = browser.get("/aufgaben").get_data(as_text=True)
    assert "Investitionen in IT-Infrastruktur" in page
    assert "medienbruchfreie" not in page
    inquiry = _inquiry(session)
    own = [a for a in inquiry.assignments if a.org_unit.code == "EB IT"]
    foreign = [a for a in inquiry.assignments if a.org_unit.code == "33"]
    assert browser.get(f"/zuweisungen/{own[0].id}").status_code == 200
    for a in foreign:
        assert browser.get(f"/zuweisungen/{a.id}").status_code == 403
        assert browser.submit(f"/zuweisungen/{a.id}/annehmen", {},
                              form_url=f"/zuweisungen/{own[0].id}").status_code == 403
    browser.logout()
    browser.login("amt33")
    page = browser.get("/aufgaben").get_data(as_text=True)
    assert page.count("AF0815/25") >= 4  # questions 1, 2, 4 lead and 3 contributing


def test_missing_lead_is_refused_and_input_kept(clerk, session):
    inquiry = _inquiry(session)
    q = [x.id for x in inquiry.questions]
    data = {"action": "send", f"lead_{q[0]}": str(_unit(session, "66").id)}
    response = clerk.submit(f"/anfragen/{inquiry.id}/zuweisung", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Frage 2 braucht genau ein federführendes Amt." in page
    assert _selected_lead(page, q[0]) == "66 Straßen- und Tiefbauamt"
    assert _inquiry(session).state == InquiryState.SPLIT


def test_apply_to_all_questions(clerk, session):
    inquiry = _inquiry(session)
    q = [x.id for x in inquiry.questions]
    data = {"action": "save", "apply_all": "1", f"lead_{q[0]}": str(_unit(session, "33").id),
            f"contrib_{q[0]}": [str(_unit(session, "EB IT").id)]}
    assert clerk.submit(f"/anfragen/{inquiry.id}/zuweisung", data).status_code == 302
    inquiry = _inquiry(session)
    drafts = [a for a in inquiry.assignments if a.state == AssignmentState.DRAFT]
    assert len(drafts) == 8
    assert inquiry.state == InquiryState.SPLIT  # saved, not sent


def test_deactivated_unit_is_not_assignable(clerk, session):
    unit = _unit(session, "86")
    unit.active = False
    session.commit()
    inquiry = _inquiry(session)
    data = {"action": "send", **{f"lead_{q.id}": str(unit.id) for q in inquiry.questions}}
    response = clerk.submit(f"/anfragen/{inquiry.id}/zuweisung", data)
    assert "ist deaktiviert" in response.get_data(as_text=True)


def test_return_lands_in_the_council_office_queue_and_can_be_rerouted(clerk, browser, session,
                                                                       smtp):
    _route_reference(clerk, session)
    clerk.logout()
    browser.login("ebit")
    inquiry = _inquiry(session)
    lead = next(a for a in inquiry.assignments if a.org_unit.code == "EB IT")
    response = browser.submit(f"/zuweisungen/{lead.id}/zurueckgeben", {"reason": " "},
                              form_url=f"/zuweisungen/{lead.id}", follow_redirects=True)
    assert "Bitte begründen Sie die Rückgabe." in response.get_data(as_text=True)
    browser.submit(f"/zuweisungen/{lead.id}/zurueckgeben",
                   {"reason": "nicht zuständig, Fachverfahren betreut Amt 10",
                    "suggested_unit": str(_unit(session, "10").id)},
                   form_url=f"/zuweisungen/{lead.id}")
    session.expire_all()
    assert session.get(Assignment, lead.id).state == AssignmentState.RETURNED
    deliver_mail()
    assert any("zurückgegeben" in m["Subject"] for m in smtp.messages)
    browser.logout()

    browser.login("rat")
    page = browser.get("/aufgaben").get_data(as_text=True)
    assert "Zurückgegebene Frage neu zuweisen" in page
    plan = browser.get(f"/anfragen/{inquiry.id}/zuweisung").get_data(as_text=True)
    assert "nicht zuständig, Fachverfahren betreut Amt 10" in plan
    q3 = next(q for q in _inquiry(session).questions if q.number == "3")
    response = browser.submit(f"/anfragen/{inquiry.id}/zuweisung",
                              {"action": "send", f"lead_{q3.id}": str(_unit(session, "10").id)})
    assert response.status_code == 302
    inquiry = _inquiry(session)
    assert any(a.org_unit.code == "10" and a.state == AssignmentState.OPEN
               for a in inquiry.assignments)
    assert "Neu zugewiesen" in browser.get(f"/anfragen/{inquiry.id}").get_data(as_text=True)


def test_accept_and_forward_to_a_unit_below(clerk, browser, session):
    _route_reference(clerk, session)
    clerk.logout()
    browser.login("amt33")
    inquiry = _inquiry(session)
    a1 = next(a for a in inquiry.assignments
              if a.org_unit.code == "33" and a.question.number == "1")
    browser.submit(f"/zuweisungen/{a1.id}/annehmen", {}, form_url=f"/zuweisungen/{a1.id}")
    session.expire_all()
    assert session.get(Assignment, a1.id).state == AssignmentState.ACCEPTED

    target = _unit(session, "33.32")
    browser.submit(f"/zuweisungen/{a1.id}/weitergeben", {"target_unit": str(target.id)},
                   form_url=f"/zuweisungen/{a1.id}")
    session.expire_all()
    assert session.get(Assignment, a1.id).state == AssignmentState.FORWARDED
    new = session.scalar(sa.select(Assignment).where(Assignment.forwarded_from_id == a1.id))
    assert new.org_unit.code == "33.32" and new.role == AssignmentRole.LEAD

    a2 = next(a for a in inquiry.assignments
              if a.org_unit.code == "33" and a.question.number == "2")
    response = browser.submit(f"/zuweisungen/{a2.id}/weitergeben",
                              {"target_unit": str(_unit(session, "66").id)},
                              form_url=f"/zuweisungen/{a2.id}", follow_redirects=True)
    assert "nur an eine untergeordnete Einheit" in response.get_data(as_text=True)


def test_department_cannot_open_the_routing_screen(browser, demo, session):
    browser.login("amt33")
    assert browser.get(f"/anfragen/{_inquiry(session).id}/zuweisung").status_code == 403
