"""drafting is a library on its own: it works in an interpreter where Flask, SQLAlchemy and
the web app cannot be imported.

How: a fresh interpreter (subprocess) first puts an import hook at the front of
``sys.meta_path`` that refuses ``flask``, ``flask_*``, ``sqlalchemy``, ``alembic``,
``werkzeug``, ``wtforms`` and ``inquiry_app`` (and any submodule) with an ImportError,
exactly as in a virtualenv where they are not installed. It then imports every module of
``drafting`` (``pkgutil.walk_packages``), so a module-level import of a blocked package
fails, and runs each job once (read, repair and split an inquiry, render a letter, route
a question), so a deferred import inside a function fails too. A second virtualenv with only
the library's dependencies would prove the same, but would have to install spaCy and its
German lookup tables on every run; the hook needs nothing but the interpreter.

The import-linter contract "drafting is a library" (``pyproject.toml``, run by
``make test``) checks the same statically; this test checks it at run time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCKED = ("flask", "flask_login", "flask_migrate", "flask_sqlalchemy", "flask_wtf",
           "sqlalchemy", "alembic", "werkzeug", "wtforms", "inquiry_app")

CODE = r"""
import importlib, importlib.abc, json, pkgutil, sys

BLOCKED = set(sys.argv[1].split(","))


class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
        return None


sys.meta_path.insert(0, Refuse())
assert not [m for m in sys.modules if m.partition(".")[0] in BLOCKED]

import drafting

names = ["drafting"]
for info in pkgutil.walk_packages(drafting.__path__, "drafting."):
    if info.name != "drafting._warm":  # importing it warms up the forkserver; run below
        importlib.import_module(info.name)
    names.append(info.name)

# every job once, so that imports deferred into functions run as well
from drafting.letters.letter import render_docx, body_text
from drafting.letters.richtext import to_html
from drafting.prepare import prepare, warm_up
from drafting.routing.text import shared_analyzer

warm_up()
text = (
    "Anfrage zur Sanierung der Turnhalle\n\nSehr geehrter Herr Oberbürgermeister,\n\n"
    "1. Wann beginnt die Sanierung der Turnhalle?\n2. Was kostet sie?\n\n"
    "Mit freundlichen Grüßen\nAnna Beispiel"
)
prepared = prepare(None, None, text)
assert len(prepared.split.questions) == 2, prepared.split.questions
with open(sys.argv[2], encoding="utf-8") as fh:
    reply = json.load(fh)
assert "Sehr geehrte" in body_text(render_docx(reply))
assert "<strong>" in to_html("**fett**")
assert shared_analyzer().content_tokens("Sanierung der Turnhallen")

leaked = sorted(m for m in sys.modules if m.partition(".")[0] in BLOCKED)
assert not leaked, leaked
print(len(names))
"""


def test_drafting_works_without_flask_sqlalchemy_and_the_app():
    run = subprocess.run(
        [sys.executable, "-c", CODE, ",".join(BLOCKED), str(ROOT / "tests" / "data" / "reply.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert run.returncode == 0, run.stderr
    # every subpackage and module was imported (walk_packages found them all)
    assert int(run.stdout.strip().splitlines()[-1]) >= 35, run.stdout


def test_the_hook_really_blocks():
    """The hook of the test above refuses what it should (a hook that let everything
    through would make that test pass for nothing)."""
    code = CODE.split("import drafting\n")[0] + "import flask\n"
    run = subprocess.run(
        [sys.executable, "-c", code, ",".join(BLOCKED)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert run.returncode != 0
    assert "No module named 'flask' (blocked)" in run.stderr
