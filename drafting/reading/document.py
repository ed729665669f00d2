"""Read an inquiry document (.txt, .docx, .pdf) into plain text.

``read_document(data, filename)`` decides the type by content (magic bytes) before the
file name, refuses what it cannot read safely with a :class:`DraftingInputError` whose
German message is meant for the user, and returns the text plus warnings.

A PDF page without text (a scan) is recognised with OCR when ``ocr`` settings are given
(:mod:`drafting.reading.ocr`, which also explains how OCR runs beside the isolated reader);
without them, or when OCR is not possible, a PDF without any text is refused and pages
without text in an otherwise readable PDF are named in a warning.
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from drafting.errors import DraftingInputError
from drafting.limits import MAX_DOCUMENT_CHARS, check_document, document_too_long
from drafting.reading.ocr import (
    OcrError,
    OcrSettings,
    empty_after_warning,
    no_text_message,
    ocr_pdf,
    too_many_pages,
    unread_warning,
    used_warning,
)
from drafting.reading.textfile import decode_text

MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024  # all parts of a DOCX together, unpacked
MAX_RATIO = 100  # unpacked : packed, for parts larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MIN_PDF_TEXT = 20  # letters/digits below which a PDF page counts as "no text layer"

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

Kind = Literal["txt", "docx", "pdf"]


@dataclass
class ReadResult:
    text: str
    kind: Kind
    warnings: list[str] = field(default_factory=list)
    # PDF pages (from 1) still to be recognised; only with ``OcrSettings(defer=True)``,
    # then ``text`` holds the text of the other pages.
    ocr_pages: list[int] = field(default_factory=list)
    page_count: int = 0
    has_text: bool = True  # some page has text of its own (before OCR)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}".replace(".", ",")


def read_path(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_BYTES,
    max_chars: int | None = MAX_DOCUMENT_CHARS,
    ocr: OcrSettings | None = None,
) -> ReadResult:
    """Read a file from disk; the size is checked before the content is loaded."""
    file = Path(path)
    try:
        if file.is_dir():
            raise DraftingInputError(f"„{file}“ ist ein Verzeichnis, keine Datei.")
        size = file.stat().st_size
        if size > max_bytes:
            raise DraftingInputError(_too_large(size, max_bytes))
        data = file.read_bytes()
    except FileNotFoundError:
        raise DraftingInputError(f"Die Datei „{file}“ wurde nicht gefunden.") from None
    except PermissionError:
        raise DraftingInputError(
            f"Die Datei „{file}“ kann nicht gelesen werden (keine Berechtigung)."
        ) from None
    except OSError:
        raise DraftingInputError(f"Die Datei „{file}“ kann nicht gelesen werden.") from None
    return read_document(data, file.name, max_bytes=max_bytes, max_chars=max_chars, ocr=ocr)


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"Die Datei ist größer als {_mb(max_bytes)} MB ({_mb(size)} MB) und wird nicht "
        "verarbeitet. Bitte eine kleinere Datei hochladen."
    )


def read_document(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_BYTES,
    max_chars: int | None = MAX_DOCUMENT_CHARS,
    ocr: OcrSettings | None = None,
    ocr_done: Sequence[int] = (),
) -> ReadResult:
    """Plain text of a .txt, .docx or .pdf document.

    A file larger than ``max_bytes`` or with more than ``max_chars`` characters of text
    (``None``: no limit) is refused; DOCX and PDF stop reading as soon as the text gets
    longer than that. PDF pages without text are recognised with ``ocr`` (``None``: no
    OCR); ``ocr_done`` names the pages of ``data`` that are the result of OCR already."""
    name = Path(filename).name or "Datei"
    if not data:
        raise DraftingInputError(f"Die Datei „{name}“ ist leer.")
    if len(data) > max_bytes:
        raise DraftingInputError(_too_large(len(data), max_bytes))
    suffix = Path(name).suffix.lower()
    if data.startswith(_PDF_MAGIC) or (suffix == ".pdf" and _PDF_MAGIC in data[:1024]):
        return _read_pdf(data, name, max_chars, ocr, ocr_done)
    if data.startswith(_ZIP_MAGIC):
        return _read_docx(data, name, max_chars)
    if data.startswith(_OLE_MAGIC):
        raise DraftingInputError(_ole_message(data, name, suffix))
    if suffix in {".docx", ".pdf"}:
        kind = "Word-Datei" if suffix == ".docx" else "PDF-Datei"
        raise DraftingInputError(f"Die {kind} „{name}“ ist beschädigt oder hat ein falsches Format.")
    if suffix not in _TEXT_SUFFIXES:
        raise DraftingInputError(_unknown_type(name))
    if max_chars is not None and len(data) > 4 * max_chars + 4:  # > 4 bytes a character
        raise document_too_long(max_chars, name)
    text, notes = decode_text(data, name)
    check_document(text, max_chars, name)
    if not text.strip():
        raise DraftingInputError(f"Die Datei „{name}“ enthält keinen Text.")
    return ReadResult(text, "txt", notes)


def _unknown_type(name: str) -> str:
    return (
        f"Der Dateityp von „{name}“ wird nicht unterstützt. Unterstützt werden Textdateien "
        "(.txt), Word-Dokumente (.docx) und PDF-Dateien mit Textebene."
    )


def _ole_message(data: bytes, name: str, suffix: str) -> str:
    if _ENCRYPTED_PACKAGE in data or suffix in {".docx", ".xlsx", ".pptx"}:
        return (
            f"Die Word-Datei „{name}“ ist mit einem Passwort geschützt (verschlüsselt). "
            "Bitte den Kennwortschutz in Word entfernen und die Datei erneut hochladen."
        )
    if suffix == ".doc":
        return (
            f"„{name}“ ist im alten Word-Format (.doc), das nicht unterstützt wird. "
            "Bitte das Dokument in Word als .docx oder PDF speichern."
        )
    return _unknown_type(name)


def _bomb(name: str) -> DraftingInputError:
    return DraftingInputError(
        f"Die Word-Datei „{name}“ wird nicht geöffnet: entpackt wäre sie unverhältnismäßig "
        "groß (möglicherweise eine ZIP-Bombe)."
    )


def _check_zip(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse ZIP bombs by the declared sizes, before anything is unpacked. The declared
    sizes may lie: :func:`_unpack` enforces the same limits while inflating."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _bomb(name)
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED:
        raise _bomb(name)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _bomb(name)


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
INFLATE_CHUNK = 256 * 1024  # bytes inflated per step


def _unpack(data: bytes, archive: zipfile.ZipFile, name: str) -> dict[str, bytes]:
    """Every member of the archive, inflated in bounded steps.

    The sizes in the ZIP directory and local headers may lie (python-docx would then let
    zlib inflate a member in one piece, whatever its real size): a member is inflated at
    most one byte beyond its declared size, so memory stays bounded by the limits checked
    in :func:`_check_zip`, and a member whose content does not match its declared size or
    checksum is refused."""
    members: dict[str, bytes] = {}
    view = memoryview(data)
    for info in archive.infolist():
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:  # encrypted member
            raise zipfile.BadZipFile(info.filename)
        start = info.header_offset
        header = _LOCAL_HEADER.unpack_from(data, start) if start + 30 <= len(data) else None
        if header is None or header[0] != b"PK\x03\x04":
            raise zipfile.BadZipFile(info.filename)
        offset = start + _LOCAL_HEADER.size + header[10] + header[11]  # name, extra field
        raw = view[offset : offset + info.compress_size]
        if len(raw) != info.compress_size:
            raise zipfile.BadZipFile(info.filename)
        content = _inflate(raw, info)
        if len(content) != info.file_size:
            raise DraftingInputError(
                f"Die Word-Datei „{name}“ wird nicht geöffnet: die Größenangaben im Archiv "
                "stimmen nicht mit dem Inhalt überein (möglicherweise eine ZIP-Bombe)."
            )
        if zlib.crc32(content) != info.CRC:
            raise zipfile.BadZipFile(info.filename)
        members[info.filename] = content  # a repeated name: the last one counts, as in zipfile
    return members


def _inflate(raw: memoryview, info: zipfile.ZipInfo) -> bytes:
    """The member's content, or its first ``file_size + 1`` bytes if it is larger."""
    limit = info.file_size + 1
    if info.compress_type == zipfile.ZIP_STORED:
        return bytes(raw[:limit])
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(info.filename)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pieces: list[bytes] = []
    size = 0
    for position in range(0, len(raw), INFLATE_CHUNK):
        pending = raw[position : position + INFLATE_CHUNK]
        while pending and not inflater.eof:
            piece = inflater.decompress(pending, min(INFLATE_CHUNK, limit - size))
            pieces.append(piece)
            size += len(piece)
            if size >= limit:
                return b"".join(pieces)
            if not piece and len(inflater.unconsumed_tail) == len(pending):
                raise zipfile.BadZipFile(info.filename)  # no progress
            pending = inflater.unconsumed_tail
        if inflater.eof:
            break
    while not inflater.eof:  # output zlib still holds after the last input
        piece = inflater.decompress(b"", min(INFLATE_CHUNK, limit - size))
        if not piece:
            raise zipfile.BadZipFile(info.filename)  # truncated stream
        pieces.append(piece)
        size += len(piece)
        if size >= limit:
            break
    return b"".join(pieces)


