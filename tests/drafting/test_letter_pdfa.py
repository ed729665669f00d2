"""The letter PDF is tagged PDF/A-2: XMP identification, title, /Lang de-DE, structure tree
with headings and lists; the same from ``python -m drafting letter --pdf``."""

from __future__ import annotations

import argparse
import io
import json
import os
from pathlib import Path

import pikepdf
import pytest

from drafting.letters import cli as letter_cli
from drafting.letters import pdf as letter_pdf_module
from drafting.letters.letter import docx_to_pdf, render_docx

DATA = Path(__file__).resolve().parents[1] / "data"


def reference() -> dict:
    return json.loads((DATA / "reply.json").read_text("utf-8"))


def require_soffice() -> None:
    """Skip with the reason when LibreOffice is missing; on CI (CI=true) fail instead."""
    if letter_pdf_module.find_soffice() is not None:
        return
    reason = "LibreOffice (soffice) ist nicht installiert"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"auf CI erforderlich: {reason}")
    pytest.skip(f"{reason}; PDF-Test übersprungen")


def with_lists_and_groups() -> dict:
    data = reference()
    data["remark"] = "Vorab zwei Hinweise:\n\n- eins\n- zwei"
    data["items"][1]["questions"].append({"number": "5", "text": "Und sonst?"})
    return data


def structure(pdf: pikepdf.Pdf) -> list[tuple[str, str]]:
    """(standard type, own type) of every element of the structure tree, in document order."""
    role_map = pdf.Root.StructTreeRoot.get("/RoleMap", pikepdf.Dictionary())
    found: list[tuple[str, str]] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary):
            kind = node.get("/S")
            if kind is not None:
                own = str(kind)
                found.append((str(role_map.get(own, own)), own))
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def check_tagged_pdfa(blob: bytes, title: str) -> list[tuple[str, str]]:
    pdf = pikepdf.open(io.BytesIO(blob))
    with pdf.open_metadata() as xmp:
        assert xmp["pdfaid:part"] == "2"
        assert xmp["pdfaid:conformance"] in ("A", "B", "U")
        assert xmp["dc:title"] == title
    assert str(pdf.docinfo["/Title"]) == title
    assert str(pdf.Root.Lang) == "de-DE"
    assert pdf.Root.MarkInfo.Marked is True
    assert "/StructTreeRoot" in pdf.Root
    return structure(pdf)


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    require_soffice()
    return docx_to_pdf(render_docx(with_lists_and_groups()), timeout=120)


def test_letter_pdf_is_tagged_pdfa_2_with_title_and_german(letter_pdf):
    check_tagged_pdfa(letter_pdf, "Antwort auf die Anfrage AF0815/25")


def test_structure_tree_has_the_subject_as_heading_and_labels_below_it(letter_pdf):
    elements = structure(pikepdf.open(io.BytesIO(letter_pdf)))
    kinds = [kind for kind, _ in elements]
    headings = [(kind, own) for kind, own in elements if kind in ("/H1", "/H2")]
    assert headings[0] == ("/H1", "/H1")  # the subject, first heading
    assert kinds.count("/H1") == 1
    assert kinds.count("/H2") == 2  # "Vorbemerkung:" and "Zu den Fragen 2 und 5:"
    assert {"/L", "/LI", "/LBody"} <= set(kinds)  # the remark's bullet list is a list
    assert "/Table" in kinds and "/P" in kinds


def test_interim_notice_pdf_is_tagged_pdfa_too():
    require_soffice()
    data = reference()
    data.update(kind="interim", items=[], interim={"new_date": "2025-03-14", "reason": "x"})
    elements = check_tagged_pdfa(docx_to_pdf(render_docx(data), timeout=120),
                                 "Zwischenbescheid zur Anfrage AF0815/25")  # fmt: skip
    assert ("/H1", "/H1") in elements


def test_cli_pdf_is_the_same_kind_of_pdf(tmp_path):
    require_soffice()
    source = tmp_path / "antwort.json"
    source.write_text(json.dumps(with_lists_and_groups()), "utf-8")
    out = tmp_path / "antwort.docx"
    parser = argparse.ArgumentParser(prog="python -m drafting")
    letter_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["letter", str(source), "-o", str(out), "--pdf", "--pdf-timeout", "120"])
    assert args.func(args) == 0
    elements = check_tagged_pdfa(out.with_suffix(".pdf").read_bytes(), "Antwort auf die Anfrage AF0815/25")
    assert ("/H1", "/H1") in elements


PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


def test_every_figure_has_an_alternative_text():
    require_soffice()
    blob = docx_to_pdf(render_docx(reference(), logo=PNG_1X1), timeout=120)
    pdf = pikepdf.open(io.BytesIO(blob))
    alts: list[str] = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    assert "Logo Landeshauptstadt Dresden" in alts
    assert {"Falzmarke oben", "Lochmarke", "Falzmarke unten"} <= set(alts)
    assert all(alts)
