"""Text blocks: managed by the council office, admin and unit heads; offered in the editor."""

from __future__ import annotations

import factories
import sqlalchemy as sa
from conftest import count_rows
from factories import login

from inquiry_app.models import TextBlock


def test_city_wide_and_own_unit_blocks_are_offered_in_the_contribution_editor(browser, world):
    factories.text_block("Unkonkrete Fragestellung")  # city-wide
    factories.text_block("Statistik nicht verfügbar", unit=world.lead_unit)
    factories.text_block("Baustein eines anderen Amtes", unit=world.other_unit)
    inquiry = factories.routed(factories.councillor_inquiry(world), world.council_office,
                               [world.lead_unit])
    login(browser, world.lead_clerk)
    page = browser.get(f"/zuweisungen/{inquiry.assignments[0].id}").get_data(as_text=True)
    assert "Unkonkrete Fragestellung" in page  # city-wide
    assert "Statistik nicht verfügbar" in page  # the unit's own
    assert "Baustein eines anderen Amtes" not in page


def test_council_office_creates_a_city_wide_block(browser, world, session):
    login(browser, world.council_office)
    response = browser.submit("/textbausteine/neu", {"title": "Haushaltsvorbehalt", "unit": "",
                                                      "text": "Vorbehaltlich des Haushalts.",
                                                      "active": "1"})
    assert response.status_code == 302
    block = session.scalar(sa.select(TextBlock).where(TextBlock.title == "Haushaltsvorbehalt"))
    assert block.org_unit_id is None and block.active


def test_empty_block_is_refused_with_input_kept(browser, world):
    login(browser, world.council_office)
    blocks = count_rows(TextBlock)
    response = browser.submit("/textbausteine/neu", {"title": "Nur Titel", "text": " ", "unit": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Bitte geben Sie den Text des Bausteins ein." in page and 'value="Nur Titel"' in page
    assert count_rows(TextBlock) == blocks


def test_head_manages_only_own_unit_blocks(browser, world, session):
    city = factories.text_block("Datenschutz")  # city-wide
    login(browser, world.lead_head)
    unit33, unit66 = world.lead_unit.id, world.other_unit.id
    assert browser.submit("/textbausteine/neu", {"title": "Amt 33", "text": "x",
                                                  "unit": str(unit33)}).status_code == 302
    refused = browser.submit("/textbausteine/neu", {"title": "Fremd", "text": "x",
                                                     "unit": str(unit66)})
    assert "nur Bausteine Ihrer eigenen Einheit" in refused.get_data(as_text=True)
    assert browser.get(f"/textbausteine/{city.id}").status_code == 403


def test_clerks_cannot_manage_blocks(browser, world):
    login(browser, world.lead_clerk)
    assert browser.get("/textbausteine/").status_code == 403
