"""Routing at scale: learning in place, full retrain and suggestions with ~500k decisions.

Builds a throw-away database (SQLite, or PostgreSQL from tests/pgserver.py with
``--db postgresql``) with the demo city and ``--inquiries`` synthetic routed inquiries of
``--questions`` questions each. The question texts are the real ones of
tests/data/real/inquiries (Bundestag inquiries) and of the routing training and development
files (tests/data/routing.jsonl, routing-test.jsonl; never the held-out set), each sent to
its labelled unit or, unlabelled, to the demo catalogue's first suggestion; contexts are the
real inquiries' subjects and preambles. To build the history fast, each distinct text and
context is analysed once and a decision's stored features are its question's plus its
context's; four rare words per decision (drawn from 300,000 invented ones, Zipf-like)
stand in for the names and numbers that make a real city's vocabulary large. 5 % of the
decisions are returns. Then, each step in its own process:

* ``routing train``: seconds and peak memory (ru_maxrss of the process, and its growth over
  the process after start-up),
* the process's router: load time and memory (RSS growth; ``--trace``: also tracemalloc), suggestion time
  (median, p95) for the development questions, sending a new inquiry's 5 lead assignments
  and returning one (server time of the operation, and of ``learn`` within it), and the
  refresh of the process's router after that (changes applied, no reload).

    python bench/routing_scale.py [--inquiries 100000] [--questions 5] [--db sqlite]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
DATA = ROOT / "tests" / "data"


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _app(url: str):
    from inquiry_app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                       "CHECK_DATABASE_ON_START": False,
                       "MAIL_ENABLED": False, "SERVER_NAME": "bench.example"})


# -- the history -------------------------------------------------------------------------------

def _texts() -> tuple[list[tuple[str, str | None]], list[tuple[str, str]]]:
    """(question, labelled unit or None) and (subject, preamble) of the real inquiries."""
    questions, contexts = [], []
    for path in sorted((DATA / "real" / "inquiries").glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))["expected"]
        contexts.append((expected.get("subject") or "", expected.get("preamble") or ""))
        for q in expected.get("questions") or []:
            text = q if isinstance(q, str) else q.get("text", "")
            if text.strip():
                questions.append((text, None))
    for name in ("routing.jsonl", "routing-test.jsonl"):  # never routing-holdout.jsonl
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                questions.append((item["question"], item["lead"]))
    return questions, contexts


def _merge(question: dict, context: dict) -> dict:
    from drafting.routing.model import TERM_PREFIX

    out = dict(question)
    for f, v in context.items():
        out[f] = max(out.get(f, 0.0), v) if f.startswith(TERM_PREFIX) else out.get(f, 0.0) + v
    return out


def build(url: str, inquiries: int, per_inquiry: int) -> None:
    import sqlalchemy as sa

    from drafting.routing.model import encode_features
    from inquiry_app.demo.loader import load_demo
    from inquiry_app.extensions import db
    from inquiry_app.models import (
        Assignment,
        AssignmentRole,
        AssignmentState,
        Inquiry,
        InquiryKind,
        InquiryState,
        OrgUnit,
        Question,
        RoutingExample,
    )
    from inquiry_app.routing.service import get_router

    rng = random.Random(20261207)
    app = _app(url)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        load_demo()
        db.session.commit()
        router = get_router()
        units = dict(db.session.execute(sa.select(OrgUnit.code, OrgUnit.id)).all())
        questions, contexts = _texts()
        started = time.perf_counter()
        q_feats, q_units = [], []
        for text, label in questions:
            q_feats.append(router.features(text))
            unit = label
            if unit is None:
                suggestions = router.suggest(text, top=1)
                unit = suggestions[0].unit if suggestions else "33"
            q_units.append(unit if unit in units else "33")
        c_feats = [router.features("", f"{s}\n\n{p}") for s, p in contexts]
        print(f"Analyse {len(questions)} Fragen, {len(contexts)} Kontexte: "
              f"{time.perf_counter() - started:6.1f} s")
        rare = [f"w:zz{k:06d}" for k in range(300_000)]

        first = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Inquiry.id), 0))) + 1
        q_id = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Question.id), 0))) + 1
        a_id = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Assignment.id), 0))) + 1
        started = time.perf_counter()
        day = date(2016, 1, 4)
        batch_i, batch_q, batch_a, batch_e = [], [], [], []

        def flush():
            for model, rows in ((Inquiry, batch_i), (Question, batch_q), (Assignment, batch_a),
                                (RoutingExample, batch_e)):
                if rows:
                    db.session.execute(model.__table__.insert(), rows)
                    rows.clear()

        for n in range(inquiries):
            iid = first + n
            c = n % len(contexts)
            subject, preamble = contexts[c]
            received = day + timedelta(days=n * 3650 // max(inquiries, 1))
            number = f"BX{n:06d}/{received.year % 100:02d}"
            batch_i.append({
                "id": iid, "number": number, "kind": InquiryKind.WRITTEN,
                "subject": subject[:500] or "Anfrage", "preamble": preamble,
                "submitted_text": "", "state": InquiryState.ROUTED,
                "received_on": received, "due_on": received + timedelta(days=28),
                "original_due_on": received + timedelta(days=28),
            })
            for p in range(1, per_inquiry + 1):
                k = rng.randrange(len(questions))
                text = questions[k][0]
                unit = q_units[k]
                returned = rng.random() < 0.05
                batch_q.append({"id": q_id, "inquiry_id": iid, "position": p, "number": str(p),
                                "text": text})
                batch_a.append({
                    "id": a_id, "inquiry_id": iid, "question_id": q_id,
                    "org_unit_id": units[unit], "role": AssignmentRole.LEAD,
                    "state": AssignmentState.RETURNED if returned else AssignmentState.ACCEPTED,
                    "return_reason": "Nicht zuständig." if returned else None,
                    "sent_at": datetime.combine(received, datetime.min.time()),
                    "due_on": received + timedelta(days=21),
                })
                features = _merge(q_feats[k], c_feats[c])
                for _ in range(4):
                    features[rare[int(len(rare) * rng.random() ** 3)]] = 1.0
                batch_e.append({
                    "assignment_id": a_id, "unit": unit, "negative": returned,
                    "ref": f"{number} Frage {p}", "text": text[:300],
                    "features": encode_features(features), "created_version": 0,
                    "version": 0, "stamp": "",
                })
                q_id += 1
                a_id += 1
            if len(batch_a) >= 5_000:
                flush()
        flush()
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execute(sa.text("ANALYZE"))
                conn.commit()
        print(f"Verlauf geschrieben: {inquiries} Anfragen, {inquiries * per_inquiry} "
              f"Entscheidungen in {time.perf_counter() - started:6.1f} s")


# -- the steps, each in its own process ------------------------------------------------------

def step_train(url: str) -> None:
    from inquiry_app.extensions import db
    from inquiry_app.routing import service

    app = _app(url)
    with app.app_context():
        service.catalogue_router()  # the catalogue only (as `flask routing train` builds it)
        base = _rss_mb()
        started = time.perf_counter()
        count, _ = service.train()
        db.session.commit()
        elapsed = time.perf_counter() - started
    print(f"routing train:            {elapsed:8.1f} s für {count} Entscheidungen, "
          f"Spitze {_peak_mb():.0f} MB RSS (Prozess; davon {_peak_mb() - base:.0f} MB "
          f"über dem Stand nach dem Start mit Katalog)")


def step_serve(url: str, queries: int, trace: bool = False) -> None:
    import sqlalchemy as sa

    from inquiry_app.assignments import operations
    from inquiry_app.assignments.operations import QuestionPlan
    from inquiry_app.extensions import db
    from inquiry_app.models import Inquiry, InquiryKind, InquiryState, OrgUnit, Question, User
    from inquiry_app.routing import service

    app = _app(url)
    with app.app_context():
        from drafting.routing.engine import Router

        Router(service.unit_infos())  # warm the analyser before measuring
        catalogue_rss = _rss_mb()
        if trace:
            tracemalloc.start()
        started = time.perf_counter()
        router = service.get_router()
        load = time.perf_counter() - started
        traced = ""
        if trace:
            traced = f"{tracemalloc.get_traced_memory()[0] / 1e6:.0f} MB Python-Objekte, "
            tracemalloc.stop()
        model = router.model
        live = sum(1 for e in model.examples if e is not None)
        print(f"Router laden (Prozess):   {load:8.2f} s{' (mit tracemalloc)' if trace else ''}, "
              f"{traced}RSS +{_rss_mb() - catalogue_rss:.0f} MB; "
              f"{len(model)} Entscheidungen, {live} im Nachbarfenster")

        dev = [json.loads(line) for line in
               (DATA / "routing-test.jsonl").read_text(encoding="utf-8").splitlines() if line]
        times = []
        for i in range(queries):
            item = dev[i % len(dev)]
            started = time.perf_counter()
            with service._lock:  # as the view (suggest_for) does
                router.suggest(item["question"], item.get("context", ""), top=5)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(f"Vorschlag:                {statistics.median(times):8.2f} ms Median, "
              f"p95 {times[int(len(times) * 0.95)]:.2f} ms ({queries} Fragen)")

        learned = []
        original = service.learn

        def timed_learn(*args, **kwargs):
            started = time.perf_counter()
            original(*args, **kwargs)
            learned.append(time.perf_counter() - started)

        operations.routing.learn = timed_learn
        clerk = db.session.scalar(sa.select(User).where(User.login == "rat"))
        worker = db.session.scalar(sa.select(User).where(User.login == "amt33"))
        unit = db.session.scalar(sa.select(OrgUnit).where(OrgUnit.code == "33"))
        texts = [d["question"] for d in dev[:5]]
        item = Inquiry(number="BENCH/1", kind=InquiryKind.WRITTEN, subject="Bürgerbüros",
                       preamble="Vorbemerkung.", submitted_text="", state=InquiryState.SPLIT,
                       received_on=date(2026, 12, 1), due_on=date(2026, 12, 29),
                       original_due_on=date(2026, 12, 29), created_by=clerk,
                       questions=[Question(position=i, number=str(i), text=t)
                                  for i, t in enumerate(texts, start=1)])
        db.session.add(item)
        db.session.flush()
        operations.save_plan(item, {q.id: QuestionPlan(unit.id, []) for q in item.top_questions},
                             clerk)
        db.session.commit()
        with app.test_request_context():
            started = time.perf_counter()
            operations.send(item, clerk)
            db.session.commit()
            send_time = time.perf_counter() - started
        print(f"Zuweisungen versenden:    {send_time * 1000:8.1f} ms (5 Fragen, mit Commit), "
              f"davon learn {learned[-1] * 1000:.1f} ms")
        started = time.perf_counter()
        service.get_router()
        refresh = time.perf_counter() - started
        print(f"Router nachführen:        {refresh * 1000:8.1f} ms (5 neue Entscheidungen, "
              f"{'ohne' if service.get_router() is router else 'mit'} Neuladen)")
        assignment = item.assignments[0]
        with app.test_request_context():
            started = time.perf_counter()
            operations.return_assignment(assignment, worker, "Nicht zuständig.", None)
            db.session.commit()
            return_time = time.perf_counter() - started
        print(f"Zuweisung zurückgeben:    {return_time * 1000:8.1f} ms (mit Commit), "
              f"davon learn {learned[-1] * 1000:.1f} ms")
        started = time.perf_counter()
        service.get_router()
        print(f"Router nachführen:        {(time.perf_counter() - started) * 1000:8.1f} ms "
              f"(1 Rückgabe, {'ohne' if service.get_router() is router else 'mit'} Neuladen)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inquiries", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--step", choices=["train", "serve"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--keep", help="die SQLite-Datenbank in diesem Ordner behalten")
    parser.add_argument("--trace", action="store_true",
                        help="Speicher des Routers auch mit tracemalloc messen (langsamer)")
    args = parser.parse_args()
    if args.step == "train":
        step_train(args.url)
        return
    if args.step == "serve":
        step_serve(args.url, args.queries, args.trace)
        return

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="routing-scale-"))
    root.mkdir(parents=True, exist_ok=True)
    server = None
    try:
        if args.db == "postgresql":
            import pgserver

            server = pgserver.start(root / "pg")
            url = server.create_database("routing_scale")
        else:
            url = f"sqlite:///{root / 'routing.sqlite3'}"
        print(f"Datenbank: {args.db}")
        build(url, args.inquiries, args.questions)
        for step in ("train", "serve"):
            subprocess.run([sys.executable, __file__, "--step", step, "--url", url,
                            "--queries", str(args.queries)] + (["--trace"] if args.trace else []),
                           check=True)
    finally:
        if server is not None:
            server.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
