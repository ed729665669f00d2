"""Councillors, factions and bodies: pages for the council office and the administration,
deactivation, CSV import/export, faction history and the audit trail."""

from __future__ import annotations

import io
from datetime import date, timedelta

import factories
import pytest
import sqlalchemy as sa
from factories import login

from inquiry_app.models import (
    AuditEntry,
    Body,
    BodyKind,
    CouncilMember,
    Faction,
    FactionMembership,
    FormOfAddress,
    Inquiry,
)

YY = f"{date.today():%y}"


def _member(session, last_name) -> CouncilMember:
    session.expire_all()
    return session.scalar(sa.select(CouncilMember).where(CouncilMember.last_name == last_name))


def _faction(session, short) -> Faction:
    return session.scalar(sa.select(Faction).where(Faction.short_name == short))


def _inquiry(session, number) -> Inquiry:
    session.expire_all()
    return session.scalar(sa.select(Inquiry).where(Inquiry.number == number))


def _member_data(session, **overrides) -> dict:
    data = {"form_of_address": "Frau", "title": "Dr.", "first_name": "Petra",
            "last_name": "Neumeister", "role": "", "email": "petra.neumeister@rat.example",
            "address": "Dr.-Külz-Ring 19\n01067 Dresden",
            "faction_id": _faction(session, "Zukunft").id, "since": ""}
    data.update(overrides)
    return data


def _upload(browser, url, content: bytes, form_url: str):
    return browser.submit(url, {"file": (io.BytesIO(content), "liste.csv")}, form_url=form_url,
                          content_type="multipart/form-data", follow_redirects=True)


@pytest.fixture
def clerk(browser, world):
    login(browser, world.council_office)
    return browser


def _changed_faction(world):
    """Herr Ralf Wechsler: in faction "Alte Fraktion" until 31 days ago, since 30 days in
    "Neue Fraktion"; his inquiry dated 47 days ago keeps the earlier faction."""
    old = factories.faction("Alte Fraktion", name="Fraktion Alte Fraktion (Test)")
    new = factories.faction("Neue Fraktion", name="Fraktion Neue Fraktion (Test)")
    member = factories.councillor("Wechsler", first_name="Ralf", of=new,
                                  form_of_address=FormOfAddress.HERR)
    change = date.today() - timedelta(days=30)
    member.memberships = [
        FactionMembership(faction=old, valid_until=change - timedelta(days=1)),
        FactionMembership(faction=new, valid_from=change),
    ]
    inquiry = factories.councillor_inquiry(world, submitters=[member])
    inquiry.faction = old
    inquiry.dated_on = date.today() - timedelta(days=47)
    factories.stored()
    return member, inquiry


def test_council_office_creates_edits_and_deactivates_a_councillor(clerk, session):
    response = clerk.submit("/verwaltung/stadtraete/neu", _member_data(session))
    assert response.status_code == 302
    member = _member(session, "Neumeister")
    assert member.role == "Stadträtin" and member.form_of_address == FormOfAddress.FRAU
    assert member.faction.short_name == "Zukunft" and len(member.memberships) == 1
    page = clerk.get("/verwaltung/stadtraete").get_data(as_text=True)
    assert "„Dr. Petra Neumeister“ wurde gespeichert." in page and "Neumeister, Petra" in page

    response = clerk.submit(f"/verwaltung/stadtraete/{member.id}", _member_data(
        session, email="p.neumeister@rat.example", role="Stadträtin"))
    assert response.status_code == 302
    assert _member(session, "Neumeister").email == "p.neumeister@rat.example"

    # offered for new inquiries until deactivated
    assert "Neumeister, Petra" in clerk.get("/anfragen/neu").get_data(as_text=True)
    response = clerk.submit(f"/verwaltung/stadtraete/{member.id}/aktiv", {},
                            form_url="/verwaltung/stadtraete", follow_redirects=True)
    assert "„Dr. Petra Neumeister“ wurde deaktiviert." in response.get_data(as_text=True)
    assert _member(session, "Neumeister").active is False
    assert "Neumeister, Petra" not in clerk.get("/anfragen/neu").get_data(as_text=True)


