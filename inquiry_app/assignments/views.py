"""Routing screen of the council office and the department's view of an assignment."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from inquiry_app.assignments.operations import (
    AssignmentError,
    QuestionPlan,
    accept,
    default_internal_due,
    forward,
    open_questions,
    return_assignment,
    save_plan,
    send,
)
from inquiry_app.boundary import int_or_none
from inquiry_app.deadlines.settings import answer_due
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.forms import Form, date_range_error
from inquiry_app.mail import enqueue
from inquiry_app.models import (
    Assignment,
    AssignmentState,
    Comment,
    Contribution,
    Inquiry,
    InquiryState,
    OrgUnit,
    Question,
)
from inquiry_app.permissions import load_object
from inquiry_app.routing.service import suggest_for
from inquiry_app.textblocks.queries import text_blocks
from inquiry_app.unit_of_work import discard

bp = Blueprint("assignments", __name__)


def _units() -> list[OrgUnit]:
    return db.session.scalars(sa.select(OrgUnit).where(OrgUnit.active).order_by(OrgUnit.code)).all()


def _int(value: str | None) -> int | None:
    return int_or_none(value)


def _date(value: str | None, label: str) -> date | None:
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise AssignmentError(f"{label}: Bitte geben Sie ein gültiges Datum an.") from None
    message = date_range_error(parsed, label)
    if message:
        raise AssignmentError(message)
    return parsed


def _posted_plans(inquiry: Inquiry) -> dict[int, QuestionPlan]:
    questions = open_questions(inquiry)
    plans = {}
    for q in questions:
        plans[q.id] = QuestionPlan(
            lead_id=_int(request.form.get(f"lead_{q.id}")),
            contributor_ids=[i for i in map(_int, request.form.getlist(f"contrib_{q.id}")) if i],
            due_on=_date(request.form.get(f"due_{q.id}"), f"Frage {q.number}"),
        )
    if request.form.get("apply_all") and questions:
        first = plans[questions[0].id]
        for q in questions[1:]:
            plans[q.id] = QuestionPlan(first.lead_id, list(first.contributor_ids), first.due_on)
    return plans


def _current_plans(inquiry: Inquiry, suggestions, units: list[OrgUnit]) -> dict[int, QuestionPlan]:
    """What the form shows: saved drafts, else the top suggestion."""
    unit_ids = {u.code: u.id for u in units}
    default_due = default_internal_due(inquiry)
    plans = {}
    for q in open_questions(inquiry):
        drafts = [a for a in inquiry.assignments
                  if a.question_id == q.id and a.state == AssignmentState.DRAFT]
        lead = next((a for a in drafts if a.role.value == "lead"), None)
        if lead is not None:
            plans[q.id] = QuestionPlan(lead.org_unit_id,
                                       [a.org_unit_id for a in drafts if a is not lead], lead.due_on)
            continue
        top = suggestions.get(q.id) or []
        plans[q.id] = QuestionPlan(unit_ids.get(top[0].unit) if top else None, [], default_due)
    return plans


@bp.route("/anfragen/<int:id>/zuweisung", methods=["GET", "POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def plan(inquiry: Inquiry):
    if inquiry.state not in (InquiryState.SPLIT, InquiryState.ROUTED):
        flash(f"Im Status „{inquiry.state.label}“ können keine Fragen zugewiesen werden.", "error")
        return redirect(url_for("inquiries.detail", id=inquiry.id))
    suggestions = suggest_for(inquiry, top=3)
    units = _units()
    status = 200
    if request.method == "POST":
        if not Form().validate_on_submit():
            abort(400)
        try:
            plans = _posted_plans(inquiry)
            save_plan(inquiry, plans, current_user)
            mails = send(inquiry, current_user) if request.form.get("action") == "send" else []
        except DomainError as exc:
            discard()
            inquiry = db.session.get(Inquiry, inquiry.id)
            flash(str(exc), "error")
            status = 422
            try:
                plans = _posted_plans(inquiry)
            except DomainError:
                plans = _current_plans(inquiry, suggestions, units)
        else:
            enqueue(mails, inquiry_id=inquiry.id, created_by=current_user)
            if request.form.get("action") == "send":
                flash(f"Die Zuweisungen der Anfrage {inquiry.number} wurden versandt; die "
                      "Fachbereiche werden per E-Mail benachrichtigt.", "success")
                return redirect(url_for("inquiries.detail", id=inquiry.id))
            flash("Die Zuweisungen wurden als Entwurf gespeichert.", "success")
            return redirect(url_for("assignments.plan", id=inquiry.id))
    else:
        plans = _current_plans(inquiry, suggestions, units)
    returned = [a for a in inquiry.assignments if a.state == AssignmentState.RETURNED]
    computation = answer_due(inquiry.received_on)
    return render_template(
        "assignments/plan.html", inquiry=inquiry, questions=open_questions(inquiry),
        suggestions=suggestions, plans=plans, units=units, returned=returned,
        default_due=default_internal_due(inquiry), computation=computation,
    ), status


ASSIGNMENT_PAGE_LOAD = (
    joinedload(Assignment.org_unit),
    joinedload(Assignment.question),
    joinedload(Assignment.contribution).selectinload(Contribution.revisions),
    joinedload(Assignment.inquiry).selectinload(Inquiry.questions).selectinload(Question.parts),
    joinedload(Assignment.inquiry).selectinload(Inquiry.assignments)
    .joinedload(Assignment.org_unit),
)


@bp.route("/zuweisungen/<int:id>")
@load_object(Assignment, "can_view", to="assignment", options=ASSIGNMENT_PAGE_LOAD)
def detail(assignment: Assignment):
    inquiry = assignment.inquiry
    others = [a for a in inquiry.assignments
              if a.question_id == assignment.question_id and a.id != assignment.id
              and a.sent_at is not None]
    units = _units()
    below_ids = assignment.org_unit.descendant_ids() - {assignment.org_unit_id}
    below = [u for u in units if u.id in below_ids]
    comments = db.session.scalars(
        sa.select(Comment).where(Comment.inquiry_id == inquiry.id,
                                 Comment.question_id == assignment.question_id)
        .options(joinedload(Comment.author)).order_by(Comment.created_at)
    ).all()
    return render_template(
        "assignments/detail.html", assignment=assignment, inquiry=inquiry, others=others,
        units=units, below=below, comments=comments, contribution=assignment.contribution,
        blocks=text_blocks(current_user.org_unit.descendant_ids()),
        may_consolidate=inquiry.can_consolidate(current_user),
    )


def _action(assignment: Assignment, operation) -> object:
    """CSRF, run the operation, put its mails into the outbox (committed at the end of the
    request); the refusal as a redirect with the message, else None."""
    if not Form().validate_on_submit():
        abort(400)
    try:
        mails = operation()
    except DomainError as exc:
        discard()
        flash(str(exc), "error")
        return redirect(url_for("assignments.detail", id=assignment.id))
    enqueue(mails or [], inquiry_id=assignment.inquiry_id, created_by=current_user)
    return None


@bp.route("/zuweisungen/<int:id>/annehmen", methods=["POST"])
@load_object(Assignment, "can_work_on", to="assignment")
def accept_view(assignment: Assignment):
    failed = _action(assignment, lambda: accept(assignment, current_user))
    if failed:
        return failed
    flash(f"Sie haben Frage {assignment.question.number} der Anfrage {assignment.inquiry.number} "
          "angenommen.", "success")
    return redirect(url_for("assignments.detail", id=assignment.id))


@bp.route("/zuweisungen/<int:id>/zurueckgeben", methods=["POST"])
@load_object(Assignment, "can_work_on", to="assignment")
def return_view(assignment: Assignment):
    suggested = db.session.get(OrgUnit, _int(request.form.get("suggested_unit")) or 0)
    failed = _action(assignment, lambda: return_assignment(
        assignment, current_user, request.form.get("reason", ""), suggested))
    if failed:
        return failed
    flash("Die Zuweisung wurde an die Abteilung Stadtratsangelegenheiten zurückgegeben.", "success")
    return redirect(url_for("main.index"))


@bp.route("/zuweisungen/<int:id>/weitergeben", methods=["POST"])
@load_object(Assignment, "can_work_on", to="assignment")
def forward_view(assignment: Assignment):
    target = db.session.get(OrgUnit, _int(request.form.get("target_unit")) or 0)
    if target is None:
        flash("Bitte wählen Sie die Einheit, an die Sie weitergeben.", "error")
        return redirect(url_for("assignments.detail", id=assignment.id))
    failed = _action(assignment, lambda: forward(assignment, current_user, target))
    if failed:
        return failed
    flash(f"Die Zuweisung wurde an {target.label} weitergegeben.", "success")
    return redirect(url_for("main.index"))


