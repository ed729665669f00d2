"""Councillors (Stadträtinnen und Stadträte), their groups (Fraktionen) with dated
memberships, and the bodies inquiries come from (Stadtrat, Stadtbezirksbeiräte,
Ortschaftsräte) with their chairs."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inquiry_app.extensions import db
from inquiry_app.models.enums import BodyKind, FormOfAddress, Role, enum_column_type

#: roles that maintain councillors, factions and bodies (``User.can_manage_people``)
PEOPLE_MANAGERS = (Role.COUNCIL_OFFICE, Role.ADMIN)


class Faction(db.Model):
    __tablename__ = "faction"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    short_name: Mapped[str] = mapped_column(sa.String(60))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    address: Mapped[str | None] = mapped_column(sa.Text)  # lines separated by newlines
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    members: Mapped[list[CouncilMember]] = relationship(back_populates="faction")

    def __repr__(self) -> str:
        return f"<Faction {self.short_name}>"


class CouncilMember(db.Model):
    __tablename__ = "council_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_of_address: Mapped[FormOfAddress] = mapped_column(
        enum_column_type(FormOfAddress, "form_of_address")
    )
    title: Mapped[str] = mapped_column(sa.String(60), default="", server_default="")
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    role: Mapped[str] = mapped_column(sa.String(60), default="Stadtrat")  # Stadtrat/Stadträtin
    faction_id: Mapped[int | None] = mapped_column(sa.ForeignKey("faction.id"), index=True)
    email: Mapped[str | None] = mapped_column(sa.String(254))
    address: Mapped[str | None] = mapped_column(sa.Text)
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    faction: Mapped[Faction | None] = relationship(back_populates="members")
    memberships: Mapped[list[FactionMembership]] = relationship(
        back_populates="member", cascade="all, delete-orphan",
        order_by="(FactionMembership.valid_from, FactionMembership.id)",
    )

    def faction_on(self, day: date | None) -> Faction | None:
        """The faction the councillor belonged to on ``day`` (the current one without a
        recorded membership for that day)."""
        if day is not None:
            for membership in reversed(self.memberships):
                if membership.covers(day):
                    return membership.faction
        return self.faction

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def formal_name(self) -> str:
        """e.g. "Frau Stadträtin Mühle"."""
        return " ".join(
            p for p in (self.form_of_address.value, self.role, self.title, self.last_name) if p
        )

    def __repr__(self) -> str:
        return f"<CouncilMember {self.last_name}>"


class FactionMembership(db.Model):
    """A councillor's membership in a faction from ``valid_from`` to ``valid_until``
    (inclusive; open-ended while empty). The history behind ``CouncilMember.faction``."""

    __tablename__ = "faction_membership"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("council_member.id", ondelete="CASCADE"), index=True
    )
    faction_id: Mapped[int] = mapped_column(sa.ForeignKey("faction.id"), index=True)
    valid_from: Mapped[date | None]
    valid_until: Mapped[date | None]

    member: Mapped[CouncilMember] = relationship(back_populates="memberships")
    faction: Mapped[Faction] = relationship()

    __table_args__ = (
        sa.CheckConstraint(
            "valid_from IS NULL OR valid_until IS NULL OR valid_until >= valid_from",
            name="until_after_from",
        ),
    )

    def covers(self, day: date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_until is None or day <= self.valid_until))

    def __repr__(self) -> str:
        return f"<FactionMembership {self.council_member_id}->{self.faction_id}>"


class Body(db.Model):
    """A body inquiries come from: the Stadtrat, a Stadtbezirksbeirat or an Ortschaftsrat.
    Replies to a district or local council go to the body, for the attention of its chair."""

    __tablename__ = "body"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[BodyKind] = mapped_column(enum_column_type(BodyKind, "body_kind"))
    short_name: Mapped[str] = mapped_column(sa.String(60), default="", server_default="")
    chair_form_of_address: Mapped[FormOfAddress] = mapped_column(
        enum_column_type(FormOfAddress, "form_of_address"), default=FormOfAddress.NONE,
        server_default="",
    )
    chair_title: Mapped[str] = mapped_column(sa.String(60), default="", server_default="")
    chair_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    chair_function: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    address: Mapped[str | None] = mapped_column(sa.Text)  # lines separated by newlines
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    @property
    def is_city_council(self) -> bool:
        return self.kind == BodyKind.CITY_COUNCIL

    @property
    def label(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Body {self.name}>"
