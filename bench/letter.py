"""Benchmark of the reply letter: ms per letter, and the ratio to bare python-docx.

Run: ``.venv/bin/python bench/letter.py [--runs N]``. Prints figures for the reference
reply (tests/data/reply.json) and for a generated 30-question reply with tables, lists and
emphasis, against writing the same paragraphs and tables with bare python-docx (default
template, no styles, no layout).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from drafting.letters import richtext  # noqa: E402
from drafting.letters.letter import render_docx  # noqa: E402


def generated_reply(questions: int = 30) -> dict:
    """A reply with ``questions`` items; every third answer has a table, every fifth a list."""
    data = json.loads((ROOT / "tests/data/reply.json").read_text("utf-8"))
    items = []
    for number in range(1, questions + 1):
        answer = [
            f"Zu Frage {number} teilt das Fachamt mit: Die **Prüfung** ist *abgeschlossen*. "
            "Die Bearbeitung erfolgt im Rahmen der vorhandenen Haushaltsmittel und des "
            "Stellenplans; weitere Angaben enthält die folgende Übersicht."
        ]
        if number % 3 == 0:
            rows = "\n".join(f"| {2020 + year} | {100 + 7 * year} | {year * 3} % |" for year in range(5))
            answer.append("| Jahr | Anträge | Anteil digital |\n|---|---:|---:|\n" + rows)
        if number % 5 == 0:
            answer.append("- Erstens die Planung\n- Zweitens die Umsetzung\n- Drittens die Prüfung")
        answer.append("Weitere Maßnahmen sind derzeit nicht vorgesehen.")
        items.append(
            {
                "questions": [{"number": str(number), "text": f"Wie ist der Stand bei Vorhaben {number}?"}],
                "answer": answer,
            }
        )
    data["items"] = items
    return data


def bare_python_docx(data: dict) -> bytes:
    """The same text with bare python-docx: paragraphs and tables, default styles."""
    document = docx.Document()
    document.add_paragraph("Sehr geehrte Damen und Herren,")
    for text in data.get("preamble", []):
        document.add_paragraph(text)
    for item in data["items"]:
        for question in item["questions"]:
            document.add_paragraph(f"{question['number']}. „{question['text']}“")
        for block in richtext.parse(item["answer"]):
            if isinstance(block, richtext.Table):
                table = document.add_table(rows=len(block.rows) + 1, cols=len(block.header))
                for row, cells in zip(table.rows, (block.header, *block.rows), strict=True):
                    for cell, spans in zip(row.cells, cells, strict=True):
                        cell.text = richtext.plain_text(spans)
            elif isinstance(block, richtext.Paragraph):
                document.add_paragraph(richtext.plain_text(block.spans))
            else:
                for spans in block.items:
                    document.add_paragraph(richtext.plain_text(spans))
    document.add_paragraph("Mit freundlichen Grüßen")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def measure(function, data: dict, runs: int) -> float:
    """Median milliseconds per call (after one warm-up call)."""
    function(data)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function(data)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    reference = json.loads((ROOT / "tests/data/reply.json").read_text("utf-8"))
    start = time.perf_counter()
    render_docx(reference)
    print(f"erster Aufruf (baut die Basisvorlage): {(time.perf_counter() - start) * 1000:.1f} ms")
    for label, data in (("Referenz (4 Fragen)", reference), ("30 Fragen mit Tabellen", generated_reply())):
        ours = measure(render_docx, data, args.runs)
        bare = measure(bare_python_docx, data, args.runs)
        print(f"{label}: {ours:.1f} ms je Brief, python-docx pur {bare:.1f} ms, Verhältnis {ours / bare:.2f}")


if __name__ == "__main__":
    main()
