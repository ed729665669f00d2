"""The reference reply renders exactly to the reference letter body, with named styles."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest

from drafting.letters.letter import body_text, render_docx

DATA = Path(__file__).resolve().parents[1] / "data"


def reference() -> dict:
    return json.loads((DATA / "reply.json").read_text("utf-8"))


def paragraphs(text: str) -> list[str]:
    """Whitespace-normalised paragraphs."""
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text.strip())]


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_docx(reference())


def test_body_matches_the_reference_text_exactly(rendered):
    expected = (DATA / "reference" / "reply-letter-body.txt").read_text("utf-8")
    assert paragraphs(body_text(rendered)) == paragraphs(expected)


def test_quotes_and_numbers_stand_where_the_reference_has_them(rendered):
    body = paragraphs(body_text(rendered))
    assert body[0] == "Sehr geehrte Frau Mühle,"
    assert body[2].startswith("„Durch ein hohes Antragsaufkommen")
    assert not body[2].endswith("“")
    assert body[4].startswith("1. Ist die Teilnahme") and body[4].endswith("umgesetzt?“")
    quoted = [p for p in body if re.match(r"^\d\. ", p)]
    assert [p[:4] for p in quoted] == ["1. I", "2. „", "3. „", "4. „"]
    assert all(p.endswith("?“") for p in quoted)
    assert body[-1] == "Mit freundlichen Grüßen"


def test_every_paragraph_uses_a_named_letter_style(rendered):
    document = docx.Document(io.BytesIO(rendered))
    names = [p.style.name for p in document.paragraphs]
    assert all(name.startswith("Anfrage ") for name in names), set(names)
    by_text = {p.text: p.style.name for p in document.paragraphs}
    assert by_text["Sehr geehrte Frau Mühle,"] == "Anfrage Anrede"
    assert by_text["Ihre oben genannte Anfrage beantworte ich wie folgt:"] == "Anfrage Text"
    assert by_text["Mit freundlichen Grüßen"] == "Anfrage Grußformel"
    assert by_text["Oberbürgermeister"] == "Anfrage Unterschrift"
    subject = document.paragraphs[0]
    assert subject.style.name == "Anfrage Betreff"
    assert subject.text == (
        "Digitaler Einbürgerungsantrag und E-Akte in der Ausländerbehörde\nAnfrage AF0815/25"
    )
    quotes = [p.text[:12] for p in document.paragraphs if p.style.name == "Anfrage Zitat"]
    assert quotes == ["„Durch ein h", "Für Kommunen", "1. Ist die T", "2. „Wäre bei", "3. „Wären fü",
                      "4. „Für welc"]  # fmt: skip


def test_no_direct_formatting_besides_emphasis(rendered):
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    for forbidden in ("<w:sz ", "<w:rFonts", "<w:color", "<w:jc ", "<w:spacing", "<w:ind "):
        assert forbidden not in xml
    run_properties = set(re.findall(r"<w:rPr>(.*?)</w:rPr>", xml))
    assert run_properties <= {'<w:rStyle w:val="AnfrageInfoblockBezeichnung"/>'}


def test_document_properties(rendered):
    properties = docx.Document(io.BytesIO(rendered)).core_properties
    assert properties.title == "Antwort auf die Anfrage AF0815/25"
    assert properties.author == "Landeshauptstadt Dresden"
