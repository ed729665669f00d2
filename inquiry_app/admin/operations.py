"""Admin changes to users and org units."""

from __future__ import annotations

import sqlalchemy as sa

from inquiry_app.accounts.operations import AccountError, normalise_login, validate_password
from inquiry_app.extensions import db
from inquiry_app.models import OrgUnit, OrgUnitKind, Role, User
from inquiry_app.routing import service as routing


def update_user(user: User, *, login: str, name: str, email: str | None, function: str | None,
                role: Role, org_unit: OrgUnit, password: str | None) -> None:
    login = normalise_login(login)
    clash = db.session.scalar(sa.select(User.id).where(User.login == login, User.id != user.id))
    if clash is not None:
        raise AccountError(f"Den Benutzernamen „{login}“ gibt es bereits.")
    user.login, user.name = login, name.strip()
    user.email, user.function = email or None, function or None
    user.role, user.org_unit = role, org_unit
    if password:
        validate_password(password)
        user.set_password(password)


def set_user_active(user: User, active: bool, acting: User) -> None:
    if user.id == acting.id and not active:
        raise AccountError("Sie können Ihr eigenes Konto nicht deaktivieren.")
    user.active = active


def save_org_unit(unit: OrgUnit | None, *, code: str, name: str, kind: OrgUnitKind,
                  parent: OrgUnit | None, mailbox: str | None,
                  requires_head_approval: bool) -> OrgUnit:
    code = code.strip()
    query = sa.select(OrgUnit.id).where(OrgUnit.code == code)
    if unit is not None:
        query = query.where(OrgUnit.id != unit.id)
    if db.session.scalar(query) is not None:
        raise AccountError(f"Die Kennung „{code}“ ist bereits vergeben.")
    if unit is not None and parent is not None and parent.id in unit.descendant_ids():
        raise AccountError("Eine Einheit kann nicht unter sich selbst oder ihren "
                           "Untereinheiten eingeordnet werden.")
    if unit is None:
        unit = OrgUnit(active=True)
        db.session.add(unit)
    elif unit.code != code:
        routing.rename_unit(unit.code, code)  # what the router learned follows the new code
    unit.code, unit.name, unit.kind = code, name.strip(), kind
    unit.parent, unit.mailbox = parent, mailbox or None
    unit.requires_head_approval = requires_head_approval
    db.session.flush()
    return unit


def set_org_unit_active(unit: OrgUnit, active: bool) -> None:
    if not active:
        users = db.session.scalar(
            sa.select(sa.func.count(User.id)).where(User.org_unit_id == unit.id, User.active)
        )
        if users:
            raise AccountError(
                f"Die Einheit „{unit.code}“ hat noch {users} aktive Benutzer. Bitte ordnen Sie "
                "diese zuerst einer anderen Einheit zu oder deaktivieren Sie sie."
            )
    unit.active = active
