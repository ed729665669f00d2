"""Optimistic locking and revisions for texts that several people edit (contributions,
answers): a stale save never overwrites; every save is kept as a revision."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import timedelta

from inquiry_app.domain import DomainError
from inquiry_app.extensions import db
from inquiry_app.models import User
from inquiry_app.models.base import utcnow

MAX_TEXT_CHARS = 2_000_000
AUTOSAVE_NOTE = "automatisch gespeichert"
AUTOSAVE_COALESCE = timedelta(minutes=10)


class TextConflict(DomainError):
    """Someone else saved first; carries the stored text and version for the merge page."""

    status = 409

    def __init__(self, current_text: str, current_version: int, yours: str):
        super().__init__("Der Text wurde zwischenzeitlich von jemand anderem gespeichert.")
        self.current_text = current_text
        self.current_version = current_version
        self.yours = yours


class TextTooLong(DomainError):
    """A text longer than allowed (German message)."""


@dataclass
class SaveResult:
    changed: bool
    version: int


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip()


def save_text(obj, revision_cls, text: str, expected_version: int | None,
              author: User, *, autosave: bool = False, note: str | None = None) -> SaveResult:
    """Store ``text`` on ``obj`` (which has ``text``, ``version`` and ``revisions``) if
    ``expected_version`` is current; otherwise raise TextConflict. Unchanged text is no save."""
    text = normalise(text)
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLong(f"Der Text ist länger als {MAX_TEXT_CHARS:,} Zeichen.".replace(",", "."))
    # No version means "I saw no stored text yet"; if somebody has saved since, that is stale too.
    stale = (expected_version != obj.version if expected_version is not None
             else bool(obj.revisions))
    if stale:
        if normalise(obj.text) == text:
            return SaveResult(False, obj.version)
        raise TextConflict(obj.text, obj.version, text)
    if normalise(obj.text) == text and obj.revisions:
        return SaveResult(False, obj.version)
    obj.text = text
    last = obj.revisions[-1] if obj.revisions else None
    if (autosave and last is not None and last.note == AUTOSAVE_NOTE
            and last.author_id == author.id and utcnow() - last.created_at < AUTOSAVE_COALESCE):
        last.text, last.created_at = text, utcnow()
    else:
        obj.revisions.append(revision_cls(
            number=(last.number + 1) if last else 1, text=text, author_id=author.id,
            note=AUTOSAVE_NOTE if autosave else note,
        ))
    db.session.flush()
    return SaveResult(True, obj.version)


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """Line diff as (kind, line) with kind "equal", "delete" or "insert" (templates escape it)."""
    a, b = old.splitlines(), new.splitlines()
    result: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            result += [("equal", line) for line in a[i1:i2]]
            continue
        if tag in ("delete", "replace"):
            result += [("delete", line) for line in a[i1:i2]]
        if tag in ("insert", "replace"):
            result += [("insert", line) for line in b[j1:j2]]
    return result
