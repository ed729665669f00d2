"""``flask archive import FOLDER``: real replies, generated DOCX (and PDF), bad files,
duplicates, idempotency, numbers that exist already, the report and the exit codes."""

from __future__ import annotations

import shutil
import subprocess

import sqlalchemy as sa

from inquiry_app.extensions import db
from inquiry_app.models import Answer, Inquiry, InquiryState, Role
from inquiry_app.models.archive import ArchiveRecord, QuestionOffice
from tests import factories as f
from tests.archive.archive_data import (
    REFERENCE,
    copy_real,
    inquiry_text,
    reply_text,
    report_rows,
    row_counts,
    run,
    write_docx,
)
from tests.conftest import require


def _record(number: str) -> Inquiry:
    return db.session.scalar(sa.select(Inquiry).where(Inquiry.number == number))


def _rows(report) -> dict[str, dict]:
    return {row["path"].rsplit("/", 1)[-1]: row for row in report_rows(report)}


def test_a_folder_of_real_replies_is_imported_once(app, tmp_path):
    folder = tmp_path / "antworten"
    real = copy_real(folder / "2014", 4)
    (folder / "AF9001-19.txt").write_text(reply_text("AF9001/19"), encoding="utf-8")
    shutil.copy(REFERENCE, folder / "referenz.txt")
    (folder / "notizen.xlsx").write_bytes(b"PK\x03\x04 keine Antwort")
    report = tmp_path / "bericht.csv"

    result = run(app, str(folder), "--report", str(report))

    assert result.exit_code == 0, result.output
    rows = _rows(report)
    assert rows["notizen.xlsx"]["status"] == "übersprungen"
    assert "Dateityp" in rows["notizen.xlsx"]["reason"]
    for path in real:
        assert rows[path.name]["status"] == "importiert", rows[path.name]
    assert rows["referenz.txt"]["status"] == "importiert"
    assert rows["referenz.txt"]["number"].startswith("ARCHIV-")  # the reference has no number
    assert "Archivnummer" in rows["referenz.txt"]["reason"]
    assert "6 importiert, 1 übersprungen, 0 fehlgeschlagen" in result.output

    inquiry = _record("AF9001/19")
    assert inquiry.imported and inquiry.state == InquiryState.PUBLISHED
    assert inquiry.subject == "Radwege an der Elbe"
    assert str(inquiry.sent_on) == "2019-02-14" and str(inquiry.dated_on) == "2019-01-20"
    assert inquiry.published_at.date() == inquiry.sent_on == inquiry.signed_at.date()
    assert [q.number for q in inquiry.questions] == ["1", "2"]
    assert inquiry.preamble == "Zur Lage vor Ort möchte ich fragen:"
    assert [(a.is_final, [q.number for q in a.questions]) for a in inquiry.answers] == [
        (True, ["1"]), (True, ["2"])]
    assert "4.200 Radfahrende" in inquiry.answers[0].text
    assert inquiry.assignments == [] and inquiry.created_by is None
    record = db.session.scalar(sa.select(ArchiveRecord).where(ArchiveRecord.inquiry == inquiry))
    assert record.source_key.startswith("sha256:") and record.reply_filename == "AF9001-19.txt"
    assert record.reply_file == (folder / "AF9001-19.txt").read_bytes()
    assert record.source.endswith("AF9001-19.txt")
    reference = _record(rows["referenz.txt"]["number"])
    assert len(reference.questions) == 4 and len(reference.answers) == 4
    assert reference.answers[3].text.endswith("bis Ende 2027 abgeschlossen sein.")

    before = row_counts()
    again = tmp_path / "zweiter-lauf.csv"
    second = run(app, str(folder), "--report", str(again))
    assert second.exit_code == 0, second.output
    assert row_counts() == before  # nothing changes
    assert {r["status"] for r in report_rows(again) if not r["path"].endswith(".xlsx")} == {
        "übersprungen"}
    assert all(r["reason"] == "bereits importiert" for r in report_rows(again)
               if not r["path"].endswith(".xlsx"))
    assert "0 importiert, 7 übersprungen" in second.output


