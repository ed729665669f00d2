"""DIN 5008 form B layout of the letter body in Word.

Geometry (A4): text from 25 mm left, 20 mm right; page 1 starts with a borderless fixed
table at 20 mm from the left edge and 20 mm from the top: a 25 mm letterhead row, then the
address field (85 x 45 mm from 45 mm: 17.7 mm return-address zone, 27.3 mm address zone)
beside the information block from 125 mm (starting at 50 mm). The subject follows one blank
line below the address field; salutation, text, closing and signature follow as paragraphs
with named styles, answer tables with the table style "Anfrage Tabelle".
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from drafting.letters import styles as st
from drafting.letters.content import LetterContent, Para, TablePart
from drafting.letters.oxml import R, paragraph, sub, text_run, tw
from drafting.letters.package import (
    CORE_PART,
    DOCUMENT_PART,
    Base,
    Logo,
    Template,
    core_xml,
    load_base,
    numbering_xml,
    zip_info,
)
from drafting.letters.richtext import Span, Table

_TEXT_WIDTH_MM = 165
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def write_letter(content: LetterContent, template: Template = None, logo: Logo = None, *,
                 draft: bool = False) -> bytes:
    """The DOCX bytes of a letter: the cached base package plus this letter's body; ``draft``:
    "ENTWURF" in the headers of all pages."""
    logo_source = logo if logo is not None else content.logo
    base = load_base(template, logo_source or None, draft=draft)
    root = etree.fromstring(base.document_xml)
    sect_pr = root.find(qn("w:body"))[-1]
    ids = base.style_ids
    sect_pr.addprevious(_page_one_table(content, ids, base))
    sect_pr.addprevious(paragraph(ids[st.SUBJECT], (Span("\n".join(content.subject_lines)),)))
    starts: list[int] = []  # the start of each numbered list, one w:num each
    for part in content.body:
        if isinstance(part, Para):
            num = None
            if part.item is not None and not part.item.numbered:
                num = (base.lists.bullet_num, 0)
            elif part.item is not None:
                if part.item.start is not None or not starts:
                    starts.append(part.item.start or 1)
                num = (str(base.lists.next_num + len(starts) - 1), 0)
            sect_pr.addprevious(paragraph(ids[part.style], part.spans, num=num))
        else:
            sect_pr.addprevious(_table(part, ids))
            sect_pr.addprevious(paragraph(ids[st.TABLE_GAP], ()))
    out = io.BytesIO(base.package)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            zip_info(DOCUMENT_PART),
            etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True),
        )
        package.writestr(zip_info(base.lists.part), numbering_xml(base.lists, starts))
        package.writestr(
            zip_info(CORE_PART),
            core_xml(content.title, content.subject_lines[0], content.authority),
        )
    return out.getvalue()


def _cell(
    tr: Any,
    width_mm: float,
    *,
    span: int = 1,
    vmerge: str | None = None,
    margins: dict[str, float] | None = None,
    valign: str | None = None,
) -> Any:
    tc = sub(tr, "tc")
    tc_pr = sub(tc, "tcPr")
    sub(tc_pr, "tcW", w=tw(width_mm), type="dxa")
    if span > 1:
        sub(tc_pr, "gridSpan", val=str(span))
    if vmerge:
        sub(tc_pr, "vMerge", val=vmerge)
    if margins:
        mar = sub(tc_pr, "tcMar")
        for edge in ("top", "left", "bottom", "right"):
            if edge in margins:
                sub(mar, edge, w=tw(margins[edge]), type="dxa")
    if valign:
        sub(tc_pr, "vAlign", val=valign)
    return tc


def _row(tbl: Any, height_mm: float, rule: str) -> Any:
    tr = sub(tbl, "tr")
    sub(sub(tr, "trPr"), "trHeight", val=tw(height_mm), hRule=rule)
    return tr



def _look_and_grid(tbl, tbl_pr, widths, *, header_row: bool) -> None:
    """Table look (banding off; a header row only for data tables) and the column grid."""
    sub(
        tbl_pr,
        "tblLook",
        val="0020" if header_row else "0000",
        firstRow="1" if header_row else "0",
        lastRow="0",
        firstColumn="0",
        lastColumn="0",
        noHBand="1",
        noVBand="1",
    )
    grid = sub(tbl, "tblGrid")
    for width in widths:
        sub(grid, "gridCol", w=tw(width))

def _page_one_table(content: LetterContent, ids: dict[str, str], base: Base) -> Any:
    """Letterhead row, return-address zone, address zone and information block."""
    widths = (85, 20, 75)
    tbl = OxmlElement("w:tbl")
    tbl_pr = sub(tbl, "tblPr")
    sub(tbl_pr, "tblW", w=tw(sum(widths)), type="dxa")
    sub(tbl_pr, "tblInd", w=tw(-5), type="dxa")
    borders = sub(tbl_pr, "tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(borders, edge, val="nil")
    sub(tbl_pr, "tblLayout", type="fixed")
    mar = sub(tbl_pr, "tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        sub(mar, edge, w="0", type="dxa")
    _look_and_grid(tbl, tbl_pr, widths, header_row=False)

    head = _row(tbl, 25, "exact")
    cell = _cell(head, 105, span=2, margins={"left": 5})
    if base.template_letterhead:
        cell.append(paragraph(ids[st.LETTERHEAD], ()))
    else:
        cell.append(paragraph(ids[st.LETTERHEAD], (Span(content.authority),)))
        if content.unit:
            cell.append(paragraph(ids[st.LETTERHEAD_UNIT], (Span(content.unit),)))
    cell = _cell(head, widths[2], margins={"right": 10})
    logo_p = paragraph(ids[st.LOGO], ())
    cell.append(logo_p)
    if base.logo_drawing is not None:
        drawing = etree.fromstring(base.logo_drawing)
        for doc_pr in drawing.iter(_DOC_PR):  # alternative text: /Alt of the PDF's figure
            doc_pr.set("descr", f"Logo {content.authority}")
        etree.SubElement(logo_p, R).append(drawing)

    zone = _row(tbl, 17.7, "exact")
    cell = _cell(zone, widths[0], margins={"left": 5, "bottom": 1}, valign="bottom")
    cell.append(paragraph(ids[st.RETURN_ADDRESS], (Span(content.return_address),)))
    _cell(zone, widths[1]).append(paragraph(ids[st.ADDRESS], ()))
    cell = _cell(zone, widths[2], vmerge="restart", margins={"top": 5})
    for label, value in content.info_rows:
        p = paragraph(ids[st.INFO], ())
        text_run(p, f"{label}:", char_style=ids[st.INFO_LABEL])
        text_run(p, f"\t{value}")
        cell.append(p)

    address = _row(tbl, 27.3, "atLeast")
    cell = _cell(address, widths[0], margins={"left": 5})
    for line in content.address_lines:
        cell.append(paragraph(ids[st.ADDRESS], (Span(line),)))
    _cell(address, widths[1]).append(paragraph(ids[st.ADDRESS], ()))
    _cell(address, widths[2], vmerge="continue").append(paragraph(ids[st.INFO], ()))
    return tbl


def _table(part: TablePart, ids: dict[str, str]) -> Any:
    table: Table = part.table
    columns = len(table.header)
    widths = _column_widths(table)
    tbl = OxmlElement("w:tbl")
    tbl_pr = sub(tbl, "tblPr")
    sub(tbl_pr, "tblStyle", val=ids[st.TABLE])
    sub(tbl_pr, "tblW", w=tw(sum(widths)), type="dxa")
    _look_and_grid(tbl, tbl_pr, widths, header_row=True)
    rows = [(table.header, ids[st.TABLE_HEAD]), *((row, ids[st.TABLE_TEXT]) for row in table.rows)]
    for index, (cells, style_id) in enumerate(rows):
        tr = sub(tbl, "tr")
        if index == 0:
            tr_pr = sub(tr, "trPr")
            sub(tr_pr, "cantSplit")
            sub(tr_pr, "tblHeader")
        for column in range(columns):
            tc = _cell(tr, widths[column])
            tc.append(paragraph(style_id, cells[column] if column < len(cells) else ()))
    return tbl


def _column_widths(table: Table) -> list[float]:
    """Column widths in mm over the text width, by longest cell text, at least 10 % each."""
    columns = len(table.header)
    lengths = [1.0] * columns
    for row in (table.header, *table.rows):
        for column, cell in enumerate(row[:columns]):
            lengths[column] = max(lengths[column], min(60.0, sum(len(s.text) for s in cell)))
    total = sum(lengths)
    shares = [max(0.1, length / total) for length in lengths] if columns <= 10 else [1.0] * columns
    scale = _TEXT_WIDTH_MM / sum(shares)
    return [share * scale for share in shares]
