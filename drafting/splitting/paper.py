"""Parliamentary papers: a "Kleine Anfrage" printed as a Drucksache of the Bundestag or a
Landtag arrives with a header of its own::

    Deutscher Bundestag Drucksache 21/129          body, number
    21. Wahlperiode 12.05.2025                     the paper's date
    Kleine Anfrage                                 kind (also "Schriftliche Anfrage", …)
    der Abgeordneten Anna Beispiel, Dr. Max        submitters and their faction
    Muster und der Fraktion der XYZ                (over several lines)
    Sprengung von Geldautomaten …                  subject (one to three lines)
    <preamble>
    Wir fragen die Bundesregierung:                lead-in
    1. …                                           questions
    Berlin, den 30. April 2025                     place and date: the questions end here
    <the faction's leaders, printer's imprint, an answer if one is printed>

:func:`find_paper` cuts such a text into the same :class:`~drafting.splitting.form.FormLayout` as a
council form, so :mod:`drafting.splitting.segment` repairs and splits each section on its own.
"""

from __future__ import annotations

import re

from drafting.splitting.form import FormLayout

_HEAD_LINES = 6  # the Drucksache line stands in the first lines
_PAPER = re.compile(
    r"^(?P<body>Deutscher\s+Bundestag|Bundesrat|(?:[A-ZÄÖÜ][\w\-]+\s+)?Landtag(?:\s+[A-ZÄÖÜ][\w\-]+)*"
    r"|Abgeordnetenhaus\s+(?:von\s+)?Berlin|(?:Hamburgische|Bremische)\s+Bürgerschaft"
    r"|Bürgerschaft\s+der\s+Freien\s+Hansestadt\s+\w+)"
    r"(?:\s*[–-]\s*\d+\.\s*Wahlperiode)?\s*(?:[–-]\s*)?Drucksache\s+(?P<number>\d+\s*/\s*\d+)")
_TERM_DATE = re.compile(r"\d+\.\s*Wahlperiode\b.*?(?P<date>\d{1,2}\.\s?\d{1,2}\.\s?\d{4})")
_KIND = re.compile(r"^(?:Kleine|Große|Schriftliche|Mündliche)\s+Anfrage\b")
_MEMBERS = re.compile(r"^(?:der|des)\s+Abgeordneten\s+(?P<rest>.*)$")
_FACTION_END = re.compile(r"\bFraktion\s+\S|\)\s*$")
_FACTION = re.compile(r",?\s+und\s+der\s+(?P<faction>Fraktion\b.*)$")
_PARTY = re.compile(r"\s*\((?P<party>[^()]+)\)\s*$")
# A page header inside the paper ("Drucksache 21/129 – 2 – Deutscher Bundestag – 21. Wahlperiode").
_PAGE_HEADER = re.compile(r"Drucksache\s+\d+/\d+.*[–-]\s*\d+\s*[–-]|[–-]\s*\d+\s*[–-].*Drucksache\s+\d+/\d+")
_PREAMBLE_LABEL = re.compile(r"^Vorbemerkung(?:en)?(?:\s+de[rs]\s+Fragesteller\w*)?\s*:?\s*$")
_LEAD_IN = re.compile(
    r"^(?:Wir|Ich)\s+frage[n]?\s+(?:die|den)\s+(?:Bundesregierung|Landesregierung|Staatsregierung"
    r"|Senat|Regierung)\b[^.?!]*:\s*$")
# Where the inquiry ends: "Berlin, den 30. April 2025", or an answer printed after it.
_PLACE_DATE = re.compile(
    r"^[A-ZÄÖÜ][\w\-]+(?:\s+[\w\-]+)?,\s+(?:den\s+)?\d{1,2}\.\s*(?:\d{1,2}\.|[A-ZÄÖÜa-zäöü]+)\s*\d{4}\s*$")
_ANSWER = re.compile(r"^(?:Antwort\b|(?:Namens|Im\s+Namen)\s+de[rs]\s+(?:Bundes|Landes|Staats)?"
                     r"(?:regierung|Senats)|Vorbemerkung\s+de[rs]\s+(?:Bundes|Landes|Staats)?regierung)")
