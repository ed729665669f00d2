"""Public pages (no login): published inquiries with their signed reply. No internal data:
no contributions, comments, staff names or revisions."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request, send_file
from sqlalchemy.orm import joinedload, selectinload

from drafting.letters.content import group_label, paragraphs
from inquiry_app import paging
from inquiry_app.archive.pages import archived_structure, has_reply_file, original_download
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


def _number(value) -> str:
    return str(value or "").strip().rstrip(".)")


def answered_items(structure: dict | None) -> list[dict]:
    """The signed reply's questions and answers for the page: per item a heading ("Frage 2",
    "Fragen 1 bis 3"), the questions as quoted (paragraphs, sub-questions) and the answer's
    stored rich text (rendered by the ``richtext`` filter)."""
    items = []
    for item in (structure or {}).get("items") or []:
        questions = [{
            "number": _number(q.get("number")),
            "paragraphs": paragraphs(q.get("text")),
            "parts": [(_number(p.get("number")), " ".join(str(p.get("text") or "").split()))
                      for p in q.get("parts") or []],
        } for q in item.get("questions") or []]
        if not questions:
            continue
        numbers = [q["number"] for q in questions]
        heading = (f"Frage {numbers[0]}" if len(numbers) == 1 else
                   group_label(numbers).removeprefix("Zu den ").removesuffix(":"))
        answer = item.get("answer") or ""
        items.append({"heading": heading, "questions": questions,
                      "answer": answer if isinstance(answer, str) else "\n\n".join(answer)})
    return items


@bp.route("/anfragen/<int:id>")
def detail(id: int):
    inquiry = _published(id)
    letter = signed_letter(inquiry)
    structure = letter.structure if letter else None
    if inquiry.imported:  # archived: no letter, the answers as imported
        structure = archived_structure(inquiry)
    remark = (structure or {}).get("remark") or ""
    return render_template("public/detail.html", inquiry=inquiry, letter=letter,
                           items=answered_items(structure),
                           remark=remark if isinstance(remark, str) else "\n\n".join(remark),
                           seal_check=seal.check(letter.pdf) if letter else None,
                           archived_file=inquiry.imported and has_reply_file(inquiry),
                           seal_configured=seal.configured(),
                           seal_not_configured=seal.NOT_CONFIGURED)


@bp.route("/anfragen/<int:id>/antwort.pdf")
def download(id: int):
    """The signed letter as (tagged PDF/A) PDF. The editable DOCX is never published."""
    inquiry = _published(id)
    letter = signed_letter(inquiry)
    if letter is None or letter.pdf is None:
        abort(404)
    return send_file(BytesIO(letter.pdf), as_attachment=True, mimetype="application/pdf",
                     download_name=f"{file_stem(inquiry)}.pdf")


@bp.route("/anfragen/<int:id>/original")
def original(id: int):
    """An archived inquiry's reply file as it was imported (it has no letter of ours)."""
    return original_download(_published(id), "antwort")
