"""Text of a DOCX body with Word's automatic list numbers written out.

Word does not store "1." or "a)" of an automatic list in the paragraph text; the number
comes from ``word/numbering.xml``: a paragraph's ``w:numPr`` (directly or through its
style) names a ``w:num`` (numId) that points to a ``w:abstractNum`` whose ``w:lvl``
elements give per level ``w:start``, ``w:numFmt`` (decimal, lowerLetter, upperRoman,
bullet ...) and ``w:lvlText`` ("%1.", "%1.%2", "%2)"). Counters run per numId; a
``w:lvlOverride/w:startOverride`` restarts them; entering a level resets deeper levels.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

_LEVELS = 9
_BULLET = "•"


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False


def _val(element, tag: str, default: str | None = None) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val"), default) if child is not None else default


def _level(lvl) -> Level:
    start = _val(lvl, "w:start", "1") or "1"
    return Level(
        start=int(start) if start.lstrip("-").isdigit() else 1,
        fmt=_val(lvl, "w:numFmt", "decimal") or "decimal",
        text=_val(lvl, "w:lvlText", "") or "",
        suffix=_val(lvl, "w:suff", "tab") or "tab",
        legal=lvl.find(qn("w:isLgl")) is not None,
    )


def _letters(value: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa (Word repeats the letter)."""
    if value < 1:
        return str(value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    table = (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    )  # fmt: skip
    out = []
    for amount, symbol in table:
        while value >= amount:
            out.append(symbol)
            value -= amount
    return "".join(out) or str(value)


def format_number(value: int, fmt: str) -> str:
    """A counter value in a Word ``numFmt``; unknown formats fall back to decimal."""
    if fmt == "lowerLetter":
        return _letters(value)
    if fmt == "upperLetter":
        return _letters(value).upper()
    if fmt == "lowerRoman":
        return _roman(value)
    if fmt == "upperRoman":
        return _roman(value).upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "none":
        return ""
    return str(value)


class Numbering:
    """Numbering definitions of one document plus the running counters."""

    def __init__(self, numbering_element, styles: Styles | None = None) -> None:
        self.styles = styles or Styles()
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, Level | int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.style_levels: dict[str, tuple[str, int]] = {}
        if numbering_element is not None:
            self._load(numbering_element)

    def _load(self, root) -> None:
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                levels[ilvl] = _level(lvl)
                style = _val(lvl, "w:pStyle")
                if style:
                    self.style_levels[style] = (abstract.get(qn("w:abstractNumId")), ilvl)
            self.abstract[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            overrides: dict[int, Level | int] = {}
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                lvl = override.find(qn("w:lvl"))
                start = _val(override, "w:startOverride")
                if lvl is not None:
                    overrides[ilvl] = _level(lvl)
                elif start is not None and start.lstrip("-").isdigit():
                    overrides[ilvl] = int(start)
            self.nums[num.get(qn("w:numId"))] = (_val(num, "w:abstractNumId") or "", overrides)

    def level(self, num_id: str, ilvl: int) -> Level | None:
        abstract_id, overrides = self.nums.get(num_id, ("", {}))
        override = overrides.get(ilvl)
        if isinstance(override, Level):
            return override
        base = self.abstract.get(abstract_id, {}).get(ilvl)
        if base is None:
            return None
        if isinstance(override, int):
            return Level(override, base.fmt, base.text, base.suffix, base.legal)
        return base

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of ``num_id`` at ``ilvl`` and return the visible label."""
        level = self.level(num_id, ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(num_id, [None] * _LEVELS)
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            counters[deeper] = None
        if level.fmt == "bullet":
            return _bullet(level.text)
        text = level.text
        for n in range(_LEVELS, 0, -1):
            placeholder = f"%{n}"
            if placeholder in text:
                text = text.replace(placeholder, self._display(num_id, n - 1, level.legal))
        return text

    def _display(self, num_id: str, ilvl: int, legal: bool) -> str:
        level = self.level(num_id, ilvl) or Level()
        value = self.counters[num_id][ilvl]
        return format_number(level.start if value is None else value, "decimal" if legal else level.fmt)


def _bullet(text: str) -> str:
    if not text or any(0xF000 <= ord(ch) <= 0xF0FF for ch in text) or text in {"o", "§"}:
        return _BULLET
    return text


class Styles:
    """The paragraph styles of a document by id, each lookup in constant time.

    python-docx's ``paragraph.style`` searches all styles on every call (several
    milliseconds per paragraph with Word's ~160 built-in styles, quadratic time for a
    document with many styles); this index gives the same answers: a paragraph without a
    style, or with an unknown or non-paragraph style, has the (last) default paragraph
    style; a base style is the first style with the ``basedOn`` id, of any type."""

    def __init__(self, styles_element=None) -> None:
        self.by_id: dict[str, object] = {}
        self.paragraph: dict[str, object] = {}
        self.default = None
        if styles_element is None:
            return
        for style in styles_element.iterchildren(qn("w:style")):
            is_paragraph = style.type == WD_STYLE_TYPE.PARAGRAPH
            style_id = style.styleId
            if style_id is not None and style_id not in self.by_id:
                self.by_id[style_id] = style
                if is_paragraph:
                    self.paragraph[style_id] = style
            if is_paragraph and style.default:
                self.default = style

    def of(self, paragraph: Paragraph):
        style_id = paragraph._p.style
        return self.paragraph.get(style_id, self.default) if style_id is not None else self.default

    def base(self, style):
        based_on = style.basedOn
        return self.by_id.get(based_on.val) if based_on is not None else None


def _num_pr(paragraph: Paragraph, numbering: Numbering) -> tuple[str, int] | None:
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    num_id = _val(num_pr, "w:numId") if num_pr is not None else None
    ilvl = _val(num_pr, "w:ilvl") if num_pr is not None else None
    styles = numbering.styles
    style = styles.of(paragraph) if num_id is None or ilvl is None else None
    visited: set[object] = set()  # a "based on" chain may loop in a damaged document
    while style is not None and (num_id is None or ilvl is None) and style not in visited:
        visited.add(style)
        style_pr = style.pPr
        style_num = style_pr.numPr if style_pr is not None else None
        if style_num is not None:
            num_id = num_id or _val(style_num, "w:numId")
            ilvl = ilvl or _val(style_num, "w:ilvl")
            if ilvl is None and style.styleId in numbering.style_levels:
                ilvl = str(numbering.style_levels[style.styleId][1])
        style = styles.base(style)
    if num_id is None or num_id == "0":
        return None
    return num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0


def numbering_of(document: DocxDocument) -> Numbering:
    styles = Styles(document.styles.element)
    try:
        part = document.part.part_related_by(RT.NUMBERING)
    except KeyError:
        return Numbering(None, styles)
    return Numbering(part.element, styles)


def paragraph_text(paragraph: Paragraph, numbering: Numbering) -> str:
    """Paragraph text with its automatic list label in front."""
    text = paragraph.text
    num_pr = _num_pr(paragraph, numbering)
    if num_pr is None:
        return text
    label = numbering.label(*num_pr)
    if not label:
        return text
    level = numbering.level(*num_pr)
    gap = "" if level is not None and level.suffix == "nothing" else " "
    return f"{label}{gap}{text}"


def iter_paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    """Body paragraphs in reading order, including table cells and content controls."""
    yield from _walk(document.element.body, document)


def _walk(container, parent) -> Iterator[Paragraph]:
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            # Cells row by row; the continuation of a vertically merged cell holds no text
            # of its own (python-docx's row.cells would look up every merged cell from the
            # top of its column, which takes quadratic time in a long table).
            table = Table(child, parent)
            for tr in child.tr_lst:
                for tc in tr.tc_lst:
                    if tc.vMerge != "continue":
                        yield from _walk(tc, _Cell(tc, table))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _walk(content, parent)


def docx_paragraphs(document: DocxDocument) -> Iterator[str]:
    """The non-empty body paragraphs, numbers written out, one at a time."""
    numbering = numbering_of(document)
    texts = (paragraph_text(p, numbering).strip() for p in iter_paragraphs(document))
    return (text for text in texts if text)
