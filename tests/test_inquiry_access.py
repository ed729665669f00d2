"""Inquiry lists and pages show each user only what they may see."""

from __future__ import annotations

from types import SimpleNamespace

import factories
import pytest
import sqlalchemy as sa
from factories import login

from inquiry_app.models import Inquiry


@pytest.fixture
def inquiries(world):
    """Four inquiries: a road one routed to the other unit; one on waiting times routed to the
    lead unit (question 1) and the contributing unit (question 2, the lead unit helping); one
    on naturalisation split but not routed; one on a gym only received."""
    office = world.council_office
    road = factories.routed(factories.councillor_inquiry(
        world, ["Wann beginnt der Bau des Radwegs?", "Welche Varianten wurden geprüft?"],
        subject="Radweg auf der Königsbrücker Straße"), office, [world.other_unit])
    waits = factories.routed(factories.councillor_inquiry(
        world, ["Wie lang war die durchschnittliche Wartezeit auf einen Termin?",
                "Ist geplant, das Online-Terminvergabesystem zu erneuern?"],
        subject="Wartezeiten auf Termine im Bürgeramt"),
        office, [world.lead_unit, world.contributing_unit], {2: [world.lead_unit]})
    naturalisation = factories.confirmed(factories.councillor_inquiry(
        world, subject="Digitaler Einbürgerungsantrag und E-Akte"), office)
    gym = factories.councillor_inquiry(world, subject="Sanierung der Turnhalle der 30. Grundschule")
    return SimpleNamespace(road=road, waits=waits, naturalisation=naturalisation, gym=gym)


def test_council_office_sees_all_inquiries(browser, world, inquiries, session):
    login(browser, world.council_office)
    page = browser.get("/anfragen/").get_data(as_text=True)
    numbers = session.scalars(sa.select(Inquiry.number)).all()
    assert {i.number for i in vars(inquiries).values()} <= set(numbers)
    for number in numbers:
        assert number in page


def test_department_list_is_filtered_in_the_query(browser, world, inquiries):
    login(browser, world.other_clerk)
    page = browser.get("/anfragen/").get_data(as_text=True)
    assert inquiries.road.number in page
    assert inquiries.naturalisation.number not in page
    assert inquiries.waits.number not in page
    assert "1 Anfrage gefunden" in page


@pytest.mark.parametrize(("person", "inquiry", "status"), [
    ("other_clerk", "road", 200),
    ("other_clerk", "naturalisation", 403),
    ("other_clerk", "waits", 403),
    ("contributing_clerk", "waits", 200),
    ("contributing_clerk", "road", 403),
    ("lead_clerk", "naturalisation", 403),  # not routed yet
    ("signatory", "naturalisation", 200),
    ("council_office", "gym", 200),
])
def test_inquiry_page_permissions(browser, world, inquiries, person, inquiry, status):
    login(browser, getattr(world, person))
    assert browser.get(f"/anfragen/{getattr(inquiries, inquiry).id}").status_code == status


def test_unknown_inquiry_is_404_in_german(browser, world):
    login(browser, world.council_office)
    response = browser.get("/anfragen/987654")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)


def test_department_sees_whole_inquiry_with_own_questions_marked(browser, world, inquiries):
    login(browser, world.contributing_clerk)
    page = browser.get(f"/anfragen/{inquiries.waits.id}").get_data(as_text=True)
    assert "durchschnittliche Wartezeit" in page  # question 1 (the lead unit's) for context
    assert "Ihr Bereich" in page
    assert page.count("app-question--own") == 1


def test_search_and_state_filter(browser, world, inquiries):
    road, gym = inquiries.road.number, inquiries.gym.number
    login(browser, world.council_office)
    page = browser.get("/anfragen/?q=Turnhalle").get_data(as_text=True)
    assert gym in page and road not in page
    page = browser.get("/anfragen/?status=routed").get_data(as_text=True)
    assert road in page and gym not in page
    page = browser.get("/anfragen/?q=gibtesnicht").get_data(as_text=True)
    assert "Keine Treffer" in page
