"""Routing benchmark: suggestion latency and training time on a synthetic city.

Synthetic catalogue of 300 units x 30 terms (invented words, compounds and phrases) and
20,000 past routed questions built from council-style sentence templates. Prints:
catalogue build time, training time, dump/load size and time, ms per suggestion (cold and
trained), and the top-1/top-3 agreement with the synthetic labels.

    .venv/bin/python bench/routing.py [--units 300] [--terms 30] [--examples 20000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drafting.routing.engine import Example, Router, UnitInfo, evaluate
from drafting.routing.text import shared_analyzer

ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "w", "z", "br", "gr",
          "kl", "pl", "st", "tr", "sch", "pf", "fl", "kr"]
VOWELS = ["a", "e", "i", "o", "u", "ä", "ö", "ü", "ei", "au", "ie"]
CODAS = ["", "n", "r", "l", "st", "nd", "ng", "tz", "ck", "rt", "m"]
HEADS = ["amt", "plan", "stelle", "verfahren", "anlage", "förderung", "konzept", "bericht",
         "system", "gebühr", "kontrolle", "verordnung", "antrag", "netz", "programm"]
ADJECTIVES = ["öffentliche", "städtische", "digitale", "kommunale", "soziale", "technische"]
FILLERS = [
    "Maßnahmen", "Stadtteil", "Kosten", "Umsetzung", "Entwicklung", "Bürgerinnen", "Bürger",
    "Zeitraum", "Jahren", "Verwaltung", "Ergebnis", "Planung", "Anzahl", "Beschluss",
    "Stadtrat", "Zuständigkeit", "Förderung", "Personal", "Verfahren", "Bedarf",
]
TEMPLATES = [
    "Wie viele {a} wurden {year} im Bereich {b} bearbeitet?",
    "Welche Maßnahmen plant die Stadtverwaltung zur Verbesserung der {a} und der {b}?",
    "Wie hoch waren die Kosten für {a} in den Jahren {year} und {year2}?",
    "Wann ist mit der Umsetzung der {a} im {f} zu rechnen und welche {b} sind vorgesehen?",
    "Inwiefern sind {a} und {f} von der {b} betroffen?",
    "Welchen Stand hat die {a}, und wie wird der {f} dabei berücksichtigt?",
]


def _syllable(rng: random.Random) -> str:
    return rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)


def _root(rng: random.Random) -> str:
    return "".join(_syllable(rng) for _ in range(rng.randint(2, 3)))


def synthetic_units(n_units: int, n_terms: int, rng: random.Random) -> list[UnitInfo]:
    units = []
    for u in range(n_units):
        roots = [_root(rng) for _ in range(8)]
        terms: list[str] = []
        while len(terms) < n_terms:
            kind = rng.random()
            root = rng.choice(roots)
            if kind < 0.4:
                term = root.capitalize()
            elif kind < 0.8:
                term = (root + rng.choice(["", "s"]) + rng.choice(HEADS)).capitalize()
            else:
                term = f"{rng.choice(ADJECTIVES)} {root.capitalize()}"
            if term not in terms:
                terms.append(term)
        parent = f"U{u // 10 * 10:03d}" if u % 10 else None
        units.append(UnitInfo(f"U{u:03d}", f"Einheit {u}", tuple(terms), True, parent))
    return units


def _inflect(term: str, rng: random.Random) -> str:
    if " " in term:
        return term.replace("e ", "en ", 1)
    return term + rng.choice(["", "", "en", "s", "e"])


def synthetic_questions(units: list[UnitInfo], n: int, rng: random.Random) -> list[Example]:
    examples = []
    for i in range(n):
        unit = rng.choice(units)
        a, b = rng.sample(list(unit.terms), 2)
        if rng.random() < 0.3:  # some noise: a term of another unit
            b = rng.choice(rng.choice(units).terms)
        text = rng.choice(TEMPLATES).format(
            a=_inflect(a, rng), b=_inflect(b, rng), f=rng.choice(FILLERS),
            year=rng.randint(2015, 2025), year2=rng.randint(2015, 2025),
        )
        examples.append(Example(text, unit.code, ref=f"AF{i:04d}/24 Frage 1"))
    return examples


def _timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def _latency(router: Router, questions: list[Example]) -> tuple[float, float]:
    times = []
    for example in questions:
        start = time.perf_counter()
        router.suggest(example.text, top=5)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.mean(times), times[int(len(times) * 0.95)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--terms", type=int, default=30)
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=1_000)
    args = parser.parse_args()
    rng = random.Random(20250217)

    _, t_load = _timed(lambda: shared_analyzer().lexicon)
    print(f"Lexikon laden:            {t_load:8.2f} s")
    units = synthetic_units(args.units, args.terms, rng)
    examples = synthetic_questions(units, args.examples, rng)
    queries = synthetic_questions(units, args.queries, rng)

    router, t_build = _timed(Router, units)
    print(f"Katalog {args.units} x {args.terms}:        {t_build:8.2f} s")
    mean, p95 = _latency(router, queries)
    print(f"Vorschlag ohne Modell:    {mean:8.2f} ms (p95 {p95:.2f} ms)")

    _, t_train = _timed(router.train, examples)
    print(f"Training {len(examples)} Beispiele: {t_train:6.2f} s")
    mean, p95 = _latency(router, queries)
    print(f"Vorschlag mit Modell:     {mean:8.2f} ms (p95 {p95:.2f} ms)")

    blob, t_dump = _timed(router.dump_model)
    _, t_load_model = _timed(router.load_model, blob)
    print(f"Modell speichern/laden:   {t_dump:8.2f} s / {t_load_model:.2f} s, "
          f"{len(blob) / 1e6:.1f} MB")

    _, t_learn = _timed(router.learn, examples[0])
    print(f"learn (1 Beispiel):       {t_learn * 1000:8.2f} ms")

    huge = " ".join(q.text for q in queries[:400])[:80_000]
    _, t_huge = _timed(router.suggest, huge)
    print(f"Frage mit {len(huge.split())} Wörtern:   {t_huge * 1000:8.1f} ms")

    result = evaluate(router, queries)
    print(f"Treffer synthetisch:      top1 {result['top1']:.1%}, top3 {result['top3']:.1%}, "
          f"n={result['n']}")


if __name__ == "__main__":
    main()
