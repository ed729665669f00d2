"""Inquiry text -> metadata, preamble and numbered questions.

``split(text)`` first repairs the text (:func:`drafting.reading.normalize.normalize`), so raw PDF
or OCR text works. Then, paragraph by paragraph:

* list markers (``1.``, ``1)``, ``(1)``, ``Frage 1:``, ``1.1``, ``a)``, ``I.``, bullets)
  are found with regular expressions (:mod:`drafting.markers`);
* the frame — header metadata, salutation, lead-in, closing formula, signature — is
  recognised with spaCy rules (:mod:`drafting.splitting.inquiry_rules`) run over the short
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

from drafting.limits import MAX_DOCUMENT_CHARS, MAX_PARAGRAPH_CHARS, check_document
from drafting.markers import Marker, match_marker
from drafting.reading.joins import DocumentWords
from drafting.reading.normalize import (
    ABBREVIATIONS,
    clean_characters,
    control_warnings,
    normalize,
)
from drafting.splitting.agenda_form import find_agenda_form
from drafting.splitting.form import (
    FAREWELL_AT_END,
    OFFICE_LINE,
    FormLayout,
    faction_and_names,
    find_form,
    strip_signature,
)
from drafting.splitting.frame import (
    Labels,
    Metadata,
    analyse,
    extract_metadata,
    is_header,
    is_signature,
    parse_date,
)
from drafting.splitting.inquiry_rules import SPAN_KEY, get_nlp
from drafting.splitting.paper import find_paper
from drafting.splitting.questions import (
    OPEN_END,
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
    faction: str | None = None
    body: str | None = None
    justification: str | None = None
    form: bool = False  # recognised as a council form (labelled fields)

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "date": self.date,
            "subject": self.subject,
            "submitters": self.submitters,
            "faction": self.faction,
            "body": self.body,
            "lead_in": self.separate_lead_in,
            "justification": self.justification,
            "preamble": self.preamble,
            "questions": [q.to_dict() for q in self.questions],
            "warnings": list(self.warnings),
        }

    @property
    def separate_lead_in(self) -> str | None:
        """The lead-in when it was taken out of the preamble (council forms; the general path
        still leaves it at the end of the preamble, where ``details()`` names it)."""
        if self.lead_in and not self.preamble.rstrip().endswith(self.lead_in):
            return self.lead_in
        return None

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
    limits = {"max_chars": max_chars, "max_paragraph_chars": max_paragraph_chars}
    check_document(text, max_chars)
    cleaned, control_count = clean_characters(text)
    warnings = control_warnings(control_count)
    form = find_paper(cleaned) or find_agenda_form(cleaned) or find_form(cleaned)
    if form is not None:  # each section is repaired on its own; the whole text is not
        context = DocumentWords(cleaned.split("\n"))
        return _split_form(form, warnings, {**limits, "context": context})
    normalized = normalize(cleaned, **limits)
    result = SplitResult(warnings=[*warnings, *normalized.warnings], removed=normalized.removed)
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
    result.faction = result.factions[0] if result.factions else None


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


# --- council forms ------------------------------------------------------------------------

_AF_NUMBER = re.compile(r"^m?AF", re.IGNORECASE)
# OCR leaves a stray apostrophe or dot before the subject ("' Einbeziehung in den …").
_SUBJECT_JUNK = re.compile(r"^[\s'’‚`´.,;:]+(?=\S)")
# A body's inquiry number: "AF-" (or "mAF-"), the district's first two letters (AF-Bl for
# Blasewitz, AF-Pi for Pieschen), five digits, "/", the year. OCR confuses I, l and i, and
# reads 0 as O and 1 as l.
_BODY_NUMBER = re.compile(r"^(m?AF-)([A-Z][A-Za-z])([0-9OoIl|i]{5})/(\d{2})\W*$")
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "i": "1"})
_THIN_LETTERS = frozenset("iIlLtj1!|")  # what OCR mistakes for one another


def _body_number(number: str, body: str | None) -> str:
    """The number as printed, with OCR damage undone where the form fixes the characters."""
    match = _BODY_NUMBER.match(number)
    if match is None:
        return number
    prefix, letters, digits, year = match.groups()
    place = body.split()[-1] if body and body != "Stadtrat" else ""
    if len(place) >= 2 and place[0] == letters[0] and (
            place[1] == letters[1].lower()
            or {place[1], letters[1]} <= _THIN_LETTERS):  # "PI"/"Pt" for "Pi", "BI" for "Bl"
        letters = place[:2]
    return f"{prefix}{letters}{digits.translate(_OCR_DIGITS)}/{year}"
_SPACES = re.compile(r"\s+")


def _paragraphs(text: str | None, limits: dict) -> list[str]:
    return normalize(text, **limits).paragraphs if text else []


def _split_form(form: FormLayout, warnings: list[str], limits: dict) -> SplitResult:
    """A council form: each labelled section repaired and split on its own."""
    result = SplitResult(warnings=list(warnings), form=True)
    result.number = form.number
    faction, names, body = faction_and_names(form.heading_lines)
    result.faction = form.faction or faction
    result.body = form.body or body or ("Stadtrat" if result.number and _AF_NUMBER.match(result.number)
                                        else None)
    if result.number:
        result.number = _body_number(result.number, result.body)
    own = next((d for text in form.date_texts if (d := parse_date(text))), None)
    sitting = next((d for text in form.sitting_texts if (d := parse_date(text))), None)
    district = bool(result.body) and result.body != "Stadtrat"
    result.date = (sitting or own) if district else (own or sitting)
    if form.subject:
        result.subject = _SUBJECT_JUNK.sub("", _SPACES.sub(" ", form.subject)).strip() or None
    preamble = [_unbullet(p) for p in _without_salutation(_paragraphs(form.preamble, limits), result)]

    signers: list[str] = []
    if form.justification:
        form.justification, signers = strip_signature(form.justification)
    elif form.questions:
        form.questions, signers = strip_signature(form.questions)
    footnote = None
    if form.questions:
        form.questions, footnote = _cut_footnote(form.questions)
    paragraphs = _paragraphs(form.questions, limits)
    layout = _layout(paragraphs) if paragraphs else _Layout([], [], {})
    closing = _closing_start(layout, 0) if paragraphs else 0
    questions = SplitResult()
    if paragraphs:
        _fill_form_questions(questions, layout, closing, form.questions or "",
                             form.preamble is not None, limits)
    result.questions = questions.questions
    result.warnings.extend(questions.warnings)
    lead = questions.preamble
    if lead and not preamble:
        lead = PARAGRAPH_SEPARATOR.join(_without_salutation(lead.split(PARAGRAPH_SEPARATOR), result))
    if lead:
        rest, result.lead_in = _split_lead_in(lead, form.questions or "")
        if rest:
            preamble.append(rest)
    result.preamble = PARAGRAPH_SEPARATOR.join(preamble)
    if result.questions:
        last = result.questions[-1]
        remark = _cut_remark(last, form.questions or "")
        last.text, farewell = _cut_farewell(last.text)
        cut_off = [text for text in (remark, footnote, farewell) if text]
        if cut_off:
            result.closing = PARAGRAPH_SEPARATOR.join(cut_off)
        _split_follow_up(result)

    signature = [layout.labels[i] for i in range(closing, len(layout.paragraphs)) if i in layout.labels]
    if paragraphs and closing < len(paragraphs):
        result.closing = PARAGRAPH_SEPARATOR.join(paragraphs[closing:])
    if form.justification:
        justification = _paragraphs(form.justification, limits)
        tail = _analysed(justification)
        end = _closing_start(tail, 0)
        signature = [tail.labels[i] for i in range(end, len(justification)) if i in tail.labels]
        text, _ = _cut_farewell(PARAGRAPH_SEPARATOR.join(justification[:end]))
        result.justification = text or None
    signed = form.signers or signers or _signers(signature)
    result.submitters = [*names, *(p for p in signed if p not in names)]
    if not result.questions:
        result.warnings.append(NO_QUESTION_WARNING)
    return result


def _fill_form_questions(result: SplitResult, layout: _Layout, end: int, raw: str,
                         has_preamble: bool, limits: dict) -> None:
    """The questions section of a form: a numbered list as usual; without one, the section
    itself is the question(s) (after an announcing lead-in), even one ending with ".".

    ``raw`` is the section as written. When the form has its own preamble section, the
    questions section holds only questions, and each line that ends with a question mark ends
    one (PDF text joins such lines into one paragraph); without one, the same holds after an
    announcing line ("Ich bitte … um die Beantwortung der folgenden Fragen:")."""
    chosen = choose_list(find_lists(layout.markers, range(end)), layout.paragraphs)
    lone = chosen is not None and len(chosen.top) == 1 and layout.markers[chosen.top[0]].value != 1
    enumeration = chosen is not None and _is_enumeration(layout, chosen)
    if chosen is not None and not lone and not enumeration:  # "50.000 Euro" is no list
        _fill_questions(result, layout, 0, end)
        return
    if has_preamble and _questions_by_line(result, raw, limits):
        return
    if not has_preamble and _after_announcing_line(result, raw, limits):
        return
    body = list(layout.paragraphs[:end])
    if not body:
        return
    first = next((i for i, text in enumerate(body) if "?" in text), 0)
    head = body[:first]
    split_at = 0
    mark = body[first].find("?")
    colon = body[first].rfind(":", 0, mark if mark != -1 else len(body[first]))
    if colon != -1 and colon < LEAD_IN_WINDOW and _announces_only(body[first][:colon + 1]):
        split_at = colon + 1
    else:
        split_at = _question_start(body[first])
    pieces, questions = unnumbered_questions(body, first, split_at)
    result.preamble = PARAGRAPH_SEPARATOR.join([*head, *pieces])
    result.questions = questions
    if len(questions) > 1:
        result.warnings.append(UNNUMBERED_WARNING)


_QUESTION_LINE_END = re.compile(r"\?[\s\"“”»«)]*$")
_BULLET_LINE = re.compile(r"^\s*[-–•·▪◦*«]\s+")


def _is_enumeration(layout: _Layout, chosen) -> bool:
    """A list inside one sentence: a bulleted list without questions after a question, or
    items that go on in lowercase from a sentence left open before them ("… gebeten, die
    Einbeziehung / 1. der Fußwegrampe … / 2. sowie der Treppe … in den Winterdienst …")."""
    first = chosen.top[0]
    if first > 0 and not OPEN_END.search(layout.paragraphs[first - 1].rstrip()):
        paragraphs = layout.paragraphs
        items = [paragraphs[i][layout.markers[i].end:].lstrip()
                 or (paragraphs[i + 1] if i + 1 < len(paragraphs) else "") for i in chosen.top]
        if all(item[:1].islower() for item in items):
            return True
    if layout.markers[first].style != "bullet":
        return False
    items = [layout.paragraphs[i] for i in chosen.top]
    before = layout.paragraphs[: chosen.top[0]]
    return not any("?" in item for item in items) and any("?" in text for text in before)


def _questions_by_line(result: SplitResult, raw: str, limits: dict) -> bool:
    """Unnumbered questions, one per line that ends with "?"; a lead-in line before them
    is kept apart, a trailing request ("Ich bitte … um Auskunft, …") is a question of its own,
    a trailing remark in brackets or a "Bitte …" with an enumeration belongs to the last."""
    lines = raw.split("\n")
    chunks: list[list[str]] = [[]]
    for line in lines:
        chunks[-1].append(_BULLET_LINE.sub("", line))
        if _QUESTION_LINE_END.search(line):
            chunks.append([])
    chunks = [c for c in chunks if any(line.strip() for line in c)]
    if not chunks:
        return False
    texts = [" ".join(normalize("\n".join(c), **limits).paragraphs) for c in chunks]
    lead = None
    first = texts[0]
    colon = _outer_colon(first)
    if colon != -1 and _announces_only(first[: colon + 1]) and first[colon + 1 :].strip():
        lead, texts[0] = first[: colon + 1], first[colon + 1 :].strip()
    elif (split_at := _question_start(first)) > 0:
        # "… bittet um Beantwortung folgender Frage. Wie ist …?": the sentence before is a
        # lead-in or preamble (decided with the form's other text); a description before a
        # request ("Es wird angeregt, …") is preamble
        lead, texts[0] = first[:split_at].strip(), first[split_at:].strip()
    if len(texts) > 1 and "?" not in texts[-1]:
        tail = texts[-1]
        bulleted = any(_BULLET_LINE.match(line) for line in chunks[-1])
        if tail[:1] in "(" or tail[:1].islower() or tail.startswith("Bitte") or bulleted:
            texts.pop()
            texts[-1] = f"{texts[-1]} {tail}"
    result.preamble = lead or ""
    result.questions = [Question(str(n), text) for n, text in enumerate(texts, 1)]
    if len(texts) > 1:
        result.warnings.append(UNNUMBERED_WARNING)
    return True


_FOLLOWING_QUESTION = re.compile(r"\bfolgende[nr]?\s+Frage", re.IGNORECASE)
_REQUEST = re.compile(r"\b(?:gebeten|bittet|bitten|ersucht|angeregt|aufgefordert)\b")


def _outer_colon(text: str) -> int:
    """The first colon outside brackets ("(amtlich: Lichtzeichenanlage)" is no lead-in)."""
    depth = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == ":" and depth == 0:
            return index
    return -1


_ABBREVIATION_END = re.compile(rf"(?:\b(?:{ABBREVIATIONS}|Ziff|Anl|[a-zA-Z])|\b\d{{1,3}})\.$")


def _sentence_starts(text: str) -> list[int]:
    """Where sentences start after the first (not after "Abs." or "2.")."""
    return [m.end() for m in _SENTENCE_END.finditer(text)
            if not _ABBREVIATION_END.search(text[: m.start() + 1])]


def _question_start(text: str) -> int:
    """Where the question of a single unnumbered block starts when a sentence before it is
    not part of it: after a sentence that announces "folgende Frage(n)", or, in a block
    without a question mark, at the first request ("Daher bittet der Stadtbezirksbeirat
    …", "Es wird angeregt, …") after a description. 0 if the block is the question."""
    starts = _sentence_starts(text)
    if not starts:
        return 0
    if "?" in text:
        first = starts[0]
        if "?" not in text[:first] and _FOLLOWING_QUESTION.search(text[:first]):
            return first
        return 0
    if _FOLLOWING_QUESTION.search(text[: starts[0]]):
        return starts[0]  # "… um Beantwortung folgender Frage. Welche Baumaßnahmen … ."
    if _REQUEST.search(text[: starts[0]]):
        return 0
    return next((start for start in starts if _REQUEST.search(_sentence_at(text, start))), 0)


def _sentence_at(text: str, start: int) -> str:
    end = next((m for m in _SENTENCE_END.finditer(text, start)
                if not _ABBREVIATION_END.search(text[: m.start() + 1])), None)
    return text[start:end.start() + 1] if end else text[start:]


_ABOUT_QUESTIONS = re.compile(r"frage|beantwort|auskunft|stellung", re.IGNORECASE)


def _after_announcing_line(result: SplitResult, raw: str, limits: dict) -> bool:
    """A questions section with the preamble in it: the text up to an announcing line of its
    own is the preamble (the line becomes the lead-in), the rest are questions by line."""
    lines = raw.split("\n")
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip()
        if line.endswith(":") and _ABOUT_QUESTIONS.search(line) and _announces_only(line):
            rest = "\n".join(lines[index + 1:])
            if "?" not in rest or not _questions_by_line(result, rest, limits):
                return False
            head = _paragraphs("\n".join(lines[:index]), limits)
            result.preamble = PARAGRAPH_SEPARATOR.join([*head, line])
            return True
    return False


# After the last question: a remark about the answer ("Um spätere Rückfragen zu vermeiden,
# bitte ich höflich um Beantwortung jeder einzelnen Frage.", "Ich gestatte mir den Hinweis, …").
_REMARK = re.compile(
    r"(?:Um\s[^.?!]{0,80},\s*)?(?:(?:Ich|Wir)\s+bitten?|Bitte(?:n)?\s+(?:ich|wir))\b[^.?!]{0,60}"
    r"\b(?:Beantwortung|beantworten)\b[^.?!]{0,60}\bFragen?\b"
    r"|(?:Ich|Wir)\s+(?:gestatten?|erlauben?)\s+(?:mir|uns)\s+(?:den|einen|folgenden)\s+Hinweis"
    r"|(?:Hinweis|Anmerkung|P\.\s?S\.)\s*:",
    re.IGNORECASE)
# A footnote: "Umgebung* geplant?" … "* zur besseren Übersicht habe ich eine Karte …".
_FOOTNOTE_MARK = re.compile(r"[^\W\d_][*¹]")
_FOOTNOTE = re.compile(r"(?:^|(?<=\s))([*¹])\s+(?=\w)")


def _cut_footnote(raw: str) -> tuple[str, str | None]:
    """The questions section without a footnote after its last question ("Umgebung*
    geplant?" … "* zur besseren Übersicht habe ich eine Karte … angehängt." and what
    follows), and the footnote's text."""
    lines = raw.split("\n")
    last_question = max((i for i, line in enumerate(lines) if line.rstrip().endswith("?")),
                        default=None)
    if last_question is None:
        return raw, None
    for index in range(last_question + 1, len(lines)):
        match = _FOOTNOTE.match(lines[index].lstrip())
        if match and any(m.group()[-1] == match.group(1)
                         for m in _FOOTNOTE_MARK.finditer("\n".join(lines[:last_question + 1]))):
            note = normalize("\n".join(lines[index:])).paragraphs
            return "\n".join(lines[:index]), PARAGRAPH_SEPARATOR.join(note) or None
    return raw, None


def _cut_remark(question: Question, raw: str) -> str | None:
    """Cut a footnote or a closing remark off the end of the last question (or its last
    part): text after its last question mark, on a line of its own in the document. Returns
    what was cut."""
    holder = question.parts[-1] if question.parts else question
    text = holder.text
    mark = text.rfind("?")
    if mark == -1:
        return None
    tail = text[mark + 1:]
    cut = None
    for footnote in _FOOTNOTE.finditer(tail):
        if _FOOTNOTE_MARK.search(text[:mark]) and footnote.group(1) in text[:mark]:
            cut = footnote.start()
            break
    if cut is None:
        stripped = tail.lstrip()
        if not _REMARK.match(stripped):
            return None
        cut = len(tail) - len(stripped)
    start = tail[cut:].strip()
    if not any(line.strip().startswith(start[:30]) for line in raw.split("\n")):
        return None
    holder.text = text[: mark + 1 + cut].rstrip()
    return start


def _cut_farewell(text: str) -> tuple[str, str | None]:
    """"… Dresden? Vielen Dank!" -> the text and the farewell cut off its end."""
    match = FAREWELL_AT_END.search(text)
    if not match:
        return text, None
    return text[:match.start()].rstrip(), match.group().strip()


def _signers(signature: list[Labels]) -> list[str]:
    """Names of the signature block; a name followed by an office ("Stadtbezirksamtsleiter")
    signs for the body and is not a submitter; farewells are no names."""
    kept: list[Labels] = []
    for labels in signature:
        text = labels.text.strip()
        if OFFICE_LINE.match(text):
            if kept:
                kept.pop()
            continue
        if FAREWELL_AT_END.fullmatch(text) or FAREWELL_AT_END.match(text):
            continue
        kept.append(labels)
    return extract_metadata(kept, Metadata()).submitters


_FOLLOW_UP = re.compile(r"(?:^|(?<=\s))Nachfrage(?:[^:?.]{0,40})?:\s*")


def _split_follow_up(result: SplitResult) -> None:
    """An oral inquiry's "Nachfrage (Herr Stadtrat X): …" after the last question is a
    question of its own (numbered on), without its label."""
    last = result.questions[-1]
    match = _FOLLOW_UP.search(last.text)
    if match is None or not last.number.isdigit() or last.parts:
        return
    before, after = last.text[: match.start()].strip(), last.text[match.end():].strip()
    if not after:
        return
    if before:
        last.text = before
        result.questions.append(Question(str(int(last.number) + 1), after))
    else:
        last.text = after


def _unbullet(paragraph: str) -> str:
    """A bulleted paragraph of the preamble without its bullet ("- Beschluss …")."""
    marker = match_marker(paragraph)
    return paragraph[marker.end:] if marker is not None and marker.style == "bullet" else paragraph


def _without_salutation(paragraphs: list[str], result: SplitResult) -> list[str]:
    """The preamble section without "Sehr geehrte Frau Oberbürgermeisterin," before it."""
    if not paragraphs:
        return []
    layout = _layout(paragraphs)
    if layout.salutation is None:
        return list(paragraphs)
    result.salutation = layout.paragraphs[layout.salutation]
    return list(layout.paragraphs[layout.salutation + 1:])


def _split_lead_in(text: str, raw: str) -> tuple[str, str | None]:
    """The text before the first question -> (the rest, the lead-in). A lead-in is the last
    sentence when it only announces the questions ("Daher meine Fragen:") and stands on a line
    of its own in the document; at the end of a running line it stays in the preamble."""
    if _announces_only(text):
        return "", text.strip()
    paragraphs = text.split(PARAGRAPH_SEPARATOR)
    sentence = _lead_in(paragraphs[-1])
    if sentence is None or len(sentence) > 160 or _SAYS_MORE.search(sentence):
        return text, None
    if not any(line.strip() == sentence for line in raw.split("\n")):
        return text, None
    last = paragraphs[-1][: len(paragraphs[-1].rstrip()) - len(sentence)].rstrip()
    rest = [*paragraphs[:-1], last] if last else paragraphs[:-1]
    return PARAGRAPH_SEPARATOR.join(rest), sentence


# A sentence before the questions that refers to a letter or a date says more than "here are
# the questions" ("Bezugnehmend auf Ihr Schreiben vom 04.08.2022 richtet der
# Stadtbezirksbeirat folgende Fragen an den Oberbürgermeister:"): it is preamble.
_SAYS_MORE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b|\bBezug|\bSchreiben\s+vom\b",
                        re.IGNORECASE)


def _announces_only(text: str) -> bool:
    """A short text between "Fragen:" and the first question that only announces them."""
    if "\n" in text.strip() or len(text) > 160 or "?" in text or _SAYS_MORE.search(text):
        return False
    return _lead_in(text) == text.strip()
