"""Numbers, amounts, percentages and dates in a German answer text: what a writer must check
when an earlier answer is reused (the figures of last year are rarely this year's)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from inquiry_app.templating import listing_de

MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")
_MONTH = "(?:" + "|".join(MONTHS) + r"|Jan\.|Feb\.|Mär\.|Apr\.|Aug\.|Sept?\.|Okt\.|Nov\.|Dez\.)"
# 1.234.567 | 1 234 | 12,5 | 2024 (a digit group is never followed by more digits)
_NUMBER = r"\d{1,3}(?:[.\u202f\u00a0 ]\d{3})+(?:,\d+)?(?!\d)|\d+(?:,\d+)?"
_CURRENCY = (r"(?:€|EUR\b|Euro\b|TEUR\b|T€|Tsd\.\s?(?:€|EUR\b|Euro\b)"
             r"|(?:Mio\.|Millionen|Mrd\.|Milliarden)\s?(?:€|EUR\b|Euro\b))")

_NOT_A_REFERENCE = "".join(f"(?<!{re.escape(word)} )" for word in (
    "§", "§§", "Abs.", "Nr.", "Satz", "Frage", "Fragen", "Anlage", "Art.", "Ziffer", "S."))

KINDS = {"date": "Datum", "amount": "Betrag", "percent": "Prozentangabe", "number": "Zahl"}

_PATTERNS = [
    ("date", r"\b\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})(?!\d)"),  # 12.03.2024, 1. 3. 24
    ("date", r"\b\d{1,2}\.\s?\d{1,2}\.(?=\s|$|[,;:)])"),  # 12.03.
    ("date", r"\b\d{4}-\d{2}-\d{2}\b"),  # 2024-03-12
    ("date", rf"\b\d{{1,2}}\.\s?{_MONTH}(?:\s\d{{4}})?"),  # 12. März 2024
    ("date", rf"{_MONTH}\s\d{{4}}\b"),  # März 2024
    ("date", r"\b[1-4]\.\s?(?:Quartal|Halbjahr)(?:\s\d{4})?"),  # 2. Quartal 2025
    ("amount", rf"(?:€|EUR)\s?(?:{_NUMBER})"),  # € 1.200
    ("amount", rf"(?:{_NUMBER})\s?{_CURRENCY}"),  # 1.200 EUR, 3,5 Mio. Euro
    ("percent", rf"(?:{_NUMBER})\s?(?:%|Prozent\b|v\.\s?H\.)"),  # 12,5 %, 3 Prozent
    # a plain number, not a reference (§ 28 Abs. 6, Frage 2, AF1234/24) nor a list marker
    ("number", rf"{_NOT_A_REFERENCE}(?<![\w,./-])(?:{_NUMBER})(?![\w/]|\.\d)"),
]
_FIGURE = re.compile("|".join(f"(?P<{kind}{i}>{pattern})"
                              for i, (kind, pattern) in enumerate(_PATTERNS)))


_LIST_MARKER = re.compile(r"\d+[.)]\s")  # "1. " or "2) " at the start of a line


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    kind: str  # key of KINDS
    text: str


def figures(text: str) -> list[Figure]:
    """The figures of ``text`` in order, not overlapping (a date or amount is one figure, not
    its numbers)."""
    found = []
    for match in _FIGURE.finditer(text):
        kind = next(name for name, value in match.groupdict().items() if value is not None)
        line_start = text.rfind("\n", 0, match.start()) + 1
        if (kind.startswith("number") and not text[line_start:match.start()].strip()
                and _LIST_MARKER.match(text, match.start())):
            continue
        found.append(Figure(match.start(), match.end(), kind.rstrip("0123456789"), match.group()))
    return found


def highlighted(text: str) -> Markup:
    """``text`` escaped, every figure in ``<mark>`` (the kind as its title)."""
    parts, pos = [], 0
    for figure in figures(text):
        parts.append(escape(text[pos:figure.start]))
        parts.append(Markup('<mark class="app-figure" title="{}">{}</mark>').format(
            KINDS[figure.kind], figure.text))
        pos = figure.end
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)


def counted(found: list[Figure]) -> str:
    """"3 Zahlen, 1 Datum und 2 Beträge" for the check box."""
    names = {"number": ("Zahl", "Zahlen"), "date": ("Datum", "Daten"),
             "amount": ("Betrag", "Beträge"), "percent": ("Prozentangabe", "Prozentangaben")}
    counts = {kind: sum(1 for f in found if f.kind == kind) for kind in names}
    parts = [f"{n} {names[kind][0] if n == 1 else names[kind][1]}"
             for kind, n in counts.items() if n]
    return listing_de(parts) if parts else ""
