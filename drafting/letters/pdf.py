"""DOCX -> tagged PDF/A-2 with LibreOffice in headless mode; PDF -> page images (PNG) with
pdftoppm."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from drafting.errors import DraftingInputError

__all__ = [
    "PdfConversionError",
    "PdfUnavailableError",
    "docx_to_pdf",
    "find_pdftoppm",
    "find_soffice",
    "pdf_to_png",
]

_LOCK = threading.Lock()

# Tagged PDF/A-2b (archivable, accessible: structure tree, /Lang, title from the document
# properties); the JSON form of the filter options is understood from LibreOffice 7.4 on.
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {
        "SelectPdfVersion": {"type": "long", "value": "2"},
        "UseTaggedPDF": {"type": "boolean", "value": "true"},
    },
    separators=(",", ":"),
)
_PROFILE: tuple[int, Path] | None = None


class PdfUnavailableError(DraftingInputError):
    """LibreOffice (soffice) is not installed or not found."""


class PdfConversionError(DraftingInputError):
    """LibreOffice ran but produced no PDF (or took too long)."""


def find_soffice() -> str | None:
    """Path of the LibreOffice binary: $DRAFTING_SOFFICE, else soffice/libreoffice on PATH."""
    configured = os.environ.get("DRAFTING_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_bytes: bytes, *, timeout: float = 60) -> bytes:
    """Convert DOCX bytes to tagged PDF/A-2b bytes (title, language and headings of the
    DOCX in the PDF); conversions in one process run one after another."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailableError(
            "PDF-Erzeugung nicht möglich: LibreOffice (soffice) ist nicht installiert "
            "oder nicht im Suchpfad. Bitte LibreOffice installieren oder DRAFTING_SOFFICE setzen."
        )
    with _LOCK, tempfile.TemporaryDirectory(prefix="drafting-pdf-") as work:
        source = Path(work) / "brief.docx"
        source.write_bytes(docx_bytes)
        command = [
            soffice,
            f"-env:UserInstallation={_profile().as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            work,
            str(source),
        ]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                timeout=timeout,
                check=False,
                env={**os.environ, "HOME": work},
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(
                f"PDF-Erzeugung abgebrochen: LibreOffice hat nach {timeout:g} Sekunden nicht geantwortet."
            ) from exc
        except OSError as exc:
            raise PdfUnavailableError(
                f"PDF-Erzeugung nicht möglich: LibreOffice lässt sich nicht starten ({exc})."
            ) from exc
        target = source.with_suffix(".pdf")
        if result.returncode != 0 or not target.is_file():
            detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
            last = detail.splitlines()[-1] if detail else f"Exit-Status {result.returncode}"
            raise PdfConversionError(f"PDF-Erzeugung fehlgeschlagen: {last}")
        return target.read_bytes()


def find_pdftoppm() -> str | None:
    """Path of poppler's pdftoppm: $DRAFTING_PDFTOPPM, else pdftoppm on PATH."""
    configured = os.environ.get("DRAFTING_PDFTOPPM")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("pdftoppm")


def pdf_to_png(pdf_bytes: bytes, *, dpi: int = 80, max_pages: int = 50,
               timeout: float = 60) -> list[bytes]:
    """The pages of a PDF as PNG images (at most ``max_pages``), in page order."""
    pdftoppm = find_pdftoppm()
    if pdftoppm is None:
        raise PdfUnavailableError(
            "Seitenbilder nicht möglich: pdftoppm (poppler-utils) ist nicht installiert "
            "oder nicht im Suchpfad."
        )
    with tempfile.TemporaryDirectory(prefix="drafting-png-") as work:
        source = Path(work) / "brief.pdf"
        source.write_bytes(pdf_bytes)
        command = [pdftoppm, "-png", "-r", str(dpi), "-f", "1", "-l", str(max_pages),
                   str(source), str(Path(work) / "seite")]
        try:
            result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(
                f"Seitenbilder abgebrochen: pdftoppm hat nach {timeout:g} Sekunden nicht geantwortet."
            ) from exc
        except OSError as exc:
            raise PdfUnavailableError(
                f"Seitenbilder nicht möglich: pdftoppm lässt sich nicht starten ({exc})."
            ) from exc
        # pdftoppm pads the page number to the width of the page count: seite-1.png, seite-01.png
        pages = sorted(Path(work).glob("seite-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if result.returncode != 0 or not pages:
            detail = result.stderr.decode("utf-8", "replace").strip()
            last = detail.splitlines()[-1] if detail else f"Exit-Status {result.returncode}"
            raise PdfConversionError(f"Seitenbilder fehlgeschlagen: {last}")
        return [page.read_bytes() for page in pages]


def _profile() -> Path:
    """A private LibreOffice profile per process (created once, removed at exit).

    Keyed by process id, so forked web workers never share a profile.
    """
    global _PROFILE
    if _PROFILE is None or _PROFILE[0] != os.getpid():
        path = Path(tempfile.mkdtemp(prefix="drafting-soffice-profile-"))
        atexit.register(shutil.rmtree, path, ignore_errors=True)
        _PROFILE = (os.getpid(), path)
    return _PROFILE[1]
