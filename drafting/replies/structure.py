"""The body of a reply (between salutation and closing) -> quoted questions and answer items.

The body is read paragraph by paragraph (after :func:`drafting.reading.normalize.normalize`)
as a sequence of events:

* ``Q`` – a question as the reply quotes it: ``„…“`` (the preamble and question 1 in one quote,
  then ``N. „…“``, see DESIGN.md "Quoting convention"), ``Frage N: …`` or, in a Drucksache
  without quotes, a numbered paragraph with a question mark that continues the numbering;
* ``H`` – an answer heading that names its questions: ``Zu Frage 1:``, ``Zu den Fragen 1 und 3:``,
  ``Zu 2 a):``, ``Antwort zu Frage 4:``;
* ``A`` – an answer label without numbers: ``Antwort:``, ``Antwort der Bundesregierung``;
* ``T`` – any other paragraph.

An answer item is an ``H`` with the text after it, or the text after one or more ``Q`` (it
answers the questions quoted since the last answer). Text before the first question or answer
is the administration's opening remark (without the "Ihre Anfrage beantworte ich wie folgt:"
sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from drafting.markers import is_marker_only, match_marker
from drafting.reading.normalize import ABBREVIATIONS
from drafting.splitting.questions import (
    PARAGRAPH_SEPARATOR,
    Part,
    Question,
    build_questions,
    choose_list,
    find_lists,
)

# "Zu Frage 1:", "Zu den Fragen 1 und 3:", "Zu 2 a):", "Antwort zu Frage 4:", "Zu 1.:"
_LABEL_LIST = (r"\d{1,2}(?:\s*\.?\s*[a-z]\)?(?![\w]))?(?:\s*(?:,|und|bis|sowie|&|-|–|/|\+)\s*"
               r"(?:\d{1,2}(?:\s*\.?\s*[a-z]\)?(?![\w]))?|[a-z]\)))*")
_NOUN = r"(?:Fragen?|Punkte?n?|Nummern?|Nr\.|Ziffern?|Frage\s+Nr\.)\s*"
HEADING = re.compile(
    rf"^(?:Antwort(?:en)?\s+)?(?:(?:zu|ad)\s+(?:(?:den|der|dem|Ihren?|Ihrer)\s+)?(?:{_NOUN})?"
    rf"|(?:zur|zum)\s+{_NOUN})(?P<labels>{_LABEL_LIST})"
    rf"\s*\.?\)?\s*(?P<colon>[:.]|$)\s*",
    re.IGNORECASE)
# "Antwort:", "Antwort der Bundesregierung", "Antwort des Staatsministeriums:"
ANSWER_LABEL = re.compile(
    r"^Antwort(?:\s+(?:der|des)\s+[^.?!:\n]{3,80}?)?\s*(?::\s*|$)")
QUESTION_LABEL = re.compile(rf"^Frage\s+(?P<labels>{_LABEL_LIST})\s*(?::\s*(?P<rest>.*)|\.?\)?$)", re.S)
QUOTE_START = re.compile(
    r"^(?:(?P<num>\d{1,2})\s*[.,)]\s*(?:(?P<part>[a-z])\)\s*)?|Frage\s+(?P<fnum>\d{1,2})\s*[:.]?\s*)?„")
_OPEN, _CLOSE = "„", "“"
_QUESTION_STYLES = frozenset({"arabic.", "arabic)", "paren", "frage"})
_ANNOUNCES = re.compile(r"beantwort|Beantwortung|\bAntwort", re.IGNORECASE)
_AS_FOLLOWS = re.compile(r"wie\s+folgt|nachfolgend|nachstehend|folgendermaßen", re.IGNORECASE)
_INTRO_MAX = 400
_SENTENCE_END = re.compile(r"[.!?:][“”\")]*(?:\s[“”\"](?=\s))?\s+(?=[„\"(]?[A-ZÄÖÜ0-9])")  # OCR: 'sein. "'
_NO_END = re.compile(rf"(?:\b(?:{ABBREVIATIONS}|[a-zA-Z])|\b\d{{1,2}})\.$")
REMARK = re.compile(
    r"Anspruch\s+auf\s+(?:eine\s+)?Beantwortung|§\s*28\s+Abs\.\s*6|Vorbemerkung|"
    r"keine\s+(?:konkreten|kommunale)|Selbstverwaltungsangelegenheit|Auskunftsanspruch|"
    r"Informationsanspruch|Fragerecht", re.IGNORECASE)
INTERIM = re.compile(
    r"Zwischenbescheid|Zwischennachricht|Zwischenmitteilung|Fristverlängerung"
    r"|(?:noch\s+nicht|nicht\s+(?:fristgemäß|fristgerecht|innerhalb\s+der\s+(?:\w+\s+)?Frist|termingerecht"
    r"|rechtzeitig))[^.]{0,160}(?:beantwort|Antwort|abgeschlossen|vorliegen)"
    r"|(?:beantwort|Antwort)[^.]{0,120}(?:noch\s+(?:etwas\s+)?(?:Zeit|einige)|verzöger|später|bis\s+(?:zum|spätestens)"
    r"|nachgereicht|nachreichen|nachgeliefert)",
    re.IGNORECASE)


@dataclass
class Event:
    kind: str  # "Q", "H", "A", "T"
    text: str = ""
    labels: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    preamble: str | None = None


@dataclass
class Body:
    questions: list[Question] = field(default_factory=list)
    answers: list[dict] = field(default_factory=list)
    preamble: str | None = None
    remark: str | None = None
    loose: list[str] = field(default_factory=list)  # text before any question or answer
    structured: bool = False  # questions or answer headings were found
    warnings: list[str] = field(default_factory=list)


def parse_labels(text: str) -> list[str]:
    """"1 und 3" -> ["1", "3"]; "1 bis 3" -> ["1", "2", "3"]; "2 a) und b)" -> ["2.a", "2.b"]."""
    labels: list[str] = []
    last_number: int | None = None
    pending_range = False
    for match in re.finditer(r"(\d{1,2})(?:\s*\.?\s*([a-z])\)?(?!\w))?|(?<![\w])([a-z])\)|(bis|-|–)",
                             text):
        number, letter, lone_letter, dash = match.groups()
        if dash:
            pending_range = True
            continue
        if number:
            value = int(number)
            if pending_range and last_number is not None and not letter and value > last_number:
                labels.extend(str(n) for n in range(last_number + 1, value + 1))
            else:
                labels.append(f"{value}.{letter}" if letter else str(value))
            last_number = value
        elif lone_letter and last_number is not None:
            labels.append(f"{last_number}.{lone_letter}")
        pending_range = False
    seen: list[str] = []
    for label in labels:
        if label not in seen:
            seen.append(label)
    return seen


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (not after "o. g.", "Nr." or "2.")."""
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if _NO_END.search(text[: match.start() + 1]):
            continue
        out.append(text[start:match.end()])
        start = match.end()
    out.append(text[start:])
    return [piece for piece in out if piece.strip()]


