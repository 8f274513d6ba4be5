"""Relation between two articles from their similarity evidence.

Four relations, strongest first:

* ``copy`` -- near-verbatim republication: most word 5-shingles shared.
* ``rewrite`` -- same text lineage, paraphrased (same language): high char
  n-gram TF-IDF cosine *and* the same facts in the same order.
* ``cross_language_rewrite`` -- a translation or rewrite across languages:
  many shared language-independent facts (numbers, dates, latinised names)
  in the same order, including at least one number or date.
* ``independent`` -- the same event reported separately: facts shared, text
  not derived. Weaker, and never counted as a rewrite.

``classify`` is the hand-set rule of the first version (thresholds tuned on
tracing/dev.jsonl; they did not transfer to new corpora). Tracing now decides
with the learned relation model (``unspin.trace.models``); the rule stays as
the fallback when no model file is present and as the baseline that
``unspin eval trace --rules`` measures. ``lineage_kind`` names the kind of a
same-lineage pair for both.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

COPY = "copy"
REWRITE = "rewrite"
CROSS_LANGUAGE_REWRITE = "cross_language_rewrite"
INDEPENDENT = "independent"
RELATIONS = (COPY, REWRITE, CROSS_LANGUAGE_REWRITE, INDEPENDENT)
LINEAGE = frozenset({COPY, REWRITE, CROSS_LANGUAGE_REWRITE})  # same text lineage

# copy: estimated word-5-shingle Jaccard (a rewrite scores 0.00-0.05)
COPY_MINHASH = 0.5
COPY_COSINE = 0.9
# rewrite: a logistic score over the same-language evidence (weights fitted on
# dev pairs, lineage vs. independent coverage), and a floor on each signal so
# one strong number cannot carry a pair alone.
REWRITE_WEIGHTS = {"cosine": 11.4, "skeleton": 1.1, "cover": 2.5, "order": 1.6, "minhash": 2.5}
REWRITE_BIAS = -6.8
REWRITE_MIN_SCORE = 0.6
REWRITE_MIN_COSINE = 0.35
REWRITE_MIN_SHARED = 3
# cross-language rewrite
XLANG_MIN_SHARED = 6
XLANG_MIN_SKELETON = 0.25
XLANG_MIN_ORDER = 0.75
XLANG_MIN_FACTS = 1
# ...unless the names alone overlap this strongly (numbers written as words, "eight
# settlements", leave nothing numeric to share)
XLANG_NAMES_ONLY_SKELETON = 0.4
# independent coverage of the same event
INDEPENDENT_MIN_SHARED = 4
INDEPENDENT_MIN_SKELETON = 0.10
INDEPENDENT_MIN_COSINE = 0.22


@dataclass
class PairEvidence:
    """The numbers a relation is decided on (query vs. one candidate)."""

    same_language: bool
    minhash_jaccard: float = 0.0
    char_tfidf_cosine: float = 0.0
    skeleton_overlap: float = 0.0        # idf-weighted Jaccard of skeleton terms
    query_covered: float = 0.0           # share of the query's skeleton weight in the relative
    relative_covered: float = 0.0        # share of the relative's skeleton weight in the query
    order_agreement: float = 0.0         # shared terms in the same order (LCS share)
    shared_terms: list[str] = field(default_factory=list)
    shared_bands: int = 0
    # multilingual sentence vectors (features.embedding_evidence)
    document_cosine: float = 0.0
    query_matched: float = 0.0
    relative_matched: float = 0.0
    query_aligned: float = 0.0
    relative_aligned: float = 0.0
    aligned_order: float = 0.0
    query_aligned_loose: float = 0.0
    relative_aligned_loose: float = 0.0
    # distance to the best candidate of the same pool (features.pool_gaps; 0 = the best)
    matched_gap: float = 0.0
    skeleton_gap: float = 0.0
    cosine_gap: float = 0.0
    wide_similarity: float = 0.0         # e5 CSLS in the pool, pairs with a side USE-m lacks (wide.py)
    lead_overlap: float = 0.0            # word pairs the two openings share (same language; similarity.py)
    source_language_pair: bool = False   # one side in a source language (ru, uk), the other not
    both_source_language: bool = False   # both in a source language: relays of one post look alike
    # style and outlet of the two texts (signals.py): farm siblings are both machine-written
    both_machine: float = 0.5            # min of the two machine-writing probabilities
    upstream_outlets: int = 0            # how many of the two are listed wire / state-media outlets
    lag_days: int | None = None          # relative.published - query.published

    @property
    def shared_facts(self) -> int:
        """Shared numbers, dates and quotes (names alone are topic, not facts)."""
        return sum(1 for t in self.shared_terms if t[:2] in ("n:", "d:", "q:"))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, float):
                data[key] = round(value, 4)
        data["shared_facts"] = self.shared_facts
        return data


def rewrite_score(ev: PairEvidence) -> float:
    w = REWRITE_WEIGHTS
    z = (REWRITE_BIAS + w["cosine"] * ev.char_tfidf_cosine + w["skeleton"] * ev.skeleton_overlap
         + w["cover"] * max(ev.query_covered, ev.relative_covered) + w["order"] * ev.order_agreement
         + w["minhash"] * ev.minhash_jaccard)
    return 1.0 / (1.0 + math.exp(-z))


def cross_language_score(ev: PairEvidence) -> float:
    """0..1 from how much fact weight is shared and how well its order holds."""
    return min(1.0, 0.5 * ev.skeleton_overlap / 0.5 + 0.3 * ev.order_agreement
               + 0.2 * min(1.0, len(ev.shared_terms) / 15))


def is_copy(ev: PairEvidence) -> bool:
    """Near-verbatim: most word 5-shingles or nearly all char n-grams shared. A rule,
    not a learned decision: verbatim text leaves no doubt, and the labelled data
    hold too few copies (and some unlabelled wire copies) to learn it from."""
    return ev.minhash_jaccard >= COPY_MINHASH or (ev.same_language and ev.char_tfidf_cosine >= COPY_COSINE)


def lineage_kind(ev: PairEvidence) -> str:
    """copy, rewrite or cross_language_rewrite for a pair known to share a lineage."""
    if is_copy(ev):
        return COPY
    return REWRITE if ev.same_language else CROSS_LANGUAGE_REWRITE


def classify(ev: PairEvidence) -> tuple[str | None, float]:
    """(relation, score 0..1), or (None, 0) when the pair is unrelated."""
    shared = len(ev.shared_terms)
    if ev.minhash_jaccard >= COPY_MINHASH or (ev.same_language and ev.char_tfidf_cosine >= COPY_COSINE):
        return COPY, max(ev.minhash_jaccard, ev.char_tfidf_cosine)
    if ev.same_language:
        score = rewrite_score(ev)
        if (score >= REWRITE_MIN_SCORE and ev.char_tfidf_cosine >= REWRITE_MIN_COSINE
                and shared >= REWRITE_MIN_SHARED):
            return REWRITE, score
    elif (shared >= XLANG_MIN_SHARED and ev.skeleton_overlap >= XLANG_MIN_SKELETON
          and ev.order_agreement >= XLANG_MIN_ORDER
          and (ev.shared_facts >= XLANG_MIN_FACTS or ev.skeleton_overlap >= XLANG_NAMES_ONLY_SKELETON)):
        return CROSS_LANGUAGE_REWRITE, cross_language_score(ev)
    if shared >= INDEPENDENT_MIN_SHARED and ev.skeleton_overlap >= INDEPENDENT_MIN_SKELETON and (
            not ev.same_language or ev.char_tfidf_cosine >= INDEPENDENT_MIN_COSINE):
        # Weaker by construction: scaled into 0..0.5 so it never outranks a lineage relation.
        return INDEPENDENT, 0.5 * min(1.0, ev.skeleton_overlap / 0.4)
    return None, 0.0


# Languages most content-farm rewrites are translated from (issue 3): an item in
# one of these is taken as upstream of the same item in another language.
SOURCE_LANGUAGES = ("ru", "uk")
SUPERSET_COVER = 0.9
SUPERSET_OTHER = 0.5


def direction(query_published: date | None, relative_published: date | None,
              query_language: str | None, relative_language: str | None,
              ev: PairEvidence) -> tuple[str, str]:
    """("upstream" | "downstream" | "unknown", reason): is the relative the older text?

    Earlier date first; then the source language of a cross-language pair;
    then content: the text that holds more of the other's facts is the
    superset, and rewriters cut facts rather than add them."""
    if query_published and relative_published and query_published != relative_published:
        if relative_published < query_published:
            return "upstream", "published earlier"
        return "downstream", "published later"
    if query_language != relative_language:
        q_src = query_language in SOURCE_LANGUAGES
        r_src = relative_language in SOURCE_LANGUAGES
        if r_src and not q_src:
            return "upstream", f"in the source language ({relative_language})"
        if q_src and not r_src:
            return "downstream", f"query in the source language ({query_language})"
    # Content superset, only when clear-cut: padded rewrites add invented facts
    # and truncated excerpts lose real ones, so a small difference means nothing.
    if ev.query_covered >= SUPERSET_COVER and ev.relative_covered <= SUPERSET_OTHER:
        return "upstream", "holds nearly all of the query's facts and more (content superset)"
    if ev.relative_covered >= SUPERSET_COVER and ev.query_covered <= SUPERSET_OTHER:
        return "downstream", "the query holds nearly all of its facts and more (content superset)"
    return "unknown", "no date, language or content signal"
