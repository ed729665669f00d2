"""Words split at line ends by a scan whose text layer lost its hyphens ("OCR"): compound tails
with a noun's ending, adjectives broken inside, pronominal adverbs — and the look-alikes that
must stay apart (real corpus: dd-af-7029, dd-af-7283, dd-af-7213)."""

from __future__ import annotations

import pytest

from drafting.reading.normalize import normalize

# "wel" / "che" shows that the text lost its hyphens (as the scans do).
LOST = "Die Fragen, wel\nche Sie stellten, sind bekannt.\n\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kulturförderung 7.000 Euro, Stadtbezirks\nförderung 12.150 Euro.",
         "Kulturförderung 7.000 Euro, Stadtbezirksförderung 12.150 Euro."),
        ("Die Wasserfläche eines innerstäd\ntisch gelegenen Hotels.",
         "Die Wasserfläche eines innerstädtisch gelegenen Hotels."),
        ("Die da\nfür erforderlichen Planungen laufen noch.",
         "Die dafür erforderlichen Planungen laufen noch."),
        ("Wir sprechen dar\nüber in der nächsten Sitzung.",
         "Wir sprechen darüber in der nächsten Sitzung."),
    ],
)
def test_words_split_by_a_scan_are_joined(text, expected):
    assert normalize(LOST + text).paragraphs[-1] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Das ist nicht möglich, da\nfür die Maßnahme keine Mittel bereitstehen.",  # conjunction
        "Es gab kein Geld. Da\nfür die Maßnahme nichts bereitsteht, ruht sie.",
        "Die Kinder sind jung\nund gesund.",
        "Er ist ruhig\nund sachlich geblieben.",
    ],
)
def test_look_alikes_stay_apart(text):
    assert normalize(LOST + text).paragraphs[-1] == " ".join(text.split("\n"))


def test_pronominal_adverbs_are_joined_only_when_the_text_lost_its_hyphens():
    text = "Die Stadt hat einen Antrag gestellt. Die da\nfür erforderlichen Mittel fehlen."
    assert normalize(text).text == text.replace("\n", " ")
