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
    send_file,
    url_for,
)
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from drafting.letters.letter import body_text, salutation
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.forms import Form
from inquiry_app.letters import operations as ops
from inquiry_app.letters import preview as letter_preview
from inquiry_app.letters import seal
from inquiry_app.letters.forms import (
    ApproveForm,
    ApproveSignForm,
    DispatchForm,
    DraftForm,
    InterimForm,
    ReassignForm,
    RecallForm,
    ReturnForm,
    ReviewChainForm,
    SignForm,
    WithdrawForm,
)
from inquiry_app.mail import enqueue
from inquiry_app.models import (
    Inquiry,
    InquiryState,
    LetterKind,
    MailPurpose,
    ReplyLetter,
    ReviewDecision,
)
from inquiry_app.outbox import worker as outbox
from inquiry_app.permissions import load_object
from inquiry_app.unit_of_work import discard
from inquiry_app.workflow import available_events

bp = Blueprint("letters", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _run(inquiry: Inquiry, form: Form, action, success: str):
    """CSRF and the form's rules, run the operation, put its mails into the outbox (committed
    at the end of the request). Input the form refuses shows the letter page again with the
    error summary and what was typed (422); a step the operation refuses shows it with the
    reason (409 conflict with the current state, 403 wrong password, 422 missing input)."""
    if not form.validate_on_submit():
        if not form.is_submitted() or form.csrf_token.errors:
            abort(400)
        return _render(inquiry, 422, posted=form)
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
        return _render(db.session.get(Inquiry, inquiry.id), getattr(exc, "status", 409),
                       posted=form)
    flash(success, "success")
    return redirect(url_for("letters.letter", id=inquiry.id))


@bp.route("/anfragen/<int:id>/schreiben")
@load_object(Inquiry, "can_view_letter", to="inquiry")
def letter(inquiry: Inquiry):
    return _render(inquiry)


# The permission a letter action's route checks (``load_object``), by workflow event; every
# other event of the page is the council office's (``can_manage``).
EVENT_PERMISSIONS = {"approve_review": "can_review", "complete_review": "can_review",
                     "return_draft": "can_review", "sign": "can_sign",
                     "reassign_review": "can_reassign_review"}
REVIEW_DECISIONS = ("approve_review", "complete_review", "return_draft")


def page_actions(inquiry: Inquiry, user, review) -> set[str]:
    """The workflow events the letter page offers ``user`` now: those the workflow allows in
    the inquiry's state for the user's role, whose route the user may call; during review
    only for whoever may decide the pending step (``Review.can_decide``)."""
    actions = {event for event in available_events(inquiry, user)
               if getattr(inquiry, EVENT_PERMISSIONS.get(event, "can_manage"))(user)}
    if inquiry.state == InquiryState.IN_REVIEW and not (review and review.can_decide(user)):
        actions -= set(REVIEW_DECISIONS)
    return actions


def _render(inquiry: Inquiry, status: int = 200, posted: Form | None = None):
    # the letters in one query: the draft (the newest unsigned final letter, as
    # ops.draft_letter), the signed letter and the interim notices
    letters = inquiry_letters(inquiry)
    finals = [lt for lt in letters if lt.kind == LetterKind.FINAL]
    draft = next((lt for lt in reversed(finals) if lt.signed_at is None), None)
    signed = next((lt for lt in finals if lt.signed_at is not None), None)
    shown = signed or draft
    body = body_text(shown.docx).split("\n\n") if shown else []
    structure = shown.structure if shown else None
    interims = [lt for lt in letters if lt.kind == LetterKind.INTERIM]
    reviews = ops.reviews_of(inquiry)
    review = ops.pending_review(inquiry, reviews)
    returned = ops.last_return(inquiry) if inquiry.state in (
        InquiryState.RETURNED, InquiryState.DRAFT) else None
    admin = inquiry.can_reassign_review(current_user) and inquiry.state == InquiryState.IN_REVIEW
    settings = ops.settings_of(draft)
    stuck = (ops.stuck_stations(inquiry, reviews=reviews)
             if inquiry.state == InquiryState.IN_REVIEW else [])
    targets = ops.reassign_targets(inquiry) if admin else []
    actions = page_actions(inquiry, current_user, review)
    chain = ops.chain_view(inquiry, draft) if "submit_for_review" in actions else None
    mails = outbox.mails_of(inquiry.id) if current_user.role in outbox.OUTBOX_ROLES else None
    dispatch_mail = (outbox.latest_dispatch(inquiry.id) if mails is None else next(
        (m for m in mails if m.purpose == MailPurpose.LETTER_DISPATCH), None))  # newest first
    forms = _forms(inquiry, posted, settings, structure, reviews, stuck, targets,
                   chain["candidates"] if chain else [])
    return render_template(
        "letters/letter.html", inquiry=inquiry, draft=draft, signed=signed, shown=shown,
        body=body, structure=structure, salutation_text=salutation(structure["recipient"])
        if structure else "", reviews=reviews,
        pending=review, actions=actions, chain=chain,
        one_step_sign="approve_review" in actions and ops.can_approve_and_sign(
            inquiry, current_user, reviews),
        interims=interims,
        return_note=returned.note if returned else None,
        recalled=returned is not None and returned.event == "recall_review",
        stuck=stuck, reassign_targets=targets, page_forms=forms,
        pdf_available=ops.pdf_available(),
        preview=letter_preview.for_letter(shown) if shown else None,
        seal_check=seal.check(signed.pdf) if signed else None,
        seal_configured=seal.configured(), seal_not_configured=seal.NOT_CONFIGURED,
        mails=mails or [], dispatch_mail=dispatch_mail,
        mail_enabled=current_app.config["MAIL_ENABLED"],
    ), status


FORMS = {"draft": DraftForm, "approve": ApproveForm, "approve_sign": ApproveSignForm,
         "chain": ReviewChainForm, "return": ReturnForm, "recall": RecallForm,
         "reassign": ReassignForm, "sign": SignForm, "dispatch": DispatchForm,
         "interim": InterimForm, "withdraw": WithdrawForm}


def _forms(inquiry: Inquiry, posted: Form | None, settings: dict, structure: dict | None,
           reviews, stuck, targets, candidates) -> dict[str, Form]:
    """One form per action on the page: the posted one as it was sent (with its errors), the
    others empty or with the stored values."""
    structure = structure or {}
    forms = {}
    for name, cls in FORMS.items():
        if type(posted) is cls:
            forms[name] = posted
        elif cls is DraftForm:
            forms[name] = cls(formdata=None, data={
                "intro": settings.get("intro") or structure.get("intro", ""),
                "remark": settings.get("remark", inquiry.remark) or "",
                "signature_name": settings.get("signature_name", ""),
                "signature_function": settings.get("signature_function")
                or (structure.get("signature") or {}).get("function", ""),
                "file_reference": settings.get("file_reference", ""),
            })
        elif cls is DispatchForm:  # today offered; a post without a date is refused
            forms[name] = cls(formdata=None, data={"sent_on": date.today()})
        else:
            forms[name] = cls(formdata=None)
    waiting = [r for r in reviews if r.decision == ReviewDecision.PENDING]
    reassign = forms["reassign"]
    reassign.review_id.choices = [
        SelectChoice(r.id, f"{r.position}. {r.org_unit.label}"
                     + (" (niemand kann mitzeichnen)" if r in stuck else "")) for r in waiting]
    reassign.unit_id.choices = [SelectChoice(u.id, u.label) for u in targets]
    if reassign is not posted and stuck:
        reassign.review_id.data = stuck[0].id
    forms["chain"].unit_id.choices = [SelectChoice("", "– bitte wählen –"),
                                      *(SelectChoice(u.id, u.label) for u in candidates)]
    function = f", {current_user.function}" if current_user.function else ""
    for name in ("sign", "approve_sign"):
        forms[name].mode.choices = [
            SelectChoice("self", f"selbst ({current_user.name}{function})"),
            SelectChoice("on_behalf", "In Vertretung")]
    return forms


def inquiry_letters(inquiry: Inquiry) -> list[ReplyLetter]:
    return db.session.scalars(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == inquiry.id)
                              .order_by(ReplyLetter.id)).all()


