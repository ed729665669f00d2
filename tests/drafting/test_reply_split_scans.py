"""``split_reply`` on what scans and Drucksachen do to a reply (real corpus: bt-21-123,
bt-21-178, dd-af-7557, dd-af-7588, dd-af-7641): answers printed right below their question,
letter-spaced headings, page-1 footnotes, a quotation inside a quoted question whose opening
mark OCR lost, an OCR apostrophe after a closing quote, dates that look like "Zu 31.",
compounds split at line ends without hyphen."""

from __future__ import annotations

import re

from drafting.replies import split_reply


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def items(result: dict) -> list[tuple[list[str], str]]:
    return [(answer["questions"], fold(answer["text"])) for answer in result["answers"]]


def letter(body: str) -> str:
    return ("Landeshauptstadt Dresden\nDer Oberbürgermeister\n\nHerrn Stadtrat\nMax Muster\n\n"
            f"Radwege in Klotzsche\nAF1234/24\n\nSehr geehrter Herr Muster,\n\n{body}\n\n"
            "Mit freundlichen Grüßen\n\nDirk Hilbert\n")


DRUCKSACHE = (
    "Deutscher Bundestag Drucksache 21/178\n21. Wahlperiode 16.05.2025\n"
    "Antwort\nder Bundesregierung\n"
    "auf die Kleine Anfrage der Abgeordneten Anna Beispiel und der Fraktion XYZ\n"
    "– Drucksache 21/99 –\n"
    "Radverkehr an Bundesstraßen\n"
    "V o r b e m e r k u n g  d e r  F r a g e s t e l l e r\n"
    "Der Radverkehr nimmt zu.\n"
    "V o r b e m e r k u n g  d e r  B u n d e s r e g i e r u n g\n"
    "Die Bundesregierung fördert den Radverkehr.\n"
    "1. Wie viele Kilometer Radweg gibt es an Bundesstraßen (siehe\n"
    "Vorbemerkung der Fragesteller), und wie viele davon sind\n"
    "beleuchtet?\n"
    "Es gibt rund 20 000 Kilometer. Beleuchtet sind\n"
    "Die Antwort wurde namens der Bundesregierung mit Schreiben des Bundesministeriums für Verkehr\n"
    "vom 16. Mai 2025 übermittelt.\n"
    "Die Drucksache enthält zusätzlich – in kleinerer Schrifttype – den Fragetext.\n"
    "davon 800 Kilometer.\n"
    "2. Wie viele wurden 2022 gebaut?\n"
    "Im Jahr 2022 wurden 300 Kilometer gebaut.\n"
    "Gesamtherstellung: H. Heenemann GmbH & Co. KG, Buch- und Offsetdruckerei, 12103 Berlin\n"
    "ISSN 0722-8333\n")


def test_drucksache_with_answers_right_below_the_questions():
    result = split_reply(DRUCKSACHE)
    assert result["number"] == "21/99"
    assert result["subject"] == "Radverkehr an Bundesstraßen"
    assert result["preamble"] == "Der Radverkehr nimmt zu."
    assert result["remark"] == "Die Bundesregierung fördert den Radverkehr."
    assert [(q["number"], fold(q["text"])) for q in result["questions"]] == [
        ("1", "Wie viele Kilometer Radweg gibt es an Bundesstraßen (siehe Vorbemerkung der "
              "Fragesteller), und wie viele davon sind beleuchtet?"),
        ("2", "Wie viele wurden 2022 gebaut?")]
    assert items(result) == [
        (["1"], "Es gibt rund 20 000 Kilometer. Beleuchtet sind davon 800 Kilometer."),
        (["2"], "Im Jahr 2022 wurden 300 Kilometer gebaut.")]


