"""Archived inquiries in the app: visible to every logged-in user, read-only everywhere, the
archive note with the original file and the guessed offices, and the public page."""

from __future__ import annotations

import sqlalchemy as sa

from inquiry_app.extensions import db
from inquiry_app.models import Inquiry
from inquiry_app.workflow import WorkflowError, available_events, fire
from tests import factories as f
from tests.archive.archive_data import reply_text, report_rows, run


def _archived(app, tmp_path, number: str = "AF9101/19") -> Inquiry:
    f.org_unit("Radverkehrsamt (Test)", terms=["Elberadweg", "Radfahrende"])
    folder = tmp_path / "archiv"
    folder.mkdir()
    (folder / "Antwort AF9101.txt").write_text(reply_text(number), encoding="utf-8")
    result = run(app, str(folder), "--report", str(tmp_path / "r.csv"))
    assert result.exit_code == 0 and report_rows(tmp_path / "r.csv")[0]["status"] == "importiert"
    f.stored()
    return db.session.scalar(sa.select(Inquiry).where(Inquiry.number == number))


def test_every_user_sees_the_archive_and_its_note(app, browser, tmp_path):
    w = f.world()
    inquiry = _archived(app, tmp_path)
    f.login(browser, w.other_clerk)  # a department user without any assignment

    listing = browser.get("/anfragen/?q=AF9101").get_data(as_text=True)
    page = browser.get(f"/anfragen/{inquiry.id}")

    assert "AF9101/19" in listing
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Archiv" in html and "Importiert aus" in html and "Antwort AF9101.txt" in html
    assert "Radverkehrsamt (Test)" in html and "vermutet" in html
    assert "4.200 Radfahrende" in html  # the archived answer under its question
    assert "schreibgeschützt: Es steht kein Schritt an" in html
    assert "Antwortschreiben entwerfen" not in html


def test_the_original_reply_file_downloads_with_a_safe_name(app, browser, tmp_path):
    w = f.world()
    inquiry = _archived(app, tmp_path)
    f.login(browser, w.contributing_clerk)

    response = browser.get(f"/anfragen/{inquiry.id}/archiv/antwort")

    assert response.status_code == 200
    assert response.data == (tmp_path / "archiv" / "Antwort AF9101.txt").read_bytes()
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "Antwort_AF9101-19.txt" in disposition
    assert browser.get(f"/anfragen/{inquiry.id}/archiv/anfrage").status_code == 404
    browser.logout()
    assert browser.get(f"/anfragen/{inquiry.id}/archiv/antwort").status_code in (302, 401)


def test_archived_inquiries_are_read_only_over_http_and_in_the_workflow(app, browser, tmp_path):
    w = f.world()
    inquiry = _archived(app, tmp_path)
    answer_id, answer_text = inquiry.answers[0].id, inquiry.answers[0].text
    f.login(browser, w.council_office)

    details = browser.get(f"/anfragen/{inquiry.id}/angaben")
    comment = f.post(browser, f"/anfragen/{inquiry.id}/kommentare", {"text": "Hallo"})
    answer = f.post(browser, f"/antworten/{answer_id}", {"text": "überschrieben"})
    withdraw = f.post(browser, f"/anfragen/{inquiry.id}/zurueckziehen", {"reason": "x"})

    for response in (details, comment, answer, withdraw):
        assert response.status_code == 409, response.status_code
        assert "stammt aus dem Archiv" in response.get_data(as_text=True)
    db.session.expire_all()
    assert inquiry.answers[0].text == answer_text
    assert available_events(inquiry, w.council_office) == []
    try:
        fire(inquiry, "publish", w.council_office)
    except WorkflowError as exc:
        assert "schreibgeschützt" in str(exc)
    else:
        raise AssertionError("ein archivierter Datensatz ließ einen Schritt zu")


def test_the_public_page_shows_question_answer_and_the_original_file(app, client, tmp_path):
    inquiry = _archived(app, tmp_path)

    page = client.get(f"/oeffentlich/anfragen/{inquiry.id}")
    download = client.get(f"/oeffentlich/anfragen/{inquiry.id}/original")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Wann wird der Abschnitt in Johannstadt saniert?" in html
    assert "Die Sanierung ist für das Jahr 2020 vorgesehen." in html
    assert "Originaldatei aus dem Archiv" in html and "als PDF herunterladen" not in html
    assert download.status_code == 200 and b"Dirk Hilbert" in download.data
    assert "AF9101/19" in client.get("/oeffentlich/").get_data(as_text=True)
