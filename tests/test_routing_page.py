"""The routing page as a new clerk uses it: contributing offices as a checkbox list of every
office (filtered by routing.js), the router's lead and contributors ticked, the score apart
from the office ("– Vorschlag 63 %"), reasons in German typography, addressing formulas
no evidence, and sub-questions routed on their own through to the one answer and the
letter."""

from __future__ import annotations

import io
import re

import docx
import factories
import pytest
import sqlalchemy as sa
from factories import login

from inquiry_app.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    CompetenceTerm,
    Inquiry,
    InquiryState,
    OutboxMail,
    Question,
    ReplyLetter,
    Role,
)

# invented words: no other catalogue knows them
LEAD_TERM, CONTRIB_TERM, PART_TERM = "Quellbrunnenpflege", "Turmuhrwartung", "Glockenstuhlprüfung"
DEPT_TERM = "Brunnenschachtreinigung"


def _checkboxes(page: str, question_id: int) -> dict[int, bool]:
    """unit id -> ticked, for the contributing offices' checkboxes of one question."""
    found = {}
    for tag in re.findall(rf'<input[^>]*name="contrib_{question_id}"[^>]*>', page):
        assert 'type="checkbox"' in tag
        found[int(re.search(r'value="(\d+)"', tag).group(1))] = " checked" in tag
    return found


def _selected_lead(page: str, question_id: int) -> int | None:
    select = re.search(rf'<select[^>]*name="lead_{question_id}"[^>]*>(.*?)</select>', page,
                       re.S).group(1)
    match = re.search(r'<option selected value="(\d+)">', select)
    return int(match.group(1)) if match else None


def _inquiry(session, item) -> Inquiry:
    session.expire_all()
    return session.get(Inquiry, item.id)


@pytest.fixture
def catalogue(world, session):
    """The lead unit lists LEAD_TERM, its own department DEPT_TERM, the contributing unit
    CONTRIB_TERM, the other unit PART_TERM."""
    world.lead_unit.terms.append(CompetenceTerm(term=LEAD_TERM))
    world.lead_department.terms.append(CompetenceTerm(term=DEPT_TERM))
    world.contributing_unit.terms.append(CompetenceTerm(term=CONTRIB_TERM))
    world.other_unit.terms.append(CompetenceTerm(term=PART_TERM))
    session.flush()
    return world


@pytest.fixture
def clerk(browser, world):
    login(browser, world.council_office)
    return browser


def _split_inquiry(world, texts: list[str], parts: dict[int, list[str]] | None = None):
    """A confirmed inquiry; ``parts``: question position -> texts of its sub-questions a), b)."""
    item = factories.councillor_inquiry(world, texts)
    position = len(texts)
    for parent_position, part_texts in (parts or {}).items():
        parent = next(q for q in item.questions if q.position == parent_position)
        for letter, text in zip("abcdefgh", part_texts, strict=False):
            position += 1
            item.questions.append(Question(position=position, number=letter, text=text,
                                           parent=parent))
    factories.confirmed(item, world.council_office)
    factories.stored()
    return item


# --- the checkbox list, the preselection, the score, the reasons -------------------------------

def test_contributors_are_a_checkbox_list_of_every_active_office(clerk, catalogue, session):
    item = _split_inquiry(catalogue, [f"Wie steht es um die {LEAD_TERM}?"])
    page = clerk.get(f"/anfragen/{item.id}/zuweisung").get_data(as_text=True)
    question = item.questions[0]
    boxes = _checkboxes(page, question.id)
    active = set(session.scalars(sa.text("SELECT id FROM org_unit WHERE active")))
    assert set(boxes) == active
    assert f'name="contrib_{question.id}" multiple' not in page and "<select multiple" not in page
    # each office by its full label, the filter box added by the script
    assert f'<label class="kern-label" for="contrib_{question.id}-{catalogue.other_unit.id}">' \
           f'{catalogue.other_unit.label}</label>' in page
    assert "data-app-filter-list" in page and "/static/routing.js" in page
    assert "Strg" not in page  # no Ctrl-click hint any more


