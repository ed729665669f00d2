"""The router on the database: units and terms from the catalogue, the learned state as rows
(``inquiry_app.models.routing``), labelled examples from sent and returned lead assignments.

Learning is in place: sending lead assignments or returning one inserts (or flips) the
decision's row and adds what it changes to the counts, with a handful of statements and
without loading the model. Each process keeps one router; a request asks the version
counter (one query, with the catalogue's fingerprint) and, when other requests or processes
learned meanwhile, applies just the new rows; a full retrain, a catalogue change that
happened together with learning it could not follow, or a large backlog loads the state
anew. The neighbour search keeps the most recent ``NEIGHBOUR_WINDOW`` decisions per unit
and polarity, so the process's memory stays bounded however long the history is."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased, joinedload, selectinload

from drafting.routing.engine import Router, Suggestion, UnitInfo
from drafting.routing.model import (
    BulkCounts,
    Counts,
    Example,
    Model,
    compact,
    decode_features,
    encode_features,
)
from inquiry_app.extensions import db
from inquiry_app.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CompetenceTerm,
    Inquiry,
    OrgUnit,
    Question,
    RoutingExample,
    RoutingFeature,
    RoutingState,
    RoutingUnit,
    RoutingUnitFeature,
    RoutingVersion,
)
from inquiry_app.models.base import utcnow

NEIGHBOUR_WINDOW = 200  # decisions per unit and polarity the neighbour search keeps
MAX_DELTA = 2_000  # more changed rows than this since the last refresh: load anew
CHUNK = 2_000  # rows per statement when the whole history is streamed
STATE_ID = 1


@dataclass
class _Loaded:
    catalogue: tuple
    generation: int
    version: int
    stamp: str
    router: Router


_cache: dict[str, _Loaded] = {}
_analysers: dict[str, tuple[tuple, Router]] = {}  # catalogue-only routers (catalogue_router)
_lock = threading.RLock()


# -- the process's router --------------------------------------------------------------------

def _fingerprint() -> tuple[tuple, tuple]:
    """(catalogue key, learned-state key), in one query. The catalogue key changes whenever
    terms or units change; the state key is (generation, version, stamp, examples)."""
    state = sa.select(RoutingState).where(RoutingState.id == STATE_ID)
    row = db.session.execute(sa.select(
        sa.select(sa.func.count(CompetenceTerm.id)).scalar_subquery(),
        sa.select(sa.func.max(CompetenceTerm.id)).scalar_subquery(),
        sa.select(sa.func.sum(CompetenceTerm.id)).scalar_subquery(),
        sa.select(sa.func.count(OrgUnit.id)).scalar_subquery(),
        sa.select(sa.func.sum(sa.case((OrgUnit.active, OrgUnit.id), else_=0))).scalar_subquery(),
        sa.select(sa.func.max(OrgUnit.id)).scalar_subquery(),
        state.with_only_columns(RoutingState.generation).scalar_subquery(),
        state.with_only_columns(RoutingState.version).scalar_subquery(),
        state.with_only_columns(RoutingState.stamp).scalar_subquery(),
        state.with_only_columns(RoutingState.examples).scalar_subquery(),
        state.with_only_columns(RoutingState.catalogue).scalar_subquery(),
    )).one()
    generation, version, stamp, examples = row[6:10]
    return (*row[:6], row[10]), (generation or 0, version or 0, stamp or "", examples or 0)


def unit_infos() -> list[UnitInfo]:
    units = db.session.scalars(
        sa.select(OrgUnit).options(selectinload(OrgUnit.terms), joinedload(OrgUnit.parent))
    ).unique().all()
    return [
        UnitInfo(code=u.code, name=u.name, terms=tuple(t.term for t in u.terms), active=u.active,
                 parent=u.parent.code if u.parent else None, kind=u.kind.value)
        for u in units
    ]


def _example_of(row) -> Example:
    return Example(text=row.text, unit=row.unit, ref=row.ref, negative=row.negative)


def load_model(window: int | None = NEIGHBOUR_WINDOW) -> Model:
    """The learned state from the database: counts in full, the neighbour window as the
    ``window`` most recent decisions per unit and polarity (all with ``None``)."""
    model = Model(window=window)
    state = db.session.get(RoutingState, STATE_ID)
    if state is None:
        return model
    rows = sa.select(RoutingExample.id, RoutingExample.unit, RoutingExample.negative,
                     RoutingExample.ref, RoutingExample.text, RoutingExample.features)
    if window is not None:
        ranked = sa.select(
            RoutingExample.id,
            sa.func.row_number().over(
                partition_by=(RoutingExample.unit, RoutingExample.negative),
                order_by=RoutingExample.id.desc(),
            ).label("rank"),
        ).subquery()
        rows = rows.join(ranked, ranked.c.id == RoutingExample.id).where(ranked.c.rank <= window)
    execute = db.session.execute
    model.load(
        examples=state.examples,
        df=dict(execute(sa.select(RoutingFeature.feature, RoutingFeature.df)).all()),
        positives=dict(execute(sa.select(RoutingUnit.unit, RoutingUnit.positives)).all()),
        unit_features=execute(sa.select(
            RoutingUnitFeature.unit, RoutingUnitFeature.feature, RoutingUnitFeature.weight,
            RoutingUnitFeature.examples)),
        window=((_example_of(r), decode_features(r.features), r.id)
                for r in execute(rows.order_by(RoutingExample.id))),
    )
    return model


def fresh_router() -> Router:
    """A router built from the database now (never shared: safe to train or learn on)."""
    return Router(unit_infos(), load_model())


def _load(catalogue: tuple) -> _Loaded:
    """Everything anew. On PostgreSQL each statement sees the newest commits, so the state is
    read before and after: if it moved meanwhile, the next request loads again."""
    _, before = _fingerprint()
    router = Router(unit_infos(), load_model())
    _, after = _fingerprint()
    generation, version, stamp, _ = before
    if after != before:
        version = -1  # not a state anybody had: the next call loads again
    return _Loaded(catalogue, generation, version, stamp, router)


def _apply_changes(loaded: _Loaded, state: tuple) -> bool:
    """Bring ``loaded`` up to ``state`` from the rows changed since; False if it cannot
    (too many, or the version it has was rolled back: its rows are not there as seen)."""
    generation, version, _stamp, examples = state
    if generation != loaded.generation or not 0 <= loaded.version < version:
        return False
    if loaded.version > 0 and db.session.scalar(
            sa.select(RoutingVersion.stamp).where(RoutingVersion.version == loaded.version)
    ) != loaded.stamp:
        return False  # the version this process saw was rolled back
    rows = db.session.execute(
        sa.select(RoutingExample.id, RoutingExample.unit, RoutingExample.negative,
                  RoutingExample.ref, RoutingExample.text, RoutingExample.features,
                  RoutingExample.created_version, RoutingExample.version,
                  RoutingExample.stamp)
        .where(RoutingExample.version > loaded.version)
        .order_by(RoutingExample.version, RoutingExample.id)
        .limit(MAX_DELTA + 1)
    ).all()
    if not rows or len(rows) > MAX_DELTA:
        return False
    new = rows
    model = loaded.router.model
    for row in new:
        example = _example_of(row)
        features = decode_features(row.features)
        if row.created_version > loaded.version:
            model.add(example, features, key=row.id)
        elif not model.flip(example, features, key=row.id):
            return False  # the caller loads anew (the half-applied model is dropped)
    loaded.version, loaded.stamp = new[-1].version, new[-1].stamp
    if loaded.version == version and len(model) != examples:
        loaded.version = -1  # counts disagree: load anew next time
    return True


def get_router() -> Router:
    """The process's router for the current catalogue and learned state, refreshed when
    either changed. Read-only: use :func:`fresh_router` to change a model. Callers that
    suggest while other threads may refresh hold ``_lock`` (see :func:`suggest_for`)."""
    catalogue, state = _fingerprint()
    url = db.engine.url.render_as_string()
    with _lock:
        loaded = _cache.get(url)
        current = loaded is not None and (
            loaded.generation, loaded.version, loaded.stamp) == state[:3]
        if not current and not (loaded is not None and _apply_changes(loaded, state)):
            loaded = _cache[url] = _load(catalogue)
        if loaded.catalogue != catalogue:
            loaded.router = Router(unit_infos(), loaded.router.model)
            loaded.catalogue = catalogue
        return loaded.router


def catalogue_router() -> Router:
    """A router for analysing texts only (features depend on the catalogue, never on the
    learned state): the process's router when it is loaded and current, otherwise one
    without a model (built in milliseconds). Learning and retraining use it, so neither waits
    for, nor pays the memory of, the whole learned state."""
    catalogue, _state = _fingerprint()
    url = db.engine.url.render_as_string()
    with _lock:
        loaded = _cache.get(url)
        if loaded is not None and loaded.catalogue == catalogue:
            return loaded.router
        cached = _analysers.get(url)
        if cached is None or cached[0] != catalogue:
            cached = _analysers[url] = (catalogue, Router(unit_infos()))
        return cached[1]


def context_of(inquiry: Inquiry) -> str:
    return f"{inquiry.subject}\n\n{inquiry.preamble}"


def question_context(question: Question) -> str:
    """The context a question is read in: subject and preamble of the inquiry; for a
    sub-question also the text of its question (alone it often lacks the matter)."""
    context = context_of(question.inquiry)
    if question.parent is not None:
        context = f"{context}\n\n{question.parent.text}"
    return context


def suggest_for(inquiry: Inquiry, top: int = 5) -> dict[int, list[Suggestion]]:
    """Suggestions per question id: every question and every sub-question (which the
    routing page can route on its own)."""
    with _lock:
        router = get_router()
        return {q.id: router.suggest(q.text, question_context(q), top=top)
                for q in inquiry.questions}


# A suggestion after the lead with at least this score is proposed as a contributing office:
# a unit that a full catalogue term of the question names (0.63 without learned decisions) or
# that past decisions back, not one brought only by a word of the subject or preamble or a
# shared word part (those stay below 0.4 without decisions).
CONTRIBUTOR_MIN_SCORE = 0.5


def proposed_contributors(suggestions: list[Suggestion], units: list[OrgUnit]) -> list[int]:
    """Ids of the units proposed as contributing offices: the suggestions after the first
    (the lead) scoring at least ``CONTRIBUTOR_MIN_SCORE``, leaving out units above or below
    the lead and each other (the lead hands a question on inside its office; a department's
    term counts for its office as well)."""
    by_code = {u.code: u for u in units}
    chosen: list[OrgUnit] = []
    for suggestion in suggestions:
        unit = by_code.get(suggestion.unit)
        if unit is None:
            continue
        if chosen and suggestion.score < CONTRIBUTOR_MIN_SCORE:
            continue
        if any(unit.id in c.descendant_ids() or c.id in unit.descendant_ids() for c in chosen):
            continue
        chosen.append(unit)
    return [u.id for u in chosen[1:]]


# -- learning in place -----------------------------------------------------------------------

def _insert(session=None):
    """The dialect's INSERT with ON CONFLICT (SQLite and PostgreSQL share the syntax)."""
    bind = (session or db.session).get_bind()
    return postgresql.insert if bind.dialect.name == "postgresql" else sqlite.insert


