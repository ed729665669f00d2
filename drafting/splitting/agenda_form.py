"""Council forms that print the sitting's data as a table (Karlsruhe's council information
system and others like it)::

    STADT KARLSRUHE                     the city (names the council)
    ANFRAGE
    Stadträtin Anna Beispiel (GRÜNE)    submitters with their party, or a faction line
    vom 7. November 2007                the inquiry's date
    Gremium: / Termin: / Vorlage Nr.: / TOP: / Verantwortlich:
    45. Plenarsitzung des Gemeinderates the labels' values, in the labels' order
    11.12.2007 / 1214 / 26 / öffentlich
    Erweiterungsflächen für …           subject
    <preamble>, questions
    Sachverhalt/Begründung:             justification (text right after the questions too)
    unterzeichnet von: Anna Beispiel    signers
    Hauptamt - Sitzungsdienste -        the office's stamp: the end

and the local councils' variant ("Ortschaftsrat am: …", "Vorlage Nr.: 178", subject, "Anfrage der
CDU-Fraktion vom 21.08.2008, eingegangen am …"). :func:`find_agenda_form` cuts such a text into
a :class:`~drafting.splitting.form.FormLayout` for :mod:`drafting.splitting.segment`.
"""

from __future__ import annotations

import re

from drafting.markers import match_marker
from drafting.splitting.form import FormLayout

_HEADING = re.compile(r"^ANFRAGE$")
_CITY = re.compile(r"^STADT\s+(?P<city>[A-ZÄÖÜ][A-ZÄÖÜa-zäöüß\- ]+)$", re.IGNORECASE)
_MEMBER = re.compile(r"^(?:Stadtrat|Stadträtin|Ortschaftsrat|Ortschaftsrätin|Bezirksbeirat|Bezirksbeirätin)"
                     r"\s+(?P<name>.+?)\s*(?:\((?P<party>[^()]+)\))?$")
_FACTION_LINE = re.compile(r"(?:fraktion|^Fraktion\b|^Gruppe\b)", re.IGNORECASE)
_DATED = re.compile(r"^vom\s+(?P<date>.+)$")
_TABLE_LABEL = re.compile(r"^(?P<label>Gremium|Termin|Vorlage\s*Nr\.?|TOP|Tagesordnungspunkt|"
                          r"Verantwortlich)\s*:\s*(?P<value>.*)$")
_SITTING = re.compile(r"^(?P<body>Ortschaftsrat|Gemeinderat|Bezirksbeirat|Stadtrat)\s+am\s*:\s*(?P<date>.+)$")
_LOCAL_OFFICE = re.compile(r"^(?:Ortsverwaltung|Stadtamt)\s+(?P<place>[A-ZÄÖÜ][\w\-]+)$")
_INQUIRY_OF = re.compile(r"^Anfrage\s+(?:der|des|von)\s+(?P<who>.+?)\s+vom\s*(?P<date>.*)$")
_DATE_VALUE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}$")
_NUMBER_VALUE = re.compile(r"^\d+(?:\s*[a-z])?$")
_PUBLIC = re.compile(r"^(?:nicht\s+)?öffentlich(?:e\s+Sitzung)?$", re.IGNORECASE)
_RULE = re.compile(r"^[_\-–=]{5,}$")
_JUSTIFICATION = re.compile(r"^(?:Sachverhalt\s*/\s*)?Begründung\s*:?$|^Sachverhalt\s*:?$")
_SIGNED = re.compile(r"^unterzeichnet\s+von\s*:\s*(?P<names>.*)$", re.IGNORECASE)
_STAMP = re.compile(r"^Hauptamt\b")
_PAGE = re.compile(r"^(?:Seite\s*\d+(?:\s*von\s*\d+)?|\d{1,2})$")
_HEAD_LINES = 40


def find_agenda_form(text: str) -> FormLayout | None:
    """The sections of such a form, or None if ``text`` is not one."""
    lines = [line.strip() for line in text.split("\n")]
    kept = [i for i, line in enumerate(lines) if line and not _RULE.match(line) and not _PAGE.match(line)]
    content = [lines[i] for i in kept]
    head = content[:_HEAD_LINES]
    heading = next((k for k, line in enumerate(head) if _HEADING.match(line)), None)
    local = next((k for k, line in enumerate(head) if _INQUIRY_OF.match(line)), None)
    if heading is not None and any(_TABLE_LABEL.match(line) for line in head):
        layout, position = _council_table(content, heading)
    elif local is not None and any(_SITTING.match(line) for line in head[:local]):
        layout, position = _local_council(content, local)
    else:
        return None
    if layout is None:
        return None
    start = kept[position] if position < len(kept) else len(lines)
    rest = [line for line in lines[start:] if not _RULE.match(line) and not _PAGE.match(line)]
    _body_sections(layout, rest)
    return layout if layout.questions else None


