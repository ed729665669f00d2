"""Delivering the outbox over SMTP, safely with several workers at once.

One pass (:func:`deliver_pass`) repeats: claim the next due mail, send it, record the outcome.

* **Claim** – one short write transaction with a single conditional ``UPDATE``: the row goes
  from ``pending`` (due) – or ``sending`` with an expired lease, i.e. its worker died – to
  ``sending`` with a fresh lease and a random claim token, and ``attempts`` counts up. Two
  workers can never both win the same row: on SQLite the write lock serialises the UPDATEs
  and the second one no longer matches; on PostgreSQL the candidate is picked with
  ``FOR UPDATE SKIP LOCKED`` and the UPDATE re-checks the condition.
* **Send** – outside any transaction (no lock is held while the server answers).
* **Record** – a second short write transaction, only if the row still carries our token:
  ``delivered`` (the server accepted the mail), ``pending`` again with the next attempt after
  an exponential backoff (``MAIL_RETRY_SECONDS`` · 2^(n-1), at most ``MAIL_RETRY_MAX_SECONDS``),
  or ``failed`` after ``MAIL_MAX_ATTEMPTS`` attempts or a permanent refusal (5xx). The server's
  answer is kept in ``last_error``.

A signed letter sent by e-mail counts as sent only here: on acceptance the worker fires the
inquiry's ``dispatch`` transition (sent on the delivery day, actor = who dispatched); on final
failure it records "E-Mail-Versand fehlgeschlagen" in the inquiry's history.

Delivery is at least once: a worker that dies after the server accepted a mail but before
recording it leaves the row ``sending``; once the lease has run out, the mail is sent again
(with the same Message-ID).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import aliased
from sqlalchemy.orm.exc import StaleDataError

from inquiry_app.database import is_busy_error, write_transaction_intent
from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.mail import DeliveryError, SmtpSession, build_message
from inquiry_app.models import InquiryState, Role, User
from inquiry_app.models.base import utcnow
from inquiry_app.models.outbox import MailPurpose, MailState, OutboxMail
from inquiry_app.templating import count_de

LETTER_CHANNEL = "E-Mail"
OUTBOX_ROLES = frozenset({Role.COUNCIL_OFFICE, Role.ADMIN})  # see the outbox, requeue mails
_RECORD_TRIES = 6


class MailDisabled(RuntimeError):
    """MAIL_ENABLED is off: the worker sends nothing (mails stay in the outbox)."""


class OutboxError(DomainError):
    """A request on the outbox that is not possible now (German message)."""

    status = 409


def disabled_message() -> str:
    waiting = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail).where(
        OutboxMail.state.in_((MailState.PENDING, MailState.SENDING))))
    return (f"Der E-Mail-Versand ist ausgeschaltet (INQUIRY_APP_MAIL_ENABLED=false); es wird "
            f"nichts versandt. {count_de(waiting, 'E-Mail wartet', 'E-Mails warten')} im Ausgang.")


@dataclass
class PassReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    server_unreachable: bool = False

    @property
    def handled(self) -> int:
        return self.delivered + self.retrying + self.failed

    def summary(self) -> str:
        return (f"{self.delivered} zugestellt, {self.retrying} später erneut, "
                f"{self.failed} fehlgeschlagen.")


def retry_delay(attempts: int, config=None) -> timedelta:
    """Wait after the ``attempts``-th failed attempt: base, 2·base, 4·base …, capped."""
    config = config or current_app.config
    base = max(1, int(config["MAIL_RETRY_SECONDS"]))
    cap = max(base, int(config["MAIL_RETRY_MAX_SECONDS"]))
    exponent = min(max(0, attempts - 1), 30)
    return timedelta(seconds=min(cap, base * 2 ** exponent))


def lease_time(config=None) -> timedelta:
    """How long a claim holds: well beyond one SMTP conversation (timeouts included)."""
    config = config or current_app.config
    return timedelta(seconds=max(300, 4 * int(config.get("MAIL_TIMEOUT", 30))))


def _due(table, now: datetime):
    return sa.or_(
        sa.and_(table.state == MailState.PENDING, table.next_attempt_at <= now),
        sa.and_(table.state == MailState.SENDING, table.lease_until < now),
    )


def _with_retries(work: Callable):
    """Run one short write transaction; SQLite's "database is locked" is retried."""
    for attempt in range(_RECORD_TRIES):
        try:
            with write_transaction_intent():
                result = work()
                db.session.commit()
            return result
        except OperationalError as exc:
            db.session.rollback()
            if not is_busy_error(exc) or attempt == _RECORD_TRIES - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    return None


