"""Read and split a submitted inquiry in one step, as the web application does on upload.

``prepare(data, filename, text)`` reads the file (if ``data`` is given, else takes
``text``), cleans the text (:func:`drafting.cleaning.clean_text`) and splits it. All size
limits are keyword arguments; the result is a plain, picklable :class:`Prepared`, so the
step can run in a separate process (:func:`drafting.isolation.run_isolated`).

``prepare_isolated`` is what the web application calls: reading and splitting in an
isolated process, and for a PDF with pages without text the OCR step between two such
runs, outside the reading budget and with its own (see :mod:`drafting.reading.ocr`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from drafting.cleaning import clean_text
from drafting.errors import DraftingInputError
from drafting.isolation import run_isolated
from drafting.limits import MAX_DOCUMENT_CHARS, MAX_PARAGRAPH_CHARS
from drafting.reading.document import MAX_BYTES, read_document
from drafting.reading.ocr import (
    READ_SECONDS_PER_PAGE,
    OcrError,
    OcrSettings,
    no_text_message,
    ocr_pdf,
    unread_warning,
)
from drafting.splitting.segment import SplitResult, split


@dataclass
class Prepared:
    """The text of the inquiry, warnings from reading it, and the proposed split."""

    text: str
    warnings: list[str] = field(default_factory=list)
    split: SplitResult = field(default_factory=SplitResult)
    # With ``OcrSettings(defer=True)``: PDF pages still to be recognised; ``text`` and
    # ``split`` then cover the other pages (nothing if no page has text).
    ocr_pages: list[int] = field(default_factory=list)
    has_text: bool = True  # some page has text of its own


def prepare(
    data: bytes | None,
    filename: str | None,
    text: str = "",
    *,
    max_bytes: int = MAX_BYTES,
    max_chars: int | None = MAX_DOCUMENT_CHARS,
    max_paragraph_chars: int | None = MAX_PARAGRAPH_CHARS,
    ocr: OcrSettings | None = None,
    ocr_done: tuple[int, ...] = (),
) -> Prepared:
    """Read ``data`` (a .txt, .docx or .pdf file) or take ``text``, then split it.

    PDF pages without text are recognised with ``ocr`` (see
    :func:`drafting.reading.document.read_document`, also for ``ocr_done``). Raises
    :class:`~drafting.errors.DraftingInputError` for unreadable files and texts over the
    limits."""
    warnings: list[str] = []
    ocr_pages: list[int] = []
    has_text = True
    if data is not None:
        document = read_document(data, filename or "Datei", max_bytes=max_bytes,
                                 max_chars=max_chars, ocr=ocr, ocr_done=ocr_done)
        text, warnings = document.text, list(document.warnings)
        ocr_pages, has_text = document.ocr_pages, document.has_text
    text = clean_text(text) or ""
    if not has_text:  # nothing to split before OCR
        return Prepared(text, warnings, SplitResult(), ocr_pages, has_text)
    result = split(text, max_chars=max_chars, max_paragraph_chars=max_paragraph_chars)
    return Prepared(text, warnings, result, ocr_pages, has_text)


def prepare_isolated(
    data: bytes | None,
    filename: str | None,
    text: str = "",
    *,
    timeout: float,
    memory_mb: int | None = None,
    isolate: bool = True,
    ocr: OcrSettings | None = None,
    max_bytes: int = MAX_BYTES,
    max_chars: int | None = MAX_DOCUMENT_CHARS,
    max_paragraph_chars: int | None = MAX_PARAGRAPH_CHARS,
) -> Prepared:
    """:func:`prepare` in an isolated process (``timeout`` seconds, ``memory_mb``; see
    :func:`drafting.isolation.run_isolated`), with OCR for PDF pages without text.

    OCR does not spend the reading budget: the first isolated run only finds the pages
    without text, this process then runs OCRmyPDF on them within ``ocr.timeout`` (its own
    process group and limits), and a second isolated run reads and splits the result
    (``timeout`` plus :data:`drafting.reading.ocr.READ_SECONDS_PER_PAGE` per recognised page)."""
    limits = {"max_bytes": max_bytes, "max_chars": max_chars,
              "max_paragraph_chars": max_paragraph_chars}
    budget = {"timeout": timeout, "memory_mb": memory_mb, "isolate": isolate}
    deferred = replace(ocr, defer=True) if ocr is not None else None
    first = run_isolated(prepare, (data, filename, text), {**limits, "ocr": deferred}, **budget)
    if not first.ocr_pages or data is None or ocr is None:
        return first
    name = filename or "Datei"
    try:
        recognised = ocr_pdf(data, first.ocr_pages, ocr)
    except OcrError as exc:
        if not first.has_text:
            raise DraftingInputError(no_text_message(name, str(exc))) from exc
        first.warnings.append(unread_warning(first.ocr_pages, name, str(exc)))
        first.ocr_pages = []
        return first
    limits["max_bytes"] = max(max_bytes, len(recognised))  # the text layer adds a little
    budget["timeout"] = timeout + READ_SECONDS_PER_PAGE * len(first.ocr_pages)
    return run_isolated(prepare, (recognised, filename, ""),
                        {**limits, "ocr_done": tuple(first.ocr_pages)}, **budget)


def warm_up() -> None:
    """Load the libraries and caches reading and splitting use (for a forkserver)."""
    import docx  # noqa: F401
    import pypdf  # noqa: F401

    from drafting.language import default_lexicon, function_words, lemma_table
    from drafting.splitting.inquiry_rules import get_nlp

    get_nlp()
    default_lexicon()
    function_words()
    # The word list is built from the lemma table; splitting needs only the list, so the
    # table (about 15 MB, kept for routing elsewhere) does not stay in the server.
    lemma_table.cache_clear()
    split("Sehr geehrte Damen und Herren,\n\n1. Wie viele?\n\nMit freundlichen Grüßen")
