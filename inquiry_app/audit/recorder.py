"""Records every change to the audited models as an append-only :class:`AuditEntry`.

How it works, and why this way:

- Mapper events (``after_insert``, ``after_update``, ``before_delete``) on each audited class see
  every row the unit of work writes, including rows removed as delete-orphans or by cascade
  (``session.deleted`` misses those). They compute ``{field: [old, new]}`` from the attribute
  history, which is still the pre-flush history inside the flush, and queue one entry on the
  session. Ids of new rows are known in ``after_insert``.
- Session events on :class:`sqlalchemy.orm.Session` (so Flask-SQLAlchemy's session and every
  subclass, e.g. the per-test session, are covered): ``before_flush`` resets the queue and
  notes the actor; ``after_flush`` writes the queued entries with one executemany INSERT on
  the flush's connection; ``do_orm_execute`` records ORM bulk ``update()``/``delete()``
  statements on audited models by reading the affected rows before and after.
- Actor: ``flask_login.current_user`` in an authenticated request, otherwise ``None``
  (command line, demo data, background jobs).
- Values are stored as JSON: enums by value, dates in ISO format, binary data as
  ``"<n Bytes, SHA-256 …>"``, texts longer than :data:`MAX_TEXT` as
  ``{"truncated": true, "length": n, "sha256": …, "head": first MAX_TEXT characters}``.
  The version counter and ``updated_at`` are never recorded; an update that changes nothing
  else produces no entry.

Not covered: Core statements on the tables (``db.session.execute(table.update())``), ORM bulk
INSERT statements, and rows removed by the database's own ``ON DELETE CASCADE`` during a bulk
delete.
"""

from __future__ import annotations

import enum
import hashlib
import json
from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapper, Session, attributes, object_session
from sqlalchemy.orm.base import NEVER_SET, NO_VALUE, PASSIVE_NO_INITIALIZE

from inquiry_app.models import (
    Answer,
    Assignment,
    AuditEntry,
    Body,
    Contribution,
    CouncilMember,
    DeadlineExtension,
    Faction,
    FactionMembership,
    Inquiry,
    Question,
    ReplyLetter,
)
from inquiry_app.models.base import utcnow

#: audited model -> the ``entity`` name stored in the trail
ENTITIES: dict[type, str] = {
    Inquiry: "inquiry",
    Question: "question",
    Assignment: "assignment",
    Contribution: "contribution",
    Answer: "answer",
    DeadlineExtension: "deadline_extension",
    ReplyLetter: "reply_letter",
    CouncilMember: "council_member",
    Faction: "faction",
    FactionMembership: "faction_membership",
    Body: "body",
}
#: many-to-many collections whose membership is recorded (as labels of the members)
COLLECTIONS: dict[type, tuple[str, ...]] = {Inquiry: ("submitters",), Answer: ("questions",)}
SKIPPED = frozenset({"id", "updated_at"})
MAX_TEXT = 20_000

_PENDING = "audit_pending"
_ACTOR = "audit_actor"


