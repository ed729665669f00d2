"""The base DOCX package of the letter, built once per template and logo and cached.

The base is the template (or python-docx's default document) with its body cleared, the
DIN 5008 page setup (A4; margins 25/20 mm left/right, 20/22 mm top/bottom), the named
styles, a different first page (DIN fold and punch marks in its header unless the template
brings its own letterhead there), "Seite X von Y" in the footer of pages 2 ff., German as
the default language and the letter's list definitions (:class:`Lists`); a draft's base also
carries "ENTWURF" in the headers of all pages. It is kept as a zip without
``word/document.xml``, ``docProps/core.xml`` and the numbering part: a letter only writes
those three parts into a copy, so python-docx parses and compresses the rest only once.
"""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.parts.numbering import NumberingPart
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from drafting.errors import DraftingInputError
from drafting.letters import styles as st
from drafting.letters.oxml import P, R, field, set_style, text_run

Template = str | Path | bytes | None
Logo = str | Path | bytes | None

_LOGO_MAX_HEIGHT_MM = 20
_LOGO_MAX_WIDTH_MM = 60
_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"


@dataclass(frozen=True)
class Lists:
    """The letter's Word list definitions in the numbering part (``word/numbering.xml``).

    ``numbering_xml`` holds the template's definitions plus an abstract bullet list and an
    abstract numbered list; one ``w:num`` (``bullet_num``) serves all bullet items, every
    numbered list gets its own ``w:num`` (from ``next_num``) when a letter is written, so
    it counts from its own start.
    """

    part: str  # the numbering part's name in the zip, e.g. "word/numbering.xml"
    numbering_xml: bytes
    bullet_num: str
    numbered_abstract: str
    next_num: int


@dataclass(frozen=True)
class Base:
    package: bytes  # the DOCX package without the document, core and numbering parts
    document_xml: bytes  # word/document.xml with an empty body (only the sectPr)
    style_ids: dict[str, str]
    template_letterhead: bool  # the template's first-page header has content
    logo_drawing: bytes | None  # <w:drawing> of the logo, its image part is in the package
    lists: Lists


_CACHE: OrderedDict[Any, Base] = OrderedDict()
_CACHE_SIZE = 8
_LOCK = threading.Lock()


def load_base(template: Template, logo: Logo, *, draft: bool = False) -> Base:
    blob = None if template is None else _read_template(template)
    logo_blob = None if logo is None else _read_logo(logo)
    key = (*(None if b is None else hashlib.sha256(b).hexdigest() for b in (blob, logo_blob)), draft)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    base = _build_base(blob, logo_blob, draft)
    with _LOCK:
        _CACHE[key] = base
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return base


def _read_template(template: str | Path | bytes) -> bytes:
    if isinstance(template, bytes | bytearray):
        blob = bytes(template)
    else:
        path = Path(template)
        if not path.is_file():
            raise DraftingInputError(f"Die Vorlage „{path}“ wurde nicht gefunden.")
        blob = path.read_bytes()
    return _as_document(blob)


def _read_logo(logo: str | Path | bytes) -> bytes:
    if isinstance(logo, bytes | bytearray):
        return bytes(logo)
    path = Path(logo)
    if not path.is_file():
        raise DraftingInputError(f"Die Logo-Datei „{path}“ wurde nicht gefunden.")
    return path.read_bytes()


def _as_document(blob: bytes) -> bytes:
    """Let a Word template (.dotx) be opened like a document (.docx)."""
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as source:
            types = source.read("[Content_Types].xml")
            if _TEMPLATE_TYPE.encode() not in types:
                return blob
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for info in source.infolist():
                    data = source.read(info.filename)
                    if info.filename == "[Content_Types].xml":
                        data = types.replace(_TEMPLATE_TYPE.encode(), _DOCUMENT_TYPE.encode())
                    target.writestr(info, data)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError) as exc:
        raise _bad_template() from exc


def _bad_template() -> DraftingInputError:
    return DraftingInputError("Die Vorlage ist keine gültige Word-Datei (.docx oder .dotx ohne Makros).")


def _open(blob: bytes) -> Any:
    try:
        return docx.Document(io.BytesIO(blob))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError, etree.XMLSyntaxError) as exc:
        raise _bad_template() from exc


def _build_base(blob: bytes | None, logo: bytes | None, draft: bool = False) -> Base:
    document = docx.Document() if blob is None else _open(blob)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[-1]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.gutter = Mm(0)
    section.different_first_page_header_footer = True
    style_ids = st.ensure_styles(document, set_font=blob is None)
    header = section.first_page_header
    template_letterhead = not header.is_linked_to_previous and _has_content(header._element)
    header.is_linked_to_previous = False
    if not template_letterhead:
        _fold_marks(header._element)
    section.first_page_footer.is_linked_to_previous = False
    _page_numbers(section.footer, style_ids[st.FOOTER])
    if draft:
        for page_header in (section.first_page_header, section.header):
            _draft_mark(page_header, style_ids[st.FOOTER])
    logo_drawing = _logo_drawing(document, logo) if logo is not None else None
    _german_defaults(document)
    lists = _lists(document, style_ids)
    document.core_properties.title = ""  # makes sure the package has a core properties part
    out = io.BytesIO()
    document.save(out)
    package, document_xml = _split_package(out.getvalue(), lists.part)
    return Base(package, document_xml, style_ids, template_letterhead, logo_drawing, lists)


