"""The letter page: draft and preview, review, signature, dispatch, interim notice,
withdrawal and publication; downloads of stored letters."""

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
from sqlalchemy.orm.exc import StaleDataError

from drafting.letters.letter import body_text, salutation
from inquiry_app.boundary import int_or_none
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.forms import Form, date_range_error
from inquiry_app.letters import operations as ops
from inquiry_app.mail import enqueue
from inquiry_app.models import Inquiry, InquiryState, LetterKind, ReplyLetter
from inquiry_app.outbox import worker as outbox
from inquiry_app.permissions import load_object
from inquiry_app.unit_of_work import discard

bp = Blueprint("letters", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _run(inquiry: Inquiry, action, success: str):
    """CSRF, run the operation, put its mails into the outbox (committed at the end of the
    request). A refused step shows the letter page again with the reason (409 conflict with
    the current state, 403 wrong password, 422 missing input)."""
    if not Form().validate_on_submit():
        abort(400)
    try:
        result = action()
        enqueue(result if isinstance(result, list) else [], inquiry_id=inquiry.id,
                created_by=current_user)
        db.session.flush()  # signed meanwhile (frozen, stale): shown on the letter page
    except (DomainError, StaleDataError) as exc:
        discard()
        if isinstance(exc, StaleDataError):
            message = ("Jemand anderes hat die Anfrage gerade bearbeitet (z. B. bereits gezeichnet). "
                       "Bitte prüfen Sie den aktuellen Stand.")
        else:
            message = str(exc)
        flash(message, "error")
        return _render(db.session.get(Inquiry, inquiry.id), getattr(exc, "status", 409))
    flash(success, "success")
    return redirect(url_for("letters.letter", id=inquiry.id))


def _date(name: str) -> date:
    try:
        value = date.fromisoformat(request.form.get(name, ""))
    except ValueError:
        raise ops.LetterError("Bitte geben Sie ein gültiges Datum an.", status=422) from None
    message = date_range_error(value, "Datum")
    if message:
        raise ops.LetterError(message, status=422)
    return value


@bp.route("/anfragen/<int:id>/schreiben")
@load_object(Inquiry, "can_view_letter", to="inquiry")
def letter(inquiry: Inquiry):
    return _render(inquiry)


def _render(inquiry: Inquiry, status: int = 200):
    draft = ops.draft_letter(inquiry)
    signed = ops.signed_letter(inquiry)
    shown = signed or draft
    body = body_text(shown.docx).split("\n\n") if shown else []
    structure = shown.structure if shown else None
    interims = [lt for lt in inquiry_letters(inquiry) if lt.kind == LetterKind.INTERIM]
    review = ops.pending_review(inquiry)
    returned = ops.last_return(inquiry) if inquiry.state in (
        InquiryState.RETURNED, InquiryState.DRAFT) else None
    admin = inquiry.can_reassign_review(current_user) and inquiry.state == InquiryState.IN_REVIEW
    return render_template(
        "letters/letter.html", inquiry=inquiry, draft=draft, signed=signed, shown=shown,
        body=body, structure=structure, salutation_text=salutation(structure["recipient"])
        if structure else "", settings=ops.settings_of(draft), reviews=ops.reviews_of(inquiry),
        pending=review, can_decide=review is not None and review.can_decide(current_user),
        interims=interims,
        return_note=returned.note if returned else None,
        recalled=returned is not None and returned.event == "recall_review",
        stuck=ops.stuck_stations(inquiry) if inquiry.state == InquiryState.IN_REVIEW else [],
        reassign_targets=ops.reassign_targets(inquiry) if admin else [],
        recall_reason=request.form.get("reason", "") if request.method == "POST" else "",
        channels=ops.CHANNELS, today=date.today(), pdf_available=ops.pdf_available(),
        mails=outbox.mails_of(inquiry.id) if current_user.role in outbox.OUTBOX_ROLES else [],
        dispatch_mail=outbox.latest_dispatch(inquiry.id),
        mail_enabled=current_app.config["MAIL_ENABLED"],
    ), status


def inquiry_letters(inquiry: Inquiry) -> list[ReplyLetter]:
    return db.session.scalars(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == inquiry.id)
                              .order_by(ReplyLetter.id)).all()


