"""Registering inquiries (text, DOCX, PDF) and correcting the proposed split, via HTTP."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date

import docx
import factories
import pytest
import sqlalchemy as sa
from conftest import DATA, count_rows, require
from factories import login
from split_rows import shown_numbers, split_rows

from inquiry_app.models import (
    Assignment,
    AssignmentRole,
    Inquiry,
    InquiryState,
    Question,
)
from inquiry_app.models.base import utcnow

REFERENCE = (DATA / "reference" / "inquiry.txt").read_text(encoding="utf-8")
REFERENCE_PARAS = [p.strip() for p in REFERENCE.split("\n\n") if p.strip()]


def reference_docx() -> bytes:
    document = docx.Document()
    for para in REFERENCE_PARAS:
        document.add_paragraph(para)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _register(browser, *, number="AF1234/25", text="", upload=None, subject="Testanfrage",
              received="2025-01-20"):
    data = {"number": number, "kind": "written", "received_on": received, "subject": subject,
            "text": text, "faction": "0"}
    if upload is not None:
        data["document"] = upload
    return browser.submit("/anfragen/neu", data, content_type="multipart/form-data")


def _inquiry(session, number) -> Inquiry:
    session.expire_all()
    return session.scalar(sa.select(Inquiry).where(Inquiry.number == number))


def _editor_fields(page: str) -> dict:
    return {
        "version": re.search(r'name="version" value="(\d+)"', page).group(1),
        "numbers": shown_numbers(page),
    }


def _post_split(browser, inquiry, preamble, rows, action="save", parts=(), cursors=None,
                version=None):
    data = {"version": str(version if version is not None else inquiry.version),
            "preamble": preamble, "action": action, **split_rows(rows, parts, cursors)}
    return browser.submit(f"/anfragen/{inquiry.id}/zerlegung", data)


@pytest.fixture
def clerk(browser, world):
    login(browser, world.council_office)
    return browser


def test_register_form_proposes_the_next_number(clerk, world):
    yy = f"{date.today():%y}"
    factories.councillor_inquiry(world, number=f"AF4710/{yy}")
    factories.councillor_inquiry(world, number=f"AF4711/{int(yy) - 1:02d}")  # the year before
    page = clerk.get("/anfragen/neu").get_data(as_text=True)
    assert f'value="AF4712/{yy}"' in page  # the running number goes on across years


def test_register_pasted_text_computes_due_date_and_proposes_split(clerk, session):
    response = _register(clerk, text=REFERENCE)
    assert response.status_code == 302
    inquiry = _inquiry(session, "AF1234/25")
    assert response.headers["Location"].endswith(f"/anfragen/{inquiry.id}/zerlegung")
    assert inquiry.state == InquiryState.RECEIVED
    assert inquiry.due_on == date(2025, 2, 17)
    assert inquiry.preamble == "\n\n".join(REFERENCE_PARAS[:2])
    assert [q.text for q in inquiry.questions] == [p[3:] for p in REFERENCE_PARAS[2:]]
    page = clerk.get(f"/anfragen/{inquiry.id}/zerlegung").get_data(as_text=True)
    assert "Zerlegung prüfen" in page and "medienbruchfreie Bearbeitung" in page


def test_upload_reference_as_docx_then_correct_one_question_and_confirm(clerk, session):
    uploaded = reference_docx()
    upload = (io.BytesIO(uploaded), "anfrage.docx")
    assert _register(clerk, upload=upload, number="AF0816/26").status_code == 302
    inquiry = _inquiry(session, "AF0816/26")
    assert [q.number for q in inquiry.questions] == ["1", "2", "3", "4"]
    assert [q.text for q in inquiry.questions] == [p[3:] for p in REFERENCE_PARAS[2:]]
    assert inquiry.original_filename == "anfrage.docx"
    assert inquiry.original_file == uploaded  # the upload, byte for byte
    original = clerk.get(f"/anfragen/{inquiry.id}/original")
    assert original.status_code == 200 and original.data == uploaded
    assert docx.Document(io.BytesIO(original.data)).paragraphs[0].text == REFERENCE_PARAS[0]

    rows = [(q.number, q.text) for q in inquiry.questions]
    rows[3] = ("4", "Für welchen Zeitraum ist die Einführung der E-Akte in der "
                    "Ausländerbehörde geplant?")
    response = _post_split(clerk, inquiry, inquiry.preamble, rows, action="confirm")
    assert response.status_code == 302
    inquiry = _inquiry(session, "AF0816/26")
    assert inquiry.state == InquiryState.SPLIT
    assert inquiry.questions[3].text.endswith("Ausländerbehörde geplant?")
    page = clerk.get(f"/anfragen/{inquiry.id}").get_data(as_text=True)
    assert "Die Zerlegung der Anfrage AF0816/26 wurde bestätigt (4 Fragen)." in page
    assert "Fragen bestätigt" in page and "Anfrage registriert" in page


def test_upload_reference_as_pdf(clerk, session, tmp_path):
    soffice = shutil.which("soffice")
    require(soffice is not None, "LibreOffice (soffice) fehlt: PDF kann nicht erzeugt werden")
    source = tmp_path / "anfrage.docx"
    source.write_bytes(reference_docx())
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    pdf = (tmp_path / "anfrage.pdf").read_bytes()
    assert _register(clerk, upload=(io.BytesIO(pdf), "anfrage.pdf"), number="AF0900/25").status_code == 302
    inquiry = _inquiry(session, "AF0900/25")
    assert [q.text for q in inquiry.questions] == [p[3:] for p in REFERENCE_PARAS[2:]]
    assert inquiry.preamble == "\n\n".join(REFERENCE_PARAS[:2])


@pytest.mark.parametrize(("payload", "message"), [
    (b"", "Die Datei „anfrage.docx“ ist leer."),
    (bytes(range(256)) * 40, "Die Word-Datei „anfrage.docx“ ist beschädigt oder hat ein "
                             "falsches Format."),
])
def test_bad_uploads_get_a_german_message_and_keep_the_form(clerk, session, payload, message):
    response = _register(clerk, upload=(io.BytesIO(payload), "anfrage.docx"),
                         subject="Mein Betreff bleibt")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "kern-alert" in page and message in page
    assert 'value="Mein Betreff bleibt"' in page
    assert _inquiry(session, "AF1234/25") is None


def _stored(session) -> tuple[int, int]:
    """Inquiries and questions in the database (a refusal must leave both alone)."""
    session.expire_all()
    return count_rows(Inquiry), count_rows(Question)


def test_too_large_upload_is_refused(clerk, app, session):
    before = _stored(session)
    app.config["MAX_UPLOAD_BYTES"] = 1000
    try:
        response = _register(clerk, upload=(io.BytesIO(b"x" * 2000), "anfrage.txt"))
    finally:
        app.config["MAX_UPLOAD_BYTES"] = 20 * 1024 * 1024
    assert response.status_code == 422
    assert "größer als" in response.get_data(as_text=True)
    assert _inquiry(session, "AF1234/25") is None and _stored(session) == before


def test_duplicate_number_and_missing_text_are_refused(clerk, world, session):
    number = factories.councillor_inquiry(world, number="AF0777/24").number
    session.commit()  # stored before the refused request rolls its own changes back
    before = _stored(session)
    existing = _inquiry(session, number)
    subject, version = existing.subject, existing.version
    response = _register(clerk, number=number, text="Frage?", subject="Andere Anfrage")
    assert response.status_code == 422
    assert f"Die Nummer „{number}“ ist bereits vergeben." in response.get_data(as_text=True)
    existing = _inquiry(session, number)
    assert (existing.subject, existing.version) == (subject, version)
    assert _stored(session) == before
    response = _register(clerk, text="   ")
    assert response.status_code == 422
    assert "Bitte fügen Sie den Text der Anfrage ein" in response.get_data(as_text=True)
    assert _inquiry(session, "AF1234/25") is None and _stored(session) == before


def test_text_without_question_is_one_question_with_warning(clerk, session):
    response = _register(clerk, text="Bitte berichten Sie über den Stand der Sanierung des Rathauses.")
    assert response.status_code == 302
    inquiry = _inquiry(session, "AF1234/25")
    assert len(inquiry.questions) == 1
    page = clerk.get(response.headers["Location"]).get_data(as_text=True)
    assert "kern-alert" in page  # the splitter's warning is shown


def test_split_editor_actions(clerk, session):
    _register(clerk, text=REFERENCE)
    inquiry = _inquiry(session, "AF1234/25")
    pre = inquiry.preamble
    rows = [(q.number, q.text) for q in inquiry.questions]

    _post_split(clerk, inquiry, pre, rows, action="merge:0")
    inquiry = _inquiry(session, "AF1234/25")
    assert len(inquiry.questions) == 3
    merged = inquiry.questions[0].text
    assert merged.startswith("Ist die Teilnahme") and merged.endswith("Ausländerbehörde möglich?")

    cut = merged.index("Wäre bei")
    rows = [(q.number, q.text) for q in inquiry.questions]
    _post_split(clerk, inquiry, pre, rows, action="split:0", cursors={0: cut})
    inquiry = _inquiry(session, "AF1234/25")
    assert [q.number for q in inquiry.questions] == ["1", "2", "3", "4"]
    assert inquiry.questions[1].text.startswith("Wäre bei")

    rows = [(q.number, q.text) for q in inquiry.questions]
    _post_split(clerk, inquiry, pre, rows, action="to_preamble:0")
    inquiry = _inquiry(session, "AF1234/25")
    assert inquiry.preamble.endswith("bereits umgesetzt?")
    assert len(inquiry.questions) == 3

    rows = [(q.number, q.text) for q in inquiry.questions]
    _post_split(clerk, inquiry, inquiry.preamble, rows, action="from_preamble")
    inquiry = _inquiry(session, "AF1234/25")
    assert inquiry.questions[0].text.startswith("Ist die Teilnahme")
    assert [q.number for q in inquiry.questions] == ["1", "2", "3", "4"]

    rows = [(q.number, q.text) for q in inquiry.questions]
    rows[2] = ("x", rows[2][1])
    _post_split(clerk, inquiry, inquiry.preamble, rows, action="down:0")
    inquiry = _inquiry(session, "AF1234/25")
    assert inquiry.questions[1].text.startswith("Ist die Teilnahme")
    rows = [(q.number, q.text) for q in inquiry.questions]
    _post_split(clerk, inquiry, inquiry.preamble, rows, action="renumber", parts=[3])
    inquiry = _inquiry(session, "AF1234/25")
    assert [q.number for q in inquiry.questions] == ["1", "2", "3", "a"]
    assert inquiry.questions[3].parent_id == inquiry.questions[2].id

    rows = [(q.number, q.text) for q in inquiry.questions]
    _post_split(clerk, inquiry, inquiry.preamble, rows, action="delete:3")
    assert len(_inquiry(session, "AF1234/25").questions) == 3


def test_confirm_refuses_empty_question_and_keeps_input(clerk, session):
    _register(clerk, text=REFERENCE)
    inquiry = _inquiry(session, "AF1234/25")
    rows = [(q.number, q.text) for q in inquiry.questions] + [("5", "")]
    rows[0] = ("1", "Geänderter Text der ersten Frage?")
    response = _post_split(clerk, inquiry, inquiry.preamble, rows, action="confirm")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Frage 5 ist leer." in page
    assert "Geänderter Text der ersten Frage?" in page
    assert _inquiry(session, "AF1234/25").state == InquiryState.RECEIVED


def test_stale_split_form_keeps_the_users_input(clerk, session):
    _register(clerk, text=REFERENCE)
    inquiry = _inquiry(session, "AF1234/25")
    rows = [(q.number, q.text) for q in inquiry.questions]
    rows[0] = ("1", "Mein Text, den niemand überschreiben darf?")
    response = _post_split(clerk, inquiry, inquiry.preamble, rows, version=inquiry.version - 1)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "von jemand anderem geändert" in page
    assert "Mein Text, den niemand überschreiben darf?" in page


def test_reopen_split_until_routed(clerk, world, session):
    _register(clerk, text=REFERENCE)
    inquiry = _inquiry(session, "AF1234/25")
    _post_split(clerk, inquiry, inquiry.preamble, [(q.number, q.text) for q in inquiry.questions],
                action="confirm")
    response = clerk.submit(f"/anfragen/{inquiry.id}/zerlegung/oeffnen", {},
                            form_url=f"/anfragen/{inquiry.id}")
    assert response.status_code == 302
    inquiry = _inquiry(session, "AF1234/25")
    assert inquiry.state == InquiryState.RECEIVED
    _post_split(clerk, inquiry, inquiry.preamble, [(q.number, q.text) for q in inquiry.questions],
                action="confirm")

    inquiry = _inquiry(session, "AF1234/25")
    unit = world.lead_unit
    session.add(Assignment(inquiry=inquiry, question=inquiry.questions[0], org_unit=unit,
                           role=AssignmentRole.LEAD, due_on=inquiry.due_on, sent_at=utcnow(),
                           state="open"))
    session.commit()
    page = clerk.get(f"/anfragen/{inquiry.id}").get_data(as_text=True)
    assert "Zerlegung wieder öffnen" in page  # offered; the guard explains on click
    response = clerk.submit(f"/anfragen/{inquiry.id}/zerlegung/oeffnen", {},
                            form_url=f"/anfragen/{inquiry.id}", follow_redirects=True)
    assert "bereits zugewiesen" in response.get_data(as_text=True)
    assert _inquiry(session, "AF1234/25").state == InquiryState.SPLIT


@pytest.mark.parametrize("person", ["lead_clerk", "signatory", "admin"])
def test_only_the_council_office_registers_and_splits(browser, world, session, person):
    inquiry_id = factories.confirmed(factories.councillor_inquiry(world),
                                     world.council_office).id
    login(browser, getattr(world, person))
    assert browser.get("/anfragen/neu").status_code == 403
    assert browser.get(f"/anfragen/{inquiry_id}/zerlegung").status_code == 403
