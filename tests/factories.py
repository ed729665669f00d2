"""Small factories for tests that build their own data instead of looking up demo records.

The demo data (``inquiry_app.demo``) stays loaded in the test database, but outside these
exceptions a test must not look up a demo login or demo inquiry number by string
(tests/test_test_data_rules.py checks this; its EXCEPTIONS say the same):

- the reference path: the reference path test in tests/test_letters.py (the reply letter of
  /work/shared/reference, built from the demo's reference inquiry by the ``routed`` and
  ``complete`` fixtures in tests/conftest.py) and tests/test_query_counts.py, which uses that
  fixture too;
- tests of the demo loader and its command (tests/test_cli_and_config.py) and of the router
  trained on the demo catalogue (tests/routing/);
- the browser tests (tests/e2e) and tests/live.py, the live server of the concurrency tests,
  which loads the demo data (the tests themselves log in as people of ``LiveApp.world()``);
- tests/drafting: texts that quote demo numbers, no database.

Plain functions: each creates what its name says inside the test's transaction (rolled back
after the test) and flushes, so ids are set. Where the app has an operation for a step
(routing, sending, contributions, answers) the factory calls it, so the data is what the
app itself would produce. Codes, logins and numbers are unique per call and never clash with
the demo data. A request that fails rolls back what was only flushed: call ``stored()``
before such a request when the data was built after the last successful one.
"""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app, has_request_context

from inquiry_app.extensions import db
from inquiry_app.models import (
    Assignment,
    Body,
    BodyKind,
    CompetenceTerm,
    CouncilMember,
    Faction,
    FactionMembership,
    FormOfAddress,
    Inquiry,
    InquiryKind,
    InquiryState,
    OrgUnit,
    OrgUnitKind,
    Question,
    Role,
    TextBlock,
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
             requires_head_approval: bool = False, terms: list[str] = ()) -> OrgUnit:
    """``terms``: its competence catalogue."""
    unit = OrgUnit(code=code or f"T{_next()}", name=name, kind=kind, parent=parent,
                   mailbox=f"testamt{_next()}@test.example",
                   requires_head_approval=requires_head_approval,
                   terms=[CompetenceTerm(term=t) for t in terms])
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


def stored() -> None:
    """Commit what the test built (into the test's transaction, still rolled back after the
    test): a request that fails rolls its session back, and with it whatever was only
    flushed, as if the test's data had never been there."""
    db.session.commit()


def login(browser, person: User, password: str = PASSWORD):
    """Log ``person`` in through the login page (logging out whoever was logged in)."""
    browser.logout()
    response = browser.login(person.login, password)
    assert response.status_code == 302, f"Anmeldung von {person.login} fehlgeschlagen"
    return response


def faction(short_name: str | None = None, *, name: str | None = None) -> Faction:
    serial = _next()
    short_name = short_name or f"Fraktion{serial}"
    item = Faction(name=name or f"Fraktion {short_name} ({serial})", short_name=short_name,
                   address="Rathausplatz 1\n01067 Teststadt",
                   email=f"fraktion{serial}@rat.test.example")
    db.session.add(item)
    db.session.flush()
    return item


def councillor(last_name: str | None = None, *, first_name: str = "Anna",
               form_of_address: FormOfAddress = FormOfAddress.FRAU, title: str = "",
               of: Faction | None = None) -> CouncilMember:
    """A councillor, member of ``of`` (a new faction when not given)."""
    serial = _next()
    group = of or faction()
    member = CouncilMember(
        form_of_address=form_of_address, title=title, first_name=first_name,
        last_name=last_name or f"Rätin{serial}",
        role="Stadträtin" if form_of_address == FormOfAddress.FRAU else "Stadtrat",
        faction=group, email=f"rat{serial}@rat.test.example",
        address="Stadtrat der Teststadt\nRathausplatz 1\n01067 Teststadt")
    member.memberships = [FactionMembership(faction=group)]
    db.session.add(member)
    db.session.flush()
    return member


