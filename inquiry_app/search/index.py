"""Keeping the search index: the documents of an inquiry (``search_doc``) and the document
frequencies of their terms (``search_term``), rebuilt from the inquiry's rows.

An inquiry has one document for its subject and preamble (with its number), one per
question and, once the reply is signed (or the inquiry was imported as answered), one per
answer with text. The engine's index follows ``search_doc`` by itself (FTS5 triggers,
PostgreSQL's generated column).

:func:`install` registers two session events so no change can be forgotten: after each
flush the ids of inquiries whose Inquiry, Question or Answer rows changed are collected;
before the commit those inquiries are reindexed, in the same transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from inquiry_app.extensions import db
from inquiry_app.models import (
    Answer,
    Inquiry,
    Question,
    SearchDoc,
    SearchTerm,
    answer_question,
)
from inquiry_app.models.enums import SIGNED_STATES
from inquiry_app.search.text import index_text

_DIRTY = "search_dirty_inquiries"
_BUSY = "search_reindexing"
#: inquiries per round trip when rebuilding everything
BATCH = 500


def documents(inquiry: dict, questions: list[dict], answers: list[dict]) -> list[dict]:
    """The rows of ``search_doc`` for one inquiry (from plain row dicts, so a bulk rebuild
    needs no ORM objects)."""
    out = [{
        "inquiry_id": inquiry["id"], "question_id": None, "answer_id": None, "kind": "inquiry",
        "text": "\n\n".join(t for t in (inquiry["subject"], inquiry["preamble"]) if t),
        "norm": index_text(inquiry["number"], inquiry["subject"], inquiry["preamble"]),
    }]
    for question in questions:
        if question["text"].strip():
            out.append({
                "inquiry_id": inquiry["id"], "question_id": question["id"], "answer_id": None,
                "kind": "question", "text": question["text"],
                "norm": index_text(question["text"]),
            })
    if inquiry["state"] in SIGNED_STATES:
        for answer in answers:
            if answer["text"].strip():
                out.append({
                    "inquiry_id": inquiry["id"], "question_id": answer["question_id"],
                    "answer_id": answer["id"], "kind": "answer", "text": answer["text"],
                    "norm": index_text(answer["text"]),
                })
    return out


def _terms(norm: str) -> set[str]:
    return set(norm.split())


def _load(session: Session, inquiry_ids: list[int]):
    """Inquiries, questions and answers (with their first question) as row dicts."""
    inquiries = {r.id: r._asdict() for r in session.execute(
        sa.select(Inquiry.id, Inquiry.number, Inquiry.subject, Inquiry.preamble, Inquiry.state)
        .where(Inquiry.id.in_(inquiry_ids)))}
    questions: dict[int, list[dict]] = {i: [] for i in inquiries}
    for r in session.execute(
            sa.select(Question.id, Question.inquiry_id, Question.text)
            .where(Question.inquiry_id.in_(inquiry_ids)).order_by(Question.position)):
        questions[r.inquiry_id].append(r._asdict())
    first_question = (
        sa.select(sa.func.min(answer_question.c.question_id))
        .where(answer_question.c.answer_id == Answer.id).scalar_subquery())
    answers: dict[int, list[dict]] = {i: [] for i in inquiries}
    for r in session.execute(
            sa.select(Answer.id, Answer.inquiry_id, Answer.text,
                      first_question.label("question_id"))
            .where(Answer.inquiry_id.in_(inquiry_ids)).order_by(Answer.position)):
        answers[r.inquiry_id].append(r._asdict())
    return inquiries, questions, answers


def _count_terms(session: Session, change: Counter) -> None:
    """Add ``change`` (term -> documents more or fewer) to ``search_term``."""
    change = Counter({t: n for t, n in change.items() if n})
    if not change:
        return
    terms = sorted(change)  # one order for every writer (no deadlock between two commits)
    existing = dict(session.execute(
        sa.select(SearchTerm.term, SearchTerm.docs).where(SearchTerm.term.in_(terms))).all())
    new = [{"term": t, "docs": change[t]} for t in terms if t not in existing and change[t] > 0]
    if new:
        session.execute(SearchTerm.__table__.insert(), new)
    updates = [{"t": t, "n": change[t]} for t in terms if t in existing]
    if updates:
        table = SearchTerm.__table__
        session.execute(
            table.update().where(table.c.term == sa.bindparam("t"))
            .values(docs=table.c.docs + sa.bindparam("n")), updates)


def reindex(session: Session, inquiry_ids: Iterable[int]) -> None:
    """Rebuild the documents of these inquiries (those that no longer exist lose theirs)."""
    ids = sorted(set(inquiry_ids))
    if not ids:
        return
    inquiries, questions, answers = _load(session, ids)
    old = session.execute(
        sa.select(SearchDoc.id, SearchDoc.inquiry_id, SearchDoc.question_id,
                  SearchDoc.answer_id, SearchDoc.kind, SearchDoc.text, SearchDoc.norm)
        .where(SearchDoc.inquiry_id.in_(ids))).all()
    old_by_inquiry: dict[int, list] = {}
    for row in old:
        old_by_inquiry.setdefault(row.inquiry_id, []).append(row)
    change: Counter = Counter()
    delete_ids: list[int] = []
    insert: list[dict] = []
    for inquiry_id in ids:
        before = old_by_inquiry.get(inquiry_id, [])
        after = (documents(inquiries[inquiry_id], questions[inquiry_id], answers[inquiry_id])
                 if inquiry_id in inquiries else [])
        key = lambda d: (d["kind"], d["question_id"], d["answer_id"], d["text"])  # noqa: E731
        if sorted(map(key, after), key=repr) == sorted(
                (key(r._asdict()) for r in before), key=repr):
            continue  # unchanged (most state changes)
        for row in before:
            delete_ids.append(row.id)
            change.subtract(_terms(row.norm))
        for doc in after:
            insert.append(doc)
            change.update(_terms(doc["norm"]))
    if delete_ids:
        session.execute(SearchDoc.__table__.delete().where(SearchDoc.id.in_(delete_ids)))
    if insert:
        session.execute(SearchDoc.__table__.insert(), insert)
    _count_terms(session, change)


def reindex_inquiry(inquiry_id: int) -> None:
    """Rebuild one inquiry's documents in the current session (the caller commits)."""
    reindex(db.session, [inquiry_id])


