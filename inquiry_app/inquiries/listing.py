"""Bounded lists of inquiries: the inquiry list with its filters and the start page sections.

Every list reads one page in the order an index delivers (see migration 0007): by receipt
(newest first) or by due date (most urgent first), each with the id as tie-breaker. A filter
on several states reads each state's first rows from its own index and merges them (one
statement, ``UNION ALL`` of per-state ``LIMIT`` queries), so no list sorts the inquiry table.
Large text columns are not loaded for lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased, defer, joinedload, selectinload

from inquiry_app import paging
from inquiry_app.extensions import db
from inquiry_app.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Contribution,
    ContributionState,
    Inquiry,
    InquiryState,
    Question,
    Review,
    ReviewDecision,
    Role,
)
from inquiry_app.models.enums import FINISHED_STATES, WORKING_ASSIGNMENT_STATES

PAGE_SIZE = 50
SECTION_SIZE = 15
#: ``?seite=`` without a key reads at most this far (an OFFSET walks the index); further pages
#: are reached with "Weiter"
MAX_OFFSET = 10_000

#: columns a list never shows
LIST_DEFERRED = (defer(Inquiry.submitted_text), defer(Inquiry.preamble), defer(Inquiry.remark),
                 defer(Inquiry.no_claim_reason))


def without_texts(loader):
    """A loader option of a relationship to Inquiry, without the large text columns."""
    return loader.defer(Inquiry.submitted_text).defer(Inquiry.preamble).defer(
        Inquiry.remark).defer(Inquiry.no_claim_reason)


LIST_LOAD = (*LIST_DEFERRED, selectinload(Inquiry.submitters), joinedload(Inquiry.faction))

BY_RECEIPT = (paging.Column(Inquiry.received_on, date, descending=True),
              paging.Column(Inquiry.id, int, descending=True))
BY_DUE = (paging.Column(Inquiry.due_on, date), paging.Column(Inquiry.id, int))
ORDERS = {"eingang": BY_RECEIPT, "frist": BY_DUE}

TASKS = {
    "zurueckgegeben": "Zurückgegebene Fragen neu zuweisen",
    "zuweisungen": "Offene Zuweisungen meines Bereichs",
    "freigabe": "Zuarbeiten zur Freigabe",
    "mitzeichnung": "Antwortschreiben zur Mitzeichnung",
}

LEAD_HOLDING = (AssignmentState.DRAFT, AssignmentState.OPEN, AssignmentState.ACCEPTED,
                AssignmentState.SUBMITTED)
OPEN_WORK = WORKING_ASSIGNMENT_STATES  # sent, still being worked on (not closed)


# --- what waits for whom, as SQL conditions on Inquiry ----------------------------------------

def returned_condition():
    """Routed inquiries with a returned assignment and a question without an active lead
    (what :func:`inquiry_app.assignments.operations.open_questions` finds, in SQL)."""
    lead = sa.select(Assignment.id).where(
        Assignment.question_id == Question.id, Assignment.role == AssignmentRole.LEAD,
        Assignment.state.in_(LEAD_HOLDING))
    # a question routed by sub-questions: assignments of sub-questions of the same question
    sibling = aliased(Question)
    parent_lead = sa.select(Assignment.id).where(
        Assignment.question_id == Question.parent_id, Assignment.role == AssignmentRole.LEAD,
        Assignment.state.in_(LEAD_HOLDING))
    of_parts = sa.select(Assignment.id).join(sibling, sibling.id == Assignment.question_id)
    orphan = sa.select(Question.id).where(
        Question.inquiry_id == Inquiry.id, ~lead.exists(),
        sa.or_(
            sa.and_(Question.parent_id.is_(None),
                    ~of_parts.where(sibling.parent_id == Question.id).exists()),
            sa.and_(Question.parent_id.is_not(None),
                    of_parts.where(sibling.parent_id == Question.parent_id).exists(),
                    ~parent_lead.exists()),
        ))
    returned = sa.select(Assignment.id).where(
        Assignment.inquiry_id == Inquiry.id, Assignment.state == AssignmentState.RETURNED)
    return sa.and_(Inquiry.state == InquiryState.ROUTED, returned.exists(), orphan.exists())


def working_assignment(unit_ids: set[int]) -> tuple:
    """Conditions on Assignment: one of the units' sent assignments still being worked on."""
    return Assignment.org_unit_id.in_(unit_ids), Assignment.state.in_(OPEN_WORK)


def still_answered():
    """Condition on Inquiry: not yet answered (signed, sent, published) nor withdrawn; the
    offices never see work of these."""
    return Inquiry.state.not_in(FINISHED_STATES)


def open_work_condition(unit_ids: set[int]):
    """Inquiries still being answered with an open or accepted (sent) assignment of one of the
    units (never work of answered or withdrawn inquiries, as on the start page)."""
    return sa.and_(still_answered(), Inquiry.id.in_(
        sa.select(Assignment.inquiry_id).where(*working_assignment(unit_ids))))