def test_deactivated_councillor_stays_on_old_inquiries(clerk, world, session):
    member = factories.councillor("Mühlenbeck", first_name="Anne")
    earlier = factories.confirmed(factories.councillor_inquiry(world, submitters=[member]),
                                  world.council_office)
    factories.stored()
    assert "Mühlenbeck, Anne" in clerk.get("/anfragen/neu").get_data(as_text=True)
    clerk.submit(f"/verwaltung/stadtraete/{member.id}/aktiv", {}, form_url="/verwaltung/stadtraete")
    assert _member(session, "Mühlenbeck").active is False
    assert "Anne Mühlenbeck" in clerk.get(f"/anfragen/{earlier.id}").get_data(as_text=True)
    details = clerk.get(f"/anfragen/{earlier.id}/angaben").get_data(as_text=True)
    assert "Mühlenbeck, Anne" in details  # still selectable where it is already chosen
    assert "Mühlenbeck, Anne" not in clerk.get("/anfragen/neu").get_data(as_text=True)


def test_invalid_councillor_form_keeps_input_and_explains(clerk, session):
    response = clerk.submit("/verwaltung/stadtraete/neu", _member_data(
        session, last_name="", email="keine-adresse"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte korrigieren Sie folgende Angaben" in page
    assert "Bitte geben Sie den Nachnamen ein." in page and "gültige E-Mail-Adresse" in page
    assert 'value="Petra"' in page and "Dr.-Külz-Ring 19" in page
    assert _member(session, "Neumeister") is None


@pytest.mark.parametrize("person", ["lead_clerk", "lead_head", "signatory", "contributing_clerk"])
def test_departments_and_signatories_get_403(browser, world, session, person):
    login(browser, getattr(world, person))
    for url in ("/verwaltung/stadtraete", "/verwaltung/stadtraete/neu", "/verwaltung/fraktionen",
                "/verwaltung/fraktionen/neu", "/verwaltung/gremien", "/verwaltung/gremien/neu",
                "/verwaltung/stadtraete/export.csv", "/verwaltung/fraktionen/export.csv"):
        assert browser.get(url).status_code == 403, url
    token = browser.token("/aufgaben")
    member = _member(session, "Kühn")
    response = browser.client.post(f"/verwaltung/stadtraete/{member.id}/aktiv",
                                   data={"csrf_token": token})
    assert response.status_code == 403
    assert _member(session, "Kühn").active is True
    assert "Stadträte und Gremien" not in browser.get("/aufgaben").get_data(as_text=True)


def test_admin_manages_people_too(browser, world):
    login(browser, world.admin)
    page = browser.get("/aufgaben").get_data(as_text=True)
    assert "Stadträte und Gremien" in page
    for url in ("/verwaltung/stadtraete", "/verwaltung/fraktionen", "/verwaltung/gremien"):
        assert browser.get(url).status_code == 200, url


def test_factions_are_created_and_not_deactivated_while_they_have_members(clerk, session):
    response = clerk.submit("/verwaltung/fraktionen/neu", {
        "name": "Fraktion Freie Wähler Dresden", "short_name": "Freie Wähler", "email": "",
        "address": "Dr.-Külz-Ring 19\n01067 Dresden"})
    assert response.status_code == 302
    faction = _faction(session, "Freie Wähler")
    assert faction.active and faction.address == "Dr.-Külz-Ring 19\n01067 Dresden"
    duplicate = clerk.submit("/verwaltung/fraktionen/neu", {
        "name": "fraktion freie wähler dresden", "short_name": "FW", "email": "", "address": ""})
    assert duplicate.status_code == 422
    assert "Die Fraktion „fraktion freie wähler dresden“ gibt es bereits." in \
        duplicate.get_data(as_text=True)

    zukunft = _faction(session, "Zukunft")
    response = clerk.submit(f"/verwaltung/fraktionen/{zukunft.id}/aktiv", {},
                            form_url="/verwaltung/fraktionen", follow_redirects=True)
    assert "noch 2 aktive Stadträtinnen und Stadträte" in response.get_data(as_text=True)
    session.expire_all()
    assert _faction(session, "Zukunft").active is True
    response = clerk.submit(f"/verwaltung/fraktionen/{faction.id}/aktiv", {},
                            form_url="/verwaltung/fraktionen", follow_redirects=True)
    assert "„Fraktion Freie Wähler Dresden“ wurde deaktiviert." in response.get_data(as_text=True)
    assert "Fraktion Freie Wähler Dresden" not in clerk.get("/anfragen/neu").get_data(as_text=True)


def test_bodies_with_chair_are_created_edited_and_deactivated(clerk, session):
    data = {"name": "Stadtbezirksbeirat Cotta", "kind": "district_council", "short_name": "Cot",
            "chair_form_of_address": "Frau", "chair_title": "", "chair_name": "",
            "chair_function": "Stadtbezirksamtsleiterin",
            "address": "Stadtbezirksamt Cotta\nLübecker Straße 121\n01157 Dresden"}
    response = clerk.submit("/verwaltung/gremien/neu", data)
    assert response.status_code == 422
    assert "Bitte geben Sie den Vorsitz an" in response.get_data(as_text=True)
    assert "Lübecker Straße 121" in response.get_data(as_text=True)  # input kept

    assert clerk.submit("/verwaltung/gremien/neu", {**data, "chair_name": "Sabine Koch"}
                        ).status_code == 302
    body = session.scalar(sa.select(Body).where(Body.name == "Stadtbezirksbeirat Cotta"))
    assert body.kind == BodyKind.DISTRICT_COUNCIL and body.chair_name == "Sabine Koch"
    assert clerk.submit(f"/verwaltung/gremien/{body.id}", {**data, "chair_name": "Jan Roth",
                                                            "chair_form_of_address": "Herr",
                                                            "chair_function": "Stadtbezirksamtsleiter"}
                        ).status_code == 302
    session.expire_all()
    assert session.get(Body, body.id).chair_name == "Jan Roth"
    assert "Stadtbezirksbeirat Cotta" in clerk.get("/anfragen/neu").get_data(as_text=True)
    response = clerk.submit(f"/verwaltung/gremien/{body.id}/aktiv", {},
                            form_url="/verwaltung/gremien", follow_redirects=True)
    assert "„Stadtbezirksbeirat Cotta“ wurde deaktiviert." in response.get_data(as_text=True)
    assert "Stadtbezirksbeirat Cotta" not in clerk.get("/anfragen/neu").get_data(as_text=True)


def test_csv_round_trip_of_councillors_and_factions(clerk, session):
    exported = clerk.get("/verwaltung/stadtraete/export.csv")
    assert exported.mimetype == "text/csv"
    raw = exported.data
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == ("id;anrede;titel;vorname;nachname;bezeichnung;fraktion;"
                                    "fraktion_seit;email;anschrift;aktiv")
    assert ";Mühle;Stadträtin;Grün-Links;" in text
    # unchanged file: everything is updated, nothing new, nothing changed
    before = {m.id: (m.email, m.faction_id) for m in session.scalars(sa.select(CouncilMember))}
    page = _upload(clerk, "/verwaltung/stadtraete/import", raw, "/verwaltung/stadtraete")
    assert f"0 Stadträtinnen und Stadträte neu angelegt, {len(before)} aktualisiert" in \
        page.get_data(as_text=True)
    session.expire_all()
    assert {m.id: (m.email, m.faction_id) for m in session.scalars(sa.select(CouncilMember))} \
        == before

    changed = text.replace("anne.muehle@rat.example", "a.muehle@rat.example")
    changed += ";Herr;;Jörg;Weißbach;;Soziale Stadt;;joerg@rat.example;\"Postfach 1\r\n01001 Dresden\";ja\r\n"
    page = _upload(clerk, "/verwaltung/stadtraete/import", changed.encode("cp1252"),
                   "/verwaltung/stadtraete")
    assert "1 Stadträtin oder Stadtrat neu angelegt" in page.get_data(as_text=True)
    new = _member(session, "Weißbach")
    assert new.first_name == "Jörg" and new.faction.short_name == "Soziale Stadt"
    assert new.address == "Postfach 1\n01001 Dresden" and new.role == "Stadtrat"
    assert _member(session, "Mühle").email == "a.muehle@rat.example"

    factions = clerk.get("/verwaltung/fraktionen/export.csv").data.decode("utf-8-sig")
    assert factions.splitlines()[0] == "id;name;kurzname;email;anschrift;aktiv"
    factions += ";Fraktion Neue Mitte;Mitte;mitte@rat.example;;ja\r\n"
    page = _upload(clerk, "/verwaltung/fraktionen/import", ("\ufeff" + factions).encode(),
                   "/verwaltung/fraktionen")
    assert "1 Fraktion neu angelegt, 4 aktualisiert" in page.get_data(as_text=True)
    assert _faction(session, "Mitte").email == "mitte@rat.example"


def test_csv_with_a_bad_line_imports_nothing_and_names_the_line(clerk, session):
    count = session.scalar(sa.select(sa.func.count(CouncilMember.id)))
    content = (
        b"anrede;titel;vorname;nachname;bezeichnung;fraktion;fraktion_seit;email;anschrift;aktiv\r\n"
        b"Frau;;Ines;Gutmann;;Zukunft;;;;ja\r\n"
        b"Herr;;Olaf;Schlecht;;Gibt Es Nicht;;;;ja\r\n"
        b"Divers;;Kim;Falsch;;Zukunft;31.02.2024;;;vielleicht\r\n"
    )
    page = _upload(clerk, "/verwaltung/stadtraete/import", content,
                   "/verwaltung/stadtraete").get_data(as_text=True)
    assert "Nichts importiert: 2 Zeilen sind fehlerhaft." in page
    assert "Zeile 3: Die Fraktion „Gibt Es Nicht“ gibt es nicht" in page
    assert "Zeile 4:" in page
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count(CouncilMember.id))) == count
    assert _member(session, "Gutmann") is None

    missing = _upload(clerk, "/verwaltung/fraktionen/import", b"name;kurzname\r\nA;B\r\n",
                      "/verwaltung/fraktionen").get_data(as_text=True)
    assert "Zeile 1: Die Kopfzeile muss die Spalten" in missing


