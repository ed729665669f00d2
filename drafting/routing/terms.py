"""Competence catalogue matching: catalogue terms found in analysed text.

A catalogue term is a single word ("Einbürgerung", "Kita-Platz", "E-Akte") or a phrase
("medienbruchfreie Bearbeitung"). A word matches a token, best first:

* exactly, by stem of the lemma ("Anträge" -> "Antrag"), also as a hyphen part
  ("Kita-Plätze" contains "Kita"), or as the word a noun is derived from ("eingebürgert"
  -> "Einbürgerung", "klimaneutral" -> "Klimaneutralität");
* inside a compound, on folded strings: as the head at the end ("Arbeitsplatz|rechner",
  inflected: "-anträge"), as the modifier at the start ("Einbürgerungs|antrag", Fugen-s
  allowed) or in the middle;
* partly: a noun in the text and a compound term share a part in the same role ("Neubau"
  is the head of "Schulneubau", "Telefon" the modifier of both "Telefonsysteme" and
  "Telefonanlage"), weighted lower, divided by the number of unit families whose terms
  have that part ("Stelle" in "Vergabestelle", "Stabsstelle", ... says little) and by how
  common the part is in general German (``Analyzer.specificity``).

A term at the start of a compound counts more when the rest is an everyday word
("Masern|fälle", "Stadion|vertrag": the modifier carries the meaning). Verbs are weaker
evidence than nouns ("gepflegt" for "Pflege"); prefixed strong verbs find their ablaut
noun ("zugezogen" -> "Zuzug"), "-ist" words their "-ismus" ("Touristen" -> "Tourismus").
A noun and a nearby verb match the compound of both ("Bäume ... gepflanzt" ->
"Baumpflanzung", "ausgeschriebene Stellen" -> "Stellenausschreibung"), which then
explains the verb.

Guards against false friends: a short left remainder must be a known word ("Trans|port"
is no "Sport"), derivational endings are not inflection ("Steuer|ung",
"Wirtschaft|lichkeit"), participles are no compounds ("ausge|wiesen" is no "Wiese"), a
known word that is not the term does not match ("Empfänger" is not "Empfang", "parken"
not "Park"), and only the plural umlaut near the end is ignored ("Förderung" is not
"Forderung"). If one unit lists a plural and another the singular of the same word, the
number in the text decides ("Haushalte" vs. "Haushalt").

Phrases match consecutive content tokens (stop words skipped) by stem, also inside a
hyphenated compound ("Social-Media-Kanäle"); an adjective + noun phrase also matches
with the adjective nearby in another position ("Stellen ... unbesetzt").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from drafting.routing.text import (
    ABLAUT_NOUNS,
    FOLD_TABLE,
    Analyzer,
    CompoundSplitter,
    TokenInfo,
    fold,
    stem,
    umlaut_conflict,
    verb_nouns,
)

# Endings a word may carry after a matched term (inflection, feminine forms).
INFLECTIONS = frozenset(
    {"", "e", "en", "n", "s", "es", "er", "ern", "ns", "nen", "in", "innen", "em"}
)
# Endings that turn the term into a different word ("Steuer" -> "Steuerung").
DERIVATIONS = frozenset(
    {
        "ung", "ungen", "ungs", "heit", "keit", "lich", "liche", "lichen", "licher",
        "lichem", "isch", "ische", "ischen", "ig", "ige", "igen", "iger", "bar", "bare",
        "baren", "schaft", "schaften", "los", "lose", "losen", "ei", "erei", "chen",
        "ler", "ling", "nis", "sam", "haft", "ieren", "iert", "ierte", "ierung",
        "lichkeit", "lichkeiten", "igkeit", "igkeiten",
    }
)
# Left remainders that are prefixes of derived words, not compound modifiers.
PREFIXES = frozenset(
    {
        "ver", "ent", "zer", "aus", "bei", "ein", "vor", "nach", "auf", "mit", "uber",
        "unter", "gegen", "miss", "durch", "hinter", "wieder", "neben", "zuruck",
        "voraus", "heraus",
    }
)
_VOWELS = frozenset("aeiouy")

# Heads of street and place names.
STREET_WORDS = ("strasse", "platz", "allee", "gasse", "weg", "ring", "ufer", "chaussee")

MIN_EDGE_KEY = 4  # shortest term matched at the start or end of a compound
MIN_INFIX_KEY = 5  # shortest term matched in the middle of a compound
MIN_REST = 3  # shortest remaining compound part
MIN_PART = 4  # shortest compound part used for partial matches

Q_EXACT, Q_HYPHEN_PART, Q_DERIVED = 1.0, 0.9, 0.8
Q_HEAD, Q_MODIFIER, Q_INFIX = 0.9, 0.6, 0.5
Q_GENERIC_HEAD = 0.9  # modifier before an everyday head ("Masern|fälle")
Q_VERB_FORM = 0.3  # lowercase word for a noun term ("gepflegt" for "Pflege")
Q_VERB_DERIVED = 0.65  # verb or adjective for a derived noun ("eingebürgert", "klimaneutral")
Q_VERB_NOUN = 0.8  # verb for its ablaut action noun ("zugezogen" for "Zuzug")
Q_VERB_COMPOUND = 0.8  # noun + verb for a compound ("Bäume gepflanzt": "Baumpflanzung")
VERB_WINDOW = 6  # content tokens between the noun and the verb
Q_LOOSE_PHRASE = 0.7  # "unbesetzte Stellen" as "Stellen ... unbesetzt"
Q_OTHER_NUMBER = 0.5  # "Haushalt" in "Haushalte" when another unit lists "Haushalte"
# partial matches by (role in the text, role in the term): H head, M modifier, W simple word
Q_PARTIAL = {("H", "H"): 0.3, ("W", "H"): 0.3, ("M", "M"): 0.2, ("W", "M"): 0.12}


@dataclass(frozen=True, slots=True)
class Term:
    id: int
    text: str  # as written in the catalogue
    unit: str
    key: str  # folded lemma of a single-word term, "" for phrases
    key_u: str  # lemma, lowercase with umlauts
    stems: tuple[str, ...]
    weight: float  # specificity: lower when many unit families list the same term


@dataclass(frozen=True, slots=True)
class TermHit:
    term: Term
    quality: float  # 1.0 exact, less for compound parts; times the position weight
    surface: str  # the text token that matched
    part: str = ""  # for partial hits: the shared compound part (stem)


def _has_vowel(s: str) -> bool:
    return any(c in _VOWELS for c in s)


def _derivation_base(key: str) -> str:
    """The verb or adjective a noun term is derived from: "einburgerung" -> "einburger"
    (eingebürgert), "klimaneutralitat" -> "klimaneutral", "barrierefreiheit" ->
    "barrierefrei". Adjective bases need seven letters ("Sicherheit" is not "sicher")."""
    if key.endswith("ung") and len(key) >= 7:
        return key[:-3]
    for suffix in ("itat", "heit", "keit"):
        if key.endswith(suffix) and len(key) - len(suffix) >= 7:
            return key[: -len(suffix)]
    if key.endswith("ismus") and len(key) >= 9:
        return key[:-5] + "ist"  # "tourismus" -> "tourist" (Touristen, touristisch)
    return ""


def _token_derivation_stem(key: str) -> str:
    """The -ist noun behind adjectives and feminine forms: "touristisch" -> "tourist",
    "touristinnen" -> "tourist" (matched against ``_derivation_base`` of "-ismus")."""
    for suffix in ("istisch", "istische", "istischen", "istischer", "istisches",
                   "istin", "istinnen"):
        if key.endswith(suffix) and len(key) - len(suffix) >= 4:
            return key[: -len(suffix)] + "ist"
    return ""


def _head_verb(head: str) -> str:
    """The verb or adjective stem a compound's head is derived from: "pflanzung" ->
    "pflanz", "attraktivitat" -> "attraktiv", "vergabe" -> "vergab" (compared with
    ``verb_nouns`` of the text verb), "" for other nouns."""
    base = _derivation_base(head)
    if base:
        return stem(base)
    if head.endswith(_ABLAUT_HEADS):
        return stem(head)
    return ""


_ABLAUT_HEADS = tuple(sorted({*ABLAUT_NOUNS.values()} | {n + "e" for n in ABLAUT_NOUNS.values()}))


def _drop_contained(found: dict[int, float], terms: list[Term]) -> dict[int, float]:
    """In one token, a term inside a longer matched term does not count again
    ("Einbürgerungsantrag" matched: "Einbürgerung" is dropped)."""
    keys = {terms[t].key for t, q in found.items() if q >= Q_MODIFIER}
    return {
        t: q
        for t, q in found.items()
        if not any(terms[t].key != k and terms[t].key in k for k in keys)
    }


class TermIndex:
    """Inverted indexes over catalogue terms."""

    def __init__(self, analyzer: Analyzer, entries: Iterable[tuple[str, str, str]]) -> None:
        """``entries``: (unit code, term text, family) with family = the office a unit
        belongs to; a term listed by several units of one family counts once for its
        specificity."""
        self.analyzer = analyzer
        self.terms: list[Term] = []
        self.warnings: list[str] = []
        parsed = []
        for unit, text, family in entries:
            result = self._parse(unit, text)
            if result is not None:
                parsed.append((unit, text, family, *result))
        keys = {p[3] for p in parsed if p[3]}
        self.splitter = CompoundSplitter(analyzer.lexicon, keys)
        families: dict[tuple[str, ...], set[str]] = {}
        part_families: dict[str, set[str]] = {}
        term_parts: list[tuple[str, ...]] = []
        for _unit, _text, family, key, _key_u, stems in parsed:
            families.setdefault(stems, set()).add(family)
            parts = self.splitter.split(key) if key else ()
            parts = tuple(stem(p) for p in parts) if len(parts) > 1 else ()
            term_parts.append(parts)
            for part in parts:
                part_families.setdefault(part, set()).add(family)
        n_families = max(2, len({p[2] for p in parsed}))

        def specificity(df: int) -> float:
            return math.log(1 + n_families / df) / math.log(1 + n_families)

        self._part_weight = {
            p: analyzer.specificity(p) / len(f) for p, f in part_families.items()
        }
        self._exact: dict[str, list[int]] = {}
        self._derived: dict[str, list[int]] = {}
        self._keys: dict[str, list[int]] = {}
        self._partials: dict[str, list[tuple[int, str]]] = {}
        self._phrases: dict[tuple[str, ...], list[tuple[int, tuple[str, ...]]]] = {}
        # (modifier stem, verb stem of the head) -> compound terms whose head is an
        # action noun: "Baumpflanzung" for "Bäume ... gepflanzt"
        self._verb_compounds: dict[tuple[str, str], list[int]] = {}
        self._loose: dict[str, list[tuple[int, str]]] = {}  # noun stem -> (term, adjective)
        for (unit, text, _family, key, key_u, stems), parts in zip(
            parsed, term_parts, strict=True
        ):
            term = Term(
                len(self.terms), text, unit, key, key_u, stems,
                specificity(len(families[stems])),
            )
            self.terms.append(term)
            if not key:
                self._phrases.setdefault(stems[:2], []).append((term.id, stems))
                words = text.split()
                if len(stems) == 2 and len(words) == 2 and words[0][:1].islower():
                    # "unbesetzte Stellen" also as "Stellen ... unbesetzt"
                    self._loose.setdefault(stems[1], []).append((term.id, stems[0]))
                continue
            self._exact.setdefault(stems[0], []).append(term.id)
            base = _derivation_base(key)
            if base:
                self._derived.setdefault(stem(base), []).append(term.id)
            if len(key) >= MIN_EDGE_KEY:
                self._keys.setdefault(key, []).append(term.id)
            for position, part in enumerate(parts):
                if len(part) < MIN_PART:
                    continue
                role = "H" if position == len(parts) - 1 else "M"
                self._partials.setdefault(part, []).append((term.id, role))
            if len(parts) > 1:
                verb = _head_verb(self.splitter.split(key)[-1])
                if verb:
                    self._verb_compounds.setdefault((parts[-2], verb), []).append(term.id)
        self._key_lengths = sorted({len(k) for k in self._keys})
        self._compound_cache: dict[str, tuple[tuple[int, float], ...]] = {}
        self._token_cache: dict[tuple[str, str], tuple] = {}

    def _parse(self, unit: str, text: str):
        tokens = self.analyzer.tokens(text)
        content = [t for t in tokens if not t.is_stop]
        if not content:
            what = f"Begriff '{text}'" if tokens else "Leerer Begriff"
            self.warnings.append(
                f"{what} bei {unit} besteht nur aus Stoppwörtern und wird ignoriert."
                if tokens
                else f"{what} bei {unit} wird ignoriert."
            )
            return None
        if len(content) == 1:
            tok = content[0]
            if not tok.is_word:
                self.warnings.append(f"Begriff '{text}' bei {unit} enthält kein Wort.")
                return None
            return tok.key, tok.key_u, (tok.stem,)
        return "", "", tuple(t.stem for t in content)

    # -- matching ------------------------------------------------------------------------

    def parts(self, tok: TokenInfo) -> tuple[str, ...]:
        """Stems of the compound parts of a token (empty if it is no compound)."""
        parts = self.splitter.split(tok.key)
        if len(parts) < 2:
            return ()
        return tuple(stem(p) for p in parts)

    def match(
        self, tokens: list[TokenInfo], weights: list[float] | None = None
    ) -> dict[int, TermHit]:
        """Best hit per term id in a sequence of content tokens; ``weights`` (one per
        token, default 1) scale the quality of hits by the token's position."""
        hits: dict[int, TermHit] = {}
        terms, phrases = self.terms, self._phrases
        cache = self._token_cache
        n = len(tokens)
        pairs: list[tuple[TokenInfo, float, TokenInfo, float]] = []
        for i, tok in enumerate(tokens):
            weight = weights[i] if weights is not None else 1.0
            previous = tokens[i - 1] if i else None
            key = (tok.surface, previous.surface if previous else "")
            result = cache.get(key)
            if result is None:
                result = self._match_one(tok, previous)
                if len(cache) > 100_000:
                    cache.clear()
                cache[key] = result
            found, partial = result
            for term_id, quality in found:
                quality *= weight
                old = hits.get(term_id)
                if old is None or old.part or old.quality < quality:
                    hits[term_id] = TermHit(terms[term_id], quality, tok.surface)
            for term_id, quality, part in partial:
                quality *= weight
                old = hits.get(term_id)
                if old is None or (old.part and old.quality < quality):
                    hits[term_id] = TermHit(terms[term_id], quality, tok.surface, part)
            if i + 1 < n:
                for term_id, stems in phrases.get((tok.stem, tokens[i + 1].stem), ()):
                    end = i + len(stems)
                    if end <= n and all(
                        tokens[i + k].stem == stems[k] for k in range(2, len(stems))
                    ):
                        quality = Q_EXACT * weight
                        old = hits.get(term_id)
                        if old is None or old.quality < quality:
                            hits[term_id] = TermHit(terms[term_id], quality, terms[term_id].text)
            parts = tok.part_stems
            for j in range(len(parts) - 1):
                # "Social-Media-Kanäle" contains the phrase "Social Media"
                for term_id, stems in phrases.get((parts[j], parts[j + 1]), ()):
                    if tuple(parts[j : j + len(stems)]) == stems:
                        quality = Q_EXACT * weight
                        old = hits.get(term_id)
                        if old is None or old.quality < quality:
                            hits[term_id] = TermHit(terms[term_id], quality, tok.surface)
            if self._loose and tok.surface[:1].isupper():
                for term_id, adjective in self._loose.get(tok.stem, ()):
                    lo, hi = max(0, i - VERB_WINDOW), min(n, i + VERB_WINDOW + 1)
                    for j in range(lo, hi):
                        other = tokens[j]
                        if j != i and adjective in (other.stem, stem(other.surface_key)):
                            quality = Q_LOOSE_PHRASE * weight
                            old = hits.get(term_id)
                            if old is None or old.part or old.quality < quality:
                                surface = f"{tok.surface} … {other.surface}"
                                hits[term_id] = TermHit(terms[term_id], quality, surface)
                            break
            if self._verb_compounds and not tok.surface[:1].isupper():
                lo, hi = max(0, i - VERB_WINDOW), min(n, i + VERB_WINDOW + 1)
                pairs.extend(
                    (tokens[j], weights[j] if weights is not None else 1.0, tok, weight)
                    for j in range(lo, hi)
                    if j != i and tokens[j].surface[:1].isupper()
                )
        if pairs:
            self._match_verb_compounds(pairs, hits)
        return hits

    def _match_verb_compounds(
        self, pairs: list[tuple[TokenInfo, float, TokenInfo, float]], hits: dict[int, TermHit]
    ) -> None:
        """A noun and a verb near each other match a compound of the noun and the verb's
        action noun: "Bäume ... gepflanzt" -> "Baumpflanzung", "Aufträge ... vergeben"
        -> "Auftragsvergabe", "Gewerbe ... abgemeldet" -> "Gewerbeabmeldung". The
        compound explains the verb: a shorter term the verb alone matched is dropped
        ("ausgeschriebene Stellen" is a "Stellenausschreibung", no "Ausschreibung")."""
        terms = self.terms
        explained: dict[str, list[str]] = {}
        for noun, noun_weight, verb, verb_weight in pairs:
            for verb_stem in (verb.stem, *verb_nouns(verb.key)):
                for term_id in self._verb_compounds.get((noun.stem, verb_stem), ()):
                    quality = Q_VERB_COMPOUND * max(noun_weight, verb_weight)
                    explained.setdefault(verb.surface, []).append(terms[term_id].key)
                    old = hits.get(term_id)
                    if old is None or old.part or old.quality < quality:
                        surface = f"{noun.surface} … {verb.surface}"
                        hits[term_id] = TermHit(terms[term_id], quality, surface)
        for term_id, hit in list(hits.items()):
            key = hit.term.key
            if key and any(key in k and key != k for k in explained.get(hit.surface, ())):
                del hits[term_id]

    def _match_one(self, tok: TokenInfo, previous: TokenInfo | None):
        if self._is_street_name(tok, previous):
            return (), ()
        found = self._match_token(tok)
        partial = self._match_parts(tok, found) if self._partials else {}
        return (
            tuple(found.items()),
            tuple((term_id, q, part) for term_id, (q, part) in partial.items()),
        )

    def _is_street_name(self, tok: TokenInfo, previous: TokenInfo | None) -> bool:
        """Addresses are no topic: "Königsbrücker Straße", "Louisenstraße", "Wiener Platz"
        (a street word after a place adjective, or behind a modifier of at least four
        letters that is no known word). Catalogue terms ("Gehweg") are never names."""
        for street in STREET_WORDS:
            if tok.key == street or tok.key == street + "n":
                return (
                    previous is not None
                    and previous.surface[:1].isupper()
                    and previous.key.endswith("er")
                    and not previous.is_stop
                )
            if tok.stem in self._exact:
                return False
            if tok.key.endswith(street) and len(tok.key) >= len(street) + 4:
                modifier = tok.key[: -len(street)]
                return self.splitter.modifier(modifier) is None
        return False

    def _match_token(self, tok: TokenInfo) -> dict[int, float]:
        terms = self.terms
        found: dict[int, float] = {}
        for term_id in self._exact.get(tok.stem, ()):
            term = terms[term_id]
            if tok.key_u != term.key_u and (
                umlaut_conflict(tok.key_u, term.key_u)
                or self.analyzer.is_other_word(tok.key_u, term.key_u)
            ):
                continue
            lowercase_form = tok.key != term.key and tok.surface[:1].islower()
            found[term_id] = (
                Q_VERB_FORM if lowercase_form and term.text[:1].isupper() else Q_EXACT
            )
        exact = list(found)
        for part in tok.part_stems:
            for term_id in self._exact.get(part, ()):
                found.setdefault(term_id, Q_HYPHEN_PART)
        derived_quality = Q_DERIVED if tok.surface[:1].isupper() else Q_VERB_DERIVED
        for term_id in self._derived.get(tok.stem, ()):
            if not umlaut_conflict(tok.key_u, terms[term_id].key_u):
                found.setdefault(term_id, derived_quality)
        derived = _token_derivation_stem(tok.key)
        for term_id in self._derived.get(derived, ()) if derived else ():
            found.setdefault(term_id, Q_DERIVED)
        if not tok.surface[:1].isupper():
            for noun in verb_nouns(tok.key):
                for term_id in self._exact.get(noun, ()):
                    found.setdefault(term_id, Q_VERB_NOUN)
        if self._keys:
            for word in {tok.surface_u, tok.key_u}:
                for term_id, quality in self._compounds(word):
                    if found.get(term_id, 0.0) < quality:
                        found[term_id] = quality
        if len({terms[t].unit for t in exact}) > 1:
            # one unit lists the plural, another the singular ("Haushalte" of the
            # statistics office, "Haushalt" of the treasury): the text's number decides
            same = [t for t in exact if fold(terms[t].text) == tok.surface_key]
            if same and len(same) < len(exact):
                for term_id in exact:
                    if term_id not in same:
                        found[term_id] *= Q_OTHER_NUMBER
        if tok.surface[:1].islower():
            for term_id, quality in found.items():
                term = terms[term_id]
                if quality >= Q_EXACT and term.key != tok.key and term.text[:1].isupper():
                    # a verb for a noun term: "gepflegt" is weak evidence for "Pflege"
                    found[term_id] = Q_VERB_FORM
        if len(found) > 1:
            found = _drop_contained(found, terms)
        return found

    def _match_parts(
        self, tok: TokenInfo, found: dict[int, float]
    ) -> dict[int, tuple[float, str]]:
        """Terms sharing a compound part with a noun of the text."""
        out: dict[int, tuple[float, str]] = {}
        if not tok.surface[:1].isupper():
            return out
        if any(q >= Q_HEAD for q in found.values()):
            return out  # "Schulsozialarbeit" is a term: its "Schul-" says nothing more
        matched_units = {self.terms[t].unit for t in found}
        parts = self.parts(tok)
        roles = [("M", p) for p in parts[:-1]] + [("H", parts[-1])] if parts else []
        roles = roles or [("W", tok.stem)]
        for text_role, part in roles:
            if len(part) < MIN_PART:
                continue
            weight = self._part_weight.get(part, 0.0)
            for term_id, term_role in self._partials.get(part, ()):
                if term_id in found or self.terms[term_id].unit in matched_units:
                    continue
                quality = Q_PARTIAL.get((text_role, term_role), 0.0) * weight
                if quality and (term_id not in out or out[term_id][0] < quality):
                    out[term_id] = (quality, part)
        return out

    def _head_specificity(self, rest: str) -> float:
        """General-language specificity of a compound's remainder after a matched
        modifier, Fugen element skipped ("s|antrage" -> "Antrag")."""
        candidates = [rest]
        if rest[:1] in ("s", "n") and len(rest) > 4:
            candidates.append(rest[1:])
        if rest[:2] in ("es", "en", "er") and len(rest) > 5:
            candidates.append(rest[2:])
        best = 1.0
        for candidate in candidates:
            best = min(best, self.analyzer.specificity(stem(candidate)))
        return best

    def _compounds(self, word_u: str) -> tuple[tuple[int, float], ...]:
        """Terms inside a compound; ``word_u`` lowercase with umlauts."""
        cached = self._compound_cache.get(word_u)
        if cached is not None:
            return cached
        word = word_u.translate(FOLD_TABLE)
        found: dict[int, float] = {}
        size = len(word)
        keys, terms = self._keys, self.terms
        for start in range(size - MIN_EDGE_KEY + 1):
            if start:
                left = word[:start]
                if start < MIN_REST or left in PREFIXES or not _has_vowel(left):
                    continue
                if left.endswith("ge") and (left == "ge" or left[:-2] in PREFIXES):
                    continue  # participles: "ausge|wiesen" is no "Wiese"
                if start <= 4 and self.splitter.modifier(left) is None:
                    continue
            for length in self._key_lengths:
                end = start + length
                if end > size:
                    break
                ids = keys.get(word[start:end])
                if not ids:
                    continue
                rest = word[end:]
                if rest in INFLECTIONS:
                    quality = Q_EXACT if start == 0 else Q_HEAD
                elif len(rest) >= MIN_REST and rest not in DERIVATIONS and _has_vowel(rest):
                    if start and length < MIN_INFIX_KEY:
                        continue
                    if start:
                        quality = Q_INFIX
                    else:
                        # the modifier carries the meaning when the head is an everyday
                        # word: "Masern|fälle", "Stadion|vertrag"
                        quality = Q_MODIFIER + (Q_GENERIC_HEAD - Q_MODIFIER) * (
                            1.0 - self._head_specificity(rest)
                        )
                else:
                    continue
                for term_id in ids:
                    term = terms[term_id]
                    if umlaut_conflict(word_u[start:end], term.key_u):
                        continue
                    if rest and rest in INFLECTIONS and self.analyzer.is_other_word(
                        word_u[start:], term.key_u
                    ):
                        continue
                    if found.get(term_id, 0.0) < quality:
                        found[term_id] = quality
        result = tuple(found.items())
        if len(self._compound_cache) > 200_000:
            self._compound_cache.clear()
        self._compound_cache[word_u] = result
        return result
