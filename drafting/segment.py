"""Inquiry text -> metadata, preamble and numbered questions.

``split(text)`` first repairs the text (:func:`drafting.normalize.normalize`), so raw PDF
or OCR text works. Then, paragraph by paragraph:

* list markers (``1.``, ``1)``, ``(1)``, ``Frage 1:``, ``1.1``, ``a)``, ``I.``, bullets)
  are found with regular expressions (:mod:`drafting.markers`);
* the frame — header metadata, salutation, lead-in, closing formula, signature — is
  recognised with spaCy rules (:mod:`drafting.inquiry_rules`) run over the short
  paragraphs only;
* the questions are the last numbered list containing a question mark; other markers
  inside it become parts; unnumbered paragraphs continue the question before them.

``SplitResult.to_dict()`` has exactly the keys ``number, date, subject, submitters,
preamble, questions, warnings``; ``SplitResult.details()`` adds salutation, lead-in,
closing, header lines, factions and removed page furniture.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from drafting.frame import (
    Labels,
    Metadata,
    analyse,
    extract_metadata,
    is_header,
    is_signature,
)
from drafting.inquiry_rules import SPAN_KEY, get_nlp
from drafting.limits import MAX_DOCUMENT_CHARS, MAX_PARAGRAPH_CHARS
from drafting.markers import Marker, match_marker
from drafting.normalize import normalize
from drafting.questions import (
    PARAGRAPH_SEPARATOR,
    Part,
    Question,
    build_questions,
    choose_list,
    find_lists,
    unnumbered_questions,
)

__all__ = ["Part", "Question", "SplitResult", "split"]

MAX_SALUTATION_INDEX = 12
MAX_SALUTATION_CHARS = 120
_FURTHER_SALUTATION = re.compile(r"\s*(?:sehr geehrte|liebe|werte)", re.I)
_SENTENCE_END = re.compile(r"[.!?][“”\"»«)]*\s+(?=[„\"«»(]?[A-ZÄÖÜ0-9])")
LEAD_IN_WINDOW = 600
NO_QUESTION_WARNING = (
    "Im Text wurde keine Frage erkannt; der gesamte Text wurde als eine Frage übernommen. "
    "Bitte prüfen."
)
EMPTY_WARNING = "Der Text ist leer; es wurden keine Fragen gefunden."
UNNUMBERED_WARNING = (
    "Die Fragen sind nicht nummeriert; die Nummern wurden automatisch vergeben."
)


@dataclass
class SplitResult:
    """A split inquiry. ``date`` is ISO (``2025-03-12``); ``submitters`` lists persons,
    then factions; ``None`` where unknown. ``header``, ``salutation`` and ``closing`` hold
    the frame paragraphs as they were, ``removed`` the page furniture."""

    number: str | None = None
    date: str | None = None
    subject: str | None = None
    submitters: list[str] | None = None
    preamble: str = ""
    questions: list[Question] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    salutation: str | None = None
    lead_in: str | None = None
    closing: str | None = None
    header: list[str] = field(default_factory=list)
    factions: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "date": self.date,
            "subject": self.subject,
            "submitters": self.submitters,
            "preamble": self.preamble,
            "questions": [q.to_dict() for q in self.questions],
            "warnings": list(self.warnings),
        }

    def details(self) -> dict[str, object]:
        """The parts of the frame that ``to_dict`` leaves out."""
        return {
            "salutation": self.salutation,
            "lead_in": self.lead_in,
            "closing": self.closing,
            "header": list(self.header),
            "factions": list(self.factions),
            "removed": list(self.removed),
        }


@dataclass
class _Layout:
    paragraphs: list[str]
    markers: list[Marker | None]
    labels: dict[int, Labels]
    salutation: int | None = None


def split(
    text: str,
    *,
    max_chars: int | None = MAX_DOCUMENT_CHARS,
    max_paragraph_chars: int | None = MAX_PARAGRAPH_CHARS,
) -> SplitResult:
    """Split an inquiry into metadata, preamble and questions.

    Time is linear in the length of the text. The only error is a
    :class:`~drafting.errors.DraftingInputError` for a text longer than ``max_chars`` or
    with a paragraph longer than ``max_paragraph_chars`` (``None``: no limit), raised
    before the expensive steps."""
    normalized = normalize(text, max_chars=max_chars, max_paragraph_chars=max_paragraph_chars)
    result = SplitResult(warnings=list(normalized.warnings), removed=normalized.removed)
    paragraphs = normalized.paragraphs
    if not paragraphs:
        result.warnings.append(EMPTY_WARNING)
        return result
    layout = _layout(paragraphs)
    header_end = _header_end(layout)
    closing_start = _closing_start(layout, header_end)
    _fill_frame(result, layout, header_end, closing_start)
    _fill_questions(result, layout, header_end, closing_start)
    return result


def _layout(paragraphs: list[str]) -> _Layout:
    layout = _analysed(paragraphs)
    index = layout.salutation
    if index is not None:
        head, rest = _split_salutation(paragraphs[index])
        if rest:
            layout = _analysed([*paragraphs[:index], head, rest, *paragraphs[index + 1 :]])
    return layout


def _split_salutation(paragraph: str) -> tuple[str, str]:
    """"Sehr geehrte Frau X, sehr geehrter Herr Y, im Jahr ..." -> salutation, rest."""
    end = 0
    while (comma := paragraph.find(",", end, end + MAX_SALUTATION_CHARS)) != -1:
        end = comma + 1
        if not _FURTHER_SALUTATION.match(paragraph, end):
            return paragraph[:end], paragraph[end:].lstrip()
    return paragraph, ""


def _analysed(paragraphs: list[str]) -> _Layout:
    markers = [match_marker(p) for p in paragraphs]
    candidates = [i for i, marker in enumerate(markers) if marker is None]
    labels = analyse(paragraphs, candidates)
    layout = _Layout(paragraphs, markers, labels)
    for i in candidates:
        if i >= MAX_SALUTATION_INDEX:
            break
        if labels[i].at_start("SALUTATION"):
            layout.salutation = i
            break
    return layout


def _header_end(layout: _Layout) -> int:
    if layout.salutation is not None:
        return layout.salutation + 1
    end = 0
    while end < len(layout.paragraphs) - 1 and end in layout.labels:
        if not is_header(layout.labels[end]):
            break
        end += 1
    return end


def _marker_range(layout: _Layout, start: int) -> tuple[int | None, int | None]:
    found = [i for i in range(start, len(layout.markers)) if layout.markers[i] is not None]
    return (found[0], found[-1]) if found else (None, None)


def _closing_start(layout: _Layout, header_end: int) -> int:
    count = len(layout.paragraphs)
    first, last = _marker_range(layout, header_end)
    floor = first if first is not None else header_end
    asked = False  # a question mark seen before paragraph i (for unnumbered questions)
    for i in range(floor + 1, count):
        asked = asked or "?" in layout.paragraphs[i - 1]
        labels = layout.labels.get(i)
        if labels is None:
            continue
        if labels.at_start("CLOSING"):
            return i
        late = i > last if last is not None else asked
        if late and labels.at_start("CLOSING_REMARK") and "?" not in labels.text:
            return i
    start = count
    bottom = max(floor, last if last is not None else floor)
    while start - 1 > bottom and (labels := layout.labels.get(start - 1)) and is_signature(labels):
        start -= 1
    return start


def _fill_frame(result: SplitResult, layout: _Layout, header_end: int, closing: int) -> None:
    paragraphs, labels = layout.paragraphs, layout.labels
    header_stop = layout.salutation if layout.salutation is not None else header_end
    result.header = list(paragraphs[:header_stop])
    if layout.salutation is not None:
        result.salutation = paragraphs[layout.salutation]
    if closing < len(paragraphs):
        result.closing = PARAGRAPH_SEPARATOR.join(paragraphs[closing:])
    meta = extract_metadata([labels[i] for i in range(header_stop) if i in labels])
    signature = [labels[i] for i in range(closing, len(paragraphs)) if i in labels]
    fallback = extract_metadata(signature, Metadata())
    _merge(result, meta, fallback)


def _merge(result: SplitResult, meta: Metadata, fallback: Metadata) -> None:
    result.number = meta.number or fallback.number
    result.date = meta.date or fallback.date
    result.subject = meta.subject or fallback.subject
    persons = meta.submitters or fallback.submitters
    result.factions = meta.factions or fallback.factions
    submitters = persons + result.factions
    result.submitters = submitters or None


def _fill_questions(result: SplitResult, layout: _Layout, start: int, end: int) -> None:
    paragraphs, markers = layout.paragraphs, layout.markers
    chosen = choose_list(find_lists(markers, range(start, end)), paragraphs)
    if chosen is not None:
        first = chosen.top[0]
        preamble = list(paragraphs[start:first])
        questions, warnings = build_questions(paragraphs, markers, chosen, first, end)
        result.warnings.extend(warnings)
    else:
        preamble, questions = _unnumbered(paragraphs[start:end], result)
    result.preamble = PARAGRAPH_SEPARATOR.join(preamble)
    result.questions = questions
    if preamble:
        result.lead_in = _lead_in(preamble[-1])
    for question in questions:
        if not question.text and not question.parts:
            result.warnings.append(f"Frage {question.number} enthält keinen Text.")


def _unnumbered(body: Sequence[str], result: SplitResult) -> tuple[list[str], list[Question]]:
    first = next((i for i, text in enumerate(body) if "?" in text), None)
    if first is None:
        result.warnings.append(NO_QUESTION_WARNING)
        text = PARAGRAPH_SEPARATOR.join(body)
        return [], [Question("1", text)] if text else []
    head, questions = unnumbered_questions(body, first, _question_offset(body[first]))
    if len(questions) > 1:
        result.warnings.append(UNNUMBERED_WARNING)
    return [*body[:first], *head], questions


def _question_offset(paragraph: str) -> int:
    """Where the first question sentence of ``paragraph`` starts (after a lead-in colon)."""
    doc = get_nlp()(paragraph)
    for sent in doc.sents:
        mark = paragraph.find("?", sent.start_char, sent.end_char)
        if mark == -1:
            continue
        colon = paragraph.rfind(":", sent.start_char, mark)
        if colon != -1 and any(
            span.label_ == "LEAD_IN" and sent.start_char <= span.start_char < colon
            for span in doc.spans[SPAN_KEY]
        ):
            return colon + 1
        return sent.start_char
    return 0


def _lead_in(paragraph: str) -> str | None:
    """The last sentence of the preamble if it introduces the questions: it ends with a
    colon or matches a lead-in rule ("Ich frage den Oberbürgermeister")."""
    tail = paragraph[-LEAD_IN_WINDOW:]
    starts = [m.end() for m in _SENTENCE_END.finditer(tail)]
    sentence = tail[starts[-1] :].strip() if starts else tail.strip()
    if not sentence:
        return None
    if sentence.endswith(":"):
        return sentence
    nlp = get_nlp()
    doc = nlp.get_pipe("inquiry_rules")(nlp.make_doc(sentence))
    return sentence if any(span.label_ == "LEAD_IN" for span in doc.spans[SPAN_KEY]) else None
