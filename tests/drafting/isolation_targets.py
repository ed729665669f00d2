"""Functions that tests/drafting/test_isolation.py runs in an isolated child process
(they must be importable there by module name)."""

from __future__ import annotations

import os
from pathlib import Path

from drafting.errors import DraftingInputError


def spin(pid_file: str) -> None:
    """Write the process id, then never return (like a parser stuck on a hostile file)."""
    Path(pid_file).write_text(str(os.getpid()), encoding="ascii")
    while True:
        pass


def allocate(megabytes: int) -> int:
    """Take ``megabytes`` of memory at once."""
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def refuse(message: str) -> None:
    raise DraftingInputError(message)


def crash() -> None:
    raise RuntimeError("Programmfehler im Kindprozess")


def die() -> None:
    os._exit(3)
