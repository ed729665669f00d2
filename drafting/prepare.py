"""Read and split a submitted inquiry in one step, as the web application does on upload.

``prepare(data, filename, text)`` reads the file (if ``data`` is given, else takes
``text``), cleans the text (:func:`drafting.cleaning.clean_text`) and splits it. All size
limits are keyword arguments; the result is a plain, picklable :class:`Prepared`, so the
step can run in a separate process (:func:`drafting.isolation.run_isolated`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drafting.cleaning import clean_text
from drafting.limits import MAX_DOCUMENT_CHARS, MAX_PARAGRAPH_CHARS
from drafting.reading import MAX_BYTES, read_document
from drafting.segment import SplitResult, split


@dataclass
class Prepared:
    """The text of the inquiry, warnings from reading it, and the proposed split."""

    text: str
    warnings: list[str] = field(default_factory=list)
    split: SplitResult = field(default_factory=SplitResult)


def prepare(
    data: bytes | None,
    filename: str | None,
    text: str = "",
    *,
    max_bytes: int = MAX_BYTES,
    max_chars: int | None = MAX_DOCUMENT_CHARS,
    max_paragraph_chars: int | None = MAX_PARAGRAPH_CHARS,
) -> Prepared:
    """Read ``data`` (a .txt, .docx or .pdf file) or take ``text``, then split it.

    Raises :class:`~drafting.errors.DraftingInputError` for unreadable files and texts over
    the limits."""
    warnings: list[str] = []
    if data is not None:
        document = read_document(data, filename or "Datei", max_bytes=max_bytes, max_chars=max_chars)
        text, warnings = document.text, list(document.warnings)
    text = clean_text(text) or ""
    result = split(text, max_chars=max_chars, max_paragraph_chars=max_paragraph_chars)
    return Prepared(text, warnings, result)


def warm_up() -> None:
    """Load the libraries and caches reading and splitting use (for a forkserver)."""
    import docx  # noqa: F401
    import pypdf  # noqa: F401

    from drafting.inquiry_rules import get_nlp
    from drafting.lexicon import default_lexicon, function_words

    get_nlp()
    default_lexicon()
    function_words()
    split("Sehr geehrte Damen und Herren,\n\n1. Wie viele?\n\nMit freundlichen Grüßen")
