"""Named Word styles of the reply letter.

The letter uses only these named styles (plus bold/italic for emphasis), so a city can
restyle every part with its own Word template: a style of the same name in the template is
used as it is; missing styles are created from the definitions below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from drafting.errors import DraftingInputError

STANDARD = "Anfrage Standard"
LETTERHEAD = "Anfrage Briefkopf"
LETTERHEAD_UNIT = "Anfrage Briefkopf Zusatz"
LOGO = "Anfrage Logo"
RETURN_ADDRESS = "Anfrage Rücksendeangabe"
ADDRESS = "Anfrage Anschrift"
INFO = "Anfrage Infoblock"
INFO_LABEL = "Anfrage Infoblock Bezeichnung"
SUBJECT = "Anfrage Betreff"
SALUTATION = "Anfrage Anrede"
TEXT = "Anfrage Text"
QUOTE = "Anfrage Zitat"
SUB_QUESTION = "Anfrage Teilfrage"
LABEL = "Anfrage Zwischenzeile"
BULLET = "Anfrage Aufzählung"
NUMBERED = "Anfrage Nummerierung"
TABLE = "Anfrage Tabelle"
TABLE_HEAD = "Anfrage Tabellenkopf"
TABLE_TEXT = "Anfrage Tabellentext"
TABLE_GAP = "Anfrage Tabellenabstand"
CLOSING = "Anfrage Grußformel"
SIGNATURE_NOTE = "Anfrage Zeichnungszusatz"
SIGNATURE = "Anfrage Unterschrift"
SIGNATURE_FUNCTION = "Anfrage Funktion"
FOOTER = "Anfrage Fußzeile"

_PARAGRAPH, _CHARACTER, _TABLE = "paragraph", "character", "table"
_TYPES = {
    _PARAGRAPH: WD_STYLE_TYPE.PARAGRAPH,
    _CHARACTER: WD_STYLE_TYPE.CHARACTER,
    _TABLE: WD_STYLE_TYPE.TABLE,
}
_TYPE_NAMES = {_PARAGRAPH: "Absatzformat", _CHARACTER: "Zeichenformat", _TABLE: "Tabellenformat"}


@dataclass(frozen=True)
class StyleSpec:
    name: str
    kind: str = _PARAGRAPH
    base: str | None = STANDARD
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None
    before: float | None = None  # points
    after: float | None = None  # points
    left: float | None = None  # millimetres
    first_line: float | None = None  # millimetres
    tab: float | None = None  # millimetres
    keep_with_next: bool | None = None
    align: Any = None
    contextual: bool = False
    outline: int | None = None  # heading level (0 = first) for the PDF structure and navigation


SPECS: tuple[StyleSpec, ...] = (
    StyleSpec(STANDARD, base=None, size=11, before=0, after=0),
    StyleSpec(LETTERHEAD, size=16, bold=True, after=2),
    StyleSpec(LETTERHEAD_UNIT, size=11),
    StyleSpec(LOGO, align=WD_ALIGN_PARAGRAPH.RIGHT),
    StyleSpec(RETURN_ADDRESS, size=7),
    StyleSpec(ADDRESS, size=11),
    StyleSpec(INFO, size=9, tab=27),
    StyleSpec(INFO_LABEL, kind=_CHARACTER, base=None, size=8, color="595959"),
    StyleSpec(SUBJECT, bold=True, before=24, keep_with_next=True, outline=0),
    StyleSpec(SALUTATION, before=24, after=12, keep_with_next=True),
    StyleSpec(TEXT, after=12),
    StyleSpec(QUOTE, italic=True, after=12, keep_with_next=True),
    StyleSpec(SUB_QUESTION, base=QUOTE, left=8),
    StyleSpec(LABEL, bold=True, after=12, keep_with_next=True, outline=1),
    StyleSpec(BULLET, base=TEXT, left=6, first_line=-6, tab=6, contextual=True),
    StyleSpec(NUMBERED, base=TEXT, left=8, first_line=-8, tab=8, contextual=True),
    StyleSpec(TABLE, kind=_TABLE, base=None),
    StyleSpec(TABLE_TEXT, size=10),
    StyleSpec(TABLE_HEAD, base=TABLE_TEXT, bold=True, keep_with_next=True),
    StyleSpec(TABLE_GAP, size=6, after=6),
    StyleSpec(CLOSING, keep_with_next=True),
    StyleSpec(SIGNATURE_NOTE, before=12, keep_with_next=True),
    StyleSpec(SIGNATURE, before=36, keep_with_next=True),
    StyleSpec(SIGNATURE_FUNCTION),
    StyleSpec(FOOTER, size=9, align=WD_ALIGN_PARAGRAPH.RIGHT),
)

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def style_id_for(name: str) -> str:
    """ASCII style id for a style name ("Anfrage Grußformel" -> "AnfrageGrussformel")."""
    return "".join(char for char in name.translate(_UMLAUTS) if char.isascii() and char.isalnum())


def ensure_styles(document: Any, *, set_font: bool) -> dict[str, str]:
    """Create the missing letter styles; return style name -> style id for all of them.

    ``set_font`` puts Arial into "Anfrage Standard"; without it (a city template) the style
    inherits the font of the template's "Normal" style.
    """
    styles = document.styles
    existing = {style.name: style for style in styles}
    ids: dict[str, str] = {}
    for spec in SPECS:
        style = existing.get(spec.name)
        if style is None:
            style = _create(styles, existing, spec, set_font=set_font)
            existing[spec.name] = style
        elif style.type != _TYPES[spec.kind]:
            raise DraftingInputError(
                f"Die Vorlage enthält „{spec.name}“, aber nicht als {_TYPE_NAMES[spec.kind]}."
            )
        if spec.outline is not None:
            _outline_level(style.element, spec.outline)
        ids[spec.name] = style.style_id
    return ids


def _outline_level(element: Any, level: int) -> None:
    """Make a paragraph style a heading of ``level`` (``w:outlineLvl``) unless it is one:
    LibreOffice tags such paragraphs H1, H2 ... in a tagged PDF, Word shows them in the
    navigation pane. Also a template's style of the name gets it (structure, no look)."""
    ppr = element.get_or_add_pPr()
    if ppr.find(qn("w:outlineLvl")) is not None:
        return
    ppr.insert_element_before(
        OxmlElement("w:outlineLvl", {qn("w:val"): str(level)}),
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )


