"""``python -m drafting split FILE [--json]``."""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from drafting.splitting import cli as split_cli

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "tests" / "data" / "reference"


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "drafting", "split", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip


def run_in_process(path: Path, *, as_json: bool = False) -> int:
    parser = argparse.ArgumentParser()
    split_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["split", str(path), *(["--json"] if as_json else [])])
    return args.func(args)


def test_json_of_the_reference_inquiry_matches_the_repaired_text():
    run = run_module(str(REFERENCE / "inquiry-as-extracted.txt"), "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    paragraphs = (REFERENCE / "inquiry.txt").read_text(encoding="utf-8").strip().split("\n\n")
    assert data["preamble"] == "\n\n".join(paragraphs[:2])
    assert [q["number"] for q in data["questions"]] == ["1", "2", "3", "4"]
    assert [f"{q['number']}. {q['text']}" for q in data["questions"]] == paragraphs[2:]
    assert all(q["parts"] == [] for q in data["questions"])
    assert list(data) == [
        "number", "date", "subject", "submitters", "faction", "body", "lead_in",
        "justification", "preamble", "questions", "warnings",
    ]  # fmt: skip
    assert "Einbürgerungsantrag" in run.stdout  # ensure_ascii=False


def test_missing_file_gives_one_german_line_and_status_2():
    run = run_module(str(ROOT / "gibt-es-nicht.txt"))
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Fehler: Die Datei") and "nicht gefunden" in lines[0]


def test_outline_is_readable_german(capsys):
    assert run_in_process(REFERENCE / "inquiry-as-extracted.txt") == 0
    out = capsys.readouterr().out
    assert "Vorbemerkung:" in out
    assert "Fragen (4):" in out
    assert "  3. Wären für einen digitalen Einbürgerungsantrag" in out
    assert "IT-Infrastruktur" in out


def test_outline_shows_metadata_parts_and_warnings(tmp_path, capsys):
    path = tmp_path / "anfrage.txt"
    path.write_text(
        "Anfrage Nr. AF0101/25\nGegenstand: Bäder\n\nSehr geehrter Herr Oberbürgermeister,\n\n"
        "1. Welche Bäder\na) schließen?\n4. Wann?\n",
        encoding="utf-8",
    )
    assert run_in_process(path) == 0
    out = capsys.readouterr().out
    assert "Anfrage AF0101/25" in out and "Gegenstand: Bäder" in out
    assert "a) schließen?" in out
    assert "Hinweise:" in out and "nicht fortlaufend" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leer.txt", b"", "ist leer"),
        ("zufall.txt", random.Random(3).randbytes(3000), "keine lesbare Textdatei"),
        ("alt.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".doc"),
        ("scan.pdf", b"%PDF-1.4\n%%EOF\n", "PDF-Datei"),
    ],
)
def test_unreadable_files_give_status_2(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    assert run_in_process(path, as_json=True) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert message in captured.err
    assert "Traceback" not in captured.err


def test_reading_warnings_come_first(tmp_path, capsys):
    path = tmp_path / "alt.txt"
    path.write_bytes("1. Wann werden die Bäume gepflanzt?".encode("cp1252"))
    assert run_in_process(path, as_json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert "Windows-1252" in data["warnings"][0]
    assert data["questions"][0]["text"] == "Wann werden die Bäume gepflanzt?"
