"""Posted values refused by the forms of routing, assignments, contributions and comments: a
German message, what was typed stays, nothing changes."""

from __future__ import annotations

import re

import factories
import pytest
import sqlalchemy as sa
from conftest import count_rows
from factories import fresh as _inquiry
from factories import login
from factories import unit_assignment as _assignment
from split_rows import split_rows

from inquiry_app.contributions.answers import MAX_COMMENT_CHARS
from inquiry_app.models import (
    Assignment,
    AssignmentState,
    Comment,
    ContributionState,
    Inquiry,
    InquiryState,
)

SUMMARY = "Bitte korrigieren Sie folgende Angaben:"


@pytest.fixture
def split(world):
    """Four questions, split confirmed, not routed."""
    return factories.confirmed(factories.councillor_inquiry(world, 4), world.council_office)


@pytest.fixture
def routed(world, split):
    """Routed: 1, 2 and 4 to the lead unit, 3 to the contributing unit (the lead unit helps)."""
    lead, other = world.lead_unit, world.contributing_unit
    return factories.routed(split, world.council_office, {1: lead, 2: lead, 3: other, 4: lead},
                            {3: [lead]})


def _snapshot(session):
    session.expire_all()
    return sorted((a.id, a.org_unit_id, a.state.value, a.due_on)
                  for a in session.scalars(sa.select(Assignment)))


