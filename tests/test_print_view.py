"""The print view of an inquiry (issue 15, point 9; /anfragen/<id>/druck): the details, the
preamble, every question with its assignments, the contributions and final answers the viewer
may read, and the history as the history page shows it; laid out for paper, with the inquiry
page's permissions and a number of queries that does not grow with the questions."""

from __future__ import annotations

import re

import pytest
from factories import (
    PASSWORD,
    complete,
    contribute,
    councillor_inquiry,
    login,
    request_context,
    routed,
    unit_assignment,
)
from html_tree import parse
from test_query_counts import counted

from inquiry_app.contributions import answers as answer_ops
from inquiry_app.contributions import operations as contribution_ops
from inquiry_app.extensions import db
from inquiry_app.templating import date_de

SUBJECT = "Bürgerbüros im Stadtbezirk"
LEAD_TEXT = "Die Wartezeit beträgt derzeit elf Tage."
CONTRIBUTING_SUBMITTED = "Das Beteiligte Amt ergänzt: zwei Stellen sind ausgeschrieben."
SECOND_TEXT = "Zu Frage 2 liegen keine neuen Zahlen vor."
DRAFT_TEXT = "Entwurf zu Frage 3, noch intern."


@pytest.fixture
def item(world):
    """Three questions, all led by the lead unit; the contributing unit takes part in
    question 1. Question 1: both contributions submitted, its answer final; question 2: the
    lead's contribution submitted; question 3: the lead's text still a draft."""
    w = world
    inquiry = councillor_inquiry(w, 3, subject=SUBJECT, preamble="Die Vorbemerkung der Anfrage.")
    routed(inquiry, w.council_office, [w.lead_unit], {1: [w.contributing_unit]})
    contribute(unit_assignment(db.session, w.lead_unit, "1"), w.lead_clerk, LEAD_TEXT)
    contribute(unit_assignment(db.session, w.contributing_unit, "1"), w.contributing_clerk,
               CONTRIBUTING_SUBMITTED)
    contribute(unit_assignment(db.session, w.lead_unit, "2"), w.lead_clerk, SECOND_TEXT)
    draft = unit_assignment(db.session, w.lead_unit, "3")
    with request_context():
        contribution_ops.save(draft, w.lead_clerk, DRAFT_TEXT, None)
        first = next(a for a in draft.inquiry.answers if a.questions[0].number == "1")
        answer_ops.set_final(first, w.lead_clerk, True)
    db.session.flush()
    return draft.inquiry


def _print(browser, inquiry, status=200):
    response = browser.get(f"/anfragen/{inquiry.id}/druck")
    assert response.status_code == status
    return parse(response.get_data(as_text=True)) if status == 200 else None


def _question(page, number):
    return next(a for a in page.find_all("article", class_="app-print__question")
                if a.find("h3").text == f"Frage {number}")


def _facts(page) -> dict[str, str]:
    facts = page.one("section", aria_labelledby="print-facts")
    return {d.find("dt").text: d.find("dd").text for d in facts.find("dl").find_all("div")}


def test_the_inquiry_page_links_to_the_print_view(browser, world, item):
    login(browser, world.council_office)
    page = parse(browser.get(f"/anfragen/{item.id}").get_data(as_text=True))
    link = page.one("a", href=f"/anfragen/{item.id}/druck")
    assert link.text == "Druckansicht"


def test_council_office_sees_every_part(browser, world, item):
    login(browser, world.council_office)
    page = _print(browser, item)
    assert page.one("h1").text == f"Anfrage {item.number}: {SUBJECT}"
    facts = _facts(page)
    assert facts["Nummer"] == item.number
    assert facts["Gegenstand"] == SUBJECT
    assert facts["Status"] == item.state.label
    assert facts["Einreichende"] == item.submitter_names + f" ({item.faction.name})"
    assert facts["Eingang"] == date_de(item.received_on)
    assert facts["Frist"].startswith(date_de(item.due_on))
    assert facts["Federführend"] == world.lead_unit.label
    preamble = page.one("section", aria_labelledby="print-preamble")
    assert preamble.find("p").text == "Die Vorbemerkung der Anfrage."

    first, second, third = (_question(page, n) for n in "123")
    for question, article in zip(item.top_questions, (first, second, third), strict=True):
        assert article.one("p", class_="app-print__text").text == question.text
    due = date_de(item.assignments[0].due_on)
    lead, contributing = world.lead_unit.label, world.contributing_unit.label
    assert _rows(first) == [f"{lead} federführend Zugearbeitet {due}",
                            f"{contributing} beteiligt Zugearbeitet {due}"]
    assert _rows(third) == [f"{lead} federführend Angenommen {due}"]

    # submitted contributions as on the consolidation page, drafts stay inside the unit
    assert [c.find("div").text for c in first.find_all(class_="app-print__contribution")] == [
        LEAD_TEXT, CONTRIBUTING_SUBMITTED]
    assert SECOND_TEXT in second.one(class_="app-print__contribution").text
    assert third.find(class_="app-print__contribution") is None
    assert DRAFT_TEXT not in page.text
    assert page.find(class_="app-print__own") is None  # nothing is "Ihr Bereich" here
    # the final answer printed, the others said to be not final yet
    assert first.one("div", class_="app-print__answer").text == f"{LEAD_TEXT} {CONTRIBUTING_SUBMITTED}"
    assert "Die Antwort ist noch nicht endgültig." in second.text
    assert second.find(class_="app-print__answer") is None

    history = page.one("section", aria_labelledby="print-history")
    assert "Fragen bestätigt" in history.text and "Zuweisungen versandt" in history.text


