"""Engine settings per database dialect, and the request-boundary commit helper."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

_configured: set[int] = set()


def configure_engine(engine: Engine) -> None:
    """SQLite: enforce foreign keys and let SQLAlchemy control transactions (SAVEPOINTs work)."""
    if engine.dialect.name != "sqlite" or id(engine) in _configured:
        return
    _configured.add(id(engine))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN")
