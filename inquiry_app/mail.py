"""E-mail. Operations build :class:`Mail` objects; :func:`enqueue` stores them in the outbox
(``outbox_mail``) in the same transaction as the change that causes them, so a commit never
loses a mail and a rollback never sends one. The worker (``flask --app inquiry_app mail
deliver``, :mod:`inquiry_app.outbox.worker`) sends them over SMTP with the functions below."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

from inquiry_app.extensions import db
from inquiry_app.models.outbox import MailPurpose, MailState, OutboxAttachment, OutboxMail


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
    purpose: MailPurpose = MailPurpose.NOTIFICATION


def enqueue(mails: list[Mail], *, inquiry_id: int | None = None, created_by=None,
            purpose: MailPurpose | None = None) -> list[OutboxMail]:
    """Store the mails in the outbox (flushed, committed with the caller's transaction).
    Mails without recipients (a unit without a mailbox) are skipped."""
    sender = current_app.config["MAIL_SENDER"]
    rows = []
    for mail in mails:
        recipients = [address.strip() for address in mail.to if address and address.strip()]
        if not recipients:
            continue
        row = OutboxMail(
            purpose=purpose or mail.purpose, inquiry_id=inquiry_id,
            created_by_id=getattr(created_by, "id", None), recipients=recipients,
            subject=mail.subject, body=mail.body, state=MailState.PENDING, attempts=0,
            message_id=make_msgid(domain=sender.rsplit("@", 1)[-1]),
        )
        row.attachments = [
            OutboxAttachment(position=i, filename=a.filename, mimetype=a.mimetype, data=a.data)
            for i, a in enumerate(mail.attachments)
        ]
        db.session.add(row)
        rows.append(row)
    if rows:
        db.session.flush()
    return rows


def build_message(mail: OutboxMail, sender: str) -> EmailMessage:
    """The RFC 5322 message; the Message-ID stays the same over all attempts."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(mail.recipients)
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = mail.message_id
    message.set_content(mail.body)
    for item in mail.attachments:
        maintype, _, subtype = item.mimetype.partition("/")
        message.add_attachment(item.data, maintype=maintype, subtype=subtype or "octet-stream",
                               filename=item.filename)
    return message


class DeliveryError(Exception):
    """A mail was not accepted. ``permanent``: the server refused it for good (5xx), another
    attempt is pointless; ``connection``: the server could not be reached or the session broke
    (other mails of this pass would fail the same way)."""

    def __init__(self, message: str, *, permanent: bool = False, connection: bool = False):
        super().__init__(message)
        self.permanent = permanent
        self.connection = connection


def _answer(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(str(text).split())}".strip()


def _server(config) -> str:
    return f"{config['MAIL_SERVER']}:{config['MAIL_PORT']}"


class SmtpSession:
    """One SMTP connection, opened on first use and reused for the mails of one pass."""

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        try:
            smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                                timeout=config.get("MAIL_TIMEOUT", 30))
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"Der Mailserver {_server(config)} ist nicht erreichbar: {exc}",
                                connection=True) from exc
        try:
            if config["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        except smtplib.SMTPResponseException as exc:
            smtp.close()
            raise DeliveryError(f"Anmeldung am Mailserver {_server(config)} abgelehnt: "
                                f"{_answer(exc.smtp_code, exc.smtp_error)}", connection=True) from exc
        except (OSError, smtplib.SMTPException) as exc:
            smtp.close()
            raise DeliveryError(f"Verbindung zum Mailserver {_server(config)} gescheitert: {exc}",
                                connection=True) from exc
        return smtp

    def send(self, message: EmailMessage, recipients: list[str]) -> dict[str, str]:
        """Send; returns the recipients the server refused while accepting the others
        (address -> answer). Raises :class:`DeliveryError` when nothing was accepted."""
        if self.smtp is None:
            self.smtp = self._connect()
        try:
            refused = self.smtp.send_message(message, from_addr=self.config["MAIL_SENDER"],
                                             to_addrs=recipients)
        except smtplib.SMTPRecipientsRefused as exc:
            answers = {addr: _answer(code, text) for addr, (code, text) in exc.recipients.items()}
            permanent = all(code >= 500 for code, _ in exc.recipients.values())
            raise DeliveryError("Empfänger abgelehnt: " + "; ".join(
                f"{addr}: {answer}" for addr, answer in answers.items()), permanent=permanent) from exc
        except smtplib.SMTPSenderRefused as exc:
            raise DeliveryError(f"Absender {exc.sender} abgelehnt: {_answer(exc.smtp_code, exc.smtp_error)}",
                                permanent=exc.smtp_code >= 500) from exc
        except smtplib.SMTPDataError as exc:
            raise DeliveryError(f"Nachricht abgelehnt: {_answer(exc.smtp_code, exc.smtp_error)}",
                                permanent=exc.smtp_code >= 500) from exc
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise DeliveryError(f"Verbindung zum Mailserver {_server(self.config)} abgebrochen: {exc}",
                                connection=True) from exc
        return {addr: _answer(code, text) for addr, (code, text) in refused.items()}

    def close(self) -> None:
        if self.smtp is None:
            return
        try:
            self.smtp.quit()
        except (OSError, smtplib.SMTPException):
            self.smtp.close()
        self.smtp = None
