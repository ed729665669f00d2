"""``python -m drafting letter``: exit status and German one-line messages, no tracebacks."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from drafting.letters import cli as letter_cli
from drafting.letters import pdf
from drafting.letters.letter import body_text

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


def reference() -> dict:
    return json.loads((DATA / "reply.json").read_text("utf-8"))


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="python -m drafting")
    letter_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["letter", *argv])
    return args.func(args)


def write(path: Path, data) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), "utf-8")
    return path


def test_writes_the_docx(tmp_path, capsys):
    out = tmp_path / "antwort.docx"
    assert cli(str(DATA / "reply.json"), "-o", str(out)) == 0
    assert body_text(out.read_bytes()).startswith("Sehr geehrte Frau Mühle,")
    assert capsys.readouterr().out == f"Geschrieben: {out}\n"


def test_template_option(tmp_path):
    template = tmp_path / "vorlage.docx"
    document = docx.Document()
    document.styles["Normal"].font.name = "Verdana"
    document.save(template)
    out = tmp_path / "antwort.docx"
    assert cli(str(DATA / "reply.json"), "-o", str(out), "--template", str(template)) == 0
    assert docx.Document(out).styles["Normal"].font.name == "Verdana"


def test_relative_logo_is_found_next_to_the_json(tmp_path):
    (tmp_path / "logo.png").write_bytes(PNG_1X1)
    data = reference()
    data["sender"]["logo"] = "logo.png"
    source = write(tmp_path / "antwort.json", data)
    out = tmp_path / "antwort.docx"
    assert cli(str(source), "-o", str(out)) == 0
    assert docx.Document(out).inline_shapes


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Fehler: Die Datei „{src}“ wurde nicht gefunden.\n"),
        ("{ kaputt", "Fehler: Die Datei „{src}“ ist kein gültiges JSON (Zeile 1, Spalte 3).\n"),
        (b"\xff\xfe{}", "Fehler: Die Datei „{src}“ ist nicht UTF-8-kodiert.\n"),
        ("[1]", "Fehler: {src}: $: Die Eingabe muss ein JSON-Objekt sein.\n"),
    ],
)
def test_invalid_input_exits_2_with_one_german_line(tmp_path, capsys, content, message):
    source = tmp_path / "antwort.json"
    if isinstance(content, bytes):
        source.write_bytes(content)
    elif content is not None:
        source.write_text(content, "utf-8")
    assert cli(str(source), "-o", str(tmp_path / "out.docx")) == 2
    captured = capsys.readouterr()
    assert captured.err == message.format(src=source)
    assert not (tmp_path / "out.docx").exists()


def test_schema_violations_are_listed_with_paths(tmp_path, capsys):
    data = reference()
    del data["recipient"]["name"]
    data["items"][1]["answer"] = ""
    data["unbekannt"] = True
    source = write(tmp_path / "antwort.json", data)
    assert cli(str(source), "-o", str(tmp_path / "out.docx")) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"Fehler: {source}: $.recipient.name: Pflichtfeld fehlt.",
        f"Fehler: {source}: $.unbekannt: Unbekanntes Feld (nicht vorgesehen).",
    ]


def test_missing_template_and_unwritable_output(tmp_path, capsys):
    reply = str(DATA / "reply.json")
    assert cli(reply, "-o", str(tmp_path / "a.docx"), "--template", str(tmp_path / "x.docx")) == 2
    assert capsys.readouterr().err == f"Fehler: Die Vorlage „{tmp_path / 'x.docx'}“ wurde nicht gefunden.\n"
    assert cli(reply, "-o", str(tmp_path / "fehlt" / "a.docx")) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fehler: Die Ausgabedatei „") and err.count("\n") == 1


def test_pdf_without_libreoffice_exits_3_after_writing_the_docx(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DRAFTING_SOFFICE", str(tmp_path / "kein-soffice"))
    out = tmp_path / "antwort.docx"
    assert cli(str(DATA / "reply.json"), "-o", str(out), "--pdf") == 3
    assert out.exists() and not out.with_suffix(".pdf").exists()
    err = capsys.readouterr().err
    assert err.startswith("Fehler: PDF-Erzeugung nicht möglich: LibreOffice")
    assert err.count("\n") == 1


def test_pdf_option(tmp_path):
    if pdf.find_soffice() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("auf CI erforderlich: LibreOffice (soffice)")
        pytest.skip("LibreOffice (soffice) ist nicht installiert; PDF-Test übersprungen")
    out = tmp_path / "antwort.docx"
    assert cli(str(DATA / "reply.json"), "-o", str(out), "--pdf", "--pdf-timeout", "120") == 0
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def test_python_m_drafting_letter(tmp_path):
    data = reference()
    data["recipient"]["name"] = ""
    source = write(tmp_path / "antwort.json", data)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ok = subprocess.run(
        [sys.executable, "-m", "drafting", "letter", str(DATA / "reply.json"), "-o",
         str(tmp_path / "ok.docx")],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "drafting", "letter", str(source), "-o", str(tmp_path / "x.docx")],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr == f"Fehler: {source}: $.recipient.name: Darf nicht leer sein.\n"
    assert "Traceback" not in bad.stderr
