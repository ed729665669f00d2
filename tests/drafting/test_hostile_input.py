"""Hostile and huge input: reading, repair, split and rich text stay linear, refuse what is
too large with a German message, and never inflate a lying ZIP beyond its limits.

The tests with a 2-3 MB input carry a generous timeout only as a hang guard: the quadratic
code they replace needed many minutes for them; they assert results, not speed."""

from __future__ import annotations

import io
import random
import tracemalloc
import zipfile

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hostile_files import MB, lying_docx, small_docx
from test_reading import docx_bytes, make_pdf

from drafting.errors import DraftingInputError
from drafting.letters.richtext import to_html
from drafting.limits import MAX_DOCUMENT_CHARS, MAX_PARAGRAPH_CHARS
from drafting.reading.document import read_document
from drafting.reading.normalize import normalize
from drafting.splitting.segment import split

WORDS = [
    "die", "Stadtverwaltung", "prüft", "seit", "dem", "vergangenen", "Jahr", "ob", "die",
    "Sanierung", "der", "Grundschulen", "in", "den", "Ortschaften", "mit", "Fördermitteln",
    "des", "Freistaates", "beschleunigt", "werden", "kann", "und", "welche", "Ämter", "dafür",
    "zusätzliches", "Personal", "benötigen", "würden",
]
NO_LIMITS = {"max_chars": None, "max_paragraph_chars": None}


def wrapped_lines(chars: int, width: int = 80) -> str:
    """German prose wrapped into full lines of ``width`` characters, no blank line: one
    long paragraph. Most lines end in a letter and the next starts in lowercase."""
    rng = random.Random(7)
    lines, line, size = [], [], 0
    while size < chars:
        word = rng.choice(WORDS)
        if line and len(" ".join(line)) + 1 + len(word) > width:
            lines.append(" ".join(line))
            size += len(lines[-1]) + 1
            line = []
        line.append(word)
    return "\n".join(lines)


# ------------------------------------------------------------------ linear time


@pytest.mark.timeout(120)
def test_repairing_a_two_megabyte_paragraph_finishes_and_keeps_every_word():
    text = wrapped_lines(2 * MB)
    result = normalize(text, **NO_LIMITS)
    assert len(result.paragraphs) == 1
    assert result.text.replace(" ", "") == text.replace("\n", "").replace(" ", "")


@pytest.mark.timeout(120)
def test_line_end_hyphens_in_a_two_megabyte_paragraph_are_repaired():
    line = "die Sanierung der Grundschulen in den Ortschaften wird mit Förder-"
    text = "\n".join([line, "mitteln des Freistaates beschleunigt und die Ver-"] * 16_000)
    result = normalize(text, **NO_LIMITS)
    assert len(result.paragraphs) == 1
    assert result.text.count("Fördermitteln") == 16_000
    assert "Förder-" not in result.text


@pytest.mark.timeout(120)
def test_splitting_two_megabytes_without_blank_lines_finishes():
    result = split("Sehr geehrte Damen und Herren,\n" + wrapped_lines(2 * MB)
                   + "\nWie viele Schulen sind betroffen?", **NO_LIMITS)
    assert result.questions
    assert result.questions[-1].text.endswith("Wie viele Schulen sind betroffen?")


@pytest.mark.timeout(120)
def test_numbering_that_jumps_thousands_of_times_gives_a_handful_of_warnings():
    items = ["2. Wie viele?", "3. Wo?"] * 8000 + ["5. Wann?", "7. Warum?"] * 8000
    result = split("\n\n".join(items))
    assert len(result.questions) == 32_000
    assert result.warnings[0] == ("Die Nummerierung der Fragen ist nicht fortlaufend "
                                  "(auf 3 folgt 2). Bitte prüfen.")
    assert result.warnings[5:] == ["Die Nummerierung der Fragen springt an 23.994 weiteren "
                                   "Stellen. Bitte prüfen."]


@pytest.mark.timeout(120)
def test_spaces_in_a_pdf_line_do_not_make_reading_quadratic():
    pdf = make_pdf([["Sehr geehrte Damen und Herren,",
                     "Wie viele Kitas gibt es" + " " * 300_000 + "in der Stadt?"]])
    text = read_document(pdf, "anfrage.pdf").text.strip()
    assert text.startswith("Sehr geehrte Damen und Herren,") and text.endswith("in der Stadt?")


