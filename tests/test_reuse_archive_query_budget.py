"""With matches in the archive the pages that show similar past questions stay within the
query budget: the routing page ("Ähnliche Fragen beantworteten bisher") within the 10
queries of tests/test_query_counts.py, and the assignment page (contribution editor) and
the consolidation page load the details of the similar questions (inquiry, numbers, final
answers, offices) in at most two queries more than without any match."""

from __future__ import annotations

import factories
import pytest
from test_query_counts import MAX_QUERIES, _measure
from test_reuse import ARCHIVED_ANSWER, ARCHIVED_QUESTION, NEW_QUESTION

from inquiry_app.extensions import db
from tests.search.archive import archived


@pytest.fixture
def w(session):
    return factories.world()


def _counts(browser, pages, logins, *, expect_match: bool) -> dict[str, int]:
    report = {}
    for name, urls in pages.items():
        browser.logout()
        browser.login(logins[name], factories.PASSWORD)
        for url in urls:
            body = browser.get(url).get_data(as_text=True)
            assert ("AF930" in body) == expect_match, url
            report[f"{name} {url}"] = len(_measure(browser, url))
    return report


def test_pages_with_archive_matches_stay_within_the_budget(browser, w, session):
    texts = [NEW_QUESTION, NEW_QUESTION.replace("2025", "2024")]
    split = factories.confirmed(factories.councillor_inquiry(w, texts), w.council_office)
    routed = factories.routed(factories.councillor_inquiry(w, texts), w.council_office,
                              [w.lead_unit])
    db.session.commit()
    first = next(a for a in routed.assignments if a.question.number == "1")
    pages = {"council_office": [f"/anfragen/{split.id}/zuweisung"],
             "lead_clerk": [f"/zuweisungen/{first.id}", f"/anfragen/{routed.id}/antworten"]}
    logins = {name: getattr(w, name).login for name in pages}
    without = _counts(browser, pages, logins, expect_match=False)
    for n in range(6):  # past answers by two offices, some guessed, with two questions each
        archived([(ARCHIVED_QUESTION.replace("2019", str(2013 + n)), ARCHIVED_ANSWER),
                  ("Wann wird der Spielplatz saniert?", "Im Herbst.")],
                 number=f"AF93{n:02d}/19", office=w.lead_unit if n % 2 else w.other_unit,
                 guessed=bool(n % 3))
    db.session.commit()
    with_matches = _counts(browser, pages, logins, expect_match=True)
    print(without, with_matches)
    routing = f"council_office /anfragen/{split.id}/zuweisung"
    assert with_matches[routing] <= MAX_QUERIES, with_matches
    assert {page: (without[page], n) for page, n in with_matches.items()
            if n > without[page] + 2} == {}