def test_faction_change_keeps_the_faction_of_earlier_inquiries(clerk, world, session):
    schmitt = factories.councillor("Schmittke", first_name="Tobias", of=_faction(session, "Grün-Links"),
                                   form_of_address=FormOfAddress.HERR)
    earlier = factories.routed(factories.councillor_inquiry(world, submitters=[schmitt]),
                               world.council_office, [world.other_unit])
    factories.stored()
    earlier = _inquiry(session, earlier.number)
    assert earlier.faction.short_name == "Grün-Links"
    change = date.today() - timedelta(days=3)
    response = clerk.submit(f"/verwaltung/stadtraete/{schmitt.id}", {
        "form_of_address": "Herr", "title": "", "first_name": "Tobias", "last_name": "Schmittke",
        "role": "Stadtrat", "email": "tobias.schmitt@rat.example", "address": "",
        "faction_id": _faction(session, "Soziale Stadt").id, "since": change.isoformat()})
    assert response.status_code == 302
    schmitt = _member(session, "Schmittke")
    assert schmitt.faction.short_name == "Soziale Stadt"
    history = sorted(schmitt.memberships, key=lambda m: m.id)
    assert [(m.faction.short_name, m.valid_until) for m in history] == [
        ("Grün-Links", change - timedelta(days=1)), ("Soziale Stadt", None)]
    assert schmitt.faction_on(change - timedelta(days=10)).short_name == "Grün-Links"

    earlier = _inquiry(session, earlier.number)
    assert earlier.faction.short_name == "Grün-Links"
    assert "Fraktion Grün-Links" in clerk.get(f"/anfragen/{earlier.id}").get_data(as_text=True)
    page = clerk.get(f"/verwaltung/stadtraete/{schmitt.id}").get_data(as_text=True)
    assert "Fraktionszugehörigkeit" in page
    assert f'value="{change - timedelta(days=1):%Y-%m-%d}"' in page

    # a new inquiry gets the current faction; one dated before the change the earlier one
    for number, dated in ((f"AF0950/{YY}", ""), (f"AF0951/{YY}", change - timedelta(days=5))):
        response = clerk.submit("/anfragen/neu", {
            "number": number, "kind": "written", "received_on": date.today().isoformat(),
            "dated_on": dated and dated.isoformat(), "subject": "Test",
            "submitters": str(schmitt.id), "faction": "0", "text": "1. Eine Frage?"},
            content_type="multipart/form-data")
        assert response.status_code == 302, number
    assert _inquiry(session, f"AF0950/{YY}").faction.short_name == "Soziale Stadt"
    assert _inquiry(session, f"AF0951/{YY}").faction.short_name == "Grün-Links"

    # a councillor who changed faction earlier: his earlier inquiry keeps the earlier faction
    _changed, inquiry = _changed_faction(world)
    boehme = _inquiry(session, inquiry.number)
    assert boehme.submitters[0].faction.short_name == "Neue Fraktion"
    assert boehme.faction.short_name == "Alte Fraktion"


