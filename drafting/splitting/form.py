"""Council forms: an inquiry that arrives as the council's own form is cut at its labels.

Dresden's forms (and many others) print labelled fields::

    Anfrage Nr.: AF1234/24          number
    Datum: 12.03.2024               the inquiry's own date
    ANFRAGE                         heading (also "MÜNDLICHE ANFRAGE",
    FDP-Fraktion                    "ANFRAGE des Stadtbezirksbeirates Loschwitz")
    Anna Beispiel                   then the faction and sometimes names
    Sitzung am: 11.01.2023 (…)      (Stadtbezirksbeirat, Ortschaftsrat, mündliche Anfrage)
    Gegenstand:                     subject
    Einleitung:                     preamble (also "Begründung:" before the questions)
    Fragen:                         the questions, sometimes after a lead-in
    Begründung:                     justification after the questions
    <names, "Mit freundlichen Grüßen", "Seite 2 von 2">

:func:`find_form` finds the label lines of the raw text (one pass over its lines) and cuts it
into sections; :mod:`drafting.splitting.segment` then repairs and splits each section on its own, so
form labels, headings and letterheads never end up in the preamble or a question. Texts
without such labels are not forms; they take the general path.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from drafting.reading.normalize import NEEDS_NOUN_END

# Label at the start of a line; group "value" is the rest of the line.
_LABELS = {
    "number": r"Anfrage\s*-?\s*Nr\s*\.?\s*:",
    "date": r"Datum\s*:",
    "sitting": r"(?:Sitzung|Stadtrat|Ortschaftsrat|Stadtbezirksbeirat|Sitzungstermin)\s*am\s*:?",
    "subject": r"(?:G[^\s:]{0,4}nstand|Betreff)\s*:",  # OCR: "G^enstand:"
    "preamble": r"(?:Einleitung|Vorbemerkung(?:en)?(?:\s+des\s+Fragestellers|\s+der\s+Fragesteller"
                r"(?:in|innen)?)?|Sachverhalt|Sachstand)\s*:",
    "questions": r"(?:Fragen|Frage(?:[/Z]-?n|\(n\))?|Fragestellung(?:en)?)\s*:",  # OCR: "FrageZ-n:"
    "justification": r"Begründung\s*:",
}
_LABEL_LINE = re.compile(
    r"^\s*(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _LABELS.items())
    + r")\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# OCR reads the colon as a semicolon; some forms print the label alone on its line.
_BARE_LABEL = re.compile(
    r"^\s*(?:(?P<subject>Gegenstand|Betreff)|(?P<preamble>Einleitung)|(?P<questions>Fragen?)"
    r"|(?P<justification>Begründung))\s*[;:]?\s*$", re.IGNORECASE)
_HEADING = re.compile(
    r"^\s*(?:(?:MÜNDLICHE|SCHRIFTLICHE|KLEINE|GROSSE|GROßE)\s+)?ANFRAGE\b\s*(?P<rest>.*)$"
)
_BODY_IN_HEADING = re.compile(
    r"^(?:des|der|im)\s+(?P<kind>Stadtbezirksbeirat(?:e?s)?|Ortschaftsrat(?:e?s)?)\s+(?P<name>.+)$",
    re.IGNORECASE,
)
_BODY_LINE = re.compile(
    r"^\s*(?P<kind>Stadtbezirksbeirat|Ortschaftsrat)\s+(?P<name>[A-ZÄÖÜ][\w\-äöüß ]+?)\s*(?:,|$)"
)
_FACTIONLESS = re.compile(r"^\s*fraktionslos\b", re.IGNORECASE)


@dataclass
class FormLayout:
    """The labelled sections of a council form, as raw text (lines kept)."""

    number: str | None = None
    date_texts: list[str] = field(default_factory=list)  # every "Datum:" (the first valid one counts)
    sitting_texts: list[str] = field(default_factory=list)
    subject: str | None = None
    heading_lines: list[str] = field(default_factory=list)  # between the heading and a label
    body: str | None = None
    preamble: str | None = None
    lead: str | None = None  # text between the "Fragen:" label and the first question
    questions: str | None = None
    justification: str | None = None
    preamble_is_justification: bool = False
    signers: list[str] = field(default_factory=list)  # printed as signers ("unterzeichnet von:")
    faction: str | None = None  # when the form names it apart from the heading lines


_PAGE = re.compile(r"^\s*-?\s*Seite\s*\d+\s*(?:von|/)\s*\d+\s*-?\s*$", re.IGNORECASE)
_NAME = re.compile(
    r"^(?:(?:Dr\.|Prof\.|Dipl\.-[\wäöü]+\.?|Dr\.-Ing\.)\s*)*"
    r"[A-ZÄÖÜ][\wäöüß\-]+(?:\s+(?:von|van|de|zu)\b)?(?:\s+[A-ZÄÖÜ][\wäöüß\-.]+){1,3}$"
)
# The office under a signing official's name ("komm. Stadtbezirksamtsleiter"), or the body
# the official signs for.
OFFICE_LINE = re.compile(
    r"^(?:komm\.\s*|amt\.\s*|i\.\s*V\.\s*)?(?:Stadtbezirksamtsleiter(?:in)?|Ortsvorsteher(?:in)?|"
    r"Amtsleiter(?:in)?|Leiter(?:in)? des Stadtbezirksamtes[\w ]*|Stadtbezirksbeirat|Ortschaftsrat)\b",
    re.IGNORECASE)
# A faction's letterhead printed as page footer: address, phone, fax, mail, web.
_LETTERHEAD = re.compile(
    r"^(?:Tel\.?|Telefon|Fax|Telefax|E-Mail|Web|Internet)\b|^www\.|^\S+@\S+\.\w+$"
    r"|^[\d\s/()+\-–]{6,}$|\b\d{5}\s+Dresden\b|\bim Dresdner Stadtrat$", re.IGNORECASE)
_OFFICE_AT_END = re.compile(r"(?:Stadtbezirksamtsleiter(?:in)?|Ortsvorsteher(?:in)?)\s*$")
# Farewells and thanks that close an inquiry ("Vielen Dank!", "Mit freundlichem Gruß",
# "Für die Beantwortung meiner Fragen bedanke ich mich im Voraus und verbleibe").
FAREWELL = (
    r"(?:(?:Vielen|Herzlichen|Besten)\s+Dank(?:\s+(?:für|im\s+Voraus)[^.!?]{0,80})?"
    r"|Danke(?:\s+(?:schön|sehr))?"
    r"|Mit\s+(?:den\s+)?(?:freundlichen|besten|herzlichen)\s+Grüßen|Mit\s+freundlichem\s+Gruß"
    r"|(?:Freundliche|Beste|Viele|Herzliche)\s+Grüße"
    r"|(?:Für\s+die|Ich\s+bedanke\s+mich\s+für\s+die|Ich\s+danke\s+(?:Ihnen\s+)?für\s+die)"
    r"\s+(?:Beantwortung|Antwort)[^.!?]{0,100})"
)
_FAREWELL_LINE = re.compile(rf"^{FAREWELL}[\s,.!]*$", re.IGNORECASE)
FAREWELL_AT_END = re.compile(rf"(?:\s+|^){FAREWELL}[.!,]?\s*$", re.IGNORECASE)


# The title of an official who signs for a body, on a short line of its own or glued to the
# name ("Andre BarthStadtbezirksamtsleiter"): the body's text ends above it.
_OFFICIAL = re.compile(
    r"(?:^|[a-zäöüß]|\s)(?:Stadtbezirksamts?\s?[lI1i][eo][il1I]ter(?:in)?|Ortsvorsteher(?:in)?"
    r"|Leiter(?:in)? des Stadtbezirksamtes\b[\w ]*)\s*$")  # OCR: "Stadtbezirksamtsieiterin"
# The signing official's name as OCR reads it ("iristlan Wintrich", "•Christian Wintrich",
# "'thristlan Wintrich"): a short line of at most four words that ends no sentence.
_SIGNATURE_NAME = re.compile(r"^[^.?!:;,]{2,40}$")
# What stands between the last sentence and the official: an appendix list ("Anlagen:",
# "Anlage 1 - Lageplan"), "komm."/"i. V.", and the scrawl OCR makes of a signature.
_APPENDIX = re.compile(r"^Anlage(?:n)?\b.{0,80}$", re.IGNORECASE)
_BEFORE_OFFICIAL = re.compile(r"^\W*(?:komm|amt|i\.\s*V|gez)\.?\W*$", re.IGNORECASE)


def _is_scrawl(line: str) -> bool:
    """A line OCR made of a handwritten signature: a few characters, no word."""
    return len(line) <= 3 or (len(line) <= 12 and not re.search(r"[a-zäöüß]{3}", line))


def cut_at_official(raw: str) -> tuple[str, str]:
    """A body's section cut above its signing official: (the text, what was cut). Below the
    official come only appendices, page numbers and the scans' OCR scrawl, never text of the
    inquiry. Only a short line ending with the official's title counts, and only after the
    section's first line."""
    lines = raw.split("\n")
    for index in range(1, len(lines)):
        line = lines[index].strip()
        if len(line) > 60 or not _OFFICIAL.search(line):
            continue
        start = index
        while start > 0:
            above = lines[start - 1].strip()
            if not above or _APPENDIX.match(above) or _BEFORE_OFFICIAL.match(above) \
                    or _is_scrawl(above) or _PAGE.match(above) \
                    or (len(above) <= 60 and _NAME.match(above)) \
                    or (_SIGNATURE_NAME.match(above) and len(above.split()) <= 4):
                start -= 1
                continue
            break
        if start == 0:
            return "", raw
        return "\n".join(lines[:start]), "\n".join(lines[start:])
    return raw, ""


