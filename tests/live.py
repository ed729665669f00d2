"""A live app for tests with several clients at once: its own database (a SQLite file or a
PostgreSQL database on the test server), migrated and loaded with the demo data, served by a
real multi-threaded HTTP server on a free local port. Clients are ``requests`` sessions."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import requests

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "anfragen-demo"


@dataclass
class LiveApp:
    app: object
    base_url: str
    _server: object
    _thread: threading.Thread

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        from inquiry_app.extensions import db

        with self.app.app_context():
            db.engine.dispose()

    def client(self, login: str | None = None, password: str = PASSWORD) -> Client:
        client = Client(self.base_url)
        if login:
            response = client.login(login, password)
            assert response.status_code == 200 and "/anmelden" not in response.url, login
        return client

    def world(self, **kw) -> dict:
        """A world of tests/factories.py stored in the live database: ``logins`` (person ->
        login, all with factories.PASSWORD) and ``units`` (unit attribute -> id)."""
        import factories

        from inquiry_app.extensions import db

        def build():
            world = factories.world(**kw)
            result = {
                "logins": {name: person.login for name, person in world.people().items()},
                "units": {name: getattr(world, name).id for name in (
                    "lead_unit", "contributing_unit", "other_unit", "division", "mayor_office")},
            }
            db.session.commit()
            return result

        return self.run(build)

    def run(self, fn: Callable):
        """Run ``fn()`` inside the app context (setup and checks straight on the database)."""
        from inquiry_app.extensions import db

        with self.app.app_context():
            try:
                return fn()
            finally:
                db.session.remove()


class Client:
    """One person with a browser: a cookie jar, CSRF tokens taken from the pages."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()

    def url(self, path: str) -> str:
        return self.base_url + path

    def get(self, path: str, **kw) -> requests.Response:
        return self.http.get(self.url(path), timeout=60, **kw)

    def token(self, path: str) -> str:
        page = self.get(path)
        match = CSRF_RE.search(page.text)
        assert match, f"kein CSRF-Feld auf {path} ({page.status_code})"
        return match.group(1)

    def post(self, path: str, data: dict, *, token: str | None = None, **kw) -> requests.Response:
        payload = {"csrf_token": token if token is not None else self.token(path), **data}
        return self.http.post(self.url(path), data=payload, timeout=60, **kw)

    def login(self, login: str, password: str = PASSWORD) -> requests.Response:
        return self.post("/anmelden", {"login": login, "password": password})


def start_live_app(database_url: str, **config) -> LiveApp:
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from inquiry_app import create_app
    from inquiry_app.demo.loader import load_demo
    from inquiry_app.extensions import db
    from inquiry_app.models.accounts import use_fast_password_hashing

    use_fast_password_hashing()
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "live-test-secret",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "MAIL_ENABLED": False,
        "PROPAGATE_EXCEPTIONS": False,
        "SEAL_P12": "",  # the instance folder may hold the demo seal
        "LETTER_PREVIEW": False,
        **config,
    })
    with app.app_context():
        upgrade()
        load_demo(archive=False)  # the concurrency tests need no archive of past inquiries
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return LiveApp(app, f"http://127.0.0.1:{server.server_port}", server, thread)


def parallel(tasks: list[Callable], *, start_together: bool = True) -> list:
    """Run the tasks in threads, released at the same moment; results (or exceptions) in order."""
    barrier = threading.Barrier(len(tasks)) if start_together else None
    results: list = [None] * len(tasks)

    def runner(index: int, task: Callable) -> None:
        if barrier is not None:
            barrier.wait(timeout=60)
        try:
            results[index] = task()
        except Exception as exc:  # reported to the test, which decides
            results[index] = exc

    threads = [threading.Thread(target=runner, args=(i, t)) for i, t in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results

