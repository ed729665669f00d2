"""The reference inquiry through the whole path, in the real browser, with the demo users:
register (DOCX upload) → confirm split → route → contributions (EB IT, 33) → consolidation →
draft letter → review (Leitung 33, GB1, Büro OB) → signature (bm, In Vertretung) → download
and compare with the reference letter body → dispatch (Post) → publish → public page.

Every distinct page on the way is checked with axe-core; the main screens are saved as
screenshots (and, with E2E_UPDATE_DOCS=1, as docs/screenshots/*.png)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
from playwright.sync_api import Page, expect

from drafting.letters.letter import body_text
from e2e.helpers import (
    DEMO_PASSWORD,
    PROJECT_ROOT,
    check_accessibility,
    doc_screenshot,
    letter_text,
    login,
    logout,
    screenshot,
)

DATA = PROJECT_ROOT / "tests" / "data"
REFERENCE = (DATA / "reference" / "inquiry.txt").read_text(encoding="utf-8")
REFERENCE_PARAS = [p.strip() for p in REFERENCE.split("\n\n") if p.strip()]
PREAMBLE, QUESTIONS = REFERENCE_PARAS[:2], {p[0]: p[3:] for p in REFERENCE_PARAS[2:]}
REPLY = json.loads((DATA / "reply.json").read_text(encoding="utf-8"))
ANSWERS = {item["questions"][0]["number"]: item["answer"] for item in REPLY["items"]}
REFERENCE_BODY = (DATA / "reference" / "reply-letter-body.txt").read_text(encoding="utf-8")

NUMBER = "AF0900/26"  # fresh: the demo data has AF0815/25 with the same text
SUBJECT = "Digitaler Einbürgerungsantrag und E-Akte in der Ausländerbehörde"
COUNCILLOR = "Mühle, Anne (Grün-Links)"
U33, EBIT = "33 Bürgeramt", "EB IT Eigenbetrieb IT-Dienstleistungen"
LEADS = {"1": U33, "2": U33, "3": EBIT, "4": U33}
CONTRIBUTORS = {"3": [U33]}  # as the reference was routed
SIGN_TIMEOUT_MS = 60_000  # signing renders the PDF with LibreOffice when it is installed


def _norm(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _reference_docx(directory: Path) -> Path:
    document = docx.Document()
    for para in REFERENCE_PARAS:
        document.add_paragraph(para)
    path = directory / "anfrage.docx"
    document.save(path)
    return path


def _h1(page: Page):
    return page.get_by_role("heading", level=1)


def _flash(page: Page, text: str):
    expect(page.locator(".app-flashes")).to_contain_text(text)


def _scroll_to_top_of(locator) -> None:
    """Scroll so the element is at the top of the viewport (for viewport-sized doc shots);
    instantly, the page's smooth scrolling would still be moving when the shot is taken."""
    locator.evaluate("e => e.scrollIntoView({block: 'start', behavior: 'instant'})")


def _as(page: Page, base: str, user: str) -> None:
    if page.get_by_role("button", name="Abmelden").count():
        logout(page)
    login(page, base, user)


def _open_letter(page: Page, inquiry_url: str) -> None:
    page.goto(inquiry_url)
    # the button on the inquiry page ("…: Mitzeichnung und Zeichnung" while in review)
    page.get_by_role("link", name=re.compile(r"^Antwortschreiben(: Mitzeichnung und Zeichnung)?$"))\
        .first.click()
    expect(_h1(page)).to_have_text(f"Antwortschreiben: {NUMBER}")


def _status(page: Page, label: str) -> None:
    expect(page.locator("main .kern-badge").first).to_contain_text(label)


# --- the steps ---------------------------------------------------------------------------

