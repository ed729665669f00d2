"""Forms of the letter page, text blocks, catalogue and outbox: refused input shows the error
summary with the German message (422), keeps what was typed and changes nothing."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import factories
import pytest
import sqlalchemy as sa
from conftest import count_rows
from factories import fresh as _inquiry
from factories import login
from factories import post as _post

from inquiry_app.models import (
    CompetenceTerm,
    DeadlineExtension,
    InquiryState,
    ReplyLetter,
    TextBlock,
    Transition,
)

SUMMARY = "app-error-summary"


@pytest.fixture
def world(session):
    """The world's mayor's office is the last review station."""
    return factories.world(sole_mayor_office=True)


@pytest.fixture
def complete(world):
    """Four questions, all answers final."""
    return factories.complete(world, 4)


@pytest.fixture
def split(world):
    """A councillor's inquiry, split confirmed."""
    return factories.confirmed(factories.councillor_inquiry(world), world.council_office)


def _signed(browser, world, inquiry) -> str:
    base = factories.signed(browser, world, inquiry)
    login(browser, world.council_office)
    return base


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _refused(response, message: str) -> str:
    page = _page(response)
    assert response.status_code == 422, page[:500]
    assert SUMMARY in page and "Bitte korrigieren Sie folgende Angaben:" in page
    assert message in page
    return page


# --- letter page ----------------------------------------------------------------------------

def test_interim_notice_without_reason_keeps_the_date(browser, world, split, session):
    inquiry = split
    due, letters, extensions = inquiry.due_on, count_rows(ReplyLetter), count_rows(DeadlineExtension)
    new_date = (due + timedelta(days=30)).isoformat()
    login(browser, world.council_office)
    page = _refused(_post(browser, f"/anfragen/{inquiry.id}/zwischenbescheid",
                          {"new_date": new_date, "reason": "  \r\n ", "send_mail": "1"}),
                    "Bitte geben Sie den Grund für den Zwischenbescheid an.")
    assert f'value="{new_date}"' in page
    assert 'id="reason-error"' in page and 'href="#reason"' in page  # field and summary link
    assert _inquiry(session, inquiry).due_on == due
    assert count_rows(ReplyLetter) == letters and count_rows(DeadlineExtension) == extensions


def test_interim_notice_with_a_bad_date_keeps_the_reason(browser, world, split, session):
    inquiry = split
    due = inquiry.due_on
    login(browser, world.council_office)
    for value in ("", "31.02.2025", "kein Datum"):
        page = _refused(_post(browser, f"/anfragen/{inquiry.id}/zwischenbescheid",
                              {"new_date": value, "reason": "die Prüfung noch andauert"}),
                        "Bitte geben Sie ein gültiges Datum an.")
        assert "die Prüfung noch andauert</textarea>" in page
    page = _refused(_post(browser, f"/anfragen/{inquiry.id}/zwischenbescheid",
                          {"new_date": "9999-12-31", "reason": "die Prüfung noch andauert"}),
                    "liegt zu weit in der Zukunft")
    assert _inquiry(session, inquiry).due_on == due


def test_recall_without_reason_is_refused_and_nothing_changes(browser, world, complete, session):
    base = f"/anfragen/{complete.id}/schreiben"
    login(browser, world.council_office)
    _post(browser, f"{base}/entwurf")
    assert _post(browser, f"{base}/mitzeichnung").status_code == 302
    steps = count_rows(Transition)
    page = _refused(_post(browser, f"{base}/zurueckholen", {"reason": " \n "}),
                    "Bitte begründen Sie, warum Sie das Schreiben zurückholen.")
    assert 'id="recall-reason-error"' in page
    assert _inquiry(session, complete).state == InquiryState.IN_REVIEW
    assert count_rows(Transition) == steps


def test_return_without_comment_shows_the_summary(browser, world, complete, session):
    base = f"/anfragen/{complete.id}/schreiben"
    login(browser, world.council_office)
    _post(browser, f"{base}/entwurf")
    _post(browser, f"{base}/mitzeichnung")
    login(browser, world.lead_head)  # the first station
    _refused(_post(browser, f"{base}/zurueckgeben", {"comment": "   "}),
             "Bitte begründen Sie die Rückgabe.")
    assert _inquiry(session, complete).state == InquiryState.IN_REVIEW


def test_empty_intro_is_refused_with_the_other_settings_kept(browser, world, complete, session):
    base = f"/anfragen/{complete.id}/schreiben"
    login(browser, world.council_office)
    _post(browser, f"{base}/entwurf")
    draft = session.scalar(sa.select(ReplyLetter).where(ReplyLetter.inquiry_id == complete.id))
    before = dict(draft.structure)
    page = _refused(_post(browser, f"{base}/einstellungen",
                          {"intro": " \x0b ", "signature_function": "Oberbürgermeister",
                           "file_reference": "OB-SR 4711"}),
                    "Der Einleitungssatz darf nicht leer sein.")
    assert 'value="OB-SR 4711"' in page
    session.expire_all()
    assert session.get(ReplyLetter, draft.id).structure == before


