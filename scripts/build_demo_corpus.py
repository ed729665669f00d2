"""Build ``inquiry_app/demo/corpus.json`` (subjects, preambles and question sentences for
``flask demo generate``) from the real-inquiry corpus in ``tests/data/real/inquiries``.

Run: .venv/bin/python scripts/build_demo_corpus.py
Only the expected (hand-checked) fields are taken: subject, preamble and the questions with
their lettered parts folded into the question's text.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "data" / "real" / "inquiries"
TARGET = ROOT / "inquiry_app" / "demo" / "corpus.json"
MAX_PREAMBLE = 1500


def _question(item: dict) -> str:
    parts = " ".join(f"{p['number']} {p['text']}" for p in item.get("parts") or [])
    return " ".join(f"{item['text']} {parts}".split())


def main() -> None:
    cases = []
    for path in sorted(SOURCE.glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))["expected"]
        questions = [q for q in (_question(i) for i in expected.get("questions") or []) if q]
        if not questions or not expected.get("subject"):
            continue
        cases.append({
            "subject": " ".join(expected["subject"].split())[:300],
            "preamble": (expected.get("preamble") or "").strip()[:MAX_PREAMBLE],
            "questions": [q[:2000] for q in questions[:12]],
        })
    TARGET.write_text(json.dumps({"source": "tests/data/real/inquiries (see its README)",
                                  "cases": cases}, ensure_ascii=False, indent=0) + "\n",
                      encoding="utf-8")
    print(f"{len(cases)} Anfragen, {sum(len(c['questions']) for c in cases)} Fragen -> {TARGET}")


if __name__ == "__main__":
    main()
