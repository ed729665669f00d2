"""The search engine behind :func:`search` and :func:`similar_questions`, on SQLite FTS5 or
PostgreSQL full text over the normalised documents of :mod:`inquiry_app.search.index`.

A search finds the matching documents (ranked by bm25 on SQLite, ``ts_rank_cd`` on
PostgreSQL, or newest first), at most :data:`CAP` of them, keeps the best document per
inquiry as its hit, counts the facets over those inquiries and cuts the page. Past the cap
the total is a lower bound ("mehr als …").

Who sees what: the inquiries ``Inquiry.visible_to(user)`` (which includes the imported
archive), plus every published inquiry (shown with ``viewable=False`` when the user may not
open the inquiry page; it links to the public page). Answers are searched only in published
or imported inquiries, unless the user sees every inquiry (council office, signatories,
admin).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from markupsafe import Markup

from inquiry_app.extensions import db
from inquiry_app.models import (
    Answer,
    Assignment,
    AssignmentRole,
    AssignmentState,
    Body,
    CouncilMember,
    Faction,
    Inquiry,
    InquiryState,
    OrgUnit,
    Question,
    QuestionOffice,
    Role,
    SearchDoc,
    SearchTerm,
    answer_question,
    inquiry_submitter,
)
from inquiry_app.models.enums import SIGNED_STATES
from inquiry_app.search import (
    KINDS,
    FacetValue,
    Filters,
    Hit,
    Office,
    Result,
    SearchQuery,
    SimilarQuestion,
)
from inquiry_app.search.query import ParsedQuery, fts5_match, parse, tsquery_groups
from inquiry_app.search.text import NUMBER, normaliser, number_terms

#: documents read per search at most; beyond it the total is a lower bound
CAP = 1000
#: a query whose rarest word is in more texts than this ranks only the newest CAP matches
BROAD = 2000
#: pages past the cap cannot be shown
MAX_PER_PAGE = 100
ANSWERED = (InquiryState.SIGNED, InquiryState.SENT, InquiryState.PUBLISHED, InquiryState.WITHDRAWN)
_SEES_ALL = (Role.COUNCIL_OFFICE, Role.ADMIN, Role.SIGNATORY)
SNIPPET_CHARS = 220


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


# --- matching -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Match:
    """The engine's match condition and score (higher is better) for a parsed query."""

    where: sa.ColumnElement[bool]
    score: sa.ColumnElement[float]
    from_: sa.FromClause
    #: the document id as the engine reads it in order (FTS5 streams its rowids)
    rowid: sa.ColumnElement[int]
    #: PostgreSQL: the query, to rank rows already cut (see :func:`search`)
    tsquery: sa.ColumnElement | None = None


_FTS = sa.table("search_fts", sa.column("rowid"), sa.column("norm"))


def _match(parsed: ParsedQuery) -> _Match:
    if _postgres():
        tsv = sa.literal_column("search_doc.tsv")
        tsquery = None
        for alternatives in tsquery_groups(parsed):
            group = None
            for text in alternatives:
                one = sa.func.websearch_to_tsquery(sa.literal_column("'german'"), text)
                group = one if group is None else group.op("||")(one)
            tsquery = group if tsquery is None else tsquery.op("&&")(group)
        for alternatives in tsquery_groups(parsed, excluded=True):
            for text in alternatives:
                one = sa.func.websearch_to_tsquery(sa.literal_column("'german'"), text)
                tsquery = tsquery.op("&&")(sa.func.tsquery_not(one))
        return _Match(where=tsv.op("@@")(tsquery),
                      score=sa.func.ts_rank_cd(tsv, tsquery, 32),
                      from_=SearchDoc.__table__, rowid=SearchDoc.id, tsquery=tsquery)
    expression = fts5_match(parsed)
    return _Match(
        where=sa.literal_column("search_fts").op("MATCH")(expression),
        # bm25 is lower for better matches
        score=-sa.func.bm25(sa.literal_column("search_fts")),
        from_=_FTS.join(SearchDoc.__table__, SearchDoc.id == _FTS.c.rowid),
        rowid=_FTS.c.rowid,
    )


