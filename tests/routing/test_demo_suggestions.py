"""The plan page suggests the reference inquiry's real routing: the router is trained on the
demo catalogue, so this test uses the demo data (the reference inquiry, the demo units and the
council office's demo login); moved here from test_assignments.py."""

from __future__ import annotations

import re

import sqlalchemy as sa

from inquiry_app.models import Inquiry


def _selected_lead(page: str, question_id: int) -> str | None:
    select = re.search(rf'name="lead_{question_id}">(.*?)</select>', page, re.S).group(1)
    match = re.search(r'<option selected value="\d+">([^<]+)</option>', select)
    return match.group(1) if match else None


def test_plan_page_preselects_the_suggested_units(browser, demo, session):
    assert browser.login("rat").status_code == 302
    inquiry = session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0815/25"))
    page = browser.get(f"/anfragen/{inquiry.id}/zuweisung").get_data(as_text=True)
    leads = {q.number: _selected_lead(page, q.id) for q in inquiry.questions}
    assert leads == {"1": "33 Bürgeramt", "2": "33 Bürgeramt",
                     "3": "EB IT Eigenbetrieb IT-Dienstleistungen", "4": "33 Bürgeramt"}
    assert "Begriff" in page  # reasons are shown
    assert "Eingang" in page and "+ 4 Wochen" in page  # how the due date was computed