def body(name: str | None = None, *, kind: BodyKind = BodyKind.DISTRICT_COUNCIL,
         chair_form_of_address: FormOfAddress = FormOfAddress.HERR, chair_title: str = "",
         chair_name: str | None = None, chair_function: str = "Stadtbezirksamtsleiter",
         address: str = "Stadtbezirksamt\nTeststraße 1\n01067 Teststadt") -> Body:
    serial = _next()
    item = Body(name=name or f"Stadtbezirksbeirat Test {serial}", kind=kind,
                short_name=f"T{serial}", chair_form_of_address=chair_form_of_address,
                chair_title=chair_title, chair_name=chair_name or f"Vorsitz {serial}",
                chair_function=chair_function, address=address)
    db.session.add(item)
    db.session.flush()
    return item


def text_block(title: str | None = None, *, unit: OrgUnit | None = None,
               text: str = "Ein Standardabsatz für Antworten.", active: bool = True) -> TextBlock:
    """A text block for answers (city-wide when ``unit`` is None)."""
    block = TextBlock(title=title or f"Textbaustein {_next()}", text=text, org_unit=unit,
                      active=active)
    db.session.add(block)
    db.session.flush()
    return block


def question_texts(count: int) -> list[str]:
    topics = ["Schulwegsicherheit", "Radverkehr", "Kita-Plätze", "Bürgerbüros", "Baumpflanzungen",
              "Sporthallen", "Wohngeld", "Straßenbeleuchtung", "Friedhöfe", "Bibliotheken"]
    return [f"Wie ist der Stand bei den {topics[i % len(topics)]} im Stadtbezirk {i // 10 + 1}?"
            for i in range(count)]