@bp.route("/anfragen/<int:id>/schreiben/entwurf", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def create_draft(inquiry: Inquiry):
    return _run(inquiry, Form(), lambda: ops.create_draft(inquiry, current_user),
                "Der Entwurf des Antwortschreibens wurde erstellt.")


@bp.route("/anfragen/<int:id>/schreiben/einstellungen", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def update_draft(inquiry: Inquiry):
    form = DraftForm()
    return _run(inquiry, form, lambda: ops.update_draft(inquiry, current_user,
                                                        form.posted_values()),
                "Der Entwurf wurde aktualisiert.")


@bp.route("/anfragen/<int:id>/schreiben/mitzeichnung", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def submit_for_review(inquiry: Inquiry):
    return _run(inquiry, Form(), lambda: ops.submit_for_review(inquiry, current_user),
                "Der Entwurf ist in der Mitzeichnung.")


@bp.route("/anfragen/<int:id>/schreiben/mitzeichnungskette", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def edit_review_chain(inquiry: Inquiry):
    form = ReviewChainForm()
    return _run(inquiry, form, lambda: ops.edit_review_chain(
        inquiry, current_user, form.action.data or "", form.unit_id.data),
        "Die Mitzeichnungskette wurde geändert.")


@bp.route("/anfragen/<int:id>/schreiben/mitzeichnen-und-zeichnen", methods=["POST"])
@load_object(Inquiry, "can_sign", to="inquiry")
def approve_and_sign(inquiry: Inquiry):
    form = ApproveSignForm()
    return _run(inquiry, form, lambda: ops.approve_and_sign(
        inquiry, current_user, form.password.data or "", form.on_behalf,
        form.comment.data or ""),
        "Sie haben mitgezeichnet und das Antwortschreiben gezeichnet"
        + (" (In Vertretung)." if form.on_behalf else "."))


@bp.route("/anfragen/<int:id>/schreiben/mitzeichnen", methods=["POST"])
@load_object(Inquiry, "can_review", to="inquiry")
def approve(inquiry: Inquiry):
    form = ApproveForm()
    return _run(inquiry, form, lambda: ops.approve_review(
        inquiry, current_user, form.comment.data or ""), "Sie haben mitgezeichnet.")


@bp.route("/anfragen/<int:id>/schreiben/zurueckgeben", methods=["POST"])
@load_object(Inquiry, "can_review", to="inquiry")
def return_draft(inquiry: Inquiry):
    form = ReturnForm()
    return _run(inquiry, form, lambda: ops.return_draft(
        inquiry, current_user, form.comment.data or ""),
        "Der Entwurf wurde mit Ihrer Begründung zurückgegeben.")


@bp.route("/anfragen/<int:id>/schreiben/zurueckholen", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def recall(inquiry: Inquiry):
    form = RecallForm()
    return _run(inquiry, form, lambda: ops.recall(inquiry, current_user, form.reason.data or ""),
                "Das Schreiben ist aus der Mitzeichnung zurückgeholt und wieder ein Entwurf.")


@bp.route("/anfragen/<int:id>/schreiben/umleiten", methods=["POST"])
@load_object(Inquiry, "can_view_letter", to="inquiry")
def reassign_review(inquiry: Inquiry):
    form = ReassignForm()
    return _run(inquiry, form, lambda: ops.reassign_review(
        inquiry, current_user, form.review_id.data, form.unit_id.data, form.note.data or ""),
        "Die Station der Mitzeichnung wurde umgeleitet.")


@bp.route("/anfragen/<int:id>/schreiben/ueberarbeiten", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def revise(inquiry: Inquiry):
    return _run(inquiry, Form(), lambda: ops.revise(inquiry, current_user),
                "Der Entwurf ist wieder in Bearbeitung.")


@bp.route("/anfragen/<int:id>/schreiben/zeichnen", methods=["POST"])
@load_object(Inquiry, "can_sign", to="inquiry")
def sign(inquiry: Inquiry):
    form = SignForm()
    return _run(inquiry, form, lambda: ops.sign(
        inquiry, current_user, form.password.data or "", form.on_behalf),
        "Das Antwortschreiben ist gezeichnet" + (" (In Vertretung)." if form.on_behalf else "."))


@bp.route("/anfragen/<int:id>/schreiben/versand", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def dispatch(inquiry: Inquiry):
    form = DispatchForm()
    return _run(inquiry, form, lambda: ops.dispatch(
        inquiry, current_user, None if form.by_mail else form.sent_on.data, form.channel.data),
        "Der Versand per E-Mail ist angestoßen. Die Anfrage gilt als versandt, sobald der "
        "Mailserver die E-Mail angenommen hat." if form.by_mail else "Der Versand wurde erfasst.")


@bp.route("/anfragen/<int:id>/zwischenbescheid", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def interim(inquiry: Inquiry):
    form = InterimForm()
    success = "Der Zwischenbescheid wurde erstellt und die Frist verlängert."
    if form.send_mail.data:
        success += (" Er wird per E-Mail an die Einreichenden versandt." if current_app.config[
            "MAIL_ENABLED"] else " Die E-Mail an die Einreichenden steht im Ausgang; der "
            "E-Mail-Versand ist zurzeit ausgeschaltet.")
    return _run(inquiry, form, lambda: ops.issue_interim(
        inquiry, current_user, form.new_date.data, form.reason.data or "",
        form.send_mail.data)[1], success)


@bp.route("/anfragen/<int:id>/zurueckziehen", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def withdraw(inquiry: Inquiry):
    form = WithdrawForm()
    return _run(inquiry, form, lambda: ops.withdraw(inquiry, current_user, form.note.data or ""),
        f"Die Anfrage {inquiry.number} ist zurückgezogen; offene Zuweisungen sind geschlossen.")


@bp.route("/anfragen/<int:id>/veroeffentlichen", methods=["POST"])
@load_object(Inquiry, "can_manage", to="inquiry")
def publish(inquiry: Inquiry):
    return _run(inquiry, Form(), lambda: ops.publish(inquiry, current_user),
                "Die Antwort ist veröffentlicht.")


@bp.route("/schreiben/<int:id>/seite-<int:page>.png")
@load_object(ReplyLetter, "can_download", to="letter")
def page_image(letter: ReplyLetter, page: int):
    """One page of the letter as an image (the URL carries the content hash as ``v``)."""
    data = letter_preview.page_image(letter, page)
    if data is None:
        abort(404)
    response = send_file(BytesIO(data), mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


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
