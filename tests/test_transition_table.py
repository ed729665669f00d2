"""The workflow's transition table, walked completely: every state x every event x every role.

The expected table below is written from DESIGN.md ("Workflow"; roles from "Users"), not
copied from ``inquiry_app/workflow.py``. A combination in it moves the inquiry to its target
and records a Transition; every other combination raises the workflow's error and changes
nothing (state, version, transitions). Guards are tested on their own at the end.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from factories import inquiry as new_inquiry
from factories import org_unit, user

from inquiry_app.extensions import db
from inquiry_app.models import (
    Answer,
    Assignment,
    AssignmentRole,
    AssignmentState,
    InquiryState,
    Role,
    Transition,
)
from inquiry_app.models.base import utcnow
from inquiry_app.models.enums import SENT_STATES, SIGNED_STATES
from inquiry_app.workflow import (
    EVENT_LABELS,
    RULES,
    WorkflowError,
    WorkflowForbidden,
    available_events,
    fire,
)

S = InquiryState
CO = {Role.COUNCIL_OFFICE}
# Mitzeichnung: heads of units and the mayor's office approve or return (as Inquiry.can_review
# and Review.can_decide say); the council office only completes a review when no review
# station is configured
REVIEWERS = {Role.DEPARTMENT_HEAD, Role.SIGNATORY}
OPEN = (S.RECEIVED, S.SPLIT, S.ROUTED, S.ANSWERS_COMPLETE, S.DRAFT, S.IN_REVIEW,
        S.AWAITING_SIGNATURE, S.RETURNED)

# (states, event, roles allowed, target; None = the state stays)
TABLE = [
    ((S.RECEIVED,), "confirm_split", CO, S.SPLIT),
    ((S.SPLIT,), "reopen_split", CO, S.RECEIVED),
    ((S.SPLIT,), "send_assignments", CO, S.ROUTED),
    ((S.ROUTED,), "reassign", CO, S.ROUTED),
    ((S.ROUTED,), "complete_answers", CO | {Role.DEPARTMENT, Role.DEPARTMENT_HEAD},
     S.ANSWERS_COMPLETE),
    ((S.ANSWERS_COMPLETE, S.DRAFT, S.RETURNED), "reopen_answers", CO, S.ROUTED),
    ((S.ANSWERS_COMPLETE,), "create_draft", CO, S.DRAFT),
    ((S.DRAFT,), "submit_for_review", CO, S.IN_REVIEW),
    ((S.IN_REVIEW,), "approve_review", REVIEWERS, S.IN_REVIEW),
    ((S.IN_REVIEW,), "complete_review", REVIEWERS | CO, S.AWAITING_SIGNATURE),
    ((S.IN_REVIEW,), "return_draft", REVIEWERS, S.RETURNED),
    ((S.AWAITING_SIGNATURE,), "return_draft", {Role.SIGNATORY}, S.RETURNED),
    ((S.IN_REVIEW, S.AWAITING_SIGNATURE), "recall_review", CO, S.DRAFT),
    ((S.IN_REVIEW,), "reassign_review", {Role.ADMIN}, S.IN_REVIEW),
    ((S.RETURNED,), "revise_draft", CO, S.DRAFT),
    ((S.AWAITING_SIGNATURE,), "sign", {Role.SIGNATORY}, S.SIGNED),
    ((S.SIGNED,), "dispatch", CO, S.SENT),
    ((S.SENT,), "publish", CO, S.PUBLISHED),
    (OPEN, "withdraw", CO, S.WITHDRAWN),
    # Zwischenbescheid: a new date in every open state ("the administration may send a
    # Zwischenbescheid with a new date"; also while the letter is in review or awaiting the
    # signature), the state stays
    (OPEN, "issue_interim", CO, None),
]

EXPECTED: dict[tuple[InquiryState, str], tuple[frozenset[Role], InquiryState]] = {
    (state, event): (frozenset(roles), target or state)
    for states, event, roles, target in TABLE for state in states
}
# every event the app knows, steps recorded outside the table, and one it does not know
EVENTS = sorted({event for _s, event in EXPECTED} | set(EVENT_LABELS) | {"frobnicate"})
ACTORS = [None, *Role]  # None: the system (data check, mail worker) fires without a role


def _key(actor) -> str:
    return "system" if actor is None else actor.value


def test_the_table_in_the_code_is_the_expected_table():
    actual = {(r.state, r.event): (r.roles, r.target) for r in RULES}
    assert len(actual) == len(RULES), "two rows for the same state and event"
    assert actual == EXPECTED


# --- building an inquiry in any state --------------------------------------------------------

def _stamp(item, state: InquiryState) -> None:
    """The columns the database ties to the state (signed_at iff signed, …)."""
    now = utcnow()
    for column, value, wanted in (("signed_at", now, state in SIGNED_STATES),
                                  ("sent_on", now.date(), state in SENT_STATES),
                                  ("published_at", now, state == S.PUBLISHED),
                                  ("withdrawn_at", now, state == S.WITHDRAWN)):
        if not wanted:
            setattr(item, column, None)
        elif getattr(item, column) is None:  # a signed inquiry keeps its signing time
            setattr(item, column, value)


@pytest.fixture
def actors(session):
    unit = org_unit("Amt der Tabelle")
    return {role: user(role, unit) for role in Role}


def _ready(state: InquiryState, actors):
    """An inquiry in ``state`` whose data passes every guard: two questions, one lead each
    (proposed, not sent: the split may still be reopened), final answers."""
    item = new_inquiry(2, actor=actors[Role.COUNCIL_OFFICE])
    unit = actors[Role.DEPARTMENT].org_unit
    for question in item.questions:
        item.assignments.append(Assignment(question=question, org_unit=unit,
                                           role=AssignmentRole.LEAD, due_on=item.due_on,
                                           state=AssignmentState.DRAFT))
        item.answers.append(Answer(position=question.position, text="Antwort.", is_final=True,
                                   questions=[question]))
    item.state = state
    _stamp(item, state)
    db.session.flush()
    return item


def _transitions(item) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Transition)
                             .where(Transition.inquiry_id == item.id))


# --- the walk ---------------------------------------------------------------------------------

@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("state", list(S), ids=lambda s: s.value)
def test_every_state_and_event_for_every_role(session, actors, state, event):
    item = _ready(state, actors)
    expected = EXPECTED.get((state, event))
    for role in ACTORS:
        actor = None if role is None else actors[role]
        allowed = expected is not None and (role is None or role in expected[0])
        nested = session.begin_nested()
        try:
            before, version = _transitions(item), item.version
            if allowed:
                target = expected[1]
                _stamp(item, target)
                transition = fire(item, event, actor, note="Tabellentest")
                assert item.state == target, (_key(role), item.state)
                assert (transition.event, transition.from_state, transition.to_state) == (
                    event, state.value, target.value)
                assert transition.actor is actor and transition.note == "Tabellentest"
                assert _transitions(item) == before + 1
                session.expire(item)
                assert item.state == target  # stored, not only in memory
            else:
                with pytest.raises(WorkflowError) as refused:
                    fire(item, event, actor)
                assert str(refused.value), "a refusal explains itself"
                if expected is not None:  # the step exists here, the role may not fire it
                    assert isinstance(refused.value, WorkflowForbidden), _key(role)
                else:
                    assert not isinstance(refused.value, WorkflowForbidden), _key(role)
                    assert f"„{state.label}“ nicht möglich" in str(refused.value)
                assert item.state == state, (_key(role), item.state)
                assert not [o for o in session.new if isinstance(o, Transition)]
                assert _transitions(item) == before
                session.refresh(item)
                assert (item.state, item.version) == (state, version), _key(role)
        finally:
            nested.rollback()


@pytest.mark.parametrize("state", list(S), ids=lambda s: s.value)
def test_available_events_are_the_tables_events_for_the_role(session, actors, state):
    item = _ready(state, actors)
    for role in Role:
        expected = sorted(e for (s, e), (roles, _t) in EXPECTED.items() if s == state and role in roles)
        assert sorted(available_events(item, actors[role])) == expected, role.value


# --- guards: a step in the table is still refused when its condition fails ------------------

def _refused(item, event, actor, message):
    before, state, version = _transitions(item), item.state, item.version
    with pytest.raises(WorkflowError, match=message):
        fire(item, event, actor)
    db.session.refresh(item)
    assert (item.state, item.version, _transitions(item)) == (state, version, before)


@pytest.mark.parametrize("system", [False, True], ids=["council_office", "system"])
def test_guards_refuse_and_change_nothing(session, actors, system):
    co = None if system else actors[Role.COUNCIL_OFFICE]

    empty = _ready(S.RECEIVED, actors)
    empty.questions[1].text = "   "
    db.session.flush()
    _refused(empty, "confirm_split", co, "Mindestens eine Frage ist leer.")

    sent = _ready(S.SPLIT, actors)
    sent.assignments[0].state, sent.assignments[0].sent_at = AssignmentState.OPEN, utcnow()
    db.session.flush()
    _refused(sent, "reopen_split", co, "bereits zugewiesen")

    no_lead = _ready(S.SPLIT, actors)
    no_lead.assignments.remove(no_lead.assignments[1])
    db.session.flush()
    _refused(no_lead, "send_assignments", co, "Frage 2 braucht genau ein federführendes Amt.")

    two_leads = _ready(S.SPLIT, actors)
    two_leads.assignments.append(Assignment(
        question=two_leads.questions[0], org_unit=org_unit("Zweites Amt"),
        role=AssignmentRole.LEAD, due_on=two_leads.due_on, state=AssignmentState.DRAFT))
    db.session.flush()
    _refused(two_leads, "send_assignments", co, "Frage 1 braucht genau ein federführendes Amt.")

    for state, event in ((S.ROUTED, "complete_answers"), (S.ANSWERS_COMPLETE, "create_draft")):
        open_answer = _ready(state, actors)
        open_answer.answers[1].is_final = False
        db.session.flush()
        _refused(open_answer, event, co, "Noch ohne endgültige Antwort: Frage 2.")


def test_without_questions_the_split_cannot_be_confirmed(session, actors):
    item = new_inquiry([], actor=actors[Role.COUNCIL_OFFICE])
    _refused(item, "confirm_split", actors[Role.COUNCIL_OFFICE],
             "Die Anfrage enthält noch keine Fragen.")


# --- the table and the model rules agree ------------------------------------------------------

def test_who_may_review_is_who_the_table_lets_approve_and_return(session, actors):
    """Approving and returning in review: the roles of the table are exactly the roles for
    which ``Inquiry.can_review`` and ``Review.can_decide`` can say yes (no role the table lets
    fire a step the page then refuses, and the other way round)."""
    from inquiry_app.models import Review

    item = _ready(S.IN_REVIEW, actors)
    unit = actors[Role.DEPARTMENT].org_unit
    item.assignments[0].sent_at, item.assignments[0].state = utcnow(), AssignmentState.OPEN
    review = Review(inquiry_id=item.id, round=1, position=1, org_unit=unit)
    db.session.add(review)
    db.session.flush()
    for event in ("approve_review", "return_draft"):
        table_roles = {role for role in Role if role in EXPECTED[(S.IN_REVIEW, event)][0]}
        model_roles = {role for role in Role if item.can_review(actors[role])}
        deciders = {role for role in Role if review.can_decide(actors[role])}
        assert table_roles == model_roles == deciders, event
