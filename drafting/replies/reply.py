"""A published reply (text, or a PDF/DOCX/TXT file) -> its metadata, quoted questions and answers.

``split_reply(text)`` cuts the letter at its salutation and closing (:mod:`.frame`), reads the
header's metadata and the signature from the raw lines, drops page furniture, repairs the body
with :func:`drafting.reading.normalize.normalize` (line breaks, hyphenation, quotes) and reads
questions and answers from its paragraphs (:mod:`.structure`). The result is plain JSON:

``number, date, inquiry_date, subject, salutation, remark, preamble, questions, answers,
closing, signer, interim, warnings`` – see ``tests/data/real/replies`` for the meaning of each.
"""

from __future__ import annotations

import itertools
import re

from drafting.cleaning import clean_text
from drafting.errors import ReplyNotRecognised
from drafting.limits import MAX_DOCUMENT_CHARS, MAX_PARAGRAPH_CHARS, check_document
from drafting.reading.document import MAX_BYTES, read_document
from drafting.reading.joins import DocumentWords
from drafting.reading.normalize import clean_characters, control_warnings, normalize
from drafting.replies import frame
from drafting.replies.structure import (
    ANSWER_LABEL,
    HEADING,
    INTERIM,
    QUESTION_LABEL,
    QUOTE_START,
    REMARK,
    assemble,
    events,
    has_quoted_questions,
    strip_intro,
)
from drafting.splitting.questions import PARAGRAPH_SEPARATOR

KEYS = ("number", "date", "inquiry_date", "subject", "salutation", "remark", "preamble", "questions",
        "answers", "closing", "signer", "interim", "warnings")
NOT_RECOGNISED = (
    "Im Text wurde keine Antwort auf eine Anfrage erkannt: weder zitierte Fragen noch "
    "Antwortabschnitte („Zu Frage 1:“, „Antwort:“) noch ein Antwortschreiben. Bitte prüfen, ob "
    "die Datei die Beantwortung einer Anfrage enthält."
)
EMPTY = "Der Text ist leer; es wurde keine Antwort auf eine Anfrage gefunden."
_PREAMBLE_OF_ASKERS = re.compile(r"^Vorbemerkung(?:en)?\s+de[rs]\s+Fragesteller\w*\s*:?\s*", re.IGNORECASE)
_REMARK_LABEL = re.compile(
    r"^Vorbemerkung(?:en)?(?:\s+de[rs]\s+(?:Bundes|Landes|Staats)?regierung|\s+des\s+Senats)?\s*:?\s*",
    re.IGNORECASE)
_BODY_START = re.compile(
    r"^\s*(?:Vorbemerkung(?:en)?(?:\s+de[rs]\s+\w+)?\s*(?::|$)|„|\d{1,2}\.\s+\S.*\?\s*$)")
# A heading printed letter-spaced ("V o r b e m e r k u n g  d e r  F r a g e s t e l l e r").
_LETTER_SPACED = re.compile(r"^\s*(?:[^\W\d_] ){3,}[^\W\d_](?:  +(?:[^\W\d_] )*[^\W\d_])*\s*$")
# A question ending at the end of its line, the answer on the next line (Drucksache style).
_QUESTION_END = re.compile(r"\?[)“\"]?\s*$")
_ABOUT_INQUIRY = re.compile(r"\bAnfrage\b|\bbeantwort|\bFrage\b", re.IGNORECASE)


# OCR reads „ as ",," and “ as "''" (two apostrophes).
_OCR_QUOTES = re.compile(r"(?:(?<=\s)|^),,(?=\S)|(?<=\S)''")


def _quote_for(match: re.Match) -> str:
    return "„" if match.group() == ",," else "“"


def _unspaced(line: str) -> str:
    """"V o r b e m e r k u n g  d e r  F r a g e s t e l l e r" -> "Vorbemerkung der Fragesteller"."""
    if not _LETTER_SPACED.match(line):
        return line
    return " ".join(word.replace(" ", "") for word in re.split(r" {2,}", line.strip()))


def _question_ends(lines: list[str]) -> list[str]:
    """A blank line after a line that ends a question when the next line starts a sentence, so
    that an answer printed right below its question (Drucksache) is a paragraph of its own;
    question text that goes on after a "?" is joined back by :func:`.structure.assemble`."""
    out: list[str] = []
    for index, line in enumerate(lines):
        out.append(line)
        if _QUESTION_END.search(line) and index + 1 < len(lines):
            following = lines[index + 1].strip()
            if following[:1].isupper() or following[:1].isdigit():
                out.append("")
    return out


