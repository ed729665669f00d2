"""Read an inquiry document (.txt, .docx, .pdf) into plain text.

``read_document(data, filename)`` decides the type by content (magic bytes) before the
file name, refuses what it cannot read safely with a :class:`DraftingInputError` whose
German message is meant for the user, and returns the text plus warnings.
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from drafting.errors import DraftingInputError
from drafting.textfile import decode_text

MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024  # all parts of a DOCX together, unpacked
MAX_RATIO = 100  # unpacked : packed, for parts larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MIN_PDF_TEXT = 20  # letters/digits below which a PDF counts as "no text layer"

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


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}".replace(".", ",")


def read_path(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> ReadResult:
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
    return read_document(data, file.name, max_bytes=max_bytes)


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"Die Datei ist größer als {_mb(max_bytes)} MB ({_mb(size)} MB) und wird nicht "
        "verarbeitet. Bitte eine kleinere Datei hochladen."
    )


def read_document(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> ReadResult:
    """Plain text of a .txt, .docx or .pdf document."""
    name = Path(filename).name or "Datei"
    if not data:
        raise DraftingInputError(f"Die Datei „{name}“ ist leer.")
    if len(data) > max_bytes:
        raise DraftingInputError(_too_large(len(data), max_bytes))
    suffix = Path(name).suffix.lower()
    if data.startswith(_PDF_MAGIC) or (suffix == ".pdf" and _PDF_MAGIC in data[:1024]):
        return _read_pdf(data, name)
    if data.startswith(_ZIP_MAGIC):
        return _read_docx(data, name)
    if data.startswith(_OLE_MAGIC):
        raise DraftingInputError(_ole_message(data, name, suffix))
    if suffix in {".docx", ".pdf"}:
        kind = "Word-Datei" if suffix == ".docx" else "PDF-Datei"
        raise DraftingInputError(f"Die {kind} „{name}“ ist beschädigt oder hat ein falsches Format.")
    if suffix not in _TEXT_SUFFIXES:
        raise DraftingInputError(_unknown_type(name))
    text, notes = decode_text(data, name)
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


def _check_zip(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse ZIP bombs by the declared sizes, before anything is unpacked.

    Python's zipfile never inflates a member beyond its declared size, so checking the
    declared sizes is enough."""
    infos = archive.infolist()
    bomb = DraftingInputError(
        f"Die Word-Datei „{name}“ wird nicht geöffnet: entpackt wäre sie unverhältnismäßig "
        "groß (möglicherweise eine ZIP-Bombe)."
    )
    if len(infos) > MAX_ZIP_ENTRIES:
        raise bomb
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED:
        raise bomb
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise bomb


def _read_docx(data: bytes, name: str) -> ReadResult:
    import docx

    from drafting.docx_numbering import docx_text

    broken = DraftingInputError(
        f"Die Word-Datei „{name}“ ist beschädigt oder keine gültige .docx-Datei."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive, name)
            if "word/document.xml" not in archive.namelist():
                raise DraftingInputError(_unknown_type(name))
        document = docx.Document(io.BytesIO(data))
        text = docx_text(document)
    except DraftingInputError:
        raise
    except Exception:  # zipfile, lxml and python-docx raise many types on malformed parts
        raise broken from None
    if not text.strip():
        raise DraftingInputError(f"Die Word-Datei „{name}“ enthält keinen Text.")
    return ReadResult(text, "docx", [])


def _read_pdf(data: bytes, name: str) -> ReadResult:
    logger = logging.getLogger("pypdf")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pages = _pdf_pages(data, name)
    finally:
        logger.setLevel(previous)
    text = "\f".join(pages)
    if sum(ch.isalnum() for ch in text) < MIN_PDF_TEXT:
        raise DraftingInputError(
            f"Die PDF-Datei „{name}“ enthält keinen Text (vermutlich ein eingescanntes "
            "Dokument). Sie muss zuerst per Texterkennung (OCR) in eine durchsuchbare PDF "
            "umgewandelt werden."
        )
    return ReadResult(text, "pdf", [])


def _pdf_pages(data: bytes, name: str) -> list[str]:
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
        return [_page_text(page) for page in reader.pages]
    except DraftingInputError:
        raise
    except Exception:  # pypdf raises many exception types on damaged files
        raise DraftingInputError(
            f"Die PDF-Datei „{name}“ ist beschädigt und kann nicht gelesen werden."
        ) from None


PARAGRAPH_GAP = 1.35  # a line gap this much larger than the usual one starts a paragraph


def _page_text(page) -> str:
    """The page's text; where the layout shows a paragraph gap (more vertical space than
    between the lines of a paragraph) a blank line is inserted."""
    chunks: list[tuple[str, float]] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            chunks.append((text, cm[3] * tm[5] + cm[5]))

    text = page.extract_text(visitor_text=visit) or ""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return _mark_paragraph_gaps(text, chunks)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _mark_paragraph_gaps(text: str, chunks: list[tuple[str, float]]) -> str:
    lines = text.split("\n")
    positions: list[float | None] = []
    pending, index = "", 0
    for line in lines:
        wanted = _squash(line)
        if not wanted:
            positions.append(None)
            continue
        y = None
        while len(pending) < len(wanted) and index < len(chunks):
            if y is None and not pending:
                y = chunks[index][1]
            pending += _squash(chunks[index][0])
            index += 1
        if not pending.startswith(wanted):
            return text  # the layout does not line up with the text: leave it as it is
        pending = pending[len(wanted):]
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
