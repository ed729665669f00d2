"""Shape: the views of assignments, contributions and intake read posted values only through
their WTForms classes, never by hand from ``request.form``."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VIEW_MODULES = [
    "inquiry_app/assignments/views.py",
    "inquiry_app/contributions/views.py",
    "inquiry_app/intake/views.py",
]


@pytest.mark.parametrize("module", VIEW_MODULES)
def test_views_do_not_parse_request_form_by_hand(module):
    source = (ROOT / module).read_text(encoding="utf-8")
    lines = [n for n, line in enumerate(source.splitlines(), 1) if "request.form" in line]
    assert lines == [], f"{module} reads request.form (lines {lines}); use a form in forms.py"


@pytest.mark.parametrize("area", ["assignments", "contributions", "intake"])
def test_each_area_has_its_forms_module(area):
    source = (ROOT / "inquiry_app" / area / "forms.py").read_text(encoding="utf-8")
    assert "(Form)" in source
