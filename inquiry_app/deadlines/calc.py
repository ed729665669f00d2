"""Deadline arithmetic for written inquiries, pure Python.

An answer period given in weeks ends on the weekday that has the same name as the day of
receipt (§ 187 Abs. 1, § 188 Abs. 2 BGB: the day of receipt is not counted, so "four weeks
from Monday" ends at the end of the Monday four weeks later). If that day is a Saturday,
Sunday or a public holiday at the place of performance, the period ends on the next working
day instead (§ 193 BGB). Saxony (``SN``) adds Reformationstag (31.10.) and Buß- und Bettag.

Every computation returns its steps as German sentences so the user can see how a date
was obtained.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

DEFAULT_SUBDIV = "SN"

WEEKDAYS_DE = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
_WEEKEND_NAMES = {5: "Samstag", 6: "Sonntag"}


@dataclass(frozen=True)
class DeadlineComputation:
    """A computed date together with the German explanation of how it was found."""

    start: date
    result: date
    steps: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return "; ".join(self.steps)


@lru_cache(maxsize=256)
def _holidays_for(year: int, subdiv: str) -> dict[date, str]:
    """Public holidays of one year in one German state, names in German."""
    table = holidays.Germany(subdiv=subdiv, years=year, language="de")
    return dict(table.items())


def holiday_name(d: date, subdiv: str = DEFAULT_SUBDIV) -> str | None:
    """German name of the public holiday on ``d``, or None."""
    return _holidays_for(d.year, subdiv).get(d)


def is_working_day(d: date, subdiv: str = DEFAULT_SUBDIV) -> bool:
    """Monday to Friday and not a public holiday of ``subdiv``."""
    return d.weekday() < 5 and holiday_name(d, subdiv) is None


def next_working_day(d: date, subdiv: str = DEFAULT_SUBDIV) -> date:
    """``d`` itself if it is a working day, otherwise the next working day after it."""
    while not is_working_day(d, subdiv):
        d += timedelta(days=1)
    return d


def format_date_de(d: date) -> str:
    """``Mo, 17.02.2025``."""
    return f"{WEEKDAYS_DE[d.weekday()]}, {d:%d.%m.%Y}"


def _short(d: date) -> str:
    """``Mo 17.02.2025`` (used inside explanation steps)."""
    return f"{WEEKDAYS_DE[d.weekday()]} {d:%d.%m.%Y}"


def _non_working_reason(d: date, subdiv: str) -> str:
    name = holiday_name(d, subdiv)
    if name:
        return name
    return _WEEKEND_NAMES[d.weekday()]


def _weeks_label(weeks: int) -> str:
    return "1 Woche" if weeks == 1 else f"{weeks} Wochen"


def _days_label(n: int) -> str:
    return "1 Arbeitstag" if n == 1 else f"{n} Arbeitstage"


def due_date(
    received_on: date, *, weeks: int = 4, subdiv: str = DEFAULT_SUBDIV
) -> DeadlineComputation:
    """End of an answer period of ``weeks`` weeks for an inquiry received on ``received_on``.

    §§ 187, 188 BGB: same weekday ``weeks`` weeks later; § 193 BGB: a Saturday, Sunday or
    public holiday moves the end to the next working day.
    """
    if weeks < 1:
        raise ValueError("Die Frist muss mindestens eine Woche betragen.")
    raw_end = received_on + timedelta(weeks=weeks)
    steps = [f"Eingang {_short(received_on)} + {_weeks_label(weeks)} = {_short(raw_end)}"]
    end = raw_end
    while not is_working_day(end, subdiv):
        steps.append(f"{_short(end)} {_non_working_reason(end, subdiv)} übersprungen")
        end += timedelta(days=1)
    if end != raw_end:
        steps.append(f"Fristende {_short(end)} (nächster Werktag, § 193 BGB)")
    return DeadlineComputation(start=received_on, result=end, steps=steps)


def _shift_working_days(d: date, n: int, subdiv: str) -> DeadlineComputation:
    direction = 1 if n > 0 else -1
    sign = "+" if n > 0 else "−"
    skipped: list[str] = []
    current = d
    remaining = abs(n)
    while remaining:
        current += timedelta(days=direction)
        if is_working_day(current, subdiv):
            remaining -= 1
            continue
        name = holiday_name(current, subdiv)
        if name:
            skipped.append(f"{_short(current)} {name} übersprungen")
    steps = [f"{_short(d)} {sign} {_days_label(abs(n))} = {_short(current)}", *skipped]
    return DeadlineComputation(start=d, result=current, steps=steps)


def subtract_working_days(
    d: date, n: int, subdiv: str = DEFAULT_SUBDIV
) -> DeadlineComputation:
    """The n-th working day before ``d`` (weekends and public holidays do not count).

    Used for internal due dates: the inquiry's due date minus N working days. Skipped public
    holidays are listed in the steps; weekends are implied by the word "Arbeitstage".
    """
    if n == 0:
        return DeadlineComputation(start=d, result=d, steps=[f"{_short(d)} − 0 Arbeitstage"])
    return _shift_working_days(d, -n, subdiv)


def add_working_days(d: date, n: int, subdiv: str = DEFAULT_SUBDIV) -> DeadlineComputation:
    """The n-th working day after ``d`` (weekends and public holidays do not count)."""
    if n == 0:
        return DeadlineComputation(start=d, result=d, steps=[f"{_short(d)} + 0 Arbeitstage"])
    return _shift_working_days(d, n, subdiv)
