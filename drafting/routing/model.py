"""The learned part of the router: past routing decisions as weighted feature vectors.

Every confirmed routing is a positive example (question -> unit), every "nicht zuständig"
a negative one. Two scorers share one TF-IDF weighting (sublinear term frequency, smoothed
IDF, L2-normalised sparse vectors as dicts):

* nearest neighbours over the past examples through an inverted index (gives "ähnlich
  AF0123/24 Frage 2" reasons, and carries the negative examples),
* one centroid per unit (Rocchio classifier), robust when a unit has many examples.

The learned state is made of counts that an example changes by a fixed amount, whatever
was learned before, so it can be kept up to date one example at a time (and stored as rows
by the application) and a full retrain gives the same state:

* the number of examples and each feature's document frequency (for the IDF),
* per unit and feature the sum of the examples' L2-normalised term frequencies and the
  number of positive examples with the feature (``Counts``); the centroid is that sum
  weighted by the current IDF, so it never goes stale when the IDF changes,
* the positives per unit.

The neighbour search keeps at most ``window`` recent examples per unit and polarity
(unbounded by default), so memory stays bounded however long the history is. The vectors
of the neighbour search use the IDF of the moment they were added; :meth:`Model.fit` and a
fresh load weight all of them with the same IDF.

``fit`` is a full retrain; ``add`` an incremental update; ``flip`` changes an example's
polarity (a confirmed routing later returned). Serialised as zlib-compressed
JSON, never pickle.
"""

from __future__ import annotations

import heapq
import json
import math
import zlib
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from itertools import chain

import numpy as np
import orjson

FORMAT = "inquiry-app-routing-model"
VERSION = 1
TERM_PREFIX = "t:"  # feature names of matched catalogue terms
RELIABILITY_PRIOR = 2.0
MAX_QUERY_FEATURES = 256
COMMON_FEATURE_SHARE = 0.02  # see Model.neighbours
MIN_COMMON_DF = 100  # huge questions: only their strongest features are compared
MAX_FEATURE_LENGTH = 200  # longer feature names (garbage words) are not stored
MAX_STORED_FEATURES = 64  # a long preamble must not make every stored decision huge
RESIDUE = 1e-9  # a centroid weight this small is what subtracting an example left over


@dataclass(frozen=True, slots=True)
class Example:
    """One routing decision."""

    text: str
    unit: str
    ref: str = ""  # e.g. "AF0123/24 Frage 2"
    negative: bool = False  # True: the unit returned the question as "nicht zuständig"
    context: str = ""  # subject + preamble of the inquiry


Features = dict[str, float]
Vector = dict[str, float]


def compact(features: Features) -> Features:
    """The features as stored: counts rounded to 4 places, over-long names dropped, at most
    ``MAX_STORED_FEATURES`` (the heaviest: the question's words before the context's)."""
    out = {f: round(c, 4) for f, c in features.items()
           if c > 0 and len(f) <= MAX_FEATURE_LENGTH and round(c, 4) > 0}
    if len(out) > MAX_STORED_FEATURES:
        out = dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_STORED_FEATURES])
    return out


def encode_features(features: Features) -> str:
    return json.dumps(compact(features), ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True)


def decode_features(text: str) -> Features:
    return orjson.loads(text) if text else {}


def _tf(count: float) -> float:
    return 1.0 + math.log(count) if count >= 1 else count


def centroid_weights(features: Features) -> dict[str, float]:
    """What one positive example adds to its unit's centroid: its L2-normalised sublinear
    term frequencies (the IDF is applied when scoring)."""
    log = math.log
    tf = {f: (1.0 + log(c) if c >= 1 else c) for f, c in features.items() if c > 0}
    norm = math.sqrt(sum(w * w for w in tf.values()))
    return {f: w / norm for f, w in tf.items()} if norm else {}


