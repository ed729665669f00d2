"""Forms and templates in one shape (issue 13, items 3 and 4): every field a page posts is a
WTForms field rendered by the shared macros (``templates/macros/forms.html``), a form posted
from another page that is refused shows that page again with the message and what was typed,
and the letter page offers the actions the workflow allows the user now."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from factories import PASSWORD, answered, drafted, routed, world
from factories import inquiry as new_inquiry

from inquiry_app.contributions.answers import MAX_COMMENT_CHARS
from inquiry_app.extensions import db
from inquiry_app.models import Comment, ContributionState

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

# A raw form field with a name: <input|select|textarea … name=…> (the tag may span lines).
RAW_FIELD = re.compile(r"""<(?:input|select|textarea)\b[^>]*?\bname\s*=\s*
                           (?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE | re.VERBOSE)
MACROS = "macros/forms.html"  # where fields are rendered
CSRF = "csrf_token"  # the token of a button-only form (no fields to render)

# Documented exceptions, each (template, posted name):
EXCEPTIONS = {
    # Search boxes of GET forms on list pages (no token, no validation: a filter in the URL).
    *(("audit/search.html", name) for name in ("anfrage", "benutzer", "objekt", "aktion",
                                               "von", "bis")),
    *(("inquiries/index.html", name) for name in ("q", "status", "sortierung", "aufgabe")),
    # The quick search in the navigation bar (a GET to /suche, whose form is WTForms).
    ("base.html", "q"),
    # The error page sends back what the failed post sent, under the names it had.
    ("errors/error.html", "{{ name }}"),
}


def raw_fields(text: str) -> list[tuple[int, str]]:
    """(line, name) of every raw named field in a template's text."""
    return [(text.count("\n", 0, m.start()) + 1, next(g for g in m.groups() if g is not None))
            for m in RAW_FIELD.finditer(text)]


def test_no_template_writes_a_form_field_by_hand():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name == MACROS:
            continue
        for line, field in raw_fields(path.read_text(encoding="utf-8")):
            if field != CSRF and (name, field) not in EXCEPTIONS:
                found.append(f"{name}:{line}: name={field}")
    assert found == [], ("Render the field of a WTForms class with the macros of "
                         f"{MACROS} (or list a documented exception):\n" + "\n".join(found))


def test_the_rule_sees_raw_fields():
    assert raw_fields('<input type="hidden" name="version" value="1">') == [(1, "version")]
    assert raw_fields('<textarea\n  class="x"\n  name="text">') == [(1, "text")]
    assert raw_fields("<select id='a' name='lead_{{ q.id }}'>") == [(1, "lead_{{ q.id }}")]
    assert raw_fields("<input type=checkbox name=part>") == [(1, "part")]
    assert raw_fields('<input class="kern-form-input__input" type="search">') == []
    assert raw_fields('<button name="action" value="save">') == []


# --- pages with forms of their own, built with the factories ----------------------------------

@pytest.fixture
def w(app):
    return world()


@pytest.fixture
def item(w):
    """An inquiry with two questions, both led by the lead office (answers being written)."""
    inquiry = routed(new_inquiry(2, actor=w.council_office), w.council_office,
                     [w.lead_unit, w.lead_unit])
    db.session.commit()
    return inquiry


def _login(browser, user):
    assert browser.login(user.login, PASSWORD).status_code == 302


def _lead_assignment(item, w, number="1"):
    return next(a for a in item.assignments
                if a.org_unit_id == w.lead_unit.id and a.question.number == number)


def _textarea(page: str, field_id: str) -> str:
    match = re.search(rf'<textarea[^>]*\bid="{re.escape(field_id)}"[^>]*>\r?\n?(.*?)</textarea>',
                      page, re.S)
    assert match, f"kein Textfeld {field_id}"
    return match.group(1)


def test_a_refused_comment_on_the_answers_page_keeps_the_text(browser, w, item):
    _login(browser, w.lead_clerk)
    answer = item.answers[0]
    typed = "Mein Hinweis: " + "x" * MAX_COMMENT_CHARS
    comments = db.session.query(Comment).count()
    response = browser.submit(f"/anfragen/{item.id}/kommentare",
                              {"text": typed, "question_id": str(answer.questions[0].id)},
                              form_url=f"/anfragen/{item.id}/antworten")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "app-error-summary" in page and "Der Kommentar ist zu lang." in page
    assert _textarea(page, f"comment-{answer.id}") == typed
    assert db.session.query(Comment).count() == comments


def test_a_refused_grouping_keeps_the_ticked_question(browser, w, item):
    _login(browser, w.lead_clerk)
    first = item.top_questions[0]
    response = browser.submit(f"/anfragen/{item.id}/antworten/gruppieren",
                              {"question": [str(first.id)]},
                              form_url=f"/anfragen/{item.id}/antworten")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte wählen Sie mindestens zwei Fragen aus." in page
    checkbox = re.search(rf'<input[^>]*id="group-{first.id}"[^>]*>', page).group(0)
    assert "checked" in checkbox
    other = re.search(rf'<input[^>]*id="group-{item.top_questions[1].id}"[^>]*>', page).group(0)
    assert "checked" not in other


