"""Admin pages: users and org units (create, edit, deactivate)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from inquiry_app.accounts.operations import AccountError, create_user
from inquiry_app.admin.forms import OrgUnitForm, ToggleActiveForm, UserForm
from inquiry_app.admin.operations import (
    save_org_unit,
    set_org_unit_active,
    set_user_active,
    update_user,
)
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import OrgUnit, OrgUnitKind, Role, User
from inquiry_app.permissions import roles_required
from inquiry_app.toggling import toggle_active
from inquiry_app.unit_of_work import discard

bp = Blueprint("admin", __name__)


def _unit_choices(include_none: bool = False, exclude: set[int] | None = None):
    units = db.session.scalars(
        sa.select(OrgUnit).where(OrgUnit.active).order_by(OrgUnit.code)
    ).all()
    choices = [SelectChoice(0, "– keine –")] if include_none else []
    return choices + [SelectChoice(u.id, u.label) for u in units if u.id not in (exclude or set())]


def _get(model, obj_id: int):
    obj = db.session.get(model, obj_id)
    if obj is None:
        abort(404)
    return obj



@bp.route("/benutzer")
@roles_required(Role.ADMIN)
def users():
    all_users = db.session.scalars(
        sa.select(User).options(joinedload(User.org_unit)).order_by(User.active.desc(), User.name)
    ).all()
    return render_template("admin/users.html", users=all_users, toggle=ToggleActiveForm())


@bp.route("/benutzer/neu", methods=["GET", "POST"])
@bp.route("/benutzer/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_edit(user_id: int | None = None):
    user = _get(User, user_id) if user_id is not None else None
    form = UserForm(obj=user)
    if user is not None and not form.is_submitted():
        form.role.data = user.role.value
    form.org_unit_id.choices = _unit_choices()
    if user is None:
        form.password.label.text = "Passwort"
    status = 422 if form.is_submitted() else 200  # unless saved below: the form again, refused
    if form.validate_on_submit():
        unit = db.session.get(OrgUnit, form.org_unit_id.data)
        try:
            if unit is None:
                raise AccountError("Bitte wählen Sie eine Organisationseinheit.")
            if user is None:
                if not form.password.data:
                    raise AccountError("Bitte vergeben Sie ein Passwort.")
                user = create_user(
                    login=form.login.data, name=form.name.data, password=form.password.data,
                    role=Role(form.role.data), org_unit=unit, email=form.email.data,
                    function=form.function.data,
                )
                message = f"Der Benutzer „{user.login}“ wurde angelegt."
            else:
                update_user(
                    user, login=form.login.data, name=form.name.data, email=form.email.data,
                    function=form.function.data, role=Role(form.role.data), org_unit=unit,
                    password=form.password.data,
                )
                message = f"Der Benutzer „{user.login}“ wurde gespeichert."
        except DomainError as exc:
            discard()
            flash(str(exc), "error")
            status = exc.status
        else:
            flash(message, "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_edit.html", form=form, user=user), status


@bp.route("/benutzer/<int:user_id>/aktiv", methods=["POST"])
@roles_required(Role.ADMIN)
def user_toggle(user_id: int):
    user = _get(User, user_id)
    return toggle_active(user, lambda: set_user_active(user, not user.active, current_user),
                   lambda state: f"Der Benutzer „{user.login}“ wurde {state}.", "admin.users")


@bp.route("/einheiten")
@roles_required(Role.ADMIN)
def org_units():
    units = db.session.scalars(
        sa.select(OrgUnit).options(joinedload(OrgUnit.parent))
        .order_by(OrgUnit.active.desc(), OrgUnit.code)
    ).all()
    return render_template("admin/org_units.html", units=units, toggle=ToggleActiveForm())


@bp.route("/einheiten/neu", methods=["GET", "POST"])
@bp.route("/einheiten/<int:unit_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def org_unit_edit(unit_id: int | None = None):
    unit = _get(OrgUnit, unit_id) if unit_id is not None else None
    form = OrgUnitForm(obj=unit)
    if unit is not None and not form.is_submitted():
        form.kind.data = unit.kind.value
        form.parent_id.data = unit.parent_id or 0
    form.parent_id.choices = _unit_choices(
        include_none=True, exclude=unit.descendant_ids() if unit else None
    )
    status = 422 if form.is_submitted() else 200  # unless saved below: the form again, refused
    if form.validate_on_submit():
        parent = db.session.get(OrgUnit, form.parent_id.data) if form.parent_id.data else None
        try:
            saved = save_org_unit(
                unit, code=form.code.data, name=form.name.data, kind=OrgUnitKind(form.kind.data),
                parent=parent, mailbox=form.mailbox.data,
                requires_head_approval=form.requires_head_approval.data,
            )
        except DomainError as exc:
            discard()
            flash(str(exc), "error")
            status = exc.status
        else:
            flash(f"Die Einheit „{saved.label}“ wurde gespeichert.", "success")
            return redirect(url_for("admin.org_units"))
    return render_template("admin/org_unit_edit.html", form=form, unit=unit), status


@bp.route("/einheiten/<int:unit_id>/aktiv", methods=["POST"])
@roles_required(Role.ADMIN)
def org_unit_toggle(unit_id: int):
    unit = _get(OrgUnit, unit_id)
    return toggle_active(unit, lambda: set_org_unit_active(unit, not unit.active),
                   lambda state: f"Die Einheit „{unit.label}“ wurde {state}.", "admin.org_units")