def strip_signature(raw: str) -> tuple[str, list[str]]:
    """The section without its trailing signature block (farewell, names, the signing
    official's name and office, page numbers) and the names of those who signed as
    submitters (an official signing for a body is not a submitter)."""
    raw, _ = cut_at_official(raw)
    lines = raw.rstrip().split("\n")
    names: list[str] = []
    end = len(lines)
    official = False
    while end > 0:
        line = lines[end - 1].strip()
        if not line or _PAGE.match(line) or _FAREWELL_LINE.match(line) or _LETTERHEAD.search(line):
            end -= 1
            continue
        if OFFICE_LINE.match(line) or _OFFICE_AT_END.search(line):  # "Andre BarthStadtbezirks…"
            official = True
            end -= 1
            continue
        if len(line) <= 60 and _NAME.match(line):
            if not official:
                names.insert(0, line)
            official = False
            end -= 1
            continue
        break
    return "\n".join(lines[:end]), names


def _kind_of(match: re.Match) -> str:
    return next(name for name in _LABELS if match.group(name) is not None)


# The districts (Stadtbezirke) and localities (Ortschaften) whose bodies send inquiries; an
# OCR-damaged name in a body's heading is read as the known name it is closest to
# ("Loschwftz" -> "Loschwitz"). Dresden's by default.
KNOWN_PLACES = (
    "Altstadt", "Neustadt", "Pieschen", "Klotzsche", "Loschwitz", "Blasewitz", "Leuben",
    "Prohlis", "Plauen", "Cotta", "Altfranken", "Cossebaude", "Gompitz", "Langebrück",
    "Mobschatz", "Oberwartha", "Schönborn", "Schönfeld-Weißig", "Weixdorf",
)


