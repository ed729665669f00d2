"""Public pages (no login): published inquiries with their signed reply. No internal data:
no contributions, comments, staff names or revisions."""

from __future__ import annotations

from io import BytesIO

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, send_file
from sqlalchemy.orm import selectinload

from inquiry_app.extensions import db
from inquiry_app.letters.operations import file_stem, signed_letter
from inquiry_app.models import Inquiry, InquiryState

bp = Blueprint("public", __name__)


def _published(inquiry_id: int) -> Inquiry:
    inquiry = db.session.get(Inquiry, inquiry_id)
    if inquiry is None or inquiry.state != InquiryState.PUBLISHED:
        abort(404)
    return inquiry


@bp.route("/")
def index():
    inquiries = db.session.scalars(
        sa.select(Inquiry).where(Inquiry.state == InquiryState.PUBLISHED)
        .options(selectinload(Inquiry.submitters)).order_by(Inquiry.published_at.desc())
    ).all()
    return render_template("public/index.html", inquiries=inquiries)


@bp.route("/anfragen/<int:id>")
def detail(id: int):
    inquiry = _published(id)
    letter = signed_letter(inquiry)
    return render_template("public/detail.html", inquiry=inquiry, letter=letter)


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
