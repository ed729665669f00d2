# ruff: noqa: W291, W293  (the texts keep the trailing spaces of the real PDF text layers)
"""The splitter on the forms and damage of real inquiries, one rule per test, on short texts
shaped like the real ones in ``tests/data/real`` (Bundestag Drucksachen, Karlsruhe's council
forms, Dresden's Stadtbezirksbeirat scans)."""

from __future__ import annotations

import re

from drafting.reading.normalize import normalize
from drafting.splitting.segment import split

BUNDESTAG = """Deutscher Bundestag Drucksache 21/999
21. Wahlperiode 12.05.2025
Kleine Anfrage
der Abgeordneten Anna Beispiel, Dr. Max Muster, Eva 
Probe und der Fraktion 
Die Linke
Kosten der Fahrradwege an Bundesstraßen in den Jahren 
2020 bis 2024
Der Bund baut Radwege an Bundesstraßen. Über die Kosten ist wenig bekannt.
Wir fragen die Bundesregierung:
1. Wie viele Kilometer Radweg wurden gebaut (bitte nach Ländern
aufschlüsseln)?
2. Wie hoch waren jeweils
a) die Kosten der Planung,
b) die Kosten des Baus?
Berlin, den 30. April 2025
Heidi Reichinnek, Sören Pellmann und Fraktion
Gesamtherstellung: H. Heenemann GmbH & Co. KG, Buch- und Offsetdruckerei
Antwort der Bundesregierung
1. Es wurden 300 km gebaut.
"""


def test_a_bundestag_paper_gives_its_header_fields_and_stops_at_the_place_and_date():
    result = split(BUNDESTAG).to_dict()
    assert result["number"] == "21/999"
    assert result["date"] == "2025-05-12"
    assert result["body"] == "Deutscher Bundestag"
    assert result["faction"] == "Fraktion Die Linke"
    assert result["submitters"] == ["Anna Beispiel", "Dr. Max Muster", "Eva Probe"]
    assert result["subject"] == "Kosten der Fahrradwege an Bundesstraßen in den Jahren 2020 bis 2024"
    assert result["lead_in"] == "Wir fragen die Bundesregierung:"
    assert result["preamble"] == ("Der Bund baut Radwege an Bundesstraßen. Über die Kosten ist "
                                  "wenig bekannt.")
    questions = result["questions"]
    assert [q["number"] for q in questions] == ["1", "2"]  # nothing of the answer
    assert questions[0]["text"] == ("Wie viele Kilometer Radweg wurden gebaut (bitte nach Ländern "
                                    "aufschlüsseln)?")
    # the letters finish one sentence: no sub-questions
    assert questions[1] == {"number": "2", "parts": [], "text": (
        "Wie hoch waren jeweils a) die Kosten der Planung, b) die Kosten des Baus?")}


def test_a_landtag_paper_of_one_member_takes_the_party_in_brackets_as_faction():
    text = ("Sächsischer Landtag Drucksache 7/1234\n7. Wahlperiode 03.02.2021\nKleine Anfrage\n"
            "des Abgeordneten Max Muster (CDU)\nSchulhausbau in Dresden\n"
            "Ich frage die Staatsregierung:\n1. Wie viele Schulen werden gebaut?\n"
            "2. Wann?\nDresden, den 1. Februar 2021\nMax Muster, MdL\n")
    result = split(text).to_dict()
    assert (result["body"], result["number"], result["date"]) == ("Sächsischer Landtag", "7/1234",
                                                                   "2021-02-03")
    assert (result["submitters"], result["faction"]) == (["Max Muster"], "CDU")
    assert result["lead_in"] == "Ich frage die Staatsregierung:"
    assert [q["text"] for q in result["questions"]] == ["Wie viele Schulen werden gebaut?", "Wann?"]


