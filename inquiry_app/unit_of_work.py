"""One unit of work per request: views change and ``flush``, the request commits once.

:class:`UnitOfWorkFlask` runs every view inside :func:`unit_of_work`. When the view has
returned, its changes are

* committed once, when the request writes (not GET, HEAD or OPTIONS) and the answer is a
  success or a redirect (status below 400);
* rolled back otherwise: the view raised (a :class:`~inquiry_app.domain.DomainError`, a 403,
  a bug), answered with an error status (a form shown again with 422, a merge page with 409),
  or called :func:`discard` (a refused step shown with a message and a redirect).

The commit happens inside the view's dispatch, before the response leaves: when it fails
(``IntegrityError``, ``StaleDataError``, SQLite's "database is locked"), the exception goes to
the error handlers of :mod:`inquiry_app.errors` like any other, which show the German error
page with what the user typed, and the messages the view flashed for the success are taken
back. A redirect to a success page is therefore only sent after the commit succeeded.

GET, HEAD and OPTIONS requests never write. With ``STRICT_READ_REQUESTS`` (default: on when
``TESTING``) a flush or a bulk change in such a request raises :class:`ReadRequestWrote`;
otherwise it is logged, and the changes are rolled back at the end of the request.

Named helpers for the exceptions: :func:`commit_early` ends the transaction in the middle of a
request (before slow work that must not hold SQLite's write lock, e.g. reading a scan),
:func:`keep_changes` commits even though the answer is an error (a failed login attempt is
counted although the page answers 401), :func:`after_commit` runs something only once the
commit succeeded. Command-line commands and the mail worker are not requests; they commit
their own transactions.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Flask, current_app, message_flashed, session
from flask import request as http_request
from sqlalchemy import event
from sqlalchemy.orm import Session

from inquiry_app.extensions import db

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadRequestWrote(RuntimeError):
    """A GET, HEAD or OPTIONS request tried to write to the database (a bug)."""


@dataclass
class _Unit:
    reading: bool
    wrote_while_reading: bool = False
    discarded: bool = False
    keep: bool = False
    flashed: list[tuple[str, str]] = field(default_factory=list)
    after: list[Callable[[], object]] = field(default_factory=list)


_current: contextvars.ContextVar[_Unit | None] = contextvars.ContextVar("unit_of_work", default=None)


@contextmanager
def unit_of_work(method: str) -> Iterator[_Unit]:
    """The request's unit of work (used by :class:`UnitOfWorkFlask`; tests may use it too)."""
    unit = _Unit(reading=method in READ_METHODS)
    token = _current.set(unit)
    try:
        yield unit
    except BaseException:
        if not unit.reading or unit.wrote_while_reading:
            db.session.rollback()
        raise
    finally:
        _current.reset(token)


def finish(unit: _Unit, rv):
    """Commit or roll back the view's changes; returns the response (see the module text)."""
    response = current_app.make_response(rv)
    if unit.reading:
        # nothing to commit (a refused write is rolled back; otherwise the transaction, which
        # only read, ends when the session is removed with the request)
        if unit.wrote_while_reading:
            db.session.rollback()
        return response
    if unit.discarded or (response.status_code >= 400 and not unit.keep):
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except BaseException:
        _take_back_flashes(unit)
        db.session.rollback()
        raise
    for callback in unit.after:
        callback()
    return response


def discard() -> None:
    """The step was refused: roll back what this request changed so far, and commit nothing of
    it at the end (the view then shows its message, e.g. with a redirect)."""
    db.session.rollback()
    unit = _current.get()
    if unit is not None:
        unit.discarded = True


def commit_early() -> None:
    """End the request's transaction now (committing what it did so far), e.g. before slow work
    that must not hold SQLite's write lock; later changes go into a transaction of their own,
    committed at the end of the request as usual."""
    db.session.commit()


def after_commit(callback: Callable[[], object]) -> None:
    """Run ``callback`` once the request's changes are committed (not at all when they are
    rolled back), e.g. to delete a kept upload only when the inquiry holding it is stored."""
    unit = _current.get()
    if unit is None:
        callback()
    else:
        unit.after.append(callback)


def keep_changes() -> None:
    """Commit this request's changes even though it answers with an error status (a failed
    login attempt is counted although the page answers 401)."""
    unit = _current.get()
    if unit is not None:
        unit.keep = True


def _take_back_flashes(unit: _Unit) -> None:
    """The commit failed: the success messages the view flashed must not be shown."""
    if not unit.flashed:
        return
    flashes = list(session.get("_flashes", []))
    for item in reversed(unit.flashed):
        for i in range(len(flashes) - 1, -1, -1):
            if tuple(flashes[i]) == item:
                del flashes[i]
                break
    if flashes:
        session["_flashes"] = flashes
    else:
        session.pop("_flashes", None)


def _record_flash(_app, message, category, **_extra) -> None:
    unit = _current.get()
    if unit is not None:
        unit.flashed.append((category, message))


def _refuse_write(what: str) -> None:
    unit = _current.get()
    if unit is None or not unit.reading:
        return
    message = f"{http_request.method} {http_request.path} schreibt in die Datenbank ({what})."
    unit.wrote_while_reading = True
    if current_app.config.get("STRICT_READ_REQUESTS", current_app.config.get("TESTING")):
        raise ReadRequestWrote(message)
    current_app.logger.error("%s Die Änderung wird verworfen.", message)


def _before_flush(session: Session, _context, _instances) -> None:
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        _refuse_write("flush")


def _on_execute(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _refuse_write("INSERT/UPDATE/DELETE")


_listening = False


def _listen() -> None:
    global _listening
    if _listening:
        return
    _listening = True
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "do_orm_execute", _on_execute)


class UnitOfWorkFlask(Flask):
    """Flask, with every view run as one unit of work."""

    def dispatch_request(self):
        with unit_of_work(http_request.method) as unit:
            return finish(unit, super().dispatch_request())


def init_app(app: Flask) -> None:
    _listen()
    message_flashed.connect(_record_flash, app)
