"""Admin pages of the competence catalogue (admin and council office)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from sqlalchemy.orm import selectinload

from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import OrgUnit, Role
from inquiry_app.permissions import roles_required
from inquiry_app.routing.catalogue import (
    CatalogueError,
    clean_terms,
    export_csv,
    import_csv,
    set_terms,
    term_warnings,
)
from inquiry_app.routing.forms import ImportForm, TermsForm
from inquiry_app.templating import count_de
from inquiry_app.unit_of_work import discard

bp = Blueprint("catalogue", __name__)
MANAGERS = (Role.ADMIN, Role.COUNCIL_OFFICE)
MAX_CSV_BYTES = 2 * 1024 * 1024


@bp.route("/")
@roles_required(*MANAGERS)
def index():
    units = db.session.scalars(
        sa.select(OrgUnit).options(selectinload(OrgUnit.terms))
        .order_by(OrgUnit.active.desc(), OrgUnit.code)
    ).all()
    return render_template("catalogue/index.html", units=units, form=ImportForm(formdata=None))


@bp.route("/<int:unit_id>", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def edit(unit_id: int):
    unit = db.session.get(OrgUnit, unit_id)
    if unit is None:
        abort(404)
    form = TermsForm()
    if not form.is_submitted():  # a post without the field empties the list, as before
        form.terms.data = "\n".join(t.term for t in unit.terms)
    if form.validate_on_submit():
        try:
            terms = clean_terms((form.terms.data or "").splitlines())
            added, removed = set_terms(unit, terms)
        except DomainError as exc:
            discard()
            flash(str(exc), "error")
            return render_template("catalogue/edit.html", unit=unit, form=form), 422
        warnings = term_warnings(unit, terms)
        flash(f"Katalog von {unit.label} gespeichert: {count_de(len(terms), 'Begriff', 'Begriffe')} "
              f"({added} neu, {removed} entfernt).", "success")
        for warning in warnings:
            flash(warning, "warning")
        return redirect(url_for("catalogue.edit", unit_id=unit.id))
    if form.is_submitted():
        abort(400)  # only the CSRF token can be wrong
    return render_template("catalogue/edit.html", unit=unit, form=form)


@bp.route("/export.csv")
@roles_required(*MANAGERS)
def export():
    return Response(
        "\ufeff" + export_csv(), mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=zustaendigkeitskatalog.csv"},
    )


@bp.route("/import", methods=["POST"])
@roles_required(*MANAGERS)
def import_view():
    form = ImportForm()
    if not form.validate_on_submit():
        abort(400)
    upload = form.file.data
    if not upload or not upload.filename:
        flash("Bitte wählen Sie eine CSV-Datei aus.", "error")
        return redirect(url_for("catalogue.index"))
    data = upload.read(MAX_CSV_BYTES + 1)
    try:
        if len(data) > MAX_CSV_BYTES:
            raise CatalogueError("Die CSV-Datei ist größer als 2 MB.")
        report = import_csv(data)
    except DomainError as exc:
        discard()
        flash(str(exc), "error")
        return redirect(url_for("catalogue.index"))
    flash(f"Import abgeschlossen: {count_de(report.units, 'Einheit', 'Einheiten')}, "
          f"{count_de(report.added, 'Begriff', 'Begriffe')} neu, {report.removed} entfernt.",
          "success")
    for warning in report.warnings[:20]:
        flash(warning, "warning")
    return redirect(url_for("catalogue.index"))