def test_a_refused_comment_on_the_assignment_page_stays_there(browser, w, item):
    _login(browser, w.lead_clerk)
    assignment = _lead_assignment(item, w)
    typed = "Bitte beachten: " + "y" * MAX_COMMENT_CHARS
    response = browser.submit(f"/zuweisungen/{assignment.id}/kommentare", {"text": typed},
                              form_url=f"/zuweisungen/{assignment.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"Frage {assignment.question.number}" in page and "Der Kommentar ist zu lang." in page
    assert _textarea(page, "comment-text") == typed
    ok = browser.submit(f"/zuweisungen/{assignment.id}/kommentare", {"text": "Danke."},
                        form_url=f"/zuweisungen/{assignment.id}")
    assert ok.status_code == 302 and ok.headers["Location"].endswith(f"/zuweisungen/{assignment.id}")
    assert "Danke." in browser.get(f"/zuweisungen/{assignment.id}").get_data(as_text=True)


def test_a_refused_return_of_a_contribution_stays_on_the_assignment_page(browser, w, app):
    w.lead_unit.requires_head_approval = True
    item = routed(new_inquiry(1, actor=w.council_office), w.council_office, [w.lead_unit])
    assignment = _lead_assignment(item, w)
    from factories import contribute

    contribute(assignment, w.lead_clerk, "Entwurf der Zuarbeit.")
    db.session.commit()
    assert assignment.contribution.state == ContributionState.AWAITING_APPROVAL
    _login(browser, w.lead_head)
    response = browser.submit(f"/beitraege/{assignment.contribution.id}/zurueckgeben",
                              {"comment": "   "}, form_url=f"/zuweisungen/{assignment.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte begründen Sie die Rückgabe an die Bearbeitung." in page
    assert 'id="head-comment"' in page and 'aria-invalid="true"' in page


def test_a_contribution_submit_refused_by_the_operation_keeps_the_editor(browser, w, item):
    """Submitting an empty contribution is refused by the operation: the editor comes back
    with the message in its summary (422), not a redirect."""
    _login(browser, w.lead_clerk)
    assignment = _lead_assignment(item, w)
    page = browser.get(f"/zuweisungen/{assignment.id}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d*)"', page).group(1)
    response = browser.submit(f"/zuweisungen/{assignment.id}/beitrag",
                              {"text": "  ", "version": version, "action": "submit"},
                              form_url=f"/zuweisungen/{assignment.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    summary = re.search(r'app-error-summary.*?</ul>', page, re.S).group(0)
    assert "Bitte schreiben Sie zuerst eine Zuarbeit." in summary
    assert 'id="text"' in page


def test_a_save_refused_after_submission_shows_the_message(browser, w, item):
    """The editor is gone once the contribution is submitted: the refusal is shown on top."""
    from factories import contribute

    assignment = _lead_assignment(item, w)
    _login(browser, w.lead_clerk)
    token_page = f"/zuweisungen/{assignment.id}"
    token = browser.token(token_page)
    contribute(assignment, w.lead_clerk, "Schon übermittelt.")
    db.session.commit()
    response = browser.client.post(f"/zuweisungen/{assignment.id}/beitrag", data={
        "csrf_token": token, "text": "Spätere Fassung", "version": "", "action": "save"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "app-flashes" in page and "kann nicht" in page
    assert 'id="text"' not in page  # no editor any more


# --- the letter page asks the workflow ------------------------------------------------------

BUTTONS = {"Zur Mitzeichnung geben", "Entwurf aktualisieren", "Zwischenbescheid erstellen",
           "Anfrage zurückziehen", "Mitzeichnen", "Verbindlich zeichnen", "Schreiben zurückholen"}


def _buttons(page: str) -> set[str]:
    labels = re.findall(r'<button[^>]*type="submit"[^>]*>\s*<span class="kern-label">([^<]+)',
                        page)
    return {label.strip() for label in labels} & BUTTONS


def test_letter_page_buttons_follow_the_available_events(browser, w, app):
    item = new_inquiry(1, actor=w.council_office)
    routed(item, w.council_office, [w.lead_unit])
    answered(item, w.workers())
    drafted(item, w.council_office)
    db.session.commit()
    url = f"/anfragen/{item.id}/schreiben"
    _login(browser, w.council_office)
    assert _buttons(browser.get(url).get_data(as_text=True)) == {
        "Zur Mitzeichnung geben", "Entwurf aktualisieren", "Zwischenbescheid erstellen",
        "Anfrage zurückziehen"}
    browser.logout()
    _login(browser, w.signatory)  # may read the draft; nothing to do while it is a draft
    assert _buttons(browser.get(url).get_data(as_text=True)) == set()
    browser.logout()
    _login(browser, w.council_office)
    assert browser.submit(f"/anfragen/{item.id}/schreiben/mitzeichnung", {},
                          form_url=url).status_code == 302
    assert _buttons(browser.get(url).get_data(as_text=True)) == {  # interim: any open state
        "Zwischenbescheid erstellen", "Anfrage zurückziehen", "Schreiben zurückholen"}
