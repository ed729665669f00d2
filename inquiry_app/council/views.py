"""Pages of the council office and the administration: councillors, factions and bodies
(create, edit, deactivate), CSV import and export of councillors and factions."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import joinedload, selectinload
from wtforms.fields.choices import SelectChoice

from inquiry_app.admin.forms import ToggleActiveForm
from inquiry_app.council import csvio
from inquiry_app.council.forms import (
    BodyForm,
    CsvImportForm,
    FactionForm,
    MemberForm,
    MembershipForm,
)
from inquiry_app.council.operations import (
    BodyData,
    MemberData,
    correct_membership,
    save_body,
    save_faction,
    save_member,
    set_body_active,
    set_faction_active,
    set_member_active,
)
from inquiry_app.csvfiles import BOM
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import (
    Body,
    BodyKind,
    CouncilMember,
    Faction,
    FactionMembership,
    FormOfAddress,
)
from inquiry_app.models.council import PEOPLE_MANAGERS
from inquiry_app.permissions import roles_required
from inquiry_app.templating import count_de
from inquiry_app.toggling import toggle_active
from inquiry_app.unit_of_work import discard

bp = Blueprint("council", __name__)
MAX_CSV_BYTES = 2 * 1024 * 1024


def _get(model, obj_id: int):
    obj = db.session.get(model, obj_id)
    if obj is None:
        abort(404)
    return obj



def _csv_response(text: str, filename: str) -> Response:
    return Response(BOM + text, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


def _import(run: Callable[[bytes], csvio.ImportReport], endpoint: str, what: tuple[str, str]):
    """``what``: the imported rows' noun, singular and plural (``count_de``)."""
    form = CsvImportForm()
    if not form.validate_on_submit():
        abort(400)
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", None):
        flash("Bitte wählen Sie eine CSV-Datei aus.", "error")
        return redirect(url_for(endpoint))
    data = upload.read(MAX_CSV_BYTES + 1)
    try:
        if len(data) > MAX_CSV_BYTES:
            raise csvio.CsvImportError("Die CSV-Datei ist größer als 2 MB.")
        report = run(data)
    except DomainError as exc:
        discard()
        flash(str(exc), "error")
        for line in getattr(exc, "lines", []):
            flash(line, "error")
        return redirect(url_for(endpoint))
    flash(f"Import abgeschlossen: {count_de(report.created, *what)} neu angelegt, "
          f"{report.updated} aktualisiert.", "success")
    return redirect(url_for(endpoint))


# --- councillors ---------------------------------------------------------------------------
@bp.route("/stadtraete")
@roles_required(*PEOPLE_MANAGERS)
def members():
    rows = db.session.scalars(
        sa.select(CouncilMember).options(joinedload(CouncilMember.faction))
        .order_by(CouncilMember.active.desc(), CouncilMember.last_name, CouncilMember.first_name)
    ).all()
    return render_template("council/members.html", members=rows, toggle=ToggleActiveForm(),
                           form=CsvImportForm(formdata=None))


def _faction_choices(current: Faction | None) -> list[SelectChoice]:
    factions = db.session.scalars(
        sa.select(Faction).where(sa.or_(Faction.active, Faction.id == (current.id if current
                                                                       else None)))
        .order_by(Faction.name))
    return [SelectChoice(0, "– fraktionslos –")] + [SelectChoice(f.id, f.name) for f in factions]


@bp.route("/stadtraete/neu", methods=["GET", "POST"])
@bp.route("/stadtraete/<int:member_id>", methods=["GET", "POST"])
@roles_required(*PEOPLE_MANAGERS)
def member_edit(member_id: int | None = None):
    member = _get(CouncilMember, member_id) if member_id is not None else None
    form = _member_form(member)
    error, status = None, 200
    if form.validate_on_submit():
        faction = db.session.get(Faction, form.faction_id.data) if form.faction_id.data else None
        try:
            saved = save_member(member, MemberData(
                form_of_address=FormOfAddress(form.form_of_address.data), title=form.title.data,
                first_name=form.first_name.data, last_name=form.last_name.data,
                role=form.role.data, email=form.email.data, address=form.address.data,
                faction=faction, since=form.since.data,
            ))
        except DomainError as exc:
            discard()
            error, status = str(exc), 422
        else:
            flash(f"„{saved.full_name}“ wurde gespeichert.", "success")
            return redirect(url_for("council.members"))
    elif form.is_submitted():
        status = 422
    return _member_page(member, form, error, status)


