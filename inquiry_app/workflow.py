"""The inquiry state machine: one table of allowed transitions and one function to fire them.

Each row: (state, event, roles allowed, target state, guard). ``fire`` checks the row, the
role and the guard, changes the state and records a :class:`Transition`. Anything that is
not in the table raises :class:`WorkflowError` with a German message for the UI. The
operations of each area (``intake/operations.py`` …) mutate their data and then call ``fire``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import AssignmentRole, Inquiry, InquiryState, Role, Transition, User
from inquiry_app.models.enums import REVIEW_ROLES

S = InquiryState


class WorkflowError(DomainError):
    """A step that is not allowed now (German message for the user): a conflict with the
    inquiry's current state."""

    status = 409


class WorkflowForbidden(WorkflowError):
    """The user's role may not fire this event."""


Guard = Callable[[Inquiry], str | None]


def _has_questions(inquiry: Inquiry) -> str | None:
    if not inquiry.questions:
        return "Die Anfrage enthält noch keine Fragen."
    if any(not q.text.strip() for q in inquiry.questions):
        return "Mindestens eine Frage ist leer."
    return None


def _not_routed(inquiry: Inquiry) -> str | None:
    if any(a.sent_at is not None for a in inquiry.assignments):
        return "Die Fragen sind bereits zugewiesen; die Zerlegung kann nicht mehr geändert werden."
    return None


def _every_question_has_one_lead(inquiry: Inquiry) -> str | None:
    """Each question has exactly one lead, or (routed by sub-questions) each of its
    sub-questions has."""
    def leads(question) -> int:
        return sum(1 for a in inquiry.assignments
                   if a.question_id == question.id and a.role == AssignmentRole.LEAD)

    for question in inquiry.top_questions:
        part_ids = {p.id for p in question.sub_questions}
        if part_ids and not leads(question) and any(a.question_id in part_ids
                                                     for a in inquiry.assignments):
            targets = question.sub_questions
        else:
            targets = [question]
        for target in targets:
            if leads(target) != 1:
                return f"Frage {target.full_number} braucht genau ein federführendes Amt."
    return None


def _all_answers_final(inquiry: Inquiry) -> str | None:
    answered = {q.id for a in inquiry.answers if a.is_final for q in a.questions}
    missing = [q.number for q in inquiry.top_questions if q.id not in answered]
    if missing:
        return "Noch ohne endgültige Antwort: Frage " + ", ".join(missing) + "."
    return None


@dataclass(frozen=True)
class Rule:
    state: InquiryState
    event: str
    roles: frozenset[Role]
    target: InquiryState
    guard: Guard | None = None


CO = frozenset({Role.COUNCIL_OFFICE})
# approve or return a draft in review: the roles of ``Inquiry.can_review`` and
# ``Review.can_decide`` (one source: REVIEW_ROLES)
REVIEWERS = frozenset(REVIEW_ROLES)
SIGNATORY = frozenset({Role.SIGNATORY})
OPEN_STATES = (S.RECEIVED, S.SPLIT, S.ROUTED, S.ANSWERS_COMPLETE, S.DRAFT, S.IN_REVIEW,
               S.AWAITING_SIGNATURE, S.RETURNED)

