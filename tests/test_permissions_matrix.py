"""Every permission method, every kind of person: who gets "yes".

The expected answers are written from DESIGN.md ("Users"; "Workflow"): the council office
manages every inquiry; departments see only what was routed (sent) to their unit or a unit
below theirs and work only on their own assignments; drafts of contributions stay inside the
unit; the draft letter is for the council office, the reviewing heads and the mayor's office,
never for a department's clerks; a contribution is released by the unit's head, never by a
clerk of the same unit; only a signatory signs. The admin (roles list of the domain model,
no duties described) sees everything but does no inquiry work.

People (see ``factories.world``): the lead office's clerk and head, a clerk of a department
*below* the lead office, the head of the division *above* it, the contributing office's clerk
and head, an uninvolved office's clerk and head, the council office, the signatory (mayor's
office) and the admin.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from factories import PASSWORD, PEOPLE, World, confirmed, contribute, plan, routed, world
from factories import inquiry as new_inquiry

from inquiry_app.contributions.answers import can_consolidate
from inquiry_app.extensions import db
from inquiry_app.letters.operations import can_decide
from inquiry_app.models import (
    AssignmentRole,
    AssignmentState,
    ContributionState,
    Inquiry,
    LetterKind,
    MailState,
    OutboxMail,
    ReplyLetter,
    Review,
)
from inquiry_app.models.council import can_manage_people

ROUTED_STAFF = {"lead_clerk", "lead_head", "division_head", "contributing_clerk",
                "contributing_head"}
EVERYTHING = {"council_office", "signatory", "admin"}  # see every inquiry
LETTER_READERS = EVERYTHING | {"lead_head", "division_head", "contributing_head"}
LEAD_STAFF = {"lead_clerk", "lead_head", "division_head"}


@pytest.fixture
def w(session) -> World:
    return world()


@pytest.fixture
def inquiry(w) -> Inquiry:
    """Routed: question 1 to the lead office with the contributing office, question 2 to the
    lead office; the lead office's clerk has submitted question 1 for the head's approval."""
    w.lead_unit.requires_head_approval = True
    item = routed(new_inquiry(2, actor=w.council_office), w.council_office, [w.lead_unit],
                  {1: [w.contributing_unit]})
    contribute(_assignment(item, w.lead_unit, 1), w.lead_clerk)
    assert _assignment(item, w.lead_unit, 1).contribution.state == \
        ContributionState.AWAITING_APPROVAL
    return item


@pytest.fixture
def unsent(w) -> Inquiry:
    """Split confirmed and routed on the planning page, the assignments saved but not sent."""
    item = confirmed(new_inquiry(2, actor=w.council_office), w.council_office)
    plan(item, w.council_office, [w.lead_unit], {1: [w.contributing_unit]})
    db.session.flush()
    assert item.assignments and all(a.sent_at is None for a in item.assignments)
    return item


def _assignment(item, unit, position):
    return next(a for a in item.assignments
                if a.org_unit_id == unit.id and a.question.position == position)


def _yes(w: World, allowed) -> set[str]:
    return {name for name, person in w.people().items() if allowed(person)}


def _visible(w: World, item: Inquiry) -> set[str]:
    return {name for name, person in w.people().items()
            if db.session.scalar(sa.select(Inquiry.id).where(
                Inquiry.id == item.id, Inquiry.visible_to(person))) is not None}


def test_every_person_is_in_the_matrix(w):
    assert set(w.people()) == set(PEOPLE)
    assert len({(p.role, p.org_unit_id) for p in w.people().values()}) == len(PEOPLE)


# --- Inquiry ----------------------------------------------------------------------------------

def test_inquiry_can_view(w, inquiry):
    assert _yes(w, inquiry.can_view) == EVERYTHING | ROUTED_STAFF


def test_inquiry_visible_to_matches_can_view(w, inquiry):
    assert _visible(w, inquiry) == EVERYTHING | ROUTED_STAFF


def test_inquiry_can_manage(w, inquiry):
    assert _yes(w, inquiry.can_manage) == {"council_office"}


def test_inquiry_can_sign(w, inquiry):
    assert _yes(w, inquiry.can_sign) == {"signatory"}


def test_inquiry_can_view_letter_only_reviewing_heads_of_the_departments(w, inquiry):
    """A clerk of the lead office (same unit as its head) never reads the draft letter."""
    assert _yes(w, inquiry.can_view_letter) == LETTER_READERS


def test_inquiry_can_review(w, inquiry):
    assert _yes(w, inquiry.can_review) == {"signatory", "lead_head", "division_head",
                                           "contributing_head"}


def test_reply_letter_can_download_follows_the_letter(w, inquiry):
    letter = ReplyLetter(inquiry=inquiry, kind=LetterKind.FINAL, structure={}, docx=b"x",
                         sha256="0" * 64)
    db.session.add(letter)
    db.session.flush()
    assert _yes(w, letter.can_download) == LETTER_READERS


# --- not sent yet: nobody outside the council office, mayor's office and admin ----------------

def test_unsent_assignments_show_nothing_to_the_departments(w, unsent):
    assert _yes(w, unsent.can_view) == EVERYTHING
    assert _visible(w, unsent) == EVERYTHING
    assert _yes(w, unsent.can_view_letter) == EVERYTHING
    assert _yes(w, unsent.can_review) == {"signatory"}
    for assignment in unsent.assignments:
        assert _yes(w, assignment.can_view) == EVERYTHING
        assert _yes(w, assignment.can_work_on) == set()
        assert _yes(w, assignment.can_view_contribution) == set()


def test_one_unit_sent_another_still_proposed(w, inquiry):
    """Routed to the lead and contributing offices; the uninvolved office is proposed for
    question 2 as well but not sent: it still sees nothing."""
    from inquiry_app.assignments.operations import _assign

    proposed = _assign(inquiry, inquiry.questions[1], w.other_unit, AssignmentRole.CONTRIBUTING,
                       inquiry.due_on)
    db.session.flush()
    assert proposed.sent_at is None
    assert not ({"other_clerk", "other_head"} & _yes(w, inquiry.can_view))
    assert not ({"other_clerk", "other_head"} & _visible(w, inquiry))
    assert _yes(w, proposed.can_view) == EVERYTHING
    assert _yes(w, proposed.can_work_on) == set()


def test_a_received_inquiry_is_the_council_offices_alone(w):
    item = new_inquiry(1, actor=w.council_office)
    assert _yes(w, item.can_view) == EVERYTHING
    assert _visible(w, item) == EVERYTHING
    assert _yes(w, item.can_manage) == {"council_office"}


# --- Assignment, Contribution, Answer -------------------------------------------------------

def test_assignment_can_view(w, inquiry):
    assert _yes(w, _assignment(inquiry, w.lead_unit, 1).can_view) == EVERYTHING | LEAD_STAFF
    assert _yes(w, _assignment(inquiry, w.contributing_unit, 1).can_view) == EVERYTHING | {
        "contributing_clerk", "contributing_head", "division_head"}


def test_assignment_can_work_on(w, inquiry):
    assert _yes(w, _assignment(inquiry, w.lead_unit, 1).can_work_on) == LEAD_STAFF
    assert _yes(w, _assignment(inquiry, w.contributing_unit, 1).can_work_on) == {
        "contributing_clerk", "contributing_head", "division_head"}


def test_assignment_can_view_contribution_stays_inside_the_unit(w, inquiry):
    assert _yes(w, _assignment(inquiry, w.lead_unit, 1).can_view_contribution) == LEAD_STAFF


def test_contribution_can_approve_only_the_units_head(w, inquiry):
    """Not the clerk of the same unit (who wrote it), not another unit's head."""
    contribution = _assignment(inquiry, w.lead_unit, 1).contribution
    assert _yes(w, contribution.can_approve) == {"lead_head", "division_head"}


