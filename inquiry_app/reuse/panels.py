"""What the reuse panels show: per question the similar past questions with a snippet of their
final answer and a link, and for the routing page who answered them."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for
from markupsafe import Markup

from inquiry_app import search
from inquiry_app.models import Question, User
from inquiry_app.reuse.figures import counted, figures, highlighted
from inquiry_app.reuse.operations import PastText, ReuseError, past_text
from inquiry_app.search import Office, SimilarQuestion

LIMIT = 5
SNIPPET_CHARS = 180


def question_text(question: Question) -> str:
    """What a question asks, with its sub-questions a), b) (loaded with the inquiry)."""
    return "\n".join([question.text, *(p.text for p in question.sub_questions)])


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of ``text`` on one line, cut at a word with "…" when longer than ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + " …"


def link(similar: SimilarQuestion) -> str:
    """The past inquiry: its page for who may open it, else its public page."""
    if similar.viewable:
        return url_for("inquiries.detail", id=similar.inquiry_id)
    return url_for("public.detail", id=similar.inquiry_id)


def reference(similar: SimilarQuestion) -> str:
    """"AF1234/24, Frage 2" as the provenance and the lists name it."""
    return f"{similar.number}, Frage {similar.question_number}"


@dataclass(frozen=True)
class PastAnswer:
    """One similar past question as a panel lists it."""

    similar: SimilarQuestion
    link: str
    snippet: str
    shortened: bool  # the snippet is not the whole answer (the page offers it in <details>)

    @property
    def reference(self) -> str:
        return reference(self.similar)


def past_answers(similar: list[SimilarQuestion]) -> list[PastAnswer]:
    items = []
    for s in similar:
        text = s.answer_text or ""
        short = snippet(text)
        items.append(PastAnswer(s, link(s), short, short != " ".join(text.split())))
    return items


def similar_for(questions: list[Question], user: User, *, exclude_inquiry_id: int | None,
                limit: int = LIMIT) -> dict[int, list[SimilarQuestion]]:
    """Question id -> the most similar past questions the user may see (best first); as
    many queries for thirty questions as for one."""
    found = search.similar_questions_many([question_text(q) for q in questions], user,
                                          limit=limit, exclude_inquiry_id=exclude_inquiry_id)
    return {q.id: similar for q, similar in zip(questions, found, strict=True)}


def panels_for(questions: list[Question], user: User, *, exclude_inquiry_id: int | None
               ) -> dict[int, list[PastAnswer]]:
    """Question id -> the panel's items: similar past questions that have a final answer."""
    found = similar_for(questions, user, exclude_inquiry_id=exclude_inquiry_id)
    return {qid: past_answers([s for s in similar if (s.answer_text or "").strip()])
            for qid, similar in found.items()}


# --- the routing page: who answered similar questions before ----------------------------

@dataclass
class OfficeRecord:
    """An office that answered some of the similar past questions."""

    office: Office
    count: int = 0
    guessed: int = 0  # of them only guessed by the router (imported questions)
    questions: list[tuple[str, str]] = field(default_factory=list)  # (reference, link)

    @property
    def label(self) -> str:
        return f"{self.office.code} {self.office.name}"

    @property
    def note(self) -> str:
        """"3×", "1×, vermutet", "3×, davon 1 vermutet"."""
        if not self.guessed:
            return f"{self.count}×"
        if self.guessed == self.count:
            return f"{self.count}×, vermutet"
        return f"{self.count}×, davon {self.guessed} vermutet"


def offices_before(similar: list[SimilarQuestion]) -> list[OfficeRecord]:
    """The offices of the similar past questions, most often first, each with its questions."""
    records: dict[int, OfficeRecord] = {}
    for s in similar:
        for office in s.offices:
            record = records.setdefault(office.unit_id, OfficeRecord(office))
            record.count += 1
            record.guessed += office.guessed
            record.questions.append((reference(s), link(s)))
    return sorted(records.values(), key=lambda r: (-r.count, r.guessed, r.office.code))


# --- after an insert: the inserted answer with its figures marked ------------------------

@dataclass(frozen=True)
class Check:
    past: PastText
    text: Markup  # the inserted answer and provenance, figures in <mark>
    summary: str  # "3 Zahlen und 1 Datum" ("" without figures)


def inserted_check(question_id: int | None, user: User, *, into_inquiry_id: int) -> Check | None:
    """The "Bitte prüfen" box after the answer to past question ``question_id`` was inserted
    (the page's ``uebernommen`` argument); None when there is nothing the user may see."""
    if not question_id:
        return None
    try:
        past = past_text(question_id, user, into_inquiry_id=into_inquiry_id)
    except ReuseError:
        return None
    return Check(past, highlighted(past.text), counted(figures(past.text)))
