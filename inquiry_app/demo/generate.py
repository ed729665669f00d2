"""``flask demo generate --inquiries N``: N synthetic inquiries with full, consistent histories on
top of the demo data, for benchmarks and for trying the app at scale.

Every inquiry runs through the workflow as the app would run it, step by step in time order:
registration, split, routing (assignments to the demo units), contributions, consolidated
answers, draft letter, review chain (Mitzeichnung), signature, dispatch, publication, and on
the way interim notices and withdrawals. Each step writes the rows the app writes: the workflow
:class:`Transition` and the :class:`AuditEntry` rows the audit recorder
(``inquiry_app.audit.recorder``) would record for the same ORM changes (the recorder only sees
ORM flushes, so the generator writes them itself, with the same shape).

Fast: rows are computed in Python with ids taken from ``max(id) + 1`` and written with Core
``insert()`` executemany in chunks of :data:`CHUNK` inquiries; on PostgreSQL the id sequences are
moved past the new ids afterwards.

Texts: subjects, preambles and questions come from real inquiries (``corpus.json``, built from
the test corpus by ``scripts/build_demo_corpus.py``); contributions and answers are short
synthetic replies. The letters carry one real DOCX rendered once per run and reused.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from importlib import resources

import sqlalchemy as sa
from flask import current_app

from inquiry_app.audit.recorder import serialize
from inquiry_app.deadlines.settings import answer_due, internal_due
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import (
    Answer,
    AnswerRevision,
    Assignment,
    AuditEntry,
    Body,
    Contribution,
    ContributionRevision,
    CouncilMember,
    DeadlineExtension,
    Inquiry,
    InquiryState,
    OrgUnit,
    OrgUnitKind,
    Question,
    ReplyLetter,
    Review,
    Role,
    Transition,
    User,
    answer_question,
    inquiry_submitter,
)
from inquiry_app.models.base import utcnow
from inquiry_app.search import index as search_index

S = InquiryState
CHUNK = 1000
YEARS = 10

#: share of inquiries per current state (the rest are published); every state occurs at least
#: once when N is at least twice the number of states
STATE_SHARES: dict[InquiryState, float] = {
    S.SENT: 0.06, S.WITHDRAWN: 0.03, S.RECEIVED: 0.012, S.SPLIT: 0.008, S.ROUTED: 0.03,
    S.ANSWERS_COMPLETE: 0.01, S.DRAFT: 0.01, S.RETURNED: 0.01, S.IN_REVIEW: 0.01,
    S.AWAITING_SIGNATURE: 0.006, S.SIGNED: 0.004,
}
#: the path of an inquiry; "returned" branches off after review
PATH = (S.RECEIVED, S.SPLIT, S.ROUTED, S.ANSWERS_COMPLETE, S.DRAFT, S.IN_REVIEW,
        S.AWAITING_SIGNATURE, S.SIGNED, S.SENT, S.PUBLISHED)
OPEN_STATES = (S.RECEIVED, S.SPLIT, S.ROUTED, S.ANSWERS_COMPLETE, S.DRAFT, S.IN_REVIEW,
               S.AWAITING_SIGNATURE, S.RETURNED)
#: units that get assignments more often (they have demo users)
BUSY_UNITS = ("33", "66", "61", "40", "EB IT")
CHANNELS = ("Post", "E-Mail", "Hauspost", "Ratsinformationssystem")

OPENINGS = (
    "Die Landeshauptstadt Dresden beantwortet die Frage wie folgt:",
    "Nach Auskunft des Fachbereichs",
    "Hierzu wird mitgeteilt:",
    "Der Verwaltung liegen hierzu folgende Erkenntnisse vor:",
)
FACTS = (
    "Im Jahr {year} wurden {n} Vorgänge bearbeitet.",
    "Die Maßnahme ist im Haushalt mit {n}.000 Euro veranschlagt.",
    "Eine Prüfung ist eingeleitet; das Ergebnis wird bis zum Jahresende erwartet.",
    "Die Zuständigkeit liegt beim Freistaat Sachsen; der Stadt liegen keine eigenen Daten vor.",
    "Seit {year} sind {n} Stellen besetzt, davon {m} in Teilzeit.",
    "Die Planung sieht einen Baubeginn im Frühjahr {next_year} vor.",
    "Eine statistische Erhebung im Sinne der Fragestellung erfolgt nicht.",
    "Die durchschnittliche Bearbeitungszeit betrug {m} Wochen.",
    "Der Stadtrat wird über den Fortgang im zuständigen Ausschuss unterrichtet.",
)
RETURN_REASONS = (
    "Nicht zuständig, bitte an das Fachamt weiterleiten.",
    "Die Frage betrifft eine Landesaufgabe.",
    "Zuständig ist der Eigenbetrieb.",
)
REVIEW_RETURNS = (
    "Bitte die Zahlen in Antwort {n} mit dem Fachamt abgleichen.",
    "Die Antwort zu Frage {n} ist zu knapp, bitte ergänzen.",
    "Bitte die Vorbemerkung streichen.",
)
INTERIM_REASONS = (
    "Die Beantwortung erfordert eine Abstimmung mit mehreren Ämtern.",
    "Die Daten müssen erst erhoben werden.",
    "Die Beantwortung erfordert die Zuarbeit eines Eigenbetriebs.",
)
WITHDRAW_NOTES = ("durch die Einreichenden", "Anfrage hat sich erledigt",
                  "durch die Fraktion zurückgenommen")


class GenerateError(DomainError):
    """The generator cannot run (German message)."""

    status = 409


# --- what is there ----------------------------------------------------------------------------
@dataclass
class _World:
    """The demo data the generated inquiries refer to, and the id counters."""

    units: dict[str, OrgUnit]
    unit_by_id: dict[int, OrgUnit]
    parents: dict[int, int | None]
    users: dict[str, User]
    unit_workers: dict[int, list[int]]  # department users (workers) per unit id
    unit_heads: dict[int, list[int]]
    deciders: list[User]  # active heads and signatories
    members: list[CouncilMember]
    bodies: list[Body]
    city_council: Body | None
    chain: list[str]
    mayor_unit: OrgUnit | None
    assignable: list[OrgUnit]
    weights: list[float]
    next_ids: dict[str, int]
    next_seq: int
    docx: bytes
    docx_sha: str
    faction_cache: dict = field(default_factory=dict)
    due_cache: dict = field(default_factory=dict)

    def new_id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def ancestors(self, unit_id: int) -> list[int]:
        result, seen = [], {unit_id}
        parent = self.parents.get(unit_id)
        while parent is not None and parent not in seen:
            result.append(parent)
            seen.add(parent)
            parent = self.parents.get(parent)
        return result

    def dues(self, received: date) -> tuple[date, date]:
        if received not in self.due_cache:
            due = answer_due(received).result
            self.due_cache[received] = (due, max(internal_due(due), received))
        return self.due_cache[received]

    def faction_id(self, member: CouncilMember, day: date) -> int | None:
        key = (member.id, day)
        if key not in self.faction_cache:
            faction = member.faction_on(day)
            self.faction_cache[key] = faction.id if faction else None
        return self.faction_cache[key]


TABLES = {
    "inquiry": Inquiry.__table__, "question": Question.__table__,
    "assignment": Assignment.__table__, "contribution": Contribution.__table__,
    "contribution_revision": ContributionRevision.__table__, "answer": Answer.__table__,
    "answer_revision": AnswerRevision.__table__, "deadline_extension": DeadlineExtension.__table__,
    "reply_letter": ReplyLetter.__table__, "review": Review.__table__,
    "transition": Transition.__table__, "audit_entry": AuditEntry.__table__,
}
#: insert order (foreign keys first); the link tables have no ids of their own
ORDER = ("inquiry", "inquiry_submitter", "question", "assignment", "contribution",
         "contribution_revision", "answer", "answer_question", "answer_revision",
         "deadline_extension", "reply_letter", "review", "transition", "audit_entry")
LINKS = {"inquiry_submitter": inquiry_submitter, "answer_question": answer_question}


def _load_corpus() -> list[dict]:
    path = resources.files("inquiry_app.demo").joinpath("corpus.json")
    return json.loads(path.read_text(encoding="utf-8"))["cases"]


def _letter_docx() -> bytes:
    """One real letter, rendered once and used for every generated letter."""
    from drafting.letters.letter import render_docx

    reply = {
        "kind": "final",
        "letter": {"date": date.today().isoformat(), "place": current_app.config["CITY_PLACE"]},
        "sender": {"authority": current_app.config["CITY_NAME"], "unit": "Der Oberbürgermeister"},
        "recipient": {"form_of_address": "", "title": "", "name": "Fraktion", "role": "",
                      "address_lines": ["Fraktion", "Dr.-Külz-Ring 19", "01067 Dresden"]},
        "inquiry": {"number": "AF0001/25", "subject": "Beispielanfrage",
                    "received_on": date.today().isoformat()},
        "intro": "Ihre Anfrage beantworte ich wie folgt:",
        "preamble": [],
        "items": [{"questions": [{"number": "1", "text": "Wie ist der Stand?"}],
                   "answer": "Die Maßnahme ist abgeschlossen."}],
        "closing": "Mit freundlichen Grüßen",
        "signature": {"name": "Dr. Thomas Berger", "function": "Oberbürgermeister",
                      "mode": "self", "on_behalf_of": None},
    }
    return render_docx(reply, logo=current_app.config.get("LETTER_LOGO"))


def _max_ids() -> dict[str, int]:
    return {name: (db.session.scalar(sa.select(sa.func.max(table.c.id))) or 0) + 1
            for name, table in TABLES.items()}


def _next_seq(scheme: str) -> int:
    from inquiry_app.intake.numbering import _pattern

    pattern = _pattern(scheme)
    prefix = scheme.split("{", 1)[0]
    highest = 0
    for number in db.session.scalars(sa.select(Inquiry.number).where(
            Inquiry.number.startswith(prefix))):
        match = pattern.match(number)
        if match:
            highest = max(highest, int(match.group("seq")))
    return highest + 1


def _world() -> _World:
    users = {u.login: u for u in db.session.scalars(sa.select(User).where(User.active))}
    if "rat" not in users or not db.session.scalar(sa.select(sa.func.count(OrgUnit.id))):
        raise GenerateError("Die Demodaten fehlen. Bitte zuerst `flask --app inquiry_app demo "
                            "load` ausführen.")
    units = {u.code: u for u in db.session.scalars(sa.select(OrgUnit).where(OrgUnit.active))}
    workers: dict[int, list[int]] = {}
    heads: dict[int, list[int]] = {}
    for user in users.values():
        if user.role == Role.DEPARTMENT:
            workers.setdefault(user.org_unit_id, []).append(user.id)
        elif user.role == Role.DEPARTMENT_HEAD:
            heads.setdefault(user.org_unit_id, []).append(user.id)
    assignable = [u for u in units.values()
                  if u.kind in (OrgUnitKind.OFFICE, OrgUnitKind.ENTERPRISE, OrgUnitKind.DEPARTMENT)
                  and u.code != "OB-SR" and not any(x.role == Role.COUNCIL_OFFICE
                                                    for x in users.values()
                                                    if x.org_unit_id == u.id)]
    weights = [6.0 if u.code in BUSY_UNITS else 1.0 for u in assignable]
    members = db.session.scalars(sa.select(CouncilMember).where(CouncilMember.active)
                                 .order_by(CouncilMember.id)).all()
    bodies = db.session.scalars(sa.select(Body).where(Body.active).order_by(Body.id)).all()
    city = next((b for b in bodies if b.is_city_council), None)
    scheme = current_app.config["INQUIRY_NUMBER_FORMAT"]
    docx = _letter_docx()
    return _World(
        units=units, unit_by_id={u.id: u for u in units.values()},
        parents={u.id: u.parent_id for u in db.session.scalars(sa.select(OrgUnit))},
        users=users, unit_workers=workers, unit_heads=heads,
        deciders=[u for u in users.values() if u.role in Review.DECIDER_ROLES],
        members=list(members), bodies=list(bodies), city_council=city,
        chain=[s.strip() for s in current_app.config["REVIEW_CHAIN"].split(",") if s.strip()],
        mayor_unit=db.session.scalar(sa.select(OrgUnit).where(
            OrgUnit.kind == OrgUnitKind.MAYOR_OFFICE, OrgUnit.active).order_by(OrgUnit.id)),
        assignable=assignable, weights=weights, next_ids=_max_ids(), next_seq=_next_seq(scheme),
        docx=docx, docx_sha=hashlib.sha256(docx).hexdigest(),
    )


# --- one inquiry --------------------------------------------------------------------------------
class _Rows:
    """Rows to insert, per table."""

    def __init__(self):
        self.tables: dict[str, list[dict]] = {name: [] for name in ORDER}

    def add(self, table: str, row: dict) -> dict:
        self.tables[table].append(row)
        return row

    def count(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


_SKIP = frozenset({"id", "version", "updated_at"})
_BYTES: dict[int, str] = {}


def _serialize(value):
    if isinstance(value, bytes):  # the one DOCX of the run: hash it once
        if id(value) not in _BYTES:
            _BYTES[id(value)] = serialize(value)
        return _BYTES[id(value)]
    return serialize(value)


def _created(values: dict) -> dict:
    """The recorder's ``create`` changes: every non-empty column as [None, value]."""
    return {k: [None, _serialize(v)] for k, v in values.items()
            if k not in _SKIP and not k.startswith("_") and v is not None}


