"""Inquiry lists and pages show each user only what they may see."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from inquiry_app.models import Inquiry


def _id(session, number):
    return session.scalar(sa.select(Inquiry.id).where(Inquiry.number == number))


def _number(session, subject_part):
    return session.scalar(sa.select(Inquiry.number).where(Inquiry.subject.contains(subject_part)))


def test_council_office_sees_all_inquiries(browser, demo, session):
    browser.login("rat")
    page = browser.get("/anfragen/").get_data(as_text=True)
    for number in session.scalars(sa.select(Inquiry.number)):
        assert number in page


def test_department_list_is_filtered_in_the_query(browser, demo, session):
    browser.login("amt66")
    page = browser.get("/anfragen/").get_data(as_text=True)
    assert _number(session, "Königsbrücker") in page
    assert "AF0815/25" not in page
    assert _number(session, "Bürgeramt") not in page
    assert "1 Anfrage gefunden" in page


@pytest.mark.parametrize(("login", "subject", "status"), [
    ("amt66", "Königsbrücker", 200),
    ("amt66", "Einbürgerungsantrag", 403),
    ("amt66", "Bürgeramt", 403),
    ("ebit", "Bürgeramt", 200),
    ("ebit", "Königsbrücker", 403),
    ("amt33", "Einbürgerungsantrag", 403),  # not routed yet
    ("ob", "Einbürgerungsantrag", 200),
    ("rat", "Turnhalle", 200),
])
def test_inquiry_page_permissions(browser, demo, session, login, subject, status):
    browser.login(login)
    inquiry_id = session.scalar(sa.select(Inquiry.id).where(Inquiry.subject.contains(subject)))
    assert browser.get(f"/anfragen/{inquiry_id}").status_code == status


def test_unknown_inquiry_is_404_in_german(browser, demo):
    browser.login("rat")
    response = browser.get("/anfragen/987654")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)


def test_department_sees_whole_inquiry_with_own_questions_marked(browser, demo, session):
    browser.login("ebit")
    page = browser.get(f"/anfragen/{_id(session, _number(session, 'Bürgeramt'))}").get_data(
        as_text=True)
    assert "durchschnittliche Wartezeit" in page  # question 1 (33's) visible for context
    assert "Ihr Bereich" in page
    assert page.count("app-question--own") == 1


def test_search_and_state_filter(browser, demo):
    browser.login("rat")
    page = browser.get("/anfragen/?q=Turnhalle").get_data(as_text=True)
    assert "Turnhalle" in page and "Königsbrücker" not in page
    page = browser.get("/anfragen/?status=routed").get_data(as_text=True)
    assert "Königsbrücker" in page and "Turnhalle" not in page
    page = browser.get("/anfragen/?q=gibtesnicht").get_data(as_text=True)
    assert "Keine Treffer" in page