# --- values -------------------------------------------------------------------------------
def _clip(text: str):
    if len(text) <= MAX_TEXT:
        return text
    return {"truncated": True, "length": len(text), "head": text[:MAX_TEXT],
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def serialize(value):
    """A JSON-safe, bounded representation of a column value."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        return f"<{len(data)} Bytes, SHA-256 {hashlib.sha256(data).hexdigest()}>"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return _clip(value)
    text = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    return json.loads(text) if len(text) <= MAX_TEXT else _clip(text)


def _member_label(obj) -> str:
    """A readable label of a collection member (question number, person's name)."""
    for attr in ("number", "full_name", "name"):
        value = obj.__dict__.get(attr) if attr in obj.__dict__ else getattr(obj, attr, None)
        if value:
            return str(value)
    identity = sa.inspect(obj).identity
    return f"#{identity[0]}" if identity else "?"


# --- which columns ------------------------------------------------------------------------
def _columns(mapper: Mapper) -> list[tuple[str, sa.Column]]:
    """(attribute key, column) of the recorded columns: all but id, version, updated_at."""
    version = mapper.version_id_col
    return [
        (prop.key, prop.columns[0]) for prop in mapper.column_attrs
        if prop.key not in SKIPPED and prop.columns[0] is not version
        and prop.columns[0].table is mapper.local_table
    ]


def _known(value):
    return None if value is NO_VALUE or value is NEVER_SET else value


def _history(target, key: str):
    return attributes.get_history(target, key, passive=PASSIVE_NO_INITIALIZE)


def _created(mapper: Mapper, target) -> dict:
    loaded = target.__dict__
    changes = {key: [None, serialize(loaded[key])] for key, _ in _columns(mapper)
               if loaded.get(key) is not None}
    for key in COLLECTIONS.get(mapper.class_, ()):
        members = loaded.get(key) or []
        if members:
            changes[key] = [None, sorted(_member_label(m) for m in members)]
    return changes


def _updated(mapper: Mapper, target) -> dict:
    changes = {}
    for key, _ in _columns(mapper):
        history = _history(target, key)
        if not history.has_changes():
            continue
        old = serialize(_known(history.deleted[0])) if history.deleted else None
        new = serialize(_known(history.added[0])) if history.added else None
        if old != new:
            changes[key] = [old, new]
    for key in COLLECTIONS.get(mapper.class_, ()):
        history = _history(target, key)
        if history.added or history.deleted:
            kept = [_member_label(m) for m in history.unchanged or ()]
            old = sorted(kept + [_member_label(m) for m in history.deleted or ()])
            new = sorted(kept + [_member_label(m) for m in history.added or ()])
            if old != new:
                changes[key] = [old, new]
    return changes


def _old_values(mapper: Mapper, connection, target) -> dict:
    """Column values of a row about to be deleted (unloaded ones read from the database)."""
    loaded = target.__dict__
    columns = _columns(mapper)
    values = {key: loaded[key] for key, _ in columns if key in loaded}
    missing = [(key, column) for key, column in columns if key not in loaded]
    if missing:
        pk = mapper.primary_key_from_instance(target)
        where = sa.and_(*(col == val for col, val in zip(mapper.primary_key, pk, strict=True)))
        row = connection.execute(sa.select(*(c for _, c in missing)).where(where)).first()
        if row is not None:
            values.update(zip((key for key, _ in missing), row, strict=True))
    return values


def _inquiry_id(connection, target, values: dict) -> int | None:
    """The inquiry an audited row belongs to (a contribution's through its assignment)."""
    if isinstance(target, Inquiry):
        return target.id
    if not isinstance(target, Contribution):
        return values.get("inquiry_id")
    assignment = target.__dict__.get("assignment")
    if assignment is not None and assignment.__dict__.get("inquiry_id") is not None:
        return assignment.__dict__["inquiry_id"]
    return _assignment_inquiry(connection, values.get("assignment_id"))


def _assignment_inquiry(connection, assignment_id: int | None) -> int | None:
    if assignment_id is None:
        return None
    table = Assignment.__table__
    return connection.scalar(sa.select(table.c.inquiry_id).where(table.c.id == assignment_id))


# --- queue and write ------------------------------------------------------------------------
def _queue(target, row: dict) -> None:
    session = object_session(target)
    if session is not None:
        session.info.setdefault(_PENDING, []).append(row)


def _row(target, mapper: Mapper, action: str, changes: dict, inquiry_id) -> dict:
    entity_id = mapper.primary_key_from_instance(target)[0]
    return {"entity": ENTITIES[mapper.class_], "entity_id": entity_id, "action": action,
            "changes": changes, "inquiry_id": inquiry_id}


def _after_insert(mapper: Mapper, connection, target) -> None:
    _queue(target, _row(target, mapper, "create", _created(mapper, target),
                        _inquiry_id(connection, target, target.__dict__)))


def _after_update(mapper: Mapper, connection, target) -> None:
    changes = _updated(mapper, target)
    if changes:
        _queue(target, _row(target, mapper, "update", changes,
                            _inquiry_id(connection, target, target.__dict__)))


def _before_delete(mapper: Mapper, connection, target) -> None:
    values = _old_values(mapper, connection, target)
    changes = {key: [serialize(value), None] for key, value in values.items() if value is not None}
    _queue(target, _row(target, mapper, "delete", changes, _inquiry_id(connection, target, values)))


def current_actor_id() -> int | None:
    """The signed-in user of the current request, or None (CLI, system, anonymous)."""
    from flask import current_app, has_request_context

    if not has_request_context() or not hasattr(current_app, "login_manager"):
        return None
    from flask_login import current_user

    user = current_user._get_current_object()
    if user is None or not user.is_authenticated:
        return None
    identity = sa.inspect(user, raiseerr=False)
    if identity is not None and identity.identity:
        return identity.identity[0]
    try:
        return int(user.get_id())
    except (TypeError, ValueError):
        return None


def _before_flush(session: Session, _context, _instances) -> None:
    session.info[_PENDING] = []
    session.info[_ACTOR] = current_actor_id()


def write_entries(connection, rows: list[dict], actor_id: int | None,
                  deleted_inquiries: set[int] = frozenset()) -> None:
    if not rows:
        return
    now = utcnow()
    for row in rows:
        row["actor_id"] = actor_id
        row["at"] = now
        if row["inquiry_id"] in deleted_inquiries:  # keep the record; the link cannot stay
            row["inquiry_id"] = None
    connection.execute(AuditEntry.__table__.insert(), rows)


def _after_flush(session: Session, _context) -> None:
    rows = session.info.pop(_PENDING, None)
    if not rows:
        return
    gone = {r["entity_id"] for r in rows if r["entity"] == "inquiry" and r["action"] == "delete"}
    write_entries(session.connection(), rows, session.info.get(_ACTOR), gone)


def _on_orm_execute(state) -> sa.Result | None:
    """ORM bulk UPDATE/DELETE on an audited model: record the rows it touches."""
    if not (state.is_update or state.is_delete) or state.execution_options.get("audit_done"):
        return None
    mapper = state.bind_mapper
    if mapper is None or mapper.class_ not in ENTITIES:
        return None
    session = state.session
    if session.autoflush:
        session.flush()
    table = mapper.local_table
    pk = mapper.primary_key[0]
    connection = session.connection(bind_arguments={"mapper": mapper})
    query = sa.select(table)
    if state.statement.whereclause is not None:
        query = query.where(state.statement.whereclause)
    before = {row[pk.name]: row for row in connection.execute(query).mappings()}
    result = state.invoke_statement(execution_options={"audit_done": True})
    if not before:
        return result
    after = {}
    if state.is_update:
        fresh = connection.execute(sa.select(table).where(pk.in_(list(before)))).mappings()
        after = {row[pk.name]: row for row in fresh}
    rows = []
    for entity_id, old in before.items():
        new = after.get(entity_id)
        changes = {}
        for key, column in _columns(mapper):
            old_value = serialize(old[column.name])
            new_value = serialize(new[column.name]) if new is not None else None
            if old_value != new_value:
                changes[key] = [old_value, new_value]
        if state.is_update and not changes:
            continue
        rows.append({
            "entity": ENTITIES[mapper.class_], "entity_id": entity_id,
            "action": "delete" if state.is_delete else "update", "changes": changes,
            "inquiry_id": _bulk_inquiry_id(connection, mapper, old),
        })
    gone = set(before) if state.is_delete and mapper.class_ is Inquiry else set()
    write_entries(connection, rows, current_actor_id(), gone)
    return result


def _bulk_inquiry_id(connection, mapper: Mapper, row) -> int | None:
    if mapper.class_ is Inquiry:
        return row["id"]
    if "inquiry_id" in row:
        return row["inquiry_id"]
    return _assignment_inquiry(connection, row.get("assignment_id"))


# --- registration -------------------------------------------------------------------------
_MAPPER_EVENTS = (("after_insert", _after_insert), ("after_update", _after_update),
                  ("before_delete", _before_delete))
_SESSION_EVENTS = (("before_flush", _before_flush), ("after_flush", _after_flush),
                   ("do_orm_execute", _on_orm_execute))


def register() -> None:
    """Install the listeners once per process (several apps may call it)."""
    for model in ENTITIES:
        for name, fn in _MAPPER_EVENTS:
            if not event.contains(model, name, fn):
                event.listen(model, name, fn)
    for name, fn in _SESSION_EVENTS:
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)
