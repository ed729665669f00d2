"""Repair text extracted from PDF, OCR or plain-text files.

``normalize(text) -> NormalizeResult`` returns the repaired text as paragraphs separated
by one blank line (``"\\n\\n"``), no line breaks inside a paragraph, plus the page
furniture lines it removed and warnings (German, for the user).

Repairs, in order:

1. characters: CR/LF, control characters (removed, with a warning), soft hyphens,
   non-breaking and other spaces, zero-width characters, ligatures (ﬁ ﬂ ...), Unicode NFC;
2. page furniture: ``- 2 -``, ``Seite 2 von 3``, ``2/3``, form feeds, headers and footers
   repeated on several pages;
3. layout: a "blank line after every line" extraction is detected and undone; physical
   lines are re-joined into paragraphs (sentence punctuation, short lines, list markers,
   salutations decide where a paragraph ends);
4. words broken at line ends are re-joined with a lexicon (:mod:`drafting.joins`),
   stray ``. `` artifacts after a line-end hyphen are dropped;
5. double quotes become German „…“ (opening/closing decided by context).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field
from itertools import pairwise

from drafting.joins import JOIN_CONTEXT, JoinLexicon, join_parts
from drafting.lexicon import LazyLexicon
from drafting.limits import (
    MAX_DOCUMENT_CHARS,
    MAX_PARAGRAPH_CHARS,
    check_document,
    paragraph_too_long,
)
from drafting.markers import is_marker_only, match_marker

_CHAR_MAP = str.maketrans(
    {
        "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
        "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
        "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
        "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ", "\x0b": "\n",
        "\u2028": "\n", "\u2029": "\n\n", "\u2010": "-", "\u2011": "-",
        "\u200b": None, "\u2060": None, "\ufeff": None,
    }
)  # fmt: skip
_SOFT_HYPHEN_BREAK = re.compile(r"\u00ad[ ]*(?:\n[ ]*)+(?=\w)")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r" {2,}")
_FURNITURE = re.compile(
    r"^(?:[-–—]\s*\d{1,3}\s*[-–—]|(?:Seite|Blatt)\s+\d{1,3}(?:\s*(?:von|/)\s*\d{1,3})?"
    r"|\d{1,3}\s*/\s*\d{1,3})$",
    re.I,
)
_LABEL = re.compile(r"^[A-ZÄÖÜ][\w.-]*(?: [\w.-]+)?:(?:\s|$)")
_QUOTE_END = re.compile(r"[.!?][“\"]$")
_TERMINAL = re.compile(r"[.!?:;][“”\"»«)\]’']*$")
_NOT_TERMINAL = re.compile(
    r"(?:\b(?:bzw|ggf|vgl|ca|Nr|Abs|Art|Str|Dr|Prof|usw|etc|Tel|inkl|evtl|sog|gem|lt|bspw"
    r"|zzgl|ff|Hr|Fr|geb|max|min|Mio|Mrd|Tsd|[a-zA-Z])|(?<!\d)\d{1,2})\.$"
)
_SALUTATION = re.compile(r"(?:Sehr geehrte|Liebe|Werte|Guten Tag|Hallo)\b")  # ... and ends with ","
_CLOSING = re.compile(
    r"^(?:Mit (?:den )?(?:freundlichen|besten|herzlichen|kollegialen) Grüßen|"
    r"(?:Freundliche|Beste|Herzliche|Viele) Grüße|Hochachtungsvoll)\b",
    re.I,
)
_QUOTE = re.compile('["“”»«]')
_OPENING_CONTEXT = frozenset("([{/–—-")
FULL_LINE_RATIO = 0.85
MAX_WRAPPED_WIDTH = 130
MIN_WIDTH = 50
DOUBLED_SHARE = 0.1
EDGE = 200  # characters at the start and end of a paragraph that decide where it ends
# A paragraph never ends with one of these words: the next line continues it.
CONTINUING_WORDS = frozenset(
    {
        "am", "im", "an", "auf", "aus", "bei", "bis", "durch", "für", "gegen", "in", "mit", "nach",
        "ohne", "seit", "über", "um", "unter", "von", "vom", "vor", "zu", "zum", "zur", "der",
        "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einen", "einem", "eines", "und",
        "oder", "sowie", "bzw.", "als", "wie", "dass", "ob", "wenn", "weil", "sowohl", "zwischen",
        "wegen", "gemäß", "laut", "ab", "pro", "je",
    }
)


@dataclass
class NormalizeResult:
    """Repaired text (paragraphs separated by ``"\\n\\n"``), removed furniture, warnings."""

    text: str
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p]


@dataclass(slots=True)
class _Line:
    text: str
    gap: int  # blank lines before this line
    page: bool  # a page break (form feed or removed furniture) before this line


def normalize(
    text: str,
    *,
    lexicon: Container[str] | None = None,
    max_chars: int | None = MAX_DOCUMENT_CHARS,
    max_paragraph_chars: int | None = MAX_PARAGRAPH_CHARS,
) -> NormalizeResult:
    """Repair extracted text; ``lexicon`` overrides the default German word list.

    A text longer than ``max_chars`` is refused before any work, a paragraph longer than
    ``max_paragraph_chars`` as soon as it is assembled (:class:`DraftingInputError`;
    ``None`` switches a limit off). Time is linear in the length of the text."""
    check_document(text, max_chars)
    cleaned, control_count = clean_characters(text)
    warnings = control_warnings(control_count)
    lines, removed = _physical_lines(cleaned)
    join_lexicon = JoinLexicon(lexicon if lexicon is not None else LazyLexicon(), _texts(lines))
    paragraphs = _paragraphs(lines, join_lexicon, max_paragraph_chars)
    fixed = [fix_quotes(_SPACES.sub(" ", p)) for p in paragraphs]
    return NormalizeResult("\n\n".join(fixed), removed, warnings)


def control_warnings(count: int) -> list[str]:
    """The warning for control characters removed by :func:`clean_characters`."""
    return [f"{count} Steuerzeichen (Binärdaten) wurden aus dem Text entfernt."] if count else []


def _texts(lines: list[_Line]) -> list[str]:
    return [line.text for line in lines]


def clean_characters(text: str) -> tuple[str, int]:
    """Character-level repairs; returns the text and the number of control chars removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SOFT_HYPHEN_BREAK.sub("", text).replace("\u00ad", "")
    text = text.translate(_CHAR_MAP)
    text, count = _CONTROL.subn("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text, count


def _physical_lines(text: str) -> tuple[list[_Line], list[str]]:
    raw = [line.strip(" ") for line in text.replace("\f", "\n\f\n").split("\n")]
    furniture = _repeated_furniture(raw)
    lines: list[_Line] = []
    removed: list[str] = []
    gap, page = 0, False
    for line in raw:
        if line == "\f":
            page = True
        elif not line:
            gap += 1
        elif line in furniture or _FURNITURE.match(line):
            removed.append(line)
            page = True
        else:
            lines.append(_Line(line, gap, page))
            gap, page = 0, False
    return lines, removed


def _repeated_furniture(raw: list[str]) -> set[str]:
    """Header/footer lines repeated on at least three pages (digits may vary)."""
    pages = raw.count("\f") + 1
    if pages < 3:
        return set()
    by_key = Counter(re.sub(r"\d+", "#", line) for line in raw if len(line) >= 6)
    repeated = {k for k, n in by_key.items() if n >= max(3, pages - 1)}
    return {
        line
        for line in raw
        if len(line) >= 6
        and re.sub(r"\d+", "#", line) in repeated
        and match_marker(line) is None
        and not line.endswith("?")
    }


def _paragraphs(lines: list[_Line], lexicon: JoinLexicon, limit: int | None) -> list[str]:
    if not lines:
        return []
    width = _width(lines)
    doubled = _is_doubled(lines, width)
    paragraphs: list[str] = []
    current = _Paragraph(lines[0].text, limit)
    for prev, line in pairwise(lines):
        kind = _boundary_kind(line, doubled)
        if _breaks(current, prev.text, line.text, kind, width):
            paragraphs.append(current.text())
            current = _Paragraph(line.text, limit)
        else:
            current.join(line.text, lexicon)
    paragraphs.append(current.text())
    return paragraphs


class _Paragraph:
    """A paragraph being assembled from physical lines.

    Joining a line looks only at the paragraph's start and end (:data:`EDGE` characters),
    and the text is concatenated once at the end, so assembling a paragraph costs time
    linear in its length however long it gets. A paragraph longer than ``limit``
    characters is refused as soon as it gets there."""

    __slots__ = ("end", "limit", "pieces", "size", "start")

    def __init__(self, text: str, limit: int | None = None) -> None:
        self.pieces = [text]
        self.size = len(text)
        self.start = text[:EDGE]
        self.end = text[-EDGE:]
        self.limit = limit
        self._check()

    def _check(self) -> None:
        if self.limit is not None and self.size > self.limit:
            raise paragraph_too_long(self.start, self.limit)

    def join(self, line: str, lexicon: JoinLexicon) -> None:
        drop, addition = join_parts(self.end[-JOIN_CONTEXT:], line, lexicon)
        pieces = self.pieces
        removed = drop
        while removed:
            last = pieces.pop()
            if len(last) > removed:
                pieces.append(last[: len(last) - removed])
                break
            removed -= len(last)
        pieces.append(addition)
        short = self.size <= EDGE  # the start may have changed
        self.size += len(addition) - drop
        if short:
            self.start = "".join(pieces)[:EDGE]
        self.end = self._tail()
        self._check()

    def _tail(self) -> str:
        tail: list[str] = []
        size = 0
        for piece in reversed(self.pieces):
            tail.append(piece[size - EDGE :])
            size += len(tail[-1])
            if size >= EDGE:
                break
        return "".join(reversed(tail))

    def text(self) -> str:
        return "".join(self.pieces)


def _width(lines: list[_Line]) -> int:
    """Typical width of a full line; short texts get a floor so short lines stay short."""
    lengths = sorted(len(line.text) for line in lines)
    return max(lengths[int(0.9 * (len(lengths) - 1))], MIN_WIDTH)


def _continues(prev: str, line: str) -> bool:
    """``line`` obviously continues the sentence of ``prev`` (or a broken word)."""
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalnum():
        return line[:1].isalpha() or line[:2] in {". ", "· "}
    if prev.rsplit(" ", 1)[-1] in CONTINUING_WORDS:
        return True
    return line[:1].islower() and _TERMINAL.search(prev) is None


def _breaks_word_or_sentence(prev: str, line: str) -> bool:
    """Strong evidence of a line wrapped inside a sentence (not after a comma)."""
    return _continues(prev, line) and not prev.endswith(",")


def _is_doubled(lines: list[_Line], width: int) -> bool:
    """Extraction put a blank line after every line (paragraphs then show by layout).

    Evidence: almost no adjacent lines, and several single blank lines sit inside a
    sentence (a broken word, a continuation in lowercase, a line ending in "der")."""
    if width > MAX_WRAPPED_WIDTH:
        return False
    single = [(a, b) for a, b in pairwise(lines) if b.gap == 1 and not b.page]
    adjacent = sum(1 for b in lines[1:] if b.gap == 0 and not b.page)
    if len(single) < 2 or adjacent * 4 > len(single):
        return False
    inside = sum(1 for a, b in single if _breaks_word_or_sentence(a.text, b.text))
    return inside >= max(2, DOUBLED_SHARE * len(single))


def _is_full(prev: str, line: str, width: int) -> bool:
    """The first word of ``line`` would not have fitted on ``prev``: a wrapped line."""
    return len(prev) + 1 + len(line.split(" ", 1)[0]) >= FULL_LINE_RATIO * width


def _boundary_kind(line: _Line, doubled: bool) -> str:
    if line.page:
        return "soft"
    if doubled:
        return {0: "soft", 1: "wrap"}.get(line.gap, "hard")
    return "wrap" if line.gap == 0 else "hard"


def _is_terminal(line: str) -> bool:
    return _TERMINAL.search(line) is not None and _NOT_TERMINAL.search(line) is None


_MID_SENTENCE = re.compile(r"[a-zäöüß,]$")


def _continues_as_text(prev: str, marker) -> bool:
    """A marker-like line start that continues the sentence: a dash after words in mid-sentence
    ("… zu verändern" / "– wenn doch …"), "m)" closing the bracket of "(9,24" / "m) ausgelegt"."""
    if marker.style == "bullet" and marker.raw in ("–", "—"):
        previous = match_marker(prev)
        return _MID_SENTENCE.search(prev) is not None and (previous is None
                                                           or previous.style != "bullet")
    if marker.style.startswith("letter") and marker.raw.endswith(")"):
        return prev.count("(") > prev.count(")")
    return False


_BROKEN_WORD = re.compile(r"[^\W\d_]{2,}-$")


def _breaks(paragraph: _Paragraph, prev: str, line: str, kind: str, width: int) -> bool:
    """Does a new paragraph start with ``line`` (physical line after ``prev``)?"""
    if kind == "hard" and _BROKEN_WORD.search(prev) and line[:1].islower():
        return False  # "Tolke-" / blank line / "witz": a word broken across a layout gap
    if kind == "hard":
        return True
    if is_marker_only(prev):
        return False
    wrapped = width <= MAX_WRAPPED_WIDTH
    full = _is_full(prev, line, width)
    salutation = paragraph.end.endswith(",") and _SALUTATION.match(paragraph.start)
    if salutation or _CLOSING.match(paragraph.start) or _CLOSING.match(line):
        return True
    marker = match_marker(line)
    if marker is not None and _continues_as_text(prev, marker):
        return False
    if marker is not None:  # a list item, unless "der" / "3. Klasse"
        return marker.style != "arabic." or prev.rsplit(" ", 1)[-1] not in CONTINUING_WORDS
    if _LABEL.match(line):
        return True
    if _continues(prev, line) or prev.endswith("/"):
        return False
    if kind == "soft":
        return False
    return not (wrapped and full) or _QUOTE_END.search(prev) is not None


def fix_quotes(paragraph: str) -> str:
    """Turn straight and typographic double quotes into German „…“ where context is clear."""
    if _QUOTE.search(paragraph) is None:
        return paragraph
    chars = list(paragraph)
    last = len(chars) - 1
    for match in _QUOTE.finditer(paragraph):
        i = match.start()
        before = chars[i - 1] if i > 0 else " "
        after = chars[i + 1] if i < last else " "
        if (before.isspace() or before in _OPENING_CONTEXT) and not after.isspace():
            chars[i] = "„"
        elif not before.isspace():
            chars[i] = "“"
    return "".join(chars)
