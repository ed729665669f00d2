"""``flask demo generate``: synthetic inquiries with consistent histories on top of the demo data."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from itertools import pairwise

import pytest
import sqlalchemy as sa

from inquiry_app.datacheck import run_checks
from inquiry_app.demo.generate import GenerateError, generate
from inquiry_app.models import (
    Answer,
    Assignment,
    AuditEntry,
    Inquiry,
    InquiryState,
    OrgUnit,
    Question,
    ReplyLetter,
    Review,
    ReviewDecision,
    Transition,
    User,
)

N = 30


@pytest.fixture
def generated(app, session, demo):
    """The ids of N generated inquiries (inside the test's transaction)."""
    before = set(session.scalars(sa.select(Inquiry.id)))
    summary = generate(N, seed=7)
    ids = set(session.scalars(sa.select(Inquiry.id))) - before
    return summary, ids


def _inquiries(session, ids):
    return session.scalars(sa.select(Inquiry).where(Inquiry.id.in_(ids))).all()


def test_the_data_check_finds_nothing(generated):
    assert [f.line() for f in run_checks()] == []


def test_counts_and_every_state(generated, session):
    summary, ids = generated
    assert len(ids) == N == summary.inquiries
    inquiries = _inquiries(session, ids)
    states = Counter(i.state for i in inquiries)
    assert set(states) == set(InquiryState)
    assert states[InquiryState.PUBLISHED] > N // 3
    for table, model in (("question", Question), ("assignment", Assignment),
                         ("answer", Answer), ("transition", Transition),
                         ("audit_entry", AuditEntry), ("review", Review),
                         ("reply_letter", ReplyLetter)):
        column = model.inquiry_id
        assert session.scalar(sa.select(sa.func.count()).where(column.in_(ids))) == \
            summary.rows[table], table


def test_numbers_questions_and_histories_are_realistic(generated, session):
    _summary, ids = generated
    inquiries = _inquiries(session, ids)
    numbers = [i.number for i in inquiries]
    assert len(set(numbers)) == N
    assert all(re.fullmatch(r"AF\d{4,}/\d\d", n) for n in numbers)
    for inquiry in inquiries:
        assert 1 <= len(inquiry.questions) <= 12
        assert inquiry.number.endswith(f"/{inquiry.received_on:%y}")
        steps = session.scalars(sa.select(Transition).where(Transition.inquiry_id == inquiry.id)
                                .order_by(Transition.at, Transition.id)).all()
        assert steps[0].event == "register"
        assert steps[-1].to_state == inquiry.state.value
        for earlier, later in pairwise(steps):
            assert later.from_state == earlier.to_state, inquiry.number
        if inquiry.state == InquiryState.PUBLISHED:
            assert [s.event for s in steps][-3:] == ["sign", "dispatch", "publish"]
            assert inquiry.signed_at is not None and inquiry.sent_on is not None
            assert all(a.state.value == "submitted" for a in inquiry.assignments
                       if a.state.value != "returned")
            assert all(a.is_final for a in inquiry.answers)
        if inquiry.state == InquiryState.IN_REVIEW:
            pending = session.scalars(sa.select(Review).where(
                Review.inquiry_id == inquiry.id,
                Review.decision == ReviewDecision.PENDING)).all()
            assert pending
    # the audit trail records the same kinds of changes as the app
    entities = set(session.scalars(sa.select(AuditEntry.entity).where(
        AuditEntry.inquiry_id.in_(ids)).distinct()))
    assert {"inquiry", "question", "assignment", "contribution", "answer",
            "reply_letter"} <= entities


def test_some_open_inquiries_are_overdue(generated, session):
    _summary, ids = generated
    overdue = [i for i in _inquiries(session, ids)
               if i.due_on < date.today() and i.signed_at is None
               and i.state != InquiryState.WITHDRAWN]
    assert overdue


def test_council_office_opens_detail_history_and_letter(generated, session, browser):
    _summary, ids = generated
    signed = next(i for i in _inquiries(session, ids) if i.state == InquiryState.PUBLISHED)
    browser.login("rat")
    for url in (f"/anfragen/{signed.id}", f"/verlauf/anfragen/{signed.id}",
                f"/anfragen/{signed.id}/schreiben"):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert signed.number in response.get_data(as_text=True)
    letter = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == signed.id,
                                                         ReplyLetter.signed_at.is_not(None)))
    download = browser.get(f"/schreiben/{letter.id}.docx")
    assert download.status_code == 200
    assert download.data[:2] == b"PK"  # a real DOCX


def test_department_sees_only_its_own(generated, session, browser):
    _summary, ids = generated
    unit = session.scalar(sa.select(OrgUnit).where(OrgUnit.code == "33"))
    user = session.scalar(sa.select(User).where(User.login == "amt33"))
    below = unit.descendant_ids()
    own, other = [], []
    for inquiry in _inquiries(session, ids):
        mine = any(a.org_unit_id in below and a.sent_at is not None for a in inquiry.assignments)
        (own if mine else other).append(inquiry)
    assert own and other
    assert user.org_unit_id == unit.id
    browser.login("amt33")
    assert browser.get(f"/anfragen/{own[0].id}").status_code == 200
    assert browser.get(f"/anfragen/{other[0].id}").status_code == 403
    listed = browser.get("/anfragen/?q=").get_data(as_text=True)
    assert not [i.number for i in other if i.number in listed]


def test_needs_a_positive_count(app, session, demo):
    with pytest.raises(GenerateError, match="mindestens 1"):
        generate(0)
