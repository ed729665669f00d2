"""CSV import and export of councillors and factions (see README „Stadträte, Fraktionen und
Gremien“). An import checks every line first and changes nothing when any line is wrong; the
error names each wrong line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from inquiry_app.council.operations import (
    MemberData,
    PeopleError,
    save_faction,
    save_member,
    set_faction_active,
    set_member_active,
)
from inquiry_app.csvfiles import read_rows, write_rows
from inquiry_app.extensions import db
from inquiry_app.models import CouncilMember, Faction, FormOfAddress
from inquiry_app.templating import count_de

MEMBER_HEADER = ["id", "anrede", "titel", "vorname", "nachname", "bezeichnung", "fraktion",
                 "fraktion_seit", "email", "anschrift", "aktiv"]
FACTION_HEADER = ["id", "name", "kurzname", "email", "anschrift", "aktiv"]
MAX_ERRORS = 20


class CsvImportError(PeopleError):
    """The file cannot be imported; ``lines`` are the per-line messages."""

    def __init__(self, message: str, lines: list[str] | None = None):
        super().__init__(message)
        self.lines = lines or []


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    lines: list[str] = field(default_factory=list)


def _yes(value: str) -> bool | None:
    text = value.strip().lower()
    if text in ("", "ja", "j", "1", "true", "x", "aktiv"):
        return True
    if text in ("nein", "n", "0", "false", "inaktiv", "deaktiviert"):
        return False
    return None


def _date(value: str) -> date | None:
    text = value.strip()
    if not text:
        return None
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise PeopleError(f"„{text}“ ist kein Datum (TT.MM.JJJJ).")


def _records(data: bytes, header: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows as dicts by the header's column names (the header line is required)."""
    rows = read_rows(data, CsvImportError)
    if not rows:
        raise CsvImportError("Die CSV-Datei ist leer.")
    line, first = rows[0]
    names = [cell.strip().lower().lstrip("\ufeff") for cell in first]
    missing = [name for name in header if name not in names and name != "id"]
    if missing:
        raise CsvImportError(
            f"Zeile {line}: Die Kopfzeile muss die Spalten „{';'.join(header)}“ enthalten; es "
            f"fehlt „{'“, „'.join(missing)}“.")
    records = []
    for number, row in rows[1:]:
        if len(row) > len(names):
            records.append((number, None))
            continue
        records.append((number, {name: (row[i] if i < len(row) else "")
                                 for i, name in enumerate(names)}))
    return records


def _run(records, apply_line) -> ImportReport:
    """Apply every line in a savepoint-free pass; collect per-line errors; raise if any."""
    report, errors = ImportReport(), []
    for number, record in records:
        try:
            if record is None:
                raise PeopleError("mehr Spalten als in der Kopfzeile.")
            created = apply_line(record)
        except PeopleError as exc:
            errors.append(f"Zeile {number}: {exc}")
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            more = len(errors) - MAX_ERRORS
            lines = count_de(more, "weitere fehlerhafte Zeile", "weitere fehlerhafte Zeilen")
            shown.append(f"… und {lines}.")
        raise CsvImportError(
            f"Nichts importiert: {count_de(len(errors), 'Zeile ist', 'Zeilen sind')}"
            " fehlerhaft. Bitte korrigieren Sie die Datei und importieren Sie sie erneut.", shown)
    return report


def _by_id(model, value: str):
    text = value.strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise PeopleError(f"„{text}“ ist keine gültige Nummer (Spalte id).")
    found = db.session.get(model, int(text))
    if found is None:
        raise PeopleError(f"Einen Eintrag mit der Nummer {text} gibt es nicht.")
    return found


# --- factions ------------------------------------------------------------------------------
def export_factions() -> str:
    factions = db.session.scalars(sa.select(Faction).order_by(Faction.name))
    return write_rows(FACTION_HEADER, (
        [f.id, f.name, f.short_name, f.email or "", f.address or "", "ja" if f.active else "nein"]
        for f in factions))


def import_factions(data: bytes) -> ImportReport:
    def apply(record: dict[str, str]) -> bool:
        faction = _by_id(Faction, record.get("id", "")) or db.session.scalar(
            sa.select(Faction).where(sa.func.lower(Faction.name)
                                     == " ".join(record["name"].split()).lower()))
        active = _yes(record.get("aktiv", ""))
        if active is None:
            raise PeopleError(f"„{record['aktiv']}“ in Spalte aktiv: bitte „ja“ oder „nein“.")
        created = faction is None
        faction = save_faction(faction, name=record["name"], short_name=record["kurzname"],
                               email=record["email"], address=record["anschrift"])
        if faction.active != active:
            set_faction_active(faction, active)
        return created

    return _run(_records(data, FACTION_HEADER), apply)


# --- councillors ---------------------------------------------------------------------------
def export_members() -> str:
    members = db.session.scalars(
        sa.select(CouncilMember).options(selectinload(CouncilMember.memberships))
        .order_by(CouncilMember.last_name, CouncilMember.first_name))
    rows = []
    for m in members:
        current = next((x for x in m.memberships if x.valid_until is None
                        and x.faction_id == m.faction_id), None)
        since = current.valid_from if current and current.valid_from else None
        rows.append([m.id, m.form_of_address.value, m.title, m.first_name, m.last_name, m.role,
                     m.faction.short_name if m.faction else "",
                     f"{since:%d.%m.%Y}" if since else "", m.email or "", m.address or "",
                     "ja" if m.active else "nein"])
    return write_rows(MEMBER_HEADER, rows)


def _faction(value: str, factions: list[Faction]) -> Faction | None:
    text = " ".join(value.split()).lower()
    if not text or text in ("fraktionslos", "-", "–"):
        return None
    for faction in factions:
        if text in (faction.short_name.lower(), faction.name.lower()):
            return faction
    raise PeopleError(f"Die Fraktion „{value.strip()}“ gibt es nicht (Kurzname oder Name).")


def _form(value: str) -> FormOfAddress:
    text = value.strip().lower()
    for form in FormOfAddress:
        if text == form.value.lower() or (text in ("", "keine") and form == FormOfAddress.NONE):
            return form
    raise PeopleError(f"„{value.strip()}“ in Spalte anrede: bitte „Frau“, „Herr“ oder leer.")


def import_members(data: bytes) -> ImportReport:
    factions = list(db.session.scalars(sa.select(Faction)))

    def apply(record: dict[str, str]) -> bool:
        member = _by_id(CouncilMember, record.get("id", "")) or db.session.scalar(
            sa.select(CouncilMember).where(
                sa.func.lower(CouncilMember.first_name) == record["vorname"].strip().lower(),
                sa.func.lower(CouncilMember.last_name) == record["nachname"].strip().lower(),
            ).limit(1))
        active = _yes(record.get("aktiv", ""))
        if active is None:
            raise PeopleError(f"„{record['aktiv']}“ in Spalte aktiv: bitte „ja“ oder „nein“.")
        created = member is None
        member = save_member(member, MemberData(
            form_of_address=_form(record["anrede"]), title=record["titel"],
            first_name=record["vorname"], last_name=record["nachname"],
            role=record["bezeichnung"], email=record["email"], address=record["anschrift"],
            faction=_faction(record["fraktion"], factions), since=_date(record["fraktion_seit"]),
        ))
        set_member_active(member, active)
        return created

    return _run(_records(data, MEMBER_HEADER), apply)
