"""Helpers for the end-to-end tests: log in, check accessibility with axe-core, screenshots.

Import in test modules with ``from e2e.helpers import login, check_accessibility, screenshot``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

from playwright.sync_api import Page, expect

E2E_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = E2E_DIR.parent.parent
AXE_JS = E2E_DIR / "vendor" / "axe.min.js"
SCREENSHOTS = PROJECT_ROOT / "test-results" / "screenshots"
DOC_SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
DEMO_PASSWORD = "anfragen-demo"

# WCAG 2.1 A and AA; "serious" and "critical" violations fail the test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")
IMPACTS = ("critical", "serious", "moderate", "minor")

# Every page checked in this session: {"name", "url", "counts": {impact: n}, "rules": [...]}.
# Printed by pytest_terminal_summary in tests/e2e/conftest.py.
A11Y_RESULTS: list[dict] = []

START_PATH = re.compile(r"/aufgaben$")


def login(page: Page, base_url: str, login: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real login form and wait for the start page ("Meine Aufgaben")."""
    page.goto(f"{base_url}/anmelden")
    page.get_by_label("Benutzername").fill(login)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(START_PATH)
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def logout(page: Page) -> None:
    """Log out with the header button and wait for the login page."""
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url(re.compile(r"/anmelden"))


def check_accessibility(page: Page, name: str, *, exclude: list[str] | None = None) -> dict:
    """Run axe-core (WCAG 2.1 A/AA) on the current page; fail on serious/critical violations.

    ``name`` labels the page in the summary at the end of the run. ``exclude``: CSS selectors
    left out of the check (use sparingly, with a comment why). Returns the axe results.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    context = {"include": [["html"]], "exclude": [[s] for s in exclude]} if exclude else None
    results = page.evaluate(
        """async ([context, tags]) => {
            const r = await axe.run(context || document, {runOnly: {type: 'tag', values: tags},
                                                          resultTypes: ['violations']});
            return {violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}))};
        }""",
        [context, AXE_TAGS],
    )
    violations = results["violations"]
    counts = Counter()
    for v in violations:
        counts[v["impact"] or "minor"] += len(v["nodes"])
    A11Y_RESULTS.append({
        "name": name, "url": page.url, "counts": {i: counts.get(i, 0) for i in IMPACTS},
        "rules": sorted(f"{v['id']}({v['impact']})" for v in violations),
    })
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, _describe(name, page.url, blocking)
    return results


def _describe(name: str, url: str, violations: list[dict]) -> str:
    lines = [f"axe: {len(violations)} schwerwiegende Verstöße auf {name} ({url}):"]
    for v in violations:
        targets = ", ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"])
                            for n in v["nodes"][:3])
        more = f" (+{len(v['nodes']) - 3} weitere)" if len(v["nodes"]) > 3 else ""
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} – {targets}{more}")
        first = v["nodes"][0]["summary"] if v["nodes"] else ""
        if first:
            lines.append("    " + first.replace("\n", "\n    "))
        lines.append(f"    {v['helpUrl']}")
    return "\n".join(lines)


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG of the page to test-results/screenshots/NAME.png (gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def doc_screenshot(page: Page, filename: str) -> Path | None:
    """Viewport-sized PNG for the documentation, only when E2E_UPDATE_DOCS=1 is set
    (so a normal test run leaves the checked-in docs/screenshots/ untouched)."""
    if os.environ.get("E2E_UPDATE_DOCS", "") not in ("1", "true", "yes"):
        return None
    DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = DOC_SCREENSHOTS / filename
    page.screenshot(path=str(path), full_page=False)
    return path


def letter_text(page: Page):
    """The letter's text on the letter page ("Brieftext"): below the page images it sits in the
    disclosure "Text des Schreibens", which is opened first (without images it is shown)."""
    images = page.locator("img.app-letter-page")
    if images.count():
        expect(images.first).to_have_attribute("alt", re.compile(r"^Seite 1 von \d+ des "))
        page.locator(".app-letter-text > summary").click()
    return page.get_by_role("article", name="Brieftext")