def test_changing_faction_before_the_current_membership_began_is_refused(clerk, world, session):
    boehme, _earlier = _changed_faction(world)
    response = clerk.submit(f"/verwaltung/stadtraete/{boehme.id}", {
        "form_of_address": "Herr", "title": "", "first_name": "Ralf", "last_name": "Wechsler",
        "role": "Stadtrat", "email": "", "address": "",
        "faction_id": _faction(session, "Zukunft").id,
        "since": (date.today() - timedelta(days=60)).isoformat()})
    assert response.status_code == 422
    assert "der Wechsel muss danach liegen" in response.get_data(as_text=True)
    assert _member(session, "Wechsler").faction.short_name == "Neue Fraktion"


def test_changes_are_in_the_audit_trail(clerk, world, session):
    kuehn = factories.councillor("Kühn", first_name="Maria")
    factories.stored()
    clerk.submit(f"/verwaltung/stadtraete/{kuehn.id}", {
        "form_of_address": "Frau", "title": "", "first_name": "Maria", "last_name": "Kühn-Lange",
        "role": "Stadträtin", "email": "", "address": "",
        "faction_id": kuehn.faction_id, "since": ""})
    entry = session.scalars(sa.select(AuditEntry).where(
        AuditEntry.entity == "council_member", AuditEntry.entity_id == kuehn.id)
        .order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.changes["last_name"] == ["Kühn", "Kühn-Lange"]
    assert entry.actor == world.council_office


def test_migration_keeps_existing_councillors_faction_as_membership(db_server):
    """Upgrading a database with councillors gives each an open membership in its faction."""
    from flask_migrate import upgrade

    from inquiry_app import create_app
    from inquiry_app.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_server("people_upgrade"),
                      "SECRET_KEY": "people-upgrade"})
    with app.app_context():
        upgrade(revision="0003")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO faction (id, name, short_name, active) "
                                 "VALUES (1, 'Fraktion A', 'A', true)"))
            conn.execute(sa.text(
                "INSERT INTO council_member (id, form_of_address, title, first_name, last_name, "
                "role, faction_id, active) VALUES (1, 'Frau', '', 'Eva', 'Alt', 'Stadträtin', 1, "
                "true), (2, 'Herr', '', 'Max', 'Los', 'Stadtrat', NULL, true)"))
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT council_member_id, faction_id, valid_from, valid_until "
                "FROM faction_membership")).all()
            assert [tuple(r) for r in rows] == [(1, 1, None, None)]
            claim = conn.execute(sa.text("SELECT count(*) FROM inquiry WHERE no_claim_to_answer"))
            assert claim.scalar() == 0
        db.engine.dispose()


