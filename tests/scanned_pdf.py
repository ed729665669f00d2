"""Builders of "scanned" PDFs for the OCR tests and ``bench/ocr.py``.

A real text PDF (a DOCX built with python-docx, converted by LibreOffice) is rasterised by
poppler's ``pdftoppm`` (grey, 300 dpi by default) and rebuilt as a PDF whose pages are
nothing but one image each, as a scanner writes it. The image PDF is written by hand
(grey pixels, Flate-compressed), so no imaging library is needed.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from pypdf import PdfReader, PdfWriter

from drafting.letters.pdf import find_soffice

REFERENCE = Path(__file__).parent / "data" / "reference" / "inquiry.txt"


def reference_paragraphs() -> list[str]:
    text = REFERENCE.read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def tools_missing() -> list[str]:
    """The programs these builders need that are not installed."""
    missing = [] if find_soffice() else ["LibreOffice (soffice)"]
    if shutil.which("pdftoppm") is None:
        missing.append("pdftoppm (poppler-utils)")
    return missing


def docx_bytes(paragraphs: list[str], *, page_break_before: int | None = None) -> bytes:
    """A DOCX with one paragraph each; a page break before paragraph ``page_break_before``."""
    document = docx.Document()
    for index, paragraph in enumerate(paragraphs):
        if index == page_break_before:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text_pdf(paragraphs: list[str], *, page_break_before: int | None = None) -> bytes:
    """The paragraphs as a PDF with a text layer (python-docx, then LibreOffice)."""
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) ist nicht installiert")
    with tempfile.TemporaryDirectory(prefix="scanned-pdf-") as work:
        source = Path(work) / "anfrage.docx"
        source.write_bytes(docx_bytes(paragraphs, page_break_before=page_break_before))
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{work}/profile",
             "--convert-to", "pdf", "--outdir", work, str(source)],
            check=True, capture_output=True, timeout=180,
        )
        return (Path(work) / "anfrage.pdf").read_bytes()


@dataclass
class Raster:
    """One page as 8-bit grey pixels."""

    width: int
    height: int
    dpi: int
    pixels: bytes


def rasterise(pdf: bytes, *, dpi: int = 300, first: int | None = None,
              last: int | None = None) -> list[Raster]:
    """The pages ``first`` .. ``last`` (1-based, all by default) as grey images."""
    with tempfile.TemporaryDirectory(prefix="scanned-pdf-") as work:
        source = Path(work) / "in.pdf"
        source.write_bytes(pdf)
        command = ["pdftoppm", "-r", str(dpi), "-gray"]
        if first is not None:
            command += ["-f", str(first)]
        if last is not None:
            command += ["-l", str(last)]
        subprocess.run([*command, str(source), f"{work}/page"], check=True,
                       capture_output=True, timeout=300)
        return [_read_pgm(path, dpi) for path in sorted(Path(work).glob("page*.pgm"))]


def _read_pgm(path: Path, dpi: int) -> Raster:
    data = path.read_bytes()
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:  # magic, width, height, maximum value
        while data[position:position + 1].isspace():
            position += 1
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    if fields[0] != b"P5" or fields[3] != b"255":
        raise ValueError(f"{path.name}: kein 8-Bit-PGM")
    width, height = int(fields[1]), int(fields[2])
    pixels = data[position + 1:position + 1 + width * height]
    return Raster(width, height, dpi, pixels)


def image_pdf(pages: list[Raster]) -> bytes:
    """A PDF whose every page is one grey image and nothing else (no text layer)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    tree = add(b"")
    kids = []
    for page in pages:
        stream = zlib.compress(page.pixels, 6)
        image = add(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
            % (page.width, page.height, len(stream), stream)
        )
        width = page.width * 72 / page.dpi
        height = page.height * 72 / page.dpi
        draw = b"q %.3f 0 0 %.3f 0 0 cm /Im0 Do Q" % (width, height)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw))
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.3f %.3f] "
            b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
            % (tree, width, height, image, content)
        ))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids), len(kids))
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, xref)
    return bytes(out)


def scanned(pdf: bytes, *, dpi: int = 300) -> bytes:
    """``pdf`` rasterised and rebuilt as an image-only PDF."""
    return image_pdf(rasterise(pdf, dpi=dpi))


def mixed(paragraphs: list[str]) -> bytes:
    """Page 1 (the first paragraph) with text, page 2 (the rest) an image without text."""
    two_pages = text_pdf(paragraphs, page_break_before=2)
    second = image_pdf(rasterise(two_pages, first=2, last=2))
    return combine((two_pages, 1), (second, 1))


def combine(*parts: tuple[bytes, int]) -> bytes:
    """A PDF of the given pages, each ``(pdf, page number from 1)``, in this order."""
    writer = PdfWriter()
    for pdf, number in parts:
        writer.add_page(PdfReader(io.BytesIO(pdf)).pages[number - 1])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def repeat_pages(pdf: bytes, count: int) -> bytes:
    """A PDF of ``count`` copies of the first page of ``pdf`` (cheap: the image is shared)."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for _ in range(count):
        writer.add_page(reader.pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ocr_missing() -> str | None:
    """Why OCR cannot run here (OCRmyPDF or the German Tesseract data missing), or None."""
    from drafting.reading.ocr import find_ocrmypdf

    if find_ocrmypdf() is None:
        return "OCRmyPDF (Paket ocrmypdf) ist nicht installiert"
    tesseract = shutil.which("tesseract")
    languages = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True,
                               check=False, timeout=60).stdout.split() if tesseract else []
    if "deu" not in languages:
        return "Tesseract ohne deutsche Sprachdaten (Paket tesseract-ocr-deu)"
    return None


def blank_image_pdf(pages: int) -> bytes:
    """``pages`` small white image pages (no text, nothing to recognise)."""
    white = Raster(200, 280, 24, bytes([255]) * (200 * 280))
    return image_pdf([white] * pages)


def require_builders() -> None:
    """Skip (locally) or fail (on CI) when a scanned PDF cannot be built here."""
    from conftest import require

    missing = tools_missing()
    require(not missing, f"{', '.join(missing)} fehlt: kein gescanntes PDF zu bauen")


def require_ocr() -> None:
    """Skip (locally) or fail (on CI) when OCR cannot run here."""
    from conftest import require

    reason = ocr_missing()
    require(reason is None, f"{reason}; OCR-Test übersprungen")
