"""Registration from a real council form: the fields come from the document, marked as such,
the printed names are matched to the councillors, the file survives the round trip, and the
letter says "Ihre Anfrage vom <date on the inquiry>"."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from pathlib import Path

import factories
import pytest
import sqlalchemy as sa
from factories import login

from inquiry_app.models import (
    AuditEntry,
    CouncilMember,
    Faction,
    FormOfAddress,
    Inquiry,
    Role,
    Transition,
)

REAL = Path(__file__).resolve().parent / "data" / "real" / "inquiries"
CASE = REAL / "dd-af-2591.txt"  # AF0263/15 of 03.02.2015, Ulrike Caspary, Bündnis 90/Die Grünen


@pytest.fixture
def clerk(browser, world):
    login(browser, world.council_office)
    return browser


@pytest.fixture
def greens(session):
    faction = Faction(name="Fraktion Bündnis 90/Die Grünen", short_name="Grüne")
    session.add(faction)
    session.commit()
    return faction


def _post(browser, action, **fields):
    data = {"number": "AF0001/26", "kind": "written", "received_on": date.today().isoformat(),
            "subject": "", "faction": "0", "text": "", "action": action}
    data.update(fields)
    return browser.submit("/anfragen/neu", data, content_type="multipart/form-data")


def _value(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else ""


def _selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option selected value="([^"]*)"', select)


def test_the_form_is_filled_from_a_real_dresden_inquiry_and_the_name_matched(clerk, session,
                                                                             greens):
    document = (io.BytesIO(CASE.read_bytes()), "AF0263-15.txt")
    first = _post(clerk, "prefill", document=document, dated_on="")  # as a browser posts it
    page = first.get_data(as_text=True)
    assert first.status_code == 200
    assert _value(page, "number") == "AF0263/15"
    assert _value(page, "dated_on") == "2015-02-03"
    assert _value(page, "subject") == "Finanzierung Kita/Krippe/Hort im EB Kita"
    assert _selected(page, "faction") == [str(greens.id)]
    assert page.count("Aus dem Dokument übernommen") >= 4
    assert "„Ulrike Caspary“: keine Stadträtin und kein Stadtrat dieses Namens" in page
    assert 'name="create_member" value="Ulrike Caspary"' in page  # "Stadtrat anlegen"
    assert "Hochgeladene Datei: <strong>AF0263-15.txt</strong>" in page
    assert session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0263/15")) is None

    # Someone creates the councillor elsewhere; the clerk takes the data over again.
    member = CouncilMember(form_of_address=FormOfAddress.FRAU, first_name="Ulrike",
                           last_name="Caspary", role="Stadträtin", faction=greens)
    session.add(member)
    session.commit()
    token = _value(page, "upload_token")
    second = _post(clerk, "prefill", upload_token=token, number=_value(page, "number"))
    page = second.get_data(as_text=True)
    assert _selected(page, "submitters") == [str(member.id)]
    assert "keine Stadträtin" not in page

    # Registered without uploading again: the kept file is the original.
    done = _post(clerk, "register", upload_token=token, number="AF0263/15",
                 dated_on="2015-02-03", subject=_value(page, "subject"),
                 submitters=str(member.id), faction=str(greens.id))
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    inquiry = session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0263/15"))
    assert inquiry.dated_on == date(2015, 2, 3)
    assert inquiry.original_filename == "AF0263-15.txt"
    assert [m.last_name for m in inquiry.submitters] == ["Caspary"]
    assert len(inquiry.questions) == 7

    from inquiry_app.letters.structure import build_reply

    reply = build_reply(inquiry)
    assert reply["inquiry"]["received_on"] == "2015-02-03"  # printed as "Ihre Anfrage vom"


def test_prefill_without_a_document_says_what_to_do(clerk):
    response = _post(clerk, "prefill")
    assert response.status_code == 422
    assert "Bitte laden Sie zuerst eine Datei hoch" in response.get_data(as_text=True)


def test_pasted_form_text_is_taken_over_too(clerk, session, greens):
    response = _post(clerk, "prefill", text=CASE.read_text(encoding="utf-8"))
    page = response.get_data(as_text=True)
    assert _value(page, "number") == "AF0263/15"
    assert _value(page, "upload_token") == ""


def test_a_forged_upload_token_is_ignored(clerk, session):
    response = _post(clerk, "prefill", upload_token="../../etc/passwd")
    assert response.status_code == 422


# --- "Stadtrat anlegen" from the registration form, marks until registration ------------------
LAMES = REAL / "dd-af-2265.txt"  # AF0005/14 of 12.09.2014, Dr. Peter Lames, SPD-Fraktion


def _document(path: Path = CASE):
    return io.BytesIO(path.read_bytes()), "AF0263-15.txt" if path == CASE else path.name


def _fields(page: str) -> dict:
    """What a browser would post back: the form's fields as the page shows them."""
    fields = {name: html.unescape(_value(page, name)) for name in (
        "number", "received_on", "dated_on", "subject", "upload_token", "from_document")}
    for name in ("kind", "body", "faction"):
        fields[name] = (_selected(page, name) or [""])[0]
    fields["submitters"] = _selected(page, "submitters")
    fields["text"] = _textarea(page, "text")
    return fields


