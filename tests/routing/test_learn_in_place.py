"""The router learns in place: sending and returning assignments change the learned rows,
the process's router follows them without loading the whole model, a full retrain gives the
same suggestions as learning one decision at a time. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from factories import confirmed, inquiry, plan, request_context, routed, send, world

from inquiry_app.admin.operations import save_org_unit
from inquiry_app.assignments.operations import return_assignment
from inquiry_app.extensions import db
from inquiry_app.models import RoutingExample
from inquiry_app.routing import service

CONTEXT = "Testanfrage\n\nVorbemerkung der Anfrage."
# questions no catalogue term of the demo city matches: only learned decisions count
LEARNED = "Wann tagt der Quarkbeirat im Zwirnviertel zum nächsten Mal?"
SIMILAR = "Wer lädt den Quarkbeirat im Zwirnviertel ein?"
PROBES = [SIMILAR, "Wie viele Mitglieder hat der Quarkbeirat?",
          "Wann wird die Zwirnbrücke saniert?", "Welche Gebühren erhebt der Zwirnhof?"]


def _suggest(question: str) -> list:
    with service._lock:
        return service.get_router().suggest(question, CONTEXT, top=5)


def _units(question: str) -> list[str]:
    return [s.unit for s in _suggest(question)]


def _route(w, texts: list[str], lead) -> object:
    item = inquiry(texts, actor=w.council_office)
    routed(item, w.council_office, [lead])
    return item


def _return(assignment, clerk) -> None:
    with request_context():
        return_assignment(assignment, clerk, "Nicht unsere Aufgabe.", None)
    db.session.flush()


def _lead(item, unit):
    return next(a for a in item.assignments if a.org_unit_id == unit.id)


def test_a_sent_routing_is_suggested_for_a_similar_question(app, session):
    w = world()
    code = w.other_unit.code
    assert code not in _units(SIMILAR)
    item = _route(w, [LEARNED], w.other_unit)
    suggestions = _suggest(SIMILAR)
    assert suggestions[0].unit == code
    assert any(r.startswith(f"ähnlich {item.number} Frage 1 → {code} (")
               for r in suggestions[0].reasons)


def test_a_return_demotes_the_unit_for_similar_questions(app, session):
    w = world()
    code = w.lead_unit.code
    item = _route(w, [LEARNED, "Welche Verkehrsberuhigung plant die Stadt im Zwirnviertel?"],
                  w.lead_unit)
    before = next(s for s in _suggest(SIMILAR) if s.unit == code)
    _return(next(a for a in item.assignments if a.question.number == "1"), w.lead_clerk)
    after = [s for s in _suggest(SIMILAR) if s.unit == code]
    assert not after or after[0].score < before.score * 0.7
    negative = session.scalars(sa.select(RoutingExample.negative)
                               .where(RoutingExample.assignment_id.in_(
                                   [a.id for a in item.assignments]))).all()
    assert sorted(negative) == [False, True]  # one row per assignment, the returned flipped
    if after:
        assert any(f"{item.number} Frage 1: dort {code} nicht zuständig" in r
                   for r in after[0].reasons)


def _history(w):
    """A few decisions: sent, returned, returned and sent back to the same unit."""
    first = _route(w, [LEARNED, "Wann wird die Zwirnbrücke saniert?"], w.lead_unit)
    second = _route(w, ["Wie viele Mitglieder hat der Quarkbeirat im Zwirnviertel?",
                        "Welche Gebühren erhebt der Zwirnhof für Feiern?"], w.other_unit)
    third = _route(w, ["Wer saniert die Zwirnbrücke über die Weißeritz?"],
                   w.contributing_unit)
    _return(_lead(third, w.contributing_unit), w.contributing_clerk)
    _return(next(a for a in second.assignments if a.question.number == "2"), w.other_clerk)
    plan(second, w.council_office, [w.other_unit])  # the returned question goes back
    send(second, w.council_office)
    return first, second, third


def _snapshot(router) -> dict:
    return {q: [(s.unit, s.score, s.reasons) for s in router.suggest(q, CONTEXT, top=5)]
            for q in PROBES}


def test_full_retrain_gives_the_same_suggestions_as_learning_in_place(app, session):
    w = world()
    service.train()  # the demo's decisions (the demo loader does not learn)
    in_process = service.get_router()  # the process's router before the decisions
    _history(w)
    live = service.get_router()
    assert live is in_process  # the changes were applied, the model was not loaded anew
    incremental = _snapshot(live)
    loaded = _snapshot(service.fresh_router())

    count, _seconds = service.train()
    retrained = service.get_router()
    assert retrained is not live  # a full retrain is loaded anew
    after = _snapshot(retrained)
    assert count == session.scalar(sa.select(sa.func.count(RoutingExample.id)))
    for question in PROBES:
        assert [u for u, _, _ in after[question]] == [u for u, _, _ in loaded[question]]
        assert [r for _, _, r in after[question]] == [r for _, _, r in loaded[question]]
        for (_, score, _), (_, other, _) in zip(after[question], loaded[question], strict=True):
            assert score == pytest.approx(other, abs=1e-3)
        # the router that applied the changes one by one ranks the same units
        assert [u for u, _, _ in incremental[question]] == [u for u, _, _ in after[question]]


def test_the_process_router_follows_changes_without_loading_the_model(app, session,
                                                                     monkeypatch):
    w = world()
    router = service.get_router()

    def refuse(*_args, **_kwargs):
        raise AssertionError("the whole model was loaded")

    monkeypatch.setattr(service, "load_model", refuse)
    item = _route(w, [LEARNED], w.other_unit)  # another request (or process) learns
    assert service.get_router() is router
    assert _units(SIMILAR)[0] == w.other_unit.code
    _return(_lead(item, w.other_unit), w.other_clerk)
    assert service.get_router() is router
    assert w.other_unit.code not in _units(SIMILAR)[:1]


def test_a_rolled_back_change_is_not_kept_by_the_process_router(app, session):
    """A change the router saw and that was then rolled back (the same version number is
    later committed with other rows) is dropped: the router loads anew."""
    w = world()
    item = inquiry([LEARNED], actor=w.council_office)
    confirmed(item, w.council_office)
    plan(item, w.council_office, [w.other_unit])
    db.session.flush()
    savepoint = db.session.begin_nested()
    send(item, w.council_office)
    assert _units(SIMILAR)[0] == w.other_unit.code  # the router applied the change
    savepoint.rollback()
    db.session.expire_all()
    other = _route(w, ["Wann öffnet der Zwirnhof nach dem Umbau?"], w.lead_unit)  # same version
    assert other.assignments
    assert w.other_unit.code not in _units(SIMILAR)
    assert _units("Wann öffnet der Zwirnhof wieder?")[0] == w.lead_unit.code


def test_learning_writes_rows_and_counts_not_a_model(app, session):
    w = world()
    item = _route(w, [LEARNED, SIMILAR, "Wann wird die Zwirnbrücke saniert?"], w.other_unit)
    rows = session.execute(sa.select(RoutingExample.unit, RoutingExample.ref,
                                     RoutingExample.negative)
                           .where(RoutingExample.assignment_id.in_(
                               [a.id for a in item.assignments]))
                           .order_by(RoutingExample.ref)).all()
    assert rows == [(w.other_unit.code, f"{item.number} Frage {n}", False) for n in "123"]
    state = service._fingerprint()[1]
    assert state[3] >= 3  # examples learned


def test_learning_and_retraining_never_load_the_learned_state(app, session, monkeypatch):
    """A process that has not suggested yet (no router loaded) learns and retrains without
    loading the whole learned state: analysing a text needs only the catalogue."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("das ganze Modell wurde geladen")

    w = world()
    monkeypatch.setattr(service, "_cache", {})
    monkeypatch.setattr(service, "load_model", refuse)
    item = _route(w, [LEARNED, SIMILAR], w.other_unit)
    _return(_lead(item, w.other_unit), w.other_clerk)
    service.train()
    monkeypatch.undo()
    assert w.other_unit.code in _units(SIMILAR)


