"""Wording of the letter: salutations, quoting, grouped answers, rich answers, interim notice."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from drafting.letters.content import group_label
from drafting.letters.letter import body_text, render_docx, salutation

DATA = Path(__file__).resolve().parents[1] / "data"
NB = "\u00a0"  # the letter sets non-breaking spaces ("Fragen 1", "12 %"; test_letter_typography)


def reference() -> dict:
    return json.loads((DATA / "reply.json").read_text("utf-8"))


def body(data: dict) -> list[str]:
    return body_text(render_docx(data)).split("\n\n")


def styled(data: dict) -> list[tuple[str, str]]:
    document = docx.Document(io.BytesIO(render_docx(data)))
    return [(p.style.name, p.text) for p in document.paragraphs]


@pytest.mark.parametrize(
    ("recipient", "expected"),
    [
        ({"form_of_address": "Frau", "title": "", "name": "Mühle"}, "Sehr geehrte Frau Mühle,"),
        ({"form_of_address": "Herr", "title": "Dr.", "name": "Xy"}, "Sehr geehrter Herr Dr. Xy,"),
        ({"form_of_address": "Frau", "title": "Prof. Dr.", "name": "Muster"},
         "Sehr geehrte Frau Prof. Dr. Muster,"),
        ({"form_of_address": "Herr", "title": None, "name": "  Meier "}, "Sehr geehrter Herr Meier,"),
        ({"form_of_address": "neutral", "title": "", "name": "Kim Muster"}, "Guten Tag Kim Muster,"),
        ({"form_of_address": "", "name": "Fraktion Bündnis 90/Die Grünen"},
         "Sehr geehrte Damen und Herren,"),
        ({"form_of_address": None, "name": "Fraktion DIE LINKE"}, "Sehr geehrte Damen und Herren,"),
        ({"name": "Fraktion FDP"}, "Sehr geehrte Damen und Herren,"),
        ({"form_of_address": "Frau", "name": ""}, "Sehr geehrte Damen und Herren,"),
        ({"form_of_address": "Frau", "name": "Mühle", "salutation": "Liebe Frau Mühle,"},
         "Liebe Frau Mühle,"),
    ],
)  # fmt: skip
def test_salutation(recipient, expected):
    assert salutation(recipient) == expected


def test_salutation_in_the_letter_for_a_faction():
    data = reference()
    data["recipient"] = {
        "form_of_address": None,
        "name": "Fraktion Bündnis 90/Die Grünen",
        "address_lines": ["Fraktion Bündnis 90/Die Grünen", "Dr.-Külz-Ring 19", "01067 Dresden"],
    }
    assert body(data)[0] == "Sehr geehrte Damen und Herren,"


def test_group_labels():
    assert group_label(["1", "2", "3"]) == "Zu den Fragen 1 bis 3:"
    assert group_label(["4", "5", "6", "7"]) == "Zu den Fragen 4 bis 7:"
    assert group_label(["1", "2"]) == "Zu den Fragen 1 und 2:"
    assert group_label(["1", "3", "5"]) == "Zu den Fragen 1, 3 und 5:"
    assert group_label(["2a", "2b"]) == "Zu den Fragen 2a und 2b:"


def grouped_reply() -> dict:
    data = reference()
    first, *_ = data["items"]
    data["items"] = [
        {
            "questions": [
                first["questions"][0],
                {"number": "2", "text": "Wann?"},
                {"number": 3, "text": "Wo?"},
            ],
            "answer": "Die Fragen 1 bis 3 werden gemeinsam beantwortet.",
        },
        {"questions": [{"number": "4", "text": "Wer?"}], "answer": ["Das Bürgeramt."]},
    ]
    return data


def test_grouped_questions_are_each_quoted_then_one_answer_with_label():
    paragraphs = body(grouped_reply())
    assert paragraphs[4].startswith("1. Ist die Teilnahme") and paragraphs[4].endswith("?“")
    assert paragraphs[5:10] == [
        "2. „Wann?“",
        "3. „Wo?“",
        "Zu den Fragen 1 bis 3:",
        "Die Fragen 1 bis 3 werden gemeinsam beantwortet.",
        "4. „Wer?“",
    ]
    assert paragraphs[10] == "Das Bürgeramt."
    assert ("Anfrage Zwischenzeile", f"Zu den Fragen{NB}1 bis 3:") in styled(grouped_reply())


def test_without_preamble_every_question_is_quoted_after_its_number():
    data = reference()
    del data["preamble"]
    paragraphs = body(data)
    assert paragraphs[2].startswith("1. „Ist die Teilnahme") and paragraphs[2].endswith("?“")


def test_sub_questions_stand_beneath_inside_the_quote():
    data = reference()
    data["items"][1]["questions"][0]["parts"] = [
        {"number": "a", "text": "technisch?"},
        {"number": "b)", "text": "rechtlich?"},
    ]
    rows = styled(data)
    index = next(i for i, (_, text) in enumerate(rows) if text.startswith("2. „Wäre"))
    assert rows[index][1].endswith("möglich?")  # the quote goes on
    assert rows[index + 1] == ("Anfrage Teilfrage", "a) technisch?")
    assert rows[index + 2] == ("Anfrage Teilfrage", "b) rechtlich?“")


def test_sub_questions_of_question_one_close_the_preamble_quote():
    data = reference()
    data["items"][0]["questions"][0]["parts"] = [{"number": "a", "text": "bis wann?"}]
    paragraphs = body(data)
    assert paragraphs[4].startswith("1. Ist die") and paragraphs[4].endswith("umgesetzt?")
    assert paragraphs[5] == "a) bis wann?“"


def test_multi_paragraph_question_and_preamble_as_string():
    data = reference()
    data["preamble"] = "Erster Absatz.\n\nZweiter Absatz."
    data["items"][1]["questions"][0]["text"] = "Erster Teil.\n\nZweiter Teil?"
    paragraphs = body(data)
    assert paragraphs[2:4] == ["„Erster Absatz.", "Zweiter Absatz."]
    index = paragraphs.index("2. „Erster Teil.")
    assert paragraphs[index + 1] == "Zweiter Teil?“"


def test_remark_comes_before_the_answers():
    data = reference()
    data["remark"] = "Die Fragen erbitten einen **allgemeinen** Überblick."
    paragraphs = body(data)
    assert paragraphs[1:4] == [
        "Ihre oben genannte Anfrage beantworte ich wie folgt:",
        "Vorbemerkung:",
        "Die Fragen erbitten einen allgemeinen Überblick.",
    ]
    assert paragraphs[4].startswith("„Durch")


def test_custom_and_empty_intro_and_closing():
    data = reference()
    data["intro"] = ""
    data["closing"] = "Mit freundlichem Gruß"
    paragraphs = body(data)
    assert paragraphs[1].startswith("„Durch")
    assert paragraphs[-1] == "Mit freundlichem Gruß"


def rich_reply() -> dict:
    data = reference()
    data["items"][0]["answer"] = (
        "Die **Zahlen** lauten:\n\n"
        "| Jahr | Anträge | Anteil |\n|---|---:|---|\n| 2024 | 1.234 | *12 %* |\n| 2025 | 1.500 |\n\n"
        "Maßnahmen:\n- Planung\n- Umsetzung\n\n1. erstens\n2. zweitens"
    )
    return data


def test_tables_in_answers_are_word_tables_with_style_and_bold_header():
    document = docx.Document(io.BytesIO(render_docx(rich_reply())))
    table = document.tables[1]
    assert table.style.name == "Anfrage Tabelle"
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells == [["Jahr", "Anträge", "Anteil"], ["2024", "1.234", f"12{NB}%"], ["2025", "1.500", ""]]
    header = table.rows[0]
    assert {cell.paragraphs[0].style.name for cell in header.cells} == {"Anfrage Tabellenkopf"}
    assert document.styles["Anfrage Tabellenkopf"].font.bold is True
    assert header._tr.xpath("./w:trPr/w:tblHeader")  # repeated on each page
    assert table.rows[1].cells[0].paragraphs[0].style.name == "Anfrage Tabellentext"
    assert table.rows[1].cells[2].paragraphs[0].runs[0].italic is True
    assert document.styles["Anfrage Tabelle"].element.xpath(".//w:tblBorders/w:insideH")


def test_lists_and_emphasis_in_answers():
    rows = styled(rich_reply())
    # the bullets and numbers are Word's list numbering (test_letter_numbering), not text
    assert ("Anfrage Aufzählung", "Planung") in rows
    assert ("Anfrage Aufzählung", "Umsetzung") in rows
    assert ("Anfrage Nummerierung", "erstens") in rows
    assert ("Anfrage Nummerierung", "zweitens") in rows
    document = docx.Document(io.BytesIO(render_docx(rich_reply())))
    intro = next(p for p in document.paragraphs if p.text == "Die Zahlen lauten:")
    assert [(r.text, r.bold) for r in intro.runs] == [("Die ", None), ("Zahlen", True),
                                                      (" lauten:", None)]  # fmt: skip


def test_body_text_includes_table_rows():
    text = body_text(render_docx(rich_reply()))
    assert "Jahr | Anträge | Anteil\n\n2024 | 1.234 | 12 %\n\n2025 | 1.500 | " in text


@pytest.mark.parametrize(
    ("signature", "note"),
    [
        ({"name": "Dirk Hilbert", "function": "Oberbürgermeister"}, None),
        ({"name": "Jan Donhauser", "function": "Bürgermeister", "on_behalf_of": "Dirk Hilbert"},
         "In Vertretung"),
        ({"name": "A. Muster", "function": "Amtsleiterin", "mode": "by_order"}, "Im Auftrag"),
        ({"name": "B. Muster", "function": "Bürgermeister", "mode": "on_behalf"}, "In Vertretung"),
        ({"name": "C. Muster", "function": "Oberbürgermeister", "mode": "self",
          "on_behalf_of": "x"}, None),
    ],
)  # fmt: skip
def test_signature_block(signature, note):
    data = reference()
    data["signature"] = signature
    rows = styled(data)
    closing = rows.index(("Anfrage Grußformel", "Mit freundlichen Grüßen"))
    expected = [("Anfrage Zeichnungszusatz", note)] if note else []
    expected += [
        ("Anfrage Unterschrift", signature["name"]),
        ("Anfrage Funktion", signature["function"]),
    ]
    assert rows[closing + 1 :] == expected


def interim_reply() -> dict:
    data = reference()
    data["kind"] = "interim"
    data["items"] = []
    data["interim"] = {
        "new_date": "2025-03-14",
        "reason": "die Stellungnahme des Eigenbetriebs IT noch aussteht.",
    }
    return data


def test_interim_notice():
    paragraphs = body(interim_reply())
    assert paragraphs == [
        "Sehr geehrte Frau Mühle,",
        "Ihre Anfrage AF0815/25 vom 20.01.2025 zum Thema „Digitaler Einbürgerungsantrag und "
        "E-Akte in der Ausländerbehörde“ kann nicht fristgerecht beantwortet werden, da die "
        "Stellungnahme des Eigenbetriebs IT noch aussteht.",
        "Ich werde sie voraussichtlich bis zum 14.03.2025 beantworten.",
        "Ich bitte um Ihr Verständnis.",
        "Mit freundlichen Grüßen",
    ]
    rows = styled(interim_reply())
    assert rows[0] == (
        "Anfrage Betreff",
        "Digitaler Einbürgerungsantrag und E-Akte in der Ausländerbehörde\n"
        "Anfrage AF0815/25 – Zwischenbescheid",
    )
    assert not [text for style, text in rows if style == "Anfrage Zitat"]
    document = docx.Document(io.BytesIO(render_docx(interim_reply())))
    assert document.core_properties.title == "Zwischenbescheid zur Anfrage AF0815/25"


def test_interim_notice_keeps_unfinished_items_out_and_drops_a_leading_da():
    data = interim_reply()
    data["items"] = [{"questions": [{"number": "1", "text": "Wann?"}], "answer": ""}]
    data["interim"]["reason"] = "Da noch Zuarbeiten fehlen"
    del data["inquiry"]["received_on"]
    paragraphs = body(data)
    assert paragraphs[1].startswith("Ihre Anfrage AF0815/25 zum Thema „")
    assert paragraphs[1].endswith("beantwortet werden, da noch Zuarbeiten fehlen.")
    assert "Wann?" not in "".join(paragraphs)