def test_bad_files_and_duplicates_are_report_lines_and_the_rest_is_imported(app, tmp_path):
    folder = tmp_path / "gemischt"
    folder.mkdir()
    good = reply_text("AF9002/19")
    (folder / "a-gut.txt").write_text(good, encoding="utf-8")
    (folder / "b-doppelt.txt").write_text(good, encoding="utf-8")
    (folder / "c-kaputt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    (folder / "d-einladung.txt").write_text(
        "Sehr geehrte Damen und Herren,\n\nwir laden Sie herzlich zum Sommerfest ein.\n\n"
        "Mit freundlichen Grüßen\n", encoding="utf-8")
    (folder / "e-leer.docx").write_bytes(b"")
    (folder / "f-falsch.docx").write_bytes(b"das ist kein Word-Dokument")
    (folder / "g-anfrage.txt").write_text(inquiry_text("AF9003/19"), encoding="utf-8")
    report = tmp_path / "r.csv"

    result = run(app, str(folder), "--report", str(report))

    assert result.exit_code == 0, result.output
    rows = _rows(report)
    assert rows["a-gut.txt"]["status"] == "importiert"
    assert rows["b-doppelt.txt"]["status"] == "übersprungen"
    assert "a-gut.txt" in rows["b-doppelt.txt"]["reason"]
    for name in ("c-kaputt.pdf", "d-einladung.txt", "e-leer.docx", "f-falsch.docx"):
        assert rows[name]["status"] == "fehlgeschlagen", rows[name]
        assert rows[name]["reason"], name
    assert "Frage" in rows["d-einladung.txt"]["reason"]
    assert rows["g-anfrage.txt"]["status"] == "importiert"
    assert "ohne Antwort" in rows["g-anfrage.txt"]["reason"]
    only_inquiry = _record("AF9003/19")
    assert only_inquiry.questions[0].text.startswith("Wie viele Straßenbäume")
    assert only_inquiry.answers == [] and only_inquiry.original_filename == "g-anfrage.txt"
    assert "4 fehlgeschlagen" in result.output and "c-kaputt.pdf" in result.output
    # nothing half-imported: exactly the two good records
    imported = db.session.scalars(sa.select(Inquiry.number).where(Inquiry.imported)).all()
    assert sorted(imported) == ["AF9002/19", "AF9003/19"]


def test_an_inquiry_and_its_reply_in_one_folder_make_one_record_with_both_files(app, tmp_path):
    folder = tmp_path / "paar"
    folder.mkdir()
    (folder / "a-anfrage.txt").write_text(inquiry_text("AF9004/19"), encoding="utf-8")
    (folder / "b-antwort.txt").write_text(reply_text("AF9004/19"), encoding="utf-8")

    result = run(app, str(folder), "--report", str(tmp_path / "r.csv"))

    assert result.exit_code == 0, result.output
    rows = _rows(tmp_path / "r.csv")
    assert rows["b-antwort.txt"]["status"] == "importiert"
    assert rows["a-anfrage.txt"]["status"] == "importiert"
    assert "als Anfrage zur archivierten Antwort" in rows["a-anfrage.txt"]["reason"]
    db.session.expire_all()
    inquiry = _record("AF9004/19")
    assert len(inquiry.answers) == 2
    assert inquiry.original_filename == "a-anfrage.txt"
    assert inquiry.original_file == (folder / "a-anfrage.txt").read_bytes()

    (folder / "c-antwort-spaeter.txt").write_text(reply_text("AF9009/19"), encoding="utf-8")
    (folder / "d-anfrage-allein.txt").write_text(inquiry_text("AF9010/19"), encoding="utf-8")
    before = row_counts()
    assert run(app, str(folder), "--report", str(tmp_path / "2.csv")).exit_code == 0
    rows = _rows(tmp_path / "2.csv")
    assert rows["a-anfrage.txt"]["status"] == "übersprungen"  # stored once, not again
    assert rows["c-antwort-spaeter.txt"]["status"] == "importiert"
    assert rows["d-anfrage-allein.txt"]["status"] == "importiert"
    assert row_counts()["inquiry"] == before["inquiry"] + 2

    (folder / "e-antwort-zu-d.txt").write_text(reply_text("AF9010/19"), encoding="utf-8")
    assert run(app, str(folder), "--report", str(tmp_path / "3.csv")).exit_code == 0
    row = _rows(tmp_path / "3.csv")["e-antwort-zu-d.txt"]
    assert row["status"] == "übersprungen" and "ohne Antwort" in row["reason"]


