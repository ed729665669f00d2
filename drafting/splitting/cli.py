"""``python -m drafting split DATEI [--json]``: split an inquiry file into its questions."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import TYPE_CHECKING

from drafting.errors import DraftingInputError
from drafting.reading.ocr import DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT, OcrSettings

if TYPE_CHECKING:
    from drafting.splitting.segment import SplitResult

EXIT_INPUT_ERROR = 2
EXIT_INTERNAL_ERROR = 1
_WIDTH = 88


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "split",
        help="Anfrage in Vorbemerkung und Fragen zerlegen",
        description=(
            "Liest eine Anfrage (.txt, .docx oder .pdf), repariert den Text und zerlegt ihn "
            "in Angaben, Vorbemerkung und nummerierte Fragen."
        ),
    )
    parser.add_argument("file", metavar="DATEI", help="die Anfrage als .txt, .docx oder .pdf")
    parser.add_argument(
        "--json", action="store_true", help="Ergebnis als JSON ausgeben statt als Übersicht"
    )
    parser.add_argument(
        "--ocr-max-pages", type=int, default=DEFAULT_MAX_PAGES, metavar="N",
        help="PDF-Seiten ohne Text werden per Texterkennung (OCRmyPDF) gelesen, wenn es "
        f"höchstens N sind (Vorgabe {DEFAULT_MAX_PAGES}; 0 schaltet die Texterkennung ab)",
    )
    parser.add_argument(
        "--ocr-timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SEKUNDEN",
        help=f"Zeitlimit der Texterkennung (Vorgabe {DEFAULT_TIMEOUT:g})",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit status: 0 ok, 2 unreadable input, 1 unexpected internal error."""
    from drafting.reading.document import read_path
    from drafting.splitting.segment import split

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        if args.ocr_timeout <= 0:
            raise DraftingInputError("--ocr-timeout muss größer als 0 sein.")
        ocr = OcrSettings(max_pages=args.ocr_max_pages, timeout=args.ocr_timeout)
        document = read_path(args.file, ocr=ocr)
        result = split(document.text)
    except DraftingInputError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except Exception as exc:  # never show a traceback to the user
        print(f"Interner Fehler beim Zerlegen der Anfrage: {exc!r}", file=sys.stderr)
        return EXIT_INTERNAL_ERROR
    result.warnings[:0] = document.warnings
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(outline(result))
    return 0


def _block(text: str, indent: str) -> list[str]:
    lines: list[str] = []
    for n, paragraph in enumerate(text.split("\n\n")):
        if n:
            lines.append("")
        wrapped = textwrap.wrap(
            paragraph, _WIDTH, initial_indent=indent, subsequent_indent=indent,
            break_on_hyphens=False, break_long_words=False,
        )  # fmt: skip
        lines.extend(wrapped or [indent])
    return lines


def outline(result: SplitResult) -> str:
    """A readable German overview of a split inquiry."""
    lines = [f"Anfrage {result.number or '(ohne Nummer)'}"]
    if result.date:
        lines.append(f"Datum: {result.date}")
    if result.subject:
        lines.append(f"Gegenstand: {result.subject}")
    if result.submitters:
        lines.append(f"Einreichende: {', '.join(result.submitters)}")
    lines += ["", "Vorbemerkung:"]
    lines += _block(result.preamble, "  ") if result.preamble else ["  (keine)"]
    lines += ["", f"Fragen ({len(result.questions)}):"]
    for question in result.questions:
        prefix = f"  {question.number}. "
        body = _block(question.text, " " * len(prefix))
        lines.append(prefix + body[0].lstrip() if body else prefix)
        lines += body[1:]
        for part in question.parts:
            part_prefix = " " * len(prefix) + f"{part.number}) "
            part_body = _block(part.text, " " * len(part_prefix))
            lines.append(part_prefix + part_body[0].lstrip() if part_body else part_prefix)
            lines += part_body[1:]
    if result.warnings:
        lines += ["", "Hinweise:"]
        lines += [f"  - {warning}" for warning in result.warnings]
    return "\n".join(lines)
