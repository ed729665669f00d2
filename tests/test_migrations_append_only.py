"""Migrations are append-only once landed (issue 13, item 8): a schema change is a new
revision after the newest, never an edit of a landed one.

``tests/data/migrations.lock.json`` holds the SHA-256 of every landed revision file. A change
that edits or deletes a landed revision fails here; a new revision is added to the lock in the
commit that lands it (``python tests/test_migrations_append_only.py --lock`` prints the
updated lock)."""

from __future__ import annotations

import ast
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ROOT / "migrations" / "versions"
LOCK = ROOT / "tests" / "data" / "migrations.lock.json"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def revision_ids(path: Path) -> tuple[str, str | None]:
    """``revision`` and ``down_revision`` as the file assigns them (read, not imported)."""
    values: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                    values[target.id] = ast.literal_eval(node.value)
    return values["revision"], values["down_revision"]


def test_no_landed_revision_was_edited_or_removed():
    locked = json.loads(LOCK.read_text(encoding="utf-8"))
    for name, expected in locked.items():
        path = VERSIONS / name
        assert path.exists(), f"Die eingespielte Migration {name} wurde gelöscht."
        assert digest(path) == expected, (
            f"Die eingespielte Migration {name} wurde geändert. Eine Schemaänderung ist eine neue "
            "Revision nach der neuesten, nie eine Änderung einer eingespielten.")


def test_new_revisions_come_after_the_newest_landed_one_in_one_line():
    revisions = {revision_ids(path): path.name for path in sorted(VERSIONS.glob("*.py"))}
    parents = {down: rev for rev, down in revisions}
    assert len(parents) == len(revisions), "Zwei Revisionen haben dieselbe Vorgängerin (Verzweigung)."
    chain, current = [], None
    while current in parents:
        current = parents[current]
        chain.append(current)
    assert len(chain) == len(revisions), "Die Revisionen bilden keine lückenlose Kette."
    locked = json.loads(LOCK.read_text(encoding="utf-8"))
    by_id = {rev: name for (rev, _), name in revisions.items()}
    landed = [rev for rev in chain if by_id[rev] in locked]
    assert chain[: len(landed)] == landed, "Eine neue Revision steht vor einer eingespielten."


def test_the_lock_check_would_catch_an_edit(tmp_path):
    """The check compares contents, not names or dates: one changed byte is an edit."""
    path = next(iter(sorted(VERSIONS.glob("*.py"))))
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes() + b"\n# edited\n")
    assert digest(copy) != digest(path)


if __name__ == "__main__" and "--lock" in sys.argv:
    print(json.dumps({p.name: digest(p) for p in sorted(VERSIONS.glob("*.py"))}, indent=2))
