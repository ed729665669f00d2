"""Templates ask the domain, they do not spell its states (issue 13, item 4): a state is
compared with an enum member (``inquiry.state == InquiryState.DRAFT``), never with its string,
so renaming a state's value cannot silently hide a button."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
STRING_STATE = re.compile(r"""\bstate(?:\.value)?\s*(?:==|!=|in)\s*\(?\s*["']""")


def test_no_template_compares_a_state_with_a_string():
    found = [f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:100]}"
             for path in sorted(TEMPLATES.rglob("*.html"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if STRING_STATE.search(line)]
    assert found == []


def test_the_rule_sees_string_comparisons():
    assert STRING_STATE.search('{% if inquiry.state.value == "draft" %}')
    assert STRING_STATE.search("{% if state in ('draft', 'returned') %}")
    assert not STRING_STATE.search("{% if inquiry.state == InquiryState.DRAFT %}")