def test_membership_periods_can_be_corrected_but_not_overlap(clerk, world, session):
    boehme, inquiry = _changed_faction(world)
    old, current = sorted(boehme.memberships, key=lambda m: m.id)
    url = f"/verwaltung/stadtraete/{boehme.id}"
    page = clerk.get(url).get_data(as_text=True)
    assert "von (Mitgliedschaft in Fraktion Alte Fraktion (Test))" in page

    def post(membership, start, end):
        prefix = f"m{membership.id}-"
        return clerk.client.post(f"{url}/mitgliedschaften/{membership.id}", data={
            prefix + "csrf_token": clerk.token(url), prefix + "valid_from": start,
            prefix + "valid_until": end})

    # overlapping the current membership: refused, typed dates kept
    overlap = (current.valid_from + timedelta(days=3)).isoformat()
    response = post(old, "2024-05-01", overlap)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "überschneidet sich mit der Mitgliedschaft in „Fraktion Neue Fraktion (Test)“" in page
    assert f'value="{overlap}"' in page and 'value="2024-05-01"' in page
    # ending the current membership here is refused: that is a faction change
    response = post(current, current.valid_from.isoformat(), date.today().isoformat())
    assert "endet mit einem Fraktionswechsel" in response.get_data(as_text=True)
    assert post(old, "2024-05-02", "2024-05-01").status_code == 422

    response = post(old, "2024-05-01", "")
    assert response.status_code == 422  # open-ended would overlap too
    end = (current.valid_from - timedelta(days=1)).isoformat()
    response = post(old, "2024-05-01", end)
    assert response.status_code == 302
    session.expire_all()
    corrected = session.get(type(old), old.id)
    assert corrected.valid_from == date(2024, 5, 1)
    assert corrected.valid_until == current.valid_from - timedelta(days=1)
    entry = session.scalars(sa.select(AuditEntry).where(
        AuditEntry.entity == "faction_membership", AuditEntry.entity_id == old.id,
        AuditEntry.action == "update")).one()
    assert entry.changes["valid_from"] == [None, "2024-05-01"]
    assert entry.actor == world.council_office
    # old inquiries keep their stored faction
    assert _inquiry(session, inquiry.number).faction.short_name == "Alte Fraktion"


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_exported_as_text():
    from inquiry_app.csvfiles import read_rows, write_rows

    class CsvError(ValueError):
        pass

    text = write_rows(["Name", "Adresse"], [["=HYPERLINK(\"http://x\")", "-Hinterhaus"]])
    assert "'=HYPERLINK" in text and "'-Hinterhaus" in text
    rows = read_rows(text.encode("utf-8"), CsvError)
    assert rows[1][1] == ["=HYPERLINK(\"http://x\")", "-Hinterhaus"]