def _upsert_add(model, keys: tuple[str, ...], rows: list[dict], columns: tuple[str, ...]):
    """INSERT … ON CONFLICT DO UPDATE adding ``columns`` (SQLite and PostgreSQL), one
    executemany; rows sorted by key so concurrent writers lock in the same order."""
    if not rows:
        return
    table = model.__table__
    stmt = _insert()(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={c: table.c[c] + stmt.excluded[c] for c in columns},
    )
    rows.sort(key=lambda r: tuple(r[k] for k in keys))
    db.session.execute(stmt, rows)


def _catalogue_changed(session, _context) -> None:
    """After a flush that added, changed or removed a unit or a competence term: a new
    catalogue stamp, so every process builds its router's unit list anew (the ids alone do
    not show a renamed code or an edited term)."""
    if not any(isinstance(o, (OrgUnit, CompetenceTerm))
               for o in (*session.new, *session.dirty, *session.deleted)):
        return
    stamp = secrets.token_hex(16)
    session.execute(_insert(session)(RoutingState.__table__).values(
        id=STATE_ID, generation=0, version=0, stamp="", examples=0, catalogue=stamp,
    ).on_conflict_do_update(index_elements=["id"], set_={"catalogue": stamp}))


def register_catalogue_stamp() -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "after_flush", _catalogue_changed):
        event.listen(Session, "after_flush", _catalogue_changed)


