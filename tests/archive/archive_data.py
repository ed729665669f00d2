"""Material for the archive import tests: real replies of the corpus copied into a folder,
replies written for the tests (text, DOCX), an OParl 1.1 dump in the schema's shape, the
command run through the CLI runner, and the row counts of every table."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import sqlalchemy as sa

from inquiry_app.extensions import db

DATA = Path(__file__).resolve().parents[1] / "data"
REPLIES = DATA / "real" / "replies"
REFERENCE = Path("/work/shared/reference/reply-letter-as-extracted.txt")
OPARL = "https://schema.oparl.org/1.1/"


def real_replies(count: int) -> list[Path]:
    """The first ``count`` real replies of the corpus whose expected result has answers."""
    chosen = []
    for expected in sorted(REPLIES.glob("*.json")):
        data = json.loads(expected.read_text(encoding="utf-8"))["expected"]
        if data.get("answers") and data.get("number") and not data.get("interim"):
            chosen.append(expected.with_suffix(".txt"))
        if len(chosen) == count:
            break
    return chosen


def copy_real(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(source, folder / source.name)) for source in real_replies(count)]


def reply_text(number: str, *, subject: str = "Radwege an der Elbe",
               name: str = "Testfrau", questions: tuple[tuple[str, str], ...] = (
                   ("Wie viele Radfahrende nutzen den Elberadweg täglich?",
                    "Die Zählstelle am Blauen Wunder erfasst im Mittel 4.200 Radfahrende am Tag."),
                   ("Wann wird der Abschnitt in Johannstadt saniert?",
                    "Die Sanierung ist für das Jahr 2020 vorgesehen.")),
               reply_date: str = "14.02.2019", inquiry_date: str = "20.01.2019") -> str:
    """A reply letter in the Dresden convention (preamble and question 1 in one quote)."""
    first_q, first_a = questions[0]
    rest = "".join(f"{i}. „{q}“\n\n{a}\n\n" for i, (q, a) in enumerate(questions[1:], start=2))
    return (f"Landeshauptstadt Dresden\nDer Oberbürgermeister\n\nDatum: {reply_date}\n\n"
            f"Frau Stadträtin\nAnna {name}\n\n{subject}\n{number}\n\n"
            f"Ihre Anfrage vom {inquiry_date}\n\nSehr geehrte Frau {name},\n\n"
            "Ihre oben genannte Anfrage beantworte ich wie folgt:\n\n"
            f"„Zur Lage vor Ort möchte ich fragen:\n1. {first_q}“\n\n{first_a}\n\n{rest}"
            "Mit freundlichen Grüßen\n\nDirk Hilbert\n")


def inquiry_text(number: str) -> str:
    """An inquiry on the council's form, without any answer."""
    return (f"Anfrage Nr.: {number}\nDatum: 03.03.2019\n\nANFRAGE\n\nFraktionslos\n\n"
            "Gegenstand:\nStraßenbäume in Striesen\n\nEinleitung:\nIm Stadtteil Striesen "
            "fehlen Straßenbäume.\n\nFragen:\nIch frage den Oberbürgermeister:\n\n"
            "1. Wie viele Straßenbäume wurden 2018 in Striesen gepflanzt?\n\n"
            "2. Wie viele sollen 2019 folgen?\n\nAnna Testfrau\nStadträtin\n")


def write_docx(path: Path, text: str) -> Path:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    document.save(path)
    return path


def paper(pid: str, paper_type: str, **fields) -> dict:
    return {"id": pid, "type": OPARL + "Paper", "paperType": paper_type, **fields}


def file_object(fid: str, url: str, **fields) -> dict:
    return {"id": fid, "type": OPARL + "File", "accessUrl": url, **fields}


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["archive", "import", *args, "--quiet"])


def report_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_path(rows: list[dict]) -> dict[str, dict]:
    return {Path(r["path"]).name if "/" in r["path"] and not r["path"].startswith("http")
            else r["path"]: r for r in rows}


def row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
            for table in db.metadata.sorted_tables}
