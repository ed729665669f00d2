"""Full-text search over inquiries, questions and answers, and similar past questions.

One interface over two engines: SQLite FTS5 over lemma-normalised text and PostgreSQL full
text (``tsvector`` with the ``german`` configuration, GIN index, ``websearch_to_tsquery``).
The views, the CLI (``flask archive search``) and the reuse panels use only what this
module exports: the value types below and ``search()``, ``similar_questions()``,
``reindex_inquiry()``, ``reindex_all()`` (implemented in :mod:`inquiry_app.search.engine`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup

from inquiry_app.models.enums import InquiryState

#: where a hit matched
KINDS = {"inquiry": "Anfrage", "question": "Frage", "answer": "Antwort"}
SORTS = {"relevanz": "Relevanz", "datum": "Datum"}


@dataclass(frozen=True)
class Filters:
    """Narrowing of a search; an empty tuple means no restriction."""

    years: tuple[int, ...] = ()  # year of receipt
    body_ids: tuple[int, ...] = ()
    faction_ids: tuple[int, ...] = ()
    member_ids: tuple[int, ...] = ()  # councillors (submitters)
    unit_ids: tuple[int, ...] = ()  # offices: lead assignment or (imported) question_office
    states: tuple[InquiryState, ...] = ()
    overdue: bool = False  # not answered (signed/sent/published/withdrawn) and due_on < today
    kinds: tuple[str, ...] = ()  # keys of KINDS


@dataclass(frozen=True)
class SearchQuery:
    text: str
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevanz"  # key of SORTS; "datum" is newest first
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class Hit:
    inquiry_id: int
    number: str
    subject: str
    received_on: date
    state: InquiryState
    kind: str  # key of KINDS
    question_id: int | None
    question_number: str | None  # as a reader refers to it: "2", "2 a)"
    snippet: Markup  # escaped text with the matched words in <mark>
    score: float  # higher is better; comparable within one result
    #: the user may open the inquiry page; otherwise the hit links to the public page (only
    #: published inquiries are shown to users who may not view them)
    viewable: bool
    imported: bool = False


@dataclass(frozen=True)
class FacetValue:
    value: str  # as it goes into the query string
    label: str
    count: int


@dataclass
class Result:
    query: SearchQuery
    hits: list[Hit]
    total: int
    #: ``total`` is a lower bound ("mehr als 1.000 Treffer"): counting stopped there
    total_is_lower_bound: bool = False
    #: facet name ("jahr", "gremium", "fraktion", "person", "amt", "status", "art") -> values
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: a German message for the user when the query could not be used as typed
    message: str | None = None


@dataclass(frozen=True)
class Office:
    unit_id: int
    code: str
    name: str
    guessed: bool  # chosen by the router for an imported question


@dataclass(frozen=True)
class SimilarQuestion:
    """A past question like the one being answered, with its final answer."""

    question_id: int
    inquiry_id: int
    number: str  # the inquiry's number, "AF1234/24"
    question_number: str
    received_on: date
    question_text: str
    answer_text: str | None  # the final answer (is_final) to this question, if any
    offices: tuple[Office, ...]
    score: float
    viewable: bool


from inquiry_app.search.engine import (  # noqa: E402
    search,
    similar_questions,
    similar_questions_many,
)
from inquiry_app.search.index import reindex_all, reindex_inquiry  # noqa: E402

__all__ = [
    "KINDS", "SORTS", "FacetValue", "Filters", "Hit", "Office", "Result", "SearchQuery",
    "SimilarQuestion", "reindex_all", "reindex_inquiry", "search", "similar_questions",
    "similar_questions_many",
]
