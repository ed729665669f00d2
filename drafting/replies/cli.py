"""``python -m drafting split-reply DATEI [--json]``: split a published reply into its questions
and answers."""

from __future__ import annotations

import argparse
import json
import sys

from drafting.errors import DraftingInputError
from drafting.splitting.cli import _block  # the same wrapping as the inquiry overview

EXIT_INPUT_ERROR = 2
EXIT_INTERNAL_ERROR = 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "split-reply",
        help="Antwort auf eine Anfrage in Fragen und Antworten zerlegen",
        description=(
            "Liest eine veröffentlichte Antwort auf eine Anfrage (.txt, .docx oder .pdf mit "
            "Textebene) und zerlegt sie in Angaben, zitierte Fragen und Antworten."
        ),
    )
    parser.add_argument("file", metavar="DATEI", help="die Antwort als .txt, .docx oder .pdf")
    parser.add_argument(
        "--json", action="store_true", help="Ergebnis als JSON ausgeben statt als Übersicht"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit status: 0 ok, 2 unreadable input or no reply in it, 1 unexpected internal error."""
    from drafting.reading.document import read_path
    from drafting.replies.reply import split_reply

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        document = read_path(args.file)
        result = split_reply(document.text)
    except DraftingInputError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except Exception as exc:  # never show a traceback to the user
        print(f"Interner Fehler beim Zerlegen der Antwort: {exc!r}", file=sys.stderr)
        return EXIT_INTERNAL_ERROR
    result["warnings"][:0] = document.warnings
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(outline(result))
    return 0


def _labels(labels: list[str]) -> str:
    if not labels:
        return "Antwort"
    names = ", ".join(labels[:-1]) + f" und {labels[-1]}" if len(labels) > 1 else labels[0]
    return f"Antwort zu Frage{'n' if len(labels) > 1 else ''} {names}"


def outline(result: dict) -> str:
    """A readable German overview of a split reply."""
    lines = [f"Antwort auf Anfrage {result['number'] or '(ohne Nummer)'}"]
    for key, name in (("date", "Datum der Antwort"), ("inquiry_date", "Datum der Anfrage"),
                      ("subject", "Betreff"), ("salutation", "Anrede"), ("signer", "Unterzeichnet von")):
        if result.get(key):
            lines.append(f"{name}: {result[key]}")
    if result["interim"]:
        lines += ["", "Zwischenbescheid: die Antwort folgt später."]
    if result["remark"]:
        lines += ["", "Vorbemerkung der Verwaltung:", *_block(result["remark"], "  ")]
    if result["preamble"]:
        lines += ["", "Einleitung der Anfrage:", *_block(result["preamble"], "  ")]
    lines += ["", f"Zitierte Fragen ({len(result['questions'])}):"]
    if not result["questions"]:
        lines.append("  (keine)")
    for question in result["questions"]:
        prefix = f"  {question['number']}. "
        body = _block(question["text"], " " * len(prefix))
        lines.append(prefix + body[0].lstrip())
        lines += body[1:]
        for part in question["parts"]:
            lines += _block(f"{part['number']}) {part['text']}", " " * (len(prefix) + 2))
    lines += ["", f"Antworten ({len(result['answers'])}):"]
    for answer in result["answers"]:
        lines += ["", f"  {_labels(answer['questions'])}:", *_block(answer["text"], "    ")]
    if result["warnings"]:
        lines += ["", "Hinweise:", *(f"  - {warning}" for warning in result["warnings"])]
    return "\n".join(lines)
