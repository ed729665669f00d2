"""Edit actions on a split draft (pure functions): merge, split at the cursor, move, delete,
add, renumber, and moving text between the preamble and the questions."""

from __future__ import annotations

import re
import string

from inquiry_app.intake.operations import Draft, IntakeError, QuestionRow

_SENTENCE_END = re.compile(r"[?.!:]\s+")


def _row(draft: Draft, index: int) -> QuestionRow:
    if not 0 <= index < len(draft.rows):
        raise IntakeError("Diese Frage gibt es nicht (mehr).")
    return draft.rows[index]


def merge_with_next(draft: Draft, index: int) -> None:
    row = _row(draft, index)
    if index + 1 >= len(draft.rows):
        raise IntakeError("Die letzte Frage kann nicht mit einer folgenden verbunden werden.")
    following = draft.rows.pop(index + 1)
    row.text = f"{row.text.rstrip()} {following.text.lstrip()}".strip()


def split_at(draft: Draft, index: int, cursor: int | None) -> None:
    """Split a question at the cursor; without a usable cursor at the sentence end nearest
    to the middle."""
    row = _row(draft, index)
    text = row.text
    if cursor is None or not 0 < cursor < len(text.rstrip()):
        ends = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text.rstrip())]
        if not ends:
            raise IntakeError(
                f"Frage {row.number}: Bitte setzen Sie den Cursor an die Stelle, an der die Frage "
                "geteilt werden soll."
            )
        cursor = min(ends, key=lambda e: abs(e - len(text) / 2))
    head, tail = text[:cursor].rstrip(), text[cursor:].lstrip()
    row.text = head
    draft.rows.insert(index + 1, QuestionRow(number="", text=tail, is_part=row.is_part))
    renumber(draft)


def delete(draft: Draft, index: int) -> None:
    _row(draft, index)
    draft.rows.pop(index)


def move(draft: Draft, index: int, offset: int) -> None:
    _row(draft, index)
    target = index + offset
    if not 0 <= target < len(draft.rows):
        return
    draft.rows[index], draft.rows[target] = draft.rows[target], draft.rows[index]


def add_after(draft: Draft, index: int | None) -> None:
    position = len(draft.rows)
    if index is not None:
        _row(draft, index)
        position = index + 1
    draft.rows.insert(position, QuestionRow(number="", text=""))
    renumber(draft)


def renumber(draft: Draft) -> None:
    """Questions 1, 2, 3 …; sub-questions a, b, c … under their question."""
    top, part = 0, 0
    for row in draft.rows:
        if row.is_part and top:
            row.number = string.ascii_lowercase[part % 26] * (part // 26 + 1)
            part += 1
        else:
            row.is_part = False
            top += 1
            part = 0
            row.number = str(top)


def to_preamble(draft: Draft, index: int) -> None:
    """Move a question's text to the end of the preamble (it was not a question)."""
    row = _row(draft, index)
    draft.rows.pop(index)
    draft.preamble = "\n\n".join(p for p in (draft.preamble.rstrip(), row.text.strip()) if p)


def from_preamble(draft: Draft) -> None:
    """Make the last paragraph of the preamble the first question."""
    paragraphs = [p for p in re.split(r"\n\s*\n", draft.preamble.strip()) if p.strip()]
    if not paragraphs:
        raise IntakeError("Die Vorbemerkung ist leer.")
    last = paragraphs.pop()
    draft.preamble = "\n\n".join(paragraphs)
    draft.rows.insert(0, QuestionRow(number="", text=last.strip()))
    renumber(draft)


def apply_action(draft: Draft, action: str, cursors: dict[int, int]) -> None:
    """Dispatch a button value such as ``merge:2`` or ``renumber``."""
    name, _, arg = action.partition(":")
    index = int(arg) if arg.isdigit() else None
    needs_index = {"merge", "split", "delete", "up", "down", "to_preamble"}
    if name in needs_index and index is None:
        raise IntakeError("Unbekannte Aktion.")
    if name == "merge":
        merge_with_next(draft, index)
    elif name == "split":
        split_at(draft, index, cursors.get(index))
    elif name == "delete":
        delete(draft, index)
    elif name == "up":
        move(draft, index, -1)
    elif name == "down":
        move(draft, index, 1)
    elif name == "add":
        add_after(draft, index)
    elif name == "renumber":
        renumber(draft)
    elif name == "to_preamble":
        to_preamble(draft, index)
    elif name == "from_preamble":
        from_preamble(draft)
    elif name not in ("save", "confirm"):
        raise IntakeError("Unbekannte Aktion.")
