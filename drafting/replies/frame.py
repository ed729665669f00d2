"""The letter around the answers: where salutation and closing stand, the header's metadata
(inquiry number, date of the reply, date of the inquiry, subject), the signer, and the page
furniture of a reply (letterhead repeated on later pages, footers with addresses and bank
details, Drucksache page headers).

Everything here works on the raw lines of the text (before :func:`drafting.reading.normalize`
joins them), because header and signature are short lines whose layout matters.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from itertools import pairwise

from drafting.splitting.frame import parse_date

_HEADER_LINES = 60  # the salutation stands within the first lines of a letter
SALUTATION = re.compile(r"^\s*(?:Sehr\s+geehrte[rsn]?|Liebe[rs]?|Guten\s+Tag|Hallo)\b")
CLOSING = re.compile(
    r"^\s*(?:Mit\s+(?:den\s+)?(?:freundlichen|besten|herzlichen|kollegialen|vorzüglichen)\s+Grüßen"
    r"|Mit\s+freundlichem\s+Gruß|(?:Freundliche|Beste|Herzliche|Viele)\s+Grüße|Hochachtungsvoll)"
    r"[\s,.!]*$"
    r"|^\s*Mit\s+f\s?r?e?u?n?d?l?\w*\s*$"  # OCR: "Mit f reundlic" / "rußen"
    r"|^.{0,30}(?:Grüßen|Grüße)[\s,.!;]*$",  # OCR: "Mit iPetrhdlichBn Grüßen", "TÜlichen Grüßen"
    re.IGNORECASE,
)
_CLOSING_END = re.compile(r"^\s*\w{0,4}(?:rüßen|ußen|ßen|Gruß)\s*$")
# Inquiry numbers as replies print them, most specific first.
_NUMBERS = (
    re.compile(r"\bAnfrage\b.{0,300}?[–—-]\s*Drucksache\s+(?:Nr\.\s*)?(\d+\s?/\s?\d+)", re.S),
    re.compile(r"(?<![\w/])(m?AF(?:-?[A-Za-z]{2,3})?\s?\d{2,5}/\d{2})(?![\d/])"),
    re.compile(r"(?<![\w/])(SBR\s?[A-Za-zÄÖÜ]{1,4}/\d{2,5}/\d{2})(?![\d/])"),
    re.compile(r"\b(?:Kleine|Große|Schriftliche)\s+Anfrage\s+(?:Nr\.\s*)?(\d+\s?/\s?\d+)"),
    re.compile(r"\bAnfrage\s*(?:-\s*)?(?:Nr\.?|Nummer)\s*:?\s*([A-Za-z]{0,6}[-\s]?\d[\w/.-]*\w)"),
    re.compile(r"\bDrucksache\s+(?:Nr\.\s*)?(\d+\s?/\s?\d+)"),
)
_DATE_TEXT = (r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{1,2}\.\s*(?:Januar|Jänner|Februar|März|April|Mai|Juni"
              r"|Juli|August|September|Oktober|November|Dezember)\s+\d{4}|\d{4}-\d{2}-\d{2}")
_INQUIRY_DATE = re.compile(
    rf"\b(?:Anfrage|Schreiben|Fragen|Anfrage\s+Nr\.?\s*\S+)\s+(?:\([^)]{{0,40}}\)\s+)?vom\s+"
    rf"(?:den\s+)?({_DATE_TEXT})", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^\s*Datum\s*:?\s*(.*)$", re.IGNORECASE)
_PLACE_DATE = re.compile(rf"^[A-ZÄÖÜ][\w\-]+(?:\s[\w\-]+)?,?\s+(?:den\s+|am\s+)?({_DATE_TEXT})\s*$")
_BARE_DATE = re.compile(rf"^\s*(?:den\s+)?({_DATE_TEXT})\s*$")
# A receipt stamp as OCR reads it: "2 5. APR. 2014", "1 9- JAN. 2015", "1B. AUG. 2020",
# "/ 7. JEP. 2020" (OCR reads 1 as "/", 8 as "B", S as "J").
_STAMP_DATE = re.compile(
    r"(?<![\w])([\dBOoIl|/])?\s?(\d|[BO])\s?[.\-,]\s*([A-ZÄ]{3})[A-ZÄ]*\.?\s*(\d{4})\b")
_STAMP_MONTHS = {"JAN": 1, "FEB": 2, "MÄR": 3, "MRZ": 3, "APR": 4, "MAI": 5, "JUN": 6, "JUL": 7,
                 "AUG": 8, "SEP": 9, "OKT": 10, "NOV": 11, "DEZ": 12}
_OCR_DIGITS = str.maketrans({"B": "8", "O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "/": "1"})
_TERM_DATE = re.compile(rf"\bWahlperiode\b.*?({_DATE_TEXT})")
_SUBJECT_PREFIX = re.compile(
    r"^(?:Betreff|Betrifft|Gegenstand|Thema)\s*:\s*"
    r"|^(?:(?:Ihre\s+)?(?:Schriftliche\s+|Kleine\s+)?Anfrage\s*(?:Nr\.?|Nummer)?\s*:?\s*"
    r"(?:m?AF|SBR)?[\w\-/ ]*?\d+/\d{2}\b\s*(?:vom\s+\S+\s*)?[-–:,]?\s*)",
    re.IGNORECASE)
# Header lines that are no subject: address, sender, labels, references.
_NOT_SUBJECT = re.compile(
    r"^(?:Herrn?|Frau|Stadträt\w*|Stadtrat\b|Landeshauptstadt|Der\s+Oberbürgermeister|Die\s+Oberbürger"
    r"|Oberbürgermeister|(?:Erste[rn]?\s+)?Bürgermeister|Beigeordnete|Geschäftsbereich|GZ|Az|Aktenzeichen"
    r"|Ihr\s+Zeichen|Unser\s+Zeichen|Datum|Telefon|Tel\.|Fax|E-Mail|Bearbeiter|Sachbearbeiter|Zimmer"
    r"|Postfach|Postanschrift|Dr\.-Külz-Ring|Rathaus|vertraulich|D\s+vertraulich|Fraktion|Stadtratsfraktion"
    r"|per\s+E-Mail|Vorsitzende|Mitglied|Büro|Amt\b|An\s+(?:den|die|Herrn|Frau)\b|Deutscher\s+Bundestag"
    r"|Landtag|Sächsischer|\d+\.\s+Wahlperiode|Drucksache|[–—-]\s*Drucksache\b|Antwort\b|Kleine\s+Anfrage|der\s+Abgeordneten)"
    r"|\b\d{5}\s+[A-ZÄÖÜ]|\bstr(?:aße|\.)\s*\d|^(?-i:\(?[A-Z]{1,4}\)?)\s*\d{2,4}$|@|^www\.",
    re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]")


@dataclass
class Header:
    number: str | None = None
    date: str | None = None
    inquiry_date: str | None = None
    subject: str | None = None


def find_salutation(lines: list[str]) -> int | None:
    """Index of the salutation line among the first lines, or None."""
    for index, line in enumerate(lines[:_HEADER_LINES * 3]):
        if SALUTATION.match(line) and len(line.strip()) <= 200:
            return index
    return None


def find_closing(lines: list[str], start: int) -> int | None:
    """Index of the last closing formula ("Mit freundlichen Grüßen") after ``start``."""
    for index in range(len(lines) - 1, start - 1, -1):
        if CLOSING.match(lines[index]):
            return index
    return None


def closing_text(lines: list[str], index: int) -> tuple[str, int]:
    """The closing formula as printed, with the end OCR put on the next line ("Mit f reundlic" /
    "rußen"); the index of its last line."""
    text = lines[index].strip()
    if re.search(r"(?:Grüßen|Gruß|Grüße|Hochachtungsvoll)[\s,.!]*$", text, re.IGNORECASE):
        return text, index
    for later in range(index + 1, min(index + 4, len(lines))):
        if lines[later].strip():
            if _CLOSING_END.match(lines[later]):
                return f"{text} {lines[later].strip()}", later
            break
    return text, index


def inquiry_number(text: str) -> str | None:
    """The inquiry's number: one on a line of its own first ("Nachfrage zur AF2803/14 …" /
    "AF2851/14"), else the first of the most specific kind."""
    for line in text.split("\n"):
        match = _NUMBERS[1].fullmatch(line.strip()) or _NUMBERS[2].fullmatch(line.strip())
        if match:
            return re.sub(r"\s*/\s*", "/", match.group(1))
    for pattern in _NUMBERS:
        if match := pattern.search(text):
            return re.sub(r"\s*/\s*", "/", match.group(1).strip())
    return None


def inquiry_date(text: str) -> str | None:
    match = _INQUIRY_DATE.search(text)
    return parse_date(match.group(1)) if match else None


def reply_date(lines: list[str]) -> str | None:
    """The letter's own date: after "Datum:" (also on the next line), else a line "Dresden,
    12.01.2015" or a date alone on its line, else the date of a Drucksache header."""
    stripped = [line.strip() for line in lines]
    content = [line for line in stripped if line]
    for index, line in enumerate(content):
        if match := _DATE_LABEL.match(line):
            for candidate in (match.group(1), *content[index + 1:index + 2]):
                if (date := parse_date(candidate)) is not None:
                    return date
    for line in content:
        if (date := _stamp_date(line)) is not None:
            return date
    for pattern in (_PLACE_DATE, _BARE_DATE, _TERM_DATE):
        for line in content:
            if "vom" in line.split():
                continue
            if (match := pattern.search(line)) and (date := parse_date(match.group(1))):
                return date
    return None


