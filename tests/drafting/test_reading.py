"""Reading .txt, .docx and .pdf files, and refusing what cannot be read safely."""

from __future__ import annotations

import io
import os
import random
import zipfile

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from pypdf import PdfReader, PdfWriter

from drafting.errors import DraftingInputError
from drafting.reading.document import read_document, read_path
from drafting.splitting.segment import split

QUESTIONS = [
    "Wie viele Kitas gibt es?",
    "Wann öffnet das Bad?",
]


# --------------------------------------------------------------------- helpers


def make_pdf(pages: list[list[str]]) -> bytes:
    """A small PDF with a real text layer (Helvetica, WinAnsiEncoding), one list per page."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    contents = []
    for lines in pages:
        ops = [b"BT /F1 11 Tf 14 TL 72 770 Td"]
        for line in lines:
            raw = line.encode("cp1252").replace(b"\\", b"\\\\")
            ops.append(b"(" + raw.replace(b"(", b"\\(").replace(b")", b"\\)") + b") Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        contents.append(add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)))
    pages_id = len(objects) + len(contents) + 1
    page_ids = [
        add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, font, c)
        )
        for c in contents
    ]
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, catalog, xref)
    )
    return out.getvalue()


def encrypt_pdf(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="chef", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_list_definition(document, abstract_id: int, num_id: int, levels, overrides=None) -> int:
    """Write a real w:abstractNum + w:num into word/numbering.xml; returns the numId.

    ``levels``: list of (numFmt, lvlText, start) per ilvl; ``overrides``: ilvl -> start.
    """
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text, start) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # schema order: all abstractNum before num
    else:
        numbering.append(abstract)
    extra = "".join(
        f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        for ilvl, start in (overrides or {}).items()
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/>{extra}</w:num>'
        )
    )
    return num_id


def numbered(document, text: str, num_id: int, ilvl: int = 0):
    paragraph = document.add_paragraph(text)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return paragraph


# ------------------------------------------------------------------------ txt


@pytest.mark.parametrize(
    ("data", "warned"),
    [
        ("Wie viele Kitas gibt es in Löbtau?".encode(), False),
        ("\ufeffWie viele Kitas gibt es in Löbtau?".encode(), False),
        ("Wie viele Kitas gibt es in Löbtau?".encode("utf-16"), False),
        ("Wie viele Kitas gibt es in Löbtau?".encode("utf-16-le"), True),
        ("Wie viele Kitas gibt es in Löbtau? Größe „x“".encode("cp1252"), True),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16-no-bom", "cp1252"],
)
def test_text_encodings(data, warned):
    result = read_document(data, "anfrage.txt")
    assert result.kind == "txt"
    assert result.text.startswith("Wie viele Kitas gibt es in Löbtau?")
    assert bool(result.warnings) is warned


def test_cp1252_warning_names_the_encoding():
    result = read_document("Straßenbäume in Plauen".encode("cp1252"), "a.txt")
    assert result.text == "Straßenbäume in Plauen"
    assert "Windows-1252" in result.warnings[0]


def test_implausible_single_byte_text_is_refused():
    # Box-drawing bytes of an old DOS code page do not look like German in Windows-1252.
    data = "Für Kommunen ╔══╗ ▓▒░ ╚══╝ ┌─┐".encode("cp850")
    with pytest.raises(DraftingInputError, match="keine lesbare Textdatei"):
        read_document(data, "alt.txt")


def test_binary_junk_in_text_is_removed_with_warning():
    data = b"Wie viele\x00\x07 Laternen\x1b sind defekt?"
    result = read_document(data, "junk.txt")
    assert result.text == "Wie viele Laternen sind defekt?"
    assert "3 Steuerzeichen" in result.warnings[0]


def test_damaged_utf8_bytes_are_removed_with_warning():
    data = "Größe der Schulhöfe".encode() + b"\xff" + b" in Plauen?"
    result = read_document(data, "kaputt.txt")
    assert result.text == "Größe der Schulhöfe in Plauen?"
    assert "ungültige Bytes" in result.warnings[0]


def test_random_bytes_are_refused():
    data = random.Random(7).randbytes(4000)
    with pytest.raises(DraftingInputError, match="keine lesbare Textdatei"):
        read_document(data, "zufall.txt")


def test_random_bytes_without_known_extension_are_refused():
    data = random.Random(8).randbytes(4000)
    with pytest.raises(DraftingInputError, match="nicht unterstützt"):
        read_document(data, "bild.png")


def test_empty_file_is_refused():
    with pytest.raises(DraftingInputError, match="ist leer"):
        read_document(b"", "leer.txt")


def test_whitespace_only_file_is_refused():
    with pytest.raises(DraftingInputError, match="keinen Text"):
        read_document(b"  \n\n ", "leer.txt")


def test_fifty_megabytes_are_refused_in_memory():
    with pytest.raises(DraftingInputError, match="größer als 20 MB"):
        read_document(b"a" * (50 * 1024 * 1024), "riesig.txt")


def test_fifty_megabytes_are_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "riesig.txt"
    with path.open("wb") as fh:  # sparse file: 50 MB on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024)
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("read"))
    with pytest.raises(DraftingInputError, match="größer als 20 MB"):
        read_path(path)


def test_read_path_missing_file_and_directory(tmp_path):
    with pytest.raises(DraftingInputError, match="nicht gefunden"):
        read_path(tmp_path / "fehlt.txt")
    with pytest.raises(DraftingInputError, match="Verzeichnis"):
        read_path(tmp_path)


def test_read_path_reads_text(tmp_path):
    path = tmp_path / "anfrage.txt"
    path.write_text("1. Wie viele Kitas gibt es?\n", encoding="utf-8")
    assert read_path(path).text == "1. Wie viele Kitas gibt es?\n"


# ----------------------------------------------------------------------- docx


def test_docx_plain_paragraphs():
    document = Document()
    document.add_paragraph("Sehr geehrter Herr Oberbürgermeister,")
    document.add_paragraph("im Stadtbezirk fehlen Kitaplätze.")
    document.add_paragraph("")
    document.add_paragraph("1. Wie viele Kitas gibt es?")
    result = read_document(docx_bytes(document), "anfrage.docx")
    assert result.kind == "docx"
    assert result.text == (
        "Sehr geehrter Herr Oberbürgermeister,\n\nim Stadtbezirk fehlen Kitaplätze.\n\n"
        "1. Wie viele Kitas gibt es?"
    )


def test_docx_automatic_numbering_is_reconstructed():
    document = Document()
    num = add_list_definition(
        document, 90, 90, [("decimal", "%1.", 1), ("lowerLetter", "%2)", 1)]
    )
    document.add_paragraph("Sehr geehrter Herr Oberbürgermeister,")
    document.add_paragraph("die Kitas in Pieschen sind überfüllt. Ich frage:")
    numbered(document, "Wie viele Plätze gibt es", num)
    numbered(document, "in Krippen?", num, 1)
    numbered(document, "in Kindergärten?", num, 1)
    numbered(document, "Wann entstehen neue Plätze?", num)
    numbered(document, "Was kostet ein Platz?", num, 1)
    document.add_paragraph("Mit freundlichen Grüßen")
    text = read_document(docx_bytes(document), "kita.docx").text
    assert "1. Wie viele Plätze gibt es\n\na) in Krippen?\n\nb) in Kindergärten?" in text
    assert "2. Wann entstehen neue Plätze?\n\na) Was kostet ein Platz?" in text
    result = split(text)
    assert [q.number for q in result.questions] == ["1", "2"]
    assert [p.number for p in result.questions[0].parts] == ["a", "b"]
    assert result.questions[0].parts[1].text == "in Kindergärten?"


def test_docx_numbering_formats_start_values_and_multilevel_text():
    document = Document()
    roman = add_list_definition(
        document, 91, 91, [("upperRoman", "%1.", 3), ("decimal", "%1.%2", 1)]
    )
    numbered(document, "Schulen", roman)
    numbered(document, "Wie viele?", roman, 1)
    numbered(document, "Wo?", roman, 1)
    numbered(document, "Kitas", roman)
    numbered(document, "Wann?", roman, 1)
    text = read_document(docx_bytes(document), "r.docx").text
    assert text.split("\n\n") == ["III. Schulen", "III.1 Wie viele?", "III.2 Wo?", "IV. Kitas",
                                  "IV.1 Wann?"]


def test_docx_counters_run_per_num_id_and_start_override_restarts():
    document = Document()
    first = add_list_definition(document, 92, 92, [("decimal", "%1)", 1)])
    document.part.numbering_part.element.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="93"><w:abstractNumId w:val="92"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
        )
    )
    numbered(document, "eins", first)
    numbered(document, "zwei", first)
    numbered(document, "fünf", 93)
    numbered(document, "drei", first)
    text = read_document(docx_bytes(document), "n.docx").text
    assert text.split("\n\n") == ["1) eins", "2) zwei", "5) fünf", "3) drei"]


def test_docx_numbering_from_list_styles_and_bullets():
    document = Document()
    document.add_paragraph("Wie viele Bäder gibt es?", style="List Number")
    document.add_paragraph("Wann öffnen sie?", style="List Number")
    document.add_paragraph("Hinweis", style="List Bullet")
    text = read_document(docx_bytes(document), "s.docx").text
    assert text.split("\n\n") == ["1. Wie viele Bäder gibt es?", "2. Wann öffnen sie?",
                                  "• Hinweis"]


def test_docx_tables_are_read_in_order():
    document = Document()
    document.add_paragraph("Vorher")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Links"
    table.cell(0, 1).text = "Rechts"
    document.add_paragraph("Nachher")
    text = read_document(docx_bytes(document), "t.docx").text
    assert text.split("\n\n") == ["Vorher", "Links", "Rechts", "Nachher"]


def test_empty_docx_is_refused():
    with pytest.raises(DraftingInputError, match="enthält keinen Text"):
        read_document(docx_bytes(Document()), "leer.docx")


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_zip_bomb_disguised_as_docx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(120):
                member.write(chunk)
    data = out.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(DraftingInputError, match="ZIP-Bombe"):
        read_document(data, "bombe.docx")


def test_high_ratio_member_is_refused_even_below_total_limit():
    data = _zip({"word/document.xml": b"a" * (5 * 1024 * 1024)})
    with pytest.raises(DraftingInputError, match="ZIP-Bombe"):
        read_document(data, "verdaechtig.docx")


def test_zip_that_is_not_a_word_document_is_refused():
    data = _zip({"content.xml": b"<office/>"})
    with pytest.raises(DraftingInputError, match="nicht unterstützt"):
        read_document(data, "tabelle.odt")


def test_damaged_docx_is_refused():
    data = _zip({"word/document.xml": b"<kein xml", "[Content_Types].xml": b"<Types/>"})
    with pytest.raises(DraftingInputError, match="beschädigt"):
        read_document(data, "kaputt.docx")


def test_docx_that_is_no_zip_is_refused():
    with pytest.raises(DraftingInputError, match="beschädigt"):
        read_document(b"Das ist kein Word-Dokument.", "falsch.docx")


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def test_password_protected_docx_is_refused():
    # An encrypted Office file is a CFB/OLE2 container holding an "EncryptedPackage".
    data = OLE_HEADER + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1024
    with pytest.raises(DraftingInputError, match="Passwort"):
        read_document(data, "geschuetzt.docx")


def test_ole_file_named_docx_counts_as_encrypted():
    with pytest.raises(DraftingInputError, match="Passwort"):
        read_document(OLE_HEADER + b"\0" * 1024, "geschuetzt.docx")


def test_old_word_format_is_refused_with_advice():
    with pytest.raises(DraftingInputError, match=r"\.doc"):
        read_document(OLE_HEADER + b"\0" * 1024, "alt.doc")


# ------------------------------------------------------------------------ pdf

PDF_PAGES = [
    ["Sehr geehrter Herr Oberbürgermeister,", "", "1. " + QUESTIONS[0]],
    ["2. " + QUESTIONS[1], "", "Mit freundlichen Grüßen"],
]


def test_pdf_text_layer_is_read_with_page_breaks():
    result = read_document(make_pdf(PDF_PAGES), "anfrage.pdf")
    assert result.kind == "pdf"
    assert "\f" in result.text
    questions = split(result.text).questions
    assert [q.text for q in questions] == QUESTIONS


def test_pdf_is_recognised_by_content_not_name():
    assert read_document(make_pdf(PDF_PAGES), "anfrage").kind == "pdf"


def test_password_protected_pdf_is_refused():
    data = encrypt_pdf(make_pdf(PDF_PAGES), "geheim")
    with pytest.raises(DraftingInputError, match="Passwort"):
        read_document(data, "geschuetzt.pdf")


def test_pdf_with_only_owner_password_is_read():
    data = encrypt_pdf(make_pdf(PDF_PAGES), "")
    assert QUESTIONS[0] in read_document(data, "nur-rechte.pdf").text


def test_pdf_without_text_layer_needs_ocr():
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DraftingInputError, match=r"enthält keinen Text.*Texterkennung \(OCR\)"):
        read_document(out.getvalue(), "scan.pdf")


def test_damaged_pdf_is_refused():
    with pytest.raises(DraftingInputError, match="beschädigt"):
        read_document(b"%PDF-1.4\n" + os.urandom(2000), "kaputt.pdf")
