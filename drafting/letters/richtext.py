"""A small, safe Markdown subset for answer texts.

The subset (see the README for the user-facing definition):

- Blocks are separated by blank lines. Lines of one paragraph are joined with a space.
- Bulleted list: lines starting with ``- `` or ``* ``. Numbered list: lines starting with
  ``1. `` (any number; items are counted on from the first number). A line without a marker
  continues the previous item. A list may directly follow a paragraph line (numbered lists
  only when they start with ``1.``). No nesting.
- Pipe table: a row with ``|`` followed by a separator row such as ``|---|---|`` (cells of
  hyphens, optional colons, as many as the header has: GFM's rule); the following lines
  with ``|`` are body rows. The first row is the header; missing cells are empty, surplus
  cells dropped; alignment is ignored.
- Emphasis: ``**fett**``, ``*kursiv*``, ``***beides***``. A star inside a word stays a
  star (``Bürger*innen``), ``\\*`` is a literal star, ``\\|`` a literal pipe in a table.
- Everything else (HTML, headings, links, code) is plain text.

The parsing is markdown-it-py's CommonMark parser with only the rules ``table`` (GFM),
``list``, ``paragraph`` and, inline, ``text``, ``newline``, ``escape`` and ``emphasis``
enabled; raw HTML is off. Where CommonMark reads the subset's syntax differently, a small
documented step adapts it (see ``_prepare_line`` and the ``_*_rule`` wrappers).

``parse`` returns plain data classes; ``to_html`` renders them with every text HTML-escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, list_block, table
from markdown_it.rules_inline import StateInline, emphasis
from markdown_it.token import Token

__all__ = [
    "Block",
    "BulletList",
    "NumberedList",
    "Paragraph",
    "Span",
    "Table",
    "parse",
    "parse_inline",
    "plain_text",
    "to_html",
]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: Inline


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class NumberedList:
    items: tuple[Inline, ...]
    start: int = 1


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]


Block = Paragraph | BulletList | NumberedList | Table

# Characters a backslash escapes in the subset; before any other character the backslash
# stays (CommonMark escapes all ASCII punctuation).
_ESCAPABLE = frozenset("\\`*_{}[]()#+-.!|>~")
_WORD = re.compile(r"\w")


def parse(md: str | Sequence[str]) -> list[Block]:
    """Parse Markdown-subset text into blocks.

    A sequence of strings is read as consecutive paragraphs (as in ``reply.json``); each
    entry may itself contain any of the subset.
    """
    if isinstance(md, str):
        return _parse_text(md)
    blocks: list[Block] = []
    for entry in md:
        blocks.extend(_parse_text(entry))
    return blocks


def parse_inline(text: str) -> Inline:
    """Split one line of text into spans with bold/italic emphasis."""
    return _spans(_MD.parseInline(text)[0].children or [], block=False)


def to_html(md: str | Sequence[str]) -> str:
    """Render the subset as an HTML fragment; all text is escaped, no raw HTML passes."""
    return "\n".join(_block_html(block) for block in parse(md))


def plain_text(spans: Inline) -> str:
    return "".join(span.text for span in spans)


# --- the parser -------------------------------------------------------------------------


def _table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """GFM ``table`` with the subset's extent.

    The separator row needs a pipe also in a one-column table. GFM reads every following
    line as a body row up to a blank line; the subset ends the table at the first line
    without a pipe and where the next table starts. And a table ends a list, also on a line
    GFM would read as the next item or as the lazy continuation of the last one.
    """
    if state.sCount[start] < state.blkIndent:  # lazy line of a list item: a table ends it
        indent, state.blkIndent = state.blkIndent, 0
        try:
            return _table_rule(state, start, end, silent)
        finally:
            state.blkIndent = indent
    if not _table_starts(state, start, end):
        return False
    if silent:
        return True
    last = start + 2
    while last < end and "|" in _line(state, last) and not _table_starts(state, last, end):
        last += 1
    return table(state, start, last, silent)


def _table_starts(state: StateBlock, start: int, end: int) -> bool:
    return start + 1 < end and "|" in _line(state, start + 1) and table(state, start, end, True)


def _list_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """CommonMark ``list``; a table row that starts like an item stays a row, and a numbered
    list interrupts a paragraph only with ``1.`` as typed (CommonMark also takes ``01.``)."""
    if state.parentType == "table":
        return False
    interrupts = silent and state.parentType == "paragraph" and state.sCount[start] >= state.blkIndent
    if interrupts and _line(state, start).startswith("0"):
        return False
    return list_block(state, start, end, silent)


def _emphasis_rule(state: StateInline, silent: bool) -> bool:
    """CommonMark ``emphasis`` with the subset's delimiters: stars only (``_`` is text).

    A star run opens before a non-space after a non-word character and closes after a
    non-space before a non-word character, so ``Bürger*innen`` stays text; and no "rule of
    three" (a length of 0 switches it off, as markdown-it documents in ``balance_pairs``).
    """
    start, known = state.pos, len(state.delimiters)
    if state.src[start] != "*" or not emphasis.tokenize(state, silent):
        return False
    before = state.src[start - 1] if start else " "
    after = state.src[state.pos] if state.pos < state.posMax else " "
    can_open = not after.isspace() and not _WORD.match(before)
    can_close = not before.isspace() and not _WORD.match(after)
    for delimiter in state.delimiters[known:]:
        delimiter.open, delimiter.close, delimiter.length = can_open, can_close, 0
    return True


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    # Lines are normalised here (``_chunks``): no ``normalize``, so NUL stays as typed; no
    # ``text_join``, so escapes arrive as ``text_special`` tokens (see ``_spans``).
    md.core.ruler.enableOnly(["block", "inline"])
    md.block.ruler.enableOnly(["table", "list", "paragraph"])
    md.inline.ruler.enableOnly(["text", "newline", "escape", "emphasis"])
    md.inline.ruler2.enableOnly(["balance_pairs", "emphasis", "fragments_join"])
    md.block.ruler.at("table", _table_rule, {"alt": ["paragraph", "reference", "list"]})
    md.block.ruler.at("list", _list_rule, {"alt": ["paragraph", "reference", "blockquote"]})
    md.inline.ruler.at("emphasis", _emphasis_rule)
    return md


_MD = _make_parser()

# A list item as the subset reads it (at most three characters of indentation) ...
_SUBSET_ITEM = re.compile(r"[ \t]{0,3}(?:[-*]|\d{1,9}\.)[ \t]+(?=\S)")
# ... and as CommonMark reads it at the start of a stripped line.
_COMMONMARK_ITEM = re.compile(r"[-+*]|\d{1,9}[.)]")


def _prepare_line(line: str) -> str:
    """Normalise one line so that CommonMark sees list items exactly where the subset does.

    Indentation means nothing in the subset: lines are stripped, so nothing nests and
    indented lines make no code blocks. A list marker the subset does not accept (``+``,
    ``1)``, a marker without text, one indented by four or more, one right after an item's
    marker) is escaped with a backslash; the escape reads back as the marker's character.
    """
    item = _SUBSET_ITEM.match(line)
    if item:
        return line[: item.end()].lstrip() + _escape_marker(line[item.end() :].strip())
    return _escape_marker(line.strip())


def _escape_marker(text: str) -> str:
    marker = _COMMONMARK_ITEM.match(text)
    if marker is None or text[marker.end() : marker.end() + 1] not in ("", " ", "\t"):
        return text
    return f"{text[: marker.end() - 1]}\\{text[marker.end() - 1 :]}"


def _chunks(text: str) -> Iterator[str]:
    """The blank-line separated pieces of the text, lines prepared (``_prepare_line``).

    Each piece is parsed on its own: in the subset a blank line always ends a block, where
    CommonMark would keep a list going (a "loose" list).
    """
    chunk: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            chunk.append(_prepare_line(line))
        elif chunk:
            yield "\n".join(chunk)
            chunk = []
    if chunk:
        yield "\n".join(chunk)


def _parse_text(text: str) -> list[Block]:
    blocks: list[Block] = []
    for chunk in _chunks(text):
        blocks.extend(_blocks(_MD.parse(chunk)))
    return blocks


# --- tokens to blocks -------------------------------------------------------------------


def _blocks(tokens: list[Token]) -> list[Block]:
    """Map the token stream of one chunk to blocks.

    Lists next to each other are one list: CommonMark starts a new list where the bullet
    changes between ``-`` and ``*``, the subset does not.
    """
    blocks: list[Block] = []
    items: list[Inline] | None = None  # the open list's items
    start = 1
    rows: list[tuple[Inline, ...]] = []  # the open table's rows, the header first
    cells: list[Inline] | None = None  # the open table row's cells

    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            items = []
            start = int(token.attrs.get("start", 1))
        elif kind in ("bullet_list_close", "ordered_list_close") and items is not None:
            numbered = kind == "ordered_list_close"
            previous = blocks[-1] if blocks else None
            if numbered and isinstance(previous, NumberedList):
                blocks[-1] = NumberedList(previous.items + tuple(items), previous.start)
            elif not numbered and isinstance(previous, BulletList):
                blocks[-1] = BulletList(previous.items + tuple(items))
            else:
                blocks.append(NumberedList(tuple(items), start) if numbered else BulletList(tuple(items)))
            items = None
        elif kind == "list_item_open" and items is not None:
            items.append(())
        elif kind == "tr_open":
            cells = []
        elif kind == "tr_close" and cells is not None:
            rows.append(tuple(cells))
            cells = None
        elif kind == "table_close" and rows:
            blocks.append(Table(rows[0], tuple(rows[1:])))
            rows = []
        elif kind == "inline":
            spans = _spans(token.children or [])
            if cells is not None:
                cells.append(spans)
            elif items:
                items[-1] = _merge((*items[-1], *spans))
            else:
                blocks.append(Paragraph(spans))
    return blocks


def _spans(tokens: list[Token], *, block: bool = True) -> Inline:
    """Inline tokens as spans: runs of text with the same emphasis become one span.

    Escapes (``text_special``) read as the character where the subset escapes it, else as
    typed; a backslash at the end of a line (a CommonMark hard break) stays a backslash.
    In a block (paragraph, item, cell) tabs count as spaces and the ends are stripped.
    """
    pieces: list[Span] = []
    bold = italic = 0
    for token in tokens:
        kind = token.type
        if kind == "text":
            text = token.content
        elif kind == "text_special":
            text = token.content if token.markup[1:] in _ESCAPABLE else token.markup
        elif kind == "softbreak":
            text = " "
        elif kind == "hardbreak":
            text = "\\ "
        else:
            bold += {"strong_open": 1, "strong_close": -1}.get(kind, 0)
            italic += {"em_open": 1, "em_close": -1}.get(kind, 0)
            continue
        if text:
            pieces.append(Span(text.replace("\t", " ") if block else text, bold > 0, italic > 0))
    return _merge(tuple(pieces), strip=block)


def _merge(pieces: tuple[Span, ...], *, strip: bool = True) -> Inline:
    """Join neighbouring spans of the same emphasis; strip the whitespace at both ends."""
    runs: list[tuple[bool, bool, list[str]]] = []
    for span in pieces:
        if runs and runs[-1][0] == span.bold and runs[-1][1] == span.italic:
            runs[-1][2].append(span.text)
        else:
            runs.append((span.bold, span.italic, [span.text]))
    spans = [Span("".join(texts), bold, italic) for bold, italic, texts in runs]
    if strip:
        filled = [i for i, span in enumerate(spans) if span.text.strip()]
        if not filled:
            return ()
        spans = spans[filled[0] : filled[-1] + 1]
        spans[0] = Span(spans[0].text.lstrip(), spans[0].bold, spans[0].italic)
        spans[-1] = Span(spans[-1].text.rstrip(), spans[-1].bold, spans[-1].italic)
    return tuple(spans)


# --- HTML -------------------------------------------------------------------------------


def _inline_html(spans: Inline) -> str:
    out: list[str] = []
    for span in spans:
        text = html.escape(span.text, quote=True)
        if span.italic:
            text = f"<em>{text}</em>"
        if span.bold:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


def _block_html(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_inline_html(block.spans)}</p>"
    if isinstance(block, BulletList):
        items = "".join(f"<li>{_inline_html(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    if isinstance(block, NumberedList):
        items = "".join(f"<li>{_inline_html(item)}</li>" for item in block.items)
        start = f' start="{block.start}"' if block.start != 1 else ""
        return f"<ol{start}>{items}</ol>"
    head = "".join(f"<th>{_inline_html(cell)}</th>" for cell in block.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{_inline_html(cell)}</td>" for cell in row) + "</tr>" for row in block.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
