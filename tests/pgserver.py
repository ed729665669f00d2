"""Start a throw-away PostgreSQL server under a temporary folder on a free port (for tests)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresUnavailable(
        "PostgreSQL-Server nicht installiert (initdb fehlt; Debian-Paket 'postgresql')."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresServer:
    root: Path
    port: int
    bin_dir: Path
    as_user: str | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *cmd: str) -> None:
        full = [str(self.bin_dir / cmd[0]), *cmd[1:]]
        if self.as_user:
            full = ["runuser", "-u", self.as_user, "--", *full]
        subprocess.run(full, check=True, capture_output=True, text=True, timeout=120)

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres").replace("+psycopg", ""),
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start(root: Path) -> PostgresServer:
    """initdb + pg_ctl start in ``root``; as root the server runs as the 'postgres' user."""
    bin_dir = _bin_dir()
    as_user = None
    if os.geteuid() == 0:
        as_user = "postgres"
        shutil.chown(root, user=as_user)
    server = PostgresServer(root=root, port=_free_port(), bin_dir=bin_dir, as_user=as_user)
    try:
        server._run("initdb", "-D", str(server.data), "-A", "trust", "-U", "postgres",
                    "-E", "UTF8", "--locale=C", "--no-sync")
        options = (f"-p {server.port} -k {root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        server._run("pg_ctl", "-D", str(server.data), "-o", options, "-l",
                    str(root / "server.log"), "-w", "-t", "60", "start")
    except subprocess.CalledProcessError as exc:
        log = (root / "server.log")
        detail = log.read_text() if log.exists() else exc.stderr
        raise PostgresUnavailable(f"PostgreSQL startet nicht: {detail.strip()[-500:]}") from exc
    for _ in range(50):
        try:
            server.create_database("inquiries_test")
            break
        except Exception:  # server still coming up
            time.sleep(0.2)
    return server
