"""Registration of inquiries and the split editor (council office)."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.forms import Form, date_range_error
from inquiry_app.intake import editing, prefill
from inquiry_app.intake.details import update_details
from inquiry_app.intake.forms import DetailsForm, RegisterForm, SplitForm
from inquiry_app.intake.matching import split_printed_name
from inquiry_app.intake.numbering import propose_number
from inquiry_app.intake.operations import (
    Draft,
    draft_of,
    propose_split,
    read_upload,
    register_inquiry,
    reopen_split,
    save_split,
)
from inquiry_app.letters.freeze import FrozenError
from inquiry_app.letters.structure import admissibility_text
from inquiry_app.models import (
    Body,
    CouncilMember,
    Faction,
    Inquiry,
    InquiryKind,
    InquiryState,
    Role,
)
from inquiry_app.permissions import load_object, roles_required
from inquiry_app.templating import count_de
from inquiry_app.unit_of_work import after_commit, discard

bp = Blueprint("intake", __name__)


def _choices(form: RegisterForm | DetailsForm, inquiry: Inquiry | None = None) -> None:
    """Active councillors and factions, plus the inquiry's current ones even if inactive."""
    current = {m.id for m in inquiry.submitters} if inquiry is not None else set()
    faction_id = inquiry.faction_id if inquiry is not None else None
    members = db.session.scalars(
        sa.select(CouncilMember).where(sa.or_(CouncilMember.active, CouncilMember.id.in_(current)))
        .options(joinedload(CouncilMember.faction))
        .order_by(CouncilMember.last_name, CouncilMember.first_name)
    ).all()
    form.submitters.choices = [
        SelectChoice(m.id, f"{m.last_name}, {m.first_name}"
                     + (f" ({m.faction.short_name})" if m.faction else ""))
        for m in members
    ]
    factions = db.session.scalars(
        sa.select(Faction).where(sa.or_(Faction.active, Faction.id == faction_id))
        .order_by(Faction.name))
    form.faction.choices = [SelectChoice(0, "– aus den Einreichenden übernehmen –")] + [
        SelectChoice(f.id, f.name) for f in factions
    ]
    body_id = inquiry.body_id if inquiry is not None else None
    bodies = db.session.scalars(
        sa.select(Body).where(sa.or_(Body.active, Body.id == body_id))
        .order_by(Body.kind != "city_council", Body.name)).all()
    form.body.choices = [SelectChoice(b.id, b.name) for b in bodies] or [SelectChoice(0, "Stadtrat")]
    if not form.is_submitted() and form.body.data is None:
        form.body.data = bodies[0].id if bodies else 0


@bp.route("/neu", methods=["GET", "POST"])
@roles_required(Role.COUNCIL_OFFICE)
def register():
    form = RegisterForm()
    _choices(form)
    if not form.is_submitted():
        form.number.data = propose_number(current_app.config["INQUIRY_NUMBER_FORMAT"], date.today())
    error = None
    if form.is_submitted() and form.action.data == "prefill":
        return _prefill(form)
    if form.is_submitted() and form.creating_member:
        return _create_member(form)
    if form.validate_on_submit():
        try:
            text, filename, data, warnings, proposal = form.text.data or "", None, None, [], None
            upload = form.document.data
            kept = prefill.stashed(form.upload_token.data)
            if upload and upload.filename:
                data = upload.read()
                filename = upload.filename[:255]
            elif kept is not None:
                data, filename = kept
            if data is not None:
                text, warnings, proposal = read_upload(data, filename)
            submitters = [db.session.get(CouncilMember, i) for i in form.submitters.data or []]
            faction = db.session.get(Faction, form.faction.data) if form.faction.data else None
            body = db.session.get(Body, form.body.data) if form.body.data else None
            taken_over = prefill.confirmed(prefill.unseal(form.from_document.data), form)
            inquiry, split_warnings = register_inquiry(
                actor=current_user, number=form.number.data, kind=InquiryKind(form.kind.data),
                received_on=form.received_on.data, subject=form.subject.data or "",
                submitters=[m for m in submitters if m is not None], faction=faction, text=text,
                filename=filename, file_bytes=data, proposal=proposal,
                dated_on=form.dated_on.data, body=body,
                note=prefill.confirmed_note(taken_over),
            )
        except DomainError as exc:
            discard()
            error = str(exc)
        else:
            after_commit(lambda token=form.upload_token.data: prefill.discard(token))
            for warning in warnings + split_warnings:
                flash(warning, "warning")
            flash(f"Die Anfrage {inquiry.number} wurde registriert. Bitte prüfen Sie die "
                  "vorgeschlagene Zerlegung.", "success")
            return redirect(url_for("intake.split_editor", id=inquiry.id))
    return _register_page(form, error=error, status=422 if error or form.errors else 200)