def _member_form(member: CouncilMember | None, *, posted: bool = True) -> MemberForm:
    form = MemberForm(obj=member) if posted else MemberForm(formdata=None, obj=member)
    if member is None and request.method == "GET":  # "Stadtrat anlegen" from the registration
        form.first_name.data = request.args.get("vorname", "")[:100] or form.first_name.data
        form.last_name.data = request.args.get("nachname", "")[:100] or form.last_name.data
    form.faction_id.choices = _faction_choices(member.faction if member else None)
    if member is not None and (not posted or not form.is_submitted()):
        form.form_of_address.data = member.form_of_address.value
        form.faction_id.data = member.faction_id or 0
        form.since.data = None
    return form


def _member_page(member: CouncilMember | None, form: MemberForm, error: str | None,
                 status: int, posted: MembershipForm | None = None,
                 posted_id: int | None = None, membership_error: str | None = None):
    """The councillor's page; the membership history as one small form per period (the
    posted one with the typed dates)."""
    if member is not None:
        member = db.session.get(CouncilMember, member.id)
    history = sorted(member.memberships, key=lambda m: (m.valid_from is not None,
                                                        m.valid_from, m.id)) if member else []
    periods = []
    for membership in history:
        period = posted if posted is not None and membership.id == posted_id else \
            MembershipForm(formdata=None, obj=membership, prefix=f"m{membership.id}")
        period.valid_from.label.text = f"von (Mitgliedschaft in {membership.faction.name})"
        period.valid_until.label.text = f"bis (Mitgliedschaft in {membership.faction.name})"
        periods.append((membership, period))
    return render_template("council/member_edit.html", form=form, member=member, error=error,
                           periods=periods, posted=posted, membership_error=membership_error
                           ), status


