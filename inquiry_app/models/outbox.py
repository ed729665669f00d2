"""The mail outbox: every e-mail is stored in the transaction of the change that causes it and
delivered later by the worker (``flask --app inquiry_app mail deliver``)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inquiry_app.extensions import db
from inquiry_app.models.accounts import User
from inquiry_app.models.base import utcnow
from inquiry_app.models.enums import LabelledEnum, Role, enum_column_type
from inquiry_app.models.inquiries import Inquiry


class MailState(LabelledEnum):
    PENDING = "pending", "wird versandt"
    SENDING = "sending", "wird versandt"
    DELIVERED = "delivered", "versandt"
    FAILED = "failed", "fehlgeschlagen"


class MailPurpose(LabelledEnum):
    NOTIFICATION = "notification", "Benachrichtigung"
    LETTER_DISPATCH = "letter_dispatch", "Versand des Antwortschreibens"
    INTERIM_NOTICE = "interim_notice", "Zwischenbescheid"


class OutboxMail(db.Model):
    """One e-mail: what to send, and where delivery stands (attempts, the server's answer)."""

    __tablename__ = "outbox_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[MailPurpose] = mapped_column(
        enum_column_type(MailPurpose, "mail_purpose"), default=MailPurpose.NOTIFICATION
    )
    inquiry_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("inquiry.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    recipients: Mapped[list] = mapped_column(sa.JSON)
    subject: Mapped[str] = mapped_column(sa.Text)
    body: Mapped[str] = mapped_column(sa.Text)
    message_id: Mapped[str] = mapped_column(sa.String(255))
    state: Mapped[MailState] = mapped_column(
        enum_column_type(MailState, "mail_state"), default=MailState.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(sa.String(32))
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    last_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    inquiry: Mapped[Inquiry | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    attachments: Mapped[list[OutboxAttachment]] = relationship(
        back_populates="mail", cascade="all, delete-orphan", order_by="OutboxAttachment.position"
    )

    __table_args__ = (
        sa.Index("ix_outbox_mail_state_next_attempt_at", "state", "next_attempt_at"),
        sa.CheckConstraint("(state = 'delivered') = (delivered_at IS NOT NULL)",
                           name="delivered_at_iff_delivered"),
        sa.CheckConstraint("(state = 'sending') = (lease_until IS NOT NULL)",
                           name="lease_iff_sending"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    @property
    def in_flight(self) -> bool:
        return self.state in (MailState.PENDING, MailState.SENDING)

    @property
    def shown_answer(self) -> str | None:
        """The mail server's answer that belongs to the mail's state now: the refusal of a
        failed mail or of the last attempt of one waiting to retry, a note on a delivered one
        (recipients refused, delivery not recorded). A mail being sent or put back into the
        outbox (attempts reset) shows no old refusal next to "wird versandt" – the answer stays
        stored."""
        if self.state == MailState.SENDING or (self.state == MailState.PENDING and not self.attempts):
            return None
        return self.last_error

    def can_retry(self, user) -> bool:
        return user.role in (Role.COUNCIL_OFFICE, Role.ADMIN) and self.state == MailState.FAILED

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.state.value} {self.subject!r}>"


class OutboxAttachment(db.Model):
    """A file sent with an outbox mail (e.g. the signed letter), stored as bytes."""

    __tablename__ = "outbox_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[int] = mapped_column(
        sa.ForeignKey("outbox_mail.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    filename: Mapped[str] = mapped_column(sa.String(255))
    mimetype: Mapped[str] = mapped_column(sa.String(127))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)

    mail: Mapped[OutboxMail] = relationship(back_populates="attachments")