def _stamp_date(line: str) -> str | None:
    match = _STAMP_DATE.search(line)
    if match is None:
        return None
    first, second, month, year = match.groups()
    if month not in _STAMP_MONTHS:
        close = difflib.get_close_matches(month, list(_STAMP_MONTHS), n=1, cutoff=0.6)
        if not close:
            return None
        month = close[0]
    day = f"{first or ''}{second}".translate(_OCR_DIGITS)
    return parse_date(f"{day}.{_STAMP_MONTHS[month]}.{year}")


def _blocks(lines: list[str]) -> list[list[str]]:
    """Groups of lines separated by blank lines (by two when the text doubles every break)."""
    blank_after = sum(1 for a, b in pairwise(lines) if a.strip() and not b.strip())
    filled = sum(1 for line in lines if line.strip())
    doubled = filled > 3 and blank_after >= 0.8 * filled
    blocks: list[list[str]] = [[]]
    gap = 0
    for line in lines:
        if not line.strip():
            gap += 1
            continue
        if blocks[-1] and gap >= (2 if doubled else 1):
            blocks.append([])
        blocks[-1].append(line.strip())
        gap = 0
    return [block for block in blocks if block]


def _is_meta(line: str, number: str | None) -> bool:
    if number and number in line.replace(" ", ""):
        rest = _SUBJECT_PREFIX.sub("", line.replace(number, "")).strip(" -–:,.()")
        if not rest or len(rest) < 4:
            return True
    if _NOT_SUBJECT.search(line) or _INQUIRY_DATE.search(line):
        return True
    if (parse_date(line) or _stamp_date(line)) and len(line) < 40:
        return True
    return not _LETTERS.search(line) or len(line) < 3