def claim_next(now: datetime) -> tuple[int, str] | None:
    """Claim the next due mail for this worker: (id, claim token), or None if none is due."""
    token = uuid.uuid4().hex
    candidate = aliased(OutboxMail)
    pick = (sa.select(candidate.id).where(_due(candidate, now))
            .order_by(candidate.next_attempt_at, candidate.id).limit(1)
            .with_for_update(skip_locked=True).scalar_subquery())

    def work():
        result = db.session.execute(
            sa.update(OutboxMail)
            .where(OutboxMail.id == pick, _due(OutboxMail, now))
            .values(state=MailState.SENDING, claim_token=token,
                    lease_until=now + lease_time(), attempts=OutboxMail.attempts + 1,
                    last_attempt_at=now)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            return None
        return db.session.scalar(sa.select(OutboxMail.id).where(OutboxMail.claim_token == token))

    mail_id = _with_retries(work)
    return (mail_id, token) if mail_id is not None else None


def _claimed(mail_id: int, token: str) -> OutboxMail | None:
    """The row, locked, if it still carries our claim (a lease taken over by another worker
    after it ran out is theirs now)."""
    mail = db.session.get(OutboxMail, mail_id, populate_existing=True, with_for_update=True)
    if mail is None or mail.state != MailState.SENDING or mail.claim_token != token:
        return None
    return mail


def _release(mail: OutboxMail, state: MailState) -> None:
    mail.state, mail.lease_until, mail.claim_token = state, None, None


def _record_dispatch(mail: OutboxMail, at: datetime) -> None:
    """The signed letter reached the mail server: the inquiry is sent, on the delivery day."""
    from inquiry_app.templating import local_time
    from inquiry_app.workflow import WorkflowForbidden, fire

    inquiry = mail.inquiry
    if inquiry is None or inquiry.state != InquiryState.SIGNED:
        return
    actor = db.session.get(User, mail.created_by_id) if mail.created_by_id else None
    note = f"{LETTER_CHANNEL} an {', '.join(mail.recipients)}, vom Mailserver angenommen"
    inquiry.sent_on, inquiry.sent_channel = local_time(at).date(), LETTER_CHANNEL
    try:
        fire(inquiry, "dispatch", actor, note=note)
    except WorkflowForbidden:  # the dispatcher's role changed since: recorded as the system
        fire(inquiry, "dispatch", None, note=note)


def _record_dispatch_failure(mail: OutboxMail) -> None:
    from inquiry_app.workflow import record_step

    inquiry = mail.inquiry
    if inquiry is not None and inquiry.state == InquiryState.SIGNED:
        record_step(inquiry, "dispatch_failed", None, note=(mail.last_error or "")[:2000])


def record_delivery(mail_id: int, token: str, refused: dict[str, str], at: datetime) -> bool:
    """Mark delivered (and the letter as sent). False if the claim was lost meanwhile."""
    from inquiry_app.letters.freeze import FrozenError
    from inquiry_app.workflow import WorkflowError

    def work(with_dispatch: bool, problem: str | None = None):
        mail = _claimed(mail_id, token)
        if mail is None:
            return False
        _release(mail, MailState.DELIVERED)
        mail.delivered_at = at
        notes = [f"Nicht angenommen für {addr}: {answer}" for addr, answer in refused.items()]
        if problem:
            notes.append(problem)
        mail.last_error = "; ".join(notes)[:4000] or None
        if with_dispatch and mail.purpose == MailPurpose.LETTER_DISPATCH:
            _record_dispatch(mail, at)
        db.session.flush()
        return True

    try:
        return _with_retries(lambda: work(True))
    except (WorkflowError, FrozenError, IntegrityError, StaleDataError) as exc:
        db.session.rollback()
        current_app.logger.error("Versand von Mail %s nicht in der Anfrage erfasst: %s", mail_id, exc)
        problem = f"Zugestellt, aber der Versand konnte in der Anfrage nicht erfasst werden: {exc}"
        return _with_retries(lambda: work(False, problem))


def record_failure(mail_id: int, token: str, error: DeliveryError, at: datetime
                   ) -> OutboxMail | None:
    """Schedule the next attempt, or give up (permanent refusal, attempts used up)."""
    max_attempts = max(1, int(current_app.config["MAIL_MAX_ATTEMPTS"]))

    def work():
        mail = _claimed(mail_id, token)
        if mail is None:
            return None
        mail.last_error = str(error)[:4000]
        if error.permanent or mail.attempts >= max_attempts:
            _release(mail, MailState.FAILED)
            if mail.purpose == MailPurpose.LETTER_DISPATCH:
                _record_dispatch_failure(mail)
        else:
            _release(mail, MailState.PENDING)
            mail.next_attempt_at = at + retry_delay(mail.attempts)
        db.session.flush()
        return mail

    return _with_retries(work)


def _clock(now: datetime | None) -> datetime:
    return now if now is not None else utcnow()


def deliver_pass(*, now: datetime | None = None, echo: Callable[[str], None] | None = None,
                 stop: threading.Event | None = None, limit: int = 500) -> PassReport:
    """Deliver every due mail once. ``now`` fixes the clock (tests); ``stop`` ends the pass
    after the current mail. Raises :class:`MailDisabled` when mail is switched off."""
    from inquiry_app.templating import datetime_de

    config = current_app.config
    if not config["MAIL_ENABLED"]:
        raise MailDisabled(disabled_message())
    echo = echo or (lambda _line: None)
    max_attempts = max(1, int(config["MAIL_MAX_ATTEMPTS"]))
    report = PassReport()
    smtp = SmtpSession(config)
    try:
        for _ in range(limit):
            if stop is not None and stop.is_set():
                break
            claimed = claim_next(_clock(now))
            if claimed is None:
                break
            mail_id, token = claimed
            mail = db.session.get(OutboxMail, mail_id, populate_existing=True)
            message = build_message(mail, config["MAIL_SENDER"])
            recipients, subject = list(mail.recipients), mail.subject
            db.session.commit()  # hold no transaction while the server answers
            try:
                refused = smtp.send(message, recipients)
            except DeliveryError as error:
                mail = record_failure(mail_id, token, error, _clock(now))
                if mail is None:
                    echo(f"#{mail_id}: Auftrag zwischenzeitlich von einem anderen Worker übernommen.")
                elif mail.state == MailState.FAILED:
                    report.failed += 1
                    echo(f"#{mail_id} endgültig fehlgeschlagen (Versuch {mail.attempts} von "
                         f"{max_attempts}): {error}")
                else:
                    report.retrying += 1
                    echo(f"#{mail_id} nicht zugestellt (Versuch {mail.attempts} von {max_attempts}), "
                         f"nächster Versuch {datetime_de(mail.next_attempt_at)}: {error}")
                if error.connection:
                    report.server_unreachable = True
                    break
                continue
            if record_delivery(mail_id, token, refused, _clock(now)):
                report.delivered += 1
                echo(f"#{mail_id} zugestellt an {', '.join(recipients)}: {subject}")
            else:
                echo(f"#{mail_id} zugestellt, aber der Auftrag war inzwischen abgelaufen.")
    finally:
        smtp.close()
    return report


def run_loop(stop: threading.Event, *, echo: Callable[[str], None]) -> None:
    """Deliver until ``stop`` is set, polling every ``MAIL_POLL_SECONDS``."""
    poll = max(1, int(current_app.config["MAIL_POLL_SECONDS"]))
    while not stop.is_set():
        try:
            report = deliver_pass(echo=echo, stop=stop)
            if report.handled:
                echo(report.summary())
        except MailDisabled:
            raise
        except SQLAlchemyError as exc:
            db.session.rollback()
            reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            echo(f"Datenbankfehler: {reason}; nächster Versuch in {poll} s.")
        db.session.remove()
        stop.wait(poll)


# --- for the pages and the command line ---------------------------------------------------

def requeue(mail: OutboxMail, actor: User | None) -> None:
    """A failed mail goes back into the queue with a fresh set of attempts."""
    from inquiry_app.workflow import record_step

    if mail.state != MailState.FAILED:
        raise OutboxError("Nur fehlgeschlagene E-Mails können erneut versandt werden.")
    if mail.purpose == MailPurpose.LETTER_DISPATCH:
        inquiry = mail.inquiry
        if inquiry is None or inquiry.state != InquiryState.SIGNED:
            raise OutboxError("Die Anfrage ist bereits als versandt erfasst; das Schreiben wird "
                              "nicht noch einmal per E-Mail versandt.")
        if dispatch_in_flight(inquiry.id):
            raise OutboxError("Das Schreiben wird bereits per E-Mail versandt.")
        record_step(inquiry, "dispatch_requested", actor,
                    note=f"erneuter Versuch: {LETTER_CHANNEL} an {', '.join(mail.recipients)}")
    mail.state, mail.attempts, mail.next_attempt_at = MailState.PENDING, 0, utcnow()
    db.session.flush()


def mails_of(inquiry_id: int) -> list[OutboxMail]:
    return db.session.scalars(sa.select(OutboxMail).where(OutboxMail.inquiry_id == inquiry_id)
                              .order_by(OutboxMail.id.desc())).all()


def dispatch_in_flight(inquiry_id: int) -> OutboxMail | None:
    """The letter's e-mail dispatch that is still pending or being sent, if any."""
    return db.session.scalar(sa.select(OutboxMail).where(
        OutboxMail.inquiry_id == inquiry_id, OutboxMail.purpose == MailPurpose.LETTER_DISPATCH,
        OutboxMail.state.in_((MailState.PENDING, MailState.SENDING))).limit(1))


def latest_dispatch(inquiry_id: int) -> OutboxMail | None:
    return db.session.scalar(sa.select(OutboxMail).where(
        OutboxMail.inquiry_id == inquiry_id, OutboxMail.purpose == MailPurpose.LETTER_DISPATCH)
        .order_by(OutboxMail.id.desc()).limit(1))


def counts() -> dict[MailState, int]:
    rows = db.session.execute(sa.select(OutboxMail.state, sa.func.count())
                              .group_by(OutboxMail.state)).all()
    found = dict(rows)
    return {state: found.get(state, 0) for state in MailState}
