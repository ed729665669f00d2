"""Benchmark the mail outbox: storing mails with a change, and the worker's delivery rate.

Plain script, prints figures: ``python bench/outbox.py [--mails N] [--database-url URL]``.
Without ``--database-url`` it uses a fresh SQLite file in a temporary folder; with a
PostgreSQL URL the database must be empty (the script runs the migrations).

* enqueue: milliseconds to store one mail with a 200 kB attachment (the signed letter;
  ``--attachment-kb``) in its own transaction;
* deliver: mails per second delivered to a local SMTP sink (aiosmtpd) by one worker and by
  two workers at once, and a check that no mail arrived twice.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class Sink:
    def __init__(self):
        from aiosmtpd.controller import Controller

        self.ids: list[str] = []
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                for line in envelope.content.split(b"\r\n"):
                    if line.lower().startswith(b"message-id:"):
                        sink.ids.append(line.decode())
                        break
                return "250 OK"

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=300)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--attachment-kb", type=int, default=200)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from inquiry_app import create_app
    from inquiry_app.extensions import db
    from inquiry_app.mail import Attachment, Mail, enqueue
    from inquiry_app.outbox.worker import deliver_pass

    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='outbox-bench-')}/bench.sqlite3"
    sink = Sink()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "MAIL_ENABLED": True, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": sink.port})
    letter = Attachment("Antwort.pdf", bytes(range(256)) * (4 * args.attachment_kb), "application/pdf")

    with app.app_context():
        upgrade()
        started = time.perf_counter()
        for i in range(args.mails):
            enqueue([Mail([f"rat{i}@rat.example"], f"Antwort {i}", "Text", [letter])])
            db.session.commit()
        per_mail = (time.perf_counter() - started) / args.mails * 1000
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")
    print(f"enqueue ({args.attachment_kb} kB attachment, own transaction): {per_mail:.2f} ms per mail")

    with app.app_context():
        started = time.perf_counter()
        report = deliver_pass(limit=args.mails * 2)
        elapsed = time.perf_counter() - started
    print(f"deliver, 1 worker: {report.delivered} mails in {elapsed:.2f} s = "
          f"{report.delivered / elapsed:.0f} mails/s")

    with app.app_context():
        for i in range(args.mails):
            enqueue([Mail([f"rat{i}@rat.example"], f"Zweite Runde {i}", "Text", [letter])])
        db.session.commit()
    delivered: list[int] = []

    def work():
        with app.app_context():
            delivered.append(deliver_pass(limit=args.mails * 2).delivered)
            db.session.remove()

    threads = [threading.Thread(target=work) for _ in range(2)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    print(f"deliver, 2 workers at once: {sum(delivered)} mails ({delivered[0]} + {delivered[1]}) "
          f"in {elapsed:.2f} s = {sum(delivered) / elapsed:.0f} mails/s")
    duplicates = len(sink.ids) - len(set(sink.ids))
    print(f"received {len(sink.ids)} mails, {duplicates} twice")
    sink.controller.stop()
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main()
