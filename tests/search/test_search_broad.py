"""A query whose words are in a great many texts ranks only the newest matches
(``engine.BROAD``): those are found with the same hits, scores and facets as when every
match is ranked, best first (on PostgreSQL the rank is computed after the cut)."""

from __future__ import annotations

from datetime import date

import pytest

from inquiry_app.search import Filters, SearchQuery, engine, search
from tests import factories as f
from tests.search.archive import archived

pytestmark = pytest.mark.usefixtures("app")


def test_the_newest_matches_are_ranked_like_all_matches(w, monkeypatch):
    for n, text in enumerate(["Wie viele Schlaglöcher gibt es in Pieschen?",
                              "Wie viele Schlaglöcher, Schlaglöcher und Risse gibt es?",
                              "Wann werden die Schlaglöcher am Albertplatz geschlossen?"]):
        archived([(text, f"Es gibt {n + 3} Schlaglöcher.")], subject="Straßenschäden",
                 received_on=date(1999, 3, 1 + n), office=w.lead_unit)
    f.stored()
    query = SearchQuery("Schlaglöcher", filters=Filters(years=(1999,)))
    ranked = search(w.admin, query)
    monkeypatch.setattr(engine, "BROAD", 0)
    newest = search(w.admin, query)
    assert ranked.total == newest.total == 3
    assert [(h.number, h.kind, h.score) for h in newest.hits] == \
        [(h.number, h.kind, h.score) for h in ranked.hits]
    assert [h.score for h in newest.hits] == sorted((h.score for h in newest.hits),
                                                    reverse=True)
    assert newest.hits[0].score > newest.hits[-1].score
    assert newest.facets == ranked.facets
    assert "<mark>" in newest.hits[0].snippet
