"""``flask archive import DUMP``: an OParl 1.1 dump (Papers with their Files) with an
inquiry and its reply, a reply whose file is missing, one only on the web, one given as text,
invalid JSON; councillors and factions matched, never created; idempotent by Paper id."""

from __future__ import annotations

import json

import sqlalchemy as sa

from inquiry_app.extensions import db
from inquiry_app.models import CouncilMember, Faction, Inquiry
from inquiry_app.models.archive import ArchiveRecord
from tests import factories as f
from tests.archive.archive_data import (
    OPARL,
    file_object,
    inquiry_text,
    paper,
    reply_text,
    report_rows,
    row_counts,
    run,
)

BASE = "https://ris.example/oparl/"


def _dump(folder, name: str, faction_name: str) -> None:
    files = folder / "files"
    files.mkdir(parents=True)
    (files / "antwort-1.txt").write_text(reply_text("AF9201/19", name=name), encoding="utf-8")
    (files / "anfrage-1.txt").write_text(inquiry_text("AF9201/19"), encoding="utf-8")
    papers = [
        paper(BASE + "paper/1", "Anfrage", reference="AF9201/19", name="Radwege an der Elbe",
              date="2019-01-20", relatedPaper=[BASE + "paper/2"],
              originatorPerson=[BASE + "person/7"], originatorOrganization=[BASE + "org/3"],
              mainFile=file_object(BASE + "file/1", "files/anfrage-1.txt")),
        paper(BASE + "paper/2", "Beantwortung einer Anfrage", reference="AF9201/19",
              date="2019-02-14", relatedPaper=[BASE + "paper/1"],
              mainFile=file_object(BASE + "file/2", "file:" + str(files / "antwort-1.txt"))),
        paper(BASE + "paper/3", "Antwort", reference="AF9202/19", date="2019-03-01",
              name="Fehlende Datei",
              mainFile=file_object(BASE + "file/3", "files/gibt-es-nicht.pdf")),
        paper(BASE + "paper/4", "Antwort", reference="AF9203/19", date="2019-03-02",
              mainFile=file_object(BASE + "file/4", "https://ris.example/files/4.pdf")),
        paper(BASE + "paper/5", "Beantwortung einer Anfrage", reference="AF9204/19",
              mainFile=file_object(BASE + "file/5", "https://ris.example/files/5.pdf",
                                   text=reply_text("AF9204/19", subject="Spielplätze"))),
        paper(BASE + "paper/6", "Vorlage", reference="V0001/19"),
        paper(BASE + "paper/7", "Antwort", reference="AF9205/19",
              mainFile=file_object(BASE + "file/7", "../../etc/passwd")),
    ]
    page = {"data": papers[:4], "pagination": {"totalElements": 4},
            "links": {"next": BASE + "papers?page=2"}}
    (folder / "papers-1.json").write_text(json.dumps(page), encoding="utf-8")
    people = [{"id": BASE + "person/7", "type": OPARL + "Person", "name": f"Anna {name}"},
              {"id": BASE + "org/3", "type": OPARL + "Organization", "name": faction_name}]
    (folder / "papers-2.json").write_text(json.dumps(papers[4:] + people), encoding="utf-8")
    (folder / "papers-3.json").write_text('{"data": [ {"id": "kaputt", ', encoding="utf-8")


def test_an_oparl_dump_is_imported_with_people_files_and_report_lines(app, tmp_path):
    group = f.faction("Grüne", name="Fraktion Grüne im Stadtrat (Test)")
    member = f.councillor("Oparlfrau", first_name="Anna", of=group)
    people_before = (db.session.scalar(sa.select(sa.func.count(CouncilMember.id))),
                     db.session.scalar(sa.select(sa.func.count(Faction.id))))
    dump = tmp_path / "dump"
    _dump(dump, "Oparlfrau", "Fraktion Grüne im Stadtrat (Test)")
    report = tmp_path / "oparl.csv"

    result = run(app, str(dump), "--report", str(report))

    assert result.exit_code == 0, result.output
    rows = {r["path"].rsplit("/", 1)[-1]: r for r in report_rows(report)}
    assert rows["1"]["status"] == "importiert" and rows["1"]["number"] == "AF9201/19"
    assert "2" not in rows  # the reply is imported with its inquiry
    assert rows["3"]["status"] == "fehlgeschlagen" and "nicht gefunden" in rows["3"]["reason"]
    assert rows["4"]["status"] == "fehlgeschlagen"
    assert "nicht lokal verfügbar" in rows["4"]["reason"]
    assert rows["5"]["status"] == "importiert"  # its text from the dump
    assert rows["6"]["status"] == "übersprungen"
    assert rows["7"]["status"] == "fehlgeschlagen" and "außerhalb" in rows["7"]["reason"]
    assert rows["papers-3.json"]["status"] == "fehlgeschlagen"
    assert "ungültiges JSON" in rows["papers-3.json"]["reason"]

    inquiry = db.session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF9201/19"))
    assert inquiry.submitters == [member] and inquiry.faction == group
    assert str(inquiry.dated_on) == "2019-01-20" and str(inquiry.sent_on) == "2019-02-14"
    assert inquiry.original_filename == "anfrage-1.txt" and len(inquiry.answers) == 2
    record = db.session.scalar(sa.select(ArchiveRecord).where(ArchiveRecord.inquiry == inquiry))
    assert record.source_key == f"oparl:{BASE}paper/1"
    assert record.reply_filename == "antwort-1.txt"
    from_text = db.session.scalar(sa.select(ArchiveRecord).where(
        ArchiveRecord.source_key == f"oparl:{BASE}paper/5"))
    assert from_text.reply_file is None
    assert any("Text aus dem OParl-Dump" in w for w in from_text.warnings)
    assert (db.session.scalar(sa.select(sa.func.count(CouncilMember.id))),
            db.session.scalar(sa.select(sa.func.count(Faction.id)))) == people_before

    before = row_counts()
    again = run(app, str(dump), "--report", str(tmp_path / "2.csv"))
    assert again.exit_code == 0 and row_counts() == before
    second = {r["path"].rsplit("/", 1)[-1]: r for r in report_rows(tmp_path / "2.csv")}
    assert second["1"]["reason"] == "bereits importiert"
    assert second["5"]["reason"] == "bereits importiert"


def test_a_single_json_file_and_a_file_that_is_no_json(app, tmp_path):
    dump = tmp_path / "einzeln"
    _dump(dump, "Einzeln", "Niemand")
    result = run(app, str(dump / "papers-1.json"), "--report", str(tmp_path / "r.csv"))
    assert result.exit_code == 0, result.output
    statuses = {r["path"].rsplit("/", 1)[-1]: r["status"] for r in report_rows(tmp_path / "r.csv")}
    assert statuses["1"] == "importiert" and statuses["3"] == "fehlgeschlagen"

    broken = run(app, str(dump / "papers-3.json"), "--report", str(tmp_path / "b.csv"))
    assert broken.exit_code == 0
    assert report_rows(tmp_path / "b.csv")[0]["status"] == "fehlgeschlagen"
