"""The archive: inquiries imported from a council information system (past replies as
files or an OParl dump), kept as read-only records, and the offices that answered each
question (guessed by the router for imported questions)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inquiry_app.extensions import db
from inquiry_app.models.base import utcnow
from inquiry_app.models.inquiries import Inquiry, Question
from inquiry_app.models.org import OrgUnit


class ArchiveRecord(db.Model):
    """Where an imported inquiry came from: one per imported inquiry. ``source_key`` makes
    an import idempotent (``sha256:<hex of the reply file>`` or ``oparl:<Paper id>``)."""

    __tablename__ = "archive_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inquiry.id", ondelete="CASCADE"), unique=True)
    source_key: Mapped[str] = mapped_column(sa.String(300), unique=True)
    source: Mapped[str] = mapped_column(sa.Text)  # file path or URL as given to the import
    reply_filename: Mapped[str | None] = mapped_column(sa.String(255))
    reply_file: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    reply_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    # what the reading of the reply noticed (``split-reply``'s warnings), shown on the record
    warnings: Mapped[list] = mapped_column(sa.JSON, default=list)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    inquiry: Mapped[Inquiry] = relationship()


class QuestionOffice(db.Model):
    """An office that answered a question of an imported inquiry; ``guessed`` when the
    router chose it (the reply does not say), with the router's confidence."""

    __tablename__ = "question_office"

    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("org_unit.id"), primary_key=True, index=True)
    guessed: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    confidence: Mapped[float | None] = mapped_column(sa.Float)

    question: Mapped[Question] = relationship()
    org_unit: Mapped[OrgUnit] = relationship()