def test_answer_can_view_follows_the_inquiry(w, inquiry):
    assert _yes(w, inquiry.answers[0].can_view) == EVERYTHING | ROUTED_STAFF


def test_can_consolidate_only_the_lead_office_and_the_council_office(w, inquiry):
    assert _yes(w, lambda person: can_consolidate(inquiry.answers[0], person)) == {
        "council_office", *LEAD_STAFF}


def test_can_decide_a_review_step_heads_of_the_station(w, inquiry):
    lead_step = Review(inquiry_id=inquiry.id, round=1, position=1, org_unit_id=w.lead_unit.id)
    mayor_step = Review(inquiry_id=inquiry.id, round=1, position=2,
                        org_unit_id=w.mayor_office.id)
    assert _yes(w, lambda person: can_decide(lead_step, person)) == {"lead_head", "division_head"}
    assert _yes(w, lambda person: can_decide(mayor_step, person)) == {"signatory"}
    assert _yes(w, lambda person: can_decide(None, person)) == set()


# --- people, users, mail --------------------------------------------------------------------

def test_admin_pages(w):
    assert _yes(w, lambda person: person.can_manage_users()) == {"admin"}
    assert _yes(w, lambda person: person.can_manage_org_units()) == {"admin"}
    assert _yes(w, can_manage_people) == {"council_office", "admin"}


def test_outbox_retry_only_failed_mail_by_council_office_or_admin(w):
    assert _yes(w, OutboxMail(state=MailState.FAILED).can_retry) == {"council_office", "admin"}
    for state in (MailState.PENDING, MailState.SENDING, MailState.DELIVERED):
        assert _yes(w, OutboxMail(state=state).can_retry) == set()


# --- the same answers at the door of the pages ----------------------------------------------

def test_pages_of_a_proposed_assignment_are_closed_to_its_unit(browser, w, unsent):
    assignment = next(a for a in unsent.assignments if a.org_unit_id == w.lead_unit.id)
    db.session.commit()
    browser.login(w.lead_clerk.login, PASSWORD)
    assert browser.get(f"/anfragen/{unsent.id}").status_code == 403
    assert browser.get(f"/zuweisungen/{assignment.id}").status_code == 403
    response = browser.submit(f"/zuweisungen/{assignment.id}/annehmen", {}, form_url="/aufgaben")
    assert response.status_code == 403
    db.session.expire_all()
    assert assignment.state == AssignmentState.DRAFT and assignment.sent_at is None


@pytest.mark.parametrize(("person", "status"), [
    ("lead_clerk", 403), ("lead_head", 200), ("contributing_clerk", 403),
    ("other_head", 403), ("signatory", 200), ("council_office", 200)])
def test_letter_page_follows_can_view_letter(browser, w, inquiry, person, status):
    db.session.commit()
    browser.login(w.people()[person].login, PASSWORD)
    assert browser.get(f"/anfragen/{inquiry.id}/schreiben").status_code == status