def test_suggested_lead_and_contributors_are_preselected(clerk, catalogue):
    item = _split_inquiry(catalogue, [
        f"Wann beginnen {LEAD_TERM}, {DEPT_TERM} und {CONTRIB_TERM}?"])
    page = clerk.get(f"/anfragen/{item.id}/zuweisung").get_data(as_text=True)
    question = item.questions[0]
    assert _selected_lead(page, question.id) == catalogue.lead_unit.id
    # suggested with a good score, all three
    for unit in (catalogue.lead_unit, catalogue.lead_department, catalogue.contributing_unit):
        assert f"<strong>{unit.label}</strong> – Vorschlag" in page
    boxes = _checkboxes(page, question.id)
    ticked = {unit_id for unit_id, on in boxes.items() if on}
    # the contributing unit, not the lead's own department (the lead hands on internally)
    assert ticked == {catalogue.contributing_unit.id}


def test_a_weak_suggestion_is_not_ticked(clerk, catalogue):
    # the contributing unit's term only in the subject: context evidence, below the threshold
    item = _split_inquiry(catalogue, [f"Wie ist der Stand der {LEAD_TERM}?"])
    item.subject = f"{CONTRIB_TERM} und mehr"
    factories.stored()
    page = clerk.get(f"/anfragen/{item.id}/zuweisung").get_data(as_text=True)
    question = item.questions[0]
    assert f"{catalogue.contributing_unit.label}</strong> – Vorschlag" in page  # suggested …
    assert not any(_checkboxes(page, question.id).values())  # … but not ticked


def test_the_score_stands_apart_from_the_office_and_reasons_are_typographic(clerk, catalogue):
    item = _split_inquiry(catalogue, [f"Wie ist der Stand der {LEAD_TERM}?"])
    page = clerk.get(f"/anfragen/{item.id}/zuweisung").get_data(as_text=True)
    unit = catalogue.lead_unit
    assert re.search(rf"<strong>{re.escape(unit.label)}</strong> – Vorschlag \d{{1,3}} %", page)
    assert f"Begriff „{LEAD_TERM}“ → {unit.code} {unit.name}" in page
    assert "-&gt;" not in page and "&#39;" + LEAD_TERM not in page


def test_checked_contributors_are_posted_as_unit_ids(clerk, catalogue, session):
    item = _split_inquiry(catalogue, [f"Wie ist der Stand der {LEAD_TERM}?"])
    question = item.questions[0]
    response = clerk.submit(f"/anfragen/{item.id}/zuweisung", {
        "action": "send", f"lead_{question.id}": str(catalogue.lead_unit.id),
        f"contrib_{question.id}": [str(catalogue.contributing_unit.id),
                                   str(catalogue.other_unit.id)]})
    assert response.status_code == 302
    roles = {(a.org_unit_id, a.role) for a in _inquiry(session, item).assignments}
    assert roles == {(catalogue.lead_unit.id, AssignmentRole.LEAD),
                     (catalogue.contributing_unit.id, AssignmentRole.CONTRIBUTING),
                     (catalogue.other_unit.id, AssignmentRole.CONTRIBUTING)}


def test_the_lead_ticked_as_contributor_too_is_refused_with_the_choice_kept(clerk, catalogue,
                                                                             session):
    item = _split_inquiry(catalogue, [f"Wie ist der Stand der {LEAD_TERM}?"])
    question = item.questions[0]
    response = clerk.submit(f"/anfragen/{item.id}/zuweisung", {
        "action": "send", f"lead_{question.id}": str(catalogue.lead_unit.id),
        f"contrib_{question.id}": [str(catalogue.lead_unit.id), str(catalogue.other_unit.id)]})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "ist schon federführend und kann nicht zugleich beteiligt sein" in page
    ticked = {u for u, on in _checkboxes(page, question.id).items() if on}
    assert ticked == {catalogue.lead_unit.id, catalogue.other_unit.id}
    assert _inquiry(session, item).state == InquiryState.SPLIT


