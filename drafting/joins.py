"""How to glue two physical lines of one paragraph together.

Decisions are made with a word list (:mod:`drafting.lexicon`) plus the words of the
document itself, not by a blind rule:

* ``vorge-`` / ``sehen`` -> ``vorgesehen`` (line-break hyphen, lowercase continuation)
* ``IT-`` / ``Infrastruktur`` -> ``IT-Infrastruktur`` (real hyphen before a capital)
* ``Staats-`` / ``und`` -> ``Staats- und`` (suspended compound before a conjunction)
* ``Landeshaupt`` / ``stadt`` -> ``Landeshauptstadt`` (hyphen lost by OCR: the joined word
  is known, or the lowercase tail is a known noun once capitalised)
* anything else is joined with one space.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

from drafting.lexicon import function_words

_TRAILING_HYPHEN_WORD = re.compile(r"(\w+)-$")
_LEADING_LETTERS = re.compile(r"[^\W\d_]+")
_TRAILING_LETTERS = re.compile(r"[^\W\d_]+$")
_STRAY_DOT = re.compile(r"^[.·]\s+(?=[^\W\d_])")
_WORD_TOKENS = re.compile(r"\w+(?:-\w+)*")

# The longest word looked up as the tail of a glued compound (the longest word forms of the
# German word list have 25 letters); bounds the work per join whatever a line holds.
MAX_WORD = 64
# How much of a paragraph's end :func:`join_parts` sees: its last word, unless that is
# longer than any real word.
JOIN_CONTEXT = 200

# Words after which a line-end hyphen is a suspended compound ("Ein- und Ausgang").
SUSPENSION_WORDS = frozenset(
    {"und", "oder", "bzw", "sowie", "als", "bis", "wie", "noch", "beziehungsweise", "statt"}
)


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


class JoinLexicon:
    """A base word list plus the words of the current document (computed lazily).

    Document words are taken from the inside of lines only, so the fragments at line
    ends ("vorge", "sehen") do not count as words.
    """

    def __init__(self, base: Container[str], lines: Iterable[str]) -> None:
        self.base = base
        self._lines = lines
        self._document: frozenset[str] | None = None

    @property
    def document(self) -> frozenset[str]:
        if self._document is None:
            words: set[str] = set()
            for line in self._lines:
                tokens = _WORD_TOKENS.findall(line)
                words.update(tokens[1:-1])
            self._document = frozenset(words)
        return self._document

    def is_word(self, word: str) -> bool:
        """Known to the base list exactly as written."""
        return word in self.base

    def knows_joined(self, word: str) -> bool:
        """Known as written, lowercased or capitalised, to the base list or the document."""
        for form in (word, word.lower(), _capitalised(word)):
            if form in self.base or form in self.document:
                return True
        return False


def hyphen_glue(head: str, tail: str, lexicon: JoinLexicon) -> str:
    """What replaces the line-end hyphen between ``head-`` and ``tail``.

    Returns ``""`` (syllable break: drop the hyphen), ``"-"`` (keep the hyphen, no space)
    or ``"- "`` (suspended compound: keep hyphen and space).
    """
    if tail[:1].isupper():
        return "-"
    if head.isupper() or any(ch.isdigit() for ch in head):
        return "-"
    if tail in SUSPENSION_WORDS:
        return "" if lexicon.is_word(head + tail) else "- "
    hyphenated = f"{head}-{tail}"
    if hyphenated in lexicon.document and not lexicon.knows_joined(head + tail):
        return "-"
    return ""


def glue_without_space(head: str, tail: str, lexicon: JoinLexicon) -> bool:
    """True if ``head`` / ``tail`` across a line break are one word whose hyphen was lost."""
    if len(head) < 2 or len(tail) < 2:
        return False
    head_known, tail_known = lexicon.is_word(head), lexicon.is_word(tail)
    if head_known and tail_known:
        return False
    if lexicon.knows_joined(head + tail):
        return True
    if not head[:1].isupper():
        return False
    if not tail_known and lexicon.is_word(_capitalised(tail)):
        return True  # "Bürger" / "amtes": lowercase noun fragment
    if (
        not head_known
        and head.endswith("s")
        and lexicon.knows_joined(head[:-1])  # "Anschaffung"+s; not "Freistaates" / "hinausgehen"
        and tail not in function_words()
        and lexicon.is_word(_capitalised(tail))
    ):
        return True  # "Anschaffungs" / "aufwand": compound head with linking s, noun tail
    if head_known or tail_known:
        return False
    if len(head) >= 12 and len(tail) >= 8:
        return False  # "Gewerbesteuereinnahmen" / "insbesondere": two long unknown words
    joined = head + tail
    first = max(len(head) + 1, len(joined) - MAX_WORD)  # no word is longer
    return any(lexicon.is_word(_capitalised(joined[i:])) for i in range(first, len(joined) - 3))


def join_parts(tail: str, line: str, lexicon: JoinLexicon) -> tuple[int, str]:
    """How to append ``line`` to a paragraph that ends with ``tail``: the number of
    characters to drop from the paragraph's end (a line-break hyphen) and the text to
    append.

    Only the end of the paragraph matters (its last word), so callers pass the last
    :data:`JOIN_CONTEXT` characters; the cost per line then does not grow with the
    paragraph, and repairing a long paragraph stays linear.
    """
    if tail.endswith("-") and len(tail) > 1 and tail[-2].isalnum():
        if stray := _STRAY_DOT.match(line):
            line = line[stray.end() :]
        head_match = _TRAILING_HYPHEN_WORD.search(tail)
        tail_match = _LEADING_LETTERS.match(line)
        if head_match is None or tail_match is None:
            return 0, line
        glue = hyphen_glue(head_match.group(1), tail_match.group(0), lexicon)
        if glue == "":
            return 1, line
        return 0, (" " if glue == "- " else "") + line
    if tail.endswith("/"):  # "Rad-/Fußweg" joins; a web address ends before the next word
        last = tail.rsplit(" ", 1)[-1]
        web = "://" in last or last.startswith("www.")
        return 0, (" " + line) if web and line[:1].isupper() else line
    if line[:1].islower() and tail[-1:].isalpha():
        head_match = _TRAILING_LETTERS.search(tail)
        tail_match = _LEADING_LETTERS.match(line)
        if (
            head_match is not None
            and tail_match is not None
            and glue_without_space(head_match.group(0), tail_match.group(0), lexicon)
        ):
            return 0, line
    return 0, " " + line
