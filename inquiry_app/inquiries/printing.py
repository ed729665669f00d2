"""The print view of an inquiry: everything the viewer may see of it on one page, read with a
fixed number of queries (the inquiry with its questions, assignments, contributions and
answers eagerly loaded; the history as the history page reads it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import joinedload, selectinload

from inquiry_app.models import (
    Answer,
    Assignment,
    AssignmentRole,
    Contribution,
    ContributionState,
    Inquiry,
    Question,
    User,
)

PRINT_LOAD = (
    joinedload(Inquiry.faction),
    joinedload(Inquiry.body),
    joinedload(Inquiry.lead_org_unit),
    joinedload(Inquiry.signatory),
    selectinload(Inquiry.submitters),
    selectinload(Inquiry.extensions),
    selectinload(Inquiry.questions).selectinload(Question.parts),
    selectinload(Inquiry.assignments).joinedload(Assignment.org_unit),
    selectinload(Inquiry.assignments).joinedload(Assignment.contribution)
    .joinedload(Contribution.author),
    selectinload(Inquiry.answers).selectinload(Answer.questions),
)


@dataclass
class QuestionSheet:
    """One question as printed: its sent assignments (lead first), the contributions the
    viewer may read, and its answer (``answer_here``: printed below this question, the
    first of the answer's questions; the others refer to it)."""

    question: Question
    assignments: list[Assignment] = field(default_factory=list)
    contributions: list[Assignment] = field(default_factory=list)
    answer: Answer | None = None
    answer_here: bool = False
    own: bool = False  # assigned to the viewer's unit (marked, as on the inquiry page)


@dataclass
class PrintSheet:
    inquiry: Inquiry
    questions: list[QuestionSheet]
    whole_inquiry: list[Assignment]  # assignments for the inquiry as a whole
    may_read_answers: bool


def _order(assignment: Assignment) -> tuple:
    return (assignment.role != AssignmentRole.LEAD, assignment.org_unit.code,
            assignment.org_unit.name)


def contribution_readable(assignment: Assignment, user: User, may_read_answers: bool) -> bool:
    """A contribution's text as the other pages show it: the unit itself (and the units above
    it) in every state, as on the assignment page; submitted ones also to whoever reads the
    answers (the consolidation page)."""
    contribution = assignment.contribution
    if contribution is None or not contribution.text.strip():
        return False
    if assignment.can_view_contribution(user):
        return True
    return may_read_answers and contribution.state == ContributionState.SUBMITTED


def print_sheet(inquiry: Inquiry, user: User) -> PrintSheet:
    """What ``user`` (who may view the inquiry) sees of it on paper. Like the inquiry page,
    only assignments already sent are listed."""
    may_read_answers = inquiry.can_view_answers(user)
    own_units = user.org_unit.descendant_ids() if user.is_department else set()
    sheets = {q.id: QuestionSheet(q) for q in inquiry.top_questions}
    whole: list[Assignment] = []
    for assignment in sorted(inquiry.assignments, key=_order):
        if assignment.sent_at is None:
            continue
        sheet = sheets.get(assignment.question_id)
        if sheet is None:
            whole.append(assignment)
            continue
        sheet.assignments.append(assignment)
        sheet.own = sheet.own or assignment.org_unit_id in own_units
        if contribution_readable(assignment, user, may_read_answers):
            sheet.contributions.append(assignment)
    if may_read_answers:
        for answer in sorted(inquiry.answers, key=lambda a: a.position):
            for i, question in enumerate(answer.questions):
                if question.id in sheets:
                    sheets[question.id].answer = answer
                    sheets[question.id].answer_here = i == 0
    return PrintSheet(inquiry=inquiry, questions=list(sheets.values()), whole_inquiry=whole,
                      may_read_answers=may_read_answers)
