"""The reply parser on real published replies (``tests/data/real/replies``): accuracy and speed.

Run: .venv/bin/python bench/real_replies.py [--rounds 3] [--failures]

Prints:

* answer items right / total (%): an expected answer item is right when an item of the result
  names the same set of question labels and its text (white space folded, quote style ignored)
  has the same first 60 and last 60 characters — "start and end of each answer, and which
  questions it answers" (issue 16); "exakt" is the share whose whole folded text is equal. An
  interim notice (Zwischenbescheid) counts as one item, right when the result says
  ``interim`` and has no answers. Goal: at least 90 %.
* the same per feature tag of the cases (quoted-questions, zu-frage, interleaved, table …);
* questions right (number, folded text and parts equal);
* metadata fields right, field by field;
* speed: replies per second from text (reading the .txt plus ``split_reply``), median of
  ``--rounds``, on one core; goal for the archive importer at least 20 replies/s.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from real_replies import FIELDS, fold, load_cases, run_reply, score  # noqa: E402


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    –  "


def accuracy(cases, show_failures: bool) -> None:
    total = score(cases)
    print(f"Antworten: {total.cases} Schreiben, {total.items} Antwortabschnitte")
    for name, value in (("richtig (Anfang, Ende, Fragen)", total.right),
                        ("exakt (ganzer Text)", total.exact)):
        print(f"  {name + ':':<32}{value:>4} / {total.items:<4} {_pct(value, total.items)}")
    print(f"  Fragen richtig:                 {total.questions_right:>4} / {total.questions:<4} "
          f"{_pct(total.questions_right, total.questions)}")
    print()
    print(f"{'Merkmal':<22}{'richtig':>9}{'von':>6}{'Anteil':>10}")
    for tag, (right, items) in sorted(total.by_feature.items()):
        print(f"{tag:<22}{right:>9}{items:>6}{_pct(right, items):>10}")
    print()
    print(f"{'Feld':<16}{'richtig':>9}{'von':>6}{'Anteil':>10}")
    for name in FIELDS:
        print(f"{name:<16}{total.fields_right[name]:>9}{total.fields[name]:>6}"
              f"{_pct(total.fields_right[name], total.fields[name]):>10}")
    if show_failures:
        print()
        by_slug = {case.slug: case for case in cases}
        for case in cases:
            actual, _ = run_reply(case)
            if actual is None:
                continue
            wrong = [f"{name}: {actual.get(name)!r} statt {case.expected.get(name)!r}" for name in FIELDS
                     if fold(actual.get(name)) != fold(case.expected.get(name))
                     and not (name == "interim" and not actual.get(name) and not case.expected.get(name))]
            if wrong:
                print(f"- {case.slug} Felder: " + "; ".join(w[:200] for w in wrong))
        for slug, result in total.failures.items():
            print(f"- {slug}: {result.right}/{result.items}" + (f" ({result.error})" if result.error else ""))
            actual, _ = run_reply(by_slug[slug])
            if actual is None:
                continue
            expected = by_slug[slug].expected
            print(f"    erwartet: {[a['questions'] for a in expected['answers']]}")
            print(f"    erhalten: {[a['questions'] for a in actual['answers']]}")
            for item in expected["answers"]:
                got = next((a for a in actual["answers"] if set(a["questions"]) == set(item["questions"])),
                           None)
                if got is None:
                    continue
                want, have = fold(item["text"]), fold(got["text"])
                if (want[:60], want[-60:]) != (have[:60], have[-60:]):
                    print(f"    {item['questions']}: erwartet …{want[:60]!r} … {want[-60:]!r}")
                    pad = " " * len(str(item["questions"]))
                    print(f"    {pad}  erhalten …{have[:60]!r} … {have[-60:]!r}")


def speed(cases, rounds: int) -> None:
    from drafting.errors import DraftingInputError
    from drafting.reading.document import read_path
    from drafting.replies import split_reply

    texts = [read_path(case.text_path).text for case in cases]
    for text in texts[:3]:  # warm up (word list)
        with contextlib.suppress(DraftingInputError):
            split_reply(text)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for case in cases:
            text = read_path(case.text_path).text
            with contextlib.suppress(DraftingInputError):
                split_reply(text)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    chars = sum(len(t) for t in texts)
    print()
    print(f"Geschwindigkeit: {len(cases)} Antworten ({chars / len(cases):,.0f} Zeichen im Mittel) in "
          f"{median:.2f} s = {len(cases) / median:.1f} Antworten/s auf einem Kern (Ziel ≥ 20/s)"
          .replace(",", "."))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--failures", action="store_true", help="fehlerhafte Fälle zeigen")
    args = parser.parse_args()
    cases = load_cases()
    if not cases:
        print("Kein Korpus unter tests/data/real/replies.")
        return
    accuracy(cases, args.failures)
    speed(cases, args.rounds)


if __name__ == "__main__":
    main()
