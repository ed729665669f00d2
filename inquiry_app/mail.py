"""E-mail notifications over SMTP. Operations build messages; views send them after the
commit, so a mail server that is down never loses a stored change."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app


@dataclass
class Attachment:
    filename: str
    data: bytes
    mimetype: str = "application/octet-stream"


@dataclass
class Mail:
    to: list[str]
    subject: str
    body: str
    attachments: list[Attachment] = field(default_factory=list)

    def build(self, sender: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = ", ".join(self.to)
        message["Subject"] = self.subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
        message.set_content(self.body)
        for item in self.attachments:
            maintype, _, subtype = item.mimetype.partition("/")
            message.add_attachment(item.data, maintype=maintype, subtype=subtype or "octet-stream",
                                   filename=item.filename)
        return message


def send_all(mails: list[Mail]) -> list[str]:
    """Send the mails; returns German messages for those that could not be sent."""
    config = current_app.config
    mails = [m for m in mails if m.to]
    if not mails or not config["MAIL_ENABLED"]:
        return []
    failures: list[str] = []
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=15) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            for mail in mails:
                try:
                    smtp.send_message(mail.build(config["MAIL_SENDER"]))
                except smtplib.SMTPException as exc:
                    current_app.logger.warning("Mail an %s nicht versandt: %s", mail.to, exc)
                    failures.append(f"Die E-Mail an {', '.join(mail.to)} konnte nicht versandt werden.")
    except (OSError, smtplib.SMTPException) as exc:
        current_app.logger.warning("Mailserver nicht erreichbar: %s", exc)
        failures.append(
            f"Der Mailserver {config['MAIL_SERVER']}:{config['MAIL_PORT']} ist nicht erreichbar; "
            f"{len(mails)} Benachrichtigung(en) wurden nicht versandt. Die Änderung ist gespeichert."
        )
    return failures
