"""Issue 15, points 1, 2 and 7: screens a clerk would sign off.

* The inquiry page and the letter page offer steps as actions (verbs), the history keeps the
  names of the steps that happened; destructive steps are red and need a confirmation that
  works without JavaScript (a required checkbox the server checks).
* The assignment page puts accept / return / pass on before the editor, offers "weitergeben"
  only where there is a unit below, and tells the lead office what its submission really does.
* After the reply went out the inquiry page shows the dates (signed, sent, published) instead
  of a deadline countdown; "Einreichende"; counted nouns in singular and plural; a mail put
  back into the outbox does not show its old refusal next to "wird versandt".
"""

from __future__ import annotations

import re
from datetime import date

import factories
import pytest
import sqlalchemy as sa
from factories import login, post
from split_rows import split_rows

from inquiry_app.extensions import db
from inquiry_app.models import (
    AssignmentState,
    Inquiry,
    InquiryState,
    MailState,
    OutboxMail,
    Transition,
)
from inquiry_app.templating import count_de, date_de, plural_de
from inquiry_app.workflow import WorkflowError, check


@pytest.fixture
def world(session):
    """The world's mayor's office is the last review station (for the way to the signature)."""
    return factories.world(sole_mayor_office=True)


def _own(session, item) -> Inquiry:
    session.expire_all()
    return session.get(Inquiry, item.id)