def test_draft_settings_left_out_of_the_post_stay_as_stored(browser, world, complete, session):
    base = f"/anfragen/{complete.id}/schreiben"
    login(browser, world.council_office)
    _post(browser, f"{base}/entwurf")
    assert _post(browser, f"{base}/einstellungen",
                 {"intro": "Ihre Anfrage beantworte ich wie folgt:", "remark": "",
                  "signature_name": "", "signature_function": "Oberbürgermeister",
                  "file_reference": ""}).status_code == 302
    assert _post(browser, f"{base}/einstellungen",
                 {"file_reference": "OB-SR\x0b4711"}).status_code == 302  # no intro posted
    page = _page(browser.get(base))
    assert 'value="OB-SR 4711"' in page  # one-line field: the line break became a space
    assert 'value="Ihre Anfrage beantworte ich wie folgt:"' in page


def test_dispatch_with_unknown_channel_or_without_date_is_refused(browser, world, complete,
                                                                   session):
    base = _signed(browser, world, complete)
    sent_on = _inquiry(session, complete).signed_at.date().isoformat()
    page = _refused(_post(browser, f"{base}/versand", {"sent_on": sent_on, "channel": "Brieftaube"}),
                    "Bitte wählen Sie einen Versandweg.")
    assert f'value="{sent_on}"' in page
    _refused(_post(browser, f"{base}/versand", {"channel": "Post"}),
             "Bitte geben Sie ein gültiges Datum an.")
    inquiry = _inquiry(session, complete)
    assert inquiry.state == InquiryState.SIGNED and inquiry.sent_on is None


def test_letter_form_without_csrf_token_is_a_bad_request(browser, world, split, session):
    inquiry = split
    login(browser, world.council_office)
    response = browser.client.post(f"/anfragen/{inquiry.id}/zwischenbescheid",
                                   data={"new_date": "2030-01-01", "reason": "x"})
    assert response.status_code == 400


# --- text blocks ----------------------------------------------------------------------------

def test_text_block_without_title_keeps_the_text(browser, world):
    login(browser, world.council_office)
    blocks = count_rows(TextBlock)
    page = _refused(browser.submit("/textbausteine/neu", {"title": " \x0b ", "unit": "",
                                                          "text": "Zeile eins\r\nZeile zwei"}),
                    "Bitte geben Sie einen Titel ein.")
    assert "Zeile eins\nZeile zwei</textarea>" in page
    assert count_rows(TextBlock) == blocks


def test_text_block_too_long_is_refused(browser, world):
    login(browser, world.council_office)
    blocks = count_rows(TextBlock)
    _refused(browser.submit("/textbausteine/neu", {"title": "Lang", "unit": "",
                                                   "text": "x" * 20_001}),
             "Titel (200) oder Text (20.000 Zeichen) ist zu lang.")
    assert count_rows(TextBlock) == blocks


def test_text_block_title_is_one_line_and_unchecked_active_is_kept(browser, world, session):
    login(browser, world.council_office)
    assert browser.submit("/textbausteine/neu", {"title": "Haushalts\nvorbehalt  2026",
                                                  "unit": "", "text": "Text"}).status_code == 302
    block = session.scalar(sa.select(TextBlock).where(TextBlock.title == "Haushalts vorbehalt 2026"))
    assert block is not None and not block.active


# --- catalogue and outbox -------------------------------------------------------------------

def test_catalogue_term_too_long_keeps_the_typed_terms(browser, world, session):
    unit = world.lead_unit
    terms = count_rows(CompetenceTerm)
    login(browser, world.council_office)
    response = browser.submit(f"/verwaltung/katalog/{unit.id}",
                              {"terms": "Einbürgerung\r\n" + "Wort" * 100})
    page = _page(response)
    assert response.status_code == 422 and "ist länger als" in page
    assert "Einbürgerung\n" + "Wort" * 100 + "</textarea>" in page
    assert count_rows(CompetenceTerm) == terms


def test_outbox_return_target_must_be_a_local_path():
    from inquiry_app.outbox.forms import local_path

    assert local_path("/anfragen/1/schreiben") == "/anfragen/1/schreiben"
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "", None,
                   "javascript:alert(1)"):
        assert local_path(target) is None, target


def test_dispatch_form_offers_today_as_the_date(browser, world, complete, session):
    from datetime import date

    base = _signed(browser, world, complete)
    page = _page(browser.get(base))
    field = re.search(r"<input[^>]*name=\"sent_on\"[^>]*>", page).group(0)
    assert f'value="{date.today().isoformat()}"' in field and 'type="date"' in field, field


def test_reassignment_with_junk_ids_gets_a_german_message(browser, world, complete, session):
    base = f"/anfragen/{complete.id}/schreiben"
    login(browser, world.council_office)
    _post(browser, f"{base}/entwurf")
    _post(browser, f"{base}/mitzeichnung")
    steps = count_rows(Transition)
    login(browser, world.admin)
    response = _post(browser, f"{base}/umleiten",
                     {"review_id": "abc", "unit_id": "9" * 30, "note": "Vertretung"})
    assert response.status_code == 409
    assert "wartet nicht mehr" in _page(response)
    assert 'value="Vertretung"' in _page(response)  # the note is kept
    assert count_rows(Transition) == steps


def test_text_block_post_stands_on_its_own(browser, world, session):
    block = factories.text_block("Datenschutz: keine Angaben zu Einzelpersonen")  # city-wide
    session.commit()
    title = block.title
    login(browser, world.council_office)
    _refused(browser.submit(f"/textbausteine/{block.id}", {"unit": ""}),
             "Bitte geben Sie einen Titel ein.")  # left out is empty, not the stored title
    session.expire_all()
    assert session.get(TextBlock, block.id).title == title
    page = _page(browser.get(f"/textbausteine/{block.id}"))
    assert f'value="{title}"' in page
