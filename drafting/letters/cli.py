"""``python -m drafting letter ANTWORT.json -o BRIEF.docx [--pdf] [--template VORLAGE.docx]``.

Exit status: 0 written; 2 invalid input (file, JSON, schema, template, logo, output path),
one German line per problem on stderr, never a traceback; 3 the DOCX was written but the PDF
could not be made (LibreOffice missing or failing).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from drafting.errors import DraftingInputError
from drafting.letters.letter import (
    PdfConversionError,
    PdfUnavailableError,
    ReplyValidationError,
    docx_to_pdf,
    render_docx,
)

EXIT_OK, EXIT_INPUT, EXIT_PDF = 0, 2, 3


def register(subparsers: Any) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "letter",
        help="Antwortschreiben (DIN 5008) als DOCX/PDF aus einer JSON-Antwort erzeugen",
        description=(
            "Erzeugt aus einer strukturierten Antwort (JSON, siehe "
            "drafting/letters/schema/reply.schema.json) ein Antwortschreiben oder einen "
            "Zwischenbescheid nach DIN 5008 als Word-Datei, auf Wunsch auch als PDF."
        ),
    )
    parser.add_argument("reply", metavar="ANTWORT.json", help="strukturierte Antwort (JSON)")
    parser.add_argument("-o", "--output", required=True, metavar="BRIEF.docx", help="Ausgabedatei (DOCX)")
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="zusätzlich eine PDF-Datei (gleicher Name, Endung .pdf) mit LibreOffice erzeugen",
    )
    parser.add_argument(
        "--template",
        metavar="VORLAGE.docx",
        help="Word-Vorlage (.docx/.dotx) der Stadt mit Formatvorlagen „Anfrage …“",
    )
    parser.add_argument("--logo", metavar="BILD", help="Logo für den Briefkopf (PNG, JPEG, …)")
    parser.add_argument(
        "--entwurf",
        action="store_true",
        help="oben auf jeder Seite den Vermerk „ENTWURF“ drucken",
    )
    parser.add_argument(
        "--pdf-timeout",
        type=float,
        default=60,
        metavar="SEKUNDEN",
        help="Zeitlimit für LibreOffice (Standard: 60)",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    source = Path(args.reply)
    output = Path(args.output)
    try:
        data = _load(source)
        _resolve_logo(data, source.parent)
        docx_bytes = render_docx(data, template=args.template, logo=args.logo, draft=args.entwurf)
    except ReplyValidationError as error:
        for path, message in error.errors:
            _fail(f"{source}: {path}: {message}")
        return EXIT_INPUT
    except DraftingInputError as error:
        _fail(str(error))
        return EXIT_INPUT
    try:
        output.write_bytes(docx_bytes)
    except OSError as error:
        _fail(f"Die Ausgabedatei „{output}“ kann nicht geschrieben werden ({error.strerror}).")
        return EXIT_INPUT
    print(f"Geschrieben: {output}")
    if not args.pdf:
        return EXIT_OK
    pdf_path = output.with_suffix(".pdf")
    try:
        pdf_path.write_bytes(docx_to_pdf(docx_bytes, timeout=args.pdf_timeout))
    except (PdfUnavailableError, PdfConversionError) as error:
        _fail(str(error))
        return EXIT_PDF
    except OSError as error:
        _fail(f"Die PDF-Datei „{pdf_path}“ kann nicht geschrieben werden ({error.strerror}).")
        return EXIT_INPUT
    print(f"Geschrieben: {pdf_path}")
    return EXIT_OK


def _fail(message: str) -> None:
    print(f"Fehler: {message}", file=sys.stderr)


def _load(source: Path) -> Any:
    try:
        raw = source.read_bytes()
    except FileNotFoundError as error:
        raise DraftingInputError(f"Die Datei „{source}“ wurde nicht gefunden.") from error
    except OSError as error:
        raise DraftingInputError(
            f"Die Datei „{source}“ kann nicht gelesen werden ({error.strerror})."
        ) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DraftingInputError(f"Die Datei „{source}“ ist nicht UTF-8-kodiert.") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DraftingInputError(
            f"Die Datei „{source}“ ist kein gültiges JSON (Zeile {error.lineno}, Spalte {error.colno})."
        ) from error
    except RecursionError as error:
        raise DraftingInputError(f"Die Datei „{source}“ ist zu tief verschachtelt.") from error


def _resolve_logo(data: Any, base: Path) -> None:
    """A relative ``sender.logo`` is relative to the JSON file."""
    sender = data.get("sender") if isinstance(data, dict) else None
    logo = sender.get("logo") if isinstance(sender, dict) else None
    if isinstance(logo, str) and logo.strip() and not Path(logo).is_absolute():
        candidate = base / logo
        if candidate.is_file():
            sender["logo"] = str(candidate)
