"""No page of the path makes more than 10 SQL queries for a typical inquiry."""

from __future__ import annotations

import contextlib
import re

import pytest
import sqlalchemy as sa
from factories import PASSWORD, answered, confirmed, drafted, request_context, routed, world
from factories import inquiry as new_inquiry
from sqlalchemy import event

from inquiry_app.extensions import db
from inquiry_app.models import Assignment, Inquiry

MAX_QUERIES = 10


@contextlib.contextmanager
def counted(engine):
    statements: list[str] = []

    def before(_conn, _cursor, statement, _params, _context, _many):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _measure(browser, url):
    browser.get(url)  # warm caches (router, templates), as on a running server
    db.session.expunge_all()  # a real request starts with an empty session
    with counted(db.engine) as statements:
        response = browser.get(url)
    assert response.status_code == 200, url
    return statements


def _pages(session, inquiry):
    assignment = session.scalar(sa.select(Assignment).where(Assignment.inquiry_id == inquiry.id)
                                .order_by(Assignment.id))
    return {
        "rat": ["/aufgaben", "/anfragen/", f"/anfragen/{inquiry.id}", "/anfragen/neu",
                f"/anfragen/{inquiry.id}/antworten", f"/anfragen/{inquiry.id}/schreiben"],
        "amt33": ["/aufgaben", f"/zuweisungen/{assignment.id}",
                  f"/anfragen/{inquiry.id}/antworten"],
        "ob": ["/aufgaben", f"/anfragen/{inquiry.id}/schreiben"],
    }


@pytest.mark.parametrize("login", ["rat", "amt33", "ob"])
def test_pages_of_a_routed_and_answered_inquiry(browser, complete, session, login):
    report = {}
    browser.login(login)
    for url in _pages(session, complete)[login]:
        report[url] = len(_measure(browser, url))
    print(login, report)
    assert max(report.values()) <= MAX_QUERIES, report


def test_split_and_routing_pages(browser, demo, session):
    browser.login("rat")
    received = session.scalar(sa.select(Inquiry).where(Inquiry.subject.contains("Turnhalle")))
    split = session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0815/25"))
    report = {url: len(_measure(browser, url)) for url in (
        f"/anfragen/{received.id}/zerlegung", f"/anfragen/{split.id}/zuweisung")}
    print(report)
    assert max(report.values()) <= MAX_QUERIES, report


# --- the number of queries does not grow with the number of questions ------------------------

def _same_path(w, questions: int):
    """An inquiry answered and drafted (leads alternate between two offices, question 1 with a
    contributing office), plus one only registered and one only split, each with ``questions``
    questions."""
    co = w.council_office
    item = new_inquiry(questions, actor=co, subject=f"Anfrage mit {questions} Fragen")
    routed(item, co, [w.lead_unit, w.contributing_unit], {1: [w.other_unit]})
    answered(item, w.workers())
    drafted(item, co)
    received = new_inquiry(questions, actor=co)
    split = confirmed(new_inquiry(questions, actor=co), co)
    db.session.commit()
    lead_assignment = next(a for a in item.assignments if a.org_unit_id == w.lead_unit.id)
    return {
        "council_office": [f"/anfragen/{item.id}", f"/anfragen/{item.id}/antworten",
                           f"/anfragen/{item.id}/schreiben", f"/anfragen/{received.id}/zerlegung",
                           f"/anfragen/{split.id}/zuweisung"],
        "lead_clerk": [f"/anfragen/{item.id}", f"/zuweisungen/{lead_assignment.id}",
                       f"/anfragen/{item.id}/antworten"],
        "lead_head": [f"/anfragen/{item.id}/schreiben"],
        "signatory": [f"/anfragen/{item.id}", f"/anfragen/{item.id}/schreiben"],
    }


def test_2_and_30_questions_take_the_same_number_of_queries(browser, session):
    """Every page of the path (split, routing, inquiry, assignment, answers, draft letter) for
    each person who works on it costs as many queries with 30 questions as with 2: no query
    per question, per assignment or per answer."""
    w = world()
    small, large = _same_path(w, 2), _same_path(w, 30)
    logins = {name: w.people()[name].login for name in small}
    report = {}
    for name, login in logins.items():
        browser.login(login, PASSWORD)
        for url_2, url_30 in zip(small[name], large[name], strict=True):
            page = name + " " + re.sub(r"/\d+", "/<id>", url_2)
            report[page] = len(_measure(browser, url_2)), len(_measure(browser, url_30))
        browser.logout()
    print(report)
    assert {page: counts for page, counts in report.items() if counts[0] != counts[1]} == {}


def test_the_letter_page_with_a_draft_stays_within_the_budget(browser, session):
    """The draft letter and the letter in review, for each person who reads it: within
    MAX_QUERIES (the letters of the inquiry, the review round and the outbox are one query
    each)."""
    from inquiry_app.letters import operations as letter_ops

    w = world()
    paths = _same_path(w, 2)
    url = next(u for u in paths["council_office"] if u.endswith("/schreiben"))
    logins = {name: person.login for name, person in w.people().items()}
    readers = ("council_office", "lead_head", "signatory")
    report = {}
    for name in readers:
        browser.login(logins[name], PASSWORD)
        report["draft " + name] = len(_measure(browser, url))
        browser.logout()
    item = session.get(Inquiry, int(url.split("/")[2]))
    with request_context():
        letter_ops.submit_for_review(item, w.council_office)
    db.session.commit()
    for name in readers:
        browser.login(logins[name], PASSWORD)
        report["in review " + name] = len(_measure(browser, url))
        browser.logout()
    print(report)
    assert max(report.values()) <= MAX_QUERIES, report
