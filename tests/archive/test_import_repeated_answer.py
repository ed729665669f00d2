"""A reply that answers one question in two blocks (two "Zu Frage 2:" headings, or a reading
that splits one answer) imports as one answer holding both texts, with a note on the record;
it used to fail the whole file (a question has one answer)."""

from __future__ import annotations

import sqlalchemy as sa

from inquiry_app.extensions import db
from inquiry_app.models import Inquiry
from inquiry_app.models.archive import ArchiveRecord
from tests.archive.archive_data import report_rows, run

REPLY = """Landeshauptstadt Dresden
Der Oberbürgermeister

Datum: 14.02.2019

Frau Stadträtin
Anna Zweimal

Spielplätze in Pieschen
AF9031/19

Ihre Anfrage vom 20.01.2019

Sehr geehrte Frau Zweimal,

Ihre oben genannte Anfrage beantworte ich wie folgt:

Zu Frage 1:
In Pieschen gibt es 23 öffentliche Spielplätze.

Zu Frage 2:
Im Jahr 2019 werden zwei Spielplätze saniert.

Zu Frage 2:
Die Kosten betragen zusammen 180.000 Euro.

Mit freundlichen Grüßen

Dirk Hilbert
"""


def test_two_answer_blocks_for_one_question_become_one_answer(app, tmp_path):
    folder = tmp_path / "antworten"
    folder.mkdir()
    (folder / "AF9031-19.txt").write_text(REPLY, encoding="utf-8")
    report = tmp_path / "bericht.csv"

    result = run(app, str(folder), "--report", str(report))

    assert result.exit_code == 0, result.output
    assert [row["status"] for row in report_rows(report)] == ["importiert"]
    inquiry = db.session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF9031/19"))
    answers = {a.questions[0].number: a.text for a in inquiry.answers}
    assert answers["1"] == "In Pieschen gibt es 23 öffentliche Spielplätze."
    assert "zwei Spielplätze saniert" in answers["2"] and "180.000 Euro" in answers["2"]
    assert [a.position for a in inquiry.answers] == [1, 2]
    record = db.session.scalar(sa.select(ArchiveRecord).where(ArchiveRecord.inquiry == inquiry))
    assert any("Frage 2" in w and "schon eine Antwort" in w for w in record.warnings)
