"""Login, logout, lockout, CSRF and cookie flags, through real HTTP with the test client."""

from __future__ import annotations

import factories
import pytest
import sqlalchemy as sa
from factories import PASSWORD

from inquiry_app.models import LoginAttempt, Role

START_PAGES = {  # a person of the world (or a signatory of a division) -> their start page
    "council_office": "Anfragen mit nächstem Schritt",
    "lead_clerk": "Offene Zuweisungen",
    "contributing_clerk": "Offene Zuweisungen",
    "lead_head": "Offene Zuweisungen",
    "signatory": "Nichts zu zeichnen",
    "division_signatory": "Nichts zu zeichnen",
    "admin": "Benutzer verwalten",
}


@pytest.mark.parametrize("person", sorted(START_PAGES))
def test_each_role_reaches_its_start_page(browser, world, person):
    # question 1 to the lead unit, question 2 to the contributing unit: both have work
    factories.routed(factories.councillor_inquiry(world), world.council_office,
                     [world.lead_unit, world.contributing_unit])
    user = (factories.user(Role.SIGNATORY, world.division) if person == "division_signatory"
            else getattr(world, person))
    response = browser.login(user.login, PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/aufgaben")
    page = browser.get("/aufgaben").get_data(as_text=True)
    assert "Meine Aufgaben" in page or "Administration" in page
    assert START_PAGES[person] in page
    assert 'lang="de"' in page


def test_department_start_page_lists_own_assignments_only(browser, world):
    office = world.council_office
    factories.routed(factories.councillor_inquiry(
        world, ["Wie lang war die durchschnittliche Wartezeit auf einen Termin?",
                "Ist geplant, das Online-Terminvergabesystem zu erneuern?"],
        subject="Wartezeiten auf Termine im Bürgeramt"),
        office, [world.lead_unit, world.contributing_unit], {2: [world.lead_unit]})
    factories.routed(factories.councillor_inquiry(
        world, ["Wann beginnt der Bau des Radwegs auf der Königsbrücker Straße?"],
        subject="Radweg auf der Königsbrücker Straße"), office, [world.other_unit])
    factories.login(browser, world.contributing_clerk)
    page = browser.get("/aufgaben").get_data(as_text=True)
    assert "Online-Terminvergabesystem" in page  # question 2, lead: the contributing unit
    assert "Königsbrücker" not in page  # routed to the other unit only


def test_wrong_password_and_unknown_login_get_the_same_neutral_message(browser, world):
    wrong = browser.login(world.council_office.login, "falsches-passwort")
    unknown = browser.login("gibt-es-nicht", "falsches-passwort")
    assert wrong.status_code == unknown.status_code == 401
    message = "Anmeldung fehlgeschlagen. Bitte prüfen Sie Benutzername und Passwort."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert "gibt-es-nicht" in unknown.get_data(as_text=True)  # typed login kept in the form


def test_lockout_after_five_failures_within_fifteen_minutes(browser, world, session):
    clerk = world.lead_clerk.login
    for _ in range(4):
        assert "Anmeldung fehlgeschlagen" in browser.login(clerk, "falsch").get_data(as_text=True)
    fifth = browser.login(clerk, "falsch").get_data(as_text=True)
    assert "für 15 Minuten gesperrt" in fifth
    # even the right password is refused while locked
    locked = browser.login(clerk, PASSWORD)
    assert locked.status_code == 401
    assert "gesperrt" in locked.get_data(as_text=True)
    # other accounts are not affected
    assert browser.login(world.contributing_clerk.login, PASSWORD).status_code == 302


def test_lock_expires_after_the_window(browser, world, session):
    from datetime import timedelta

    from inquiry_app.models.base import utcnow

    clerk = world.lead_clerk.login
    for _ in range(5):
        browser.login(clerk, "falsch")
    assert "gesperrt" in browser.login(clerk, PASSWORD).get_data(as_text=True)
    session.execute(sa.update(LoginAttempt).values(at=utcnow() - timedelta(minutes=16)))
    session.commit()
    assert browser.login(clerk, PASSWORD).status_code == 302


def test_successful_login_clears_failures(browser, world, session):
    browser.login(world.council_office.login, "falsch")
    assert session.scalar(sa.select(sa.func.count(LoginAttempt.id))) == 1
    assert browser.login(world.council_office.login, PASSWORD).status_code == 302
    assert session.scalar(sa.select(sa.func.count(LoginAttempt.id))) == 0


def test_unknown_login_is_locked_too_so_the_lock_reveals_nothing(browser):
    for _ in range(5):
        browser.login("niemand", "x")
    assert "gesperrt" in browser.login("niemand", "x").get_data(as_text=True)


def test_deactivated_user_cannot_log_in(browser, world, session):
    user = world.other_clerk
    user.active = False
    session.commit()
    response = browser.login(user.login, PASSWORD)
    assert response.status_code == 401
    assert "Anmeldung fehlgeschlagen" in response.get_data(as_text=True)


def test_passwords_are_stored_with_argon2(session, world):
    user = world.council_office
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD + " ")


def test_missing_csrf_token_gives_german_400_and_changes_nothing(client, world, session):
    before = session.scalar(sa.select(sa.func.count(LoginAttempt.id)))
    response = client.post("/anmelden", data={"login": world.council_office.login,
                                              "password": "falsch"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Sicherheitsmerkmal" in page and "Es wurde nichts geändert" in page
    assert "Traceback" not in page
    assert session.scalar(sa.select(sa.func.count(LoginAttempt.id))) == before


def test_stale_csrf_token_is_refused(browser, world):
    response = browser.client.post(
        "/anmelden", data={"login": world.council_office.login, "password": PASSWORD,
                           "csrf_token": "abc.def"}
    )
    assert response.status_code == 400


def test_logout_requires_post_and_ends_the_session(browser, world):
    factories.login(browser, world.council_office)
    assert browser.get("/abmelden").status_code == 405
    assert browser.logout().status_code == 302
    response = browser.get("/aufgaben")
    assert response.status_code == 302
    assert "/anmelden" in response.headers["Location"]


def test_pages_need_login(client):
    for url in ("/aufgaben", "/anfragen/", "/anfragen/1", "/verwaltung/benutzer"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/anmelden?next=" in response.headers["Location"]


def test_next_redirect_is_local_only(browser, world):
    login = world.council_office.login
    token = browser.token("/anmelden")
    response = browser.client.post(
        "/anmelden?next=https://evil.example/", data={
            "csrf_token": token, "login": login, "password": PASSWORD})
    assert response.headers["Location"].endswith("/aufgaben")
    browser.logout()
    token = browser.token("/anmelden")
    response = browser.client.post(
        "/anmelden?next=/anfragen/", data={
            "csrf_token": token, "login": login, "password": PASSWORD})
    assert response.headers["Location"].endswith("/anfragen/")


def test_cookie_flags_by_default(tmp_path, monkeypatch):
    from inquiry_app import create_app

    monkeypatch.delenv("INQUIRY_APP_SECURE_COOKIES", raising=False)
    monkeypatch.delenv("INQUIRY_APP_SECRET_KEY", raising=False)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_session_cookie_is_httponly(browser, world):
    response = browser.login(world.council_office.login, PASSWORD)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