@bp.route("/anfragen/<int:id>/schreiben/entwurf", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def create_draft(inquiry: Inquiry):
    return _run(inquiry, lambda: ops.create_draft(inquiry, current_user),
                "Der Entwurf des Antwortschreibens wurde erstellt.")


@bp.route("/anfragen/<int:id>/schreiben/einstellungen", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def update_draft(inquiry: Inquiry):
    values = {k: request.form.get(k, "") for k in ops.EDITABLE if k in request.form}
    return _run(inquiry, lambda: ops.update_draft(inquiry, current_user, values),
                "Der Entwurf wurde aktualisiert.")


@bp.route("/anfragen/<int:id>/schreiben/mitzeichnung", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def submit_for_review(inquiry: Inquiry):
    return _run(inquiry, lambda: ops.submit_for_review(inquiry, current_user),
                "Der Entwurf ist in der Mitzeichnung.")


@bp.route("/anfragen/<int:id>/schreiben/mitzeichnen", methods=["POST"])
@load_object(Inquiry, "can_review", to="inquiry")
def approve(inquiry: Inquiry):
    return _run(inquiry, lambda: ops.approve_review(
        inquiry, current_user, request.form.get("comment", "")), "Sie haben mitgezeichnet.")


@bp.route("/anfragen/<int:id>/schreiben/zurueckgeben", methods=["POST"])
@load_object(Inquiry, "can_review", to="inquiry")
def return_draft(inquiry: Inquiry):
    return _run(inquiry, lambda: ops.return_draft(
        inquiry, current_user, request.form.get("comment", "")),
        "Der Entwurf wurde mit Ihrer Begründung zurückgegeben.")


@bp.route("/anfragen/<int:id>/schreiben/zurueckholen", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def recall(inquiry: Inquiry):
    return _run(inquiry, lambda: ops.recall(inquiry, current_user, request.form.get("reason", "")),
                "Das Schreiben ist aus der Mitzeichnung zurückgeholt und wieder ein Entwurf.")


@bp.route("/anfragen/<int:id>/schreiben/umleiten", methods=["POST"])
@load_object(Inquiry, "can_view_letter", to="inquiry")
def reassign_review(inquiry: Inquiry):
    return _run(inquiry, lambda: ops.reassign_review(
        inquiry, current_user, int_or_none(request.form.get("review_id")),
        int_or_none(request.form.get("unit_id")), request.form.get("note", "")),
        "Die Station der Mitzeichnung wurde umgeleitet.")


@bp.route("/anfragen/<int:id>/schreiben/ueberarbeiten", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def revise(inquiry: Inquiry):
    return _run(inquiry, lambda: ops.revise(inquiry, current_user),
                "Der Entwurf ist wieder in Bearbeitung.")


@bp.route("/anfragen/<int:id>/schreiben/zeichnen", methods=["POST"])
@load_object(Inquiry, "can_sign", to="inquiry")
def sign(inquiry: Inquiry):
    on_behalf = request.form.get("mode") == "on_behalf"
    return _run(inquiry, lambda: ops.sign(
        inquiry, current_user, request.form.get("password", ""), on_behalf),
        "Das Antwortschreiben ist gezeichnet" + (" (In Vertretung)." if on_behalf else "."))


@bp.route("/anfragen/<int:id>/schreiben/versand", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def dispatch(inquiry: Inquiry):
    channel = request.form.get("channel", "")
    by_mail = channel == ops.EMAIL_CHANNEL
    return _run(inquiry, lambda: ops.dispatch(
        inquiry, current_user, None if by_mail else _date("sent_on"), channel),
        "Der Versand per E-Mail ist angestoßen. Die Anfrage gilt als versandt, sobald der "
        "Mailserver die E-Mail angenommen hat." if by_mail else "Der Versand wurde erfasst.")


@bp.route("/anfragen/<int:id>/zwischenbescheid", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def interim(inquiry: Inquiry):
    return _run(inquiry, lambda: ops.issue_interim(
        inquiry, current_user, _date("new_date"), request.form.get("reason", ""),
        bool(request.form.get("send_mail")))[1],
        "Der Zwischenbescheid wurde erstellt und die Frist verlängert.")


@bp.route("/anfragen/<int:id>/zurueckziehen", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def withdraw(inquiry: Inquiry):
    return _run(inquiry, lambda: ops.withdraw(
        inquiry, current_user, request.form.get("note", "")),
        "Die Rücknahme der Anfrage wurde erfasst.")


@bp.route("/anfragen/<int:id>/veroeffentlichen", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def publish(inquiry: Inquiry):
    return _run(inquiry, lambda: ops.publish(inquiry, current_user),
                "Die Antwort ist veröffentlicht.")


@bp.route("/schreiben/<int:id>.<any(docx, pdf):fmt>")
@load_object(ReplyLetter, "can_download", to="letter")
def download(letter: ReplyLetter, fmt: str):
    data = letter.docx if fmt == "docx" else ops.letter_pdf(letter)
    if data is None:
        abort(404)
    kind = "Zwischenbescheid" if letter.kind == LetterKind.INTERIM else "Antwort"
    suffix = "" if letter.signed_at else "_Entwurf"
    name = f"{ops.file_stem(letter.inquiry, kind)}{suffix}.{fmt}"
    return send_file(BytesIO(data), as_attachment=True, download_name=name,
                     mimetype=DOCX if fmt == "docx" else "application/pdf")
