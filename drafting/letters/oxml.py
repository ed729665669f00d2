"""Small WordprocessingML builders: paragraphs with a style id, runs, fields, table parts.

The letter body is built with these directly as lxml elements (much faster than the
python-docx object API and free of direct formatting except bold/italic emphasis).
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from drafting.letters.richtext import Span
from drafting.letters.typography import nbsp

_TWIPS_PER_MM = 1440 / 25.4
P, PPR, PSTYLE, R, RPR = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:r"), qn("w:rPr")
_T, _BR, _TAB, _B, _I, _VAL = qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:b"), qn("w:i"), qn("w:val")
_RSTYLE = qn("w:rStyle")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def tw(mm: float) -> str:
    """Millimetres as twentieths of a point (dxa), the unit of most WordprocessingML sizes."""
    return str(round(mm * _TWIPS_PER_MM))


def sub(parent: Any, tag: str, **attrs: str) -> Any:
    """Append ``<w:tag w:attr="..."/>`` to ``parent``."""
    element = etree.SubElement(parent, qn(f"w:{tag}"))
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def set_style(p: Any, style_id: str) -> None:
    """Give an existing paragraph a paragraph style."""
    ppr = p.find(PPR)
    if ppr is None:
        ppr = etree.Element(PPR)
        p.insert(0, ppr)
    pstyle = ppr.find(PSTYLE)
    if pstyle is None:
        pstyle = etree.Element(PSTYLE)
        ppr.insert(0, pstyle)
    pstyle.set(_VAL, style_id)


def paragraph(style_id: str, spans: tuple[Span, ...] = (), *, num: tuple[str, int] | None = None) -> Any:
    """A new paragraph with a style and runs for the spans (bold/italic as emphasis).

    ``num``: (numId, level) of a Word list the paragraph is an item of (``w:numPr``).
    Non-breaking spaces (:func:`~drafting.letters.typography.nbsp`) are set over the whole
    paragraph, so "12 %" gets one also where "12" is bold and "%" is not.
    """
    p = OxmlElement("w:p")
    ppr = etree.SubElement(p, PPR)
    etree.SubElement(ppr, PSTYLE).set(_VAL, style_id)
    if num is not None:
        num_pr = etree.SubElement(ppr, qn("w:numPr"))
        etree.SubElement(num_pr, qn("w:ilvl")).set(_VAL, str(num[1]))
        etree.SubElement(num_pr, qn("w:numId")).set(_VAL, num[0])
    typeset = nbsp("".join(span.text for span in spans))
    offset = 0
    for span in spans:
        text = typeset[offset : offset + len(span.text)]
        offset += len(span.text)
        text_run(p, text, bold=span.bold, italic=span.italic, typeset=False)
    return p


def text_run(
    p: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    char_style: str | None = None,
    typeset: bool = True,
) -> None:
    """Append a run; "\\n" becomes a line break, "\\t" a tab. ``typeset``: set the
    non-breaking spaces (:func:`~drafting.letters.typography.nbsp`; ``paragraph`` has)."""
    if not text:
        return
    if typeset:
        text = nbsp(text)
    run = etree.SubElement(p, R)
    if bold or italic or char_style:
        rpr = etree.SubElement(run, RPR)
        if char_style:
            etree.SubElement(rpr, _RSTYLE).set(_VAL, char_style)
        if bold:
            etree.SubElement(rpr, _B)
        if italic:
            etree.SubElement(rpr, _I)
    for index, line in enumerate(text.split("\n")):
        if index:
            etree.SubElement(run, _BR)
        for number, piece in enumerate(line.split("\t")):
            if number:
                etree.SubElement(run, _TAB)
            if piece:
                t = etree.SubElement(run, _T)
                t.text = piece
                t.set(_XML_SPACE, "preserve")


def field(p: Any, instruction: str) -> None:
    """Append a complex field such as PAGE or NUMPAGES (result "1" until updated)."""
    for kind in ("begin", None, "separate", "1", "end"):
        run = etree.SubElement(p, R)
        if kind is None:
            instr = etree.SubElement(run, qn("w:instrText"))
            instr.set(_XML_SPACE, "preserve")
            instr.text = f" {instruction} "
        elif kind == "1":
            etree.SubElement(run, _T).text = "1"
        else:
            etree.SubElement(run, qn("w:fldChar")).set(qn("w:fldCharType"), kind)