def _council_table(content: list[str], heading: int) -> tuple[FormLayout | None, int]:
    layout = FormLayout()
    city = next((m.group("city") for line in content[:heading] if (m := _CITY.match(line))), None)
    names, parties, faction = [], [], None
    position = heading + 1
    while position < len(content) and not _TABLE_LABEL.match(content[position]):
        line = content[position]
        if dated := _DATED.match(line):
            layout.date_texts.append(dated.group("date"))
        elif member := _MEMBER.match(line):
            names.append(member.group("name"))
            if member.group("party"):
                parties.append(member.group("party").strip())
        elif _FACTION_LINE.search(line) and faction is None:
            faction = line
        position += 1
    if faction is None and parties and len(set(parties)) == 1:
        faction = parties[0]
    labels: list[str] = []
    values: list[str] = []
    while position < len(content):
        line = content[position]
        label = _TABLE_LABEL.match(line)
        if label:
            labels.append(re.sub(r"\W", "", label.group("label").lower()))
            if label.group("value"):
                values.append(label.group("value"))
        elif not labels or len(values) >= 20:
            break
        elif _PUBLIC.match(line):
            position += 1
            break
        else:
            values.append(line)
        position += 1
    table = _assign(labels, values)
    if "verantwortlich" in labels:  # its value goes on while a line ends open ("…behörde/")
        while position < len(content) and table.get("verantwortlich", "").endswith(("/", ",", "-")):
            table["verantwortlich"] += " " + content[position]
            position += 1
        if "verantwortlich" not in table and position < len(content):
            position += 1
            while position < len(content) and content[position - 1].endswith(("/", ",", "-")):
                position += 1
    layout.number = table.get("vorlagenr")
    gremium = table.get("gremium", "")
    if "ortschaftsrat" in gremium.lower():
        layout.body = re.sub(r"^.*?(Ortschaftsrat\s+\S+).*$", r"\1", gremium)
    elif "gemeinderat" in gremium.lower():
        layout.body = f"Gemeinderat {city.title()}" if city else "Gemeinderat"
    layout.faction, layout.heading_lines = faction, names
    return layout, position


def _assign(labels: list[str], values: list[str]) -> dict[str, str]:
    """The values under the labels: the sitting body until the date, then the date, the
    numbers (paper, agenda item) and the office in charge, each in the labels' order."""
    table: dict[str, str] = {}
    date = next((k for k, value in enumerate(values) if _DATE_VALUE.match(value)), None)
    if date is None:
        return table
    if "gremium" in labels:
        table["gremium"] = re.sub(r"-\s+(?=[a-zäöü])", "", " ".join(values[:date]))
    table["termin"] = values[date]
    rest = values[date + 1:]
    for label in (name for name in labels if name in ("vorlagenr", "top")):
        if rest and _NUMBER_VALUE.match(rest[0]):
            table[label] = rest.pop(0)
    if "verantwortlich" in labels and rest:
        table["verantwortlich"] = " ".join(rest)
    return table


def _local_council(content: list[str], inquiry: int) -> tuple[FormLayout | None, int]:
    layout = FormLayout()
    place = next((m.group("place") for line in content[:inquiry] if (m := _LOCAL_OFFICE.match(line))),
                 None)
    for line in content[:inquiry]:
        if sitting := _SITTING.match(line):
            kind = sitting.group("body")
            layout.body = f"{kind} {place}" if place else kind
        elif (label := _TABLE_LABEL.match(line)) and re.sub(r"\W", "", label.group("label").lower()) \
                == "vorlagenr" and label.group("value"):
            layout.number = label.group("value").split()[0]
    subject_start = next((k for k in range(inquiry - 1, -1, -1)
                          if _TABLE_LABEL.match(content[k]) or _SITTING.match(content[k])), -1) + 1
    subject = [line for line in content[subject_start:inquiry] if not _TABLE_LABEL.match(line)]
    layout.subject = " ".join(subject) if subject else None
    who = _INQUIRY_OF.match(content[inquiry])
    date_text = who.group("date")
    position = inquiry + 1
    if not re.search(r"\d{4}", date_text) and position < len(content):
        date_text = content[position]
        position += 1
    layout.date_texts.append(date_text)
    layout.faction = who.group("who")
    return layout, position


def _body_sections(layout: FormLayout, rest: list[str]) -> None:
    """Subject (table forms), questions, justification and signers of the rest."""
    while rest and not rest[0]:
        rest = rest[1:]
    if layout.subject is None:
        subject: list[str] = []
        while rest and rest[0] and match_marker(rest[0]) is None and len(subject) < 3 and (
                not subject or subject[-1].endswith((" -", ":", ",", "die", "der", "und"))):
            subject.append(rest.pop(0))
        layout.subject = " ".join(subject) or None
    end = next((k for k, line in enumerate(rest) if _SIGNED.match(line) or _STAMP.match(line)),
               len(rest))
    signers: list[str] = []
    if end < len(rest) and (signed := _SIGNED.match(rest[end])):
        block = [signed.group("names"), *rest[end + 1:]]
        stop = next((k for k, line in enumerate(block) if _STAMP.match(line)), len(block))
        signers = [name.strip() for line in block[:stop] for name in line.split(",") if name.strip()]
    body = rest[:end]
    label = next((k for k, line in enumerate(body) if _JUSTIFICATION.match(line)), None)
    questions, justification = (body, []) if label is None else (body[:label], body[label + 1:])
    last = max((k for k, line in enumerate(questions) if line.endswith("?")), default=None)
    if last is not None and any(questions[last + 1:]):  # text after the last question
        justification = [*questions[last + 1:], *justification]
        questions = questions[:last + 1]
    layout.questions = "\n".join(questions).strip() or None
    layout.justification = "\n".join(justification).strip() or None
    layout.signers = signers