def _isolate_anchors(lines: list[str]) -> list[str]:
    """Blank lines around answer headings and labels on lines of their own, so that the repair
    never joins them with the text before or after."""
    out: list[str] = []
    for line in lines:
        text = line.strip()
        heading = HEADING.match(text)
        isolated = (heading is not None and (heading.group("colon") or heading.end() == len(text))) \
            or ANSWER_LABEL.match(text) is not None or QUESTION_LABEL.match(text) is not None \
            or _is_remark_label(text)
        if isolated:
            out.extend(["", line])
            if heading is not None and heading.end() == len(text):
                out.append("")
        else:
            out.append(line)
    return out


def _is_remark_label(text: str) -> bool:
    """"Vorbemerkung der Bundesregierung" alone on its line or with a colon (not "Vorbemerkung
    der Fragesteller), und …" wrapped inside a question)."""
    for label in (_REMARK_LABEL, _PREAMBLE_OF_ASKERS):
        match = label.match(text)
        if match and (match.end() == len(text) or ":" in match.group()):
            return True
    return False


def _frame_bounds(lines: list[str]) -> tuple[int | None, int, int | None]:
    """(salutation line or None, first body line, closing line or None)."""
    salutation = frame.find_salutation(lines)
    if salutation is not None:
        start = salutation
    else:
        start = next((i for i, line in enumerate(lines[:80]) if _BODY_START.match(line)), 0)
    closing = frame.find_closing(lines, start + 1)
    return salutation, start, closing


def split_reply(
    text: str,
    *,
    max_chars: int | None = MAX_DOCUMENT_CHARS,
    max_paragraph_chars: int | None = MAX_PARAGRAPH_CHARS,
) -> dict:
    """Split a published reply into metadata, questions and answer items (see the module
    docstring). Raises :class:`~drafting.errors.ReplyNotRecognised` for a text without any
    reply in it and :class:`~drafting.errors.DraftingInputError` for texts over the limits."""
    check_document(text, max_chars)
    cleaned, control_count = clean_characters(text)
    if not re.search(r"[^\W\d_]{2,}", cleaned):
        raise ReplyNotRecognised(EMPTY)
    warnings = control_warnings(control_count)
    lines = [_unspaced(line.replace("\f", "")) if line.strip("\f") else line
             for line in cleaned.split("\n")]
    salutation_at, start, closing_at = _frame_bounds(lines)
    header_lines = [line.strip("\f") for line in lines[:start]]
    end = frame.closing_junk(lines, closing_at) if closing_at is not None else len(lines)
    body_lines = lines[start:end]
    salutation = None
    if salutation_at is not None:
        first = body_lines[0].strip()
        comma = first.find(",")
        salutation = first[: comma + 1] if comma != -1 else first
        body_lines[0] = first[comma + 1:] if comma != -1 else ""
    body_lines, _removed = frame.drop_furniture(body_lines, header_lines)
    body_lines = [_OCR_QUOTES.sub(_quote_for, line) for line in body_lines]
    repaired = normalize("\n".join(_isolate_anchors(_question_ends(body_lines))), max_chars=None,
                         max_paragraph_chars=max_paragraph_chars,
                         context=DocumentWords(lines))
    warnings += repaired.warnings
    paragraphs = _without_intro(repaired.paragraphs)
    header = frame.read_header(header_lines, repaired.paragraphs[:3], _doubled(lines))
    if header.date is None and salutation_at is None:
        header.date = frame.reply_date(lines[start:start + 5])
    closing, signer = None, None
    if closing_at is not None:
        closing, last = frame.closing_text(lines, closing_at)
        signer = frame.signer(lines[last + 1:]) or frame.signer(lines[end:closing_at], scrawled=False)
    quotes = has_quoted_questions(paragraphs)
    body = assemble(events(paragraphs, quotes), quotes)
    preamble, remark = _preamble_and_remark(body.loose)
    interim = False
    answers = body.answers
    if not body.structured or not answers:
        whole = PARAGRAPH_SEPARATOR.join(body.loose)
        if INTERIM.search(whole) and len(whole) < 3000 and not answers:
            interim, remark = True, None
        elif not body.structured:
            if not whole.strip() or not (_ABOUT_INQUIRY.search(whole) or salutation or closing):
                raise ReplyNotRecognised(NOT_RECOGNISED)
            remark, text_paragraphs = _leading_remark(body.loose)
            answers = [{"questions": [], "text": PARAGRAPH_SEPARATOR.join(text_paragraphs)}] \
                if text_paragraphs else []
            if not answers:
                raise ReplyNotRecognised(NOT_RECOGNISED)
    elif _only_interim(answers):
        interim = True  # the questions quoted, then "die Beantwortung wird nachgereicht"
    questions = [q.to_dict() for q in body.questions]
    if answers and not interim:
        labels = [q["number"] for q in questions]
        for answer in answers:
            if not answer["questions"]:
                answer["questions"] = list(labels)
        warnings += _coverage_warnings(questions, answers)
    return {
        "number": header.number,
        "date": header.date,
        "inquiry_date": header.inquiry_date,
        "subject": header.subject,
        "salutation": salutation,
        "remark": remark,
        "preamble": body.preamble or preamble,
        "questions": questions,
        "answers": [] if interim else answers,
        "closing": closing,
        "signer": signer,
        "interim": interim,
        "warnings": warnings,
    }


