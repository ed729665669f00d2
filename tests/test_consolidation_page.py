"""The consolidation page (issue 15, point 5): which field is the administration's remark
(Vorbemerkung) and which the answer to each question, sub-questions quoted with their
question, marking final an answer that is still the unedited merge of several contributions
asks for a confirmation (server-side, without JavaScript), and text areas that grow."""

from __future__ import annotations

import html
import re

import factories
import pytest
from factories import login

from inquiry_app.extensions import db
from inquiry_app.models import Answer, Question


@pytest.fixture
def w(session):
    return factories.world()


@pytest.fixture
def merged(w):
    """Question 3 led by the contributing office with the lead office contributing; both
    contributions to it submitted (its answer is their unedited merge), the other questions'
    contributions too."""
    item = factories.routed_like_reference(w)
    for assignment in item.assignments:
        factories.contribute(assignment, w.workers()[assignment.org_unit_id],
                             f"Zuarbeit von {assignment.org_unit.code} zu Frage "
                             f"{assignment.question.number}.")
    factories.stored()
    return item


def _url(item) -> str:
    return f"/anfragen/{item.id}/antworten"


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _answer(session, item, number: str) -> Answer:
    item = factories.fresh(session, item)
    return next(a for a in item.answers if [q.number for q in a.questions] == [number])


def _label_of(page: str, field_id: str) -> str:
    match = re.search(rf'<label class="kern-label" for="{field_id}">(.*?)</label>', page, re.S)
    assert match, field_id
    assert re.search(rf'<textarea[^>]*\bid="{field_id}"', page), field_id
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def _final(browser, item, answer, text=None, **extra):
    data = {"text": answer.text if text is None else text, "version": str(answer.version),
            "action": "final", **extra}
    return browser.submit(f"/antworten/{answer.id}", data, form_url=_url(item))


# --- remark and answers, told apart -----------------------------------------------------------

def test_the_remark_and_each_answer_have_their_own_label_legend_and_heading(browser, w, merged,
                                                                             session):
    login(browser, w.contributing_clerk)
    page = _page(browser.get(_url(merged)))
    assert "Vorbemerkung der Verwaltung (optional)</h2>" in page
    assert "Die Vorbemerkung ist keine Antwort auf eine Frage" in page
    assert "<legend class=\"kern-label\">Vorbemerkung der Verwaltung</legend>" in page
    assert _label_of(page, "remark").startswith(
        "Vorbemerkung (steht im Schreiben vor der ersten Frage)")

    answer = _answer(session, merged, "3")
    assert _label_of(page, f"answer-{answer.id}") == "Antwort auf Frage 3"
    assert ('<legend class="kern-label">Antwort auf Frage 3 (steht im Schreiben unter der '
            'zitierten Frage)</legend>') in page
    assert "Frage 3 im Wortlaut</h3>" in page and "Zuarbeiten zu Frage 3</h3>" in page
    # the lead office's clerk sees the answers it does not edit under their own heading
    login(browser, w.lead_clerk)
    page = _page(browser.get(_url(merged)))
    assert '<h3 class="kern-heading-small">Antwort auf Frage 3</h3>' in page
    assert _label_of(page, f"answer-{_answer(session, merged, '1').id}") == "Antwort auf Frage 1"


def test_a_common_answer_is_labelled_with_all_its_questions(browser, w, session):
    item = factories.routed(factories.councillor_inquiry(w, 3), w.council_office, [w.lead_unit])
    factories.stored()
    login(browser, w.lead_clerk)
    questions = [str(q.id) for q in item.top_questions[:2]]
    assert browser.submit(f"{_url(item)}/gruppieren", {"question": questions},
                          form_url=_url(item)).status_code == 302
    page = _page(browser.get(_url(item)))
    grouped = next(a for a in factories.fresh(session, item).answers if len(a.questions) == 2)
    assert _label_of(page, f"answer-{grouped.id}") == "Gemeinsame Antwort auf die Fragen 1 und 2"