def test_a_question_that_goes_on_after_its_question_mark_stays_one_question():
    text = DRUCKSACHE.replace("2. Wie viele wurden 2022 gebaut?\n",
                              "2. Wie viele wurden 2022 gebaut?\nWie viele davon an Brücken?\n")
    result = split_reply(text)
    assert fold(result["questions"][1]["text"]) == ("Wie viele wurden 2022 gebaut? Wie viele davon "
                                                    "an Brücken?")
    assert items(result)[1] == (["2"], "Im Jahr 2022 wurden 300 Kilometer gebaut.")


def test_a_quotation_whose_opening_mark_ocr_lost_does_not_end_the_quoted_question():
    body = ("1. „Welche Vereine, darunter Projekt Chancen für die Chancenlosen\" Neuer Hafen e. V.,\n"
            "erhalten Zuschüsse?\"\n\nDrei Vereine erhalten Zuschüsse.\n\n"
            "2. „Wie hoch sind sie?\"\n\nInsgesamt 12.000 Euro.")
    result = split_reply(letter(body))
    assert [q["number"] for q in result["questions"]] == ["1", "2"]
    assert fold(result["questions"][0]["text"]).endswith("Neuer Hafen e. V., erhalten Zuschüsse?")
    assert items(result) == [(["1"], "Drei Vereine erhalten Zuschüsse."),
                             (["2"], "Insgesamt 12.000 Euro.")]


def test_an_ocr_apostrophe_after_the_closing_quote_is_not_answer_text():
    body = ("1. „Wie viele Sperren gab es?\"'\n\n2020 wurden 2.004 Stromzähler gesperrt.\n\n"
            "2. „Warum?\"'\n\nWegen Zahlungsrückständen.")
    result = split_reply(letter(body))
    assert items(result) == [(["1"], "2020 wurden 2.004 Stromzähler gesperrt."),
                             (["2"], "Wegen Zahlungsrückständen.")]


def test_a_date_at_a_line_start_after_zum_is_no_answer_heading():
    body = ("1. „Wer hilft im Krematorium?\"\n\nZwei Mitarbeiter helfen bei der Buchhaltung bis\n"
            "zum 31. März 2021. Danach nicht mehr.\n\n2. „Und danach?\"\n\nNiemand.")
    result = split_reply(letter(body))
    assert items(result) == [
        (["1"], "Zwei Mitarbeiter helfen bei der Buchhaltung bis zum 31. März 2021. Danach nicht mehr."),
        (["2"], "Niemand.")]


def test_compounds_a_scan_split_at_line_ends_are_joined():
    body = ("1. „Wie viele Einbürgerungen gab es?\"\n\nDie Zahlen, wel\nche die "
            "Einbürgerungsbehör\nden quartalsweise übermitteln, auch die der Kindertages\n"
            "pflege.")
    result = split_reply(letter(body))
    assert items(result) == [(["1"], "Die Zahlen, welche die Einbürgerungsbehörden quartalsweise "
                                     "übermitteln, auch die der Kindertagespflege.")]


def test_a_numbered_question_whose_opening_quote_ocr_lost_is_still_a_question():
    body = ("1. Wie viele Plätze gibt es?\"\n\nEs gibt 32 Plätze.\n\n"
            "2. „Wie viele Frauen wurden abgewiesen?\"\n\nKeine.")
    result = split_reply(letter(body))
    assert [(q["number"], q["text"]) for q in result["questions"]] == [
        ("1", "Wie viele Plätze gibt es?"), ("2", "Wie viele Frauen wurden abgewiesen?")]
    assert items(result) == [(["1"], "Es gibt 32 Plätze."), (["2"], "Keine.")]
    assert result["remark"] is None


def test_a_quotation_that_opens_a_paragraph_inside_the_quoted_preamble():
    body = ("„Laut Übersicht der Stadt wird die Veranstaltung\n\n„Infomesse für Erziehende, Eintritt "
            "frei!\"\n\nmit dem Netzwerk durchgeführt. Wer trägt dieses Netzwerk?\"\n\n"
            "Das Netzwerk trägt der Verein.")
    result = split_reply(letter(body))
    assert [q["text"] for q in result["questions"]] == ["Wer trägt dieses Netzwerk?"]
    assert fold(result["preamble"]) == ("Laut Übersicht der Stadt wird die Veranstaltung „Infomesse "
                                        "für Erziehende, Eintritt frei!“ mit dem Netzwerk durchgeführt.")
    assert items(result) == [(["1"], "Das Netzwerk trägt der Verein.")]