def test_an_addressing_formula_does_not_bring_the_mayors_office(clerk, world, session):
    world.mayor_office.terms.append(CompetenceTerm(term="Oberbürgermeister"))
    world.lead_unit.terms.append(CompetenceTerm(term=LEAD_TERM))
    session.flush()
    item = _split_inquiry(world, [
        f"Ich frage daher den Oberbürgermeister: Wie steht es um die {LEAD_TERM}?"])
    item.preamble = "Die Lage ist ernst. Wir fragen die Verwaltung:"
    factories.stored()
    page = clerk.get(f"/anfragen/{item.id}/zuweisung").get_data(as_text=True)
    assert f"<strong>{world.lead_unit.label}</strong> – Vorschlag" in page
    assert f"<strong>{world.mayor_office.label}</strong>" not in page
    assert not _checkboxes(page, item.questions[0].id)[world.mayor_office.id]


# --- sub-questions routed on their own ---------------------------------------------------------

PART_A = f"Wer übernimmt die {CONTRIB_TERM}?"
PART_B = f"Wann findet die nächste {PART_TERM} statt?"


@pytest.fixture
def with_parts(catalogue):
    """Question 1 plain, question 2 with the sub-questions a) and b)."""
    return _split_inquiry(catalogue, [f"Wie steht es um die {LEAD_TERM}?",
                                      "Wie geht es mit dem Rathausturm weiter?"],
                          {2: [PART_A, PART_B]})


def _ids(session, item):
    item = _inquiry(session, item)
    by_number = {q.full_number: q.id for q in item.questions}
    return by_number


def test_the_page_offers_sub_question_rows_with_their_own_suggestions(clerk, catalogue,
                                                                      with_parts, session):
    q = _ids(session, with_parts)
    page = clerk.get(f"/anfragen/{with_parts.id}/zuweisung").get_data(as_text=True)
    assert page.count("Teilfragen einzeln zuweisen") == 1  # only question 2 has sub-questions
    assert f'name="split_{q["2"]}"' in page and f'name="split_{q["1"]}"' not in page
    assert '<legend class="kern-heading-small">Frage 2 a)</legend>' in page
    assert '<legend class="kern-heading-small">Frage 2 b)</legend>' in page
    # each sub-question has its own proposal: a) the contributing unit, b) the other unit
    assert _selected_lead(page, q["2 a)"]) == catalogue.contributing_unit.id
    assert _selected_lead(page, q["2 b)"]) == catalogue.other_unit.id
    assert set(_checkboxes(page, q["2 b)"])) == set(_checkboxes(page, q["1"]))


def _route_by_parts(clerk, catalogue, item, q, action="send"):
    return clerk.submit(f"/anfragen/{item.id}/zuweisung", {
        "action": action,
        f"lead_{q['1']}": str(catalogue.lead_unit.id),
        f"split_{q['2']}": "y",
        f"lead_{q['2 a)']}": str(catalogue.contributing_unit.id),
        f"contrib_{q['2 a)']}": [str(catalogue.lead_unit.id)],
        f"lead_{q['2 b)']}": str(catalogue.other_unit.id),
    })


