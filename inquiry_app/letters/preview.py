"""Page images of a letter for the letter page: DOCX -> PDF (LibreOffice) -> PNG (pdftoppm),
or the stored PDF of a signed letter -> PNG. Cached in ``PREVIEW_DIR`` (the instance folder)
under the SHA-256 of what was rendered, so a letter is rendered once per content; a draft's
PDF is kept beside its images for the PDF download. Where LibreOffice or pdftoppm is missing
the page shows the letter as text and says why (:attr:`Preview.reason`)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from drafting.errors import DraftingInputError
from drafting.letters.pdf import docx_to_pdf, find_pdftoppm, find_soffice, pdf_to_png
from inquiry_app.models import ReplyLetter

PAGES_FILE = "seiten.txt"
PDF_FILE = "brief.pdf"
MAX_CACHED = 500  # letters kept in the cache; the least recently rendered go first
DPI = 100  # an A4 page 827 x 1169 pixels: sharp at the page's width of 48rem


@dataclass(frozen=True)
class Preview:
    key: str | None  # the cache key (content hash), None when there are no images
    pages: int = 0
    reason: str | None = None  # why there are no images (German)

    # the size of an A4 page's image (pdftoppm rounds the same way), for the <img> attributes
    width: int = round(210 / 25.4 * DPI)
    height: int = round(297 / 25.4 * DPI)


def cache_key(letter: ReplyLetter) -> str:
    """The hash of what is rendered: the stored PDF (signed letter), else the DOCX."""
    return f"pdf-{letter.pdf_sha256}" if letter.pdf_sha256 else f"docx-{letter.sha256}"


def _folder(key: str) -> Path:
    return Path(current_app.config["PREVIEW_DIR"]) / key


def _cached_pages(key: str) -> int:
    try:
        return int((_folder(key) / PAGES_FILE).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return 0


def _missing_tool(letter: ReplyLetter) -> str | None:
    if not current_app.config.get("LETTER_PREVIEW", True):
        return ("Die Seitenansicht ist in dieser Installation ausgeschaltet "
                "(INQUIRY_APP_LETTER_PREVIEW). Angezeigt wird der Text des Schreibens.")
    if not letter.pdf_sha256 and find_soffice() is None:
        return ("Die Seitenansicht ist nicht verfügbar, weil LibreOffice auf dem Server nicht "
                "installiert ist. Angezeigt wird der Text des Schreibens.")
    if find_pdftoppm() is None:
        return ("Die Seitenansicht ist nicht verfügbar, weil pdftoppm (poppler-utils) auf dem "
                "Server nicht installiert ist. Angezeigt wird der Text des Schreibens.")
    return None


def for_letter(letter: ReplyLetter) -> Preview:
    """The page images of ``letter``, rendered now unless cached."""
    key = cache_key(letter)
    pages = _cached_pages(key)
    if pages:
        return Preview(key, pages)
    reason = _missing_tool(letter)
    if reason:
        return Preview(None, reason=reason)
    try:
        pdf = letter.pdf if letter.pdf_sha256 else docx_to_pdf(
            letter.docx, timeout=current_app.config.get("PDF_TIMEOUT", 90))
        images = pdf_to_png(pdf, dpi=DPI)
    except DraftingInputError as exc:
        current_app.logger.warning("Seitenansicht nicht erzeugt: %s", exc)
        return Preview(None, reason=f"Die Seitenansicht konnte nicht erzeugt werden ({exc}). "
                                    "Angezeigt wird der Text des Schreibens.")
    _store(key, images, None if letter.pdf_sha256 else pdf)
    return Preview(key, len(images))


def _store(key: str, images: list[bytes], pdf: bytes | None) -> None:
    """Write the images into a new folder and move it into place in one step (a request
    rendering the same letter at the same time finds either nothing or everything)."""
    root = Path(current_app.config["PREVIEW_DIR"])
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".neu-", dir=root))
    for number, image in enumerate(images, start=1):
        (work / f"seite-{number}.png").write_bytes(image)
    if pdf is not None:
        (work / PDF_FILE).write_bytes(pdf)
    (work / PAGES_FILE).write_text(str(len(images)), encoding="ascii")
    try:
        work.rename(root / key)
    except OSError:  # rendered meanwhile by another request
        shutil.rmtree(work, ignore_errors=True)
    _prune(root)


def _prune(root: Path) -> None:
    folders = [f for f in root.iterdir() if f.is_dir() and not f.name.startswith(".")]
    if len(folders) <= MAX_CACHED:
        return
    folders.sort(key=lambda f: f.stat().st_mtime)
    for folder in folders[:len(folders) - MAX_CACHED]:
        shutil.rmtree(folder, ignore_errors=True)


def page_image(letter: ReplyLetter, page: int) -> bytes | None:
    """PNG of page ``page`` (from 1), or None where there is no such page or no preview."""
    preview = for_letter(letter)
    if not 1 <= page <= preview.pages:
        return None
    try:
        return (_folder(preview.key) / f"seite-{page}.png").read_bytes()
    except OSError:
        return None


def cached_pdf(letter: ReplyLetter) -> bytes | None:
    """The PDF of an unsigned letter as rendered for its page images, if cached."""
    try:
        return (_folder(cache_key(letter)) / PDF_FILE).read_bytes()
    except OSError:
        return None