def _register_and_split(page: Page, base: str, tmp_path: Path) -> str:
    login(page, base, "rat")
    page.get_by_role("link", name="Neue Anfrage registrieren").first.click()
    expect(_h1(page)).to_have_text("Anfrage registrieren")
    page.get_by_label("Nummer", exact=True).fill(NUMBER)
    page.get_by_label("Art der Anfrage").select_option(label="Schriftliche Anfrage")
    page.get_by_label("Eingangsdatum").fill("2025-01-20")
    page.get_by_label("Gegenstand").fill(SUBJECT)
    page.get_by_label("Einreichende Stadträtinnen und Stadträte").select_option(label=COUNCILLOR)
    page.get_by_label("Oder Datei hochladen").set_input_files(_reference_docx(tmp_path))
    check_accessibility(page, "Pfad: Registrieren (ausgefüllt)")
    screenshot(page, "path-01-register")
    page.get_by_role("button", name="Registrieren und Zerlegung prüfen").click()

    page.wait_for_url(re.compile(r"/anfragen/\d+/zerlegung$"))
    inquiry_url = page.url.removesuffix("/zerlegung")
    expect(_h1(page)).to_have_text(f"Zerlegung prüfen: {NUMBER}")
    expect(page.get_by_role("textbox", name="Vorbemerkung")).to_have_value("\n\n".join(PREAMBLE))
    rows = page.locator(".app-split__row")
    expect(rows).to_have_count(4)
    for number, text in QUESTIONS.items():
        group = page.get_by_role("group", name=f"Frage {number}", exact=True)
        expect(group.get_by_label("Nummer", exact=True)).to_have_value(number)
        expect(group.get_by_label("Text", exact=True)).to_have_value(text)
    check_accessibility(page, "Pfad: Zerlegungseditor")
    screenshot(page, "path-02-split")
    page.get_by_role("button", name="Zerlegung bestätigen").click()

    page.wait_for_url(inquiry_url)
    _flash(page, f"Die Zerlegung der Anfrage {NUMBER} wurde bestätigt (4 Fragen).")
    expect(_h1(page)).to_have_text(f"{NUMBER}: {SUBJECT}")
    _status(page, "Fragen bestätigt")
    expect(page.locator("main")).to_contain_text("Mühle")
    check_accessibility(page, "Pfad: Anfrage (Fragen bestätigt)")
    return inquiry_url


def _route(page: Page, inquiry_url: str) -> None:
    page.get_by_role("link", name="Fragen zuweisen", exact=True).first.click()
    expect(_h1(page)).to_have_text(f"Fragen zuweisen: {NUMBER}")
    for number, unit in LEADS.items():
        group = page.get_by_role("group", name=f"Frage {number}", exact=True)
        expect(group).to_contain_text(QUESTIONS[number])
        lead = group.get_by_label("Federführend")
        # the suggestion is preselected before anyone touches the form
        expect(lead.locator("option:checked"), f"Vorschlag Frage {number}").to_have_text(unit)
        lead.select_option(label=unit)
        # the score stands apart from the office
        expect(group.locator(".app-route__suggestions li").first).to_contain_text(
            re.compile(rf"^{re.escape(unit)} – Vorschlag \d+ %"))
        # contributing offices ticked as proposed: the reference's Bürgeramt on question 3
        ticked = group.get_by_role("group", name="Beteiligt").get_by_role("checkbox", checked=True)
        expect(ticked).to_have_count(len(CONTRIBUTORS.get(number, [])))
        for office in CONTRIBUTORS.get(number, []):
            expect(group.get_by_role("checkbox", name=office, exact=True)).to_be_checked()
    # contributing offices: a checkbox list of every office, narrowed by the filter box
    # (routing.js)
    contributors = page.get_by_role("group", name="Frage 3", exact=True).get_by_role(
        "group", name="Beteiligt")
    every = contributors.get_by_role("checkbox").count()
    assert every > 20, every
    filter_box = contributors.get_by_label("Ämter filtern")
    filter_box.fill("burgeramt")  # without the umlaut, as typed in a hurry
    expect(contributors.get_by_role("checkbox", name=U33, exact=True)).to_be_visible()
    expect(contributors.get_by_role("checkbox", name=EBIT, exact=True)).to_be_hidden()
    expect(contributors).to_contain_text(re.compile(rf"\d+ von {every} Ämtern angezeigt"))
    filter_box.press("Enter")  # does not send the form
    expect(_h1(page)).to_have_text(f"Fragen zuweisen: {NUMBER}")
    filter_box.fill("")
    expect(contributors.get_by_role("checkbox", name=EBIT, exact=True)).to_be_visible()
    check_accessibility(page, "Pfad: Zuweisung")
    screenshot(page, "path-03-routing")
    doc_screenshot(page, "routing.png")
    page.get_by_role("button", name="Zuweisungen versenden").click()

    page.wait_for_url(inquiry_url)
    _status(page, "In Bearbeitung")
    expect(page.get_by_role("table", name="Verlauf")).to_contain_text("Zuweisungen versandt")
    expect(page.locator(".app-questions")).to_contain_text(f"{EBIT} (federführend); {U33} (beteiligt)")
    check_accessibility(page, "Pfad: Anfrage (in Bearbeitung)")


