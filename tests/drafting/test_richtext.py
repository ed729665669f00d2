"""The Markdown subset of answer texts: blocks, emphasis, HTML preview."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.richtext import (
    BulletList,
    NumberedList,
    Paragraph,
    Span,
    Table,
    parse,
    parse_inline,
    plain_text,
    to_html,
)


def texts(blocks):
    return [plain_text(block.spans) for block in blocks if isinstance(block, Paragraph)]


def test_paragraphs_are_separated_by_blank_lines_and_lines_are_joined():
    blocks = parse("Erste Zeile\nzweite Zeile\n\n  \nZweiter Absatz\r\nmit CRLF")
    assert texts(blocks) == ["Erste Zeile zweite Zeile", "Zweiter Absatz mit CRLF"]


def test_a_list_of_strings_is_a_list_of_paragraphs_each_may_contain_markdown():
    blocks = parse(["Erster Absatz.", "Zweiter:\n- a\n- b", "", "Dritter **fett**."])
    assert isinstance(blocks[0], Paragraph)
    assert isinstance(blocks[1], Paragraph)
    assert blocks[2] == BulletList(((Span("a"),), (Span("b"),)))
    assert blocks[3].spans == (Span("Dritter "), Span("fett", bold=True), Span("."))


def test_bullet_lists_with_dash_or_star_and_continuation_lines():
    blocks = parse("- eins\n  geht weiter\n* zwei")
    assert blocks == [BulletList(((Span("eins geht weiter"),), (Span("zwei"),)))]


def test_numbered_list_counts_on_from_its_first_number():
    blocks = parse("3. drei\n7. vier")
    assert blocks == [NumberedList(((Span("drei"),), (Span("vier"),)), start=3)]


def test_a_list_may_follow_a_paragraph_line_directly():
    blocks = parse("Folgende Punkte:\n- a\n- b")
    assert texts(blocks) == ["Folgende Punkte:"]
    assert isinstance(blocks[1], BulletList)
    numbered = parse("Schritte:\n1. planen\n2. bauen")
    assert isinstance(numbered[1], NumberedList)


def test_a_wrapped_line_starting_with_a_number_other_than_one_stays_in_the_paragraph():
    assert texts(parse("Die Frist endet am\n2. Januar 2026.")) == ["Die Frist endet am 2. Januar 2026."]


def test_escaped_marker_keeps_a_paragraph():
    assert texts(parse("1\\. Januar 2025 trat die Satzung in Kraft.")) == [
        "1. Januar 2025 trat die Satzung in Kraft."
    ]


def test_bullet_and_numbered_lists_switch_kind():
    blocks = parse("- a\n1. b")
    assert isinstance(blocks[0], BulletList)
    assert isinstance(blocks[1], NumberedList)


def test_pipe_table_with_header_separator_rows_escapes_and_ragged_rows():
    blocks = parse(
        "Übersicht:\n| Jahr | Anträge |\n|---|:--:|\n| 2024 | 12 \\| 13 |\n| 2025 |\n"
        "| 2026 | 3 | zu viel |\nDanach Text"
    )
    assert texts(blocks) == ["Übersicht:", "Danach Text"]
    table = blocks[1]
    assert isinstance(table, Table)
    assert [plain_text(cell) for cell in table.header] == ["Jahr", "Anträge"]
    assert [[plain_text(cell) for cell in row] for row in table.rows] == [
        ["2024", "12 | 13"],
        ["2025", ""],
        ["2026", "3"],
    ]


def test_table_without_outer_pipes_and_emphasis_in_cells():
    (table,) = parse("A | B\n--- | ---\n**x** | *y*")
    assert table.rows[0][0] == (Span("x", bold=True),)
    assert table.rows[0][1] == (Span("y", italic=True),)


def test_a_pipe_without_separator_row_is_text():
    assert texts(parse("a | b\nc | d")) == ["a | b c | d"]


def test_emphasis_bold_italic_and_nested():
    assert parse_inline("**fett** und *kursiv*") == (
        Span("fett", bold=True),
        Span(" und "),
        Span("kursiv", italic=True),
    )
    assert parse_inline("***beides***") == (Span("beides", bold=True, italic=True),)
    assert parse_inline("**fett *beides* fett**") == (
        Span("fett ", bold=True),
        Span("beides", bold=True, italic=True),
        Span(" fett", bold=True),
    )


def test_gender_star_and_spaced_stars_stay_stars():
    text = "Bürger*innen und Mitarbeiter*innen rechnen 5 * 3 = 15"
    assert parse_inline(text) == (Span(text),)


def test_escaped_and_unclosed_stars_are_literal():
    assert parse_inline("\\*nicht kursiv\\*") == (Span("*nicht kursiv*"),)
    assert parse_inline("**offen") == (Span("**offen"),)


def test_other_markdown_and_html_is_plain_text():
    assert texts(parse("# Überschrift mit <b>HTML</b> und [Link](x)")) == [
        "# Überschrift mit <b>HTML</b> und [Link](x)"
    ]


def test_to_html_structure():
    html = to_html("Text\n\n- a\n\n2. b\n\n| A | B |\n|---|---|\n| 1 | 2 |")
    assert html == (
        '<p>Text</p>\n<ul><li>a</li></ul>\n<ol start="2"><li>b</li></ol>\n'
        "<table><thead><tr><th>A</th><th>B</th></tr></thead>"
        "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    )


def test_to_html_escapes_everything():
    html = to_html('<script>alert("x")</script> & **<img src=x onerror=alert(1)>**')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; " in html
    assert "<strong>&lt;img src=x onerror=alert(1)&gt;</strong>" in html


def test_to_html_accepts_a_list_of_paragraphs():
    assert to_html(["a", "*b*"]) == "<p>a</p>\n<p><em>b</em></p>"


def test_pathological_input_is_linear():
    start = time.perf_counter()
    parse("**a *b " * 40_000 + "\n" + "| x " * 5_000 + "\n- y\n" * 5_000)
    assert time.perf_counter() - start < 5


_ALLOWED_TAGS = {
    "p", "/p", "ul", "/ul", "ol", "/ol", "li", "/li", "strong", "/strong", "em", "/em",
    "table", "/table", "thead", "/thead", "tbody", "/tbody", "tr", "/tr", "th", "/th",
    "td", "/td",
}  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *-|\n1.<>&\"'\\:")), max_size=80))
def test_to_html_only_emits_its_own_tags(text):
    html = to_html(text)
    for piece in html.split("<")[1:]:
        tag = piece.split(">")[0].split(" ")[0]
        assert tag in _ALLOWED_TAGS
    assert "<ol" not in html or 'start="' in html or "<ol>" in html


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parse_keeps_the_words(text):
    words = [word.strip("*\\|-.:") for word in text.split()]
    rendered = " ".join(
        plain_text(span)
        for block in parse(text)
        for span in (
            [block.spans]
            if isinstance(block, Paragraph)
            else list(block.items)
            if isinstance(block, BulletList | NumberedList)
            else [*block.header, *(cell for row in block.rows for cell in row)]
        )
    )
    for word in words:
        if word and word.isalnum():
            assert word in rendered