@pytest.mark.timeout(120)
def test_a_long_table_with_a_merged_column_is_read():
    document = Document()
    table = document.add_table(rows=3000, cols=2)
    for i, row in enumerate(table.rows):
        first, second = row._tr.tc_lst
        merge = 'w:val="restart"' if i == 0 else ""
        first.get_or_add_tcPr().append(parse_xml(f"<w:vMerge {nsdecls('w')} {merge}/>"))
        (first if i == 0 else second).xpath("./w:p")[0].append(
            parse_xml(f"<w:r {nsdecls('w')}><w:t>{'Amt' if i == 0 else f'Zeile {i}'}</w:t></w:r>"))
    text = read_document(docx_bytes(document), "tabelle.docx").text
    assert text.split("\n\n")[:3] == ["Amt", "Zeile 1", "Zeile 2"]
    assert text.count("Zeile") == 2999


@pytest.mark.timeout(60)
def test_styles_based_on_each_other_in_a_loop_do_not_hang_reading():
    document = Document()
    first = document.styles.add_style("Anfrage A", WD_STYLE_TYPE.PARAGRAPH)
    second = document.styles.add_style("Anfrage B", WD_STYLE_TYPE.PARAGRAPH)
    first.base_style, second.base_style = second, first
    document.add_paragraph("Wie viele Kitas gibt es?", style="Anfrage A")
    assert read_document(docx_bytes(document), "schleife.docx").text == "Wie viele Kitas gibt es?"


@pytest.mark.timeout(120)
def test_rendering_three_megabytes_of_stars_finishes():
    html = to_html("Bürger * Innen " * 200_000)
    assert html.count("*") == 200_000 and "<em>" not in html


# ----------------------------------------------------------------------- limits


def test_a_text_over_the_document_limit_is_refused_with_a_german_message():
    text = "Wie viele Kitas gibt es?\n\n" * (MAX_DOCUMENT_CHARS // 26 + 1)
    with pytest.raises(DraftingInputError, match=r"mehr als 1\.000\.000 Zeichen"):
        split(text)
    with pytest.raises(DraftingInputError, match="mehr als 100 Zeichen"):
        normalize("x" * 101, max_chars=100)
    assert split(text, max_chars=None).questions


def test_a_paragraph_over_the_limit_is_refused_but_many_short_ones_are_fine():
    long_paragraph = wrapped_lines(MAX_PARAGRAPH_CHARS + 1000)
    with pytest.raises(DraftingInputError, match=r"Ein Absatz des Textes ist länger als "
                                                 r"100.000 Zeichen \(er beginnt mit „der dem"):
        split("Sehr geehrte Damen und Herren,\n\n" + long_paragraph)
    many = "\n\n".join(["Wie viele Kitas gibt es in der Stadt?"] * 20_000)  # 780,000 chars
    assert len(split(many).questions) == 20_000
    assert len(normalize(long_paragraph, max_paragraph_chars=None).paragraphs) == 1


def test_reading_refuses_files_with_too_many_characters():
    with pytest.raises(DraftingInputError, match=r"Die Datei „lang\.txt“ enthält mehr als 1\.000 Zeichen"):
        read_document(b"Frage? " * 200, "lang.txt", max_chars=1000)
    document = Document()
    for _ in range(100):
        document.add_paragraph("Wie viele Kitas gibt es in der Stadt?")
    with pytest.raises(DraftingInputError, match=r"„lang\.docx“ enthält mehr als 1\.000 Zeichen"):
        read_document(docx_bytes(document), "lang.docx", max_chars=1000)
    pdf = make_pdf([["Wie viele Kitas gibt es in der Stadt?"] * 40] * 3)
    with pytest.raises(DraftingInputError, match=r"„lang\.pdf“ enthält mehr als 1\.000 Zeichen"):
        read_document(pdf, "lang.pdf", max_chars=1000)
    assert read_document(pdf, "lang.pdf", max_chars=None).text.count("Kitas") == 120


# -------------------------------------------------------------- lying ZIP archive


@pytest.mark.parametrize("member", ["word/document.xml", "word/styles.xml",
                                    "[Content_Types].xml", "_rels/.rels"])
def test_a_docx_that_lies_about_its_sizes_is_refused_without_inflating_it(member):
    data = lying_docx(member, real_mb=1536, claimed=50_000)  # 1.5 GB of zeros, "50 kB"
    assert len(data) < 2 * MB
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    assert info.file_size == 50_000
    tracemalloc.start()
    try:
        with pytest.raises(DraftingInputError, match="Größenangaben im Archiv stimmen nicht"):
            read_document(data, "bombe.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * MB


def test_the_checked_archive_still_reads_an_honest_docx():
    assert read_document(small_docx(), "anfrage.docx").text == (
        "Sehr geehrter Herr Oberbürgermeister,\n\n1. Wie viele Kitas gibt es?")