@dataclass
class Counts:
    """The learned counts; what an example adds does not depend on earlier examples."""

    examples: int = 0
    df: Counter = field(default_factory=Counter)
    positives: Counter = field(default_factory=Counter)
    negatives: Counter = field(default_factory=Counter)
    # unit -> feature -> sum of the positive examples' normalised term frequencies
    weights: dict[str, dict[str, float]] = field(default_factory=dict)
    # unit -> feature -> positive examples with the feature
    seen: dict[str, Counter] = field(default_factory=dict)

    def add(self, unit: str, negative: bool, features: Features) -> None:
        self.examples += 1
        self.df.update(features.keys())
        if negative:
            self.negatives[unit] += 1
            return
        self.positives[unit] += 1
        self._centroid(unit, features, 1)

    def flip(self, unit: str, features: Features, negative: bool) -> None:
        """An example changed its polarity to ``negative`` (same question, same unit): a
        confirmed routing was returned, or a unit got a question back that it had returned."""
        sign = -1 if negative else 1
        self.positives[unit] += sign
        self.negatives[unit] -= sign
        self._centroid(unit, features, sign)

    def _centroid(self, unit: str, features: Features, sign: int) -> None:
        weights = self.weights.get(unit)
        if weights is None:
            weights = self.weights[unit] = {}
            self.seen[unit] = Counter()
        get = weights.get
        for f, w in centroid_weights(features).items():
            weights[f] = get(f, 0.0) + sign * w
        if sign > 0:
            self.seen[unit].update(features.keys())
        else:
            self.seen[unit].subtract(features.keys())

    def unit_features(self) -> Iterator[tuple[str, str, float, int]]:
        """Rows (unit, feature, weight sum, positive examples with the feature)."""
        for unit, weights in self.weights.items():
            seen = self.seen[unit]
            for f, w in weights.items():
                yield unit, f, w, seen[f]


class BulkCounts:
    """The same counts as :class:`Counts`, summed over a whole history at once (a full
    retrain): the stored features are decoded a chunk at a time and summed with numpy
    instead of one dict update per feature and example (at 500,000 decisions of ~50 features
    that was most of a retrain's time). Memory: the vocabulary, one (unit, feature) sum per
    pair seen, and the pairs of the chunks not yet reduced (at most ``REDUCE_AT``).

    Takes the features as stored (:func:`encode_features`): compacted, every count > 0."""

    REDUCE_AT = 2_000_000  # pending (unit, feature) pairs before they are summed up

    def __init__(self) -> None:
        self.examples = 0
        self._features: dict[str, int] = {}
        self._units: dict[str, int] = {}
        self._df = np.zeros(0, np.int64)
        self._positives = np.zeros(0, np.int64)
        self._negatives = np.zeros(0, np.int64)
        # (unit id << 32 | feature id) -> weight sum, positive examples; sorted by key
        self._keys = np.zeros(0, np.int64)
        self._weights = np.zeros(0, np.float64)
        self._seen = np.zeros(0, np.int64)
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []
        self._pending_size = 0

    @staticmethod
    def _ids(names: Iterable[str], vocabulary: dict[str, int], size: int) -> np.ndarray:
        names = list(names)
        new = set(names).difference(vocabulary)
        if new:  # ids in name order: the same ids for the same history
            vocabulary.update(zip(sorted(new), range(len(vocabulary),
                                                     len(vocabulary) + len(new)), strict=True))
        return np.fromiter(map(vocabulary.__getitem__, names), np.int64, len(names))

    def add_stored(self, units: list[str], negatives: list[bool], features: list[str]) -> None:
        """Add a chunk of stored decisions: units, polarities and encoded features."""
        # one JSON document per chunk: the decoder shares the feature names of the chunk
        decoded = orjson.loads("[" + ",".join(text or "{}" for text in features) + "]")
        n = len(decoded)
        self.examples += n
        lengths = np.fromiter(map(len, decoded), np.int64, n)
        total = int(lengths.sum())
        fids = self._ids(chain.from_iterable(decoded), self._features, total)
        counts = np.fromiter(chain.from_iterable(map(dict.values, decoded)), np.float64, total)
        uids = self._ids(units, self._units, n)
        negative = np.fromiter(negatives, bool, n)
        self._df = _grown(self._df, len(self._features)) + np.bincount(
            fids, minlength=len(self._features))
        size = len(self._units)
        self._positives = _grown(self._positives, size) + np.bincount(uids[~negative],
                                                                      minlength=size)
        self._negatives = _grown(self._negatives, size) + np.bincount(uids[negative],
                                                                      minlength=size)
        # what each positive example adds to its unit's centroid (as centroid_weights)
        example = np.repeat(np.arange(n), lengths)
        keep = ~negative[example] & (counts > 0)
        fids, counts, example = fids[keep], counts[keep], example[keep]
        tf = np.where(counts >= 1, 1.0 + np.log(np.maximum(counts, 1.0)), counts)
        norm = np.sqrt(np.bincount(example, tf * tf, minlength=n))[example]
        self._pending.append(((uids[example] << 32) | fids, tf / norm))
        self._pending_size += len(fids)
        if self._pending_size >= self.REDUCE_AT:
            self._reduce()

    def _reduce(self) -> None:
        """Sum the pending pairs per (unit, feature) and merge them into the sorted sums. The
        sorts are stable, so each sum adds its terms in the order of the examples."""
        if not self._pending:
            return
        keys, weights, seen = _summed(
            np.concatenate([k for k, _ in self._pending]),
            np.concatenate([w for _, w in self._pending]),
            np.ones(self._pending_size, np.int64))
        self._pending, self._pending_size = [], 0
        # two sorted runs: the stable sort (timsort) merges them in linear time
        self._keys, self._weights, self._seen = _summed(
            np.concatenate([self._keys, keys]), np.concatenate([self._weights, weights]),
            np.concatenate([self._seen, seen]))

    def df_rows(self) -> Iterator[tuple[str, int]]:
        """Rows (feature, document frequency)."""
        return zip(self._features, self._df.tolist(), strict=True)

    def unit_rows(self) -> Iterator[tuple[str, int, int]]:
        """Rows (unit, positive examples, negative examples)."""
        return zip(self._units, self._positives.tolist(), self._negatives.tolist(),
                   strict=True)

    def unit_features(self) -> Iterator[tuple[str, str, float, int]]:
        """Rows (unit, feature, weight sum, positive examples with the feature)."""
        self._reduce()
        features = list(self._features)
        units = list(self._units)
        return zip(map(units.__getitem__, (self._keys >> 32).tolist()),
                   map(features.__getitem__, (self._keys & 0xFFFFFFFF).tolist()),
                   self._weights.tolist(), self._seen.tolist(), strict=True)