def test_sub_questions_routed_on_their_own_through_to_the_letter(clerk, browser, catalogue,
                                                                 with_parts, session):
    w = catalogue
    q = _ids(session, with_parts)
    assert _route_by_parts(clerk, w, with_parts, q).status_code == 302
    item = _inquiry(session, with_parts)
    assert item.state == InquiryState.ROUTED
    assigned = {(a.question.full_number, a.org_unit_id, a.role) for a in item.assignments}
    assert assigned == {("1", w.lead_unit.id, AssignmentRole.LEAD),
                        ("2 a)", w.contributing_unit.id, AssignmentRole.LEAD),
                        ("2 a)", w.lead_unit.id, AssignmentRole.CONTRIBUTING),
                        ("2 b)", w.other_unit.id, AssignmentRole.LEAD)}
    # one answer per question, none per sub-question
    assert [[x.number for x in a.questions] for a in item.answers] == [["1"], ["2"]]
    detail = clerk.get(f"/anfragen/{item.id}").get_data(as_text=True)
    assert f"{w.other_unit.label} (federführend)" in detail

    # the offices see and answer their sub-question
    login(browser, w.other_clerk)
    own = next(a for a in item.assignments if a.org_unit_id == w.other_unit.id)
    page = browser.get(f"/zuweisungen/{own.id}").get_data(as_text=True)
    assert "Frage 2 b)" in page and PART_B in page and "Ihre Teilfrage" in page
    texts = {w.contributing_unit.id: "Die Turmuhr wartet ein Fachbetrieb.",
             w.lead_unit.id: "Der Vertrag läuft bis 2027.",
             w.other_unit.id: "Die Prüfung ist für März geplant."}
    workers = w.workers()
    for a in _inquiry(session, item).assignments:
        factories.contribute(session.get(Assignment, a.id), workers[a.org_unit_id],
                             texts[a.org_unit_id] if a.question.parent_id else "Antwort 1.")
    factories.stored()
    answer = next(a for a in _inquiry(session, item).answers if a.questions[0].number == "2")
    assert answer.from_contributions
    assert answer.text == ("Zu a): Die Turmuhr wartet ein Fachbetrieb.\n\n"
                           "Zu a): Der Vertrag läuft bis 2027.\n\n"
                           "Zu b): Die Prüfung ist für März geplant.")

    # the lead of sub-question b) consolidates the question's answer and completes it
    page = browser.get(f"/anfragen/{item.id}/antworten").get_data(as_text=True)
    assert f"Zuarbeit zu Frage 2 b): {w.other_unit.label} (federführend)" in page
    response = browser.submit(f"/antworten/{answer.id}",
                              {"text": answer.text, "version": str(answer.version),
                               "action": "final", "confirm_merge": "y"},
                              form_url=f"/anfragen/{item.id}/antworten")
    assert response.status_code == 302
    login(browser, w.lead_clerk)
    first = next(a for a in _inquiry(session, item).answers if a.questions[0].number == "1")
    browser.submit(f"/antworten/{first.id}", {"text": first.text, "version": str(first.version),
                                              "action": "final"},
                   form_url=f"/anfragen/{item.id}/antworten")
    assert _inquiry(session, item).state == InquiryState.ANSWERS_COMPLETE

    # the letter: question 2 with its sub-questions, the merged answer below it
    login(browser, w.council_office)
    assert factories.post(browser, f"/anfragen/{item.id}/schreiben/entwurf").status_code == 302
    letter = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == item.id))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.docx)).paragraphs)
    assert PART_A in text and PART_B in text
    assert text.index(PART_B) < text.index("Zu a): Die Turmuhr wartet ein Fachbetrieb.")
    assert text.index("Zu a): Die Turmuhr") < text.index("Zu b): Die Prüfung ist für März geplant.")


