"""Numbered paragraphs -> questions with nested parts.

Markers are grouped into lists: the style of a list's first marker is its top level,
any other style inside it is a sub-level (parts). A top-level marker that starts again
at 1 opens a new list, so a numbered list quoted in the preamble is not mistaken for
the questions: the questions are the last list that contains a question mark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from drafting.markers import Marker

PARAGRAPH_SEPARATOR = "\n\n"
# Styles that number questions; a list of letters or bullets before them is no parent.
STRONG_STYLES = frozenset({"frage", "arabic.", "arabic)", "paren", "roman"})
MAX_SEQUENCE_WARNINGS = 5  # gaps in the numbering named one by one; more are counted


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


def _join(texts: list[str]) -> str:
    """Texts separated by blank lines; empty texts at the start are skipped (linear time:
    appending one by one would copy a long run of continuations again and again)."""
    out: list[str] = []
    for text in texts:
        if out or text:
            out.append(text)
    return PARAGRAPH_SEPARATOR.join(out)


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
    # each question or part with the paragraphs that continue it, joined at the end
    targets: list[tuple[Question | Part, list[str]]] = []
    for i in range(start, end):
        text, marker = paragraphs[i], markers[i]
        if i in top and marker is not None:
            number = marker.number or str(len(questions) + 1)
            question = Question(number, text[marker.end :].strip(), label=marker.raw)
            questions.append(question)
            targets.append((question, [question.text]))
        elif i in sub and marker is not None:
            parts = questions[-1].parts
            number = marker.number or _letter(len(parts))
            part = Part(number, text[marker.end :].strip(), label=marker.raw)
            parts.append(part)
            targets.append((part, [part.text]))
        else:
            targets[-1][1].append(text)
    for item, texts in targets:
        item.text = _join(texts)
    for question in questions:
        _inline_parts(question)
        _fold_enumeration(question)
    return questions, _sequence_warnings(chosen, markers)


_INLINE_LETTER = re.compile(r"(?:^|(?<=\s))([a-z])\)\s+")


def _inline_parts(question: Question) -> None:
    """"1. a) Ist … möglich? b) Wenn nein, …?" on one line: the letters are parts of question 1
    (only when the question starts with "a)" and the letters follow in order)."""
    if question.parts or not question.text.startswith("a)"):
        return
    starts, expected = [], "a"
    for match in _INLINE_LETTER.finditer(question.text):
        if match.group(1) == expected:
            starts.append(match)
            expected = chr(ord(expected) + 1)
    if len(starts) < 2:
        return
    ends = [m.start() for m in starts[1:]] + [len(question.text)]
    question.parts = [Part(m.group(1), question.text[m.end():end].strip(), label=f"{m.group(1)})")
                      for m, end in zip(starts, ends, strict=True)]
    question.text = ""


OPEN_END = re.compile(r"[.!?:;][\W]*$")  # a text that ends a sentence (or opens a list)
# How a question of its own begins: a question word or a finite verb.
_QUESTION_OPENER = re.compile(
    r"(?:Wie|Was|Wann|Wo|Wer|Wen|Wem|Wessen|Warum|Weshalb|Wieso|Welche[nmrs]?|Wozu|Woher|Wohin"
    r"|Womit|Wodurch|Worauf|Wofür|Inwiefern|Inwieweit|Ist|Sind|Gibt|Gab|Hat|Haben|Hatte|Kann"
    r"|Können|Konnte|Wird|Werden|Wurde|Wurden|War|Waren|Plant|Planen|Sieht|Teilt|Liegt|Liegen"
    r"|Besteht|Bestehen|Soll|Sollen|Muss|Müssen|Darf|Dürfen|Hält|Erwägt|Beabsichtigt|Trifft"
    r"|Stimmt|Gilt|Gelten|Existiert|Existieren|Bitte)\b")


def _fold_enumeration(question: Question) -> None:
    """Parts that only continue the question's sentence are an enumeration inside it, not
    sub-questions: "… jeweils / a) die Anzahl der erfassten Fälle, / b) die Anzahl …"."""
    if not question.parts or not question.text or OPEN_END.search(question.text):
        return
    if any("?" in part.text for part in question.parts[:-1]):
        return  # "… gibt es / a) in Krippen? / b) in Kindergärten?": sub-questions
    if any(_QUESTION_OPENER.match(part.text) for part in question.parts):
        return  # "2. Kitas / 2.1 Wann?": a question of its own
    pieces = [question.text]
    for part in question.parts:  # letters and numbers stay ("a) die Anzahl"), bullets go
        lettered = part.label and part.label[:1].isalnum()
        pieces.append(f"{part.label} {part.text}" if lettered else part.text)
    question.text = " ".join(pieces)
    question.parts = []


def _sequence_warnings(chosen: _List, markers: Sequence[Marker | None]) -> list[str]:
    if chosen.style == "bullet":
        return [
            "Die Fragen sind mit Aufzählungszeichen statt Nummern gegliedert; "
            "die Nummern wurden automatisch vergeben."
        ]
    labels: dict[int, str] = {}  # value -> label of its first marker
    for i in chosen.top:
        marker = markers[i]
        if marker is not None and marker.value is not None:
            labels.setdefault(marker.value, marker.number or str(marker.value))
    values = [m.value for i in chosen.top if (m := markers[i]) is not None]
    gaps = [
        (before, after)
        for before, after in pairwise(values)
        if before is not None and after is not None and after != before + 1
    ]
    named = gaps if len(gaps) <= MAX_SEQUENCE_WARNINGS + 1 else gaps[:MAX_SEQUENCE_WARNINGS]
    warnings = [
        f"Die Nummerierung der Fragen ist nicht fortlaufend "
        f"(auf {labels[before]} folgt {labels[after]}). Bitte prüfen."
        for before, after in named
    ]
    if len(gaps) > len(named):
        warnings.append(
            f"Die Nummerierung der Fragen springt an {len(gaps) - len(named):,} weiteren "
            "Stellen. Bitte prüfen.".replace(",", ".")
        )
    return warnings


def unnumbered_questions(
    paragraphs: Sequence[str], first: int, split_at: int
) -> tuple[list[str], list[Question]]:
    """Questions without markers: from character ``split_at`` of paragraph ``first`` on,
    each paragraph with a question mark opens a new question, others continue it.

    Returns the preamble pieces taken from paragraph ``first`` (possibly empty) and the
    questions.
    """
    head = paragraphs[first][:split_at].strip()
    texts = [[paragraphs[first][split_at:].strip()]]
    for text in paragraphs[first + 1 :]:
        if "?" in text:
            texts.append([text])
        else:
            texts[-1].append(text)
    questions = [Question(str(n), _join(pieces)) for n, pieces in enumerate(texts, 1)]
    return ([head] if head else []), questions