# "Soweit ich jedoch … beantworte ich diese – ohne Anerkennung einer Rechtspflicht … – wie folgt:"
# ends the remark that there is no claim to an answer; it is part of that remark.
_RESERVATION = re.compile(r"Anerkennung\s+einer\s+Rechtspflicht|Bindungswille", re.IGNORECASE)


def is_intro(sentence: str) -> bool:
    """"Ihre oben genannte Anfrage beantworte ich wie folgt:", "Die Beantwortung Ihrer Anfrage:"."""
    sentence = sentence.strip()
    if TOGETHER.match(sentence) or _RESERVATION.search(sentence):
        return False
    return len(sentence) <= _INTRO_MAX and bool(_ANNOUNCES.search(sentence)) and (
        sentence.endswith(":") or bool(_AS_FOLLOWS.search(sentence)))


def strip_intro(text: str) -> str:
    """The paragraph without the sentence that announces the answers ("Ihre oben genannte
    Anfrage beantworte ich wie folgt:", "Namens und im Auftrag … beantworte ich …")."""
    if not _ANNOUNCES.search(text):
        return text
    kept = [sentence for sentence in sentences(text) if not is_intro(sentence)]
    return "".join(kept).strip()


# --- events --------------------------------------------------------------------------------


def _quote_end(paragraphs: list[str], start: int, offset: int, stop: int) -> tuple[int, int] | None:
    """(paragraph, character) just after the quote mark that closes the quote opened at
    ``paragraphs[start][offset - 1]``; None if it does not close before paragraph ``stop``."""
    depth = 1
    first: tuple[int, int] | None = None
    for index in range(start, stop):
        text = paragraphs[index]
        begin = offset if index == start else 0
        for position in range(begin, len(text)):
            char = text[position]
            if char == _OPEN:
                depth += 1
            elif char == _CLOSE:
                depth -= 1
                if first is None and depth <= 0:
                    first = index, position + 1
                    if not _inside_sentence(text, position):
                        return first
                elif first is not None and _ENDS_QUESTION.match(text, position + 1) \
                        and text[:position].rstrip().endswith("?"):
                    return index, position + 1
    return first