def _repack(members: dict[str, bytes]) -> bytes:
    """An honest, uncompressed ZIP of the checked members, for python-docx."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return out.getvalue()


def _read_docx(data: bytes, name: str, max_chars: int | None) -> ReadResult:
    import docx

    from drafting.reading.docx_numbering import docx_paragraphs

    broken = DraftingInputError(
        f"Die Word-Datei „{name}“ ist beschädigt oder keine gültige .docx-Datei."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive, name)
            if "word/document.xml" not in archive.namelist():
                raise DraftingInputError(_unknown_type(name))
            package = _repack(_unpack(data, archive, name))
        document = docx.Document(io.BytesIO(package))
        del package
        paragraphs: list[str] = []
        size = 0
        for paragraph in docx_paragraphs(document):
            size += len(paragraph) + 2
            if max_chars is not None and size - 2 > max_chars:
                raise document_too_long(max_chars, name)
            paragraphs.append(paragraph)
        text = "\n\n".join(paragraphs)
    except (DraftingInputError, MemoryError):
        raise
    except Exception as exc:  # zipfile, lxml and python-docx raise many types on malformed parts
        if _out_of_memory(exc):
            raise MemoryError from None
        raise broken from None
    if not text.strip():
        raise DraftingInputError(f"Die Word-Datei „{name}“ enthält keinen Text.")
    return ReadResult(text, "docx", [])


def _out_of_memory(exc: BaseException) -> bool:
    """The error, or one it arose from, means memory ran out (not a damaged file): a
    ``MemoryError`` (possibly hidden behind an error while cleaning up) or libxml2's
    out-of-memory code, which lxml reports as a syntax error."""
    from lxml import etree

    no_memory = etree.ErrorTypes.ERR_NO_MEMORY
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, MemoryError):
            return True
        if isinstance(current, etree.LxmlError) and (
            getattr(current, "code", None) == no_memory
            or any(entry.type == no_memory for entry in getattr(current, "error_log", ()))
        ):
            return True
        current = current.__cause__ or current.__context__
    return False


def _read_pdf(data: bytes, name: str, max_chars: int | None, ocr: OcrSettings | None,
              ocr_done: Sequence[int] = ()) -> ReadResult:
    logger = logging.getLogger("pypdf")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pages, showing = _pdf_pages(data, name, max_chars)
    finally:
        logger.setLevel(previous)
    text = "\f".join(pages)
    count = len(pages)
    textless = [n for n, page in enumerate(pages, start=1) if _letters(page) < MIN_PDF_TEXT]
    has_text = len(textless) < count
    if ocr_done:  # the recognised document: what OCR found is all there is
        if not has_text:
            raise DraftingInputError(
                f"Die PDF-Datei „{name}“ enthält keinen Text (vermutlich ein eingescanntes "
                "Dokument), und auch die Texterkennung (OCR) hat keinen gefunden. Bitte den "
                "Text der Anfrage einfügen."
            )
        notes = [used_warning(ocr_done)]
        done = set(ocr_done)
        unread = [n for n in textless if n in done]
        if unread:
            notes.append(empty_after_warning(unread, name))
        return ReadResult(text, "pdf", notes, page_count=count)
    # Pages without text that show an image or a drawing are scans (or text as outlines);
    # pages that show nothing are blank and need no OCR.
    scans = [n for n in textless if n in showing]
    if not scans:
        if _letters(text) < MIN_PDF_TEXT:
            raise DraftingInputError(_needs_ocr(name))
        return ReadResult(text, "pdf", [], page_count=count)
    if ocr is None or not ocr.enabled:
        if not has_text:
            raise DraftingInputError(_needs_ocr(name))
        reason = "Die Texterkennung (OCR) ist nicht eingeschaltet."
    elif len(scans) > ocr.max_pages:
        reason = too_many_pages(len(scans), ocr.max_pages)
    elif ocr.defer:
        return ReadResult(text, "pdf", [], ocr_pages=scans, page_count=count, has_text=has_text)
    else:
        try:
            recognised = ocr_pdf(data, scans, ocr)
        except OcrError as exc:
            reason = str(exc)
        else:
            return _read_pdf(recognised, name, max_chars, None, scans)
    return without_ocr(text, scans, has_text, name, reason, count)


def _letters(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def _needs_ocr(name: str) -> str:
    return (
        f"Die PDF-Datei „{name}“ enthält keinen Text (vermutlich ein eingescanntes Dokument). "
        "Sie muss zuerst per Texterkennung (OCR) in eine durchsuchbare PDF umgewandelt werden."
    )


def without_ocr(text: str, scans: Sequence[int], has_text: bool, name: str, reason: str,
                count: int = 0) -> ReadResult:
    """The text of the pages that have text, with a warning naming the scanned pages and
    why they were not recognised (``reason``); a PDF without any text is refused."""
    if not has_text:
        raise DraftingInputError(no_text_message(name, reason))
    return ReadResult(text, "pdf", [unread_warning(scans, name, reason)], page_count=count)


def _pdf_pages(data: bytes, name: str, max_chars: int | None) -> tuple[list[str], set[int]]:
    """The text of every page, and the numbers (from 1) of the pages with little text that
    show an image or a drawing."""
    from pypdf import PdfReader

    protected = DraftingInputError(
        f"Die PDF-Datei „{name}“ ist mit einem Passwort geschützt. "
        "Bitte eine ungeschützte Fassung hochladen."
    )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:
                raise protected from None
            if not opened:
                raise protected
        pages: list[str] = []
        showing: set[int] = set()
        size = 0
        for number, page in enumerate(reader.pages, start=1):
            pages.append(_page_text(page))
            size += len(pages[-1]) + 1
            if max_chars is not None and size - 1 > max_chars:
                raise document_too_long(max_chars, name)
            if _letters(pages[-1]) < MIN_PDF_TEXT and _shows_something(page):
                showing.add(number)
        return pages, showing
    except (DraftingInputError, MemoryError):
        raise
    except Exception as exc:  # pypdf raises many exception types on damaged files
        if _out_of_memory(exc):
            raise MemoryError from None
        raise DraftingInputError(
            f"Die PDF-Datei „{name}“ ist beschädigt und kann nicht gelesen werden."
        ) from None


MIN_DRAWING = 1024  # bytes of page content (without images) that may be text as outlines


def _shows_something(page) -> bool:
    """The page has an image (also inline or inside a form) or a sizeable drawing; if it
    cannot be told, it counts as showing something (OCR then looks)."""
    try:
        if len(page.images) > 0:
            return True
        contents = page.get_contents()
        return contents is not None and len(contents.get_data()) >= MIN_DRAWING
    except MemoryError:
        raise
    except Exception:
        return True


PARAGRAPH_GAP = 1.35  # a line gap this much larger than the usual one starts a paragraph


def _page_text(page) -> str:
    """The page's text; where the layout shows a paragraph gap (more vertical space than
    between the lines of a paragraph) a blank line is inserted."""
    chunks: list[tuple[str, float]] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            chunks.append((text, cm[3] * tm[5] + cm[5]))

    text = page.extract_text(visitor_text=visit) or ""
    lines = text.split("\n")  # spaces and tabs before a line break go (linear, unlike a regex)
    text = "\n".join([*(line.rstrip(" \t") for line in lines[:-1]), lines[-1]])
    return _mark_paragraph_gaps(text, chunks)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _mark_paragraph_gaps(text: str, chunks: list[tuple[str, float]]) -> str:
    lines = text.split("\n")
    positions: list[float | None] = []
    pending, used, index = "", 0, 0  # pending[used:] is chunk text not yet matched to lines
    for line in lines:
        wanted = _squash(line)
        if not wanted:
            positions.append(None)
            continue
        y = None
        while len(pending) - used < len(wanted) and index < len(chunks):
            if y is None and used == len(pending):
                y = chunks[index][1]
            pending = pending[used:] + _squash(chunks[index][0])
            used = 0
            index += 1
        if not pending.startswith(wanted, used):
            return text  # the layout does not line up with the text: leave it as it is
        used += len(wanted)
        positions.append(y)
    gaps = [a - b for a, b in itertools.pairwise(positions)
            if a is not None and b is not None and a - b > 0]
    if len(gaps) < 3:
        return text
    usual = sorted(gaps)[len(gaps) // 2]
    out: list[str] = []
    previous = None
    for line, y in zip(lines, positions, strict=True):
        if y is not None and previous is not None and previous - y > usual * PARAGRAPH_GAP \
                and out and out[-1].strip():
            out.append("")
        out.append(line)
        if y is not None:
            previous = y
    return "\n".join(out)
