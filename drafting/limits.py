"""Hard limits on the size of an inquiry text, checked before any expensive step.

Reading and splitting take time linear in the length of the text, but a text of several
million characters (a pasted log file, a DOCX that unpacks to 100 MB) would still tie up a
server for a long time; no real inquiry comes near these limits (the longest in the test
corpus have about 20,000 characters). Every library function that reads or splits text
takes the limits as keyword arguments; ``None`` switches a limit off.
"""

from __future__ import annotations

from drafting.errors import DraftingInputError

MAX_DOCUMENT_CHARS = 1_000_000  # characters of one document (about 400 pages)
MAX_PARAGRAPH_CHARS = 100_000  # characters of one paragraph (about 40 pages without a break)
_EXCERPT = 60


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def document_too_long(
    limit: int, name: str | None = None, length: int | None = None
) -> DraftingInputError:
    """The refusal of a text over ``limit`` characters (``length`` if it was counted)."""
    what = f"Die Datei „{name}“ enthält" if name else "Der Text enthält"
    counted = f" ({_number(length)} Zeichen)" if length is not None else ""
    return DraftingInputError(
        f"{what} mehr als {_number(limit)} Zeichen{counted} und wird nicht verarbeitet. "
        "Bitte nur den Text der Anfrage einfügen oder die Datei kürzen."
    )


def check_document(text: str, limit: int | None, name: str | None = None) -> None:
    """Refuse a text longer than ``limit`` characters (constant time)."""
    if limit is not None and len(text) > limit:
        raise document_too_long(limit, name, len(text))


def paragraph_too_long(start: str, limit: int) -> DraftingInputError:
    excerpt = " ".join(start[:_EXCERPT].split())
    return DraftingInputError(
        f"Ein Absatz des Textes ist länger als {_number(limit)} Zeichen (er beginnt mit "
        f"„{excerpt}…“) und wird nicht verarbeitet. Bitte den Text in Absätze gliedern "
        "(Leerzeile zwischen den Absätzen) oder kürzen."
    )
