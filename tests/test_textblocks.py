"""Text blocks: managed by the council office, admin and unit heads; offered in the editor."""

from __future__ import annotations

import sqlalchemy as sa
from conftest import count_rows

from inquiry_app.models import OrgUnit, TextBlock


def test_demo_blocks_are_offered_in_the_contribution_editor(browser, routed, session):
    from test_contributions import _assignment

    assert session.scalar(sa.select(sa.func.count(TextBlock.id))) >= 5
    browser.login("amt33")
    page = browser.get(f"/zuweisungen/{_assignment(session, '33', '1').id}").get_data(as_text=True)
    assert "Unkonkrete Fragestellung" in page  # city-wide
    assert "Statistik nicht verfügbar" in page  # unit 33's own


def test_council_office_creates_a_city_wide_block(browser, demo, session):
    browser.login("rat")
    response = browser.submit("/textbausteine/neu", {"title": "Haushaltsvorbehalt", "unit": "",
                                                      "text": "Vorbehaltlich des Haushalts.",
                                                      "active": "1"})
    assert response.status_code == 302
    block = session.scalar(sa.select(TextBlock).where(TextBlock.title == "Haushaltsvorbehalt"))
    assert block.org_unit_id is None and block.active


def test_empty_block_is_refused_with_input_kept(browser, demo):
    browser.login("rat")
    blocks = count_rows(TextBlock)
    response = browser.submit("/textbausteine/neu", {"title": "Nur Titel", "text": " ", "unit": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Bitte geben Sie den Text des Bausteins ein." in page and 'value="Nur Titel"' in page
    assert count_rows(TextBlock) == blocks


def test_head_manages_only_own_unit_blocks(browser, demo, session):
    browser.login("leitung33")
    unit33 = session.scalar(sa.select(OrgUnit.id).where(OrgUnit.code == "33"))
    unit66 = session.scalar(sa.select(OrgUnit.id).where(OrgUnit.code == "66"))
    assert browser.submit("/textbausteine/neu", {"title": "Amt 33", "text": "x",
                                                  "unit": str(unit33)}).status_code == 302
    refused = browser.submit("/textbausteine/neu", {"title": "Fremd", "text": "x",
                                                     "unit": str(unit66)})
    assert "nur Bausteine Ihrer eigenen Einheit" in refused.get_data(as_text=True)
    city = session.scalar(sa.select(TextBlock).where(TextBlock.org_unit_id.is_(None)))
    assert browser.get(f"/textbausteine/{city.id}").status_code == 403


def test_clerks_cannot_manage_blocks(browser, demo):
    browser.login("amt33")
    assert browser.get("/textbausteine/").status_code == 403