def _textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(match.group(1)).lstrip("\r\n") if match else ""


def _hint(page: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-hint">([^<]*)<', page)
    return html.unescape(match.group(1)) if match else ""


def _create(browser, fields: dict, name: str):
    return browser.submit("/anfragen/neu", {**fields, "create_member": name},
                          form_url="/anfragen/neu", content_type="multipart/form-data")


def _register(browser, fields: dict):
    return browser.submit("/anfragen/neu", {**fields, "action": "register"},
                          content_type="multipart/form-data")


def _councillors(session, last_name: str) -> list[CouncilMember]:
    session.expire_all()
    return session.scalars(sa.select(CouncilMember).where(
        CouncilMember.last_name == last_name)).all()


def _prefilled(clerk, path: Path = CASE) -> tuple[str, dict]:
    response = _post(clerk, "prefill", document=_document(path), dated_on="")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    page = response.get_data(as_text=True)
    return page, _fields(page)


def test_stadtrat_anlegen_creates_selects_and_keeps_everything_typed(clerk, world, session, greens):
    page, fields = _prefilled(clerk)
    assert "Stadtrat anlegen" in page and "Vorname „Ulrike“, Nachname „Caspary“" in page
    # The clerk goes on typing before the click: none of it may be lost.
    typed = {**fields, "kind": "oral", "received_on": "2015-02-05",
             "subject": "Kita-Finanzierung im EB Kita", "text": "Notiz der Sachbearbeitung"}
    response = _create(clerk, typed, "Ulrike Caspary")
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    page = response.get_data(as_text=True)

    [member] = _councillors(session, "Caspary")
    assert (member.title, member.first_name, member.role) == ("", "Ulrike", "Stadtrat")
    assert member.active and member.faction == greens
    assert [(m.faction, m.valid_from) for m in member.memberships] == [(greens, date(2015, 2, 3))]
    created = session.scalars(sa.select(AuditEntry).where(
        AuditEntry.entity == "council_member", AuditEntry.entity_id == member.id)).all()
    assert [(e.action, e.actor) for e in created] == [("create", world.council_office)]
    assert created[0].changes["last_name"] == [None, "Caspary"]

    again = _fields(page)
    assert again["submitters"] == [str(member.id)]
    for name in ("number", "kind", "received_on", "dated_on", "subject", "faction", "body",
                 "text", "upload_token"):
        assert again[name] == typed[name], name
    assert "Hochgeladene Datei: <strong>AF0263-15.txt</strong>" in page
    assert "„Ulrike Caspary“ wurde angelegt und bei den Einreichenden ausgewählt." in page
    assert f'href="/verwaltung/stadtraete/{member.id}"' in page
    assert "keine Stadträtin" not in page and 'name="create_member"' not in page
    assert session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0263/15")) is None

    # Marks: the document's values keep theirs, the changed subject loses its mark, the
    # councillor created from the printed name counts as the document's submitter.
    assert _hint(page, "number").startswith("Aus dem Dokument übernommen")
    assert _hint(page, "dated_on").startswith("Aus dem Dokument übernommen")
    assert _hint(page, "submitters").startswith("Aus dem Dokument übernommen")
    assert "Aus dem Dokument" not in _hint(page, "subject")

    done = _register(clerk, again)
    assert done.status_code == 302, done.get_data(as_text=True)[:3000]
    session.expire_all()
    inquiry = session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0263/15"))
    assert [m.id for m in inquiry.submitters] == [member.id]
    assert inquiry.original_filename == "AF0263-15.txt"
    assert inquiry.subject == "Kita-Finanzierung im EB Kita"
    step = session.scalar(sa.select(Transition).where(Transition.inquiry_id == inquiry.id,
                                                      Transition.event == "register"))
    assert step.note == ("aus dem Dokument übernommen: Nummer, Datum der Anfrage, Gremium, "
                         "Fraktion, Einreichende")
    history = clerk.get(f"/verlauf/anfragen/{inquiry.id}").get_data(as_text=True)
    assert "aus dem Dokument übernommen: Nummer, Datum der Anfrage" in history


def test_a_second_click_selects_the_councillor_instead_of_creating_another(clerk, session,
                                                                            greens):
    _, fields = _prefilled(clerk)
    first = _create(clerk, fields, "Ulrike Caspary")
    second = _create(clerk, fields, "Ulrike Caspary")  # the same form again: a double click
    assert first.status_code == second.status_code == 200
    [member] = _councillors(session, "Caspary")
    page = second.get_data(as_text=True)
    assert _selected(page, "submitters") == [str(member.id)]
    assert "„Ulrike Caspary“ ist bereits angelegt und wurde bei den Einreichenden ausgewählt." in page
    assert "wurde angelegt" not in page


def test_someone_created_meanwhile_is_selected_not_duplicated(clerk, session, greens):
    _, fields = _prefilled(clerk)
    session.add(CouncilMember(form_of_address=FormOfAddress.FRAU, first_name="Ulrike",
                              last_name="Caspary", role="Stadträtin", faction=greens))
    session.commit()
    response = _create(clerk, {**fields, "submitters": []}, "Stadträtin Ulrike Caspary")
    assert response.status_code == 200
    [member] = _councillors(session, "Caspary")
    assert _selected(response.get_data(as_text=True), "submitters") == [str(member.id)]


def test_title_faction_and_date_of_a_printed_name_with_a_doctor(clerk, session):
    spd = Faction(name="SPD-Fraktion", short_name="SPD")
    session.add(spd)
    session.commit()
    page, fields = _prefilled(clerk, LAMES)
    assert "Titel „Dr.“, Vorname „Peter“, Nachname „Lames“, SPD-Fraktion" in page
    response = _create(clerk, fields, "Dr. Peter Lames")
    assert response.status_code == 200
    [member] = _councillors(session, "Lames")
    assert (member.title, member.first_name, member.last_name) == ("Dr.", "Peter", "Lames")
    assert member.faction == spd and member.memberships[0].valid_from == date(2014, 9, 12)


def test_a_clerk_without_the_right_to_manage_people_is_asked_to_have_it_done(clerk, session,
                                                                            greens, monkeypatch):
    monkeypatch.setattr("inquiry_app.models.council.PEOPLE_MANAGERS", (Role.ADMIN,))
    page, fields = _prefilled(clerk)
    assert "„Ulrike Caspary“: keine Stadträtin und kein Stadtrat dieses Namens" in page
    assert 'name="create_member"' not in page and "Stadtrat anlegen" not in page
    assert "Bitte bitten Sie die Abteilung Stadtratsangelegenheiten, die Person anzulegen" in page
    assert _create(clerk, fields, "Ulrike Caspary").status_code == 403
    assert _councillors(session, "Caspary") == []


def test_a_department_cannot_reach_the_button(browser, world, session):
    login(browser, world.lead_clerk)
    response = browser.client.post("/anfragen/neu", data={"create_member": "Ulrike Caspary"})
    assert response.status_code in (400, 403)  # no form token, no right: refused either way
    assert _councillors(session, "Caspary") == []


def test_creating_without_the_form_token_is_refused(clerk, session, greens):
    _, fields = _prefilled(clerk)
    fields.pop("csrf_token", None)
    response = clerk.client.post("/anfragen/neu", data={**fields, "create_member": "Ulrike Caspary"},
                                 content_type="multipart/form-data")
    assert response.status_code == 400
    assert _councillors(session, "Caspary") == []


@pytest.mark.parametrize(("name", "message"), [
    ("", "Es wurde kein Name übermittelt."),
    ("   ", "Es wurde kein Name übermittelt."),
    ("Dr.", "In „Dr.“ ist kein Name zu erkennen, nur Titel oder Anrede."),
    ("Stadträtin Prof. Dr.", "ist kein Name zu erkennen, nur Titel oder Anrede."),
    ("Caspary", "„Caspary“ nennt keinen Vornamen."),
    ("Ulrike " + "Caspary" * 40, "ist zu lang (höchstens 200 Zeichen)"),
    ("Ulrike " + "C" * 150, "Zu lang: höchstens 100 Zeichen für den Nachnamen."),
])
def test_a_bad_name_is_explained_and_nothing_is_lost(clerk, session, greens, name, message):
    _, fields = _prefilled(clerk)
    before = session.scalar(sa.select(sa.func.count(CouncilMember.id)))
    response = _create(clerk, {**fields, "subject": "Eigener Gegenstand"}, name)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in html.unescape(page)
    assert _fields(page)["subject"] == "Eigener Gegenstand"
    assert _fields(page)["upload_token"] == fields["upload_token"]
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count(CouncilMember.id))) == before


