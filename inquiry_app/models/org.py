"""Org units (Ämter, Abteilungen, Eigenbetriebe, Geschäftsbereiche) and their competence terms."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inquiry_app.extensions import db
from inquiry_app.models.base import utcnow
from inquiry_app.models.enums import OrgUnitKind, enum_column_type


class OrgUnit(db.Model):
    __tablename__ = "org_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[OrgUnitKind] = mapped_column(enum_column_type(OrgUnitKind, "org_unit_kind"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("org_unit.id"), index=True)
    mailbox: Mapped[str | None] = mapped_column(sa.String(254))
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    requires_head_approval: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false()
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[OrgUnit]] = relationship(back_populates="parent", order_by="OrgUnit.code")
    terms: Mapped[list[CompetenceTerm]] = relationship(
        back_populates="org_unit", cascade="all, delete-orphan", order_by="CompetenceTerm.term"
    )

    __table_args__ = (sa.CheckConstraint("length(code) > 0", name="code_not_empty"),)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    def ancestors(self) -> list[OrgUnit]:
        result, unit, seen = [], self.parent, {self.id}
        while unit is not None and unit.id not in seen:
            result.append(unit)
            seen.add(unit.id)
            unit = unit.parent
        return result

    def descendant_ids(self) -> set[int]:
        """Ids of this unit and every unit below it (one query per request for the tree)."""
        children: dict[int | None, list[int]] = {}
        for unit_id, parent_id in _unit_tree():
            children.setdefault(parent_id, []).append(unit_id)
        result, stack = set(), [self.id]
        while stack:
            unit_id = stack.pop()
            if unit_id in result:
                continue
            result.add(unit_id)
            stack.extend(children.get(unit_id, ()))
        return result

    def __repr__(self) -> str:
        return f"<OrgUnit {self.code}>"


def _unit_tree() -> list[tuple[int, int | None]]:
    """(id, parent_id) of all units, cached for the current request."""
    from flask import g, has_app_context

    if has_app_context() and "unit_tree" in g:
        return g.unit_tree
    tree = [tuple(row) for row in db.session.execute(sa.select(OrgUnit.id, OrgUnit.parent_id))]
    if has_app_context():
        g.unit_tree = tree
    return tree


def _forget_unit_tree(session, _context) -> None:
    from flask import g, has_app_context

    if has_app_context() and any(
            isinstance(o, OrgUnit) for o in (*session.new, *session.dirty, *session.deleted)):
        g.pop("unit_tree", None)


def register_tree_cache() -> None:
    """Drop the per-request unit tree whenever units change."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "after_flush", _forget_unit_tree):
        event.listen(Session, "after_flush", _forget_unit_tree)


class CompetenceTerm(db.Model):
    """A word or phrase that says what a unit is responsible for (used for routing)."""

    __tablename__ = "competence_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("org_unit.id", ondelete="CASCADE"), index=True
    )
    term: Mapped[str] = mapped_column(sa.String(200))

    org_unit: Mapped[OrgUnit] = relationship(back_populates="terms")

    __table_args__ = (
        sa.UniqueConstraint("org_unit_id", "term"),
        sa.CheckConstraint("length(term) > 0", name="term_not_empty"),
    )
