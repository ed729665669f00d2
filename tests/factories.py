"""Small factories for tests that build their own data instead of looking up demo records.

Plain functions: each creates what its name says inside the test's transaction (rolled back
after the test) and flushes, so ids are set. Where the app has an operation for a step
(routing, sending, contributions, answers) the factory calls it, so the data is what the
app itself would produce. Codes, logins and numbers are unique per call and never clash with
the demo data.
"""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass
from datetime import date

from flask import current_app, has_request_context

from inquiry_app.extensions import db
from inquiry_app.models import (
    Assignment,
    Inquiry,
    InquiryKind,
    InquiryState,
    OrgUnit,
    OrgUnitKind,
    Question,
    Role,
    User,
)
from inquiry_app.workflow import fire, record_registration

PASSWORD = "factory-passwort"
RECEIVED_ON = date(2025, 3, 3)
DUE_ON = date(2025, 3, 31)

_serial = itertools.count(1)


def _next() -> int:
    return next(_serial)


@contextlib.contextmanager
def request_context():
    """Operations that build links (``url_for``) need a request; tests often have none."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context():
        yield


def org_unit(name: str = "Testamt", *, kind: OrgUnitKind = OrgUnitKind.OFFICE,
             parent: OrgUnit | None = None, code: str | None = None,
             requires_head_approval: bool = False) -> OrgUnit:
    unit = OrgUnit(code=code or f"T{_next()}", name=name, kind=kind, parent=parent,
                   mailbox=f"testamt{_next()}@test.example",
                   requires_head_approval=requires_head_approval)
    db.session.add(unit)
    db.session.flush()
    return unit


def user(role: Role, unit: OrgUnit, *, login: str | None = None, name: str | None = None,
         password: str = PASSWORD) -> User:
    serial = _next()
    person = User(login=login or f"{role.value}-{serial}", name=name or f"Person {serial}",
                  email=f"person{serial}@test.example", role=role, org_unit=unit)
    person.set_password(password)
    db.session.add(person)
    db.session.flush()
    return person


def question_texts(count: int) -> list[str]:
    topics = ["Schulwegsicherheit", "Radverkehr", "Kita-Plätze", "Bürgerbüros", "Baumpflanzungen",
              "Sporthallen", "Wohngeld", "Straßenbeleuchtung", "Friedhöfe", "Bibliotheken"]
    return [f"Wie ist der Stand bei den {topics[i % len(topics)]} im Stadtbezirk {i // 10 + 1}?"
            for i in range(count)]


def inquiry(questions: int | list[str] = 2, *, actor: User, number: str | None = None,
            subject: str = "Testanfrage", preamble: str = "Vorbemerkung der Anfrage.") -> Inquiry:
    """A registered inquiry (state ``received``) with ``questions`` numbered 1, 2, …"""
    texts = question_texts(questions) if isinstance(questions, int) else list(questions)
    item = Inquiry(
        number=number or f"AF{_next():04d}/90", kind=InquiryKind.WRITTEN, subject=subject,
        received_on=RECEIVED_ON, due_on=DUE_ON, original_due_on=DUE_ON,
        submitted_text="\n\n".join([preamble, *texts]), preamble=preamble,
        state=InquiryState.RECEIVED, created_by=actor,
        questions=[Question(position=i, number=str(i), text=t)
                   for i, t in enumerate(texts, start=1)],
    )
    db.session.add(item)
    record_registration(item, actor)
    db.session.flush()
    return item


def confirmed(item: Inquiry, actor: User) -> Inquiry:
    """The split confirmed (state ``split``)."""
    fire(item, "confirm_split", actor)
    return item


def plan(item: Inquiry, actor: User, leads: list[OrgUnit],
         contributors: dict[int, list[OrgUnit]] | None = None) -> list[Assignment]:
    """Draft assignments (saved, not sent): question i gets ``leads[i % len(leads)]`` as
    lead; ``contributors``: question position -> contributing units."""
    from inquiry_app.assignments.operations import QuestionPlan, save_plan

    contributors = contributors or {}
    plans = {q.id: QuestionPlan(leads[(q.position - 1) % len(leads)].id,
                                [u.id for u in contributors.get(q.position, [])])
             for q in item.top_questions}
    return save_plan(item, plans, actor)


def send(item: Inquiry, actor: User) -> None:
    from inquiry_app.assignments.operations import send as send_assignments

    with request_context():
        send_assignments(item, actor)
    db.session.flush()


def routed(item: Inquiry, actor: User, leads: list[OrgUnit],
           contributors: dict[int, list[OrgUnit]] | None = None) -> Inquiry:
    """Split confirmed, assignments saved and sent (state ``routed``)."""
    if item.state == InquiryState.RECEIVED:
        confirmed(item, actor)
    plan(item, actor, leads, contributors)
    send(item, actor)
    return item


def contribute(assignment: Assignment, author: User, text: str | None = None) -> None:
    """Write and submit the assignment's contribution (to the head first where the unit
    requires approval)."""
    from inquiry_app.contributions import operations as contribution_ops

    with request_context():
        contribution_ops.save(assignment, author, text or f"Antwort zu Frage "
                              f"{assignment.question.number}.", None)
        contribution_ops.submit(assignment, author)
    db.session.flush()


def answered(item: Inquiry, workers: dict[int, User]) -> Inquiry:
    """Every assignment's contribution submitted by ``workers[unit id]``, every answer
    marked final by the lead unit's worker (state ``answers_complete``)."""
    from inquiry_app.contributions import answers as answer_ops

    for assignment in item.assignments:
        contribute(assignment, workers[assignment.org_unit_id])
    with request_context():
        for answer in item.answers:
            lead = sorted(answer.questions[0].lead_unit_ids())[0]
            answer_ops.set_final(answer, workers[lead], True)
    db.session.flush()
    return item