def _create(styles: Any, existing: dict[str, Any], spec: StyleSpec, *, set_font: bool) -> Any:
    style = styles.add_style(spec.name, _TYPES[spec.kind])
    style.style_id = style_id_for(spec.name)
    style.quick_style = spec.kind != _TABLE
    if spec.base:
        style.base_style = existing[spec.base]
    elif spec.kind == _PARAGRAPH and "Normal" in existing:
        style.base_style = existing["Normal"]
    if spec.kind == _TABLE:
        _table_properties(style.element)
        return style
    font = style.font
    if spec.name == STANDARD and set_font:
        font.name = "Arial"
        rfonts = style.element.rPr.rFonts
        rfonts.set(qn("w:eastAsia"), "Arial")
        rfonts.set(qn("w:cs"), "Arial")
    if spec.size is not None:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.color:
        font.color.rgb = RGBColor.from_string(spec.color)
    if spec.name == STANDARD:
        lang = OxmlElement("w:lang", {qn("w:val"): "de-DE", qn("w:eastAsia"): "de-DE"})
        style.element.get_or_add_rPr().insert_element_before(
            lang, "w:eastAsianLayout", "w:specVanish", "w:oMath"
        )
    if spec.kind == _PARAGRAPH:
        _paragraph_format(style, spec)
    return style


def _paragraph_format(style: Any, spec: StyleSpec) -> None:
    fmt = style.paragraph_format
    if spec.name == STANDARD:
        fmt.line_spacing = 1.0
        fmt.widow_control = True
    if spec.before is not None:
        fmt.space_before = Pt(spec.before)
    if spec.after is not None:
        fmt.space_after = Pt(spec.after)
    if spec.left is not None:
        fmt.left_indent = Mm(spec.left)
    if spec.first_line is not None:
        fmt.first_line_indent = Mm(spec.first_line)
    if spec.tab is not None:
        fmt.tab_stops.add_tab_stop(Mm(spec.tab))
    if spec.keep_with_next is not None:
        fmt.keep_with_next = spec.keep_with_next
    if spec.align is not None:
        fmt.alignment = spec.align
    if spec.contextual:
        ppr = style.element.get_or_add_pPr()
        ppr.insert_element_before(
            OxmlElement("w:contextualSpacing"),
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        )


def _table_properties(element: Any) -> None:
    """Thin grey grid, small cell margins and a bold first row for "Anfrage Tabelle"."""
    tbl_pr = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(
            OxmlElement(
                f"w:{edge}",
                {qn("w:val"): "single", qn("w:sz"): "4", qn("w:space"): "0", qn("w:color"): "808080"},
            )
        )
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", 28), ("left", 85), ("bottom", 28), ("right", 85)):
        margins.append(OxmlElement(f"w:{edge}", {qn("w:w"): str(width), qn("w:type"): "dxa"}))
    tbl_pr.append(margins)
    element.append(tbl_pr)
    first_row = OxmlElement("w:tblStylePr", {qn("w:type"): "firstRow"})
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    first_row.append(rpr)
    element.append(first_row)
