"""End-to-end fixtures: the app on its own SQLite file served by Werkzeug in a thread, Debian's
Chromium driven by Playwright, a fresh browser context per test.

The live server commits for real: e2e tests must not request the ``app`` fixture (its
``_db_rollback`` wraps tests in a transaction). State changes persist for the whole session,
so a test that changes data should use its own objects or leave them as it found them.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from pathlib import Path

import pytest
from conftest import require

from e2e.helpers import A11Y_RESULTS, BLOCKING_IMPACTS, E2E_DIR, IMPACTS, SCREENSHOTS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
# How long a step may wait for the page before the test fails: a guard against a hang, not a
# speed goal (speeds are in bench/). 10 s was too tight on a busy machine (a page that loads
# spaCy and the router for the first time, with a second suite running beside it).
DEFAULT_TIMEOUT_MS = 30_000


def pytest_collection_modifyitems(config, items):
    """Every test below tests/e2e/ gets the ``e2e`` marker."""
    for item in items:
        if Path(item.path).is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The Flask app behind the live server (own SQLite file, demo data committed).

    Use ``with live_app.app_context():`` to inspect the database from a test."""
    from flask import got_request_exception
    from flask_migrate import upgrade

    from inquiry_app import create_app
    from inquiry_app.demo.loader import load_demo
    from inquiry_app.demo.seal import self_signed_p12
    from inquiry_app.extensions import db
    from inquiry_app.models.accounts import use_fast_password_hashing

    use_fast_password_hashing()
    database = tmp_path_factory.mktemp("e2e") / "e2e.sqlite3"
    seal = database.with_name("seal.p12")
    seal.write_bytes(self_signed_p12("Landeshauptstadt Dresden – Siegel (Test)",
                                     "Landeshauptstadt Dresden", "e2e-siegel"))
    application = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "SECRET_KEY": "e2e-secret-key",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "MAIL_ENABLED": False,
        "SEAL_P12": str(seal), "SEAL_PASSWORD": "e2e-siegel",  # signed letters are sealed
        "PREVIEW_DIR": str(tmp_path_factory.mktemp("e2e-previews")),  # page images: shown
    })
    with application.app_context():
        upgrade()
        # without the archive of past inquiries: it holds real replies whose inquiries the
        # registration tests register, and the reuse test builds its own past answer
        application.config["DEMO_SUMMARY"] = load_demo(archive=False)
        db.session.commit()

    # Exceptions raised in views during a test; the ``page`` fixture fails the test on them.
    application.extensions["e2e_server_errors"] = errors = []

    def _record(sender, exception, **_extra):
        errors.append(repr(exception))

    got_request_exception.connect(_record, application, weak=False)
    return application


@pytest.fixture(scope="session")
def live_server(live_app):
    """Base URL (``http://127.0.0.1:PORT``, no trailing slash) of the running app."""
    from werkzeug.serving import make_server

    werkzeug_log = logging.getLogger("werkzeug")
    level = werkzeug_log.level
    werkzeug_log.setLevel(logging.WARNING)  # no line per request in failure reports
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        werkzeug_log.setLevel(level)


@pytest.fixture(scope="session")
def chromium_browser():
    """Headless Debian Chromium (never a downloaded browser)."""
    if not CHROMIUM.exists():
        require(False, f"Chromium fehlt ({CHROMIUM}); apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(request, chromium_browser, live_server, live_app):
    """A page in a fresh browser context (German locale, 1280×900, 10 s timeouts).

    ``page.goto("/anfragen/")`` works relative to the live server. On failure a screenshot is
    saved to test-results/screenshots/FAILED-<test>.png. Uncaught JavaScript errors and
    exceptions in views fail the test."""
    from playwright.sync_api import expect

    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    server_errors = live_app.extensions["e2e_server_errors"]
    server_errors.clear()
    context = chromium_browser.new_context(
        locale="de-DE", viewport={"width": 1280, "height": 900}, base_url=live_server,
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    pg = context.new_page()
    js_errors: list[str] = []
    pg.on("pageerror", lambda exc: js_errors.append(str(exc)))
    try:
        yield pg
    finally:
        report = getattr(request.node, "_e2e_report_call", None)
        if report is not None and report.failed and not pg.is_closed():
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
            with contextlib.suppress(Exception):  # best effort, the test already failed
                pg.screenshot(path=str(SCREENSHOTS / f"FAILED-{safe}.png"), full_page=True)
        context.close()
    assert not js_errors, f"JavaScript-Fehler im Browser: {js_errors}"
    assert not server_errors, f"Fehler im Server während des Tests: {server_errors}"


def pytest_terminal_summary(terminalreporter):
    if not A11Y_RESULTS:
        return
    tr = terminalreporter
    tr.section("Barrierefreiheit (axe-core, WCAG 2.1 A/AA)")
    width = max(len(r["name"]) for r in A11Y_RESULTS)
    tr.write_line(f"{'Seite':<{width}}  " + " ".join(f"{i:>8}" for i in IMPACTS) + "  URL / Regeln")
    for r in A11Y_RESULTS:
        counts = " ".join(f"{r['counts'][i]:>8}" for i in IMPACTS)
        blocking = any(r["counts"][i] for i in BLOCKING_IMPACTS)
        rules = f"  [{', '.join(r['rules'])}]" if r["rules"] else ""
        tr.write_line(f"{r['name']:<{width}}  {counts}  {r['url']}{rules}", red=blocking)
    tr.write_line(f"{len(A11Y_RESULTS)} Seiten geprüft.")
