"""The mail outbox: nothing is lost when the mail server is down, a letter sent by e-mail
counts as sent only once the server accepted it, retries back off, failed mails can be
requeued, and two workers never send one mail twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import factories
import pytest
import sqlalchemy as sa
from conftest import SmtpSink, deliver_mail
from factories import fresh as _inquiry
from factories import post as _post

from inquiry_app.extensions import db
from inquiry_app.mail import Attachment, Mail, enqueue
from inquiry_app.models import (
    InquiryState,
    MailPurpose,
    MailState,
    OutboxMail,
    ReplyLetter,
    Transition,
)
from inquiry_app.models.base import utcnow
from inquiry_app.templating import local_time

ROOT = Path(__file__).resolve().parent.parent




@pytest.fixture
def world(session):
    """The world's mayor's office is the last review station."""
    return factories.world(sole_mayor_office=True)


@pytest.fixture
def complete(world):
    """Four questions, all answers final; submitted by Frau Anne Mühle (anne.muehle@…)."""
    muehle = factories.councillor("Mühle", first_name="Anne")
    muehle.email = "anne.muehle@rat.example"
    return factories.complete(world, 4, submitters=[muehle])


@pytest.fixture
def routed(world):
    """Routed without a web request: 1, 2 and 4 to the lead unit, 3 to the contributing unit
    (the lead unit helps)."""
    return factories.routed_like_reference(world)


def _signed(browser, world, inquiry) -> str:
    """Through review and signature; the council office logged in."""
    base = factories.to_signature(browser, world, inquiry)
    assert _post(browser, f"{base}/zeichnen",
                 {"password": factories.PASSWORD, "mode": "self"}).status_code == 302
    factories.login(browser, world.council_office)
    return base


def _dispatch_mail(session, inquiry_id) -> OutboxMail:
    session.expire_all()
    return session.scalar(sa.select(OutboxMail).where(
        OutboxMail.inquiry_id == inquiry_id, OutboxMail.purpose == MailPurpose.LETTER_DISPATCH)
        .order_by(OutboxMail.id.desc()).limit(1))


def _events(session, inquiry_id) -> list[str]:
    return [t.event for t in session.scalars(sa.select(Transition).where(
        Transition.inquiry_id == inquiry_id).order_by(Transition.id))]


def _attempt_while_down(session, inquiry_id) -> None:
    """Run passes until the letter's mail had its first attempt. A pass stops at the first
    mail the unreachable server fails (the review notifications are older, so first)."""
    waiting = session.scalar(sa.select(sa.func.count()).select_from(OutboxMail).where(
        OutboxMail.state == MailState.PENDING))
    for _ in range(waiting):
        report = deliver_mail()
        assert report.retrying == 1 and report.server_unreachable
        if _dispatch_mail(session, inquiry_id).attempts:
            return
    raise AssertionError("the letter's mail was never attempted")


@pytest.fixture
def mail_config(app):
    """Mail switched on, pointed at a sink that is not started yet: the server is "down"."""
    sink = SmtpSink()
    keys = ("MAIL_ENABLED", "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_MAX_ATTEMPTS",
            "MAIL_RETRY_SECONDS", "MAIL_RETRY_MAX_SECONDS")
    old = {k: app.config[k] for k in keys}
    app.config.update(MAIL_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port,
                      MAIL_USE_TLS=False)
    started = []

    def start():
        sink.start()
        started.append(True)
        return sink

    sink.start_now = start
    try:
        yield sink
    finally:
        app.config.update(old)
        if started:
            sink.stop()


def test_letter_dispatch_while_the_server_is_down_is_kept_and_sent_when_it_is_back(
        browser, world, complete, session, mail_config):
    base = _signed(browser, world, complete)
    response = _post(browser, f"{base}/versand", {"sent_on": "", "channel": "E-Mail"},
                     follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Versand per E-Mail ist angestoßen" in page and "wird versandt" in page
    inquiry = _inquiry(session, complete)
    assert inquiry.state == InquiryState.SIGNED and inquiry.sent_on is None
    assert _events(session, complete.id)[-1] == "dispatch_requested"
    mail = _dispatch_mail(session, complete.id)
    letter = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.signed_at.is_not(None)))
    (attachment,) = mail.attachments
    assert attachment.data == (letter.pdf or letter.docx)

    _attempt_while_down(session, complete.id)  # no server on the port
    mail = _dispatch_mail(session, complete.id)
    assert mail.state == MailState.PENDING and mail.attempts == 1
    assert "ist nicht erreichbar" in mail.last_error
    assert _inquiry(session, complete).state == InquiryState.SIGNED
    page = browser.get(base).get_data(as_text=True)
    assert "wird versandt" in page and "Antwort des Mailservers" in page
    assert "Versanddatum" not in page  # no second dispatch while this one is under way
    refused = _post(browser, f"{base}/versand", {"sent_on": utcnow().date().isoformat(),
                                                 "channel": "Post"})
    assert refused.status_code == 409
    assert "wird gerade per E-Mail versandt" in refused.get_data(as_text=True)

    assert deliver_mail().handled == 0  # not due before the backoff has passed
    sink = mail_config.start_now()
    delivered_at = mail.next_attempt_at
    assert deliver_mail(now=delivered_at).delivered >= 1
    (message,) = [m for m in sink.messages if m["Subject"] == mail.subject]
    assert message["To"] == "anne.muehle@rat.example"
    (sent,) = list(message.iter_attachments())
    assert sent.get_content() == (letter.pdf or letter.docx)
    inquiry = _inquiry(session, complete)
    assert inquiry.state == InquiryState.SENT and inquiry.sent_channel == "E-Mail"
    assert inquiry.sent_on == local_time(delivered_at).date()
    dispatch = session.scalar(sa.select(Transition).where(
        Transition.inquiry_id == complete.id, Transition.event == "dispatch"))
    assert dispatch.actor == world.council_office
    page = browser.get(base).get_data(as_text=True)
    assert "vom Mailserver angenommen am" in page and "Antwort veröffentlichen" in page
    history = browser.get(f"/anfragen/{complete.id}").get_data(as_text=True)
    assert "Versand per E-Mail angestoßen" in history and "Versandt" in history


def test_final_failure_shows_on_the_letter_page_and_can_be_retried(
        app, browser, world, complete, session, mail_config):
    app.config.update(MAIL_MAX_ATTEMPTS=2)
    base = _signed(browser, world, complete)
    assert _post(browser, f"{base}/versand", {"channel": "E-Mail"}).status_code == 302
    _attempt_while_down(session, complete.id)
    mail = _dispatch_mail(session, complete.id)
    for _ in range(10):  # the older review notifications fail first, one per pass
        if _dispatch_mail(session, complete.id).state == MailState.FAILED:
            break
        assert deliver_mail(now=mail.next_attempt_at).server_unreachable
    mail = _dispatch_mail(session, complete.id)
    assert mail.state == MailState.FAILED and mail.attempts == 2
    assert _inquiry(session, complete).state == InquiryState.SIGNED
    assert _events(session, complete.id)[-1] == "dispatch_failed"
    page = browser.get(base).get_data(as_text=True)
    assert "fehlgeschlagen" in page and "Versand per E-Mail erneut versuchen" in page
    assert "Das Schreiben gilt nicht als versandt." in page
    assert "ist nicht erreichbar" in page  # the reason
    assert "Versanddatum" in page  # another channel is possible now

    retry_url = f"/verwaltung/e-mail-ausgang/{mail.id}/erneut"
    factories.login(browser, world.lead_clerk)
    assert browser.submit(retry_url, {}, form_url="/aufgaben").status_code == 403
    factories.login(browser, world.council_office)
    response = browser.submit(retry_url, {"next": base}, form_url=base)
    assert response.status_code == 302 and response.headers["Location"].endswith(base)
    mail = _dispatch_mail(session, complete.id)
    assert mail.state == MailState.PENDING and mail.attempts == 0
    mail_config.start_now()
    assert deliver_mail().delivered >= 1
    assert _inquiry(session, complete).state == InquiryState.SENT
    again = browser.submit(retry_url, {"next": base}, form_url=base, follow_redirects=True)
    assert "Nur fehlgeschlagene E-Mails" in again.get_data(as_text=True)


def test_retries_back_off_exponentially_up_to_a_cap_then_give_up(app, session, mail_config):
    app.config.update(MAIL_RETRY_SECONDS=60, MAIL_RETRY_MAX_SECONDS=600, MAIL_MAX_ATTEMPTS=7)
    (mail,) = enqueue([Mail(["33@dresden.example"], "Erinnerung", "Text")])
    session.commit()
    now, delays = utcnow(), []
    for _ in range(6):
        assert deliver_mail(now=now).retrying == 1
        session.expire_all()
        mail = session.get(OutboxMail, mail.id)
        delays.append((mail.next_attempt_at - now).total_seconds())
        assert deliver_mail(now=mail.next_attempt_at - timedelta(seconds=1)).handled == 0
        now = mail.next_attempt_at
    assert delays == [60, 120, 240, 480, 600, 600]
    assert deliver_mail(now=now).failed == 1
    session.expire_all()
    mail = session.get(OutboxMail, mail.id)
    assert mail.state == MailState.FAILED and mail.attempts == 7
    assert deliver_mail(now=now + timedelta(days=1)).handled == 0


def test_a_permanent_refusal_fails_at_once_with_the_servers_answer(app, session):
    sink = SmtpSink(refuse=("niemand@dresden.example",))
    port = sink.start()
    old = {k: app.config[k] for k in ("MAIL_ENABLED", "MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        refused, partly = enqueue([
            Mail(["niemand@dresden.example"], "Abgelehnt", "Text"),
            Mail(["niemand@dresden.example", "33@dresden.example"], "Teilweise", "Text")])
        session.commit()
        report = deliver_mail()
    finally:
        app.config.update(old)
        sink.stop()
    assert (report.failed, report.delivered) == (1, 1)
    session.expire_all()
    refused, partly = session.get(OutboxMail, refused.id), session.get(OutboxMail, partly.id)
    assert refused.state == MailState.FAILED and refused.attempts == 1
    assert "550" in refused.last_error and "niemand@dresden.example" in refused.last_error
    assert partly.state == MailState.DELIVERED
    assert "Nicht angenommen für niemand@dresden.example: 550" in partly.last_error
    assert [m["Subject"] for m in sink.messages] == ["Teilweise"]


def test_a_claim_whose_worker_died_is_taken_over_after_the_lease(app, session, smtp):
    from inquiry_app.outbox.worker import claim_next, lease_time

    (mail,) = enqueue([Mail(["33@dresden.example"], "Verwaist", "Text")])
    session.commit()
    now = utcnow()
    assert claim_next(now) is not None  # a worker claimed it and died
    assert deliver_mail(now=now + timedelta(seconds=10)).handled == 0  # lease still holds
    assert deliver_mail(now=now + lease_time() + timedelta(seconds=1)).delivered == 1
    session.expire_all()
    assert session.get(OutboxMail, mail.id).attempts == 2
    assert [m["Subject"] for m in smtp.messages] == ["Verwaist"]


def test_notifications_are_stored_with_the_change_and_listed_for_admin(
        app, browser, world, routed, session, smtp):
    session.expire_all()
    mails = session.scalars(sa.select(OutboxMail).where(OutboxMail.inquiry_id == routed.id)).all()
    assert mails == []  # the fixture routed without the web request
    factories.login(browser, world.contributing_clerk)
    lead = next(a for a in _inquiry(session, routed).assignments
                if a.org_unit_id == world.contributing_unit.id)
    browser.submit(f"/zuweisungen/{lead.id}/zurueckgeben",
                   {"reason": "nicht zuständig", "confirm": "y"}, form_url=f"/zuweisungen/{lead.id}")
    session.expire_all()
    (mail,) = session.scalars(sa.select(OutboxMail).where(OutboxMail.inquiry_id == routed.id))
    assert mail.state == MailState.PENDING and mail.purpose == MailPurpose.NOTIFICATION
    assert browser.get("/verwaltung/e-mail-ausgang/").status_code == 403
    factories.login(browser, world.admin)
    assert "E-Mail-Ausgang" in browser.get("/aufgaben").get_data(as_text=True)  # navigation
    page = browser.get("/verwaltung/e-mail-ausgang/").get_data(as_text=True)
    assert mail.subject in page and "wird versandt" in page
    deliver_mail()
    page = browser.get("/verwaltung/e-mail-ausgang/?status=versandt").get_data(as_text=True)
    assert mail.subject in page and "versandt am" in page


def test_with_mail_switched_off(app, browser, world, complete, session):
    assert app.config["MAIL_ENABLED"] is False
    base = _signed(browser, world, complete)
    response = _post(browser, f"{base}/versand", {"channel": "E-Mail"})
    assert response.status_code == 409
    assert "E-Mail-Versand ist in dieser Installation ausgeschaltet" in response.get_data(as_text=True)
    assert _dispatch_mail(session, complete.id) is None
    assert _inquiry(session, complete).state == InquiryState.SIGNED
    # other mails are still stored; the worker refuses to run and says why
    enqueue([Mail(["33@dresden.example"], "Gespeichert", "Text")])
    session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert result.exit_code == 1
    assert "E-Mail-Versand ist ausgeschaltet" in result.output and "warten im Ausgang" in result.output
    listing = app.test_cli_runner().invoke(args=["mail", "list", "--status", "offen"])
    assert listing.exit_code == 0 and "Gespeichert" in listing.output
    stored = session.scalar(sa.select(OutboxMail).where(OutboxMail.subject == "Gespeichert"))
    retry = app.test_cli_runner().invoke(args=["mail", "retry", str(stored.id)])
    assert retry.exit_code == 1 and "Nur fehlgeschlagene E-Mails" in retry.output
    # post is still recorded at once
    assert _post(browser, f"{base}/versand", {"sent_on": utcnow().date().isoformat(),
                                              "channel": "Post"}).status_code == 302
    assert _inquiry(session, complete).state == InquiryState.SENT


# --- real concurrency: own database, own connections -------------------------------------

def _worker_app(db_server, name, **config):
    from flask_migrate import upgrade

    from inquiry_app import create_app

    application = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": db_server(name), "SECRET_KEY": "outbox",
        "MAIL_ENABLED": True, "MAIL_SERVER": "127.0.0.1", **config,
    })
    with application.app_context():
        upgrade()
    return application


def test_two_workers_at_once_never_send_a_mail_twice(db_server):
    from inquiry_app.outbox.worker import deliver_pass

    sink = SmtpSink(delay=0.01)
    application = _worker_app(db_server, "outbox_workers", MAIL_PORT=sink.start())
    try:
        with application.app_context():
            enqueue([Mail([f"amt{i}@dresden.example"], f"Mail {i}", "Text",
                          [Attachment("a.txt", b"x" * 1000, "text/plain")]) for i in range(40)])
            db.session.commit()
        start, reports, errors = threading.Barrier(2), [], []

        def work():
            try:
                with application.app_context():
                    start.wait()
                    reports.append(deliver_pass())
                    db.session.remove()
            except Exception as exc:  # reported below with the assertion
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert errors == []
        ids = [m["Message-ID"] for m in sink.messages]
        assert len(ids) == 40 and len(set(ids)) == 40
        assert sum(r.delivered for r in reports) == 40
        assert all(r.delivered > 0 for r in reports)  # both really worked
        with application.app_context():
            rows = db.session.scalars(sa.select(OutboxMail)).all()
            assert {m.state for m in rows} == {MailState.DELIVERED}
            assert {m.attempts for m in rows} == {1}
            db.engine.dispose()
    finally:
        sink.stop()


def test_the_loop_worker_delivers_and_stops_cleanly_on_sigterm(db_server):
    sink = SmtpSink()
    port = sink.start()
    application = _worker_app(db_server, "outbox_loop", MAIL_PORT=port)
    url = application.config["SQLALCHEMY_DATABASE_URI"]
    with application.app_context():
        enqueue([Mail(["33@dresden.example"], "Aus der Schleife", "Text")])
        db.session.commit()
        db.engine.dispose()
    env = {**os.environ, "INQUIRY_APP_DATABASE_URL": url, "INQUIRY_APP_MAIL_ENABLED": "true",
           "INQUIRY_APP_MAIL_SERVER": "127.0.0.1", "INQUIRY_APP_MAIL_PORT": str(port),
           "INQUIRY_APP_MAIL_POLL_SECONDS": "1", "INQUIRY_APP_SECRET_KEY": "outbox"}
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "inquiry_app", "mail", "deliver", "--loop"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # Wait for the delivery (or for the worker to die): a bound, not a measured duration.
        for _ in range(600):
            if sink.received.wait(0.1) or process.poll() is not None:
                break
        assert [m["Subject"] for m in sink.messages] == ["Aus der Schleife"]
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        sink.stop()
    assert process.returncode == 0, err
    assert "Mail-Worker läuft" in out and "zugestellt an 33@dresden.example" in out
    assert "Mail-Worker beendet." in out and "Traceback" not in err