@bp.route("/stadtraete/<int:member_id>/mitgliedschaften/<int:membership_id>", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def membership_edit(member_id: int, membership_id: int):
    member = _get(CouncilMember, member_id)
    membership = db.session.get(FactionMembership, membership_id)
    if membership is None or membership.council_member_id != member.id:
        abort(404)
    posted = MembershipForm(prefix=f"m{membership.id}")
    error = None
    if posted.validate_on_submit():
        try:
            correct_membership(membership, posted.valid_from.data, posted.valid_until.data)
        except DomainError as exc:
            discard()
            error = str(exc)
        else:
            flash(f"Die Mitgliedschaft in „{membership.faction.name}“ wurde gespeichert.",
                  "success")
            return redirect(url_for("council.member_edit", member_id=member.id,
                                    _anchor="mitgliedschaften"))
    return _member_page(member, _member_form(member, posted=False), None, 422, posted,
                        membership.id, error)


@bp.route("/stadtraete/<int:member_id>/aktiv", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def member_toggle(member_id: int):
    member = _get(CouncilMember, member_id)
    return toggle_active(member, lambda: set_member_active(member, not member.active),
                         lambda state: f"„{member.full_name}“ wurde {state}.", "council.members")


@bp.route("/stadtraete/export.csv")
@roles_required(*PEOPLE_MANAGERS)
def members_export():
    return _csv_response(csvio.export_members(), "stadtraete.csv")


@bp.route("/stadtraete/import", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def members_import():
    return _import(csvio.import_members, "council.members",
                   ("Stadträtin oder Stadtrat", "Stadträtinnen und Stadträte"))


# --- factions ------------------------------------------------------------------------------
@bp.route("/fraktionen")
@roles_required(*PEOPLE_MANAGERS)
def factions():
    rows = db.session.scalars(
        sa.select(Faction).options(selectinload(Faction.members))
        .order_by(Faction.active.desc(), Faction.name)
    ).all()
    return render_template("council/factions.html", factions=rows, toggle=ToggleActiveForm(),
                           form=CsvImportForm(formdata=None))


@bp.route("/fraktionen/neu", methods=["GET", "POST"])
@bp.route("/fraktionen/<int:faction_id>", methods=["GET", "POST"])
@roles_required(*PEOPLE_MANAGERS)
def faction_edit(faction_id: int | None = None):
    faction = _get(Faction, faction_id) if faction_id is not None else None
    form = FactionForm(obj=faction)
    error, status = None, 200
    if form.validate_on_submit():
        try:
            saved = save_faction(faction, name=form.name.data, short_name=form.short_name.data,
                                 email=form.email.data, address=form.address.data)
        except DomainError as exc:
            discard()
            error, status = str(exc), 422
        else:
            flash(f"Die Fraktion „{saved.name}“ wurde gespeichert.", "success")
            return redirect(url_for("council.factions"))
    elif form.is_submitted():
        status = 422
    if faction is not None:
        faction = db.session.get(Faction, faction.id)
    return render_template("council/faction_edit.html", form=form, faction=faction,
                           error=error), status


@bp.route("/fraktionen/<int:faction_id>/aktiv", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def faction_toggle(faction_id: int):
    faction = _get(Faction, faction_id)
    return toggle_active(faction, lambda: set_faction_active(faction, not faction.active),
                         lambda state: f"„{faction.name}“ wurde {state}.", "council.factions")


@bp.route("/fraktionen/export.csv")
@roles_required(*PEOPLE_MANAGERS)
def factions_export():
    return _csv_response(csvio.export_factions(), "fraktionen.csv")


@bp.route("/fraktionen/import", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def factions_import():
    return _import(csvio.import_factions, "council.factions", ("Fraktion", "Fraktionen"))


# --- bodies --------------------------------------------------------------------------------
@bp.route("/gremien")
@roles_required(*PEOPLE_MANAGERS)
def bodies():
    rows = db.session.scalars(
        sa.select(Body).order_by(Body.active.desc(), Body.kind != BodyKind.CITY_COUNCIL.value,
                                 Body.name)
    ).all()
    return render_template("council/bodies.html", bodies=rows, toggle=ToggleActiveForm())


@bp.route("/gremien/neu", methods=["GET", "POST"])
@bp.route("/gremien/<int:body_id>", methods=["GET", "POST"])
@roles_required(*PEOPLE_MANAGERS)
def body_edit(body_id: int | None = None):
    body = _get(Body, body_id) if body_id is not None else None
    form = BodyForm(obj=body)
    if body is not None and not form.is_submitted():
        form.kind.data = body.kind.value
        form.chair_form_of_address.data = body.chair_form_of_address.value
    error, status = None, 200
    if form.validate_on_submit():
        try:
            saved = save_body(body, BodyData(
                name=form.name.data, kind=BodyKind(form.kind.data), short_name=form.short_name.data,
                chair_form_of_address=FormOfAddress(form.chair_form_of_address.data),
                chair_title=form.chair_title.data, chair_name=form.chair_name.data,
                chair_function=form.chair_function.data, address=form.address.data,
            ))
        except DomainError as exc:
            discard()
            error, status = str(exc), 422
        else:
            flash(f"Das Gremium „{saved.name}“ wurde gespeichert.", "success")
            return redirect(url_for("council.bodies"))
    elif form.is_submitted():
        status = 422
    return render_template("council/body_edit.html", form=form, body=body, error=error), status


@bp.route("/gremien/<int:body_id>/aktiv", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def body_toggle(body_id: int):
    body = _get(Body, body_id)
    return toggle_active(body, lambda: set_body_active(body, not body.active),
                         lambda state: f"„{body.name}“ wurde {state}.", "council.bodies")

