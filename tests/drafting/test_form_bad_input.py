"""Council forms filled in badly: never a crash, never a lost word, a warning where it matters."""

from __future__ import annotations

import re

from drafting.splitting.segment import split

FORM = """Anfrage Nr.: AF0999/24
Datum: 12.03.2024

ANFRAGE
FDP-Fraktion

Gegenstand:
Beleuchtung des Radwegs an der Elbe

Einleitung:
Der Radweg ist abends unbeleuchtet.

Fragen:
1. Wann wird der Radweg beleuchtet?
2. Was kostet die Beleuchtung?

Anna Beispiel
"""


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w{4,}", text))


def _all_text(result) -> str:
    data = result.to_dict()
    parts = [data["preamble"] or "", data.get("lead_in") or "", data.get("justification") or "",
             data["subject"] or "", " ".join(data["submitters"] or []), data["faction"] or ""]
    for question in data["questions"]:
        parts.append(question["text"])
        parts += [p["text"] for p in question["parts"]]
    return " ".join(parts)


def test_fields_in_another_order():
    text = """Gegenstand:
Beleuchtung des Radwegs an der Elbe
Anfrage Nr.: AF0999/24
Fragen:
1. Wann wird der Radweg beleuchtet?
Einleitung:
Der Radweg ist abends unbeleuchtet.
Datum: 12.03.2024
"""
    result = split(text)
    assert result.number == "AF0999/24"
    assert result.date == "2024-03-12"
    assert result.subject == "Beleuchtung des Radwegs an der Elbe"
    assert [q.text for q in result.questions] == ["Wann wird der Radweg beleuchtet?"]
    assert "Der Radweg ist abends unbeleuchtet." in result.preamble


def test_a_label_without_value_and_two_date_lines():
    text = FORM.replace("Datum: 12.03.2024", "Datum:\nDatum: 14.03.2024").replace(
        "Gegenstand:\nBeleuchtung des Radwegs an der Elbe", "Gegenstand:")
    result = split(text)
    assert result.subject is None
    assert result.date == "2024-03-14"
    assert len(result.questions) == 2


def test_an_ocr_damaged_date_is_no_date_and_no_crash():
    result = split(FORM.replace("Datum: 12.03.2024", "Datum: . j jyy 20,9"))
    assert result.date is None
    assert len(result.questions) == 2


def test_a_text_of_only_form_labels():
    result = split("Anfrage Nr.:\nDatum:\nANFRAGE\nGegenstand:\nEinleitung:\nFragen:\n")
    data = result.to_dict()
    assert data["questions"] == []
    assert any("keine Frage" in w for w in data["warnings"])


def test_three_hundred_questions():
    questions = "\n".join(f"{n}. Wie hoch war der Wert im Monat {n}?" for n in range(1, 301))
    result = split(FORM.replace("1. Wann wird der Radweg beleuchtet?\n2. Was kostet die "
                                "Beleuchtung?", questions))
    assert [q.number for q in result.questions] == [str(n) for n in range(1, 301)]
    assert result.questions[299].text == "Wie hoch war der Wert im Monat 300?"


def test_no_word_of_a_form_is_lost():
    result = split(FORM)
    kept = _words(_all_text(result)) | _words(" ".join([result.number or "", result.date or ""]))
    labels = {"Anfrage", "Datum", "ANFRAGE", "Gegenstand", "Einleitung", "Fragen"}
    assert _words(FORM) - labels <= kept
