"""The routing page in a real browser: "Teilfragen einzeln zuweisen" swaps the question's
fields for one row per sub-question (routing.js), each with the router's proposal and the
filterable checkbox list of contributing offices; sending creates the sub-questions'
assignments. Checked with axe-core in both views."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa
from playwright.sync_api import expect

from e2e.helpers import check_accessibility, login, screenshot

NUMBER = "AF0901/26"
U51, U66, U67 = "51 Jugendamt", "66 Straßen- und Tiefbauamt", "67 Amt für Stadtgrün und Abfallwirtschaft"


def _split_inquiry(live_app) -> int:
    """An inquiry of its own with the split confirmed: question 2 has the sub-questions a), b)."""
    from inquiry_app.extensions import db
    from inquiry_app.models import Inquiry, InquiryKind, InquiryState, Question, User
    from inquiry_app.workflow import fire, record_registration

    with live_app.app_context():
        existing = db.session.scalar(sa.select(Inquiry).where(Inquiry.number == NUMBER))
        if existing is not None:
            return existing.id
        clerk = db.session.scalar(sa.select(User).where(User.login == "rat"))
        first = Question(position=1, number="1", text="Wie viele Bäume wurden im Park gefällt?")
        second = Question(position=2, number="2", text="Wie geht es im Stadtteil weiter?")
        item = Inquiry(
            number=NUMBER, kind=InquiryKind.WRITTEN, subject="Stadtteil im Wandel",
            received_on=date(2026, 1, 5), due_on=date(2026, 2, 2),
            original_due_on=date(2026, 2, 2), submitted_text="…", preamble="Vorbemerkung.",
            state=InquiryState.RECEIVED, created_by=clerk,
            questions=[first, second,
                       Question(position=3, number="a", parent=second,
                                text="Wie viele Kita-Plätze fehlen dort?"),
                       Question(position=4, number="b", parent=second,
                                text="Wann wird die Brücke saniert?")])
        db.session.add(item)
        record_registration(item, clerk)
        fire(item, "confirm_split", clerk)
        db.session.commit()
        inquiry_id = item.id
        db.session.remove()
    return inquiry_id


def test_sub_questions_are_routed_on_their_own(page, live_server, live_app):
    inquiry_id = _split_inquiry(live_app)
    login(page, live_server, "rat")
    page.goto(f"/anfragen/{inquiry_id}/zuweisung")
    question = page.get_by_role("group", name="Frage 2", exact=True)
    toggle = question.get_by_label("Teilfragen einzeln zuweisen")
    part_a = page.get_by_role("group", name="Frage 2 a)", exact=True)
    part_b = page.get_by_role("group", name="Frage 2 b)", exact=True)
    whole_lead = question.locator("[data-app-split-whole]").get_by_label("Federführend")
    expect(toggle).not_to_be_checked()
    expect(part_a).to_be_hidden()
    expect(whole_lead).to_be_visible()
    check_accessibility(page, "Zuweisung mit Teilfragen (ganze Frage)")

    toggle.check()
    expect(part_a).to_be_visible()
    expect(part_b).to_be_visible()
    expect(whole_lead).to_be_hidden()
    # each sub-question with its own proposal, the score apart from the office
    expect(part_a.get_by_label("Federführend").locator("option:checked")).to_have_text(U51)
    expect(part_b.get_by_label("Federführend").locator("option:checked")).to_have_text(U66)
    expect(part_b.locator(".app-route__suggestions li").first).to_contain_text(
        re.compile(rf"^{re.escape(U66)} – Vorschlag \d+ %"))
    # the park's office contributes to a): found through the filter box
    contributors = part_a.get_by_role("group", name="Beteiligt")
    contributors.get_by_label("Ämter filtern").fill("stadtgrün")
    contributors.get_by_role("checkbox", name=U67, exact=True).check()
    check_accessibility(page, "Zuweisung mit Teilfragen (einzeln)")
    screenshot(page, "routing-sub-questions")

    page.get_by_role("button", name="Zuweisungen versenden").click()
    page.wait_for_url(re.compile(rf"/anfragen/{inquiry_id}$"))
    questions = page.locator(".app-questions")
    expect(questions).to_contain_text(f"{U51} (federführend); {U67} (beteiligt)")
    expect(questions).to_contain_text(f"{U66} (federführend)")
    check_accessibility(page, "Anfrage mit einzeln zugewiesenen Teilfragen")
