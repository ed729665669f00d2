"""Command line, configuration and error pages."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from inquiry_app.config import load_secret_key, mask_url
from inquiry_app.models import Inquiry, OrgUnit, User

ROOT = Path(__file__).resolve().parent.parent


def test_users_create_command(app, session, demo):
    runner = app.test_cli_runner()
    result = runner.invoke(args=[
        "users", "create", "--login", "neu", "--name", "Neue Person", "--role", "signatory",
        "--unit", "OB", "--password", "sehr-geheimes-passwort",
    ])
    assert result.exit_code == 0, result.output
    assert "Benutzer „neu“ (Zeichnungsberechtigt, OB Büro des Oberbürgermeisters) angelegt." \
        in result.output
    user = session.scalar(sa.select(User).where(User.login == "neu"))
    assert user.check_password("sehr-geheimes-passwort")


def test_users_create_reports_errors_without_traceback(app, demo):
    runner = app.test_cli_runner()
    result = runner.invoke(args=[
        "users", "create", "--login", "x", "--name", "X", "--role", "department",
        "--unit", "999", "--password", "sehr-geheimes-passwort"])
    assert result.exit_code == 1
    assert "Die Organisationseinheit „999“ gibt es nicht." in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(args=[
        "users", "create", "--login", "x", "--name", "X", "--role", "department",
        "--unit", "33", "--password", "kurz"])
    assert "mindestens 10 Zeichen" in result.output


def test_demo_load_is_idempotent(app, session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    counts = [session.scalar(sa.select(sa.func.count(m.id))) for m in (OrgUnit, User, Inquiry)]
    second = runner.invoke(args=["demo", "load"])
    assert "(0 neu angelegt)" in second.output
    assert [session.scalar(sa.select(sa.func.count(m.id))) for m in (OrgUnit, User, Inquiry)] \
        == counts
    assert "anfragen-demo" in second.output and "leitung33" in second.output


def test_demo_org_structure(app, session, demo):
    codes = set(session.scalars(sa.select(OrgUnit.code)))
    required = {"10", "20", "23", "30", "32", "33", "37", "40", "41", "50", "51", "52", "53",
                "61", "63", "65", "66", "67", "80", "86", "EB IT", "OB", "OB-SR"}
    assert required <= codes
    offices = session.scalar(sa.select(sa.func.count(OrgUnit.id)).where(
        OrgUnit.kind.in_(["office", "enterprise"])))
    assert offices >= 25
    division = session.scalar(sa.select(OrgUnit).where(OrgUnit.code == "33.3"))
    assert division.name == "Abteilung Staatsangehörigkeits- und Ausländerangelegenheiten"
    assert division.parent.code == "33"
    assert {u.name for u in division.children} == {"Ausländerbehörde", "Staatsangehörigkeitsbehörde"}


def test_reference_inquiry_is_in_the_demo_data(app, session, demo):
    inquiry = session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0815/25"))
    assert [q.number for q in inquiry.questions] == ["1", "2", "3", "4"]
    assert inquiry.preamble.startswith("Durch ein hohes Antragsaufkommen")
    assert inquiry.questions[3].text == ("Für welchen Zeitraum ist die Einführung der E-Akte in "
                                         "der Ausländerbehörde vorgesehen?")
    assert inquiry.submitters[0].last_name == "Mühle"


def test_unreachable_database_stops_with_one_clear_line():
    env = dict(os.environ, INQUIRY_APP_DATABASE_URL=(
        "postgresql+psycopg://anfragen:geheim123@127.0.0.1:9/anfragen"))
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "inquiry_app", "users", "list"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        "Fehler: Die Datenbank postgresql+psycopg://anfragen:***@127.0.0.1:9/anfragen "
        "ist nicht erreichbar")
    assert "geheim123" not in result.stderr + result.stdout


def test_mask_url():
    assert mask_url("postgresql://u:pw@h:5432/d") == "postgresql://u:***@h:5432/d"
    assert mask_url("sqlite:///x.db") == "sqlite:///x.db"


def test_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("INQUIRY_APP_SECRET_KEY", raising=False)
    first = load_secret_key(str(tmp_path))
    assert len(first) == 64
    assert load_secret_key(str(tmp_path)) == first
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600
    monkeypatch.setenv("INQUIRY_APP_SECRET_KEY", "from-env")
    assert load_secret_key(str(tmp_path)) == "from-env"


def test_internal_error_page_shows_no_traceback(db_server):
    from inquiry_app import create_app

    app = create_app({"TESTING": True, "PROPAGATE_EXCEPTIONS": False, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": db_server("error_page")})

    @app.route("/kaputt")
    def broken():
        raise RuntimeError("geheimes Detail")

    response = app.test_client().get("/kaputt")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Interner Fehler" in page
    assert "geheimes Detail" not in page and "Traceback" not in page


def test_times_are_shown_in_german_local_time():
    from datetime import datetime

    from inquiry_app.templating import date_de, datetime_de

    assert datetime_de(datetime(2025, 1, 20, 9, 30)) == "20.01.2025, 10:30 Uhr"  # CET
    assert datetime_de(datetime(2025, 7, 1, 9, 30)) == "01.07.2025, 11:30 Uhr"  # CEST
    assert date_de(datetime(2025, 12, 31, 23, 30)) == "Do, 01.01.2026"


def test_every_demo_login_logs_in_with_the_demo_password(browser, demo):
    """What the README promises for the demo (moved from test_accounts, whose tests build
    their own people): each demo login reaches its start page with ``anfragen-demo``."""
    from inquiry_app.demo.people import DEMO_PASSWORD, USERS

    assert {login for login, *_ in demo["logins"]} == {login for login, *_ in USERS}
    for login, *_ in USERS:
        browser.logout()
        response = browser.login(login, DEMO_PASSWORD)
        assert response.status_code == 302, login
        assert response.headers["Location"].endswith("/aufgaben")
        assert browser.get("/aufgaben").status_code == 200, login