def rename_unit(old: str, new: str) -> None:
    """A unit's code changed: its learned decisions and counts follow it (they are kept by
    code), and every process loads the learned state anew (a new generation)."""
    if old == new:
        return
    for model in (RoutingExample, RoutingUnitFeature, RoutingUnit):
        db.session.execute(sa.update(model).where(model.unit == old).values(unit=new))
    _next_version(0, reload=True)


def _next_version(examples: int, *, retrain: bool = False, reload: bool = False
                  ) -> tuple[int, str]:
    """Count up the state's version (taking its row lock until the commit, so versions are
    handed out in commit order); returns (version, stamp). ``retrain``: a new generation
    with ``examples`` in all; ``reload``: a new generation, counts as they are (every
    process loads the learned state anew)."""
    stamp = secrets.token_hex(16)
    table = RoutingState.__table__
    stmt = _insert()(table).values(id=STATE_ID, generation=int(retrain or reload), version=1,
                                   stamp=stamp, examples=examples,
                                   trained_at=utcnow() if retrain else None, catalogue="")
    update = {"version": table.c.version + 1, "stamp": stamp}
    if retrain or reload:
        update["generation"] = table.c.generation + 1
    if retrain:
        update |= {"examples": examples, "trained_at": utcnow()}
    else:
        update["examples"] = table.c.examples + examples
    db.session.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=update))
    version = db.session.scalar(
        sa.select(RoutingState.version).where(RoutingState.id == STATE_ID))
    if retrain:
        db.session.execute(sa.delete(RoutingVersion))
    db.session.execute(sa.insert(RoutingVersion).values(version=version, stamp=stamp))
    return version, stamp