# After a quote's closing mark: the end of the paragraph (an OCR apostrophe or a dot allowed).
_ENDS_QUESTION = re.compile(r"[\s'’.]*$")


def _inside_sentence(text: str, position: int) -> bool:
    """The closing mark at ``position`` ends a quotation inside a sentence (``… die
    Chancenlosen“ Neuer Hafen e. V., …``: OCR lost its opening mark), not the quoted question:
    no sentence end before it and text after it in the paragraph."""
    before = text[:position].rstrip()
    return not before.endswith(("?", ".", "!", ":", ")")) and not _ENDS_QUESTION.match(text, position + 1)


_CLOSED_QUESTION = re.compile(r"\?\s*[“\"]['’]?\s*$")
_SENTENCE_GOES_ON = re.compile(r"[^\W\d_,]$")


def _next_anchor(paragraphs: list[str], start: int) -> int:
    """The next paragraph that starts a question or an answer; a quote that opens a paragraph
    after one ending mid-sentence ("… gekommen sei und" / "„Es wird …“") is a quotation inside
    the quoted text."""
    return next((k for k in range(start, len(paragraphs)) if _is_anchor(paragraphs[k])
                 and not (k and _bare_quote(paragraphs[k])
                          and _SENTENCE_GOES_ON.search(paragraphs[k - 1]))),
                len(paragraphs))


def _bare_quote(paragraph: str) -> bool:
    """A paragraph that opens a quote without a question number before it."""
    match = QUOTE_START.match(paragraph)
    return match is not None and match.end() == 1


def _is_anchor(paragraph: str) -> bool:
    return bool(QUOTE_START.match(paragraph) or HEADING.match(paragraph)
                or QUESTION_LABEL.match(paragraph))


def _quoted_questions(inner: list[str], number: str | None, part: str | None,
                      first_quote: bool) -> tuple[
        list[Question], str | None]:
    """The questions inside one quote (and the preamble quoted before question 1)."""
    if number is not None:
        return [_numbered_quote(inner, number, part)], None
    markers = [match_marker(p) for p in inner]
    chosen = choose_list(find_lists(markers, range(len(inner))), inner)
    if chosen is None or markers[chosen.top[0]].style == "bullet":
        text = PARAGRAPH_SEPARATOR.join(inner)
        if number is None and first_quote and "?" in text:  # preamble and one question
            pieces = sentences(text)
            at = next(k for k, piece in enumerate(pieces) if "?" in piece)
            if at:
                return [Question("", "".join(pieces[at:]).strip())], "".join(pieces[:at]).strip()
        return [Question("", text)], None
    first = chosen.top[0]
    questions, _ = build_questions(inner, markers, chosen, first, len(inner))
    preamble = PARAGRAPH_SEPARATOR.join(inner[:first]) or None
    return questions, preamble


def _numbered_quote(inner: list[str], number: str, part: str | None) -> Question:
    """``N. „…“``: one question; paragraphs opened by letters ("a)", "(b)") are its parts, any
    other marker inside the quote is text ("… unter" / "Frage 1. wurde …")."""
    if part:
        return Question(number, "", [Part(part, PARAGRAPH_SEPARATOR.join(inner))])
    question = Question(number, "")
    texts: list[str] = []
    for paragraph in inner:
        marker = match_marker(paragraph)
        if marker is not None and marker.style.startswith(("letter", "lparen")) and (
                question.parts or marker.value == 1):
            question.parts.append(Part(marker.number, paragraph[marker.end:].strip()))
        elif question.parts:
            question.parts[-1].text = f"{question.parts[-1].text}{PARAGRAPH_SEPARATOR}{paragraph}"
        else:
            texts.append(paragraph)
    question.text = PARAGRAPH_SEPARATOR.join(texts)
    return question