def reindex_all(progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index (``flask archive reindex``, after ``demo generate`` and after
    the upgrade to 0009); commits in batches. ``progress(done, total)``. Returns the number
    of documents."""
    session = db.session
    session.execute(sa.delete(SearchDoc))
    session.execute(sa.delete(SearchTerm))
    ids = list(session.scalars(sa.select(Inquiry.id).order_by(Inquiry.id)))
    counts: Counter = Counter()
    total_docs = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        inquiries, questions, answers = _load(session, batch)
        docs = []
        for inquiry_id in batch:
            docs.extend(documents(inquiries[inquiry_id], questions[inquiry_id],
                                  answers[inquiry_id]))
        for doc in docs:
            counts.update(_terms(doc["norm"]))
        if docs:
            session.execute(sa.insert(SearchDoc), docs)
        total_docs += len(docs)
        session.commit()
        if progress is not None:
            progress(min(start + BATCH, len(ids)), len(ids))
    rows = [{"term": t, "docs": n} for t, n in sorted(counts.items())]
    for start in range(0, len(rows), 5000):
        session.execute(sa.insert(SearchTerm), rows[start:start + 5000])
    _analyze(session)
    session.commit()
    return total_docs


def _analyze(session: Session) -> None:
    """Fresh planner statistics and, on SQLite, a merged FTS5 index."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
        session.execute(sa.text("ANALYZE"))
    else:
        session.execute(sa.text("ANALYZE search_doc"))
        session.execute(sa.text("ANALYZE search_term"))


# --- keeping the index current -----------------------------------------------------------------
def _collect(session: Session, _flush_context) -> None:
    if session.info.get(_BUSY):
        return
    dirty: set[int] = session.info.setdefault(_DIRTY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Inquiry):
            if obj.id is not None:
                dirty.add(obj.id)
        elif isinstance(obj, Question | Answer):
            inquiry_id = obj.inquiry_id
            if inquiry_id is None and obj.inquiry is not None:
                inquiry_id = obj.inquiry.id
            if inquiry_id is not None:
                dirty.add(inquiry_id)


def _reindex_before_commit(session: Session) -> None:
    if session.info.get(_BUSY):
        return
    session.flush()  # what is still pending is collected too (the commit would flush it)
    dirty = session.info.pop(_DIRTY, None)
    if not dirty:
        return
    session.info[_BUSY] = True
    try:
        reindex(session, dirty)
    finally:
        session.info.pop(_BUSY, None)


def _forget(session: Session, *_args) -> None:
    session.info.pop(_DIRTY, None)


def install() -> None:
    """Register the session events (once per process; :func:`inquiry_app.create_app`)."""
    if event.contains(Session, "after_flush", _collect):
        return
    event.listen(Session, "after_flush", _collect)
    event.listen(Session, "before_commit", _reindex_before_commit)
    event.listen(Session, "after_rollback", _forget)
