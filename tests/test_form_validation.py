"""Forms of the letter page, text blocks, catalogue and outbox: refused input shows the error
summary with the German message (422), keeps what was typed and changes nothing."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import sqlalchemy as sa
from conftest import count_rows
from test_letters import _as, _inquiry, _post, _to_signature

from inquiry_app.models import (
    CompetenceTerm,
    DeadlineExtension,
    InquiryState,
    OrgUnit,
    ReplyLetter,
    TextBlock,
    Transition,
)

SUMMARY = "app-error-summary"


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _refused(response, message: str) -> str:
    page = _page(response)
    assert response.status_code == 422, page[:500]
    assert SUMMARY in page and "Bitte korrigieren Sie folgende Angaben:" in page
    assert message in page
    return page


# --- letter page ----------------------------------------------------------------------------

def test_interim_notice_without_reason_keeps_the_date(browser, demo, session):
    inquiry = _inquiry(session)
    due, letters, extensions = inquiry.due_on, count_rows(ReplyLetter), count_rows(DeadlineExtension)
    new_date = (due + timedelta(days=30)).isoformat()
    browser.login("rat")
    page = _refused(_post(browser, f"/anfragen/{inquiry.id}/zwischenbescheid",
                          {"new_date": new_date, "reason": "  \r\n ", "send_mail": "1"}),
                    "Bitte geben Sie den Grund für den Zwischenbescheid an.")
    assert f'value="{new_date}"' in page
    assert 'id="reason-error"' in page and 'href="#reason"' in page  # field and summary link
    assert _inquiry(session).due_on == due
    assert count_rows(ReplyLetter) == letters and count_rows(DeadlineExtension) == extensions


def test_interim_notice_with_a_bad_date_keeps_the_reason(browser, demo, session):
    inquiry = _inquiry(session)
    due = inquiry.due_on
    browser.login("rat")
    for value in ("", "31.02.2025", "kein Datum"):
        page = _refused(_post(browser, f"/anfragen/{inquiry.id}/zwischenbescheid",
                              {"new_date": value, "reason": "die Prüfung noch andauert"}),
                        "Bitte geben Sie ein gültiges Datum an.")
        assert "die Prüfung noch andauert</textarea>" in page
    page = _refused(_post(browser, f"/anfragen/{inquiry.id}/zwischenbescheid",
                          {"new_date": "9999-12-31", "reason": "die Prüfung noch andauert"}),
                    "liegt zu weit in der Zukunft")
    assert _inquiry(session).due_on == due


def test_recall_without_reason_is_refused_and_nothing_changes(browser, complete, session):
    base = f"/anfragen/{complete.id}/schreiben"
    browser.login("rat")
    _post(browser, f"{base}/entwurf")
    assert _post(browser, f"{base}/mitzeichnung").status_code == 302
    steps = count_rows(Transition)
    page = _refused(_post(browser, f"{base}/zurueckholen", {"reason": " \n "}),
                    "Bitte begründen Sie, warum Sie das Schreiben zurückholen.")
    assert 'id="recall-reason-error"' in page
    assert _inquiry(session).state == InquiryState.IN_REVIEW
    assert count_rows(Transition) == steps


def test_return_without_comment_shows_the_summary(browser, complete, session):
    base = f"/anfragen/{complete.id}/schreiben"
    browser.login("rat")
    _post(browser, f"{base}/entwurf")
    _post(browser, f"{base}/mitzeichnung")
    _as(browser, "leitung33")
    _refused(_post(browser, f"{base}/zurueckgeben", {"comment": "   "}),
             "Bitte begründen Sie die Rückgabe.")
    assert _inquiry(session).state == InquiryState.IN_REVIEW


def test_empty_intro_is_refused_with_the_other_settings_kept(browser, complete, session):
    base = f"/anfragen/{complete.id}/schreiben"
    browser.login("rat")
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


def test_draft_settings_left_out_of_the_post_stay_as_stored(browser, complete, session):
    base = f"/anfragen/{complete.id}/schreiben"
    browser.login("rat")
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


def test_dispatch_with_unknown_channel_or_without_date_is_refused(browser, complete, session):
    base = _to_signature(browser, complete.id)
    _as(browser, "ob")
    assert _post(browser, f"{base}/zeichnen", {"password": "anfragen-demo",
                                               "mode": "self"}).status_code == 302
    _as(browser, "rat")
    sent_on = _inquiry(session).signed_at.date().isoformat()
    page = _refused(_post(browser, f"{base}/versand", {"sent_on": sent_on, "channel": "Brieftaube"}),
                    "Bitte wählen Sie einen Versandweg.")
    assert f'value="{sent_on}"' in page
    _refused(_post(browser, f"{base}/versand", {"channel": "Post"}),
             "Bitte geben Sie ein gültiges Datum an.")
    inquiry = _inquiry(session)
    assert inquiry.state == InquiryState.SIGNED and inquiry.sent_on is None


def test_letter_form_without_csrf_token_is_a_bad_request(browser, demo, session):
    inquiry = _inquiry(session)
    browser.login("rat")
    response = browser.client.post(f"/anfragen/{inquiry.id}/zwischenbescheid",
                                   data={"new_date": "2030-01-01", "reason": "x"})
    assert response.status_code == 400


# --- text blocks ----------------------------------------------------------------------------

def test_text_block_without_title_keeps_the_text(browser, demo):
    browser.login("rat")
    blocks = count_rows(TextBlock)
    page = _refused(browser.submit("/textbausteine/neu", {"title": " \x0b ", "unit": "",
                                                          "text": "Zeile eins\r\nZeile zwei"}),
                    "Bitte geben Sie einen Titel ein.")
    assert "Zeile eins\nZeile zwei</textarea>" in page
    assert count_rows(TextBlock) == blocks


def test_text_block_too_long_is_refused(browser, demo):
    browser.login("rat")
    blocks = count_rows(TextBlock)
    _refused(browser.submit("/textbausteine/neu", {"title": "Lang", "unit": "",
                                                   "text": "x" * 20_001}),
             "Titel (200) oder Text (20.000 Zeichen) ist zu lang.")
    assert count_rows(TextBlock) == blocks


def test_text_block_title_is_one_line_and_unchecked_active_is_kept(browser, demo, session):
    browser.login("rat")
    assert browser.submit("/textbausteine/neu", {"title": "Haushalts\nvorbehalt  2026",
                                                  "unit": "", "text": "Text"}).status_code == 302
    block = session.scalar(sa.select(TextBlock).where(TextBlock.title == "Haushalts vorbehalt 2026"))
    assert block is not None and not block.active


# --- catalogue and outbox -------------------------------------------------------------------

def test_catalogue_term_too_long_keeps_the_typed_terms(browser, demo, session):
    unit = session.scalar(sa.select(OrgUnit).where(OrgUnit.code == "33"))
    terms = count_rows(CompetenceTerm)
    browser.login("rat")
    response = browser.submit(f"/verwaltung/katalog/{unit.id}",
                              {"terms": "Einbürgerung\r\n" + "Wort" * 100})
    page = _page(response)
    assert response.status_code == 422 and "ist länger als" in page
    assert "Einbürgerung\n" + "Wort" * 100 + "</textarea>" in page
    assert count_rows(CompetenceTerm) == terms


def test_outbox_return_target_must_be_a_local_path(browser, demo, session):
    from inquiry_app.outbox.forms import local_path

    assert local_path("/anfragen/1/schreiben") == "/anfragen/1/schreiben"
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "", None,
                   "javascript:alert(1)"):
        assert local_path(target) is None, target


def test_dispatch_form_offers_today_as_the_date(browser, complete, session):
    from datetime import date

    base = _to_signature(browser, complete.id)
    _as(browser, "ob")
    _post(browser, f"{base}/zeichnen", {"password": "anfragen-demo", "mode": "self"})
    _as(browser, "rat")
    page = _page(browser.get(base))
    field = re.search(r"<input[^>]*name=\"sent_on\"[^>]*>", page).group(0)
    assert f'value="{date.today().isoformat()}"' in field and 'type="date"' in field, field


def test_reassignment_with_junk_ids_gets_a_german_message(browser, complete, session):
    base = f"/anfragen/{complete.id}/schreiben"
    browser.login("rat")
    _post(browser, f"{base}/entwurf")
    _post(browser, f"{base}/mitzeichnung")
    steps = count_rows(Transition)
    _as(browser, "admin")
    response = _post(browser, f"{base}/umleiten",
                     {"review_id": "abc", "unit_id": "9" * 30, "note": "Vertretung"})
    assert response.status_code == 409
    assert "wartet nicht mehr" in _page(response)
    assert 'value="Vertretung"' in _page(response)  # the note is kept
    assert count_rows(Transition) == steps


def test_text_block_post_stands_on_its_own(browser, demo, session):
    block = session.scalar(sa.select(TextBlock).where(TextBlock.org_unit_id.is_(None)))
    title = block.title
    browser.login("rat")
    _refused(browser.submit(f"/textbausteine/{block.id}", {"unit": ""}),
             "Bitte geben Sie einen Titel ein.")  # left out is empty, not the stored title
    session.expire_all()
    assert session.get(TextBlock, block.id).title == title
    page = _page(browser.get(f"/textbausteine/{block.id}"))
    assert f'value="{title}"' in page
