"""Bad input: clear German messages with JSON paths, or safe rendering; never a corrupt DOCX."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from drafting.errors import DraftingInputError
from drafting.letters.letter import (
    ReplyValidationError,
    body_text,
    render_docx,
    reply_schema,
    sanitize_reply,
    validate_reply,
)

DATA = Path(__file__).resolve().parents[1] / "data"


def reference() -> dict:
    return json.loads((DATA / "reply.json").read_text("utf-8"))


def errors_of(data) -> list[tuple[str, str]]:
    with pytest.raises(ReplyValidationError) as caught:
        validate_reply(data)
    with pytest.raises(ReplyValidationError):
        render_docx(data)
    return caught.value.errors


def string_paths(value, path="$"):
    """(path, setter) for every string in the reply."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                yield f"{path}.{key}", value, key
            else:
                yield from string_paths(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield f"{path}[{index}]", value, index
            else:
                yield from string_paths(item, f"{path}[{index}]")


def test_schema_is_valid_draft_2020_12():
    schema = reply_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False


def test_reference_is_valid():
    validate_reply(reference())


def test_error_is_a_drafting_input_error_with_a_german_message():
    data = reference()
    del data["recipient"]["name"]
    with pytest.raises(DraftingInputError) as caught:
        render_docx(data)
    assert isinstance(caught.value, ReplyValidationError)
    assert str(caught.value) == (
        "Das Antwortschreiben enthält ungültige Angaben: $.recipient.name: Pflichtfeld fehlt."
    )
    assert caught.value.errors == [("$.recipient.name", "Pflichtfeld fehlt.")]


def test_blank_recipient_name():
    data = reference()
    data["recipient"]["name"] = "   "
    assert errors_of(data) == [("$.recipient.name", "Darf nicht leer sein.")]


@pytest.mark.parametrize("answer", ["", "  \n ", [], ["", "  "]])
def test_empty_answer(answer):
    data = reference()
    data["items"][2]["answer"] = answer
    assert errors_of(data) == [("$.items[2].answer", "Die Antwort fehlt (leer).")]


def test_unknown_keys_are_rejected_with_their_path():
    data = reference()
    data["extra"] = 1
    data["recipient"]["vorname"] = "Anna"
    data["items"][0]["questions"][0]["note"] = "x"
    assert errors_of(data) == [
        ("$.extra", "Unbekanntes Feld (nicht vorgesehen)."),
        ("$.items[0].questions[0].note", "Unbekanntes Feld (nicht vorgesehen)."),
        ("$.recipient.vorname", "Unbekanntes Feld (nicht vorgesehen)."),
    ]


def test_wrong_types_and_values():
    data = reference()
    data["items"][0]["answer"] = 42
    data["items"][1]["answer"] = ["gut", 7]
    data["items"][2]["questions"][0]["number"] = 1.5
    data["letter"]["date"] = "14.02.2025"
    data["inquiry"]["received_on"] = "2025-02-30"
    data["recipient"]["form_of_address"] = "Fräulein"
    data["recipient"]["address_lines"] = "Dr.-Külz-Ring 19"
    data["signature"]["mode"] = "vertretung"
    data["kind"] = "entwurf"
    assert errors_of(data) == [
        ("$.inquiry.received_on", "Ist kein gültiges Datum (Format JJJJ-MM-TT)."),
        ("$.items[0].answer", "Muss ein Text oder eine Liste sein."),
        ("$.items[1].answer[1]", "Muss ein Text sein."),
        ("$.items[2].questions[0].number", "Muss ein Text oder eine ganze Zahl sein."),
        ("$.kind", "Unzulässiger Wert; erlaubt: „final“, „interim“."),
        ("$.letter.date", "Ist kein gültiges Datum (Format JJJJ-MM-TT)."),
        ("$.recipient.address_lines", "Muss eine Liste sein."),
        ("$.recipient.form_of_address", "Unzulässiger Wert; erlaubt: „Frau“, „Herr“, „neutral“, leer."),
        ("$.signature.mode", "Unzulässiger Wert; erlaubt: „self“, „on_behalf“, „by_order“, leer."),
    ]  # fmt: skip


def test_not_an_object():
    assert errors_of([1, 2]) == [("$", "Die Eingabe muss ein JSON-Objekt sein.")]


def test_final_reply_needs_items_interim_needs_its_dates():
    data = reference()
    data["items"] = []
    assert errors_of(data) == [("$.items", "Mindestens ein Eintrag erforderlich.")]
    data["kind"] = "interim"
    assert errors_of(data) == [("$.interim", "Pflichtfeld fehlt.")]
    data["interim"] = {"new_date": "bald", "reason": ""}
    assert errors_of(data) == [
        ("$.interim.new_date", "Ist kein gültiges Datum (Format JJJJ-MM-TT)."),
        ("$.interim.reason", "Darf nicht leer sein."),
    ]


def test_signature_needs_a_name_or_function():
    data = reference()
    data["signature"] = {"name": "", "function": " "}
    assert errors_of(data) == [
        ("$.signature", "Name oder Funktion der unterzeichnenden Person muss angegeben sein.")
    ]


def test_too_many_address_lines_and_blank_address():
    data = reference()
    data["recipient"]["address_lines"] = ["Zeile"] * 7
    assert errors_of(data) == [("$.recipient.address_lines", "Höchstens 6 Einträge erlaubt.")]
    data["recipient"]["address_lines"] = [" "]
    assert errors_of(data) == [("$.recipient.address_lines", "Die Anschrift ist leer.")]


def test_messages_are_german():
    data = reference()
    data["items"][0] = {"questions": [], "answer": None, "x": 1}
    data["inquiry"] = {}
    for _, message in errors_of(data):
        for english in ("is not", "required property", "valid under", "Additional"):
            assert english not in message


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x0c", "\x1f", "\ufffe", "\ud800"])
def test_control_characters_in_any_field_are_rejected_with_the_path(char):
    data = reference()
    paths = list(string_paths(data))
    assert len(paths) > 20
    for path, container, key in paths:
        original = container[key]
        container[key] = original + char
        broken = copy.deepcopy(data)
        container[key] = original
        errors = errors_of(broken)
        assert [p for p, _ in errors] == [path], path
        assert errors[0][1].startswith(f"Unzulässiges Steuerzeichen U+{ord(char):04X}")


def test_control_character_in_a_key():
    data = reference()
    data["recipient"]["na\x01me"] = "x"
    paths = [path for path, _ in errors_of(data)]
    assert '$.recipient["na\\u0001me"]' in paths


def test_tab_newline_and_carriage_return_are_fine():
    data = reference()
    data["items"][0]["answer"] = ["Erste Zeile\r\nzweite\tZeile"]
    text = body_text(render_docx(data))
    assert "Erste Zeile zweite Zeile" in text


def test_sanitize_reply_makes_pasted_text_renderable():
    data = reference()
    data["items"][0]["answer"] = ["Zeile\x0bnächste\x07 Zeile\x00"]
    data["intro"] = "Ihre Anfrage\x0c beantworte ich:"
    clean = sanitize_reply(data)
    validate_reply(clean)
    assert clean["items"][0]["answer"] == ["Zeile\nnächste Zeile"]
    assert data["intro"] == "Ihre Anfrage\x0c beantworte ich:"  # input unchanged
    assert "Zeile nächste Zeile" in body_text(render_docx(clean))


def test_an_answer_of_a_hundred_pages_renders_to_a_valid_docx():
    paragraph = ("Die Verwaltung prüft den Sachverhalt sorgfältig und berichtet ausführlich. " * 6).strip()
    answer = "\n\n".join(f"{index}: {paragraph}" for index in range(900))  # about 100 pages
    data = reference()
    data["items"][0]["answer"] = answer
    blob = render_docx(data)  # how long it takes: bench/letter_long.py
    with zipfile.ZipFile(io.BytesIO(blob)) as package:
        assert package.testzip() is None
    document = docx.Document(io.BytesIO(blob))
    assert sum(p.text.startswith("899: Die Verwaltung") for p in document.paragraphs) == 1


def test_an_absurdly_long_answer_is_rejected():
    data = reference()
    data["items"][0]["answer"] = "x" * 1_000_001
    assert errors_of(data) == [("$.items[0].answer", "Zu lang: höchstens 1.000.000 Zeichen erlaubt.")]


def test_markup_in_plain_fields_is_text_not_xml():
    data = reference()
    data["inquiry"]["subject"] = '<w:p>Einbürgerung & Co. ]]> "Test"'
    data["recipient"]["address_lines"][0] = "Frau <Mühle> & Partner"
    blob = render_docx(data)
    document = docx.Document(io.BytesIO(blob))
    assert document.paragraphs[0].text.startswith('<w:p>Einbürgerung & Co. ]]> "Test"')
    assert document.tables[0].rows[2].cells[0].paragraphs[0].text == "Frau <Mühle> & Partner"


def test_deeply_nested_unknown_value_is_reported_not_crashing():
    data = reference()
    nested: list = []
    for _ in range(900):
        nested = [nested]
    data["remark"] = nested
    paths = [path for path, _ in errors_of(data)]
    assert paths == ["$.remark[0]"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300), subject=st.text(min_size=1, max_size=80))
def test_any_sanitized_text_renders_to_a_readable_docx(text, subject):
    data = reference()
    data["items"][0]["answer"] = "Antwort: " + text
    data["inquiry"]["subject"] = "Betreff " + subject
    data["recipient"]["address_lines"][0] = subject
    blob = render_docx(sanitize_reply(data))
    with zipfile.ZipFile(io.BytesIO(blob)) as package:
        assert package.testzip() is None
    assert body_text(blob).startswith("Sehr geehrte Frau Mühle,")


def test_body_text_of_something_that_is_no_docx():
    with pytest.raises(DraftingInputError, match="kein lesbares Word-Dokument"):
        body_text(b"%PDF-1.7")