def test_sub_questions_are_quoted_with_their_question(browser, w, session):
    item = factories.councillor_inquiry(w, ["Wie steht es um die Schulen?", "Was kostet das?"])
    first = item.top_questions[0]
    db.session.add_all([
        Question(inquiry=item, parent=first, position=3, number="a",
                 text="Wie viele Schulen sind saniert?"),
        Question(inquiry=item, parent=first, position=4, number="b",
                 text="Wie viele warten noch?")])
    db.session.flush()
    factories.routed(item, w.council_office, [w.lead_unit])
    factories.stored()
    login(browser, w.lead_clerk)
    page = _page(browser.get(_url(item)))
    quote = page[page.index("Frage 1 im Wortlaut"):page.index("Frage 2 im Wortlaut")]
    assert "„Wie steht es um die Schulen?" in quote
    assert re.search(r"<strong>a\)</strong> Wie viele Schulen sind saniert\?", quote)
    assert re.search(r"<strong>b\)</strong> Wie viele warten noch\?“", quote)


# --- an unedited merge marked final asks first -------------------------------------------------

def test_marking_an_unedited_merge_final_asks_for_a_confirmation(browser, w, merged, session):
    answer = _answer(session, merged, "3")
    assert answer.from_contributions and "\n\n" in answer.text
    login(browser, w.contributing_clerk)
    page = _page(browser.get(_url(merged)))
    assert "confirm_merge" not in page  # asked only when it matters

    refused = _final(browser, merged, answer)
    assert refused.status_code == 422
    page = _page(refused)
    assert ("Diese Antwort ist noch die unbearbeitete Zusammenstellung der Zuarbeiten von "
            f"{w.contributing_unit.code} und {w.lead_unit.code}.") in page
    checkbox = re.search(rf'<input[^>]*id="confirm-merge-{answer.id}"[^>]*>', page)
    assert checkbox and 'type="checkbox"' in checkbox.group(0)
    assert (f'for="confirm-merge-{answer.id}">Ja, die zusammengeführten Zuarbeiten '
            "unverändert als endgültige Antwort übernehmen") in page
    assert answer.text in page  # what was posted, in the editor again
    assert not _answer(session, merged, "3").is_final

    confirmed = _final(browser, merged, _answer(session, merged, "3"), confirm_merge="y")
    assert confirmed.status_code == 302
    assert _answer(session, merged, "3").is_final


def test_an_edited_merge_or_a_single_contribution_is_marked_final_at_once(browser, w, merged,
                                                                       session):
    login(browser, w.contributing_clerk)
    answer = _answer(session, merged, "3")
    response = _final(browser, merged, answer, text="Zu Frage 3 antworten beide Ämter gemeinsam.")
    assert response.status_code == 302
    assert _answer(session, merged, "3").is_final
    login(browser, w.lead_clerk)
    single = _answer(session, merged, "1")
    assert single.from_contributions
    assert _final(browser, merged, single).status_code == 302
    assert _answer(session, merged, "1").is_final


# --- text areas grow with their text -----------------------------------------------------------

def test_text_areas_grow_with_their_content(browser, w, merged, session, app):
    login(browser, w.contributing_clerk)
    page = _page(browser.get(_url(merged)))
    answer = _answer(session, merged, "3")
    for field_id in ("remark", f"answer-{answer.id}"):
        area = re.search(rf'<textarea[^>]*\bid="{field_id}"[^>]*>', page).group(0)
        assert "app-autogrow" in area, field_id
    assert 'src="/static/autogrow.js"' in page
    script = browser.get("/static/autogrow.js")
    assert script.status_code == 200 and b"scrollHeight" in script.data
    css = browser.get("/static/app.css").get_data(as_text=True)
    assert re.search(r"textarea\.app-autogrow\s*{[^}]*field-sizing:\s*content", css)
