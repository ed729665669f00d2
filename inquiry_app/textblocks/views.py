"""Reusable text blocks (Textbausteine): city-wide ones by the council office and admin,
unit ones by the unit's head."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from inquiry_app.extensions import db
from inquiry_app.models import OrgUnit, Role, TextBlock
from inquiry_app.permissions import roles_required
from inquiry_app.textblocks.forms import TextBlockForm

bp = Blueprint("textblocks", __name__)
EDITORS = (Role.COUNCIL_OFFICE, Role.ADMIN, Role.DEPARTMENT_HEAD)


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
    city_wide = TextBlock.can_edit_for(current_user, None)  # offer "ganze Verwaltung"
    data = {"title": block.title, "text": block.text, "unit": str(block.org_unit_id or ""),
            "active": block.active} if block else {}
    form = TextBlockForm(units=units, city_wide=city_wide,
                         may_edit=lambda unit_id: TextBlock.can_edit_for(current_user, unit_id),
                         fallback_unit_id=block.org_unit_id if block else None)
    if not form.is_submitted():  # a post stands on its own: a field left out counts as empty
        form.process(data=data)
    if form.validate_on_submit():
        if block is None:
            block = TextBlock(created_by_id=current_user.id)
            db.session.add(block)
        block.title, block.text = form.title.data, form.text.data
        block.org_unit_id, block.active = form.unit_id, form.active.data
        flash(f"Der Textbaustein „{block.title}“ wurde gespeichert.", "success")
        return redirect(url_for("textblocks.index"))
    if form.is_submitted() and form.csrf_token.errors:
        abort(400)
    return render_template("textblocks/edit.html", block=block, form=form), \
        422 if form.errors else 200
