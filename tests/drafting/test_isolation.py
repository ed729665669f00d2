"""drafting.isolation: one function in a child process with a time and memory budget."""

from __future__ import annotations

import logging
import os

import isolation_targets as targets
import pytest

from drafting.errors import DraftingInputError
from drafting.isolation import (
    IsolationFailed,
    MemoryBudgetExceeded,
    TimeBudgetExceeded,
    run_isolated,
)
from drafting.prepare import Prepared, prepare

TEXT = "Sehr geehrter Herr Oberbürgermeister,\n\n1. Wie viele Kitas gibt es?\n\n2. Wann öffnet das Bad?"


def test_result_comes_back_from_another_process():
    assert run_isolated(os.getpid, timeout=60) != os.getpid()
    prepared = run_isolated(prepare, (None, None, TEXT), timeout=60, memory_mb=512)
    assert isinstance(prepared, Prepared)
    assert [q.text for q in prepared.split.questions] == ["Wie viele Kitas gibt es?",
                                                          "Wann öffnet das Bad?"]


def test_in_process_mode_runs_here():
    assert run_isolated(os.getpid, timeout=60, isolate=False) == os.getpid()


def test_input_errors_keep_their_german_message():
    with pytest.raises(DraftingInputError, match=r"^Die Datei ist kaputt\.$"):
        run_isolated(targets.refuse, ("Die Datei ist kaputt.",), timeout=60)


@pytest.mark.timeout(60)
def test_a_function_that_never_returns_is_killed_after_the_timeout(tmp_path):
    pid_file = tmp_path / "pid"
    with pytest.raises(TimeBudgetExceeded, match="nicht innerhalb von 1 Sekunde gelesen"):
        run_isolated(targets.spin, (str(pid_file),), timeout=1)
    pid = int(pid_file.read_text(encoding="ascii"))
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left running
        os.kill(pid, 0)


def test_a_function_that_takes_too_much_memory_is_stopped():
    with pytest.raises(MemoryBudgetExceeded, match="mehr als 100 MB Arbeitsspeicher"):
        run_isolated(targets.allocate, (2048,), timeout=60, memory_mb=100)
    assert run_isolated(targets.allocate, (20,), timeout=60, memory_mb=100) == 20 * 1024 * 1024


def test_unexpected_failures_give_a_german_message_and_are_logged(caplog, monkeypatch):
    # running the migrations for the web tests (alembic's fileConfig) disables loggers
    # that exist at that moment; in the server the logger is live
    monkeypatch.setattr(logging.getLogger("drafting.isolation"), "disabled", False)
    caplog.set_level(logging.ERROR, logger="drafting.isolation")
    with pytest.raises(IsolationFailed, match="unerwarteten Fehlers"):
        run_isolated(targets.crash, timeout=60)
    assert "Programmfehler im Kindprozess" in caplog.text
    with pytest.raises(IsolationFailed, match="unerwarteten Fehlers"):
        run_isolated(targets.die, timeout=60)
    assert "exit code 3" in caplog.text
