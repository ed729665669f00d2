"""Engine settings per database dialect.

SQLite is the embedded default and must serve a city office with several people working at
once. Three settings make that hold:

* WAL journal: readers never block the writer and the writer never blocks readers.
* A busy timeout: a writer waits for the lock instead of failing at once.
* Write requests take the write lock up front (``BEGIN IMMEDIATE``). A request that reads
  and then writes inside a deferred transaction cannot upgrade its read lock once another
  writer has committed in between; SQLite then answers "database is locked" at once, whatever
  the busy timeout. Taking the lock at the start of the transaction makes the second writer
  wait its turn instead.

Which transactions are write transactions: in a request, every method but GET, HEAD and
OPTIONS; outside a request (CLI commands, workers), those opened inside
:func:`write_transaction_intent`.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

_configured: set[int] = set()
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=False)

# SQLite's busy handler covers BEGIN IMMEDIATE; these extra tries cover the rare cases where it
# gives up early (a checkpoint in progress, a writer holding the lock longer than the timeout).
_BEGIN_RETRIES = 3
_BEGIN_RETRY_PAUSE = 0.2


@contextmanager
def write_transaction_intent() -> Iterator[None]:
    """Outside a request: transactions begun inside this block take the write lock up front."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


def wants_write_lock() -> bool:
    if _write_intent.get():
        return True
    if not has_request_context() or g.get("_db_read_only"):
        return False
    return request.method not in _READ_METHODS


@contextmanager
def read_phase(session) -> Iterator[None]:
    """A short reading transaction inside a write request, ended (committed) with the block, so
    that slow work after it (checking a password hash) holds no lock, and the writes after it
    take the write lock in a transaction of their own. Objects read inside are expired at the
    end: copy the values needed afterwards."""
    in_request = has_request_context()
    previous = g.get("_db_read_only", False) if in_request else False
    if in_request:
        g._db_read_only = True
    try:
        yield
    finally:
        if in_request:
            g._db_read_only = previous
        session.commit()


def read_only_from_now() -> None:
    """The rest of this request only reads (e.g. an error page): no write lock any more."""
    g._db_read_only = True


def is_busy_error(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "database is busy"."""
    orig = getattr(exc, "orig", exc)
    text = str(orig).lower()
    return "database is locked" in text or "database is busy" in text


def configure_engine(engine: Engine, *, busy_timeout_ms: int = 15000) -> None:
    """SQLite: foreign keys on, WAL, busy timeout, SQLAlchemy controls the transactions
    (SAVEPOINTs work), and write requests begin with ``BEGIN IMMEDIATE``."""
    if engine.dialect.name != "sqlite" or id(engine) in _configured:
        return
    _configured.add(id(engine))
    in_memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if not wants_write_lock():
            conn.exec_driver_sql("BEGIN")
            return
        for attempt in range(_BEGIN_RETRIES):
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                if not is_busy_error(exc) or attempt == _BEGIN_RETRIES - 1:
                    raise
                time.sleep(_BEGIN_RETRY_PAUSE * (attempt + 1))
