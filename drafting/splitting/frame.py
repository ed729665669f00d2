"""The frame around the questions: header (metadata), salutation, closing and signature.

Only short paragraphs that are not list items are fed to spaCy (one ``Doc`` for all of
them), so the cost stays far below tokenising the whole inquiry.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from drafting.splitting.inquiry_rules import SPAN_KEY, get_nlp

MAX_FRAME_CHARS = 200  # longer paragraphs are preamble or questions, not frame
HEAD_CHARS = 80
MAX_SIGNATURE_CHARS = 100
_SEPARATOR = "\n\n"
_MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}  # fmt: skip
_NUMERIC_DATE = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?!\d)")
_WORD_DATE = re.compile(r"(\d{1,2})\.\s*([A-Za-zäÄ]+)\s+(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_LABEL_VALUE = re.compile(r"^([A-Za-zÄÖÜäöüß.]+)\s*:?\s*(.*)$", re.S)
_ROLE_PREFIX = re.compile(
    r"^(?:(?:Stadträtin|Stadtrat|Stadträte|Stadträtinnen|Stadtratsmitglied|Herrn?|Frau|"
    r"Ortschaftsrätin|Ortschaftsrat|Stadtbezirksbeirätin|Stadtbezirksbeirat|Gemeinderätin|"
    r"Gemeinderat|Fraktionsvorsitzende[r]?)\s+)+"
)
_PERSON_ROLE = re.compile(r"^(?:Stadträtin|Stadtrat|Gemeinderätin|Gemeinderat|Herrn?|Frau)\s")
_SUBMITTER_SEPARATORS = re.compile(r"\s*(?:,|;|\bund\b|&)\s*")
_FACTION_WORD = re.compile(r"^[\w/]+-(?:Stadtrats|Rats)?[Ff]raktion\b")
_FACTION_TEXT = re.compile(
    r"^(?:(?:Stadtrats|Rats)?[Ff]raktion(?:en)?\b|[\w/]+-(?:Stadtrats|Rats)?[Ff]raktion\b)"
)
_INQUIRY_NUMBER = re.compile(r"^m?AF(?:-Neu)?\d+/\d\d$")
_NUMBER_LABEL = re.compile(r"\bNr\.?\s*:?\s*([A-Za-z]{0,6}-?\d[\w/.-]*)")
SUBJECT_LABELS = frozenset({"betreff", "gegenstand", "thema"})
SUBMITTER_LABELS = frozenset(
    {"einreicher", "einreicherin", "einreicherinnen", "einreichende", "anfragesteller",
     "anfragestellerin", "fragesteller", "fragestellerin", "von"}
)  # fmt: skip


VALUE_LABELS = SUBJECT_LABELS | SUBMITTER_LABELS | {"datum"}


@dataclass
class Labels:
    """Rule matches of one paragraph: label -> list of (start, end) char offsets."""

    text: str
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def at_start(self, label: str) -> bool:
        return any(start == 0 for start, _ in self.spans.get(label, ()))

    def has(self, label: str) -> bool:
        return label in self.spans

    def is_faction(self) -> bool:
        """"Fraktion DIE LINKE" or "CDU-Fraktion" at the start of the paragraph."""
        return self.at_start("FACTION") or _FACTION_WORD.match(self.text) is not None

    def texts(self, label: str) -> list[str]:
        return [self.text[a:b] for a, b in self.spans.get(label, ())]

    def is_person(self) -> bool:
        """A name, optionally after a role ("Stadträtin Dr. Anne Mühle")."""
        end = len(self.text.rstrip(" ,.;"))
        prefix = _ROLE_PREFIX.match(self.text)
        allowed = {0, prefix.end() if prefix else 0}
        return any(a in allowed and b == end for a, b in self.spans.get("NAME", ()))

    def dates(self) -> list[str]:
        """Valid dates among the DATE matches, as ISO strings."""
        return [iso for text in self.texts("DATE") if (iso := parse_date(text))]

    def is_date_line(self) -> bool:
        return len(self.text) <= 60 and "?" not in self.text and bool(self.dates())


def analyse(paragraphs: Sequence[str], indices: Sequence[int]) -> dict[int, Labels]:
    """Run the rules once over the selected paragraphs: short ones whole, of long ones
    only the start (all that the frame needs: "Sehr geehrter ...", "Ich bitte um ...")."""
    result = {i: Labels(paragraphs[i]) for i in indices}
    if not indices:
        return result
    starts, pieces, position = [], [], 0
    for i in indices:
        text = paragraphs[i]
        piece = text if len(text) <= MAX_FRAME_CHARS else text[:HEAD_CHARS]
        starts.append(position)
        pieces.append(piece)
        position += len(piece) + len(_SEPARATOR)
    nlp = get_nlp()
    doc = nlp.get_pipe("inquiry_rules")(nlp.make_doc(_SEPARATOR.join(pieces)))
    for span in doc.spans[SPAN_KEY]:
        k = bisect.bisect_right(starts, span.start_char) - 1
        offset = starts[k]
        labels = result[indices[k]]
        labels.spans.setdefault(span.label_, []).append(
            (span.start_char - offset, span.end_char - offset)
        )
    return result


def is_header(labels: Labels) -> bool:
    text = labels.text
    if "?" in text or len(text) > 200:
        return False
    return (
        labels.at_start("META")
        or any(_INQUIRY_NUMBER.match(n) for n in labels.texts("NUMBER"))
        or labels.is_date_line()
        or labels.at_start("ROLE")
        or labels.is_faction()
        or labels.is_person()
    )


def is_signature(labels: Labels) -> bool:
    text = labels.text
    if "?" in text or len(text) > MAX_SIGNATURE_CHARS:
        return False
    return (
        labels.is_person()
        or labels.at_start("ROLE")
        or labels.is_faction()
        or (labels.has("FACTION") and len(text) <= 60 and not text.endswith("."))
        or labels.is_date_line()
        or text.startswith("gez.")
    )


def parse_date(text: str) -> str | None:
    """First date in ``text`` as ISO string (2025-03-12), None if none or invalid."""
    parts = None
    if m := _ISO_DATE.search(text):
        parts = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _NUMERIC_DATE.search(text):
        year = int(m.group(3))
        parts = (year + 2000 if year < 100 else year), int(m.group(2)), int(m.group(1))
    elif (m := _WORD_DATE.search(text)) and m.group(2).lower() in _MONTHS:
        parts = int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))
    if parts is None:
        return None
    try:
        return dt.date(*parts).isoformat()
    except ValueError:
        return None


@dataclass
class Metadata:
    number: str | None = None
    date: str | None = None
    subject: str | None = None
    submitters: list[str] = field(default_factory=list)
    factions: list[str] = field(default_factory=list)


def _label_value(text: str) -> tuple[str, str]:
    m = _LABEL_VALUE.match(text)
    return (m.group(1).lower().rstrip("."), m.group(2).strip()) if m else ("", text)


def _add_person(meta: Metadata, text: str) -> None:
    text = text.strip(" .;")
    if not text or (_ROLE_PREFIX.match(text + " ") and not _ROLE_PREFIX.sub("", text + " ")):
        return  # a role alone ("Stadträtin")
    if _FACTION_TEXT.match(text):
        if text not in meta.factions:
            meta.factions.append(text)
        return
    name = _ROLE_PREFIX.sub("", text).strip()
    if " " not in name and not _PERSON_ROLE.match(text):
        return  # "Stadtbezirksbeirat Neustadt" is a body, "Stadträtin Berger" a person
    if name and name not in meta.submitters:
        meta.submitters.append(name)


def extract_metadata(blocks: Sequence[Labels], meta: Metadata | None = None) -> Metadata:
    """Number, date, subject, submitters from header or signature paragraphs."""
    meta = meta or Metadata()
    pending = ""
    for labels in blocks:
        text = labels.text
        if pending:
            _assign(meta, pending, text)
            pending = ""
            continue
        is_meta = labels.at_start("META")
        if is_meta:
            label, value = _label_value(text)
            if value:
                _assign(meta, label, value)
            elif label in VALUE_LABELS:
                pending = label
        if meta.number is None:
            numbers = [n for n in labels.texts("NUMBER") if _INQUIRY_NUMBER.match(n)]
            meta.number = numbers[0] if numbers else None
        if meta.number is None and (m := _NUMBER_LABEL.search(text)):
            meta.number = m.group(1).rstrip(".")
        if meta.date is None and (dates := labels.dates()):
            meta.date = dates[0]
        if not is_meta and (labels.at_start("ROLE") or labels.is_person() or labels.is_faction()):
            _add_person(meta, text)
    return meta


def _assign(meta: Metadata, label: str, value: str) -> None:
    if label in SUBJECT_LABELS and meta.subject is None:
        meta.subject = value
    elif label in SUBMITTER_LABELS:
        for name in _SUBMITTER_SEPARATORS.split(value):
            _add_person(meta, name)
    elif label == "datum" and meta.date is None:
        meta.date = parse_date(value)
