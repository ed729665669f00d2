"""The figures of an inserted answer that the writer must check: numbers, amounts,
percentages and dates in German notation are marked; references (§ 28 Abs. 6, Frage 2,
AF1234/24) and list markers are not."""

from __future__ import annotations

import pytest

from inquiry_app.reuse.figures import counted, figures, highlighted


def marked(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in figures(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Am 12.03.2024 und am 1. 3. 24", [("date", "12.03.2024"), ("date", "1. 3. 24")]),
    ("bis 31. März 2025, ab Mai 2026", [("date", "31. März 2025"), ("date", "Mai 2026")]),
    ("im 2. Quartal 2027", [("date", "2. Quartal 2027")]),
    ("Stand: 01.02.", [("date", "01.02.")]),
    ("1.234,56 EUR und € 20 sowie 3,5 Mio. Euro",
     [("amount", "1.234,56 EUR"), ("amount", "€ 20"), ("amount", "3,5 Mio. Euro")]),
    ("12,5 % bzw. 3 Prozent", [("percent", "12,5 %"), ("percent", "3 Prozent")]),
    ("Es waren 17. Dann 1.200 Fälle in 2024.",
     [("number", "17"), ("number", "1.200"), ("number", "2024")]),
])
def test_figures_in_german_notation(text, expected):
    assert marked(text) == expected


@pytest.mark.parametrize("text", [
    "nach § 28 Abs. 6 SächsGemO", "siehe Frage 2 und Anlage 3", "wie in AF1234/24 beantwortet",
    "1. erstens\n2) zweitens", "Einbürgerungsanträge ohne Zahl",
])
def test_references_and_list_markers_are_no_figures(text):
    assert marked(text) == []


def test_highlighted_escapes_the_text_and_marks_the_figures():
    html = str(highlighted("<b>2 Anträge</b> am 05.02.2020 & mehr"))
    assert html == ('&lt;b&gt;<mark class="app-figure" title="Zahl">2</mark> Anträge&lt;/b&gt; am '
                    '<mark class="app-figure" title="Datum">05.02.2020</mark> &amp; mehr')


def test_the_box_counts_the_kinds():
    assert counted(figures("1 Antrag am 05.02.2020, 3 Fälle, 12 % und 20 EUR")) == (
        "2 Zahlen, 1 Datum, 1 Betrag und 1 Prozentangabe")
    assert counted([]) == ""