def inquiry(questions: int | list[str] = 2, *, actor: User, number: str | None = None,
            subject: str = "Testanfrage", preamble: str = "Vorbemerkung der Anfrage.",
            submitters: list[CouncilMember] | None = None, received_on: date = RECEIVED_ON,
            due_on: date = DUE_ON, body: Body | None = None) -> Inquiry:
    """A registered inquiry (state ``received``) with ``questions`` numbered 1, 2, …,
    submitted by ``submitters`` (their faction is the inquiry's)."""
    texts = question_texts(questions) if isinstance(questions, int) else list(questions)
    submitters = list(submitters or [])
    item = Inquiry(
        number=number or f"AF{_next():04d}/90", kind=InquiryKind.WRITTEN, subject=subject,
        received_on=received_on, due_on=due_on, original_due_on=due_on,
        submitted_text="\n\n".join([preamble, *texts]), preamble=preamble,
        state=InquiryState.RECEIVED, created_by=actor, submitters=submitters,
        faction=submitters[0].faction if submitters else None, body=body,
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


def plan(item: Inquiry, actor: User, leads: list[OrgUnit] | dict[int, OrgUnit],
         contributors: dict[int, list[OrgUnit]] | None = None) -> list[Assignment]:
    """Draft assignments (saved, not sent): question i gets ``leads[i % len(leads)]`` as
    lead (or ``leads[position]`` when ``leads`` is a dict); ``contributors``: question
    position -> contributing units."""
    from inquiry_app.assignments.operations import QuestionPlan, save_plan

    contributors = contributors or {}
    if isinstance(leads, dict):
        lead_of = leads
    else:
        lead_of = {q.position: leads[(q.position - 1) % len(leads)] for q in item.top_questions}
    plans = {q.id: QuestionPlan(lead_of[q.position].id,
                                [u.id for u in contributors.get(q.position, [])])
             for q in item.top_questions}
    return save_plan(item, plans, actor)


def send(item: Inquiry, actor: User) -> None:
    from inquiry_app.assignments.operations import send as send_assignments

    with request_context():
        send_assignments(item, actor)
    db.session.flush()


def routed(item: Inquiry, actor: User, leads: list[OrgUnit] | dict[int, OrgUnit],
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


def world(*, sole_mayor_office: bool = False) -> World:
    """``sole_mayor_office``: every other mayor's office is deactivated, so the world's is the
    last station of the review chain (the chain takes the first active one)."""
    if sole_mayor_office:
        for unit in db.session.scalars(sa.select(OrgUnit).where(
                OrgUnit.kind == OrgUnitKind.MAYOR_OFFICE)):
            unit.active = False
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


def councillor_inquiry(w: World, questions: int | list[str] = 2, **kw) -> Inquiry:
    """A received inquiry of one councillor (Frau Anna Rätin…), registered by the council
    office."""
    kw.setdefault("submitters", [councillor()])
    return inquiry(questions, actor=w.council_office, **kw)


def complete(w: World, questions: int | list[str] = 2, **kw) -> Inquiry:
    """Routed (question 1 and every odd one to the lead unit, the even ones to the
    contributing unit), every contribution submitted and every answer final (state
    ``answers_complete``)."""
    item = councillor_inquiry(w, questions, **kw)
    routed(item, w.council_office, [w.lead_unit, w.contributing_unit])
    return answered(item, w.workers())


def post(browser, url: str, data: dict | None = None, **kw):
    """A form without fields of its own (the CSRF token taken from the task list)."""
    return browser.submit(url, data or {}, form_url="/aufgaben", **kw)


def to_signature(browser, w: World, item: Inquiry) -> str:
    """Through the letter pages: the council office drafts the letter and starts the review,
    each station's person of the world approves in turn (the lead offices' heads, the
    division's head, the signatory; state ``awaiting_signature``; needs
    ``world(sole_mayor_office=True)``). The signatory stays logged in. Returns the letter's
    base URL."""
    base = f"/anfragen/{item.id}/schreiben"
    login(browser, w.council_office)
    assert post(browser, f"{base}/entwurf").status_code == 302
    assert post(browser, f"{base}/mitzeichnung").status_code == 302
    for person in reviewers(w, item):
        login(browser, person)
        assert post(browser, f"{base}/mitzeichnen").status_code == 302, person.login
    return base


def reviewers(w: World, item: Inquiry | int, *others: User) -> list[User]:
    """Who of the world (or of ``others``) decides each station of the current review round
    of ``item`` (or the inquiry of that id), in order: the head (or signatory) of the
    station's own unit."""
    from inquiry_app.letters.operations import reviews_of

    db.session.expire_all()
    item = db.session.get(Inquiry, item if isinstance(item, int) else item.id)
    people = [w.lead_head, w.contributing_head, w.other_head, w.division_head, w.signatory,
              *others]
    return [next(p for p in people if p.org_unit_id == review.org_unit_id)
            for review in reviews_of(item)]


def fresh(session, obj):
    """``obj`` read again from the database (sees what a request wrote meanwhile)."""
    session.expire_all()
    return session.get(type(obj), obj.id)


def unit_assignment(session, unit: OrgUnit, number: str) -> Assignment:
    """The unit's assignment for question ``number``, read again from the database."""
    session.expire_all()
    return session.scalar(sa.select(Assignment).join(Question).where(
        Assignment.org_unit_id == unit.id, Question.number == number))


def routed_like_reference(w: World) -> Inquiry:
    """Four questions routed as the reference inquiry was (without a web request): 1, 2 and 4
    to the lead unit, 3 to the contributing unit with the lead unit contributing."""
    lead, other = w.lead_unit, w.contributing_unit
    return routed(councillor_inquiry(w, 4), w.council_office,
                  {1: lead, 2: lead, 3: other, 4: lead}, {3: [lead]})


def signed(browser, w: World, item: Inquiry) -> str:
    """:func:`to_signature`, then the signatory signs (self). Returns the letter's base URL."""
    base = to_signature(browser, w, item)
    assert post(browser, f"{base}/zeichnen", {"password": PASSWORD,
                                              "mode": "self"}).status_code == 302
    return base
