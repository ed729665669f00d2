"""Structured reply (``reply.json``) -> reply letter after DIN 5008 as DOCX, and PDF.

Public API (used by the web app and ``python -m drafting letter``):

- :func:`validate_reply` checks a reply against ``drafting/letters/schema/reply.schema.json``, the
  characters XML allows and the content rules; raises :class:`ReplyValidationError`.
- :func:`render_docx` validates and renders; returns DOCX bytes.
- :func:`docx_to_pdf` converts with LibreOffice; :class:`PdfUnavailableError` if missing.
- :func:`salutation` derives "Sehr geehrte Frau Mühle," from the recipient.
- :func:`body_text` reads a rendered letter back, from the salutation to the closing.

The work is split over :mod:`drafting.letters`: ``validation`` (schema, German messages),
``content`` (wording, quoting convention), ``richtext`` (answers in a Markdown subset),
``styles`` (named Word styles), ``package`` (cached base DOCX per template: page setup,
styles, headers/footers), ``layout`` (DIN 5008 page 1 and body), ``oxml``
(WordprocessingML builders) and ``pdf`` (LibreOffice).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from drafting.errors import DraftingInputError
from drafting.letters import content as letter_content
from drafting.letters import layout as letter_layout
from drafting.letters import styles
from drafting.letters.content import salutation
from drafting.letters.pdf import PdfConversionError, PdfUnavailableError, docx_to_pdf
from drafting.letters.typography import NBSP
from drafting.letters.validation import (
    ReplyValidationError,
    reply_schema,
    sanitize_reply,
    validate_reply,
)
from drafting.reading.docx_numbering import numbering_of, paragraph_text

__all__ = [
    "DraftingInputError",
    "PdfConversionError",
    "PdfUnavailableError",
    "ReplyValidationError",
    "body_text",
    "docx_to_pdf",
    "render_docx",
    "reply_schema",
    "salutation",
    "sanitize_reply",
    "validate_reply",
]

_CLOSING_FALLBACK = letter_content.DEFAULT_CLOSING


def render_docx(
    data: dict[str, Any],
    *,
    template: str | Path | bytes | None = None,
    logo: str | Path | bytes | None = None,
    draft: bool = False,
) -> bytes:
    """Validate ``data`` and render the letter as DOCX bytes.

    ``template``: a city's Word file (.docx/.dotx, path or bytes) whose styles of the same
    names ("Anfrage Text", ...) and headers/footers are used. ``logo``: an image (path or
    bytes) for the letterhead; overrides ``sender.logo``. ``draft``: a visible "ENTWURF" at
    the top of every page (in the headers, so PDF and print show it; the signed letter has none).
    """
    validate_reply(data)
    return letter_layout.write_letter(letter_content.build(data), template, logo, draft=draft)


def body_text(docx_bytes: bytes) -> str:
    """The letter text from the salutation to the closing, paragraphs joined by a blank line.

    Table rows in the body become one paragraph each, cells joined by " | "; list items
    start with their bullet or number ("• ", "1. "). Finds the salutation and closing by
    their styles, else by their usual wording. The non-breaking spaces the rendering sets
    (:mod:`~drafting.letters.typography`) read as ordinary spaces, as the reply has them.
    """
    try:
        document = docx.Document(io.BytesIO(docx_bytes))
    except Exception as exc:  # zip, XML or content-type errors of a foreign file
        raise DraftingInputError("Die Datei ist kein lesbares Word-Dokument (.docx).") from exc
    names = {style.style_id: style.name for style in document.styles}
    numbering = numbering_of(document)
    texts: list[str] = []
    started = False
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            if started:
                texts.extend(row.replace(NBSP, " ") for row in _table_rows(child, document))
            continue
        if child.tag != qn("w:p"):
            continue
        paragraph = DocxParagraph(child, document._body)
        style_ids = child.xpath("./w:pPr/w:pStyle/@w:val")
        style = names.get(style_ids[0], "") if style_ids else ""
        text = paragraph_text(paragraph, numbering).replace(NBSP, " ").strip()
        if not started:
            started = style == styles.SALUTATION or text.startswith(("Sehr geehrte", "Guten Tag"))
        if started and text:
            texts.append(text)
        if started and (style == styles.CLOSING or text == _CLOSING_FALLBACK):
            break
    return "\n\n".join(texts)


def _table_rows(tbl: Any, document: Any) -> list[str]:
    rows: list[str] = []
    for tr in tbl.iterchildren(qn("w:tr")):
        cells = []
        for tc in tr.iterchildren(qn("w:tc")):
            paragraphs = [DocxParagraph(p, document._body).text.strip() for p in tc.iter(qn("w:p"))]
            cells.append(" ".join(text for text in paragraphs if text))
        rows.append(" | ".join(cells))
    return rows