def _register_page(form: RegisterForm, *, error: str | None = None, status: int = 200,
                   found: prefill.Prefill | None = None, created: CouncilMember | None = None):
    """The registration form; fields still holding the document's value are marked, names
    that matched nobody are offered for "Stadtrat anlegen" (to those who manage people)."""
    kept = prefill.stashed(form.upload_token.data)
    values = prefill.unseal(form.from_document.data)
    unmatched = [(u, split_printed_name(u["name"])) for u in values.get("unmatched", [])]
    faction = db.session.get(Faction, values["faction"]) if values.get("faction") else None
    may_create = current_user.can_manage_people()
    return render_template(
        "intake/register.html", form=form, error=error, found=found,
        kept_name=kept[1] if kept else None, marked=set(prefill.confirmed(values, form)),
        unmatched=unmatched, notes=values.get("notes", []), document_faction=faction,
        may_create=may_create, created=created,
        creatable=may_create and any(u.get("nobody") and p.first_name for u, p in unmatched),
    ), status


def _prefill(form: RegisterForm):
    """"Angaben aus dem Dokument übernehmen": read the upload (or the pasted text), propose the
    form fields it names, match the printed names; nothing is registered yet. (The form token
    is checked for every POST by CSRFProtect.)"""
    upload = form.document.data
    try:
        if upload and upload.filename:
            data, filename = upload.read(), upload.filename[:255]
            _, warnings, proposal = read_upload(data, filename)
            form.upload_token.data = prefill.stash(data, filename)
        elif (kept := prefill.stashed(form.upload_token.data)) is not None:
            _, warnings, proposal = read_upload(*kept)
        elif (form.text.data or "").strip():
            proposal, warnings = propose_split(form.text.data)[1], []
        else:
            return _register_page(form, error="Bitte laden Sie zuerst eine Datei hoch oder fügen "
                                  "Sie den Text der Anfrage ein.", status=422)
    except DomainError as exc:
        discard()
        return _register_page(form, error=str(exc), status=422)
    found = prefill.prefill_from(proposal if isinstance(proposal, dict) else proposal.to_dict())
    if found.number:
        form.number.data = found.number
    if found.dated_on:
        form.dated_on.data = found.dated_on
        form.dated_on.raw_data = None  # a date field shows what was posted, not its data
    if found.subject:
        form.subject.data = found.subject
    if found.body_id:
        form.body.data = found.body_id
    if found.faction_id:
        form.faction.data = found.faction_id
    if found.submitter_ids:
        form.submitters.data = found.submitter_ids
    form.from_document.data = prefill.seal(prefill.document_values(found))
    for warning in warnings:
        flash(warning, "warning")
    return _register_page(form, found=found)


def _create_member(form: RegisterForm):
    """"Stadtrat anlegen" for a printed name that matched nobody: the councillor is created
    from the name as printed (faction: the document's, since the date of the inquiry) and
    selected; everything typed and the uploaded file stay, nothing is registered yet. A name
    that means someone by now selects that person instead (second click, created meanwhile).
    (The form token is checked for every POST by CSRFProtect.)"""
    if not current_user.can_manage_people():
        abort(403)
    upload = form.document.data
    if upload and upload.filename:  # chosen since the last round trip: keep it
        prefill.discard(form.upload_token.data)
        form.upload_token.data = prefill.stash(upload.read(), upload.filename[:255])
    values = prefill.unseal(form.from_document.data)
    name = form.create_member.data or ""  # cleaned like every one-line field
    faction = db.session.get(Faction, values["faction"]) if values.get("faction") else None
    since = form.dated_on.data
    if since is None or date_range_error(since, "Datum", not_after_today=True):
        since = date.fromisoformat(values["dated_on"]) if values.get("dated_on") else None
    try:
        member, created = prefill.member_for_name(name, faction=faction, since=since)
    except DomainError as exc:
        discard()
        return _register_page(form, error=str(exc), status=422)
    if values:
        form.from_document.data = prefill.seal(prefill.resolved(values, name, member.id))
    chosen = list(form.submitters.data or [])
    form.submitters.data = chosen if member.id in chosen else [*chosen, member.id]
    _choices(form)
    if not created:
        flash(f"„{member.full_name}“ ist bereits angelegt und wurde bei den Einreichenden "
              "ausgewählt.", "info")
    return _register_page(form, created=member if created else None)


