"""The numbers tracing's learned decisions read, from plain evidence.

Two feature vectors:

* ``relation_features`` (query, candidate): text and fact similarity, the
  multilingual sentence alignment, language pair and date lag. The relation
  model turns it into unrelated / independent coverage / same lineage.
* ``origin_features`` (rewrite, one of its lineage relatives): direction
  evidence -- which text is older (with each date's precision), which is in
  the upstream language, which holds the other's facts and sentences, which
  reads machine-written or carries translation leftovers, which outlet is a
  wire or state-media source. The origin model ranks the relatives by it.

Everything here is pure functions over numbers already computed; the names
in ``RELATION_FEATURES`` and ``ORIGIN_FEATURES`` are what the model files list.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from unspin.trace.encoder import ArticleVectors
from unspin.trace.similarity import longest_increasing

# A sentence pair at or above this cosine is "the same sentence" (an English
# paraphrase of a Russian sentence scores about 0.75-0.85 with USE-m).
ALIGNED_COSINE = 0.7
# Rewrites padded and paraphrased by an LLM rarely reach that across languages;
# half-matching sentences still separate a lineage from independent coverage.
LOOSE_COSINE = 0.5
SOURCE_LANGUAGES = ("ru", "uk")


@dataclass
class EmbeddingEvidence:
    document_cosine: float = 0.0     # cosine of the two document vectors
    query_matched: float = 0.0       # mean over query sentences of the best cosine in the relative
    relative_matched: float = 0.0    # the same the other way
    query_aligned: float = 0.0       # share of query sentences with a counterpart >= ALIGNED_COSINE
    relative_aligned: float = 0.0
    aligned_order: float = 0.0       # aligned pairs in the same order (LIS share; 0 with < 2 pairs)
    query_aligned_loose: float = 0.0     # the same shares at LOOSE_COSINE
    relative_aligned_loose: float = 0.0


def embedding_evidence(query: ArticleVectors, relative: ArticleVectors) -> EmbeddingEvidence:
    if not len(query.sentences) or not len(relative.sentences):
        return EmbeddingEvidence()
    # a trace compares ~80 pairs: plain sums and counts, not numpy's slower mean()
    sim = query.sentences @ relative.sentences.T
    best_q = sim.max(axis=1)
    best_r = sim.max(axis=0)
    n_q, n_r = len(best_q), len(best_r)
    aligned = best_q >= ALIGNED_COSINE
    count = int(np.count_nonzero(aligned))
    # two sentences may match the same one: equal positions keep the order
    order = (longest_increasing(sim.argmax(axis=1)[aligned].tolist(), strict=False) / count
             if count >= 2 else 0.0)
    return EmbeddingEvidence(
        document_cosine=float(query.document @ relative.document),
        query_matched=float(best_q.sum()) / n_q, relative_matched=float(best_r.sum()) / n_r,
        query_aligned=count / n_q,
        relative_aligned=int(np.count_nonzero(best_r >= ALIGNED_COSINE)) / n_r,
        aligned_order=float(order),
        query_aligned_loose=int(np.count_nonzero(best_q >= LOOSE_COSINE)) / n_q,
        relative_aligned_loose=int(np.count_nonzero(best_r >= LOOSE_COSINE)) / n_r)


def pool_gaps(evidence: list) -> None:
    """How far each candidate is from the pool's best on sentence match, fact overlap
    and char cosine (0 for the best): an origin is the closest of the texts on its
    event, where independent coverage of the same event is merely close."""
    for field, gap in (("query_matched", "matched_gap"), ("skeleton_overlap", "skeleton_gap"),
                       ("char_tfidf_cosine", "cosine_gap")):
        for same in (True, False):
            group = [ev for ev in evidence if ev.same_language == same]
            if group:
                best = max(getattr(ev, field) for ev in group)
                for ev in group:
                    setattr(ev, gap, getattr(ev, field) - best)


RELATION_FEATURES = [
    "char_tfidf_cosine", "minhash_jaccard", "skeleton_overlap", "covered_max", "covered_min",
    "order_agreement", "log_shared_terms", "log_shared_facts", "same_language", "source_language_pair",
    "document_cosine", "query_matched", "relative_matched", "query_aligned", "relative_aligned",
    "aligned_min", "aligned_order", "query_aligned_loose", "relative_aligned_loose",
    "matched_gap", "skeleton_gap", "cosine_gap", "log_lag_days", "lag_unknown",
    "both_source_language", "both_machine", "upstream_outlets",
    # the same evidence means different things within and across languages
    "xl_document_cosine", "xl_query_matched", "xl_relative_matched", "xl_skeleton_overlap",
    "xl_order_agreement", "xl_query_aligned_loose",
    # languages the sentence encoder does not cover (Swahili, Hindi, Ukrainian...): e5 instead
    "wide_similarity",
    # rewrites of one item keep its opening's wording (same language only)
    "lead_overlap",
]


def relation_features(ev) -> list[float]:
    """``ev``: a ``relate.PairEvidence`` with its embedding fields filled."""
    lag = ev.lag_days
    return [
        ev.char_tfidf_cosine, ev.minhash_jaccard, ev.skeleton_overlap,
        max(ev.query_covered, ev.relative_covered), min(ev.query_covered, ev.relative_covered),
        ev.order_agreement, math.log1p(len(ev.shared_terms)), math.log1p(ev.shared_facts),
        float(ev.same_language), float(ev.source_language_pair),
        ev.document_cosine, ev.query_matched, ev.relative_matched, ev.query_aligned, ev.relative_aligned,
        min(ev.query_aligned, ev.relative_aligned), ev.aligned_order,
        ev.query_aligned_loose, ev.relative_aligned_loose, ev.matched_gap, ev.skeleton_gap, ev.cosine_gap,
        math.log1p(abs(lag)) if lag is not None else 0.0, float(lag is None),
        float(ev.both_source_language), ev.both_machine, float(ev.upstream_outlets),
    ] + [0.0 if ev.same_language else value for value in (
        ev.document_cosine, ev.query_matched, ev.relative_matched, ev.skeleton_overlap,
        ev.order_agreement, ev.query_aligned_loose)] + [ev.wide_similarity, ev.lead_overlap]


@dataclass
class ArticleSignals:
    """What one article says about its own place in a lineage."""

    language: str
    published: date | None
    precision: str                  # day | month | year
    machine_probability: float      # style classifier, English only (0.5 = not measured)
    translation_leftovers: int      # untranslated Cyrillic / mixed-script words in a Latin-script text
    upstream_outlet: bool           # a wire or state-media outlet (unspin/data/outlets_upstream.tsv)


def date_order(a: ArticleSignals, b: ArticleSignals) -> int:
    """+1 when ``a`` is older than ``b``, -1 when younger, 0 when equal at the
    coarser of the two precisions or unknown ("2025-10" vs "2025-10-08" is 0)."""
    if a.published is None or b.published is None:
        return 0
    coarse = "year" if "year" in (a.precision, b.precision) else "month" if "month" in (a.precision, b.precision) else "day"
    key_a = _truncate(a.published, coarse)
    key_b = _truncate(b.published, coarse)
    return 0 if key_a == key_b else (1 if key_a < key_b else -1)


def _truncate(d: date, precision: str) -> tuple[int, ...]:
    return (d.year,) if precision == "year" else (d.year, d.month) if precision == "month" else (d.year, d.month, d.day)


DIRECTION_FEATURES = [
    "relative_older", "relative_younger", "relative_in_source_language", "query_in_source_language",
    "fact_superset", "sentence_superset", "lineage_probability", "machine_difference",
    "relative_leftovers", "query_leftovers", "relative_upstream_outlet", "query_upstream_outlet",
]
# The origin model reads the direction evidence and the pair's own evidence: an
# origin is upstream *and* the closest text of its pool.
ORIGIN_FEATURES = DIRECTION_FEATURES + [f"pair_{name}" for name in RELATION_FEATURES]


def origin_features(query: ArticleSignals, relative: ArticleSignals, ev, lineage_probability: float,
                    pair: Sequence[float]) -> list[float]:
    """Evidence that ``relative`` is the origin of ``query``: direction first, then
    ``pair``, the pair's ``relation_features`` (the caller has them already)."""
    older = date_order(relative, query)
    q_src = query.language in SOURCE_LANGUAGES
    r_src = relative.language in SOURCE_LANGUAGES
    return [
        float(older == 1), float(older == -1), float(r_src and not q_src), float(q_src and not r_src),
        ev.query_covered - ev.relative_covered, ev.query_aligned_loose - ev.relative_aligned_loose,
        lineage_probability, query.machine_probability - relative.machine_probability,
        float(relative.translation_leftovers > 0), float(query.translation_leftovers > 0),
        float(relative.upstream_outlet), float(query.upstream_outlet),
    ] + list(pair)


