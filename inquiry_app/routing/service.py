"""The router on the database: units and terms from the catalogue, the model from the
newest stored blob, labelled examples from confirmed and returned assignments."""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from drafting.routing.engine import Router, Suggestion, UnitInfo
from drafting.routing.model import Example
from inquiry_app.extensions import db
from inquiry_app.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CompetenceTerm,
    Inquiry,
    OrgUnit,
    Question,
    RoutingModelBlob,
)

_cache: dict[str, tuple[tuple, Router]] = {}
_lock = threading.Lock()


def _fingerprint() -> tuple:
    """Changes whenever the catalogue, the units or the stored model change (one query)."""
    row = db.session.execute(sa.select(
        sa.select(sa.func.count(CompetenceTerm.id)).scalar_subquery(),
        sa.select(sa.func.max(CompetenceTerm.id)).scalar_subquery(),
        sa.select(sa.func.sum(CompetenceTerm.id)).scalar_subquery(),
        sa.select(sa.func.count(OrgUnit.id)).scalar_subquery(),
        sa.select(sa.func.sum(sa.case((OrgUnit.active, OrgUnit.id), else_=0))).scalar_subquery(),
        sa.select(sa.func.max(OrgUnit.id)).scalar_subquery(),
        sa.select(sa.func.max(RoutingModelBlob.id)).scalar_subquery(),
    )).one()
    return (db.engine.url.render_as_string(), *row)


def unit_infos() -> list[UnitInfo]:
    units = db.session.scalars(
        sa.select(OrgUnit).options(selectinload(OrgUnit.terms), joinedload(OrgUnit.parent))
    ).unique().all()
    return [
        UnitInfo(code=u.code, name=u.name, terms=tuple(t.term for t in u.terms), active=u.active,
                 parent=u.parent.code if u.parent else None, kind=u.kind.value)
        for u in units
    ]


def _newest_blob() -> RoutingModelBlob | None:
    return db.session.scalar(
        sa.select(RoutingModelBlob).order_by(RoutingModelBlob.id.desc()).limit(1)
    )


def fresh_router() -> Router:
    """A router built from the database now (never shared: safe to train or learn on)."""
    router = Router(unit_infos())
    blob = _newest_blob()
    if blob is not None:
        router.load_model(blob.data)
    return router


def get_router() -> Router:
    """The router for the current catalogue and model, cached until either changes.
    Read-only: use :func:`fresh_router` to change a model."""
    key = _fingerprint()
    with _lock:
        cached = _cache.get("router")
        if cached and cached[0] == key:
            return cached[1]
    router = fresh_router()
    with _lock:
        _cache["router"] = (key, router)
    return router


def context_of(inquiry: Inquiry) -> str:
    return f"{inquiry.subject}\n\n{inquiry.preamble}"


def suggest_for(inquiry: Inquiry, top: int = 5) -> dict[int, list[Suggestion]]:
    router = get_router()
    context = context_of(inquiry)
    return {q.id: router.suggest(q.text, context, top=top) for q in inquiry.top_questions}


def _example(assignment: Assignment, negative: bool) -> Example:
    question = assignment.question
    inquiry = assignment.inquiry
    return Example(
        text=question.text, unit=assignment.org_unit.code,
        ref=f"{inquiry.number} Frage {question.number}", negative=negative,
        context=context_of(inquiry),
    )


def examples_from_db() -> list[Example]:
    """Every sent lead assignment is a labelled example; a returned one is a negative one."""
    assignments = db.session.scalars(
        sa.select(Assignment)
        .join(Assignment.question)
        .where(Assignment.role == AssignmentRole.LEAD, Assignment.sent_at.is_not(None),
               Assignment.state != AssignmentState.FORWARDED)
        .options(joinedload(Assignment.question), joinedload(Assignment.inquiry),
                 joinedload(Assignment.org_unit))
        .order_by(Assignment.id)
    ).all()
    return [_example(a, a.state == AssignmentState.RETURNED) for a in assignments]


def store_model(router: Router, examples: int) -> RoutingModelBlob:
    blob = RoutingModelBlob(data=router.dump_model(), examples=examples)
    db.session.add(blob)
    db.session.flush()
    db.session.execute(sa.delete(RoutingModelBlob).where(RoutingModelBlob.id != blob.id))
    return blob


def train(extra: list[Example] | None = None) -> tuple[int, float]:
    """Full retrain from the database (plus optional extra examples); returns (n, seconds)."""
    examples = examples_from_db() + list(extra or [])
    started = time.perf_counter()
    router = Router(unit_infos())
    router.train(examples)
    elapsed = time.perf_counter() - started
    store_model(router, len(examples))
    return len(examples), elapsed


def learn(assignments: list[Assignment], *, negative: bool = False) -> None:
    """Incremental update after a decision (sending lead assignments or a return)."""
    leads = [a for a in assignments if a.role == AssignmentRole.LEAD and a.question is not None]
    if not leads:
        return
    blob = _newest_blob()
    count = blob.examples if blob is not None else 0
    router = fresh_router()
    for assignment in leads:
        router.learn(_example(assignment, negative))
    store_model(router, count + len(leads))


def question_label(question: Question) -> str:
    return f"Frage {question.number}"