class _Inquiry:
    """Builds one inquiry's rows in time order."""

    def __init__(self, world: _World, rows: _Rows, rng: random.Random, corpus: list[dict],
                 target: InquiryState, received: date, now: datetime):
        self.w, self.rows, self.rng, self.now = world, rows, rng, now
        self.target = target
        self.received = received
        self.case = rng.choice(corpus)
        self.texts = self.case["questions"][:rng.randint(1, 12)]
        self.id = world.new_id("inquiry")
        self.clerk = world.users["rat"].id
        self.state = S.RECEIVED
        self.questions: list[dict] = []
        self.assignments: list[dict] = []
        self.answers: list[dict] = []
        self.letter: dict | None = None

    # time -----------------------------------------------------------------------------------
    def _clock(self, steps: int) -> None:
        """Times of the steps: from receipt, spread so that the last step lies before now."""
        start = datetime.combine(self.received, datetime.min.time()) + timedelta(
            hours=self.rng.randint(7, 15), minutes=self.rng.randint(0, 59))
        start = min(start, self.now - timedelta(hours=2))
        gaps = [self.rng.uniform(0.2, 3.0) for _ in range(steps)]
        room = (self.now - start).total_seconds() / 86400 - 0.05
        scale = max(0.0, min(1.0, room / sum(gaps))) if gaps else 1.0
        self._t = start
        self._gaps = [g * scale for g in gaps]

    def tick(self) -> datetime:
        gap = self._gaps.pop(0) if self._gaps else 0.01
        self._t = min(self._t + timedelta(days=gap), self.now - timedelta(minutes=1))
        return self._t

    # records ----------------------------------------------------------------------------------
    def audit(self, entity: str, entity_id: int, action: str, changes: dict, at: datetime,
              actor: int | None) -> None:
        if changes:
            self.rows.add("audit_entry", {
                "id": self.w.new_id("audit_entry"), "inquiry_id": self.id, "entity": entity,
                "entity_id": entity_id, "action": action, "changes": changes,
                "actor_id": actor, "at": at})

    def step(self, event: str, target: InquiryState, at: datetime, actor: int | None,
             note: str | None = None, changes: dict | None = None) -> None:
        """A workflow step: the transition and the inquiry's recorded update."""
        self.rows.add("transition", {
            "id": self.w.new_id("transition"), "inquiry_id": self.id, "event": event,
            "from_state": self.state.value, "to_state": target.value, "actor_id": actor,
            "at": at, "note": note})
        update = dict(changes or {})
        if target != self.state:
            update["state"] = [self.state.value, target.value]
        self.audit("inquiry", self.id, "update", update, at, actor)
        for key, (_old, new) in (changes or {}).items():
            self.inquiry[key] = _value_of(self.inquiry, key, new)
        self.inquiry["state"] = target.value
        self.state = target

    # the path ---------------------------------------------------------------------------------
    def build(self) -> None:
        target = self.target
        withdrawn_from = None
        if target == S.WITHDRAWN:
            withdrawn_from = self.rng.choice(OPEN_STATES)
        last = withdrawn_from or target
        goal = PATH.index(last) if last in PATH else PATH.index(S.IN_REVIEW)
        self._clock(goal + 6 + 2 * len(self.texts))
        self.register()
        interim = self.rng.random() < 0.06 and last not in (S.RECEIVED,)
        if goal >= PATH.index(S.SPLIT):
            self.split()
        if interim and goal < PATH.index(S.ROUTED):
            self.interim()
        if goal >= PATH.index(S.ROUTED):
            self.route(all_final=goal >= PATH.index(S.ANSWERS_COMPLETE))
            if interim:
                self.interim()
        if goal >= PATH.index(S.ANSWERS_COMPLETE):
            self.step("complete_answers", S.ANSWERS_COMPLETE, self.tick(), self.clerk)
        if goal >= PATH.index(S.DRAFT):
            self.draft()
        if last == S.RETURNED:
            self.review(until="returned")
        elif goal >= PATH.index(S.IN_REVIEW):
            self.review(until="pending" if last == S.IN_REVIEW else "done")
        if goal >= PATH.index(S.SIGNED):
            self.sign()
        if goal >= PATH.index(S.SENT):
            self.dispatch()
        if goal >= PATH.index(S.PUBLISHED):
            at = self.tick()
            self.step("publish", S.PUBLISHED, at, self.clerk,
                      changes={"published_at": [None, serialize(at)]})
        if withdrawn_from is not None:
            at = self.tick()
            self.step("withdraw", S.WITHDRAWN, at, self.clerk, note=self.rng.choice(WITHDRAW_NOTES),
                      changes={"withdrawn_at": [None, serialize(at)]})
            # as letters.operations.withdraw: the sent assignments still being worked on close
            closing = [r for r in self.assignments if r["state"] in ("open", "accepted")]
            if closing:
                for row in closing:
                    self.audit("assignment", row["id"], "update",
                               {"state": [row["state"], "closed"]}, at, self.clerk)
                    row["state"] = "closed"
                units = {r["org_unit_id"]: self.w.unit_by_id[r["org_unit_id"]] for r in closing}
                self.step("close_assignments", S.WITHDRAWN, at, self.clerk,
                          note=", ".join(sorted(u.code for u in units.values())))

    def register(self) -> None:
        w, rng = self.w, self.rng
        at = self.tick()
        due, self.internal_due = w.dues(self.received)
        seq = w.next_seq
        w.next_seq += 1
        number = current_app.config["INQUIRY_NUMBER_FORMAT"].format(
            seq=seq, yy=f"{self.received:%y}", yyyy=f"{self.received:%Y}")
        dated = self.received - timedelta(days=rng.choice((0, 1, 1, 2, 3, 5)))
        district = [b for b in w.bodies if not b.is_city_council]
        body = w.city_council
        submitters: list[CouncilMember] = []
        if district and rng.random() < 0.08:
            body = rng.choice(district)
        elif w.members:
            first = rng.choice(w.members)
            partners = [m for m in rng.sample(w.members, min(2, len(w.members)))
                        if m is not first and m.faction_id == first.faction_id]
            submitters = [first, *partners[:rng.choice((0, 0, 1))]]
        faction = w.faction_id(submitters[0], dated) if submitters else None
        questions = self.texts
        lead_in = "Ich frage den Oberbürgermeister:"
        text = "\n\n".join([p for p in (self.case["preamble"], lead_in) if p] +
                           [f"{i}. {q}" for i, q in enumerate(questions, start=1)])
        self.inquiry = self.rows.add("inquiry", {
            "id": self.id, "number": number, "kind": "written", "subject": self.case["subject"],
            "received_on": self.received, "due_on": due, "original_due_on": due,
            "faction_id": faction, "dated_on": dated, "body_id": body.id if body else None,
            "no_claim_to_answer": False, "no_claim_reason": None, "submitted_text": text,
            "original_filename": None, "preamble": self.case["preamble"], "remark": "",
            "state": S.RECEIVED.value, "lead_org_unit_id": None, "signatory_id": None,
            "signed_on_behalf": False, "signed_at": None, "sent_on": None, "sent_channel": None,
            "published_at": None, "withdrawn_at": None, "created_at": at,
            "created_by_id": self.clerk, "version": 1,
        })
        for member in submitters:
            self.rows.add("inquiry_submitter", {"inquiry_id": self.id,
                                                "council_member_id": member.id})
        self.rows.add("transition", {
            "id": self.w.new_id("transition"), "inquiry_id": self.id, "event": "register",
            "from_state": None, "to_state": S.RECEIVED.value, "actor_id": self.clerk, "at": at,
            "note": None})
        created = _created(self.inquiry)
        if submitters:
            created["submitters"] = [None, sorted(m.full_name for m in submitters)]
        self.audit("inquiry", self.id, "create", created, at, self.clerk)
        for position, question_text in enumerate(questions, start=1):
            row = self.rows.add("question", {
                "id": w.new_id("question"), "inquiry_id": self.id, "parent_id": None,
                "position": position, "number": str(position), "text": question_text})
            self.questions.append(row)
            self.audit("question", row["id"], "create", _created(row), at, self.clerk)

    def split(self) -> None:
        self.step("confirm_split", S.SPLIT, self.tick(), self.clerk)

    def interim(self) -> None:
        at = self.tick()
        old = date.fromisoformat(str(self.inquiry["due_on"]))
        new = old + timedelta(days=self.rng.choice((14, 21, 28)))
        reason = self.rng.choice(INTERIM_REASONS)
        extension = self.rows.add("deadline_extension", {
            "id": self.w.new_id("deadline_extension"), "inquiry_id": self.id, "old_due_on": old,
            "new_due_on": new, "reason": reason, "created_by_id": self.clerk, "created_at": at})
        self.audit("deadline_extension", extension["id"], "create", _created(extension), at,
                   self.clerk)
        self.audit("inquiry", self.id, "update", {"due_on": [serialize(old), serialize(new)]},
                   at, self.clerk)
        self.inquiry["due_on"] = new
        structure = self._structure(at.date(), kind="interim")
        structure.update(items=[], interim={"new_date": new.isoformat(), "reason": reason})
        letter = self.rows.add("reply_letter", self._letter_row("interim", structure, at))
        self.audit("reply_letter", letter["id"], "create", _created(letter), at, self.clerk)
        self.step("issue_interim", self.state, at, self.clerk,
                  note=f"Frist {old:%d.%m.%Y} -> {new:%d.%m.%Y}: {reason}")

    def _pick_units(self, count: int, exclude: set[int]) -> list[OrgUnit]:
        chosen: list[OrgUnit] = []
        while len(chosen) < count:
            unit = self.rng.choices(self.w.assignable, self.w.weights)[0]
            if unit.id not in exclude and unit not in chosen:
                chosen.append(unit)
        return chosen

    def route(self, all_final: bool) -> None:
        w, rng = self.w, self.rng
        planned = self.tick()
        due = self.internal_due
        lead = self._pick_units(1, set())[0]
        for question in self.questions:
            qlead = lead if rng.random() < 0.7 else self._pick_units(1, set())[0]
            units = [(qlead, "lead")] + [
                (u, "contributing") for u in self._pick_units(
                    rng.choice((0, 0, 0, 1, 1, 2)), {qlead.id})]
            for unit, role in units:
                row = self.rows.add("assignment", {
                    "id": w.new_id("assignment"), "inquiry_id": self.id,
                    "question_id": question["id"], "org_unit_id": unit.id, "role": role,
                    "state": "draft", "due_on": due, "sent_at": None, "return_reason": None,
                    "suggested_org_unit_id": None, "forwarded_from_id": None,
                    "created_at": planned})
                self.assignments.append(row)
                self.audit("assignment", row["id"], "create", _created(row), planned, self.clerk)
        sent = self.tick()
        for row in self.assignments:
            row["state"], row["sent_at"] = "open", sent
            self.audit("assignment", row["id"], "update",
                       {"state": ["draft", "open"], "sent_at": [None, serialize(sent)]},
                       sent, self.clerk)
        leads = [r["org_unit_id"] for r in self.assignments if r["role"] == "lead"]
        lead_id = max(set(leads), key=leads.count)
        self.audit("inquiry", self.id, "update", {"lead_org_unit_id": [None, lead_id]}, sent,
                   self.clerk)
        self.inquiry["lead_org_unit_id"] = lead_id
        self.step("send_assignments", S.ROUTED, sent, self.clerk)
        for position, question in enumerate(self.questions, start=1):
            answer = self.rows.add("answer", {
                "id": w.new_id("answer"), "inquiry_id": self.id, "position": position,
                "text": "", "is_final": False, "from_contributions": False,
                "updated_by_id": None, "updated_at": sent, "version": 1})
            self.rows.add("answer_question", {"answer_id": answer["id"],
                                              "question_id": question["id"]})
            answer["_question"] = question
            self.answers.append(answer)
            created = _created(answer)
            created["questions"] = [None, [question["number"]]]
            self.audit("answer", answer["id"], "create", created, sent, self.clerk)
        self.work(all_final)

    def _worker(self, unit_id: int) -> int | None:
        people = self.w.unit_workers.get(unit_id) or self.w.unit_heads.get(unit_id)
        return self.rng.choice(people) if people else None

    def _reply(self, question: dict) -> str:
        rng, year = self.rng, self.received.year
        facts = rng.sample(FACTS, rng.randint(1, 3))
        return " ".join([rng.choice(OPENINGS)] + [f.format(
            year=year - rng.randint(0, 3), next_year=year + 1, n=rng.randint(2, 480),
            m=rng.randint(1, 12)) for f in facts])

    def work(self, all_final: bool) -> None:
        """Departments accept, write and submit; the lead consolidates the answers."""
        rng, w = self.rng, self.w
        # in "routed" some work is still open; afterwards everything is submitted
        latest = self._t
        for row in self.assignments:
            actor = self._worker(row["org_unit_id"])
            progress = 3 if all_final else rng.choice((0, 1, 2, 3, 3))
            if row["role"] == "contributing" and rng.random() < 0.04:
                at = self.tick() if not all_final else self._t
                reason = rng.choice(RETURN_REASONS)
                row["state"], row["return_reason"] = "returned", reason
                self.audit("assignment", row["id"], "update",
                           {"state": ["open", "returned"], "return_reason": [None, reason]},
                           at, actor)
                continue
            if progress == 0:
                continue
            at = self._t + timedelta(hours=rng.uniform(1, 30))
            latest = max(latest, min(at, self.now - timedelta(minutes=2)))
            at = min(at, self.now - timedelta(minutes=2))
            row["state"] = "accepted"
            self.audit("assignment", row["id"], "update", {"state": ["open", "accepted"]}, at,
                       actor)
            if progress == 1:
                continue
            text = self._reply(row)
            contribution = self.rows.add("contribution", {
                "id": w.new_id("contribution"), "assignment_id": row["id"], "text": text,
                "state": "draft", "author_id": actor, "submitted_at": None, "late": False,
                "updated_at": at, "version": 1})
            self.rows.add("contribution_revision", {
                "id": w.new_id("contribution_revision"), "contribution_id": contribution["id"],
                "number": 1, "text": text, "author_id": actor, "created_at": at, "note": None})
            self.audit("contribution", contribution["id"], "create", _created(contribution), at,
                       actor)
            if progress == 2:
                continue
            done = min(at + timedelta(hours=rng.uniform(1, 72)), self.now - timedelta(minutes=1))
            late = done.date() > row["due_on"]
            contribution.update(state="submitted", submitted_at=done, late=late, updated_at=done)
            changes = {"state": ["draft", "submitted"], "submitted_at": [None, serialize(done)]}
            if late:
                changes["late"] = [False, True]
            self.audit("contribution", contribution["id"], "update", changes, done, actor)
            row["state"] = "submitted"
            self.audit("assignment", row["id"], "update", {"state": ["accepted", "submitted"]},
                       done, actor)
            row["_text"] = text
            latest = max(latest, done)
        self._t = latest
        # consolidation: answers from the submitted lead contributions
        for answer in self.answers:
            question = answer["_question"]
            texts = [r["_text"] for r in self.assignments
                     if r["question_id"] == question["id"] and r.get("_text")]
            final = all_final or (texts and rng.random() < 0.3)
            if not texts and not final:
                continue
            at = self.tick() if all_final else min(self._t + timedelta(hours=rng.uniform(2, 48)),
                                                   self.now - timedelta(minutes=1))
            lead = next((r["org_unit_id"] for r in self.assignments
                         if r["question_id"] == question["id"] and r["role"] == "lead"), None)
            actor = self._worker(lead) if lead is not None else self.clerk
            text = "\n\n".join(texts) or self._reply(question)
            answer.update(text=text, from_contributions=bool(texts), updated_by_id=actor,
                          updated_at=at, version=2)
            self.rows.add("answer_revision", {
                "id": w.new_id("answer_revision"), "answer_id": answer["id"], "number": 1,
                "text": text, "author_id": actor, "created_at": at, "note": None})
            changes = {"text": ["", serialize(text)], "updated_by_id": [None, actor]}
            if texts:
                changes["from_contributions"] = [False, True]
            self.audit("answer", answer["id"], "update", changes, at, actor)
            if final and (all_final or answer is not self.answers[-1]):
                answer.update(is_final=True, version=3)
                self.audit("answer", answer["id"], "update", {"is_final": [False, True]}, at,
                           actor)

    def _structure(self, on: date, kind: str = "final") -> dict:
        items = [{"questions": [{"number": a["_question"]["number"],
                                 "text": a["_question"]["text"]}], "answer": a["text"]}
                 for a in self.answers]
        return {
            "kind": kind,
            "letter": {"date": on.isoformat(), "place": current_app.config["CITY_PLACE"]},
            "sender": {"authority": current_app.config["CITY_NAME"],
                       "unit": "Der Oberbürgermeister"},
            "recipient": {"form_of_address": "", "title": "", "name": "Fraktion", "role": "",
                          "address_lines": ["Stadtrat der Landeshauptstadt Dresden",
                                            "Dr.-Külz-Ring 19", "01067 Dresden"]},
            "inquiry": {"number": self.inquiry["number"], "subject": self.inquiry["subject"],
                        "received_on": self.inquiry["dated_on"].isoformat()},
            "intro": "Ihre Anfrage beantworte ich wie folgt:",
            "preamble": [p for p in self.inquiry["preamble"].split("\n\n") if p.strip()],
            "items": items,
            "closing": "Mit freundlichen Grüßen",
            "signature": {"name": "", "function": "Oberbürgermeister", "mode": "self",
                          "on_behalf_of": None},
        }

    def _letter_row(self, kind: str, structure: dict, at: datetime) -> dict:
        return {"id": self.w.new_id("reply_letter"), "inquiry_id": self.id, "kind": kind,
                "structure": structure, "docx": self.w.docx, "pdf": None,
                "sha256": self.w.docx_sha, "pdf_sha256": None, "rendered_at": at,
                "signed_by_id": None, "signed_at": None}

    def draft(self) -> None:
        at = self.tick()
        self.step("create_draft", S.DRAFT, at, self.clerk)
        structure = {**self._structure(at.date()), "_settings": {"remark": ""}}
        self.letter = self.rows.add("reply_letter", self._letter_row("final", structure, at))
        self.audit("reply_letter", self.letter["id"], "create", _created(self.letter), at,
                   self.clerk)

    def _chain(self) -> list[int]:
        lead = self.inquiry["lead_org_unit_id"]
        units: list[int] = []
        for step in self.w.chain:
            unit = None
            if step == "lead_head":
                unit = lead
            elif step == "division" and lead is not None:
                unit = next((u for u in [lead, *self.w.ancestors(lead)]
                             if self.w.unit_by_id.get(u) is not None
                             and self.w.unit_by_id[u].kind == OrgUnitKind.DIVISION), None)
            elif step == "mayor" and self.w.mayor_unit is not None:
                unit = self.w.mayor_unit.id
            if unit is not None and unit not in units:
                units.append(unit)
        return units

    def _deciders(self, unit_id: int) -> list[int]:
        """As ``letters.operations.deciders``: heads (who see the inquiry) and signatories of
        the unit or a unit above it."""
        above = {unit_id, *self.w.ancestors(unit_id)}
        assigned = {r["org_unit_id"] for r in self.assignments if r["sent_at"] is not None}
        result = []
        for user in self.w.deciders:
            if user.org_unit_id not in above:
                continue
            if user.role == Role.SIGNATORY:
                result.append(user.id)
            else:
                below = {user.org_unit_id} | {u for u in assigned
                                              if user.org_unit_id in self.w.ancestors(u)}
                if below & assigned:
                    result.append(user.id)
        return result

    def review(self, until: str) -> None:
        """One review round: every station approves ("done"), the round waits at a station
        someone can decide ("pending"), or a station returns the draft ("returned")."""
        rng = self.rng
        at = self.tick()
        self.step("submit_for_review", S.IN_REVIEW, at, self.clerk)
        stations = self._chain()
        reviews = []
        for position, unit_id in enumerate(stations, start=1):
            reviews.append(self.rows.add("review", {
                "id": self.w.new_id("review"), "inquiry_id": self.id, "round": 1,
                "position": position, "org_unit_id": unit_id, "decision": "pending",
                "reviewer_id": None, "comment": None, "decided_at": None}))
        stop = len(reviews)
        if until in ("pending", "returned") and reviews:
            # every station still waiting must have someone who can decide (as the data check)
            able = [i for i in range(len(reviews))
                    if all(self._deciders(r["org_unit_id"]) for r in reviews[i:])]
            stop = rng.choice(able) if able else len(reviews) - 1
        for index, review in enumerate(reviews):
            if index > stop or (index == stop and until == "pending"):
                break
            at = self.tick()
            people = self._deciders(review["org_unit_id"])
            actor = rng.choice(people) if people else None
            if index == stop and until == "returned":
                comment = rng.choice(REVIEW_RETURNS).format(n=rng.randint(1, len(self.answers)))
                review.update(decision="returned", reviewer_id=actor, decided_at=at,
                              comment=comment)
                self.step("return_draft", S.RETURNED, at, actor, note=comment)
                return
            review.update(decision="approved", reviewer_id=actor, decided_at=at)
            self.step("approve_review", S.IN_REVIEW, at, actor,
                      note=self.w.unit_by_id[review["org_unit_id"]].label)
        if until == "returned" and not reviews:  # no chain configured: the signatory returns
            at = self.tick()
            self.step("complete_review", S.AWAITING_SIGNATURE, at, self.clerk)
            self.step("return_draft", S.RETURNED, at, self.w.users["ob"].id
                      if "ob" in self.w.users else None, note="Bitte überarbeiten.")
            return
        if until == "done":
            actor = self.rows.tables["transition"][-1]["actor_id"] if reviews else self.clerk
            self.step("complete_review", S.AWAITING_SIGNATURE, self._t, actor,
                      note=None if reviews else "keine Mitzeichnung konfiguriert")

    def sign(self) -> None:
        at = self.tick()
        signers = [u for u in self.w.deciders if u.role == Role.SIGNATORY]
        signer = self.rng.choice(signers) if signers else None
        on_behalf = signer is not None and signer.login != "ob"
        structure = self._structure(at.date())
        structure["signature"] = {
            "name": signer.name if signer else "", "function": (signer.function or "")
            if signer else "", "mode": "on_behalf" if on_behalf else "self",
            "on_behalf_of": "Oberbürgermeister" if on_behalf else None}
        old = self.letter
        changes = {"structure": [serialize(old["structure"]), serialize(structure)],
                   "rendered_at": [serialize(old["rendered_at"]), serialize(at)],
                   "signed_by_id": [None, signer.id if signer else None],
                   "signed_at": [None, serialize(at)]}
        old.update(structure=structure, rendered_at=at, signed_by_id=signer.id if signer else None,
                   signed_at=at)
        if signer is None:  # nobody to sign in this installation: keep the data consistent
            old["signed_by_id"] = self.clerk
            changes["signed_by_id"] = [None, self.clerk]
        self.audit("reply_letter", old["id"], "update", changes, at, old["signed_by_id"])
        inquiry_changes = {"signatory_id": [None, old["signed_by_id"]],
                           "signed_at": [None, serialize(at)]}
        if on_behalf:
            inquiry_changes["signed_on_behalf"] = [False, True]
        self.step("sign", S.SIGNED, at, old["signed_by_id"],
                  note="In Vertretung" if on_behalf else "selbst", changes=inquiry_changes)

    def dispatch(self) -> None:
        at = self.tick()
        channel = self.rng.choice(CHANNELS)
        self.step("dispatch", S.SENT, at, self.clerk, note=channel,
                  changes={"sent_on": [None, at.date().isoformat()],
                           "sent_channel": [None, channel]})


