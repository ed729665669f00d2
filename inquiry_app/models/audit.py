"""Append-only records: workflow transitions and field changes (the audit trail)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inquiry_app.extensions import db
from inquiry_app.models.accounts import User
from inquiry_app.models.base import utcnow
from inquiry_app.models.inquiries import Inquiry


class Transition(db.Model):
    """One workflow step of an inquiry: who fired which event, from which state to which."""

    __tablename__ = "transition"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inquiry.id", ondelete="RESTRICT"), index=True
    )
    event: Mapped[str] = mapped_column(sa.String(40))
    from_state: Mapped[str | None] = mapped_column(sa.String(32))
    to_state: Mapped[str] = mapped_column(sa.String(32))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    note: Mapped[str | None] = mapped_column(sa.Text)

    actor: Mapped[User | None] = relationship()
    inquiry: Mapped[Inquiry] = relationship()

    # the audit search by person, newest first
    __table_args__ = (sa.Index("ix_transition_actor_id_at", "actor_id", "at"),)


class AuditEntry(db.Model):
    """A change to a record: who, when, what (old and new values as JSON)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int | None] = mapped_column(sa.ForeignKey("inquiry.id"), index=True)
    entity: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(sa.String(20))  # create, update, delete
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()

    # the audit search by object or person, newest first (the id follows in SQLite's index)
    __table_args__ = (sa.Index("ix_audit_entry_entity_at", "entity", "at"),
                      sa.Index("ix_audit_entry_actor_id_at", "actor_id", "at"))
