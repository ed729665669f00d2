"""Server time per page of the path on the demo data (Flask test client, SQLite file).

Run: .venv/bin/python bench/pages.py [--rounds 30]
Prints the median and 95th percentile in ms and the SQL statements per page.
Goal: every page under 150 ms server time and at most 10 queries.

At scale: .venv/bin/python bench/pages.py --inquiries 10000 [--seed 1] [--db sqlite|postgresql]
[--rounds 10] builds the demo data plus N generated inquiries (``flask demo generate``) and
times the first page of each role, the inquiry list (page 50, a search), the audit search, the
public list, one inquiry's detail, history and letter page; per page median, p95, SQL
statements and response size. The SQLite file is kept as
``/tmp/bench-pages-<N>-s<seed>.sqlite3`` and reused by the next run with the same N and seed;
on PostgreSQL a throw-away server (``tests/pgserver.py``) is started and the data built anew.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inquiry_app import create_app  # noqa: E402
from inquiry_app.extensions import db  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _prepare(app):
    """Demo data plus the reference inquiry routed, answered and drafted."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from inquiry_app.assignments.operations import QuestionPlan, save_plan, send
    from inquiry_app.contributions import answers as answer_ops
    from inquiry_app.contributions import operations as contribution_ops
    from inquiry_app.demo.loader import load_demo
    from inquiry_app.letters import operations as letter_ops
    from inquiry_app.models import Inquiry, OrgUnit, User

    reply = json.loads((ROOT / "tests/data/reply.json").read_text(encoding="utf-8"))
    answers = {i["questions"][0]["number"]: "\n\n".join(i["answer"]) for i in reply["items"]}
    with app.test_request_context():
        upgrade()
        load_demo()
        db.session.commit()
        user = {u.login: u for u in db.session.scalars(sa.select(User))}
        unit = {u.code: u for u in db.session.scalars(sa.select(OrgUnit))}
        inquiry = db.session.scalar(sa.select(Inquiry).where(Inquiry.number == "AF0815/25"))
        save_plan(inquiry, {q.id: QuestionPlan(unit["EB IT" if q.number == "3" else "33"].id)
                            for q in inquiry.questions}, user["rat"])
        send(inquiry, user["rat"])
        for a in inquiry.assignments:
            writer = user["ebit" if a.org_unit.code == "EB IT" else "amt33"]
            contribution_ops.save(a, writer, answers[a.question.number], None)
            contribution_ops.submit(a, writer)
        answer_ops.ensure_answers(inquiry)
        for answer in inquiry.answers:
            answer_ops.set_final(answer, user["ebit" if answer.questions[0].number == "3"
                                            else "amt33"], True)
        letter_ops.create_draft(inquiry, user["rat"])
        db.session.commit()
        routed = db.session.scalar(sa.select(Inquiry.id).where(Inquiry.subject.contains("Radweg")))
        return inquiry.id, inquiry.assignments[0].id, routed


def _login(client, login):
    token = CSRF.search(client.get("/anmelden").get_data(as_text=True)).group(1)
    response = client.post("/anmelden", data={"csrf_token": token, "login": login,
                                              "password": "anfragen-demo"})
    assert response.status_code == 302, login


