"""The inquiry corpus: every ``tests/data/inquiries/NAME.txt`` splits exactly into ``NAME.json``.

The expected JSON is what ``python -m drafting split NAME.txt --json`` prints: reading
warnings first, then the warnings of the split.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drafting.reading.document import read_path
from drafting.splitting.segment import split

DATA = Path(__file__).resolve().parents[1] / "data"
CORPUS = DATA / "inquiries"
CASES = sorted(CORPUS.glob("*.txt"))


def split_file(path: Path) -> dict:
    document = read_path(path)
    result = split(document.text)
    result.warnings[:0] = document.warnings
    return result.to_dict()


def test_corpus_is_large_enough_and_complete():
    assert len(CASES) >= 30
    for case in CASES:
        assert case.with_suffix(".json").exists(), case.name


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_corpus_case(case: Path):
    expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
    assert split_file(case) == expected


def test_reference_inquiry_matches_the_repaired_text():
    repaired = (DATA / "reference" / "inquiry.txt").read_text(encoding="utf-8").strip()
    paragraphs = repaired.split("\n\n")
    result = split_file(CORPUS / "reference-einbuergerung-extrahiert.txt")
    assert result["preamble"] == "\n\n".join(paragraphs[:2])
    assert [q["number"] for q in result["questions"]] == ["1", "2", "3", "4"]
    assert [f"{q['number']}. {q['text']}" for q in result["questions"]] == paragraphs[2:]
