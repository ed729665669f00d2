"""``flask demo load``: the org structure, users, councillors and inquiries; idempotent."""

from __future__ import annotations

import re
from datetime import date, timedelta
from importlib import resources

import sqlalchemy as sa

from inquiry_app.assignments.operations import default_internal_due
from inquiry_app.contributions.answers import ensure_answers
from inquiry_app.deadlines.settings import answer_due
from inquiry_app.demo.org import ORG_UNITS
from inquiry_app.demo.people import (
    BODIES,
    COUNCILLORS,
    DEMO_PASSWORD,
    FACTION_CHANGES,
    FACTIONS,
    TEXT_BLOCKS,
    USERS,
)
from inquiry_app.extensions import db
from inquiry_app.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Body,
    BodyKind,
    CompetenceTerm,
    CouncilMember,
    Faction,
    FactionMembership,
    FormOfAddress,
    Inquiry,
    InquiryState,
    OrgUnit,
    OrgUnitKind,
    Question,
    Role,
    TextBlock,
    Transition,
    User,
)
from inquiry_app.models.base import utcnow

__all__ = ["DEMO_PASSWORD", "load_demo"]


def _catalogue() -> dict[str, list[str]]:
    try:
        from inquiry_app.demo.catalogue import CATALOGUE
    except ImportError:  # pragma: no cover - the catalogue ships with the package
        return {}
    return CATALOGUE


def _load_units() -> dict[str, OrgUnit]:
    existing = {u.code: u for u in db.session.scalars(sa.select(OrgUnit))}
    catalogue = _catalogue()
    for code, name, kind, parent_code, mailbox in ORG_UNITS:
        if code in existing:
            continue
        unit = OrgUnit(code=code, name=name, kind=OrgUnitKind(kind), mailbox=mailbox,
                       parent=existing.get(parent_code) if parent_code else None, active=True)
        unit.terms = [CompetenceTerm(term=t) for t in dict.fromkeys(catalogue.get(code, []))]
        db.session.add(unit)
        existing[code] = unit
    db.session.flush()
    return existing


def _load_users(units: dict[str, OrgUnit]) -> list[tuple[str, str, str, str]]:
    existing = set(db.session.scalars(sa.select(User.login)))
    logins = []
    for login, name, role, code, function in USERS:
        if login not in existing:
            user = User(login=login, name=name, role=Role(role), org_unit=units[code],
                        function=function, email=f"{login}@dresden.example", active=True)
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        logins.append((login, name, Role(role).label, code))
    db.session.flush()
    return logins


def _load_council() -> dict[str, CouncilMember]:
    factions = {f.short_name: f for f in db.session.scalars(sa.select(Faction))}
    for name, short, address in FACTIONS:
        if short not in factions:
            factions[short] = Faction(name=name, short_name=short, address=address,
                                      email=f"{short.lower().replace(' ', '-')}@rat.example")
            db.session.add(factions[short])
    members = {m.last_name: m for m in db.session.scalars(sa.select(CouncilMember))}
    changes = {last: (old, days) for last, old, _new, days in FACTION_CHANGES}
    for form, title, first, last, role, faction in COUNCILLORS:
        if last not in members:
            members[last] = CouncilMember(
                form_of_address=FormOfAddress(form), title=title, first_name=first,
                last_name=last, role=role, faction=factions[faction],
                email=f"{first.lower()}.{last.lower()}@rat.example".replace("ü", "ue")
                .replace("ö", "oe"),
                address="Stadtrat der Landeshauptstadt Dresden\nDr.-Külz-Ring 19\n01067 Dresden",
            )
            db.session.add(members[last])
        member = members[last]
        if member.memberships or member.faction is None:
            continue
        if last in changes:  # member of the earlier faction until the day before the change
            old, days = changes[last]
            change = date.today() - timedelta(days=days)
            member.memberships = [
                FactionMembership(faction=factions[old], valid_until=change - timedelta(days=1)),
                FactionMembership(faction=member.faction, valid_from=change),
            ]
        else:
            member.memberships = [FactionMembership(faction=member.faction)]
    db.session.flush()
    return members


def _load_bodies() -> dict[str, Body]:
    bodies = {b.name: b for b in db.session.scalars(sa.select(Body))}
    for name, kind, short, form, title, chair, function, address in BODIES:
        if name not in bodies:
            bodies[name] = Body(
                name=name, kind=BodyKind(kind), short_name=short,
                chair_form_of_address=FormOfAddress(form), chair_title=title, chair_name=chair,
                chair_function=function, address=address, active=True)
            db.session.add(bodies[name])
    db.session.flush()
    return bodies


