"""Bad input gets a clear German answer, never a 500 page, and never loses what was typed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import factories
import pytest
import sqlalchemy as sa
from conftest import count_rows
from factories import login

ROOT = Path(__file__).resolve().parent.parent
HUGE = 2**63  # one more than a BIGINT holds
HUGER = 10**30


def _register_form(browser, **fields):
    data = {"number": "AF9001/25", "kind": "written", "received_on": "2025-03-03",
            "subject": "", "faction": "0", "text": "Ich frage den Oberbürgermeister:\n\n"
            "1. Wie viele Anträge gab es?\n2. Wie lange dauerte die Bearbeitung?"}
    data.update(fields)
    # As a browser sends the form: multipart, with an empty file field when no file was chosen.
    data.setdefault("document", (io.BytesIO(b""), ""))
    return browser.submit("/anfragen/neu", data, content_type="multipart/form-data")


@pytest.fixture
def routed(world):
    """Routed: questions 1 and 3 to the lead unit, 2 and 4 to the contributing unit."""
    return factories.routed(factories.councillor_inquiry(world, 4), world.council_office,
                            [world.lead_unit, world.contributing_unit])


# --- numbers no database column holds ---------------------------------------------------------

@pytest.mark.parametrize("path", [
    f"/oeffentlich/anfragen/{HUGE}", f"/oeffentlich/anfragen/{HUGER}",
    f"/oeffentlich/anfragen/{HUGE}/antwort.pdf",
])
def test_huge_ids_on_public_pages_are_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [
    f"/anfragen/{HUGE}", f"/anfragen/{HUGER}/zerlegung", f"/zuweisungen/{HUGE}",
    f"/anfragen/{HUGE}/antworten", f"/anfragen/{HUGE}/schreiben", f"/verlauf/anfragen/{HUGE}",
])
def test_huge_ids_behind_login_are_not_found(browser, world, path):
    login(browser, world.council_office)
    assert browser.get(path).status_code == 404


@pytest.mark.parametrize("page", [str(HUGE), str(HUGER), "-5", "abc", "1e9"])
def test_huge_or_junk_page_numbers_show_a_page(browser, world, page):
    login(browser, world.council_office)
    response = browser.get(f"/anfragen/?seite={page}")
    assert response.status_code == 200
    login(browser, world.admin)
    assert browser.get(f"/verlauf/suche?seite={page}").status_code == 200


def test_huge_ids_in_forms_are_refused_without_error_page(browser, world, routed, session):
    login(browser, world.council_office)
    inquiry_id = routed.id
    response = browser.submit(f"/anfragen/{inquiry_id}/kommentare",
                              {"question_id": str(HUGE), "text": "Ein Kommentar"},
                              form_url=f"/anfragen/{inquiry_id}")
    assert response.status_code < 500
    login(browser, world.lead_clerk)
    assignment = next(a for a in routed.assignments if a.org_unit_id == world.lead_unit.id)
    response = browser.submit(f"/zuweisungen/{assignment.id}/weitergeben",
                              {"target_unit": str(HUGE)}, form_url=f"/zuweisungen/{assignment.id}")
    assert response.status_code < 500
    response = browser.submit(f"/zuweisungen/{assignment.id}/zurueckgeben",
                              {"suggested_unit": str(HUGER), "reason": "Nicht unser Thema",
                               "confirm": "y"},
                              form_url=f"/zuweisungen/{assignment.id}")
    assert response.status_code < 500


# --- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "message"), [
    ("9999-12-31", "liegt in der Zukunft"),
    ("0001-01-01", "liegt vor dem 01.01.1990"),
])
def test_implausible_received_dates_are_refused_and_the_text_kept(browser, world, session, value,
                                                                   message):
    from inquiry_app.models import Inquiry

    before = count_rows(Inquiry)
    login(browser, world.council_office)
    response = _register_form(browser, received_on=value, subject="Radweg Nordstraße")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert "Wie lange dauerte die Bearbeitung?" in page and "Radweg Nordstraße" in page
    assert count_rows(Inquiry) == before


def test_implausible_dispatch_and_due_dates_are_refused(browser, world, routed, session):
    login(browser, world.council_office)
    response = browser.submit(f"/anfragen/{routed.id}/zwischenbescheid",
                              {"new_date": "9999-12-31", "reason": "Umfangreiche Prüfung"},
                              form_url=f"/anfragen/{routed.id}")
    assert response.status_code < 500
    session.expire_all()
    assert routed.due_on.year < 9999


# --- control characters and NUL ----------------------------------------------------------------

def test_word_line_break_in_subject_is_cleaned_at_registration(browser, world, session):
    from inquiry_app.models import Inquiry

    login(browser, world.council_office)
    response = _register_form(browser, subject="Beleuchtung\x0bdes Radwegs\x00 an der Elbe")
    assert response.status_code == 302
    inquiry = session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF9001/25"))
    assert inquiry.subject == "Beleuchtung des Radwegs an der Elbe"


def test_nul_and_control_characters_in_texts_are_removed_before_storing(browser, world, session):
    from inquiry_app.models import Inquiry

    login(browser, world.council_office)
    response = _register_form(browser, subject="Lärm",
                              text="Ich frage:\x00\n\n1. Gibt es\x0bLärm\x07 am Platz?")
    assert response.status_code == 302
    inquiry = session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF9001/25"))
    assert "\x00" not in inquiry.submitted_text and "\x07" not in inquiry.submitted_text
    assert "Gibt es\nLärm am Platz?" in inquiry.submitted_text or \
        "Gibt es Lärm am Platz?" in inquiry.questions[0].text


@pytest.mark.parametrize("query", ["%", "_", "\x00", "AF%25", "100%_sicher", "a\x00b"])
def test_search_with_wildcards_and_nul_answers(browser, world, query):
    login(browser, world.council_office)
    response = browser.get("/anfragen/", query_string={"q": query})
    assert response.status_code == 200


def test_percent_in_search_is_a_literal_percent(browser, world):
    inquiry = factories.councillor_inquiry(world, subject="Radweg an der Elbe")
    login(browser, world.council_office)
    assert inquiry.number in browser.get("/anfragen/").get_data(as_text=True)
    page = browser.get("/anfragen/", query_string={"q": "%"}).get_data(as_text=True)
    # Its number and subject have no percent sign: "%" must not match everything.
    assert inquiry.number not in page


# --- text blocks ----------------------------------------------------------------------------

def test_text_block_for_a_unit_that_does_not_exist_is_refused(browser, world, session):
    from inquiry_app.models import TextBlock

    before = count_rows(TextBlock)
    login(browser, world.council_office)
    response = browser.submit("/textbausteine/neu", {
        "title": "Datenschutz", "text": "Zu personenbezogenen Daten geben wir keine Auskunft.",
        "unit": "999999", "active": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 422)
    assert "gibt es nicht" in page
    assert "Zu personenbezogenen Daten geben wir keine Auskunft." in page
    assert count_rows(TextBlock) == before


# --- long pastes and large bodies --------------------------------------------------------------

def test_a_paste_over_500_kb_is_not_called_a_file(browser, world, session):
    login(browser, world.council_office)
    sentence = "Die Verwaltung prüft die Angelegenheit sorgfältig und umfassend. "
    text = "Ich frage:\n\n1. " + sentence * (600_000 // len(sentence)) + "?"
    response = _register_form(browser, text=text)
    page = response.get_data(as_text=True)
    assert response.status_code != 413
    assert "Datei" not in page.split("<main", 1)[-1].split("</h1>", 1)[0]
    assert response.status_code in (302, 422)


def test_too_large_body_says_what_was_too_large(app, browser, world):
    login(browser, world.council_office)
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = _register_form(browser, text="x" * (limit + 10))
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Die gesendeten Daten sind zu groß" in page
    assert "Text dürfen zusammen höchstens 20 MB" in page


# --- failures keep the typed text --------------------------------------------------------------

def test_an_internal_error_after_a_post_shows_the_typed_text(db_server):
    from inquiry_app import create_app
    from inquiry_app.forms import Form

    app = create_app({"TESTING": True, "PROPAGATE_EXCEPTIONS": False, "SECRET_KEY": "x",
                      "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": db_server("kept_input")})

    @app.route("/kaputt", methods=["POST"])
    def broken():
        Form()
        raise RuntimeError("geheimes Detail")

    response = app.test_client().post("/kaputt", data={
        "text": "Mein langer Antworttext <b>fett</b>", "password": "geheim123"})
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Mein langer Antworttext &lt;b&gt;fett&lt;/b&gt;" in page
    assert "geheim123" not in page and "geheimes Detail" not in page


def test_an_expired_form_offers_to_send_the_input_again(app, browser, world):
    login(browser, world.council_office)
    response = browser.client.post("/anfragen/neu", data={
        "csrf_token": "abgelaufen", "number": "AF9002/25", "text": "Meine getippte Anfrage"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Meine getippte Anfrage" in page
    assert "Eingaben erneut senden" in page


# --- start-up checks ---------------------------------------------------------------------------

def _serve_check(env_url: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, INQUIRY_APP_DATABASE_URL=env_url)
    code = "from inquiry_app import create_app; create_app(); print('gestartet')"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_mistyped_sqlite_path_refuses_to_start_and_creates_nothing(tmp_path):
    missing = tmp_path / "tippfehler" / "..." / "anfragen.sqlite3"
    result = _serve_check(f"sqlite:///{tmp_path / 'anfrgen.sqlite3'}")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.strip().startswith("Fehler: Die Datenbankdatei")
    assert "db upgrade" in result.stderr
    assert not (tmp_path / "anfrgen.sqlite3").exists()
    result = _serve_check(f"sqlite:///{missing}")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_an_empty_database_refuses_to_start(tmp_path):
    empty = tmp_path / "leer.sqlite3"
    import sqlite3

    sqlite3.connect(empty).close()
    result = _serve_check(f"sqlite:///{empty}")
    assert result.returncode == 1
    assert "ist nicht eingerichtet" in result.stderr
    assert "Traceback" not in result.stderr
