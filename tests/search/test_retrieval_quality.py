"""Retrieval quality (issue 16): on real questions asked again in a later year, the earlier
question is among the top five similar questions for at least 90 % of the pairs (the pairs
not marked doubtful; all pairs are reported). See tests/search/retrieval.py."""

from __future__ import annotations

import pytest

from tests import factories as f
from tests.search.archive import archived
from tests.search.retrieval import evaluate, report

pytestmark = pytest.mark.usefixtures("app")


def test_the_earlier_question_is_among_the_top_five_for_nine_in_ten_pairs(session):
    w = f.world()

    def archive(text, received_on):
        item = archived([(text, "")], subject=text[:80], received_on=received_on)
        return item.id, item.questions[0].id

    outcomes, pool = evaluate(w.admin, archive, f.stored)
    print("\n" + report(outcomes, pool))
    sure = [o for o in outcomes if not o.doubtful]
    assert len(sure) >= 40
    assert sum(o.found for o in sure) / len(sure) >= 0.90, report(outcomes, pool)
