"""Reply letters (final and interim) and the review chain (Mitzeichnung)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inquiry_app.extensions import db
from inquiry_app.models.accounts import User
from inquiry_app.models.base import utcnow
from inquiry_app.models.enums import REVIEW_ROLES, LetterKind, ReviewDecision, enum_column_type
from inquiry_app.models.inquiries import Inquiry
from inquiry_app.models.org import OrgUnit


class ReplyLetter(db.Model):
    """A rendered letter. Once signed, its bytes and hash never change."""

    __tablename__ = "reply_letter"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inquiry.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[LetterKind] = mapped_column(enum_column_type(LetterKind, "letter_kind"))
    structure: Mapped[dict] = mapped_column(sa.JSON)  # the reply structure it was rendered from
    docx: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    rendered_at: Mapped[datetime] = mapped_column(default=utcnow)
    signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    signed_at: Mapped[datetime | None]

    inquiry: Mapped[Inquiry] = relationship()
    signed_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint(
            "(signed_by_id IS NULL) = (signed_at IS NULL)", name="signer_iff_signed_at"
        ),
        sa.CheckConstraint("length(sha256) = 64", name="sha256_length"),
    )

    def can_download(self, user) -> bool:
        return self.inquiry.can_view_letter(user)


class Review(db.Model):
    """One step of the review chain: a unit (and who decided) approves or returns the draft."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inquiry.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column(default=1)
    position: Mapped[int]
    org_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("org_unit.id"))
    decision: Mapped[ReviewDecision] = mapped_column(
        enum_column_type(ReviewDecision, "review_decision"), default=ReviewDecision.PENDING
    )
    reviewer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    comment: Mapped[str | None] = mapped_column(sa.Text)
    decided_at: Mapped[datetime | None]

    org_unit: Mapped[OrgUnit] = relationship()
    reviewer: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("inquiry_id", "round", "position"),
        sa.CheckConstraint(
            "(decision = 'pending') = (decided_at IS NULL)", name="decided_at_unless_pending"
        ),
        sa.CheckConstraint(
            "decision != 'returned' OR (comment IS NOT NULL AND length(comment) > 0)",
            name="comment_when_returned",
        ),
        # the pending steps of a unit (start pages): few among all decided ones
        sa.Index("ix_review_decision_org_unit_id", "decision", "org_unit_id"),
    )

    #: who decides a review step (of their unit or a unit below it)
    DECIDER_ROLES = REVIEW_ROLES

    def can_decide(self, user) -> bool:
        """Heads and signatories of the step's unit (or a unit above it) decide a review step."""
        return user.role in self.DECIDER_ROLES and self.org_unit_id in user.org_unit.descendant_ids()
