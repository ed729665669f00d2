"""spaCy rules that recognise the frame of an inquiry: metadata, salutation, lead-in,
closing formula, signature.

Each rule is a small named function returning patterns: fixed phrases (strings, matched
case-insensitively by a ``PhraseMatcher``), token-shape examples (:class:`Shape`, e.g.
``Shape("12.03.2025")`` matches every ``dd.dd.dddd``; a ``PhraseMatcher`` on ``SHAPE``) or
token patterns (lists of dicts for the ``Matcher``, only for capitalised names). Phrase
matchers are hash lookups; the token ``Matcher`` costs per token and pattern, so it is
kept to one rule. :class:`InquiryRules` joins all rules in one pipeline component
(registered lazily as ``"inquiry_rules"``) that stores its matches in
``doc.spans["inquiry"]``. The pipeline is the shared ``spacy.blank("de")``
(:func:`drafting.language.blank_de`) + ``sentencizer`` + ``inquiry_rules``, built once, on
first use (:func:`get_nlp`); no model is loaded.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from drafting.language import blank_de

SPAN_KEY = "inquiry"
TokenPattern = list[dict[str, object]]


@dataclass(frozen=True)
class Shape:
    """Match every token sequence shaped like ``example`` ("AF0815/25" -> XXdddd / dd)."""

    example: str


Rule = str | Shape | TokenPattern

_MONTHS = [
    "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "dezember",
]  # fmt: skip
_NAME_PARTICLES = ["von", "van", "de", "zu", "der", "den"]
_MANNER = ["", "schriftliche", "zeitnahe", "fristgerechte", "baldige", "umgehende", "kurze"]
_FILLERS = ["", "daher", "deshalb", "deswegen", "nun", "Sie", "gern", "gerne", "hiermit"]


def _phrases(*alternatives: Iterable[str]) -> list[str]:
    """All phrases made of one alternative per position: ("Mit", ["guten", "besten"])."""
    options = [[a] if isinstance(a, str) else list(a) for a in alternatives]
    return [" ".join(w for w in words if w) for words in itertools.product(*options)]


def salutation_patterns() -> list[Rule]:
    """"Sehr geehrter Herr Oberbürgermeister," / "Guten Tag" / "Liebe Kolleginnen"."""
    return [
        *_phrases("Sehr", ["geehrte", "geehrter", "geehrtes"]),
        "Guten Tag",
        *_phrases(["Liebe", "Lieber", "Werte", "Werter"],
                  ["Frau", "Herr", "Kolleginnen", "Kollegen", "Damen"]),
    ]  # fmt: skip


def closing_patterns() -> list[Rule]:
    """The complimentary close: "Mit freundlichen Grüßen", "Hochachtungsvoll"."""
    return [
        *_phrases("Mit", ["freundlichen", "besten", "herzlichen", "kollegialen"],
                  ["Grüßen", "Grüssen"]),
        *_phrases("Mit", ["freundlichem", "bestem", "herzlichem"], ["Gruß", "Gruss"]),
        *_phrases(["Freundliche", "Beste", "Herzliche", "Viele"], ["Grüße", "Grüsse"]),
        "Hochachtungsvoll",
    ]  # fmt: skip


def closing_remark_patterns() -> list[Rule]:
    """Thanks and requests after the last question ("Ich bitte um schriftliche Beantwortung")."""
    return [
        *_phrases(["Vielen", "Herzlichen", "Besten"], "Dank"),
        *_phrases("Für die", ["Beantwortung", "Antwort", "Antworten"]),
        *_phrases(["Ich bitte", "Wir bitten"], "um", ["", "eine", "die"], _MANNER,
                  ["Beantwortung", "Antwort", "Auskunft"]),
    ]  # fmt: skip


def lead_in_patterns() -> list[Rule]:
    """"Ich frage den Oberbürgermeister:", "Vor diesem Hintergrund möchte ich fragen:"."""
    return [
        *_phrases(["ich", "wir"], ["frage", "fragen", "erfrage", "erfragen"]),
        *_phrases(["frage", "fragen", "erfrage", "erfragen"], ["ich", "wir"]),
        *_phrases(["folgende", "folgenden", "folgender", "nachstehende", "nachstehenden"],
                  ["Frage", "Fragen"]),
        *_phrases(["möchte ich", "möchten wir", "will ich", "wollen wir", "würde ich",
                   "würden wir"], _FILLERS, ["fragen", "wissen", "erfragen", "nachfragen"]),
        *_phrases(["bitte ich", "bitten wir"], _FILLERS, "um", ["", "eine", "die"], _MANNER,
                  ["Beantwortung", "Auskunft"]),
    ]  # fmt: skip


def number_patterns() -> list[Rule]:
    """Inquiry numbers such as AF0815/25, AF-Neu00010/23, mAF0012/24 (by token shape;
    the letters are checked by :mod:`drafting.splitting.frame`)."""
    return [Shape(n) for n in ("AF0815/25", "AF815/25", "mAF0012/24", "mAF012/24",
                               "AF-Neu00010/23")]  # fmt: skip


def date_patterns() -> list[Rule]:
    """12.03.2025, 1.3.25, 12. März 2025, 2025-03-12 (by token shape; month names and
    validity are checked by :func:`drafting.splitting.frame.parse_date`)."""
    numeric = [f"{d}.{m}.{y}" for d in ("1", "12") for m in ("3", "03") for y in ("25", "2025")]
    worded = [f"{d}. {m} 2025" for d in ("1", "12") for m in ("Mai", "Juni", "Januar")]
    return [Shape(example) for example in [*numeric, *worded, "2025-03-12"]]


def meta_label_patterns() -> list[Rule]:
    """Header labels ("Betreff:", "Einreicher:") and titles ("Schriftliche Anfrage")."""
    strong = ["Betreff", "Gegenstand", "Einreicher", "Einreicherin", "Datum"]
    with_colon = [
        "Thema", "Einreichende", "Einreicherinnen", "Anfragesteller", "Anfragestellerin",
        "Fragesteller", "Fragestellerin", "Nr.", "Nummer", "Eingang", "Eingegangen", "Vorlage",
        "Drucksache", "Von", "An",
    ]  # fmt: skip
    return [
        *strong,
        *_phrases(with_colon, ":"),
        *_phrases(["Schriftliche", "Kleine", "Große", "Mündliche"], "Anfrage"),
        "Anfrage",
        *_phrases("Anfrage", ["Nr.", "Nummer"]),
    ]


def role_patterns() -> list[Rule]:
    """Council roles in headers and signatures ("Stadträtin", "Fraktionsvorsitzender")."""
    return [
        "Stadtrat", "Stadträtin", "Stadträte", "Stadträtinnen", "Stadtratsmitglied",
        "Ortschaftsrat", "Ortschaftsrätin", "Stadtbezirksbeirat", "Stadtbezirksbeirätin",
        "Fraktionsvorsitzender", "Fraktionsvorsitzende", "Gemeinderat", "Gemeinderätin",
    ]  # fmt: skip


def faction_patterns() -> list[Rule]:
    """Groups: "Fraktion DIE LINKE", "Stadtratsfraktion ..." ("CDU-Fraktion": see frame)."""
    return ["Fraktion", "Fraktionen", "Ratsfraktion", "Stadtratsfraktion"]


def name_patterns() -> list[Rule]:
    """A person's name: two to four capitalised words ("Dr. Anne Mühle"), particles."""
    return [
        [{"IS_TITLE": True}, {"LOWER": {"IN": _NAME_PARTICLES}, "OP": "{0,2}"},
         {"IS_TITLE": True}, {"IS_TITLE": True, "OP": "{0,2}"}],
    ]  # fmt: skip