def _value_of(inquiry: dict, key: str, new):
    """The column value of a recorded change (dates and times back from ISO text)."""
    if key in ("signed_at", "published_at", "withdrawn_at") and isinstance(new, str):
        return datetime.fromisoformat(new)
    if key == "sent_on" and isinstance(new, str):
        return date.fromisoformat(new)
    return new


# --- the plan: states and dates ------------------------------------------------------------
def _plan(n: int, rng: random.Random, today: date) -> list[tuple[InquiryState, date]]:
    states: list[InquiryState] = []
    every = n >= 2 * (len(STATE_SHARES) + 1)
    for state, share in STATE_SHARES.items():
        states += [state] * max(int(n * share), 1 if every else 0)
    states = states[:n]
    states += [S.PUBLISHED] * (n - len(states))
    rng.shuffle(states)
    span = YEARS * 365
    plan = []
    opened = 0
    for state in states:
        if state in OPEN_STATES:
            opened += 1
            if opened % 5 == 0:  # every fifth open inquiry is a straggler, long overdue
                age = rng.randint(70, 400)
            else:  # the later the state, the older the inquiry
                stage = PATH.index(state) if state in PATH else PATH.index(S.IN_REVIEW)
                age = max(1, int(rng.gauss(4 + stage * 4, 4)))
            plan.append((state, today - timedelta(days=min(age, span))))
        elif state == S.SIGNED:
            plan.append((state, today - timedelta(days=rng.randint(20, 45))))
        else:
            plan.append((state, today - timedelta(days=rng.randint(40, span))))
    plan.sort(key=lambda p: p[1])  # numbers run in the order of receipt
    return plan


