"""The real-reply corpus (``tests/data/real/replies``): loading the cases and scoring
:func:`drafting.replies.split_reply` against the hand-written expectations. Used by
``tests/drafting/test_real_replies.py`` and ``bench/real_replies.py``.

Metric (see ``tests/data/real/README.md``, section "Replies"):

* An expected answer item is *right* when an item of the result names the same set of question
  labels (``["1", "2.a"]``) and its text, with white space folded (quote style and list
  bullets "•" ignored: the corpus writers differ on keeping them),
  starts with the same 60 characters and ends with the same 60 characters as the expected
  text — "start and end of each answer, and which questions it answers" (issue 16). It is
  *exact* when the whole folded text is equal. An interim notice counts as one item: right
  when the result says ``interim`` and has no answers.
* A question is right when number, folded text and parts are equal.
* Metadata fields (number, date, inquiry_date, subject, salutation, remark, preamble,
  closing, signer, interim) are compared one by one after folding.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from real_corpus import fold as fold_text

CORPUS = Path(__file__).resolve().parent / "data" / "real" / "replies"
FIELDS = ("number", "date", "inquiry_date", "subject", "salutation", "remark", "preamble",
          "closing", "signer", "interim")
EDGE = 60  # characters compared at the start and at the end of an answer
_BULLETS = re.compile(r"(?:^|(?<=\s))[•▪◦●■►➢∙](?=\s|$)")


@dataclass
class Case:
    slug: str
    path: Path
    features: list[str]
    expected: dict
    source: dict

    @property
    def text_path(self) -> Path:
        return self.path.with_suffix(".txt")


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        cases.append(Case(path.stem, path, list(data.get("features", [])), data["expected"],
                          data.get("source", {})))
    return cases


def fold(value):
    """White space folded, quote style and list bullets ignored, recursively (see
    :func:`real_corpus.fold`); None stays None."""
    if isinstance(value, str):
        return fold_text(_BULLETS.sub(" ", value))
    if isinstance(value, list):
        return [fold(v) for v in value]
    if isinstance(value, dict):
        return {k: fold(v) for k, v in value.items()}
    return value


def _edges(text: str) -> tuple[str, str]:
    folded = fold(text or "")
    return folded[:EDGE], folded[-EDGE:]


def answer_matches(expected: dict, actual: dict, *, exact: bool = False) -> bool:
    if set(expected["questions"]) != set(actual["questions"]):
        return False
    if exact:
        return fold(expected["text"]) == fold(actual["text"])
    return _edges(expected["text"]) == _edges(actual["text"])


def _question_shape(question: dict) -> dict:
    return fold({"number": question["number"], "text": question["text"],
                 "parts": [{"number": p["number"], "text": p["text"]}
                           for p in question.get("parts", [])]})


@dataclass
class CaseScore:
    items: int = 0
    right: int = 0
    exact: int = 0
    questions: int = 0
    questions_right: int = 0
    fields_right: dict[str, bool] = field(default_factory=dict)
    error: str | None = None


def score_case(case: Case, actual: dict | None, error: str | None = None) -> CaseScore:
    expected = case.expected
    result = CaseScore(error=error)
    actual = actual or {"answers": [], "questions": [], "interim": False}
    if expected.get("interim"):
        result.items = 1
        ok = bool(actual.get("interim")) and not actual.get("answers")
        result.right = result.exact = int(ok)
    else:
        remaining = list(actual.get("answers", []))
        for item in expected["answers"]:
            result.items += 1
            match = next((a for a in remaining if answer_matches(item, a)), None)
            if match is not None:
                remaining.remove(match)
                result.right += 1
                result.exact += int(answer_matches(item, match, exact=True))
    wanted = [_question_shape(q) for q in expected.get("questions", [])]
    got = [_question_shape(q) for q in actual.get("questions", [])]
    result.questions = len(wanted)
    result.questions_right = sum(1 for q in wanted if q in got)
    for name in FIELDS:
        want = expected.get(name)
        have = actual.get(name)
        if name == "interim":
            want, have = bool(want), bool(have)
        result.fields_right[name] = fold(want) == fold(have)
    return result


@dataclass
class Score:
    cases: int = 0
    items: int = 0
    right: int = 0
    exact: int = 0
    questions: int = 0
    questions_right: int = 0
    fields: Counter = field(default_factory=Counter)
    fields_right: Counter = field(default_factory=Counter)
    by_feature: dict[str, list[int]] = field(default_factory=dict)  # tag -> [right, items]
    failures: dict[str, CaseScore] = field(default_factory=dict)

    def add(self, case: Case, result: CaseScore) -> None:
        self.cases += 1
        self.items += result.items
        self.right += result.right
        self.exact += result.exact
        self.questions += result.questions
        self.questions_right += result.questions_right
        for name, ok in result.fields_right.items():
            self.fields[name] += 1
            self.fields_right[name] += int(ok)
        for tag in case.features:
            counts = self.by_feature.setdefault(tag, [0, 0])
            counts[0] += result.right
            counts[1] += result.items
        if result.right < result.items or result.error:
            self.failures[case.slug] = result

    @property
    def rate(self) -> float:
        return self.right / self.items if self.items else 0.0


def run_reply(case: Case) -> tuple[dict | None, str | None]:
    """The result of ``split-reply`` for a case (as ``--json`` prints it), or the error."""
    from drafting.errors import DraftingInputError
    from drafting.reading.document import read_path
    from drafting.replies import split_reply

    try:
        return split_reply(read_path(case.text_path).text), None
    except DraftingInputError as exc:
        return None, str(exc)


def score(cases: list[Case]) -> Score:
    total = Score()
    for case in cases:
        actual, error = run_reply(case)
        total.add(case, score_case(case, actual, error))
    return total