def _write_counts(delta: Counts) -> None:
    _upsert_add(RoutingFeature, ("feature",),
                [{"feature": f, "df": n} for f, n in delta.df.items()], ("df",))
    _upsert_add(RoutingUnitFeature, ("unit", "feature"),
                [{"unit": u, "feature": f, "weight": w, "examples": n}
                 for u, f, w, n in delta.unit_features()], ("weight", "examples"))
    units = set(delta.positives) | set(delta.negatives)
    _upsert_add(RoutingUnit, ("unit",),
                [{"unit": u, "positives": delta.positives[u], "negatives": delta.negatives[u]}
                 for u in units], ("positives", "negatives"))


def _ref(assignment: Assignment) -> str:
    return f"{assignment.inquiry.number} Frage {assignment.question.full_number}"


def learn(assignments: list[Assignment], *, negative: bool = False) -> None:
    """Learn from a decision in place: sent lead assignments become positive decisions, a
    returned one a negative decision. An assignment has at most one row: a return flips the
    row of its sending, a question sent back to a unit that had returned it flips it again."""
    leads = [a for a in assignments if a.role == AssignmentRole.LEAD and a.question is not None]
    if not leads:
        return
    known = {r.assignment_id: r for r in db.session.execute(
        sa.select(RoutingExample.id, RoutingExample.assignment_id, RoutingExample.negative,
                  RoutingExample.features)
        .where(RoutingExample.assignment_id.in_([a.id for a in leads])))}
    flips = [(a, known[a.id]) for a in leads
             if a.id in known and known[a.id].negative != negative]
    new = [a for a in leads if a.id not in known]
    if not new and not flips:
        return
    router = catalogue_router() if new else None
    delta = Counts()
    rows = []
    for assignment in new:
        features = compact(router.features(assignment.question.text,
                                           question_context(assignment.question)))
        delta.add(assignment.org_unit.code, negative, features)
        rows.append({"assignment_id": assignment.id, "unit": assignment.org_unit.code,
                     "negative": negative, "ref": _ref(assignment)[:80],
                     "text": assignment.question.text[:300],
                     "features": encode_features(features)})
    for assignment, row in flips:
        delta.flip(assignment.org_unit.code, decode_features(row.features), negative)
    version, stamp = _next_version(delta.examples)
    if rows:
        db.session.execute(sa.insert(RoutingExample), [
            {**row, "created_version": version, "version": version, "stamp": stamp}
            for row in rows])
    if flips:
        db.session.execute(
            sa.update(RoutingExample)
            .where(RoutingExample.id.in_(sorted(row.id for _, row in flips)))
            .values(negative=negative, version=version, stamp=stamp))
    _write_counts(delta)


# -- full retrain ----------------------------------------------------------------------------

def _decisions():
    """Lead assignments that count as decisions: sent, not passed on."""
    return sa.select(Assignment.id).where(
        Assignment.role == AssignmentRole.LEAD, Assignment.sent_at.is_not(None),
        Assignment.state != AssignmentState.FORWARDED)


def _unanalysed() -> Iterator[list]:
    """Decisions without a row, in chunks (keyset on the assignment id)."""
    last = 0
    parent = aliased(Question)
    while True:
        chunk = db.session.execute(
            sa.select(Assignment.id, Assignment.state, OrgUnit.code, Question.text,
                      Question.number, Inquiry.number.label("inquiry_number"),
                      Inquiry.subject, Inquiry.preamble, parent.text.label("parent_text"),
                      parent.number.label("parent_number"))
            .join(Question, Question.id == Assignment.question_id)
            .outerjoin(parent, parent.id == Question.parent_id)
            .join(Inquiry, Inquiry.id == Assignment.inquiry_id)
            .join(OrgUnit, OrgUnit.id == Assignment.org_unit_id)
            .outerjoin(RoutingExample, RoutingExample.assignment_id == Assignment.id)
            .where(Assignment.id.in_(_decisions()), Assignment.id > last,
                   RoutingExample.id.is_(None))
            .order_by(Assignment.id).limit(CHUNK)
        ).all()
        if not chunk:
            return
        yield chunk
        last = chunk[-1].id


