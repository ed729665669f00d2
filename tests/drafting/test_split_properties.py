"""Properties of ``split``: it never raises, and it loses no word.

A "word" is a run of ``\\w`` characters. Compared after the character repairs that
normalisation deliberately makes (NFC, ligatures, soft hyphens, control characters
removed), nothing else.

* partition: the words of the normalised text are exactly the words of header,
  salutation, preamble, question markers and texts, parts and closing, in order;
* single-line input: its words are exactly the words of the normalised text (plus page
  furniture, if the line was furniture);
* any input: its letters and digits survive normalisation in order (joins of broken words
  only drop hyphens, spaces and stray dots), unless page furniture was removed.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.reading.normalize import normalize
from drafting.splitting.segment import SplitResult, split

WORD = re.compile(r"\w+")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st",
                           "ﬆ": "st"})  # fmt: skip
PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

SNIPPETS = [
    "Sehr geehrter Herr Oberbürgermeister,", "Mit freundlichen Grüßen", "Stadträtin Anne Berger",
    "Gegenstand: Radwege", "Anfrage Nr. AF0815/25", "Datum: 12.03.2025", "Ich frage:",
    "1. ", "2) ", "(3) ", "Frage 4: ", "1.1 ", "a) ", "II. ", "• ", "- ", "– ", "?", ". ", ", ",
    "vorge-", "sehen", "IT-", ". Infrastruktur", "Landeshaupt", "stadt", "- 2 -", "Seite 2 von 3",
    "\n", "\n\n", "\f", " ", "„", "“", '"', "\u00ad", "\u00a0", "ﬁ", "مرحبا", "שלום", "🚲", "\x00",
]  # fmt: skip
# "·" between letters is OCR noise that normalize() removes on purpose ("würd·e")
ALPHABET = st.characters(
    codec="utf-8", exclude_categories=["Cs"],
    exclude_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85·",
)
single_line = st.text(alphabet=ALPHABET, max_size=300).map(
    lambda s: "".join(ch for ch in s if not unicodedata.category(ch).startswith("Z") or ch == " ")
)
structured = st.lists(
    st.one_of(st.sampled_from(SNIPPETS), st.text(alphabet=ALPHABET, max_size=30)), max_size=40
).map("".join)
anything = st.one_of(st.text(max_size=400), structured)


def canonical(text: str) -> str:
    """The character repairs normalisation makes on purpose (control characters removed)."""
    text = CONTROL.sub("", text.replace("\u00ad", "").translate(LIGATURES))
    return unicodedata.normalize("NFC", text)


def words(text: str) -> list[str]:
    return WORD.findall(text)


def pieces(result: SplitResult) -> str:
    parts = [*result.header, result.salutation or "", result.preamble]
    for question in result.questions:
        parts += [question.label, question.text]
        for part in question.parts:
            parts += [part.label, part.text]
    parts.append(result.closing or "")
    return "\n".join(parts)


@PROPERTY_SETTINGS
@given(anything)
def test_split_never_raises(text):
    data = split(text).to_dict()
    assert set(data) == {"number", "date", "subject", "submitters", "faction", "body", "lead_in",
                         "justification", "preamble", "questions", "warnings"}  # fmt: skip


@PROPERTY_SETTINGS
@given(anything)
def test_split_is_a_partition_of_the_normalised_words(text):
    assert words(pieces(split(text))) == words(normalize(text).text)


@PROPERTY_SETTINGS
@given(single_line)
def test_single_line_keeps_every_word(text):
    result = normalize(text)
    assert words(" ".join(result.removed) + " " + result.text) == words(canonical(text))


@PROPERTY_SETTINGS
@given(structured)
def test_letters_survive_normalisation_in_order(text):
    result = normalize(text)
    if result.removed:
        return
    assert "".join(words(result.text)) == "".join(words(canonical(text)))


@PROPERTY_SETTINGS
@given(single_line)
def test_single_line_words_reach_the_split_in_order(text):
    result = split(text)
    kept = words(" ".join(result.removed) + " " + pieces(result))
    assert kept == words(canonical(text))
