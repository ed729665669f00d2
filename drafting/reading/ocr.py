"""Text recognition (OCR) for PDF pages without a text layer, with OCRmyPDF and Tesseract.

A scanned inquiry is a PDF whose pages are images. :func:`ocr_pdf` gives such pages a text
layer with OCRmyPDF (German Tesseract data, ``-l deu``); the reader
(:mod:`drafting.reading.document`) then reads the new text layer like that of any text PDF, so the
paragraph detection, the repair (:mod:`drafting.reading.normalize`) and the split are the same.
Only the pages without text that show an image or a drawing are recognised (``--pages``);
the others keep their own text, and blank pages are left alone.
``--redo-ocr`` keeps whatever visible text a recognised page already has (a stamp, a page
number) and recognises the rest of it.

Limits, as fields of :class:`OcrSettings` (the web application takes them from
``INQUIRY_APP_OCR_MAX_PAGES`` and ``INQUIRY_APP_OCR_TIMEOUT``):

* ``max_pages``: a document with more pages without text is not recognised at all
  ("Das Dokument hat 52 Seiten ohne Text; höchstens 40 Seiten werden per Texterkennung
  gelesen."); ``0`` switches OCR off;
* ``timeout``: wall-clock seconds for the whole OCRmyPDF run; after it the run is killed;
* ``memory_mb``: address space of each process of the run (OCRmyPDF, Ghostscript,
  Tesseract), and their CPU time is limited to ``timeout`` seconds each, so that a run
  whose caller has gone away still ends.

How OCR meets the isolated reader (:mod:`drafting.isolation`): OCR does not run inside the
isolated reading process. That process has a short budget (``INQUIRY_APP_READ_TIMEOUT``,
30 s) meant for parsers, and its ``RLIMIT_CPU``/``RLIMIT_AS`` would be inherited by
Tesseract; recognising 40 pages takes minutes. Instead
:func:`drafting.prepare.prepare_isolated` works in three steps:

1. the isolated reader reads the PDF as usual and, with ``OcrSettings(defer=True)``, only
   reports which pages have no text (and checks the page limit);
2. the calling process runs OCRmyPDF on those pages as a separate process group with its
   own budget (``timeout``, ``memory_mb``; killed as a group when time is up). OCRmyPDF
   and Tesseract never load the document into the web application's process;
3. the isolated reader reads and splits the recognised PDF, again within its own budget
   (plus ``READ_SECONDS_PER_PAGE`` per recognised page: pypdf reads OCR text layers slowly).

Without isolation (the command line ``python -m drafting split``) the reader calls
:func:`ocr_pdf` itself. When OCR is not installed, fails or takes too long, a document
with no text at all is refused with a German message saying why; in a document where other
pages have text, those are read and a warning names the pages that could not be read.
No Flask, no database: usable on its own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from drafting.errors import DraftingInputError

__all__ = [
    "OcrError",
    "OcrFailed",
    "OcrSettings",
    "OcrTimeout",
    "OcrUnavailable",
    "find_ocrmypdf",
    "ocr_pdf",
    "page_ranges",
    "pages_label",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 40
DEFAULT_TIMEOUT = 300.0
DEFAULT_MEMORY_MB = 2048
# Reading a recognised page takes pypdf about 0.6 s (it expands the identity ToUnicode map
# of the OCR text layer, 65,536 entries, twice a page): the isolated reading after OCR gets
# this much more time per recognised page than ``INQUIRY_APP_READ_TIMEOUT``.
READ_SECONDS_PER_PAGE = 2.0
KILL_WAIT = 5.0
_EXIT_MISSING_DEPENDENCY = 3  # OCRmyPDF: a program or Tesseract's language data is missing
_EXIT_ENCRYPTED = 8


@dataclass(frozen=True)
class OcrSettings:
    """How and within which limits pages without text are recognised (picklable)."""

    max_pages: int = DEFAULT_MAX_PAGES
    timeout: float = DEFAULT_TIMEOUT
    command: str | None = None  # None: $DRAFTING_OCRMYPDF, else ``ocrmypdf`` on PATH
    language: str = "deu"
    memory_mb: int | None = DEFAULT_MEMORY_MB
    jobs: int | None = None  # parallel pages; None: OCRmyPDF's choice (all cores)
    # Only report the pages (``ReadResult.ocr_pages``); the caller runs OCR (see module).
    defer: bool = False

    @property
    def enabled(self) -> bool:
        return self.max_pages > 0


class OcrError(DraftingInputError):
    """OCR could not be done; the German message says why (one or two sentences)."""


class OcrUnavailable(OcrError):
    """OCRmyPDF (or Tesseract's German data) is not installed."""


class OcrTimeout(OcrError):
    """OCR took longer than its timeout and was stopped."""


class OcrFailed(OcrError):
    """OCRmyPDF ran but ended with an error (details in the log)."""


def _seconds(value: float) -> str:
    text = f"{value:g}".replace(".", ",")
    return "1 Sekunde" if value == 1 else f"{text} Sekunden"


def page_ranges(pages: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive runs of the sorted page numbers: ``[1, 2, 3, 5]`` -> ``[(1, 3), (5, 5)]``."""
    runs: list[tuple[int, int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], page)
        else:
            runs.append((page, page))
    return runs


def pages_label(pages: Sequence[int]) -> str:
    """German: "Seite 2", "Seiten 1–3", "Seiten 2, 4 und 6–8"."""
    runs = page_ranges(pages)
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in runs]
    if len(parts) == 1 and runs[0][0] == runs[0][1]:
        return f"Seite {parts[0]}"
    if len(parts) == 1:
        return f"Seiten {parts[0]}"
    return "Seiten " + ", ".join(parts[:-1]) + " und " + parts[-1]


def too_many_pages(count: int, limit: int) -> str:
    most = "höchstens 1 Seite wird" if limit == 1 else f"höchstens {limit} Seiten werden"
    return f"Das Dokument hat {count} Seiten ohne Text; {most} per Texterkennung gelesen."


def no_text_message(name: str, reason: str) -> str:
    """The refusal of a PDF none of whose pages has text, with the reason OCR did not help."""
    return (
        f"Die PDF-Datei „{name}“ enthält keinen Text (vermutlich ein eingescanntes Dokument). "
        f"{reason} Bitte eine PDF-Datei mit Textebene (oder nur die Seiten der Anfrage) "
        "hochladen oder den Text der Anfrage einfügen."
    )


def unread_warning(pages: Sequence[int], name: str, reason: str) -> str:
    """The warning for pages without text that could not be recognised (others were read)."""
    several = len(pages) > 1
    return (
        f"{pages_label(pages)} der PDF-Datei „{name}“ {'haben' if several else 'hat'} keinen "
        f"Text (vermutlich eingescannt) und {'wurden' if several else 'wurde'} nicht gelesen. "
        f"{reason} Bitte den Text {'dieser Seiten' if several else 'dieser Seite'} ergänzen."
    )


def used_warning(pages: Sequence[int]) -> str:
    """The note that OCR was used (its result needs a look)."""
    verb = "wurden" if len(pages) > 1 else "wurde"
    return (
        f"{pages_label(pages)} {verb} per Texterkennung (OCR) gelesen. Bitte den Text "
        "(Zahlen, Namen, Nummerierung der Fragen) mit dem Original vergleichen."
    )


def empty_after_warning(pages: Sequence[int], name: str) -> str:
    several = len(pages) > 1
    return (
        f"{pages_label(pages)} der PDF-Datei „{name}“ {'enthalten' if several else 'enthält'} "
        "auch nach der Texterkennung keinen Text (leer oder unleserlich)."
    )


def find_ocrmypdf(command: str | None = None) -> str | None:
    """Path of OCRmyPDF: ``command``, else $DRAFTING_OCRMYPDF, else ``ocrmypdf`` on PATH;
    ``None`` if that is not an executable program."""
    wanted = command or os.environ.get("DRAFTING_OCRMYPDF") or "ocrmypdf"
    if os.sep in wanted:
        path = Path(wanted)
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    return shutil.which(wanted)


_NOT_INSTALLED = (
    "Die Texterkennung (OCRmyPDF mit Tesseract und deutschen Sprachdaten) ist auf diesem "
    "Server nicht installiert."
)


def ocr_pdf(data: bytes, pages: Sequence[int], settings: OcrSettings) -> bytes:
    """``data`` with a text layer on ``pages`` (1-based), recognised by OCRmyPDF.

    Runs OCRmyPDF as its own process group within ``settings.timeout`` seconds and
    ``settings.memory_mb`` per process; raises :class:`OcrUnavailable`, :class:`OcrTimeout`
    or :class:`OcrFailed` (German messages) instead of returning a partial result."""
    program = find_ocrmypdf(settings.command)
    if program is None:
        log.warning("OCR not possible: ocrmypdf not found (%s)",
                    settings.command or os.environ.get("DRAFTING_OCRMYPDF") or "PATH")
        raise OcrUnavailable(_NOT_INSTALLED)
    if not pages:
        return data
    with tempfile.TemporaryDirectory(prefix="drafting-ocr-") as work:
        source, target = Path(work) / "eingang.pdf", Path(work) / "ergebnis.pdf"
        source.write_bytes(data)
        command = [
            program, "--language", settings.language, "--redo-ocr",
            "--pages", ",".join(str(a) if a == b else f"{a}-{b}" for a, b in page_ranges(pages)),
            "--output-type", "pdf", "--optimize", "0", "--quiet",
        ]
        if settings.jobs:
            command += ["--jobs", str(settings.jobs)]
        command += [str(source), str(target)]
        # Temporary files of a killed run stay inside ``work`` and go with it.
        env = {key: value for key, value in os.environ.items()
               if key not in {"PYTHONPATH", "PYTHONHOME"}}
        env["TMPDIR"] = work
        returncode, stderr = _run(command, env, work, settings)
        if returncode != 0 or not target.is_file():
            raise _failure(returncode, stderr)
        return target.read_bytes()


def _run(command: list[str], env: dict[str, str], work: str,
         settings: OcrSettings) -> tuple[int, str]:
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=work, env=env, start_new_session=True,
        )
    except OSError as exc:
        log.warning("OCR not possible: starting %s failed: %r", command[0], exc)
        raise OcrUnavailable(_NOT_INSTALLED) from None
    try:
        _limit(process.pid, settings)
        _stdout, stderr = process.communicate(timeout=settings.timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise OcrTimeout(
            f"Die Texterkennung wurde nach {_seconds(settings.timeout)} abgebrochen."
        ) from None
    except BaseException:  # the caller is interrupted: the run must not outlive it
        _kill_group(process)
        raise
    return process.returncode, stderr.decode("utf-8", "replace")


def _limit(pid: int, settings: OcrSettings) -> None:
    """CPU seconds and address space of the OCRmyPDF process; the programs it starts
    (Ghostscript, Tesseract) inherit the limits. Set right after the start, before
    OCRmyPDF (a Python program) has started any of them; where ``prlimit`` is not
    available, the wall-clock timeout alone holds."""
    try:
        import resource

        cpu = int(settings.timeout) + 5
        resource.prlimit(pid, resource.RLIMIT_CPU, (cpu, cpu + 5))
        if settings.memory_mb is not None:
            limit = settings.memory_mb * 1024 * 1024
            resource.prlimit(pid, resource.RLIMIT_AS, (limit, limit))
    except (ImportError, AttributeError, OSError, ValueError) as exc:
        log.info("OCR runs without resource limits: %r", exc)


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=KILL_WAIT)


def _failure(returncode: int, stderr: str) -> OcrError:
    detail = stderr.strip()[-2000:]
    if returncode == _EXIT_MISSING_DEPENDENCY:
        log.warning("OCR not possible, a dependency is missing: %s", detail)
        return OcrUnavailable(_NOT_INSTALLED)
    if returncode == _EXIT_ENCRYPTED:
        return OcrFailed("Die Texterkennung kann verschlüsselte PDF-Dateien nicht bearbeiten.")
    if returncode < 0 and -returncode in {signal.SIGXCPU, signal.SIGKILL}:
        log.warning("OCR stopped by its resource limits (signal %s)", -returncode)
        return OcrFailed("Die Texterkennung wurde wegen zu hohen Rechen- oder Speicherbedarfs "
                         "abgebrochen.")
    log.error("ocrmypdf failed (exit code %s): %s", returncode, detail)
    return OcrFailed("Die Texterkennung ist fehlgeschlagen.")
