"""Lists and detail pages of inquiries, filtered by what the user may see."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from inquiry_app import paging
from inquiry_app.archive.pages import archive_facts
from inquiry_app.audit.history import inquiry_history
from inquiry_app.deadlines.settings import answer_due
from inquiry_app.extensions import db
from inquiry_app.inquiries import listing
from inquiry_app.inquiries.pages import EVENT_ANCHORS, EVENT_PAGES
from inquiry_app.inquiries.printing import PRINT_LOAD, print_sheet
from inquiry_app.models import (
    Answer,
    Assignment,
    Inquiry,
    InquiryState,
    Question,
    Transition,
    answer_question,
)
from inquiry_app.models.base import utcnow
from inquiry_app.permissions import load_object
from inquiry_app.search import querying
from inquiry_app.workflow import ACTION_LABELS, DESTRUCTIVE_EVENTS, EVENT_LABELS, available_events

bp = Blueprint("inquiries", __name__)

@bp.route("/")
@login_required
def index():
    conditions = [Inquiry.visible_to(current_user)]
    known = {s.value: s for s in InquiryState}
    chosen = list(dict.fromkeys(v for v in request.args.get("status", "").split(",") if v in known))
    term = request.args.get("q", "").strip()[:200]
    task = request.args.get("aufgabe", "")
    task_filter = listing.task_condition(task, current_user)
    if task_filter is None:
        task = ""
    else:
        conditions.append(task_filter)
        if not chosen:
            chosen = [s.value for s in listing.TASK_STATES.get(task, ())]
    sort = request.args.get("sortierung", "")
    sort = sort if sort in listing.ORDERS else ("frist" if task else "eingang")
    states = [known[v] for v in chosen]
    by_number = bool(term) and any(c.isdigit() for c in term)
    more_found = False
    if term:
        # the inquiries the search finds (text of inquiry, questions, answers), and for a term
        # with a digit any inquiry whose number contains it ("0815/25")
        ids, more_found = querying.inquiry_ids(current_user, term, tuple(states),
                                               newest_first=sort == "eingang")
        found = Inquiry.id.in_(ids)
        conditions.append(sa.or_(found, Inquiry.number.icontains(term, autoescape=True))
                          if by_number else found)
    query = listing.ListQuery(conditions, states, listing.ORDERS[sort], scan=by_number)
    # a text search is not counted (its inquiries come from the search, at most LIST_HITS)
    page = listing.read_page(query, paging.Request.from_args(request.args), count=not term)
    filter_args = {"q": term, "status": ",".join(chosen), "aufgabe": task,
                   "sortierung": sort if sort != "eingang" else ""}
    return render_template(
        "inquiries/index.html", page=page, inquiries=page.items, states=list(InquiryState),
        chosen=chosen, state=",".join(chosen), term=term, task=task, task_label=listing.TASKS.get(task, ""),
        more_found=more_found, found_cap=querying.LIST_HITS,
        sort=sort, args={k: v for k, v in filter_args.items() if v},
    )


INQUIRY_PAGE_LOAD = (
    joinedload(Inquiry.faction),
    joinedload(Inquiry.lead_org_unit),
    selectinload(Inquiry.submitters),
    selectinload(Inquiry.extensions),
    selectinload(Inquiry.questions).selectinload(Question.parts),
    selectinload(Inquiry.assignments).joinedload(Assignment.org_unit),
)


def final_question_count(inquiry: Inquiry) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(answer_question)
        .join(Answer, Answer.id == answer_question.c.answer_id)
        .where(Answer.inquiry_id == inquiry.id, Answer.is_final)
    )


@bp.route("/<int:id>")
@load_object(Inquiry, "can_view", to="inquiry", options=INQUIRY_PAGE_LOAD)
def detail(inquiry: Inquiry):
    by_question: dict[int | None, list[Assignment]] = {}
    for a in inquiry.assignments:
        if a.sent_at is not None:
            by_question.setdefault(a.question_id, []).append(a)
    history = db.session.scalars(
        sa.select(Transition)
        .where(Transition.inquiry_id == inquiry.id)
        .options(joinedload(Transition.actor))
        .order_by(Transition.at, Transition.id)
    ).all()
    progress = None
    if inquiry.state in (InquiryState.ROUTED, InquiryState.ANSWERS_COMPLETE) and inquiry.questions:
        progress = (final_question_count(inquiry), len(inquiry.top_questions))
    state_labels = {s.value: s.label for s in InquiryState}
    own_units = current_user.org_unit.descendant_ids() if current_user.is_department else set()
    return render_template(
        "inquiries/detail.html", may_consolidate=inquiry.can_consolidate(current_user),
        inquiry=inquiry,
        questions=inquiry.questions,
        by_question=by_question, history=history, state_labels=state_labels,
        event_labels=EVENT_LABELS, events=available_events(inquiry, current_user),
        event_pages=EVENT_PAGES, event_anchors=EVENT_ANCHORS, action_labels=ACTION_LABELS,
        destructive=DESTRUCTIVE_EVENTS,
        computation=answer_due(inquiry.received_on),
        own_units=own_units, progress=progress,
        archive=archive_facts(inquiry) if inquiry.imported else None,
    )


@bp.route("/<int:id>/druck")
@load_object(Inquiry, "can_view", to="inquiry", options=PRINT_LOAD)
def print_view(inquiry: Inquiry):
    """Everything the viewer may see of the inquiry on one page, laid out for paper: the
    details, preamble, questions with assignments, contributions and answers, the history."""
    return render_template(
        "inquiries/print.html", sheet=print_sheet(inquiry, current_user), inquiry=inquiry,
        history=inquiry_history(inquiry, current_user),
        computation=answer_due(inquiry.received_on), printed_at=utcnow(),
    )
