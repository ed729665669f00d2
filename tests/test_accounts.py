"""Login, logout, lockout, CSRF and cookie flags, through real HTTP with the test client."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from inquiry_app.models import LoginAttempt, User

START_PAGES = {
    "rat": "Anfragen mit nächstem Schritt",
    "amt33": "Offene Zuweisungen",
    "ebit": "Offene Zuweisungen",
    "leitung33": "Offene Zuweisungen",
    "ob": "Nichts zu zeichnen",
    "bm": "Nichts zu zeichnen",
    "admin": "Benutzer verwalten",
}


@pytest.mark.parametrize("login", sorted(START_PAGES))
def test_each_demo_login_reaches_its_start_page(browser, demo, login):
    response = browser.login(login, "anfragen-demo")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/aufgaben")
    page = browser.get("/aufgaben").get_data(as_text=True)
    assert "Meine Aufgaben" in page or "Administration" in page
    assert START_PAGES[login] in page
    assert 'lang="de"' in page


def test_department_start_page_lists_own_assignments_only(browser, demo):
    browser.login("ebit")
    page = browser.get("/aufgaben").get_data(as_text=True)
    assert "Online-Terminvergabesystem" in page  # question 2 of AF0887, lead EB IT
    assert "Königsbrücker" not in page  # routed to 66 and 61 only


def test_wrong_password_and_unknown_login_get_the_same_neutral_message(browser, demo):
    wrong = browser.login("rat", "falsches-passwort")
    unknown = browser.login("gibt-es-nicht", "falsches-passwort")
    assert wrong.status_code == unknown.status_code == 401
    message = "Anmeldung fehlgeschlagen. Bitte prüfen Sie Benutzername und Passwort."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert "gibt-es-nicht" in unknown.get_data(as_text=True)  # typed login kept in the form


def test_lockout_after_five_failures_within_fifteen_minutes(browser, demo, session):
    for _ in range(4):
        assert "Anmeldung fehlgeschlagen" in browser.login("amt33", "falsch").get_data(as_text=True)
    fifth = browser.login("amt33", "falsch").get_data(as_text=True)
    assert "für 15 Minuten gesperrt" in fifth
    # even the right password is refused while locked
    locked = browser.login("amt33", "anfragen-demo")
    assert locked.status_code == 401
    assert "gesperrt" in locked.get_data(as_text=True)
    # other accounts are not affected
    assert browser.login("ebit").status_code == 302


def test_lock_expires_after_the_window(browser, demo, session):
    from datetime import timedelta

    from inquiry_app.models.base import utcnow

    for _ in range(5):
        browser.login("amt33", "falsch")
    session.execute(sa.update(LoginAttempt).values(at=utcnow() - timedelta(minutes=16)))
    session.commit()
    assert browser.login("amt33").status_code == 302


def test_successful_login_clears_failures(browser, demo, session):
    browser.login("rat", "falsch")
    assert browser.login("rat").status_code == 302
    assert session.scalar(sa.select(sa.func.count(LoginAttempt.id))) == 0


def test_unknown_login_is_locked_too_so_the_lock_reveals_nothing(browser, demo):
    for _ in range(5):
        browser.login("niemand", "x")
    assert "gesperrt" in browser.login("niemand", "x").get_data(as_text=True)


def test_deactivated_user_cannot_log_in(browser, demo, session):
    user = session.scalar(sa.select(User).where(User.login == "amt66"))
    user.active = False
    session.commit()
    response = browser.login("amt66")
    assert response.status_code == 401
    assert "Anmeldung fehlgeschlagen" in response.get_data(as_text=True)


def test_passwords_are_stored_with_argon2(session, demo):
    user = session.scalar(sa.select(User).where(User.login == "rat"))
    assert user.password_hash.startswith("$argon2id$")
    assert "anfragen-demo" not in user.password_hash
    assert user.check_password("anfragen-demo")
    assert not user.check_password("anfragen-demo ")


def test_missing_csrf_token_gives_german_400_and_changes_nothing(client, demo, session):
    before = session.scalar(sa.select(sa.func.count(LoginAttempt.id)))
    response = client.post("/anmelden", data={"login": "rat", "password": "falsch"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Sicherheitsmerkmal" in page and "Es wurde nichts geändert" in page
    assert "Traceback" not in page
    assert session.scalar(sa.select(sa.func.count(LoginAttempt.id))) == before


def test_stale_csrf_token_is_refused(browser, demo):
    response = browser.client.post(
        "/anmelden", data={"login": "rat", "password": "anfragen-demo", "csrf_token": "abc.def"}
    )
    assert response.status_code == 400


def test_logout_requires_post_and_ends_the_session(browser, demo):
    browser.login("rat")
    assert browser.get("/abmelden").status_code == 405
    assert browser.logout().status_code == 302
    response = browser.get("/aufgaben")
    assert response.status_code == 302
    assert "/anmelden" in response.headers["Location"]


def test_pages_need_login(client, demo):
    for url in ("/aufgaben", "/anfragen/", "/anfragen/1", "/verwaltung/benutzer"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/anmelden?next=" in response.headers["Location"]


def test_next_redirect_is_local_only(browser, demo):
    token = browser.token("/anmelden")
    response = browser.client.post(
        "/anmelden?next=https://evil.example/", data={
            "csrf_token": token, "login": "rat", "password": "anfragen-demo"})
    assert response.headers["Location"].endswith("/aufgaben")
    browser.logout()
    token = browser.token("/anmelden")
    response = browser.client.post(
        "/anmelden?next=/anfragen/", data={
            "csrf_token": token, "login": "rat", "password": "anfragen-demo"})
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


def test_session_cookie_is_httponly(browser, demo):
    response = browser.login("rat")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
