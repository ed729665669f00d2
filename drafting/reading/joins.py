"""How to glue two physical lines of one paragraph together.

Decisions are made with a word list (:mod:`drafting.language`) plus the words of the
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
from itertools import pairwise

from drafting.language import function_words

_WEB_ADDRESS = re.compile(r"^\(?(?:https?://|www\.|(?:[\w-]+\.)+[a-z]{2,6}/)\S*(?<![),;:!?\]])$")
_ADDRESS_GOES_ON = re.compile(r"^[\w%-]*[./]")  # "VARHELY" / "I.pdf)"
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


_LINE_END_WORD = re.compile(r"(?<![\w-])[^\W\d_]*[a-zäöüß]{2,}$")
_LINE_START_WORD = re.compile(r"[a-zäöüß]{2,}(?=\W|$)")
LOST_HYPHEN_EVIDENCE = 1
# Word ends that never start a word: a line starting with one continues a broken word.
_WORD_END_FRAGMENT = re.compile(r"(?:heit|keit|lich|ung|tion|schaft|nisse?)[a-zäöüß]{0,6}$")
# Prefixes that stand apart from their verb ("stellt … vor") but are glued to its participle.
SEPARABLE_PREFIXES = frozenset(
    {"an", "auf", "aus", "bei", "ein", "fest", "mit", "nach", "vor", "weg", "zu", "zurück",
     "dar", "fort", "her", "hin", "los", "um", "zusammen"})


class DocumentWords:
    """The words inside the lines of a text (computed once, on first use). A form's sections
    are repaired one by one; the words of the whole document count for each of them."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = lines
        self._words: frozenset[str] | None = None

        self._second_parts: frozenset[str] | None = None
        self._lost_hyphens: bool | None = None

    def lost_hyphens(self, base: Container[str]) -> bool:
        """The text lost its line-break hyphens (an OCR scan): at least
        :data:`LOST_HYPHEN_EVIDENCE` line ends break a word where neither half is a word
        and the joined word is ("wel" / "che", "Ver" / "kehrssituation")."""
        if self._lost_hyphens is None:
            lines = [line.strip() for line in self._lines if line.strip()]
            found = 0
            for prev, line in pairwise(lines):
                head, tail = _LINE_END_WORD.search(prev), _LINE_START_WORD.match(line)
                if head is None or tail is None:
                    continue
                first, second = head.group(), tail.group()
                if second not in base and _WORD_END_FRAGMENT.match(second):
                    found += 1  # "ein" / "heitliche"
                    if found >= LOST_HYPHEN_EVIDENCE:
                        break
                    continue
                if first in base or first in self.words or second in base:
                    continue
                joined = first + second
                if joined in base or _capitalised(joined) in base or joined in self.words:
                    found += 1
                    if found >= LOST_HYPHEN_EVIDENCE:
                        break
            self._lost_hyphens = found >= LOST_HYPHEN_EVIDENCE
        return self._lost_hyphens

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            words: set[str] = set()
            for line in self._lines:
                tokens = _WORD_TOKENS.findall(line)
                words.update(tokens[1:-1])
            self._words = frozenset(words)
        return self._words

    @property
    def second_parts(self) -> frozenset[str]:
        """The starts (8 letters) of the parts after a hyphen in the document's compounds
        ("städtebaulich-denkmalpflegerischen" -> "denkmalp")."""
        if self._second_parts is None:
            self._second_parts = frozenset(
                part[:8].lower() for word in self.words if "-" in word
                for part in word.split("-")[1:] if len(part) >= 6)
        return self._second_parts


class JoinLexicon:
    """A base word list plus the words of the current document (computed lazily).

    Document words are taken from the inside of lines only, so the fragments at line
    ends ("vorge", "sehen") do not count as words.
    """

    def __init__(self, base: Container[str], lines: Iterable[str],
                 context: DocumentWords | None = None) -> None:
        self.base = base
        self._own = DocumentWords(lines)
        self._context = context
        self._document: frozenset[str] | None = None

    @property
    def document(self) -> frozenset[str]:
        if self._document is None:
            words = self._own.words
            if self._context is not None:
                words = words | self._context.words
            self._document = words
        return self._document

    @property
    def lost_hyphens(self) -> bool:
        """The document (or this section of it) lost its line-break hyphens."""
        return self._own.lost_hyphens(self.base) or (
            self._context is not None and self._context.lost_hyphens(self.base))

    def second_part(self, word: str) -> bool:
        """The document uses ``word`` as the second part of a hyphenated compound."""
        if len(word) < 6:
            return False
        start = word[:8].lower()
        return start in self._own.second_parts or (
            self._context is not None and start in self._context.second_parts)

    def is_word(self, word: str) -> bool:
        """Known to the base list exactly as written."""
        return word in self.base

    def knows_joined(self, word: str) -> bool:
        """Known as written, lowercased or capitalised, to the base list or the document."""
        for form in (word, word.lower(), _capitalised(word)):
            if form in self.base or form in self.document:
                return True
        return False


