"""What the letter says: a validated reply dict -> paragraphs with style names (no Word).

The quoting convention follows the reference reply: the preamble and question 1 are quoted
together in one „…“ (number "1." inside the quote); every later question is written
``N. „question“``; sub-questions stand beneath their question inside the quote; the answer
follows as plain paragraphs. An item with several questions gets "Zu den Fragen 1 bis 3:"
before its answer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from drafting.letters import richtext
from drafting.letters import styles as st
from drafting.letters.richtext import Span

OPEN_QUOTE, CLOSE_QUOTE = "„", "“"
DEFAULT_INTRO = "Ihre oben genannte Anfrage beantworte ich wie folgt:"
DEFAULT_CLOSING = "Mit freundlichen Grüßen"
SIGNATURE_NOTES = {"on_behalf": "In Vertretung", "by_order": "Im Auftrag"}

_SPACES = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class ListItem:
    """Where a paragraph stands in a Word list: ``numbered`` or not (bullet); ``start``
    (the number of the first item) on the first item of a numbered list, else None."""

    numbered: bool
    start: int | None = None


@dataclass(frozen=True, slots=True)
class Para:
    style: str
    spans: tuple[Span, ...]
    item: ListItem | None = None


@dataclass(frozen=True, slots=True)
class TablePart:
    table: richtext.Table


Part = Para | TablePart


@dataclass
class LetterContent:
    authority: str
    unit: str
    logo: str | None
    return_address: str
    address_lines: list[str]
    info_rows: list[tuple[str, str]]
    subject_lines: list[str]
    body: list[Part] = field(default_factory=list)
    title: str = ""


def clean(value: Any) -> str:
    """A single-line text: whitespace runs collapsed, ends stripped, None -> ""."""
    if value is None:
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def german_date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")


def paragraphs(value: str | list[str] | None) -> list[str]:
    """Plain-text paragraphs: list entries and blank-line separated blocks, each cleaned."""
    if value is None:
        return []
    entries = [value] if isinstance(value, str) else value
    result: list[str] = []
    for entry in entries:
        normalized = entry.replace("\r\n", "\n").replace("\r", "\n")
        result.extend(text for text in map(clean, _BLANK_LINE.split(normalized)) if text)
    return result


def salutation(recipient: dict[str, Any]) -> str:
    """The salutation derived from the recipient, e.g. "Sehr geehrte Frau Dr. Mühle,"."""
    custom = clean(recipient.get("salutation"))
    if custom:
        return custom
    form = clean(recipient.get("form_of_address")).lower()
    name = clean(recipient.get("name"))
    title = clean(recipient.get("title"))
    person = " ".join(part for part in (title, name) if part)
    if name and form == "frau":
        return f"Sehr geehrte Frau {person},"
    if name and form == "herr":
        return f"Sehr geehrter Herr {person},"
    if name and form == "neutral":
        return f"Guten Tag {person},"
    return "Sehr geehrte Damen und Herren,"


def build(data: dict[str, Any]) -> LetterContent:
    """Turn a validated reply into the letter's content."""
    sender, recipient, inquiry = data["sender"], data["recipient"], data["inquiry"]
    interim = data.get("kind", "final") == "interim"
    number = clean(inquiry["number"])
    content = LetterContent(
        authority=clean(sender["authority"]),
        unit=clean(sender.get("unit")),
        logo=clean(sender.get("logo")) or None,
        return_address=_return_address(sender),
        address_lines=[clean(line) for line in recipient["address_lines"] if clean(line)],
        info_rows=_info_rows(data),
        subject_lines=[
            clean(inquiry["subject"]),
            f"Anfrage {number} – Zwischenbescheid" if interim else f"Anfrage {number}",
        ],
        title=(f"Zwischenbescheid zur Anfrage {number}" if interim else f"Antwort auf die Anfrage {number}"),
    )
    body = content.body
    body.append(_para(st.SALUTATION, salutation(recipient)))
    if interim:
        body.extend(_interim_text(data))
    else:
        intro = DEFAULT_INTRO if data.get("intro") is None else clean(data["intro"])
        if intro:
            body.append(_para(st.TEXT, intro))
        if data.get("remark") is not None and not _blank(data["remark"]):
            body.append(_para(st.LABEL, "Vorbemerkung:"))
            body.extend(rich_parts(data["remark"]))
        body.extend(_items(data.get("preamble"), data["items"]))
    body.extend(_signature(data))
    return content


def rich_parts(text: str | list[str]) -> list[Part]:
    """Answer text (Markdown subset) as styled paragraphs and tables; list items carry a
    :class:`ListItem` (the bullet or number is Word's automatic list numbering)."""
    parts: list[Part] = []
    for block in richtext.parse(text):
        if isinstance(block, richtext.Paragraph):
            parts.append(Para(st.TEXT, block.spans))
        elif isinstance(block, richtext.BulletList):
            parts.extend(Para(st.BULLET, item, ListItem(numbered=False)) for item in block.items)
        elif isinstance(block, richtext.NumberedList):
            parts.extend(
                Para(st.NUMBERED, item, ListItem(True, block.start if index == 0 else None))
                for index, item in enumerate(block.items)
            )
        else:
            parts.append(TablePart(block))
    return parts


