"""``drafting.replies.read_reply`` on files (TXT, DOCX, PDF, bad files) and the command line
``python -m drafting split-reply FILE [--json]``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from drafting.errors import DraftingInputError, ReplyNotRecognised
from drafting.replies import read_reply

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "tests" / "data" / "reference" / "reply-letter-as-extracted.txt"
REPLY = ("Herrn Stadtrat\nMax Muster\n\nRadwege in Klotzsche\nAF1234/24\n\nSehr geehrter Herr Muster,\n\n"
         "Zu Frage 1:\nEs gibt 12 Kilometer.\n\nZu den Fragen 2 und 3:\nIm Jahr 2026.\n\n"
         "Mit freundlichen Grüßen\n\nDirk Hilbert\n")


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "drafting", "split-reply", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", check=False)


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (Helvetica, WinAnsi: umlauts print)."""
    content = "BT /F1 11 Tf 50 800 Td 14 TL " + " ".join(
        f"({line.encode('cp1252').decode('latin-1')}) Tj T*" for line in lines) + " ET"
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def answers(result: dict) -> list[tuple[list[str], str]]:
    return [(a["questions"], " ".join(a["text"].split())) for a in result["answers"]]


def test_a_text_file_is_read_and_split():
    result = read_reply(REPLY.encode("utf-8"), "antwort.txt")
    assert result["number"] == "AF1234/24"
    assert answers(result) == [(["1"], "Es gibt 12 Kilometer."), (["2", "3"], "Im Jahr 2026.")]


def test_a_word_file_is_read_and_split():
    result = read_reply(docx_bytes(REPLY), "antwort.docx")
    assert answers(result) == [(["1"], "Es gibt 12 Kilometer."), (["2", "3"], "Im Jahr 2026.")]
    assert result["signer"] == "Dirk Hilbert"


def test_a_pdf_with_a_text_layer_is_read_and_split():
    lines = ["Sehr geehrter Herr Muster,", "", "Zu Frage 1:", "Es gibt zwölf Kilometer.", "",
             "Zu Frage 2:", "Im Jahr 2026.", "", "Mit freundlichen Grüßen"]
    result = read_reply(pdf_bytes(lines), "antwort.pdf")
    assert answers(result) == [(["1"], "Es gibt zwölf Kilometer."), (["2"], "Im Jahr 2026.")]


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "leer.txt", "ist leer"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF garbage \x00\xff", "kaputt.pdf", "PDF"),
    (b"PK\x03\x04 not really a zip", "kaputt.docx", "Word-Datei"),
    (bytes(range(256)) * 40, "zufall.bin", "nicht unterstützt"),
])
def test_unreadable_files_raise_a_german_error(data, name, message):
    with pytest.raises(DraftingInputError, match=message):
        read_reply(data, name)


def test_binary_garbage_named_txt_is_no_reply():
    data = bytes((i * 37 + 11) % 256 for i in range(5000))
    with pytest.raises(DraftingInputError):
        read_reply(data, "antwort.txt")


def test_a_file_without_questions_or_answers_is_refused():
    with pytest.raises(ReplyNotRecognised, match="keine Antwort auf eine Anfrage"):
        read_reply(b"Protokoll der Sitzung\n\nDie Sitzung beginnt um 16 Uhr.", "protokoll.txt")


def test_cli_prints_json_of_the_reference_reply():
    run = run_module(str(REFERENCE), "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert [a["questions"] for a in data["answers"]] == [["1"], ["2"], ["3"], ["4"]]
    assert data["answers"][3]["text"].endswith("bis Ende 2027 abgeschlossen sein.")
    assert "Einbürgerungsantrag" in run.stdout  # ensure_ascii=False


def test_cli_prints_a_german_summary_without_json(tmp_path):
    path = tmp_path / "antwort.txt"
    path.write_text(REPLY, encoding="utf-8")
    run = run_module(str(path))
    assert run.returncode == 0, run.stderr
    assert "Antwort auf Anfrage AF1234/24" in run.stdout
    assert "Antwort zu Fragen 2 und 3:" in run.stdout
    assert "Unterzeichnet von: Dirk Hilbert" in run.stdout


@pytest.mark.parametrize(("content", "name", "message"), [
    (None, "gibt-es-nicht.txt", "nicht gefunden"),
    (b"", "leer.txt", "ist leer"),
    (b"%PDF-1.4 kaputt", "kaputt.pdf", "beschädigt"),
    (b"Einladung zum Sommerfest am 12. Juli.", "fest.txt", "keine Antwort auf eine Anfrage"),
])
def test_cli_bad_input_gives_one_german_line_and_status_2(tmp_path, content, name, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    run = run_module(str(path), "--json")
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fehler: ") and message in lines[0]
    assert "Traceback" not in run.stderr
