"""A city's Word template: its styles of the same names win, missing ones are created."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

from drafting.errors import DraftingInputError
from drafting.letters.letter import body_text, render_docx

DATA = Path(__file__).resolve().parents[1] / "data"
TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def reference() -> dict:
    return json.loads((DATA / "reply.json").read_text("utf-8"))


def city_template(path: Path, *, letterhead: str | None = None, footer: str | None = None) -> Path:
    document = docx.Document()
    document.styles["Normal"].font.name = "Verdana"
    text = document.styles.add_style("Anfrage Text", WD_STYLE_TYPE.PARAGRAPH)
    text.font.name = "Times New Roman"
    text.font.size = Pt(13)
    text.font.color.rgb = RGBColor(0x00, 0x33, 0x66)
    document.add_paragraph("Musterinhalt der Vorlage, der im Brief nicht erscheinen darf.")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Mustertabelle"
    section = document.sections[0]
    if letterhead:
        section.different_first_page_header_footer = True
        section.first_page_header.paragraphs[0].text = letterhead
    if footer:
        section.footer.paragraphs[0].text = footer
    document.save(path)
    return path


def open_docx(blob: bytes):
    return docx.Document(io.BytesIO(blob))


def test_the_templates_style_definition_is_used(tmp_path):
    template = city_template(tmp_path / "stadt.docx")
    document = open_docx(render_docx(reference(), template=template))
    style = document.styles["Anfrage Text"]
    assert style.font.name == "Times New Roman"
    assert style.font.size == Pt(13)
    assert style.font.color.rgb == RGBColor(0x00, 0x33, 0x66)
    answers = [p for p in document.paragraphs if p.style.name == "Anfrage Text"]
    assert len(answers) == 9  # intro and eight answer paragraphs
    assert all(p.style.style_id == style.style_id for p in answers)


def test_missing_styles_are_created_and_inherit_the_templates_normal_font(tmp_path):
    template = city_template(tmp_path / "stadt.docx")
    document = open_docx(render_docx(reference(), template=template))
    standard = document.styles["Anfrage Standard"]
    assert standard.base_style.name == "Normal"
    assert standard.font.name is None  # inherits Verdana from the template's Normal
    assert document.styles["Normal"].font.name == "Verdana"
    assert document.styles["Anfrage Zitat"].font.italic is True


def test_template_content_is_dropped_and_the_text_is_unchanged(tmp_path):
    template = city_template(tmp_path / "stadt.docx")
    blob = render_docx(reference(), template=template)
    document = open_docx(blob)
    assert "Musterinhalt" not in "".join(p.text for p in document.paragraphs)
    assert len(document.tables) == 1  # only the address table
    assert body_text(blob) == body_text(render_docx(reference()))


def test_template_as_bytes_and_as_dotx(tmp_path):
    template = city_template(tmp_path / "stadt.docx")
    from_bytes = open_docx(render_docx(reference(), template=template.read_bytes()))
    assert from_bytes.styles["Anfrage Text"].font.name == "Times New Roman"
    dotx = tmp_path / "stadt.dotx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(dotx, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(DOCUMENT_TYPE, TEMPLATE_TYPE)
            target.writestr(info, data)
    from_dotx = open_docx(render_docx(reference(), template=dotx))
    assert from_dotx.styles["Anfrage Text"].font.name == "Times New Roman"


def test_letterhead_in_the_templates_first_page_header_replaces_the_generated_one(tmp_path):
    template = city_template(tmp_path / "stadt.docx", letterhead="Stadt Musterstadt · Der OB")
    document = open_docx(render_docx(reference(), template=template))
    header = document.sections[0].first_page_header
    assert header.paragraphs[0].text == "Stadt Musterstadt · Der OB"
    assert not header._element.xpath(".//wp:docPr")  # no fold marks added to it
    letterhead = document.tables[0].rows[0].cells[0].text
    assert "Landeshauptstadt Dresden" not in letterhead


def test_template_footer_is_kept_and_page_numbers_are_added(tmp_path):
    template = city_template(tmp_path / "stadt.docx", footer="Bankverbindung: Ostsächsische Sparkasse")
    document = open_docx(render_docx(reference(), template=template))
    footer = document.sections[0].footer
    assert footer.paragraphs[0].text == "Bankverbindung: Ostsächsische Sparkasse"
    assert footer.paragraphs[-1].text == "Seite 1 von 1"


def test_template_errors_are_clear(tmp_path):
    with pytest.raises(DraftingInputError, match=r"Vorlage .* nicht gefunden"):
        render_docx(reference(), template=tmp_path / "fehlt.docx")
    broken = tmp_path / "kaputt.docx"
    broken.write_bytes(b"kein zip")
    with pytest.raises(DraftingInputError, match="keine gültige Word-Datei"):
        render_docx(reference(), template=broken)
    with pytest.raises(DraftingInputError, match="keine gültige Word-Datei"):
        render_docx(reference(), template=b"PK\x03\x04 halb")


def test_a_template_style_of_the_wrong_kind_is_reported(tmp_path):
    document = docx.Document()
    document.styles.add_style("Anfrage Zitat", WD_STYLE_TYPE.CHARACTER)
    path = tmp_path / "falsch.docx"
    document.save(path)
    with pytest.raises(DraftingInputError, match="„Anfrage Zitat“, aber nicht als Absatzformat"):
        render_docx(reference(), template=path)
