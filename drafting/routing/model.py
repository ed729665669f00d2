"""The learned part of the router: past routing decisions as weighted feature vectors.

Every confirmed routing is a positive example (question -> unit), every "nicht zuständig"
a negative one. Two scorers share one TF-IDF representation (sublinear term frequency,
smoothed IDF, L2-normalised sparse vectors as dicts):

* nearest neighbours over all past examples through an inverted index (gives "ähnlich
  AF0123/24 Frage 2" reasons, and carries the negative examples),
* one centroid per unit (Rocchio classifier), robust when a unit has many examples.

``fit`` is a full retrain; ``add`` an incremental update (IDF of old vectors is refreshed
only by the next ``fit``). Serialised as zlib-compressed JSON, never pickle.
"""

from __future__ import annotations

import heapq
import json
import math
import zlib
from collections import Counter
from dataclasses import asdict, dataclass

FORMAT = "inquiry-app-routing-model"
VERSION = 1
TERM_PREFIX = "t:"  # feature names of matched catalogue terms
RELIABILITY_PRIOR = 2.0
MAX_QUERY_FEATURES = 256
COMMON_FEATURE_SHARE = 0.02  # see Model.neighbours
MIN_COMMON_DF = 100  # huge questions: only their strongest features are compared


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


class Model:
    def __init__(self) -> None:
        self.examples: list[Example] = []
        self.features: list[Features] = []
        self.df: Counter[str] = Counter()
        self._vectors: list[Vector] = []
        self._index: dict[str, list[tuple[int, float]]] = {}
        self._sums: dict[str, Vector] = {}
        self._norms: dict[str, float] = {}
        self._counts: Counter[str] = Counter()
        self._centroid_index: dict[str, list[tuple[str, float]]] | None = None
        # catalogue term feature -> units of the positive examples that contained it
        self._term_units: dict[str, Counter[str]] = {}

    def __len__(self) -> int:
        return len(self.examples)

    @property
    def positives(self) -> Counter[str]:
        """Number of positive examples per unit."""
        return self._counts

    # -- training ------------------------------------------------------------------------

    def fit(self, examples: list[Example], features: list[Features]) -> None:
        """Full retrain: IDF from all examples, then vectors, index and centroids."""
        if len(examples) != len(features):
            raise ValueError("examples and features differ in length")
        self.__init__()
        self.examples = list(examples)
        self.features = list(features)
        for feats in self.features:
            self.df.update(feats.keys())
        for i in range(len(self.examples)):
            self._insert(i)

    def add(self, example: Example, features: Features) -> None:
        """Incremental update with one example."""
        self.examples.append(example)
        self.features.append(features)
        self.df.update(features.keys())
        self._insert(len(self.examples) - 1)

    def _insert(self, i: int) -> None:
        vec = self.vectorize(self.features[i])
        self._vectors.append(vec)
        for f, w in vec.items():
            self._index.setdefault(f, []).append((i, w))
        example = self.examples[i]
        if example.negative:
            return
        for f in self.features[i]:
            if f.startswith(TERM_PREFIX):
                self._term_units.setdefault(f, Counter())[example.unit] += 1
        total = self._sums.setdefault(example.unit, {})
        for f, w in vec.items():
            total[f] = total.get(f, 0.0) + w
        self._norms[example.unit] = math.sqrt(sum(w * w for w in total.values())) or 1.0
        self._counts[example.unit] += 1
        self._centroid_index = None  # rebuilt on the next query

    # -- scoring -------------------------------------------------------------------------

    def idf(self, feature: str) -> float:
        return math.log((1 + len(self.examples)) / (1 + self.df.get(feature, 0))) + 1.0

    def vectorize(self, features: Features, limit: int | None = None) -> Vector:
        vec = {f: (1.0 + math.log(c)) * self.idf(f) if c >= 1 else c * self.idf(f)
               for f, c in features.items() if c > 0}
        if limit is not None and len(vec) > limit:
            vec = dict(heapq.nlargest(limit, vec.items(), key=lambda kv: kv[1]))
        norm = math.sqrt(sum(w * w for w in vec.values()))
        if not norm:
            return {}
        return {f: w / norm for f, w in vec.items()}

    def query(self, features: Features) -> Vector:
        return self.vectorize(features, limit=MAX_QUERY_FEATURES)

    def neighbours(self, query: Vector, k: int = 10) -> list[tuple[float, int]]:
        """The k most similar past examples as (cosine, example index), best first.

        Rare features are looked up in the inverted index; features in more than
        ``COMMON_FEATURE_SHARE`` of the examples only add to the candidates found so far
        (looked up in the candidates' vectors), which keeps long posting lists out."""
        if not query or not self._vectors:
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
        best = heapq.nlargest(k, scores.items(), key=lambda kv: kv[1])
        return [(s, i) for i, s in best if s > 0]

    def centroid_scores(self, query: Vector) -> dict[str, float]:
        """Cosine between the query and each unit's centroid of positive examples."""
        if self._centroid_index is None:
            self._build_centroid_index()
        acc: dict[str, float] = {}
        get = acc.get
        for f, qw in query.items():
            for unit, w in self._centroid_index.get(f, ()):
                acc[unit] = get(unit, 0.0) + qw * w
        return {unit: score for unit, score in acc.items() if score > 0}

    def _build_centroid_index(self) -> None:
        index: dict[str, list[tuple[str, float]]] = {}
        for unit, total in self._sums.items():
            norm = self._norms[unit]
            for f, w in total.items():
                index.setdefault(f, []).append((unit, w / norm))
        self._centroid_index = index

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
        payload = {
            "format": FORMAT,
            "version": VERSION,
            "examples": [asdict(e) for e in self.examples],
            "features": [
                {f: round(c, 4) for f, c in feats.items()} for feats in self.features
            ],
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
