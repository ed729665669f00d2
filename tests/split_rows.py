"""The split editor's rows as the page posts them (``rows-<i>-number``, ``rows-<i>-text``,
``rows-<i>-part``, ``rows-<i>-cursor``): for tests that post the editor without a browser."""

from __future__ import annotations

import re


def split_rows(rows, parts=(), cursors=None) -> dict[str, str]:
    """``rows``: (number, text) pairs; ``parts``: indices of sub-questions; ``cursors``:
    {row index: cursor position}."""
    data = {}
    for i, (number, text) in enumerate(rows):
        data[f"rows-{i}-number"] = number
        data[f"rows-{i}-text"] = text
        if i in parts:
            data[f"rows-{i}-part"] = "y"
    for i, position in (cursors or {}).items():
        data[f"rows-{i}-cursor"] = str(position)
    return data


def shown_numbers(page: str) -> list[str]:
    """The question numbers the editor page shows, in order."""
    return re.findall(r'name="rows-\d+-number"[^>]* value="([^"]*)"', page)
