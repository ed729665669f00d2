"""German labels for the audit trail and readable values for the recorded JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from inquiry_app.extensions import db
from inquiry_app.models import (
    AssignmentRole,
    AssignmentState,
    Body,
    BodyKind,
    ContributionState,
    CouncilMember,
    Faction,
    InquiryKind,
    InquiryState,
    LetterKind,
    OrgUnit,
    Question,
    User,
)
from inquiry_app.templating import datetime_de

ENTITY_LABELS = {
    "inquiry": "Anfrage",
    "question": "Frage",
    "assignment": "Zuweisung",
    "contribution": "Zuarbeit",
    "answer": "Antwort",
    "deadline_extension": "Fristverlängerung",
    "reply_letter": "Antwortschreiben",
    "council_member": "Stadträtin/Stadtrat",
    "faction": "Fraktion",
    "faction_membership": "Fraktionszugehörigkeit",
    "body": "Gremium",
}
TRANSITION = "transition"
TRANSITION_LABEL = "Arbeitsschritt"
ACTION_LABELS = {"create": "angelegt", "update": "geändert", "delete": "gelöscht"}

FIELD_LABELS = {
    "number": "Nummer",
    "kind": "Art",
    "subject": "Gegenstand",
    "received_on": "Eingang",
    "due_on": "Frist",
    "original_due_on": "Ursprüngliche Frist",
    "faction_id": "Fraktion",
    "submitted_text": "Eingereichter Text",
    "original_filename": "Dateiname",
    "original_file": "Originaldatei",
    "preamble": "Vorbemerkung",
    "remark": "Vorbemerkung der Verwaltung",
    "state": "Status",
    "lead_org_unit_id": "Federführend",
    "signatory_id": "Zeichnung durch",
    "signed_on_behalf": "In Vertretung",
    "signed_at": "Gezeichnet am",
    "sent_on": "Versandt am",
    "sent_channel": "Versandweg",
    "published_at": "Veröffentlicht am",
    "withdrawn_at": "Zurückgezogen am",
    "created_at": "Angelegt am",
    "created_by_id": "Angelegt von",
    "submitters": "Einreichende",
    "inquiry_id": "Anfrage",
    "parent_id": "Übergeordnete Frage",
    "position": "Position",
    "text": "Text",
    "question_id": "Frage",
    "questions": "Fragen",
    "org_unit_id": "Organisationseinheit",
    "role": "Rolle",
    "sent_at": "Versandt am",
    "return_reason": "Rückgabegrund",
    "suggested_org_unit_id": "Vorgeschlagene Einheit",
    "forwarded_from_id": "Weitergegeben von Zuweisung",
    "assignment_id": "Zuweisung",
    "author_id": "Verfasst von",
    "submitted_at": "Eingereicht am",
    "late": "Verspätet",
    "is_final": "Endgültig",
    "from_contributions": "Aus Zuarbeiten übernommen",
    "updated_by_id": "Bearbeitet von",
    "old_due_on": "Bisherige Frist",
    "new_due_on": "Neue Frist",
    "reason": "Begründung",
    "structure": "Inhalt (Struktur)",
    "docx": "DOCX-Datei",
    "pdf": "PDF-Datei",
    "sha256": "Prüfsumme DOCX (SHA-256)",
    "pdf_sha256": "Prüfsumme PDF (SHA-256)",
    "rendered_at": "Erzeugt am",
    "signed_by_id": "Gezeichnet von",
    "dated_on": "Datum der Anfrage",
    "body_id": "Gremium",
    "no_claim_to_answer": "Kein Anspruch auf Beantwortung (freiwillig beantwortet)",
    "no_claim_reason": "Begründung (kein Anspruch auf Beantwortung)",
    "form_of_address": "Anrede",
    "first_name": "Vorname",
    "last_name": "Nachname",
    "title": "Titel",
    "email": "E-Mail-Adresse",
    "address": "Anschrift",
    "active": "Aktiv",
    "name": "Name",
    "short_name": "Kurzname",
    "council_member_id": "Stadträtin/Stadtrat",
    "valid_from": "Von",
    "valid_until": "Bis",
    "chair_form_of_address": "Anrede des Vorsitzes",
    "chair_title": "Titel des Vorsitzes",
    "chair_name": "Vorsitz",
    "chair_function": "Funktion des Vorsitzes",
}

ENUMS = {
    ("inquiry", "state"): InquiryState,
    ("inquiry", "kind"): InquiryKind,
    ("assignment", "state"): AssignmentState,
    ("assignment", "role"): AssignmentRole,
    ("contribution", "state"): ContributionState,
    ("reply_letter", "kind"): LetterKind,
    ("body", "kind"): BodyKind,
}
UNIT_FIELDS = {"lead_org_unit_id", "org_unit_id", "suggested_org_unit_id"}
USER_FIELDS = {"signatory_id", "created_by_id", "author_id", "updated_by_id", "signed_by_id"}
QUESTION_FIELDS = {"parent_id", "question_id"}
SHORT = 160  # characters shown before "mehr anzeigen"


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def entity_label(entity: str) -> str:
    if entity == TRANSITION:
        return TRANSITION_LABEL
    return ENTITY_LABELS.get(entity, entity)


@dataclass(frozen=True)
class Shown:
    """A value as displayed: full text plus a short form when it is long."""

    text: str
    short: str | None = None  # set when the text is long: show it, full text under <details>
    note: str | None = None  # e.g. "gekürzt gespeichert, 25.000 Zeichen"


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: Shown
    new: Shown


class Formatter:
    """Turns recorded values into German display text; ids of units, users, factions and
    questions become names (looked up once for all entries on a page)."""

    def __init__(self, entries, *, questions_known: dict[int, str] | None = None,
                 more_units: set[int] = frozenset()):
        units, users, factions, questions = set(more_units), set(), set(), set()
        bodies, members = set(), set()
        for entry in entries:
            for field, pair in (entry.changes or {}).items():
                ids = {v for v in pair if isinstance(v, int) and not isinstance(v, bool)}
                if field in UNIT_FIELDS:
                    units |= ids
                elif field in USER_FIELDS:
                    users |= ids
                elif field == "faction_id":
                    factions |= ids
                elif field == "body_id":
                    bodies |= ids
                elif field == "council_member_id":
                    members |= ids
                elif field in QUESTION_FIELDS:
                    questions |= ids
        known = questions_known or {}
        names = _names({"units": (OrgUnit.id, OrgUnit.code, units),
                        "users": (User.id, User.name, users),
                        "factions": (Faction.id, Faction.name, factions),
                        "bodies": (Body.id, Body.name, bodies),
                        "members": (CouncilMember.id, CouncilMember.last_name, members),
                        "questions": (Question.id, Question.number, questions - set(known))})
        self.units, self.users = names["units"], names["users"]
        self.factions, self.bodies, self.members = names["factions"], names["bodies"], names["members"]
        self.questions = {**names["questions"], **known}

    def value(self, entity: str, field: str, value) -> Shown:
        if value is None or value == "" or value == []:
            return Shown("–")
        if isinstance(value, dict) and value.get("truncated"):
            text = value.get("head", "")
            note = f"gekürzt gespeichert, insgesamt {value.get('length', 0):,} Zeichen".replace(",", ".")
            return Shown(text + " …", _short(text), note)
        if isinstance(value, bool):
            return Shown("ja" if value else "nein")
        if (entity, field) in ENUMS:
            try:
                return Shown(ENUMS[(entity, field)](value).label)
            except ValueError:
                return Shown(str(value))
        if isinstance(value, int):
            return Shown(self._name(field, value))
        if isinstance(value, list):
            return Shown(", ".join(str(v) for v in value))
        if isinstance(value, dict):
            text = json.dumps(value, ensure_ascii=False, indent=1)
            return Shown(text, _short(text))
        return _text(field, str(value))

    def _name(self, field: str, value: int) -> str:
        for fields, names in ((UNIT_FIELDS, self.units), (USER_FIELDS, self.users),
                              ({"faction_id"}, self.factions), (QUESTION_FIELDS, self.questions),
                              ({"body_id"}, self.bodies), ({"council_member_id"}, self.members)):
            if field in fields:
                return names.get(value, f"#{value}")
        if field in ("inquiry_id", "assignment_id", "forwarded_from_id"):
            return f"#{value}"
        return str(value)

    def changes(self, entity: str, changes: dict, hidden: frozenset[str] = frozenset(),
                action: str = "update") -> list[Change]:
        """Displayable changes; a create shows only filled-in values, a delete only the old."""
        result = []
        for field, pair in (changes or {}).items():
            if field in hidden or not isinstance(pair, list) or len(pair) != 2:
                continue
            if (action == "create" and pair[1] in (None, "", [])) or \
                    (action == "delete" and pair[0] in (None, "", [])):
                continue
            result.append(Change(field, field_label(field), self.value(entity, field, pair[0]),
                                 self.value(entity, field, pair[1])))
        return result


def _names(wanted: dict[str, tuple]) -> dict[str, dict[int, str]]:
    """Names for ids of several tables (``kind -> (id column, name column, ids)``), in one
    statement for all of them (none when there are no ids): a page of entries costs the same
    number of queries whatever mix of references it shows."""
    result: dict[str, dict[int, str]] = {kind: {} for kind in wanted}
    parts = [sa.select(sa.literal(kind, sa.String).label("kind"), ident.label("id"),
                       sa.cast(name, sa.String).label("name")).where(ident.in_(ids))
             for kind, (ident, name, ids) in wanted.items() if ids]
    if not parts:
        return result
    query = parts[0] if len(parts) == 1 else sa.union_all(*parts)
    for kind, ident, name in db.session.execute(query):
        result[kind][ident] = name
    return result


def _short(text: str) -> str | None:
    if len(text) <= SHORT and "\n" not in text:
        return None
    return text.split("\n", 1)[0][:SHORT].rstrip() + " …"


def _text(field: str, text: str) -> Shown:
    if field.endswith(("_on", "_at")):
        try:
            if "T" in text:
                return Shown(datetime_de(datetime.fromisoformat(text)))
            return Shown(date.fromisoformat(text).strftime("%d.%m.%Y"))
        except ValueError:
            pass
    return Shown(text, _short(text))