def test_a_deactivated_or_ambiguous_name_is_not_created_again(clerk, session):
    boehme = session.scalar(sa.select(CouncilMember).where(CouncilMember.last_name == "Böhme"))
    boehme.active = False
    session.add_all([CouncilMember(form_of_address=FormOfAddress.HERR, first_name="Thomas",
                                   last_name="Krause", role="Stadtrat"),
                     CouncilMember(form_of_address=FormOfAddress.FRAU, first_name="Tanja",
                                   last_name="Krause", role="Stadträtin")])
    session.commit()
    fields = {"number": "AF0001/26", "kind": "written", "received_on": date.today().isoformat(),
              "faction": "0"}
    former = _create(clerk, fields, "Ralf Böhme")
    assert former.status_code == 422
    assert ("„Ralf Böhme“ ist als Ralf Böhme angelegt, aber deaktiviert."
            in html.unescape(former.get_data(as_text=True)))
    both = _create(clerk, fields, "T. Krause")
    assert both.status_code == 422
    assert "„T. Krause“ passt zu mehreren Personen" in html.unescape(both.get_data(as_text=True))
    assert len(_councillors(session, "Böhme")) == 1 and len(_councillors(session, "Krause")) == 2


def test_a_changed_field_loses_its_mark_and_only_unchanged_ones_are_recorded(clerk, session,
                                                                             greens):
    page, fields = _prefilled(clerk)
    assert _hint(page, "subject").startswith("Aus dem Dokument übernommen")
    # a round trip that fails (no number): the changed fields lose their mark, the rest keep it
    changed = {**fields, "number": "", "subject": "Anderer Gegenstand", "dated_on": "2015-02-04"}
    response = _register(clerk, changed)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Aus dem Dokument" not in _hint(page, "subject")
    assert "Aus dem Dokument" not in _hint(page, "dated_on")
    assert "Aus dem Dokument" not in _hint(page, "number")
    assert 'id="faction-hint">Aus dem Dokument übernommen' in page
    # changed back to the document's value: marked again
    fixed = {**_fields(page), "number": "AF0263/15", "dated_on": "2015-02-03"}
    done = _register(clerk, fixed)
    assert done.status_code == 302, done.get_data(as_text=True)[:3000]
    inquiry = session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0263/15"))
    step = session.scalar(sa.select(Transition).where(Transition.inquiry_id == inquiry.id,
                                                      Transition.event == "register"))
    assert step.note == "aus dem Dokument übernommen: Nummer, Datum der Anfrage, Gremium, Fraktion"