_ADDRESSEE = re.compile(r"^(?:Herrn?|Frau)\b(?:\s+(?:Stadtrat|Stadträtin|Dr\.|Prof\.))*\.?\s*$|"
                        r"^(?:Herrn?|Frau)\s+(?:Stadtrat|Stadträtin)\b")


def subject(lines: list[str], number: str | None, doubled: bool = False) -> str | None:
    """The subject line(s) of the header: after a "Betreff:" label, else the lines right above
    the salutation (the number line skipped, "Anfrage Nr. …" prefixes taken off), up to a blank
    line, a label, an address or a date."""
    content = [line.strip() for line in lines if line.strip()]
    for line in content:
        if re.match(r"^(?:Betreff|Betrifft|Gegenstand)\s*:\s*\S", line, re.IGNORECASE):
            return _SUBJECT_PREFIX.sub("", line).strip() or None
    kept: list[str] = []
    gap = 0
    stripped = [line.strip() for line in lines]
    for index in range(len(stripped) - 1, -1, -1):
        line = stripped[index]
        if not line:
            gap += 1
            continue
        if kept and gap >= (2 if doubled else 1):
            break
        gap = 0
        if number and number in line.replace(" ", "") and _SUBJECT_PREFIX.search(line):
            rest = _SUBJECT_PREFIX.sub("", line).strip(" -–:")
            if rest:
                kept.insert(0, rest)
            continue
        if _is_meta(line, number):
            if kept:
                break
            continue
        above = next((stripped[k] for k in range(index - 1, -1, -1) if stripped[k]), "")
        if kept and _ADDRESSEE.match(above):
            break  # the addressee's name
        if _ADDRESSEE.match(above) and _NAME.match(line) and index < len(stripped) - 1:
            break
        kept.insert(0, line)
        if len(kept) == 3:
            break
    return re.sub(r"\s+", " ", " ".join(kept)).strip() or None