KARLSRUHE = """

STADT KARLSRUHE 
Der Oberbürgermeister 
 
ANFRAGE 
 
Stadträtin Anna Beispiel (GRÜNE) 
Stadtrat Max Muster (GRÜNE) 
 
vom 19. August 2011 
Gremium: 
 
 
Termin: 
Vorlage Nr.: 
TOP: 
27. Plenarsitzung Gemeinderat 
 
 
20.09.2011 
856 
37 
 
öffentlich 
 
Sachstand Stadtbahntunnel 
1. Welche Verzögerungen gibt es beim Bau des Tunnels? 
2. Was kostet der Tunnel? 
 
Sachverhalt/Begründung: 
 
Die Bauarbeiten schreiten langsamer voran als geplant. 

                Seite 2  
__________________________________________________________________________________________   
 
unterzeichnet von: 
Anna Beispiel 
Max Muster 
 
Hauptamt - Sitzungsdienste - 
9. September 2011 
"""


def test_a_council_form_with_a_sitting_table_gives_number_body_and_justification():
    result = split(KARLSRUHE).to_dict()
    assert (result["number"], result["date"], result["body"]) == ("856", "2011-08-19",
                                                                  "Gemeinderat Karlsruhe")
    assert (result["submitters"], result["faction"]) == (["Anna Beispiel", "Max Muster"], "GRÜNE")
    assert result["subject"] == "Sachstand Stadtbahntunnel"
    assert [q["text"] for q in result["questions"]] == [
        "Welche Verzögerungen gibt es beim Bau des Tunnels?", "Was kostet der Tunnel?"]
    assert result["justification"] == "Die Bauarbeiten schreiten langsamer voran als geplant."


SBR_SCAN = """Anfrage Nr.: AF-PIOOOl6/23
Datum: 02.11.2023
ANFRAGE des Stadtbezirksbeirates Plauen
Sitzung am: 15.11.2023 (SBR Pl/023/2023)
Gegenstand:
' Einbeziehung in den Winterdienst
Begründung:
Die Rampe ist im Winter glatt.
Fragen:
Der Oberbürgermeister wird gebeten, die Einbeziehung

1.

der Fußwegrampe an der Haltestelle

2.

sowie der westlichen Treppe

in den Winterdienst prüfen zu lassen.

y
Rolf Gerhardt
Ä

’komm.

Stadtbezirksamtsieiter

Seite2von2
Anlage
WORT Furan
"""


def test_a_district_scan_is_cut_above_its_signing_official_and_its_number_repaired():
    result = split(SBR_SCAN).to_dict()
    assert result["number"] == "AF-Pl00016/23"  # "PI" read for "Pl", "O" for 0, "l" for 1
    assert result["body"] == "Stadtbezirksbeirat Plauen"
    assert result["date"] == "2023-11-15"  # the sitting
    assert result["subject"] == "Einbeziehung in den Winterdienst"
    assert result["submitters"] == []  # the official signs for the body
    assert result["preamble"] == "Die Rampe ist im Winter glatt."
    # numbered words that go on in lowercase are one sentence: one question
    assert result["questions"] == [{"number": "1", "parts": [], "text": (
        "Der Oberbürgermeister wird gebeten, die Einbeziehung 1. der Fußwegrampe an der "
        "Haltestelle 2. sowie der westlichen Treppe in den Winterdienst prüfen zu lassen.")}]


def form(questions: str, preamble: str = "Einleitung:\nDie Lage ist unklar.\n") -> str:
    return (f"Anfrage Nr.: AF0001/24\nDatum: 12.03.2024\nANFRAGE\nFraktionslos\n"
            f"Gegenstand:\nRadweg\n{preamble}Fragen:\n{questions}")


def test_numbers_printed_in_a_column_apart_from_their_texts_find_their_texts():
    result = split(form("1.\n2.\n3.\n\nWer ist Eigentümer?\nGibt es mehrere?\nWann wurde gekauft?\n"))
    assert [(q.number, q.text) for q in result.questions] == [
        ("1", "Wer ist Eigentümer?"), ("2", "Gibt es mehrere?"), ("3", "Wann wurde gekauft?")]


def test_a_word_end_placed_before_its_line_is_put_back():
    text = normalize("1.\ntigt?\n\nWann wurde das Schild in diesem Bereich besei-\n\n2. Warum?").text
    assert "Wann wurde das Schild in diesem Bereich beseitigt?" in text
    assert not re.search(r"(?:^|\n)tigt\?", text)


