"""The history of one inquiry: workflow steps and recorded changes, merged in time order,
with what the viewer may see (contribution texts stay inside their unit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from inquiry_app.audit.labels import ACTION_LABELS, ENTITY_LABELS, Change, Formatter
from inquiry_app.extensions import db
from inquiry_app.models import (
    Assignment,
    AuditEntry,
    Contribution,
    Inquiry,
    InquiryState,
    LetterKind,
    Question,
    Transition,
    User,
    answer_question,
)
from inquiry_app.workflow import EVENT_LABELS

#: an inquiry's state change recorded this close to a transition is the transition itself
SAME_STEP = timedelta(seconds=5)
STATE_LABELS = {s.value: s.label for s in InquiryState}


@dataclass
class HistoryRow:
    at: datetime
    actor: User | None
    kind: str  # "transition" or "audit"
    title: str
    action: str | None = None  # create, update, delete (audit rows)
    changes: list[Change] = field(default_factory=list)
    note: str | None = None
    from_state: str | None = None
    to_state: str | None = None


def _last(pair) -> object:
    """The most recent known value of a recorded [old, new] pair."""
    if not isinstance(pair, list) or len(pair) != 2:
        return None
    return pair[1] if pair[1] is not None else pair[0]


class _Names:
    """Resolves what an entry is about (question number, unit of an assignment or a
    contribution) from the live rows and, for deleted rows, from the trail itself."""

    def __init__(self, inquiry: Inquiry, entries: list[AuditEntry]):
        entities = {e.entity for e in entries}
        self.questions = dict(db.session.execute(
            sa.select(Question.id, Question.number).where(Question.inquiry_id == inquiry.id)
        ).all())
        self.assignment_unit: dict[int, int] = {}
        self.assignment_question: dict[int, int | None] = {}
        self.contribution_assignment: dict[int, int] = {}
        if entities & {"assignment", "contribution"}:
            for a_id, unit_id, question_id, c_id in db.session.execute(
                sa.select(Assignment.id, Assignment.org_unit_id, Assignment.question_id,
                          Contribution.id).outerjoin(Assignment.contribution)
                .where(Assignment.inquiry_id == inquiry.id)
            ):
                self.assignment_unit[a_id] = unit_id
                self.assignment_question[a_id] = question_id
                if c_id is not None:
                    self.contribution_assignment[c_id] = a_id
        self.answer_questions: dict[int, list[str]] = {}
        if "answer" in entities:
            for answer_id, number in db.session.execute(
                sa.select(answer_question.c.answer_id, Question.number)
                .join(Question, Question.id == answer_question.c.question_id)
                .where(Question.inquiry_id == inquiry.id).order_by(Question.position)
            ):
                self.answer_questions.setdefault(answer_id, []).append(number)
        self.letter_kind: dict[int, str] = {}
        for entry in entries:  # deleted rows: what the trail knows about them
            changes = entry.changes or {}
            known = {key: _last(pair) for key, pair in changes.items()}
            if entry.entity == "question" and known.get("number"):
                self.questions.setdefault(entry.entity_id, known["number"])
            elif entry.entity == "assignment":
                if known.get("org_unit_id"):
                    self.assignment_unit.setdefault(entry.entity_id, known["org_unit_id"])
                if known.get("question_id"):
                    self.assignment_question.setdefault(entry.entity_id, known["question_id"])
            elif entry.entity == "contribution" and known.get("assignment_id"):
                self.contribution_assignment.setdefault(entry.entity_id, known["assignment_id"])
            elif entry.entity == "reply_letter" and known.get("kind"):
                self.letter_kind.setdefault(entry.entity_id, known["kind"])
        self.unit_codes: dict[int, str] = {}  # filled from the formatter's lookup

    def contribution_unit(self, contribution_id: int | None) -> int | None:
        return self.assignment_unit.get(self.contribution_assignment.get(contribution_id))

    def describe(self, entry: AuditEntry) -> str:
        entity, entity_id = entry.entity, entry.entity_id
        if entity == "question":
            number = self.questions.get(entity_id)
            return f"Frage {number}" if number else "Frage"
        if entity == "assignment":
            code = self.unit_codes.get(self.assignment_unit.get(entity_id))
            text = f"Zuweisung an {code}" if code else "Zuweisung"
            number = self.questions.get(self.assignment_question.get(entity_id))
            return f"{text} (Frage {number})" if number else text
        if entity == "contribution":
            code = self.unit_codes.get(self.contribution_unit(entity_id))
            return f"Zuarbeit von {code}" if code else "Zuarbeit"
        if entity == "answer":
            numbers = self.answer_questions.get(entity_id)
            return f"Antwort zu Frage {', '.join(numbers)}" if numbers else "Antwort"
        if entity == "reply_letter" and self.letter_kind.get(entity_id) == LetterKind.INTERIM.value:
            return "Antwortschreiben (Zwischenbescheid)"
        return ENTITY_LABELS.get(entity, entity)


def contribution_visibility(user: User, unit_id: int | None) -> str:
    """How much of a contribution's changes a user sees: "full", "no_text" or "none".

    Administration and the contributing unit (and the units above it) see everything; other
    departments see only that something changed; the council office and signatories see the
    state changes but not the text (drafts stay inside the unit, as on the revisions page)."""
    if user.is_admin:
        return "full"
    if user.is_department:
        return "full" if unit_id is not None and unit_id in user.org_unit.descendant_ids() else "none"
    return "no_text"


def _is_step(entry: AuditEntry, transitions: list[Transition]) -> bool:
    pair = (entry.changes or {}).get("state")
    return any(
        t.from_state == pair[0] and t.to_state == pair[1] and abs(t.at - entry.at) <= SAME_STEP
        for t in transitions
    ) if isinstance(pair, list) and len(pair) == 2 else False


def inquiry_history(inquiry: Inquiry, user: User) -> list[HistoryRow]:
    transitions = db.session.scalars(
        sa.select(Transition).where(Transition.inquiry_id == inquiry.id)
        .options(joinedload(Transition.actor).joinedload(User.org_unit))
        .order_by(Transition.at, Transition.id)
    ).all()
    entries = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.inquiry_id == inquiry.id)
        .options(joinedload(AuditEntry.actor).joinedload(User.org_unit))
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    names = _Names(inquiry, entries)
    formatter = Formatter(entries, questions_known=names.questions,
                          more_units={u for u in names.assignment_unit.values() if u})
    names.unit_codes = formatter.units
    rows = [
        HistoryRow(at=t.at, actor=t.actor, kind="transition",
                   title=EVENT_LABELS.get(t.event, t.event), note=t.note,
                   from_state=STATE_LABELS.get(t.from_state) if t.from_state else None,
                   to_state=STATE_LABELS.get(t.to_state, t.to_state))
        for t in transitions
    ]
    for entry in entries:
        hidden: set[str] = set()
        note = None
        if entry.entity == "inquiry" and entry.action == "update" and _is_step(entry, transitions):
            hidden.add("state")  # shown as the workflow step
        if entry.entity == "contribution":
            seen = contribution_visibility(user, names.contribution_unit(entry.entity_id))
            if seen == "none":
                hidden |= set(entry.changes or {})
            elif seen == "no_text" and "text" in (entry.changes or {}):
                hidden.add("text")
                note = "Der Text ist nur für die zuständige Organisationseinheit einsehbar."
        changes = formatter.changes(entry.entity, entry.changes, frozenset(hidden | {"inquiry_id"}),
                                    entry.action)
        if entry.entity == "inquiry" and "state" in hidden and not changes:
            continue  # nothing beyond the workflow step itself
        rows.append(HistoryRow(
            at=entry.at, actor=entry.actor, kind="audit", action=entry.action,
            title=f"{names.describe(entry)} {ACTION_LABELS.get(entry.action, entry.action)}",
            changes=changes, note=note,
        ))
    rows.sort(key=lambda r: (r.at, r.kind != "transition"))
    return rows
