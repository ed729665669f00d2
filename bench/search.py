"""Search and similar-question lookups over a large archive, on SQLite and PostgreSQL.

For each database: the demo data plus ``--inquiries`` generated inquiries
(``inquiry_app.demo.generate``: real German subjects, preambles and questions from the demo
corpus, synthetic answers; about four searchable texts per inquiry), indexed as the app
indexes them (``generate`` indexes each chunk it writes). Then

* ``--queries`` searches (default 240): rare, middling and common single words, compounds,
  two- and three-word queries, phrases in quotes, inquiry numbers; a third with filters
  (year, state, kind), a quarter sorted by date; two in three as the admin, one in three as
  a department user (who sees published inquiries and the unit's own);
* ``--similar`` lookups of similar past questions (default 240) for question texts of the
  corpus, some shortened or reworded,

and prints p50 / p95 / max in milliseconds per kind. Goals (issue 16): search p95 < 50 ms,
similar < 30 ms at 100,000 inquiries.

    python bench/search.py [--inquiries 100000] [--db sqlite|postgresql|both]
                           [--sqlite FILE] [--pg-url URL] [--reuse]

``--sqlite FILE`` keeps the SQLite database in FILE (default: a temporary file);
``--pg-url URL`` uses an existing PostgreSQL database instead of starting a throw-away
server; ``--reuse`` measures an existing, already filled database without building it.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _app(url: str):
    from inquiry_app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                       "MAIL_ENABLED": False, "CHECK_DATABASE_ON_START": False})


def build(app, n: int) -> None:
    from flask_migrate import upgrade

    from inquiry_app.demo.generate import generate
    from inquiry_app.demo.loader import load_demo
    from inquiry_app.extensions import db
    from inquiry_app.search.index import _analyze

    with app.app_context():
        upgrade()
        load_demo()
        db.session.commit()
        started = time.perf_counter()

        def progress(done, total, _rows):
            if done % 10_000 == 0 or done == total:
                print(f"  {done}/{total} Anfragen erzeugt und indexiert "
                      f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)

        generate(n, 1, commit=True, progress=progress)
        _analyze(db.session)
        db.session.commit()
        print(f"  aufgebaut in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _corpus() -> list[dict]:
    from importlib import resources

    return json.loads(resources.files("inquiry_app.demo").joinpath("corpus.json")
                      .read_text(encoding="utf-8"))["cases"]


def workload(rng: random.Random, queries: int, similar: int):
    """(search queries, similar texts), drawn from the indexed vocabulary and the corpus."""
    import sqlalchemy as sa

    from inquiry_app.extensions import db
    from inquiry_app.models import Inquiry, InquiryState, SearchTerm
    from inquiry_app.search import Filters, SearchQuery

    terms = db.session.execute(sa.select(SearchTerm.term, SearchTerm.docs)
                               .where(SearchTerm.docs > 0).order_by(SearchTerm.docs)).all()
    words = [t for t, _n in terms if t.isalpha() and len(t) > 3]
    rare = words[len(words) // 2: len(words) * 3 // 4]  # a few documents each
    middle = words[len(words) * 3 // 4: len(words) * 19 // 20]
    common = words[len(words) * 19 // 20:]
    compounds = [t for t in middle + common if len(t) >= 14]
    cases = _corpus()
    questions = [q for c in cases for q in c["questions"] if len(q) > 40]
    numbers = list(db.session.scalars(sa.select(Inquiry.number).order_by(sa.func.random())
                                      .limit(20)))
    years = list(range(2017, 2027))

    def phrase() -> str:
        text = rng.choice(questions).split()
        k = rng.randrange(0, max(1, len(text) - 3))
        return "„" + " ".join(w.strip(",.?:;()") for w in text[k:k + 2]) + "“"

    makers = [
        lambda: rng.choice(rare), lambda: rng.choice(middle), lambda: rng.choice(common),
        lambda: rng.choice(compounds or middle),
        lambda: f"{rng.choice(middle)} {rng.choice(common)}",
        lambda: " ".join(rng.choice(questions).split()[2:5]),
        phrase, lambda: rng.choice(numbers),
    ]
    out = []
    for k in range(queries):
        text = makers[k % len(makers)]()
        filters = Filters()
        if k % 3 == 1:
            filters = rng.choice([
                Filters(years=(rng.choice(years),)),
                Filters(states=(InquiryState.PUBLISHED,)),
                Filters(kinds=("question",)),
                Filters(years=(rng.choice(years),), states=(InquiryState.PUBLISHED,)),
            ])
        sort = "datum" if k % 4 == 3 else "relevanz"
        out.append(SearchQuery(text, filters=filters, sort=sort))
    texts = []
    for k in range(similar):
        q = rng.choice(questions)
        if k % 3 == 1:  # shortened
            q = " ".join(q.split()[: max(6, len(q.split()) * 2 // 3)])
        elif k % 3 == 2:  # another year asked
            q = q.replace("2023", "2025").replace("2022", "2024") + " Bitte nach Jahren."
        texts.append(q)
    return out, texts


def _ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return (f"p50 {statistics.median(values):6.1f} ms   p95 {p95:6.1f} ms   "
            f"max {values[-1]:6.1f} ms   (n={len(values)})")


def measure(app, queries: int, similar: int, seed: int) -> dict:
    import sqlalchemy as sa

    from inquiry_app.extensions import db
    from inquiry_app.models import Role, SearchDoc, User
    from inquiry_app.search import search, similar_questions

    with app.app_context():
        admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN).limit(1))
        clerk = db.session.scalar(sa.select(User).where(User.role == Role.DEPARTMENT).limit(1))
        docs = db.session.scalar(sa.select(sa.func.count()).select_from(SearchDoc))
        rng = random.Random(seed)
        search_queries, similar_texts = workload(rng, queries, similar)
        # warm-up: the lemma table and the caches of the process (once per process)
        similar_questions("Wie viele Anträge auf Einbürgerung wurden gestellt?", admin)
        timings: dict[str, list[float]] = {"search": [], "search (Abteilung)": [],
                                           "search mit Filter": [], "search nach Datum": [],
                                           "similar": []}
        hits = []
        for k, query in enumerate(search_queries):
            user = clerk if k % 3 == 2 else admin
            started = time.perf_counter()
            result = search(user, query)
            elapsed = (time.perf_counter() - started) * 1000
            timings["search"].append(elapsed)
            if user is clerk:
                timings["search (Abteilung)"].append(elapsed)
            if query.filters != type(query.filters)():
                timings["search mit Filter"].append(elapsed)
            if query.sort == "datum":
                timings["search nach Datum"].append(elapsed)
            hits.append(result.total)
            db.session.rollback()
        found = 0
        for text in similar_texts:
            started = time.perf_counter()
            result = similar_questions(text, clerk if found % 3 == 2 else admin)
            timings["similar"].append((time.perf_counter() - started) * 1000)
            found += bool(result)
            db.session.rollback()
        return {"docs": docs, "timings": timings, "hits": hits, "similar_found": found}


def run(kind: str, url: str, args) -> None:
    app = _app(url)
    if not args.reuse:
        print(f"{kind}: {args.inquiries} Anfragen aufbauen …", file=sys.stderr)
        build(app, args.inquiries)
    out = measure(app, args.queries, args.similar, args.seed)
    hits = sorted(out["hits"])
    print(f"\n== {kind}: {out['docs']} durchsuchbare Texte ==")
    for name, values in out["timings"].items():
        if values:
            print(f"  {name:22} {_ms(values)}")
    print(f"  Treffer je Suche: Median {statistics.median(hits):.0f}, "
          f"ohne Treffer {sum(1 for h in hits if h == 0)} von {len(hits)}; "
          f"ähnliche Fragen gefunden für {out['similar_found']} von {args.similar}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inquiries", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--similar", type=int, default=240)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sqlite", help="SQLite-Datei (sonst eine temporäre)")
    parser.add_argument("--pg-url", help="bestehende PostgreSQL-Datenbank")
    parser.add_argument("--reuse", action="store_true",
                        help="bestehende, gefüllte Datenbank nur messen")
    args = parser.parse_args()
    if args.db in ("sqlite", "both"):
        folder = None
        path = args.sqlite
        if path is None:
            folder = tempfile.mkdtemp(prefix="bench-search-")
            path = str(Path(folder) / "search.sqlite3")
        if not args.reuse:
            Path(path).unlink(missing_ok=True)
            import sqlite3
            sqlite3.connect(path).close()
        try:
            run("SQLite", f"sqlite:///{path}", args)
        finally:
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
    if args.db in ("postgresql", "both"):
        if args.pg_url:
            run("PostgreSQL", args.pg_url, args)
            return
        import pgserver

        root = Path(tempfile.mkdtemp(prefix="bench-search-pg-"))
        server = pgserver.start(root)
        try:
            run("PostgreSQL", server.create_database("bench_search"), args)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