# A lowercase word with a noun's linking element inside ("feststellungs|verfahren") is the
# tail of a compound noun, never a word of its own.
_NOUN_LINK = re.compile(r"(?:ungs|heits|keits|schafts|tions|täts)[a-zäöüß]{4,}$")
# A lowercase word with a noun's ending ("förderung") is no word of its own (German nouns are
# capitalised): after a capitalised word it is the tail of a compound ("Stadtbezirks" /
# "förderung").
_NOUN_END = re.compile(r"[a-zäöüß]{3}(?:ung|heit|keit|schaft|tion|tät)(?:en)?$")
# Endings of adjectives and adverbs: a lowercase word broken inside it by a text that lost its
# hyphens ("innerstäd" / "tisch") when neither half is a word.
_ADJECTIVE_END = re.compile(r"(?:isch|lich|ig|bar|sam|haft)(?:e[mnrs]?)?$")


def hyphen_glue(head: str, tail: str, lexicon: JoinLexicon) -> str:
    """What replaces the line-end hyphen between ``head-`` and ``tail``.

    Returns ``""`` (syllable break: drop the hyphen), ``"-"`` (keep the hyphen, no space)
    or ``"- "`` (suspended compound: keep hyphen and space).
    """
    if tail[:1].isupper():
        return "-"
    if head.isupper() or any(ch.isdigit() for ch in head):
        return "-"
    if tail in ("und", "oder"):
        return "- "  # no syllable break leaves "und" / "oder" ("Kinder-" / "und")
    if tail in SUSPENSION_WORDS:
        return "" if lexicon.is_word(head + tail) else "- "
    hyphenated = f"{head}-{tail}"
    if hyphenated in lexicon.document and not lexicon.knows_joined(head + tail):
        return "-"
    if not lexicon.knows_joined(head + tail) and lexicon.second_part(tail):
        return "-"  # "städtebaulich-" / "denkmalpflegerische", as elsewhere in the text
    return ""


def glue_without_space(head: str, tail: str, lexicon: JoinLexicon) -> bool:
    """True if ``head`` / ``tail`` across a line break are one word whose hyphen was lost."""
    if len(head) < 2 or len(tail) < 2:
        return False
    # a word the document uses inside a line is a word ("Freistaates" / "hinausgehen")
    head_known = lexicon.is_word(head) or head in lexicon.document
    tail_known = lexicon.is_word(tail)
    if head_known and tail_known:
        return _glue_known_halves(head, tail, lexicon)
    if lexicon.knows_joined(head + tail):
        return True
    if not head[:1].isupper():
        return (not head_known and not tail_known and head.islower() and len(head) >= 4
                and tail not in lexicon.document and lexicon.lost_hyphens
                and _ADJECTIVE_END.search(tail) is not None)
    if not tail_known and _NOUN_END.search(tail) and tail not in lexicon.document:
        return True  # "Stadtbezirks" / "förderung"
    if not tail_known and lexicon.is_word(_capitalised(tail)):
        return True  # "Bürger" / "amtes": lowercase noun fragment
    if head_known and not tail_known and tail not in lexicon.document and len(tail) >= 7 and (
            _NOUN_LINK.search(tail) or any(
                lexicon.is_word(_capitalised(tail[i:])) and not lexicon.is_word(tail[i:])
                for i in range(1, len(tail) - 4))):
        return True  # "Licht" / "zeichenanlagen", "Plan" / "feststellungsverfahren"
    if (
        not head_known
        and head.endswith("s")
        and (lexicon.knows_joined(head[:-1])  # "Anschaffung"+s; not "Freistaates" / "hinausgehen"
             or (lexicon.lost_hyphens and _ends_in_word(head[:-1], lexicon)))  # "Kinder|tage"+s
        and tail not in function_words()
        and lexicon.is_word(_capitalised(tail))
    ):
        return True  # "Anschaffungs" / "aufwand": compound head with linking s, noun tail
    if not head_known and tail_known and lexicon.lost_hyphens and _compound_across(head, tail, lexicon):
        return True  # "Einbürgerungsbehör" / "den": the compound's last part spans the break
    if head_known or tail_known:
        return False
    if len(head) >= 12 and len(tail) >= 8:
        return False  # "Gewerbesteuereinnahmen" / "insbesondere": two long unknown words
    joined = head + tail
    first = max(len(head) + 1, len(joined) - MAX_WORD)  # no word is longer
    if any(lexicon.is_word(_capitalised(joined[i:])) for i in range(first, len(joined) - 3)):
        return True
    # the last part of a compound broken inside it: "Eisenbahnbrü" / "cke" ("Brücke")
    start = max(1, len(joined) - MAX_WORD)
    return any(joined[i - 1].islower() and lexicon.is_word(_capitalised(joined[i:]))
               for i in range(start, len(head) - 1) if len(joined) - i >= 5)


