"""Issue 13, rules in one place: the workflow table and the pages agree.

* Approving or returning a draft in review is for the heads and signatories
  (``Inquiry.can_review``); the council office is refused by the page and by the table alike.
* An interim notice (Zwischenbescheid) can be issued in every open state, also while the reply
  is in review or waiting for the signature (DESIGN.md: "the administration may send a
  Zwischenbescheid with a new date"); the state stays.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from test_letters import _as, _inquiry, _post, _to_signature

from inquiry_app.models import InquiryState, User
from inquiry_app.workflow import WorkflowForbidden, fire


def test_the_council_office_neither_approves_nor_returns_in_review(browser, complete, session):
    base = f"/anfragen/{complete.id}/schreiben"
    _as(browser, "rat")
    assert _post(browser, f"{base}/entwurf").status_code == 302
    assert _post(browser, f"{base}/mitzeichnung").status_code == 302
    assert _inquiry(session).state == InquiryState.IN_REVIEW
    assert _post(browser, f"{base}/mitzeichnen").status_code == 403
    assert _post(browser, f"{base}/zurueckgeben", {"comment": "Nein"}).status_code == 403
    inquiry = _inquiry(session)
    assert inquiry.state == InquiryState.IN_REVIEW
    rat = session.scalar(sa.select(User).where(User.login == "rat"))
    for event in ("approve_review", "return_draft"):
        with pytest.raises(WorkflowForbidden):
            fire(inquiry, event, rat)


@pytest.mark.parametrize("stage", ["in_review", "awaiting_signature"])
def test_an_interim_notice_while_the_reply_is_in_review_or_awaiting_signature(
        browser, complete, session, stage):
    base = f"/anfragen/{complete.id}/schreiben"
    if stage == "awaiting_signature":
        _to_signature(browser, complete.id)
    else:
        _as(browser, "rat")
        _post(browser, f"{base}/entwurf")
        _post(browser, f"{base}/mitzeichnung")
    state = _inquiry(session).state
    assert state.value == stage
    _as(browser, "rat")
    assert "Zwischenbescheid erteilen" in browser.get(base).get_data(as_text=True)
    new_date = date.today() + timedelta(days=60)
    response = _post(browser, f"/anfragen/{complete.id}/zwischenbescheid",
                     {"new_date": new_date.isoformat(), "reason": "Mitzeichnung dauert an"})
    assert response.status_code == 302
    inquiry = _inquiry(session)
    assert inquiry.state == state and inquiry.due_on == new_date