_INTERIM_MAX = 600  # characters of "answer" an interim notice has at most


def _only_interim(answers: list[dict]) -> bool:
    """Every answer item only says that the answer comes later (a short Zwischenbescheid)."""
    return sum(len(a["text"]) for a in answers) < _INTERIM_MAX and all(
        INTERIM.search(a["text"]) for a in answers)


def _doubled(lines: list[str]) -> bool:
    """The extraction put a blank line after every line."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 6:
        return False
    spaced = sum(1 for a, b in itertools.pairwise(filled) if b - a == 2)
    return spaced >= 0.7 * (len(filled) - 1)


def _without_intro(paragraphs: list[str]) -> list[str]:
    """The paragraphs up to the first question or answer without the sentence that announces
    the answers."""
    out = []
    for index, paragraph in enumerate(paragraphs):
        if QUOTE_START.match(paragraph) or HEADING.match(paragraph):
            return [*out, *paragraphs[index:]]
        stripped = strip_intro(paragraph)
        if stripped:
            out.append(stripped)
        if QUOTE_START.match(stripped):
            return [*out, *paragraphs[index + 1:]]
    return out


def _preamble_and_remark(loose: list[str]) -> tuple[str | None, str | None]:
    """Text before the first question: the askers' preamble of a Drucksache ("Vorbemerkung der
    Fragesteller") and the administration's remark (the rest)."""
    preamble: list[str] = []
    remark: list[str] = []
    target = remark
    for paragraph in loose:
        if _PREAMBLE_OF_ASKERS.match(paragraph):
            target = preamble
            paragraph = _PREAMBLE_OF_ASKERS.sub("", paragraph)
        elif (label := _REMARK_LABEL.match(paragraph)) is not None:
            target = remark
            paragraph = paragraph[label.end():]
        if paragraph.strip():
            target.append(paragraph)
    return (PARAGRAPH_SEPARATOR.join(preamble) or None, PARAGRAPH_SEPARATOR.join(remark) or None)


def _leading_remark(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """A reply without any structure: its first paragraphs are a remark when they say there is
    no claim to an answer (or are headed "Vorbemerkung"); the rest is the one answer."""
    count = 0
    while count < len(paragraphs) - 1 and REMARK.search(paragraphs[count]):
        count += 1
    remark = PARAGRAPH_SEPARATOR.join(paragraphs[:count]) or None
    return remark, paragraphs[count:]


def _coverage_warnings(questions: list[dict], answers: list[dict]) -> list[str]:
    answered = {label.split(".")[0] for answer in answers for label in answer["questions"]}
    asked = [q["number"] for q in questions]
    missing = [number for number in asked if number not in answered]
    unknown = sorted(answered - set(asked), key=lambda n: (len(n), n)) if asked else []
    warnings = []
    if missing:
        warnings.append(f"Zu Frage {', '.join(missing)} wurde keine Antwort gefunden. Bitte prüfen.")
    if unknown:
        warnings.append(f"Die Antwort zu Frage {', '.join(unknown)} bezieht sich auf eine Frage, "
                        "die im Schreiben nicht zitiert ist.")
    return warnings


def read_reply(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES,
               max_chars: int | None = MAX_DOCUMENT_CHARS) -> dict:
    """Read a reply file (.pdf with a text layer, .docx, .txt) and split it. Unreadable,
    damaged, scanned or empty files raise :class:`~drafting.errors.DraftingInputError` with a
    German message; a file without a reply in it :class:`~drafting.errors.ReplyNotRecognised`."""
    document = read_document(data, filename, max_bytes=max_bytes, max_chars=max_chars)
    result = split_reply(clean_text(document.text) or "", max_chars=max_chars)
    result["warnings"][:0] = document.warnings
    return result
