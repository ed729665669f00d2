"""Routing engine: catalogue matching on German compounds, learning from decisions,
serialisation, robustness, and accuracy on the development split and on the held-out set."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from drafting.routing.engine import (
    Example,
    Model,
    Router,
    Suggestion,
    UnitInfo,
    evaluate,
    load_examples,
)
from drafting.routing.text import shared_analyzer
from inquiry_app.demo.catalogue import CATALOGUE, demo_units
from inquiry_app.demo.org import ORG_UNITS

DATA = Path(__file__).resolve().parents[1] / "data"
REFERENCE = DATA / "reference" / "inquiry.txt"
TRAIN = DATA / "routing.jsonl"
# Development split: once called held-out, but the router's weights and the demo catalogue
# were tuned with it in view, so its figures flatter the router.
DEV = DATA / "routing-test.jsonl"
# HELD-OUT SET - KEEP IT UNTOUCHED. Council-style questions with the office that answers
# them, written from the offices' tasks without looking at the catalogue or the training
# data; the router was never tuned on it. Do not add, drop, reword or relabel questions
# to make a change pass, and do not tune weights, terms or the catalogue against it: a
# change that lowers its figures is a regression (or a reason to discuss the change), not
# a reason to edit this file. The floors below are what the router achieved when the set
# was written; raise them when the router honestly gets better.
HOLDOUT = DATA / "routing-holdout.jsonl"


def _reference() -> tuple[str, list[str]]:
    blocks = [b.strip() for b in REFERENCE.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    return "\n\n".join(blocks[:2]), blocks[2:]


@pytest.fixture(scope="module")
def cold_router() -> Router:
    return Router(demo_units())


@pytest.fixture(scope="module")
def trained_router() -> Router:
    router = Router(demo_units())
    router.train(load_examples(TRAIN))
    return router


def _small(*units: UnitInfo) -> Router:
    return Router(list(units))


def _codes(suggestions: list[Suggestion]) -> list[str]:
    return [s.unit for s in suggestions]


# -- catalogue data ------------------------------------------------------------------------


def test_catalogue_covers_every_unit_but_divisions():
    for code, _name, kind, _parent, _mail in ORG_UNITS:
        if kind == "division":
            continue
        assert len(CATALOGUE.get(code, [])) >= 10, code
    assert set(CATALOGUE) <= {u[0] for u in ORG_UNITS}


def test_demo_catalogue_has_no_warnings(cold_router):
    assert cold_router.warnings == []


def test_labelled_data_sizes_and_coverage():
    train = load_examples(TRAIN)
    test = load_examples(DEV)
    holdout = load_examples(HOLDOUT)
    assert len(train) >= 200
    assert len(test) >= 60
    assert len(holdout) == 90
    assert not {e.text for e in train} & {e.text for e in test}
    assert not {e.text for e in holdout} & ({e.text for e in train} | {e.text for e in test})
    units = {code for code, _name, kind, _parent, _mail in ORG_UNITS}
    assert {e.unit for e in holdout} <= units
    counts = {}
    for e in train:
        counts[e.unit] = counts.get(e.unit, 0) + 1
    for code, _name, kind, _parent, _mail in ORG_UNITS:
        if kind in ("office", "enterprise"):
            assert counts.get(code, 0) >= 5, code


# -- compounds and morphology --------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "question"),
    [
        ("Einbürgerung", "Wie viele Einbürgerungsanträge sind offen?"),  # Fugen-s, modifier
        ("Antrag", "Wie viele Einbürgerungsanträge sind offen?"),  # head, umlaut plural
        ("Kita-Platz", "Wie viele Kitaplätze fehlen?"),
        ("Kita-Platz", "Wie viele Kita-Plätze fehlen?"),
        ("Kita", "Wie viele Kita-Plätze fehlen?"),
        ("Rechner", "Wie alt sind die Arbeitsplatzrechner?"),
        ("Speicher", "Reicht die Speicherkapazität der Server?"),
        ("E-Akte", "Wann kommen die E-Akten?"),
        ("Schule", "Wie viele Grundschulen gibt es?"),
        ("Einbürgerung", "Wie viele Menschen wurden 2024 eingebürgert?"),  # -ung noun <- verb
        ("Klimaneutralität", "Wann wird die Stadt klimaneutral?"),
        ("medienbruchfreie Bearbeitung", "Ist eine medienbruchfreie Bearbeitung möglich?"),
        ("Kosten der Unterkunft", "Wie hoch sind die Kosten der Unterkunft?"),
        ("Bürgerbüro", "Warum sind die Bürgerbüros geschlossen?"),
        ("Straße", "Wie viele Straßen werden saniert?"),
    ],
)
def test_term_found_in_compounds_and_inflections(term, question):
    router = _small(UnitInfo("X", "Amt X", (term,)), UnitInfo("Y", "Amt Y", ("Friedhof",)))
    assert _codes(router.suggest(question)) == ["X"], question


@pytest.mark.parametrize(
    ("term", "question"),
    [
        ("Sport", "Wie wird der Transport der Schüler organisiert?"),
        ("Steuer", "Wer übernimmt die Steuerung des Projekts?"),
        ("Empfang", "Wie viele Empfänger von Bürgergeld gibt es?"),
        ("Forderung", "Welche Förderung erhalten die Vereine?"),
        ("Spiel", "Zum Beispiel im Sommer?"),
        ("Straße", "Wie viele Falschparker gab es auf der Königsbrücker Straße?"),
        ("Straße", "Wie viele Falschparker gab es in der Louisenstraße?"),
    ],
)
def test_false_friends_do_not_match(term, question):
    router = _small(UnitInfo("X", "Amt X", (term,)))
    assert router.suggest(question) == [], question


@pytest.mark.parametrize(
    ("term", "question"),
    [
        ("Tourismus", "Wie viele Touristen kamen im Sommer in die Altstadt?"),  # -ist/-ismus
        ("Tourismus", "Welche touristischen Angebote gibt es am Fluss?"),
        ("Zuzug", "Wie viele Familien sind 2023 zugezogen?"),  # ablaut: ziehen -> Zug
        ("Wegzug", "Warum sind so viele junge Leute weggezogen?"),
        ("Beschluss", "Was wurde im Ausschuss beschlossen?"),
        ("Baumpflanzung", "Wie viele Bäume wurden im Herbst gepflanzt?"),  # noun + verb
        ("Stellenausschreibung", "Wie viele Stellen wurden extern ausgeschrieben?"),
        ("Gewerbeabmeldung", "Wie viele Gewerbe wurden an- und abgemeldet?"),
        ("Arbeitgeberattraktivität", "Wie will die Stadt als Arbeitgeber attraktiver werden?"),
        ("Kita-Platz", "Wie viele Kita- und Schulplätze fehlen?"),  # truncated word
        ("Gehweg", "Wie viele Geh- und Radwege sind beschädigt?"),
        ("Social Media", "Wie viele Social-Media-Kanäle betreibt die Stadt?"),
        ("unbesetzte Stellen", "Wie viele Stellen sind derzeit unbesetzt?"),  # predicative
    ],
)
def test_derivations_and_word_groups_match(term, question):
    router = _small(UnitInfo("X", "Amt X", (term,)), UnitInfo("Y", "Amt Y", ("Friedhof",)))
    assert _codes(router.suggest(question)) == ["X"], question


@pytest.mark.parametrize(
    ("term", "question"),
    [
        ("Wiese", "Welche Flächen sind als Bauland ausgewiesen?"),  # participle, no compound
        ("Wirtschaft", "Wie wird die Wirtschaftlichkeit geprüft?"),  # derivation
    ],
)
def test_more_false_friends(term, question):
    assert _small(UnitInfo("X", "Amt X", (term,))).suggest(question) == [], question


def test_a_verb_is_weaker_evidence_than_a_noun():
    router = _small(UnitInfo("50", "Sozialamt", ("Pflege",)),
                    UnitInfo("41", "Kulturamt", ("Denkmal",)))
    assert _codes(router.suggest("Wie werden die Denkmale gepflegt?")) == ["41", "50"]


def test_modifier_before_an_everyday_head_carries_the_meaning():
    router = _small(UnitInfo("53", "Gesundheitsamt", ("Masern",)),
                    UnitInfo("51", "Jugendamt", ("Kita",)),
                    UnitInfo("40", "Schulverwaltungsamt", ("Schule",)))
    suggestions = router.suggest("Wie viele Masernfälle gab es in Kitas und Schulen?")
    assert _codes(suggestions)[0] == "53"


def test_prepositional_phrases_and_genitives_count_less():
    router = _small(UnitInfo("65", "Hochbauamt", ("Neubau",)),
                    UnitInfo("40", "Schulverwaltungsamt", ("Gymnasium",)))
    assert _codes(router.suggest("Wann beginnt der Neubau des Gymnasiums?"))[0] == "65"
    assert _codes(router.suggest("Wann beginnt das Gymnasium mit dem Neubau?"))[0] == "40"


def test_phrase_depths():
    analyzer = shared_analyzer()
    tokens, depths = analyzer.content_tokens_with_depths(
        "Welche Mehrkosten entstehen beim Neubau des Gymnasiums in Pieschen, und wie "
        "viele Masernfälle gab es in Kitas und Schulen (Grundschulen, Horte)?"
    )
    assert dict(zip((t.surface for t in tokens), depths, strict=True)) == {
        "Mehrkosten": 0, "entstehen": 0, "Neubau": 1, "Gymnasiums": 2, "Pieschen": 3,
        "Masernfälle": 0, "Kitas": 1, "Schulen": 1, "Grundschulen": 1, "Horte": 1,
    }


def test_the_number_decides_between_singular_and_plural_terms():
    router = _small(UnitInfo("20", "Kämmerei", ("Haushalt",)),
                    UnitInfo("12", "Statistik", ("Haushalte",)))
    assert _codes(router.suggest("Wie viele Haushalte leben in Prohlis?"))[0] == "12"
    assert _codes(router.suggest("Wann wird der Haushalt beschlossen?"))[0] == "20"


def test_street_word_in_a_real_compound_still_matches():
    router = _small(UnitInfo("66", "Tiefbauamt", ("Gehweg", "Fahrradstraße")))
    assert _codes(router.suggest("Wann werden die Gehwege saniert?")) == ["66"]
    assert _codes(router.suggest("Wo entstehen neue Fahrradstraßen?")) == ["66"]


def test_compound_part_gives_weaker_partial_evidence():
    router = _small(
        UnitInfo("65", "Hochbauamt", ("Schulneubau",)),
        UnitInfo("40", "Schulverwaltungsamt", ("Gymnasium",)),
    )
    partial = router.suggest("Wann ist der Neubau fertig?")
    assert _codes(partial) == ["65"]
    assert partial[0].reasons == ["Wortteil von „Schulneubau“ in „Neubau“ → 65 Hochbauamt"]
    exact = router.suggest("Wann ist der Schulneubau fertig?")
    assert exact[0].score > partial[0].score


# -- reasons, hierarchy, scores ------------------------------------------------------------


def test_reason_names_the_department_that_lists_the_term(cold_router):
    suggestions = cold_router.suggest("Wie viele Einbürgerungsanträge wurden 2024 gestellt?")
    assert suggestions[0].unit == "33"
    assert (
        "Begriff „Einbürgerungsantrag“ in „Einbürgerungsanträge“ → "
        "33.32 Staatsangehörigkeitsbehörde" in suggestions[0].reasons
    )
    codes = _codes(suggestions)
    assert codes.index("33") < codes.index("33.32")


def test_department_terms_roll_up_to_the_office_not_to_divisions():
    router = _small(
        UnitInfo("GB1", "Geschäftsbereich 1", (), kind="division"),
        UnitInfo("33", "Bürgeramt", (), parent="GB1", kind="office"),
        UnitInfo("33.32", "Staatsangehörigkeitsbehörde", ("Einbürgerung",), parent="33",
                 kind="department"),
    )
    suggestions = router.suggest("Wie lange dauert die Einbürgerung?")
    assert _codes(suggestions) == ["33", "33.32"]
    assert suggestions[0].reasons == [
        "Begriff „Einbürgerung“ → 33.32 Staatsangehörigkeitsbehörde"
    ]


def test_scores_are_between_0_and_1_and_sorted(trained_router):
    for question in (
        "Wie viele Kita-Plätze fehlen im Stadtteil Prohlis und wann wird die Schule saniert?",
        "Welche Kosten entstanden für Server und Software?",
        "Wie viele Bäume wurden gefällt?",
    ):
        suggestions = trained_router.suggest(question, top=10)
        assert suggestions
        scores = [s.score for s in suggestions]
        assert all(0.0 < s <= 1.0 for s in scores)
        assert scores == sorted(scores, reverse=True)
        assert len(trained_router.suggest(question, top=2)) <= 2


def test_context_counts_less_than_the_question():
    router = _small(UnitInfo("X", "Amt X", ("Feuerwehr",)), UnitInfo("Y", "Amt Y", ("Sirene",)))
    in_question = router.suggest("Wie viele Einsätze hatte die Feuerwehr?")
    in_context = router.suggest("Wie viele Einsätze gab es?", context="Feuerwehr")
    assert in_question[0].unit == in_context[0].unit == "X"
    assert in_context[0].score < in_question[0].score
    assert "(Betreff/Vorbemerkung)" in in_context[0].reasons[0]


# -- reference inquiry ---------------------------------------------------------------------


@pytest.mark.parametrize("router_name", ["cold_router", "trained_router"])
def test_reference_inquiry(router_name, request):
    router = request.getfixturevalue(router_name)
    preamble, questions = _reference()
    assert len(questions) == 4
    leads = [router.suggest(q, context=preamble)[0].unit for q in questions]
    assert leads == ["33", "33", "EB IT", "33"]


def test_reference_question_3_reasons(cold_router):
    preamble, questions = _reference()
    top = cold_router.suggest(questions[2], context=preamble)[0]
    assert top.reasons[:2] == [
        "Begriff „IT-Infrastruktur“ → EB IT Eigenbetrieb IT-Dienstleistungen",
        "Begriff „Server“ → EB IT Eigenbetrieb IT-Dienstleistungen",
    ]


# -- stop words, inactive units, robustness ------------------------------------------------


def test_stop_word_terms_are_ignored_with_a_warning():
    router = _small(UnitInfo("52", "Sportamt", ("Sporthalle", "und", "die", " ")))
    assert len(router.warnings) == 3
    assert "Begriff 'und' bei 52 besteht nur aus Stoppwörtern und wird ignoriert." in (
        router.warnings
    )
    assert router.suggest("Wie und wann die?") == []
    assert _codes(router.suggest("Wann öffnet die Sporthalle?")) == ["52"]


def test_unit_without_terms_cannot_be_matched_by_catalogue():
    router = _small(UnitInfo("A", "Amt A", ()), UnitInfo("B", "Amt B", ("Friedhof",)))
    assert _codes(router.suggest("Wann wird der Friedhof erweitert?")) == ["B"]


def test_inactive_units_are_never_suggested():
    units = [
        UnitInfo("33", "Bürgeramt", ("Einbürgerung",), active=False, kind="office"),
        UnitInfo("33.32", "Staatsangehörigkeitsbehörde", ("Einbürgerung",), parent="33",
                 kind="department"),
        UnitInfo("54", "Integrationsamt", ("Integration",), active=False),
    ]
    router = Router(units)
    assert _codes(router.suggest("Wie lange dauert die Einbürgerung?")) == ["33.32"]
    router.train([Example("Wie gelingt die Integration?", "54"),
                  Example("Wie gelingt die Einbürgerung?", "33")])
    assert set(_codes(router.suggest("Wie gelingt die Integration und Einbürgerung?"))) == {
        "33.32"
    }


@pytest.mark.parametrize("question", ["", "   ", "\n\t", "?!.", "und die der"])
def test_empty_questions(trained_router, question):
    assert trained_router.suggest(question) == []
    assert trained_router.suggest(question, context="Einbürgerung Ausländerbehörde") == []


def test_huge_question_gets_suggestions(trained_router):
    """10,000 words still give a suggestion (how long it takes: bench/routing.py)."""
    words = (DATA / "reference" / "inquiry.txt").read_text(encoding="utf-8").split()
    question = " ".join((words * (10_000 // len(words) + 1))[:10_000])
    suggestions = trained_router.suggest(question)
    assert suggestions and suggestions[0].unit in {"33", "EB IT"}


def test_cold_start_uses_the_catalogue_alone(cold_router):
    assert len(cold_router.model) == 0
    assert cold_router.suggest("Wie viele Schlaglöcher wurden 2024 beseitigt?")[0].unit == "66"
    assert cold_router.suggest("Wann öffnet das Freibad?")[0].unit == "52"
    assert cold_router.suggest("Wie hoch ist die Hundesteuer?")[0].unit == "21"


# -- learning ------------------------------------------------------------------------------


def _two_units() -> Router:
    return _small(UnitInfo("66", "Tiefbauamt", ("Radweg",)), UnitInfo("61", "Planung", ()))


def test_incremental_learning_changes_a_suggestion():
    router = _two_units()
    question = "Wann wird die Verkehrsberuhigung im Hechtviertel umgesetzt?"
    assert router.suggest(question) == []
    router.learn(Example("Welche Verkehrsberuhigung ist im Hechtviertel vorgesehen?", "61",
                         ref="AF0123/24 Frage 2"))
    suggestions = router.suggest(question)
    assert suggestions[0].unit == "61"
    assert any(r.startswith("ähnlich AF0123/24 Frage 2 → 61 (") for r in suggestions[0].reasons)


def test_learned_decisions_outweigh_a_misleading_catalogue_term():
    router = _two_units()
    question = "Wie wird der Radweg am Elbufer in den Verkehrsentwicklungsplan aufgenommen?"
    assert router.suggest(question)[0].unit == "66"
    router.train([
        Example("Welche Radwege nimmt der Verkehrsentwicklungsplan auf?", "61", ref=f"AF{i}/24")
        for i in range(3)
    ])
    assert router.suggest(question)[0].unit == "61"


def test_negative_examples_lower_the_score_for_similar_questions():
    router = _small(UnitInfo("66", "Tiefbauamt", ("Radweg",)), UnitInfo("67", "Grün", ()))
    question = "Wer reinigt den Radweg am Elbufer im Winter?"
    before = router.suggest(question)[0]
    router.learn(Example("Wer reinigt den Radweg am Elbufer?", "66", ref="AF0456/24 Frage 1",
                         negative=True))
    after = router.suggest(question)
    assert after[0].unit == "66"
    assert after[0].score < before.score * 0.7
    assert any("AF0456/24 Frage 1: dort 66 nicht zuständig" in r for r in after[0].reasons)


def test_train_replaces_the_model_and_retrain_reanalyses():
    router = _two_units()
    router.learn(Example("Eins", "61"))
    router.train([Example("Wann kommt die Verkehrsberuhigung?", "61")])
    assert len(router.model) == 1
    assert router.retrain() is router.model
    assert len(router.model) == 1


def test_term_reliability_learns_from_decisions():
    model = Model()
    feats = {"t:schul": 1.0}
    model.fit([Example("a", "40"), Example("b", "65"), Example("c", "65")], [feats] * 3)
    assert model.term_reliability("t:schul", "40") == pytest.approx(3 / 5)
    assert model.term_reliability("t:schul", "65") == pytest.approx(4 / 5)
    assert model.term_reliability("t:unbekannt", "40") == 1.0


# -- serialisation -------------------------------------------------------------------------


def test_dump_load_roundtrip(trained_router):
    data = trained_router.dump_model()
    assert isinstance(data, bytes)
    payload = json.loads(zlib.decompress(data))  # JSON + zlib, no pickle
    assert payload["format"] == "inquiry-app-routing-model"
    assert len(payload["examples"]) == len(trained_router.model)

    other = Router(demo_units())
    model = other.load_model(data)
    assert model is other.model and len(model) == len(trained_router.model)
    preamble, questions = _reference()
    for question in [*questions, "Wie viele Kita-Plätze fehlen?", "Wann öffnet das Freibad?"]:
        assert other.suggest(question, preamble) == trained_router.suggest(question, preamble)


def test_load_rejects_garbage():
    router = _two_units()
    with pytest.raises(ValueError):
        router.load_model(b"not a model")
    with pytest.raises(ValueError):
        router.load_model(zlib.compress(b'{"format": "other", "version": 1}'))


def test_model_passed_to_constructor(trained_router):
    router = Router(demo_units(), model=Model.from_bytes(trained_router.dump_model()))
    assert len(router.model) == len(trained_router.model)


# -- evaluation ----------------------------------------------------------------------------


def test_evaluate_accepts_examples_and_dicts(cold_router):
    items = [{"question": "Wann öffnet das Freibad?", "lead": "52"},
             Example("Wie hoch ist die Hundesteuer?", "21"),
             Example("Wer ist nicht zuständig?", "21", negative=True)]
    assert evaluate(cold_router, items) == {"top1": 1.0, "top3": 1.0, "n": 2}
    assert evaluate(cold_router, []) == {"top1": 0.0, "top3": 0.0, "n": 0}


def test_accuracy_on_development_split(trained_router):
    """Measured: top-1 93 %, top-3 100 % (catalogue + model trained on routing.jsonl).
    Tuned against, so only a guard against regressions; the honest figure is the held-out
    set's below."""
    result = evaluate(trained_router, load_examples(DEV))
    assert result["n"] >= 60
    assert result["top1"] >= 0.90
    assert result["top3"] >= 0.97


def test_cold_start_accuracy_on_development_split(cold_router):
    """Measured: top-1 91 %, top-3 95 % with the catalogue alone."""
    result = evaluate(cold_router, load_examples(DEV))
    assert result["top1"] >= 0.86
    assert result["top3"] >= 0.92


def test_accuracy_goal_on_development_split(trained_router):
    result = evaluate(trained_router, load_examples(DEV))
    assert result["top1"] >= 0.85
    assert result["top3"] >= 0.97


def test_accuracy_on_held_out_set(trained_router):
    """Measured when the set was written: 87 of 90 first, 90 of 90 among the first three
    (catalogue + model trained on routing.jsonl). The floors are those counts."""
    result = evaluate(trained_router, load_examples(HOLDOUT))
    assert result["n"] == 90
    assert round(result["top1"] * 90) >= 87
    assert round(result["top3"] * 90) >= 90


def test_cold_start_accuracy_on_held_out_set(cold_router):
    """Measured when the set was written: 86 of 90 first, 89 of 90 among the first three
    with the catalogue alone."""
    result = evaluate(cold_router, load_examples(HOLDOUT))
    assert round(result["top1"] * 90) >= 86
    assert round(result["top3"] * 90) >= 89
