"""Admin pages for users and org units; everyone else gets 403."""

from __future__ import annotations

import factories
import pytest
import sqlalchemy as sa
from factories import PASSWORD, login

from inquiry_app.models import OrgUnit, Role, User


def test_admin_creates_a_user_who_can_log_in(browser, world, session, app):
    login(browser, world.admin)
    response = browser.submit("/verwaltung/benutzer/neu", {
        "login": "Neu.Amt50", "name": "Erika Muster", "email": "erika@dresden.example",
        "function": "", "role": "department", "org_unit_id": world.other_unit.id,
        "password": "ein-langes-passwort",
    })
    assert response.status_code == 302
    page = browser.get("/verwaltung/benutzer").get_data(as_text=True)
    assert "Der Benutzer „neu.amt50“ wurde angelegt." in page
    user = session.scalar(sa.select(User).where(User.login == "neu.amt50"))
    assert user.role == Role.DEPARTMENT and user.org_unit == world.other_unit
    browser.logout()
    assert browser.login("neu.amt50", "ein-langes-passwort").status_code == 302


def test_invalid_user_form_keeps_input_and_explains_in_german(browser, world, session):
    login(browser, world.admin)
    response = browser.submit("/verwaltung/benutzer/neu", {
        "login": "", "name": "Erika Muster", "email": "keine-mail", "role": "department",
        "org_unit_id": world.other_unit.id, "password": "kurz",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte korrigieren Sie folgende Angaben" in page
    assert "Bitte geben Sie einen Benutzernamen ein." in page
    assert "gültige E-Mail-Adresse" in page
    assert "mindestens 10 Zeichen" in page
    assert 'value="Erika Muster"' in page


def test_duplicate_login_is_refused(browser, world, session):
    existing = world.council_office
    name, login_name = existing.name, existing.login
    login(browser, world.admin)
    users = session.scalar(sa.select(sa.func.count(User.id)))
    response = browser.submit("/verwaltung/benutzer/neu", {
        "login": login_name.upper(), "name": "Zweite Person", "role": "department",
        "org_unit_id": world.other_unit.id, "password": "ein-langes-passwort",
    })
    assert response.status_code == 422  # the form again, with the reason and what was typed
    assert f"Den Benutzernamen „{login_name}“ gibt es bereits." in \
        response.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count(User.id))) == users
    assert session.scalar(sa.select(User.id).where(User.name == "Zweite Person")) is None
    kept = session.scalar(sa.select(User).where(User.login == login_name))
    assert (kept.name, kept.role) == (name, Role.COUNCIL_OFFICE)


def test_admin_edits_and_deactivates_a_user(browser, world, session):
    clerk = world.other_clerk
    user_id, login_name = clerk.id, clerk.login
    login(browser, world.admin)
    response = browser.submit(f"/verwaltung/benutzer/{user_id}", {
        "login": login_name, "name": "Nina Hartmann-Kraus", "email": "", "function": "",
        "role": "department_head", "org_unit_id": world.other_unit.id, "password": "",
    })
    assert response.status_code == 302
    session.expire_all()
    user = session.get(User, user_id)
    assert user.name == "Nina Hartmann-Kraus" and user.role == Role.DEPARTMENT_HEAD
    assert user.check_password(PASSWORD)  # empty password field keeps the password

    browser.submit(f"/verwaltung/benutzer/{user_id}/aktiv", {}, form_url="/verwaltung/benutzer")
    session.expire_all()
    assert session.get(User, user_id).active is False
    browser.logout()
    assert browser.login(login_name, PASSWORD).status_code == 401


def test_admin_cannot_deactivate_themselves(browser, world, session):
    login(browser, world.admin)
    admin_id = world.admin.id
    response = browser.submit(f"/verwaltung/benutzer/{admin_id}/aktiv", {},
                              form_url="/verwaltung/benutzer", follow_redirects=True)
    assert "Sie können Ihr eigenes Konto nicht deaktivieren." in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, admin_id).active is True


def test_admin_creates_and_edits_an_org_unit(browser, world, session):
    parent = world.lead_unit
    code = f"{parent.code}.4"
    login(browser, world.admin)
    response = browser.submit("/verwaltung/einheiten/neu", {
        "code": code, "name": "Abteilung Bürgerbüros", "kind": "department",
        "parent_id": parent.id, "mailbox": "buergerbueros@dresden.example",
    })
    assert response.status_code == 302
    unit = session.scalar(sa.select(OrgUnit).where(OrgUnit.code == code))
    assert unit.parent == parent and unit.requires_head_approval is False

    response = browser.submit(f"/verwaltung/einheiten/{unit.id}", {
        "code": code, "name": "Abteilung Bürgerbüros", "kind": "department",
        "parent_id": unit.id, "mailbox": "", "requires_head_approval": "y",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte korrigieren Sie folgende Angaben" in page
    assert "Keine gültige Auswahl" in page  # a unit cannot be its own parent: not offered
    session.expire_all()
    assert session.get(OrgUnit, unit.id).parent_id == parent.id

    response = browser.submit(f"/verwaltung/einheiten/{unit.id}", {
        "code": code, "name": "Abteilung Bürgerbüros", "kind": "department",
        "parent_id": parent.id, "mailbox": "", "requires_head_approval": "y",
    })
    assert response.status_code == 302
    session.expire_all()
    assert session.get(OrgUnit, unit.id).requires_head_approval is True


def test_a_refused_org_unit_answers_422_and_keeps_the_input(browser, world, session):
    """A step the operation refuses (a code in use) is not a success: 422, the German reason,
    what was typed, nothing saved."""
    taken = world.lead_unit.code
    login(browser, world.admin)
    units = session.scalar(sa.select(sa.func.count(OrgUnit.id)))
    response = browser.submit("/verwaltung/einheiten/neu", {
        "code": taken, "name": "Doppelte Kennung", "kind": "department",
        "parent_id": world.lead_unit.id, "mailbox": "doppelt@dresden.example",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"Die Kennung „{taken}“ ist bereits vergeben." in page
    assert 'value="Doppelte Kennung"' in page and 'value="doppelt@dresden.example"' in page
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count(OrgUnit.id))) == units


def test_unit_with_active_users_cannot_be_deactivated(browser, world, session):
    unit_id = world.lead_department.id  # its clerk is its only user
    empty_unit = factories.org_unit("Amt ohne Personal (Test)").id
    login(browser, world.admin)
    response = browser.submit(f"/verwaltung/einheiten/{unit_id}/aktiv", {},
                              form_url="/verwaltung/einheiten", follow_redirects=True)
    assert "noch 1 aktive Benutzer" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(OrgUnit, unit_id).active is True
    browser.submit(f"/verwaltung/einheiten/{empty_unit}/aktiv", {}, form_url="/verwaltung/einheiten")
    session.expire_all()
    assert session.get(OrgUnit, empty_unit).active is False


@pytest.mark.parametrize("person", ["council_office", "lead_clerk", "lead_head", "signatory"])
@pytest.mark.parametrize("url", ["/verwaltung/benutzer", "/verwaltung/benutzer/neu",
                                 "/verwaltung/benutzer/1", "/verwaltung/einheiten",
                                 "/verwaltung/einheiten/neu", "/verwaltung/einheiten/1"])
def test_non_admins_get_403_on_admin_pages(browser, world, person, url):
    login(browser, getattr(world, person))
    response = browser.get(url)
    assert response.status_code == 403
    assert "Keine Berechtigung" in response.get_data(as_text=True)


def test_missing_user_is_404(browser, world):
    login(browser, world.admin)
    assert browser.get("/verwaltung/benutzer/999999").status_code == 404
