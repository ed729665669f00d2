"""``flask --app inquiry_app mail deliver [--loop]``, ``mail list`` and ``mail retry ID``."""

from __future__ import annotations

import signal
import threading

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from inquiry_app.extensions import db
from inquiry_app.models import MailState, OutboxMail
from inquiry_app.outbox import worker

mail_cli = AppGroup("mail", help="E-Mail-Ausgang: E-Mails versenden und ansehen.")

STATUS_FILTERS = {
    "offen": (MailState.PENDING, MailState.SENDING),
    "fehlgeschlagen": (MailState.FAILED,),
    "versandt": (MailState.DELIVERED,),
    "alle": tuple(MailState),
}


def _database_error(exc: SQLAlchemyError) -> click.ClickException:
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    return click.ClickException(f"Datenbankfehler: {reason} (ist die Datenbank mit "
                                "„flask --app inquiry_app db upgrade“ eingerichtet?)")


@mail_cli.command("deliver")
@click.option("--loop", is_flag=True,
              help="Dauerbetrieb (systemd, make run): alle MAIL_POLL_SECONDS Sekunden nachsehen, "
                   "bis SIGINT oder SIGTERM.")
def deliver(loop: bool):
    """Fällige E-Mails des Ausgangs versenden (ohne --loop: ein Durchgang, z. B. für cron)."""
    if not loop:
        try:
            report = worker.deliver_pass(echo=click.echo)
        except worker.MailDisabled as exc:
            raise click.ClickException(str(exc)) from None
        except SQLAlchemyError as exc:
            raise _database_error(exc) from None
        click.echo(report.summary())
        return

    config = current_app.config
    stop = threading.Event()

    def _stop(signum, _frame):
        if not stop.is_set():
            click.echo(f"{signal.Signals(signum).name} empfangen: beende nach der laufenden E-Mail.")
        stop.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if not config["MAIL_ENABLED"]:
            raise worker.MailDisabled(worker.disabled_message())
        click.echo(f"Mail-Worker läuft: Mailserver {config['MAIL_SERVER']}:{config['MAIL_PORT']}, "
                   f"sieht alle {max(1, int(config['MAIL_POLL_SECONDS']))} s nach. "
                   "Beenden mit Strg+C.")
        worker.run_loop(stop, echo=click.echo)
    except worker.MailDisabled as exc:
        raise click.ClickException(str(exc)) from None
    except SQLAlchemyError as exc:
        raise _database_error(exc) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    click.echo("Mail-Worker beendet.")


@mail_cli.command("list")
@click.option("--status", "status", type=click.Choice(list(STATUS_FILTERS)), default="alle",
              show_default=True, help="Nur E-Mails in diesem Zustand.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True,
              help="Höchstens so viele (die neuesten).")
def list_mails(status: str, limit: int):
    """Die E-Mails im Ausgang: Zustand, Versuche, Empfänger, Betreff, Antwort des Servers."""
    from inquiry_app.templating import datetime_de

    try:
        mails = db.session.scalars(
            sa.select(OutboxMail).where(OutboxMail.state.in_(STATUS_FILTERS[status]))
            .order_by(OutboxMail.id.desc()).limit(limit)).all()
        counts = worker.counts()
    except SQLAlchemyError as exc:
        raise _database_error(exc) from None
    click.echo(f"Wird versandt: {counts[MailState.PENDING] + counts[MailState.SENDING]}, "
               f"fehlgeschlagen: {counts[MailState.FAILED]}, versandt: {counts[MailState.DELIVERED]}")
    for mail in mails:
        if mail.state == MailState.DELIVERED:
            state = f"versandt am {datetime_de(mail.delivered_at)}"
        elif mail.state == MailState.FAILED:
            state = f"fehlgeschlagen am {datetime_de(mail.last_attempt_at)}"
        else:
            state = f"wird versandt (seit {datetime_de(mail.created_at)})"
        click.echo(f"#{mail.id:<6} {state:44} Versuche {mail.attempts:<3} "
                   f"{', '.join(mail.recipients)}: {mail.subject}")
        if mail.state == MailState.PENDING and mail.attempts:
            click.echo(f"        nächster Versuch {datetime_de(mail.next_attempt_at)}")
        if mail.last_error:
            click.echo(f"        Antwort des Mailservers: {mail.last_error}")


@mail_cli.command("retry")
@click.argument("mail_id", type=click.IntRange(1, 2**63 - 1))
def retry(mail_id: int):
    """Eine fehlgeschlagene E-Mail erneut in den Versand geben."""
    mail = db.session.get(OutboxMail, mail_id)
    if mail is None:
        raise click.ClickException(f"Die E-Mail #{mail_id} gibt es nicht.")
    try:
        worker.requeue(mail, None)
    except worker.OutboxError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"#{mail_id} steht wieder im Ausgang: {mail.subject}")
