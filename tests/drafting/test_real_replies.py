"""The reply parser on real published replies (``tests/data/real/replies``, see the "Replies"
section of ``tests/data/real/README.md``; ``bench/real_replies.py`` prints the same figures with
failures and speed). Goal of issue 16: at least 90 % of the answer items right (start and end of
each answer, and which questions it answers)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from real_replies import CORPUS, FIELDS, load_cases, score

ITEMS_FLOOR = 0.90
RESERVED_REPOSITORIES = {"felixkhaj/niedersachsen-anfragen", "technologiestiftung/parla-api"}
ALLOWED_DRESDEN_PAPERS = (range(2000, 5000), range(7000, 10000))

CASES = load_cases()
pytestmark = pytest.mark.skipif(not CASES, reason="no reply corpus under tests/data/real/replies")


def test_every_case_has_its_text_and_source_and_comes_from_no_reserved_source():
    for case in CASES:
        assert case.text_path.exists(), case.slug
        assert case.source.get("repository") and case.source.get("path"), case.slug
        repository = case.source["repository"].lower()
        assert repository not in RESERVED_REPOSITORIES, case.slug
        assert not (repository == "robbi5/kleineanfragen" and "saarland" in case.source["path"].lower())
        if repository == "offenesdresden/dresden-ratsinfo" and case.source.get("paper"):
            paper = re.fullmatch(r"anfragen/(\d+)\.json", case.source["paper"])
            assert paper and any(int(paper.group(1)) in r for r in ALLOWED_DRESDEN_PAPERS), case.slug


def test_expected_results_have_the_fields_of_split_reply():
    for path in sorted(CORPUS.glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))["expected"]
        assert {"questions", "answers"} <= set(expected), path.name
        assert set(expected) <= {*FIELDS, "questions", "answers"}, path.name


def test_at_least_90_percent_of_the_answer_items_are_right():
    total = score(CASES)
    print(f"\nAntwortabschnitte richtig: {total.right}/{total.items} ({100 * total.rate:.1f} %), "
          f"exakt {total.exact}/{total.items}; Fragen {total.questions_right}/{total.questions}")
    for tag, (right, items) in sorted(total.by_feature.items()):
        print(f"  {tag:<20} {right:>4}/{items:<4}")
    for name in FIELDS:
        print(f"  Feld {name:<15} {total.fields_right[name]:>4}/{total.fields[name]:<4}")
    failures = {slug: (r.right, r.items, r.error) for slug, r in total.failures.items()}
    assert total.rate >= ITEMS_FLOOR, (total.rate, failures)
