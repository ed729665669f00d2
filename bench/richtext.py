"""Benchmark ``drafting.letters.richtext`` (the Markdown subset of answer texts, on markdown-it-py).

Plain script, prints figures: ``python bench/richtext.py [--rounds N]``.

* a typical answer (salutation, paragraphs with emphasis, a list, a small table): milliseconds
  per ``to_html`` and answers per second on one core;
* the pathological input of the unit tests (80,000 unmatched stars in one line, a row of
  5,000 pipes, 5,000 one-item lists), once;
* scaling: each hostile shape at 1x and 5x its size; the ratio 5x / 1x is about 5 when the
  time is linear in the input (unmatched star runs, stars between spaces, a long table,
  alternating list kinds, many paragraphs, a long paragraph of table-like lines).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drafting.letters.richtext import to_html  # noqa: E402

TYPICAL = """Sehr geehrte Frau Stadträtin,

zu Ihrer Anfrage nimmt die Verwaltung wie folgt Stellung. Die **Sanierung** der Grundschulen
in den Ortschaften wird *seit dem vergangenen Jahr* geprüft; Bürger*innen wurden beteiligt.

Folgende Schritte sind geplant:
1. Bestandsaufnahme der Gebäude
2. Antrag auf Fördermittel des Freistaates
3. Ausschreibung der Bauleistungen

| Schule | Baujahr | Kosten (Mio. €) |
|---|---:|---:|
| Grundschule Nord | 1968 | 4,2 |
| Grundschule Süd | 1974 | 3,1 \\| 3,4 |

- Zuständig: Amt für Schulen
- Rückfragen: Telefon 0351 123456

Mit freundlichen Grüßen"""

PATHOLOGICAL = "**a *b " * 40_000 + "\n" + "| x " * 5_000 + "\n- y\n" * 5_000

SHAPES: dict[str, Callable[[int], str]] = {
    "unmatched star runs": lambda n: "**a *b " * n,
    "stars between spaces": lambda n: "Bürger * Innen " * n,
    "table rows": lambda n: "| Jahr | Anzahl |\n|---|---|\n" + "| 2024 | **12** |\n" * (n // 4),
    "alternating lists": lambda n: "- Punkt\n1. Schritt\n" * (n // 4),
    "paragraphs": lambda n: "Ein *Absatz*.\n\n" * (n // 4),
    "pipe lines": lambda n: "Text | mit | Pipes\n" * (n // 4),
}


def seconds(function: Callable[[], object], rounds: int) -> float:
    """Median wall time of ``rounds`` calls."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    typical = seconds(lambda: [to_html(TYPICAL) for _ in range(100)], args.rounds) / 100
    print(f"typical answer ({len(TYPICAL)} chars): {typical * 1000:.2f} ms, {1 / typical:.0f} answers/s")
    pathological = seconds(lambda: to_html(PATHOLOGICAL), 1)
    print(f"pathological input ({len(PATHOLOGICAL):,} chars): {pathological:.2f} s")
    print(f"{'shape':24} {'1x (s)':>8} {'5x (s)':>8} {'5x/1x':>6}")
    for name, make in SHAPES.items():
        small, large = make(20_000), make(100_000)
        one = seconds(lambda text=small: to_html(text), args.rounds)
        five = seconds(lambda text=large: to_html(text), max(1, args.rounds // 2))
        print(f"{name:24} {one:8.3f} {five:8.3f} {five / one:6.1f}")


if __name__ == "__main__":
    main()
