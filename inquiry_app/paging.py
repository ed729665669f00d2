"""Bounded lists: keyset pagination ("Weiter" / "Zurück") with a page number for display.

A page is read with one indexed query: the rows after (or before) the key of the last (first)
row shown, in the list's order, ``LIMIT size + 1`` (the extra row tells whether there is a
next page). Nothing is sorted but what the index delivers, and no page costs more than the
first. ``?seite=`` without a key (old links, typed addresses) falls back to ``OFFSET``.

Keys travel in the URL as text (``nach`` / ``vor``); a key that does not parse is ignored
(the first page is shown), never an error. The total is counted only up to ``COUNT_CAP``
(``SELECT count(*) FROM (… LIMIT cap + 1)``): beyond that the page says "mehr als …".
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from inquiry_app.boundary import page_number
from inquiry_app.extensions import db

COUNT_CAP = 1000
KEY_SEPARATOR = "~"
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Column:
    """One part of a list's order: the SQL expression, its type (for parsing keys) and the
    direction."""

    expr: Any
    kind: type  # date, datetime, int or str
    descending: bool = False


def encode_key(values: Sequence[Any]) -> str:
    parts = []
    for value in values:
        if isinstance(value, datetime):
            parts.append(value.isoformat(timespec="microseconds"))
        elif isinstance(value, date):
            parts.append(value.isoformat())
        else:
            parts.append(str(value))
    return KEY_SEPARATOR.join(parts)


def decode_key(text: str | None, kinds: Sequence[type]) -> tuple | None:
    """The key's values, or None for a missing or malformed key."""
    if not text or len(text) > MAX_KEY_LENGTH:
        return None
    parts = text.split(KEY_SEPARATOR)
    if len(parts) != len(kinds):
        return None
    values: list[Any] = []
    try:
        for part, kind in zip(parts, kinds, strict=True):
            if kind is datetime:
                values.append(datetime.fromisoformat(part))
            elif kind is date:
                values.append(date.fromisoformat(part))
            elif kind is int:
                if not part.isdigit() or len(part) > 18:
                    return None
                values.append(int(part))
            else:
                values.append(part)
    except ValueError:
        return None
    return tuple(values)


def after(columns: Sequence[Column], key: Sequence[Any], *, reverse: bool = False):
    """SQL condition: rows strictly after ``key`` in the order of ``columns`` (before it when
    ``reverse``). Nested OR/AND plus a bound on the first column alone, which both databases
    use as the start of an index range."""
    def part(i: int):
        column, value = columns[i], key[i]
        later = column.expr < value if column.descending != reverse else column.expr > value
        if i == len(columns) - 1:
            return later
        return sa.or_(later, sa.and_(column.expr == value, part(i + 1)))
    first, value = columns[0], key[0]
    bound = first.expr <= value if first.descending != reverse else first.expr >= value
    return sa.and_(bound, part(0)) if len(columns) > 1 else part(0)


def ordering(columns: Sequence[Column], *, reverse: bool = False) -> list:
    return [c.expr.desc() if c.descending != reverse else c.expr.asc() for c in columns]


@dataclass
class Request:
    """What the URL asks for: a page number (for display) and a key to read from."""

    number: int = 1
    after_key: str | None = None
    before_key: str | None = None

    @classmethod
    def from_args(cls, args) -> Request:
        return cls(page_number(args.get("seite")), args.get("nach") or None,
                   args.get("vor") or None)


@dataclass
class Page:
    items: list
    number: int
    size: int
    next_key: str | None = None
    previous_key: str | None = None
    total: int | None = None  # exact, when at most COUNT_CAP
    more_than: int | None = None  # COUNT_CAP when the total is larger
    offset_too_far: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def pages(self) -> int | None:
        if self.total is None:
            return None
        return max((self.total + self.size - 1) // self.size, 1)

    def link_args(self, direction: str) -> dict[str, Any]:
        """URL parameters of the "Weiter" (``next``) or "Zurück" (``previous``) link."""
        if direction == "next":
            return {"nach": self.next_key, "seite": self.number + 1}
        return {"vor": self.previous_key, "seite": max(self.number - 1, 1)}


def capped_count(query) -> tuple[int | None, int | None]:
    """``(total, None)`` when the query has at most COUNT_CAP rows, else ``(None, COUNT_CAP)``."""
    limited = query.with_only_columns(sa.literal(1), maintain_column_froms=True).order_by(None).limit(
        COUNT_CAP + 1)
    n = db.session.scalar(sa.select(sa.func.count()).select_from(limited.subquery())) or 0
    return (n, None) if n <= COUNT_CAP else (None, COUNT_CAP)


Runner = Callable[[tuple | None, bool, int, int], list]


def sql_runner(read: Callable[[Any, list, int, int], list], columns: Sequence[Column]) -> Runner:
    """A runner for a list read with one query: ``read(condition, order, limit, offset)`` with
    ``condition`` None or the keyset condition to add and ``order`` the ORDER BY list."""
    def run(key, reverse, limit, offset):
        condition = None if key is None else after(columns, key, reverse=reverse)
        return read(condition, ordering(columns, reverse=reverse), limit, offset)
    return run


def fetch_keys(
    run: Runner,
    columns: Sequence[Column],
    request: Request,
    size: int,
    key_of: Callable[[Any], Sequence[Any]],
    max_offset: int | None = None,
) -> Page:
    """The page the request asks for. ``run(key, reverse, limit, offset)`` reads up to
    ``limit`` rows after ``key`` (before it, in reverse order, when ``reverse``; from the start
    when ``key`` is None). ``key_of`` gives a row's key values in the order of ``columns``."""
    kinds = [c.kind for c in columns]
    before = decode_key(request.before_key, kinds)
    after_ = decode_key(request.after_key, kinds) if before is None else None
    number = request.number
    if before is not None:
        rows = run(before, True, size + 1, 0)
        has_previous = len(rows) > size
        rows = list(reversed(rows[:size]))
        has_next = True
        if not has_previous:
            number = 1
    elif after_ is not None:
        rows = run(after_, False, size + 1, 0)
        has_next = len(rows) > size
        rows = rows[:size]
        has_previous = True
        number = max(number, 2)
    else:
        offset = (number - 1) * size
        if max_offset is not None and offset > max_offset:
            return Page([], number, size, offset_too_far=True)
        rows = run(None, False, size + 1, offset)
        has_next = len(rows) > size
        rows = rows[:size]
        has_previous = number > 1
    page = Page(rows, number, size)
    if rows:
        if has_next:
            page.next_key = encode_key(key_of(rows[-1]))
        if has_previous:
            page.previous_key = encode_key(key_of(rows[0]))
    return page


def merged(streams: Sequence[list], key: Callable[[Any], Any], limit: int) -> list:
    """The first ``limit`` rows of several lists that are each sorted by ``key``."""
    return list(heapq.merge(*streams, key=key))[:limit]


@dataclass
class NumberedPage(Page):
    """A page of a list read by its number (the search engine pages its results itself): the
    same pager (``templates/macros/pager.html``), whose links then carry only ``seite``."""

    has_next: bool = False

    def __post_init__(self):
        self.next_key = str(self.number + 1) if self.has_next else None
        self.previous_key = str(self.number - 1) if self.number > 1 else None

    def link_args(self, direction: str) -> dict[str, Any]:
        return {"seite": self.number + 1 if direction == "next" else max(self.number - 1, 1)}