def _visible(user) -> sa.ColumnElement[bool]:
    if user.role in _SEES_ALL:
        return sa.true()
    return sa.or_(Inquiry.visible_to(user), Inquiry.state == InquiryState.PUBLISHED)


def _answers_visible(user) -> sa.ColumnElement[bool]:
    if user.role in _SEES_ALL:
        return sa.true()
    return sa.or_(SearchDoc.kind != "answer", Inquiry.state == InquiryState.PUBLISHED,
                  Inquiry.imported)


def _lead_units(inquiry_ids) -> sa.Select:
    """(inquiry id, unit id, guessed) of the offices that answered: lead assignments, and
    for imported inquiries the offices of their questions."""
    leads = sa.select(Assignment.inquiry_id, Assignment.org_unit_id,
                      sa.literal(False).label("guessed")).where(
        Assignment.role == AssignmentRole.LEAD,
        Assignment.state.not_in((AssignmentState.RETURNED, AssignmentState.DRAFT)),
        Assignment.inquiry_id.in_(inquiry_ids))
    imported = sa.select(Question.inquiry_id, QuestionOffice.org_unit_id,
                         QuestionOffice.guessed).join(
        Question, Question.id == QuestionOffice.question_id).where(
        Question.inquiry_id.in_(inquiry_ids))
    return sa.union_all(leads, imported)


def _filters(f: Filters) -> list[sa.ColumnElement[bool]]:
    out: list[sa.ColumnElement[bool]] = []
    if f.years:
        out.append(sa.or_(*(Inquiry.received_on.between(date(y, 1, 1), date(y, 12, 31))
                            for y in f.years)))
    if f.body_ids:
        out.append(Inquiry.body_id.in_(f.body_ids))
    if f.faction_ids:
        out.append(Inquiry.faction_id.in_(f.faction_ids))
    if f.member_ids:
        out.append(sa.exists().where(
            inquiry_submitter.c.inquiry_id == Inquiry.id,
            inquiry_submitter.c.council_member_id.in_(f.member_ids)))
    if f.unit_ids:
        out.append(sa.or_(
            sa.exists().where(
                Assignment.inquiry_id == Inquiry.id, Assignment.role == AssignmentRole.LEAD,
                Assignment.org_unit_id.in_(f.unit_ids),
                Assignment.state.not_in((AssignmentState.RETURNED, AssignmentState.DRAFT))),
            sa.exists().where(
                Question.inquiry_id == Inquiry.id, QuestionOffice.question_id == Question.id,
                QuestionOffice.org_unit_id.in_(f.unit_ids))))
    if f.states:
        out.append(Inquiry.state.in_(f.states))
    if f.overdue:
        out.append(sa.and_(Inquiry.state.not_in(ANSWERED), Inquiry.due_on < date.today()))
    if f.kinds:
        out.append(SearchDoc.kind.in_([k for k in f.kinds if k in KINDS] or ["-"]))
    return out