def _contribute(page: Page, number: str, *, first: bool = False) -> None:
    """From "Meine Aufgaben": open the assignment, write the reference answer, submit."""
    page.goto("/aufgaben")
    # Chromium puts a space before the visually hidden ", Frage n" (absolutely positioned span);
    # "/" escaped because Playwright's selector parser ends the regex at a bare slash
    number_re = re.escape(NUMBER).replace("/", r"\/")
    page.get_by_role("link", name=re.compile(rf"^{number_re}\s*, Frage {number}$")).click()
    expect(_h1(page)).to_have_text(f"{NUMBER}, Frage {number}")
    answer = ANSWERS[number]
    editor = page.get_by_label("Ihre Antwort")
    editor.fill("\n\n".join(answer))
    preview = page.locator(".app-editor__preview")
    expect(preview.locator("p")).to_have_count(len(answer))  # the live preview, one <p> a paragraph
    for i, para in enumerate(answer):
        expect(preview.locator("p").nth(i)).to_have_text(para)
    if first:
        check_accessibility(page, "Pfad: Zuweisung mit Editor")
        _scroll_to_top_of(page.get_by_role("heading", name="Zuarbeit", exact=True))
        screenshot(page, "path-04-contribution", full_page=False)
        doc_screenshot(page, "contribution.png")
    # every office here leads its questions: its text starts the answer it consolidates
    page.get_by_role("button", name="Zuarbeit abschließen und in die Antwort übernehmen").click()
    # received 2025-01-20: the internal deadline has long passed, so "(nach Ablauf …)" follows
    _flash(page, "Ihre Zuarbeit ist abgeschlossen (nach Ablauf der internen Frist)")
    expect(page.locator(".app-richtext").first).to_contain_text(answer[-1])


def _finalise(page: Page, number: str) -> None:
    section = page.get_by_role("region", name=re.compile(rf"^Frage {number}\s+in Bearbeitung$"))
    expect(section.get_by_role("textbox", name=f"Antwort auf Frage {number}", exact=True)).to_have_value(
        "\n\n".join(ANSWERS[number]))
    section.get_by_role("button", name="Speichern und als endgültig markieren").click()
    _flash(page, "Die Antwort ist endgültig.")


def _consolidate(page: Page, base: str, inquiry_url: str) -> None:
    # EB IT leads question 3: write, submit and mark final in one go
    _as(page, base, "ebit")
    _contribute(page, "3", first=True)
    page.get_by_role("link", name="Antworten konsolidieren", exact=True).click()
    expect(_h1(page)).to_have_text(f"Antworten konsolidieren: {NUMBER}")
    check_accessibility(page, "Pfad: Konsolidierung (EB IT)")
    _finalise(page, "3")
    expect(page.get_by_role("region", name=re.compile(r"^Frage 3\s+endgültig$"))).to_be_visible()

    # Bürgeramt answers 1, 2, 4 and consolidates as the lead office
    _as(page, base, "amt33")
    for number in ("1", "2", "4"):
        _contribute(page, number)
    page.get_by_role("link", name="Antworten konsolidieren", exact=True).click()
    expect(_h1(page)).to_have_text(f"Antworten konsolidieren: {NUMBER}")
    expect(page.get_by_role("region", name=re.compile(r"^Frage 1\s"))).to_contain_text(
        "aus Zuarbeiten übernommen: 33")
    check_accessibility(page, "Pfad: Konsolidierung (33)")
    _scroll_to_top_of(page.get_by_role("region", name=re.compile(r"^Frage 1\s")))
    screenshot(page, "path-05-consolidation")
    doc_screenshot(page, "consolidation.png")
    for number in ("1", "2"):
        _finalise(page, number)
    _finalise(page, "4")  # the last one completes the inquiry

    page.wait_for_url(inquiry_url)
    _flash(page, "Alle Antworten sind endgültig.")
    _status(page, "Antworten vollständig")
    check_accessibility(page, "Pfad: Anfrage (Antworten vollständig)")


