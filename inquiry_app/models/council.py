"""Councillors (Stadträtinnen und Stadträte) and their groups (Fraktionen)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inquiry_app.extensions import db
from inquiry_app.models.enums import FormOfAddress, enum_column_type


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