def test_a_forged_document_token_marks_nothing(clerk, session, greens):
    _, fields = _prefilled(clerk)
    forged = fields["from_document"][:-3] + "xyz"
    response = _register(clerk, {**fields, "number": "", "from_document": forged})
    assert "Aus dem Dokument übernommen" not in response.get_data(as_text=True)
    done = _register(clerk, {**fields, "from_document": forged})
    assert done.status_code == 302
    inquiry = session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0263/15"))
    step = session.scalar(sa.select(Transition).where(Transition.inquiry_id == inquiry.id,
                                                      Transition.event == "register"))
    assert step.note is None


def test_registering_without_taking_over_records_no_note(clerk, session):
    done = _post(clerk, "register", number="AF0999/26", text=CASE.read_text(encoding="utf-8"))
    assert done.status_code == 302
    inquiry = session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0999/26"))
    step = session.scalar(sa.select(Transition).where(Transition.inquiry_id == inquiry.id,
                                                      Transition.event == "register"))
    assert step.note is None


@pytest.fixture(scope="module")
def live(db_server):
    from live import start_live_app

    live = start_live_app(db_server("prefill_race"))
    try:
        yield live
    finally:
        live.stop()


@pytest.mark.timeout(300)
def test_clicks_at_the_same_moment_create_one_councillor(live):
    """A double click sends the form twice at once: both answers select the same person."""
    from live import parallel

    office = live.world()["logins"]["council_office"]
    clients = [live.client(office, factories.PASSWORD) for _ in range(4)]
    tokens = [c.token("/anfragen/neu") for c in clients]
    form = {"number": "AF0002/26", "kind": "written", "received_on": date.today().isoformat(),
            "subject": "", "faction": "0", "text": "", "create_member": "Dr. Ulrike Caspary"}
    results = parallel([
        (lambda c=c, token=token: c.post("/anfragen/neu", form, token=token))
        for c, token in zip(clients, tokens, strict=True)
    ])
    statuses = [r.status_code if not isinstance(r, Exception) else repr(r) for r in results]
    assert statuses == [200] * 4, statuses

    def stored():
        from inquiry_app.extensions import db

        return [(m.id, m.title) for m in db.session.scalars(
            sa.select(CouncilMember).where(CouncilMember.last_name == "Caspary"))]

    [(member_id, title)] = live.run(stored)
    assert title == "Dr."
    assert all(_selected(r.text, "submitters") == [str(member_id)] for r in results)
    assert sum("wurde angelegt" in r.text for r in results) == 1
