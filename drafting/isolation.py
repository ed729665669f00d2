"""Run one function in a separate process with a time and memory budget.

Reading an uploaded document is the one place where a stranger's bytes meet parsers
(zipfile, lxml, python-docx, pypdf) whose worst cases nobody controls. ``run_isolated``
runs such a step in a child process so that one hostile file cannot block the caller for
longer than ``timeout`` seconds or take more than ``memory_mb`` of memory:

* children come from a ``forkserver`` that has the drafting libraries imported and warmed
  up (spaCy pipeline, word list; see :mod:`drafting._warm`), so a child starts in a few
  milliseconds instead of paying the imports every time;
* the child limits itself with ``RLIMIT_AS`` (its address space after start-up plus
  ``memory_mb``) and ``RLIMIT_CPU`` (``timeout`` plus a second), so it also ends if the
  parent is gone;
* the parent waits at most ``timeout`` seconds of wall time for the answer, then kills the
  child.

OCR of scanned PDF pages does not run under this budget: Tesseract would inherit the
limits, and recognising many pages takes minutes. :func:`drafting.prepare.prepare_isolated`
runs it between two isolated readings, with its own limits (see :mod:`drafting.reading.ocr`).

The function and its arguments must be picklable (a module-level function). A
:class:`DraftingInputError` raised by the function reaches the caller unchanged (as a
``DraftingInputError`` with the same message); running out of time or memory raises
:class:`TimeBudgetExceeded` or :class:`MemoryBudgetExceeded`, whose German messages are
meant for the user. With ``isolate=False`` the function runs in the calling process,
without limits (tests, command line).

No Flask, no database: usable on its own.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import math
import multiprocessing
import os
import signal
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from drafting.errors import DraftingInputError

__all__ = [
    "BudgetExceeded",
    "IsolationFailed",
    "MemoryBudgetExceeded",
    "TimeBudgetExceeded",
    "run_isolated",
]

T = TypeVar("T")
log = logging.getLogger(__name__)

# "__main__": the children then need not run the main script again (multiprocessing does
# that for every child whose main module it cannot find in the server).
DEFAULT_PRELOAD = ("__main__", "drafting._warm")
KILL_WAIT = 5.0  # seconds to wait for a killed child to be reaped
_LOCK = threading.Lock()
_CONTEXT: multiprocessing.context.BaseContext | None = None


class BudgetExceeded(DraftingInputError):
    """The isolated function ran out of its time or memory budget."""


class TimeBudgetExceeded(BudgetExceeded):
    pass


class MemoryBudgetExceeded(BudgetExceeded):
    pass


class IsolationFailed(DraftingInputError):
    """The child process failed in an unexpected way (logged with its traceback)."""


def _seconds(value: float) -> str:
    if value == 1:
        return "1 Sekunde"
    text = f"{value:g}".replace(".", ",")
    return f"{text} Sekunden"


def _timeout_message(timeout: float) -> str:
    return (
        f"Das Dokument konnte nicht innerhalb von {_seconds(timeout)} gelesen werden; das "
        "Lesen wurde abgebrochen. Bitte eine kleinere oder einfacher aufgebaute Datei hochladen "
        "oder den Text der Anfrage einfügen."
    )


def _memory_message(memory_mb: int | None) -> str:
    amount = f"mehr als {memory_mb} MB" if memory_mb is not None else "zu viel"
    return (
        f"Das Dokument konnte nicht gelesen werden: es braucht {amount} Arbeitsspeicher; das "
        "Lesen wurde abgebrochen. Bitte eine kleinere oder einfacher aufgebaute Datei hochladen "
        "oder den Text der Anfrage einfügen."
    )


_FAILED = (
    "Das Dokument konnte wegen eines unerwarteten Fehlers nicht gelesen werden. Bitte den Text "
    "der Anfrage einfügen oder die Datei in einem anderen Format (DOCX, PDF, Text) hochladen."
)


def _context(preload: Sequence[str]) -> multiprocessing.context.BaseContext:
    """The forkserver context (spawn where there is none); ``preload`` counts only for the
    first call in a process, when the server starts."""
    global _CONTEXT
    with _LOCK:
        if _CONTEXT is None:
            if "forkserver" in multiprocessing.get_all_start_methods():
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(list(preload))
            else:
                context = multiprocessing.get_context("spawn")
            _CONTEXT = context
        return _CONTEXT


def run_isolated(
    function: Callable[..., T],
    args: Sequence[Any] = (),
    kwargs: Mapping[str, Any] | None = None,
    *,
    timeout: float,
    memory_mb: int | None = None,
    isolate: bool = True,
    preload: Sequence[str] = DEFAULT_PRELOAD,
) -> T:
    """``function(*args, **kwargs)`` in a child process within the budget (see module)."""
    kwargs = dict(kwargs or {})
    if not isolate:
        return function(*args, **kwargs)
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    context = _context(preload)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_child,
        args=(sender, function, tuple(args), kwargs, timeout, memory_mb),
        name="drafting-isolated",
        daemon=True,
    )
    try:
        try:
            process.start()
        except OSError as exc:
            log.error("Starting an isolated process failed: %r", exc)
            raise IsolationFailed(_FAILED) from None
        sender.close()  # only the child writes; EOF once it is gone
        message = None
        if receiver.poll(timeout):  # an answer, or EOF if the child died
            try:
                message = receiver.recv()
            except (EOFError, OSError):
                message = None
        else:
            process.kill()
            raise TimeBudgetExceeded(_timeout_message(timeout))
    finally:
        if process.is_alive():
            process.join(1.0)
        if process.is_alive():
            process.kill()
        if process.pid is not None:
            process.join(KILL_WAIT)
        receiver.close()
    return _outcome(message, process.exitcode, timeout, memory_mb)


def _outcome(message: tuple[str, Any] | None, exitcode: int | None, timeout: float,
             memory_mb: int | None) -> Any:
    if message is None:
        if exitcode == -signal.SIGXCPU:
            raise TimeBudgetExceeded(_timeout_message(timeout))
        if exitcode == -signal.SIGKILL:  # the kernel's answer to a process out of memory
            raise MemoryBudgetExceeded(_memory_message(memory_mb))
        log.error("An isolated process ended without an answer (exit code %s)", exitcode)
        raise IsolationFailed(_FAILED)
    kind, payload = message
    if kind == "ok":
        return payload
    if kind == "input":
        raise DraftingInputError(payload)
    if kind == "memory":
        raise MemoryBudgetExceeded(_memory_message(memory_mb))
    log.error("An isolated process failed:\n%s", payload)
    raise IsolationFailed(_FAILED)


def _address_space() -> int:
    """Bytes of address space this process uses now (0 if unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _trim() -> None:
    """Return freed heap memory to the system (glibc; elsewhere nothing happens)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def _limit_self(timeout: float, memory_mb: int | None) -> None:
    try:
        import resource
    except ImportError:  # not on this platform: the parent's wall-clock limit still holds
        return

    def lower(which: int, soft: int, hard: int) -> None:
        current_hard = resource.getrlimit(which)[1]
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        resource.setrlimit(which, (soft, hard))

    cpu = math.ceil(timeout) + 1
    lower(resource.RLIMIT_CPU, cpu, cpu + 2)  # SIGXCPU, then SIGKILL
    if memory_mb is not None:
        _trim()  # memory freed but still mapped would not count against the limit
        limit = _address_space() + memory_mb * 1024 * 1024
        lower(resource.RLIMIT_AS, limit, limit)


def _caused_by_memory(exc: BaseException) -> bool:
    """A ``MemoryError`` hidden behind an error raised while cleaning up after it."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, MemoryError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _child(sender, function, args, kwargs, timeout, memory_mb) -> None:
    """Runs in the child: limit itself, call, send back one message."""
    try:
        _limit_self(timeout, memory_mb)
        try:
            message = ("ok", function(*args, **kwargs))
        except DraftingInputError as exc:
            message = ("input", str(exc))
        except MemoryError:
            message = ("memory", None)
        except BaseException as exc:
            message = ("memory", None) if _caused_by_memory(exc) else ("error", traceback.format_exc())
        try:
            sender.send(message)
        except MemoryError:
            sender.send(("memory", None))
    finally:
        sender.close()


def start_server(preload: Sequence[str] = DEFAULT_PRELOAD, timeout: float = 600) -> None:
    """Start the forkserver now (it imports ``preload``), so that the first isolated call
    does not wait for it. Optional: the first call starts it anyway."""
    run_isolated(os.getpid, timeout=timeout, preload=preload)
