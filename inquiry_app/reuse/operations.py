"""Insert a past answer into a contribution or an answer being written: the server loads the
past answer itself (never the posted text), checks that the user may see it, and saves the
writer's current text with the answer and its provenance appended as an ordinary draft save
(a revision noted "übernommen aus …")."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from inquiry_app.contributions import answers as answer_ops
from inquiry_app.contributions import operations as contribution_ops
from inquiry_app.contributions.versioning import SaveResult, normalise
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import Answer, Assignment, InquiryState, Question, User
from inquiry_app.models.work import answer_question

NOT_FOUND = "Diese frühere Antwort gibt es nicht oder Sie dürfen sie nicht sehen."


class ReuseError(DomainError):
    """A past answer that cannot be inserted (German message)."""


@dataclass(frozen=True)
class PastText:
    """The final answer to a past question, as it is inserted."""

    question: Question
    text: str

    @property
    def number(self) -> str:
        return self.question.inquiry.number

    @property
    def question_number(self) -> str:
        return self.question.full_number

    @property
    def source(self) -> str:
        """"übernommen aus AF1234/24, Frage 2" (the revision's note)."""
        return f"übernommen aus {self.number}, Frage {self.question_number}"

    @property
    def provenance(self) -> str:
        """The line after the inserted text."""
        return f"({self.source} – bitte Zahlen aktualisieren)"


def may_see(question: Question, user: User) -> bool:
    """The rule of the similar questions: an inquiry the user may open, or a published one."""
    inquiry = question.inquiry
    return inquiry.state == InquiryState.PUBLISHED or inquiry.can_view(user)


def past_text(question_id: int | None, user: User, *, into_inquiry_id: int) -> PastText:
    """The final answer to past question ``question_id`` if the user may see it; else a
    ReuseError (404: whether it exists is none of the user's business)."""
    question = db.session.get(Question, question_id) if question_id else None
    if question is None or question.inquiry_id == into_inquiry_id or not may_see(question, user):
        raise ReuseError(NOT_FOUND, 404)
    text = db.session.scalar(
        sa.select(Answer.text).join(answer_question, answer_question.c.answer_id == Answer.id)
        .where(answer_question.c.question_id == question.id, Answer.is_final)
        .order_by(Answer.position).limit(1))
    if not (text or "").strip():
        raise ReuseError(f"Frage {question.full_number} der Anfrage {question.inquiry.number} hat "
                         "keine endgültige Antwort, die übernommen werden könnte.", 404)
    return PastText(question, normalise(text).strip())


def with_inserted(current: str, past: PastText) -> str:
    """The writer's text, then the past answer and its provenance line."""
    return "\n\n".join(part for part in (normalise(current).strip(), past.text, past.provenance)
                       if part)


def insert_into_contribution(assignment: Assignment, user: User, question_id: int | None,
                             current: str, version: int | None) -> tuple[PastText, SaveResult]:
    """Save ``current`` (what the editor held) plus the past answer as the contribution's
    draft; refused like any save (not the user's, submitted, frozen, stale)."""
    past = past_text(question_id, user, into_inquiry_id=assignment.inquiry_id)
    result = contribution_ops.save(assignment, user, with_inserted(current, past), version,
                                   note=past.source)
    return past, result


def insert_into_answer(answer: Answer, user: User, question_id: int | None, current: str,
                       version: int | None) -> tuple[PastText, SaveResult]:
    """Save ``current`` plus the past answer as the answer's draft (consolidation page)."""
    past = past_text(question_id, user, into_inquiry_id=answer.inquiry_id)
    result = answer_ops.save_answer(answer, user, with_inserted(current, past), version,
                                    note=past.source)
    return past, result