def as_matrix(rows: list[list[float]], width: int) -> np.ndarray:
    return np.asarray(rows, dtype=np.float64).reshape(-1, width)


# Plain words for each feature, for the "why" shown beside a decision.
_WORDS = {
    "char_tfidf_cosine": "character n-gram similarity", "minhash_jaccard": "shared 5-word shingles",
    "skeleton_overlap": "shared facts (weighted)", "covered_max": "facts of one found in the other",
    "covered_min": "facts found both ways", "order_agreement": "facts in the same order",
    "log_shared_terms": "number of shared facts and names", "log_shared_facts": "number of shared numbers, dates, quotes",
    "same_language": "same language", "source_language_pair": "Russian/Ukrainian vs other language",
    "document_cosine": "document vectors alike", "query_matched": "query sentences matched",
    "relative_matched": "relative's sentences matched", "query_aligned": "query sentences translated/paraphrased",
    "relative_aligned": "relative's sentences translated/paraphrased", "aligned_min": "sentences aligned both ways",
    "aligned_order": "aligned sentences in order", "query_aligned_loose": "query sentences half-matched",
    "relative_aligned_loose": "relative's sentences half-matched", "matched_gap": "behind the pool's best sentence match",
    "skeleton_gap": "behind the pool's best fact overlap", "cosine_gap": "behind the pool's best text similarity",
    "log_lag_days": "days apart", "lag_unknown": "a date missing", "both_source_language": "both Russian/Ukrainian",
    "both_machine": "both read machine-written", "upstream_outlets": "wire / state-media outlets in the pair",
    "xl_document_cosine": "document vectors alike across languages",
    "xl_query_matched": "query sentences matched across languages",
    "xl_relative_matched": "relative's sentences matched across languages",
    "xl_skeleton_overlap": "shared facts across languages", "xl_order_agreement": "facts in order across languages",
    "xl_query_aligned_loose": "query sentences half-matched across languages",
    "wide_similarity": "closer than their neighbours (e5, a language the sentence encoder lacks)",
    "lead_overlap": "openings worded alike",
    "relative_older": "relative published earlier", "relative_younger": "relative published later",
    "relative_in_source_language": "relative in Russian/Ukrainian, query not",
    "query_in_source_language": "query in Russian/Ukrainian, relative not",
    "fact_superset": "relative holds the query's facts (superset)",
    "sentence_superset": "relative holds the query's sentences", "lineage_probability": "same lineage (relation model)",
    "machine_difference": "query reads more machine-written than the relative",
    "relative_leftovers": "relative has translation leftovers", "query_leftovers": "query has translation leftovers",
    "relative_upstream_outlet": "relative is a wire / state-media outlet",
    "query_upstream_outlet": "query is a wire / state-media outlet",
}


def describe(feature: str) -> str:
    """Plain words for a feature name (``pair_`` features read as their relation feature)."""
    return _WORDS.get(feature.removeprefix("pair_"), feature.replace("_", " "))