def _scaled_app(url: str, n: int, seed: int, fresh: bool):
    """The app on ``url`` with the demo data and ``n`` generated inquiries (built if fresh)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "SESSION_COOKIE_SECURE": False, "MAIL_ENABLED": False,
                      "CHECK_DATABASE_ON_START": False})
    if fresh:
        from flask_migrate import upgrade

        from inquiry_app.demo.generate import generate
        from inquiry_app.demo.loader import load_demo

        with app.app_context():
            upgrade()
            load_demo()
            db.session.commit()
            summary = generate(n, seed, commit=True, progress=lambda done, total, _rows: print(
                f"  {done}/{total} Anfragen erzeugt", file=sys.stderr))
            db.session.commit()
            print(f"{n} Anfragen in {summary.seconds:.1f} s erzeugt, "
                  f"{summary.rows['audit_entry']} Protokolleinträge", file=sys.stderr)
    else:  # a kept database from an older schema: bring it to the newest revision first
        from flask_migrate import upgrade

        with app.app_context():
            upgrade()
    return app


def _scaled_pages(app) -> list[tuple[str, str | None, str]]:
    """(label, login or None for the public, url) of the pages each role opens first."""
    import sqlalchemy as sa

    from inquiry_app.models import Inquiry, InquiryState

    with app.app_context():
        # a published inquiry in the middle of the numbers, with a letter
        published = db.session.scalars(sa.select(Inquiry.id).where(
            Inquiry.state == InquiryState.PUBLISHED).order_by(Inquiry.id)).all()
        inquiry_id = published[len(published) // 2]
        # the list searches number and subject: the subject's longest word finds something
        words = db.session.get(Inquiry, inquiry_id).subject.split()
        word = max(words, key=len).strip(".,;:?!()„“\"")
    return [
        ("Aufgaben Stadtratsangelegenheiten", "rat", "/aufgaben"),
        ("Anfragenliste", "rat", "/anfragen/"),
        ("Anfragenliste Seite 50", "rat", "/anfragen/?seite=50"),
        (f"Anfragenliste Suche „{word[:20]}“", "rat", f"/anfragen/?q={word}"),
        ("Anfrage (Detail)", "rat", f"/anfragen/{inquiry_id}"),
        ("Verlauf der Anfrage", "rat", f"/verlauf/anfragen/{inquiry_id}"),
        ("Antwortschreiben", "rat", f"/anfragen/{inquiry_id}/schreiben"),
        ("Aufgaben Fachbereich (amt33)", "amt33", "/aufgaben"),
        ("Aufgaben Amtsleitung (leitung33)", "leitung33", "/aufgaben"),
        ("Aufgaben Zeichnung (ob)", "ob", "/aufgaben"),
        ("Protokollsuche (admin)", "admin", "/verlauf/suche"),
        ("Öffentliche Liste", None, "/oeffentlich/"),
    ]


def scaled(args) -> None:
    folder = None
    server = None
    if args.db == "postgresql":
        sys.path.insert(0, str(ROOT / "tests"))
        import pgserver

        folder = Path(tempfile.mkdtemp(prefix="bench-pages-pg-"))
        server = pgserver.start(folder)
        url, fresh = server.create_database("bench_pages"), True
    else:
        path = Path(tempfile.gettempdir()) / f"bench-pages-{args.inquiries}-s{args.seed}.sqlite3"
        fresh = not path.exists()
        url = f"sqlite:///{path}"
        if not fresh:
            print(f"vorhandene Datenbank {path}", file=sys.stderr)
    try:
        started = time.perf_counter()
        try:
            app = _scaled_app(url, args.inquiries, args.seed, fresh)
        except BaseException:
            if args.db == "sqlite" and fresh:
                path.unlink(missing_ok=True)  # no half-built file for the next run
            raise
        if fresh:
            print(f"Aufbau: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        _measure(app, _scaled_pages(app), args.rounds, f"{args.inquiries} Anfragen, {args.db}")
    finally:
        if server is not None:
            server.stop()


def _measure(app, pages, rounds: int, title: str) -> None:
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2])
                     if not a[2].lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK",
                                                              "SAVEPOINT", "RELEASE"))
                     else None)
    print(f"# {title}, {rounds} Durchläufe je Seite")
    print(f"{'Seite':44} {'Nutzer':9} {'Median':>9} {'p95':>9} {'SQL':>5} {'Größe':>9}")
    clients: dict[str | None, object] = {}
    for label, login, url in pages:
        if login not in clients:
            clients[login] = app.test_client()
            if login is not None:
                _login(clients[login], login)
        client = clients[login]
        response = client.get(url)  # warm-up
        assert response.status_code == 200, (url, response.status_code)
        times, counts = [], []
        for _ in range(rounds):
            statements.clear()
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            counts.append(len(statements))
            assert response.status_code == 200, (url, response.status_code)
        size = len(response.get_data())
        p95 = sorted(times)[max(int(len(times) * 0.95) - 1, 0)]
        print(f"{label[:44]:44} {login or '-':9} {statistics.median(times):7.1f}ms "
              f"{p95:7.1f}ms {max(counts):5d} {size / 1024:7.0f}kB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=None,
                        help="Aufrufe je Seite (Standard 30, mit --inquiries 10)")
    parser.add_argument("--inquiries", type=int, default=None,
                        help="Demodaten plus so viele erzeugte Anfragen messen")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    if args.inquiries is not None:
        if args.inquiries < 1:
            parser.error("--inquiries muss mindestens 1 sein")
        args.rounds = args.rounds or 10
        scaled(args)
        return
    args.rounds = args.rounds or 30
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "SECRET_KEY": "bench", "SESSION_COOKIE_SECURE": False,
                      "MAIL_ENABLED": False, "CHECK_DATABASE_ON_START": False})
    inquiry_id, assignment_id, routed_id = _prepare(app)
    pages = {
        "rat": ["/aufgaben", "/anfragen/", f"/anfragen/{inquiry_id}", "/anfragen/neu",
                "/anfragen/2/zerlegung", f"/anfragen/{inquiry_id}/antworten",
                f"/anfragen/{inquiry_id}/schreiben", f"/anfragen/{routed_id}/zuweisung",
                f"/verlauf/anfragen/{inquiry_id}", "/verwaltung/katalog/"],
        "amt33": ["/aufgaben", f"/zuweisungen/{assignment_id}"],
        "ob": ["/aufgaben", f"/anfragen/{inquiry_id}/schreiben"],
    }
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2])
                     if not a[2].lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK"))
                     else None)
    print(f"{'Seite':48} {'Nutzer':7} {'Median':>8} {'p95':>8} {'SQL':>4}")
    worst = 0.0
    for login, urls in pages.items():
        client = app.test_client()
        _login(client, login)
        for url in urls:
            client.get(url)  # warm-up
            times = []
            for _ in range(args.rounds):
                statements.clear()
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            median = statistics.median(times)
            p95 = sorted(times)[int(len(times) * 0.95) - 1]
            worst = max(worst, median)
            print(f"{url:48} {login:7} {median:7.1f}ms {p95:7.1f}ms {len(statements):4d}")
    print(f"\nlangsamste Seite (Median): {worst:.1f} ms (Ziel: unter 150 ms)")


if __name__ == "__main__":
    main()
