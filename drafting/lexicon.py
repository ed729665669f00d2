"""German word list used to decide how to re-join words broken at line ends.

Built from spaCy's German lookup tables (``spacy-lookups-data``: ``de_lemma_lookup.json.gz``
maps inflected forms to lemmas, so its keys and values together form a list of about
420,000 word forms) plus spaCy's German stop words, which the lemma table lacks
("in", "oder", "nach" ...). Loaded once, lazily, and cached for the process.
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path


def _lemma_table_path() -> Path:
    import spacy_lookups_data

    return Path(spacy_lookups_data.__file__).parent / "data" / "de_lemma_lookup.json.gz"


@functools.cache
def default_lexicon() -> frozenset[str]:
    """The cached German word list (case-sensitive word forms)."""
    from spacy.lang.de.stop_words import STOP_WORDS

    with gzip.open(_lemma_table_path(), "rt", encoding="utf-8") as fh:
        table: dict[str, str] = json.load(fh)
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


class LazyLexicon:
    """Container that loads :func:`default_lexicon` only on the first lookup."""

    def __contains__(self, word: object) -> bool:
        return word in default_lexicon()
