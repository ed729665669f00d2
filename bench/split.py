"""Benchmark ``drafting.splitting.segment.split`` against spaCy's bare tokenizer.

Plain script, prints figures: ``python bench/split.py [--rounds N]``.

* the test corpus (``tests/data/inquiries/*.txt``, decoded outside the timing);
* a generated 20-page inquiry, wrapped like a PDF extraction (line-end hyphens, page
  numbers; 48 lines a page), with a long preamble and 80 numbered questions with parts.

Figures: milliseconds per inquiry, inquiries per second on one core, and the ratio of
``split`` to ``spacy.blank("de").make_doc`` on the same texts. Goals: at least 100 typical
inquiries per second and at most 3x the bare tokenizer.

Scaling: reading (as a UTF-8 text file) plus splitting 1 MB and 5 MB of German text
without blank lines, once with short lines (40 characters) and once as one paragraph
wrapped at 90 characters (the size limits are switched off for this). The ratio
5 MB / 1 MB is about 5 when the time is linear in the input.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drafting.reading.document import read_document, read_path  # noqa: E402
from drafting.splitting.segment import split  # noqa: E402

SENTENCES = [
    "Durch ein hohes Antragsaufkommen und nicht dazu passende Personalausstattung kommt es "
    "in der Ausländerbehörde zu einem erheblichen Rückstau von Anträgen.",
    "Für Kommunen besteht die Möglichkeit, sich an einem Pilotprojekt des Bundes zum "
    "digitalen Einbürgerungsantrag zu beteiligen.",
    "In zahlreichen Grundschulen der Stadt sind Sanitäranlagen, Fenster und Heizungen in "
    "einem schlechten Zustand.",
    "Der Radweg an der Bautzner Straße endet stadtauswärts abrupt an der Einmündung der "
    "Löwenstraße, sodass Radfahrende auf die Fahrbahn wechseln müssen.",
    "Die Freiwilligen Feuerwehren in den Ortschaften klagen über veraltete Fahrzeuge und "
    "fehlende Schutzausrüstung.",
    "Nach der Verhängung der Haushaltssperre ist unklar, welche Investitionsvorhaben "
    "weitergeführt werden und welche Fördermittel verloren gehen.",
    "Bauherren beklagen seit Monaten lange Wartezeiten bei der Bauaufsicht und fehlende "
    "Ansprechpartner in der Verwaltung.",
]
QUESTIONS = [
    "Wie viele Anträge sind derzeit in der Ausländerbehörde unbearbeitet",
    "Welche Mittel sind im Doppelhaushalt für die Sanierung von Grundschulen eingeplant",
    "Bis wann soll der Lückenschluss im Radwegenetz hergestellt werden",
    "Welche Ersatzbeschaffungen für die Freiwilligen Feuerwehren sind bis 2027 geplant",
    "Wie lange dauert derzeit im Durchschnitt die Bearbeitung eines Bauantrags",
]


def _hyphenate(lines: list[str], rng: random.Random) -> list[str]:
    """Break some long words at line ends the way typesetting does ("Verwal-" / "tung")."""
    out = lines[:]
    for i in range(len(out) - 1):
        head, _, rest = out[i + 1].partition(" ")
        if len(head) > 10 and head.isalpha() and rng.random() < 0.5:
            cut = len(head) // 2
            out[i] = f"{out[i]} {head[:cut]}-"
            out[i + 1] = f"{head[cut:]} {rest}".strip()
    return out


def twenty_page_inquiry(seed: int = 0) -> str:
    rng = random.Random(seed)
    blocks = ["Anfrage Nr. AF0815/25", "Gegenstand: Verwaltungsmodernisierung",
              "Sehr geehrter Herr Oberbürgermeister,"]  # fmt: skip
    for _ in range(90):
        blocks.append(" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5))))
    blocks.append("Vor diesem Hintergrund frage ich den Oberbürgermeister:")
    for number in range(1, 81):
        blocks.append(f"{number}. {rng.choice(QUESTIONS)} (Stand: Frage {number})?")
        if number % 3 == 0:
            blocks.append(f"a) {rng.choice(QUESTIONS)}?")
            blocks.append(f"b) {rng.choice(QUESTIONS)}?")
    blocks += ["Mit freundlichen Grüßen", "Dr. Anne Berger", "Stadträtin"]
    lines: list[str] = []
    for block in blocks:
        lines += _hyphenate(textwrap.wrap(block, 90), rng)
        lines.append("")
    pages = [lines[i : i + 48] for i in range(0, len(lines), 48)]
    text = "\n".join(
        "\n".join(page) + f"\n- {n} -\n" for n, page in enumerate(pages, 1)
    )
    return text


def no_blank_lines(size: int, width: int, seed: int = 0) -> str:
    """About ``size`` characters of inquiry prose in lines of ``width``, no blank line."""
    rng = random.Random(seed)
    words: list[str] = []
    length = 0
    while length < size:
        sentence = rng.choice(SENTENCES) if rng.random() < 0.8 else rng.choice(QUESTIONS) + "?"
        words.append(sentence)
        length += len(sentence) + 1
    lines = _hyphenate(textwrap.wrap(" ".join(words), width), rng)
    return "\n".join(lines)


def scaling() -> None:
    """Seconds to read and split 1 MB and 5 MB without blank lines; ratio 5 MB / 1 MB."""
    for label, width in (("short lines", 40), ("one paragraph", 90)):
        seconds = []
        for size in (1_000_000, 5_000_000):
            data = no_blank_lines(size, width).encode()
            start = time.perf_counter()
            text = read_document(data, "anfrage.txt", max_bytes=len(data), max_chars=None).text
            split(text, max_chars=None, max_paragraph_chars=None)
            seconds.append(time.perf_counter() - start)
        print(f"Read + split without blank lines ({label}): 1 MB {seconds[0]:.2f} s, "
              f"5 MB {seconds[1]:.2f} s, ratio {seconds[1] / seconds[0]:.1f} (5 = linear)")


def corpus_texts() -> list[str]:
    return [read_path(path).text for path in sorted((ROOT / "tests/data/inquiries").glob("*.txt"))]


def _time(function: Callable[[str], object], texts: Sequence[str], rounds: int) -> float:
    """Best-of-rounds seconds for one pass over all texts."""
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            function(text)
        timings.append(time.perf_counter() - start)
    return min(timings)


def report(title: str, texts: Sequence[str], rounds: int) -> None:
    import spacy

    nlp = spacy.blank("de")
    for text in texts:  # warm up: lexicon, pipeline, tokenizer cache
        split(text)
        nlp.make_doc(text)
    split_seconds = _time(split, texts, rounds)
    token_seconds = _time(nlp.make_doc, texts, rounds)
    per_doc = split_seconds / len(texts) * 1000
    chars = statistics.mean(len(t) for t in texts)
    print(f"{title}: {len(texts)} text(s), {chars:,.0f} characters each on average")
    print(f"  split:     {per_doc:8.3f} ms per inquiry, {len(texts) / split_seconds:8.1f} inquiries/s")
    print(f"  tokenizer: {token_seconds / len(texts) * 1000:8.3f} ms per inquiry (nlp.make_doc)")
    print(f"  ratio split / bare tokenizer: {split_seconds / token_seconds:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="repetitions, best is taken")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    print(f"Python {sys.version.split()[0]}, one core, best of {args.rounds} rounds")
    report("Test corpus", corpus_texts(), args.rounds)
    big = twenty_page_inquiry()
    print(f"(20-page inquiry: {len(big):,} characters, {big.count(chr(10)) + 1:,} lines)")
    report("20-page inquiry", [big], max(3, args.rounds // 4))
    scaling()


if __name__ == "__main__":
    main()