def _summed(keys: np.ndarray, weights: np.ndarray, seen: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted distinct keys with the sums of their weights and counts."""
    if not len(keys):
        return keys, weights, seen
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return (keys[starts], np.add.reduceat(weights[order], starts),
            np.add.reduceat(seen[order], starts))


def _grown(counts: np.ndarray, size: int) -> np.ndarray:
    if len(counts) >= size:
        return counts
    return np.concatenate([counts, np.zeros(size - len(counts), counts.dtype)])


class Model:
    def __init__(self, window: int | None = None) -> None:
        self.window = window
        self.n = 0  # examples learned (also those no longer in the neighbour window)
        self.df: Counter[str] = Counter()
        self._counts: Counter[str] = Counter()
        # feature -> unit -> sum of the positive examples' normalised term frequencies
        self._centroids: dict[str, dict[str, float]] = {}
        self._norm2: dict[str, float] = {}  # unit -> squared norm of its IDF-weighted sum
        # catalogue term feature -> units of the positive examples that contained it
        self._term_units: dict[str, Counter[str]] = {}
        # the neighbour window
        self.examples: list[Example | None] = []
        self.features: list[Features] = []
        self._vectors: list[Vector] = []
        self._index: dict[str, list[tuple[int, float]]] = {}
        self._keys: dict[object, int] = {}  # caller's key (e.g. a row id) -> position
        self._recent: dict[tuple[str, bool], deque[int]] = {}
        self._live = 0

    def __len__(self) -> int:
        return self.n

    @property
    def positives(self) -> Counter[str]:
        """Number of positive examples per unit."""
        return self._counts

    # -- training ------------------------------------------------------------------------

    def fit(self, examples: list[Example], features: list[Features]) -> None:
        """Full retrain: counts from all examples, then the neighbour window with one IDF."""
        if len(examples) != len(features):
            raise ValueError("examples and features differ in length")
        counts = Counts()
        for example, feats in zip(examples, features, strict=True):
            counts.add(example.unit, example.negative, feats)
        self.load(
            examples=counts.examples, df=counts.df, positives=counts.positives,
            unit_features=counts.unit_features(),
            window=zip(examples, features, strict=True),
        )

    def load(self, *, examples: int, df: Mapping[str, int], positives: Mapping[str, int],
             unit_features: Iterable[tuple[str, str, float, int]],
             window: Iterable[tuple]) -> None:
        """Replace the state: ``examples`` learned in all, the document frequencies, the
        positives per unit, rows ``(unit, feature, weight sum, positives with it)`` and the
        neighbour window, oldest first, as ``(example, features)`` or ``(example, features,
        key)``."""
        self.__init__(self.window)
        self.n = examples
        self.df = Counter(df)
        self._counts = Counter({u: c for u, c in positives.items() if c > 0})
        for unit, f, weight, seen in unit_features:
            if seen <= 0 or weight <= RESIDUE:
                continue  # every example with it was flipped: what is left is rounding
            self._centroids.setdefault(f, {})[unit] = weight
            if f.startswith(TERM_PREFIX):
                self._term_units.setdefault(f, Counter())[unit] = seen
        self._rebuild_norms()
        for item in window:
            self._remember(*item)

    def add(self, example: Example, features: Features, key: object = None) -> None:
        """Incremental update with one example."""
        self.n += 1
        self.df.update(features.keys())
        if not example.negative:
            self._count_positive(example.unit, features, 1)
        self._remember(example, features, key)

    def flip(self, example: Example, features: Features, key: object) -> bool:
        """The example added with ``key`` now has the polarity of ``example`` (a confirmed
        routing was returned, or a question went back to a unit that had returned it).
        False if the example is not in the neighbour window (its old polarity is unknown)."""
        i = self._keys.get(key)
        old = self.examples[i] if i is not None else None
        if old is None:
            return False
        if old.negative != example.negative:
            self._count_positive(example.unit, features, -1 if example.negative else 1)
            self._forget(i)
            self._remember(example, features, key)
        return True

    def _count_positive(self, unit: str, features: Features, sign: int) -> None:
        self._counts[unit] += sign
        if self._counts[unit] <= 0:
            del self._counts[unit]
        centroids, idf = self._centroids, self.idf
        norm2 = self._norm2.get(unit, 0.0)
        for f, w in centroid_weights(features).items():
            per_unit = centroids.setdefault(f, {})
            old = per_unit.get(unit, 0.0)
            new = old + sign * w
            if new > RESIDUE:
                per_unit[unit] = new
            else:
                new = 0.0
                per_unit.pop(unit, None)
            weight = idf(f)
            norm2 += (new * new - old * old) * weight * weight
            if f.startswith(TERM_PREFIX):
                seen = self._term_units.setdefault(f, Counter())
                seen[unit] += sign
        self._norm2[unit] = max(norm2, 0.0)

    def _rebuild_norms(self) -> None:
        norm2: dict[str, float] = {}
        for f, per_unit in self._centroids.items():
            weight = self.idf(f)
            for unit, w in per_unit.items():
                norm2[unit] = norm2.get(unit, 0.0) + (w * weight) ** 2
        self._norm2 = norm2

    # -- the neighbour window ------------------------------------------------------------

    def _remember(self, example: Example, features: Features, key: object = None) -> None:
        i = len(self.examples)
        vec = self.vectorize(features)
        self.examples.append(example)
        self.features.append(features if self.window is None else {})
        self._vectors.append(vec)
        for f, w in vec.items():
            self._index.setdefault(f, []).append((i, w))
        if key is not None:
            self._keys[key] = i
        self._live += 1
        if self.window is not None:
            recent = self._recent.setdefault((example.unit, example.negative), deque())
            recent.append(i)
            while len(recent) > self.window:
                old = recent.popleft()
                if self.examples[old] is not None:
                    self._forget(old)
            if len(self.examples) > 2 * self._live + 1000:
                self._compact()

    def _forget(self, i: int) -> None:
        self.examples[i] = None
        self.features[i] = {}
        self._vectors[i] = {}
        self._live -= 1

    def _compact(self) -> None:
        """Drop forgotten examples from the window's lists and index."""
        keep = [i for i, e in enumerate(self.examples) if e is not None]
        moved = {old: new for new, old in enumerate(keep)}
        self.examples = [self.examples[i] for i in keep]
        self.features = [self.features[i] for i in keep]
        self._vectors = [self._vectors[i] for i in keep]
        self._index = {}
        for i, vec in enumerate(self._vectors):
            for f, w in vec.items():
                self._index.setdefault(f, []).append((i, w))
        self._keys = {k: moved[i] for k, i in self._keys.items() if i in moved}
        self._recent = {
            slot: deque(moved[i] for i in items if i in moved)
            for slot, items in self._recent.items()
        }

    # -- scoring -------------------------------------------------------------------------

    def idf(self, feature: str) -> float:
        return math.log((1 + self.n) / (1 + self.df.get(feature, 0))) + 1.0

    def vectorize(self, features: Features, limit: int | None = None) -> Vector:
        vec = {f: _tf(c) * self.idf(f) for f, c in features.items() if c > 0}
        if limit is not None and len(vec) > limit:
            vec = dict(heapq.nlargest(limit, vec.items(), key=lambda kv: kv[1]))
        norm = math.sqrt(sum(w * w for w in vec.values()))
        if not norm:
            return {}
        return {f: w / norm for f, w in vec.items()}

    def query(self, features: Features) -> Vector:
        return self.vectorize(features, limit=MAX_QUERY_FEATURES)

    def neighbours(self, query: Vector, k: int = 10) -> list[tuple[float, int]]:
        """The k most similar past examples in the window as (cosine, index into
        ``examples``), best first.

        Rare features are looked up in the inverted index; features in more than
        ``COMMON_FEATURE_SHARE`` of the examples only add to the candidates found so far
        (looked up in the candidates' vectors), which keeps long posting lists out."""
        if not query or not self._live:
            return []
        index, vectors = self._index, self._vectors
        cap = max(MIN_COMMON_DF, int(len(vectors) * COMMON_FEATURE_SHARE))
        features = sorted(
            ((f, w, index.get(f)) for f, w in query.items() if f in index),
            key=lambda item: len(item[2]),
        )
        scores: dict[int, float] = {}
        get = scores.get
        for f, qw, postings in features:
            if len(postings) <= cap or not scores:
                for i, w in postings:
                    scores[i] = get(i, 0.0) + qw * w
            else:
                for i in scores:
                    w = vectors[i].get(f)
                    if w:
                        scores[i] += qw * w
        examples = self.examples
        best = heapq.nlargest(k, ((i, s) for i, s in scores.items()
                                  if examples[i] is not None), key=lambda kv: kv[1])
        return [(s, i) for i, s in best if s > 0]

    def centroid_scores(self, query: Vector) -> dict[str, float]:
        """Cosine between the query and each unit's centroid of positive examples."""
        acc: dict[str, float] = {}
        get = acc.get
        centroids, idf = self._centroids, self.idf
        for f, qw in query.items():
            per_unit = centroids.get(f)
            if not per_unit:
                continue
            weight = qw * idf(f)
            for unit, w in per_unit.items():
                acc[unit] = get(unit, 0.0) + weight * w
        norm2 = self._norm2
        out = {}
        positives = self._counts
        for unit, score in acc.items():
            norm = math.sqrt(norm2.get(unit, 0.0))
            if score > 0 and norm > 0 and positives.get(unit, 0) > 0:
                out[unit] = score / norm
        return out

    def term_reliability(self, feature: str, unit: str) -> float:
        """How reliably a catalogue term led to ``unit`` in past decisions.

        The catalogue is the prior (one pseudo-decision for the unit, weight
        ``RELIABILITY_PRIOR``); "Schule" found in questions that went to the school office
        twice and to four other offices gets (2 + 2) / (6 + 2) = 0.5."""
        seen = self._term_units.get(feature)
        if not seen:
            return 1.0
        total = sum(seen.values())
        return (seen.get(unit, 0) + RELIABILITY_PRIOR) / (total + RELIABILITY_PRIOR)

    # -- serialisation -------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The examples of the neighbour window with their features (zlib JSON)."""
        live = [i for i, e in enumerate(self.examples) if e is not None]
        payload = {
            "format": FORMAT,
            "version": VERSION,
            "examples": [asdict(self.examples[i]) for i in live],
            "features": [compact(self.features[i]) for i in live],
        }
        raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        return zlib.compress(raw.encode("utf-8"), 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> Model:
        try:
            payload = json.loads(zlib.decompress(data).decode("utf-8"))
        except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError("Kein gültiges Routing-Modell") from exc
        if payload.get("format") != FORMAT or payload.get("version") != VERSION:
            raise ValueError("Unbekanntes Format des Routing-Modells")
        model = cls()
        model.fit([Example(**e) for e in payload["examples"]], payload["features"])
        return model
