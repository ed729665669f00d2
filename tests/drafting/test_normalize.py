"""Repairing extracted text: hyphenation, wrapped lines, page furniture, characters, quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafting.language import default_lexicon
from drafting.reading.normalize import fix_quotes, normalize

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"


def read(name: str) -> str:
    return (REFERENCE / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("extracted", "repaired"),
    [
        ("inquiry-as-extracted.txt", "inquiry.txt"),
        ("reply-letter-as-extracted.txt", "reply-letter-body.txt"),
    ],
)
def test_reference_extractions_are_repaired_exactly(extracted, repaired):
    result = normalize(read(extracted))
    assert result.text == read(repaired).strip()
    assert result.removed == []
    assert result.warnings == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Teilnahme ist vorge-\nsehen.", "Die Teilnahme ist vorgesehen."),
        ("Investitionen in IT-\nInfrastruktur", "Investitionen in IT-Infrastruktur"),
        ("Investitionen in IT-\n. Infrastruktur", "Investitionen in IT-Infrastruktur"),
        ("die Einführung der E-\nAkte im Bürgeramt", "die Einführung der E-Akte im Bürgeramt"),
        ("Staatsangehörigkeits-\nund Ausländerangelegenheiten",
         "Staatsangehörigkeits- und Ausländerangelegenheiten"),
        ("Staatsangehörigkeits- und Ausländerangelegenheiten",
         "Staatsangehörigkeits- und Ausländerangelegenheiten"),
        ("die Landeshauptstadt Dres-\nden plant", "die Landeshauptstadt Dresden plant"),
        ("eine EU-\nweite Ausschreibung", "eine EU-weite Ausschreibung"),
        ("der Betreuungs-/\nBetriebsmodelle", "der Betreuungs-/Betriebsmodelle"),
        ("die Landeshaupt\nstadt Dresden", "die Landeshauptstadt Dresden"),
        ("zum digitalen Einbürgerungs\nantrag", "zum digitalen Einbürgerungsantrag"),
        ("Teil des Bürger\namtes", "Teil des Bürgeramtes"),
        ("weiteren Anschaffungs\naufwand verursachen", "weiteren Anschaffungsaufwand verursachen"),
        ("Gründe in\ndem Verfahren", "Gründe in dem Verfahren"),
        ("erheblichen Rückstau\nvon Anträgen", "erheblichen Rückstau von Anträgen"),
        ("Herr Schulze\nsagte zu", "Herr Schulze sagte zu"),
    ],
)
def test_words_broken_at_line_ends(text, expected):
    assert normalize(text).text == expected


def test_join_decisions_come_from_the_lexicon():
    assert normalize("ein neues Haus\nboot", lexicon=set()).text == "ein neues Haus boot"
    assert normalize("ein neues Haus\nboot", lexicon={"Hausboot"}).text == "ein neues Hausboot"


def test_document_words_count_as_known():
    text = "Die Kitaplatzvergabe ist neu. Die Kitaplatz\nvergabe dauert."
    assert normalize(text, lexicon=set()).text == (
        "Die Kitaplatzvergabe ist neu. Die Kitaplatzvergabe dauert."
    )


def test_default_lexicon_is_a_large_german_word_list():
    words = default_lexicon()
    assert len(words) > 300_000
    assert {"vorgesehen", "Antrag", "Stadt", "und", "in"} <= words
    assert "stadt" not in words


def test_wrapped_lines_become_paragraphs():
    text = (
        "Im Stadtbezirk Pieschen suchen viele Familien vergeblich einen Krippenplatz in\n"
        "Wohnortnähe, obwohl die Stadt neue Einrichtungen angekündigt hat. Der Bedarf\n"
        "wächst weiter.\n"
        "Die Verwaltung hat dazu bisher keine Zahlen vorgelegt.\n"
        "1. Wie viele Plätze gibt es?\n"
        "2. Wie lang ist die Warteliste?\n"
    )
    assert normalize(text).paragraphs == [
        "Im Stadtbezirk Pieschen suchen viele Familien vergeblich einen Krippenplatz in "
        "Wohnortnähe, obwohl die Stadt neue Einrichtungen angekündigt hat. Der Bedarf "
        "wächst weiter.",
        "Die Verwaltung hat dazu bisher keine Zahlen vorgelegt.",
        "1. Wie viele Plätze gibt es?",
        "2. Wie lang ist die Warteliste?",
    ]


def test_blank_line_after_every_line_is_undone():
    lines = [
        "Antragstellende berichten von langen Wartezeiten für einen Termin in der Aus-",
        "länderbehörde. Ein Teil der Aufenthaltstitel läuft in dieser Zeit ab, was für",
        "die Betroffenen erhebliche Nachteile mit sich bringt.",
        "Ich frage den Oberbürgermeister:",
        "1. Wie lange beträgt derzeit die Wartezeit?",
    ]
    assert normalize("\n\n".join(lines)).paragraphs == [
        "Antragstellende berichten von langen Wartezeiten für einen Termin in der "
        "Ausländerbehörde. Ein Teil der Aufenthaltstitel läuft in dieser Zeit ab, was für "
        "die Betroffenen erhebliche Nachteile mit sich bringt.",
        "Ich frage den Oberbürgermeister:",
        "1. Wie lange beträgt derzeit die Wartezeit?",
    ]


def test_paragraphs_separated_by_blank_lines_stay_apart():
    paragraphs = [
        "Sehr geehrter Herr Oberbürgermeister,",
        "in der Johannstadt sind mehrere Spielplätze wegen defekter Geräte seit Monaten "
        "gesperrt, und Eltern weichen auf weit entfernte Anlagen aus.",
        "Die Verwaltung hat bislang keine Zeitplanung für die Reparatur vorgelegt.",
        "1. Wann werden die Geräte ersetzt?",
    ]
    assert normalize("\n\n".join(paragraphs)).paragraphs == paragraphs


def test_salutation_followed_by_lowercase_text_stays_separate():
    text = "Sehr geehrte Damen und Herren,\nim Jahr 2024 sind die Besucherzahlen gesunken."
    assert normalize(text).paragraphs == [
        "Sehr geehrte Damen und Herren,",
        "im Jahr 2024 sind die Besucherzahlen gesunken.",
    ]


def test_date_at_line_start_is_not_a_list_item():
    text = "Der Ortsbeirat hat am\n2. Juni 2025 eine Querungshilfe gefordert."
    assert normalize(text).text == "Der Ortsbeirat hat am 2. Juni 2025 eine Querungshilfe gefordert."


def test_page_furniture_is_removed_and_reported():
    text = (
        "Mehrere Vereine berichten, dass Anträge noch nicht beschieden sind und die\n"
        "\n- 2 -\n\n"
        "Zuschüsse daher nicht ausgezahlt wurden.\n"
        "Seite 2 von 3\n"
    )
    result = normalize(text)
    assert result.text == (
        "Mehrere Vereine berichten, dass Anträge noch nicht beschieden sind und die "
        "Zuschüsse daher nicht ausgezahlt wurden."
    )
    assert result.removed == ["- 2 -", "Seite 2 von 3"]


def test_repeated_headers_on_pages_are_removed():
    header = "Landeshauptstadt Dresden – Anfrage AF0815/25"
    pages = [
        f"{header}\nDie Sanierung der Turnhalle verzögert sich seit Jahren.",
        f"{header}\n1. Wann beginnt die Sanierung?",
        f"{header}\n2. Was kostet sie?",
    ]
    result = normalize("\f".join(pages))
    assert header not in result.text
    assert result.removed == [header] * 3
    assert result.paragraphs[1:] == ["1. Wann beginnt die Sanierung?", "2. Was kostet sie?"]


def test_characters_are_repaired():
    text = "Die \ufb01nanzielle Lage, der Ver\u00adgabe\u00a0Termin und \ufb02ießende\u200b Mittel."
    assert normalize(text).text == "Die finanzielle Lage, der Vergabe Termin und fließende Mittel."


def test_soft_hyphen_at_line_end_joins_the_word():
    assert normalize("die Ver\u00ad\ngabe der Aufträge").text == "die Vergabe der Aufträge"


def test_control_characters_are_removed_with_warning():
    result = normalize("Wie viele\x00 Laternen\x07 sind defekt?")
    assert result.text == "Wie viele Laternen sind defekt?"
    assert result.warnings == ["2 Steuerzeichen (Binärdaten) wurden aus dem Text entfernt."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Er sprach von "Stillstand" im Amt.', "Er sprach von „Stillstand“ im Amt."),
        ("Er sprach von “Stillstand” im Amt.", "Er sprach von „Stillstand“ im Amt."),
        ("Er sprach von „Stillstand“ im Amt.", "Er sprach von „Stillstand“ im Amt."),
        ("Er sprach von »Stillstand« im Amt.", "Er sprach von „Stillstand“ im Amt."),
        ('"Wann?", fragte sie.', "„Wann?“, fragte sie."),
        ("Herr Müller's Antrag", "Herr Müller's Antrag"),
    ],
)
def test_quotes_become_german(text, expected):
    assert fix_quotes(text) == expected


def test_rtl_text_and_emoji_survive():
    text = "Hinweise auf Arabisch („مرحبا بكم“) und 🚲 Stellplätze 💧\nfür das Stadtfest 🎉"
    assert normalize(text).text == (
        "Hinweise auf Arabisch („مرحبا بكم“) und 🚲 Stellplätze 💧 für das Stadtfest 🎉"
    )


def test_empty_and_blank_text():
    assert normalize("").text == ""
    assert normalize(" \n\n \f\n").paragraphs == []
