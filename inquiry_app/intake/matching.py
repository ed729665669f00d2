"""Names from an inquiry document -> councillors in the database.

Documents print names with titles and roles ("Stadträtin Dr. Anne Mühle"), initials
("A. Mühle"), without first names, or damaged by OCR ("Muhle", "Mühie"). A name is matched
when the last names agree closely (umlauts, ß and case folded; small OCR damage tolerated)
and the first names do not contradict (equal, same initial, or close); a name that could be
two people, or nobody, is left unmatched with a reason, so the clerk decides.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

_TITLES = re.compile(
    r"\b(?:Dr|Prof|Dipl|Ing|rer|nat|phil|med|jur|habil|h\.\s*c|M\.\s*A|B\.\s*A|MdL|MdB)\b\.?"
    r"|\b(?:Stadträtin|Stadtrat|Stadträte|Herrn?|Frau|Ortschaftsrätin|Ortschaftsrat|"
    r"Stadtbezirksbeirätin|Stadtbezirksbeirat|Fraktionsvorsitzende[r]?)\b",
    re.IGNORECASE,
)
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e"})
LAST_NAME_SIMILARITY = 0.8  # "Mühie" (OCR) is "Mühle"; below 0.9 the first name must agree
CLOSE_LAST_NAME = 0.9
FIRST_NAME_SIMILARITY = 0.75


def fold(text: str) -> str:
    """Lower case, umlauts and accents folded, only letters, hyphens and spaces."""
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z\- ]+", " ", text).strip()


def name_parts(name: str) -> tuple[list[str], str]:
    """First names and last name of a printed name, titles and roles removed."""
    words = [w for w in fold(_TITLES.sub(" ", name)).split() if w.strip("-")]
    if not words:
        return [], ""
    return words[:-1], words[-1]


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio() if a and b else 0.0


@dataclass
class Candidate:
    id: int
    first_name: str
    last_name: str


@dataclass
class Match:
    name: str
    member_id: int | None
    score: float
    reason: str


def _score(firsts: list[str], last: str, candidate: Candidate) -> float:
    last_score = _similar(last, fold(candidate.last_name).replace(" ", ""))
    if last_score < LAST_NAME_SIMILARITY:
        # double names: "Müller-Lüdenscheidt" printed as "Lüdenscheidt"
        parts = fold(candidate.last_name).replace("-", " ").split()
        last_score = max([last_score, *(_similar(last, p) for p in parts if len(p) > 3)])
        if last_score < LAST_NAME_SIMILARITY:
            return 0.0
    if not firsts:  # no first name printed: weaker, decided by uniqueness
        return last_score * 0.9 if last_score >= CLOSE_LAST_NAME else 0.0
    known = fold(candidate.first_name).split()
    if not known:
        return last_score * 0.9
    first = firsts[0].rstrip(".")
    if len(first) == 1 or (len(first) <= 2 and firsts[0].endswith(".")):
        return last_score * (0.95 if known[0].startswith(first) else 0.0)
    first_score = max(_similar(first, k) for k in known)
    if first_score < FIRST_NAME_SIMILARITY:
        return 0.0
    return (last_score + first_score) / 2


def match_names(names: list[str], candidates: list[Candidate]) -> list[Match]:
    """One :class:`Match` per name, in order."""
    results = []
    for name in names:
        firsts, last = name_parts(name)
        if not last:
            results.append(Match(name, None, 0.0, "kein Name erkannt"))
            continue
        scored = sorted(((s, c) for c in candidates if (s := _score(firsts, last, c)) > 0),
                        key=lambda pair: -pair[0])
        if not scored:
            results.append(Match(name, None, 0.0, "keine Stadträtin und kein Stadtrat dieses "
                                                  "Namens"))
            continue
        best, candidate = scored[0]
        if len(scored) > 1 and scored[1][0] >= best - 0.02:
            results.append(Match(name, None, best, "mehrdeutig: "
                                 + ", ".join(f"{c.first_name} {c.last_name}" for _, c in scored[:3])))
            continue
        results.append(Match(name, candidate.id, best, "erkannt"))
    return results


# --- a printed name as a new councillor ------------------------------------------------------
# Academic titles as printed: "Dr.", "Prof.", "Dr.-Ing.", "PD", "Dipl.-Ing.", degrees after
# the name ("M. A."); after a title also lower-case abbreviations ("rer. nat.", "h. c.").
_ACADEMIC = re.compile(
    r"^(?:(?:Prof|Dr|PD)\.?(?:-[^\W\d_]+\.?)*|Dipl\.-?[^\W\d_]+\.?"
    r"|M\.\s?A\.|B\.\s?A\.|M\.\s?Sc\.|B\.\s?Sc\.|LL\.\s?M\.|MBA)$"
)
_ABBREVIATION = re.compile(r"^(?:[a-zäöü]{1,6}\.)+$")
_ROLE_WOMAN = {"frau", "stadträtin", "ortschaftsrätin", "stadtbezirksbeirätin"}
_ROLE_MAN = {"herr", "herrn", "stadtrat", "ortschaftsrat", "stadtbezirksbeirat",
             "fraktionsvorsitzender"}
_ROLE_OTHER = {"stadträte", "fraktionsvorsitzende", "mdl", "mdb"}
_PARTICLES = {"von", "van", "vom", "zu", "zum", "zur", "de", "der", "den", "di", "da", "del",
              "la", "le", "ten", "ter"}
_EDGE = " \t,;:\"'„“”‚‘’()[]"


@dataclass
class PrintedName:
    """A name as a document prints it, in the fields of a councillor (spelling as printed)."""

    title: str
    first_name: str
    last_name: str
    form_of_address: str  # "Frau", "Herr" or "" (from a printed role such as "Stadträtin")


def _words(text: str) -> list[str]:
    return [w for w in (part.strip(_EDGE) for part in text.split()) if w]


def split_printed_name(name: str) -> PrintedName:
    """Title, first names and last name of a printed name ("Stadträtin Dr. Anne Mühle",
    "Mühle, Anne", "Anna von der Heide"); roles are left out but give the form of address.
    Nothing is corrected: an OCR-damaged name stays as printed."""
    text = unicodedata.normalize("NFC", name)
    if "," in text:  # "Mühle, Anne" (a trailing role or degree after the comma stays behind)
        before, after = text.split(",", 1)
        if any(not _is_title_or_role(w) for w in _words(after)):
            text = f"{after} {before}"
        else:
            text = f"{before} {after}"
    titles, names, address = [], [], ""
    for word in _words(text):
        lowered = word.lower().rstrip(".")
        if lowered in _ROLE_WOMAN or lowered in _ROLE_MAN:
            address = address or ("Frau" if lowered in _ROLE_WOMAN else "Herr")
        elif lowered in _ROLE_OTHER:
            continue
        elif _ACADEMIC.match(word) or (titles and not names and _ABBREVIATION.match(word)):
            titles.append(word)
        else:
            names.append(word)
    if not names:
        return PrintedName(" ".join(titles), "", "", address)
    start = len(names) - 1  # the last name with its particles ("von der Heide")
    while start > 1 and names[start - 1].lower() in _PARTICLES:
        start -= 1
    return PrintedName(" ".join(titles), " ".join(names[:start]), " ".join(names[start:]),
                       address)


def _is_title_or_role(word: str) -> bool:
    lowered = word.lower().rstrip(".")
    return bool(_ACADEMIC.match(word)) or lowered in _ROLE_WOMAN | _ROLE_MAN | _ROLE_OTHER