def _rows(node) -> list[str]:
    return [r.text for r in node.one("tbody").find_all("tr")]


def _cells(row, count=3) -> list[str]:
    return [c.text for c in row.find_all("td")[:count]]


def test_the_history_is_the_history_page_in_full(browser, world, item):
    login(browser, world.council_office)
    printed = _print(browser, item).one("section", aria_labelledby="print-history")
    shown = parse(browser.get(f"/verlauf/anfragen/{item.id}").get_data(as_text=True))
    rows = shown.one("tbody").find_all("tr")
    assert len(rows) >= 5
    printed_rows = printed.one("tbody").find_all("tr")
    assert [_cells(r) for r in printed_rows] == [_cells(r) for r in rows]
    # the history page shortens long values behind "mehr anzeigen"; paper shows them whole
    assert shown.find("details") is not None and printed.find("details") is None
    assert item.submitted_text.split()[-1] in printed.text


def test_print_css_hides_navigation_and_buttons(browser, world, item):
    login(browser, world.council_office)
    page = _print(browser, item)
    assert page.find("link", href="/static/print.css") is not None
    actions = page.one(class_="app-no-print", role="group")
    assert actions.one("button").text == "Drucken"
    css = browser.get("/static/print.css").get_data(as_text=True)
    media = re.search(r"@media print \{(.*)\}", css, re.S).group(1)
    hidden = re.search(r"([^{}]*)\{\s*display: none !important;", media).group(1)
    for selector in (".app-header", ".app-nav", ".app-breadcrumbs-wrap", ".app-footer",
                     ".app-skip-link", ".app-no-print"):
        assert selector in hidden


def test_contributing_department_sees_the_inquiry_page_s_share(browser, world, item):
    """Like the inquiry page: every question for context, its own contribution; not the lead's
    texts nor the answers (it consolidates nothing, as on the consolidation page)."""
    login(browser, world.contributing_clerk)
    page = _print(browser, item)
    questions = page.one("section", aria_labelledby="print-questions")
    assert [a.one("p", class_="app-print__text").text for a in questions.find_all("article")] == [
        q.text for q in item.top_questions]
    assert [c.find("div").text for c in questions.find_all(class_="app-print__contribution")] == [
        CONTRIBUTING_SUBMITTED]
    assert [a.find("h3").text for a in questions.find_all("article")
            if a.find(class_="app-print__own")] == ["Frage 1"]  # its own question marked
    assert questions.find(class_="app-print__answer") is None
    assert "Antwort" not in {h.text for h in questions.find_all("h4")}
    # the history as its history page shows it to the unit
    shown = parse(browser.get(f"/verlauf/anfragen/{item.id}").get_data(as_text=True))
    printed = page.one("section", aria_labelledby="print-history").one("tbody").find_all("tr")
    assert [_cells(r) for r in printed] == [_cells(r) for r in shown.one("tbody").find_all("tr")]
    assert DRAFT_TEXT not in page.text


def test_lead_department_sees_submitted_contributions_and_its_drafts(browser, world, item):
    login(browser, world.lead_clerk)
    page = _print(browser, item)
    assert LEAD_TEXT in page.text and CONTRIBUTING_SUBMITTED in page.text
    assert DRAFT_TEXT in _question(page, "3").text  # its own draft, marked as such
    assert "Entwurf" in _question(page, "3").one(class_="app-print__contribution").text
    assert page.find(class_="app-print__answer") is not None


@pytest.mark.parametrize("person", ["other_clerk", "other_head"])
def test_departments_without_an_assignment_are_refused(browser, world, item, person):
    login(browser, getattr(world, person))
    _print(browser, item, status=403)
    assert browser.get(f"/anfragen/{item.id}").status_code == 403  # as the inquiry page


def test_signatory_reads_answers_but_no_drafts(browser, world, item):
    login(browser, world.signatory)
    page = _print(browser, item)
    assert LEAD_TEXT in page.text and DRAFT_TEXT not in page.text


def test_not_logged_in_goes_to_the_login(browser, world, item):
    response = browser.get(f"/anfragen/{item.id}/druck")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_unknown_inquiry_is_404(browser, world):
    login(browser, world.council_office)
    assert browser.get("/anfragen/987654/druck").status_code == 404


def _queries(browser, url) -> int:
    browser.get(url)  # warm caches, as on a running server
    db.session.expunge_all()
    with counted(db.engine) as statements:
        assert browser.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("person", ["council_office", "lead_clerk", "contributing_clerk"])
def test_queries_do_not_grow_with_the_questions(browser, world, person):
    small, large = complete(world, 2), complete(world, 30)
    db.session.commit()
    login(browser, getattr(world, person), PASSWORD)
    urls = [f"/anfragen/{i.id}/druck" for i in (small, large)]
    counts = [_queries(browser, url) for url in urls]
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts  # the page's budget: inquiry, its parts, the history
