"""Decode the bytes of a plain-text file without guessing silently wrong.

Order: byte order marks (UTF-8, UTF-16) -> strict UTF-8 -> UTF-16 without BOM (NUL
pattern) -> UTF-8 with a few damaged bytes (removed, with a warning) -> Windows-1252 only
if the non-ASCII characters it produces are plausible for German text (with a warning)
-> otherwise a :class:`DraftingInputError`. Control characters (binary junk) are removed
with a warning; a file that is mostly control characters is refused.
"""

from __future__ import annotations

import codecs
import re

from drafting.errors import DraftingInputError

_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Non-ASCII characters a German text in Windows-1252 plausibly contains.
_PLAUSIBLE_CP1252 = frozenset(
    "äöüÄÖÜßéèêàáâçñëïíìóòôúùûÉÈÀÁÇ€„“”‚‘’–—…«»§°²³µ½¼¾·×´©®™•\u00a0"
)
MAX_DAMAGED_RATIO = 0.01
MAX_CONTROL_RATIO = 0.10


def decode_text(data: bytes, name: str) -> tuple[str, list[str]]:
    """Text and German warnings; raises DraftingInputError if it is not readable text."""
    text, notes = _decode(data, name)
    return _strip_controls(text, name, notes)


def _unreadable(name: str) -> DraftingInputError:
    return DraftingInputError(
        f"Die Datei „{name}“ ist keine lesbare Textdatei (unbekannte Zeichenkodierung oder "
        "Binärdaten). Bitte als UTF-8-Text, Word-Dokument (.docx) oder PDF speichern."
    )


def _decode(data: bytes, name: str) -> tuple[str, list[str]]:
    if data.startswith(codecs.BOM_UTF8):
        return _utf8(data[len(codecs.BOM_UTF8) :], name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise _unreadable(name) from None
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, ["Die Textdatei ist in UTF-16 ohne Kennung (BOM) gespeichert."]
    if _UTF8_MULTIBYTE.search(data):
        return _utf8(data, name)
    return _cp1252(data, name)


def _utf8(data: bytes, name: str) -> tuple[str, list[str]]:
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    if not damaged:
        return text, []
    if damaged > max(3, MAX_DAMAGED_RATIO * len(text)):
        raise _unreadable(name)
    return text.replace("\ufffd", ""), [
        f"Die Textdatei enthielt {damaged} ungültige Bytes; sie wurden entfernt. "
        "Bitte den Text auf fehlende Zeichen prüfen."
    ]


def _utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    half = len(data) // 2
    for codec, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) > 0.8 * half:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _cp1252(data: bytes, name: str) -> tuple[str, list[str]]:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _unreadable(name) from None
    foreign = [ch for ch in text if ord(ch) > 127]
    plausible = sum(ch in _PLAUSIBLE_CP1252 for ch in foreign)
    if plausible < 0.9 * len(foreign) or len(foreign) > 0.2 * len(text):
        raise _unreadable(name)
    return text, [
        "Die Textdatei ist nicht in UTF-8, sondern in Windows-1252 gespeichert; "
        "sie wurde entsprechend gelesen. Bitte Umlaute und Sonderzeichen prüfen."
    ]


def _strip_controls(text: str, name: str, notes: list[str]) -> tuple[str, list[str]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    count = len(_CONTROL.findall(text))
    if not count:
        return text, notes
    if count > MAX_CONTROL_RATIO * len(text):
        raise _unreadable(name)
    return _CONTROL.sub("", text), [
        *notes,
        f"Die Datei enthielt {count} Steuerzeichen (Binärdaten); sie wurden entfernt.",
    ]
