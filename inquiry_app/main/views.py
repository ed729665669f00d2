"""Start page "Meine Aufgaben": what is waiting for the current user, by role."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from inquiry_app.assignments.operations import open_questions
from inquiry_app.extensions import db
from inquiry_app.models import (
    Assignment,
    AssignmentState,
    Contribution,
    ContributionState,
    Inquiry,
    InquiryState,
    OrgUnit,
    Role,
    User,
)
from inquiry_app.models.enums import FINISHED_STATES, WORKING_ASSIGNMENT_STATES

bp = Blueprint("main", __name__)

COUNCIL_OFFICE_STATES = (
    InquiryState.RECEIVED,
    InquiryState.SPLIT,
    InquiryState.ANSWERS_COMPLETE,
    InquiryState.DRAFT,
    InquiryState.RETURNED,
    InquiryState.SIGNED,
    InquiryState.SENT,
)
COUNCIL_OFFICE_NEXT_STEP = {
    InquiryState.RECEIVED: "Fragen prüfen und bestätigen",
    InquiryState.SPLIT: "Fragen zuweisen",
    InquiryState.ANSWERS_COMPLETE: "Antwortschreiben entwerfen",
    InquiryState.DRAFT: "Entwurf prüfen und zur Mitzeichnung geben",
    InquiryState.RETURNED: "Zurückgegebenen Entwurf überarbeiten",
    InquiryState.SIGNED: "Antwort versenden",
    InquiryState.SENT: "Antwort veröffentlichen",
}


@bp.route("/")
def root():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    return redirect(url_for("accounts.login"))


@bp.route("/aufgaben")
@login_required
def index():
    role = current_user.role
    if role == Role.COUNCIL_OFFICE:
        return _council_office()
    if role in (Role.DEPARTMENT, Role.DEPARTMENT_HEAD):
        return _department()
    if role == Role.SIGNATORY:
        return _signatory()
    return _admin()


def _council_office():
    inquiries = db.session.scalars(
        sa.select(Inquiry)
        .where(Inquiry.state.in_(COUNCIL_OFFICE_STATES))
        .options(selectinload(Inquiry.submitters), joinedload(Inquiry.faction))
        .order_by(Inquiry.due_on, Inquiry.number)
    ).all()
    returned = db.session.scalars(
        sa.select(Inquiry)
        .where(Inquiry.state == InquiryState.ROUTED,
               Inquiry.assignments.any(Assignment.state == AssignmentState.RETURNED))
        .options(selectinload(Inquiry.submitters), joinedload(Inquiry.faction),
                 selectinload(Inquiry.assignments), selectinload(Inquiry.questions))
        .order_by(Inquiry.due_on)
    ).all()
    returned = [i for i in returned if open_questions(i)]
    in_progress = db.session.scalar(
        sa.select(sa.func.count(Inquiry.id)).where(
            Inquiry.state.in_((InquiryState.ROUTED, InquiryState.IN_REVIEW,
                               InquiryState.AWAITING_SIGNATURE))
        )
    )
    return render_template(
        "main/council_office.html", inquiries=returned + list(inquiries),
        next_step=COUNCIL_OFFICE_NEXT_STEP, in_progress=in_progress - len(returned),
        returned={i.id for i in returned},
    )


def _department():
    unit_ids = current_user.org_unit.descendant_ids()
    assignments = db.session.scalars(
        sa.select(Assignment)
        .join(Assignment.inquiry)
        .where(
            Assignment.org_unit_id.in_(unit_ids),
            Assignment.sent_at.is_not(None),
            Assignment.state.in_(WORKING_ASSIGNMENT_STATES),
            Inquiry.state.not_in(FINISHED_STATES),  # never work of answered or withdrawn ones
        )
        .options(
            joinedload(Assignment.inquiry),
            joinedload(Assignment.question),
            joinedload(Assignment.org_unit),
        )
        .order_by(Assignment.due_on, Inquiry.number, Assignment.id)
    ).all()
    approvals = []
    if current_user.role == Role.DEPARTMENT_HEAD:
        approvals = db.session.scalars(
            sa.select(Contribution)
            .join(Contribution.assignment)
            .join(Assignment.inquiry)
            .where(
                Assignment.org_unit_id.in_(unit_ids),
                Assignment.state.in_(WORKING_ASSIGNMENT_STATES),
                Inquiry.state.not_in(FINISHED_STATES),
                Contribution.state == ContributionState.AWAITING_APPROVAL,
            )
            .options(joinedload(Contribution.assignment).joinedload(Assignment.inquiry))
        ).all()
    reviews = _reviews_for(current_user) if current_user.role == Role.DEPARTMENT_HEAD else []
    return render_template(
        "main/department.html", assignments=assignments, approvals=approvals, reviews=reviews
    )


def _reviews_for(user) -> list[Inquiry]:
    """Inquiries in review whose next pending step lies with the user's unit."""
    from inquiry_app.letters.operations import pending_review

    candidates = db.session.scalars(
        sa.select(Inquiry).where(Inquiry.state == InquiryState.IN_REVIEW)
        .options(selectinload(Inquiry.submitters)).order_by(Inquiry.due_on)
    ).all()
    return [i for i in candidates
            if (review := pending_review(i)) is not None and review.can_decide(user)]


def _signatory():
    to_sign = db.session.scalars(
        sa.select(Inquiry)
        .where(Inquiry.state == InquiryState.AWAITING_SIGNATURE)
        .options(selectinload(Inquiry.submitters), joinedload(Inquiry.faction))
        .order_by(Inquiry.due_on)
    ).all()
    return render_template("main/signatory.html", inquiries=_reviews_for(current_user) + to_sign)


def _admin():
    counts = {
        "users": db.session.scalar(sa.select(sa.func.count(User.id)).where(User.active)),
        "units": db.session.scalar(sa.select(sa.func.count(OrgUnit.id)).where(OrgUnit.active)),
        "inquiries": db.session.scalar(sa.select(sa.func.count(Inquiry.id))),
    }
    from inquiry_app.letters.operations import waiting_for_nobody

    return render_template("main/admin.html", counts=counts, stuck=waiting_for_nobody())