def test_a_native_inquiry_with_the_same_number_is_never_overwritten(app, tmp_path):
    w = f.world()
    native = f.inquiry(2, actor=w.council_office, number="AF9005/19", subject="In Arbeit")
    folder = tmp_path / "konflikt"
    folder.mkdir()
    (folder / "antwort.txt").write_text(reply_text("AF9005/19"), encoding="utf-8")
    report = tmp_path / "r.csv"

    result = run(app, str(folder), "--report", str(report))

    assert result.exit_code == 0
    row = report_rows(report)[0]
    assert (row["status"], row["number"]) == ("übersprungen", "AF9005/19")
    assert "nicht überschrieben" in row["reason"]
    db.session.expire_all()
    assert native.subject == "In Arbeit" and not native.imported
    assert native.state == InquiryState.RECEIVED and native.answers == []
    assert w.council_office.role == Role.COUNCIL_OFFICE


def test_dry_run_reads_everything_and_stores_nothing(app, tmp_path):
    folder = tmp_path / "probe"
    copy_real(folder, 2)
    before = row_counts()
    report = tmp_path / "probe.csv"

    result = run(app, str(folder), "--report", str(report), "--dry-run")

    assert result.exit_code == 0, result.output
    assert row_counts() == before
    assert [r["status"] for r in report_rows(report)] == ["importiert", "importiert"]
    assert all("Probelauf" in r["reason"] for r in report_rows(report))
    assert "Probelauf (nichts gespeichert): 2 importiert" in result.output


def test_offices_are_guessed_per_question_and_marked_as_guessed(app, tmp_path):
    unit = f.org_unit("Radverkehrsamt (Test)", terms=["Elberadweg", "Radfahrende"])
    folder = tmp_path / "rad"
    folder.mkdir()
    (folder / "antwort.txt").write_text(reply_text("AF9006/19"), encoding="utf-8")

    assert run(app, str(folder), "--report", str(tmp_path / "r.csv")).exit_code == 0

    question = _record("AF9006/19").questions[0]
    guesses = db.session.scalars(sa.select(QuestionOffice)
                                 .where(QuestionOffice.question_id == question.id)).all()
    assert unit.id in [g.org_unit_id for g in guesses]
    assert all(g.guessed and 0 < g.confidence <= 1 for g in guesses)
    assert len(guesses) <= 3


def test_a_path_that_does_not_exist_exits_with_2_and_a_german_message(app, tmp_path):
    result = run(app, str(tmp_path / "gibt-es-nicht"))
    assert result.exit_code == 2
    assert "existiert nicht" in result.output
    assert "Traceback" not in result.output


def test_a_generated_docx_reply_is_imported(app, tmp_path):
    folder = tmp_path / "word"
    folder.mkdir()
    write_docx(folder / "antwort.docx", reply_text("AF9007/19"))

    result = run(app, str(folder), "--report", str(tmp_path / "r.csv"))

    assert result.exit_code == 0, result.output
    inquiry = _record("AF9007/19")
    assert inquiry is not None, report_rows(tmp_path / "r.csv")
    assert [len(a.questions) for a in inquiry.answers] == [1, 1]
    assert "Sanierung" in inquiry.answers[1].text


def test_a_pdf_reply_made_with_libreoffice_is_imported(app, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    require(office is not None, "LibreOffice (soffice) ist nicht installiert: PDF-Test übersprungen")
    source = write_docx(tmp_path / "AF9008-19.docx", reply_text("AF9008/19"))
    folder = tmp_path / "pdf"
    folder.mkdir()
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                    str(source)], check=True, capture_output=True, timeout=120,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})

    result = run(app, str(folder), "--report", str(tmp_path / "r.csv"))

    assert result.exit_code == 0, result.output
    inquiry = _record("AF9008/19")
    assert inquiry is not None, report_rows(tmp_path / "r.csv")
    assert len(inquiry.answers) == 2 and "Radwege an der Elbe" in inquiry.subject
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))
                             .where(Answer.inquiry_id == inquiry.id)) == 2