def _section(page: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by ``heading_id``."""
    start = page.index(f'id="{heading_id}"')
    return page[start:page.index("</section>", start)]


def _steps(page: str) -> list[str]:
    """The link texts under "Mögliche nächste Schritte für Sie"."""
    return re.findall(r"<a [^>]*>([^<]+)</a>", _section(page, "steps-heading"))


def _events(session, item) -> list[str]:
    return session.scalars(sa.select(Transition.event).where(Transition.inquiry_id == item.id)
                           .order_by(Transition.id)).all()


# --- point 1: next steps read as actions -------------------------------------------------------

def test_the_inquiry_page_names_next_steps_as_verbs_and_the_history_as_steps_done(
        browser, world, session):
    item = factories.councillor_inquiry(world, 2)
    factories.stored()
    login(browser, world.council_office)
    page = browser.get(f"/anfragen/{item.id}").get_data(as_text=True)
    assert _steps(page) == ["Zerlegung bestätigen", "Anfrage zurückziehen",
                            "Zwischenbescheid erstellen"]
    # the state stays a state, the history names what happened
    assert "Fragen bestätigt" not in _section(page, "steps-heading")
    assert "Anfrage registriert" in _section(page, "history-heading")

    factories.routed(item, world.council_office, [world.lead_unit])
    factories.stored()
    page = browser.get(f"/anfragen/{item.id}").get_data(as_text=True)
    assert "Neu zuweisen" in _steps(page)
    assert "Neu zugewiesen" not in page and "Zwischenbescheid erteilt" not in page
    history = _section(page, "history-heading")
    assert "Fragen bestätigt" in history and "Zuweisungen versandt" in history


def test_the_withdrawal_is_offered_in_red_and_leads_to_its_form(browser, world, session):
    item = factories.councillor_inquiry(world, 1)
    factories.stored()
    login(browser, world.council_office)
    page = browser.get(f"/anfragen/{item.id}").get_data(as_text=True)
    link = re.search(r'<a class="([^"]*)" href="([^"]*)">Anfrage zurückziehen</a>', page)
    assert link and "app-link--danger" in link.group(1)
    assert link.group(2) == f"/anfragen/{item.id}/schreiben#withdraw-heading"
    # harmless steps are plain links
    assert re.search(r'<a class="kern-link" href="[^"]*">Zerlegung bestätigen</a>', page)

    letter = browser.get(link.group(2)).get_data(as_text=True)
    form = _section(letter, "withdraw-heading")
    assert re.search(r'<button type="submit" class="kern-btn kern-btn--primary app-btn--danger"\s*>'
                     r'\s*<span class="kern-label">Anfrage zurückziehen</span>', form)
    assert re.search(r'<input[^>]*id="withdraw-confirm"[^>]*required', form)
    assert "Rücknahme erfassen" not in letter


def test_a_withdrawal_without_the_confirmation_is_refused_and_keeps_what_was_typed(
        browser, world, session):
    item = factories.councillor_inquiry(world, 1)
    factories.stored()
    login(browser, world.council_office)
    url = f"/anfragen/{item.id}/zurueckziehen"
    refused = browser.submit(url, {"note": "Anruf der Fraktion am 3.4."},
                             form_url=f"/anfragen/{item.id}/schreiben")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Bitte bestätigen Sie, dass die Anfrage zurückgezogen werden soll." in page
    assert 'value="Anruf der Fraktion am 3.4."' in page
    assert _own(session, item).state == InquiryState.RECEIVED
    assert "withdraw" not in _events(session, item)

    done = browser.submit(url, {"note": "Anruf der Fraktion am 3.4.", "confirm": "y"},
                          form_url=f"/anfragen/{item.id}/schreiben", follow_redirects=True)
    assert done.status_code == 200
    assert f"Die Anfrage {item.number} ist zurückgezogen" in done.get_data(as_text=True)
    assert _own(session, item).state == InquiryState.WITHDRAWN


def test_recall_and_return_of_the_draft_ask_first(browser, world, session):
    item = factories.complete(world, 2)
    factories.stored()
    base = f"/anfragen/{item.id}/schreiben"
    login(browser, world.council_office)
    assert post(browser, f"{base}/entwurf").status_code == 302
    assert post(browser, f"{base}/mitzeichnung").status_code == 302
    page = browser.get(base).get_data(as_text=True)
    recall = _section(page, "recall-heading")
    assert "app-btn--danger" in recall and "Schreiben zurückholen" in recall
    assert 'id="recall-confirm"' in recall

    refused = post(browser, f"{base}/zurueckholen", {"reason": "Zahl falsch"})
    assert refused.status_code == 422
    assert "Bitte bestätigen Sie, dass Sie das Schreiben zurückholen wollen." in \
        refused.get_data(as_text=True)
    assert _own(session, item).state == InquiryState.IN_REVIEW

    login(browser, world.lead_head)  # the first review station returns the draft
    page = browser.get(base).get_data(as_text=True)
    assert re.search(r'app-btn--danger"\s*>\s*<span class="kern-label">Entwurf zurückgeben', page)
    refused = post(browser, f"{base}/zurueckgeben", {"comment": "Bitte Zahlen prüfen"})
    assert refused.status_code == 422
    assert "Bitte bestätigen Sie, dass Sie den Entwurf zurückgeben wollen." in \
        refused.get_data(as_text=True)
    assert "Bitte Zahlen prüfen" in refused.get_data(as_text=True)
    assert _own(session, item).state == InquiryState.IN_REVIEW
    assert post(browser, f"{base}/zurueckgeben",
                {"comment": "Bitte Zahlen prüfen", "confirm": "y"}).status_code == 302
    assert _own(session, item).state == InquiryState.RETURNED


def test_a_refused_step_is_named_as_an_action(world, session):
    item = factories.councillor_inquiry(world, 1)
    with pytest.raises(WorkflowError, match="Der Schritt „Antwort veröffentlichen“ ist im Status"):
        check(item, "publish", world.council_office)
    with pytest.raises(WorkflowError, match="Ihre Rolle darf den Schritt „Zerlegung bestätigen“"):
        check(item, "confirm_split", world.lead_clerk)


def test_the_start_page_links_each_next_step_as_an_action(browser, world, session):
    item = factories.complete(world, 1)
    factories.stored()
    login(browser, world.council_office)
    page = browser.get("/aufgaben").get_data(as_text=True)
    assert (f'<a class="kern-link" href="/anfragen/{item.id}/schreiben">Antwortschreiben '
            'entwerfen</a>') in page


# --- point 2: the assignment page --------------------------------------------------------------

def _assignment_page(browser, world, session, unit, clerk):
    item = factories.councillor_inquiry(world, 2)
    factories.routed(item, world.council_office, [world.lead_unit],
                     {1: [world.contributing_unit]})
    factories.stored()
    assignment = factories.unit_assignment(session, unit, "1")
    login(browser, clerk)
    return assignment, browser.get(f"/zuweisungen/{assignment.id}").get_data(as_text=True)


def test_accept_and_return_come_before_the_question_and_the_editor(browser, world, session):
    _, page = _assignment_page(browser, world, session, world.lead_unit, world.lead_clerk)
    accept = page.index("Zuweisung annehmen</span>")
    give_back = page.index("Zuweisung zurückgeben</span>")
    assert accept < give_back < page.index("Die ganze Anfrage") < page.index('id="text"')
    # the lead unit has a department below: passing on is offered, and named
    assert re.search(r'<h2 id="actions-heading"[^>]*>Zuweisung annehmen, zurückgeben oder '
                     r'weitergeben</h2>', page)
    assert "Zuweisung weitergeben</span>" in page


def test_passing_on_is_only_named_where_it_is_possible(browser, world, session):
    _, page = _assignment_page(browser, world, session, world.contributing_unit,
                               world.contributing_clerk)
    assert re.search(r'<h2 id="actions-heading"[^>]*>Zuweisung annehmen oder zurückgeben</h2>',
                     page)
    assert "weitergeben" not in page.lower()


def test_the_lead_office_is_not_asked_to_send_to_the_lead_office(browser, world, session):
    assignment, page = _assignment_page(browser, world, session, world.lead_unit,
                                        world.lead_clerk)
    assert "An das federführende Amt übermitteln" not in page
    assert "Zuarbeit abschließen und in die Antwort übernehmen" in page
    assert "Ihr Bereich ist federführend" in page
    done = browser.submit(f"/zuweisungen/{assignment.id}/beitrag",
                          {"text": "Antwort des Amtes.", "version": "", "action": "submit"},
                          form_url=f"/zuweisungen/{assignment.id}", follow_redirects=True)
    message = done.get_data(as_text=True)
    assert "steht beim Konsolidieren als Anfang der Antwort zu Frage 1 bereit" in message
    assert "an das federführende Amt übermittelt" not in message

    browser.logout()
    _, page = _assignment_page(browser, world, session, world.contributing_unit,
                                   world.contributing_clerk)
    assert "An das federführende Amt übermitteln" in page  # a contributing office does send


def test_returning_an_assignment_asks_first(browser, world, session):
    assignment, page = _assignment_page(browser, world, session, world.lead_unit,
                                        world.lead_clerk)
    assert re.search(r'app-btn--danger"\s*>\s*<span class="kern-label">Zuweisung zurückgeben', page)
    url = f"/zuweisungen/{assignment.id}/zurueckgeben"
    refused = browser.submit(url, {"reason": "Zuständig ist Amt 10"},
                             form_url=f"/zuweisungen/{assignment.id}")
    assert refused.status_code == 422
    assert "Bitte bestätigen Sie, dass Sie die Zuweisung zurückgeben wollen." in \
        refused.get_data(as_text=True)
    assert "Zuständig ist Amt 10" in refused.get_data(as_text=True)
    assert factories.unit_assignment(session, world.lead_unit, "1").state == AssignmentState.OPEN
    assert browser.submit(url, {"reason": "Zuständig ist Amt 10", "confirm": "y"},
                          form_url=f"/zuweisungen/{assignment.id}").status_code == 302
    assert factories.unit_assignment(session, world.lead_unit, "1").state == \
        AssignmentState.RETURNED


# --- point 7: after publication, wording, counts, mails ----------------------------------------

def test_after_publication_the_page_shows_the_dates_not_a_countdown(browser, world, session):
    item = factories.complete(world, 1)
    factories.stored()
    base = factories.signed(browser, world, item)
    login(browser, world.council_office)
    facts = browser.get(f"/anfragen/{item.id}").get_data(as_text=True).split("</dl>")[0]
    assert "app-deadline" in facts  # signed, not yet sent: the deadline still counts
    assert "Gezeichnet am" in facts and "Versandt am" not in facts

    today = date.today()
    assert post(browser, f"{base}/versand", {"sent_on": today.isoformat(),
                                             "channel": "Post"}).status_code == 302
    assert post(browser, f"/anfragen/{item.id}/veroeffentlichen").status_code == 302
    inquiry = _own(session, item)
    assert inquiry.state == InquiryState.PUBLISHED
    facts = browser.get(f"/anfragen/{item.id}").get_data(as_text=True).split("</dl>")[0]
    assert "app-deadline" not in facts
    assert re.search(rf"<dt>Versandt am</dt><dd>{re.escape(date_de(today))} \(Post\)</dd>", facts)
    assert f"<dt>Veröffentlicht am</dt><dd>{date_de(inquiry.published_at)}</dd>" in facts
    assert f"<dt>Frist</dt><dd>{date_de(inquiry.due_on)}" in facts  # the date itself stays


def test_submitters_are_einreichende_everywhere(browser, world, session):
    item = factories.councillor_inquiry(world, 1)
    factories.stored()
    login(browser, world.council_office)
    for url in (f"/anfragen/{item.id}", "/anfragen/", "/aufgaben"):
        page = browser.get(url).get_data(as_text=True)
        assert "Einreichende" in page, url
        assert "Einreicher" not in page, url


def test_counted_nouns_have_singular_and_plural():
    assert count_de(0, "E-Mail", "E-Mails") == "0 E-Mails"
    assert count_de(1, "E-Mail", "E-Mails") == "1 E-Mail"
    assert count_de(2, "E-Mail wartet", "E-Mails warten") == "2 E-Mails warten"
    assert plural_de(1, "ist", "sind") == "ist"


def test_the_split_message_counts_one_question_in_the_singular(browser, world, session):
    item = factories.councillor_inquiry(world, ["Wie viele Bänke stehen im Großen Garten?"])
    factories.stored()
    login(browser, world.council_office)
    rows = [(q.number, q.text) for q in item.questions]
    response = browser.submit(f"/anfragen/{item.id}/zerlegung", {
        "version": str(item.version), "preamble": item.preamble, "action": "confirm",
        **split_rows(rows)}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert f"Die Zerlegung der Anfrage {item.number} wurde bestätigt (1 Frage)." in page
    assert "(1 Fragen)" not in page


def test_a_requeued_mail_does_not_show_its_old_refusal_next_to_wird_versandt(
        app, browser, world, session, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_ENABLED", True)
    item = factories.councillor_inquiry(world, 1)
    mail = OutboxMail(inquiry_id=item.id, recipients=["amt@example.org"], subject="Test-Mail",
                      body="Text", state=MailState.FAILED, attempts=3,
                      last_error="550 Postfach unbekannt", message_id="<t1@example.org>")
    db.session.add(mail)
    factories.stored()
    login(browser, world.council_office)
    outbox = "/verwaltung/e-mail-ausgang/"
    page = browser.get(outbox).get_data(as_text=True)
    assert "550 Postfach unbekannt" in page and "fehlgeschlagen" in page  # the failure shown

    response = browser.submit(f"{outbox}{mail.id}/erneut", {"next": outbox}, form_url=outbox,
                              follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Die E-Mail „Test-Mail“ wird erneut versandt." in page
    row = page[page.index("<td", page.index("Test-Mail")):]
    row = row[:row.index("</tr>")]
    assert "wird versandt" in row and "550 Postfach unbekannt" not in row
    session.expire_all()
    assert session.get(OutboxMail, mail.id).last_error == "550 Postfach unbekannt"  # kept



def test_sending_assignments_counts_the_offices_told_by_mail(app, browser, world, session,
                                                             monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_ENABLED", True)
    world.contributing_unit.mailbox = None  # this office learns of it on its start page only
    item = factories.confirmed(factories.councillor_inquiry(world, 2), world.council_office)
    factories.stored()
    login(browser, world.council_office)
    first, second = item.top_questions
    response = browser.submit(f"/anfragen/{item.id}/zuweisung", {
        "action": "send", f"lead_{first.id}": str(world.lead_unit.id),
        f"lead_{second.id}": str(world.contributing_unit.id)}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert f"Die Zuweisungen der Anfrage {item.number} wurden versandt." in page
    assert "1 Fachbereich wird per E-Mail benachrichtigt." in page
    assert "1 Fachbereich hat kein Postfach und sieht die Zuweisung unter „Meine Aufgaben“." in page
    assert "Fachbereiche werden" not in page
    mails = session.scalars(sa.select(OutboxMail).where(OutboxMail.inquiry_id == item.id)).all()
    assert [m.recipients for m in mails] == [[world.lead_unit.mailbox]]
