"""Answer periods and working-day arithmetic (§§ 187, 188, 193 BGB, Saxon holidays)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inquiry_app.deadlines.calc import (
    DeadlineComputation,
    add_working_days,
    due_date,
    format_date_de,
    is_working_day,
    next_working_day,
    subtract_working_days,
)

# Saxon public holidays 2024-2030 written down independently of the `holidays` package.
SAXON_HOLIDAYS = {
    # Karfreitag, Ostermontag, Christi Himmelfahrt, Pfingstmontag
    2024: ["03-29", "04-01", "05-09", "05-20"],
    2025: ["04-18", "04-21", "05-29", "06-09"],
    2026: ["04-03", "04-06", "05-14", "05-25"],
    2027: ["03-26", "03-29", "05-06", "05-17"],
    2028: ["04-14", "04-17", "05-25", "06-05"],
    2029: ["03-30", "04-02", "05-10", "05-21"],
    2030: ["04-19", "04-22", "05-30", "06-10"],
}
BUSS_UND_BETTAG = {
    2024: date(2024, 11, 20),
    2025: date(2025, 11, 19),
    2026: date(2026, 11, 18),
    2027: date(2027, 11, 17),
    2028: date(2028, 11, 22),
    2029: date(2029, 11, 21),
    2030: date(2030, 11, 20),
}
FIXED = ["01-01", "05-01", "10-03", "10-31", "12-25", "12-26"]


def _all_holidays() -> list[date]:
    days = []
    for year, movable in SAXON_HOLIDAYS.items():
        for md in movable + FIXED:
            month, day = md.split("-")
            days.append(date(year, int(month), int(day)))
        days.append(BUSS_UND_BETTAG[year])
    return days


@pytest.mark.parametrize("day", _all_holidays(), ids=str)
def test_saxon_holidays_are_not_working_days(day):
    assert not is_working_day(day)


@pytest.mark.parametrize("year", sorted(BUSS_UND_BETTAG))
def test_buss_und_bettag_is_wednesday_before_23_november(year):
    day = BUSS_UND_BETTAG[year]
    assert day.weekday() == 2
    assert date(year, 11, 16) <= day <= date(year, 11, 22)
    assert not is_working_day(day)
    assert is_working_day(day - timedelta(days=1))


def test_reformationstag_only_in_saxony():
    assert not is_working_day(date(2025, 10, 31))
    assert is_working_day(date(2025, 10, 31), subdiv="BY")


def test_ordinary_days():
    assert is_working_day(date(2025, 2, 17))
    assert not is_working_day(date(2025, 2, 15))  # Saturday
    assert not is_working_day(date(2025, 2, 16))  # Sunday
    assert is_working_day(date(2025, 12, 24))  # Heiligabend is no public holiday
    assert is_working_day(date(2025, 12, 31))


def test_plain_four_weeks():
    c = due_date(date(2025, 1, 20))
    assert isinstance(c, DeadlineComputation)
    assert c.start == date(2025, 1, 20)
    assert c.result == date(2025, 2, 17)
    assert c.steps == ["Eingang Mo 20.01.2025 + 4 Wochen = Mo 17.02.2025"]
    assert c.explanation == "Eingang Mo 20.01.2025 + 4 Wochen = Mo 17.02.2025"


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # Karfreitag 2025 + Easter weekend + Ostermontag
        (date(2025, 3, 21), date(2025, 4, 22)),
        # Ostermontag 2026
        (date(2026, 3, 9), date(2026, 4, 7)),
        # Christi Himmelfahrt 2026 (Thursday)
        (date(2026, 4, 16), date(2026, 5, 15)),
        # Pfingstmontag 2027
        (date(2027, 4, 19), date(2027, 5, 18)),
        # Pfingstmontag 2028
        (date(2028, 5, 8), date(2028, 6, 6)),
        # Karfreitag 2030
        (date(2030, 3, 22), date(2030, 4, 23)),
        # Buß- und Bettag
        (date(2025, 10, 22), date(2025, 11, 20)),
        (date(2026, 10, 21), date(2026, 11, 19)),
        (date(2029, 10, 24), date(2029, 11, 22)),
        # Reformationstag 2028 (Tuesday); received on Tag der Deutschen Einheit
        (date(2028, 10, 3), date(2028, 11, 1)),
        # Reformationstag 2025 (Friday) + weekend; received on a holiday
        (date(2025, 10, 3), date(2025, 11, 3)),
        # year ends
        (date(2025, 12, 4), date(2026, 1, 2)),
        (date(2024, 11, 28), date(2024, 12, 27)),
        (date(2026, 11, 27), date(2026, 12, 28)),
        (date(2029, 12, 4), date(2030, 1, 2)),
        # received on a Saturday / Sunday
        (date(2025, 1, 18), date(2025, 2, 17)),
        (date(2025, 1, 19), date(2025, 2, 17)),
        # leap years
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2024, 2, 29), date(2024, 3, 28)),
        (date(2028, 2, 2), date(2028, 3, 1)),
        (date(2027, 2, 2), date(2027, 3, 2)),
    ],
    ids=str,
)
def test_due_date(received, expected):
    assert due_date(received).result == expected


def test_explanation_reformationstag_and_weekend():
    c = due_date(date(2025, 10, 3))
    assert c.steps == [
        "Eingang Fr 03.10.2025 + 4 Wochen = Fr 31.10.2025",
        "Fr 31.10.2025 Reformationstag übersprungen",
        "Sa 01.11.2025 Samstag übersprungen",
        "So 02.11.2025 Sonntag übersprungen",
        "Fristende Mo 03.11.2025 (nächster Werktag, § 193 BGB)",
    ]
    assert c.explanation.startswith("Eingang Fr 03.10.2025 + 4 Wochen = Fr 31.10.2025; ")


def test_explanation_new_year():
    c = due_date(date(2025, 12, 4))
    assert c.steps == [
        "Eingang Do 04.12.2025 + 4 Wochen = Do 01.01.2026",
        "Do 01.01.2026 Neujahr übersprungen",
        "Fristende Fr 02.01.2026 (nächster Werktag, § 193 BGB)",
    ]


def test_explanation_buss_und_bettag():
    c = due_date(date(2026, 10, 21))
    assert "Mi 18.11.2026 Buß- und Bettag übersprungen" in c.steps


def test_other_period_lengths():
    c = due_date(date(2025, 1, 20), weeks=1)
    assert c.result == date(2025, 1, 27)
    assert c.steps[0] == "Eingang Mo 20.01.2025 + 1 Woche = Mo 27.01.2025"
    assert due_date(date(2025, 1, 20), weeks=6).result == date(2025, 3, 3)
    with pytest.raises(ValueError):
        due_date(date(2025, 1, 20), weeks=0)


def test_format_date_de():
    assert format_date_de(date(2025, 2, 17)) == "Mo, 17.02.2025"
    assert format_date_de(date(2026, 1, 1)) == "Do, 01.01.2026"
    assert format_date_de(date(2024, 2, 29)) == "Do, 29.02.2024"


def test_next_working_day():
    assert next_working_day(date(2025, 2, 17)) == date(2025, 2, 17)
    assert next_working_day(date(2025, 4, 18)) == date(2025, 4, 22)
    assert next_working_day(date(2025, 12, 25)) == date(2025, 12, 29)


def test_subtract_working_days_over_easter():
    c = subtract_working_days(date(2025, 4, 22), 3)
    assert c.result == date(2025, 4, 15)
    assert c.steps == [
        "Di 22.04.2025 − 3 Arbeitstage = Di 15.04.2025",
        "Mo 21.04.2025 Ostermontag übersprungen",
        "Fr 18.04.2025 Karfreitag übersprungen",
    ]


def test_subtract_working_days_plain_and_weekend():
    assert subtract_working_days(date(2025, 2, 17), 1).result == date(2025, 2, 14)
    assert subtract_working_days(date(2025, 2, 17), 5).result == date(2025, 2, 10)
    c = subtract_working_days(date(2025, 2, 17), 1)
    assert c.steps == ["Mo 17.02.2025 − 1 Arbeitstag = Fr 14.02.2025"]
    assert subtract_working_days(date(2025, 2, 17), 0).result == date(2025, 2, 17)


def test_subtract_working_days_buss_und_bettag():
    c = subtract_working_days(date(2025, 11, 20), 1)
    assert c.result == date(2025, 11, 18)
    assert "Mi 19.11.2025 Buß- und Bettag übersprungen" in c.steps


def test_add_working_days_over_christmas_and_new_year():
    c = add_working_days(date(2025, 12, 23), 5)
    # 24., 29., 30., 31.12., then 01.01. is Neujahr -> 02.01.2026
    assert c.result == date(2026, 1, 2)
    assert "Do 25.12.2025 Erster Weihnachtstag übersprungen" in c.steps
    assert "Fr 26.12.2025 Zweiter Weihnachtstag übersprungen" in c.steps
    assert "Do 01.01.2026 Neujahr übersprungen" in c.steps
    assert c.steps[0] == "Di 23.12.2025 + 5 Arbeitstage = Fr 02.01.2026"


def test_add_and_subtract_are_inverse_on_working_days():
    start = date(2025, 4, 15)
    forward = add_working_days(start, 3).result
    assert forward == date(2025, 4, 22)
    assert subtract_working_days(forward, 3).result == start


dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(received=dates, weeks=st.integers(min_value=1, max_value=8))
def test_due_date_properties(received, weeks):
    c = due_date(received, weeks=weeks)
    raw_end = received + timedelta(weeks=weeks)
    assert is_working_day(c.result)
    assert c.result >= raw_end
    assert c.result - raw_end < timedelta(days=7)
    # no working day is skipped
    day = raw_end
    while day < c.result:
        assert not is_working_day(day)
        day += timedelta(days=1)
    assert c.steps[0].startswith("Eingang ")


@given(day=dates, n=st.integers(min_value=1, max_value=30))
def test_working_day_shift_properties(day, n):
    back = subtract_working_days(day, n).result
    assert is_working_day(back)
    assert back < day
    count = sum(
        1 for k in range(1, (day - back).days + 1)
        if is_working_day(day - timedelta(days=k)) and day - timedelta(days=k) >= back
    )
    assert count == n
    forward = add_working_days(day, n).result
    assert is_working_day(forward)
    assert forward > day