def _stored() -> Iterator[list]:
    """All decision rows (unit, polarity, features), in chunks."""
    table = RoutingExample.__table__
    connection = db.session.connection()  # plain rows: no ORM result processing
    last = 0
    while True:
        chunk = connection.execute(
            sa.select(table.c.id, table.c.unit, table.c.negative, table.c.features)
            .where(table.c.id > last).order_by(table.c.id).limit(CHUNK)
        ).all()
        if not chunk:
            return
        yield chunk
        last = chunk[-1].id


def _insert_chunks(rows: Iterable[dict], version: int, stamp: str) -> None:
    batch = []
    for row in rows:
        batch.append({**row, "created_version": version, "version": version, "stamp": stamp})
        if len(batch) >= CHUNK:
            db.session.execute(RoutingExample.__table__.insert(), batch)
            batch = []
    if batch:
        db.session.execute(RoutingExample.__table__.insert(), batch)


def train(extra: list[Example] | None = None, *, reanalyse: bool = False) -> tuple[int, float]:
    """Full retrain from the database (plus optional extra examples); returns (n, seconds).

    Decisions keep the features stored when they were learned; only decisions without a row
    (history from before this table, extra examples) are analysed, or all with
    ``reanalyse`` (after the catalogue changed: its terms are features). The history is
    streamed in chunks, so memory is bounded by the vocabulary, not by the history."""
    started = time.perf_counter()
    router = catalogue_router()
    version, stamp = _next_version(0, retrain=True)
    session = db.session
    decisions = _decisions()
    if reanalyse:
        session.execute(sa.delete(RoutingExample))
    else:
        session.execute(sa.delete(RoutingExample).where(sa.or_(
            RoutingExample.assignment_id.is_(None),
            RoutingExample.assignment_id.not_in(decisions))))
        returned = sa.select(Assignment.id).where(Assignment.state == AssignmentState.RETURNED)
        session.execute(sa.update(RoutingExample)
                        .where(RoutingExample.assignment_id.in_(returned),
                               RoutingExample.negative.is_(False))
                        .values(negative=True))
        session.execute(sa.update(RoutingExample)
                        .where(RoutingExample.assignment_id.not_in(returned),
                               RoutingExample.negative.is_(True))
                        .values(negative=False))

    def analysed() -> Iterator[dict]:
        for chunk in _unanalysed():
            for r in chunk:
                # as question_context() reads a question (a sub-question with its question)
                context = f"{r.subject}\n\n{r.preamble}"
                number = r.number
                if r.parent_text is not None:
                    context = f"{context}\n\n{r.parent_text}"
                    number = f"{r.parent_number} {r.number}"
                features = router.features(r.text, context)
                yield {"assignment_id": r.id, "unit": r.code,
                       "negative": r.state == AssignmentState.RETURNED,
                       "ref": f"{r.inquiry_number} Frage {number}"[:80],
                       "text": r.text[:300], "features": encode_features(features)}
        for e in extra or []:
            yield {"assignment_id": None, "unit": e.unit, "negative": e.negative,
                   "ref": e.ref[:80], "text": e.text[:300],
                   "features": encode_features(router.features(e.text, e.context))}

    _insert_chunks(analysed(), version, stamp)

    counts = BulkCounts()
    for chunk in _stored():
        counts.add_stored([r.unit for r in chunk], [bool(r.negative) for r in chunk],
                          [r.features for r in chunk])
    for model in (RoutingFeature, RoutingUnitFeature, RoutingUnit):
        session.execute(sa.delete(model))
    _insert_all(RoutingFeature, ("feature", "df"), counts.df_rows())
    _insert_all(RoutingUnitFeature, ("unit", "feature", "weight", "examples"),
                counts.unit_features())
    _insert_all(RoutingUnit, ("unit", "positives", "negatives"), counts.unit_rows())
    session.execute(sa.update(RoutingState).where(RoutingState.id == STATE_ID)
                    .values(examples=counts.examples))
    return counts.examples, time.perf_counter() - started


def _insert_all(model, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Bulk insert of plain tuples through the driver's executemany (hundreds of thousands of
    count rows: SQLAlchemy's per-row parameter handling would take most of the time)."""
    connection = db.session.connection()
    cursor = connection.connection.cursor()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {model.__tablename__} ({', '.join(columns)}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    batch: list[tuple] = []
    try:
        for row in rows:
            batch.append(row)
            if len(batch) >= 10 * CHUNK:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    finally:
        cursor.close()


def question_label(question: Question) -> str:
    return f"Frage {question.number}"