def _letter_and_review(page: Page, base: str, inquiry_url: str) -> None:
    _as(page, base, "rat")
    _open_letter(page, inquiry_url)
    check_accessibility(page, "Pfad: Antwortschreiben (Antworten vollständig)")
    page.get_by_role("button", name="Antwortschreiben entwerfen").click()

    preview = letter_text(page)
    expect(preview).to_contain_text("Sehr geehrte Frau Mühle,")
    expect(preview).to_contain_text(ANSWERS["3"][1])
    expect(preview).to_contain_text("Mit freundlichen Grüßen")
    expect(page.get_by_role("heading", name="Vorschau des Entwurfs")).to_be_visible()
    expect(page.get_by_role("button", name="Zur Mitzeichnung geben")).to_be_visible()
    _status(page, "Entwurf")
    check_accessibility(page, "Pfad: Antwortschreiben (Entwurf)")
    screenshot(page, "path-06-letter")
    _scroll_to_top_of(page.get_by_role("heading", name="Vorschau des Entwurfs"))
    doc_screenshot(page, "letter.png")
    page.get_by_role("button", name="Zur Mitzeichnung geben").click()
    _status(page, "In Mitzeichnung")
    expect(page.locator(".app-next")).to_contain_text("Die Mitzeichnung liegt bei 33 Bürgeramt")
    check_accessibility(page, "Pfad: Antwortschreiben (in Mitzeichnung, Stadtratsangelegenheiten)")

    # review chain: the heads of the lead offices (33 for question 1, EB IT for question 3)
    # → Beigeordnete GB1 → Büro OB
    for i, user in enumerate(("leitung33", "leitungebit", "bm", "ob")):
        _as(page, base, user)
        # each reviewer finds the letter on their start page when it is their turn
        page.get_by_role("table").get_by_role("link", name=NUMBER, exact=True).click()
        expect(_h1(page)).to_have_text(f"Antwortschreiben: {NUMBER}")
        if i == 0:
            check_accessibility(page, "Pfad: Antwortschreiben (Mitzeichnung)")
        if user == "ob":
            # the last station: approve and sign in one step is offered; the mayor only
            # approves here, the Bürgermeisterin signs "In Vertretung"
            expect(page.get_by_role("button", name="Mitzeichnen und unterschreiben")).to_be_visible()
            check_accessibility(page, "Pfad: Antwortschreiben (Mitzeichnung, letzte Station)")
            page.get_by_role("button", name="Nur mitzeichnen", exact=True).click()
            expect(page.get_by_role("button", name="Nur mitzeichnen", exact=True)).to_have_count(0)
            continue
        expect(page.get_by_role("button", name="Mitzeichnen", exact=True)).to_be_visible()
        page.get_by_role("button", name="Mitzeichnen", exact=True).click()
        expect(page.get_by_role("button", name="Mitzeichnen", exact=True)).to_have_count(0)
    _status(page, "Zur Zeichnung")


