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
4. words broken at line ends are re-joined with a lexicon (:mod:`drafting.reading.joins`),
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

from drafting.language import LazyLexicon
from drafting.limits import (
    MAX_DOCUMENT_CHARS,
    MAX_PARAGRAPH_CHARS,
    check_document,
    paragraph_too_long,
)
from drafting.markers import is_marker_only, match_marker
from drafting.reading.joins import JOIN_CONTEXT, DocumentWords, JoinLexicon, glue_without_space, join_parts

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
# Abbreviations whose dot ends no sentence (shared with the splitter's sentence starts).
ABBREVIATIONS = (
    "bzw|ggf|vgl|ca|Nr|Abs|Art|Str|Dr|Prof|usw|etc|Tel|inkl|evtl|sog|gem|lt|bspw"
    "|zzgl|ff|Hr|Fr|geb|max|min|Mio|Mrd|Tsd"
)
_NOT_TERMINAL = re.compile(rf"(?:\b(?:{ABBREVIATIONS}|[a-zA-Z])|(?<!\d)\d{{1,2}})\.$")
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
    context: DocumentWords | None = None,
) -> NormalizeResult:
    """Repair extracted text; ``lexicon`` overrides the default German word list, ``context``
    adds the words of the whole document when ``text`` is one section of it.

    A text longer than ``max_chars`` is refused before any work, a paragraph longer than
    ``max_paragraph_chars`` as soon as it is assembled (:class:`DraftingInputError`;
    ``None`` switches a limit off). Time is linear in the length of the text."""
    check_document(text, max_chars)
    cleaned, control_count = clean_characters(text)
    warnings = control_warnings(control_count)
    base = lexicon if lexicon is not None else LazyLexicon()
    lines, removed = _physical_lines(cleaned, base)
    join_lexicon = JoinLexicon(base, _texts(lines), context)
    paragraphs = _paragraphs(lines, join_lexicon, max_paragraph_chars)
    fixed = [fix_quotes(_repair_ocr_words(_SPACES.sub(" ", _OCR_NOISE.sub("", p)), join_lexicon))
             for p in paragraphs]
    return NormalizeResult("\n\n".join(fixed), removed, warnings)


# OCR noise inside words: "ob^^", "würd·e".
_OCR_NOISE = re.compile(r"(?<=[a-zäöüß])\^+(?=\s|$)|(?<=[a-zäöüß])·(?=[a-zäöüß]\b)")
_GLUED_COMPOUND = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]{2,})([A-ZÄÖÜ][a-zäöüß]{2,})\b")


# OCR reads "ß" as "-R" ("Stra-Re", "gro-Re") and a space as a dot ("Die.Stadt.hat").
_SZ_AS_R = re.compile(r"\b([^\W\d_]*[a-zäöü])-R([a-zäöü][^\W\d_]*)\b")
_DOTTED_WORDS = re.compile(r"(?<![\w./@])(?:[^\W\d_]{2,}\.){1,}[^\W\d_]{2,}(?![\w/@]|\.[^\W\d_])")
_DOMAIN_END = re.compile(r"\.(?:de|com|org|net|eu|info|html?|php|pdf|docx?|xlsx?|gov|int)$",
                         re.IGNORECASE)


def _repair_ocr_words(paragraph: str, lexicon: JoinLexicon) -> str:
    """Words OCR damaged in ways a word list can undo: "Stra-Re" -> "Straße" and
    "Die.Stadt.hat" -> "Die Stadt hat", each only when every resulting word is known; then
    the hyphens lost inside compounds (:func:`_restore_hyphens`)."""
    if "-R" in paragraph:
        paragraph = _SZ_AS_R.sub(
            lambda m: f"{m[1]}ß{m[2]}" if lexicon.knows_joined(f"{m[1]}ß{m[2]}") else m[0], paragraph)
    if "." in paragraph:
        paragraph = _DOTTED_WORDS.sub(_spaces_for_dots(lexicon), paragraph)
    return _restore_hyphens(paragraph, lexicon)


def _spaces_for_dots(lexicon: JoinLexicon):
    def replace(match: re.Match) -> str:
        token = match.group()
        if _DOMAIN_END.search(token) or token.lower().startswith("www."):
            return token
        words = token.split(".")
        if all(lexicon.knows_joined(word) and not _NOT_TERMINAL.search(word + ".")
               for word in words):
            return " ".join(words)
        return token
    return replace


def _restore_hyphens(paragraph: str, lexicon: JoinLexicon) -> str:
    """A compound that lost its hyphen in the text layer ("PumptrackTrainingsstrecke") gets
    it back when the document writes it with one elsewhere."""
    if _GLUED_COMPOUND.search(paragraph) is None:
        return paragraph
    return _GLUED_COMPOUND.sub(
        lambda m: f"{m[1]}-{m[2]}" if f"{m[1]}-{m[2]}" in lexicon.document else m[0], paragraph)


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


def _physical_lines(text: str, lexicon: Container[str]) -> tuple[list[_Line], list[str]]:
    raw = [line.strip(" ") for line in text.replace("\f", "\n\f\n").split("\n")]
    raw = _marker_column(_misplaced_fragments(raw, lexicon))
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


