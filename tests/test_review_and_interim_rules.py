"""Issue 13, rules in one place: the workflow table and the pages agree.

* Approving or returning a draft in review is for the heads and signatories
  (``Inquiry.can_review``); the council office is refused by the page and by the table alike.
* An interim notice (Zwischenbescheid) can be issued in every open state, also while the reply
  is in review or waiting for the signature (DESIGN.md: "the administration may send a
  Zwischenbescheid with a new date"); the state stays.
"""

from __future__ import annotations

from datetime import date, timedelta

import factories
import pytest
from factories import login, post

from inquiry_app.models import Inquiry, InquiryState
from inquiry_app.workflow import WorkflowForbidden, fire


@pytest.fixture
def world(session):
    """The world's mayor's office is the last review station."""
    return factories.world(sole_mayor_office=True)


@pytest.fixture
def ready(world):
    item = factories.complete(world, 2)
    factories.stored()
    return item


def _own(session, item) -> Inquiry:
    session.expire_all()
    return session.get(Inquiry, item.id)


def test_the_council_office_neither_approves_nor_returns_in_review(browser, world, ready,
                                                                    session):
    base = f"/anfragen/{ready.id}/schreiben"
    login(browser, world.council_office)
    assert post(browser, f"{base}/entwurf").status_code == 302
    assert post(browser, f"{base}/mitzeichnung").status_code == 302
    assert _own(session, ready).state == InquiryState.IN_REVIEW
    assert post(browser, f"{base}/mitzeichnen").status_code == 403
    assert post(browser, f"{base}/zurueckgeben", {"comment": "Nein"}).status_code == 403
    inquiry = _own(session, ready)
    assert inquiry.state == InquiryState.IN_REVIEW
    for event in ("approve_review", "return_draft"):
        with pytest.raises(WorkflowForbidden):
            fire(inquiry, event, world.council_office)


@pytest.mark.parametrize("stage", ["in_review", "awaiting_signature"])
def test_an_interim_notice_while_the_reply_is_in_review_or_awaiting_signature(
        browser, world, ready, session, stage):
    base = f"/anfragen/{ready.id}/schreiben"
    if stage == "awaiting_signature":
        factories.to_signature(browser, world, ready)
    else:
        login(browser, world.council_office)
        post(browser, f"{base}/entwurf")
        post(browser, f"{base}/mitzeichnung")
    state = _own(session, ready).state
    assert state.value == stage
    login(browser, world.council_office)
    assert "Zwischenbescheid erstellen" in browser.get(base).get_data(as_text=True)
    new_date = date.today() + timedelta(days=60)
    response = post(browser, f"/anfragen/{ready.id}/zwischenbescheid",
                    {"new_date": new_date.isoformat(), "reason": "Mitzeichnung dauert an"})
    assert response.status_code == 302
    inquiry = _own(session, ready)
    assert inquiry.state == state and inquiry.due_on == new_date
