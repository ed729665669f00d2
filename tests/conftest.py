"""Test fixtures: the app on SQLite (default) or a real PostgreSQL server (``--db=postgresql``),
schema built once by Alembic, every test rolled back."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import g
from flask_sqlalchemy.session import Session as _FlaskSession

ON_CI = os.environ.get("CI", "").lower() == "true"
DATA = Path(__file__).parent / "data"


def pytest_addoption(parser):
    parser.addoption("--db", default=os.environ.get("INQUIRY_APP_TEST_DB", "sqlite"),
                     choices=["sqlite", "postgresql"], help="database for the tests")


def pytest_report_header(config):
    return f"database: {config.getoption('--db')}"


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL run only the tests that touch the database."""
    if config.getoption("--db") != "postgresql":
        return
    keep, drop = [], []
    for item in items:
        uses_db = bool({"app", "db_server"} & set(getattr(item, "fixturenames", ())))
        (keep if uses_db else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def require(condition: bool, reason: str) -> None:
    """Skip with a printed reason locally; on CI a missing tool is a failure."""
    if condition:
        return
    if ON_CI:
        pytest.fail(f"auf CI erforderlich: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def db_server(request, tmp_path_factory):
    """Yields a factory ``new_database(name) -> url``."""
    kind = request.config.getoption("--db")
    if kind == "sqlite":
        root = tmp_path_factory.mktemp("sqlite")
        yield lambda name: f"sqlite:///{root / (name + '.sqlite3')}"
        return
    import pgserver

    root = Path(tempfile.mkdtemp(prefix="inquiry-pg-"))
    try:
        server = pgserver.start(root)
    except pgserver.PostgresUnavailable as exc:
        shutil.rmtree(root, ignore_errors=True)
        require(False, str(exc))
    try:
        yield server.create_database
    finally:
        server.stop()


@pytest.fixture(scope="session")
def app(db_server, tmp_path_factory):
    from flask_migrate import upgrade

    from inquiry_app import create_app
    from inquiry_app.demo.loader import load_demo
    from inquiry_app.extensions import db
    from inquiry_app.models.accounts import use_fast_password_hashing

    use_fast_password_hashing()

    application = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": db_server("inquiries_app"),
        "SECRET_KEY": "test-secret-key",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "MAIL_ENABLED": False,
        # no seal and no page images unless a test asks for them (tests/test_letter_seal.py,
        # tests/test_letter_preview.py): the instance folder may hold the demo seal
        "SEAL_P12": "",
        "LETTER_PREVIEW": False,
        "PREVIEW_DIR": str(tmp_path_factory.mktemp("previews")),
    })
    @application.before_request
    def _fresh_request_globals():
        # A test keeps one app context open, and Flask reuses it for every request; clear
        # what Flask-Login and Flask-WTF cache in `g` so each request starts like a real one.
        for key in ("_login_user", "csrf_token", "unit_tree"):
            g.pop(key, None)

    with application.app_context():
        upgrade()
        # once; each test rolls back to it. Without the archive of past inquiries: tests build
        # the past inquiries they search and reuse (tests/test_demo_archive.py loads the whole
        # demo into a database of its own)
        application.config["DEMO_SUMMARY"] = load_demo(archive=False)
        db.session.commit()
    return application


class _ConnectionBoundSession(_FlaskSession):
    """Flask-SQLAlchemy's Session.get_bind ignores the session's own ``bind``; tests need it."""

    def get_bind(self, *args, **kwargs):
        return self.bind


@pytest.fixture(autouse=True)
def _db_rollback(request):
    """Each test that uses the app runs inside a transaction that is rolled back."""
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    from inquiry_app.extensions import db

    with application.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = db._make_scoped_session({
            "bind": connection, "join_transaction_mode": "create_savepoint",
            "class_": _ConnectionBoundSession,
        })
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture
def demo(app):
    """The demo data (loaded once per session, before every test's transaction)."""
    return app.config["DEMO_SUMMARY"]


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """The Flask test client plus form helpers (CSRF token taken from the page, as a browser)."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def token(self, url: str) -> str:
        page = self.client.get(url).get_data(as_text=True)
        match = CSRF_RE.search(page)
        assert match, f"kein CSRF-Feld auf {url}"
        return match.group(1)

    def submit(self, url: str, data: dict, *, form_url: str | None = None, **kw):
        payload = {"csrf_token": self.token(form_url or url), **data}
        return self.client.post(url, data=payload, **kw)

    def login(self, login: str, password: str = "anfragen-demo"):
        response = self.submit("/anmelden", {"login": login, "password": password})
        return response

    def logout(self):
        page = self.client.get("/aufgaben")
        if page.status_code != 200:  # not logged in
            return page
        return self.submit("/abmelden", {}, form_url="/aufgaben")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def browser(client):
    return Browser(client)


@pytest.fixture
def session(app):
    from inquiry_app.extensions import db

    with app.app_context():
        yield db.session


def count_rows(model) -> int:
    from inquiry_app.extensions import db

    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


class SmtpSink:
    """A real SMTP server (aiosmtpd) on a free local port that keeps what it receives.
    ``delay``: seconds each DATA takes (lets concurrent workers overlap); ``refuse``: addresses
    answered with ``550`` (permanent refusal)."""

    def __init__(self, delay: float = 0.0, refuse: tuple[str, ...] = ()):
        from aiosmtpd.controller import Controller

        self.messages: list = []
        self.received = threading.Event()  # set when the first message has arrived
        sink = self

        class Handler:
            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address in refuse:
                    return "550 5.1.1 Mailbox unavailable"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                import asyncio
                from email import message_from_bytes, policy

                if delay:
                    await asyncio.sleep(delay)
                sink.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                sink.received.set()
                return "250 OK"

        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def start(self) -> int:
        self.controller.start()
        return self.port

    def stop(self) -> None:
        self.controller.stop()


def deliver_mail(now=None):
    """Run the mail worker once (what ``flask --app inquiry_app mail deliver`` does), inside the
    test's transaction; returns its report."""
    from inquiry_app.outbox.worker import deliver_pass

    return deliver_pass(now=now)