def test_an_edited_term_reaches_the_process_router(app, session):
    """Editing a competence term keeps its id; the process's router must still see the new
    word (the ids alone do not show it)."""
    from inquiry_app.models import CompetenceTerm

    w = world()
    term = CompetenceTerm(org_unit=w.lead_unit, term="Zwirnsteg")
    db.session.add(term)
    db.session.flush()
    assert w.lead_unit.code in _units("Wann wird der Zwirnsteg gebaut?")
    assert w.lead_unit.code not in _units(SIMILAR)
    term.term = "Quarkbeirat"
    db.session.flush()
    assert w.lead_unit.code in _units(SIMILAR)


def test_what_was_learned_follows_a_renamed_unit_code(app, session):
    """The administration renames a unit's code: its learned decisions are suggested under
    the new code (they are kept by code), in this process and after a retrain."""
    w = world()
    _route(w, [LEARNED], w.other_unit)
    assert _suggest(SIMILAR)[0].unit == w.other_unit.code
    unit = w.other_unit
    save_org_unit(unit, code="NEU1", name=unit.name, kind=unit.kind, parent=unit.parent,
                  mailbox=unit.mailbox, requires_head_approval=unit.requires_head_approval)
    db.session.flush()
    assert _suggest(SIMILAR)[0].unit == "NEU1"
    service.train()
    assert _suggest(SIMILAR)[0].unit == "NEU1"
