"""Numbered paragraphs -> questions with nested parts.

Markers are grouped into lists: the style of a list's first marker is its top level,
any other style inside it is a sub-level (parts). A top-level marker that starts again
at 1 opens a new list, so a numbered list quoted in the preamble is not mistaken for
the questions: the questions are the last list that contains a question mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from drafting.markers import Marker

PARAGRAPH_SEPARATOR = "\n\n"
# Styles that number questions; a list of letters or bullets before them is no parent.
STRONG_STYLES = frozenset({"frage", "arabic.", "arabic)", "paren", "roman"})


@dataclass
class Part:
    number: str
    text: str
    label: str = ""  # the marker as written ("a)", "1.1", "•"), "" if none

    def to_dict(self) -> dict[str, str]:
        return {"number": self.number, "text": self.text}


@dataclass
class Question:
    number: str
    text: str
    parts: list[Part] = field(default_factory=list)
    label: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "text": self.text,
            "parts": [part.to_dict() for part in self.parts],
        }


@dataclass
class _List:
    style: str
    top: list[int] = field(default_factory=list)
    sub: list[int] = field(default_factory=list)


def find_lists(markers: Sequence[Marker | None], indices: Sequence[int]) -> list[_List]:
    lists: list[_List] = []
    current: _List | None = None
    last_value: int | None = None
    for i in indices:
        marker = markers[i]
        if marker is None:
            continue
        if current is not None and marker.style == current.style:
            restart = (
                marker.value == 1
                and last_value is not None
                and marker.style not in {"dotted", "bullet"}
            )
            if not restart:
                current.top.append(i)
                last_value = marker.value
                continue
        elif current is not None and not (
            marker.value == 1 and marker.style in STRONG_STYLES
            and current.style not in STRONG_STYLES
        ):
            current.sub.append(i)
            continue
        current = _List(marker.style, [i])
        last_value = marker.value
        lists.append(current)
    return lists


def choose_list(lists: list[_List], paragraphs: Sequence[str]) -> _List | None:
    """The last list with a question mark in one of its items, else the last list."""
    for candidate in reversed(lists):
        if any("?" in paragraphs[i] for i in candidate.top + candidate.sub):
            return candidate
    return lists[-1] if lists else None


def _append(text: str, addition: str) -> str:
    return f"{text}{PARAGRAPH_SEPARATOR}{addition}" if text else addition


def _letter(n: int) -> str:
    return chr(ord("a") + n) if n < 26 else str(n + 1)


def build_questions(
    paragraphs: Sequence[str],
    markers: Sequence[Marker | None],
    chosen: _List,
    start: int,
    end: int,
) -> tuple[list[Question], list[str]]:
    """Questions from paragraphs ``start``..``end`` (the chosen list and what follows)."""
    top, sub = set(chosen.top), set(chosen.sub)
    questions: list[Question] = []
    for i in range(start, end):
        text, marker = paragraphs[i], markers[i]
        if i in top and marker is not None:
            number = marker.number or str(len(questions) + 1)
            questions.append(Question(number, text[marker.end :].strip(), label=marker.raw))
        elif i in sub and marker is not None:
            parts = questions[-1].parts
            number = marker.number or _letter(len(parts))
            parts.append(Part(number, text[marker.end :].strip(), label=marker.raw))
        elif questions[-1].parts:
            questions[-1].parts[-1].text = _append(questions[-1].parts[-1].text, text)
        else:
            questions[-1].text = _append(questions[-1].text, text)
    return questions, _sequence_warnings(chosen, markers)


def _sequence_warnings(chosen: _List, markers: Sequence[Marker | None]) -> list[str]:
    if chosen.style == "bullet":
        return [
            "Die Fragen sind mit Aufzählungszeichen statt Nummern gegliedert; "
            "die Nummern wurden automatisch vergeben."
        ]
    warnings = []
    values = [m.value for i in chosen.top if (m := markers[i]) is not None]
    for before, after in pairwise(values):
        if before is not None and after is not None and after != before + 1:
            warnings.append(
                f"Die Nummerierung der Fragen ist nicht fortlaufend "
                f"(auf {_label(markers, chosen, before)} folgt "
                f"{_label(markers, chosen, after)}). Bitte prüfen."
            )
    return warnings


def _label(markers: Sequence[Marker | None], chosen: _List, value: int) -> str:
    for i in chosen.top:
        marker = markers[i]
        if marker is not None and marker.value == value:
            return marker.number or str(value)
    return str(value)


def unnumbered_questions(
    paragraphs: Sequence[str], first: int, split_at: int
) -> tuple[list[str], list[Question]]:
    """Questions without markers: from character ``split_at`` of paragraph ``first`` on,
    each paragraph with a question mark opens a new question, others continue it.

    Returns the preamble pieces taken from paragraph ``first`` (possibly empty) and the
    questions.
    """
    head = paragraphs[first][:split_at].strip()
    questions = [Question("1", paragraphs[first][split_at:].strip())]
    for text in paragraphs[first + 1 :]:
        if "?" in text:
            questions.append(Question(str(len(questions) + 1), text))
        else:
            questions[-1].text = _append(questions[-1].text, text)
    return ([head] if head else []), questions
