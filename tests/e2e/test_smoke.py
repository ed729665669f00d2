"""Smoke path in a real browser: every demo role logs in through the form, sees its start
page, the inquiry list and a detail page; the council office opens the register form and the
split editor, the admin the user and unit administration. Every page is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import check_accessibility, doc_screenshot, login, screenshot

RECEIVED_SUBJECT = "Sanierung der Turnhalle der 30. Grundschule"

# login -> (heading of the start page, screenshot name, docs/screenshots file or None)
ROLES = {
    "rat": ("Meine Aufgaben", "start-council-office", "start-council-office.png"),
    "amt33": ("Meine Aufgaben", "start-department", "start-department.png"),
    "ebit": ("Meine Aufgaben", None, None),
    "ob": ("Meine Aufgaben", None, None),
    "admin": ("Administration", None, None),
}


def heading(page: Page, text: str):
    return page.get_by_role("heading", level=1, name=text)


def test_login_page_keyboard_and_accessibility(page: Page, live_server: str):
    page.goto(f"{live_server}/anmelden")
    expect(heading(page, "Anmelden")).to_be_visible()
    check_accessibility(page, "Anmeldung")
    screenshot(page, "login")
    doc_screenshot(page, "login.png")

    # Keyboard only: the first Tab stop is the skip link, Enter moves focus to <main>.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # visible when focused
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    # … and the next Tab stop is the first form field.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Benutzername")).to_be_focused()


def test_wrong_password_shows_german_error(page: Page, live_server: str):
    page.goto(f"{live_server}/anmelden")
    page.get_by_label("Benutzername").fill("amt40")
    page.get_by_label("Passwort").fill("falsches-passwort")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Anmeldung fehlgeschlagen. Bitte prüfen Sie Benutzername und Passwort.")
    expect(page).to_have_url(re.compile(r"/anmelden$"))
    check_accessibility(page, "Anmeldung – falsches Passwort")

    # Empty form: the error summary is focused and links to the fields.
    page.get_by_label("Benutzername").fill("")
    page.get_by_label("Passwort").fill("")
    page.get_by_role("button", name="Anmelden").click()
    summary = page.locator(".app-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Bitte geben Sie Ihren Benutzernamen ein.")
    check_accessibility(page, "Anmeldung – Fehlerzusammenfassung")


@pytest.mark.parametrize("user", list(ROLES))
def test_role_start_list_and_detail(page: Page, live_server: str, user: str):
    title, shot, doc = ROLES[user]
    login(page, live_server, user)
    expect(heading(page, title)).to_be_visible()
    check_accessibility(page, f"Start {user}")
    if shot:
        screenshot(page, shot)
        doc_screenshot(page, doc)

    page.goto(f"{live_server}/anfragen/")
    expect(heading(page, "Anfragen")).to_be_visible()
    check_accessibility(page, f"Anfragen {user}")
    if user == "rat":
        screenshot(page, "inquiry-list")

    links = page.get_by_role("table").get_by_role("link")
    expect(links.first).to_be_visible()  # every demo role sees at least one inquiry
    number = links.first.inner_text()
    links.first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    check_accessibility(page, f"Anfrage {user}")


def test_council_office_register_form_and_split_editor(page: Page, live_server: str):
    login(page, live_server, "rat")

    page.goto(f"{live_server}/anfragen/neu")
    expect(heading(page, "Anfrage registrieren")).to_be_visible()
    check_accessibility(page, "Registrieren")
    screenshot(page, "register")

    # Empty number and date: the error summary lists both, is focused and passes axe.
    page.get_by_label("Nummer", exact=True).fill("")
    page.get_by_label("Eingangsdatum").fill("")
    page.get_by_role("button", name="Registrieren und Zerlegung prüfen").click()
    summary = page.locator(".app-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Bitte geben Sie die Nummer der Anfrage an.")
    expect(summary).to_contain_text("Eingangsdatum")
    check_accessibility(page, "Registrieren – Fehlerzusammenfassung")
    screenshot(page, "register-errors")
    summary.get_by_role("link", name=re.compile("^Nummer")).click()
    expect(page.get_by_label("Nummer", exact=True)).to_be_focused()

    # The demo inquiry in state "received", found through the list's search.
    page.goto(f"{live_server}/anfragen/")
    page.get_by_label("Nummer oder Gegenstand").fill("Turnhalle der 30. Grundschule")
    page.get_by_role("button", name="Filtern").click()
    row = page.get_by_role("row").filter(has_text=RECEIVED_SUBJECT)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Eingegangen")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(RECEIVED_SUBJECT)
    page.get_by_role("link", name="Zerlegung prüfen und bestätigen").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Zerlegung prüfen")
    expect(page.get_by_role("region", name="Originaltext")).to_contain_text(
        "Seit wann ist die Turnhalle gesperrt")
    expect(page.get_by_role("textbox", name="Vorbemerkung")).to_be_visible()
    expect(page.get_by_role("button", name="Zerlegung bestätigen")).to_be_visible()
    check_accessibility(page, "Zerlegungseditor")
    screenshot(page, "split-editor")
    doc_screenshot(page, "split-editor.png")


def test_admin_users_units_and_edit_forms(page: Page, live_server: str):
    login(page, live_server, "admin")

    page.goto(f"{live_server}/verwaltung/benutzer")
    expect(heading(page, "Benutzer")).to_be_visible()
    check_accessibility(page, "Verwaltung Benutzer")
    page.get_by_role("link", name="amt33", exact=True).click()
    expect(page.get_by_label("Benutzername")).to_have_value("amt33")
    check_accessibility(page, "Verwaltung Benutzer bearbeiten")

    page.goto(f"{live_server}/verwaltung/einheiten")
    expect(heading(page, "Organisationseinheiten")).to_be_visible()
    check_accessibility(page, "Verwaltung Einheiten")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(page, "Verwaltung Einheit bearbeiten")


def test_council_office_people_and_bodies_pages(page: Page, live_server: str):
    login(page, live_server, "rat")
    page.get_by_role("link", name="Stadträte und Gremien").click()
    expect(heading(page, "Stadträtinnen und Stadträte")).to_be_visible()
    check_accessibility(page, "Stadträtinnen und Stadträte")
    page.get_by_role("link", name="Mühle, Anne").click()
    expect(page.get_by_label("Nachname")).to_have_value("Mühle")
    check_accessibility(page, "Stadträtin bearbeiten")
    # an empty required field: the error summary lists it and passes axe
    page.get_by_label("Nachname").fill("")
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.get_by_text("Bitte geben Sie den Nachnamen ein.").first).to_be_visible()
    check_accessibility(page, "Stadträtin bearbeiten mit Fehler")
    # a membership period ending before it begins: error summary on the period form
    page.goto(f"{live_server}/verwaltung/stadtraete")
    page.get_by_role("link", name="Böhme, Ralf").click()
    page.get_by_label("von (Mitgliedschaft in Fraktion Soziale Stadt)").fill("2024-05-02")
    page.get_by_label("bis (Mitgliedschaft in Fraktion Soziale Stadt)").fill("2024-05-01")
    page.get_by_role("button", name="Zeitraum speichern").first.click()
    expect(page.get_by_text("Das Ende der Mitgliedschaft liegt vor ihrem Beginn.")).to_be_visible()
    check_accessibility(page, "Fraktionszugehörigkeit mit Fehler")

    page.goto(f"{live_server}/verwaltung/fraktionen")
    expect(heading(page, "Fraktionen")).to_be_visible()
    check_accessibility(page, "Fraktionen")
    page.goto(f"{live_server}/verwaltung/fraktionen/neu")
    check_accessibility(page, "Neue Fraktion")

    page.goto(f"{live_server}/verwaltung/gremien")
    expect(heading(page, "Gremien")).to_be_visible()
    check_accessibility(page, "Gremien")
    page.get_by_role("link", name="Stadtbezirksbeirat Neustadt").click()
    expect(page.get_by_label("Funktion des Vorsitzes (z. B. Stadtbezirksamtsleiter)")).to_have_value(
        "Stadtbezirksamtsleiter")
    check_accessibility(page, "Gremium bearbeiten")