@pytest.fixture
def smtp(app):
    """Mail on: the app sends to a real local SMTP sink for the duration of the test (the
    mails reach it when the test runs the worker: ``deliver_mail()``)."""
    sink = SmtpSink()
    port = sink.start()
    old = {k: app.config[k] for k in ("MAIL_ENABLED", "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS")}
    app.config.update(MAIL_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
    try:
        yield sink
    finally:
        app.config.update(old)
        sink.stop()


# --- the reference inquiry at later stages (shared by several test modules) -----------------

def reference_answers() -> dict[str, str]:
    import json

    reply = json.loads((DATA / "reply.json").read_text(encoding="utf-8"))
    return {item["questions"][0]["number"]: "\n\n".join(item["answer"]) for item in reply["items"]}


def _reference_inquiry(session):
    from inquiry_app.models import Inquiry

    session.expire_all()
    return session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0815/25"))


def _by_login(session, login):
    from inquiry_app.models import User

    return session.scalar(sa.select(User).where(User.login == login))


def _units(session, *codes):
    from inquiry_app.models import OrgUnit

    return [session.scalar(sa.select(OrgUnit).where(OrgUnit.code == c)) for c in codes]


@pytest.fixture
def routed(app, session, demo):
    """The reference inquiry routed as in reality: 1, 2, 4 to 33, 3 to EB IT (33 contributing)."""
    from inquiry_app.assignments.operations import QuestionPlan, save_plan, send

    inquiry = _reference_inquiry(session)
    u33, ebit = _units(session, "33", "EB IT")
    plans = {q.id: QuestionPlan(ebit.id if q.number == "3" else u33.id,
                                [u33.id] if q.number == "3" else [])
             for q in inquiry.questions}
    with app.test_request_context():
        save_plan(inquiry, plans, _by_login(session, "rat"))
        send(inquiry, _by_login(session, "rat"))
    session.commit()
    return inquiry


@pytest.fixture
def complete(app, session, demo):
    """The reference inquiry with the reference answers, all final (answers_complete)."""
    from inquiry_app.assignments.operations import QuestionPlan, save_plan, send
    from inquiry_app.contributions import answers as answer_ops
    from inquiry_app.contributions import operations as contribution_ops
    from inquiry_app.models import InquiryState

    answers = reference_answers()
    inquiry = _reference_inquiry(session)
    u33, ebit = _units(session, "33", "EB IT")
    clerk, amt33, ebit_user = (_by_login(session, n) for n in ("rat", "amt33", "ebit"))
    with app.test_request_context():
        save_plan(inquiry, {q.id: QuestionPlan(ebit.id if q.number == "3" else u33.id)
                            for q in inquiry.questions}, clerk)
        send(inquiry, clerk)
        for a in inquiry.assignments:
            user = ebit_user if a.org_unit_id == ebit.id else amt33
            contribution_ops.save(a, user, answers[a.question.number], None)
            contribution_ops.submit(a, user)
        for answer in inquiry.answers:  # created on sending, prefilled on submission
            user = ebit_user if answer.questions[0].number == "3" else amt33
            answer_ops.set_final(answer, user, True)
    session.commit()
    inquiry = _reference_inquiry(session)
    assert inquiry.state == InquiryState.ANSWERS_COMPLETE
    return inquiry


@pytest.fixture
def world(session):
    """A small administration of its own (tests/factories.py): units and one person per
    role and place. Built in the ``session`` fixture's app context (each app context has a
    session of its own)."""
    import factories

    return factories.world()