RULES: tuple[Rule, ...] = (
    Rule(S.RECEIVED, "confirm_split", CO, S.SPLIT, _has_questions),
    Rule(S.SPLIT, "reopen_split", CO, S.RECEIVED, _not_routed),
    Rule(S.SPLIT, "send_assignments", CO, S.ROUTED, _every_question_has_one_lead),
    Rule(S.ROUTED, "reassign", CO, S.ROUTED),
    Rule(S.ROUTED, "complete_answers", CO | {Role.DEPARTMENT, Role.DEPARTMENT_HEAD},
         S.ANSWERS_COMPLETE, _all_answers_final),
    *(Rule(state, "reopen_answers", CO, S.ROUTED)
      for state in (S.ANSWERS_COMPLETE, S.DRAFT, S.RETURNED)),
    Rule(S.ANSWERS_COMPLETE, "create_draft", CO, S.DRAFT, _all_answers_final),
    Rule(S.DRAFT, "submit_for_review", CO, S.IN_REVIEW),
    Rule(S.IN_REVIEW, "approve_review", REVIEWERS, S.IN_REVIEW),
    # completed by the last approval, or at once by the council office when no review
    # station is configured
    Rule(S.IN_REVIEW, "complete_review", REVIEWERS | CO, S.AWAITING_SIGNATURE),
    Rule(S.IN_REVIEW, "return_draft", REVIEWERS, S.RETURNED),
    # the council office can always take a letter back from review (a station nobody can act on
    # never leaves it waiting for good); an admin can hand a waiting station to another unit
    *(Rule(state, "recall_review", CO, S.DRAFT) for state in (S.IN_REVIEW, S.AWAITING_SIGNATURE)),
    Rule(S.IN_REVIEW, "reassign_review", frozenset({Role.ADMIN}), S.IN_REVIEW),
    Rule(S.AWAITING_SIGNATURE, "return_draft", SIGNATORY, S.RETURNED),
    Rule(S.RETURNED, "revise_draft", CO, S.DRAFT),
    Rule(S.AWAITING_SIGNATURE, "sign", SIGNATORY, S.SIGNED),
    Rule(S.SIGNED, "dispatch", CO, S.SENT),
    Rule(S.SENT, "publish", CO, S.PUBLISHED),
    *(Rule(state, "withdraw", CO, S.WITHDRAWN) for state in OPEN_STATES),
    # Zwischenbescheid: a new date in any open state, also while the reply is in review or
    # waiting for the signature (that is when the answer is late); the state stays
    *(Rule(state, "issue_interim", CO, state) for state in OPEN_STATES),
)

_BY_KEY: dict[tuple[InquiryState, str], Rule] = {(r.state, r.event): r for r in RULES}

EVENT_LABELS = {
    "register": "Anfrage registriert",
    "confirm_split": "Fragen bestätigt",
    "reopen_split": "Zerlegung wieder geöffnet",
    "send_assignments": "Zuweisungen versandt",
    "reassign": "Neu zugewiesen",
    "complete_answers": "Antworten vollständig",
    "reopen_answers": "Antworten wieder geöffnet",
    "create_draft": "Antwortschreiben entworfen",
    "submit_for_review": "Zur Mitzeichnung gegeben",
    "approve_review": "Mitgezeichnet",
    "complete_review": "Mitzeichnung abgeschlossen",
    "return_draft": "Entwurf zurückgegeben",
    "recall_review": "Aus der Mitzeichnung zurückgeholt",
    "reassign_review": "Mitzeichnung umgeleitet",
    "edit_review_chain": "Mitzeichnungskette geändert",
    "revise_draft": "Entwurf überarbeitet",
    "sign": "Gezeichnet",
    "dispatch": "Versandt",
    "dispatch_requested": "Versand per E-Mail angestoßen",
    "dispatch_failed": "E-Mail-Versand fehlgeschlagen",
    "publish": "Veröffentlicht",
    "withdraw": "Zurückgezogen",
    "close_assignments": "Zuweisungen geschlossen",
    "issue_interim": "Zwischenbescheid erteilt",
}