def test_a_quotation_opening_a_paragraph_mid_sentence_belongs_to_the_quoted_preamble():
    body = ("„Die Stadt schrieb dem Anwohner, dass sie prüfe, und\n\n„Es wird zunächst gemeinsam "
            "mit den Trägern zu prüfen sein. \"\n\nSind die Zufahrten gewährleistet?''\n\n"
            "Das Tiefbauamt hat die Straße geprüft.")
    result = split_reply(letter(body))
    assert [q["text"] for q in result["questions"]] == ["Sind die Zufahrten gewährleistet?"]
    assert items(result) == [(["1"], "Das Tiefbauamt hat die Straße geprüft.")]


def test_quoted_questions_answered_only_by_a_later_answer_notice_are_an_interim_notice():
    body = ("zu Ihrer Anfrage erlaube ich mir den Hinweis, dass kein Anspruch auf Beantwortung "
            "besteht.\n\n„Sind die Zufahrten gewährleistet?\"\n\nIhre Anfrage ist sehr umfangreich, "
            "sodass die Beantwortung nachgereicht werden muss.")
    result = split_reply(letter(body))
    assert result["interim"] is True
    assert result["answers"] == []
    assert [q["text"] for q in result["questions"]] == ["Sind die Zufahrten gewährleistet?"]
    assert result["remark"].startswith("zu Ihrer Anfrage erlaube ich mir")


def test_an_answer_that_promises_one_figure_later_is_no_interim_notice():
    body = ("1. „Wie viele Anträge gab es?\"\n\nEs gab 120 Anträge.\n\n"
            "2. „Wie viele wurden bewilligt?\"\n\nDie Zahl wird nachgereicht.")
    result = split_reply(letter(body))
    assert result["interim"] is False
    assert items(result) == [(["1"], "Es gab 120 Anträge."), (["2"], "Die Zahl wird nachgereicht.")]


def test_the_reservation_sentence_closes_the_no_claim_remark():
    body = ("zu Ihrer Anfrage erlaube ich mir den Hinweis, dass kein Anspruch auf Beantwortung "
            "besteht.\n\nSoweit ich jedoch ein eigenes Interesse an der Beantwortung habe, beantworte "
            "ich diese - ohne Anerkennung einer Rechtspflicht - wie folgt:\n\n"
            "1. „Wie viele Bäume?\"\n\nZwölf.")
    result = split_reply(letter(body))
    assert fold(result["remark"]).endswith("ohne Anerkennung einer Rechtspflicht - wie folgt:")
    assert items(result) == [(["1"], "Zwölf.")]


def _signed(block: str) -> str | None:
    body = "1. „Wie viele Bäume?\"\n\nZwölf."
    text = letter(body).replace("Mit freundlichen Grüßen\n\nDirk Hilbert\n",
                                f"Mit freundlichen Grüßen\n\n{block}")
    return split_reply(text)["signer"]


def test_the_signer_is_the_name_above_the_function_line_also_as_ocr_read_it():
    assert _signed("Dirk Hilbert\n\nDetlef Sittel\nErster Bürgermeister\n") == "Detlef Sittel"
    assert _signed("DirRHilbert\nErster Bürgermeister\n") == "DirRHilbert"
    assert _signed("Din< Hilbert\n") == "Din< Hilbert"
    assert _signed("chmidt-Lamontaln\nKenntnisnahme:\nDirk Hilbert\nOberbürgermeister\n") == \
        "chmidt-Lamontaln"
    assert _signed("Anlage\n") is None
