"""The one normalisation of search text, used for the indexed documents and for queries.

A word becomes its folded lemma: spaCy's German tokenizer (``spacy.blank("de")``) and the
lemma lookup table of ``spacy-lookups-data``, lowercase, umlauts folded to their base
vowels and ß to ss (:class:`drafting.routing.text.Analyzer`, shared with routing):
"Anträge" -> ``antrag``. A German compound also yields its parts, split with the lexicon of
the lemma table (Fugen -s-, -es-, -n-, -en- allowed) and each lemmatised:
"Einbürgerungsanträge" -> ``einburgerungsantrag`` plus ``einburgerung antrag``, so that
``Einbürgerung`` and ``Anträge`` both find it. Function words (spaCy's German stop words)
are dropped. Inquiry numbers ("AF1234/24") become one term (``af1234x24``), and the running
number with its year (``1234x24``) another.

The result is plain ``[a-z0-9]`` words separated by spaces: the text both engines index
(SQLite FTS5 and PostgreSQL ``to_tsvector('german', ...)``). In a document, the parts of
compounds come after the words, so phrases ("…") still match the words in their order.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

#: an inquiry number as written: letters, the running number, a slash and the year
NUMBER = re.compile(r"\b([A-Za-z]{1,6})[ \t]?(\d{1,6})\s?/\s?(\d{2,4})\b")
_WORD = re.compile(r"[a-z0-9]+")
#: longer words are cut (no German word is longer; the term column holds 100)
MAX_TERM = 60
#: the shortest compound part worth its own term
_MIN_PART = 3


def number_terms(match: re.Match) -> tuple[str, str]:
    letters, seq, year = match.group(1).lower(), match.group(2), match.group(3)
    return f"{letters}{seq}x{year}", f"{seq}x{year}"


@dataclass(frozen=True)
class Term:
    """One analysed word: its normalised key and, for a compound, its parts."""

    key: str
    parts: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return (self.key, *self.parts)


class Normaliser:
    """Folded lemmas and compound parts, with caches per surface form."""

    def __init__(self) -> None:
        from drafting.language import function_words, lemma_table
        from drafting.routing.text import CompoundSplitter, fold, shared_analyzer

        self._analyzer = shared_analyzer()
        self._fold = fold
        self._stop = function_words()
        table = lemma_table()
        # folded form -> folded lemma (for compound parts, which the splitter returns as
        # found in the word: "antrage" -> "antrag")
        self._lemmas: dict[str, str] = {}
        for form, lemma in table.items():
            self._lemmas.setdefault(fold(form), fold(lemma))
        self._cache: dict[str, Term | None] = {}
        self._splitter = CompoundSplitter(self._analyzer.lexicon, _derived_nouns(table, fold))

    def term(self, surface: str) -> Term | None:
        """The analysed word, or None for punctuation and function words."""
        cached = self._cache.get(surface, False)
        if cached is not False:
            return cached
        term = self._analyse(surface)
        if len(self._cache) > 300_000:
            self._cache.clear()
        self._cache[surface] = term
        return term

    def _analyse(self, surface: str) -> Term | None:
        if surface.lower() in self._stop:
            return None
        info = self._analyzer.token(surface)
        key = _clean(info.key)[:MAX_TERM]
        if info.lemma == surface:  # not in the table as written ("STRASSEN", "Strasse")
            key = self._lemmas.get(key, key)
        if not key or (len(key) < 2 and not key.isdigit()):
            return None
        parts: list[str] = []
        if len(key) >= 7 and not self._splitter.known(key):
            key = self._uninflected(key)
        if info.part_stems:  # hyphenated: "Kita-Plätze" -> kita, platz
            for piece in re.split(r"[-‐‑/]", surface):
                sub = self.term(piece) if piece and piece != surface else None
                if sub is not None:
                    parts.extend(sub.all)
        elif len(key) >= 7 and not key.isdigit() and not self._splitter.known(key):
            split = self._splitter.split(key)
            if len(split) > 1:
                lemmas = [self._lemmas.get(p, p) for p in split]
                parts = [p for p in lemmas if len(p) >= _MIN_PART]
                # the whole compound with its head lemmatised: "einburgerungsantrage" ->
                # "einburgerungsantrag" (the table rarely knows the inflected compound)
                head = split[-1]
                at = key.rfind(head)
                if at > 0 and lemmas[-1] != head:
                    key = key[:at] + lemmas[-1]
        unique = tuple(dict.fromkeys(p for p in parts if p != key))
        return Term(key, unique)

    def _uninflected(self, key: str) -> str:
        """An unknown word whose uninflected form is known (derived nouns, which the table
        lacks): "einburgerungen" -> "einburgerung"."""
        for ending in ("en", "n", "s", "es", "e"):
            if key.endswith(ending) and self._splitter.known(key[: -len(ending)]):
                return key[: -len(ending)]
        return key

    def terms(self, text: str) -> tuple[list[Term], list[str]]:
        """The words of ``text`` in order, and the inquiry-number terms found in it."""
        numbers: list[str] = []
        if "/" in text:
            for match in NUMBER.finditer(text):
                numbers.extend(number_terms(match))
            text = NUMBER.sub(lambda m: " " * len(m.group(0)), text)
        out = []
        for token in self._analyzer.nlp.make_doc(text):
            term = self.term(token.text)
            if term is not None:
                out.append(term)
        return out, numbers


def _derived_nouns(table: dict[str, str], fold) -> set[str]:
    """Nouns the lemma table lacks but compounds are made of: the action nouns of its
    verbs ("einbürgern" -> "einburgerung", "bearbeiten" -> "bearbeitung") and the -keit /
    -heit nouns of its adjectives ("angehörig" -> "angehorigkeit"), folded."""
    out: set[str] = set()
    for lemma in set(table.values()):
        if not lemma[:1].islower() or len(lemma) < 4:
            continue
        word = fold(lemma)
        if word.endswith(("ern", "eln")):
            out.add(word[:-1] + "ung")
        elif word.endswith("en"):
            out.add(word[:-2] + "ung")
        elif word.endswith(("ig", "lich", "isch", "bar", "sam")):
            out.add(word + "keit")
        elif len(word) >= 4:
            out.add(word + "heit")
    return out


def _clean(key: str) -> str:
    return "".join(_WORD.findall(key))


@functools.cache
def normaliser() -> Normaliser:
    """One per process (loading the lemma table takes about a second)."""
    return Normaliser()


def index_text(*texts: str) -> str:
    """The normalised text of a document: its words' keys in order, then the numbers, then
    the compound parts."""
    norm = normaliser()
    keys: list[str] = []
    tail: list[str] = []
    for text in texts:
        if not text:
            continue
        terms, numbers = norm.terms(text)
        keys.extend(t.key for t in terms)
        tail.extend(numbers)
        for term in terms:
            tail.extend(term.parts)
    return " ".join(keys + tail)


def text_terms(text: str) -> set[str]:
    """Every normalised term of ``text`` (keys, parts and numbers), for highlighting."""
    terms, numbers = normaliser().terms(text)
    out = set(numbers)
    for term in terms:
        out.update(term.all)
    return out
