"""Every permission method, every kind of person: who gets "yes".

The expected answers are written from DESIGN.md ("Users"; "Workflow"): the council office
manages every inquiry; departments see only what was routed (sent) to their unit or a unit
below theirs and work only on their own assignments; drafts of contributions stay inside the
unit; the draft letter is for the council office, the reviewing heads and the mayor's office,
never for a department's clerks; a contribution is released by the unit's head, never by a
clerk of the same unit; the lead office (federführend, and the units above it) and the
council office consolidate the answers, the contributing offices never; a review step
(Mitzeichnung) is decided by the heads and signatories of its unit or a unit above it, never
by a clerk; only a signatory signs. The admin (roles list of the domain model,
no duties described) sees everything but does no inquiry work; it only hands a review step
nobody can decide to another unit (README, "Rollen"/workflow table).

People (see ``factories.world``): the lead office's clerk and head, a clerk of a department
*below* the lead office, the head of the division *above* it, the contributing office's clerk
and head, an uninvolved office's clerk and head, the council office, the signatory (mayor's
office) and the admin.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from factories import (
    PASSWORD,
    PEOPLE,
    World,
    confirmed,
    contribute,
    plan,
    request_context,
    routed,
    world,
)
from factories import inquiry as new_inquiry

from inquiry_app.extensions import db
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
    TextBlock,
)

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


def test_assignment_needs_head_approval_when_a_clerk_of_such_a_unit_submits(w, inquiry):
    """The lead office requires the head's approval: its clerk submits to the head, the head
    (and the head above) submit straight to the lead office; the contributing office does
    not require it."""
    lead = _assignment(inquiry, w.lead_unit, 1)
    contributing = _assignment(inquiry, w.contributing_unit, 1)
    assert _yes(w, lambda p: lead.can_work_on(p) and lead.needs_head_approval(p)) == {
        "lead_clerk"}
    assert _yes(w, lambda p: contributing.needs_head_approval(p)) == set()


def test_answer_can_consolidate_only_the_lead_office_and_the_council_office(w, inquiry):
    """Question 1 has a contributing office too: it writes a contribution, never the answer."""
    for answer in inquiry.answers:
        assert _yes(w, answer.can_consolidate) == {"council_office", *LEAD_STAFF}


def test_inquiry_can_consolidate_only_the_lead_office_and_the_council_office(w, inquiry):
    assert _yes(w, inquiry.can_consolidate) == {"council_office", *LEAD_STAFF}
    assert _yes(w, inquiry.can_edit_remark) == {"council_office", *LEAD_STAFF}


def test_inquiry_can_view_answers_consolidators_signatory_and_admin(w, inquiry):
    """The consolidation page: not the contributing office (it sees its own assignment)."""
    assert _yes(w, inquiry.can_view_answers) == EVERYTHING | LEAD_STAFF


def test_nobody_in_the_departments_consolidates_before_sending(w, unsent):
    assert _yes(w, unsent.can_consolidate) == {"council_office"}
    assert _yes(w, unsent.can_view_answers) == EVERYTHING
    assert _yes(w, unsent.can_edit_remark) == {"council_office"}


def test_a_returned_lead_assignment_no_longer_consolidates(w, inquiry):
    """The lead office gives question 2 back ("nicht zuständig"): its answer is the council
    office's alone until someone else leads; question 1 stays with the lead office."""
    from inquiry_app.assignments.operations import return_assignment

    with request_context():
        return_assignment(_assignment(inquiry, w.lead_unit, 2), w.lead_clerk,
                          "Nicht zuständig.", None)
    db.session.flush()
    first, second = inquiry.answers
    assert _yes(w, first.can_consolidate) == {"council_office", *LEAD_STAFF}
    assert _yes(w, second.can_consolidate) == {"council_office"}
    assert _yes(w, inquiry.can_consolidate) == {"council_office", *LEAD_STAFF}


def test_a_forwarded_lead_assignment_consolidates_below_and_above(w, inquiry):
    """The lead office passes question 2 on to its department: the department's clerk now
    leads it, the offices above keep consolidating."""
    from inquiry_app.assignments.operations import forward

    with request_context():
        forward(_assignment(inquiry, w.lead_unit, 2), w.lead_clerk, w.lead_department)
    db.session.flush()
    second = inquiry.answers[1]
    assert _yes(w, second.can_consolidate) == {"council_office", "department_clerk", *LEAD_STAFF}
    assert _yes(w, inquiry.answers[0].can_consolidate) == {"council_office", *LEAD_STAFF}


