"""The search page in a real browser: the quick search in the header leads to ``/suche``,
the hits show the matched words marked, a filter narrows them, and a hit opens the inquiry
at its question. Checked with axe-core with results and as the help for an empty query."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa
from playwright.sync_api import expect

from e2e.helpers import check_accessibility, login, screenshot

NUMBER = "AF0904/26"
WORD = "Axolotlbecken"


def _inquiry(live_app) -> tuple[int, int]:
    """An inquiry of its own whose question 2 is about the Axolotlbecken: (inquiry id,
    question id)."""
    from inquiry_app.extensions import db
    from inquiry_app.models import Inquiry, InquiryKind, InquiryState, Question, User
    from inquiry_app.workflow import record_registration

    with live_app.app_context():
        item = db.session.scalar(sa.select(Inquiry).where(Inquiry.number == NUMBER))
        if item is None:
            clerk = db.session.scalar(sa.select(User).where(User.login == "rat"))
            item = Inquiry(
                number=NUMBER, kind=InquiryKind.WRITTEN, subject="Aquarium im Stadtmuseum",
                received_on=date(2026, 1, 12), due_on=date(2026, 2, 9),
                original_due_on=date(2026, 2, 9), submitted_text="…",
                preamble="Das Stadtmuseum plant ein neues Aquarium.",
                state=InquiryState.RECEIVED, created_by=clerk,
                questions=[Question(position=1, number="1", text="Wann öffnet das Aquarium?"),
                           Question(position=2, number="2",
                                    text=f"Wie groß wird das {WORD} und wer pflegt es?")])
            db.session.add(item)
            record_registration(item, clerk)
            db.session.commit()  # the commit puts it into the search index
        ids = item.id, item.questions[1].id
        db.session.remove()
    return ids


def test_search_from_the_header_and_open_a_hit(page, live_server, live_app):
    inquiry_id, question_id = _inquiry(live_app)
    login(page, live_server, "rat")

    quick = page.get_by_role("search", name="Schnellsuche")
    quick.get_by_label("Suchbegriff").fill(WORD)
    quick.get_by_role("button", name="Suchen").click()
    page.wait_for_url(re.compile(r"/suche\?q="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Suche")
    expect(page.get_by_role("status").filter(has_text="Treffer")).to_have_text(
        re.compile(r"^\d+ Treffer"))
    hit = page.locator(".app-hit").filter(has_text=NUMBER).first
    expect(hit.locator("mark").first).to_have_text(re.compile(WORD, re.I))
    expect(hit).to_contain_text("Frage 2")
    check_accessibility(page, "Suche mit Treffern")
    screenshot(page, "search")

    # a filter from the facets: the year of the inquiry
    filters = page.get_by_role("group", name="Jahr")
    filters.get_by_role("checkbox", name=re.compile(r"^2026 \(\d+\)$")).check()
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page).to_have_url(re.compile(r"jahr=2026"))
    expect(page.get_by_role("group", name="Jahr").get_by_role(
        "checkbox", name=re.compile(r"^2026 "))).to_be_checked()

    page.locator(".app-hit").filter(has_text=NUMBER).first.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/anfragen/{inquiry_id}#frage-{question_id}$"))
    expect(page.locator(f"#frage-{question_id}")).to_contain_text(WORD)
    expect(page.locator(f"#frage-{question_id}")).to_be_in_viewport()


def test_empty_search_explains_how_to_search(page, live_server):
    login(page, live_server, "amt33")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Suche").click()
    expect(page.get_by_role("heading", name="So suchen Sie")).to_be_visible()
    expect(page.get_by_label("Suchbegriff")).to_be_visible()
    check_accessibility(page, "Suche ohne Suchbegriff")