# --- search -----------------------------------------------------------------------------------
def search(user, query: SearchQuery) -> Result:
    """The hits ``user`` may see for ``query``: one per inquiry (its best document)."""
    parsed = parse(query.text)
    if parsed.empty:
        message = parsed.message or "Bitte geben Sie einen Suchbegriff ein."
        return Result(query=query, hits=[], total=0, message=message)
    match = _match(parsed)
    where = (match.where, _visible(user), _answers_visible(user), *_filters(query.filters))
    # the facet columns of the inquiry come with the matches (no query per facet)
    columns = (SearchDoc.id, SearchDoc.inquiry_id, SearchDoc.kind, match.score.label("score"),
               Inquiry.received_on, Inquiry.state, Inquiry.body_id, Inquiry.faction_id)
    joined = match.from_.join(Inquiry, Inquiry.id == SearchDoc.inquiry_id)
    if query.sort == "datum":
        order = (Inquiry.received_on.desc(), Inquiry.id.desc())
    elif _estimate(parsed) > BROAD:
        # Words in a great many texts: ranking every match would take long, and the best of
        # the newest CAP matches are as good a start; the total becomes a lower bound.
        if match.tsquery is None:
            newest = (sa.select(*columns).select_from(joined).where(*where)
                      .order_by(match.rowid.desc()).limit(CAP + 1).subquery())
            ranked = sa.select(newest)
        else:
            # PostgreSQL computes the select list before it sorts and cuts: rank only the
            # CAP rows kept, not every match
            newest = (sa.select(*(c for c in columns if c.name != "score"),
                                sa.literal_column("search_doc.tsv").label("tsv"))
                      .select_from(joined).where(*where)
                      .order_by(match.rowid.desc()).limit(CAP + 1).subquery())
            ranked = sa.select(*(c for c in newest.c if c.name != "tsv"),
                               sa.func.ts_rank_cd(newest.c.tsv, match.tsquery, 32)
                               .label("score"))
        ranked = ranked.subquery()
        rows = db.session.execute(sa.select(ranked).order_by(
            ranked.c.score.desc(), ranked.c.id)).all()
        order = None
    else:
        order = (match.score.desc(), SearchDoc.id)
    if order is not None:
        rows = db.session.execute(
            sa.select(*columns).select_from(joined).where(*where)
            .order_by(*order).limit(CAP + 1)).all()
    capped = len(rows) > CAP
    rows = rows[:CAP]
    best: dict[int, tuple] = {}
    kinds: dict[int, set[str]] = {}
    for row in rows:
        best.setdefault(row.inquiry_id, row)
        kinds.setdefault(row.inquiry_id, set()).add(row.kind)
    ordered = list(best.values())
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    page = max(1, query.page)
    shown = ordered[(page - 1) * per_page: page * per_page]
    hits = _hits(user, shown, parsed)
    return Result(query=query, hits=hits, total=len(ordered), total_is_lower_bound=capped,
                  facets=_facets(ordered, kinds), message=parsed.message)


def _estimate(parsed: ParsedQuery) -> int:
    """About how many texts match: the document frequency of the rarest word (a phrase
    counts as its rarest word; a compound as itself or its rarest part)."""
    df = _document_frequencies({t for g in parsed.groups for t in g.terms})
    estimate = None
    for group in parsed.groups:
        if group.phrase:
            count = min(df.get(k, 0) for k in group.keys)
        else:
            count = df.get(group.keys[0], 0) + min((df.get(p, 0) for p in group.parts),
                                                   default=0)
        estimate = count if estimate is None else min(estimate, count)
    return estimate or 0


def _hits(user, rows, parsed: ParsedQuery) -> list[Hit]:
    """The page's hits in one query: documents with their inquiries (visibility as a column)
    and question numbers."""
    if not rows:
        return []
    parent = sa.orm.aliased(Question)
    details = {d.id: d for d in db.session.execute(
        sa.select(SearchDoc.id, SearchDoc.text, SearchDoc.question_id, Inquiry.number,
                  Inquiry.subject, Inquiry.imported,
                  sa.case((Inquiry.visible_to(user), True), else_=False).label("viewable"),
                  Question.number.label("question_number"),
                  parent.number.label("parent_number"))
        .join(Inquiry, Inquiry.id == SearchDoc.inquiry_id)
        .outerjoin(Question, Question.id == SearchDoc.question_id)
        .outerjoin(parent, parent.id == Question.parent_id)
        .where(SearchDoc.id.in_([r.id for r in rows])))}
    terms = parsed.terms()
    out = []
    for row in rows:
        doc = details[row.id]
        out.append(Hit(
            inquiry_id=row.inquiry_id, number=doc.number, subject=doc.subject,
            received_on=row.received_on, state=row.state, kind=row.kind,
            question_id=doc.question_id,
            question_number=(_question_number(doc.question_number, doc.parent_number)
                             if doc.question_id else None),
            snippet=snippet(doc.text, terms), score=round(float(row.score or 0.0), 4),
            viewable=bool(doc.viewable), imported=bool(doc.imported)))
    return out


