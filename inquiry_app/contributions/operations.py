"""Writing contributions (Zuarbeiten): save with revisions, submit to the lead office,
approval by the unit's head where the unit requires it."""

from __future__ import annotations

from datetime import date

from flask import url_for

from inquiry_app.contributions.answers import contribution_submitted
from inquiry_app.contributions.versioning import SaveResult, save_text
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.mail import Mail
from inquiry_app.models import (
    Assignment,
    AssignmentState,
    Comment,
    Contribution,
    ContributionRevision,
    ContributionState,
    User,
)
from inquiry_app.models.base import utcnow
from inquiry_app.models.enums import WORKING_ASSIGNMENT_STATES

WRITABLE = WORKING_ASSIGNMENT_STATES
CLOSED_MESSAGE = ("Die Anfrage wurde zurückgezogen und die Zuweisung geschlossen. Die Zuarbeit "
                  "bleibt gespeichert und lesbar, kann aber nicht mehr geändert oder übermittelt "
                  "werden.")


class ContributionError(DomainError):
    """A step on a contribution that cannot be carried out (German message)."""


def contribution_of(assignment: Assignment) -> Contribution:
    if assignment.contribution is None:
        assignment.contribution = Contribution(text="", state=ContributionState.DRAFT)
        db.session.flush()
    return assignment.contribution


def _check_writable(assignment: Assignment, user: User) -> Contribution:
    if not assignment.can_work_on(user):
        raise ContributionError("Diese Zuweisung gehört nicht zu Ihrem Bereich.")
    if assignment.inquiry.is_frozen:
        raise ContributionError("Die Anfrage ist gezeichnet; Zuarbeiten sind abgeschlossen.")
    if assignment.is_closed:
        raise ContributionError(CLOSED_MESSAGE)
    if assignment.state not in WRITABLE:
        raise ContributionError(f"Die Zuweisung ist „{assignment.state.label}“; die Zuarbeit kann "
                                "nicht mehr geändert werden.")
    contribution = contribution_of(assignment)
    if contribution.state != ContributionState.DRAFT:
        raise ContributionError(f"Die Zuarbeit ist „{contribution.state.label}“ und kann nicht "
                                "geändert werden.")
    return contribution


def save(assignment: Assignment, user: User, text: str, version: int | None, *,
         autosave: bool = False, note: str | None = None) -> SaveResult:
    contribution = _check_writable(assignment, user)
    result = save_text(contribution, ContributionRevision, text, version, user,
                       autosave=autosave, note=note)
    if result.changed:
        contribution.author = user
        if assignment.state == AssignmentState.OPEN:
            assignment.state = AssignmentState.ACCEPTED
        db.session.flush()
        result.version = contribution.version
    return result


def restore(assignment: Assignment, user: User, number: int) -> SaveResult:
    contribution = _check_writable(assignment, user)
    revision = next((r for r in contribution.revisions if r.number == number), None)
    if revision is None:
        raise ContributionError(f"Version {number} gibt es nicht.")
    return save(assignment, user, revision.text, contribution.version,
                note=f"Version {number} wiederhergestellt")


def _mark_submitted(assignment: Assignment, contribution: Contribution) -> None:
    contribution.state = ContributionState.SUBMITTED
    contribution.submitted_at = utcnow()
    contribution.late = date.today() > assignment.due_on
    assignment.state = AssignmentState.SUBMITTED


def submit(assignment: Assignment, user: User) -> list[Mail]:
    """Submit to the lead office, or to the unit's head first when the unit requires it."""
    contribution = _check_writable(assignment, user)
    if not contribution.text.strip():
        raise ContributionError("Bitte schreiben Sie zuerst eine Zuarbeit.")
    inquiry = assignment.inquiry
    if assignment.needs_head_approval(user):
        contribution.state = ContributionState.AWAITING_APPROVAL
        db.session.flush()
        return [Mail([assignment.org_unit.mailbox] if assignment.org_unit.mailbox else [],
                     f"Zuarbeit zur Freigabe: Anfrage {inquiry.number}",
                     f"Guten Tag,\n\ndie Zuarbeit zu Frage {assignment.question.number} der Anfrage "
                     f"{inquiry.number} wartet auf die Freigabe der Amtsleitung.\n\n"
                     f"{url_for('assignments.detail', id=assignment.id, _external=True)}")]
    _mark_submitted(assignment, contribution)
    db.session.flush()
    contribution_submitted(inquiry)
    return []


def _check_head(contribution: Contribution, head: User) -> Assignment:
    assignment = contribution.assignment
    if not contribution.can_approve(head):
        raise ContributionError("Nur die Amtsleitung der Einheit kann Zuarbeiten freigeben.")
    if assignment.is_closed:
        raise ContributionError(CLOSED_MESSAGE)
    if contribution.state != ContributionState.AWAITING_APPROVAL:
        raise ContributionError("Diese Zuarbeit wartet nicht auf Freigabe.")
    return assignment


def approve(contribution: Contribution, head: User) -> None:
    assignment = _check_head(contribution, head)
    _mark_submitted(assignment, contribution)
    db.session.flush()
    contribution_submitted(assignment.inquiry)


def return_to_author(contribution: Contribution, head: User, comment: str) -> None:
    assignment = _check_head(contribution, head)
    comment = comment.strip()
    if not comment:
        raise ContributionError("Bitte begründen Sie die Rückgabe an die Bearbeitung.")
    contribution.state = ContributionState.DRAFT
    db.session.add(Comment(inquiry_id=assignment.inquiry_id, question_id=assignment.question_id,
                           author_id=head.id,
                           text=f"Rückgabe durch die Amtsleitung ({assignment.org_unit.code}): "
                                f"{comment}"))
    db.session.flush()
