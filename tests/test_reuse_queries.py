"""The reuse panels cost a fixed number of queries: the routing page, the consolidation page
and the contribution editor take as many with 30 similar questions as with 2."""

from __future__ import annotations

import factories
import pytest
from test_query_counts import _measure
from test_reuse import ARCHIVED_ANSWER, ARCHIVED_QUESTION, NEW_QUESTION, archived

from inquiry_app.extensions import db


@pytest.fixture
def w(session):
    return factories.world()


def _pages(w, questions: int) -> dict[str, list[str]]:
    texts = [NEW_QUESTION.replace("2025", str(1990 + i)) for i in range(questions)]
    split = factories.confirmed(factories.councillor_inquiry(w, texts), w.council_office)
    routed = factories.routed(factories.councillor_inquiry(w, texts), w.council_office,
                              [w.lead_unit])
    db.session.commit()
    first = next(a for a in routed.assignments if a.question.number == "1")
    return {"council_office": [f"/anfragen/{split.id}/zuweisung"],
            "lead_clerk": [f"/zuweisungen/{first.id}", f"/anfragen/{routed.id}/antworten"]}


def test_the_panels_take_as_many_queries_for_30_questions_as_for_2(browser, w, session):
    for n in range(3):
        archived(w, ARCHIVED_QUESTION, ARCHIVED_ANSWER, number=f"AF92{n:02d}/19")
    small, large = _pages(w, 2), _pages(w, 30)
    logins = {name: getattr(w, name).login for name in small}
    report = {}
    for name in small:
        browser.logout()
        browser.login(logins[name], factories.PASSWORD)
        for url_2, url_30 in zip(small[name], large[name], strict=True):
            body = browser.get(url_30).get_data(as_text=True)
            assert "AF9200/19" in body, url_30  # the similar questions are found and shown
            report[f"{name} {url_2}"] = len(_measure(browser, url_2)), len(_measure(browser, url_30))
    print(report)
    assert {page: counts for page, counts in report.items() if counts[0] != counts[1]} == {}
