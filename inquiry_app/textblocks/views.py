"""Reusable text blocks (Textbausteine): city-wide ones by the council office and admin,
unit ones by the unit's head."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from inquiry_app.boundary import int_or_none
from inquiry_app.extensions import db
from inquiry_app.forms import Form
from inquiry_app.models import OrgUnit, Role, TextBlock
from inquiry_app.permissions import roles_required

bp = Blueprint("textblocks", __name__)
EDITORS = (Role.COUNCIL_OFFICE, Role.ADMIN, Role.DEPARTMENT_HEAD)
MAX_TEXT = 20_000


@bp.route("/")
@roles_required(*EDITORS)
def index():
    query = sa.select(TextBlock).options(joinedload(TextBlock.org_unit))
    if current_user.role == Role.DEPARTMENT_HEAD:
        query = query.where(sa.or_(TextBlock.org_unit_id.is_(None),
                                   TextBlock.org_unit_id.in_(current_user.org_unit.descendant_ids())))
    blocks = db.session.scalars(query.order_by(TextBlock.active.desc(), TextBlock.title)).all()
    return render_template("textblocks/index.html", blocks=blocks)


@bp.route("/neu", methods=["GET", "POST"])
@bp.route("/<int:block_id>", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(block_id: int | None = None):
    block = db.session.get(TextBlock, block_id) if block_id else None
    if block_id and block is None:
        abort(404)
    if block is not None and not block.can_edit(current_user):
        abort(403)
    units = db.session.scalars(sa.select(OrgUnit).where(OrgUnit.active).order_by(OrgUnit.code)).all()
    if current_user.role == Role.DEPARTMENT_HEAD:
        own = current_user.org_unit.descendant_ids()
        units = [u for u in units if u.id in own]
    values = {"title": block.title if block else "", "text": block.text if block else "",
              "unit": str(block.org_unit_id or "") if block else "", "active": block.active
              if block else True}
    errors: list[str] = []
    if request.method == "POST":
        if not Form().validate_on_submit():
            abort(400)
        values = {"title": request.form.get("title", "").strip(),
                  "text": request.form.get("text", "").replace("\r\n", "\n").strip(),
                  "unit": request.form.get("unit", ""), "active": bool(request.form.get("active"))}
        unit_id = int_or_none(values["unit"])
        if values["unit"] and unit_id not in {u.id for u in units}:
            errors.append("Die gewählte Organisationseinheit gibt es nicht (mehr). Bitte wählen Sie "
                          "eine aus der Liste.")
            unit_id = block.org_unit_id if block else None
        if not values["title"]:
            errors.append("Bitte geben Sie einen Titel ein.")
        if not values["text"]:
            errors.append("Bitte geben Sie den Text des Bausteins ein.")
        if len(values["text"]) > MAX_TEXT or len(values["title"]) > 200:
            errors.append("Titel (200) oder Text (20.000 Zeichen) ist zu lang.")
        if not TextBlock.can_edit_for(current_user, unit_id):
            errors.append("Sie dürfen nur Bausteine Ihrer eigenen Einheit pflegen.")
        if not errors:
            if block is None:
                block = TextBlock(created_by_id=current_user.id)
                db.session.add(block)
            block.title, block.text = values["title"], values["text"]
            block.org_unit_id, block.active = unit_id, values["active"]
            flash(f"Der Textbaustein „{block.title}“ wurde gespeichert.", "success")
            return redirect(url_for("textblocks.index"))
    city_wide = TextBlock.can_edit_for(current_user, None)  # offer "ganze Verwaltung"
    return render_template("textblocks/edit.html", block=block, values=values, units=units,
                           errors=errors, city_wide=city_wide), 422 if errors else 200
