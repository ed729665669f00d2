"""``drafting.replies.split_reply``: a published reply -> metadata, quoted questions and answer
items, for each convention the archive meets (quoting convention of DESIGN.md, "Zu Frage 1:",
grouped answers, "Antwort:", Drucksachen with questions and answers interleaved, tables and
lists, interim notices, page furniture, the "kein Anspruch" remark)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from drafting.errors import DraftingInputError, ReplyNotRecognised
from drafting.replies import split_reply

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def items(result: dict) -> list[tuple[list[str], str]]:
    return [(answer["questions"], fold(answer["text"])) for answer in result["answers"]]


def letter(body: str, *, head: str = "", tail: str = "Mit freundlichen Grüßen\n\nDirk Hilbert\n") -> str:
    head = head or ("Landeshauptstadt Dresden\nDer Oberbürgermeister\n\nHerrn Stadtrat\nMax Muster\n\n"
                    "Radwege in Klotzsche\nAF1234/24\n\n")
    return f"{head}Sehr geehrter Herr Muster,\n\n{body}\n\n{tail}"


def test_the_reference_reply_gives_its_questions_and_answers_as_in_reply_json():
    text = (REFERENCE / "reply-letter-as-extracted.txt").read_text(encoding="utf-8")
    reference = json.loads((REFERENCE / "reply.json").read_text(encoding="utf-8"))
    result = split_reply(text)
    expected_items = reference["items"]
    assert [q["number"] for q in result["questions"]] == ["1", "2", "3", "4"]
    assert [fold(q["text"]) for q in result["questions"]] == [
        fold(item["questions"][0]["text"]) for item in expected_items]
    assert items(result) == [([q["number"] for q in item["questions"]], fold(" ".join(item["answer"])))
                             for item in expected_items]
    assert fold(result["preamble"]) == fold(" ".join(reference["preamble"]))
    assert result["salutation"] == "Sehr geehrte Frau Mühle,"
    assert result["closing"] == "Mit freundlichen Grüßen"
    assert result["remark"] is None  # "Ihre oben genannte Anfrage beantworte ich wie folgt:" is left out
    assert result["interim"] is False
    assert list(result) == ["number", "date", "inquiry_date", "subject", "salutation", "remark",
                            "preamble", "questions", "answers", "closing", "signer", "interim",
                            "warnings"]


def test_header_gives_number_dates_subject_and_signer():
    head = ("Landeshauptstadt Dresden\nDie Oberbürgermeisterin\n\nGZ: (OB) 1120\nDatum: 12.01.2015\n\n"
            "Herrn Stadtrat\nHartmut Krien\n\nKandidatur Seidel in Bannewitz 2\nAF0175/14\n\n")
    body = ("Ihre Anfrage vom 27.11.2014 beantworte ich wie folgt:\n\n"
            "1. „Wie werden die Aufgaben erledigt?“\n\nDurch die anderen Beigeordneten.")
    result = split_reply(letter(body, head=head, tail="Mit freundlichen Grüßen\n\nIn Vertretung\n\n"
                                                      "Dirk Hilbert\nErster Bürgermeister\n"))
    assert result["number"] == "AF0175/14"
    assert result["date"] == "2015-01-12"
    assert result["inquiry_date"] == "2014-11-27"
    assert result["subject"] == "Kandidatur Seidel in Bannewitz 2"
    assert result["signer"] == "Dirk Hilbert"
    assert items(result) == [(["1"], "Durch die anderen Beigeordneten.")]


def test_quoting_convention_preamble_and_question_one_in_one_quote():
    body = ("Ihre oben genannte Anfrage beantworte ich wie folgt:\n\n"
            "„Im Stadtteil fehlen Radwege. Daher frage ich:\n\n"
            "1. Wie viele Kilometer Radweg gibt es?“\n\nEs gibt 12 Kilometer.\n\n"
            "2. „Wann wird gebaut?“\n\nIm Jahr 2026.\n\nDie Planung läuft.")
    result = split_reply(letter(body))
    assert result["preamble"] == "Im Stadtteil fehlen Radwege. Daher frage ich:"
    assert [(q["number"], q["text"]) for q in result["questions"]] == [
        ("1", "Wie viele Kilometer Radweg gibt es?"), ("2", "Wann wird gebaut?")]
    assert items(result) == [(["1"], "Es gibt 12 Kilometer."), (["2"], "Im Jahr 2026. Die Planung läuft.")]


def test_zu_frage_headings_answer_unquoted_questions():
    body = ("zu Ihren Fragen teile ich Ihnen Folgendes mit:\n\nZu Frage 1:\nEs gibt 12 Kilometer.\n\n"
            "Zu Frage 2: Im Jahr 2026.")
    result = split_reply(letter(body))
    assert result["questions"] == []
    assert items(result) == [(["1"], "Es gibt 12 Kilometer."), (["2"], "Im Jahr 2026.")]


@pytest.mark.parametrize(("heading", "labels"), [
    ("Zu den Fragen 1 und 3:", ["1", "3"]),
    ("Zu den Fragen 1 bis 3:", ["1", "2", "3"]),
    ("Zu Frage 2 a):", ["2.a"]),
    ("Zu 4.:", ["4"]),
    ("Antwort zu Frage 5:", ["5"]),
    ("Die Fragen 6 und 7 werden zusammen beantwortet:", ["6", "7"]),
])
def test_grouped_and_part_headings_name_their_questions(heading, labels):
    result = split_reply(letter(f"{heading}\nDie Antwort steht hier.\n\nZu Frage 9:\nEnde."))
    assert items(result) == [(labels, "Die Antwort steht hier."), (["9"], "Ende.")]


def test_a_sentence_that_starts_with_zu_frage_is_answer_text_not_a_heading():
    body = "Zu Frage 1:\nEs gibt 12 Kilometer.\n\nZu Frage 2 verweise ich auf die Antwort zu Frage 1."
    result = split_reply(letter(body))
    assert items(result) == [
        (["1"], "Es gibt 12 Kilometer. Zu Frage 2 verweise ich auf die Antwort zu Frage 1.")]


def test_antwort_labels_after_questions():
    body = ("Frage 1: Wie viele Bäume wurden gefällt?\n\nAntwort:\n\n42 Bäume.\n\n"
            "Frage 2: Wie viele wurden gepflanzt?\n\nAntwort: 50 Bäume.")
    result = split_reply(letter(body))
    assert [(q["number"], q["text"]) for q in result["questions"]] == [
        ("1", "Wie viele Bäume wurden gefällt?"), ("2", "Wie viele wurden gepflanzt?")]
    assert items(result) == [(["1"], "42 Bäume."), (["2"], "50 Bäume.")]


def test_bundestag_answer_with_questions_and_answers_interleaved():
    text = (
        "Deutscher Bundestag Drucksache 20/5678\n20. Wahlperiode 01.02.2023\n\n"
        "Antwort\nder Bundesregierung\n\nauf die Kleine Anfrage der Abgeordneten Anna Beispiel und der "
        "Fraktion XYZ\n– Drucksache 20/5432 –\n\nRadverkehr an Bundesstraßen\n\n"
        "Vorbemerkung der Fragesteller\nDer Radverkehr nimmt zu.\n\n"
        "Vorbemerkung der Bundesregierung\nDie Bundesregierung fördert den Radverkehr.\n\n"
        "1. Wie viele Kilometer Radweg gibt es an Bundesstraßen?\n\nEs gibt rund 20 000 Kilometer.\n\n"
        "2. Wie viele wurden 2022 gebaut?\n\n3. Wie viele sind geplant?\n\n"
        "Die Fragen 2 und 3 werden gemeinsam beantwortet.\nIm Jahr 2022 wurden 300 Kilometer gebaut.\n"
        "Drucksache 20/5678 – 2 – Deutscher Bundestag – 20. Wahlperiode\n"
        "Weitere 500 Kilometer sind geplant.\n")
    result = split_reply(text)
    assert result["number"] == "20/5432"
    assert result["date"] == "2023-02-01"
    assert result["preamble"] == "Der Radverkehr nimmt zu."
    # the heading is left out, like "Zu Frage 1:" (corpus: bt-21-178-antwort)
    assert fold(result["remark"]) == "Die Bundesregierung fördert den Radverkehr."
    assert [q["number"] for q in result["questions"]] == ["1", "2", "3"]
    assert items(result) == [
        (["1"], "Es gibt rund 20 000 Kilometer."),
        (["2", "3"], "Im Jahr 2022 wurden 300 Kilometer gebaut. Weitere 500 Kilometer sind geplant."),
    ]


def test_answers_with_tables_and_lists_keep_their_words_in_order():
    body = ("1. „Wie viele Anträge gab es?“\n\nDie Zahlen:\n\nJahr Anträge\n2022 120\n2023 145\n\n"
            "2. „Welche Ämter?“\n\n• Bürgeramt\n• Ordnungsamt\n- Umweltamt")
    result = split_reply(letter(body))
    assert items(result) == [(["1"], "Die Zahlen: Jahr Anträge 2022 120 2023 145"),
                             (["2"], "Bürgeramt Ordnungsamt - Umweltamt")]


def test_interim_notice_has_no_answers():
    body = ("die Beantwortung Ihrer oben genannten Anfrage erfordert umfangreiche Abstimmungen "
            "zwischen mehreren Ämtern. Eine fristgemäße Beantwortung ist daher leider nicht möglich. "
            "Ich werde Ihnen die Antwort bis zum 30. April 2024 zukommen lassen.\n\n"
            "Ich bitte um Ihr Verständnis.")
    result = split_reply(letter(body))
    assert result["interim"] is True
    assert result["answers"] == []


def test_zwischenbescheid_by_name_is_an_interim_notice():
    result = split_reply(letter("Zwischenbescheid\n\nIhre Anfrage wird derzeit noch bearbeitet."))
    assert result["interim"] is True and result["answers"] == []


def test_page_furniture_is_removed_from_answers():
    head = "Landeshauptstadt Dresden\nDer Oberbürgermeister\n\nRadwege in Klotzsche\nAF1234/24\n\n"
    body = ("1. „Wie viele Kilometer Radweg gibt es?“\n\nEs gibt zwölf Kilometer Radweg im\n"
            "Seite 1 von 2\n\fLandeshauptstadt Dresden\nDer Oberbürgermeister\n"
            "Stadtbezirk, davon acht Kilometer an Hauptstraßen.\n"
            "Bankverbindung: Ostsächsische Sparkasse Dresden IBAN DE12 3456\n"
            "Postanschrift: Landeshauptstadt Dresden, Postfach 12 00 20, 01001 Dresden")
    result = split_reply(letter(body, head=head, tail="Mit freundlichen Grüßen\nSeite 2 von 2\n"))
    assert items(result) == [
        (["1"], "Es gibt zwölf Kilometer Radweg im Stadtbezirk, davon acht Kilometer an Hauptstraßen.")]


def test_no_claim_to_an_answer_remark_is_kept_apart():
    body = ("zu Ihrer Anfrage erlaube ich mir zunächst den Hinweis, dass meiner Ansicht nach kein "
            "Anspruch auf Beantwortung besteht. Dennoch beantworte ich Ihre Anfrage wie folgt:\n\n"
            "„Wie viele Bäume wurden gefällt?“\n\n42 Bäume.")
    result = split_reply(letter(body))
    assert result["remark"] == ("zu Ihrer Anfrage erlaube ich mir zunächst den Hinweis, dass meiner "
                                "Ansicht nach kein Anspruch auf Beantwortung besteht.")
    assert [q["text"] for q in result["questions"]] == ["Wie viele Bäume wurden gefällt?"]
    assert items(result) == [(["1"], "42 Bäume.")]


def test_a_reply_in_one_text_answers_every_quoted_question():
    body = "1. „Wie viele Bäume?“\n\n2. „Wo?“\n\nEs wurden 42 Bäume im Großen Garten gefällt."
    result = split_reply(letter(body))
    assert items(result) == [(["1", "2"], "Es wurden 42 Bäume im Großen Garten gefällt.")]


def test_a_reply_without_headings_or_quotes_is_one_answer():
    result = split_reply(letter("Ihre Anfrage beantworte ich wie folgt:\n\nEs wurden 42 Bäume gefällt."))
    assert result["questions"] == []
    assert items(result) == [([], "Es wurden 42 Bäume gefällt.")]


def test_an_unanswered_question_gives_a_german_warning():
    body = "1. „Wie viele?“\n\nZwölf.\n\n2. „Wo?“\n\nIm Norden.\n\n3. „Wann?“"
    result = split_reply(letter(body))
    assert any("Frage 3" in warning and "keine Antwort" in warning for warning in result["warnings"])


@pytest.mark.parametrize("text", ["", "   \n\n  ", "12345 678", "\x00\x01\x02"])
def test_empty_text_is_refused_with_a_german_message(text):
    with pytest.raises(ReplyNotRecognised, match="leer"):
        split_reply(text)


def test_text_without_any_reply_is_refused():
    text = "Einladung zum Sommerfest\n\nAm 12. Juli feiern wir im Rathaus. Alle sind willkommen."
    with pytest.raises(ReplyNotRecognised, match="keine Antwort auf eine Anfrage"):
        split_reply(text)


def test_a_text_over_the_limit_is_refused_before_any_work():
    with pytest.raises(DraftingInputError, match="Zeichen"):
        split_reply("Zu Frage 1: Ja.\n" * 100, max_chars=500)