def approval_condition(unit_ids: set[int]):
    """Inquiries still being answered with a contribution of one of the units waiting for the
    head's approval."""
    return sa.and_(still_answered(), Inquiry.id.in_(
        sa.select(Assignment.inquiry_id).join(Contribution, Contribution.assignment_id == Assignment.id)
        .where(*working_assignment(unit_ids),
               Contribution.state == ContributionState.AWAITING_APPROVAL)))


def review_condition(unit_ids: set[int]):
    """Inquiries in review whose next pending step (the first pending one of the current
    round) lies with one of the units: :func:`letters.operations.pending_review` in SQL."""
    later = sa.orm.aliased(Review)
    earlier = sa.orm.aliased(Review)
    step = sa.select(Review.id).where(
        Review.inquiry_id == Inquiry.id,
        Review.decision == ReviewDecision.PENDING,
        Review.org_unit_id.in_(unit_ids),
        ~sa.select(later.id).where(later.inquiry_id == Review.inquiry_id,
                                   later.round > Review.round).exists(),
        ~sa.select(earlier.id).where(earlier.inquiry_id == Review.inquiry_id,
                                     earlier.round == Review.round,
                                     earlier.decision == ReviewDecision.PENDING,
                                     earlier.position < Review.position).exists(),
    )
    return sa.and_(Inquiry.state == InquiryState.IN_REVIEW, step.exists())


def task_condition(task: str, user):
    """The condition of a start page section (``aufgabe=``) for the user, or None."""
    if task == "zurueckgegeben" and user.role == Role.COUNCIL_OFFICE:
        return returned_condition()
    if not user.is_department and user.role != Role.SIGNATORY:
        return None
    units = user.org_unit.descendant_ids()
    if task == "zuweisungen" and user.is_department:
        return open_work_condition(units)
    if task == "freigabe" and user.role == Role.DEPARTMENT_HEAD:
        return approval_condition(units)
    if task == "mitzeichnung" and user.role in Review.DECIDER_ROLES:
        return review_condition(units)
    return None


#: states a task can only be in (lets the list read the state's index)
TASK_STATES = {"zurueckgegeben": (InquiryState.ROUTED,), "mitzeichnung": (InquiryState.IN_REVIEW,)}


# --- reading a page -------------------------------------------------------------------------

@dataclass
class ListQuery:
    conditions: Sequence
    states: Sequence[InquiryState] = ()
    order: tuple = BY_RECEIPT
    #: a condition no index serves (a text search): read the table once and keep the first
    #: rows (SQLite's top-N sort) instead of walking the order index and looking up each row
    #: (PostgreSQL chooses by its statistics)
    scan: bool = False


def _scanned(select, query: ListQuery):
    return select.with_hint(Inquiry, "NOT INDEXED", "sqlite") if query.scan else select


def _run(query: ListQuery, extra, order, limit: int, offset: int) -> list[Inquiry]:
    conditions = [*query.conditions, *([extra] if extra is not None else [])]
    base = _scanned(sa.select(Inquiry).where(*conditions), query)
    if len(query.states) == 1:
        base = base.where(Inquiry.state == query.states[0])
    elif len(query.states) > 1:
        # each state's first rows from its own index, merged: no sort of the whole table
        parts = [_scanned(sa.select(Inquiry.id).where(*conditions, Inquiry.state == s), query)
                 .order_by(*order).limit(limit + offset).subquery() for s in query.states]
        ids = sa.union_all(*(sa.select(p.c.id) for p in parts))
        base = base.where(Inquiry.id.in_(ids))
    return list(db.session.scalars(
        base.options(*LIST_LOAD).order_by(*order).limit(limit).offset(offset)).unique())


def read_page(query: ListQuery, request: paging.Request, size: int | None = None,
              count: bool = True) -> paging.Page:
    size = size or PAGE_SIZE
    columns = query.order
    page = paging.fetch_keys(
        paging.sql_runner(lambda extra, order, limit, offset: _run(query, extra, order, limit, offset),
                          columns),
        columns, request, size, lambda i: tuple(getattr(i, c.expr.key) for c in columns),
        max_offset=MAX_OFFSET)
    if count:
        counted = sa.select(Inquiry.id).where(*query.conditions)
        if query.states:
            counted = counted.where(Inquiry.state.in_(query.states))
        page.total, page.more_than = paging.capped_count(counted)
    return page


def section(query: ListQuery, size: int | None = None) -> tuple[list[Inquiry], bool]:
    """The first ``size`` rows of a start page section and whether there are more."""
    size = size or SECTION_SIZE
    rows = _run(query, None, paging.ordering(query.order), size + 1, 0)
    return rows[:size], len(rows) > size
