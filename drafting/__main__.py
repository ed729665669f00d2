"""Command line: ``python -m drafting split FILE [--json]``, ``python -m drafting split-reply FILE
[--json]`` and ``python -m drafting letter ...``."""

from __future__ import annotations

import argparse
import sys

from drafting.letters import cli as letter_cli
from drafting.replies import cli as reply_cli
from drafting.splitting import cli as split_cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m drafting",
        description="Anfragen und Antworten zerlegen, Antwortschreiben erzeugen.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    split_cli.register(sub)
    reply_cli.register(sub)
    letter_cli.register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
