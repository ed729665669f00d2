"""Many people at once against the app served by gunicorn (several worker processes).

Run: .venv/bin/python bench/load.py [--db sqlite|postgresql|both] [--clients 50] [--seconds 60]
                                     [--workers 4]

For each database: a fresh database (a SQLite file; or a throw-away PostgreSQL server, as the
tests start it), migrated and loaded with the demo data plus 25 routed inquiries, so that every
writing client has assignments of its own. Then ``--clients`` people work for ``--seconds``:

* council office (1 in 5): logs in again now and then, registers inquiries (pasted text),
  looks at lists and inquiries;
* departments (2 in 5): open their assignments and save their contributions;
* readers (the rest): start pages, inquiry lists and inquiries; log in again now and then.

Prints count, p50 and p95 (ms) and the number of 5xx answers per kind of request, then checks
that every acknowledged save and registration is in the database. Exit code 1 if any answer
was a 5xx, a request failed, or an acknowledged write is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d*)"')
PASSWORD = "anfragen-demo"
READER_LOGINS = ["ob", "bm", "leitung33", "leitungebit", "amt61", "amt40", "admin", "ebit"]
WRITER_LOGINS = ["amt33", "leitung33"]
INQUIRY_TEXT = (
    "Ich frage den Oberbürgermeister:\n\n"
    "1. Wie viele Anträge auf Einbürgerung wurden {n} gestellt?\n"
    "2. Wie lange dauerte die Bearbeitung im Durchschnitt?\n"
    "3. Wie viele Stellen sind in der Staatsangehörigkeitsbehörde unbesetzt?"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- set-up ------------------------------------------------------------------------------------

def prepare(url: str, routed: int) -> None:
    """Migrate, load the demo data, register and route ``routed`` inquiries to office 33."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from inquiry_app import create_app
    from inquiry_app.assignments.operations import QuestionPlan, save_plan, send
    from inquiry_app.demo.loader import load_demo
    from inquiry_app.extensions import db
    from inquiry_app.intake.operations import draft_of, register_inquiry, save_split
    from inquiry_app.models import InquiryKind, OrgUnit, User

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "MAIL_ENABLED": False,
                      "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        load_demo()
        db.session.commit()
        clerk = db.session.scalar(sa.select(User).where(User.login == "rat"))
        unit = db.session.scalar(sa.select(OrgUnit).where(OrgUnit.code == "33"))
        from datetime import date, timedelta

        with app.test_request_context():
            for n in range(routed):
                inquiry, _ = register_inquiry(
                    actor=clerk, number=f"LT{n:04d}/25", kind=InquiryKind.WRITTEN,
                    received_on=date.today() - timedelta(days=n % 10), subject=f"Lastprobe {n}",
                    submitters=[], faction=None, text=INQUIRY_TEXT.format(n=2000 + n))
                save_split(inquiry, draft_of(inquiry), clerk, confirm=True)
                save_plan(inquiry, {q.id: QuestionPlan(unit.id) for q in inquiry.questions}, clerk)
                send(inquiry, clerk)
                db.session.commit()
        db.session.remove()
        db.engine.dispose()


def assignment_ids(url: str) -> list[int]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT a.id FROM assignment a JOIN org_unit u ON u.id = a.org_unit_id "
            "JOIN inquiry i ON i.id = a.inquiry_id WHERE u.code = '33' AND i.number LIKE 'LT%' "
            "ORDER BY a.id")).scalars().all()
    engine.dispose()
    return list(rows)


# --- clients -----------------------------------------------------------------------------------

