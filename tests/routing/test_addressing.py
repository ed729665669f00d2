"""Addressing formulas ("Ich frage daher den Oberbürgermeister:") say whom an inquiry asks,
not what it is about: they are no evidence for the mayor's office or any other office, in the
question or in the context (subject and preamble). Reasons are written in German typography.
"""

from __future__ import annotations

import pytest

from drafting.routing.engine import Router
from drafting.routing.text import strip_addressing
from inquiry_app.demo.catalogue import demo_units


@pytest.fixture(scope="module")
def router() -> Router:
    return Router(demo_units())


def _units(router: Router, question: str, context: str = "") -> list[str]:
    return [s.unit for s in router.suggest(question, context, top=5)]


@pytest.mark.parametrize("formula", [
    "Ich frage daher den Oberbürgermeister:",
    "Wir fragen die Verwaltung:",
    "Ich bitte um Beantwortung folgender Fragen:",
    "Wir fragen den Oberbürgermeister und die Verwaltung:",
    "Ich frage Sie daher, Herr Oberbürgermeister:",
])
def test_a_formula_alone_suggests_no_office(router, formula):
    # before the rule, "Ich frage daher den Oberbürgermeister:" gave OB at 63 % and "Ich
    # bitte um Beantwortung folgender Fragen:" gave OB-SR (via "Beantwortungsfrist")
    assert router.suggest(formula) == []


def test_the_exact_sentence_no_longer_brings_the_mayors_office(router):
    question = "Ich frage daher den Oberbürgermeister: Wie viele Kita-Plätze fehlen?"
    assert _units(router, question) == ["51"]


def test_a_formula_in_the_same_sentence_as_the_question(router):
    question = "Ich frage den Oberbürgermeister, wie viele Einbürgerungsanträge gestellt wurden."
    units = _units(router, question)
    assert units[0] == "33"
    assert "OB" not in units


def test_a_formula_in_the_preamble_is_no_evidence(router):
    context = "Fehlende Kita-Plätze\n\nDie Lage ist angespannt. Ich frage daher den Oberbürgermeister:"
    assert "OB" not in _units(router, "Wie viele Kinder warten auf einen Platz?", context)


def test_the_mayor_as_the_matter_still_counts(router):
    # not an addressing formula: the mayor's own appointments are the mayor's office's matter
    question = "Welche Termine im Ausland hat der Oberbürgermeister im Jahr 2024 wahrgenommen?"
    assert _units(router, question)[0] == "OB"


@pytest.mark.parametrize(("text", "kept"), [
    ("Der Oberbürgermeister wird gemäß § 2 Absatz 7 gebeten, zur Brücke Stellung zu nehmen.",
     "gemäß § 2 Absatz 7 gebeten, zur Brücke Stellung zu nehmen."),
    ("Der Stadtbezirksbeirat bittet den Oberbürgermeister, eine Pumptrack-Strecke zu prüfen.",
     "Der Stadtbezirksbeirat eine Pumptrack-Strecke zu prüfen."),
    ("Im letzten Jahr wurde von Ihnen, Herr Oberbürgermeister, eine Vorlage eingebracht.",
     "Im letzten Jahr wurde von Ihnen, , eine Vorlage eingebracht."),
    ("Wann wurden durch den Oberbürgermeister welche Maßnahmen veranlasst?",
     "Wann wurden durch den Oberbürgermeister welche Maßnahmen veranlasst?"),
])
def test_strip_addressing_keeps_everything_else(text, kept):
    stripped = strip_addressing(text)
    assert len(stripped) == len(text)
    assert " ".join(stripped.split()) == kept


def test_reasons_quote_the_evidence_and_point_to_the_office(router):
    [suggestion] = router.suggest("Wie viele Kita-Plätze fehlen?", top=1)
    assert suggestion.reasons == ["Begriff „Kita-Platz“ in „Kita-Plätze“ → 51 Jugendamt"]
    assert all("'" not in r and "->" not in r for r in suggestion.reasons)