def _ends_in_word(word: str, lexicon: JoinLexicon) -> bool:
    """``word`` is a compound whose last part (at least 4 letters) is a known noun."""
    return any(word[i - 1].islower() and lexicon.is_word(_capitalised(word[i:]))
               for i in range(max(3, len(word) - MAX_WORD), len(word) - 3))


def _compound_across(head: str, tail: str, lexicon: JoinLexicon) -> bool:
    """A capitalised compound broken inside its last part: a known noun (5 letters or more)
    starts inside ``head`` and ends with ``tail``, and ``head`` is a compound before it."""
    if not head[:1].isupper() or len(head) < 8:
        return False
    joined = head + tail
    return any(joined[i - 1].islower() and lexicon.is_word(_capitalised(joined[i:]))
               and not lexicon.is_word(_capitalised(head[i:]))
               for i in range(max(3, len(joined) - MAX_WORD), len(head) - 1)
               if len(joined) - i >= 5)


def _glue_known_halves(head: str, tail: str, lexicon: JoinLexicon) -> bool:
    """Both halves are words. A participle is glued to its prefix ("vor" / "gestellte"); else
    only a text that lost its hyphens glues them, when the joined word is known ("möglich" /
    "erweise", "An" / "frage"). Two function words stay apart ("wie" / "der")."""
    if head.lower() in SEPARABLE_PREFIXES and tail.startswith("ge") \
            and lexicon.knows_joined(head + tail):
        return True  # "vor" / "gestellte": a participle with its prefix
    if not lexicon.lost_hyphens or len(head) < 2 or len(tail) < 3:
        return False
    small = function_words()
    if (head.lower() in small and tail in small) or head.lower() == "zu":
        return False  # "wie" / "der", "zu" / "nehmen"
    if head.islower() and tail.endswith("weise"):
        return True  # "möglich" / "erweise": an adverb in -weise
    return lexicon.knows_joined(head + tail)


# "da" / "für" -> "dafür": a pronominal adverb broken at the line end by a text that lost its
# hyphens; not after a comma or at a sentence start, where "da" is the conjunction
# (", da für die Maßnahme …").
_PRONOMINAL = re.compile(r"(?<=[^\W\d_]) (?P<head>da|dar|wo|wor|hier)$")
_PREPOSITIONS = {
    "da": ("bei", "durch", "für", "gegen", "hinter", "mit", "nach", "neben", "von", "vor", "zu",
           "zwischen"),
    "wo": ("bei", "durch", "für", "gegen", "mit", "nach", "von", "vor", "zu"),
    "hier": ("bei", "durch", "für", "gegen", "mit", "nach", "von", "zu"),
}
_PREPOSITIONS["dar"] = _PREPOSITIONS["wor"] = ("an", "auf", "aus", "in", "über", "um", "unter")


def _pronominal_adverb(tail: str, line: str, lexicon: JoinLexicon) -> bool:
    match = _PRONOMINAL.search(tail[-40:])
    if match is None:
        return False
    word = _LEADING_LETTERS.match(line)
    return (word is not None and word.group() in _PREPOSITIONS[match["head"]]
            and word.end() < len(line) and not line[word.end()].isalpha()
            and lexicon.lost_hyphens)


def join_parts(tail: str, line: str, lexicon: JoinLexicon) -> tuple[int, str]:
    """How to append ``line`` to a paragraph that ends with ``tail``: the number of
    characters to drop from the paragraph's end (a line-break hyphen) and the text to
    append.

    Only the end of the paragraph matters (its last word), so callers pass the last
    :data:`JOIN_CONTEXT` characters; the cost per line then does not grow with the
    paragraph, and repairing a long paragraph stays linear.
    """
    last = tail.rsplit(" ", 1)[-1]
    if _WEB_ADDRESS.search(last) and line[:1].isalnum() and (
            not line[:1].isupper() or _ADDRESS_GOES_ON.match(line)):
        return 0, line  # a web address broken at the line end goes on without a space
    if tail.endswith(")-") and line[:1].isupper():
        return 0, line  # "(Internationaler Strafgerichtshof)-" / "Haftbefehle"
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
        web = "://" in last or last.startswith("www.")
        return 0, (" " + line) if web and line[:1].isupper() else line
    if line[:1].islower() and tail[-1:].isalpha():
        if _pronominal_adverb(tail, line, lexicon):
            return 0, line
        head_match = _TRAILING_LETTERS.search(tail)
        tail_match = _LEADING_LETTERS.match(line)
        if (
            head_match is not None
            and tail_match is not None
            and glue_without_space(head_match.group(0), tail_match.group(0), lexicon)
        ):
            return 0, line
    return 0, " " + line