_SUBJECT_GOES_ON = re.compile(r"(?:[,–\-:/]|\b(?:und|oder|der|die|das|des|den|dem|für|von|zur|zum|"
                              r"zu|in|im|an|am|auf|mit|bei|nach|über|sowie|bzw\.))\s*$")
_MAX_MEMBER_LINES = 10
_MAX_SUBJECT_LINES = 3


def find_paper(text: str) -> FormLayout | None:
    """The sections of a parliamentary paper, or None if ``text`` does not open with a
    Drucksache header followed by the kind of inquiry."""
    lines = [line.strip() for line in text.split("\n")]
    content = [(i, line) for i, line in enumerate(lines) if line]
    head = next(((k, m) for k, (_, line) in enumerate(content[:_HEAD_LINES])
                 if (m := _PAPER.match(line))), None)
    if head is None:
        return None
    start, match = head
    kind = next((k for k in range(start, min(start + _HEAD_LINES, len(content)))
                 if _KIND.match(content[k][1])), None)
    if kind is None:
        return None
    layout = FormLayout(number=re.sub(r"\s+", "", match.group("number")),
                        body=re.sub(r"\s+", " ", match.group("body")))
    for _, line in content[start:kind]:
        if date := _TERM_DATE.search(line):
            layout.date_texts.append(date.group("date"))
    body = [line for _, line in content[kind + 1:] if not _PAGE_HEADER.search(line)]
    position, names, faction = _members(body)
    layout.faction, layout.heading_lines = faction, names
    subject, position = _subject(body, position)
    layout.subject = subject
    rest = body[position:]
    end = next((k for k, line in enumerate(rest) if _PLACE_DATE.match(line) or _ANSWER.match(line)),
               len(rest))
    rest = rest[:end]
    lead = next((k for k, line in enumerate(rest) if _LEAD_IN.match(line)), None)
    if lead is None:  # no lead-in: the questions start at the first numbered line
        lead = next((k for k, line in enumerate(rest) if re.match(r"^1\.\s", line)), None)
        if lead is None:
            return None
        preamble, questions = rest[:lead], rest[lead:]
    else:
        preamble, questions = rest[:lead], rest[lead:]
    preamble = [line for line in preamble if not _PREAMBLE_LABEL.match(line)]
    layout.preamble = "\n".join(preamble) if preamble else None
    layout.questions = "\n".join(questions)
    return layout


def _members(body: list[str]) -> tuple[int, list[str], str | None]:
    """"der Abgeordneten A, B und der Fraktion X" (over several lines): the line after it,
    the names and the faction."""
    if not body or not (first := _MEMBERS.match(body[0])):
        return 0, [], None
    text, position = first.group("rest"), 1
    while not _FACTION_END.search(text) and position < min(len(body), _MAX_MEMBER_LINES):
        text = f"{text} {body[position]}"
        position += 1
    if re.search(r"\bFraktion\s*$", text) and position < len(body):  # "… und der Fraktion" / "Die Linke"
        text = f"{text} {body[position]}"
        position += 1
    faction = None
    if found := _FACTION.search(text):
        faction, text = found.group("faction").strip(), text[: found.start()]
    names = [name.strip() for name in re.split(r",\s*|\s+und\s+", text) if name.strip()]
    if faction is None and names and all(_PARTY.search(name) for name in names):
        parties = {_PARTY.search(name).group("party").strip() for name in names}
        faction = parties.pop() if len(parties) == 1 else None
        names = [_PARTY.sub("", name) for name in names]
    return position, names, faction


def _subject(body: list[str], position: int) -> tuple[str | None, int]:
    """The title after the submitters: one line, continued while it ends open ("…,",
    "… für") or the next line goes on in lowercase or with a number ("… in den Jahren" /
    "2020 bis 2024")."""
    if position >= len(body):
        return None, position
    subject = [body[position]]
    position += 1
    while position < len(body) and len(subject) < _MAX_SUBJECT_LINES and (
            _SUBJECT_GOES_ON.search(subject[-1]) or body[position][:1].islower()
            or (body[position][:1].isdigit() and not _LEAD_IN.match(body[position]))):
        subject.append(body[position])
        position += 1
    return re.sub(r"\s+", " ", " ".join(subject)).strip(), position