def _sign_and_download(page: Page, base: str, inquiry_url: str) -> bytes:
    _as(page, base, "bm")
    _open_letter(page, inquiry_url)
    expect(page.get_by_role("group", name="Zeichnung")).to_be_visible()
    check_accessibility(page, "Pfad: Antwortschreiben (Zeichnung)")
    page.get_by_role("radio", name="In Vertretung").check()
    page.get_by_label("Ihr Passwort zur Bestätigung").fill(DEMO_PASSWORD)
    screenshot(page, "path-07-signature")
    doc_screenshot(page, "signature.png")
    page.get_by_role("button", name="Verbindlich zeichnen").click()

    expect(page.get_by_role("heading", name="Gezeichnetes Schreiben")).to_be_visible(
        timeout=SIGN_TIMEOUT_MS)
    _status(page, "Gezeichnet")
    expect(page.locator("main")).to_contain_text("Gezeichnet von Katrin Vogel")
    expect(page.locator("main")).to_contain_text("(In Vertretung)")
    expect(page.locator("#siegel")).to_contain_text("Signatur gültig")  # the sealed PDF
    check_accessibility(page, "Pfad: Antwortschreiben (gezeichnet)")

    with page.expect_download() as info:
        page.get_by_role("link", name="Word-Datei herunterladen").click()
    signed = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename.endswith(".docx")
    assert _norm(body_text(signed)) == _norm(REFERENCE_BODY), (
        "Der Brieftext des gezeichneten Schreibens weicht vom Referenztext ab")
    paragraphs = [p.text for p in docx.Document(info.value.path()).paragraphs]
    assert "In Vertretung" in paragraphs and "Katrin Vogel" in paragraphs
    return signed


def _dispatch_and_publish(page: Page, base: str, inquiry_url: str) -> None:
    _as(page, base, "rat")
    _open_letter(page, inquiry_url)
    check_accessibility(page, "Pfad: Antwortschreiben (Versand)")
    page.get_by_label("Versandweg").select_option("Post")
    page.get_by_role("button", name="Versand erfassen").click()
    _status(page, "Versandt")
    expect(page.locator(".app-next")).to_contain_text("(Post)")
    check_accessibility(page, "Pfad: Antwortschreiben (versandt)")
    page.get_by_role("button", name="Antwort veröffentlichen").click()
    _status(page, "Veröffentlicht")
    expect(page.get_by_role("link", name="öffentliche Seite")).to_be_visible()
    check_accessibility(page, "Pfad: Antwortschreiben (veröffentlicht)")


def _public_page(page: Page, live_server: str, inquiry_url: str, signed: bytes) -> None:
    inquiry_id = inquiry_url.rsplit("/", 1)[1]
    anonymous = page.context.browser.new_context(
        locale="de-DE", viewport={"width": 1280, "height": 900}, base_url=live_server,
        accept_downloads=True)
    try:
        public = anonymous.new_page()
        public.goto(f"/oeffentlich/anfragen/{inquiry_id}")
        expect(_h1(public)).to_have_text(f"{NUMBER}: {SUBJECT}")
        expect(public.locator("main")).to_contain_text(QUESTIONS["2"])
        expect(public.get_by_role("button", name="Abmelden")).to_have_count(0)
        check_accessibility(public, "Pfad: öffentliche Seite")
        screenshot(public, "path-08-public")
        expect(public.get_by_role("heading", name="Frage 2", level=3)).to_be_visible()
        expect(public.get_by_role("link", name="Word", exact=False)).to_have_count(0)
        with public.expect_download() as info:
            public.get_by_role("link", name="Antwortschreiben als PDF herunterladen").click()
        pdf = Path(info.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF") and b"pdfaid:part" in pdf  # tagged PDF/A, not the DOCX
        assert pdf != signed
    finally:
        anonymous.close()


def test_reference_inquiry_whole_path(page: Page, live_server: str, tmp_path: Path):
    inquiry_url = _register_and_split(page, live_server, tmp_path)
    _route(page, inquiry_url)
    _consolidate(page, live_server, inquiry_url)
    _letter_and_review(page, live_server, inquiry_url)
    signed = _sign_and_download(page, live_server, inquiry_url)
    _dispatch_and_publish(page, live_server, inquiry_url)
    _public_page(page, live_server, inquiry_url, signed)
