"""Command line: ``python -m drafting split FILE [--json]`` and ``python -m drafting letter ...``."""

from __future__ import annotations

import argparse
import sys

from drafting.letters import cli as letter_cli
from drafting.splitting import cli as split_cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m drafting",
        description="Anfragen zerlegen und Antwortschreiben erzeugen.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    split_cli.register(sub)
    letter_cli.register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
