"""The import contracts of pyproject.toml (checked by ``lint-imports`` in ``make test``) cover
the whole app: a new area (a package of ``inquiry_app`` other than ``models``) or a new
``views.py`` that the contracts do not name would go unchecked."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "inquiry_app"
NOT_AREAS = {"models"}


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    importlinter = config["tool"]["importlinter"]
    assert set(importlinter["root_packages"]) == {"drafting", "inquiry_app"}
    return {c["name"]: c for c in importlinter["contracts"]}


def _areas() -> set[str]:
    return {
        f"inquiry_app.{p.name}" for p in APP.iterdir()
        if (p / "__init__.py").exists() and p.name not in NOT_AREAS
    }


def test_models_and_workflow_contracts_name_every_area():
    contracts = _contracts()
    for name, source in (("models import no area", "inquiry_app.models"),
                         ("workflow imports no area", "inquiry_app.workflow")):
        contract = contracts[name]
        assert contract["type"] == "forbidden"
        assert contract["source_modules"] == [source]
        assert set(contract["forbidden_modules"]) == _areas(), name


def test_views_contract_names_every_views_module():
    contract = _contracts()["areas do not import each other's views"]
    assert contract["type"] == "independence"
    views = {f"inquiry_app.{p.parent.name}.views" for p in APP.glob("*/views.py")}
    assert set(contract["modules"]) == views


def test_drafting_contract_forbids_the_app_and_the_web_stack():
    contract = _contracts()["drafting imports neither the app nor Flask nor a database layer"]
    assert contract["source_modules"] == ["drafting"]
    assert {"inquiry_app", "flask", "flask_sqlalchemy", "sqlalchemy", "flask_login",
            "wtforms"} <= set(contract["forbidden_modules"])
    assert _contracts_external()


def _contracts_external() -> bool:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"].get("include_external_packages") is True
