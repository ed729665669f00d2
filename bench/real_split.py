"""The splitter on real inquiries (``tests/data/real/inquiries``): accuracy and speed.

Run: .venv/bin/python bench/real_split.py [--rounds 5] [--failures]

Prints, over the whole corpus and per form (stadtrat, stadtbezirksbeirat, ortschaftsrat,
landtag, …): the share of inquiries split exactly (preamble, questions, parts; white space
folded) and the share of right metadata fields, then each field on its own, then per feature
(numbering style, damage) the exact-split share. Goals (issue 12): at least 95 % exact and
95 % of the fields right.

Speed: reading plus splitting every text of the corpus, against spaCy's bare tokenizer
(``spacy.blank("de").make_doc``) on the same texts, median of ``--rounds``; goal at most 3x.
OCR is not part of this (see bench/ocr.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from real_corpus import FIELDS, Score, load_cases, run_split, score  # noqa: E402


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    –  "


def accuracy(cases, show_failures: bool) -> None:
    total, by_form = score(cases)
    print(f"{'Form':<22}{'Fälle':>6}{'exakt':>9}{'Felder':>9}")
    for form, result in sorted(by_form.items()):
        print(f"{form:<22}{result.cases:>6}{_pct(result.exact, result.cases):>9}"
              f"{100 * result.field_rate:>8.1f} %")
    print(f"{'gesamt':<22}{total.cases:>6}{_pct(total.exact, total.cases):>9}"
          f"{100 * total.field_rate:>8.1f} %")
    print()
    print(f"{'Feld':<16}" + "".join(f"{form[:12]:>14}" for form in sorted(by_form)) + f"{'gesamt':>10}")
    for name in FIELDS:
        row = "".join(
            f"{_pct(by_form[form].fields_right[name], by_form[form].fields[name]):>14}"
            for form in sorted(by_form))
        print(f"{name:<16}{row}{_pct(total.fields_right[name], total.fields[name]):>10}")
    print()
    features: dict[str, Score] = {}
    for case in cases:
        for feature in case.features:
            features.setdefault(feature, Score())
    failed = set(total.failures)
    counts, exact = Counter(), Counter()
    for case in cases:
        for feature in case.features:
            counts[feature] += 1
            exact[feature] += case.slug not in failed
    print(f"{'Merkmal':<26}{'Fälle':>6}{'exakt':>9}")
    for feature in sorted(counts):
        print(f"{feature:<26}{counts[feature]:>6}{_pct(exact[feature], counts[feature]):>9}")
    if show_failures:
        print("\nnicht exakt:", ", ".join(sorted(failed)) or "keine")


def speed(cases, rounds: int) -> None:
    import spacy

    texts = [case.text_path.read_text(encoding="utf-8") for case in cases]
    nlp = spacy.blank("de")
    for case in cases[:3]:  # warm up lexicon, spaCy pipeline and caches
        run_split(case)
    split_times, token_times = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        for case in cases:
            run_split(case)
        split_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        for text in texts:
            nlp.make_doc(text)
        token_times.append(time.perf_counter() - start)
    s, t = statistics.median(split_times), statistics.median(token_times)
    chars = sum(len(text) for text in texts)
    print(f"\nGeschwindigkeit ({len(cases)} Anfragen, {chars:,} Zeichen, Median aus {rounds}):"
          .replace(",", "."))
    print(f"  lesen + zerlegen: {1000 * s / len(cases):.2f} ms je Anfrage "
          f"({len(cases) / s:.0f} Anfragen/s)")
    print(f"  spaCy-Tokenizer:  {1000 * t / len(cases):.2f} ms je Anfrage")
    print(f"  Verhältnis: {s / t:.2f}x (Ziel: höchstens 3x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--failures", action="store_true", help="die nicht exakten Fälle nennen")
    args = parser.parse_args()
    cases = load_cases()
    if not cases:
        print("Kein Korpus unter tests/data/real/inquiries.")
        return 1
    accuracy(cases, args.failures)
    speed(cases, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
