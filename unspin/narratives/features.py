"""Article features for narrative matching: sentence-to-catalog similarities and cue hits.

Every catalog entry is represented by "prototypes": its description and its
example sentences, embedded once with the shared MiniLM encoder. An article
is split into sentences, each sentence embedded, and compared (cosine) with
every prototype. For a label, a sentence's similarity is its best match among
the label's prototypes; a narrative also owns its subnarratives' prototypes.

``ArticleMatch`` keeps the per-sentence numbers (for evidence) and
``vector(labels)`` turns them into the fixed-length feature vector the
classifier reads: per label, the best sentence similarity, the mean of the
three best, and log(1 + cue hits); then the mean sentence embedding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from unspin.narratives.catalog import Catalog, cue_pattern
from unspin.trace.normalize import sentences as split_sentences

MIN_SENTENCE_CHARS = 12  # shorter pieces (bylines, "Photo:") carry no narrative
TOP_K = 3


@dataclass
class CatalogIndex:
    """The catalog's prototypes, embedded, and its cues compiled."""

    catalog: Catalog
    labels: list[str]  # every catalog label, narratives and subnarratives, file order
    prototype_text: list[str]
    prototype_owner: list[str]  # the entry each prototype was written for
    prototype_vectors: np.ndarray  # (n_prototypes, 384)
    members: dict[str, np.ndarray]  # label -> prototype indices it owns (narratives: incl. subs)
    cues: dict[str, list[Any]]  # label -> compiled patterns (narratives: own cues only)
    # label -> each cue case-folded, in the order of ``cues``: a cue whose folded text is not in
    # the folded article cannot match, so its pattern is not run (about 350 patterns an article)
    cue_keys: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, catalog: Catalog, encoder: Any) -> CatalogIndex:
        texts: list[str] = []
        owners: list[str] = []
        for entry in catalog.entries.values():
            for text in ([entry.description] if entry.description else []) + entry.examples:
                texts.append(text)
                owners.append(entry.label)
        vectors = encoder.encode(texts) if texts else np.zeros((0, 384), dtype=np.float32)
        labels = list(catalog.entries)
        members: dict[str, np.ndarray] = {}
        owner_array = np.array(owners, dtype=object)
        for label in labels:
            own = {label} | ({s.label for s in catalog.subnarratives(label)}
                             if not catalog[label].is_subnarrative else set())
            members[label] = np.flatnonzero(np.isin(owner_array, list(own)))
        cues = {label: [cue_pattern(c) for c in catalog[label].cues] for label in labels}
        cue_keys = {label: [c.casefold() for c in catalog[label].cues] for label in labels}
        return cls(catalog, labels, texts, owners, np.asarray(vectors, dtype=np.float32), members, cues, cue_keys)


@dataclass
class ArticleMatch:
    """One article against one catalog index."""

    spans: list[tuple[int, int]]  # sentence character spans
    sentence_vectors: np.ndarray  # (n_sentences, 384)
    similarity: np.ndarray  # (n_sentences, n_prototypes)
    index: CatalogIndex
    cue_hits: dict[str, list[tuple[int, int, str]]]  # label -> [(start, end, cue text)]

    def label_similarity(self, label: str) -> tuple[np.ndarray, np.ndarray]:
        """(best similarity per sentence, index of the best prototype per sentence) for ``label``."""
        idx = self.index.members.get(label)
        if idx is None or idx.size == 0 or not self.spans:
            return np.zeros(len(self.spans), dtype=np.float32), np.zeros(len(self.spans), dtype=int)
        sub = self.similarity[:, idx]
        best = sub.argmax(axis=1)
        return sub[np.arange(len(self.spans)), best], idx[best]

    def max_similarity(self, label: str) -> float:
        sims, _ = self.label_similarity(label)
        return float(sims.max()) if sims.size else 0.0

    def cue_count(self, label: str) -> int:
        return len(self.cue_hits.get(label, ()))

    def vector(self, labels: Sequence[str]) -> np.ndarray:
        """Classifier features for ``labels`` (which need not all be in this catalog)."""
        feats = np.zeros(3 * len(labels) + self.sentence_vectors.shape[1], dtype=np.float32)
        for i, label in enumerate(labels):
            sims, _ = self.label_similarity(label)
            if sims.size:
                top = np.sort(sims)[::-1][:TOP_K]
                feats[3 * i] = top[0]
                feats[3 * i + 1] = top.mean()
            feats[3 * i + 2] = np.log1p(self.cue_count(label))
        if len(self.spans):
            mean = self.sentence_vectors.mean(axis=0)
            feats[3 * len(labels):] = mean / max(float(np.linalg.norm(mean)), 1e-12)
        return feats


def article_sentences(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in split_sentences(text) if s.end - s.start >= MIN_SENTENCE_CHARS]


def match_article(text: str, index: CatalogIndex, encoder: Any,
                  sentence_vectors: np.ndarray | None = None,
                  splitter: Callable[[str], list[tuple[int, int]]] = article_sentences) -> ArticleMatch:
    """Split (``splitter``: English rules by default; unspin.narratives.multilingual has the
    Russian/Ukrainian one), embed (unless ``sentence_vectors`` are given) and compare one article."""
    spans = splitter(text)
    if not spans:  # nothing long enough to carry a narrative ("Short.", an empty body)
        sentence_vectors = np.zeros((0, index.prototype_vectors.shape[1]), dtype=np.float32)
    elif sentence_vectors is None:
        sentence_vectors = encoder.encode([text[a:b] for a, b in spans])
    sentence_vectors = np.asarray(sentence_vectors, dtype=np.float32).reshape(
        len(spans), index.prototype_vectors.shape[1])
    similarity = (sentence_vectors @ index.prototype_vectors.T if len(spans)
                  else np.zeros((0, len(index.prototype_text)), dtype=np.float32))
    hits: dict[str, list[tuple[int, int, str]]] = {}
    # a case-insensitive match of a literal cue implies its case-folded text occurs in the
    # case-folded article (str.casefold covers the equivalences re.IGNORECASE uses)
    folded = text.casefold()
    for label, patterns in index.cues.items():
        keys = index.cue_keys.get(label) or [""] * len(patterns)
        found = [(m.start(), m.end(), m.group()) for p, key in zip(patterns, keys) if key in folded
                 for m in p.finditer(text)]
        if found:
            hits[label] = sorted(found)
    return ArticleMatch(spans, sentence_vectors, similarity, index, hits)
