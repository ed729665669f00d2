"""Benchmark the archive import: replies per second per core, from text.

Plain script, prints figures: ``python bench/archive_import.py [--replies N]
[--database-url URL]``. Writes N reply texts into a temporary folder (the real replies of
tests/data/real/replies and the reference reply, repeated with varied numbers; every
copy differs, so none is a duplicate), loads the demo data (org units and the router's
catalogue) into a fresh SQLite file (or the given empty PostgreSQL database) and runs the
import as ``flask archive import`` does, in one process (one core). Prints the rate of the
whole run and of its parts (reading and splitting; storing with the router's guesses), and
a second run (everything skipped).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REFERENCE = Path("/work/shared/reference/reply-letter-as-extracted.txt")
_NUMBER = re.compile(r"\b(AF|A)\s?\d{3,4}/\d{2}\b")


def sources() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(
        (ROOT / "tests/data/real/replies").glob("*.txt"))]
    if REFERENCE.is_file():
        texts.append(REFERENCE.read_text(encoding="utf-8"))
    return texts


def write_replies(folder: Path, count: int) -> None:
    texts = sources()
    for i in range(count):
        text = texts[i % len(texts)]
        number = f"AF{5000 + i:04d}/{10 + i % 9:02d}"
        varied = _NUMBER.sub(number, text, count=1) if _NUMBER.search(text) else (
            f"{number}\n\n{text}")
        (folder / f"antwort-{i:05d}.txt").write_text(varied + f"\n\n(Kopie {i})\n",
                                                     encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=400)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from inquiry_app import create_app
    from inquiry_app.archive.importing import FAILED, IMPORTED, SKIPPED, run_import
    from inquiry_app.demo.loader import load_demo
    from inquiry_app.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        url = args.database_url or f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                          "MAIL_ENABLED": False, "SEAL_P12": ""})
        folder = tmp_path / "antworten"
        folder.mkdir()
        write_replies(folder, args.replies)
        with app.app_context():
            upgrade()
            load_demo()
            db.session.commit()
            from inquiry_app.routing.service import get_router

            loading = time.perf_counter()
            get_router()  # once per process, whatever the number of replies
            router_seconds = time.perf_counter() - loading
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            started = time.perf_counter()
            summary, _report = run_import(folder, report=tmp_path / "r.csv", progress=False)
            seconds = time.perf_counter() - started
            if profiler:
                profiler.disable()
            again_started = time.perf_counter()
            again, _ = run_import(folder, report=tmp_path / "r2.csv", progress=False)
            again_seconds = time.perf_counter() - again_started
        print(f"database: {url.split(':')[0]}")
        print(f"replies: {args.replies} ({len(sources())} distinct texts, varied numbers)")
        print(f"first run: {summary.count(IMPORTED)} importiert, {summary.count(SKIPPED)} "
              f"übersprungen, {summary.count(FAILED)} fehlgeschlagen in {seconds:.1f} s")
        print(f"  rate: {args.replies / seconds:.1f} replies/s on one core (goal >= 20/s); "
              f"loading the router once before: {router_seconds:.1f} s")
        print(f"second run: {again.count(SKIPPED)} übersprungen in {again_seconds:.1f} s "
              f"({args.replies / again_seconds:.0f} replies/s)")
        failures = [line for line in summary.lines if line.status == FAILED][:5]
        for line in failures:
            print(f"  failed: {Path(line.path).name}: {line.reason[:120]}")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
