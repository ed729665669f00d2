"""A small, safe Markdown subset for answer texts.

The subset (see the README for the user-facing definition):

- Blocks are separated by blank lines. Lines of one paragraph are joined with a space.
- Bulleted list: lines starting with ``- `` or ``* ``. Numbered list: lines starting with
  ``1. `` (any number; items are counted on from the first number). A line without a marker
  continues the previous item. A list may directly follow a paragraph line (numbered lists
  only when they start with ``1.``). No nesting.
- Pipe table: a row with ``|`` followed by a separator row such as ``|---|---|`` (cells of
  hyphens, optional colons); the following lines with ``|`` are body rows. The first row
  is the header; missing cells are empty, surplus cells dropped; alignment is ignored.
- Emphasis: ``**fett**``, ``*kursiv*``, ``***beides***``. A star inside a word stays a
  star (``Bürger*innen``), ``\\*`` is a literal star, ``\\|`` a literal pipe in a table.
- Everything else (HTML, headings, links, code) is plain text.

``parse`` returns plain data classes; ``to_html`` renders them with every text HTML-escaped.
Pure Python, no dependencies, linear time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

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

_BULLET = re.compile(r"^[ \t]{0,3}[-*][ \t]+(?=\S)")
_NUMBER = re.compile(r"^[ \t]{0,3}(\d{1,9})\.[ \t]+(?=\S)")
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_ESCAPABLE = frozenset("\\`*_{}[]()#+-.!|>~")
_WORD = re.compile(r"\w")
_SPECIAL = re.compile(r"[\\*]")


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


def to_html(md: str | Sequence[str]) -> str:
    """Render the subset as an HTML fragment; all text is escaped, no raw HTML passes."""
    return "\n".join(_block_html(block) for block in parse(md))


def plain_text(spans: Inline) -> str:
    return "".join(span.text for span in spans)


# --- blocks -----------------------------------------------------------------------------


def _parse_text(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    chunk: list[str] = []
    for line in lines:
        if line.strip():
            chunk.append(line)
        elif chunk:
            blocks.extend(_parse_chunk(chunk))
            chunk = []
    if chunk:
        blocks.extend(_parse_chunk(chunk))
    return blocks


def _is_separator(line: str) -> bool:
    if "-" not in line:
        return False
    cells = _split_row(line)
    return bool(cells) and all(_SEPARATOR_CELL.match(cell.strip()) for cell in cells)


def _starts_table(lines: list[str], i: int) -> bool:
    return i + 1 < len(lines) and "|" in lines[i] and "|" in lines[i + 1] and _is_separator(lines[i + 1])


def _parse_chunk(lines: list[str]) -> list[Block]:
    """Parse the lines between two blank lines."""
    blocks: list[Block] = []
    para: list[str] = []
    i = 0

    def flush_para() -> None:
        if para:
            blocks.append(Paragraph(parse_inline(_join_lines(para))))
            para.clear()

    while i < len(lines):
        line = lines[i]
        if _starts_table(lines, i):
            flush_para()
            i = _parse_table(lines, i, blocks)
            continue
        bullet = _BULLET.match(line)
        number = _NUMBER.match(line)
        if bullet or (number and (not para or number.group(1) == "1")):
            flush_para()
            i = _parse_list(lines, i, blocks, numbered=bullet is None)
            continue
        para.append(line)
        i += 1
    flush_para()
    return blocks


def _parse_list(lines: list[str], i: int, blocks: list[Block], *, numbered: bool) -> int:
    marker = _NUMBER if numbered else _BULLET
    first = marker.match(lines[i])
    assert first is not None
    start = int(first.group(1)) if numbered else 1
    items: list[list[str]] = []
    while i < len(lines):
        line = lines[i]
        if _starts_table(lines, i):
            break
        match = marker.match(line)
        if match:
            items.append([line[match.end() :]])
        elif (_BULLET if numbered else _NUMBER).match(line):
            break  # the other kind of list starts
        else:
            items[-1].append(line)  # continuation line of the item
        i += 1
    inlines = tuple(parse_inline(_join_lines(item)) for item in items)
    blocks.append(NumberedList(inlines, start) if numbered else BulletList(inlines))
    return i


def _parse_table(lines: list[str], i: int, blocks: list[Block]) -> int:
    header = _split_row(lines[i])
    width = len(header)
    rows: list[tuple[Inline, ...]] = []
    i += 2
    while i < len(lines) and "|" in lines[i] and not _starts_table(lines, i):
        cells = _split_row(lines[i])
        cells = (cells + [""] * width)[:width]
        rows.append(tuple(parse_inline(_join_lines([cell])) for cell in cells))
        i += 1
    blocks.append(Table(tuple(parse_inline(_join_lines([cell])) for cell in header), tuple(rows)))
    return i


def _join_lines(lines: list[str]) -> str:
    """Lines of one paragraph (or cell) as one line; tabs count as spaces."""
    return " ".join(line.strip() for line in lines).replace("\t", " ")


def _split_row(line: str) -> list[str]:
    """Split a table row at unescaped pipes; leading and trailing pipes are optional."""
    cells: list[str] = []
    current: list[str] = []
    chars = line.strip()
    j = 0
    while j < len(chars):
        char = chars[j]
        if char == "\\" and j + 1 < len(chars) and chars[j + 1] == "|":
            current.append("\\|")
            j += 2
            continue
        if char == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        j += 1
    cells.append("".join(current))
    if chars.startswith("|"):
        cells = cells[1:]
    if chars.endswith("|") and not chars.endswith("\\|") and cells:
        cells = cells[:-1]
    return cells


# --- inline -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Delimiter:
    count: int
    can_open: bool
    can_close: bool
    opens: list[str]
    closes: list[str]


def parse_inline(text: str) -> Inline:
    """Split text into spans with bold/italic emphasis (linear delimiter matching)."""
    tokens = _tokenize(text)
    stack: list[_Delimiter] = []
    for token in tokens:
        if not isinstance(token, _Delimiter):
            continue
        while token.can_close and token.count and stack:
            opener = stack[-1]
            use = 2 if opener.count >= 2 and token.count >= 2 else 1
            kind = "b" if use == 2 else "i"
            opener.count -= use
            token.count -= use
            opener.opens.append(kind)
            token.closes.append(kind)
            if not opener.count:
                stack.pop()
        if token.can_open and token.count:
            stack.append(token)
    return _spans(tokens)


def _tokenize(text: str) -> list[str | _Delimiter]:
    tokens: list[str | _Delimiter] = []
    buf: list[str] = []
    n = len(text)
    j = 0
    while j < n:
        special = _SPECIAL.search(text, j)
        if special is None:
            buf.append(text[j:])
            break
        k = special.start()
        if k > j:
            buf.append(text[j:k])
        if text[k] == "\\":
            if k + 1 < n and text[k + 1] in _ESCAPABLE:
                buf.append(text[k + 1])
                j = k + 2
            else:
                buf.append("\\")
                j = k + 1
            continue
        end = k
        while end < n and text[end] == "*":
            end += 1
        before = text[k - 1] if k else " "
        after = text[end] if end < n else " "
        can_open = not after.isspace() and not _WORD.match(before)
        can_close = not before.isspace() and not _WORD.match(after)
        if buf:
            tokens.append("".join(buf))
            buf = []
        tokens.append(_Delimiter(end - k, can_open, can_close, [], []))
        j = end
    if buf:
        tokens.append("".join(buf))
    return tokens


def _spans(tokens: list[str | _Delimiter]) -> Inline:
    # Runs of text with the same emphasis are collected as pieces and joined once per span
    # (appending to a span's text one by one would copy it again and again).
    runs: list[tuple[bool, bool, list[str]]] = []
    depth = {"b": 0, "i": 0}

    def emit(text: str) -> None:
        if not text:
            return
        bold, italic = depth["b"] > 0, depth["i"] > 0
        if runs and runs[-1][0] == bold and runs[-1][1] == italic:
            runs[-1][2].append(text)
        else:
            runs.append((bold, italic, [text]))

    for token in tokens:
        if isinstance(token, str):
            emit(token)
            continue
        for kind in token.closes:
            depth[kind] -= 1
        emit("*" * token.count)
        for kind in reversed(token.opens):
            depth[kind] += 1
    return tuple(Span("".join(pieces), bold, italic) for bold, italic, pieces in runs)


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