_FRAGMENT = re.compile(r"([a-zäöüß]{2,})([?.!,;:]?)")
_HYPHENATED_END = re.compile(r"([^\W\d_]{2,})-$")
_NEXT_LINES = 3  # how far (in lines) the first half of a misplaced word is looked for


def _misplaced_fragments(raw: list[str], lexicon: Container[str]) -> list[str]:
    """Put back the end of a word that extraction placed before its line: "tigt?" / blank
    line / "… in diesem Bereich besei-" -> "… in diesem Bereich beseitigt?". Only when the
    joined word is known."""
    out = list(raw)
    for index, line in enumerate(out):
        fragment = _FRAGMENT.fullmatch(line)
        if fragment is None or index + 1 >= len(out):
            continue
        for later in range(index + 1, min(index + 1 + _NEXT_LINES, len(out))):
            if not out[later]:
                continue
            head = _HYPHENATED_END.search(out[later])
            if head is not None and head.group(1) + fragment.group(1) in lexicon:
                out[later] = out[later][:-1] + fragment.group(1) + fragment.group(2)
                out[index] = ""
            break
    return out


_MAX_COLUMN = 30  # markers in one column set apart from their texts


def _marker_column(raw: list[str]) -> list[str]:
    """Markers printed in a column apart from their texts ("1." "2." "3." on lines of their
    own, then the three texts): each text gets its marker back. The texts are the lines
    after the column up to a blank line or another marker: one per line when the counts
    agree, else ended by a question mark."""
    out: list[str] = []
    index = 0
    while index < len(raw):
        column, end = _column_at(raw, index)
        if len(column) < 2:
            out.append(raw[index])
            index += 1
            continue
        start = end
        while start < len(raw) and not raw[start]:
            start += 1
        stop = start
        while stop < len(raw) and raw[stop] and raw[stop] != "\f" and not match_marker(raw[stop]):
            stop += 1
        block = raw[start:stop]
        items = _items(block, len(column))
        if items is None:
            out.extend(raw[index:end])
            index = end
            continue
        for marker, item in zip(column, items, strict=True):
            out.extend([f"{marker} {item[0]}", *item[1:]])
        index = stop
    return out


def _column_at(raw: list[str], index: int) -> tuple[list[str], int]:
    """The markers of a column starting at line ``index`` (blank lines between allowed) and
    the line after it; consecutive values of one style only."""
    column: list[str] = []
    last = None
    position = index
    while position < len(raw) and len(column) < _MAX_COLUMN:
        line = raw[position]
        if not line:
            position += 1
            continue
        marker = match_marker(line) if is_marker_only(line) else None
        if marker is None or marker.value is None or (
                last is not None and (marker.style != last.style or marker.value != last.value + 1)):
            break
        if last is None and marker.value != 1:
            break
        column.append(line.strip())
        last = marker
        position += 1
        end = position
    if not column:
        return [], index
    return column, end


def _items(block: list[str], count: int) -> list[list[str]] | None:
    if len(block) == count:
        return [[line] for line in block]
    items: list[list[str]] = [[]]
    for line in block:
        items[-1].append(line)
        if line.rstrip().endswith("?"):
            items.append([])
    items = [item for item in items if item]
    return items if len(items) == count else None


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
        if _breaks(current, prev.text, line.text, kind, width, lexicon):
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


_BARE_WORD_LABEL = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+:$")
# Words that need the noun after them ("… um Beantwortung folgender" / "Fragen:"): a label-like
# word on the next line ends their sentence (also used by the form reader).
NEEDS_NOUN_END = re.compile(
    r"\b(?:(?:nach)?folgenden?|folgender|nachstehenden?|die|der|den|diese[nr]?|meine|unsere"
    r"|einige|weitere|zwei|drei|vier|fünf|sechs)$", re.IGNORECASE)
_BROKEN_WORD = re.compile(r"[^\W\d_]{2,}-$")


_LAST_LETTERS = re.compile(r"[^\W\d_]{2,}$")
_FIRST_LETTERS = re.compile(r"[^\W\d_]+")


def _word_across(prev: str, line: str, lexicon: JoinLexicon) -> bool:
    """OCR put a blank line inside a word: "offensicht" / blank line / "lich bekannt"."""
    head, tail = _LAST_LETTERS.search(prev), _FIRST_LETTERS.match(line)
    return head is not None and tail is not None and \
        glue_without_space(head.group(), tail.group(), lexicon)


def _breaks(paragraph: _Paragraph, prev: str, line: str, kind: str, width: int,
            lexicon: JoinLexicon) -> bool:
    """Does a new paragraph start with ``line`` (physical line after ``prev``)?"""
    if kind == "hard" and line[:1].islower() and (
            _BROKEN_WORD.search(prev) or _word_across(prev, line, lexicon)):
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
        # "… um Beantwortung folgender" / "Fragen:" ends the sentence; other labels start one
        return not (_BARE_WORD_LABEL.match(line) and NEEDS_NOUN_END.search(prev))
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
