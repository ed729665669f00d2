"""A full retrain sums the stored decisions in bulk (numpy); it must give exactly the counts
that learning the same decisions one at a time gives (``Counts``), whatever the chunking."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.routing.model import BulkCounts, Counts, encode_features

UNITS = ["10", "32", "40", "66", "OB"]
FEATURES = [f"w:{word}" for word in ("schul", "brück", "kita", "gebühr", "straß", "baum")] + [
    "t:verkehr", "p:sanier", "w:mit leerzeichen", "w:ümlaut"]

decisions = st.lists(
    st.tuples(st.sampled_from(UNITS), st.booleans(),
              st.dictionaries(st.sampled_from(FEATURES),
                              st.floats(min_value=0.0001, max_value=40, allow_nan=False),
                              max_size=8)),
    max_size=60)


def _one_by_one(rows):
    counts = Counts()
    for unit, negative, text in rows:
        counts.add(unit, negative, json.loads(text))
    return counts


def _bulk(rows, chunk: int, reduce_at: int):
    counts = BulkCounts()
    counts.REDUCE_AT = reduce_at
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        counts.add_stored([u for u, _, _ in part], [n for _, n, _ in part],
                          [t for _, _, t in part])
    return counts


@settings(max_examples=150, deadline=None)
@given(decisions, st.integers(min_value=1, max_value=25), st.integers(min_value=1, max_value=50))
def test_bulk_counts_equal_the_counts_learned_one_at_a_time(raw, chunk, reduce_at):
    rows = [(unit, negative, encode_features(features)) for unit, negative, features in raw]
    expected = _one_by_one(rows)
    got = _bulk(rows, chunk, reduce_at)

    assert got.examples == expected.examples == len(rows)
    assert dict(got.df_rows()) == {f: n for f, n in expected.df.items() if n}
    units = set(expected.positives) | set(expected.negatives)
    assert {u: (p, n) for u, p, n in got.unit_rows()} == {
        u: (expected.positives[u], expected.negatives[u]) for u in units}
    want = {(u, f): (w, n) for u, f, w, n in expected.unit_features()}
    have = {(u, f): (w, n) for u, f, w, n in got.unit_features()}
    assert have.keys() == want.keys()
    for key, (weight, seen) in want.items():
        assert have[key][0] == pytest.approx(weight, rel=1e-9, abs=1e-12)
        assert have[key][1] == seen


def test_an_empty_history_has_no_counts():
    counts = BulkCounts()
    counts.add_stored([], [], [])
    assert counts.examples == 0
    assert list(counts.df_rows()) == [] and list(counts.unit_features()) == []


def test_a_decision_without_features_still_counts_for_its_unit():
    counts = BulkCounts()
    counts.add_stored(["66", "66"], [False, True], ["", "{}"])
    assert list(counts.unit_rows()) == [("66", 1, 1)]
    assert list(counts.unit_features()) == []
