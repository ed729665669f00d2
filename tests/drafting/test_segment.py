"""Splitting an inquiry into metadata, preamble and questions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from drafting.markers import match_marker
from drafting.splitting.inquiry_rules import RULES, get_nlp
from drafting.splitting.segment import split

ROOT = Path(__file__).resolve().parents[2]
SALUTATION = "Sehr geehrter Herr Oberbürgermeister,"
PREAMBLE = "Die Turnhalle der 46. Oberschule ist seit Monaten gesperrt. Ich frage:"
CLOSING = "Mit freundlichen Grüßen\n\nAnne Berger\nStadträtin"


def inquiry(body: str) -> str:
    return f"{SALUTATION}\n\n{PREAMBLE}\n\n{body}\n\n{CLOSING}\n"


def numbers_and_texts(text: str) -> list[tuple[str, str]]:
    return [(q.number, q.text) for q in split(text).questions]


@pytest.mark.parametrize(
    "body",
    [
        "1. Wann wird saniert?\n2. Was kostet es?",
        "1) Wann wird saniert?\n2) Was kostet es?",
        "(1) Wann wird saniert?\n(2) Was kostet es?",
        "Frage 1: Wann wird saniert?\n\nFrage 2: Was kostet es?",
        "Frage 1. Wann wird saniert?\nFrage 2. Was kostet es?",
        "1.Wann wird saniert?\n2.Was kostet es?",
    ],
    ids=["dot", "paren", "parens", "frage-colon", "frage-dot", "no-space"],
)
def test_arabic_numbering_styles(body):
    result = split(inquiry(body))
    assert numbers_and_texts(inquiry(body)) == [("1", "Wann wird saniert?"), ("2", "Was kostet es?")]
    assert result.preamble == PREAMBLE
    assert result.salutation == SALUTATION
    assert result.closing == "Mit freundlichen Grüßen\n\nAnne Berger\n\nStadträtin"
    assert result.submitters == ["Anne Berger"]
    assert result.warnings == []


def test_roman_and_letter_numbering_at_top_level():
    assert numbers_and_texts(inquiry("I. Wann?\nII. Wo?\nIII. Wie?")) == [
        ("I", "Wann?"), ("II", "Wo?"), ("III", "Wie?"),
    ]  # fmt: skip
    assert numbers_and_texts(inquiry("a) Wann?\nb) Wo?")) == [("a", "Wann?"), ("b", "Wo?")]


@pytest.mark.parametrize("bullet", ["•", "-", "–", "▪"])
def test_bullets_get_numbers_and_a_warning(bullet):
    result = split(inquiry(f"{bullet} Wann wird saniert?\n{bullet} Was kostet es?"))
    assert [(q.number, q.text) for q in result.questions] == [
        ("1", "Wann wird saniert?"), ("2", "Was kostet es?"),
    ]  # fmt: skip
    assert "Aufzählungszeichen" in result.warnings[0]


def test_letters_nest_under_numbers():
    result = split(inquiry("1. Wie viele Hallen sind gesperrt?\na) Wie viele in Schulen?\n"
                           "b) Wie viele in Vereinen?\n2. Wann öffnen sie?"))
    first, second = result.questions
    assert (first.number, first.text) == ("1", "Wie viele Hallen sind gesperrt?")
    assert [(p.number, p.text) for p in first.parts] == [
        ("a", "Wie viele in Schulen?"), ("b", "Wie viele in Vereinen?"),
    ]  # fmt: skip
    assert (second.number, second.parts) == ("2", [])


def test_an_enumeration_inside_one_sentence_stays_in_the_question():
    """Issue 12: "Enumerations of noun phrases inside one question stay inside that question;
    only real sub-questions become parts."""
    result = split(inquiry("1. Wie viele Hallen sind gesperrt\na) in Schulen,\nb) in Vereinen?\n"
                           "2. Wann öffnen sie?"))
    first, second = result.questions
    assert (first.text, first.parts) == ("Wie viele Hallen sind gesperrt a) in Schulen, b) in Vereinen?",
                                         [])
    assert (second.number, second.text) == ("2", "Wann öffnen sie?")


def test_dotted_numbers_nest_under_their_question():
    result = split(inquiry("1. Schulen\n1.1 Wie viele?\n1.2 Wo?\n2. Kitas\n2.1 Wann?"))
    assert [(q.number, [p.number for p in q.parts]) for q in result.questions] == [
        ("1", ["1.1", "1.2"]), ("2", ["2.1"]),
    ]  # fmt: skip


def test_bullets_under_a_question_become_lettered_parts():
    result = split(inquiry("1. Welche Kosten entstehen?\n• Was kostet die Planung?\n"
                           "• Was kostet der Bau?\n2. Wann?"))
    assert [(p.number, p.text) for p in result.questions[0].parts] == [
        ("a", "Was kostet die Planung?"), ("b", "Was kostet der Bau?"),
    ]  # fmt: skip


def test_bulleted_words_that_finish_the_sentence_stay_in_it():
    result = split(inquiry("1. Welche Kosten entstehen für\n• Planung,\n• Bau?\n2. Wann?"))
    assert (result.questions[0].text, result.questions[0].parts) == (
        "Welche Kosten entstehen für Planung, Bau?", [])


def test_several_question_marks_stay_one_question():
    text = inquiry("1. Wie viele Anmeldungen gibt es? Wie viele wurden abgelehnt?\n2. Warum?")
    assert numbers_and_texts(text)[0] == (
        "1", "Wie viele Anmeldungen gibt es? Wie viele wurden abgelehnt?",
    )  # fmt: skip


def test_question_over_several_paragraphs():
    text = inquiry("1. Wie hoch sind die Kosten?\n\nBitte nach Jahren aufschlüsseln.\n\n2. Wann?")
    assert numbers_and_texts(text) == [
        ("1", "Wie hoch sind die Kosten?\n\nBitte nach Jahren aufschlüsseln."), ("2", "Wann?"),
    ]  # fmt: skip


def test_single_unnumbered_question_inside_a_paragraph():
    text = (
        f"{SALUTATION}\n\nDie Brücke ist seit 2024 gesperrt. Vor diesem Hintergrund frage ich: "
        f"Wann wird sie saniert?\n\n{CLOSING}"
    )
    result = split(text)
    assert result.preamble == "Die Brücke ist seit 2024 gesperrt. Vor diesem Hintergrund frage ich:"
    assert [(q.number, q.text) for q in result.questions] == [("1", "Wann wird sie saniert?")]
    assert result.warnings == []


def test_no_question_at_all_becomes_one_question_with_warning():
    text = f"{SALUTATION}\n\nIch bitte um eine Übersicht aller Baumfällungen.\n\n{CLOSING}"
    result = split(text)
    assert [(q.number, q.text) for q in result.questions] == [
        ("1", "Ich bitte um eine Übersicht aller Baumfällungen."),
    ]  # fmt: skip
    assert result.preamble == ""
    assert "keine Frage erkannt" in result.warnings[0]


def test_numbered_list_in_the_preamble_is_not_taken_for_the_questions():
    body = (
        "Der Stadtrat hat beschlossen:\n\n1. Die Halle wird saniert.\n\n2. Die Mittel werden "
        "bereitgestellt.\n\nIch frage daher:\n\n1. Wann beginnt die Sanierung?\n\n2. Wann endet sie?"
    )
    result = split(inquiry(body))
    assert [q.text for q in result.questions] == ["Wann beginnt die Sanierung?", "Wann endet sie?"]
    assert "1. Die Halle wird saniert." in result.preamble
    assert result.lead_in == "Ich frage daher:"


def test_numbering_gap_is_reported():
    result = split(inquiry("1. Wann?\n2. Wo?\n4. Wie?"))
    assert [q.number for q in result.questions] == ["1", "2", "4"]
    assert result.warnings == [
        "Die Nummerierung der Fragen ist nicht fortlaufend (auf 2 folgt 4). Bitte prüfen."
    ]


def test_metadata_header():
    text = (
        "Anfrage Nr. AF0815/25\nDatum: 12.03.2025\nGegenstand: Turnhalle der 46. Oberschule\n"
        "Einreicher: Stadträtin Anne Berger, Stadtrat Tom Krüger und Fraktion DIE LINKE\n\n"
        + inquiry("1. Wann?")
    )
    result = split(text)
    assert result.number == "AF0815/25"
    assert result.date == "2025-03-12"
    assert result.subject == "Turnhalle der 46. Oberschule"
    assert result.submitters == ["Anne Berger", "Tom Krüger", "Fraktion DIE LINKE"]
    assert result.factions == ["Fraktion DIE LINKE"]
    assert result.header[0] == "Anfrage Nr. AF0815/25"


def test_metadata_labels_on_their_own_lines_and_signature_date():
    text = (
        "Anfrage\n\nAF-Neu00010/23\n\nGegenstand:\n\nBänke am Alaunplatz\n\n"
        f"{SALUTATION}\n\n1. Wann?\n\nMit freundlichen Grüßen\n\nCDU-Fraktion\n"
        "Dresden, 3. Februar 2025"
    )
    result = split(text)
    assert (result.number, result.subject, result.date) == (
        "AF-Neu00010/23", "Bänke am Alaunplatz", "2025-02-03",
    )  # fmt: skip
    assert result.submitters == ["CDU-Fraktion"]


def test_closing_remark_after_the_questions_is_not_part_of_a_question():
    result = split(inquiry("1. Wann?\n\n2. Wo?\n\nIch bitte um schriftliche Beantwortung."))
    assert result.questions[-1].text == "Wo?"
    assert result.closing.startswith("Ich bitte um schriftliche Beantwortung.")


def test_to_dict_has_exactly_the_agreed_keys():
    data = split(inquiry("1. Wann?\na) heute?")).to_dict()
    assert list(data) == [
        "number", "date", "subject", "submitters", "faction", "body", "lead_in",
        "justification", "preamble", "questions", "warnings",
    ]  # fmt: skip
    assert data["questions"] == [
        {"number": "1", "text": "Wann?", "parts": [{"number": "a", "text": "heute?"}]}
    ]
    assert data["number"] is None and data["submitters"] == ["Anne Berger"]


def test_details_carry_the_frame():
    details = split(inquiry("1. Wann?")).details()
    assert details["salutation"] == SALUTATION
    assert details["lead_in"] == "Ich frage:"
    assert details["closing"].startswith("Mit freundlichen Grüßen")


def test_raw_pdf_text_is_normalised_first():
    raw = (
        f"{SALUTATION}\n\n{PREAMBLE}\n\n1. Ist die Teilnahme an dem Projekt vorge-\n\nsehen?\n\n"
        "2. Sind Investitionen in IT-\n\n. Infrastruktur nötig?\n\nMit freundlichen Grüßen"
    )
    assert [q.text for q in split(raw).questions] == [
        "Ist die Teilnahme an dem Projekt vorgesehen?", "Sind Investitionen in IT-Infrastruktur nötig?",
    ]  # fmt: skip


@pytest.mark.parametrize("text", ["", "   ", "\n\n\f", "?", "1.", "•", "Mit freundlichen Grüßen"])
def test_degenerate_input_does_not_crash(text):
    result = split(text)
    assert isinstance(result.to_dict()["questions"], list)


def test_rtl_and_emoji_are_kept():
    result = split(inquiry("1. Gibt es Schilder auf Arabisch („مرحبا“)? 🙂\n2. Und 🚲?"))
    assert result.questions[0].text == "Gibt es Schilder auf Arabisch („مرحبا“)? 🙂"
    assert result.questions[1].text == "Und 🚲?"


@pytest.mark.parametrize(
    ("text", "number"),
    [("12. März 2025 wurde", None), ("3. Quartal", None), ("z. B. das", None), ("1.1 Wo", "1.1"),
     ("(b) Wo", "b"), ("IIII. x", None), ("IV) x", "IV"), ("-5 Grad", None)],
)
def test_markers(text, number):
    marker = match_marker(text)
    assert (marker.number if marker else None) == number


def test_spacy_pipeline_is_blank_german_with_rule_component():
    nlp = get_nlp()
    assert nlp.lang == "de"
    assert nlp.pipe_names == ["sentencizer", "inquiry_rules"]
    assert get_nlp() is nlp
    assert {"SALUTATION", "CLOSING", "LEAD_IN", "NAME"} <= set(RULES)
    doc = nlp("Sehr geehrter Herr Oberbürgermeister, Mit freundlichen Grüßen")
    assert {span.label_ for span in doc.spans["inquiry"]} >= {"SALUTATION", "CLOSING"}


def test_import_has_no_side_effects_and_needs_no_model():
    code = (
        "import sys, drafting.splitting.segment, drafting.splitting.inquiry_rules as r;"
        "assert r.get_nlp.cache_info().currsize == 0;"
        "drafting.splitting.segment.split('1. Wann?');"
        "assert not [m for m in sys.modules if m.startswith('de_core_news')];"
        "print('ok')"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.stdout.strip() == "ok", run.stderr
