"""Jinja filters (German dates and deadlines, counted nouns) and the role-based main
navigation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask, request, url_for
from flask_login import current_user
from markupsafe import Markup

from inquiry_app.models import Role

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def date_de(value: date | datetime | None, weekday: bool = True) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = local_time(value).date()
    text = value.strftime("%d.%m.%Y")
    return f"{WEEKDAYS[value.weekday()]}, {text}" if weekday else text


LOCAL_TIME = ZoneInfo("Europe/Berlin")


def local_time(value: datetime) -> datetime:
    """Stored times are naive UTC; users read German local time (CET/CEST)."""
    return value.replace(tzinfo=UTC).astimezone(LOCAL_TIME)


def plural_de(n: int, one: str, many: str) -> str:
    """The word that goes with the number ``n``: ``one`` for exactly 1, else ``many``
    (German: "0 E-Mails", "1 E-Mail", "2 E-Mails"; also for verbs: "wartet"/"warten")."""
    return one if n == 1 else many


def listing_de(items: list[str]) -> str:
    """Items as German prose: "A", "A und B", "A, B und C"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


def count_de(n: int, one: str, many: str) -> str:
    """The number with its noun in the right form, never "E-Mail(s)": ``count_de(1, "Frage",
    "Fragen")`` is "1 Frage", ``count_de(3, "Frage", "Fragen")`` "3 Fragen". In templates the
    filter ``count_de``: ``{{ n|count_de("Anfrage", "Anfragen") }}``."""
    return f"{n} {plural_de(n, one, many)}"


def datetime_de(value: datetime | None) -> str:
    if value is None:
        return "–"
    return local_time(value).strftime("%d.%m.%Y, %H:%M Uhr")


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when end < start)."""
    from inquiry_app.deadlines.calc import is_working_day
    from inquiry_app.deadlines.settings import subdivision

    subdiv = subdivision()
    if end == start:
        return 0
    step = 1 if end > start else -1
    count, day = 0, start
    while day != end:
        day += timedelta(days=step)
        if is_working_day(day, subdiv):
            count += step
    return count


def days_left(due_on: date | None, today: date | None = None) -> int | None:
    """Working days until ``due_on``; when overdue, minus the calendar days overdue
    (the ``ui.deadline`` macro shows "noch 3 Arbeitstage" / "2 Tage überfällig")."""
    if due_on is None:
        return None
    today = today or date.today()
    if due_on < today:
        return -(today - due_on).days
    return working_days_between(today, due_on)


def main_navigation() -> list[dict]:
    """Menu entries for the current user's role; an entry is active on its own pages."""
    if not current_user.is_authenticated:
        return []
    # (endpoint, label, prefix of the endpoints that belong to the entry)
    items = [("main.index", "Meine Aufgaben", "main.")]
    if current_user.role in (Role.COUNCIL_OFFICE, Role.SIGNATORY, Role.ADMIN):
        items.append(("inquiries.index", "Alle Anfragen", "inquiries."))
    elif current_user.is_department:
        items.append(("inquiries.index", "Anfragen meines Bereichs", "inquiries."))
    items.append(("search.page", "Suche", "search."))
    if current_user.role in (Role.ADMIN, Role.COUNCIL_OFFICE):
        items.append(("catalogue.index", "Zuständigkeiten", "catalogue."))
    if current_user.can_manage_people():
        items.append(("council.members", "Stadträte und Gremien", "council."))
    if current_user.role in (Role.ADMIN, Role.COUNCIL_OFFICE, Role.DEPARTMENT_HEAD):
        items.append(("textblocks.index", "Textbausteine", "textblocks."))
    if current_user.role == Role.ADMIN:
        items += [
            ("admin.users", "Benutzer", "admin.user"),
            ("admin.org_units", "Organisationseinheiten", "admin.org_unit"),
            ("audit.search_page", "Protokoll", "audit.search"),
        ]
    if current_user.role in (Role.ADMIN, Role.COUNCIL_OFFICE):
        items.append(("outbox.index", "E-Mail-Ausgang", "outbox."))
    endpoint = request.endpoint or ""
    return [
        {"label": label, "url": url_for(target), "active": endpoint.startswith(prefix)}
        for target, label, prefix in items
    ]


def richtext(value: str | None) -> Markup:
    """Answer text (Markdown subset) as safe HTML: everything escaped, only simple tags."""
    from drafting.letters.richtext import to_html

    return Markup(to_html(value or ""))


def register(app: Flask) -> None:
    app.jinja_env.filters["richtext"] = richtext
    app.jinja_env.filters["date_de"] = date_de
    app.jinja_env.filters["datetime_de"] = datetime_de
    app.jinja_env.filters["count_de"] = count_de
    app.jinja_env.filters["plural_de"] = plural_de
    app.jinja_env.globals["days_left"] = days_left
    # templates compare states with enum members, never with their strings
    from inquiry_app.models.enums import AssignmentState, ContributionState, InquiryState
    from inquiry_app.models.outbox import MailState

    app.jinja_env.globals.update(InquiryState=InquiryState, AssignmentState=AssignmentState,
                                 ContributionState=ContributionState, MailState=MailState)

    @app.context_processor
    def inject_navigation():
        return {"main_nav": main_navigation()}
