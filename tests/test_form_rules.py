"""Views read their input through WTForms classes (``<area>/forms.py``), never by hand from
``request.form`` or ``request.files``: the rules, the German messages and the error summary
then live in one place. Every area's ``views.py`` is checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "inquiry_app"

# Every view module of every area (relative to inquiry_app/).
CONVERTED = tuple(sorted(str(path.relative_to(ROOT)) for path in ROOT.glob("*/views.py")))

HAND_PARSING = re.compile(r"\brequest\s*\.\s*(form|files)\b")


@pytest.mark.parametrize("module", CONVERTED)
def test_view_module_does_not_parse_the_request_by_hand(module):
    source = (ROOT / module).read_text(encoding="utf-8")
    found = [f"{module}:{n}: {line.strip()}" for n, line in enumerate(source.splitlines(), 1)
             if HAND_PARSING.search(line)]
    assert not found, "Use a form class (form.<field>.data) instead of:\n" + "\n".join(found)


POSTING = tuple(m for m in CONVERTED if '"POST"' in (ROOT / m).read_text(encoding="utf-8"))


@pytest.mark.parametrize("module", POSTING)
def test_an_area_that_takes_posts_has_a_forms_module(module):
    assert (ROOT / module).with_name("forms.py").is_file()


def test_the_rule_sees_hand_parsing():
    assert HAND_PARSING.search('x = request.form.get("reason", "")')
    assert HAND_PARSING.search('upload = request.files.get("file")')
    assert not HAND_PARSING.search('shown = request.args.get("status", "")')