def drafted(item: Inquiry, actor: User) -> Inquiry:
    """The reply letter drafted (state ``draft``)."""
    from inquiry_app.letters import operations as letter_ops

    letter_ops.create_draft(item, actor)
    db.session.flush()
    return item


@dataclass
class World:
    """A small administration: the mayor's office with the council office, a division
    with three offices (lead, contributing, uninvolved) and a department below the lead
    office, one person per role and place, and an IT unit for the admin."""

    mayor_office: OrgUnit
    council_unit: OrgUnit
    division: OrgUnit
    lead_unit: OrgUnit
    lead_department: OrgUnit
    contributing_unit: OrgUnit
    other_unit: OrgUnit
    it_unit: OrgUnit
    council_office: User
    signatory: User
    admin: User
    lead_clerk: User
    lead_head: User
    department_clerk: User
    division_head: User
    contributing_clerk: User
    contributing_head: User
    other_clerk: User
    other_head: User

    def people(self) -> dict[str, User]:
        return {name: getattr(self, name) for name in PEOPLE}

    def workers(self) -> dict[int, User]:
        """Who writes the contributions of each unit."""
        return {self.lead_unit.id: self.lead_clerk,
                self.contributing_unit.id: self.contributing_clerk,
                self.other_unit.id: self.other_clerk}


PEOPLE = ("council_office", "signatory", "admin", "lead_clerk", "lead_head", "department_clerk",
          "division_head", "contributing_clerk", "contributing_head", "other_clerk", "other_head")


def world() -> World:
    mayor = org_unit("Büro des Oberbürgermeisters (Test)", kind=OrgUnitKind.MAYOR_OFFICE)
    council = org_unit("Stadtratsangelegenheiten (Test)", kind=OrgUnitKind.DEPARTMENT,
                       parent=mayor)
    division = org_unit("Geschäftsbereich (Test)", kind=OrgUnitKind.DIVISION)
    lead = org_unit("Federführendes Amt (Test)", parent=division)
    department = org_unit("Abteilung des federführenden Amtes (Test)",
                          kind=OrgUnitKind.DEPARTMENT, parent=lead)
    contributing = org_unit("Beteiligtes Amt (Test)", parent=division)
    other = org_unit("Unbeteiligtes Amt (Test)", parent=division)
    it = org_unit("IT (Test)", kind=OrgUnitKind.ENTERPRISE)
    return World(
        mayor_office=mayor, council_unit=council, division=division, lead_unit=lead,
        lead_department=department, contributing_unit=contributing, other_unit=other,
        it_unit=it,
        council_office=user(Role.COUNCIL_OFFICE, council),
        signatory=user(Role.SIGNATORY, mayor),
        admin=user(Role.ADMIN, it),
        lead_clerk=user(Role.DEPARTMENT, lead),
        lead_head=user(Role.DEPARTMENT_HEAD, lead),
        department_clerk=user(Role.DEPARTMENT, department),
        division_head=user(Role.DEPARTMENT_HEAD, division),
        contributing_clerk=user(Role.DEPARTMENT, contributing),
        contributing_head=user(Role.DEPARTMENT_HEAD, contributing),
        other_clerk=user(Role.DEPARTMENT, other),
        other_head=user(Role.DEPARTMENT_HEAD, other),
    )