def test_a_footnote_and_a_closing_remark_after_the_last_question_are_no_part_of_it():
    result = split(form("1. Ist eine Verbesserung am Albertplatz und Umgebung* geplant?\n"
                        "2. Wann?\n\n* zur besseren Übersicht habe ich eine Karte angehängt.\n"))
    assert [q.text for q in result.questions][-1] == "Wann?"
    assert result.questions[-1].parts == []
    assert "Karte angehängt" in result.closing
    remark = split(form("1. Was kostet es?\n2. Wann?\nUm Rückfragen zu vermeiden, bitte ich um "
                        "Beantwortung jeder einzelnen Frage.\n"))
    assert remark.questions[-1].text == "Wann?"
    assert "jeder einzelnen Frage" in remark.closing


def test_a_sentence_announcing_the_question_before_it_on_the_same_line_is_the_lead_in():
    result = split(form("Der Stadtbezirksbeirat bittet um Beantwortung folgender Frage. Wie ist "
                        "der Planungsstand?\n", preamble=""))
    assert result.to_dict()["lead_in"] == "Der Stadtbezirksbeirat bittet um Beantwortung folgender Frage."
    assert [q.text for q in result.questions] == ["Wie ist der Planungsstand?"]


def test_a_sentence_that_refers_to_a_letter_stays_preamble_not_lead_in():
    result = split(form("Bezugnehmend auf Ihr Schreiben vom 04.08.2022 richtet der "
                        "Stadtbezirksbeirat folgende Fragen an den Oberbürgermeister:\n"
                        "1. Wann?\n2. Wo?\n", preamble=""))
    assert result.to_dict()["lead_in"] is None
    assert result.preamble.startswith("Bezugnehmend auf Ihr Schreiben")


def test_a_scan_that_lost_its_hyphens_gets_its_words_back_and_only_then():
    scan = normalize("Die Einfahrt ist eng und wel\nche Fahrer warten, ist möglich\nerweise "
                     "unklar, wie\nder Verkehr fließt.").text
    assert "welche Fahrer" in scan and "möglicherweise" in scan
    assert "wie der Verkehr" in scan  # two small words stay apart
    typed = normalize("Die Einfahrt ist eng, und es ist möglich\nerweise unklar.").text
    assert "möglich erweise" in typed  # no sign of a scan: nothing is guessed


def test_a_web_address_broken_at_the_line_end_is_joined_without_a_space():
    text = normalize("Siehe (vgl. edition.cnn.com/2025/02/10/educational-\nbookshop-raid/index.html) "
                     "und www.\ngew.de/aktuelles sowie die Sprengung.").text
    assert "edition.cnn.com/2025/02/10/educational-bookshop-raid/index.html" in text
    assert "www.gew.de/aktuelles" in text


def test_sz_read_as_r_and_dots_read_for_spaces_are_undone_where_the_words_are_known():
    text = normalize("Die.Stadt.hat an der Stra-Re eine gro-Re Ampel gebaut. Siehe "
                     "www.dresden.de und bzw.die Datei plan.pdf, z.B. Nr.5.").text
    assert "Die Stadt hat an der Straße eine große Ampel gebaut." in text
    assert "www.dresden.de" in text and "plan.pdf" in text and "z.B." in text
    assert "bzw.die" in text  # an abbreviation keeps its dot
    assert normalize("Der A-Ring und die Z-Rampe.").text == "Der A-Ring und die Z-Rampe."


def test_lettered_sub_questions_on_the_line_of_their_number_are_parts():
    result = split(form("1. a) Ist eine Begrünung möglich? (Beispielbild siehe Anhang 1) b) Wenn nein, "
                        "welche andere?\n2. Was kostet es?\n"))
    first, second = result.questions
    assert (first.text, [(p.number, p.text) for p in first.parts]) == ("", [
        ("a", "Ist eine Begrünung möglich? (Beispielbild siehe Anhang 1)"),
        ("b", "Wenn nein, welche andere?")])
    assert second.text == "Was kostet es?"
