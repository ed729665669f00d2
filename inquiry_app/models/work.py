"""The work on an inquiry: assignments to offices, contributions, consolidated answers,
comments and reusable text blocks."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inquiry_app.extensions import db
from inquiry_app.models.accounts import User
from inquiry_app.models.base import utcnow
from inquiry_app.models.enums import (
    AssignmentRole,
    AssignmentState,
    ContributionState,
    enum_column_type,
)
from inquiry_app.models.inquiries import Inquiry, Question
from inquiry_app.models.org import OrgUnit


class Assignment(db.Model):
    """One org unit asked to answer one question (or the whole inquiry), as lead or contributor."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inquiry.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    org_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("org_unit.id"), index=True)
    role: Mapped[AssignmentRole] = mapped_column(
        enum_column_type(AssignmentRole, "assignment_role")
    )
    state: Mapped[AssignmentState] = mapped_column(
        enum_column_type(AssignmentState, "assignment_state"), default=AssignmentState.DRAFT
    )
    due_on: Mapped[date]
    sent_at: Mapped[datetime | None]
    return_reason: Mapped[str | None] = mapped_column(sa.Text)
    suggested_org_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("org_unit.id"))
    forwarded_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assignment.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    inquiry: Mapped[Inquiry] = relationship(back_populates="assignments")
    question: Mapped[Question | None] = relationship()
    org_unit: Mapped[OrgUnit] = relationship(foreign_keys=[org_unit_id])
    suggested_org_unit: Mapped[OrgUnit | None] = relationship(
        foreign_keys=[suggested_org_unit_id]
    )
    contribution: Mapped[Contribution | None] = relationship(
        back_populates="assignment", cascade="all, delete-orphan", uselist=False
    )

    __table_args__ = (
        sa.UniqueConstraint("question_id", "org_unit_id"),
        sa.CheckConstraint(
            "(state = 'returned') = (return_reason IS NOT NULL)", name="reason_iff_returned"
        ),
        sa.CheckConstraint(
            "(state = 'draft') = (sent_at IS NULL)", name="sent_at_unless_draft"
        ),
        # a department's open work, most urgent first (start page)
        sa.Index("ix_assignment_org_unit_id_state_due_on", "org_unit_id", "state", "due_on"),
        # "has a returned / open assignment" of an inquiry, from the index alone
        sa.Index("ix_assignment_inquiry_id_state", "inquiry_id", "state"),
    )

    @property
    def is_closed(self) -> bool:
        """Closed because the inquiry was withdrawn: the contribution stays, nothing is
        submitted any more."""
        return self.state == AssignmentState.CLOSED

    def can_view(self, user) -> bool:
        from inquiry_app.models.enums import Role

        if user.role in (Role.COUNCIL_OFFICE, Role.ADMIN, Role.SIGNATORY):
            return True
        return self.sent_at is not None and self.org_unit_id in user.org_unit.descendant_ids()

    def can_work_on(self, user) -> bool:
        """Department users of the assigned unit (or a unit above it) work on it, once sent."""
        return (user.is_department and self.sent_at is not None
                and self.org_unit_id in user.org_unit.descendant_ids())

    def can_view_contribution(self, user) -> bool:
        """Drafts and revisions of a contribution stay inside the unit."""
        return self.can_work_on(user)

    def needs_head_approval(self, user) -> bool:
        """Whether ``user`` submitting the contribution sends it to the unit's head first
        (units that require approval, unless the head submits)."""
        from inquiry_app.models.enums import Role

        return self.org_unit.requires_head_approval and user.role != Role.DEPARTMENT_HEAD


class Contribution(db.Model):
    """A department's written answer to its assignment (Zuarbeit)."""

    __tablename__ = "contribution"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assignment.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(sa.Text, default="")
    state: Mapped[ContributionState] = mapped_column(
        enum_column_type(ContributionState, "contribution_state"),
        default=ContributionState.DRAFT,
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime | None]
    late: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    assignment: Mapped[Assignment] = relationship(back_populates="contribution")
    author: Mapped[User | None] = relationship()
    revisions: Mapped[list[ContributionRevision]] = relationship(
        back_populates="contribution", cascade="all, delete-orphan",
        order_by="ContributionRevision.number",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint(
            "(state = 'submitted') = (submitted_at IS NOT NULL)", name="submitted_at_iff_submitted"
        ),
        sa.Index("ix_contribution_state", "state"),  # waiting for approval (start page)
    )

    def can_approve(self, user) -> bool:
        from inquiry_app.models.enums import Role

        return (user.role == Role.DEPARTMENT_HEAD
                and self.assignment.org_unit_id in user.org_unit.descendant_ids())


class ContributionRevision(db.Model):
    """Every save of a contribution, kept."""

    __tablename__ = "contribution_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(sa.String(200))

    contribution: Mapped[Contribution] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("contribution_id", "number"),)


answer_question = sa.Table(
    "answer_question",
    db.metadata,
    sa.Column("answer_id", sa.ForeignKey("answer.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "question_id", sa.ForeignKey("question.id", ondelete="CASCADE"), primary_key=True,
        unique=True,
    ),
)


class Answer(db.Model):
    """The consolidated answer to one or more questions (one item of the reply)."""

    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inquiry.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text, default="")
    is_final: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    from_contributions: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    inquiry: Mapped[Inquiry] = relationship(back_populates="answers")
    questions: Mapped[list[Question]] = relationship(
        secondary=answer_question, order_by="Question.position"
    )
    revisions: Mapped[list[AnswerRevision]] = relationship(
        back_populates="answer", cascade="all, delete-orphan", order_by="AnswerRevision.number"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.UniqueConstraint("inquiry_id", "position"),)

    def can_view(self, user) -> bool:
        return self.inquiry.can_view(user)

    def can_consolidate(self, user) -> bool:
        """Edit this answer: the council office, or a department user of a unit leading one
        of its questions."""
        from inquiry_app.models.enums import Role

        return user.role == Role.COUNCIL_OFFICE or any(q.is_led_by(user) for q in self.questions)


class AnswerRevision(db.Model):
    __tablename__ = "answer_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answer.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    note: Mapped[str | None] = mapped_column(sa.String(200))

    answer: Mapped[Answer] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("answer_id", "number"),)


class Comment(db.Model):
    """A remark between offices on an inquiry or one question (internal, never published)."""

    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("inquiry.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()

    __table_args__ = (sa.CheckConstraint("length(text) > 0", name="text_not_empty"),)


class TextBlock(db.Model):
    """A reusable text block (Textbaustein); city-wide when org_unit_id is empty."""

    __tablename__ = "text_block"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    text: Mapped[str] = mapped_column(sa.Text)
    org_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("org_unit.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    org_unit: Mapped[OrgUnit | None] = relationship()

    @staticmethod
    def can_edit_for(user, unit_id: int | None) -> bool:
        """Keep a text block for ``unit_id`` (None: the whole administration): the council
        office and admin for any unit, a head for their own unit and the units below it."""
        from inquiry_app.models.enums import Role

        if user.role in (Role.COUNCIL_OFFICE, Role.ADMIN):
            return True
        return user.role == Role.DEPARTMENT_HEAD and unit_id in user.org_unit.descendant_ids()

    def can_edit(self, user) -> bool:
        return self.can_edit_for(user, self.org_unit_id)


class Reminder(db.Model):
    """A reminder e-mail sent (or due) for an assignment's deadline."""

    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assignment.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[date]
    sent_at: Mapped[datetime | None]