def read_header(lines: list[str], body_start: list[str], doubled: bool = False) -> Header:
    text = "\n".join(lines)
    number = inquiry_number(text) or inquiry_number("\n".join(body_start))
    return Header(
        number=number,
        date=reply_date(lines),
        inquiry_date=inquiry_date(text) or inquiry_date(" ".join(body_start)),
        subject=subject(lines, number, doubled),
    )


# --- signature ------------------------------------------------------------------------------

_DEPUTY = re.compile(
    r"^(?:In\s+Vertretung|Im\s+Auftrag|i\.\s?V\.|i\.\s?A\.|gez\.|Für\s+den\s+\w+|In\s+Abwesenheit)\s*:?\s*",
    re.IGNORECASE)
_NAME = re.compile(
    r"^(?:(?:Dr\.|Prof\.|Dipl\.-[\wäöü]+\.?|Dr\.-Ing\.|Dr\.\s?med\.)\s*)*"
    r"[A-ZÄÖÜ][\wäöüßéè\-]+\.?(?:\s+(?:von|van|de|zu|von\s+der)\b)?(?:\s+[A-ZÄÖÜ][\wäöüßéè\-]+){1,3}$")
_FUNCTION = re.compile(
    r"(?:bürgermeister|beigeordnete|leiter|minister|senator|präsident|direktor|amt\b|referent"
    r"|vorsitzende|landrat|staatssekretär|sekretär|Landeshauptstadt|Anlage|Seite|Dresden|Stadt\b"
    r"|Geschäftsbereich|Verteiler|Dezernent)", re.IGNORECASE)


def signer(lines: list[str], *, scrawled: bool = True) -> str | None:
    """The signer's name among the lines after the closing formula (without "In Vertretung" and
    without the function line below it)."""
    names: list[tuple[str, str]] = []  # (name, the next line with text)
    window = [raw.strip() for raw in lines[:12]]
    for index, raw in enumerate(window):
        line = _DEPUTY.sub("", raw).strip()
        if _NOTED.match(line):
            break  # "Kenntnisnahme: Dirk Hilbert" – the mayor took note, he did not sign
        if not line or len(line) > 60:
            continue
        if (_NAME.match(line) or _PRINTED_NAME.match(line) or (scrawled and _scrawled(line))) \
                and not _FUNCTION.search(line):
            following = next((w for w in window[index + 1:] if len(_LETTERS.findall(w)) >= 3), "")
            names.append((line, following))
    # Two names: the one standing above its function line signed ("Dirk Hilbert" typed for the
    # mayor, "Detlef Sittel / Erster Bürgermeister" signed for him).
    signed = next((name for name, following in names if _OFFICE.search(following)), None)
    return signed or (names[0][0] if names else None)


_NOTED = re.compile(r"^Kenntnisnahme", re.IGNORECASE)


def _scrawled(line: str) -> bool:
    """A name as OCR read it beside a signature ("DirRHilbert", "Din< Hilbert", "Detlef Sitte!"):
    at most three words, no digits, nearly all letters, a capital or a stray mark first."""
    words = line.split()
    if not 1 <= len(words) <= 3 or len(line) > 30 or re.search(r"\d", line):
        return False
    letters = len(_LETTERS.findall(line))
    return letters >= 5 and letters >= 0.75 * len(line.replace(" ", "")) and (
        line[-1:].isalpha() or line.endswith("!")) and any(c.isupper() for c in line[1:] + line[:1])


_OFFICE = re.compile(r"bürgermeister|beigeordnete|leiter|minister|senator|präsident|direktor"
                     r"|dezernent|landrat|staatssekretär", re.IGNORECASE)


# A name as OCR prints it ("Dir/Hilbert", "Dirk Hi bert"): letters, at most four words.
_PRINTED_NAME = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:[ /.\-]+[A-ZÄÖÜa-zäöüß][a-zäöüß]*){1,3}$")


