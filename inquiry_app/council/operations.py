"""Creating, changing and deactivating councillors, factions and bodies. Operations flush; the
view commits. A faction change closes the open membership the day before the new one starts,
so inquiries keep the faction they were submitted under (``Inquiry.faction_id``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from drafting.cleaning import clean_line
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import (
    Body,
    BodyKind,
    CouncilMember,
    Faction,
    FactionMembership,
    FormOfAddress,
)


class PeopleError(DomainError):
    """Input about people or bodies that cannot be stored (German message)."""


def _line(value: str | None, limit: int, label: str, *, required: bool = False) -> str:
    text = clean_line(value or "") or ""
    if required and not text:
        raise PeopleError(f"Bitte geben Sie {label} an.")
    if len(text) > limit:
        raise PeopleError(f"Zu lang: höchstens {limit} Zeichen für {label}.")
    return text


def _address(value: str | None) -> str | None:
    lines = [clean_line(line) or "" for line in (value or "").replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if len(lines) > 5:
        raise PeopleError("Die Anschrift hat mehr als 5 Zeilen.")
    return "\n".join(lines) or None


def _email(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > 254 or "@" not in text or " " in text:
        raise PeopleError(f"„{text[:60]}“ ist keine gültige E-Mail-Adresse.")
    return text


@dataclass
class MemberData:
    """What the councillor form and the CSV import deliver."""

    form_of_address: FormOfAddress
    title: str
    first_name: str
    last_name: str
    role: str
    email: str | None
    address: str | None
    faction: Faction | None
    since: date | None = None  # start of the membership in ``faction`` (on a change)


def save_member(member: CouncilMember | None, data: MemberData) -> CouncilMember:
    first = _line(data.first_name, 100, "den Vornamen", required=True)
    last = _line(data.last_name, 100, "den Nachnamen", required=True)
    role = _line(data.role, 60, "die Bezeichnung (Stadtrat/Stadträtin)") or (
        "Stadträtin" if data.form_of_address == FormOfAddress.FRAU else "Stadtrat")
    title = _line(data.title, 60, "den Titel")
    email, address = _email(data.email), _address(data.address)
    if member is None:
        member = CouncilMember(active=True)
        db.session.add(member)
    member.form_of_address, member.title = data.form_of_address, title
    member.first_name, member.last_name, member.role = first, last, role
    member.email, member.address = email, address
    change_faction(member, data.faction, data.since)
    db.session.flush()
    return member


def change_faction(member: CouncilMember, faction: Faction | None, since: date | None) -> None:
    """Make ``faction`` the current one from ``since`` (default today): the open membership
    ends the day before; the history stays. No change when the faction is the same."""
    current = _open_all(member)
    if faction is member.faction:
        if faction is not None and not current:  # recorded before memberships were kept
            member.memberships.append(FactionMembership(faction=faction, valid_from=since))
        return
    if member.id is None:  # a new councillor: member since ``since`` (or since ever)
        member.faction = faction
        if faction is not None:
            member.memberships.append(FactionMembership(faction=faction, valid_from=since))
        return
    start = since or date.today()
    for membership in current:
        if membership.valid_from is not None and membership.valid_from >= start:
            raise PeopleError(
                f"Die Mitgliedschaft in „{membership.faction.name}“ beginnt am "
                f"{membership.valid_from:%d.%m.%Y}; der Wechsel muss danach liegen.")
        membership.valid_until = start - timedelta(days=1)
    if member.faction is not None and not current:
        member.memberships.append(FactionMembership(faction=member.faction,
                                                    valid_until=start - timedelta(days=1)))
    member.faction = faction
    if faction is not None:
        member.memberships.append(FactionMembership(faction=faction, valid_from=start))


def _open_all(member: CouncilMember) -> list[FactionMembership]:
    return [m for m in member.memberships if m.valid_until is None]


def _period(membership_or_dates) -> tuple[date, date]:
    start, end = membership_or_dates
    return start or date.min, end or date.max


def _span(membership: FactionMembership) -> str:
    start = f"{membership.valid_from:%d.%m.%Y}" if membership.valid_from else "…"
    end = f"{membership.valid_until:%d.%m.%Y}" if membership.valid_until else "heute"
    return f"{start} bis {end}"


def correct_membership(membership: FactionMembership, valid_from: date | None,
                       valid_until: date | None) -> None:
    """Correct the period of a recorded membership (e.g. a mistyped date). Periods of one
    councillor must not overlap; the current membership ends only with a faction change.
    Inquiries keep the faction stored when they were registered."""
    if valid_from and valid_until and valid_until < valid_from:
        raise PeopleError("Das Ende der Mitgliedschaft liegt vor ihrem Beginn.")
    member = membership.member
    if (valid_until is not None and membership.valid_until is None
            and membership.faction_id == member.faction_id):
        raise PeopleError("Die laufende Mitgliedschaft endet mit einem Fraktionswechsel: Bitte "
                          "wählen Sie oben die neue Fraktion (oder „fraktionslos“) mit Datum.")
    start, end = _period((valid_from, valid_until))
    for other in member.memberships:
        if other is membership:
            continue
        other_start, other_end = _period((other.valid_from, other.valid_until))
        if start <= other_end and other_start <= end:
            raise PeopleError(f"Der Zeitraum überschneidet sich mit der Mitgliedschaft in "
                              f"„{other.faction.name}“ ({_span(other)}).")
    membership.valid_from, membership.valid_until = valid_from, valid_until
    db.session.flush()


def set_member_active(member: CouncilMember, active: bool) -> None:
    """Deactivated councillors are not offered for new inquiries; old ones keep them."""
    member.active = active


# --- factions ------------------------------------------------------------------------------
def save_faction(faction: Faction | None, *, name: str, short_name: str, email: str | None,
                 address: str | None) -> Faction:
    name = _line(name, 200, "den Namen der Fraktion", required=True)
    short = _line(short_name, 60, "den Kurznamen", required=True)
    query = sa.select(Faction.id).where(sa.func.lower(Faction.name) == name.lower())
    if faction is not None:
        query = query.where(Faction.id != faction.id)
    if db.session.scalar(query) is not None:
        raise PeopleError(f"Die Fraktion „{name}“ gibt es bereits.")
    email, address = _email(email), _address(address)
    if faction is None:
        faction = Faction(active=True)
        db.session.add(faction)
    faction.name, faction.short_name = name, short
    faction.email, faction.address = email, address
    db.session.flush()
    return faction


def set_faction_active(faction: Faction, active: bool) -> None:
    if not active:
        members = db.session.scalar(sa.select(sa.func.count(CouncilMember.id)).where(
            CouncilMember.faction_id == faction.id, CouncilMember.active))
        if members:
            raise PeopleError(
                f"Der Fraktion „{faction.name}“ gehören noch {members} aktive Stadträtinnen und "
                "Stadträte an. Bitte ändern Sie zuerst deren Fraktion (mit Datum des Wechsels).")
    faction.active = active


# --- bodies --------------------------------------------------------------------------------
@dataclass
class BodyData:
    name: str
    kind: BodyKind
    short_name: str
    chair_form_of_address: FormOfAddress
    chair_title: str
    chair_name: str
    chair_function: str
    address: str | None


def save_body(body: Body | None, data: BodyData) -> Body:
    name = _line(data.name, 200, "den Namen des Gremiums", required=True)
    query = sa.select(Body.id).where(sa.func.lower(Body.name) == name.lower())
    if body is not None:
        query = query.where(Body.id != body.id)
    if db.session.scalar(query) is not None:
        raise PeopleError(f"Das Gremium „{name}“ gibt es bereits.")
    chair = _line(data.chair_name, 200, "den Namen des Vorsitzes")
    if data.kind != BodyKind.CITY_COUNCIL and not chair:
        raise PeopleError("Bitte geben Sie den Vorsitz an: Antworten an Stadtbezirksbeiräte und "
                          "Ortschaftsräte gehen an ihn.")
    short = _line(data.short_name, 60, "die Abkürzung")
    title = _line(data.chair_title, 60, "den Titel des Vorsitzes")
    function = _line(data.chair_function, 200, "die Funktion des Vorsitzes")
    address = _address(data.address)
    if body is None:
        body = Body(active=True)
        db.session.add(body)
    body.name, body.kind, body.short_name = name, data.kind, short
    body.chair_form_of_address, body.chair_title = data.chair_form_of_address, title
    body.chair_name, body.chair_function, body.address = chair, function, address
    db.session.flush()
    return body


def set_body_active(body: Body, active: bool) -> None:
    body.active = active
