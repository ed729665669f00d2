"""The split editor as a clerk sees it (issue 15, point 6): the original in its own sticky
panel beside the proposal, the subject apart from the instruction, one button bar at the end
with the main action once, and the same kind of button for every row action."""

from __future__ import annotations

import re

from factories import confirmed, councillor_inquiry, login
from html_tree import parse
from split_rows import split_rows

SUBJECT = "Wie geht es mit der Turnhalle weiter?"


def _editor(browser, world, *, state="received", questions=3):
    item = councillor_inquiry(world, questions, subject=SUBJECT)
    if state == "split":
        confirmed(item, world.council_office)
    login(browser, world.council_office)
    response = browser.get(f"/anfragen/{item.id}/zerlegung")
    assert response.status_code == 200
    return item, parse(response.get_data(as_text=True))


def test_original_stays_in_its_own_sticky_panel_beside_the_proposal(browser, world):
    item, page = _editor(browser, world)
    split = page.one("div", class_="app-split")
    original = page.one("section", class_="app-split__original")
    edit = page.one("section", class_="app-split__edit")
    assert original.parent is split and edit.parent is split  # two columns of one grid
    assert "app-sticky-panel" in original.classes
    region = original.one(role="region", aria_label="Originaltext")
    assert region.attrs["tabindex"] == "0"  # its own scroll, reachable by keyboard
    assert region.text == " ".join(item.submitted_text.split())
    assert not original.find("form") and original.find(class_="app-split__row") is None


def test_the_sticky_panel_is_styled_sticky_and_stacks_on_narrow_screens(browser, world):
    css = browser.get("/static/app.css").get_data(as_text=True)
    rule = re.search(r"\.app-sticky-panel\s*\{([^}]*)\}", css).group(1)
    assert "position: sticky" in rule and "max-height" in rule
    narrow = re.search(r"@media \(max-width: 900px\) \{(.*?)\n\}", css, re.S).group(1)
    assert re.search(r"\.app-split\s*\{\s*grid-template-columns: 1fr;", narrow)
    assert re.search(r"\.app-sticky-panel\s*\{\s*position: static;", narrow)


def test_subject_and_instruction_are_separate_elements(browser, world):
    _, page = _editor(browser, world)
    assert page.one(class_="app-split__subject").text == SUBJECT
    instruction = page.one("p", class_="app-split__instruction")
    assert instruction.text.startswith("Prüfen Sie links das Original")
    assert SUBJECT not in instruction.text
    assert "?." not in page.one("main").text  # the subject is not run into a sentence


def test_one_button_bar_at_the_end_with_the_main_action_once(browser, world):
    _, page = _editor(browser, world)
    form = page.one("form", id="split-form")
    bars = page.find_all(class_="app-button-bar")
    assert len(bars) == 1
    bar = bars[0]
    assert bar.parent is form
    assert [c for c in form.children if not isinstance(c, str)][-1] is bar  # at the end
    primary = page.one("main").find_all("button", class_="kern-btn--primary")
    assert [b.attrs["value"] for b in primary] == ["confirm"]
    assert primary[0].inside(bar)
    buttons = bar.find_all("button")
    assert {b.attrs["value"] for b in buttons} == {"confirm", "save", "renumber", "add"}
    assert all("kern-btn--secondary" in b.classes for b in buttons if b is not primary[0])
    # no other visible action buttons outside the bar and the row toolbars
    loose = [b for b in form.find_all("button", class_="kern-btn")
             if not b.inside(bar) and not any("app-row-actions" in a.classes
                                              for a in b.ancestors())]
    assert loose == []


def test_every_row_action_is_the_same_kind_of_button(browser, world):
    _, page = _editor(browser, world, questions=3)
    rows = page.find_all("li", class_="app-split__row")
    assert len(rows) == 3
    for number, row in enumerate(rows, start=1):
        toolbar = row.one(class_="app-row-actions")
        assert toolbar.attrs["role"] == "group"
        assert toolbar.attrs["aria-label"] == f"Aktionen zu Frage {number}"
        buttons = toolbar.find_all("button")
        base = {"kern-btn", "kern-btn--secondary", "kern-btn--x-small"}
        assert all(base <= set(b.classes) for b in buttons)
        # the same button everywhere; only deleting the question is in red
        assert [b.text for b in buttons if set(b.classes) != base] == [
            f"Frage löschen (Frage {number})"]
        assert all(set(b.classes) - base == {"app-btn--danger-text"}
                   for b in buttons if set(b.classes) != base)
        pair = toolbar.one(class_="app-row-actions__rows")
        assert [b.text for b in pair.find_all("button")] == [
            f"Frage danach einfügen (nach Frage {number})", f"Frage löschen (Frage {number})"]
    preamble_actions = page.one(aria_label="Aktionen zur Vorbemerkung").find_all("button")
    assert {frozenset(b.classes) for b in preamble_actions} == {
        frozenset({"kern-btn", "kern-btn--secondary", "kern-btn--x-small"})}


def test_the_bar_buttons_still_work(browser, world):
    item, _ = _editor(browser, world, questions=2)
    rows = [(q.number, q.text) for q in item.top_questions]
    response = browser.submit(f"/anfragen/{item.id}/zerlegung", {
        "version": str(item.version), "preamble": item.preamble, "action": "add",
        **split_rows(rows)})
    assert response.status_code == 302
    page = parse(browser.get(f"/anfragen/{item.id}/zerlegung").get_data(as_text=True))
    assert len(page.find_all("li", class_="app-split__row")) == 3
    assert page.one(class_="app-split__subject").text == SUBJECT


def test_a_confirmed_split_has_no_button_bar(browser, world):
    item, page = _editor(browser, world, state="split")
    assert page.find(class_="app-button-bar") is None
    assert page.one("main").find_all("button", class_="kern-btn--primary") == []
    assert page.one("main").find("a", href=f"/anfragen/{item.id}") is not None
    assert "app-sticky-panel" in page.one("section", class_="app-split__original").classes