def _question_numbers(question_ids) -> dict[int, str]:
    """Question numbers as a reader refers to them ("2", "2 a)")."""
    if not question_ids:
        return {}
    parent = sa.orm.aliased(Question)
    return {qid: _question_number(number, parent_number)
            for qid, number, parent_number in db.session.execute(
                sa.select(Question.id, Question.number, parent.number)
                .outerjoin(parent, parent.id == Question.parent_id)
                .where(Question.id.in_(question_ids)))}


def _question_number(number: str, parent_number: str | None) -> str:
    if parent_number is None or number.startswith(parent_number):
        return number
    return f"{parent_number} {number if number.endswith(')') else number + ')'}"


def _facets(rows, kinds: dict[int, set[str]]) -> dict[str, list[FacetValue]]:
    """Facet counts over the hit inquiries (``rows``, one per inquiry, with their facet
    columns): submitters and answering offices in one query, the labels in one more."""
    if not rows:
        return {}
    inquiry_ids = [r.inquiry_id for r in rows]
    years = Counter(r.received_on.year for r in rows)
    states = Counter(r.state for r in rows)
    bodies = Counter(r.body_id for r in rows if r.body_id is not None)
    factions = Counter(r.faction_id for r in rows if r.faction_id is not None)
    members: Counter = Counter()
    amts: Counter = Counter()
    # counted in the database (a few rows back, not one per inquiry), the ids as one value
    ids = _id_values(inquiry_ids)
    leads = _lead_units(ids).subquery()
    for facet, value, count in db.session.execute(sa.union_all(
            sa.select(sa.literal("p"), inquiry_submitter.c.council_member_id, sa.func.count())
            .where(inquiry_submitter.c.inquiry_id.in_(ids))
            .group_by(inquiry_submitter.c.council_member_id),
            sa.select(sa.literal("a"), leads.c.org_unit_id,
                      sa.func.count(sa.distinct(leads.c.inquiry_id)))
            .group_by(leads.c.org_unit_id))):
        (members if facet == "p" else amts)[value] = count
    art = Counter(k for ks in kinds.values() for k in ks)
    names = _facet_labels({"gremium": bodies, "fraktion": factions, "person": members,
                           "amt": amts})

    def labelled(facet: str, counter: Counter) -> list[FacetValue]:
        return _top([FacetValue(str(k), names.get((facet, k), str(k)), n)
                     for k, n in counter.items()])

    return {
        "jahr": sorted((FacetValue(str(y), str(y), n) for y, n in years.items()),
                       key=lambda v: v.value, reverse=True),
        "gremium": labelled("gremium", bodies),
        "fraktion": labelled("fraktion", factions),
        "person": labelled("person", members),
        "amt": labelled("amt", amts),
        "status": _top([FacetValue(s.value, s.label, n) for s, n in states.items()]),
        "art": [FacetValue(k, KINDS[k], art[k]) for k in KINDS if art[k]],
    }


def _id_values(ids: list[int]) -> sa.Select:
    """``ids`` as a subquery bound as one parameter (``x IN (...)`` with a thousand ids
    costs more to compile and bind than to run)."""
    if _postgres():
        return sa.select(sa.func.unnest(sa.literal(ids, sa.ARRAY(sa.Integer))))
    return sa.select(sa.literal_column("value", sa.Integer)).select_from(
        sa.func.json_each(sa.literal(json.dumps(ids))))


#: facet -> the label columns of its table (joined by spaces, empty ones left out)
_LABELS = {
    "gremium": (Body.__table__.c.name,),
    "fraktion": (Faction.__table__.c.name,),
    "person": (CouncilMember.__table__.c.title, CouncilMember.__table__.c.first_name,
               CouncilMember.__table__.c.last_name),
    "amt": (OrgUnit.__table__.c.code, OrgUnit.__table__.c.name),
}


