"""Retrieval quality on real questions asked again (issue 16): the pairs of
``tests/data/real/repeated-questions.json`` (a question and the same question asked again
in a later year) among their distractors and every question of the real inquiry corpus.

Each question of the pool becomes an archived (imported, published) inquiry received on
the question's date. For each pair, the later question is looked up with
:func:`inquiry_app.search.similar_questions`, as the reuse panel does while its answer is
written; the pair counts as found when the earlier question is among the first five of
the results received before the later one (what existed when it was asked)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from inquiry_app.search import similar_questions

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
TOP = 5
#: results asked for before dropping those received after the query (series of the same
#: question asked every year compete for the places)
CANDIDATES = 40


@dataclass(frozen=True)
class Side:
    text: str
    received_on: date
    label: str  # "18/1399 Frage 1", "dd-af-2968 Frage 4"


@dataclass(frozen=True)
class Outcome:
    topic: str
    doubtful: bool
    rank: int | None  # 1-based among the earlier results, None if not in the candidates

    @property
    def found(self) -> bool:
        return self.rank is not None and self.rank <= TOP


def _date(text: str | None, fallback: date) -> date:
    if not text:
        return fallback
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], *([*parts[1:], 1, 1])[:2])


def _corpus() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))["expected"]
            for p in sorted((REAL / "inquiries").glob("*.json"))}


def _questions(expected: dict):
    for question in expected["questions"]:
        yield question["number"], question["text"]
        for part in question.get("parts") or ():
            yield f"{question['number']}.{part['number']}", part["text"]


def _side(entry: dict, corpus: dict[str, dict]) -> Side:
    if "slug" in entry:
        expected = corpus[entry["slug"]]
        texts = dict(_questions(expected))
        return Side(texts[entry["question_number"]], _date(expected.get("date"), date(2000, 1, 1)),
                    f"{entry['slug']} Frage {entry['question_number']}")
    return Side(entry["text"], _date(entry.get("date"), date(2000, 1, 1)),
                f"{entry.get('number') or entry['source'].get('document', '?')} "
                f"Frage {entry['question_number']}")


def load() -> tuple[list[tuple[dict, Side, Side]], list[Side]]:
    """The pairs (entry, earlier, later) and the pool: every side, distractor and corpus
    question once."""
    data = json.loads((REAL / "repeated-questions.json").read_text(encoding="utf-8"))
    corpus = _corpus()
    pairs = [(p, _side(p["earlier"], corpus), _side(p["later"], corpus)) for p in data["pairs"]]
    pool: dict[tuple[str, date], Side] = {}
    for _p, earlier, later in pairs:
        pool.setdefault((earlier.text, earlier.received_on), earlier)
        pool.setdefault((later.text, later.received_on), later)
    for entry in data["distractors"]:
        side = _side(entry, corpus)
        pool.setdefault((side.text, side.received_on), side)
    for slug, expected in corpus.items():
        received = _date(expected.get("date"), date(2000, 1, 1))
        for number, text in _questions(expected):
            pool.setdefault((text, received), Side(text, received, f"{slug} Frage {number}"))
    return pairs, list(pool.values())


def evaluate(user, archive, settle=lambda: None) -> tuple[list[Outcome], int]:
    """Builds the pool with ``archive(text, received_on) -> (inquiry id, question id)``,
    calls ``settle()`` (the index is written at commit) and looks up every pair's later
    question; returns the outcomes and the pool size."""
    pairs, pool = load()
    ids = {(s.text, s.received_on): archive(s.text, s.received_on) for s in pool}
    settle()
    outcomes = []
    for entry, earlier, later in pairs:
        later_inquiry, _q = ids[(later.text, later.received_on)]
        _i, wanted = ids[(earlier.text, earlier.received_on)]
        found = similar_questions(later.text, user, limit=CANDIDATES,
                                  exclude_inquiry_id=later_inquiry)
        before = [s.question_id for s in found if s.received_on < later.received_on]
        rank = before.index(wanted) + 1 if wanted in before else None
        outcomes.append(Outcome(entry["topic"], bool(entry.get("doubtful")), rank))
    return outcomes, len(pool)


def report(outcomes: list[Outcome], pool: int) -> str:
    sure = [o for o in outcomes if not o.doubtful]
    lines = [f"pool: {pool} real questions; pairs: {len(outcomes)} ({len(sure)} not doubtful)"]
    for title, group in (("not doubtful", sure), ("all", outcomes)):
        found = sum(o.found for o in group)
        lines.append(f"top-{TOP} {title}: {found}/{len(group)} = {found / len(group):.1%}")
    ranks = [o.rank for o in sure if o.rank is not None]
    lines.append(f"rank 1: {sum(r == 1 for r in ranks)}/{len(sure)}")
    for o in outcomes:
        if not o.found:
            lines.append(f"  missed{' (doubtful)' if o.doubtful else ''}: {o.topic} "
                         f"(rank {o.rank})")
    return "\n".join(lines)