def split_clean_text(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Preamble and numbered questions of an already clean inquiry text."""
    preamble, questions = [], []
    for para in (p.strip() for p in re.split(r"\n\s*\n", text.strip())):
        match = re.match(r"(\d+)\.\s+(.*)", para, re.S)
        if match:
            questions.append((match.group(1), " ".join(match.group(2).split())))
        elif not questions:
            preamble.append(" ".join(para.split()))
    return "\n\n".join(preamble), questions


def _received(days_ago: int) -> date:
    return date.today() - timedelta(days=days_ago)


def _inquiry_specs(yy: str) -> list[dict]:
    reference = resources.files("inquiry_app.demo").joinpath("reference_inquiry.txt")
    return [
        {
            "number": "AF0815/25", "state": InquiryState.SPLIT, "days_ago": 2,
            "subject": "Digitaler Einbürgerungsantrag und E-Akte in der Ausländerbehörde",
            "submitters": ["Mühle"], "text": reference.read_text(encoding="utf-8"),
        },
        {
            "number": f"AF0902/{yy}", "state": InquiryState.RECEIVED, "days_ago": 1,
            "subject": "Sanierung der Turnhalle der 30. Grundschule",
            "submitters": ["Kühn"],
            "text": (
                "Die Turnhalle der 30. Grundschule ist seit den Herbstferien gesperrt. Eltern "
                "berichten, dass der Sportunterricht seitdem ausfällt.\n\nIch frage den "
                "Oberbürgermeister:\n\n1. Seit wann ist die Turnhalle gesperrt und aus welchem "
                "Grund?\n\n2. Wann ist mit dem Abschluss der Sanierung zu rechnen?\n\n3. Wo "
                "findet der Sportunterricht bis dahin statt?"
            ),
        },
        {
            "number": f"AF0887/{yy}", "state": InquiryState.ROUTED, "days_ago": 9,
            "subject": "Wartezeiten auf Termine im Bürgeramt",
            "submitters": ["Seidel", "Franke"],
            "text": (
                "Bürgerinnen und Bürger berichten von Wartezeiten von mehreren Wochen auf einen "
                "Termin im Bürgeramt, etwa für einen neuen Personalausweis.\n\n"
                "1. Wie lang war die durchschnittliche Wartezeit auf einen Termin in den "
                "Bürgerbüros in den Monaten Januar bis Oktober?\n\n"
                "2. Ist geplant, das Online-Terminvergabesystem zu erneuern, und welche "
                "Kosten entstehen dafür?"
            ),
            "routing": {"1": [("33", "lead")], "2": [("EB IT", "lead"), ("33", "contributing")]},
        },
        {
            "number": f"AF0871/{yy}", "state": InquiryState.ROUTED, "days_ago": 16,
            "subject": "Radweg auf der Königsbrücker Straße",
            "submitters": ["Schmitt"],
            "text": (
                "Der Ausbau der Königsbrücker Straße wird seit Jahren diskutiert.\n\n"
                "1. Wann beginnt der Bau des Radwegs zwischen Albertplatz und Stauffenbergallee?"
                "\n\n2. Welche Varianten der Radverkehrsführung wurden geprüft?"
            ),
            "routing": {"1": [("66", "lead")], "2": [("66", "lead"), ("61", "contributing")]},
        },
        {
            # submitted before Böhme changed faction: keeps "Soziale Stadt"
            "number": f"AF0640/{yy}", "state": InquiryState.SPLIT, "days_ago": 45,
            "dated_days_ago": 47, "subject": "Schulwegsicherheit an der Bautzner Straße",
            "submitters": ["Böhme"],
            "text": (
                "Eltern der 10. Grundschule weisen seit Langem auf den gefährlichen Schulweg "
                "über die Bautzner Straße hin.\n\n1. Ist eine Querungshilfe geplant?\n\n"
                "2. Wie viele Unfälle mit Schulkindern gab es dort in den letzten drei Jahren?"
            ),
        },
        {
            "number": f"AF-Neu00012/{yy}", "state": InquiryState.RECEIVED, "days_ago": 3,
            "dated_days_ago": 5, "subject": "Beleuchtung des Alaunparks",
            "submitters": [], "body": "Stadtbezirksbeirat Neustadt",
            "text": (
                "Anwohnende beklagen die fehlende Beleuchtung der Wege im Alaunpark.\n\n"
                "1. Welche Wege im Alaunpark sind beleuchtet?\n\n"
                "2. Plant die Stadt, weitere Wege zu beleuchten, und wann?"
            ),
        },
    ]


def _record(inquiry: Inquiry, event: str, from_state, to_state, actor: User | None) -> None:
    db.session.add(Transition(
        inquiry=inquiry, event=event, from_state=from_state.value if from_state else None,
        to_state=to_state.value, actor=actor, note="Demodaten",
    ))


def _load_inquiries(units, members, bodies) -> int:
    existing = set(db.session.scalars(sa.select(Inquiry.number)))
    clerk = db.session.scalar(sa.select(User).where(User.login == "rat"))
    created = 0
    for spec in _inquiry_specs(f"{date.today():%y}"):
        if spec["number"] in existing:
            continue
        received = _received(spec["days_ago"])
        due = answer_due(received).result
        submitters = [members[name] for name in spec["submitters"]]
        dated = _received(spec.get("dated_days_ago", spec["days_ago"]))
        inquiry = Inquiry(
            number=spec["number"], subject=spec["subject"], received_on=received, due_on=due,
            original_due_on=due, submitted_text=spec["text"], state=spec["state"],
            faction=submitters[0].faction_on(dated) if submitters else None,
            submitters=submitters, created_by=clerk, dated_on=dated,
            body=bodies.get(spec.get("body", "Stadtrat")),
        )
        db.session.add(inquiry)
        _record(inquiry, "register", None, InquiryState.RECEIVED, clerk)
        # every demo inquiry carries its (proposed) split; "received" ones are not confirmed yet
        preamble, questions = split_clean_text(spec["text"])
        inquiry.preamble = preamble
        inquiry.questions = [Question(position=i, number=n, text=t)
                             for i, (n, t) in enumerate(questions, start=1)]
        if spec["state"] != InquiryState.RECEIVED:
            _record(inquiry, "confirm_split", InquiryState.RECEIVED, InquiryState.SPLIT, clerk)
        if "routing" in spec:
            _route(inquiry, spec["routing"], units)
            _record(inquiry, "send_assignments", InquiryState.SPLIT, InquiryState.ROUTED, clerk)
            ensure_answers(inquiry)  # as on sending: one answer per question
        created += 1
    db.session.flush()
    return created


def _route(inquiry: Inquiry, routing: dict, units: dict[str, OrgUnit]) -> None:
    due = default_internal_due(inquiry)
    by_number = {q.number: q for q in inquiry.questions}
    for number, targets in routing.items():
        for code, role in targets:
            inquiry.assignments.append(Assignment(
                question=by_number[number], org_unit=units[code], role=AssignmentRole(role),
                state=AssignmentState.OPEN, due_on=due, sent_at=utcnow(),
            ))
            if role == "lead" and inquiry.lead_org_unit is None:
                inquiry.lead_org_unit = units[code]


def _load_text_blocks(units: dict[str, OrgUnit]) -> None:
    existing = set(db.session.scalars(sa.select(TextBlock.title)))
    for title, code, text in TEXT_BLOCKS:
        if title not in existing:
            db.session.add(TextBlock(title=title, text=text, active=True,
                                     org_unit=units[code] if code else None))


def _demo_numbers() -> set[str]:
    """The demo inquiries' numbers in every year (their year is the year of loading): the
    letters written for the archive never take one."""
    bases = {spec["number"].split("/")[0] for spec in _inquiry_specs("00")}
    return {f"{base}/{year:02d}" for base in bases for year in range(100)}


def load_demo(*, archive: bool = True) -> dict:
    """Load the demo data; ``archive``: with the archive of past inquiries (imported by the
    archive importer, which commits each record: what was loaded before is committed first)."""
    units = _load_units()
    logins = _load_users(units)
    _load_text_blocks(units)
    members = _load_council()
    bodies = _load_bodies()
    created = _load_inquiries(units, members, bodies)
    past = None
    if archive:
        from inquiry_app.demo.past_replies import load_archive

        db.session.commit()
        past = load_archive(_demo_numbers())
    return {
        "org_units": len(units),
        "users": len(logins),
        "inquiries": db.session.scalar(sa.select(sa.func.count(Inquiry.id)).where(
            Inquiry.imported.is_(False))),
        "archived": db.session.scalar(sa.select(sa.func.count(Inquiry.id)).where(
            Inquiry.imported.is_(True))),
        "created": created,
        "archive": past,
        "logins": logins,
    }
