"""Notifications go over real SMTP; a mail server that is down is reported, not fatal."""

from inquiry_app.mail import Attachment, Mail, send_all


def test_mail_reaches_the_smtp_server_with_attachment(app, smtp):
    with app.app_context():
        failures = send_all([Mail(["33@dresden.example"], "Neue Zuweisung: AF0815/25",
                                  "Guten Tag,\n\nbitte beantworten Sie Frage 1.",
                                  [Attachment("antwort.pdf", b"%PDF-1.4 test", "application/pdf")])])
    assert failures == []
    (message,) = smtp.messages
    assert message["To"] == "33@dresden.example"
    assert message["Subject"] == "Neue Zuweisung: AF0815/25"
    assert "bitte beantworten Sie Frage 1." in message.get_body(("plain",)).get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "antwort.pdf"
    assert attachment.get_content() == b"%PDF-1.4 test"


def test_unreachable_mail_server_gives_a_german_message(app):
    old = dict(app.config)
    app.config.update(MAIL_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
    try:
        with app.app_context():
            failures = send_all([Mail(["a@b.example"], "x", "y")])
    finally:
        app.config.update(old)
    assert len(failures) == 1
    assert "nicht erreichbar" in failures[0] and "Die Änderung ist gespeichert." in failures[0]