# --- writing ----------------------------------------------------------------------------------
def _insert(rows: _Rows) -> None:
    for name in ORDER:
        data = rows.tables[name]
        if not data:
            continue
        table = LINKS[name] if name in LINKS else TABLES[name]
        columns = {c.name for c in table.columns}
        clean = [{k: v for k, v in row.items() if k in columns} for row in data]
        for start in range(0, len(clean), 5000):
            db.session.execute(table.insert(), clean[start:start + 5000])


def _move_sequences() -> None:
    if db.engine.dialect.name != "postgresql":
        return
    for name in TABLES:
        db.session.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"))


@dataclass
class Summary:
    inquiries: int
    rows: dict[str, int]
    seconds: float
    states: dict[str, int]


def generate(n: int, seed: int = 1, *,
             progress: Callable[[int, int, dict[str, int]], None] | None = None,
             commit: bool = False) -> Summary:
    """Add ``n`` generated inquiries. ``progress(done, total, rows)`` after every chunk;
    ``commit``: commit after every chunk (the command line), else the caller commits."""
    if n < 1:
        raise GenerateError("Bitte eine Anzahl von mindestens 1 angeben.")
    started = time.perf_counter()
    _BYTES.clear()
    rng = random.Random(seed)
    world = _world()
    corpus = _load_corpus()
    now = utcnow()
    plan = _plan(n, rng, now.date())
    totals = dict.fromkeys(ORDER, 0)
    states: dict[str, int] = {}
    for start in range(0, n, CHUNK):
        rows = _Rows()
        for state, received in plan[start:start + CHUNK]:
            _Inquiry(world, rows, rng, corpus, state, received, now).build()
            states[state.value] = states.get(state.value, 0) + 1
        _insert(rows)
        # written with Core, past the session events that keep the search index
        search_index.reindex(db.session, [row["id"] for row in rows.tables["inquiry"]])
        for name, count in rows.count().items():
            totals[name] += count
        if commit:
            _move_sequences()
            db.session.commit()
        if progress is not None:
            progress(min(start + CHUNK, n), n, totals)
    _move_sequences()
    db.session.flush()
    return Summary(inquiries=n, rows=totals, seconds=time.perf_counter() - started,
                   states=states)
