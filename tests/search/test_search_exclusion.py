"""Leaving words out (issue 16, item 3): ``Brücke -Elbe`` finds texts (a subject, question or
answer) with „Brücke“ but without „Elbe“ (in any form and as part of a compound), on SQLite
FTS5 and PostgreSQL; a query of excluded words only searches nothing and says why."""

from __future__ import annotations

from datetime import date

import pytest

from inquiry_app.search import Filters, SearchQuery, search
from tests import factories as f
from tests.search.archive import archived

pytestmark = pytest.mark.usefixtures("app")

Y = date(1998, 4, 1)


def numbers(user, text):
    return [h.number for h in search(user, SearchQuery(text, filters=Filters(years=(1998,)))).hits]


@pytest.fixture
def bridges(session):
    w = f.world()
    elbe = archived([("Wann wird die Brücke über die Elbe saniert?", "")], subject="Bauwerke",
                    received_on=Y)
    canal = archived([("Wann wird die Brücke über den Kanal saniert?", "")], subject="Bauwerke",
                     received_on=Y)
    meadows = archived([("Wie werden die Elbwiesen an der Brücke gemäht?", "")],
                       subject="Bauwerke", received_on=Y)
    f.stored()
    return w, elbe, canal, meadows


def test_a_word_after_a_minus_leaves_its_texts_out(bridges):
    w, elbe, canal, meadows = bridges
    assert set(numbers(w.admin, "Brücke")) == {elbe.number, canal.number, meadows.number}
    assert set(numbers(w.admin, "Brücke -Elbe")) == {canal.number, meadows.number}
    assert set(numbers(w.admin, "saniert -Kanal")) == {elbe.number}
    # any form of the word, and a compound with it as a part, count as the word
    assert set(numbers(w.admin, "Brücke -Brücken")) == set()
    assert set(numbers(w.admin, "Brücke -Kanal -Elbe")) == {meadows.number}


def test_a_hyphen_inside_a_word_is_not_an_exclusion(bridges):
    w, elbe, _canal, _meadows = bridges
    assert numbers(w.admin, "Elbe-Brücke") == [elbe.number]


def test_excluded_words_alone_search_nothing_and_say_why(bridges):
    w, *_ = bridges
    result = search(w.admin, SearchQuery("-Elbe", filters=Filters(years=(1998,))))
    assert result.hits == []
    assert "mindestens einen Suchbegriff ohne „-“" in result.message