@bp.route("/<int:id>/zerlegung", methods=["GET", "POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def split_editor(inquiry: Inquiry):
    if request.method == "GET":
        return _render_editor(inquiry, draft_of(inquiry))
    form = SplitForm()
    form.validate()  # no rules of its own: the operations check the rows (CSRFProtect the token)
    if not form.rows_match:
        abort(400)
    draft, cursors = form.draft()
    action = form.action.data or "save"
    if form.version.data != inquiry.version:
        flash("Die Anfrage wurde inzwischen von jemand anderem geändert. Ihre Eingaben sind unten "
              "erhalten; bitte prüfen Sie sie und speichern Sie erneut.", "warning")
        return _render_editor(inquiry, draft, status=409)
    try:
        editing.apply_action(draft, action, cursors)
        save_split(inquiry, draft, current_user, confirm=action == "confirm")
    except DomainError as exc:
        discard()
        flash(str(exc), "error")
        return _render_editor(db.session.get(Inquiry, inquiry.id), draft, status=422)
    if action == "confirm":
        flash(f"Die Zerlegung der Anfrage {inquiry.number} wurde bestätigt "
              f"({count_de(len(inquiry.top_questions), 'Frage', 'Fragen')}).", "success")
        return redirect(url_for("inquiries.detail", id=inquiry.id))
    flash("Änderungen gespeichert.", "success")
    return redirect(url_for("intake.split_editor", id=inquiry.id, _anchor="fragen"))


def _render_editor(inquiry: Inquiry, draft: Draft, status: int = 200):
    form = SplitForm.of(draft, inquiry.version)
    return render_template("intake/split.html", inquiry=inquiry, draft=draft, form=form,
                           editable=inquiry.state == InquiryState.RECEIVED), status


@bp.route("/<int:id>/zerlegung/oeffnen", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def reopen(inquiry: Inquiry):
    if not Form().validate_on_submit():
        abort(400)
    try:
        reopen_split(inquiry, current_user)
    except DomainError as exc:
        discard()
        flash(str(exc), "error")
        return redirect(url_for("inquiries.detail", id=inquiry.id))
    flash("Die Zerlegung ist wieder zur Bearbeitung geöffnet.", "success")
    return redirect(url_for("intake.split_editor", id=inquiry.id))


@bp.route("/<int:id>/angaben", methods=["GET", "POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def details(inquiry: Inquiry):
    """Correct subject and submitters until the letter is signed."""
    form = DetailsForm()
    _choices(form, inquiry)
    if not form.is_submitted():
        form.version.data = str(inquiry.version)
        form.subject.data = inquiry.subject
        form.submitters.data = [m.id for m in inquiry.submitters]
        form.faction.data = inquiry.faction_id or 0
        form.dated_on.data = inquiry.dated_on
        form.body.data = inquiry.body_id or 0
        form.no_claim_to_answer.data = inquiry.no_claim_to_answer
        form.no_claim_reason.data = inquiry.no_claim_reason or ""
    error, status = None, 200
    if form.validate_on_submit():
        error, status = _save_details(form, inquiry)
        if error is None:
            return redirect(url_for("inquiries.detail", id=inquiry.id))
    elif form.is_submitted():
        status = 422
    inquiry = db.session.get(Inquiry, inquiry.id)
    form.version.data = str(inquiry.version)  # the user's other input stays as typed
    if inquiry.is_frozen and error is None:
        error = ("Das Antwortschreiben ist gezeichnet; Gegenstand und Einreichende können nicht "
                 "mehr geändert werden.")
    return render_template("intake/details.html", form=form, inquiry=inquiry, error=error,
                           frozen=inquiry.is_frozen,
                           standard_paragraph=admissibility_text()), status


def _save_details(form: DetailsForm, inquiry: Inquiry) -> tuple[str | None, int]:
    """Store the posted details (committed at the end of the request); (German error,
    status) or (None, 302)."""
    if form.version.data != str(inquiry.version):
        return ("Die Anfrage wurde inzwischen von jemand anderem geändert. Ihre Eingaben sind "
                "unten erhalten; bitte prüfen Sie sie und speichern Sie erneut."), 409
    chosen = set(form.submitters.data or [])
    kept = [m for m in inquiry.submitters if m.id in chosen]
    added = db.session.scalars(
        sa.select(CouncilMember).where(CouncilMember.id.in_(chosen - {m.id for m in kept}))
        .order_by(CouncilMember.last_name, CouncilMember.first_name)).all()
    faction = db.session.get(Faction, form.faction.data) if form.faction.data else None
    body = db.session.get(Body, form.body.data) if form.body.data else None
    optional = {"dated_on": form.dated_on.data, "body": body}  # only what the form posted
    optional = {k: v for k, v in optional.items() if getattr(form, k).raw_data}
    try:
        changed = update_details(inquiry, current_user, subject=form.subject.data,
                                 submitters=kept + list(added), faction=faction, **optional,
                                 no_claim=form.no_claim_to_answer.data,
                                 no_claim_reason=form.no_claim_reason.data)
        db.session.flush()  # changed or signed meanwhile: shown with the form
    except (StaleDataError, FrozenError):
        discard()
        return ("Die Anfrage wurde gerade von jemand anderem geändert. Ihre Eingaben sind unten "
                "erhalten; bitte prüfen Sie sie und speichern Sie erneut."), 409
    except DomainError as exc:
        discard()
        return str(exc), 409 if inquiry.is_frozen else 422
    flash("Die Angaben wurden gespeichert." if changed else "Es gab keine Änderungen.",
          "success" if changed else "info")
    return None, 302


@bp.route("/<int:id>/original")
@load_object(Inquiry, "can_manage", to="inquiry")
def original(inquiry: Inquiry):
    if inquiry.original_file is None:
        abort(404)
    return send_file(BytesIO(inquiry.original_file), as_attachment=True,
                     download_name=inquiry.original_filename or "anfrage")
