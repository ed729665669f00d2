"""Tests build their own data (tests/factories.py): outside the exceptions listed at the top of
tests/factories.py no test module names a demo login or a demo inquiry number. The logins and
numbers are taken from the demo data itself, so a new demo user or inquiry is covered too."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

from inquiry_app.demo.loader import _inquiry_specs
from inquiry_app.demo.people import USERS

TESTS = Path(__file__).parent

# Path (relative to tests/, a trailing "/" for a folder) -> why it may use the demo data.
EXCEPTIONS = {
    "e2e/": "browser tests: the demo as a person sees it",
    "live.py": "live server for concurrency tests, loaded with the demo data",
    "conftest.py": "the reference inquiry at later stages (fixtures routed, complete)",
    "test_letters.py": "the reference path test: the reply letter of the reference",
    "test_query_counts.py": "uses the reference inquiry (fixture complete)",
    "test_cli_and_config.py": "tests of the demo loader and its command",
    "test_demo_generate.py": "the generator adds to the demo data (its people and units)",
    "drafting/": "texts that quote demo numbers, no database",
    "routing/": "the router trained on the demo catalogue",
    "test_test_data_rules.py": "this test",
}

LOGINS = {login for login, *_ in USERS}
# "admin" is also a role and a person of the factories' world: only flagged where it logs in
WORDS = LOGINS - {"admin"}
NUMBERS = {spec["number"].split("/")[0] + "/" for spec in _inquiry_specs("25")}
LOGIN_CALL = re.compile(r"""(?:\blogin|\b_as|\.client)\((?:[^()"']*,\s*)?["']([^"']+)["']"""
                        r"""|User\.login\s*==\s*["']([^"']+)["']""")


def _exempt(relative: str) -> bool:
    return any(relative == path or (path.endswith("/") and relative.startswith(path))
               for path in EXCEPTIONS)


def _modules() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py")
                  if not _exempt(p.relative_to(TESTS).as_posix()))


def demo_lookups(source: str) -> list[tuple[int, str]]:
    """(line, what) for each demo login or demo inquiry number named in ``source``."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.STRING:
            continue
        body = re.sub(r"^[A-Za-z]*", "", token.string).strip("\"'")
        if body in WORDS:
            found.append((token.start[0], f"Demo-Anmeldename „{body}“"))
        found += [(token.start[0], f"Demo-Anfrage {number}…") for number in sorted(NUMBERS)
                  if number in token.string]
    for line_no, line in enumerate(source.splitlines(), start=1):
        for match in LOGIN_CALL.finditer(line):
            login = match.group(1) or match.group(2)
            if login in LOGINS - WORDS:
                found.append((line_no, f"Anmeldung als Demo-Person „{login}“"))
    return sorted(found)


def test_the_rule_finds_logins_and_numbers():
    assert {"admin"} <= LOGINS and len(WORDS) >= 5 and len(NUMBERS) >= 5
    number = sorted(NUMBERS)[0]
    clerk = sorted(WORDS)[0]
    source = (f'browser.login("{clerk}")\n'
              f'x = session.scalar(sa.select(Inquiry).where(Inquiry.number == "{number}25"))\n'
              'browser.login("admin")\n'
              f'page = get(f"/suche?anfrage={number}{{yy}}")\n'
              'factories.login(browser, world.admin)\n'
              'ROLES = ("council_office", "admin")\n')
    assert [line for line, _ in demo_lookups(source)] == [1, 2, 3, 4]


def test_exceptions_exist():
    for path in EXCEPTIONS:
        assert (TESTS / path).exists(), path


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(TESTS).as_posix())
def test_no_demo_lookups_outside_the_exceptions(path):
    found = demo_lookups(path.read_text(encoding="utf-8"))
    assert not found, (f"{path.relative_to(TESTS)} sucht Demodaten per Text (bitte mit "
                       f"tests/factories.py eigene Daten bauen): "
                       + "; ".join(f"Zeile {line}: {what}" for line, what in found))