def test_a_sub_question_without_lead_is_refused_and_the_input_kept(clerk, catalogue, with_parts,
                                                                   session):
    q = _ids(session, with_parts)
    response = clerk.submit(f"/anfragen/{with_parts.id}/zuweisung", {
        "action": "send", f"lead_{q['1']}": str(catalogue.lead_unit.id), f"split_{q['2']}": "y",
        f"lead_{q['2 a)']}": str(catalogue.contributing_unit.id), f"lead_{q['2 b)']}": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Frage 2 b) braucht genau ein federführendes Amt." in page
    assert re.search(rf'name="split_{q["2"]}"[^>]* checked|checked[^>]*name="split_{q["2"]}"', page)
    assert _selected_lead(page, q["2 a)"]) == catalogue.contributing_unit.id
    assert _inquiry(session, with_parts).state == InquiryState.SPLIT


def test_without_the_option_the_question_is_routed_as_a_whole(clerk, catalogue, with_parts,
                                                              session):
    q = _ids(session, with_parts)
    # saved as a draft by sub-questions first, then sent as a whole: the drafts give way
    assert _route_by_parts(clerk, catalogue, with_parts, q, action="save").status_code == 302
    page = clerk.get(f"/anfragen/{with_parts.id}/zuweisung").get_data(as_text=True)
    assert re.search(rf'name="split_{q["2"]}"[^>]* checked|checked[^>]*name="split_{q["2"]}"', page)
    response = clerk.submit(f"/anfragen/{with_parts.id}/zuweisung", {
        "action": "send", f"lead_{q['1']}": str(catalogue.lead_unit.id),
        f"lead_{q['2']}": str(catalogue.other_unit.id),
        f"lead_{q['2 a)']}": str(catalogue.contributing_unit.id)})  # ignored: not split
    assert response.status_code == 302
    item = _inquiry(session, with_parts)
    assert {(a.question.full_number, a.org_unit_id) for a in item.assignments} == {
        ("1", catalogue.lead_unit.id), ("2", catalogue.other_unit.id)}


def test_a_returned_sub_question_comes_back_alone(clerk, browser, catalogue, with_parts, session):
    w = catalogue
    q = _ids(session, with_parts)
    assert _route_by_parts(clerk, w, with_parts, q).status_code == 302
    item = _inquiry(session, with_parts)
    returned = next(a for a in item.assignments if a.org_unit_id == w.other_unit.id)
    login(browser, w.other_clerk)
    browser.submit(f"/zuweisungen/{returned.id}/zurueckgeben",
                   {"reason": "Das macht das Hochbauamt.", "confirm": "y"},
                   form_url=f"/zuweisungen/{returned.id}")
    assert session.get(Assignment, returned.id).state == AssignmentState.RETURNED

    login(browser, w.council_office)
    listing = browser.get("/anfragen/?aufgabe=zurueckgegeben").get_data(as_text=True)
    assert item.number in listing
    page = browser.get(f"/anfragen/{item.id}/zuweisung").get_data(as_text=True)
    assert "hat Frage 2 b) zurückgegeben: „Das macht das Hochbauamt.“" in page
    assert '<legend class="kern-heading-small">Frage 2 b)</legend>' in page
    assert "Frage 2 a)</legend>" not in page and "Frage 1</legend>" not in page
    assert "Teilfragen einzeln zuweisen" not in page  # no choice left: a) is with its office
    response = browser.submit(f"/anfragen/{item.id}/zuweisung", {
        "action": "send", f"lead_{q['2 b)']}": str(w.lead_unit.id)})
    assert response.status_code == 302
    item = _inquiry(session, with_parts)
    assert any(a.question_id == q["2 b)"] and a.org_unit_id == w.lead_unit.id
               and a.state == AssignmentState.OPEN for a in item.assignments)
    assert "Alle Fragen sind zugewiesen" in browser.get(
        f"/anfragen/{item.id}/zuweisung").get_data(as_text=True)
    assert item.number not in browser.get("/anfragen/?aufgabe=zurueckgegeben").get_data(as_text=True)


def test_the_mail_names_the_sub_question_with_its_question(clerk, catalogue, with_parts, session):
    q = _ids(session, with_parts)
    assert _route_by_parts(clerk, catalogue, with_parts, q).status_code == 302
    session.expire_all()
    bodies = [m.body for m in session.scalars(sa.select(OutboxMail))
              if catalogue.other_unit.mailbox in m.recipients]
    assert len(bodies) == 1
    assert "- Frage 2 b) (federführend)" in bodies[0]
    assert f"Wie geht es mit dem Rathausturm weiter? – {PART_B}" in bodies[0]


def test_the_lead_of_one_sub_question_may_consolidate_only_that_question(clerk, catalogue,
                                                                         with_parts, session):
    q = _ids(session, with_parts)
    assert _route_by_parts(clerk, catalogue, with_parts, q).status_code == 302
    item = _inquiry(session, with_parts)
    question_2 = session.get(Question, q["2"])
    other = factories.user(Role.DEPARTMENT, catalogue.other_unit)
    assert question_2.is_led_by(other)
    assert not session.get(Question, q["1"]).is_led_by(other)
    assert item.can_consolidate(other)
