"""The German language resources of the library, each loaded once per process and shared by
reading, splitting and routing.

* :func:`blank_de` – the one ``spacy.blank("de")`` pipeline (tokenizer, no statistical
  model). Splitting adds its sentencizer and rule matcher to it
  (:func:`drafting.splitting.inquiry_rules.get_nlp`); routing only tokenizes with it
  (``make_doc``, which runs no pipeline component).
* :func:`lemma_table` – the German lemma lookup table of ``spacy-lookups-data``
  (``de_lemma_lookup.json.gz``: inflected form -> lemma, about 355,000 entries). Routing
  lemmatises with it (:mod:`drafting.routing.text`); its keys and values together are the
  word list below.
* :func:`default_lexicon` – the German word list used to decide how to re-join words broken
  at line ends (:mod:`drafting.reading.joins`): every form and lemma of the table plus
  spaCy's German stop words, which the table lacks ("in", "oder", "nach" ...).
* :func:`function_words` – spaCy's German stop words, lowercase.
* :func:`lexeme_probs` – word log probabilities (``de_lexeme_prob.json.gz``; not cached,
  routing keeps only the frequent nouns it derives from them).

Everything is loaded lazily on first use; importing this module loads nothing.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


def _lookups_path(name: str) -> Path:
    import spacy_lookups_data

    return Path(spacy_lookups_data.__file__).parent / "data" / name


def _read_gzip_json(path: Path) -> dict:
    # srsly (spaCy's JSON reader) as routing always used: its float parsing differs from the
    # json module's in the last digit for some log probabilities.
    import srsly

    return srsly.read_gzip_json(path)


@functools.cache
def blank_de() -> Language:
    """The shared German pipeline: ``spacy.blank("de")``, created on first use."""
    import spacy

    nlp = spacy.blank("de")
    # Only the tokenizer and rule matchers run (no parser or NER, whose memory use spaCy's
    # default limit of 1,000,000 characters protects); input size is bounded by the
    # callers (drafting.limits).
    nlp.max_length = 50_000_000
    return nlp


@functools.cache
def lemma_table() -> dict[str, str]:
    """The German lemma lookup table of spacy-lookups-data (word form -> lemma)."""
    return _read_gzip_json(_lookups_path("de_lemma_lookup.json.gz"))


@functools.cache
def default_lexicon() -> frozenset[str]:
    """The cached German word list (case-sensitive word forms)."""
    from spacy.lang.de.stop_words import STOP_WORDS

    table = lemma_table()
    words: set[str] = set(table)
    words.update(table.values())
    for word in STOP_WORDS:
        words.add(word)
        words.add(word[:1].upper() + word[1:])
    return frozenset(words)


@functools.cache
def function_words() -> frozenset[str]:
    """German closed-class words (spaCy's stop words), lowercase."""
    from spacy.lang.de.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def lexeme_probs() -> dict[str, float]:
    """Word log probabilities of spacy-lookups-data (about 1M entries; read on every call,
    so the caller keeps only what it needs). Empty if the table is not installed."""
    path = _lookups_path("de_lexeme_prob.json.gz")
    if not path.exists():
        return {}
    return _read_gzip_json(path)


class LazyLexicon:
    """Container that loads :func:`default_lexicon` only on the first lookup."""

    def __contains__(self, word: object) -> bool:
        return word in default_lexicon()