def closing_junk(lines: list[str], closing: int) -> int:
    """The first line of what OCR made of the signature area right above the closing formula
    ("M" / "DM" / "ihen Grüßen", "reundic" / "Dirk Hi bert" / "n Grüßen"): up to three short
    lines without digits or sentence ends, after a line that ends a sentence."""
    start = closing
    for index in range(closing - 1, max(-1, closing - 8), -1):
        text = lines[index].strip()
        if not text:
            continue
        if len(text) > 20 or re.search(r"[\d.!?:;,]$|\d", text) or closing - index > 6:
            break
        start = index
    if start == closing or sum(1 for line in lines[start:closing] if line.strip()) > 3:
        return closing
    above = next((lines[k].strip() for k in range(start - 1, -1, -1) if lines[k].strip()), "")
    return start if re.search(r"[.!?:)]$", above) else closing


# --- page furniture -------------------------------------------------------------------------

PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—•·*]\s*\d{1,3}\s*[-–—•·*]|(?:Seite|Blatt)\s*\d{1,3}(?:\s*(?:von|/)\s*\d{1,3})?"
    r"|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$", re.IGNORECASE)
# Footer and letterhead lines: addresses, phone numbers, bank details, the mayor's office.
FOOTER = re.compile(
    r"^\s*(?:(?:Telefon|Tel\.|Telefax|Fax|E-Mail|Internet|Web)\s*:?\s*[\d(+w]"
    r"|(?:Bankverbindung|IBAN|BIC|Konto|Kto\.?|BLZ|Ostsächsische\s+Sparkasse|Steuer-?Nr|USt-?Id)"
    r"|Zugang\s+für\s+(?:elektronisch|verschlüsselte)|Postanschrift|Besucheranschrift|Postfach\s+\d"
    r"|Hausanschrift|Dienstgebäude|Sprechzeiten|Öffnungszeiten|www\.\S+\s*$|\S+@\S+\.\w+\s*$"
    r"|Haltestelle|Straßenbahn|Buslinie|Informationen\s+zum\s+Datenschutz"
    r"|Kein\s+Zugang\s+für\s+elektronisch"
    # a Drucksache's footnote on page 1 and the printer's lines on the last page
    r"|Die\s+Drucksache\s+enthält\s+zusätzlich|Die\s+Antwort\s+wurde\s+namens\s+de[rs]\s+"
    r"|vom\s+\d{1,2}\.\s*\w+\s+\d{4}\s+übermittelt\.\s*$|Gesamtherstellung:|Vertrieb:\s+\w+|ISSN\s+\d{4}-)",
    re.IGNORECASE)
# A Drucksache's running header ("Drucksache 21/129 – 2 – Deutscher Bundestag – 21. Wahlperiode").
PAPER_HEADER = re.compile(
    r"Drucksache\s+\d+/\d+.*[–-]\s*\d+\s*[–-]|[–-]\s*\d+\s*[–-].*Drucksache\s+\d+/\d+"
    r"|^\s*Deutscher\s+Bundestag\s*[–-]\s*\d+\.\s*Wahlperiode\s*[–-]\s*\d+\s*[–-]\s*Drucksache")


@dataclass
class Furniture:
    """Lines to drop from the body: the header's letterhead lines (repeated on later pages)."""

    letterhead: set[str] = field(default_factory=set)

    def is_furniture(self, line: str, after_break: bool) -> bool:
        text = line.strip()
        if not text:
            return False
        if PAGE_NUMBER.match(text) and not text.isdigit():
            return True
        if PAPER_HEADER.search(text) or FOOTER.match(text):
            return True
        return after_break and (text in self.letterhead or text.isdigit())


def drop_furniture(lines: list[str], header: list[str]) -> tuple[list[str], list[str]]:
    """The body lines without page furniture; the removed lines. A line that repeats a line of
    the letterhead (or is a bare number) counts only right after a page break (form feed or a
    page number) or right before one."""
    furniture = Furniture({line.strip() for line in header if len(line.strip()) >= 4})
    kept: list[str] = []
    removed: list[str] = []
    after_break = False
    window = 0
    for line in lines:
        text = line.strip()
        if "\f" in line:
            after_break, window = True, 12
            kept.append(line)
            continue
        if not text:
            kept.append(line)
            continue
        if furniture.is_furniture(line, after_break and window > 0):
            removed.append(text)
            if PAGE_NUMBER.match(text):
                after_break, window = True, 12
            continue
        window = max(0, window - 1)
        if window == 0:
            after_break = False
        kept.append(line)
    return kept, removed
