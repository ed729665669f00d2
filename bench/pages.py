"""Server time per page of the path on the demo data (Flask test client, SQLite file).

Run: .venv/bin/python bench/pages.py [--rounds 30]
Prints the median and 95th percentile in ms and the SQL statements per page.
Goal: every page under 150 ms server time and at most 10 queries.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
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
