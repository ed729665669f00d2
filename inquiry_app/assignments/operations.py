"""Routing decisions: proposing, sending, accepting, returning and passing on assignments."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import has_request_context, url_for

from inquiry_app.deadlines.calc import format_date_de
from inquiry_app.deadlines.settings import internal_due
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.mail import Mail
from inquiry_app.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Inquiry,
    InquiryState,
    OrgUnit,
    Question,
    Role,
    User,
)
from inquiry_app.models.base import utcnow
from inquiry_app.models.enums import WORKING_ASSIGNMENT_STATES
from inquiry_app.routing import service as routing
from inquiry_app.workflow import fire, record_step

ACTIVE_STATES = (AssignmentState.OPEN, AssignmentState.ACCEPTED, AssignmentState.SUBMITTED)


class AssignmentError(DomainError):
    """A routing step that cannot be carried out (German message)."""


@dataclass
class QuestionPlan:
    """The routing of one question: lead, contributors, internal due date; ``parts`` (sub-
    question id -> its plan) routes a question with sub-questions by sub-question instead
    ("Teilfragen einzeln zuweisen"; the question's own lead is then not used)."""

    lead_id: int | None
    contributor_ids: list[int] = field(default_factory=list)
    due_on: date | None = None
    parts: dict[int, QuestionPlan] = field(default_factory=dict)


def default_internal_due(inquiry: Inquiry) -> date:
    return max(internal_due(inquiry.due_on), inquiry.received_on)


def active_lead(question: Question) -> Assignment | None:
    for assignment in question.inquiry.assignments:
        if (assignment.question_id == question.id and assignment.role == AssignmentRole.LEAD
                and assignment.state in (*ACTIVE_STATES, AssignmentState.DRAFT)):
            return assignment
    return None


def routed_by_parts(question: Question) -> bool:
    """The question's sub-questions are (or were) routed one by one: the question has no
    lead of its own and an assignment of a sub-question exists (a draft, a sent one, or a
    returned one waiting for a new office)."""
    part_ids = {p.id for p in question.sub_questions}
    return (bool(part_ids) and active_lead(question) is None
            and any(a.question_id in part_ids for a in question.inquiry.assignments))


def split_fixed(question: Question) -> bool:
    """Sub-questions of the question are with an office already: it stays routed by
    sub-questions (a returned one gets a new office on its own)."""
    part_ids = {p.id for p in question.sub_questions}
    return any(a.question_id in part_ids and a.sent_at is not None and a.state in ACTIVE_STATES
               for a in question.inquiry.assignments)


def open_parts(question: Question) -> list[Question]:
    """The sub-questions to route now: all before sending, those without a lead after."""
    if question.inquiry.state == InquiryState.SPLIT:
        return question.sub_questions
    return [p for p in question.sub_questions if active_lead(p) is None]


def open_questions(inquiry: Inquiry) -> list[Question]:
    """Questions that still need a (new) lead: all before sending, returned ones after (a
    question routed by sub-questions when one of its sub-questions needs one)."""
    if inquiry.state == InquiryState.SPLIT:
        return inquiry.top_questions
    return [q for q in inquiry.top_questions
            if (open_parts(q) if routed_by_parts(q) else active_lead(q) is None)]


def _unit(unit_id: int | None, label: str) -> OrgUnit:
    unit = db.session.get(OrgUnit, unit_id) if unit_id else None
    if unit is None:
        raise AssignmentError(f"{label}: Bitte wählen Sie eine Organisationseinheit.")
    if not unit.active:
        raise AssignmentError(f"{label}: Die Einheit {unit.label} ist deaktiviert.")
    return unit


def _check_plan(question: Question, plan: QuestionPlan) -> tuple[OrgUnit, list[OrgUnit], date]:
    label = f"Frage {question.full_number}"
    lead = _unit(plan.lead_id, f"{label} (federführend)")
    contributors = [_unit(i, f"{label} (beteiligt)") for i in dict.fromkeys(plan.contributor_ids)]
    if lead in contributors:
        raise AssignmentError(f"{label}: {lead.label} ist schon federführend und kann nicht "
                              "zugleich beteiligt sein.")
    due = plan.due_on or default_internal_due(question.inquiry)
    if due < question.inquiry.received_on:
        raise AssignmentError(f"{label}: Die interne Frist liegt vor dem Eingang der Anfrage.")
    return lead, contributors, due


def save_plan(inquiry: Inquiry, plans: dict[int, QuestionPlan], actor: User) -> list[Assignment]:
    """Store the routing of the open questions as draft assignments (replacing earlier drafts)."""
    if not inquiry.can_manage(actor):
        raise AssignmentError("Nur die Abteilung Stadtratsangelegenheiten weist Fragen zu.")
    if inquiry.state not in (InquiryState.SPLIT, InquiryState.ROUTED):
        raise AssignmentError(f"Im Status „{inquiry.state.label}“ können keine Fragen zugewiesen werden.")
    created = []
    for question in open_questions(inquiry):
        plan = plans.get(question.id) or QuestionPlan(None)
        if plan.parts and question.sub_questions:
            targets = [(part, plan.parts.get(part.id) or QuestionPlan(None))
                       for part in open_parts(question)]
        elif split_fixed(question):
            raise AssignmentError(f"Frage {question.number}: Teilfragen sind bereits einzeln "
                                  "zugewiesen; bitte weisen Sie die offenen Teilfragen zu.")
        else:
            targets = [(question, plan)]
        checked = []
        for target, target_plan in targets:
            if target_plan.lead_id is None:
                raise AssignmentError(f"Frage {target.full_number} braucht genau ein "
                                      "federführendes Amt.")
            checked.append((target, *_check_plan(target, target_plan)))
        # drafts of the question and of its sub-questions give way to the new plan
        ids = {question.id, *(p.id for p in question.sub_questions)}
        for old in [a for a in inquiry.assignments
                    if a.question_id in ids and a.state == AssignmentState.DRAFT]:
            inquiry.assignments.remove(old)
        db.session.flush()
        for target, lead, contributors, due in checked:
            for unit, role in [(lead, AssignmentRole.LEAD)] + [
                    (u, AssignmentRole.CONTRIBUTING) for u in contributors]:
                created.append(_assign(inquiry, target, unit, role, due))
    db.session.flush()
    return created


def _assign(inquiry: Inquiry, question: Question, unit: OrgUnit, role: AssignmentRole,
            due: date) -> Assignment:
    """A draft assignment; a unit that returned the question before gets it back."""
    existing = next((a for a in inquiry.assignments
                     if a.question_id == question.id and a.org_unit_id == unit.id), None)
    if existing is not None:
        if existing.state in ACTIVE_STATES:
            return existing
        existing.state, existing.return_reason, existing.sent_at = AssignmentState.DRAFT, None, None
        existing.role, existing.due_on = role, due
        return existing
    assignment = Assignment(question=question, org_unit=unit, role=role, due_on=due,
                            state=AssignmentState.DRAFT)
    inquiry.assignments.append(assignment)
    return assignment


def send(inquiry: Inquiry, actor: User) -> list[Mail]:
    """Send all draft assignments: state moves to ``routed`` (first time), units are notified,
    and the router learns from the decision."""
    drafts = [a for a in inquiry.assignments if a.state == AssignmentState.DRAFT]
    if not drafts:
        raise AssignmentError("Es gibt keine neuen Zuweisungen zum Versenden.")
    now = utcnow()
    for assignment in drafts:
        assignment.state, assignment.sent_at = AssignmentState.OPEN, now
    leads = Counter(a.org_unit for a in inquiry.assignments
                    if a.role == AssignmentRole.LEAD and a.state in ACTIVE_STATES)
    inquiry.lead_org_unit = leads.most_common(1)[0][0] if leads else None
    db.session.flush()
    if inquiry.state == InquiryState.SPLIT:
        fire(inquiry, "send_assignments", actor)
    else:
        fire(inquiry, "reassign", actor, note=", ".join(
            f"Frage {a.question.full_number} -> {a.org_unit.code}" for a in drafts))
    # the split is fixed from now on: the answers belong to exactly these questions
    from inquiry_app.contributions.answers import ensure_answers

    ensure_answers(inquiry)
    routing.learn(drafts)
    return _assignment_mails(inquiry, drafts)


def _by_unit(assignments: list[Assignment]) -> dict[OrgUnit, list[Assignment]]:
    """The assignments grouped by their unit (one mail per office)."""
    by_unit: dict[OrgUnit, list[Assignment]] = {}
    for assignment in assignments:
        by_unit.setdefault(assignment.org_unit, []).append(assignment)
    return by_unit


def _assignment_mails(inquiry: Inquiry, assignments: list[Assignment]) -> list[Mail]:
    mails = []
    for unit, items in _by_unit(assignments).items():
        lines = [f"- Frage {a.question.full_number} ({a.role.label}), interne Frist "
                 f"{format_date_de(a.due_on)}: {_question_text(a.question)}" for a in items]
        link = url_for("inquiries.detail", id=inquiry.id, _external=True)
        body = (f"Guten Tag,\n\n{unit.label} wurde die Anfrage {inquiry.number} "
                f"„{inquiry.subject}“ zugewiesen:\n\n" + "\n".join(lines) +
                f"\n\nFrist der Anfrage: {format_date_de(inquiry.due_on)}\n{link}\n\n"
                "Diese Nachricht wurde automatisch erzeugt.")
        mails.append(Mail([unit.mailbox] if unit.mailbox else [],
                          f"Neue Zuweisung: Anfrage {inquiry.number}", body))
    return mails


def _question_text(question: Question) -> str:
    """A sub-question after its question's text (alone it often lacks the matter)."""
    if question.parent is None:
        return question.text
    return f"{question.parent.text} – {question.text}"


def _require_worker(assignment: Assignment, actor: User) -> None:
    if not assignment.can_work_on(actor):
        raise AssignmentError("Diese Zuweisung gehört nicht zu Ihrem Bereich.")
    if assignment.inquiry.is_frozen:
        raise AssignmentError("Die Anfrage ist gezeichnet und kann nicht mehr geändert werden.")


def accept(assignment: Assignment, actor: User) -> None:
    _require_worker(assignment, actor)
    if assignment.state != AssignmentState.OPEN:
        raise AssignmentError(f"Die Zuweisung ist „{assignment.state.label}“ und kann nicht "
                              "angenommen werden.")
    assignment.state = AssignmentState.ACCEPTED


def council_office_mailboxes() -> list[str]:
    return list(db.session.scalars(
        sa.select(OrgUnit.mailbox).join(User, User.org_unit_id == OrgUnit.id)
        .where(User.role == Role.COUNCIL_OFFICE, User.active, OrgUnit.mailbox.is_not(None))
        .distinct()
    ))


def return_assignment(assignment: Assignment, actor: User, reason: str,
                      suggested: OrgUnit | None) -> list[Mail]:
    """"Nicht zuständig": back to the council office's queue; a negative example for routing."""
    _require_worker(assignment, actor)
    if assignment.state not in (AssignmentState.OPEN, AssignmentState.ACCEPTED):
        raise AssignmentError(f"Die Zuweisung ist „{assignment.state.label}“ und kann nicht "
                              "zurückgegeben werden.")
    reason = reason.strip()
    if not reason:
        raise AssignmentError("Bitte begründen Sie die Rückgabe.")
    if suggested is not None and suggested.id == assignment.org_unit_id:
        raise AssignmentError("Bitte schlagen Sie eine andere Einheit vor.")
    assignment.state, assignment.return_reason = AssignmentState.RETURNED, reason[:2000]
    assignment.suggested_org_unit = suggested
    db.session.flush()
    routing.learn([assignment], negative=True)
    inquiry = assignment.inquiry
    hint = f"\nVorgeschlagen: {suggested.label}" if suggested else ""
    body = (f"Guten Tag,\n\n{assignment.org_unit.label} hat Frage {assignment.question.full_number} "
            f"der Anfrage {inquiry.number} zurückgegeben.\nBegründung: {reason}{hint}\n\n"
            f"{url_for('assignments.plan', id=inquiry.id, _external=True)}")
    return [Mail(council_office_mailboxes(), f"Zuweisung zurückgegeben: Anfrage {inquiry.number}",
                 body)]


def forward(assignment: Assignment, actor: User, target: OrgUnit) -> list[Mail]:
    """Pass an assignment on to a unit below the assigned one."""
    _require_worker(assignment, actor)
    if assignment.state not in (AssignmentState.OPEN, AssignmentState.ACCEPTED):
        raise AssignmentError(f"Die Zuweisung ist „{assignment.state.label}“ und kann nicht "
                              "weitergegeben werden.")
    if not target.active:
        raise AssignmentError(f"Die Einheit {target.label} ist deaktiviert.")
    if target.id == assignment.org_unit_id or target.id not in assignment.org_unit.descendant_ids():
        raise AssignmentError("Eine Zuweisung kann nur an eine untergeordnete Einheit "
                              "weitergegeben werden.")
    inquiry = assignment.inquiry
    if any(a.question_id == assignment.question_id and a.org_unit_id == target.id
           for a in inquiry.assignments):
        raise AssignmentError(f"{target.label} ist an dieser Frage bereits beteiligt.")
    assignment.state = AssignmentState.FORWARDED
    new = Assignment(question=assignment.question, org_unit=target, role=assignment.role,
                     due_on=assignment.due_on, state=AssignmentState.OPEN, sent_at=utcnow(),
                     forwarded_from_id=assignment.id)
    inquiry.assignments.append(new)
    db.session.flush()
    return _assignment_mails(inquiry, [new])


# --- withdrawal ------------------------------------------------------------------------------

def working_assignments(inquiry: Inquiry) -> list[Assignment]:
    """Sent assignments an office is still working on (open or accepted)."""
    return [a for a in inquiry.assignments
            if a.sent_at is not None and a.state in WORKING_ASSIGNMENT_STATES]


def close_for_withdrawal(inquiry: Inquiry, actor: User | None, note: str | None = None
                         ) -> list[Mail]:
    """Close the open and accepted assignments of a withdrawn inquiry. A contribution begun is
    kept as it is (readable, no longer submittable). Recorded as the step "Zuweisungen
    geschlossen" (each assignment's change also in the audit trail); returns one mail per
    affected office. ``actor`` None: the system (data check)."""
    if inquiry.state != InquiryState.WITHDRAWN:
        raise AssignmentError("Zuweisungen werden nur bei einer zurückgezogenen Anfrage "
                              "geschlossen.")
    closing = working_assignments(inquiry)
    if not closing:
        return []
    for assignment in closing:
        assignment.state = AssignmentState.CLOSED
    db.session.flush()
    closed = ", ".join(f"{a.org_unit.code} ({_what(a)})" for a in closing)
    record_step(inquiry, "close_assignments", actor,
                note=(f"{note}: " if note else "") + closed)
    return _closed_mails(inquiry, closing)


def _what(assignment: Assignment) -> str:
    question = assignment.question
    return f"Frage {question.full_number}" if question is not None else "ganze Anfrage"


def _closed_mails(inquiry: Inquiry, assignments: list[Assignment]) -> list[Mail]:
    link = (f"\n{url_for('inquiries.detail', id=inquiry.id, _external=True)}\n"
            if has_request_context() else "")
    mails = []
    for unit, items in _by_unit(assignments).items():
        lines = [f"- {_what(a)} ({a.role.label})" for a in items]
        body = (f"Guten Tag,\n\ndie Anfrage {inquiry.number} „{inquiry.subject}“ wurde "
                "zurückgezogen. Die Zuweisung an " + unit.label + " ist damit geschlossen:\n\n"
                + "\n".join(lines) + "\n\nEine begonnene Zuarbeit bleibt gespeichert und "
                "lesbar, kann aber nicht mehr übermittelt werden. Es ist nichts weiter zu tun.\n"
                + link + "\nDiese Nachricht wurde automatisch erzeugt.")
        mails.append(Mail([unit.mailbox] if unit.mailbox else [],
                          f"Anfrage {inquiry.number} zurückgezogen: Zuweisung geschlossen", body))
    return mails
