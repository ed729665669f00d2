"""Non-breaking spaces in the letter (DIN 5008, German typography), set only when rendering."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import docx
import pytest

from drafting.letters.letter import body_text, render_docx
from drafting.letters.typography import NBSP, nbsp

DATA = Path(__file__).resolve().parents[1] / "data"


def reference() -> dict:
    return json.loads((DATA / "reply.json").read_text("utf-8"))


def marked(text: str) -> str:
    """The text with each non-breaking space shown as "~"."""
    return nbsp(text).replace(NBSP, "~")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Kosten betragen 979.500 EUR.", "Die Kosten betragen 979.500~EUR."),
        ("ein Anteil von 12 % am Ganzen", "ein Anteil von 12~% am Ganzen"),
        ("3,5 Mio. EUR im Jahr", "3,5~Mio.~EUR im Jahr"),
        ("Kosten von 120 € und EUR 500", "Kosten von 120~€ und EUR~500"),
        ("in 20 km Entfernung", "in 20~km Entfernung"),
        ("nach § 28 Abs. 6 SächsGemO", "nach §~28 Abs.~6 SächsGemO"),
        ("nach §§ 187, 188 BGB", "nach §§~187, 188 BGB"),
        ("Anlage Nr. 3 auf S. 4", "Anlage Nr.~3 auf S.~4"),
        ("Art. 3 Satz 1 GG", "Art.~3 Satz~1 GG"),
        ("z. B. Schulen, u. a. Kitas, d. h. alle", "z.~B. Schulen, u.~a. Kitas, d.~h. alle"),
        ("Z. B. i. d. R. so", "Z.~B. i.~d.~R. so"),
        ("ab dem 1. Januar 2026", "ab dem 1.~Januar~2026"),
        ("bis März 2025", "bis März~2025"),
        ("Zu Frage 2 und den Fragen 1 bis 3", "Zu Frage~2 und den Fragen~1 bis 3"),
    ],
)  # fmt: skip
def test_non_breaking_spaces_where_a_line_must_not_break(text, expected):
    assert marked(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1. Ist die Teilnahme vorgesehen?",  # a question number is no date
        "2 mehr als erwartet",  # "m" of "mehr" is no unit
        "Abschnitt 4 und Gesamt 5",  # no reference word
        "GS. 4",  # "S." only as a word of its own
        "Frau Dr. Mühle",
        "Plan B. Danach",  # a single letter and a point is no abbreviation of the list
    ],
)
def test_ordinary_spaces_stay_elsewhere(text):
    assert nbsp(text) == text


def test_length_is_kept_and_a_second_pass_changes_nothing():
    text = "Laut § 28 Abs. 6 z. B. 979.500 EUR am 1. Januar 2026 zu Frage 2."
    once = nbsp(text)
    assert len(once) == len(text)
    assert once.replace(NBSP, " ") == text
    assert nbsp(once) == once


def rendered(answer: str, remark: str | None = None) -> tuple[dict, bytes]:
    data = reference()
    data["items"][0]["answer"] = answer
    if remark is not None:
        data["remark"] = remark
    return data, render_docx(data)


def test_letter_sets_them_in_answers_remarks_and_labels_but_the_reply_keeps_spaces():
    data, letter = rendered(
        "Die Stadt zahlt **979.500** EUR nach § 28 Abs. 6 SächsGemO.\n\n- z. B. ab 1. Januar 2026",
        remark="Frage 2 beantworten wir mit Nr. 3.",
    )
    stored = copy.deepcopy(data)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter)).paragraphs)
    assert "**979.500** EUR" in data["items"][0]["answer"] and data == stored  # not changed
    assert f"Die Stadt zahlt 979.500{NBSP}EUR nach §{NBSP}28 Abs.{NBSP}6 SächsGemO." in text
    assert f"z.{NBSP}B. ab 1.{NBSP}Januar{NBSP}2026" in text
    assert f"Frage{NBSP}2 beantworten wir mit Nr.{NBSP}3." in text


def test_reading_the_letter_back_gives_ordinary_spaces():
    _, letter = rendered("Es kostet 979.500 EUR nach § 28 Abs. 6.\n\n| a | b |\n|---|---|\n| 12 % | x |")
    text = body_text(letter)
    assert NBSP not in text
    assert "Es kostet 979.500 EUR nach § 28 Abs. 6." in text and "12 % | x" in text


def test_across_emphasis_the_space_in_the_plain_run_becomes_non_breaking():
    _, letter = rendered("Es sind *12* % mehr.")
    document = docx.Document(io.BytesIO(letter))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Es sind"))
    assert [(run.text, run.italic) for run in paragraph.runs] == [
        ("Es sind ", None),
        ("12", True),
        (f"{NBSP}% mehr.", None),
    ]


def test_quoted_questions_and_the_subject_get_them_too():
    data = reference()
    data["items"][0]["questions"][0]["text"] = "Wie hoch ist der Anteil (in %) nach § 5?"
    data["inquiry"]["subject"] = "Kosten nach § 5 der Satzung"
    document = docx.Document(io.BytesIO(render_docx(data)))
    texts = [p.text for p in document.paragraphs]
    assert any(f"nach §{NBSP}5?" in text for text in texts)
    assert texts[0].startswith(f"Kosten nach §{NBSP}5 der Satzung")
