"""What the pages show of an archived inquiry: where it came from, the reading's warnings,
the answers per question and the offices guessed per question; and the original file as a
download with a safe name."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from pathlib import PurePath

import sqlalchemy as sa
from flask import abort, send_file
from sqlalchemy.orm import defer, joinedload

from inquiry_app.extensions import db
from inquiry_app.models import Answer, Inquiry
from inquiry_app.models.archive import ArchiveRecord, QuestionOffice

MIMETYPES = {".pdf": "application/pdf", ".txt": "text/plain; charset=utf-8",
             ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass
class ArchiveFacts:
    record: ArchiveRecord | None
    has_reply_file: bool
    offices: dict[int, list[QuestionOffice]] = field(default_factory=dict)
    answers: dict[int, list[Answer]] = field(default_factory=dict)


def archive_facts(inquiry: Inquiry) -> ArchiveFacts:
    record = db.session.scalar(sa.select(ArchiveRecord).where(
        ArchiveRecord.inquiry_id == inquiry.id).options(defer(ArchiveRecord.reply_file)))
    facts = ArchiveFacts(record, has_reply_file(inquiry))
    ids = [q.id for q in inquiry.questions]
    for office in db.session.scalars(
            sa.select(QuestionOffice).where(QuestionOffice.question_id.in_(ids))
            .options(joinedload(QuestionOffice.org_unit))
            .order_by(QuestionOffice.confidence.desc().nulls_last())):
        facts.offices.setdefault(office.question_id, []).append(office)
    for answer in inquiry.answers:  # shown once, under the first question it answers
        if answer.questions:
            first = answer.questions[0]
            facts.answers.setdefault(first.parent_id or first.id, []).append(answer)
    return facts


def archived_structure(inquiry: Inquiry) -> dict:
    """The answers of an archived inquiry in the shape of a signed letter's structure
    (``items`` of questions and answer), for the public page, which has no letter to show."""
    items = []
    for answer in inquiry.answers:
        tops: list = []
        for question in answer.questions:
            top = question.parent or question
            if top not in tops:
                tops.append(top)
        items.append({"questions": [{
            "number": top.number, "text": top.text,
            "parts": [{"number": p.number, "text": p.text} for p in top.sub_questions
                      if p in answer.questions or top in answer.questions]}
            for top in tops], "answer": answer.text})
    return {"items": items, "remark": inquiry.remark}


def has_reply_file(inquiry: Inquiry) -> bool:
    return bool(db.session.scalar(sa.select(ArchiveRecord.reply_file.is_not(None)).where(
        ArchiveRecord.inquiry_id == inquiry.id)))


def original_download(inquiry: Inquiry, kind: str = "antwort"):
    """A file as imported, named after the number (``Antwort_AF0815-25.pdf``): ``antwort``
    the reply file, ``anfrage`` the inquiry's own file."""
    if not inquiry.imported:
        abort(404)
    if kind == "antwort":
        row = db.session.execute(
            sa.select(ArchiveRecord.reply_file, ArchiveRecord.reply_filename)
            .where(ArchiveRecord.inquiry_id == inquiry.id)).first()
        data, name = row if row else (None, None)
    else:
        data, name = inquiry.original_file, inquiry.original_filename
    if data is None:
        abort(404)
    suffix = PurePath(name or "").suffix.lower()
    suffix = suffix if suffix in MIMETYPES else ""
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in inquiry.number)
    return send_file(BytesIO(data), as_attachment=True,
                     mimetype=MIMETYPES.get(suffix, "application/octet-stream"),
                     download_name=f"{kind.capitalize()}_{stem}{suffix}")
