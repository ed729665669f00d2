"""Inquiry numbers from the configured scheme, e.g. ``AF{seq:04d}/{yy}`` -> ``AF0816/25``."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from inquiry_app.extensions import db
from inquiry_app.models import Inquiry

_FIELD = re.compile(r"\{(seq|yy|yyyy)(?::0?(\d+)d)?\}")


def _pattern(scheme: str) -> re.Pattern[str]:
    parts, pos = [], 0
    for match in _FIELD.finditer(scheme):
        parts.append(re.escape(scheme[pos:match.start()]))
        name = match.group(1)
        parts.append({"seq": r"(?P<seq>\d+)", "yy": r"\d{2}", "yyyy": r"\d{4}"}[name])
        pos = match.end()
    parts.append(re.escape(scheme[pos:]))
    return re.compile("^" + "".join(parts) + "$")


def format_number(scheme: str, seq: int, on: date) -> str:
    return scheme.format(seq=seq, yy=f"{on:%y}", yyyy=f"{on:%Y}")


def propose_number(scheme: str, on: date) -> str:
    """The next free number: the highest running number of the scheme plus one (the running
    number continues across years, as in an electoral term)."""
    pattern = _pattern(scheme)
    prefix = scheme.split("{", 1)[0]
    numbers = db.session.scalars(
        sa.select(Inquiry.number).where(Inquiry.number.startswith(prefix))
    )
    highest = 0
    for number in numbers:
        match = pattern.match(number)
        if match:
            highest = max(highest, int(match.group("seq")))
    return format_number(scheme, highest + 1, on)
