"""List markers at the start of a line or paragraph: ``1.``, ``1)``, ``(1)``, ``Frage 1:``,
``1.1``, ``a)``, ``(a)``, ``I.``, bullets. Plain regular expressions, shared by
:mod:`drafting.reading.normalize` (where does a paragraph start?) and :mod:`drafting.splitting.segment`
(which paragraphs are questions?)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
    "Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez"
)
_ORDINAL_NOUNS = "Jahrhundert|Jahrhunderts|Quartal|Quartals|Halbjahr|Halbjahres|Lebensjahr"

_MARKER_RE = re.compile(
    r"""(?:
        (?P<frage>Frage\s+(?P<fnum>\d{1,3}(?:\.\d{1,3})*)\s*[:.)]?)
      | (?P<dotted>\d{1,3}(?:\.(?!0\d)\d{1,3})+)\.?(?![\d.])
      | \((?P<paren>\d{1,3})\)
      | (?P<arabic>\d{1,3})(?P<asep>\.\)|[.)])(?![\d.])
      | \((?P<lparen>[a-zA-Z])\)
      | (?P<letter>[a-zA-Z])\)
      | (?P<letterdot>[a-z])\.(?!\s?[a-zA-Z]\.)
      | (?P<roman>[IVX]{1,5})[.)]
      | (?P<bullet>[•·▪◦‣∙●○■□➢►\-–—*])(?=\s)
    )(?:[ \t]+|$|(?=[A-ZÄÖÜ„"“]))""",
    re.X,
)
_NOT_A_LIST_AFTER_NUMBER = re.compile(rf"(?:{_MONTHS}|{_ORDINAL_NOUNS})\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


@dataclass(frozen=True, slots=True)
class Marker:
    """A recognised list marker.

    ``style`` groups markers that belong to the same list level ("arabic.", "paren",
    "lower", "roman", "bullet" ...); ``value`` is the position (1 for "1.", "a)", "I.");
    ``number`` the label used in output ("1", "1.1", "a", "I"; None for bullets);
    ``raw`` the marker as written and ``end`` the offset where the item text starts.
    """

    style: str
    value: int | None
    number: str | None
    raw: str
    end: int


def roman_value(text: str) -> int | None:
    """Value of a small Roman numeral (I..XXXIX), None if malformed."""
    total, prev = 0, 0
    for ch in reversed(text):
        val = _ROMAN_VALUES[ch]
        total = total - val if val < prev else total + val
        prev = max(prev, val)
    return total if _to_roman(total) == text else None


def _to_roman(value: int) -> str:
    out = []
    for sym, val in (("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1)):
        while value >= val:
            out.append(sym)
            value -= val
    return "".join(out)


def _letter_marker(style: str, letter: str, match: re.Match[str]) -> Marker:
    case = "lower" if letter.islower() else "upper"
    return Marker(
        f"{style}-{case}", ord(letter.lower()) - 96, letter, match.group(0).rstrip(), match.end()
    )


def match_marker(text: str) -> Marker | None:
    """The list marker at the start of ``text``, or None."""
    m = _MARKER_RE.match(text)
    if m is None:
        return None
    raw, end = m.group(0).rstrip(), m.end()
    if m.group("frage"):
        number = m.group("fnum")
        return Marker("frage", int(number.split(".")[0]), number, raw, end)
    if m.group("dotted"):
        number = m.group("dotted")
        return Marker("dotted", int(number.split(".")[-1]), number, raw, end)
    if m.group("paren"):
        return Marker("paren", int(m.group("paren")), m.group("paren"), raw, end)
    if m.group("arabic"):
        if m.group("asep") == "." and _NOT_A_LIST_AFTER_NUMBER.match(text, end):
            return None
        value = int(m.group("arabic"))
        return Marker("arabic" + m.group("asep"), value, str(value), raw, end)
    if m.group("lparen"):
        return _letter_marker("lparen", m.group("lparen"), m)
    if m.group("letter"):
        return _letter_marker("letter", m.group("letter"), m)
    if m.group("letterdot"):
        return _letter_marker("letterdot", m.group("letterdot"), m)
    if m.group("roman"):
        value = roman_value(m.group("roman"))
        if value is None:
            return None
        return Marker("roman", value, m.group("roman"), raw, end)
    return Marker("bullet", None, None, raw, end)


def is_marker_only(text: str) -> bool:
    """True for a line that holds nothing but a marker ("1.", "a)", "Frage 2:")."""
    marker = match_marker(text)
    return marker is not None and marker.style != "bullet" and not text[marker.end :].strip()
