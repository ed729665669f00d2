"""The search page (``/suche``) as a user tries it: words found in inquiries, questions and
answers with the matched words marked, filters and facet counts that narrow the hits, only
what the user may see (another office's unpublished inquiry never; published ones via the
public page), paging, hostile input without an error page, the link in the header, and the
inquiry list's ``q=`` going through the same search."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import factories
import pytest
from factories import login
from html_tree import parse

from inquiry_app.search import KINDS
from tests.search.search_page_data import (
    ANSWER_ONLY,
    HIDDEN,
    PAGED,
    PUBLIC,
    SHARED,
    ZOO,
    build_corpus,
    count_in,
    facet_boxes,
    hit_numbers,
    hits,
    indexed,
    link_of,
    place,
    search_page,
    snippet,
    status_text,
)


@pytest.fixture
def corpus(world):
    return build_corpus(world)



def test_words_are_found_and_marked_with_a_link_to_the_question(browser, world, corpus):
    login(browser, world.council_office)
    tree = search_page(browser, q=ZOO)
    assert hit_numbers(tree) == [corpus.zoo.number]
    assert status_text(tree) == "1 Treffer"
    hit = hits(tree)[0]
    assert place(hit) == "Frage 1"
    assert [m.text for m in hit.find_all("mark")] == [ZOO]
    assert snippet(hit) == f"Wie groß ist das {ZOO} im Zoo?"
    question = corpus.zoo.questions[0]
    assert link_of(hit) == f"/anfragen/{corpus.zoo.id}#frage-{question.id}"
    # the anchor exists on the inquiry page
    detail = parse(browser.get(link_of(hit)).get_data(as_text=True))
    assert detail.one(id=f"frage-{question.id}").text.startswith("1.")


def test_words_of_a_published_answer_are_found(browser, world, corpus):
    login(browser, world.council_office)
    tree = search_page(browser, q=ANSWER_ONLY)
    assert hit_numbers(tree) == [corpus.archived.number]
    hit = hits(tree)[0]
    assert place(hit) == "Antwort auf Frage 1"
    assert "2.000 Quadratmetern" in snippet(hit)
    assert [m.text for m in hit.find_all("mark")] == [ANSWER_ONLY]
    assert "importiert" in hit.find("p", class_="app-hit__meta").text
    assert link_of(hit) == (f"/anfragen/{corpus.archived.id}"
                            f"#frage-{corpus.archived.questions[0].id}")


def test_a_compound_is_found_by_its_part(browser, world, corpus):
    login(browser, world.council_office)
    tree = search_page(browser, q="Einbürgerung", fraktion=str(corpus.zoo.faction_id))
    assert hit_numbers(tree) == [corpus.zoo.number]
    assert "Einbürgerungsanträge" in snippet(hits(tree)[0])
    assert hits(tree)[0].find("mark") is not None


def test_page_is_labelled_for_screen_readers(browser, world, corpus):
    login(browser, world.council_office)
    tree = search_page(browser, q=SHARED)
    assert tree.one("h1").text == "Suche"
    form = tree.one("form", role="search", action="/suche")
    assert form.attrs["method"] == "get"
    field = form.one("input", id="q")
    assert field.attrs["name"] == "q" and form.one("label", **{"for": "q"}).text == "Suchbegriff"
    for name in ("fraktion", "jahr", "status", "art"):
        fieldset = form.one("fieldset", id=name)
        assert fieldset.find("legend").text
    assert [h.text for h in tree.find_all("h2")][:2] == ["Filter", "Ergebnisse"]
    assert all(h.find("a") for h in tree.find_all("h3", class_="app-hit__title"))


def test_filters_narrow_and_facet_counts_match(browser, world, corpus):
    """The count beside a filter value: the inquiries with hits that have it."""
    login(browser, world.council_office)
    tree = search_page(browser, q=SHARED)
    assert set(hit_numbers(tree)) == {corpus.received.number, corpus.archived.number}
    factions = facet_boxes(tree, "fraktion")
    left, right = str(corpus.left.id), str(corpus.right.id)
    assert "Links-Test" in factions[left][0] and not factions[left][1]
    assert count_in(factions[left][0]) == count_in(factions[right][0]) == 1
    assert status_text(tree) == "2 Treffer"  # one per inquiry, its best place
    assert {v: count_in(label) for v, (label, _) in facet_boxes(tree, "jahr").items()} == {
        "2024": 1, "2025": 1}
    kinds = {v: count_in(label) for v, (label, _) in facet_boxes(tree, "art").items()}
    assert kinds == {"inquiry": 1, "question": 1, "answer": 1}

    narrowed = search_page(browser, q=SHARED, fraktion=left)
    assert set(hit_numbers(narrowed)) == {corpus.received.number}
    assert status_text(narrowed) == f"{len(hits(narrowed))} Treffer"
    assert facet_boxes(narrowed, "fraktion")[left][1]  # ticked, can be unticked

    assert set(hit_numbers(search_page(browser, q=SHARED, jahr="2025"))) == {
        corpus.archived.number}
    assert set(hit_numbers(search_page(browser, q=SHARED, status="published"))) == {
        corpus.archived.number}
    assert set(hit_numbers(search_page(browser, q=SHARED, ueberfaellig="y"))) == {
        corpus.received.number}
    only_answers = search_page(browser, q=SHARED, art="answer")
    assert set(hit_numbers(only_answers)) == {corpus.archived.number}
    assert all(place(h).startswith(KINDS["answer"]) for h in hits(only_answers))
    assert hits(only_answers)[0].find("span", class_="kern-badge") is not None
    assert "importiert" in hits(only_answers)[0].text
    # two filters at once: nothing left
    none = search_page(browser, q=SHARED, fraktion=left, jahr="2025")
    assert hits(none) == [] and "Keine Treffer" in none.text


def test_sort_by_date_puts_the_newest_first(browser, world, corpus):
    login(browser, world.council_office)
    tree = search_page(browser, q=SHARED, sortierung="datum")
    numbers = list(dict.fromkeys(hit_numbers(tree)))
    assert numbers == [corpus.archived.number, corpus.received.number]
    assert tree.one("select", id="sortierung").one("option", value="datum").attrs.get(
        "selected") is not None


def test_department_sees_its_own_the_archive_and_published_inquiries_only(
        browser, world, corpus):
    login(browser, world.lead_clerk)
    tree = search_page(browser, q=HIDDEN)
    assert hits(tree) == [] and "Keine Treffer" in tree.text
    assert corpus.hidden.number not in tree.text
    # published by the app, not its own: through the public page
    public = search_page(browser, q=PUBLIC)
    assert hit_numbers(public) == [corpus.public.number]
    assert link_of(hits(public)[0]) == f"/oeffentlich/anfragen/{corpus.public.id}"
    assert "öffentliche Seite" in hits(public)[0].text
    # the imported archive is open to everyone; another office's received inquiry is not
    shared = search_page(browser, q=SHARED)
    assert hit_numbers(shared) == [corpus.archived.number]
    assert link_of(hits(shared)[0]).startswith(f"/anfragen/{corpus.archived.id}#frage-")
    # its own inquiry: the inquiry page
    own = search_page(browser, q=ZOO)
    assert link_of(hits(own)[0]).startswith(f"/anfragen/{corpus.zoo.id}#frage-")

    login(browser, world.other_clerk)
    tree = search_page(browser, q=HIDDEN)
    assert hit_numbers(tree) == [corpus.hidden.number]
    assert link_of(hits(tree)[0]).startswith(f"/anfragen/{corpus.hidden.id}")


HOSTILE = ['"', f'"{SHARED}', "' OR 1=1 --", "*", "(", ")", f"{SHARED} NEAR Tapir",
           "NEAR(a b)", "a\x00b", "\x00", "-", "ODER", f"{SHARED} ODER", "^x", "a:b",
           "%_", "\\", "' ; DROP TABLE inquiry; --", "<script>alert(1)</script>"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_a_page_never_an_error(browser, world, corpus, query):
    login(browser, world.council_office)
    tree = search_page(browser, q=query)
    results = tree.one("section", class_="app-search__results")
    assert tree.find("h2", id="results-heading") is not None
    heading = tree.one("h2", id="results-heading").text
    answered = hits(tree) or "Keine Treffer" in results.text or results.find(
        "div", class_="app-alert") or heading == "So suchen Sie"  # nothing left to search
    assert answered
    assert tree.find("script", src=None) is None  # nothing typed ends up as markup


def test_an_overlong_query_is_cut_with_a_message(browser, world, corpus):
    login(browser, world.council_office)
    tree = search_page(browser, q=f"{SHARED} " + "Wort " * 600)
    alert = tree.one("section", class_="app-search__results").find("div", class_="app-alert")
    assert alert is not None and re.search("lang|länger", alert.text)  # the page's or the engine's cut
    assert len(tree.one("input", id="q").attrs["value"]) == 2000


def test_empty_query_shows_how_to_search(browser, world, corpus):
    login(browser, world.council_office)
    for params in ({}, {"q": ""}, {"q": "   "}, {"jahr": "2025"}):
        tree = search_page(browser, **params)
        assert tree.one("h2", id="results-heading").text == "So suchen Sie"
        results = tree.one("section", class_="app-search__results")
        assert hits(tree) == [] and results.find(class_="app-alert") is None
        help_text = tree.one("ul", class_="app-search__help").text
        assert "Wortgruppe" in help_text and "ODER" in help_text and "-" in help_text


def test_junk_filter_values_and_pages_are_ignored(browser, world, corpus):
    login(browser, world.council_office)
    tree = search_page(browser, q=SHARED, fraktion=["abc", "99999999999999999999"],
                       jahr="20x5", status="kaputt", art="nichts", sortierung="x", seite="-3")
    assert set(hit_numbers(tree)) == {corpus.received.number, corpus.archived.number}


def test_result_pages(browser, world):
    items = [factories.councillor_inquiry(world, 1, subject=f"{PAGED} Abschnitt {i}")
             for i in range(27)]
    indexed()
    login(browser, world.council_office)
    first = search_page(browser, q=PAGED)
    assert len(hits(first)) == 20
    pager = first.one("nav", class_="app-pagination")
    assert "Seite 1 von " in pager.text
    next_link = pager.one("a", rel="next").attrs["href"]
    args = parse_qs(urlsplit(next_link).query)
    assert args["q"] == [PAGED] and args["seite"] == ["2"]
    seen = hit_numbers(first)
    url = next_link
    while url:
        response = browser.get(url)
        assert response.status_code == 200
        tree = parse(response.get_data(as_text=True))
        assert 0 < len(hits(tree)) <= 20
        seen += hit_numbers(tree)
        following = tree.one("nav", class_="app-pagination").find("a", rel="next")
        url = following.attrs["href"] if following else None
    assert set(seen) == {i.number for i in items}
    assert tree.one("nav", class_="app-pagination").find("a", rel="prev") is not None
    beyond = search_page(browser, q=PAGED, seite="40")
    assert hits(beyond) == [] and "Keine weiteren Treffer" in beyond.text


def test_header_links_to_the_search(browser, world):
    login(browser, world.lead_clerk)
    tree = parse(browser.get("/aufgaben").get_data(as_text=True))
    nav = tree.one("nav", aria_label="Hauptnavigation")
    assert nav.one("a", href="/suche").text == "Suche"
    quick = tree.one("form", aria_label="Schnellsuche")
    assert quick.attrs["action"] == "/suche" and quick.attrs["method"] == "get"
    field = quick.one("input", name="q")
    assert quick.one("label", **{"for": field.attrs["id"]}).text
    # on the search page itself: the link is the current page, no second search form
    page = search_page(browser)
    assert page.one("nav", aria_label="Hauptnavigation").one(
        "a", href="/suche").attrs["aria-current"] == "page"
    assert page.find("form", aria_label="Schnellsuche") is None
    browser.logout()
    assert browser.get("/suche?q=x").status_code == 302  # login required


def test_engine_failure_is_a_message(browser, world, corpus, monkeypatch):
    """Should the database refuse a query the engine built, the page says so (no error page)."""
    import sqlalchemy as sa

    from inquiry_app import search as engine

    def refuse(user, query):
        raise sa.exc.OperationalError("SELECT …", {}, Exception("fts5: syntax error"))

    monkeypatch.setattr(engine, "search", refuse)
    login(browser, world.council_office)
    tree = search_page(browser, q=SHARED)
    assert "konnte mit diesem Suchbegriff nicht ausgeführt werden" in tree.one(
        "section", class_="app-search__results").text


def test_a_capped_count_says_more_than(browser, world, corpus, monkeypatch):
    """When the engine stopped counting, the page says "Mehr als 1.000 Treffer" and offers the
    next page without claiming a last one."""
    import dataclasses

    from inquiry_app import search as engine

    real = engine.search

    def capped(user, query):
        result = real(user, dataclasses.replace(query, per_page=1))
        return dataclasses.replace(result, total=1000, total_is_lower_bound=True)

    monkeypatch.setattr(engine, "search", capped)
    login(browser, world.council_office)
    tree = search_page(browser, q=SHARED)
    assert status_text(tree) == "Mehr als 1.000 Treffer"
    pager = tree.one("nav", class_="app-pagination")
    assert pager.find("a", rel="next") is not None and " von " not in pager.text
