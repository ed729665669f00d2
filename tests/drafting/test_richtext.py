"""The Markdown subset of answer texts: blocks, emphasis, HTML preview."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.letters.richtext import (
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


@pytest.mark.timeout(120)
def test_pathological_input_is_read():
    """The time it takes is measured in ``bench/richtext.py`` (no timed unit tests)."""
    blocks = parse("**a *b " * 40_000 + "\n" + "| x " * 5_000 + "\n- y\n" * 5_000)
    assert len(blocks) == 5_001
    assert plain_text(blocks[0].spans).startswith("**a *b **a *b ")
    assert set(blocks[1:]) == {BulletList(((Span("y"),),))}


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


# --- the subset on markdown-it-py: everything outside it stays as typed ---------------------


def test_raw_html_stays_literal_text():
    (block,) = parse("<div>\n*x*\n</div>")
    assert block == Paragraph((Span("<div> "), Span("x", italic=True), Span(" </div>")))
    assert to_html("<!-- Kommentar -->\n\n<b>fett</b>") == (
        "<p>&lt;!-- Kommentar --&gt;</p>\n<p>&lt;b&gt;fett&lt;/b&gt;</p>"
    )


@pytest.mark.parametrize(
    "text",
    [
        "# Überschrift",
        "Titel\n=====",
        "Titel\n-----",
        "> Zitat",
        "```\nCode\n```",
        "---",
        "***",
        "![Bild](bild.png)",
        "[Link](https://example.org) und [Verweis][1]",
        "<https://example.org>",
        "&amp; &#42; &auml;",
        "~~durchgestrichen~~",
        "_kursiv_ und __fett__",
        "`Code`",
    ],
)
def test_commonmark_syntax_outside_the_subset_stays_as_typed(text):
    assert parse(text) == [Paragraph((Span(text.replace("\n", " ")),))]


def test_a_reference_definition_stays_text():
    assert texts(parse("[1]: https://example.org\n\nSiehe [1]")) == ["[1]: https://example.org", "Siehe [1]"]


def test_indentation_makes_no_code_block_and_no_nesting():
    assert texts(parse("    eingerückt\n\tmit Tab")) == ["eingerückt mit Tab"]
    assert parse("- a\n  - b\n    - c\n  1. d") == [
        BulletList(((Span("a"),), (Span("b - c"),))),
        NumberedList(((Span("d"),),)),
    ]
    assert parse("- - a\n1. 2. b") == [
        BulletList(((Span("- a"),),)),
        NumberedList(((Span("2. b"),),)),
    ]


def test_list_markers_outside_the_subset_stay_text():
    assert texts(parse("+ plus\n\n1) Klammer\n\n-\n\n7.")) == ["+ plus", "1) Klammer", "-", "7."]
    assert texts(parse("Text\n01. Januar")) == ["Text 01. Januar"]
    assert parse("- a\n+ b\n2) c") == [BulletList(((Span("a + b 2) c"),),))]


def test_a_blank_line_ends_a_list():
    assert parse("- a\n\n- b") == [BulletList(((Span("a"),),)), BulletList(((Span("b"),),))]
    assert parse("1. a\n\n3. b") == [NumberedList(((Span("a"),),)), NumberedList(((Span("b"),),), start=3)]


def test_table_rows_need_a_pipe_and_a_row_like_a_list_item_stays_a_row():
    table, paragraph = parse("| Zeit | Anzahl |\n|---|---|\n1. Quartal | 5\n- | 7\nDanach")
    assert [[plain_text(cell) for cell in row] for row in table.rows] == [["1. Quartal", "5"], ["-", "7"]]
    assert paragraph == Paragraph((Span("Danach"),))


def test_a_table_ends_a_list_and_the_next_table_ends_a_table():
    blocks = parse("- a\n| A | B |\n|---|---|\n| 1 | 2 |\n| C |\n|---|\n| 3 |\n- c")
    assert [type(block) for block in blocks] == [BulletList, Table, Table, BulletList]
    assert [plain_text(cell) for cell in blocks[2].header] == ["C"]


def test_a_separator_row_needs_as_many_cells_as_the_header_and_a_pipe():
    """GFM's rule for the separator row; otherwise the lines are text."""
    assert texts(parse("| A | B |\n|---|\n| 1 | 2 |")) == ["| A | B | |---| | 1 | 2 |"]
    assert texts(parse("Summe |\n---")) == ["Summe | ---"]
    (table,) = parse("| Summe |\n|---|\n| 3 |")
    assert table.rows == (((Span("3"),),),)


def test_backslash_escapes_the_subset_characters_only():
    assert parse_inline("\\* \\\\ \\_ \\| \\@ \\<b\\>") == (Span("* \\ _ | \\@ \\<b>"),)
    assert texts(parse("Zeile mit Backslash\\\nam Ende")) == ["Zeile mit Backslash\\ am Ende"]


def test_stars_open_and_close_only_at_word_boundaries():
    assert parse_inline("_*a*_ x*y* (*b*)") == (Span("_*a*_ x*y* ("), Span("b", italic=True), Span(")"))
    assert parse_inline("*a **b*") == (Span("*a *"), Span("b", italic=True))
    assert parse_inline("*a )+**:") == (Span("a )+", italic=True), Span("*:"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *-+|\n\t1.)<>&#`_~[]!\\:")), max_size=80))
def test_to_html_only_emits_its_own_tags_whatever_the_markdown(text):
    html = to_html(text)
    for piece in html.split("<")[1:]:
        assert piece.split(">")[0].split(" ")[0] in _ALLOWED_TAGS
