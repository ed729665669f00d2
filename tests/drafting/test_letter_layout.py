"""DIN 5008 geometry, letterhead, address field, information block, headers and footers."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from drafting.errors import DraftingInputError
from drafting.letters.letter import render_docx

DATA = Path(__file__).resolve().parents[1] / "data"


def reference() -> dict:
    return json.loads((DATA / "reply.json").read_text("utf-8"))


def png(width: int = 40, height: int = 20) -> bytes:
    """A small valid red PNG."""
    raw = b"".join(b"\x00" + b"\xc8\x1e\x28" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))  # fmt: skip


def open_docx(blob: bytes):
    return docx.Document(io.BytesIO(blob))


def twips(element, path: str, attribute: str = "w:w") -> list[int]:
    return [int(e.get(qn(attribute))) for e in element.xpath(path)]


@pytest.fixture(scope="module")
def document():
    data = reference()
    data["file_reference"] = "OB/33.1-0815/25"
    data["contact"] = {"name": "Frau Beispiel", "phone": "0351 488-1234",
                       "email": "buergeramt@dresden.de", "room": "2.014"}  # fmt: skip
    data["sender"]["address_lines"] = ["Postfach 12 00 20", "01001 Dresden"]
    return open_docx(render_docx(data))


def test_a4_with_din_margins(document):
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 25
    assert round(section.right_margin.mm) == 20
    assert round(section.top_margin.mm) == 20


def test_address_field_and_information_block_positions(document):
    table = document.tables[0]
    tbl = table._tbl
    # the table starts 5 mm left of the 25 mm text margin: at 20 mm from the page edge
    assert twips(tbl, "./w:tblPr/w:tblInd") == [-283]
    # columns: address field 85 mm, gap 20 mm, information block from 125 mm, 75 mm wide
    assert twips(tbl, "./w:tblGrid/w:gridCol") == [4819, 1134, 4252]
    # rows: letterhead 20-45 mm, return-address zone 17.7 mm, address zone 27.3 mm (= 45 mm)
    assert twips(tbl, "./w:tr/w:trPr/w:trHeight", "w:val") == [1417, 1003, 1548]
    assert tbl.xpath("./w:tblPr/w:tblLayout/@w:type") == ["fixed"]
    assert tbl.xpath("./w:tblPr/w:tblBorders/w:top/@w:val") == ["nil"]
    # the information block starts 5 mm lower than the address field (at 50 mm)
    info_cell = tbl.xpath("./w:tr[2]/w:tc[3]")[0]
    assert twips(info_cell, "./w:tcPr/w:tcMar/w:top") == [283]


def test_letterhead_return_address_and_recipient(document):
    cells = document.tables[0].rows
    letterhead = cells[0].cells[0].paragraphs
    assert [(p.text, p.style.name) for p in letterhead] == [
        ("Landeshauptstadt Dresden", "Anfrage Briefkopf"),
        ("Der Oberbürgermeister", "Anfrage Briefkopf Zusatz"),
    ]
    (return_address,) = cells[1].cells[0].paragraphs
    assert return_address.style.name == "Anfrage Rücksendeangabe"
    assert return_address.text == (
        "Landeshauptstadt Dresden · Der Oberbürgermeister · Postfach 12 00 20 · 01001 Dresden"
    )
    address = cells[2].cells[0].paragraphs
    assert [p.text for p in address] == reference()["recipient"]["address_lines"]
    assert {p.style.name for p in address} == {"Anfrage Anschrift"}


def test_information_block(document):
    info = [p.text for p in document.tables[0].rows[1].cells[2].paragraphs]
    assert info == [
        "Ihre Anfrage vom:\t20.01.2025",
        "Geschäftszeichen:\tOB/33.1-0815/25",
        "Bearbeitet von:\tFrau Beispiel",
        "Zimmer:\t2.014",
        "Telefon:\t0351 488-1234",
        "E-Mail:\tbuergeramt@dresden.de",
        "Datum:\t14.02.2025",
    ]


def test_information_block_without_optional_fields():
    data = reference()
    del data["inquiry"]["received_on"]
    info = open_docx(render_docx(data)).tables[0].rows[1].cells[2].paragraphs
    assert [p.text for p in info] == ["Datum:\t14.02.2025"]


def test_different_first_page_and_page_numbers_from_page_two(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    footer = section.footer._element
    instructions = [text.strip() for text in footer.xpath(".//w:instrText/text()")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert section.footer.paragraphs[-1].text == "Seite 1 von 1"  # field results until updated
    assert section.footer.paragraphs[-1].style.name == "Anfrage Fußzeile"
    first_footer = section.first_page_footer
    assert not first_footer.is_linked_to_previous
    assert not first_footer._element.xpath(".//w:instrText")
    assert "Seite" not in "".join(p.text for p in first_footer.paragraphs)


def test_fold_and_punch_marks_on_the_first_page(document):
    header = document.sections[0].first_page_header._element
    names = header.xpath(".//wp:docPr/@name")
    assert names == ["Falzmarke oben", "Lochmarke", "Falzmarke unten"]
    offsets = [int(v) for v in header.xpath(".//wp:positionV/wp:posOffset/text()")]
    assert offsets == [105 * 36000, 148.5 * 36000, 210 * 36000]


def test_subject_is_bold_by_style_and_salutation_follows(document):
    subject = document.styles["Anfrage Betreff"]
    assert subject.font.bold is True
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Anfrage Betreff"
    assert "Betreff" not in paragraphs[0].text
    assert paragraphs[1].text == "Sehr geehrte Frau Mühle,"


def test_default_styles_use_arial_and_german(document):
    standard = document.styles["Anfrage Standard"]
    assert standard.font.name == "Arial"
    assert standard.element.xpath("./w:rPr/w:lang/@w:val") == ["de-DE"]
    assert document.styles["Anfrage Text"].base_style.name == "Anfrage Standard"


def test_logo_from_input_path_and_from_argument(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(400, 100))
    data = reference()
    data["sender"]["logo"] = str(logo)
    for blob in (render_docx(data), render_docx(reference(), logo=png())):
        document = open_docx(blob)
        cell = document.tables[0].rows[0].cells[2]
        assert cell.paragraphs[0].style.name == "Anfrage Logo"
        (inline,) = cell._tc.xpath(".//wp:inline")
        with zipfile.ZipFile(io.BytesIO(blob)) as package:
            assert any(name.startswith("word/media/") for name in package.namelist())
        extent = inline.xpath("./wp:extent")[0]
        assert int(extent.get("cy")) <= 20 * 36000 + 1  # at most 20 mm high
        assert int(extent.get("cx")) <= 60 * 36000 + 1  # at most 60 mm wide


def test_missing_or_broken_logo_is_a_clear_error(tmp_path):
    data = reference()
    data["sender"]["logo"] = str(tmp_path / "fehlt.png")
    with pytest.raises(DraftingInputError, match=r"Logo-Datei .* nicht gefunden"):
        render_docx(data)
    with pytest.raises(DraftingInputError, match="kein lesbares Bild"):
        render_docx(reference(), logo=b"kein Bild")


def test_output_is_a_valid_package_that_python_docx_and_zip_read():
    blob = render_docx(reference())
    with zipfile.ZipFile(io.BytesIO(blob)) as package:
        assert package.testzip() is None
        names = package.namelist()
        assert len(names) == len(set(names))
        assert {"word/document.xml", "docProps/core.xml", "[Content_Types].xml"} <= set(names)
    assert open_docx(blob).paragraphs
