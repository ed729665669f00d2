"""Similar past questions (issue 16, item 4): the questions of answered inquiries most like
a new one, best first, with their final answers and the offices that answered them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from inquiry_app.models import InquiryState
from inquiry_app.search import similar_questions
from tests import factories as f
from tests.search.archive import archived

pytestmark = pytest.mark.usefixtures("app")

NEW = "Wie viele Anträge auf Einbürgerung wurden 2024 bei der Staatsangehörigkeitsbehörde gestellt?"


@pytest.fixture
def past(w):
    same = archived([
        ("Wie viele Einbürgerungsanträge wurden 2022 bei der Staatsangehörigkeitsbehörde "
         "gestellt?", "2022 wurden 1.234 Anträge gestellt."),
        ("Wie viele Stellen hat die Behörde?", "Zwölf Stellen."),
    ], received_on=date(2023, 2, 1), office=w.lead_unit, guessed=True)
    related = archived([("Wie lange dauert ein Einbürgerungsverfahren?", "Etwa 14 Monate.")],
                       received_on=date(2022, 2, 1), office=w.other_unit, guessed=False)
    unrelated = archived([("Wie viele Bäume wurden 2022 gefällt?", "Es wurden 300 Bäume "
                           "gefällt.")], received_on=date(2023, 3, 1))
    f.stored()
    return same, related, unrelated


def test_the_most_similar_question_comes_first_with_its_final_answer_and_office(w, past):
    same, related, unrelated = past
    found = similar_questions(NEW, w.council_office)
    assert found, "nichts gefunden"
    first = found[0]
    assert (first.inquiry_id, first.question_number) == (same.id, "1")
    assert first.number == same.number and first.received_on == date(2023, 2, 1)
    assert first.answer_text == "2022 wurden 1.234 Anträge gestellt."
    assert [(o.unit_id, o.guessed) for o in first.offices] == [(w.lead_unit.id, True)]
    assert first.viewable
    ids = [s.inquiry_id for s in found]
    assert related.id in ids and unrelated.id not in ids
    assert ids.index(related.id) > 0
    scores = [s.score for s in found]
    assert scores == sorted(scores, reverse=True)


def test_limit_and_the_inquiry_being_answered_is_left_out(w, past):
    same, related, _ = past
    assert len(similar_questions(NEW, w.council_office, limit=1)) == 1
    found = similar_questions(NEW, w.council_office, exclude_inquiry_id=same.id)
    assert same.id not in {s.inquiry_id for s in found}
    assert found[0].inquiry_id == related.id
    assert [(o.unit_id, o.guessed) for o in found[0].offices] == [(w.other_unit.id, False)]


def test_only_answered_inquiries_count(w, past):
    open_one = f.councillor_inquiry(w, [NEW], received_on=date(2024, 3, 1),
                                    due_on=date(2024, 3, 29))
    f.stored()
    found = similar_questions(NEW, w.council_office)
    assert open_one.id not in {s.inquiry_id for s in found}


def test_the_offices_of_a_question_worked_on_here_are_its_lead_units(w):
    item = f.complete(w, ["Wie viele Anträge auf Einbürgerung wurden 2021 gestellt?"],
                      received_on=date(2021, 3, 1), due_on=date(2021, 3, 29))
    item.state = InquiryState.SENT
    item.signed_at = datetime(2021, 3, 20)
    item.sent_on = date(2021, 3, 21)
    f.stored()
    [found] = [s for s in similar_questions(NEW, w.council_office) if s.inquiry_id == item.id]
    assert [(o.unit_id, o.guessed) for o in found.offices] == [(w.lead_unit.id, False)]
    assert found.answer_text == "Antwort zu Frage 1."


def test_a_department_sees_the_archive_and_published_replies(w, past):
    same, _related, _unrelated = past
    sent = archived([("Wie viele Anträge auf Einbürgerung wurden 2021 gestellt?", "Viele.")],
                    received_on=date(2022, 1, 10), state=InquiryState.SENT, imported=False)
    published = archived([("Wie viele Anträge auf Einbürgerung wurden 2020 gestellt?",
                           "Wenige.")], received_on=date(2021, 1, 10), imported=False)
    f.stored()
    for person in (w.other_clerk, w.lead_clerk):
        found = {s.inquiry_id: s for s in similar_questions(NEW, person)}
        assert sent.id not in found
        assert found[same.id].viewable  # imported: open to everyone
        assert not found[published.id].viewable  # the public page
        assert found[published.id].answer_text == "Wenige."
    assert sent.id in {s.inquiry_id for s in similar_questions(NEW, w.council_office)}


@pytest.mark.parametrize("text", ["", "   ", "und der die", "?!", "x" * 5000,
                                  "Quantenchromodynamik"])
def test_nothing_to_compare_gives_an_empty_list(w, past, text):
    assert similar_questions(text, w.council_office) == []


def test_the_same_question_asked_in_two_years_finds_both(w, past):
    same, *_ = past
    newer = archived([(
        "Wie viele Einbürgerungsanträge wurden 2023 bei der Staatsangehörigkeitsbehörde "
        "gestellt?", "2023 wurden 1.500 Anträge gestellt.")],
        received_on=date(2024, 2, 1) + timedelta(days=1))
    f.stored()
    ids = [s.inquiry_id for s in similar_questions(NEW, w.council_office)]
    assert set(ids[:2]) == {same.id, newer.id}


def test_an_imported_reply_is_searchable_and_reusable_right_after_the_import(app, w, tmp_path):
    from tests.archive.archive_data import reply_text, run

    folder = tmp_path / "archiv"
    folder.mkdir()
    (folder / "antwort.txt").write_text(reply_text("AF9106/19"), encoding="utf-8")
    assert run(app, str(folder), "--report", str(tmp_path / "r.csv")).exit_code == 0

    from inquiry_app.search import SearchQuery, search

    hits = search(w.other_clerk, SearchQuery("Elberadweg")).hits
    assert [(h.number, h.imported, h.viewable) for h in hits] == [("AF9106/19", True, True)]
    [found] = [s for s in similar_questions(
        "Wie viele Radfahrende nutzen täglich den Elberadweg?", w.lead_clerk)
        if s.number == "AF9106/19"]
    assert found.question_number == "1"
    assert found.answer_text.startswith("Die Zählstelle am Blauen Wunder")
    assert found.offices == () or all(o.guessed for o in found.offices)