RULES: dict[str, Callable[[], list[Rule]]] = {
    "SALUTATION": salutation_patterns,
    "CLOSING": closing_patterns,
    "CLOSING_REMARK": closing_remark_patterns,
    "LEAD_IN": lead_in_patterns,
    "NUMBER": number_patterns,
    "DATE": date_patterns,
    "META": meta_label_patterns,
    "ROLE": role_patterns,
    "FACTION": faction_patterns,
    "NAME": name_patterns,
}


class InquiryRules:
    """Pipeline component: runs all rules, stores matches in ``doc.spans["inquiry"]``."""

    def __init__(self, nlp: Language, name: str = "inquiry_rules") -> None:
        self.name = name
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.shapes = PhraseMatcher(nlp.vocab, attr="SHAPE")
        self.matcher = Matcher(nlp.vocab)
        for label, rule in RULES.items():
            patterns = rule()
            phrases = [nlp.make_doc(p) for p in patterns if isinstance(p, str)]
            shapes = [nlp.make_doc(p.example) for p in patterns if isinstance(p, Shape)]
            tokens = [p for p in patterns if isinstance(p, list)]
            if phrases:
                self.phrases.add(label, phrases)
            if shapes:
                self.shapes.add(label, shapes)
            if tokens:
                self.matcher.add(label, tokens, greedy="LONGEST" if label == "NAME" else None)

    def __call__(self, doc: Doc) -> Doc:
        matches = self.phrases(doc) + self.shapes(doc) + self.matcher(doc)
        doc.spans[SPAN_KEY] = [Span(doc, start, end, label=key) for key, start, end in matches]
        return doc


def _make_inquiry_rules(nlp: Language, name: str) -> InquiryRules:
    return InquiryRules(nlp, name)


_BUILD_LOCK = threading.Lock()


@functools.cache
def get_nlp() -> Language:
    """The splitting pipeline, built on first use (no model download, no side effects at
    import): the shared ``spacy.blank("de")`` of :mod:`drafting.language` with a sentencizer
    and the inquiry rules added. Routing tokenizes with the same pipeline (``make_doc`` runs
    no component), so the tokenizer and vocabulary exist once per process."""
    with _BUILD_LOCK:  # two threads must not add the components twice
        if not Language.has_factory("inquiry_rules"):
            Language.factory("inquiry_rules", func=_make_inquiry_rules)
        nlp = blank_de()
        if "sentencizer" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer")
        if "inquiry_rules" not in nlp.pipe_names:
            nlp.add_pipe("inquiry_rules")
        return nlp
