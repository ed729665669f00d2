"""German text analysis for routing: tokens -> folded lemmas, stems and compound parts.

Only the tokenizer of the shared ``spacy.blank("de")`` is used plus the German lemma lookup
table of ``spacy-lookups-data``, both from :mod:`drafting.language`; no statistical model.
Every token surface form is analysed once and cached, so repeated words cost a dictionary
lookup.

Beyond the table: inflected participles it lacks are traced to their verb
("zugezogene" -> "zuziehen"); prefixed strong verbs know their ablaut action noun
(``verb_nouns``: "zuziehen" -> "Zuzug", "vergeben" -> "Vergabe"); words cut short before a
coordination are completed ("Kita- und Schulplätze" -> "Kita-Plätze", "an- und
abgemeldet" -> "angemeldet"); and ``phrase_depths`` tells the main clause from
prepositional phrases and genitive attributes, whose nouns usually name a place, a group
or the owner rather than the matter asked about ("Masernfälle in Kitas und Schulen").

Two spellings of every word are kept: ``*_u`` is lowercase with umlauts (ß -> ss), the
folded ``key`` has umlauts replaced by their base vowels ("Anträge" and "Antrag" compare
equal). Both have the same length, so positions found in one apply to the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from drafting.language import blank_de, lemma_table, lexeme_probs

_UMLAUTS = {"ä": "a", "ö": "o", "ü": "u", "é": "e", "è": "e", "á": "a", "à": "a"}
FOLD_TABLE = str.maketrans(_UMLAUTS)
_NON_ALNUM = re.compile(r"[^0-9a-zäöüéèáà]+")
_HAS_ALPHA = re.compile(r"[^\W\d_]")
_HYPHENS = re.compile(r"[-‐‑/]")

# Question boilerplate of council inquiries that says nothing about competence.
_DOMAIN_STOP_TEXT = """
    stadt stadtverwaltung verwaltung landeshauptstadt lhd dresden dresdner dresdens
    bitte jeweils jeweilige jeweiligen bzw. bzw ggf. ggf usw. usw. z.b. sowie derzeit
    aktuell aktuelle aktuellen aktueller bisher bisherige bisherigen insgesamt
    geplant geplante geplanten vorgesehen vorgesehene plant planen vorgehen
    frage fragen antwort gegebenenfalls hinsichtlich bezüglich wievielen
