"""No page of the path makes more than 10 SQL queries for a typical inquiry."""

from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa
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
