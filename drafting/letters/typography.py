"""Non-breaking spaces where DIN 5008 and German typography keep words together.

Applied when a letter is rendered (every text run goes through :func:`nbsp`); the stored
reply keeps its ordinary spaces. The function only swaps single spaces for U+00A0, so a
text keeps its length and applying it twice changes nothing:

- number and unit or currency: ``979.500 EUR``, ``12 %``, ``3,5 Mio. EUR``, ``20 km``;
- after ``§``/``§§`` and between a reference word and its number: ``§ 28 Abs. 6 Satz 1``,
  ``Nr. 3``, ``S. 4``, ``Art. 3``, ``Frage 2``, ``Fragen 1``, ``Anlage 1``;
- inside abbreviations of several parts (``_ABBREVIATIONS``): ``z. B.``, ``u. a.``,
  ``d. h.``, ``i. d. R.``;
- dates with the month in words: ``1. Januar 2026``, ``Januar 2026``.
"""

from __future__ import annotations

import re

__all__ = ["NBSP", "nbsp"]

NBSP = "\u00a0"

_MONTHS = "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_UNITS = (
    r"EUR|Euro|€|%|Prozent|Mio\.|Mrd\.|Tsd\.|Cent|ct|km|m|cm|mm|m²|m³|qm|ha|kg|g|t|l|h|"
    r"min|Std\.|Min\.|Tage?n?|Wochen|Monate?n?|Jahre?n?|Stück|Personen|Plätze"
)
_REFERENCES = (
    r"Abs\.|Nr\.|S\.|Art\.|Ziff\.|Kap\.|Bd\.|Anl\.|Satz|Absatz|Artikel|Nummer|Ziffer|Seite|"
    r"Frage|Fragen|Anlage|Anlagen|Kapitel|Punkt|Drucksache"
)
_ABBREVIATIONS = (
    "z. B.", "u. a.", "d. h.", "i. d. R.", "u. U.", "z. T.", "s. o.", "s. u.", "o. Ä.", "u. Ä.",
    "o. g.", "v. a.", "i. V.", "i. A.", "z. Hd.", "u. v. m.", "m. E.", "i. S. d.", "i. S. v.",
    "a. a. O.", "i. H. v.", "z. Zt.", "z. K.", "z. d. A.",
)  # fmt: skip
_END = r"(?![\w])"  # the unit or word ends here (not "m" of "mehr")

# Each pattern matches exactly one space (the first group is what stands before it).
_RULES = tuple(
    re.compile(pattern)
    for pattern in (
        rf"(\d) (?=(?:{_UNITS}){_END})",  # 12 %, 979.500 EUR, 3,5 Mio.
        rf"((?<!\w)(?:Mio|Mrd|Tsd)\.) (?=(?:EUR|Euro|€){_END})",  # Mio. EUR
        r"((?<!\w)(?:EUR|€)) (?=\d)",  # EUR 500
        r"(§) (?=\S)",  # § 28, §§ 187
        rf"((?<!\w)(?:{_REFERENCES})) (?=\d)",  # Abs. 6, Nr. 3, S. 4, Frage 2
        rf"((?<![\w.])\d{{1,2}}\.) (?=(?:{_MONTHS}){_END})",  # 1. Januar
        rf"((?<!\w)(?:{_MONTHS})) (?=\d{{4}}{_END})",  # Januar 2026
    )
)


_ABBREVIATION = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(a) for a in sorted(_ABBREVIATIONS, key=len, reverse=True)) + r")",
    re.IGNORECASE,  # "Z. B." at the start of a sentence
)


def nbsp(text: str) -> str:
    """``text`` with non-breaking spaces where a line must not break (same length)."""
    if " " not in text:
        return text
    for rule in _RULES:
        text = rule.sub(rf"\1{NBSP}", text)
    return _ABBREVIATION.sub(lambda match: match.group().replace(" ", NBSP), text)