"""
DOMAIN_STOP_WORDS = frozenset(_DOMAIN_STOP_TEXT.split())
# Capitalised nouns that spaCy's list treats as stop words ("recht" as in "recht gut").
_CONTENT_WHEN_CAPITALISED = frozenset({"recht", "rechte", "zeit", "teil", "ende", "tag", "tage"})

# Addressing formulas of council inquiries: whom the inquiry asks, not what it is about
# ("Ich frage daher den Oberbürgermeister:", "Wir fragen die Verwaltung:", "Ich bitte um
# Beantwortung folgender Fragen:"). The mayor named as the addressee is no evidence for the
# mayor's office; ``strip_addressing`` blanks such formulas before the analysis.
_ADDRESSEE = (
    r"(?:(?:den|die|der|dem)\s+)?(?:(?:sehr\s+)?geehrte[nrs]?\s+)?(?:(?:herrn?|frau)\s+)?"
    r"(?:(?:ober|erste[nr]?\s+)?b[üu]rgermeister(?:in|s)?|(?:stadt)?verwaltung|"
    r"landeshauptstadt(?:\s+dresden)?|stadt(?:\s+dresden)?)"
)
_ADDRESSEES = rf"{_ADDRESSEE}(?:\s+(?:und|bzw\.?|oder)\s+{_ADDRESSEE})*"
_ADVERBS = r"(?:(?:daher|deshalb|deswegen|darum|hiermit|somit|nun|also|sie)\s*,?\s+)*"
_ANSWERING = (
    r"(?:die\s+)?(?:beantwortung|auskunft|stellungnahme|mitteilung|information)"
    r"(?:\s+(?:zu\s+)?(?:der|den)?\s*(?:folgende[nr]?|nachfolgende[nr]?|nachstehende[nr]?)"
    r"\s+fragen?)?"
)
_ADDRESSING = re.compile(
    "|".join((
        # "Ich frage (daher) den Oberbürgermeister:", "Wir bitten die Verwaltung,"
        rf"\b(?:ich|wir)\s+(?:frage|fragen|bitte|bitten|ersuche|ersuchen)\s+{_ADVERBS}"
        rf"{_ADDRESSEES}\b(?:\s*[:,])?",
        # "Ich bitte (Sie) um Beantwortung folgender Fragen:"
        rf"\b(?:ich|wir)\s+(?:bitte|bitten|ersuche|ersuchen)\s+{_ADVERBS}(?:sie\s+)?um\s+"
        rf"{_ANSWERING}\b(?:\s*[:,.])?",
        # "Der Oberbürgermeister wird (gemäß § 2 …) gebeten", "bittet den Oberbürgermeister"
        rf"\b{_ADDRESSEES}\s+(?:wird|werden)\b(?=[^.?!\n]{{0,120}}\b(?:gebeten|ersucht)\b)",
        rf"\b(?:bittet|ersucht|fragt)\s+{_ADDRESSEES}\b(?:\s*,)?",
        # the salutation "Sehr geehrter Herr Oberbürgermeister," and ", Herr Oberbürgermeister,"
        r"\bsehr\s+geehrte[rn]?\s+(?:herr|frau)\s+(?:ober)?b[üu]rgermeister(?:in)?\b\s*,?",
        r"(?<=,)\s*(?:herr|frau)\s+(?:ober)?b[üu]rgermeister(?:in)?\s*(?=,)",
    )),
    re.IGNORECASE,
)


def strip_addressing(text: str) -> str:
    """``text`` with the addressing formulas (see ``_ADDRESSING``) blanked out; everything
    else stays where it was (the formula is replaced by spaces of its length)."""
    if not text:
        return text
    return _ADDRESSING.sub(lambda m: " " * len(m.group(0)), text)



def lower_clean(text: str) -> str:
    """Lowercase, ß -> ss, everything but letters (umlauts kept) and digits removed."""
    return _NON_ALNUM.sub("", text.lower().replace("ß", "ss"))


def fold(text: str) -> str:
    """``lower_clean`` with umlauts folded to their base vowels (same length)."""
    return lower_clean(text).translate(FOLD_TABLE)


def stem(folded: str) -> str:
    """Light German suffix stripping in the spirit of CISTEM (Weissweiler & Fraser 2017).

    Strips -em, -er, -nd and then -e, -s, -n repeatedly, keeping at least four characters.
    Applied to both catalogue terms and text, so only consistency matters.
    """
    word = folded
    while len(word) > 4:
        if len(word) > 5 and word[-2:] in ("em", "er", "nd"):
            word = word[:-2]
        elif word[-1] in "esn":
            word = word[:-1]
        else:
            break
    return word


def umlaut_conflict(text_u: str, term_u: str) -> bool:
    """True if two words equal after folding differ by an umlaut that is not the plural
    umlaut near the end ("Anträge"/"Antrag" fine, "Förderung"/"Forderung" a conflict)."""
    tail = len(term_u) - 5
    for k, (a, b) in enumerate(zip(text_u, term_u, strict=False)):
        if a == b:
            continue
        if _UMLAUTS.get(a) == b:
            if k < tail:
                return True
        elif _UMLAUTS.get(b) == a:
            return True
    return False


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """One analysed token."""

    surface: str
    lemma: str
    key: str  # folded lemma, hyphens removed ("Kita-Plätze" -> "kitaplatz")
    key_u: str  # lemma, lowercase with umlauts
    surface_key: str  # folded surface ("kitaplatze")
    surface_u: str  # surface, lowercase with umlauts ("kitaplätze")
    stem: str
    part_stems: tuple[str, ...]  # stems of hyphen parts, empty if not hyphenated
    is_stop: bool
    is_word: bool  # contains a letter


class Analyzer:
    """Tokenizer + lookup lemmatizer + folding/stemming with per-surface caching."""

    def __init__(self) -> None:
        self.nlp = blank_de()
        self._lemmas = lemma_table()
        self.stop_words = frozenset(self.nlp.Defaults.stop_words) | DOMAIN_STOP_WORDS
        self._cache: dict[str, TokenInfo] = {}

    @cached_property
    def lemma_set(self) -> frozenset[str]:
        """Known lemmas, lowercase with umlauts."""
        return frozenset(v.lower().replace("ß", "ss") for v in self._lemmas.values())

    @cached_property
    def lexicon(self) -> frozenset[str]:
        """All known word forms and lemmas, folded (for compound splitting)."""
        words = {fold(k) for k in self._lemmas}
        words.update(fold(v) for v in self._lemmas.values())
        return frozenset(w for w in words if len(w) >= 3)

    @cached_property
    def _common_stems(self) -> dict[str, float]:
        """Stems of frequent nouns -> log probability (spacy-lookups-data ``lexeme_prob``)."""
        out: dict[str, float] = {}
        for word, logprob in lexeme_probs().items():
            if logprob > _RARE_LOGPROB and len(word) >= 3 and word[:1].isupper():
                key = stem(fold(word))
                if logprob > out.get(key, -100.0):
                    out[key] = logprob
        return out

    def specificity(self, word_stem: str) -> float:
        """0.15 for everyday nouns ("Stelle", "Kosten", "Ende") up to 1.0 for rare ones
        ("Notfall", "Gewerbe", unknown words): general-language IDF."""
        logprob = self._common_stems.get(word_stem)
        if logprob is None:
            return 1.0
        return min(1.0, max(0.15, (-logprob - 8.0) / 3.5))

    def all_tokens(self, text: str) -> list[TokenInfo]:
        """Every token, punctuation included (its ``key`` is empty)."""
        if not text or not text.strip():
            return []
        cache = self._cache
        out = []
        for tok in self.nlp.make_doc(text):
            surface = tok.text
            info = cache.get(surface)
            if info is None:
                info = self._analyse(surface)
                if len(cache) > 500_000:
                    cache.clear()
                cache[surface] = info
            out.append(info)
        return out

    def tokens(self, text: str) -> list[TokenInfo]:
        return [t for t in self.all_tokens(text) if t.key]

    def content_tokens(self, text: str) -> list[TokenInfo]:
        """Tokens that are neither stop words nor punctuation (numbers are kept)."""
        return [t for t in self.tokens(text) if not t.is_stop]

    def content_tokens_with_depths(self, text: str) -> tuple[list[TokenInfo], list[int]]:
        """Content tokens and, for each, how deep it stands in prepositional phrases and
        genitive attributes (see ``phrase_depths``)."""
        tokens = self._complete_truncations(self.all_tokens(text))
        depths = phrase_depths(tokens)
        pairs = [(t, d) for t, d in zip(tokens, depths, strict=True) if t.key and not t.is_stop]
        return [t for t, _ in pairs], [d for _, d in pairs]

    @cached_property
    def splitter(self) -> CompoundSplitter:
        return CompoundSplitter(self.lexicon)

    def token(self, surface: str) -> TokenInfo:
        """One analysed word (cached)."""
        info = self._cache.get(surface)
        if info is None:
            if len(self._cache) > 500_000:
                self._cache.clear()
            info = self._cache[surface] = self._analyse(surface)
        return info

    def _complete_truncations(self, tokens: list[TokenInfo]) -> list[TokenInfo]:
        """Words cut short before a coordination get the end of the next word:
        "Kita- und Schulplätze" -> "Kita-Plätze", "E-Mail- und Telefonsysteme" ->
        "E-Mail-Systeme", "an- und abgemeldet" -> "angemeldet"."""
        out = tokens
        for k in range(len(tokens) - 2):
            surface = tokens[k].surface
            if (
                len(surface) < 3
                or not surface.endswith("-")
                or tokens[k + 1].surface.lower() not in _COORDINATION
            ):
                continue
            completed = self._completion(surface[:-1], tokens[k + 2].surface)
            if completed:
                if out is tokens:
                    out = list(tokens)
                out[k] = self.token(completed)
        return out

    def _completion(self, first: str, word: str) -> str:
        positions = []  # folded index -> index in ``word``
        for index, char in enumerate(word):
            positions.extend([index] * len(fold(char)))
        folded = fold(word)
        if len(positions) != len(folded):
            return ""
        if word[:1].islower():
            if fold(first) not in VERB_PREFIXES:
                return ""
            for prefix in sorted(VERB_PREFIXES, key=len, reverse=True):
                if (
                    folded.startswith(prefix)
                    and len(folded) > len(prefix) + 3
                    and positions[len(prefix)] != positions[len(prefix) - 1]
                ):
                    return first.lower() + word[positions[len(prefix)] :]
            return ""
        parts = self.splitter.split(folded)
        if len(parts) < 2:
            return ""
        start = folded.rfind(parts[-1])
        if start <= 0:
            return ""
        start = positions[start]
        return f"{first}-{word[start].upper()}{word[start + 1 :]}"

    def lemma(self, word: str) -> str:
        table = self._lemmas
        found = table.get(word)
        if found is None:
            if word[:1].islower():
                found = table.get(word[:1].upper() + word[1:])
                if found is None:
                    found = self._participle_lemma(word)
            elif word.isupper() or not word[1:].islower():
                found = table.get(word[:1] + word[1:].lower())
        elif word[:1].islower() and found != word:
            # inflected participles are listed under the participle:
            # "ausgeschriebenen" -> "ausgeschrieben" -> "ausschreiben"
            found = table.get(found) or found
        return found or word

    def _participle_lemma(self, word: str) -> str | None:
        """Inflected participles the table lacks: "zugezogene" -> "zugezogen" ->
        "zuziehen" (only if the uninflected form is known as a form of another word)."""
        table = self._lemmas
        for ending in _ADJ_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 5:
                base = word[: -len(ending)]
                found = table.get(base)
                if found is not None and found != base:
                    return found
        return None

    def is_other_word(self, segment_u: str, term_u: str) -> bool:
        """True if ``segment_u`` (lowercase) is a known word whose lemma is not the term,
        e.g. "empfänger" for the term "empfang", "parken" for "park"."""
        capitalised = segment_u[:1].upper() + segment_u[1:]
        lemma = self._lemmas.get(capitalised) or self._lemmas.get(segment_u)
        if lemma is None:
            if segment_u not in self.lemma_set:
                return False  # unknown word: trust the stem
            lemma = segment_u
        return fold(lemma) != fold(term_u)

    def _analyse(self, surface: str) -> TokenInfo:
        parts = [p for p in _HYPHENS.split(surface) if p]
        if len(parts) > 1:
            lemma = "-".join(self.lemma(p) for p in parts)
            part_stems = tuple(stem(fold(self.lemma(p))) for p in parts if fold(p))
        else:
            lemma = self.lemma(surface)
            part_stems = ()
        key_u = lower_clean(lemma)
        key = key_u.translate(FOLD_TABLE)
        lower = surface.lower()
        is_stop = lower in self.stop_words and not (
            surface[:1].isupper() and lower in _CONTENT_WHEN_CAPITALISED
        )
        if len(key) < 2 and not key.isdigit():
            is_stop = True
        surface_u = lower_clean(surface)
        return TokenInfo(
            surface=surface,
            lemma=lemma,
            key=key,
            key_u=key_u,
            surface_key=surface_u.translate(FOLD_TABLE),
            surface_u=surface_u,
            stem=stem(key),
            part_stems=part_stems,
            is_stop=is_stop,
            is_word=bool(_HAS_ALPHA.search(surface)),
        )


_ADJ_ENDINGS = ("en", "em", "er", "es", "e")

# Strong verbs whose action noun has another vowel (ablaut), as folded roots:
# "zuziehen" -> "Zuzug", "vergeben" -> "Vergabe", "beschließen" -> "Beschluss".
ABLAUT_NOUNS = {
    "zieh": "zug", "geb": "gab", "brech": "bruch", "schliess": "schluss", "nehm": "nahm",
    "sprech": "spruch", "greif": "griff", "tret": "tritt", "geh": "gang", "steh": "stand",
    "werf": "wurf", "schneid": "schnitt", "flieg": "flug", "bind": "bund", "schieb": "schub",
    "schreib": "schrift", "wachs": "wuchs", "fliess": "fluss", "giess": "guss",
    "schiess": "schuss", "leid": "leid", "sitz": "sitz", "find": "fund", "komm": "kunft",
}
# Verb prefixes that may stand before an ablaut root ("zu|ziehen", "ver|geben").
VERB_PREFIXES = (
    "ab", "an", "auf", "aus", "be", "bei", "durch", "ein", "ent", "er", "fort", "her",
    "hin", "nach", "uber", "um", "unter", "ver", "vor", "weg", "wider", "zu", "zuruck",
    "zusammen", "zer",
)


def verb_nouns(key: str) -> tuple[str, ...]:
    """Stems of the action nouns of a prefixed strong verb (folded infinitive):
    "zuziehen" -> ("zuzug",), "vergeben" -> ("vergab",), "ansiedeln" -> ()."""
    if not key.endswith("en") or len(key) < 6:
        return ()
    root = key[:-2]
    out = []
    for verb, noun in ABLAUT_NOUNS.items():
        if root.endswith(verb):
            prefix = root[: -len(verb)]
            if prefix in VERB_PREFIXES or (len(prefix) > 4 and prefix.endswith(VERB_PREFIXES)):
                out.append(stem(prefix + noun))
    return tuple(out)


# Words that open a prepositional phrase; its noun usually names a place, a group or
# a circumstance, not the matter asked about ("Masernfälle in Kitas und Schulen",
# "Tempo 30 in der Nähe von Schulen").
PREPOSITIONS = frozenset(
    {
        "in", "im", "ins", "an", "am", "ans", "auf", "bei", "beim", "von", "vom", "aus",
        "nach", "mit", "zu", "zur", "zum", "seit", "bis", "ohne", "zwischen", "neben",
        "hinter", "vor", "unter", "über", "gegenüber", "außerhalb", "innerhalb",
        "entlang", "während", "wegen", "trotz", "dank", "laut", "um", "durch", "gegen",
        "für",
    }
)
_GENITIVE_ARTICLES = frozenset({"des", "der", "eines", "einer"})
_COORDINATION = frozenset({"und", "oder", "sowie", "bzw", "bzw."})
_OPENING = frozenset("([")
_CLOSING = frozenset(")]")


def phrase_depths(tokens: list[TokenInfo]) -> list[int]:
    """For every token: 0 in the main clause, 1 inside a prepositional phrase or a
    genitive attribute ("Neubau des Gymnasiums"), one more for each phrase attached
    directly to the noun of such a phrase ("Mehrkosten beim Neubau des Gymnasiums":
    0, 1, 2). A phrase runs from its preposition or article to its first noun and is
    continued by coordination ("in Kitas und Schulen"); punctuation ends it."""
    depths = []
    depth = 0  # of the current phrase
    closed = False  # the noun of the current phrase has been seen
    noun_depth = -1  # depth of the noun right before this token, -1 if none
    base = 0  # depth of a parenthesis: "in IT-Infrastruktur (Server, Speicher)"
    outer: list[int] = []
    for k, tok in enumerate(tokens):
        lower = tok.surface.lower()
        if not tok.is_word:
            depths.append(0)
            if tok.surface in _OPENING:
                outer.append(base)
                base = noun_depth if noun_depth >= 0 else depth
            elif tok.surface in _CLOSING and outer:
                base = outer.pop()
            if not tok.key.isdigit():  # punctuation ends a phrase, numbers do not
                depth, closed, noun_depth = base, False, -1
            continue
        if lower in PREPOSITIONS or (lower in _GENITIVE_ARTICLES and noun_depth >= 0):
            depth = noun_depth + 1 if noun_depth >= 0 else base + 1
            closed, noun_depth = False, -1
            depths.append(0)
            continue
        if lower in _COORDINATION:
            closed = False
            depths.append(0)
            continue
        if depth > base and closed:
            depth, closed = base, False  # the phrase is over ("in Kitas gemeldet")
        depths.append(0 if tok.is_stop else depth)
        if tok.surface[:1].isupper() and k > 0 and not tok.is_stop:
            closed = depth > base
            noun_depth = depth
        else:
            noun_depth = -1
    return depths


# Modifiers with these endings always take a Fugen-s.
_FUGEN_S_AFTER = ("ung", "heit", "keit", "schaft", "ion", "tat", "itat", "ling", "tum")
_FUGEN_STRIP = ("es", "en", "ns", "er", "s", "n", "e")
_INFLECTION_STRIP = ("ern", "nen", "en", "es", "er", "em", "ns", "e", "s", "n")


class CompoundSplitter:
    """Splits folded German compounds into known parts: "einburgerungsantrage" ->
    ("einburgerung", "antrag"). Prefers the longest known head; the modifier may itself
    be a compound and may carry a Fugen element (-s-, -es-, -n-, -en-, -er-) or have lost
    its final -e ("Schul|neubau")."""

    def __init__(self, lexicon: frozenset[str], extra: set[str] | frozenset[str] = frozenset()):
        self.lexicon = lexicon
        self.extra = set(extra)
        self._cache: dict[str, tuple[str, ...]] = {}

    def known(self, word: str) -> bool:
        return word in self.extra or word in self.lexicon

    def split(self, word: str) -> tuple[str, ...]:
        cached = self._cache.get(word)
        if cached is None:
            cached = self._split(word, 0)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[word] = cached
        return cached

    def _split(self, word: str, depth: int) -> tuple[str, ...]:
        if len(word) < 7 or depth > 3:
            return (word,)
        for i in range(3, len(word) - 2):
            if word[i] == "s" and word[:i].endswith(_FUGEN_S_AFTER):
                continue  # "gesundheits|amt", not "gesundheit|samt"
            head = self._base(word[i:])
            if head is None or (len(head) < 4 and len(word) < 10):
                continue  # "tour|isten", "blie|ben": short heads only in long words
            if head in ("ende", "enden") and word[i - 1] not in "sn":
                continue  # participles "Mitarbeit|ende", not "Jahres|ende"
            modifiers = self.modifier(word[:i], depth)
            if modifiers is not None:
                return (*modifiers, head)
        return (word,)

    def _base(self, word: str) -> str | None:
        if len(word) >= 3 and self.known(word):
            return word
        for suffix in _INFLECTION_STRIP:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                base = word[: -len(suffix)]
                if self.known(base):
                    return base
        return None

    def modifier(self, left: str, depth: int = 0) -> tuple[str, ...] | None:
        """Known parts of a compound modifier, or None."""
        if len(left) < 3:
            return None
        if self.known(left):
            return (left,)
        for fuge in _FUGEN_STRIP:
            if left.endswith(fuge) and len(left) - len(fuge) >= 3:
                base = left[: -len(fuge)]
                if self.known(base):
                    return (base,)
        if len(left) >= 5 and self.known(left + "e"):
            return (left + "e",)
        if len(left) >= 7:
            parts = self._split(left, depth + 1)
            if len(parts) > 1:
                return parts
        return None


_RARE_LOGPROB = -12.5


@lru_cache(maxsize=1)
def shared_analyzer() -> Analyzer:
    """One analyzer per process; loading the lookup table takes a fraction of a second."""
    return Analyzer()
