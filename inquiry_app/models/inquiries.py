"""Inquiries (Anfragen), their questions and deadline extensions."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inquiry_app.extensions import db
from inquiry_app.models.accounts import User
from inquiry_app.models.base import utcnow
from inquiry_app.models.council import Body, CouncilMember, Faction
from inquiry_app.models.enums import (
    REVIEW_ROLES,
    AssignmentRole,
    AssignmentState,
    InquiryKind,
    InquiryState,
    Role,
    enum_column_type,
)
from inquiry_app.models.org import OrgUnit

if TYPE_CHECKING:
    from inquiry_app.models.work import Answer, Assignment

inquiry_submitter = sa.Table(
    "inquiry_submitter",
    db.metadata,
    sa.Column(
        "inquiry_id", sa.ForeignKey("inquiry.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("council_member_id", sa.ForeignKey("council_member.id"), primary_key=True),
)


def _states_sql(*states: InquiryState) -> str:
    return ", ".join(f"'{s.value}'" for s in states)


class Inquiry(db.Model):
    __tablename__ = "inquiry"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    kind: Mapped[InquiryKind] = mapped_column(
        enum_column_type(InquiryKind, "inquiry_kind"), default=InquiryKind.WRITTEN
    )
    subject: Mapped[str] = mapped_column(sa.String(500))
    received_on: Mapped[date]
    due_on: Mapped[date]
    original_due_on: Mapped[date]
    faction_id: Mapped[int | None] = mapped_column(sa.ForeignKey("faction.id"), index=True)
    # as written on the inquiry ("Ihre Anfrage vom"); the deadline runs from received_on
    dated_on: Mapped[date | None]
    # the body it came from; empty means the Stadtrat
    body_id: Mapped[int | None] = mapped_column(sa.ForeignKey("body.id"), index=True)
    # § 28 Abs. 6 SächsGemO: no claim to an answer, answered voluntarily (with the reason)
    no_claim_to_answer: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    no_claim_reason: Mapped[str | None] = mapped_column(sa.Text)
    submitted_text: Mapped[str] = mapped_column(sa.Text, default="")
    original_filename: Mapped[str | None] = mapped_column(sa.String(255))
    original_file: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    preamble: Mapped[str] = mapped_column(sa.Text, default="")
    remark: Mapped[str] = mapped_column(sa.Text, default="")  # Vorbemerkung der Verwaltung
    state: Mapped[InquiryState] = mapped_column(
        enum_column_type(InquiryState, "inquiry_state"), default=InquiryState.RECEIVED, index=True
    )
    lead_org_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("org_unit.id"), index=True)
    signatory_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    signed_on_behalf: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    signed_at: Mapped[datetime | None]
    sent_on: Mapped[date | None]
    sent_channel: Mapped[str | None] = mapped_column(sa.String(40))
    published_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # a read-only record imported into the archive (``flask archive import``), see ArchiveRecord
    imported: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    faction: Mapped[Faction | None] = relationship()
    body: Mapped[Body | None] = relationship()
    submitters: Mapped[list[CouncilMember]] = relationship(secondary=inquiry_submitter)
    questions: Mapped[list[Question]] = relationship(
        back_populates="inquiry", cascade="all, delete-orphan", order_by="Question.position"
    )
    lead_org_unit: Mapped[OrgUnit | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    signatory: Mapped[User | None] = relationship(foreign_keys=[signatory_id])
    extensions: Mapped[list[DeadlineExtension]] = relationship(
        back_populates="inquiry", cascade="all, delete-orphan",
        order_by="DeadlineExtension.created_at",
    )
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="inquiry", cascade="all, delete-orphan", order_by="Assignment.id"
    )
    answers: Mapped[list[Answer]] = relationship(
        back_populates="inquiry", cascade="all, delete-orphan", order_by="Answer.position"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint(
            f"(state IN ({_states_sql(InquiryState.SIGNED, InquiryState.SENT, InquiryState.PUBLISHED)}))"
            " = (signed_at IS NOT NULL)",
            name="signed_at_iff_signed",
        ),
        sa.CheckConstraint(
            f"(state IN ({_states_sql(InquiryState.SENT, InquiryState.PUBLISHED)}))"
            " = (sent_on IS NOT NULL)",
            name="sent_on_iff_sent",
        ),
        sa.CheckConstraint(
            f"(state = '{InquiryState.PUBLISHED.value}') = (published_at IS NOT NULL)",
            name="published_at_iff_published",
        ),
        sa.CheckConstraint(
            f"(state = '{InquiryState.WITHDRAWN.value}') = (withdrawn_at IS NOT NULL)",
            name="withdrawn_at_iff_withdrawn",
        ),
        sa.CheckConstraint("due_on >= received_on", name="due_after_received"),
        # the lists' orders (inquiry_app/inquiries/listing.py), with the id as tie-breaker
        sa.Index("ix_inquiry_received_on_id", "received_on", "id"),
        sa.Index("ix_inquiry_due_on_id", "due_on", "id"),
        sa.Index("ix_inquiry_state_received_on_id", "state", "received_on", "id"),
        sa.Index("ix_inquiry_state_due_on_id", "state", "due_on", "id"),
        sa.Index("ix_inquiry_state_published_at_id", "state", "published_at", "id"),
    )

    # --- derived ----------------------------------------------------------------------
    @property
    def top_questions(self) -> list[Question]:
        return [q for q in self.questions if q.parent_id is None]

    @property
    def is_frozen(self) -> bool:
        return self.signed_at is not None

    @property
    def letter_date(self) -> date:
        """The date of the inquiry for "Ihre Anfrage vom": as written on it, else receipt."""
        return self.dated_on or self.received_on

    @property
    def from_district_body(self) -> bool:
        """From a Stadtbezirksbeirat or Ortschaftsrat (the reply goes to the body's chair)."""
        return self.body is not None and not self.body.is_city_council

    @property
    def submitter_names(self) -> str:
        names = [m.full_name for m in self.submitters]
        if self.faction is not None and not names:
            return self.faction.name
        return ", ".join(names)

    # --- permissions ------------------------------------------------------------------
    @classmethod
    def visible_to(cls, user) -> sa.ColumnElement[bool]:
        """SQL filter: the inquiries a user may see (list queries use this, never post-filter)."""
        from inquiry_app.models.work import Assignment

        if user.role in (Role.COUNCIL_OFFICE, Role.ADMIN, Role.SIGNATORY):
            return sa.true()
        unit_ids = user.org_unit.descendant_ids()
        # correlated EXISTS: a list reads the inquiries in its index order and stops after a
        # page, instead of collecting (and sorting) every inquiry the units ever worked on;
        # the archive (imported, published replies) is open to every user
        return sa.or_(cls.imported, sa.exists().where(
            Assignment.inquiry_id == cls.id, Assignment.org_unit_id.in_(unit_ids),
            Assignment.sent_at.is_not(None),
        ))

    def can_view(self, user) -> bool:
        if user.role in (Role.COUNCIL_OFFICE, Role.ADMIN, Role.SIGNATORY) or self.imported:
            return True
        unit_ids = user.org_unit.descendant_ids()
        return any(a.org_unit_id in unit_ids and a.sent_at is not None for a in self.assignments)

    def can_manage(self, user) -> bool:
        """Register, split, route, draft, dispatch: the council office's work."""
        return user.role == Role.COUNCIL_OFFICE

    def can_sign(self, user) -> bool:
        return user.role == Role.SIGNATORY

    def can_view_letter(self, user) -> bool:
        """Drafts and signed letters: council office, signatories, admin, reviewing heads."""
        if user.role in (Role.COUNCIL_OFFICE, Role.SIGNATORY, Role.ADMIN):
            return True
        return user.role == Role.DEPARTMENT_HEAD and self.can_view(user)

    def can_review(self, user) -> bool:
        """Take part in the review (approve or return the draft): the roles the workflow
        table allows for these steps, who may see the inquiry."""
        return user.role in REVIEW_ROLES and self.can_view(user)

    def can_consolidate(self, user) -> bool:
        """Turn contributions into answers: the council office, or a department user of a
        unit leading one of the questions."""
        return user.role == Role.COUNCIL_OFFICE or any(
            q.is_led_by(user) for q in self.top_questions)

    def can_view_answers(self, user) -> bool:
        """The consolidation page: who consolidates, and the signatories and admin (reading)."""
        return self.can_view(user) and (
            user.role in (Role.SIGNATORY, Role.ADMIN) or self.can_consolidate(user))

    def can_edit_remark(self, user) -> bool:
        """The administration's preamble (Vorbemerkung): whoever may edit one of the answers."""
        return user.role == Role.COUNCIL_OFFICE or any(
            a.can_consolidate(user) for a in self.answers)

    def can_reassign_review(self, user) -> bool:
        """Hand a waiting review step to another unit: the admin."""
        return user.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<Inquiry {self.number} {self.state.value}>"


class Question(db.Model):
    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inquiry.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("question.id"), index=True)
    position: Mapped[int]
    number: Mapped[str] = mapped_column(sa.String(20))  # "1", "2a", "I."
    text: Mapped[str] = mapped_column(sa.Text)

    inquiry: Mapped[Inquiry] = relationship(back_populates="questions")
    parent: Mapped[Question | None] = relationship(remote_side=[id], back_populates="parts")
    parts: Mapped[list[Question]] = relationship(
        back_populates="parent", order_by="Question.position"
    )

    __table_args__ = (sa.UniqueConstraint("inquiry_id", "position"),)

    @property
    def sub_questions(self) -> list[Question]:
        """Its sub-questions, in order, from the inquiry's questions (which the pages load
        at once; ``parts`` would load them per question)."""
        return [q for q in self.inquiry.questions if q.parent_id == self.id]

    @property
    def full_number(self) -> str:
        """The number as a reader refers to it: "2", a sub-question "2 a)" (its number after
        its question's, unless it carries it already: "2a")."""
        parent = self.parent
        if parent is None or self.number.startswith(parent.number):
            return self.number
        number = self.number if self.number.endswith(")") else f"{self.number})"
        return f"{parent.number} {number}"

    def lead_unit_ids(self) -> set[int]:
        """The units leading this question now (lead assignment open, accepted or submitted);
        for a question routed by sub-questions, the units leading one of them."""
        active = (AssignmentState.OPEN, AssignmentState.ACCEPTED, AssignmentState.SUBMITTED)
        ids = {self.id, *(p.id for p in self.sub_questions)}
        return {a.org_unit_id for a in self.inquiry.assignments
                if a.question_id in ids and a.role == AssignmentRole.LEAD
                and a.state in active}

    def is_led_by(self, user) -> bool:
        """A department user of a unit leading this question (or of a unit above it)."""
        return user.is_department and bool(self.lead_unit_ids() & user.org_unit.descendant_ids())

    def __repr__(self) -> str:
        return f"<Question {self.number}>"


class DeadlineExtension(db.Model):
    """A moved due date (e.g. with an interim notice), with reason and both dates."""

    __tablename__ = "deadline_extension"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inquiry.id", ondelete="CASCADE"), index=True
    )
    old_due_on: Mapped[date]
    new_due_on: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    inquiry: Mapped[Inquiry] = relationship(back_populates="extensions")

    __table_args__ = (
        sa.CheckConstraint("new_due_on > old_due_on", name="new_after_old"),
        sa.CheckConstraint("length(reason) > 0", name="reason_not_empty"),
    )
