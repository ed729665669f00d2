"""The competence catalogue: terms per org unit, edited on admin pages, CSV import/export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from drafting.routing.engine import Router, UnitInfo
from inquiry_app.csvfiles import decode, dialect_of, write_rows
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import CompetenceTerm, OrgUnit

MAX_TERM_LENGTH = 200
CSV_HEADER = ["einheit", "begriff"]


class CatalogueError(DomainError):
    """Catalogue input that cannot be used (German message)."""


@dataclass
class ImportReport:
    units: int = 0
    added: int = 0
    removed: int = 0
    warnings: list[str] = field(default_factory=list)


def clean_terms(lines: list[str]) -> list[str]:
    """Trimmed, de-duplicated (case-insensitively), non-empty terms in their given order."""
    seen, result = set(), []
    for line in lines:
        term = " ".join(line.split())
        if not term or term.casefold() in seen:
            continue
        if len(term) > MAX_TERM_LENGTH:
            raise CatalogueError(f"Der Begriff „{term[:40]}…“ ist länger als {MAX_TERM_LENGTH} Zeichen.")
        seen.add(term.casefold())
        result.append(term)
    return result


def term_warnings(unit: OrgUnit, terms: list[str]) -> list[str]:
    """What the router will ignore (stop words, terms without a word)."""
    return Router([UnitInfo(code=unit.code, name=unit.name, terms=tuple(terms))]).warnings


def set_terms(unit: OrgUnit, terms: list[str]) -> tuple[int, int]:
    """Replace a unit's terms; returns (added, removed)."""
    wanted = {t.casefold(): t for t in terms}
    removed = 0
    for existing in list(unit.terms):
        if existing.term.casefold() in wanted and wanted[existing.term.casefold()] == existing.term:
            wanted.pop(existing.term.casefold())
        else:
            unit.terms.remove(existing)
            removed += 1
    db.session.flush()
    for term in wanted.values():
        unit.terms.append(CompetenceTerm(term=term))
    db.session.flush()
    return len(wanted), removed


def export_csv() -> str:
    units = db.session.scalars(
        sa.select(OrgUnit).options(selectinload(OrgUnit.terms)).order_by(OrgUnit.code)
    ).all()
    return write_rows(CSV_HEADER, ([unit.code, term.term] for unit in units for term in unit.terms))


def import_csv(data: bytes) -> ImportReport:
    """Replace the terms of every unit named in the file (units not in the file keep theirs).
    Semicolon or comma separated, UTF-8 (with or without BOM) or Windows-1252."""
    text = decode(data, CatalogueError)
    rows = list(csv.reader(io.StringIO(text), dialect_of(text)))
    if rows and [c.strip().lower() for c in rows[0][:2]] == CSV_HEADER:
        rows = rows[1:]
    units = {u.code: u for u in db.session.scalars(sa.select(OrgUnit))}
    per_unit: dict[str, list[str]] = {}
    report = ImportReport()
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2:
            raise CatalogueError(f"Zeile {number}: erwartet „Einheit;Begriff“.")
        code, term = row[0].strip(), row[1]
        if code not in units:
            report.warnings.append(f"Zeile {number}: Die Einheit „{code}“ gibt es nicht; übersprungen.")
            continue
        per_unit.setdefault(code, []).append(term)
    for code, lines in per_unit.items():
        terms = clean_terms(lines)
        added, removed = set_terms(units[code], terms)
        report.units += 1
        report.added += added
        report.removed += removed
        report.warnings += term_warnings(units[code], terms)
    return report
