"""Login with lockout after repeated failures; user management used by admin pages and CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from inquiry_app.database import read_phase
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import LoginAttempt, OrgUnit, Role, User
from inquiry_app.models.base import utcnow

FAILED_LOGIN = "Anmeldung fehlgeschlagen. Bitte prüfen Sie Benutzername und Passwort."
LOCKED = (
    "Zu viele fehlgeschlagene Anmeldeversuche. Die Anmeldung für dieses Konto ist für "
    "{minutes} Minuten gesperrt."
)


class AccountError(DomainError):
    """A user-management request that cannot be carried out (German message)."""


@dataclass
class LoginResult:
    user: User | None
    message: str | None


def normalise_login(login: str) -> str:
    return login.strip().lower()


def recent_failures(login: str) -> int:
    window = timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    return db.session.scalar(
        sa.select(sa.func.count(LoginAttempt.id)).where(
            LoginAttempt.login == login, LoginAttempt.at >= utcnow() - window
        )
    )


def authenticate(login: str, password: str, remote_addr: str | None) -> LoginResult:
    """Check credentials. Unknown logins and wrong passwords look the same to the caller;
    after the configured number of failures within the window, the login is locked
    (whether or not the account exists, so the lock reveals nothing)."""
    login = normalise_login(login)
    locked = LOCKED.format(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    # Read first, then check the hash (tens of milliseconds of CPU) holding no database lock,
    # then write: on SQLite, logins of many people at once would otherwise queue behind it.
    with read_phase(db.session):
        failures = recent_failures(login)
        row = db.session.execute(
            sa.select(User.id, User.password_hash, User.active).where(User.login == login)
        ).first()
    if failures >= limit:
        User.burn_password_check(password)
        return LoginResult(None, locked)
    if row is None:
        User.burn_password_check(password)
        ok, rehash = False, None
    else:
        ok, rehash = User.verify_password_hash(row.password_hash, password)
        ok = ok and row.active
    if not ok:
        db.session.add(LoginAttempt(login=login, remote_addr=remote_addr))
        db.session.flush()
        if failures + 1 >= limit:
            return LoginResult(None, locked)
        return LoginResult(None, FAILED_LOGIN)
    user = db.session.get(User, row.id)
    if rehash:
        user.password_hash = rehash
    db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.login == login))
    user.last_login_at = utcnow()
    return LoginResult(user, None)


def validate_password(password: str) -> None:
    if len(password) < 10:
        raise AccountError("Das Passwort muss mindestens 10 Zeichen lang sein.")


def find_org_unit(code: str) -> OrgUnit:
    unit = db.session.scalar(sa.select(OrgUnit).where(OrgUnit.code == code))
    if unit is None:
        raise AccountError(f"Die Organisationseinheit „{code}“ gibt es nicht.")
    if not unit.active:
        raise AccountError(f"Die Organisationseinheit „{code}“ ist deaktiviert.")
    return unit


def create_user(
    *, login: str, name: str, password: str, role: Role, org_unit: OrgUnit,
    email: str | None = None, function: str | None = None,
) -> User:
    login = normalise_login(login)
    if not login:
        raise AccountError("Der Benutzername darf nicht leer sein.")
    if db.session.scalar(sa.select(User.id).where(User.login == login)) is not None:
        raise AccountError(f"Den Benutzernamen „{login}“ gibt es bereits.")
    validate_password(password)
    user = User(
        login=login, name=name.strip(), role=role, org_unit=org_unit,
        email=(email or None), function=(function or None), active=True,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user