# What a button or link that fires the event says: a verb ("Neu zuweisen"), where
# EVENT_LABELS name the step once it happened (history, messages about a past step).
ACTION_LABELS = {
    "confirm_split": "Zerlegung bestätigen",
    "reopen_split": "Zerlegung wieder öffnen",
    "send_assignments": "Zuweisungen versenden",
    "reassign": "Neu zuweisen",
    "complete_answers": "Antworten abschließen",
    "reopen_answers": "Antworten wieder öffnen",
    "create_draft": "Antwortschreiben entwerfen",
    "submit_for_review": "Zur Mitzeichnung geben",
    "approve_review": "Mitzeichnen",
    "complete_review": "Mitzeichnung abschließen",
    "return_draft": "Entwurf zurückgeben",
    "recall_review": "Schreiben aus der Mitzeichnung zurückholen",
    "reassign_review": "Mitzeichnung umleiten",
    "revise_draft": "Entwurf überarbeiten",
    "sign": "Antwortschreiben zeichnen",
    "dispatch": "Versand erfassen",
    "publish": "Antwort veröffentlichen",
    "withdraw": "Anfrage zurückziehen",
    "issue_interim": "Zwischenbescheid erstellen",
}

# Steps that undo work or end the inquiry: shown as danger buttons and asked for first.
DESTRUCTIVE_EVENTS = frozenset({"withdraw", "recall_review", "return_draft"})


ARCHIVED_READ_ONLY = ("Die Anfrage {number} stammt aus dem Archiv (importiert) und ist "
                     "schreibgeschützt.")


def rule_for(inquiry: Inquiry, event: str) -> Rule:
    if inquiry.imported:
        raise WorkflowError(ARCHIVED_READ_ONLY.format(number=inquiry.number))
    rule = _BY_KEY.get((inquiry.state, event))
    if rule is None:
        label = ACTION_LABELS.get(event) or EVENT_LABELS.get(event, event)
        raise WorkflowError(
            f"Der Schritt „{label}“ ist im Status „{inquiry.state.label}“ nicht möglich."
        )
    return rule


def check(inquiry: Inquiry, event: str, actor: User) -> Rule:
    """The rule for ``event`` now, or WorkflowError/WorkflowForbidden explaining why not."""
    rule = rule_for(inquiry, event)
    if actor.role not in rule.roles:
        raise WorkflowForbidden(
            f"Ihre Rolle darf den Schritt „{ACTION_LABELS.get(event) or EVENT_LABELS.get(event, event)}“ "
            "nicht ausführen."
        )
    if rule.guard is not None and (reason := rule.guard(inquiry)):
        raise WorkflowError(reason)
    return rule


def fire(inquiry: Inquiry, event: str, actor: User | None, note: str | None = None) -> Transition:
    """Move the inquiry by ``event`` and record the step. ``actor`` None = the system."""
    rule = rule_for(inquiry, event) if actor is None else check(inquiry, event, actor)
    if actor is None and rule.guard is not None and (reason := rule.guard(inquiry)):
        raise WorkflowError(reason)
    transition = Transition(
        inquiry=inquiry, event=event, from_state=inquiry.state.value,
        to_state=rule.target.value, actor=actor, note=note,
    )
    inquiry.state = rule.target
    db.session.add(transition)
    db.session.flush()
    return transition


def record_registration(inquiry: Inquiry, actor: User) -> Transition:
    transition = Transition(inquiry=inquiry, event="register", from_state=None,
                            to_state=inquiry.state.value, actor=actor)
    db.session.add(transition)
    return transition


def record_step(inquiry: Inquiry, event: str, actor: User | None, note: str | None = None
                ) -> Transition:
    """Record a step that does not change the state (e.g. "Versand per E-Mail angestoßen";
    the mail outbox fires ``dispatch`` once the mail server accepted the letter)."""
    transition = Transition(inquiry=inquiry, event=event, from_state=inquiry.state.value,
                            to_state=inquiry.state.value, actor=actor, note=note)
    db.session.add(transition)
    db.session.flush()
    return transition


def available_events(inquiry: Inquiry, user: User) -> list[str]:
    """Events the user could fire now (guards not evaluated: the page explains failures);
    none for an archived (imported) inquiry."""
    if inquiry.imported:
        return []
    return [r.event for r in RULES if r.state == inquiry.state and user.role in r.roles]
