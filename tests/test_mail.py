"""Mails are stored in the outbox with the change and delivered by the worker over real SMTP;
a mail server that is down delays them, it never loses them."""

import sqlalchemy as sa
from conftest import deliver_mail

from inquiry_app.extensions import db
from inquiry_app.mail import Attachment, Mail, enqueue
from inquiry_app.models import MailState, OutboxMail


def test_mail_reaches_the_smtp_server_with_attachment(app, session, smtp):
    (row,) = enqueue([Mail(["33@dresden.example"], "Neue Zuweisung: AF4711/25",
                           "Guten Tag,\n\nbitte beantworten Sie Frage 1.",
                           [Attachment("antwort.pdf", b"%PDF-1.4 test", "application/pdf")])])
    session.commit()
    assert smtp.messages == []  # nothing is sent inside the request
    report = deliver_mail()
    assert (report.delivered, report.retrying, report.failed) == (1, 0, 0)
    (message,) = smtp.messages
    assert message["To"] == "33@dresden.example"
    assert message["Subject"] == "Neue Zuweisung: AF4711/25"
    assert message["Message-ID"] == row.message_id
    assert "bitte beantworten Sie Frage 1." in message.get_body(("plain",)).get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "antwort.pdf"
    assert attachment.get_content() == b"%PDF-1.4 test"
    session.expire_all()
    row = session.get(OutboxMail, row.id)
    assert row.state == MailState.DELIVERED and row.delivered_at is not None
    assert deliver_mail().handled == 0  # delivered once, never again


def test_unreachable_mail_server_keeps_the_mail_with_a_german_reason(app, session):
    old = dict(app.config)
    app.config.update(MAIL_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
    try:
        (row,) = enqueue([Mail(["a@b.example"], "x", "y")])
        session.commit()
        report = deliver_mail()
    finally:
        app.config.update(old)
    assert report.retrying == 1 and report.server_unreachable
    session.expire_all()
    row = session.get(OutboxMail, row.id)
    assert row.state == MailState.PENDING and row.attempts == 1
    assert "Der Mailserver 127.0.0.1:9 ist nicht erreichbar" in row.last_error


def test_mails_without_recipients_are_not_stored(app, session):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail))
    assert enqueue([Mail([], "x", "y"), Mail(["  "], "x", "y")]) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)) == before
