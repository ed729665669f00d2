"""Flask commands: ``flask --app inquiry_app users ...`` and ``flask --app inquiry_app demo load``."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup

from inquiry_app.extensions import db

users_cli = AppGroup("users", help="Benutzer verwalten.")
demo_cli = AppGroup("demo", help="Demodaten laden oder erzeugen.")


def _fail(message: str) -> None:
    raise click.ClickException(message)


@users_cli.command("create")
@click.option("--login", required=True, help="Benutzername (Anmeldename).")
@click.option("--name", required=True, help="Vollständiger Name.")
@click.option(
    "--role", required=True,
    type=click.Choice(["council_office", "department", "department_head", "signatory", "admin"]),
    help="Rolle.",
)
@click.option("--unit", "unit_code", required=True, help="Kennung der Organisationseinheit, z. B. 33.")
@click.option("--email", default=None, help="E-Mail-Adresse.")
@click.option("--function", default=None, help="Funktion, z. B. Oberbürgermeister.")
@click.option("--password", prompt="Passwort", hide_input=True, confirmation_prompt=True,
              help="Passwort (wird sonst abgefragt).")
def users_create(login, name, role, unit_code, email, function, password):
    """Einen Benutzer anlegen."""
    from inquiry_app.accounts.operations import AccountError, create_user, find_org_unit
    from inquiry_app.models import Role

    try:
        unit = find_org_unit(unit_code)
        user = create_user(login=login, name=name, password=password, role=Role(role),
                           org_unit=unit, email=email, function=function)
    except AccountError as exc:
        db.session.rollback()
        _fail(str(exc))
    db.session.commit()
    click.echo(f"Benutzer „{user.login}“ ({user.role.label}, {unit.label}) angelegt.")


@users_cli.command("list")
def users_list():
    """Alle Benutzer auflisten."""
    from inquiry_app.models import User

    for user in db.session.scalars(sa.select(User).order_by(User.login)):
        status = "aktiv" if user.active else "deaktiviert"
        click.echo(f"{user.login:16} {user.role.value:16} {user.org_unit.code:8} {status:12} "
                   f"{user.name}")


@users_cli.command("set-password")
@click.argument("login")
@click.option("--password", prompt="Neues Passwort", hide_input=True, confirmation_prompt=True)
def users_set_password(login, password):
    """Das Passwort eines Benutzers setzen."""
    from inquiry_app.accounts.operations import AccountError, normalise_login, validate_password
    from inquiry_app.models import User

    user = db.session.scalar(sa.select(User).where(User.login == normalise_login(login)))
    if user is None:
        _fail(f"Den Benutzer „{login}“ gibt es nicht.")
    try:
        validate_password(password)
    except AccountError as exc:
        _fail(str(exc))
    user.set_password(password)
    db.session.commit()
    click.echo(f"Passwort für „{user.login}“ gesetzt.")


@demo_cli.command("load")
def demo_load():
    """Demodaten laden (mehrfach aufrufbar, legt nichts doppelt an)."""
    from inquiry_app.config import SEAL_PASSWORD_FILE
    from inquiry_app.demo.loader import DEMO_PASSWORD, load_demo
    from inquiry_app.demo.seal import ensure_demo_seal

    click.echo("Demodaten werden geladen (beim ersten Mal mit dem Archiv früherer Anfragen, "
               "etwa 15 Sekunden) …")
    summary = load_demo()
    db.session.commit()
    click.echo(
        f"Demodaten geladen: {summary['org_units']} Organisationseinheiten, "
        f"{summary['users']} Benutzer, {summary['inquiries']} Anfragen "
        f"({summary['created']} neu angelegt), Archiv: {summary['archived']} frühere Anfragen "
        f"mit Antworten ({summary['archive']['imported']} neu importiert)."
    )
    if summary["archive"]["failed"]:
        click.echo(f"Archiv: {summary['archive']['failed']} Antwortschreiben nicht importiert "
                   "(siehe Protokoll).")
    if current_app.config.get("SEAL_P12") is None:  # neither configured nor created before
        created = ensure_demo_seal(current_app.instance_path, current_app.config["CITY_NAME"])
        if created:
            click.echo(f"Selbstsigniertes Demo-Siegelzertifikat angelegt: {created} (Passwort in "
                       f"{created.with_name(SEAL_PASSWORD_FILE)}); gezeichnete Schreiben werden "
                       "damit gesiegelt.")
    click.echo("")
    click.echo(f"Demo-Anmeldungen (Passwort für alle: {DEMO_PASSWORD}):")
    for login, name, role, unit in summary["logins"]:
        click.echo(f"  {login:14} {role:28} {unit:8} {name}")


@demo_cli.command("generate")
@click.option("--inquiries", "count", type=click.IntRange(min=1), required=True,
              help="Anzahl der Anfragen, die erzeugt werden.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Startwert des Zufallsgenerators (gleicher Wert, gleiche Daten).")
def demo_generate(count, seed):
    """Synthetische Anfragen mit vollständigem Verlauf zu den Demodaten hinzufügen (für
    Messungen und zum Ausprobieren mit vielen Anfragen). Setzt `demo load` voraus."""
    from inquiry_app.demo.generate import GenerateError, generate

    def progress(done, total, rows):
        click.echo(f"  {done:>8} / {total} Anfragen, {rows['audit_entry']:>10} Protokolleinträge")

    try:
        summary = generate(count, seed, progress=progress, commit=True)
    except GenerateError as exc:
        db.session.rollback()
        _fail(str(exc))
    db.session.commit()
    click.echo(f"{summary.inquiries} Anfragen in {summary.seconds:.1f} s erzeugt.")
    click.echo("Zeilen je Tabelle:")
    for table, rows in summary.rows.items():
        click.echo(f"  {table:24} {rows:>10}")
    click.echo("Status:")
    for state, number in sorted(summary.states.items(), key=lambda item: -item[1]):
        click.echo(f"  {state:24} {number:>10}")


def register(app: Flask) -> None:
    from inquiry_app.archive.cli import archive_cli
    from inquiry_app.archive.importing import import_command
    from inquiry_app.datacheck import check_command
    from inquiry_app.outbox.cli import mail_cli
    from inquiry_app.routing.cli import routing_cli
    from inquiry_app.search import cli as search_cli  # noqa: F401  (attaches to archive_cli)

    app.cli.add_command(check_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(routing_cli)
    app.cli.add_command(mail_cli)
    archive_cli.add_command(import_command)
    app.cli.add_command(archive_cli)
