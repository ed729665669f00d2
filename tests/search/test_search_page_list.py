"""The inquiry list's search (``/anfragen/?q=``) goes through the full-text search: words of
questions and answers find their inquiry (each once, in the list's layout), the state and
task filters still apply, the list links to the search page with the same words, and a
department never sees another office's inquiry there."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import factories
import pytest
from factories import login
from html_tree import parse

from tests.search.search_page_data import ANSWER_ONLY, HIDDEN, SHARED, ZOO, build_corpus, indexed

OWN = "Nasenbärhaus"
MANY = "Erdmännchenhügel"


@pytest.fixture
def corpus(world):
    return build_corpus(world)


def listed(browser, **params) -> list[str]:
    response = browser.get("/anfragen/", query_string=params)
    assert response.status_code == 200
    tree = parse(response.get_data(as_text=True))
    return [row.find("td").text for row in tree.find_all("tr", class_="kern-table__row")
            if row.find("td") is not None]


def test_words_of_questions_and_answers_find_each_inquiry_once(browser, world, corpus):
    login(browser, world.council_office)
    # Tapirweide: in the subject and question 2 of one, in the answer of the other
    assert sorted(listed(browser, q=SHARED)) == sorted(
        [corpus.received.number, corpus.archived.number])
    # a word only in an answer
    assert listed(browser, q=ANSWER_ONLY) == [corpus.archived.number]
    assert listed(browser, q=SHARED, status="published") == [corpus.archived.number]
    assert listed(browser, q=SHARED, status="received,published", sortierung="frist") == [
        corpus.received.number, corpus.archived.number]
    # the number still finds its inquiry
    assert listed(browser, q=corpus.zoo.number.removeprefix("AF")) == [corpus.zoo.number]
    page = parse(browser.get("/anfragen/", query_string={"q": SHARED}).get_data(as_text=True))
    link = page.one("a", href=f"/suche?q={SHARED}")
    assert link.text == "In der Suche öffnen"
    assert parse_qs(urlsplit(link.attrs["href"]).query) == {"q": [SHARED]}
    nothing = browser.get("/anfragen/?q=Schnabeltierkoppel").get_data(as_text=True)
    assert "Keine Treffer" in nothing


def test_department_list_search_keeps_its_task_and_its_limits(browser, world, corpus):
    own = factories.routed(factories.councillor_inquiry(
        world, [f"Wann öffnet das {OWN}?"], subject="Zoo-Neubau"),
        world.council_office, [world.lead_unit])
    indexed()
    login(browser, world.lead_clerk)
    assert listed(browser, q=OWN, aufgabe="zuweisungen") == [own.number]
    assert listed(browser, q=ZOO, aufgabe="zuweisungen") == []  # answered: no open work
    assert listed(browser, q=ZOO) == [corpus.zoo.number]
    assert listed(browser, q=HIDDEN) == []
    login(browser, world.other_clerk)
    assert listed(browser, q=HIDDEN) == [corpus.hidden.number]
    assert listed(browser, q=OWN) == []


def test_many_hits_list_the_newest_with_a_note(browser, world, monkeypatch):
    from inquiry_app.search import querying

    monkeypatch.setattr(querying, "LIST_HITS", 3)
    items = [factories.councillor_inquiry(world, 1, subject=f"{MANY} {i}",
                                          received_on=date(2025, 3, 3 + i)) for i in range(5)]
    indexed()
    login(browser, world.council_office)
    newest = [i.number for i in reversed(items)][:3]
    assert listed(browser, q=MANY) == newest
    page = browser.get("/anfragen/", query_string={"q": MANY}).get_data(as_text=True)
    assert "höchstens 3 (die neuesten)" in page
    assert len(listed(browser, q=MANY, sortierung="frist")) == 3
