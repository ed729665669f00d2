"""The page "E-Mail-Ausgang" (council office and administration): every stored mail with its
delivery state, and requeueing of failed mails."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import MailState, OutboxMail
from inquiry_app.outbox import worker
from inquiry_app.outbox.forms import RetryForm
from inquiry_app.permissions import roles_required
from inquiry_app.unit_of_work import discard

bp = Blueprint("outbox", __name__)


@bp.app_template_global()
def retry_form(next_url: str) -> RetryForm:
    """The requeue button's form (``outbox/_macros.html``), returning to ``next_url``."""
    return RetryForm(formdata=None, next=next_url)
PAGE_SIZE = 200
FILTERS = {"offen": (MailState.PENDING, MailState.SENDING), "fehlgeschlagen": (MailState.FAILED,),
           "versandt": (MailState.DELIVERED,)}


@bp.route("/")
@roles_required(*worker.OUTBOX_ROLES)
def index():
    shown = request.args.get("status", "")
    query = sa.select(OutboxMail).options(joinedload(OutboxMail.inquiry))
    if shown in FILTERS:
        query = query.where(OutboxMail.state.in_(FILTERS[shown]))
    mails = db.session.scalars(query.order_by(OutboxMail.id.desc()).limit(PAGE_SIZE)).all()
    return render_template(
        "outbox/index.html", mails=mails, counts=worker.counts(), shown=shown,
        filters=FILTERS, page_size=PAGE_SIZE, mail_enabled=current_app.config["MAIL_ENABLED"],
        max_attempts=current_app.config["MAIL_MAX_ATTEMPTS"],
    )


@bp.route("/<int:id>/erneut", methods=["POST"])
@roles_required(*worker.OUTBOX_ROLES)
def retry(id: int):
    form = RetryForm()
    if not form.validate_on_submit():
        abort(400)
    mail = db.session.get(OutboxMail, id, with_for_update=True)
    if mail is None:
        abort(404)
    back = form.back(url_for("outbox.index"))
    try:
        worker.requeue(mail, current_user)
    except DomainError as exc:
        discard()
        flash(str(exc), "error")
        return redirect(back)
    if current_app.config["MAIL_ENABLED"]:
        flash(f"Die E-Mail „{mail.subject}“ wird erneut versandt.", "success")
    else:
        flash(f"Die E-Mail „{mail.subject}“ steht wieder im Ausgang. Der E-Mail-Versand ist "
              "allerdings ausgeschaltet; sie wird erst versandt, wenn er eingeschaltet ist.",
              "warning")
    return redirect(back)
