"""Issue 15, points 6 and 9 in the real browser: the split editor keeps the original in view
while the proposal scrolls (and stacks on a narrow screen); the print view of an inquiry
passes axe and prints without header, navigation and buttons (checked in the PDF Chromium
prints). Both only read: no demo data is changed."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from e2e.helpers import check_accessibility, login, screenshot

RECEIVED_SUBJECT = "Sanierung der Turnhalle der 30. Grundschule"


def _received(live_app) -> int:
    from inquiry_app.extensions import db
    from inquiry_app.models import Inquiry

    with live_app.app_context():
        return db.session.scalar(sa.select(Inquiry.id).where(Inquiry.subject == RECEIVED_SUBJECT))


def _routed(live_app) -> tuple[int, list[str], list[str]]:
    """A routed demo inquiry: its id, question texts and the labels of the assigned units."""
    from inquiry_app.extensions import db
    from inquiry_app.models import Inquiry, InquiryState

    with live_app.app_context():
        inquiry = db.session.scalars(sa.select(Inquiry).where(Inquiry.state == InquiryState.ROUTED)
                                     .order_by(Inquiry.id)).first()
        assert inquiry is not None, "die Demodaten haben keine zugewiesene Anfrage"
        return (inquiry.id, [q.text for q in inquiry.top_questions],
                sorted({a.org_unit.label for a in inquiry.assignments if a.sent_at}))


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box is not None
    return box


def test_split_editor_keeps_the_original_in_view(page: Page, live_server: str, live_app):
    inquiry_id = _received(live_app)
    login(page, live_server, "rat")
    page.goto(f"/anfragen/{inquiry_id}/zerlegung")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zerlegung prüfen")
    check_accessibility(page, "Zerlegungseditor (Spalten, Schaltflächenleiste)")

    panel = page.locator(".app-split__original")
    original = page.get_by_role("region", name="Originaltext")
    expect(original).to_be_visible()
    assert panel.evaluate("e => getComputedStyle(e).position") == "sticky"
    # the proposal ends far below the first screen: scroll to its button bar
    bar = page.get_by_role("group", name="Zerlegung speichern oder bestätigen")
    bar.scroll_into_view_if_needed()
    expect(bar).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 300
    viewport = page.viewport_size
    box = _box(original)
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    expect(original).to_be_in_viewport(ratio=1)
    # the edit column lies beside it, not below
    edit = _box(page.locator(".app-split__edit"))
    assert edit["x"] >= box["x"] + box["width"]
    # the original scrolls on its own
    assert original.evaluate("e => getComputedStyle(e).overflowY") == "auto"
    screenshot(page, "split-editor-scrolled", full_page=False)

    # narrow screen: stacked, the original first, not sticky
    page.set_viewport_size({"width": 600, "height": 900})
    page.evaluate("window.scrollTo(0, 0)")
    assert panel.evaluate("e => getComputedStyle(e).position") == "static"
    assert _box(original)["y"] + _box(original)["height"] <= _box(page.locator(".app-split__edit"))["y"]
    check_accessibility(page, "Zerlegungseditor (schmal)")


def test_print_view_passes_axe_and_prints_without_navigation(page: Page, live_server: str,
                                                             live_app, tmp_path):
    inquiry_id, questions, units = _routed(live_app)
    login(page, live_server, "rat")
    page.goto(f"/anfragen/{inquiry_id}")
    page.get_by_role("link", name="Druckansicht").click()
    page.wait_for_url(f"**/anfragen/{inquiry_id}/druck")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anfrage")
    expect(page.get_by_role("heading", level=2, name="Verlauf")).to_be_visible()
    expect(page.get_by_role("button", name="Drucken")).to_be_visible()  # shown by print.js
    check_accessibility(page, "Druckansicht")
    screenshot(page, "print-view")

    page.emulate_media(media="print")
    for selector in (".app-header", ".app-breadcrumbs-wrap", ".app-footer"):
        expect(page.locator(selector)).to_be_hidden()
    expect(page.get_by_role("button", name="Drucken")).to_be_hidden()
    expect(page.get_by_role("heading", level=2, name="Verlauf")).to_be_visible()

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext fehlt (poppler-utils)")
    pdf = tmp_path / "druck.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                   capture_output=True, text=True).stdout.split())
    for question in questions:
        assert " ".join(question.split())[:60] in text
    for unit in units:
        assert unit in text
    assert "Die Antwort ist noch nicht endgültig." in text
    assert "Zuweisungen versandt" in text  # the history
    for absent in ("Abmelden", "Meine Aufgaben", "Zum Inhalt springen", "Drucken",
                   "Zurück zur Anfrage"):
        assert absent not in text, absent