def events(paragraphs: list[str], quotes: bool) -> list[Event]:
    """The body's paragraphs as events (see the module docstring). ``quotes``: the reply quotes
    its questions, so numbered paragraphs outside quotes are answer text."""
    out: list[Event] = []
    expected = 1  # the number a numbered question without quotes must have
    index = 0
    pending_text: str | None = None
    while index < len(paragraphs) or pending_text is not None:
        if pending_text is not None:
            text, pending_text = pending_text, None
        else:
            text = paragraphs[index]
            index += 1
        if not text:
            continue
        quote = QUOTE_START.match(text)
        if quote:
            stop = _next_anchor(paragraphs, index)
            inner_source = [text, *paragraphs[index:stop]]
            end = _quote_end(inner_source, 0, quote.end(), len(inner_source))
            if end is None:  # unclosed: up to the first question closing a quote, else the last "?"
                last = next((k for k, p in enumerate(inner_source) if _CLOSED_QUESTION.search(p)),
                            None)
                if last is None:
                    last = max((k for k, p in enumerate(inner_source) if "?" in p), default=0)
                end = (last, len(inner_source[last]))
            para, char = end
            inner = inner_source[: para + 1]
            rest = inner[-1][char:].lstrip(" .,;)'’“\"")  # OCR: „…"'
            inner[-1] = inner[-1][:char]
            inner[0] = inner[0][quote.end():]
            if inner[-1].endswith(_CLOSE):
                inner[-1] = inner[-1][:-1]
            inner = [p.strip() for p in inner if p.strip()]
            index += para
            if rest.strip():
                pending_text = rest.strip()
            number = quote.group("num") or quote.group("fnum")
            if inner:
                first_quote = not any(e.kind == "Q" for e in out)
                questions, preamble = _quoted_questions(inner, number, quote.group("part"), first_quote)
                out.append(Event("Q", questions=questions, preamble=preamble))
            continue
        if is_marker_only(text) and index < len(paragraphs) and paragraphs[index].startswith(_OPEN):
            pending_text = f"{text} {paragraphs[index]}"  # "2." / "„Wäre …“"
            index += 1
            continue
        together = TOGETHER.match(text)
        if together and (labels := parse_labels(together.group("labels"))):
            out.append(Event("H", text[together.end():].strip(), labels))
            continue
        heading = HEADING.match(text)
        if heading and (heading.group("colon") or heading.end() == len(text)):
            labels = parse_labels(heading.group("labels"))
            if labels:
                out.append(Event("H", text[heading.end():].strip(), labels))
                continue
        label = QUESTION_LABEL.match(text)
        if label and not quotes:
            labels = parse_labels(label.group("labels"))
            rest = (label.group("rest") or "").strip()
            if not rest and index < len(paragraphs):
                rest = paragraphs[index]
                index += 1
            if labels:
                out.append(Event("Q", questions=[Question(labels[0].split(".")[0], rest)]))
                expected = int(labels[-1].split(".")[0]) + 1
                continue
        answer = ANSWER_LABEL.match(text)
        if answer:
            out.append(Event("A", text[answer.end():].strip()))
            continue
        marker = match_marker(text)
        if (quotes and marker is not None and marker.style in _QUESTION_STYLES
                and text.endswith(_CLOSE) and "?" in text
                and marker.value == sum(len(e.questions) for e in out if e.kind == "Q") + 1):
            # "1. Wie viele …?“: a quoted question whose opening mark OCR lost
            out.append(Event("Q", questions=[
                Question(marker.number or str(marker.value), text[marker.end:-1].strip())]))
            continue
        if (not quotes and marker is not None and marker.style in _QUESTION_STYLES
                and marker.value == expected and "?" in text):
            question = Question(marker.number or str(marker.value), text[marker.end:].strip())
            while index < len(paragraphs):  # parts a), b) right after it
                sub = match_marker(paragraphs[index])
                if sub is None or not sub.style.startswith(("letter", "lparen")):
                    break
                question.parts.append(Part(sub.number, paragraphs[index][sub.end:].strip()))
                index += 1
            out.append(Event("Q", questions=[question]))
            expected += 1
            continue
        out.append(Event("T", text))
    return out