def group_label(numbers: list[str]) -> str:
    """ "Zu den Fragen 1 bis 3:" / "Zu den Fragen 1 und 2:" / "Zu den Fragen 1, 3 und 5:"."""
    if len(numbers) >= 3 and all(number.isdigit() for number in numbers):
        values = [int(number) for number in numbers]
        if values == list(range(values[0], values[0] + len(values))):
            return f"Zu den Fragen {numbers[0]} bis {numbers[-1]}:"
    return f"Zu den Fragen {', '.join(numbers[:-1])} und {numbers[-1]}:"


# --- pieces -----------------------------------------------------------------------------


def _para(style: str, text: str) -> Para:
    return Para(style, (Span(text),))


def _blank(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return all(not entry.strip() for entry in value)


def _return_address(sender: dict[str, Any]) -> str:
    explicit = clean(sender.get("return_address"))
    if explicit:
        return explicit
    pieces = [sender["authority"], sender.get("unit"), *(sender.get("address_lines") or [])]
    return " · ".join(text for text in map(clean, pieces) if text)


def _info_rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    contact = data.get("contact") or {}
    received = data["inquiry"].get("received_on")
    rows = [
        ("Ihre Anfrage vom", german_date(received) if received else ""),
        ("Geschäftszeichen", clean(data.get("file_reference"))),
        ("Bearbeitet von", clean(contact.get("name"))),
        ("Zimmer", clean(contact.get("room"))),
        ("Telefon", clean(contact.get("phone"))),
        ("E-Mail", clean(contact.get("email"))),
        ("Datum", german_date(data["letter"]["date"])),
    ]
    return [(label, value) for label, value in rows if value]


def _number(value: Any, suffix: str) -> str:
    text = clean(value)
    return text if text.endswith((".", ")")) else text + suffix


def _quoted_question(question: dict[str, Any], *, opened: bool) -> list[Para]:
    """One question as quoted paragraphs; ``opened``: the „ was already set (preamble)."""
    texts = paragraphs(question["text"])
    number = _number(question["number"], ".")
    first = f"{number} {texts[0]}" if opened else f"{number} {OPEN_QUOTE}{texts[0]}"
    paras = [(st.QUOTE, first), *((st.QUOTE, text) for text in texts[1:])]
    for part in question.get("parts") or []:
        paras.append((st.SUB_QUESTION, f"{_number(part['number'], ')')} {clean(part['text'])}"))
    style, last = paras[-1]
    paras[-1] = (style, last + CLOSE_QUOTE)
    return [_para(style, text) for style, text in paras]


def _items(preamble: Any, items: list[dict[str, Any]]) -> list[Part]:
    parts: list[Part] = []
    preamble_texts = paragraphs(preamble)
    first = True
    for item in items:
        for question in item["questions"]:
            if first and preamble_texts:
                parts.append(_para(st.QUOTE, OPEN_QUOTE + preamble_texts[0]))
                parts.extend(_para(st.QUOTE, text) for text in preamble_texts[1:])
                parts.extend(_quoted_question(question, opened=True))
            else:
                parts.extend(_quoted_question(question, opened=False))
            first = False
        if len(item["questions"]) > 1:
            numbers = [clean(q["number"]).rstrip(".)") for q in item["questions"]]
            parts.append(_para(st.LABEL, group_label(numbers)))
        parts.extend(rich_parts(item["answer"]))
    return parts


def _interim_text(data: dict[str, Any]) -> list[Part]:
    inquiry, interim = data["inquiry"], data["interim"]
    received = inquiry.get("received_on")
    since = f" vom {german_date(received)}" if received else ""
    reason = clean(interim["reason"]).rstrip(".")
    if reason.lower().startswith("da "):
        reason = reason[3:]
    return [
        _para(
            st.TEXT,
            f"Ihre Anfrage {clean(inquiry['number'])}{since} zum Thema "
            f"{OPEN_QUOTE}{clean(inquiry['subject'])}{CLOSE_QUOTE} kann nicht fristgerecht "
            f"beantwortet werden, da {reason}.",
        ),
        _para(
            st.TEXT,
            f"Ich werde sie voraussichtlich bis zum {german_date(interim['new_date'])} beantworten.",
        ),
        _para(st.TEXT, "Ich bitte um Ihr Verständnis."),
    ]


def _signature(data: dict[str, Any]) -> list[Part]:
    signature = data["signature"]
    closing = DEFAULT_CLOSING if data.get("closing") is None else clean(data["closing"])
    mode = signature.get("mode") or ("on_behalf" if clean(signature.get("on_behalf_of")) else "self")
    name, function = clean(signature.get("name")), clean(signature.get("function"))
    parts = [_para(st.CLOSING, closing or DEFAULT_CLOSING)]
    if mode in SIGNATURE_NOTES:
        parts.append(_para(st.SIGNATURE_NOTE, SIGNATURE_NOTES[mode]))
    if name:
        parts.append(_para(st.SIGNATURE, name))
    if function:
        parts.append(_para(st.SIGNATURE_FUNCTION if name else st.SIGNATURE, function))
    return parts