class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.failures: list[str] = []
        self.saved: dict[int, str] = {}
        self.registered: set[str] = set()

    def record(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if status >= 500:
                self.errors[kind] += 1


class Person:
    def __init__(self, base: str, login: str, stats: Stats):
        self.base, self.login_name, self.stats = base, login, stats
        self.http = requests.Session()

    def _timed(self, kind: str, method: str, path: str, **kw) -> requests.Response | None:
        start = time.perf_counter()
        try:
            response = self.http.request(method, self.base + path, timeout=120, **kw)
        except requests.RequestException as exc:
            with self.stats.lock:
                self.stats.failures.append(f"{kind} {path}: {exc}")
            return None
        self.stats.record(kind, time.perf_counter() - start, response.status_code)
        return response

    def get(self, kind: str, path: str) -> requests.Response | None:
        return self._timed(kind, "GET", path)

    def post(self, kind: str, path: str, data: dict, page: str) -> requests.Response | None:
        match = CSRF.search(page)
        if not match:
            return None
        return self._timed(kind, "POST", path, data={"csrf_token": match.group(1), **data})

    def login(self) -> None:
        self.http.cookies.clear()
        page = self.get("Anmeldeseite", "/anmelden")
        if page is not None:
            self.post("Anmeldung", "/anmelden", {"login": self.login_name, "password": PASSWORD},
                      page.text)

    def browse(self) -> None:
        for path in ("/aufgaben", "/anfragen/"):
            self.get("Seite " + path, path)


def council_office(person: Person, stop: float, index: int) -> None:
    person.login()
    n = 0
    while time.monotonic() < stop:
        roll = random.random()
        if roll < 0.1:
            person.login()
        elif roll < 0.4:
            page = person.get("Registrieren (Formular)", "/anfragen/neu")
            if page is None:
                continue
            number = f"LB{index:02d}{n:04d}/25"
            n += 1
            response = person.post("Registrieren", "/anfragen/neu", {
                "number": number, "kind": "written", "received_on": time.strftime("%Y-%m-%d"),
                "subject": f"Lastprobe Registrierung {number}", "faction": "0",
                "text": INQUIRY_TEXT.format(n=n)}, page.text)
            if response is not None and response.status_code == 200 and "/zerlegung" in response.url:
                with person.stats.lock:
                    person.stats.registered.add(number)
        else:
            person.browse()


def department(person: Person, stop: float, own: list[int]) -> None:
    person.login()
    count = 0
    while time.monotonic() < stop:
        assignment = random.choice(own)
        page = person.get("Zuweisung öffnen", f"/zuweisungen/{assignment}")
        if page is None or page.status_code != 200:
            continue
        version = VERSION.search(page.text)
        text = f"Zuarbeit von {person.login_name}, Stand {count}: Die Zahlen liegen vor."
        count += 1
        response = person.post("Zuarbeit speichern", f"/zuweisungen/{assignment}/beitrag", {
            "text": text, "version": version.group(1) if version else "", "action": "save"},
            page.text)
        if (response is not None and response.status_code == 200
                and "Die Zuarbeit wurde gespeichert" in response.text):
            with person.stats.lock:
                person.stats.saved[assignment] = text
        if random.random() < 0.3:
            person.browse()


def reader(person: Person, stop: float) -> None:
    person.login()
    while time.monotonic() < stop:
        if random.random() < 0.05:
            person.login()
        person.browse()
        inquiries = person.get("Anfrage ansehen", f"/anfragen/{random.randint(1, 4)}")
        if inquiries is None:
            continue


# --- one run -----------------------------------------------------------------------------------

def run(url: str, label: str, args) -> bool:
    print(f"\n== {label}: Vorbereitung …", flush=True)
    writers = max(args.clients * 2 // 5, 1)
    prepare(url, routed=max(writers, 10))
    assignments = assignment_ids(url)
    port = _free_port()
    env = dict(os.environ, INQUIRY_APP_DATABASE_URL=url, INQUIRY_APP_SECRET_KEY="bench-load",
               INQUIRY_APP_SECURE_COOKIES="false", INQUIRY_APP_MAIL_ENABLED="false")
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(args.workers), "--bind",
         f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning",
         "inquiry_app:create_app()"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(requests.RequestException):
                if requests.get(base + "/anmelden", timeout=5).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            print("gunicorn startet nicht")
            return False
        stats = Stats()
        stop = time.monotonic() + args.seconds
        threads = []
        clerks = max(args.clients // 5, 1)
        per_writer = max(len(assignments) // writers, 1)
        for i in range(args.clients):
            if i < clerks:
                person = Person(base, "rat", stats)
                target, targs = council_office, (person, stop, i)
            elif i < clerks + writers:
                w = i - clerks
                own = assignments[w * per_writer:(w + 1) * per_writer] or assignments[:1]
                person = Person(base, WRITER_LOGINS[w % len(WRITER_LOGINS)], stats)
                target, targs = department, (person, stop, own)
            else:
                person = Person(base, READER_LOGINS[i % len(READER_LOGINS)], stats)
                target, targs = reader, (person, stop)
            threads.append(threading.Thread(target=target, args=targs))
        print(f"== {label}: {args.clients} Personen ({clerks} Stadtratsangelegenheiten, {writers} "
              f"Fachbereich, {args.clients - clerks - writers} Lesende), {args.seconds} s, "
              f"gunicorn mit {args.workers} Workern", flush=True)
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            gunicorn.wait(timeout=30)

    total = sum(len(v) for v in stats.times.values())
    print(f"{'Art der Anfrage':<28}{'Anzahl':>8}{'p50 ms':>9}{'p95 ms':>9}{'5xx':>6}")
    for kind in sorted(stats.times):
        values = sorted(stats.times[kind])
        p50 = statistics.median(values) * 1000
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))] * 1000
        print(f"{kind:<28}{len(values):>8}{p50:>9.0f}{p95:>9.0f}{stats.errors[kind]:>6}")
    errors = sum(stats.errors.values())
    print(f"gesamt: {total} Anfragen in {elapsed:.0f} s ({total / elapsed:.0f}/s), "
          f"5xx: {errors}, abgebrochen: {len(stats.failures)}")
    for failure in stats.failures[:5]:
        print("  ", failure)

    missing = verify(url, stats)
    print(f"bestätigte Speicherungen: {len(stats.saved)} Zuarbeiten, {len(stats.registered)} "
          f"Registrierungen; fehlend in der Datenbank: {len(missing)}")
    for item in missing[:5]:
        print("  fehlt:", item)
    return errors == 0 and not stats.failures and not missing


def verify(url: str, stats: Stats) -> list[str]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    missing = []
    with engine.connect() as conn:
        for assignment, text in stats.saved.items():
            stored = conn.execute(sa.text("SELECT text FROM contribution WHERE assignment_id = :a"),
                                  {"a": assignment}).scalar()
            if stored != text:
                missing.append(f"Zuarbeit zu Zuweisung {assignment}: {text!r} (gespeichert: "
                               f"{stored!r})")
        numbers = set(conn.execute(sa.text("SELECT number FROM inquiry")).scalars())
        missing += [f"Anfrage {n}" for n in sorted(stats.registered - numbers)]
    engine.dispose()
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    random.seed(11)
    ok = True
    if args.db in ("sqlite", "both"):
        folder = Path(tempfile.mkdtemp(prefix="inquiry-load-"))
        try:
            ok &= run(f"sqlite:///{folder / 'load.sqlite3'}", "SQLite", args)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    if args.db in ("postgresql", "both"):
        import pgserver

        folder = Path(tempfile.mkdtemp(prefix="inquiry-load-pg-"))
        server = pgserver.start(folder)
        try:
            ok &= run(server.create_database("load"), "PostgreSQL", args)
        finally:
            server.stop()
    print("\nErgebnis:", "bestanden" if ok else "NICHT bestanden")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
