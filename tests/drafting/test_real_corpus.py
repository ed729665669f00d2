"""The splitter on real inquiries (``tests/data/real/inquiries``, see its README).

The goal is 95 % of the inquiries split exactly and 95 % of the metadata fields right
(``bench/real_split.py`` prints the figures per form and per field). The floors below are the
level reached so far: a change that makes the splitter worse on real material fails here.
Raise them as the splitter gets better; never lower them to make a change pass.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from real_corpus import CORPUS, FIELDS, load_cases, score

EXACT_FLOOR = 0.96
FIELDS_FLOOR = 0.99
FORMS = {"stadtrat", "stadtbezirksbeirat", "ortschaftsrat", "landtag", "bundestag", "other-council"}
RESERVED_REPOSITORIES = {"felixkhaj/niedersachsen-anfragen", "technologiestiftung/parla-api"}
ALLOWED_DRESDEN_PAPERS = (range(2000, 5000), range(7000, 10000))

CASES = load_cases()


def test_the_corpus_holds_every_kind_of_council_the_issue_asks_for():
    """At least 100 Stadtrat, 30 Stadtbezirksbeirat/Ortschaftsrat and 20 inquiries of other
    parliaments and councils."""
    forms = [case.form for case in CASES]
    assert forms.count("stadtrat") >= 100
    assert forms.count("stadtbezirksbeirat") + forms.count("ortschaftsrat") >= 30
    assert sum(form in {"landtag", "bundestag", "other-council"} for form in forms) \
        + sum(case.form == "ortschaftsrat" and not case.slug.startswith("dd-") for case in CASES) >= 20


def test_every_case_has_its_text_its_source_and_a_known_form():
    assert len(CASES) >= 180
    for case in CASES:
        assert case.text_path.exists(), case.slug
        assert case.form in FORMS, case.slug
        for key in ("repository", "path", "commit"):
            assert case.source.get(key), (case.slug, key)
        assert set(FIELDS) | {"preamble", "questions"} <= set(case.expected), case.slug


def test_no_case_comes_from_a_source_reserved_for_the_independent_evaluation():
    for case in CASES:
        repository = case.source["repository"].lower()
        assert repository not in RESERVED_REPOSITORIES, case.slug
        assert not (repository == "robbi5/kleineanfragen" and "saarland" in case.source["path"].lower())
        if repository == "offenesdresden/dresden-ratsinfo":
            paper = re.fullmatch(r"anfragen/(\d+)\.json", case.source.get("paper", ""))
            assert paper, case.slug
            assert any(int(paper.group(1)) in r for r in ALLOWED_DRESDEN_PAPERS), case.slug


def test_expected_results_are_plain_json_without_stray_keys():
    for path in sorted(CORPUS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data) <= {"source", "form", "features", "expected"}, path.name


@pytest.mark.slow
def test_the_splitter_keeps_its_level_on_real_inquiries():
    total, by_form = score(CASES)
    summary = {form: (s.exact, s.cases) for form, s in by_form.items()}
    assert total.exact_rate >= EXACT_FLOOR, (total.exact_rate, summary, total.failures)
    assert total.field_rate >= FIELDS_FLOOR, (total.field_rate, dict(total.fields_right))


def test_a_dresden_form_gives_its_fields_on_the_command_line(tmp_path):
    """``python -m drafting split FILE --json`` on a Dresden AF form prints the form fields."""
    import subprocess

    text = (CORPUS / "dd-af-2591.txt")
    if not text.exists():
        pytest.skip("Fall dd-af-2591 fehlt im Korpus")
    run = subprocess.run([sys.executable, "-m", "drafting", "split", str(text), "--json"],
                         capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["number"] == "AF0263/15"
    assert data["date"] == "2015-02-03"
    assert data["subject"] == "Finanzierung Kita/Krippe/Hort im EB Kita"
    assert data["faction"] == "Fraktion Bündnis 90/Die Grünen"
    assert data["body"] == "Stadtrat"
    assert data["submitters"] == ["Ulrike Caspary"]
    assert [q["number"] for q in data["questions"]] == [str(n) for n in range(1, 8)]
    assert data["preamble"] == "hiermit bitte ich Sie um die Beantwortung folgender Fragen:"
