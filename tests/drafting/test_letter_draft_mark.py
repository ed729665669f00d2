"""The draft mark of the letter: "ENTWURF" in the headers of every page (first page and the
following ones) when asked for, from the library and from ``python -m drafting letter
--entwurf``; nowhere otherwise; the letter body is the same either way."""

from __future__ import annotations

import argparse
import io
import json
import zipfile
from pathlib import Path

import docx

from drafting.letters import cli as letter_cli
from drafting.letters.letter import body_text, render_docx

DATA = Path(__file__).resolve().parents[1] / "data"


def reference() -> dict:
    return json.loads((DATA / "reply.json").read_text("utf-8"))


def headers(data: bytes) -> dict[str, list[str]]:
    section = docx.Document(io.BytesIO(data)).sections[0]
    return {"erste Seite": [p.text for p in section.first_page_header.paragraphs],
            "Folgeseiten": [p.text for p in section.header.paragraphs]}


def mentions_draft(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return any(b"ENTWURF" in package.read(name) for name in package.namelist())


def test_draft_has_the_mark_on_every_page_and_the_final_letter_none():
    draft, final = render_docx(reference(), draft=True), render_docx(reference())
    assert all("ENTWURF" in texts for texts in headers(draft).values())
    assert not mentions_draft(final)
    assert body_text(draft) == body_text(final)


def test_draft_mark_from_the_command_line(tmp_path):
    parser = argparse.ArgumentParser(prog="python -m drafting")
    letter_cli.register(parser.add_subparsers(dest="command", required=True))
    for flags, name in ((["--entwurf"], "entwurf.docx"), ([], "brief.docx")):
        args = parser.parse_args(["letter", str(DATA / "reply.json"), "-o",
                                  str(tmp_path / name), *flags])
        assert args.func(args) == 0
    assert mentions_draft((tmp_path / "entwurf.docx").read_bytes())
    assert not mentions_draft((tmp_path / "brief.docx").read_bytes())
