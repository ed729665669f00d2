"""Public pages (no login): published inquiries with their signed reply. No internal data:
no contributions, comments, staff names or revisions."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request, send_file
from sqlalchemy.orm import joinedload, selectinload

from inquiry_app import paging
from inquiry_app.extensions import db
from inquiry_app.inquiries import listing
from inquiry_app.letters import seal
from inquiry_app.letters.operations import file_stem, signed_letter
from inquiry_app.models import Inquiry, InquiryState

bp = Blueprint("public", __name__)


def _published(inquiry_id: int) -> Inquiry:
    inquiry = db.session.get(Inquiry, inquiry_id)
    if inquiry is None or inquiry.state != InquiryState.PUBLISHED:
        abort(404)
    return inquiry


BY_PUBLICATION = (paging.Column(Inquiry.published_at, datetime, descending=True),
                  paging.Column(Inquiry.id, int, descending=True))


def _published_page(extra, order, limit: int, offset: int) -> list[Inquiry]:
    query = sa.select(Inquiry).where(Inquiry.state == InquiryState.PUBLISHED)
    if extra is not None:
        query = query.where(extra)
    return list(db.session.scalars(
        query.options(*listing.LIST_DEFERRED, selectinload(Inquiry.submitters), joinedload(Inquiry.faction))
        .order_by(*order).limit(limit).offset(offset)))


@bp.route("/")
def index():
    page = paging.fetch_keys(paging.sql_runner(_published_page, BY_PUBLICATION), BY_PUBLICATION,
                             paging.Request.from_args(request.args), listing.PAGE_SIZE,
                             lambda i: (i.published_at, i.id))
    return render_template("public/index.html", inquiries=page.items, page=page)


@bp.route("/anfragen/<int:id>")
def detail(id: int):
    inquiry = _published(id)
    letter = signed_letter(inquiry)
    return render_template("public/detail.html", inquiry=inquiry, letter=letter,
                           seal_check=seal.check(letter.pdf) if letter else None,
                           seal_configured=seal.configured(),
                           seal_not_configured=seal.NOT_CONFIGURED)


@bp.route("/anfragen/<int:id>/antwort.<any(docx, pdf):fmt>")
def download(id: int, fmt: str):
    inquiry = _published(id)
    letter = signed_letter(inquiry)
    data = None if letter is None else (letter.docx if fmt == "docx" else letter.pdf)
    if data is None:
        abort(404)
    mimetype = ("application/pdf" if fmt == "pdf" else
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return send_file(BytesIO(data), as_attachment=True, mimetype=mimetype,
                     download_name=f"{file_stem(inquiry)}.{fmt}")
