"""The reply structure (``drafting/letters/schema/reply.schema.json``) filled from an inquiry."""

from __future__ import annotations

import copy
import re
from datetime import date

import sqlalchemy as sa
from flask import current_app

from drafting.cleaning import clean_line
from inquiry_app.extensions import db
from inquiry_app.models import Body, FormOfAddress, Inquiry, TextBlock, User

DEFAULT_INTRO = "Ihre oben genannte Anfrage beantworte ich wie folgt:"
DEFAULT_CLOSING = "Mit freundlichen Grüßen"
EDITABLE = ("intro", "remark", "signature_name", "signature_function", "file_reference")


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def body_recipient(body: Body) -> dict:
    """A Stadtbezirksbeirat or Ortschaftsrat, for the attention of its chair:
    "Stadtbezirksbeirat Neustadt / Herrn Stadtbezirksamtsleiter / Dr. Max Beispiel / address";
    the salutation addresses the chair by surname ("Sehr geehrter Herr Dr. Beispiel,")."""
    form = body.chair_form_of_address or FormOfAddress.NONE
    chair = " ".join(p for p in (body.chair_title, body.chair_name) if p)
    attention = " ".join(p for p in ({"Frau": "Frau", "Herr": "Herrn"}.get(form.value, ""),
                                     body.chair_function) if p)
    lines = [body.name, *(line for line in (attention, chair) if line), *_lines(body.address)]
    surname = body.chair_name.split()[-1] if body.chair_name.split() else ""
    has_person = bool(surname) and form != FormOfAddress.NONE
    return {
        "form_of_address": form.value if has_person else "",
        "title": body.chair_title if has_person else "",
        "name": surname if has_person else body.name,
        "role": body.chair_function or "",
        "address_lines": lines[:6],
    }


def recipient_of(inquiry: Inquiry) -> dict:
    """The body's chair for a Stadtbezirksbeirat or Ortschaftsrat; otherwise the first
    submitter as person; a faction without person gets "Damen und Herren"."""
    if inquiry.from_district_body:
        return body_recipient(inquiry.body)
    if inquiry.submitters:
        person = inquiry.submitters[0]
        address = [line for line in (person.address or "").splitlines() if line.strip()]
        return {
            "form_of_address": person.form_of_address.value or "",
            "title": person.title or "",
            "name": person.last_name,
            "role": person.role or "",
            "address_lines": [person.formal_name, *address][:6],
        }
    faction = inquiry.faction
    name = faction.name if faction else "Stadtrat"
    address = [line for line in ((faction.address if faction else "") or "").splitlines()
               if line.strip()]
    return {"form_of_address": "", "title": "", "name": name, "role": "",
            "address_lines": [name, *address][:6]}


def _questions(answer) -> list[dict]:
    result = []
    for question in answer.questions:
        item = {"number": question.number, "text": question.text}
        if question.parts:
            item["parts"] = [{"number": p.number, "text": p.text} for p in question.parts]
        result.append(item)
    return result


def admissibility_text() -> str | None:
    """The standard paragraph for inquiries without a claim to an answer: the active text
    block named by ``ADMISSIBILITY_TEXT_BLOCK`` (None when there is none)."""
    title = current_app.config.get("ADMISSIBILITY_TEXT_BLOCK")
    if not title:
        return None
    text = db.session.scalar(
        sa.select(TextBlock.text).where(TextBlock.title == title, TextBlock.active)
        .order_by(TextBlock.id).limit(1)
    )
    return " ".join(text.split()) if text and text.strip() else None


def _intro(inquiry: Inquiry, settings: dict) -> str:
    """The opening paragraph: the admissibility paragraph first when the inquiry has no claim
    to an answer (§ 28 Abs. 6 SächsGemO), then the intro sentence."""
    intro = settings.get("intro") or DEFAULT_INTRO
    standard = admissibility_text()
    if standard and intro.startswith(standard):  # the draft page shows and posts both
        intro = intro[len(standard):].strip() or DEFAULT_INTRO
    if standard and inquiry.no_claim_to_answer:
        return f"{standard} {intro}"
    return intro


def build_reply(inquiry: Inquiry, settings: dict | None = None, *, on: date | None = None) -> dict:
    """The final reply from the inquiry's final answers plus the council office's settings.
    "Ihre Anfrage vom" is the inquiry's own date (``dated_on``), else the day of receipt."""
    settings = settings or {}
    config = current_app.config
    reply = {
        "kind": "final",
        "letter": {"date": (on or date.today()).isoformat(), "place": config["CITY_PLACE"]},
        "sender": {"authority": config["CITY_NAME"], "unit": "Der Oberbürgermeister"},
        "recipient": recipient_of(inquiry),
        "inquiry": {"number": inquiry.number, "subject": clean_line(inquiry.subject),
                    "received_on": inquiry.letter_date.isoformat()},
        "intro": _intro(inquiry, settings),
        "preamble": _paragraphs(inquiry.preamble),
        "items": [{"questions": _questions(a), "answer": a.text} for a in inquiry.answers
                  if a.questions],
        "closing": DEFAULT_CLOSING,
        "signature": {
            "name": settings.get("signature_name", ""),
            "function": settings.get("signature_function") or "Oberbürgermeister",
            "mode": "self",
            "on_behalf_of": None,
        },
    }
    remark = (settings.get("remark") if "remark" in settings else inquiry.remark) or ""
    if remark.strip():
        reply["remark"] = remark.strip()
    if settings.get("file_reference"):
        reply["file_reference"] = settings["file_reference"]
    return reply


def with_signature(reply: dict, signer: User, on_behalf: bool, on: date) -> dict:
    """The reply as signed by ``signer``: selbst, or "In Vertretung" of the head."""
    signed = copy.deepcopy(reply)
    signed["letter"]["date"] = on.isoformat()
    head = reply["signature"].get("function") or "Oberbürgermeister"
    signed["signature"] = {
        "name": signer.name,
        "function": signer.function or "",
        "mode": "on_behalf" if on_behalf else "self",
        "on_behalf_of": head if on_behalf else None,
    }
    return signed


def interim_reply(inquiry: Inquiry, new_date: date, reason: str, *, on: date | None = None) -> dict:
    reply = build_reply(inquiry, on=on)
    reply.update(kind="interim", items=[], interim={"new_date": new_date.isoformat(),
                                                    "reason": reason})
    reply.pop("remark", None)
    return reply