def _normal_body(kind: str, name: str) -> str:
    kind = "Stadtbezirksbeirat" if kind.lower().startswith("stadtbezirksbeirat") else "Ortschaftsrat"
    name = re.sub(r"\s*\(.*$", "", name).strip(" ,.")  # "Pieschen (SBR Pi/034/2022)"
    if name not in KNOWN_PLACES:
        close = difflib.get_close_matches(name, KNOWN_PLACES, n=1, cutoff=0.8)
        name = close[0] if close else name
    return f"{kind} {name}"


def find_form(text: str) -> FormLayout | None:
    """The sections of a council form, or None if ``text`` has no questions label together
    with at least one other form label."""
    lines = text.split("\n")
    found: list[tuple[int, str, str]] = []  # (line index, kind, value)
    heading: int | None = None
    body: str | None = None
    for index, line in enumerate(lines):
        if len(line) > 200:
            continue
        match = _LABEL_LINE.match(line.replace(";", ":", 1) if ";" in line[:30] else line)
        if match and _ends_sentence_of(match, lines, index):
            continue
        if match:
            found.append((index, _kind_of(match), match.group("value").strip()))
            continue
        bare = _BARE_LABEL.match(line)
        if bare:
            kind = next(k for k, v in bare.groupdict().items() if v is not None)
            found.append((index, kind, ""))
            continue
        if heading is None and (head := _HEADING.match(line)):
            heading = index
            rest = _BODY_IN_HEADING.match(head.group("rest").strip())
            if rest:
                body = _normal_body(rest.group("kind"), rest.group("name"))
        elif body is None and index < 40 and (line_body := _BODY_LINE.match(line)):
            body = _normal_body(line_body.group("kind"), line_body.group("name"))
    kinds = [kind for _, kind, _ in found]
    if "questions" not in kinds and heading is not None and kinds and kinds[-1] == "subject" \
            and len(set(kinds)) >= 2:
        # no "Fragen:" label: the subject is its first block of lines, the text after it
        # holds the questions (and what leads to them)
        start, _, value = found[-1]
        index = start  # the questions start after line ``index``
        if not value:
            index += 1
            while index < len(lines) and not lines[index].strip():
                index += 1
            while index < len(lines) and lines[index].strip():
                index += 1
        if any(line.strip() for line in lines[index + 1:]):
            found.append((index, "questions", ""))
            kinds.append("questions")
    if "questions" not in kinds or len(set(kinds)) < 2:
        return None
    layout = FormLayout(body=body)
    # the sections: from each label to the next one
    bounds = [*found, (len(lines), "", "")]
    question_index = kinds.index("questions")
    for k, (start, kind, value) in enumerate(found):
        end = bounds[k + 1][0]
        content = "\n".join([value, *lines[start + 1:end]]).strip()
        if kind == "number" and layout.number is None:
            layout.number = value.split()[0] if value.split() else None
        elif kind == "date":
            layout.date_texts.append(content[:80])
        elif kind == "sitting":
            layout.sitting_texts.append(content[:120])
        elif kind == "subject" and layout.subject is None:
            layout.subject = content
        elif kind == "preamble":  # also after the questions (fields in another order)
            layout.preamble = _join(layout.preamble, content)
        elif kind == "justification":
            if k < question_index:
                layout.preamble = _join(layout.preamble, content)
                layout.preamble_is_justification = True
            else:
                layout.justification = _join(layout.justification, content)
        elif kind == "questions" and k == question_index:
            layout.questions = content
        elif kind == "questions":  # a second "Fragen:" label continues the questions
            layout.questions = _join(layout.questions, content)
    if heading is not None:
        stop = min((i for i, _, _ in found if i > heading), default=heading + 1)
        layout.heading_lines = [ln.strip() for ln in lines[heading + 1:stop] if ln.strip()]
    return layout


def _ends_sentence_of(match: re.Match, lines: list[str], index: int) -> bool:
    """"… bittet um Beantwortung folgender" / "Fragen:": the word closes the sentence of the
    line above, it is no label."""
    if _kind_of(match) != "questions" or match.group("value").strip() or index == 0:
        return False
    return NEEDS_NOUN_END.search(lines[index - 1].rstrip()) is not None


def _join(first: str | None, second: str) -> str:
    return second if not first else f"{first}\n\n{second}"


def faction_and_names(lines: list[str]) -> tuple[str | None, list[str], str | None]:
    """The lines under the heading: (faction, names, body). "Fraktionslos" is no faction;
    "des Stadtbezirksbeirates Loschwitz" names the body."""
    faction, names, body = None, [], None
    for line in lines:
        if _FACTIONLESS.match(line):
            continue
        rest = _BODY_IN_HEADING.match(line)
        if rest:
            body = _normal_body(rest.group("kind"), rest.group("name"))
            continue
        if faction is None and re.search(r"fraktion|gruppe", line, re.IGNORECASE):
            faction = line.strip()
            continue
        names.append(line.strip())
    return faction, names, body
