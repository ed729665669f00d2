"""The real-inquiry corpus (``tests/data/real/inquiries``): loading the cases and scoring the
splitter against the hand-written expectations, per form and per field. Used by
``tests/drafting/test_real_corpus.py`` and ``bench/real_split.py``.

A case splits *exactly* when preamble, questions (numbers, texts) and parts all match; texts
are compared with white space folded (see ``tests/data/real/README.md``). Each metadata field
(number, date, subject, submitters, faction, body, lead_in, justification) is scored on its own.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "data" / "real" / "inquiries"
FIELDS = ("number", "date", "subject", "submitters", "faction", "body", "lead_in",
          "justification")
_SPACE = re.compile(r"\s+")
# Quote style is presentation: the repair turns "…" into „…“, the author may have typed either.
_QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‚": "'", "‘": "'",
                         "’": "'"})


@dataclass
class Case:
    slug: str
    path: Path
    form: str
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
        cases.append(Case(path.stem, path, data["form"], list(data.get("features", [])),
                          data["expected"], data["source"]))
    return cases


def fold(value):
    """White space folded, recursively (strings, lists, dicts); None stays None."""
    if isinstance(value, str):
        return _SPACE.sub(" ", value.translate(_QUOTES)).strip()
    if isinstance(value, list):
        return [fold(v) for v in value]
    if isinstance(value, dict):
        return {k: fold(v) for k, v in value.items()}
    return value


def split_shape(result: dict) -> dict:
    """The parts of a split that must match exactly: preamble and questions with parts."""
    return fold({
        "preamble": result.get("preamble") or "",
        "questions": [
            {"number": q["number"], "text": q["text"],
             "parts": [{"number": p["number"], "text": p["text"]} for p in q.get("parts", [])]}
            for q in result.get("questions", [])
        ],
    })


def field_value(result: dict, name: str):
    value = result.get(name)
    if name == "submitters" and value is None:
        value = []
    return fold(value)


@dataclass
class Score:
    cases: int = 0
    exact: int = 0
    fields: Counter = field(default_factory=Counter)
    fields_right: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def add(self, case: Case, actual: dict) -> None:
        self.cases += 1
        if split_shape(actual) == split_shape(case.expected):
            self.exact += 1
        else:
            self.failures.append(case.slug)
        for name in FIELDS:
            self.fields[name] += 1
            if field_value(actual, name) == field_value(case.expected, name):
                self.fields_right[name] += 1

    @property
    def exact_rate(self) -> float:
        return self.exact / self.cases if self.cases else 0.0

    @property
    def field_rate(self) -> float:
        total = sum(self.fields.values())
        return sum(self.fields_right.values()) / total if total else 0.0


def run_split(case: Case) -> dict:
    """The splitter's result for a case, as the CLI prints it (``split FILE --json``)."""
    from drafting.reading.document import read_path
    from drafting.splitting.segment import split

    document = read_path(case.text_path)
    result = split(document.text)
    data = result.to_dict()
    details = result.details()
    for key in ("lead_in", "faction", "body", "justification"):
        data.setdefault(key, details.get(key))
    return data


def score(cases: list[Case]) -> tuple[Score, dict[str, Score]]:
    """The whole corpus and per form."""
    total, by_form = Score(), {}
    for case in cases:
        actual = run_split(case)
        total.add(case, actual)
        by_form.setdefault(case.form, Score()).add(case, actual)
    return total, by_form
