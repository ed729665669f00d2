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

from inquiry_app import paging
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

    def parts(self) -> list[tuple[str, type, sa.Select]]:
        """``(kind, model, query of (id, at))`` for each table the filter reads."""
        parts = []
        if self.entity != TRANSITION:
            query = sa.select(AuditEntry.id, AuditEntry.at)
            if self.entity:
                query = query.where(AuditEntry.entity == self.entity)
            if self.action:
                query = query.where(AuditEntry.action == self.action)
            parts.append(("audit", AuditEntry, self._common(query, AuditEntry)))
        if self.entity in ("", TRANSITION) and not self.action:
            query = sa.select(Transition.id, Transition.at)
            parts.append(("transition", Transition, self._common(query, Transition)))
        return parts


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


#: the trail's order: newest first; at the same instant changes before steps, newest id first
ORDER = (paging.Column(sa.literal_column("at"), datetime, descending=True),
         paging.Column(sa.literal_column("kind"), str),
         paging.Column(sa.literal_column("id"), int, descending=True))
#: plain ``?seite=`` (without a key) reads at most this far; further pages by "Weiter"
MAX_OFFSET = 5000


def _after(kind: str, model, key: tuple, reverse: bool):
    """Rows of one table after ``key`` (before it when ``reverse``) in the trail's order."""
    at, key_kind, ident = key
    if reverse:
        if kind < key_kind:
            return model.at >= at
        if kind > key_kind:
            return model.at > at
        return sa.and_(model.at >= at, sa.or_(model.at > at, model.id > ident))
    if kind > key_kind:
        return model.at <= at
    if kind < key_kind:
        return model.at < at
    return sa.and_(model.at <= at, sa.or_(model.at < at, model.id < ident))


def _rows(filters: Filters, key: tuple | None, reverse: bool, limit: int,
          offset: int) -> list[tuple[datetime, str, int]]:
    """One page of ``(at, kind, id)``: each table read in its index order (time, then id)
    with a LIMIT, the few rows merged here; the union of the tables is never sorted."""
    rows = []
    for kind, model, query in filters.parts():
        if key is not None:
            query = query.where(_after(kind, model, key, reverse))
        order = (model.at.asc(), model.id.asc()) if reverse else (model.at.desc(), model.id.desc())
        rows += [(at, kind, ident) for ident, at in
                 db.session.execute(query.order_by(*order).limit(limit + offset))]
    kinds = {"audit": 0, "transition": 1}
    rows.sort(key=lambda r: (r[0], -kinds[r[1]], r[2]), reverse=not reverse)
    return rows[offset:offset + limit]


def count(filters: Filters) -> tuple[int | None, int | None]:
    """The number of matching entries, counted up to ``paging.COUNT_CAP``."""
    total = 0
    for _kind, _model, query in filters.parts():
        n, more = paging.capped_count(query)
        if more:
            return None, more
        total += n
    return (total, None) if total <= paging.COUNT_CAP else (None, paging.COUNT_CAP)


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


def search(filters: Filters, page: int = 1, *, request: paging.Request | None = None) -> paging.Page:
    """A page of the trail: ``request`` (number and key from the URL) or the ``page``-th."""
    request = request or paging.Request(page)
    page = paging.fetch_keys(
        lambda key, reverse, limit, offset: _rows(filters, key, reverse, limit, offset),
        ORDER, request, PAGE_SIZE, lambda row: row, max_offset=MAX_OFFSET)
    page.total, page.more_than = count(filters)
    if page.pages and not page.items and page.number > page.pages and not page.offset_too_far:
        # an address beyond the last page shows the last one
        page = paging.fetch_keys(
            lambda key, reverse, limit, offset: _rows(filters, key, reverse, limit, offset),
            ORDER, paging.Request(page.pages), PAGE_SIZE, lambda row: row)
        page.total, page.more_than = count(filters)
    page.items = _load([(kind, ident) for _at, kind, ident in page.items])
    return page


def _cell(value) -> str:
    """Text for a CSV cell; a leading = + - @ is neutralised (no formulas in spreadsheets)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(filters: Filters) -> Iterator[str]:
    """The whole result of the filter as CSV (semicolons, UTF-8 with BOM), newest first, read
    in batches along the trail's order (each batch one indexed read per table)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(CSV_HEADER)
    key = None
    while True:
        rows = _rows(filters, key, False, CSV_BATCH, 0)
        if not rows:
            break
        key = rows[-1]
        for item in _load([(kind, ident) for _at, kind, ident in rows]):
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
        if len(rows) < CSV_BATCH:
            break
    if out.getvalue():
        yield out.getvalue()
