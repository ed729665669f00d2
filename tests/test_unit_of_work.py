"""One unit of work per request, GET never writes, one domain error type.

* Every GET page reachable on the path of an inquiry (its own, built by tests/factories.py),
  for one person of each role and for the public, leaves every table as it was.
* A commit that fails after the view has returned a redirect shows the error page with the
  typed input, keeps nothing and takes back the success message.
* Every :class:`DomainError` subclass that no view catches is shown with its status and the
  typed input.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import factories
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import Inquiry, InquiryState, TextBlock
from tests.archive.archive_data import reply_text
from tests.archive.archive_data import run as run_archive_import

# --- helpers ------------------------------------------------------------------------------

def _post(browser, url, data=None, **kw):
    return browser.submit(url, data or {}, form_url="/aufgaben", **kw)


def _as(browser, person):
    browser.logout()
    if person:
        factories.login(browser, person)


@pytest.fixture
def world(session):
    """The world's mayor's office is the last review station."""
    return factories.world(sole_mayor_office=True)


def _table_digest(session) -> dict[str, str]:
    """Per table: a hash of all its rows in primary-key order."""
    session.expire_all()
    digest = {}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows = session.execute(sa.select(table).order_by(*order)).all()
        digest[table.name] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return digest


HREF = re.compile(r'href="([^"]+)"')
# Pages whose query strings multiply without end (filters, pages, comparisons): a few suffice.
PER_ENDPOINT = 6


def _walk(app, browser, starts: list[str], limit: int = 400) -> tuple[set[str], dict]:
    """Follow every local link from ``starts`` (GET only); the endpoints seen and the answers
    with a status of 500 or more."""
    adapter = app.url_map.bind("localhost")
    seen_urls: set[str] = set()
    per_endpoint: dict[str, int] = {}
    endpoints: set[str] = set()
    failures: dict[str, int] = {}
    queue = list(starts)
    while queue and len(seen_urls) < limit:
        url = queue.pop(0)
        if url in seen_urls:
            continue
        seen_urls.add(url)
        parts = urlsplit(url)
        try:
            endpoint, _args = adapter.match(parts.path, method="GET")
        except Exception:
            continue
        if endpoint == "static":
            continue
        if per_endpoint.get(endpoint, 0) >= PER_ENDPOINT:
            continue
        per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
        response = browser.get(url)
        endpoints.add(endpoint)
        if response.status_code >= 500:
            failures[url] = response.status_code
        if not response.content_type.startswith("text/html"):
            continue
        for link in HREF.findall(response.get_data(as_text=True)):
            link = html.unescape(link).split("#", 1)[0]
            if not link.startswith("/") or link.startswith(("//", "/static/")):
                continue
            if link not in seen_urls:
                queue.append(link)
    return endpoints, failures


def _to_signature(browser, world, inquiry_id):
    base = f"/anfragen/{inquiry_id}/schreiben"
    _as(browser, world.council_office)
    assert _post(browser, f"{base}/entwurf").status_code == 302
    assert _post(browser, f"/anfragen/{inquiry_id}/zwischenbescheid",
                 {"new_date": (date.today() + timedelta(days=60)).isoformat(),
                  "reason": "Abstimmung mit dem Eigenbetrieb"}
                 ).status_code == 302
    assert _post(browser, f"{base}/mitzeichnung").status_code == 302
    for person in factories.reviewers(world, inquiry_id):
        _as(browser, person)
        assert _post(browser, f"{base}/mitzeichnen").status_code == 302, person.login
    return base


# each role, and someone uninvolved
ROLES = ("council_office", "signatory", "lead_clerk", "lead_head", "other_clerk", "admin")


def _walk_everyone(app, browser, world, session, inquiry_id: int) -> set[str]:
    """Each role (logged in first: the login is a POST that writes), then the public. Besides
    the links: the inquiry's page, the version pages of the inquiry's contributions and answers (linked only
    from some states)."""
    from inquiry_app.models import Answer, Assignment, ReplyLetter

    extra = [f"/anfragen/{inquiry_id}"]  # first, before other inquiries fill the page budget
    extra += [f"/zuweisungen/{i}/beitrag/versionen" for i in session.scalars(
        sa.select(Assignment.id).where(Assignment.inquiry_id == inquiry_id))]
    extra += [f"/antworten/{i}/versionen" for i in session.scalars(
        sa.select(Answer.id).where(Answer.inquiry_id == inquiry_id))]
    # the letter's page images (linked as <img src>, which the walk does not follow)
    extra += [f"/schreiben/{i}/seite-1.png" for i in session.scalars(
        sa.select(ReplyLetter.id).where(ReplyLetter.inquiry_id == inquiry_id))]
    endpoints: set[str] = set()
    for role in (*ROLES, None):
        _as(browser, getattr(world, role) if role else None)
        before = _table_digest(session)
        starts = ["/aufgaben", *extra] if role else ["/oeffentlich/"]
        seen, failures = _walk(app, browser, starts)
        assert not failures, (role, failures)
        endpoints |= seen
        after = _table_digest(session)
        changed = [name for name in before if before[name] != after[name]]
        assert not changed, f"GET-Seiten als {role} haben Tabellen geändert: {changed}"
    return endpoints


# --- GET never writes ------------------------------------------------------------------

def test_no_get_page_on_the_path_changes_a_row(app, browser, world, session, tmp_path):
    """Walk every GET page each role reaches, at two stages of an inquiry of four questions
    (two units answer): the letter in review (draft and interim notice as PDF made on
    request), and sent and published (signed letter, public page); and an archived
    (imported) inquiry with its original file."""
    complete = factories.complete(world, 4)
    complete.original_file, complete.original_filename = b"Anfrage", "anfrage.txt"
    session.commit()
    base = _to_signature(browser, world, complete.id)
    in_review = _walk_everyone(app, browser, world, session, complete.id)
    assert {"main.index", "inquiries.detail", "assignments.detail", "contributions.consolidate",
            "letters.letter", "letters.download", "public.index"} <= in_review

    _as(browser, world.signatory)
    assert _post(browser, f"{base}/zeichnen",
                 {"password": factories.PASSWORD, "mode": "self"}).status_code == 302
    _as(browser, world.council_office)
    assert _post(browser, f"{base}/versand",
                 {"channel": "Post", "sent_on": date.today().isoformat()}
                 ).status_code == 302
    assert _post(browser, f"/anfragen/{complete.id}/veroeffentlichen").status_code == 302
    session.expire_all()
    assert complete.state == InquiryState.PUBLISHED
    published = _walk_everyone(app, browser, world, session, complete.id)
    assert {"public.detail", "public.download"} <= published
    (tmp_path / "antwort.txt").write_text(reply_text("AF9301/19"), encoding="utf-8")
    assert run_archive_import(app, str(tmp_path), "--report", str(tmp_path / "r.csv")).exit_code == 0
    archived = session.scalar(sa.select(Inquiry.id).where(Inquiry.number == "AF9301/19"))
    published |= _walk_everyone(app, browser, world, session, archived)
    assert {"archive.original", "public.original"} <= published
    pages = {rule.endpoint for rule in app.url_map.iter_rules()
             if "GET" in rule.methods and rule.endpoint != "static"}
    assert pages - in_review - published == set(), "GET-Seiten, die der Rundgang nicht erreicht"


def test_a_write_in_a_get_request_is_refused(app, client, session, monkeypatch):
    """The guard behind the walk: in the tests a GET request that flushes a change fails."""
    from inquiry_app.accounts import views as account_views
    from inquiry_app.unit_of_work import ReadRequestWrote

    original = account_views.render_template

    def writing_render(*args, **kwargs):
        db.session.add(TextBlock(title="aus GET", text="x", active=True))
        db.session.flush()
        return original(*args, **kwargs)

    monkeypatch.setattr(account_views, "render_template", writing_render)
    response = client.get("/anmelden")
    assert response.status_code == 500
    assert session.scalar(sa.select(sa.func.count()).select_from(TextBlock)
                          .where(TextBlock.title == "aus GET")) == 0
    assert issubclass(ReadRequestWrote, RuntimeError)


# --- one commit at the end; a failed commit is an error page, not a success --------------

def _new_block(browser, title="Baustein Einheit der Arbeit"):
    return browser.submit("/textbausteine/neu", {"title": title, "text": "Text des Bausteins",
                                                "unit": "", "active": "y"})


def test_a_successful_post_commits_once(app, browser, world, session, monkeypatch):
    factories.login(browser, world.council_office)
    calls = []
    original = db.session.commit

    def counting():
        calls.append(1)
        return original()

    monkeypatch.setattr(db.session, "commit", counting)
    response = _new_block(browser)
    assert response.status_code == 302
    assert len(calls) == 1
    assert session.scalar(sa.select(TextBlock).where(
        TextBlock.title == "Baustein Einheit der Arbeit")) is not None


COMMIT_FAILURES = {
    "integrity": (lambda: IntegrityError("INSERT INTO text_block …", {},
                                         Exception("UNIQUE constraint failed")), 409),
    "stale": (lambda: StaleDataError("UPDATE statement on table expected to update 1 row(s)"),
              409),
    "busy": (lambda: OperationalError("COMMIT", {}, Exception("database is locked")), 503),
}


@pytest.mark.parametrize("kind", sorted(COMMIT_FAILURES))
def test_a_failed_commit_rolls_back_and_shows_the_error_page(kind, app, browser, world, session,
                                                            monkeypatch):
    """The view has returned its redirect to the list; the commit at the end fails: the
    answer is the error page of that failure (as when the view committed itself)."""
    factories.login(browser, world.council_office)
    browser.get("/aufgaben")  # no message left from the login
    make_error, status = COMMIT_FAILURES[kind]

    def failing():
        raise make_error()

    monkeypatch.setattr(db.session, "commit", failing)
    response = _new_block(browser, "Baustein, der nicht gespeichert wird")
    monkeypatch.undo()
    assert response.status_code == status  # not the redirect to the list
    page = response.get_data(as_text=True)
    assert "nichts gespeichert" in page or "nicht übernommen" in page
    assert "Baustein, der nicht gespeichert wird" in page  # what was typed
    session.expire_all()
    assert session.scalar(sa.select(TextBlock).where(
        TextBlock.title == "Baustein, der nicht gespeichert wird")) is None
    later = browser.get("/textbausteine/").get_data(as_text=True)
    assert "wurde gespeichert" not in later  # the success message was taken back


def test_an_error_answer_rolls_back_what_the_view_changed(app, session):
    """A view that changed something and then answers with an error status (a form shown
    again with 422) keeps nothing; a redirect commits."""
    from inquiry_app.unit_of_work import finish, unit_of_work

    for status, kept in ((422, 0), (302, 1)):
        title = f"Baustein {status}"
        with app.test_request_context("/x", method="POST"), unit_of_work("POST") as unit:
            db.session.add(TextBlock(title=title, text="x", active=True))
            db.session.flush()
            finish(unit, ("", status))
        assert session.scalar(sa.select(sa.func.count()).select_from(TextBlock)
                              .where(TextBlock.title == title)) == kept


def test_discard_keeps_nothing_even_with_a_redirect(app, session):
    from inquiry_app.unit_of_work import discard, finish, unit_of_work

    with app.test_request_context("/x", method="POST"), unit_of_work("POST") as unit:
        db.session.add(TextBlock(title="verworfen", text="x", active=True))
        db.session.flush()
        discard()
        db.session.add(TextBlock(title="danach", text="x", active=True))
        finish(unit, ("", 302))
    count = sa.select(sa.func.count()).select_from(TextBlock)
    assert session.scalar(count.where(TextBlock.title.in_(["verworfen", "danach"]))) == 0


# --- one domain error type ----------------------------------------------------------------

def _domain_errors() -> list[type[DomainError]]:
    # every area error is registered by importing its module
    import inquiry_app.accounts.operations
    import inquiry_app.assignments.operations
    import inquiry_app.contributions.answers
    import inquiry_app.contributions.operations
    import inquiry_app.council.csvio
    import inquiry_app.demo.generate
    import inquiry_app.intake.operations
    import inquiry_app.letters.freeze
    import inquiry_app.letters.operations
    import inquiry_app.outbox.worker
    import inquiry_app.routing.catalogue  # noqa: F401

    found, todo = [], [DomainError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


# The status of each area error: 409 conflicts with the current state, 422 input.
STATUS = {
    "DomainError": 422, "AccountError": 422, "AssignmentError": 422, "AnswerError": 422,
    "ContributionError": 422, "PeopleError": 422, "CsvImportError": 422, "IntakeError": 422,
    "CatalogueError": 422, "TextTooLong": 422, "LetterError": 409, "WorkflowError": 409,
    "WorkflowForbidden": 409, "FrozenError": 409, "GenerateError": 409, "OutboxError": 409,
    "TextConflict": 409, "UneditedMerge": 422, "SealError": 409, "ReuseError": 422,
}


def _instance(cls):
    if cls.__name__ == "FrozenError":
        return cls("Die Anfrage")
    if cls.__name__ == "TextConflict":
        return cls("gespeichert", 2, "getippt")
    return cls(f"Meldung von {cls.__name__}.")


def test_every_area_error_is_a_domain_error():
    names = {cls.__name__ for cls in _domain_errors()}
    assert set(STATUS) <= names, set(STATUS) - names
    assert names <= set(STATUS), f"Status festlegen für {names - set(STATUS)}"
    for cls in _domain_errors():
        assert not issubclass(cls, ValueError), cls


@pytest.mark.parametrize("name", sorted(STATUS))
def test_a_domain_error_shows_its_message_status_and_the_typed_input(name, app, browser,
                                                                     monkeypatch):
    """An area error no view catches (here raised by the login) -> the one handler."""
    from inquiry_app.accounts import views as account_views

    cls = next(c for c in _domain_errors() if c.__name__ == name)
    error = _instance(cls)

    def refuse(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(account_views, "authenticate", refuse)
    response = browser.submit("/anmelden", {"login": "getippter-name",
                                            "password": "geheimes-passwort"})
    assert response.status_code == STATUS[name] == error.status
    page = response.get_data(as_text=True)
    assert html.escape(str(error), quote=False) in page or str(error) in page
    assert "getippter-name" in page  # what was typed
    assert "geheimes-passwort" not in page  # never a password


def test_the_status_can_be_given_per_error():
    from inquiry_app.letters.operations import LetterError

    assert LetterError("x").status == 409
    assert LetterError("x", status=403).status == 403
    assert str(LetterError("Das Passwort ist nicht korrekt.")) == "Das Passwort ist nicht korrekt."
