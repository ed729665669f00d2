"""Test data for the search tests: archived (imported, published) inquiries with final
answers and the offices that answered, built as the archive import stores them."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from inquiry_app.extensions import db
from inquiry_app.models import (
    Answer,
    Inquiry,
    InquiryKind,
    InquiryState,
    OrgUnit,
    Question,
    QuestionOffice,
)

_SEQ = itertools.count(1)


def archived(questions: list[tuple[str, str]], *, subject: str = "Archivierte Anfrage",
             preamble: str = "", received_on: date = date(2023, 5, 2),
             office: OrgUnit | None = None, guessed: bool = True,
             state: InquiryState = InquiryState.PUBLISHED, number: str | None = None,
             imported: bool = True, **kw) -> Inquiry:
    """A published (or sent) imported inquiry: ``questions`` as (question, answer) pairs,
    each answer final, each question answered by ``office`` (guessed or not).
    ``imported=False``: the same record as if answered here (visible to departments only
    once published, unless their unit worked on it)."""
    n = next(_SEQ)
    signed = datetime.combine(received_on + timedelta(days=20), datetime.min.time())
    item = Inquiry(
        number=number or f"AR{n:04d}/{received_on:%y}", kind=InquiryKind.WRITTEN,
        subject=subject, preamble=preamble, received_on=received_on,
        due_on=received_on + timedelta(days=28), original_due_on=received_on + timedelta(days=28),
        state=state, signed_at=signed, sent_on=signed.date(),
        published_at=signed if state == InquiryState.PUBLISHED else None, imported=imported,
        questions=[Question(position=i, number=str(i), text=q)
                   for i, (q, _a) in enumerate(questions, start=1)], **kw)
    # answers with the inquiry in one flush: a signed inquiry takes no new rows afterwards
    item.answers = [Answer(position=question.position, text=text, is_final=True,
                           questions=[question])
                    for question, (_q, text) in zip(item.questions, questions, strict=True)
                    if text]
    db.session.add(item)
    db.session.flush()
    for question in item.questions:
        if office is not None:
            db.session.add(QuestionOffice(question_id=question.id, org_unit_id=office.id,
                                          guessed=guessed))
    db.session.flush()
    return item
