"""Search over the whole trail (recorded changes and workflow steps) for the administration,
paginated, and the same result as CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from inquiry_app.audit.history import STATE_LABELS
from inquiry_app.audit.labels import (
    ACTION_LABELS,
    ENTITY_LABELS,
    TRANSITION,
    TRANSITION_LABEL,
    Change,
    Formatter,
    Shown,
    entity_label,
)
from inquiry_app.extensions import db
from inquiry_app.models import AuditEntry, Inquiry, Transition, User
from inquiry_app.workflow import EVENT_LABELS

PAGE_SIZE = 50
CSV_BATCH = 500
ENTITY_CHOICES = [*ENTITY_LABELS.items(), (TRANSITION, f"{TRANSITION_LABEL} (Statuswechsel)")]
ACTION_CHOICES = [(key, label.capitalize()) for key, label in ACTION_LABELS.items()]
CSV_HEADER = ["Zeitpunkt (UTC)", "Anfrage", "Anmeldename", "Name", "Organisationseinheit",
              "Objekt", "Objekt-ID", "Aktion", "Änderungen (JSON)", "Bemerkung"]


def _date(value: str, label: str, errors: list[str]) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    for parse in (date.fromisoformat, lambda v: datetime.strptime(v, "%d.%m.%Y").date()):
        try:
            return parse(value)
        except ValueError:
            continue
    errors.append(f"{label}: „{value[:20]}“ ist kein gültiges Datum (TT.MM.JJJJ).")
    return None


@dataclass
class Filters:
    number: str = ""
    login: str = ""
    entity: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Filters:
        errors: list[str] = []
        entity = args.get("objekt", "")
        action = args.get("aktion", "")
        return cls(
            number=args.get("anfrage", "").strip()[:40],
            login=args.get("benutzer", "").strip()[:80],
            entity=entity if entity in dict(ENTITY_CHOICES) else "",
            action=action if action in ACTION_LABELS else "",
            date_from=_date(args.get("von", ""), "Von", errors),
            date_to=_date(args.get("bis", ""), "Bis", errors),
            errors=errors,
        )

    def as_args(self) -> dict[str, str]:
        """The filter as URL parameters (for paging links and the CSV export)."""
        args = {"anfrage": self.number, "benutzer": self.login, "objekt": self.entity,
                "aktion": self.action,
                "von": self.date_from.isoformat() if self.date_from else "",
                "bis": self.date_to.isoformat() if self.date_to else ""}
        return {k: v for k, v in args.items() if v}

    def _common(self, query, model):
        if self.number:
            query = query.join(Inquiry, Inquiry.id == model.inquiry_id).where(
                Inquiry.number.icontains(self.number, autoescape=True))
        if self.login:
            query = query.join(User, User.id == model.actor_id).where(
                sa.func.lower(User.login) == self.login.lower())
        if self.date_from:
            query = query.where(model.at >= datetime.combine(self.date_from, time.min))
        if self.date_to:
            query = query.where(model.at < datetime.combine(self.date_to + timedelta(days=1), time.min))
        return query

    def union(self):
        """``(kind, id, at)`` of every matching audit entry and transition, or None."""
        parts = []
        if self.entity != TRANSITION:
            query = sa.select(sa.literal("audit", sa.String).label("kind"),
                              AuditEntry.id.label("id"), AuditEntry.at.label("at"))
            if self.entity:
                query = query.where(AuditEntry.entity == self.entity)
            if self.action:
                query = query.where(AuditEntry.action == self.action)
            parts.append(self._common(query, AuditEntry))
        if self.entity in ("", TRANSITION) and not self.action:
            query = sa.select(sa.literal("transition", sa.String).label("kind"),
                              Transition.id.label("id"), Transition.at.label("at"))
            parts.append(self._common(query, Transition))
        if not parts:
            return None
        return (parts[0] if len(parts) == 1 else sa.union_all(*parts)).subquery()


@dataclass
class TrailItem:
    kind: str
    id: int
    at: datetime
    actor: User | None
    inquiry_id: int | None
    inquiry_number: str | None
    entity: str
    entity_label: str
    entity_id: int | None
    action: str  # create, update, delete or transition
    action_label: str
    changes: list[Change]
    raw_changes: dict
    note: str | None = None


@dataclass
class Page:
    items: list[TrailItem]
    total: int
    page: int
    pages: int


def _keys(filters: Filters, limit: int | None = None, offset: int = 0) -> list[tuple[str, int]]:
    sub = filters.union()
    if sub is None:
        return []
    query = sa.select(sub.c.kind, sub.c.id).order_by(sub.c.at.desc(), sub.c.kind, sub.c.id.desc())
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [(kind, ident) for kind, ident in db.session.execute(query)]


def count(filters: Filters) -> int:
    sub = filters.union()
    if sub is None:
        return 0
    return db.session.scalar(sa.select(sa.func.count()).select_from(sub)) or 0


def _load(keys: list[tuple[str, int]]) -> list[TrailItem]:
    audit_ids = [i for kind, i in keys if kind == "audit"]
    transition_ids = [i for kind, i in keys if kind == "transition"]
    actor = joinedload(AuditEntry.actor).joinedload(User.org_unit)
    entries = {e.id: e for e in db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.id.in_(audit_ids)).options(actor))} \
        if audit_ids else {}
    steps = {t.id: t for t in db.session.scalars(
        sa.select(Transition).where(Transition.id.in_(transition_ids))
        .options(joinedload(Transition.actor).joinedload(User.org_unit)))} \
        if transition_ids else {}
    inquiry_ids = {e.inquiry_id for e in entries.values()} | {t.inquiry_id for t in steps.values()}
    inquiry_ids.discard(None)
    numbers = dict(db.session.execute(
        sa.select(Inquiry.id, Inquiry.number).where(Inquiry.id.in_(inquiry_ids))).all()) \
        if inquiry_ids else {}
    formatter = Formatter(list(entries.values()))
    items = []
    for kind, ident in keys:
        if kind == "audit" and ident in entries:
            e = entries[ident]
            items.append(TrailItem(
                "audit", e.id, e.at, e.actor, e.inquiry_id, numbers.get(e.inquiry_id), e.entity,
                entity_label(e.entity), e.entity_id, e.action,
                ACTION_LABELS.get(e.action, e.action).capitalize(),
                formatter.changes(e.entity, e.changes, frozenset({"inquiry_id"}), e.action),
                e.changes or {}))
        elif kind == "transition" and ident in steps:
            t = steps[ident]
            state = Change("state", "Status", Shown(STATE_LABELS.get(t.from_state, "–")),
                           Shown(STATE_LABELS.get(t.to_state, t.to_state)))
            items.append(TrailItem(
                "transition", t.id, t.at, t.actor, t.inquiry_id, numbers.get(t.inquiry_id),
                TRANSITION, TRANSITION_LABEL, t.id, TRANSITION, EVENT_LABELS.get(t.event, t.event), [state],
                {"state": [t.from_state, t.to_state]}, t.note))
    return items


def search(filters: Filters, page: int = 1) -> Page:
    total = count(filters)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), pages)
    return Page(_load(_keys(filters, PAGE_SIZE, (page - 1) * PAGE_SIZE)), total, page, pages)


def _cell(value) -> str:
    """Text for a CSV cell; a leading = + - @ is neutralised (no formulas in spreadsheets)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(filters: Filters) -> Iterator[str]:
    """The whole result of the filter as CSV (semicolons, UTF-8 with BOM), newest first."""
    keys = _keys(filters)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(CSV_HEADER)
    for start in range(0, len(keys), CSV_BATCH):
        for item in _load(keys[start:start + CSV_BATCH]):
            actor = item.actor
            writer.writerow([_cell(v) for v in (
                item.at.isoformat(sep=" ", timespec="seconds"), item.inquiry_number or "",
                actor.login if actor else "", actor.name if actor else "System",
                actor.org_unit.code if actor and actor.org_unit else "", item.entity_label,
                item.entity_id, item.action_label,
                json.dumps(item.raw_changes, ensure_ascii=False, sort_keys=True), item.note or "",
            )])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    if out.getvalue():
        yield out.getvalue()