def test_a_withdrawn_inquirys_closed_assignments_stay_readable_and_lead_nothing(w, inquiry):
    """Withdrawal closes the open assignments: the unit still reads its assignment and its
    contribution, nobody in the departments consolidates any more."""
    from inquiry_app.letters.operations import withdraw

    with request_context():
        withdraw(inquiry, w.council_office, "")
    lead = _assignment(inquiry, w.lead_unit, 1)
    assert lead.state == AssignmentState.CLOSED
    assert _yes(w, inquiry.can_view) == EVERYTHING | ROUTED_STAFF
    assert _yes(w, lead.can_view) == EVERYTHING | LEAD_STAFF
    assert _yes(w, lead.can_view_contribution) == LEAD_STAFF
    assert _yes(w, inquiry.can_consolidate) == {"council_office"}


def test_review_can_decide_heads_and_signatories_of_the_station(w, inquiry):
    """The step's unit or a unit above it; never a clerk, not the council office."""
    lead_step = Review(inquiry_id=inquiry.id, round=1, position=1, org_unit_id=w.lead_unit.id)
    department_step = Review(inquiry_id=inquiry.id, round=1, position=2,
                             org_unit_id=w.lead_department.id)
    mayor_step = Review(inquiry_id=inquiry.id, round=1, position=3,
                        org_unit_id=w.mayor_office.id)
    council_step = Review(inquiry_id=inquiry.id, round=1, position=4,
                          org_unit_id=w.council_unit.id)
    assert _yes(w, lead_step.can_decide) == {"lead_head", "division_head"}
    assert _yes(w, department_step.can_decide) == {"lead_head", "division_head"}
    assert _yes(w, mayor_step.can_decide) == {"signatory"}
    assert _yes(w, council_step.can_decide) == {"signatory"}


def test_inquiry_can_reassign_review_only_the_admin(w, inquiry):
    assert _yes(w, inquiry.can_reassign_review) == {"admin"}


# --- text blocks ------------------------------------------------------------------------------

def test_text_blocks_city_wide_by_council_office_and_admin_unit_ones_by_the_units_head(w):
    city_wide = TextBlock(title="Allgemein", text="Text", org_unit_id=None)
    lead = TextBlock(title="Amt", text="Text", org_unit_id=w.lead_unit.id)
    department = TextBlock(title="Abteilung", text="Text", org_unit_id=w.lead_department.id)
    assert _yes(w, city_wide.can_edit) == {"council_office", "admin"}
    assert _yes(w, lead.can_edit) == {"council_office", "admin", "lead_head", "division_head"}
    assert _yes(w, department.can_edit) == {"council_office", "admin", "lead_head",
                                            "division_head"}
    assert _yes(w, lambda p: TextBlock.can_edit_for(p, w.contributing_unit.id)) == {
        "council_office", "admin", "contributing_head", "division_head"}
    assert _yes(w, lambda p: TextBlock.can_edit_for(p, None)) == {"council_office", "admin"}


# --- people, users, mail --------------------------------------------------------------------

def test_admin_pages(w):
    assert _yes(w, lambda person: person.can_manage_users()) == {"admin"}
    assert _yes(w, lambda person: person.can_manage_org_units()) == {"admin"}
    assert _yes(w, lambda person: person.can_manage_people()) == {"council_office", "admin"}
    assert _yes(w, lambda person: person.can_register_inquiries()) == {"council_office"}


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
    ("lead_clerk", 200), ("department_clerk", 403), ("division_head", 200),
    ("contributing_clerk", 403), ("contributing_head", 403), ("other_head", 403),
    ("signatory", 200), ("admin", 200), ("council_office", 200)])
def test_consolidation_page_follows_can_view_answers(browser, w, inquiry, person, status):
    db.session.commit()
    browser.login(w.people()[person].login, PASSWORD)
    assert browser.get(f"/anfragen/{inquiry.id}/antworten").status_code == status


@pytest.mark.parametrize(("person", "status"), [
    ("lead_clerk", 403), ("lead_head", 200), ("contributing_clerk", 403),
    ("other_head", 403), ("signatory", 200), ("council_office", 200)])
def test_letter_page_follows_can_view_letter(browser, w, inquiry, person, status):
    db.session.commit()
    browser.login(w.people()[person].login, PASSWORD)
    assert browser.get(f"/anfragen/{inquiry.id}/schreiben").status_code == status
