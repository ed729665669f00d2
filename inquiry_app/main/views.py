"""Start page "Meine Aufgaben": what is waiting for the current user, by role."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import defer, joinedload

from inquiry_app.extensions import db
from inquiry_app.inquiries import listing
from inquiry_app.models import (
    Assignment,
    Contribution,
    ContributionState,
    Inquiry,
    InquiryState,
    OrgUnit,
    Role,
    User,
)

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
    returned, more_returned = listing.section(listing.ListQuery(
        [listing.returned_condition()], (InquiryState.ROUTED,), listing.BY_DUE))
    inquiries, more = listing.section(listing.ListQuery(
        [], COUNCIL_OFFICE_STATES, listing.BY_DUE))
    # not in the table above: read from the state index alone
    in_progress = db.session.scalar(
        sa.select(sa.func.count(Inquiry.id)).where(
            Inquiry.state.in_((InquiryState.ROUTED, InquiryState.IN_REVIEW,
                               InquiryState.AWAITING_SIGNATURE)))
    ) - len(returned)
    return render_template(
        "main/council_office.html", inquiries=returned + inquiries,
        next_step=COUNCIL_OFFICE_NEXT_STEP, in_progress=in_progress,
        returned={i.id for i in returned},
        more={"zurueckgegeben": more_returned, "naechster_schritt": more},
        all_next_steps=",".join(s.value for s in COUNCIL_OFFICE_STATES),
    )


def _department():
    unit_ids = current_user.org_unit.descendant_ids()
    size = listing.SECTION_SIZE
    assignments = db.session.scalars(
        sa.select(Assignment)
        .join(Assignment.inquiry)
        .where(*listing.working_assignment(unit_ids), listing.still_answered())
        .options(
            listing.without_texts(joinedload(Assignment.inquiry)),
            joinedload(Assignment.question),
            joinedload(Assignment.org_unit),
        )
        .order_by(Assignment.due_on, Inquiry.number, Assignment.id)
        .limit(size + 1)
    ).all()
    approvals = []
    if current_user.role == Role.DEPARTMENT_HEAD:
        approvals = db.session.scalars(
            sa.select(Contribution)
            .join(Contribution.assignment)
            .join(Assignment.inquiry)
            .where(*listing.working_assignment(unit_ids), listing.still_answered(),
                   Contribution.state == ContributionState.AWAITING_APPROVAL)
            .options(defer(Contribution.text), listing.without_texts(
                joinedload(Contribution.assignment).joinedload(Assignment.inquiry)))
            .order_by(Assignment.due_on, Contribution.id)
            .limit(size + 1)
        ).all()
    reviews, more_reviews = [], False
    if current_user.role == Role.DEPARTMENT_HEAD:
        reviews, more_reviews = _reviews_for(current_user)
    return render_template(
        "main/department.html", assignments=assignments[:size], approvals=approvals[:size],
        reviews=reviews,
        more={"zuweisungen": len(assignments) > size, "freigabe": len(approvals) > size,
              "mitzeichnung": more_reviews},
    )


def _reviews_for(user) -> tuple[list[Inquiry], bool]:
    """Inquiries in review whose next pending step lies with the user's unit (one query)."""
    return listing.section(listing.ListQuery(
        [listing.review_condition(user.org_unit.descendant_ids())], (InquiryState.IN_REVIEW,),
        listing.BY_DUE))


def _signatory():
    reviews, more_reviews = _reviews_for(current_user)
    to_sign, more_to_sign = listing.section(listing.ListQuery(
        [], (InquiryState.AWAITING_SIGNATURE,), listing.BY_DUE))
    return render_template("main/signatory.html", inquiries=reviews + to_sign,
                           more={"mitzeichnung": more_reviews, "zeichnung": more_to_sign})


def _admin():
    counts = {
        "users": db.session.scalar(sa.select(sa.func.count(User.id)).where(User.active)),
        "units": db.session.scalar(sa.select(sa.func.count(OrgUnit.id)).where(OrgUnit.active)),
        "inquiries": db.session.scalar(sa.select(sa.func.count(Inquiry.id))),
    }
    from inquiry_app.letters.operations import waiting_for_nobody

    stuck, more_stuck = waiting_for_nobody(limit=listing.SECTION_SIZE)
    return render_template("main/admin.html", counts=counts, stuck=stuck, more_stuck=more_stuck)
