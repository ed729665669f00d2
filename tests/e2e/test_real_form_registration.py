"""A new user registers a real Dresden council inquiry from its PDF, as it arrives: the form
fills itself from the document, the councillor is matched, and the draft letter names the
date of the inquiry ("Ihre Anfrage vom"). A scanned (image-only) PDF of it gives the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from scanned_pdf import require_builders, require_ocr, scanned, text_pdf

from e2e.helpers import check_accessibility, letter_text, login

CASE = Path(__file__).resolve().parents[1] / "data" / "real" / "inquiries" / "dd-af-2591.txt"


@pytest.fixture(scope="module")
def form_pdf(tmp_path_factory):
    require_builders()
    lines = CASE.read_text(encoding="utf-8").replace("\f", "").split("\n")
    folder = tmp_path_factory.mktemp("real-form")
    path = folder / "AF0263-15.pdf"
    path.write_bytes(text_pdf(lines))
    return path


@pytest.fixture(scope="module")
def people(live_app):
    """The faction and the councillor of the real inquiry (the demo data has neither)."""
    from inquiry_app.extensions import db
    from inquiry_app.models import CouncilMember, Faction, FormOfAddress

    with live_app.app_context():
        faction = db.session.scalar(sa.select(Faction).where(
            Faction.name == "Fraktion Bündnis 90/Die Grünen"))
        if faction is None:
            faction = Faction(name="Fraktion Bündnis 90/Die Grünen", short_name="Grüne")
            db.session.add(faction)
            db.session.add(CouncilMember(form_of_address=FormOfAddress.FRAU, first_name="Ulrike",
                                         last_name="Caspary", role="Stadträtin", faction=faction))
            db.session.commit()
        db.session.remove()


def _take_over(page, pdf: Path) -> None:
    page.goto("/anfragen/neu")
    page.get_by_label("Oder Datei hochladen").set_input_files(str(pdf))
    # reading a scan takes seconds per page, many more on a busy machine: wait for the answer
    with page.expect_navigation(timeout=180_000):
        page.get_by_role("button", name="Angaben aus dem Dokument übernehmen").click()
    expect(page.get_by_label("Nummer")).to_have_value("AF0263/15", timeout=120_000)
    expect(page.get_by_label("Datum der Anfrage")).to_have_value("2015-02-03")
    expect(page.get_by_label("Gegenstand")).to_have_value("Finanzierung Kita/Krippe/Hort im EB Kita")
    expect(page.get_by_label("Fraktion")).to_have_value(re.compile(r"^\d+$"))
    expect(page.locator("#faction option:checked")).to_have_text("Fraktion Bündnis 90/Die Grünen")
    expect(page.locator("#submitters option:checked")).to_have_text(re.compile(r"^Caspary, Ulrike"))
    expect(page.get_by_text("Aus dem Dokument übernommen").first).to_be_visible()
    expect(page.get_by_text("Hochgeladene Datei:")).to_contain_text("AF0263-15.pdf")


def _answer_and_draft(live_app, number: str) -> int:
    """Route, answer and draft in the background (the browser path of that is the reference
    test); returns the inquiry id."""
    from inquiry_app.assignments.operations import QuestionPlan, save_plan, send
    from inquiry_app.contributions import answers as answer_ops
    from inquiry_app.contributions import operations as contribution_ops
    from inquiry_app.extensions import db
    from inquiry_app.letters import operations as letter_ops
    from inquiry_app.models import Inquiry, OrgUnit, User

    with live_app.app_context(), live_app.test_request_context():
        inquiry = db.session.scalar(sa.select(Inquiry).where(Inquiry.number == number))
        unit = db.session.scalar(sa.select(OrgUnit).where(OrgUnit.code == "51"))
        unit = unit or db.session.scalar(sa.select(OrgUnit).where(OrgUnit.code == "33"))
        clerk, office = (db.session.scalar(sa.select(User).where(User.login == login_))
                         for login_ in ("rat", "amt33"))
        save_plan(inquiry, {q.id: QuestionPlan(db.session.scalar(
            sa.select(OrgUnit).where(OrgUnit.code == "33")).id) for q in inquiry.questions}, clerk)
        send(inquiry, clerk)
        for assignment in inquiry.assignments:
            contribution_ops.save(assignment, office, "Die Angaben liegen vor.", None)
            contribution_ops.submit(assignment, office)
        for answer in inquiry.answers:
            answer_ops.set_final(answer, office, True)
        letter_ops.create_draft(inquiry, clerk)
        db.session.commit()
        inquiry_id = inquiry.id
        db.session.remove()
    return inquiry_id


def test_real_dresden_pdf_fills_the_form_and_the_letter_names_its_date(page, live_server,
                                                                          live_app, form_pdf,
                                                                          people):
    login(page, live_server, "rat")
    _take_over(page, form_pdf)
    check_accessibility(page, "Registrieren – aus dem Dokument übernommen")
    page.get_by_role("button", name="Registrieren und Zerlegung prüfen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("AF0263/15")
    groups = page.get_by_role("group", name=re.compile(r"^Frage \d+$"))
    expect(groups).to_have_count(7)
    page.get_by_role("button", name="Zerlegung bestätigen").click()

    inquiry_id = _answer_and_draft(live_app, "AF0263/15")
    page.goto(f"/anfragen/{inquiry_id}/schreiben")
    preview = letter_text(page)
    expect(preview).to_contain_text("Finanzierung Kita/Krippe/Hort im EB Kita")
    expect(preview).to_contain_text("Ihre Anfrage vom 03.02.2015")


def test_scanned_pdf_of_the_same_inquiry_gives_the_same_form(page, live_server, form_pdf,
                                                             people, tmp_path):
    require_ocr()
    scan = tmp_path / "AF0263-15.pdf"
    scan.write_bytes(scanned(form_pdf.read_bytes()))
    login(page, live_server, "rat")
    _take_over(page, scan)
    expect(page.get_by_text("Texterkennung").first).to_be_visible()


LAMES = CASE.parent / "dd-af-2265.txt"  # AF0005/14 of 12.09.2014, Dr. Peter Lames, SPD-Fraktion


@pytest.fixture(scope="module")
def lames_pdf(tmp_path_factory):
    require_builders()
    lines = LAMES.read_text(encoding="utf-8").replace("\f", "").split("\n")
    path = tmp_path_factory.mktemp("real-form-lames") / "AF0005-14.pdf"
    path.write_bytes(text_pdf(lines))
    return path


@pytest.fixture(scope="module")
def spd(live_app):
    """The faction of the real inquiry; its councillor is not recorded (the clerk adds him)."""
    from inquiry_app.extensions import db
    from inquiry_app.models import Faction

    with live_app.app_context():
        if db.session.scalar(sa.select(Faction).where(Faction.name == "SPD-Fraktion")) is None:
            db.session.add(Faction(name="SPD-Fraktion", short_name="SPD"))
            db.session.commit()
        db.session.remove()


def _councillors(live_app, last_name: str) -> list[tuple[str, str, str, str | None]]:
    from inquiry_app.extensions import db
    from inquiry_app.models import CouncilMember

    with live_app.app_context():
        rows = [(m.title, m.first_name, m.last_name, m.faction.name if m.faction else None)
                for m in db.session.scalars(sa.select(CouncilMember).where(
                    CouncilMember.last_name == last_name))]
        db.session.remove()
    return rows


def test_an_unknown_councillor_is_created_with_one_click_and_nothing_typed_is_lost(
        page, live_server, live_app, lames_pdf, spd):
    login(page, live_server, "rat")
    page.goto("/anfragen/neu")
    page.get_by_label("Oder Datei hochladen").set_input_files(str(lames_pdf))
    page.get_by_role("button", name="Angaben aus dem Dokument übernehmen").click()
    expect(page.get_by_label("Nummer")).to_have_value("AF0005/14", timeout=120_000)
    warning = page.get_by_role("alert").filter(has_text="Bitte prüfen")
    expect(warning).to_contain_text("„Dr. Peter Lames“: keine Stadträtin und kein Stadtrat")
    expect(warning).to_contain_text("Titel „Dr.“, Vorname „Peter“, Nachname „Lames“, SPD-Fraktion")
    check_accessibility(page, "Registrieren – Stadtrat anlegen")

    # The Enter key in a field does not create anyone (it takes the document over, as before).
    with page.expect_navigation(timeout=120_000):
        page.get_by_label("Nummer").press("Enter")
    expect(page.get_by_role("status").filter(has_text="Die Angaben aus dem Dokument")).to_be_visible()
    assert _councillors(live_app, "Lames") == []

    # What the clerk typed stays: a corrected subject and a note in the text field.
    page.get_by_label("Gegenstand").fill("Beschlusskontrolle Elbtal (V0801/10)")
    page.get_by_label("Text der Anfrage").fill("Eingang per Fax")
    pages_before = len(page.context.pages)
    page.get_by_role("button", name="Stadtrat anlegen „Dr. Peter Lames“").click()
    expect(page.get_by_role("status").filter(has_text="wurde angelegt")).to_contain_text(
        "„Dr. Peter Lames“ wurde angelegt und bei den Einreichenden ausgewählt.")
    assert len(page.context.pages) == pages_before  # no new tab
    assert _councillors(live_app, "Lames") == [("Dr.", "Peter", "Lames", "SPD-Fraktion")]
    expect(page.locator("#submitters option:checked")).to_have_text(
        re.compile(r"^Lames, Peter \(SPD\)"))
    expect(page.get_by_label("Gegenstand")).to_have_value("Beschlusskontrolle Elbtal (V0801/10)")
    expect(page.get_by_label("Text der Anfrage")).to_have_value("Eingang per Fax")
    expect(page.get_by_label("Datum der Anfrage")).to_have_value("2014-09-12")
    expect(page.get_by_text("Hochgeladene Datei:")).to_contain_text("AF0005-14.pdf")
    expect(page.locator("#subject-hint")).not_to_contain_text("Aus dem Dokument")
    expect(page.locator("#submitters-hint")).to_contain_text("Aus dem Dokument übernommen")
    expect(page.get_by_role("link", name=re.compile("„Dr. Peter Lames“ bearbeiten"))).to_have_attribute(
        "href", re.compile(r"/verwaltung/stadtraete/\d+$"))
    expect(page.get_by_role("button", name=re.compile("Stadtrat anlegen"))).to_have_count(0)
    check_accessibility(page, "Registrieren – Stadtrat angelegt")

    page.get_by_role("button", name="Registrieren und Zerlegung prüfen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("AF0005/14")
    from inquiry_app.extensions import db
    from inquiry_app.models import Inquiry

    with live_app.app_context():
        inquiry_id = db.session.scalar(sa.select(Inquiry.id).where(Inquiry.number == "AF0005/14"))
        db.session.remove()
    page.goto(f"/verlauf/anfragen/{inquiry_id}")
    expect(page.get_by_text(re.compile("aus dem Dokument übernommen: Nummer, Datum der Anfrage"))
           ).to_be_visible()