def _facet_labels(counters: dict[str, Counter]) -> dict[tuple[str, int], str]:
    """(facet, id) -> label for the values counted, in one UNION ALL."""
    arms = []
    for facet, counter in counters.items():
        if not counter:
            continue
        columns = list(_LABELS[facet])
        id_column = columns[0].table.c.id
        padded = columns + [sa.null().cast(sa.String)] * (3 - len(columns))
        arms.append(sa.select(sa.literal(facet), id_column, *padded)
                    .where(id_column.in_(list(counter))))
    if not arms:
        return {}
    return {(facet, id_): " ".join(str(v) for v in values if v)
            for facet, id_, *values in db.session.execute(
                arms[0] if len(arms) == 1 else sa.union_all(*arms))}


def _top(values: list[FacetValue], limit: int = 20) -> list[FacetValue]:
    return sorted(values, key=lambda v: (-v.count, v.label))[:limit]


# --- snippets ---------------------------------------------------------------------------------
_WORDS = re.compile(r"\w+(?:[-‐‑/]\w+)*", re.UNICODE)


def _marked_spans(text: str, terms: set[str], window: int | None = None
                  ) -> list[tuple[int, int]]:
    """The spans of the words matching ``terms``; with ``window``, only up to ``window``
    characters past the first (a snippet shows no more)."""
    norm = normaliser()
    spans: list[tuple[int, int]] = []
    for match in _WORDS.finditer(text):
        if window is not None and spans and match.start() > spans[0][0] + window:
            break
        word = match.group(0)
        if "/" in word and NUMBER.fullmatch(word):
            found = set(number_terms(NUMBER.fullmatch(word)))
        else:
            term = norm.term(word)
            found = set(term.all) if term is not None else set()
        if found & terms:
            spans.append(match.span())
    return spans


