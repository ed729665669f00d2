"""Reuse while writing, in the real browser: the archive holds a published reply on
naturalisations; a new inquiry asks the question again. The clerk opens the new contribution,
sees the past question with its answer beside the editor, types a first line, inserts the
past answer with one click (what was typed stays), sees the provenance line and the figures
to check marked, updates a number and saves. axe-core checks each page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from e2e.helpers import check_accessibility, login, screenshot

PAST_NUMBER, NEW_NUMBER = "AF0905/26", "AF0906/26"
PAST_QUESTION = ("Wie viele Einbürgerungsanträge wurden im Jahr 2025 in Dresden gestellt und wie "
                 "lange dauerte die Bearbeitung eines Einbürgerungsantrags durchschnittlich?")
PAST_ANSWER = ("Im Jahr 2025 wurden 1.234 Einbürgerungsanträge gestellt. Die Bearbeitung dauerte "
               "durchschnittlich 14 Monate; zum Stichtag 31.12.2025 waren 12,5 % der Anträge "
               "älter als zwei Jahre.")
NEW_QUESTION = ("Wie viele Einbürgerungsanträge wurden im ersten Halbjahr 2026 gestellt und wie "
                "lange dauert die Bearbeitung eines Einbürgerungsantrags derzeit?")
PROVENANCE = f"(übernommen aus {PAST_NUMBER}, Frage 1 – bitte Zahlen aktualisieren)"
TYPED = "Die aktuellen Zahlen liefert die Staatsangehörigkeitsbehörde bis Monatsende."


def _inquiries(live_app) -> int:
    """The past inquiry, as the archive import keeps it (published, its answer final, the
    Bürgeramt guessed as the office that answered), and the new one (question 1 sent to the
    Bürgeramt); returns the new assignment's id."""
    from inquiry_app.assignments.operations import QuestionPlan, save_plan, send
    from inquiry_app.extensions import db
    from inquiry_app.models import (
        Answer,
        ArchiveRecord,
        Assignment,
        Inquiry,
        InquiryKind,
        InquiryState,
        OrgUnit,
        Question,
        User,
    )
    from inquiry_app.models.archive import QuestionOffice
    from inquiry_app.models.base import utcnow
    from inquiry_app.workflow import fire, record_registration

    with live_app.app_context(), live_app.test_request_context():
        new = db.session.scalar(sa.select(Inquiry).where(Inquiry.number == NEW_NUMBER))
        if new is None:
            council = db.session.scalar(sa.select(User).where(User.login == "rat"))
            office = db.session.scalar(sa.select(OrgUnit).where(OrgUnit.code == "33"))
            question = Question(position=1, number="1", text=PAST_QUESTION)
            past = Inquiry(
                number=PAST_NUMBER, kind=InquiryKind.WRITTEN, subject="Einbürgerungen 2025",
                received_on=date(2026, 1, 5), due_on=date(2026, 2, 2),
                original_due_on=date(2026, 2, 2), submitted_text=PAST_QUESTION, preamble="",
                state=InquiryState.PUBLISHED, imported=True, created_by=council,
                questions=[question], signed_at=utcnow(), sent_on=date(2026, 1, 30),
                published_at=utcnow(),
                answers=[Answer(position=1, text=PAST_ANSWER, is_final=True,
                                questions=[question])])
            db.session.add(past)
            db.session.flush()
            db.session.add_all([
                ArchiveRecord(inquiry_id=past.id, source_key=f"e2e:{PAST_NUMBER}",
                              source="AF0905-26.pdf"),
                QuestionOffice(question_id=question.id, org_unit_id=office.id, guessed=True)])
            new = Inquiry(
                number=NEW_NUMBER, kind=InquiryKind.WRITTEN, subject="Einbürgerungen 2026",
                received_on=date.today(), due_on=date.today() + timedelta(weeks=4),
                original_due_on=date.today() + timedelta(weeks=4), submitted_text=NEW_QUESTION,
                preamble="Vorbemerkung.", state=InquiryState.RECEIVED, created_by=council,
                questions=[Question(position=1, number="1", text=NEW_QUESTION)])
            db.session.add(new)
            record_registration(new, council)
            fire(new, "confirm_split", council)
            save_plan(new, {new.questions[0].id: QuestionPlan(office.id)}, council)
            send(new, council)
            db.session.commit()  # the search index is kept on commit
        assignment_id = db.session.scalar(sa.select(Assignment.id).where(
            Assignment.inquiry_id == new.id))
        db.session.remove()
    return assignment_id


def _editor(page: Page):
    return page.get_by_role("textbox", name="Ihre Antwort")


def test_a_past_answer_is_inserted_checked_and_saved(page: Page, live_server, live_app):
    assignment_id = _inquiries(live_app)
    login(page, live_server, "amt33")
    page.goto(f"/zuweisungen/{assignment_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{NEW_NUMBER}, Frage 1")

    panel = page.get_by_role("region", name="Ähnliche frühere Fragen")
    item = panel.locator("li.app-reuse__item").filter(has_text=f"{PAST_NUMBER}, Frage 1")
    expect(item).to_contain_text("33 Bürgeramt (vermutet)")
    expect(item).to_contain_text(PAST_QUESTION)
    expect(item).to_contain_text("Im Jahr 2025 wurden 1.234 Einbürgerungsanträge gestellt.")
    # the Bürgeramt never worked on the archived inquiry: the link is its public page
    expect(item.get_by_role("link", name=f"{PAST_NUMBER}, Frage 1")).to_have_attribute(
        "href", re.compile(r"^/oeffentlich/anfragen/\d+$"))
    check_accessibility(page, "Wiederverwenden: Zuarbeit mit ähnlichen Fragen")

    _editor(page).fill(TYPED)
    item.get_by_role("button", name=f"Antwort übernehmen ({PAST_NUMBER}, Frage 1)").click()

    page.wait_for_url(re.compile(rf"/zuweisungen/{assignment_id}\?uebernommen=\d+#pruefen$"))
    expect(page.locator(".app-flashes")).to_contain_text(
        f"Die Antwort aus {PAST_NUMBER}, Frage 1 wurde an Ihren Text angehängt")
    expect(_editor(page)).to_have_value(f"{TYPED}\n\n{PAST_ANSWER}\n\n{PROVENANCE}")
    check = page.get_by_role("region", name=f"Bitte prüfen: übernommen aus {PAST_NUMBER}, Frage 1")
    expect(check).to_be_visible()
    marks = check.locator("mark")
    for figure in ("2025", "1.234", "14", "31.12.2025", "12,5 %"):
        expect(marks.filter(has_text=re.compile(rf"^{re.escape(figure)}$"))).to_have_count(1)
    check_accessibility(page, "Wiederverwenden: übernommen, Zahlen prüfen")
    screenshot(page, "reuse-inserted")

    # the clerk updates the figures and saves as usual
    _editor(page).fill(f"{TYPED}\n\nIm ersten Halbjahr 2026 wurden 702 Einbürgerungsanträge "
                       "gestellt.\n\n" + PROVENANCE)
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.locator(".app-flashes")).to_contain_text("Die Zuarbeit wurde gespeichert.")
    expect(_editor(page)).to_have_value(re.compile(r"702 Einbürgerungsanträge"))
    page.goto(f"/zuweisungen/{assignment_id}/beitrag/versionen")
    expect(page.locator("main")).to_contain_text(f"übernommen aus {PAST_NUMBER}, Frage 1")
