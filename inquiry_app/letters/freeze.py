"""Signed means frozen: once an inquiry is signed, its questions, answers, assignments,
contributions and the signed letter cannot change. Enforced for every flush, whatever
code path tries it; the views turn the error into a 409 page."""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from inquiry_app.domain import DomainError
from inquiry_app.models import (
    Answer,
    AnswerRevision,
    Assignment,
    Contribution,
    ContributionRevision,
    DeadlineExtension,
    Inquiry,
    Question,
    ReplyLetter,
)

# what may still change on a signed inquiry: dispatch and publication
INQUIRY_AFTER_SIGNING = {"state", "sent_on", "sent_channel", "published_at", "version"}


class FrozenError(DomainError):
    """An attempt to change something that is signed."""

    status = 409

    def __init__(self, what: str):
        super().__init__(f"{what} ist gezeichnet und kann nicht mehr geändert werden.")


def _committed(obj, attr: str):
    """The value as loaded from the database (before this flush's changes)."""
    history = inspect(obj).attrs[attr].history
    if history.deleted:
        return history.deleted[0]
    return history.unchanged[0] if history.unchanged else None


def _signed_before(inquiry: Inquiry | None) -> bool:
    if inquiry is None:
        return False
    state = inspect(inquiry)
    if state.pending or state.transient:
        return False
    return _committed(inquiry, "signed_at") is not None


def _inquiry_of(obj) -> Inquiry | None:
    if isinstance(obj, Question | Answer | Assignment | DeadlineExtension):
        return obj.inquiry
    if isinstance(obj, Contribution):
        return obj.assignment.inquiry if obj.assignment else None
    if isinstance(obj, ContributionRevision):
        return _inquiry_of(obj.contribution)
    if isinstance(obj, AnswerRevision):
        return _inquiry_of(obj.answer)
    return None


def _changed_attrs(obj) -> set[str]:
    state = inspect(obj)
    return {a.key for a in state.attrs if a.history.has_changes()}


def check_flush(session: Session, _context, _instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        deleted = obj in session.deleted
        if isinstance(obj, Inquiry):
            if _signed_before(obj) and (deleted or _changed_attrs(obj) - INQUIRY_AFTER_SIGNING):
                raise FrozenError(f"Die Anfrage {obj.number}")
        elif isinstance(obj, ReplyLetter):
            if _committed(obj, "signed_at") is not None and (deleted or _changed_attrs(obj)):
                raise FrozenError("Das Antwortschreiben")
        elif (deleted or session.is_modified(obj)) and _signed_before(_inquiry_of(obj)):
            raise FrozenError(f"Die Anfrage {_inquiry_of(obj).number}")
    for obj in session.new:
        if isinstance(obj, Question | Answer | Assignment | ContributionRevision | AnswerRevision
                      | DeadlineExtension) and _signed_before(_inquiry_of(obj)):
            raise FrozenError(f"Die Anfrage {_inquiry_of(obj).number}")


def register() -> None:
    if not event.contains(Session, "before_flush", check_flush):
        event.listen(Session, "before_flush", check_flush)