def snippet(text: str, terms: set[str], length: int = SNIPPET_CHARS) -> Markup:
    """A part of ``text`` around the first matched word, escaped, matched words in
    ``<mark>``; "…" where it is cut."""
    text = " ".join(text.split())
    spans = _marked_spans(text, terms, length)
    start = 0
    if spans and spans[0][0] > length // 3:
        start = text.rfind(" ", 0, spans[0][0] - length // 4) + 1
    end = len(text)
    if end - start > length:
        end = text.rfind(" ", start, start + length)
        if end <= start:
            end = start + length
    out = ["…" if start > 0 else ""]
    pos = start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append("…")
    return Markup("".join(out))


# --- similar questions ---------------------------------------------------------------------
#: the query's rarest terms used to find candidates
SIMILAR_TERMS = 12
SIMILAR_CANDIDATES = 60
#: words in more texts than this say too little to look up candidates by
SIMILAR_MAX_DF = 2000


def _document_frequencies(terms) -> dict[str, int]:
    terms = list(terms)
    if not terms:
        return {}
    return dict(db.session.execute(
        sa.select(SearchTerm.term, SearchTerm.docs).where(SearchTerm.term.in_(terms))).all())


def _frequencies_and_total(terms) -> tuple[dict[str, int], int]:
    """:func:`_document_frequencies` and about the number of documents (the highest id:
    exact enough for IDF, and free) in one query."""
    rows = db.session.execute(sa.union_all(
        sa.select(SearchTerm.term, SearchTerm.docs).where(SearchTerm.term.in_(list(terms))),
        sa.select(sa.null().cast(sa.String), sa.func.max(SearchDoc.id)))).all()
    df = {term: docs for term, docs in rows if term is not None}
    total = next((docs for term, docs in rows if term is None), None)
    return df, total or 1


def similar_questions(text: str, user, *, limit: int = 5,
                      exclude_inquiry_id: int | None = None) -> list[SimilarQuestion]:
    """The past questions most like ``text`` from answered inquiries (signed, sent or
    published, imported ones included) that ``user`` may see, best first, with their final
    answers and the offices that answered them."""
    return similar_questions_many([text], user, limit=limit,
                                  exclude_inquiry_id=exclude_inquiry_id)[0]


def _query_terms(text: str) -> Counter:
    analysed, numbers = normaliser().terms(text or "")
    query_tf: Counter = Counter()
    for term in analysed:
        query_tf.update(term.all)
    query_tf.update(numbers[::2])
    return query_tf


#: texts per candidate query of :func:`similar_questions_many` (one UNION ALL arm each)
SIMILAR_BATCH = 100


def similar_questions_many(texts: list[str], user, *, limit: int = 5,
                           exclude_inquiry_id: int | None = None) -> list[list[SimilarQuestion]]:
    """:func:`similar_questions` for several texts at once (a page with a panel per
    question), in as many queries as for one: the candidates of all texts in one UNION ALL
    (per :data:`SIMILAR_BATCH` texts), their details in one round."""
    tfs = [_query_terms(text) for text in texts]
    out: list[list] = [[] for _ in texts]
    if not any(tfs):
        return out
    df, total = _frequencies_and_total({t for tf in tfs for t in tf})
    picked = {}
    for slot, tf in enumerate(tfs):
        known = sorted((t for t in tf if df.get(t)), key=lambda t: (df[t], t))
        if known:
            # the rarest words, leaving out those in a great many texts (unless there is no
            # other)
            picked[slot] = ([t for t in known if df[t] <= SIMILAR_MAX_DF][:SIMILAR_TERMS]
                            or known[:1])
    if not picked:
        return out
    visible = _visible(user)
    slots = list(picked)
    rows = []
    for at in range(0, len(slots), SIMILAR_BATCH):
        arms = []
        for slot in slots[at:at + SIMILAR_BATCH]:
            match = _match_any(picked[slot])
            arms.append(sa.select(
                sa.literal(slot).label("slot"), SearchDoc.id, SearchDoc.question_id,
                SearchDoc.inquiry_id, SearchDoc.norm, SearchDoc.text)
                .select_from(match.from_.join(Inquiry, Inquiry.id == SearchDoc.inquiry_id))
                .where(match.where, SearchDoc.kind == "question",
                       Inquiry.state.in_(SIGNED_STATES), visible,
                       *([Inquiry.id != exclude_inquiry_id] if exclude_inquiry_id else []))
                .order_by(match.score.desc()).limit(SIMILAR_CANDIDATES).subquery().select())
        rows += db.session.execute(arms[0] if len(arms) == 1 else sa.union_all(*arms)).all()
    candidates: dict[int, list] = {}
    for row in rows:
        candidates.setdefault(row.slot, []).append(row)

    def idf(term: str) -> float:
        return math.log(1 + total / (1 + df.get(term, 1)))

    default_idf = math.log(1 + total / 2)
    best: dict[int, list] = {}
    for slot, found in candidates.items():
        query_vec = {t: n * idf(t) for t, n in tfs[slot].items()}
        query_norm = math.sqrt(sum(v * v for v in query_vec.values())) or 1.0
        scored = []
        for row in found:
            tf = Counter(row.norm.split())
            dot = sum(n * query_vec[t] * idf(t) for t, n in tf.items() if t in query_vec)
            doc_norm = math.sqrt(sum((n * (idf(t) if t in df else default_idf)) ** 2
                                     for t, n in tf.items())) or 1.0
            scored.append((dot / (query_norm * doc_norm), row))
        scored.sort(key=lambda s: (-s[0], s[1].id))
        best[slot] = scored[:limit]
    results = iter(_similar_results(user, [pair for slot in best for pair in best[slot]]))
    for slot, pairs in best.items():
        out[slot] = [next(results) for _ in pairs]
    return out


def _match_any(terms: list[str]) -> _Match:
    if _postgres():
        tsv = sa.literal_column("search_doc.tsv")
        tsquery = sa.func.websearch_to_tsquery(sa.literal_column("'german'"), " or ".join(terms))
        return _Match(where=tsv.op("@@")(tsquery), score=sa.func.ts_rank_cd(tsv, tsquery, 32),
                      from_=SearchDoc.__table__, rowid=SearchDoc.id)
    return _Match(
        where=sa.literal_column("search_fts").op("MATCH")(
            " OR ".join(f'"{t}"' for t in terms)),
        score=-sa.func.bm25(sa.literal_column("search_fts")),
        from_=_FTS.join(SearchDoc.__table__, SearchDoc.id == _FTS.c.rowid), rowid=_FTS.c.rowid)


def _similar_results(user, best) -> list[SimilarQuestion]:
    """The details of the chosen questions in two queries: the questions with their
    inquiries (visibility as a column) and parents, then their final answers and answering
    offices (or those of their parents) in one UNION ALL."""
    if not best:
        return []
    question_ids = list({row.question_id for _s, row in best})
    parent = sa.orm.aliased(Question)
    questions = {r.id: r for r in db.session.execute(
        sa.select(Question.id, Question.number, Question.parent_id,
                  parent.number.label("parent_number"), Inquiry.id.label("inquiry_id"),
                  Inquiry.number.label("inquiry_number"), Inquiry.received_on,
                  sa.case((Inquiry.visible_to(user), True), else_=False).label("viewable"))
        .join(Inquiry, Inquiry.id == Question.inquiry_id)
        .outerjoin(parent, parent.id == Question.parent_id)
        .where(Question.id.in_(question_ids)))}
    lookup = set(question_ids) | {r.parent_id for r in questions.values() if r.parent_id}
    answers: dict[int, str] = {}
    offices: dict[int, dict[int, Office]] = {}
    empty = sa.null().cast(sa.String)
    answer_rows = (
        sa.select(answer_question.c.question_id, Answer.text, sa.null().cast(sa.Integer),
                  empty, empty, sa.false())
        .join(Answer, Answer.id == answer_question.c.answer_id)
        .where(answer_question.c.question_id.in_(lookup), Answer.is_final))
    lead_rows = (
        sa.select(Assignment.question_id, empty, OrgUnit.id, OrgUnit.code, OrgUnit.name,
                  sa.false())
        .join(OrgUnit, OrgUnit.id == Assignment.org_unit_id)
        .where(Assignment.question_id.in_(lookup), Assignment.role == AssignmentRole.LEAD,
               Assignment.state.not_in((AssignmentState.RETURNED, AssignmentState.DRAFT))))
    guessed_rows = (
        sa.select(QuestionOffice.question_id, empty, OrgUnit.id, OrgUnit.code, OrgUnit.name,
                  QuestionOffice.guessed)
        .join(OrgUnit, OrgUnit.id == QuestionOffice.org_unit_id)
        .where(QuestionOffice.question_id.in_(lookup)))
    for qid, answer_text, unit_id, code, name, guessed in db.session.execute(
            sa.union_all(answer_rows, lead_rows, guessed_rows)):
        if unit_id is None:
            answers[qid] = answer_text
        else:
            offices.setdefault(qid, {})[unit_id] = Office(unit_id, code, name, bool(guessed))
    out = []
    for score, row in best:
        qid = row.question_id
        question = questions[qid]
        parent_id = question.parent_id
        answer_text = answers.get(qid) or (answers.get(parent_id) if parent_id else None)
        per_unit = offices.get(qid) or (offices.get(parent_id, {}) if parent_id else {})
        out.append(SimilarQuestion(
            question_id=qid, inquiry_id=question.inquiry_id, number=question.inquiry_number,
            question_number=_question_number(question.number, question.parent_number),
            received_on=question.received_on, question_text=row.text,
            answer_text=answer_text,
            offices=tuple(per_unit[u] for u in sorted(per_unit)),
            score=round(score, 4), viewable=bool(question.viewable)))
    return out
