"""One cleaning step for every text that enters the system (forms, uploads, imports, CLI).

``clean_text`` keeps line structure: CR/LF become LF, Word's manual line break (U+000B),
form feeds and the Unicode line/paragraph separators become line breaks, other control
characters (NUL, C0, C1, DEL) and stray byte-order marks are dropped, lone surrogates are
dropped, and the text is normalised to NFC. ``clean_line`` does the same for a one-line field
(subject, names, numbers): every kind of line break and run of white space becomes one space,
and the ends are stripped.

Whatever passes here is valid XML 1.0 character data, so a letter can always be rendered
from it.
"""

from __future__ import annotations

import re
import unicodedata

# Line breaks in all their disguises (Word's VT, form feed, NEL, LS, PS).
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Everything XML 1.0 forbids or that is invisible junk: C0 except TAB/LF, DEL, C1, BOM,
# lone surrogates, the non-characters U+FFFE/U+FFFF.
_JUNK = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_SPACE_RUN = re.compile(r"\s+")


def clean_text(value: str | None) -> str | None:
    """The multi-line cleaning described in the module docstring (``None`` stays ``None``)."""
    if value is None:
        return None
    if value.isascii() and value.isprintable():
        return value
    text = _BREAKS.sub("\n", value)
    text = _JUNK.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def clean_line(value: str | None) -> str | None:
    """A one-line value: cleaned, white space (including line breaks) folded to one space."""
    if value is None:
        return None
    return _SPACE_RUN.sub(" ", clean_text(value)).strip()


def has_junk(value: str) -> bool:
    """True if ``clean_text`` would change more than line endings (for warnings in imports)."""
    return bool(_JUNK.search(value))
