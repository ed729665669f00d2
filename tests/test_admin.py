"""Admin pages for users and org units; everyone else gets 403."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from inquiry_app.models import OrgUnit, Role, User


def _unit_id(session, code):
    return session.scalar(sa.select(OrgUnit.id).where(OrgUnit.code == code))


def test_admin_creates_a_user_who_can_log_in(browser, demo, session, app):
    browser.login("admin")
    response = browser.submit("/verwaltung/benutzer/neu", {
        "login": "Neu.Amt50", "name": "Erika Muster", "email": "erika@dresden.example",
        "function": "", "role": "department", "org_unit_id": _unit_id(session, "50"),
        "password": "ein-langes-passwort",
    })
    assert response.status_code == 302
    page = browser.get("/verwaltung/benutzer").get_data(as_text=True)
    assert "Der Benutzer „neu.amt50“ wurde angelegt." in page
    user = session.scalar(sa.select(User).where(User.login == "neu.amt50"))
    assert user.role == Role.DEPARTMENT and user.org_unit.code == "50"
    browser.logout()
    assert browser.login("neu.amt50", "ein-langes-passwort").status_code == 302


def test_invalid_user_form_keeps_input_and_explains_in_german(browser, demo, session):
    browser.login("admin")
    response = browser.submit("/verwaltung/benutzer/neu", {
        "login": "", "name": "Erika Muster", "email": "keine-mail", "role": "department",
        "org_unit_id": _unit_id(session, "50"), "password": "kurz",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte korrigieren Sie folgende Angaben" in page
    assert "Bitte geben Sie einen Benutzernamen ein." in page
    assert "gültige E-Mail-Adresse" in page
    assert "mindestens 10 Zeichen" in page
    assert 'value="Erika Muster"' in page


def test_duplicate_login_is_refused(browser, demo, session):
    browser.login("admin")
    users = session.scalar(sa.select(sa.func.count(User.id)))
    response = browser.submit("/verwaltung/benutzer/neu", {
        "login": "RAT", "name": "Zweite Person", "role": "department",
        "org_unit_id": _unit_id(session, "50"), "password": "ein-langes-passwort",
    })
    assert response.status_code == 422  # the form again, with the reason and what was typed
    assert "Den Benutzernamen „rat“ gibt es bereits." in response.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count(User.id))) == users
    assert session.scalar(sa.select(User.id).where(User.name == "Zweite Person")) is None
    rat = session.scalar(sa.select(User).where(User.login == "rat"))
    assert (rat.name, rat.role) == ("Sabine Richter", Role.COUNCIL_OFFICE)


def test_admin_edits_and_deactivates_a_user(browser, demo, session):
    browser.login("admin")
    user_id = session.scalar(sa.select(User.id).where(User.login == "amt40"))
    response = browser.submit(f"/verwaltung/benutzer/{user_id}", {
        "login": "amt40", "name": "Nina Hartmann-Kraus", "email": "", "function": "",
        "role": "department_head", "org_unit_id": _unit_id(session, "40"), "password": "",
    })
    assert response.status_code == 302
    session.expire_all()
    user = session.get(User, user_id)
    assert user.name == "Nina Hartmann-Kraus" and user.role == Role.DEPARTMENT_HEAD
    assert user.check_password("anfragen-demo")  # empty password field keeps the password

    browser.submit(f"/verwaltung/benutzer/{user_id}/aktiv", {}, form_url="/verwaltung/benutzer")
    session.expire_all()
    assert session.get(User, user_id).active is False
    browser.logout()
    assert browser.login("amt40").status_code == 401


def test_admin_cannot_deactivate_themselves(browser, demo, session):
    browser.login("admin")
    admin_id = session.scalar(sa.select(User.id).where(User.login == "admin"))
    response = browser.submit(f"/verwaltung/benutzer/{admin_id}/aktiv", {},
                              form_url="/verwaltung/benutzer", follow_redirects=True)
    assert "Sie können Ihr eigenes Konto nicht deaktivieren." in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, admin_id).active is True


def test_admin_creates_and_edits_an_org_unit(browser, demo, session):
    browser.login("admin")
    response = browser.submit("/verwaltung/einheiten/neu", {
        "code": "33.4", "name": "Abteilung Bürgerbüros", "kind": "department",
        "parent_id": _unit_id(session, "33"), "mailbox": "buergerbueros@dresden.example",
    })
    assert response.status_code == 302
    unit = session.scalar(sa.select(OrgUnit).where(OrgUnit.code == "33.4"))
    assert unit.parent.code == "33" and unit.requires_head_approval is False

    response = browser.submit(f"/verwaltung/einheiten/{unit.id}", {
        "code": "33.4", "name": "Abteilung Bürgerbüros", "kind": "department",
        "parent_id": unit.id, "mailbox": "", "requires_head_approval": "y",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte korrigieren Sie folgende Angaben" in page
    assert "Keine gültige Auswahl" in page  # a unit cannot be its own parent: not offered
    session.expire_all()
    assert session.get(OrgUnit, unit.id).parent.code == "33"

    response = browser.submit(f"/verwaltung/einheiten/{unit.id}", {
        "code": "33.4", "name": "Abteilung Bürgerbüros", "kind": "department",
        "parent_id": _unit_id(session, "33"), "mailbox": "", "requires_head_approval": "y",
    })
    assert response.status_code == 302
    session.expire_all()
    assert session.get(OrgUnit, unit.id).requires_head_approval is True


def test_a_refused_org_unit_answers_422_and_keeps_the_input(browser, demo, session):
    """A step the operation refuses (a code in use) is not a success: 422, the German reason,
    what was typed, nothing saved."""
    browser.login("admin")
    units = session.scalar(sa.select(sa.func.count(OrgUnit.id)))
    response = browser.submit("/verwaltung/einheiten/neu", {
        "code": "33", "name": "Doppelte Kennung", "kind": "department",
        "parent_id": _unit_id(session, "33"), "mailbox": "doppelt@dresden.example",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Die Kennung „33“ ist bereits vergeben." in page
    assert 'value="Doppelte Kennung"' in page and 'value="doppelt@dresden.example"' in page
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count(OrgUnit.id))) == units


def test_unit_with_active_users_cannot_be_deactivated(browser, demo, session):
    browser.login("admin")
    unit_id = _unit_id(session, "66")
    response = browser.submit(f"/verwaltung/einheiten/{unit_id}/aktiv", {},
                              form_url="/verwaltung/einheiten", follow_redirects=True)
    assert "noch 1 aktive Benutzer" in response.get_data(as_text=True)
    empty_unit = _unit_id(session, "86")
    browser.submit(f"/verwaltung/einheiten/{empty_unit}/aktiv", {}, form_url="/verwaltung/einheiten")
    session.expire_all()
    assert session.get(OrgUnit, empty_unit).active is False


@pytest.mark.parametrize("login", ["rat", "amt33", "leitung33", "ob"])
@pytest.mark.parametrize("url", ["/verwaltung/benutzer", "/verwaltung/benutzer/neu",
                                 "/verwaltung/benutzer/1", "/verwaltung/einheiten",
                                 "/verwaltung/einheiten/neu", "/verwaltung/einheiten/1"])
def test_non_admins_get_403_on_admin_pages(browser, demo, login, url):
    browser.login(login)
    response = browser.get(url)
    assert response.status_code == 403
    assert "Keine Berechtigung" in response.get_data(as_text=True)


def test_missing_user_is_404(browser, demo):
    browser.login("admin")
    assert browser.get("/verwaltung/benutzer/999999").status_code == 404
