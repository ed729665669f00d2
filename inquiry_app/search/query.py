"""Reading what a user typed into a search: words, phrases in quotes and inquiry numbers,
normalised like the documents (:mod:`inquiry_app.search.text`), with everything else
(operators, brackets, SQL, regex or FTS syntax) dropped and a German message saying so.

The parsed query is engine-neutral; :func:`fts5_match` and :func:`tsquery_groups` write it
for SQLite FTS5 and PostgreSQL. Both see only ``[a-z0-9]`` words, so nothing the user typed
reaches an engine's query syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inquiry_app.search.text import NUMBER, normaliser

#: longer queries are cut (they are pasted text, not a search)
MAX_CHARS = 300
#: at most this many words and phrases are searched
MAX_GROUPS = 12
_QUOTES = re.compile(r"[\"„“”«»‚‘’‹›]([^\"„“”«»‚‘’‹›]*)[\"„“”«»‚‘’‹›]")
_QUOTE_CHARS = re.compile(r"[\"„“”«»‚‘’‹›]")
#: what a German query may contain without comment; anything else is dropped with a message
_PLAIN = re.compile(r"[\w\s.,;:!?§/'’()\-–„“\"”«»‚‘]", re.UNICODE)
_BARE_NUMBER = re.compile(r"(?<![\w/])(\d{1,6})\s?/\s?(\d{2,4})\b")
_OPERATORS = re.compile(r"(?<!\w)(AND|OR|NOT|NEAR|UND|ODER|NICHT)(?!\w)")
#: "-Wort" at the start of a word: texts with the word are left out
_EXCLUDED = re.compile(r"(?<!\S)-(?=\w)(\S+)")


@dataclass(frozen=True)
class Group:
    """One word of the query (its key, or for a compound its key or all its parts) or one
    phrase (its keys in order)."""

    keys: tuple[str, ...]
    parts: tuple[str, ...] = ()
    phrase: bool = False

    @property
    def terms(self) -> tuple[str, ...]:
        return self.keys + self.parts


@dataclass
class ParsedQuery:
    groups: list[Group] = field(default_factory=list)
    message: str | None = None
    #: words after "-": a text containing one of them is no hit
    excluded: list[Group] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups

    def terms(self) -> set[str]:
        """Every normalised term of the query (for highlighting)."""
        return {t for g in self.groups for t in g.terms}


def parse(text: str) -> ParsedQuery:
    notes: list[str] = []
    text = (text or "").replace("\x00", " ")
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        notes.append(f"Die Suchanfrage war zu lang; gesucht wurde nach den ersten {MAX_CHARS} "
                     "Zeichen.")
    odd = {c for c in text if not _PLAIN.fullmatch(c)}
    if odd:
        shown = " ".join(sorted(odd)[:6])
        notes.append(f"Sonderzeichen ({shown}) werden bei der Suche nicht beachtet.")
        text = "".join(" " if c in odd else c for c in text)
    if _OPERATORS.search(text):
        notes.append("Suchoperatoren wie AND, OR oder NOT werden nicht unterstützt; gesucht "
                     "wird nach Treffern mit allen Wörtern.")
        text = _OPERATORS.sub(" ", text)
    norm = normaliser()
    groups: list[Group] = []
    phrases = [m.group(1) for m in _QUOTES.finditer(text)]
    rest = _QUOTES.sub(" ", text)
    excluded: list[Group] = []
    for word in _EXCLUDED.findall(rest):
        for term in norm.terms(word)[0]:
            excluded.append(Group((term.key,), term.parts))
    rest = _EXCLUDED.sub(" ", rest)
    if _QUOTE_CHARS.search(rest):
        rest = _QUOTE_CHARS.sub(" ", rest)
    for phrase in phrases:
        terms, numbers = norm.terms(phrase)
        keys = tuple(t.key for t in terms) + tuple(numbers[::2])
        if len(keys) > 1:
            groups.append(Group(keys, phrase=True))
        elif keys:
            parts = terms[0].parts if terms else ()
            groups.append(Group(keys, parts))
    terms, numbers = norm.terms(rest)
    for number in numbers[::2]:  # "af1234x24" (the second term is the number without letters)
        groups.append(Group((number,)))
    for match in _BARE_NUMBER.finditer(NUMBER.sub(" ", rest)):  # "1234/24" without letters
        groups.append(Group((f"{match.group(1)}x{match.group(2)}",)))
    terms, _ = norm.terms(_BARE_NUMBER.sub(" ", rest))
    for term in terms:
        groups.append(Group((term.key,), term.parts))
    unique = list(dict.fromkeys(groups))
    if len(unique) > MAX_GROUPS:
        unique = unique[:MAX_GROUPS]
        notes.append(f"Gesucht wurde nach den ersten {MAX_GROUPS} Suchbegriffen.")
    if not unique and excluded:
        notes.append("Bitte geben Sie mindestens einen Suchbegriff ohne „-“ an; mit „-“ "
                     "ausgeschlossene Wörter allein ergeben keine Suche.")
    elif not unique and text.strip():
        notes.append("Die Suchanfrage enthält keine suchbaren Wörter (nur Satzzeichen oder "
                     "Wörter wie „und“, „der“).")
    return ParsedQuery(unique, " ".join(notes) or None,
                       list(dict.fromkeys(excluded))[:MAX_GROUPS] if unique else [])


def _fts5_group(group: Group) -> str:
    if group.phrase:
        return '"' + " ".join(group.keys) + '"'
    if group.parts:
        parts = " AND ".join(f'"{p}"' for p in group.parts)
        return f'("{group.keys[0]}" OR ({parts}))'
    return f'"{group.keys[0]}"'


def fts5_match(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression: all groups; a compound as itself or all its parts; none
    of the excluded words."""
    expression = " AND ".join(_fts5_group(g) for g in query.groups)
    if query.excluded:
        excluded = " OR ".join(_fts5_group(g) for g in query.excluded)
        expression = f"({expression}) NOT ({excluded})"
    return expression


def tsquery_groups(query: ParsedQuery, *, excluded: bool = False) -> list[list[str]]:
    """For PostgreSQL: per group, the alternatives as ``websearch_to_tsquery`` input (the
    group matches if one alternative does; all groups must match). ``excluded``: the same
    for the words after "-" (none of them may match)."""
    out = []
    for group in query.excluded if excluded else query.groups:
        if group.phrase:
            out.append(['"' + " ".join(group.keys) + '"'])
        elif group.parts:
            out.append([group.keys[0], " ".join(group.parts)])
        else:
            out.append([group.keys[0]])
    return out
