"""Users, their roles and failed-login bookkeeping."""

from __future__ import annotations

import contextlib
from datetime import datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inquiry_app.extensions import db
from inquiry_app.models.base import utcnow
from inquiry_app.models.enums import Role, enum_column_type
from inquiry_app.models.org import OrgUnit

_hasher = PasswordHasher()


def use_fast_password_hashing() -> None:
    """Cheap Argon2 parameters, for the test suite only (never in production)."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    _DUMMY_HASH = _hasher.hash("dummy-password-for-timing")


# A valid hash of a random password: verifying against it costs the same as a real check,
# so an unknown login takes as long as a wrong password (no user enumeration by timing).
_DUMMY_HASH = _hasher.hash("dummy-password-for-timing")


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "role"))
    org_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("org_unit.id"), index=True)
    function: Mapped[str | None] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    org_unit: Mapped[OrgUnit] = relationship()

    # --- passwords ---------------------------------------------------------------
    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        ok, rehash = self.verify_password_hash(self.password_hash, password)
        if rehash:
            self.password_hash = rehash
        return ok

    @staticmethod
    def verify_password_hash(password_hash: str, password: str) -> tuple[bool, str | None]:
        """Whether ``password`` matches; plus a new hash when the stored one uses outdated
        parameters (to be stored by the caller)."""
        try:
            ok = _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False, None
        if ok and _hasher.check_needs_rehash(password_hash):
            return True, _hasher.hash(password)
        return ok, None

    @staticmethod
    def burn_password_check(password: str) -> None:
        """Spend the time of one password check (for unknown logins)."""
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)

    # --- Flask-Login -----------------------------------------------------------------
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def get_id(self) -> str:
        return str(self.id)

    # --- display -----------------------------------------------------------------------
    @property
    def display_name(self) -> str:
        return self.name

    @property
    def role_label(self) -> str:
        return self.role.label

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_council_office(self) -> bool:
        return self.role == Role.COUNCIL_OFFICE

    @property
    def is_department(self) -> bool:
        return self.role in (Role.DEPARTMENT, Role.DEPARTMENT_HEAD)

    @property
    def is_signatory(self) -> bool:
        return self.role == Role.SIGNATORY

    # --- permissions on users (admin pages) ---------------------------------------------
    def can_manage_users(self) -> bool:
        return self.is_admin

    def can_manage_org_units(self) -> bool:
        return self.is_admin

    def can_register_inquiries(self) -> bool:
        """Register a new inquiry (the other steps: ``Inquiry.can_manage``)."""
        return self.is_council_office

    def can_manage_people(self) -> bool:
        """Maintain councillors, factions and bodies (``council.PEOPLE_MANAGERS``)."""
        from inquiry_app.models import council

        return self.role in council.PEOPLE_MANAGERS

    def __repr__(self) -> str:
        return f"<User {self.login} {self.role.value}>"


class LoginAttempt(db.Model):
    """Each failed login, kept to lock an account after too many failures."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(sa.String(80), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    remote_addr: Mapped[str | None] = mapped_column(sa.String(64))
