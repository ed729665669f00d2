"""Routing screen of the council office and the department's view of an assignment."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from inquiry_app.assignments.forms import ForwardForm, ReturnForm, plan_form
from inquiry_app.assignments.operations import (
    QuestionPlan,
    accept,
    default_internal_due,
    forward,
    open_parts,
    open_questions,
    return_assignment,
    routed_by_parts,
    save_plan,
    send,
    split_fixed,
)
from inquiry_app.assignments.pages import active_units, detail_page
from inquiry_app.deadlines.settings import answer_due
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.mail import enqueue
from inquiry_app.models import (
    Assignment,
    AssignmentState,
    Contribution,
    Inquiry,
    InquiryState,
    OrgUnit,
    Question,
)
from inquiry_app.permissions import load_object
from inquiry_app.reuse.panels import offices_before, similar_for
from inquiry_app.routing.service import proposed_contributors, suggest_for
from inquiry_app.templating import count_de, plural_de
from inquiry_app.unit_of_work import discard


def offices_told(by_mail: int, without_mailbox: int) -> str:
    """What the offices learn of new assignments, counted: only the mails really stored
    (an office without a mailbox gets none), and whether they leave now or wait."""
    parts = []
    if by_mail:
        waits = "" if current_app.config["MAIL_ENABLED"] else (
            ", sobald der E-Mail-Versand eingeschaltet ist")
        parts.append(f"{count_de(by_mail, 'Fachbereich wird', 'Fachbereiche werden')} per "
                     f"E-Mail benachrichtigt{waits}.")
    if without_mailbox:
        parts.append(f"{count_de(without_mailbox, 'Fachbereich hat', 'Fachbereiche haben')} kein "
                     f"Postfach und {plural_de(without_mailbox, 'sieht', 'sehen')} die Zuweisung "
                     "unter „Meine Aufgaben“.")
    return " ".join(parts)


bp = Blueprint("assignments", __name__)


def _drafted_or_proposed(inquiry: Inquiry, question: Question, suggestions,
                         units: list[OrgUnit], default_due) -> QuestionPlan:
    """The saved draft of a question, else the router's proposal: the top suggestion as
    lead, the suggestions after it that score well enough as contributors."""
    drafts = [a for a in inquiry.assignments
              if a.question_id == question.id and a.state == AssignmentState.DRAFT]
    lead = next((a for a in drafts if a.role.value == "lead"), None)
    if lead is not None:
        return QuestionPlan(lead.org_unit_id, [a.org_unit_id for a in drafts if a is not lead],
                            lead.due_on)
    top = suggestions.get(question.id) or []
    unit_ids = {u.code: u.id for u in units}
    return QuestionPlan(unit_ids.get(top[0].unit) if top else None,
                        proposed_contributors(top, units), default_due)


def _current_plans(inquiry: Inquiry, questions: list[Question], parts: dict[int, list[Question]],
                   suggestions, units: list[OrgUnit]) -> tuple[dict[int, QuestionPlan], set[int]]:
    """What the form shows: saved drafts, else the suggestions; and the questions shown
    routed by sub-questions (those whose sub-questions have drafts or were routed)."""
    default_due = default_internal_due(inquiry)
    plans, split = {}, set()
    for q in questions:
        plans[q.id] = plan = _drafted_or_proposed(inquiry, q, suggestions, units, default_due)
        plan.parts = {p.id: _drafted_or_proposed(inquiry, p, suggestions, units, default_due)
                      for p in parts[q.id]}
        if routed_by_parts(q):
            split.add(q.id)
    return plans, split


@bp.route("/anfragen/<int:id>/zuweisung", methods=["GET", "POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def plan(inquiry: Inquiry):
    if inquiry.state not in (InquiryState.SPLIT, InquiryState.ROUTED):
        flash(f"Im Status „{inquiry.state.label}“ können keine Fragen zugewiesen werden.", "error")
        return redirect(url_for("inquiries.detail", id=inquiry.id))
    suggestions = suggest_for(inquiry, top=3)
    units = active_units()
    questions = open_questions(inquiry)
    parts = {q.id: open_parts(q) for q in questions}
    fixed = {q.id for q in questions if split_fixed(q)}
    plans, split = _current_plans(inquiry, questions, parts, suggestions, units)
    form = plan_form(questions, units, plans, default_internal_due(inquiry), parts=parts,
                     split=split, split_fixed=fixed)
    status = 200
    if form.validate_on_submit():
        plans = form.plans(questions)
        send_now = form.action.data == "send"
        try:
            save_plan(inquiry, plans, current_user)
            mails = send(inquiry, current_user) if send_now else []
        except DomainError as exc:
            discard()
            inquiry = db.session.get(Inquiry, inquiry.id)
            flash(str(exc), "error")
            status = 422
        else:
            stored = enqueue(mails, inquiry_id=inquiry.id, created_by=current_user)
            if send_now:
                flash(f"Die Zuweisungen der Anfrage {inquiry.number} wurden versandt. "
                      + offices_told(len(stored), len(mails) - len(stored)), "success")
                return redirect(url_for("inquiries.detail", id=inquiry.id))
            flash("Die Zuweisungen wurden als Entwurf gespeichert.", "success")
            return redirect(url_for("assignments.plan", id=inquiry.id))
    elif form.is_submitted():  # a date that is none: shown with what was typed
        status = 422
    returned = [a for a in inquiry.assignments if a.state == AssignmentState.RETURNED]
    computation = answer_due(inquiry.received_on)
    questions = open_questions(inquiry)
    similar = similar_for(questions, current_user, exclude_inquiry_id=inquiry.id)
    return render_template(
        "assignments/plan.html", inquiry=inquiry, questions=questions,
        answered_before={qid: offices_before(s) for qid, s in similar.items()},
        parts={q.id: open_parts(q) for q in questions}, split_fixed=fixed,
        suggestions=suggestions, unit_labels={u.code: u.label for u in units},
        returned=returned, form=form, computation=computation,
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
    return detail_page(assignment)


def _action(assignment: Assignment, operation, again=None) -> object:
    """Run the operation, put its mails into the outbox (committed at the end of the request);
    a refusal gives the page ``again(message)`` (a form shown again with the message and what
    was typed) or, for a plain button, a redirect with the message; else None. (The form
    token is checked for every POST by CSRFProtect.)"""
    try:
        mails = operation()
    except DomainError as exc:
        discard()
        if again is not None:
            return again(str(exc))
        flash(str(exc), "error")
        return redirect(url_for("assignments.detail", id=assignment.id))
    enqueue(mails or [], inquiry_id=assignment.inquiry_id, created_by=current_user)
    return None


def _shown_again(assignment_id: int, form_name: str, form):
    """After a rollback: the assignment page with ``form`` and the refusal in its summary."""
    def again(message: str):
        form.form_errors.append(message)
        assignment = db.session.get(Assignment, assignment_id)
        return detail_page(assignment, status=422, **{form_name: form})
    return again


@bp.route("/zuweisungen/<int:id>/annehmen", methods=["POST"])
@load_object(Assignment, "can_work_on", to="assignment")
def accept_view(assignment: Assignment):
    failed = _action(assignment, lambda: accept(assignment, current_user))
    if failed:
        return failed
    flash(f"Sie haben Frage {assignment.question.full_number} der Anfrage {assignment.inquiry.number} "
          "angenommen.", "success")
    return redirect(url_for("assignments.detail", id=assignment.id))


@bp.route("/zuweisungen/<int:id>/zurueckgeben", methods=["POST"])
@load_object(Assignment, "can_work_on", to="assignment", options=ASSIGNMENT_PAGE_LOAD)
def return_view(assignment: Assignment):
    form = ReturnForm()
    if not form.validate():
        return detail_page(assignment, status=422, return_form=form)
    suggested = db.session.get(OrgUnit, form.suggested_unit.data or 0)
    failed = _action(assignment, lambda: return_assignment(
        assignment, current_user, form.reason.data or "", suggested),
        _shown_again(assignment.id, "return_form", form))
    if failed:
        return failed
    flash("Die Zuweisung wurde an die Abteilung Stadtratsangelegenheiten zurückgegeben.", "success")
    return redirect(url_for("main.index"))


@bp.route("/zuweisungen/<int:id>/weitergeben", methods=["POST"])
@load_object(Assignment, "can_work_on", to="assignment", options=ASSIGNMENT_PAGE_LOAD)
def forward_view(assignment: Assignment):
    form = ForwardForm()
    target = db.session.get(OrgUnit, form.target_unit.data or 0)
    if target is None:
        form.validate()
        if not form.target_unit.errors:
            form.target_unit.errors.append("Bitte wählen Sie die Einheit, an die Sie weitergeben.")
        return detail_page(assignment, status=422, forward_form=form)
    failed = _action(assignment, lambda: forward(assignment, current_user, target),
                     _shown_again(assignment.id, "forward_form", form))
    if failed:
        return failed
    flash(f"Die Zuweisung wurde an {target.label} weitergegeben.", "success")
    return redirect(url_for("main.index"))
