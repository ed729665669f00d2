"""A new inquiry, typed in, whose three questions go to three different lead offices (Bürgeramt,
Stadtkämmerei, EB IT), through the whole path in the real browser as the people of each role
would take it: register → confirm split → route (three leads, no contributors) → each office
writes and consolidates its own answer → draft letter → review chain with the three heads
(the chain's Geschäftsbereich without anybody is refused first, the council office takes it
out) → the mayor approves and signs in one step → dispatch → publish → public page with the
answers as HTML and the PDF. axe-core checks every page on the way."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Page, expect

from e2e.helpers import DEMO_PASSWORD, check_accessibility, letter_text, login, logout

NUMBER = "AF0903/26"
SUBJECT = "Wartezeiten und Online-Termine in den Bürgerbüros"
COUNCILLOR = "Kühn, Maria (Soziale Stadt)"
PREAMBLE = ("Viele Bürgerinnen und Bürger berichten, dass sie für einen neuen Personalausweis "
            "wochenlang auf einen Termin warten.")
QUESTIONS = {
    "1": "Wie lange mussten Bürgerinnen und Bürger im Jahr 2025 durchschnittlich auf einen Termin "
         "im Bürgeramt für die Beantragung eines Personalausweises warten?",
    "2": "Welche Haushaltsmittel sind im Doppelhaushalt 2027/2028 für zusätzliches Personal in "
         "den Bürgerbüros eingeplant?",
    "3": "Wann wird die Online-Terminvergabe auf die neue Software des Eigenbetriebs "
         "IT-Dienstleistungen umgestellt?",
}
TEXT = "\n\n".join([PREAMBLE, "Ich frage daher den Oberbürgermeister:",
                    *(f"{n}. {q}" for n, q in QUESTIONS.items())])
U33, U20 = "33 Bürgeramt", "20 Stadtkämmerei"
EBIT = "EB IT Eigenbetrieb IT-Dienstleistungen"
GB2 = "GB2 Geschäftsbereich Finanzen, Personal und Recht"
LEADS = {"1": (U33, "amt33"), "2": (U20, "amt20"), "3": (EBIT, "ebit")}
ANSWERS = {
    "1": "Die durchschnittliche Wartezeit betrug im Jahr 2025 rund 23 Tage.",
    "2": "Im Entwurf des Doppelhaushalts sind für 2027 und 2028 je 412.000 EUR eingeplant.",
    "3": "Die neue Terminvergabe geht im zweiten Quartal 2027 in Betrieb.",
}
SIGN_TIMEOUT_MS = 60_000  # signing renders the PDF with LibreOffice


def _h1(page: Page):
    return page.get_by_role("heading", level=1)


def _flash(page: Page, text: str):
    expect(page.locator(".app-flashes")).to_contain_text(text)


def _status(page: Page, label: str) -> None:
    expect(page.locator("main .kern-badge").first).to_contain_text(label)


def _as(page: Page, base: str, user: str) -> None:
    if page.get_by_role("button", name="Abmelden").count():
        logout(page)
    login(page, base, user)


def _number_link(number: str):
    # Chromium puts a space before the visually hidden ", Frage n"; "/" escaped for Playwright
    escaped = re.escape(NUMBER).replace("/", r"\/")
    return re.compile(rf"^{escaped}\s*, Frage {number}$")


def _register(page: Page, base: str) -> str:
    login(page, base, "rat")
    page.get_by_role("link", name="Neue Anfrage registrieren").first.click()
    page.get_by_label("Nummer", exact=True).fill(NUMBER)
    page.get_by_label("Art der Anfrage").select_option(label="Schriftliche Anfrage")
    page.get_by_label("Eingangsdatum").fill(date.today().isoformat())
    page.get_by_label("Gegenstand").fill(SUBJECT)
    page.get_by_label("Einreichende Stadträtinnen und Stadträte").select_option(label=COUNCILLOR)
    page.get_by_label("Text der Anfrage").fill(TEXT)
    check_accessibility(page, "Drei Ämter: Registrieren (ausgefüllt)")
    page.get_by_role("button", name="Registrieren und Zerlegung prüfen").click()

    page.wait_for_url(re.compile(r"/anfragen/\d+/zerlegung$"))
    inquiry_url = page.url.removesuffix("/zerlegung")
    expect(page.locator(".app-split__row")).to_have_count(3)
    for number, text in QUESTIONS.items():
        group = page.get_by_role("group", name=f"Frage {number}", exact=True)
        expect(group.get_by_label("Text", exact=True)).to_have_value(text)
    check_accessibility(page, "Drei Ämter: Zerlegungseditor")
    page.get_by_role("button", name="Zerlegung bestätigen").click()
    page.wait_for_url(inquiry_url)
    _flash(page, f"Die Zerlegung der Anfrage {NUMBER} wurde bestätigt (3 Fragen).")
    # the next steps read as actions
    expect(page.get_by_role("link", name="Fragen zuweisen", exact=True).first).to_be_visible()
    return inquiry_url


def _route(page: Page, inquiry_url: str) -> None:
    page.get_by_role("link", name="Fragen zuweisen", exact=True).first.click()
    expect(_h1(page)).to_have_text(f"Fragen zuweisen: {NUMBER}")
    for number, (unit, _clerk) in LEADS.items():
        group = page.get_by_role("group", name=f"Frage {number}", exact=True)
        group.get_by_label("Federführend").select_option(label=unit)
        contributors = group.get_by_role("group", name="Beteiligt")
        ticked = contributors.get_by_role("checkbox", checked=True)
        for _ in range(ticked.count()):  # each uncheck leaves the list of the ticked ones
            ticked.first.uncheck()
        expect(ticked).to_have_count(0)
        # "Ich frage daher den Oberbürgermeister" is no evidence for the mayor's office
        expect(group.locator(".app-route__suggestions")).not_to_contain_text(
            re.compile("„Oberbürgermeister"))
    check_accessibility(page, "Drei Ämter: Zuweisung")
    page.get_by_role("button", name="Zuweisungen versenden").click()
    page.wait_for_url(inquiry_url)
    _status(page, "In Bearbeitung")


def _answer(page: Page, base: str, inquiry_url: str, number: str, last: bool) -> None:
    unit, clerk = LEADS[number]
    _as(page, base, clerk)
    page.goto("/aufgaben")
    page.get_by_role("link", name=_number_link(number)).click()
    expect(_h1(page)).to_have_text(f"{NUMBER}, Frage {number}")
    # accept/return come before the editor, passing on is not offered to an office without
    # units below it
    check_accessibility(page, f"Drei Ämter: Zuweisung Frage {number}")
    page.get_by_label("Ihre Antwort").fill(ANSWERS[number])
    page.get_by_role("button", name="Zuarbeit abschließen und in die Antwort übernehmen").click()
    _flash(page, "Ihre Zuarbeit ist abgeschlossen")

    page.get_by_role("link", name="Antworten konsolidieren", exact=True).click()
    expect(_h1(page)).to_have_text(f"Antworten konsolidieren: {NUMBER}")
    section = page.get_by_role("region", name=re.compile(rf"^Frage {number}\s+in Bearbeitung$"))
    expect(section.get_by_role("textbox", name=f"Antwort auf Frage {number}", exact=True)
           ).to_have_value(ANSWERS[number])
    check_accessibility(page, f"Drei Ämter: Konsolidierung Frage {number} ({unit})")
    section.get_by_role("button", name="Speichern und als endgültig markieren").click()
    if last:
        page.wait_for_url(inquiry_url)
        _flash(page, "Alle Antworten sind endgültig.")
        _status(page, "Antworten vollständig")
    else:
        _flash(page, "Die Antwort ist endgültig.")


def _letter_and_chain(page: Page, base: str, inquiry_url: str) -> None:
    _as(page, base, "rat")
    page.goto(inquiry_url + "/schreiben")
    page.get_by_role("button", name="Antwortschreiben entwerfen").click()
    # the preview shows the real pages, marked as a draft
    expect(page.locator("img.app-letter-page").first).to_have_attribute(
        "alt", re.compile("ENTWURF"))
    preview = letter_text(page)
    expect(preview).to_contain_text("Sehr geehrte Frau Kühn,")
    for text in ANSWERS.values():
        expect(preview).to_contain_text(text)

    # the chain: the three heads in question order, their Geschäftsbereiche, the mayor's office
    chain = page.locator(".app-chain__list .app-chain__unit")
    expect(chain).to_have_text([U33, U20, EBIT, re.compile(r"^GB1 "), GB2,
                                re.compile(r"^OB ")])
    check_accessibility(page, "Drei Ämter: Antwortschreiben (Entwurf, Kette)")
    # nobody can act for GB2 in this city: refused, the letter stays a draft
    page.get_by_role("button", name="Zur Mitzeichnung geben").click()
    expect(page.locator("main")).to_contain_text("Die Mitzeichnung kann nicht beginnen")
    expect(page.locator("main")).to_contain_text(GB2)
    _status(page, "Entwurf")
    # the council office takes the station out for this inquiry and sends it again
    page.get_by_role("button", name=f"Station {GB2} entfernen").click()
    expect(chain).to_have_count(5)
    expect(page.locator(".app-chain")).to_contain_text("Für diese Anfrage angepasst.")
    page.get_by_role("button", name="Zur Mitzeichnung geben").click()
    _status(page, "In Mitzeichnung")
    expect(page.locator(".app-next")).to_contain_text(f"Die Mitzeichnung liegt bei {U33}")
    check_accessibility(page, "Drei Ämter: Antwortschreiben (in Mitzeichnung)")


def _review_and_sign(page: Page, base: str) -> None:
    for user in ("leitung33", "leitung20", "leitungebit", "bm"):
        _as(page, base, user)
        # each head finds the letter on the start page when it is their turn
        page.get_by_role("table").get_by_role("link", name=NUMBER, exact=True).click()
        expect(_h1(page)).to_have_text(f"Antwortschreiben: {NUMBER}")
        # the letter comes before the buttons
        letter = page.locator("img.app-letter-page").first
        button = page.get_by_role("button", name="Mitzeichnen", exact=True)
        assert letter.bounding_box()["y"] < button.bounding_box()["y"]
        check_accessibility(page, f"Drei Ämter: Mitzeichnung ({user})")
        button.click()
        expect(page.get_by_role("button", name="Mitzeichnen", exact=True)).to_have_count(0)

    # the mayor is the last station: approve and sign in one step
    _as(page, base, "ob")
    page.get_by_role("table").get_by_role("link", name=NUMBER, exact=True).click()
    form = page.locator("form", has=page.get_by_role("heading", name="Mitzeichnen und unterschreiben"))
    form.get_by_role("radio", name="selbst").check()
    form.get_by_label("Ihr Passwort zur Bestätigung").fill(DEMO_PASSWORD)
    check_accessibility(page, "Drei Ämter: Mitzeichnen und unterschreiben")
    form.get_by_role("button", name="Mitzeichnen und unterschreiben").click()
    expect(page.get_by_role("heading", name="Gezeichnetes Schreiben")).to_be_visible(
        timeout=SIGN_TIMEOUT_MS)
    _status(page, "Gezeichnet")
    expect(page.locator("main")).to_contain_text("Gezeichnet von Dr. Thomas Berger")
    expect(page.locator("#siegel")).to_contain_text("Signatur gültig")  # the sealed PDF/A
    check_accessibility(page, "Drei Ämter: gezeichnet")


def _dispatch_publish_and_read(page: Page, base: str, inquiry_url: str) -> None:
    _as(page, base, "rat")
    page.goto(inquiry_url + "/schreiben")
    page.get_by_label("Versandweg").select_option("Post")
    page.get_by_role("button", name="Versand erfassen").click()
    _status(page, "Versandt")
    page.get_by_role("button", name="Antwort veröffentlichen").click()
    _status(page, "Veröffentlicht")
    page.goto(inquiry_url)
    # after publication: the dates, not a countdown
    expect(page.locator("main")).to_contain_text("Veröffentlicht am")
    expect(page.locator("main")).to_contain_text("Versandt am")
    check_accessibility(page, "Drei Ämter: Anfrage (veröffentlicht)")

    inquiry_id = inquiry_url.rsplit("/", 1)[1]
    anonymous = page.context.browser.new_context(locale="de-DE", base_url=base,
                                                 accept_downloads=True)
    try:
        public = anonymous.new_page()
        public.goto(f"/oeffentlich/anfragen/{inquiry_id}")
        expect(_h1(public)).to_have_text(f"{NUMBER}: {SUBJECT}")
        for number, text in ANSWERS.items():
            expect(public.get_by_role("heading", name=f"Frage {number}", exact=True)).to_be_visible()
            expect(public.locator("main")).to_contain_text(text)
        expect(public.get_by_role("link", name=re.compile("Word"))).to_have_count(0)
        expect(public.locator("#siegel")).to_contain_text("Signatur gültig")
        check_accessibility(public, "Drei Ämter: öffentliche Seite")
        with public.expect_download() as info:
            public.get_by_role("link", name=re.compile("PDF")).first.click()
        assert info.value.suggested_filename.endswith(".pdf")
    finally:
        anonymous.close()


def test_three_questions_three_lead_offices_whole_path(page: Page, live_server: str):
    inquiry_url = _register(page, live_server)
    _route(page, inquiry_url)
    for number in ("1", "2", "3"):
        _answer(page, live_server, inquiry_url, number, last=number == "3")
    _letter_and_chain(page, live_server, inquiry_url)
    _review_and_sign(page, live_server)
    _dispatch_publish_and_read(page, live_server, inquiry_url)