def _german_defaults(document: Any) -> None:
    """German (de-DE) as the document's default language (``w:docDefaults``): the letter is
    German whatever the template says, and LibreOffice writes it as the PDF's /Lang."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)  # w:lang is the last child of w:rPr the letter styles use
    lang.set(qn("w:val"), "de-DE")


_BULLET_TEXT = "•"


def _lists(document: Any, style_ids: dict[str, str]) -> Lists:
    """Add the letter's abstract bullet and numbered lists to the numbering part (created
    when the template has none) and one ``w:num`` for the bullets."""
    try:
        part = document.part.part_related_by(RT.NUMBERING)
    except KeyError:
        root = parse_xml(f'<w:numbering xmlns:w="{_NAMESPACES["w"]}"/>'.encode())
        part = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, root, document.part.package)
        document.part.relate_to(part, RT.NUMBERING)
    root = part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in root.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in root.findall(qn("w:num"))]
    bullet_abstract, numbered_abstract = (str(max(abstract_ids, default=-1) + k) for k in (1, 2))
    styles = document.styles.element
    definitions = (
        (bullet_abstract, "bullet", _BULLET_TEXT, st.BULLET),
        (numbered_abstract, "decimal", "%1.", st.NUMBERED),
    )
    first_num = root.find(qn("w:num"))
    for abstract_id, fmt, text, style_name in definitions:
        abstract = _abstract_num(abstract_id, fmt, text, _indent(styles, style_ids[style_name]))
        if first_num is not None:
            first_num.addprevious(abstract)  # abstractNum elements precede all num elements
        else:
            root.append(abstract)
    bullet_num = str(max(num_ids, default=0) + 1)
    root.append(_num(bullet_num, bullet_abstract))
    return Lists(
        part=part.partname.lstrip("/"),
        numbering_xml=etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True),
        bullet_num=bullet_num,
        numbered_abstract=numbered_abstract,
        next_num=int(bullet_num) + 1,
    )


def _indent(styles: Any, style_id: str) -> tuple[str, str]:
    """(left, hanging) in twips of a list style, following "based on" (the number or bullet
    hangs in the indentation the style gives; a template's style decides)."""
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    seen: set[str] = set()
    while style_id in by_id and style_id not in seen:
        seen.add(style_id)
        style = by_id[style_id]
        ind = style.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        if ind is not None and ind.get(qn("w:left")):
            hanging = ind.get(qn("w:hanging")) or ind.get(qn("w:left"))
            return ind.get(qn("w:left")), hanging
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else ""
    return "340", "340"  # 6 mm


def _abstract_num(abstract_id: str, fmt: str, text: str, indent: tuple[str, str]) -> Any:
    abstract = OxmlElement("w:abstractNum", {qn("w:abstractNumId"): abstract_id})
    abstract.append(OxmlElement("w:multiLevelType", {qn("w:val"): "singleLevel"}))
    lvl = OxmlElement("w:lvl", {qn("w:ilvl"): "0"})
    for tag, value in (("start", "1"), ("numFmt", fmt), ("lvlText", text), ("lvlJc", "left")):
        lvl.append(OxmlElement(f"w:{tag}", {qn("w:val"): value}))
    ppr = OxmlElement("w:pPr")
    ppr.append(OxmlElement("w:ind", {qn("w:left"): indent[0], qn("w:hanging"): indent[1]}))
    lvl.append(ppr)
    abstract.append(lvl)
    return abstract


def _num(num_id: str, abstract_id: str, start: int | None = None) -> Any:
    num = OxmlElement("w:num", {qn("w:numId"): num_id})
    num.append(OxmlElement("w:abstractNumId", {qn("w:val"): abstract_id}))
    if start is not None:
        override = OxmlElement("w:lvlOverride", {qn("w:ilvl"): "0"})
        override.append(OxmlElement("w:startOverride", {qn("w:val"): str(start)}))
        num.append(override)
    return num


def numbering_xml(lists: Lists, starts: list[int]) -> bytes:
    """The numbering part of one letter: a ``w:num`` per numbered list (its start value),
    numbered ``lists.next_num``, ``lists.next_num + 1``, ... in the order of ``starts``."""
    root = etree.fromstring(lists.numbering_xml)
    for index, start in enumerate(starts):
        root.append(_num(str(lists.next_num + index), lists.numbered_abstract, start))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _logo_drawing(document: Any, logo: bytes) -> bytes:
    """Add the logo image to the package; return its <w:drawing>, scaled to fit."""
    try:
        shape = document.add_paragraph().add_run().add_picture(io.BytesIO(logo))
    except Exception as exc:  # python-docx raises several types for unreadable images
        raise DraftingInputError("Das Logo ist kein lesbares Bild (PNG, JPEG, GIF, BMP oder TIFF).") from exc
    height_mm, width_mm = shape.height / 36000, shape.width / 36000
    scale = min(1.0, _LOGO_MAX_HEIGHT_MM / height_mm, _LOGO_MAX_WIDTH_MM / width_mm)
    shape.height, shape.width = Mm(height_mm * scale), Mm(width_mm * scale)
    p = document.paragraphs[-1]._p
    drawing = p.find(f"{R}/{qn('w:drawing')}")
    p.getparent().remove(p)
    return etree.tostring(drawing)


def _split_package(blob: bytes, numbering_part: str) -> tuple[bytes, bytes]:
    """Take word/document.xml, docProps/core.xml and the numbering part out of a saved
    package (a letter writes them)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(blob)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        document_xml = source.read(DOCUMENT_PART)
        for info in source.infolist():
            if info.filename not in (DOCUMENT_PART, CORE_PART, numbering_part):
                target.writestr(zip_info(info.filename), source.read(info.filename))
    return out.getvalue(), document_xml


def zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


_MARK = """<w:r xmlns:w="{w}"><w:drawing><wp:anchor xmlns:wp="{wp}" distT="0" distB="0" distL="0"
 distR="0" simplePos="0" relativeHeight="1" behindDoc="1" locked="1" layoutInCell="1"
 allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset
>{x}</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset
></wp:positionV><wp:extent cx="{cx}" cy="0"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone
/><wp:docPr id="{id}" name="{name}" descr="{name}"/><wp:cNvGraphicFramePr/><a:graphic
 xmlns:a="{a}"><a:graphicData
 uri="{wps}"><wps:wsp xmlns:wps="{wps}"><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext
 cx="{cx}" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="6350"><a:solidFill
><a:srgbClr val="808080"/></a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData
></a:graphic></wp:anchor></w:drawing></w:r>"""
_NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}


def _fold_marks(header: Any) -> None:
    """DIN 5008 fold marks (105 mm, 210 mm) and punch mark (148.5 mm) at the left edge; their
    names are their alternative text (LibreOffice 7.4 tags the lines as figures in a PDF)."""
    p = header.find(P)
    if p is None:
        p = etree.SubElement(header, P)
    marks = (("Falzmarke oben", 105, 5), ("Lochmarke", 148.5, 8), ("Falzmarke unten", 210, 5))
    for number, (name, y_mm, length_mm) in enumerate(marks, start=1):
        xml = _MARK.format(
            x=5 * 36000,
            y=round(y_mm * 36000),
            cx=round(length_mm * 36000),
            id=9000 + number,
            name=name,
            **_NAMESPACES,
        )
        p.append(etree.fromstring(xml))


DRAFT_MARK = "ENTWURF"


def _draft_mark(header: Any, style_id: str) -> None:
    """ "ENTWURF" at the top right of every page, in the header's first paragraph when it has
    no text (the fold marks are anchored to the page), else in a paragraph of its own."""
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0] if header.paragraphs else None
    if paragraph is None or paragraph.text.strip():
        paragraph = header.add_paragraph()
    set_style(paragraph._p, style_id)  # the letter's font, right-aligned
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(DRAFT_MARK)
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)


def _has_content(element: Any) -> bool:
    text = "".join(element.itertext()).strip()
    return bool(text) or bool(element.xpath(".//w:drawing | .//w:pict"))


def _page_numbers(footer: Any, style_id: str) -> None:
    """ "Seite X von Y" with PAGE and NUMPAGES fields (unless the footer already has one)."""
    footer.is_linked_to_previous = False
    element = footer._element
    if "PAGE" in "".join(element.xpath(".//w:instrText/text() | .//w:fldSimple/@w:instr")):
        return
    paragraph = footer.paragraphs[0] if footer.paragraphs else None
    if paragraph is None or paragraph.text.strip() or len(paragraph._p) > 1:
        p = OxmlElement("w:p")
        element.append(p)
    else:
        p = paragraph._p
    set_style(p, style_id)
    text_run(p, "Seite ")
    field(p, "PAGE")
    text_run(p, " von ")
    field(p, "NUMPAGES")


def core_xml(title: str, subject: str, author: str) -> bytes:
    """Document properties: title, subject, author; created/modified now (UTC)."""
    ns = {
        "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/",
        "dcterms": "http://purl.org/dc/terms/",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    }
    root = etree.Element(f"{{{ns['cp']}}}coreProperties", nsmap=ns)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for tag, text in (
        ("dc:title", title),
        ("dc:subject", subject),
        ("dc:creator", author),
        ("cp:lastModifiedBy", author),
        ("cp:revision", "1"),
        ("dcterms:created", now),
        ("dcterms:modified", now),
    ):
        prefix, name = tag.split(":")
        element = etree.SubElement(root, f"{{{ns[prefix]}}}{name}")
        element.text = text
        if prefix == "dcterms":
            element.set(f"{{{ns['xsi']}}}type", "dcterms:W3CDTF")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