def has_quoted_questions(paragraphs: list[str]) -> bool:
    return any(QUOTE_START.match(p) and "?" in p for p in paragraphs) or sum(
        1 for p in paragraphs if QUOTE_START.match(p)) >= 2


# "Die Fragen 1 und 2 werden zusammen beantwortet:" at the start of an answer: a heading.
TOGETHER = re.compile(
    rf"^(?:Die\s+)?Fragen\s+(?P<labels>{_LABEL_LIST})\s+werden\s+(?:\w+\s+){{0,4}}?"
    r"(?:zusammen|gemeinsam)\s+beantwortet\s*[.:]\s*", re.IGNORECASE)
_BULLET = re.compile(r"(?:^|(?<=\s))[•▪◦●■►➢∙](?:\s+|$)")


def unbullet(text: str) -> str:
    """A paragraph of an answer without list bullets ("• Gerokstraße" -> "Gerokstraße")."""
    return _BULLET.sub("", text).strip() if any(c in text for c in "•▪◦●■►➢∙") else text.strip()


# --- assembly ------------------------------------------------------------------------------


@dataclass
class _Answer:
    labels: list[str]
    texts: list[str] = field(default_factory=list)


def assemble(items: list[Event], quotes: bool = False) -> Body:
    """Answer items from the events. ``quotes``: the reply quotes its questions; else a
    paragraph ending with "?" right after an unquoted question goes on with that question
    (its answer follows)."""
    body = Body()
    answers: list[_Answer] = []
    current: _Answer | None = None
    pending: list[str] = []
    seen_structure = False
    has_answer_labels = any(e.kind == "A" for e in items)
    last_question: Question | None = None

    def close() -> None:
        nonlocal current
        if current is not None and any(t.strip() for t in current.texts):
            answers.append(current)
        elif current is not None and current.labels and not current.texts:
            pending[:0] = [label for label in current.labels if label not in pending]
        current = None

    for event in items:
        if event.kind == "Q":
            seen_structure = True
            after_heading = current is not None and not current.texts and bool(current.labels)
            if not after_heading:
                close()
            labels = []
            for question in event.questions:
                if not question.number and after_heading:
                    question.number = current.labels[0].split(".")[0]
                if not question.number:
                    question.number = str(len(body.questions) + 1)
                if question.number.isalpha() and len(question.number) == 1 and last_question:
                    last_question.parts.append(Part(question.number, question.text))
                    labels.append(f"{last_question.number}.{question.number}")
                    continue
                body.questions.append(question)
                last_question = question
                labels.append(question.number)
            if event.preamble and body.preamble is None and len(body.questions) <= len(labels):
                body.preamble = event.preamble
            if not after_heading:
                pending.extend(label for label in labels if label not in pending)
        elif event.kind == "H":
            seen_structure = True
            close()
            pending = []
            current = _Answer(event.labels)
            if event.text:
                current.texts.append(event.text)
        elif event.kind == "A":
            seen_structure = True
            if current is not None and current.texts:
                close()
            if current is None:
                current = _Answer(list(pending))
                pending = []
            if event.text:
                current.texts.append(event.text)
        else:
            if current is not None:
                current.texts.append(event.text)
            elif pending and last_question is not None and (
                    has_answer_labels or (not quotes and event.text.rstrip().endswith("?"))):
                last_question.text = PARAGRAPH_SEPARATOR.join(
                    t for t in (last_question.text, event.text) if t)
            elif pending:
                current = _Answer(list(pending), [event.text])
                pending = []
            elif not seen_structure:
                body.loose.append(event.text)
            elif answers:
                answers[-1].texts.append(event.text)
            else:
                body.loose.append(event.text)
    close()
    body.structured = seen_structure
    body.answers = [{"questions": a.labels, "text": PARAGRAPH_SEPARATOR.join(
        cleaned for t in a.texts if (cleaned := unbullet(t)))} for a in answers]
    return body