# --- routing plan ---------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "message"), [
    ("2025-02-30", "Frage 1: Bitte geben Sie ein gültiges Datum an."),
    ("morgen", "Frage 1: Bitte geben Sie ein gültiges Datum an."),
    ("9999-12-31", "Frage 1: Das Datum 31.12.9999 liegt zu weit in der Zukunft."),
    ("0001-01-01", "liegt vor dem 01.01.1990."),
])
def test_plan_with_a_bad_due_date_shows_the_summary_and_keeps_the_input(browser, world, split,
                                                                        session, value, message):
    login(browser, world.council_office)
    inquiry = _inquiry(session, split)
    q = {x.number: x.id for x in inquiry.questions}
    before = _snapshot(session)
    u66 = world.other_unit.id
    data = {"action": "send", f"due_{q['1']}": value,
            **{f"lead_{i}": str(u66) for i in q.values()}}
    response = browser.submit(f"/anfragen/{inquiry.id}/zuweisung", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert SUMMARY in page and message in page
    assert f'href="#due_{q["1"]}"' in page  # the summary links to the field
    assert re.search(rf'name="due_{q["1"]}"[^>]* value="{re.escape(value)}"', page)  # typed stays
    lead_2 = re.search(rf'name="lead_{q["2"]}"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert f'<option selected value="{u66}">' in lead_2
    assert _snapshot(session) == before
    assert _inquiry(session, split).state == InquiryState.SPLIT


def test_plan_with_junk_ids_gives_a_german_message(browser, world, split, session):
    login(browser, world.council_office)
    inquiry = _inquiry(session, split)
    q = [x.id for x in inquiry.questions]
    data = {"action": "save", **{f"lead_{i}": "abc" for i in q}, f"contrib_{q[0]}": ["x", "-1"]}
    response = browser.submit(f"/anfragen/{inquiry.id}/zuweisung", data)
    assert response.status_code == 422
    assert "Frage 1 braucht genau ein federführendes Amt." in response.get_data(as_text=True)
    assert _inquiry(session, split).assignments == []


# --- return and forward ---------------------------------------------------------------------

def test_return_without_reason_shows_the_form_again_with_the_choice_kept(browser, world, routed, session):
    login(browser, world.lead_clerk)
    a1 = _assignment(session, world.lead_unit, "1")
    suggested = world.other_unit.id
    before = _snapshot(session)
    response = browser.submit(f"/zuweisungen/{a1.id}/zurueckgeben",
                              {"reason": "  ", "suggested_unit": str(suggested)},
                              form_url=f"/zuweisungen/{a1.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert SUMMARY in page
    assert 'href="#reason">Begründung: Bitte begründen Sie die Rückgabe.' in page
    assert re.search(rf'<option selected value="{suggested}">', page)
    assert _snapshot(session) == before
    assert _assignment(session, world.lead_unit, "1").state == AssignmentState.OPEN


def test_forward_without_a_unit_shows_a_german_message(browser, world, routed, session):
    login(browser, world.lead_clerk)
    a1 = _assignment(session, world.lead_unit, "1")
    before = _snapshot(session)
    for value in ("", "abc", "999999999"):
        response = browser.submit(f"/zuweisungen/{a1.id}/weitergeben", {"target_unit": value},
                                  form_url=f"/zuweisungen/{a1.id}")
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert SUMMARY in page
        assert "Bitte wählen Sie die Einheit, an die Sie weitergeben." in page
    assert _snapshot(session) == before


# --- contributions, comments ----------------------------------------------------------------

def test_head_return_without_comment_is_refused_and_nothing_changes(browser, world, routed, session):
    unit = world.lead_unit
    unit.requires_head_approval = True
    session.commit()
    login(browser, world.lead_clerk)
    a1 = _assignment(session, world.lead_unit, "1")
    page = browser.get(f"/zuweisungen/{a1.id}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d*)"', page).group(1)
    browser.submit(f"/zuweisungen/{a1.id}/beitrag",
                   {"text": "Antwort", "action": "submit", "version": version},
                   form_url=f"/zuweisungen/{a1.id}")
    browser.logout()
    login(browser, world.lead_head)
    contribution = _assignment(session, world.lead_unit, "1").contribution
    comments = count_rows(Comment)
    response = browser.submit(f"/beitraege/{contribution.id}/zurueckgeben", {"comment": "   "},
                              form_url=f"/zuweisungen/{a1.id}", follow_redirects=True)
    assert "Bitte begründen Sie die Rückgabe an die Bearbeitung." in response.get_data(as_text=True)
    assert _assignment(session, world.lead_unit, "1").contribution.state == \
        ContributionState.AWAITING_APPROVAL
    assert count_rows(Comment) == comments


@pytest.mark.parametrize(("text", "message"), [
    ("", "Bitte schreiben Sie einen Kommentar."),
    (" \n ", "Bitte schreiben Sie einen Kommentar."),
    ("x" * (MAX_COMMENT_CHARS + 1), "Der Kommentar ist zu lang."),
])
def test_empty_or_long_comment_is_refused(browser, world, routed, session, text, message):
    login(browser, world.council_office)
    comments = count_rows(Comment)
    response = browser.submit(f"/anfragen/{routed.id}/kommentare", {"text": text},
                              form_url=f"/anfragen/{routed.id}/antworten", follow_redirects=True)
    assert response.status_code == 422  # the page again, with the message (issue 13)
    assert message in response.get_data(as_text=True)
    assert count_rows(Comment) == comments


def test_comment_back_link_stays_on_this_site(browser, world, routed, session):
    login(browser, world.council_office)
    response = browser.submit(f"/anfragen/{routed.id}/kommentare",
                              {"text": "Hinweis", "back": "//example.org/x"},
                              form_url=f"/anfragen/{routed.id}/antworten")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/anfragen/{routed.id}/antworten")


def test_grouping_with_junk_ids_gives_the_german_message(browser, world, routed, session):
    login(browser, world.council_office)
    browser.get(f"/anfragen/{routed.id}/antworten")
    response = browser.submit(f"/anfragen/{routed.id}/antworten/gruppieren",
                              {"question": ["abc", "99999999999999999999999"]},
                              form_url=f"/anfragen/{routed.id}/antworten", follow_redirects=True)
    assert "Bitte wählen Sie mindestens zwei Fragen aus." in response.get_data(as_text=True)


# --- split editor ---------------------------------------------------------------------------

def test_split_editor_refuses_rows_without_their_text(browser, world, session):
    inquiry = factories.councillor_inquiry(world)  # waiting for its split
    login(browser, world.council_office)
    version = inquiry.version
    response = browser.submit(f"/anfragen/{inquiry.id}/zerlegung",
                              {"version": str(version), "preamble": "x", "action": "save",
                               "rows-0-number": "1", "rows-0-text": "Nur eine",
                               "rows-1-number": "2"})
    assert response.status_code == 400
    session.expire_all()
    assert session.get(Inquiry, inquiry.id).version == version


def test_split_editor_keeps_the_typed_preamble_on_a_stale_version(browser, world, session):
    inquiry = factories.councillor_inquiry(world)  # waiting for its split
    login(browser, world.council_office)
    response = browser.submit(f"/anfragen/{inquiry.id}/zerlegung",
                              {"version": "junk", "preamble": "Meine Vorbemerkung",
                               "action": "save", **split_rows([("1", "Frage?")])})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Meine Vorbemerkung" in page and "Frage?" in page
