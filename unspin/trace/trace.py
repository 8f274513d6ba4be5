"""``trace``: the relatives of one article in a store, ranked, with evidence.

Query plan (kept cheap so one query stays under ~100 ms at 100k articles):

1. candidates from the store's two indexes: LSH band keys (copies, any date)
   and skeleton terms ranked by summed IDF (rewrites and translations,
   within ``window_days`` of the query's date; undated articles always
   qualify);
2. only the best ``POOL`` candidates are fetched (text + stored skeleton);
3. each is scored: MinHash Jaccard, char n-gram TF-IDF cosine (IDF fitted on
   the pool), IDF-weighted skeleton overlap and order;
4. relation and direction are decided (``relate``), the top ``k`` kept, and
   only those are sentence-aligned (``align``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

import numpy as np

from unspin.model import Article
from unspin.trace.align import align as align_texts
from unspin.trace.fingerprint import fingerprint
from unspin.trace.relate import LINEAGE, PairEvidence, classify, direction
from unspin.trace.similarity import (CharTfidf, idf_from_df, minhash_jaccard, order_agreement,
                                     skeleton_overlap)
from unspin.trace.skeleton import SKELETON_VERSION, extract, hash_term

POOL = 60               # candidates fetched and scored per query
BAND_LIMIT = 200
TERM_LIMIT = 200
MAX_QUERY_TERMS = 200   # very long texts: the index lookup uses their first terms


class TraceStore(Protocol):
    """The part of ``unspin.store.Store`` that tracing reads."""

    def article(self, key: str) -> Article | None: ...
    def articles(self, ids: list[str]) -> list[Article]: ...
    def iter_articles(self, batch: int = 1000) -> Iterable[Article]: ...
    def count(self) -> int: ...
    def idf_total(self) -> int: ...  # the article count idf uses (may be cached briefly)
    def stored_fingerprints(self, article_ids: list[str]) -> dict[str, tuple[np.ndarray, dict]]: ...
    def band_candidates(self, bands: list[int], *, exclude: str | None = None,
                        limit: int = 200) -> dict[str, int]: ...
    def term_candidates(self, terms: list[int], *, published_from: date | None = None,
                        published_to: date | None = None, exclude: str | None = None,
                        limit: int = 200) -> list[tuple[str, float]]: ...
    def term_df(self, terms: list[int]) -> dict[int, int]: ...


@dataclass
class Relative:
    """One related article, as ``trace`` reports it (plain data, JSON-able via to_dict)."""

    article_id: str
    relation: str                 # "copy" | "rewrite" | "cross_language_rewrite" | "independent"
    score: float                  # 0..1, higher = more certainly this relation
    direction: str                # "upstream" (relative older: a candidate origin) | "downstream" | "unknown"
    lag_hours: float | None       # relative.published - query.published in hours
    evidence: dict[str, Any] = field(default_factory=dict)
    aligned: list[dict[str, Any]] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class NotFound(LookupError):
    """The key names no stored article."""


def language_of(article: Article) -> str:
    if article.language:
        return article.language.split("-")[0].lower()
    from unspin.lang import detect_language

    return detect_language(article.text)[0]


def resolve(store: TraceStore, key_or_article: str | Article) -> Article:
    if isinstance(key_or_article, Article):
        return key_or_article
    found = store.article(key_or_article)
    if found is None:
        raise NotFound(f"no stored article with id or URL {key_or_article!r}")
    return found


@dataclass
class _Facts:
    order: list[str]
    minhash: np.ndarray


def _facts_of(article: Article, stored: tuple[np.ndarray, dict] | None) -> _Facts:
    if stored is not None:
        minhash, skeleton = stored
        if skeleton and skeleton.get("v") == SKELETON_VERSION and minhash is not None and np.any(minhash):
            return _Facts(list(skeleton.get("order", [])), np.asarray(minhash))
    fp = fingerprint(article)  # stored by an older version (or a placeholder): recompute
    return _Facts(fp.skeleton["order"], fp.minhash)


def _candidate_ids(store: TraceStore, query: Article, bands: list[int], terms: list[int],
                   window_days: int | None) -> tuple[list[str], dict[str, int]]:
    band_hits = store.band_candidates(bands, exclude=query.id, limit=BAND_LIMIT) if bands else {}
    published_from = published_to = None
    if query.published and window_days is not None:
        published_from = query.published - timedelta(days=window_days)
        published_to = query.published + timedelta(days=window_days)
    term_hits = store.term_candidates(terms[:MAX_QUERY_TERMS], published_from=published_from,
                                      published_to=published_to, exclude=query.id,
                                      limit=TERM_LIMIT) if terms else []
    ordered = sorted(band_hits, key=lambda i: -band_hits[i])
    ordered += [i for i, _ in term_hits]
    ids = [i for i in dict.fromkeys(ordered) if i != query.id][:max(POOL, len(band_hits))]
    return ids, band_hits


def trace(store: TraceStore, key_or_article: str | Article, *, k: int = 10, window_days: int = 30,
          align: bool = True, include_independent: bool = True) -> list[Relative]:
    """The ``k`` best-supported relatives of an article (a stored id or URL, or an Article)."""
    query = resolve(store, key_or_article)
    qfp = fingerprint(query)
    ids, band_hits = _candidate_ids(store, query, qfp.bands, qfp.terms, window_days)
    if not ids:
        return []
    candidates = [a for a in store.articles(ids) if a is not None and a.id != query.id]
    stored = store.stored_fingerprints([a.id for a in candidates])
    facts = [_facts_of(a, stored.get(a.id)) for a in candidates]
    q_order = qfp.skeleton["order"]

    # IDF of every term in play, from the store's document frequencies
    all_terms = set(q_order).union(*(f.order for f in facts)) if facts else set(q_order)
    by_hash = {hash_term(t): t for t in all_terms}
    df = store.term_df(list(by_hash))
    total = max(1, store.idf_total())
    idf = idf_from_df({by_hash[h]: c for h, c in df.items() if h in by_hash}, total)
    rarest = idf_from_df({"": 1}, total)[""]
    for t in all_terms:
        idf.setdefault(t, rarest)

    cosines = CharTfidf([query.text] + [a.text for a in candidates]).cosine_to(0)[1:]
    q_lang = language_of(query)
    relatives: list[Relative] = []
    for cand, fact, cos in zip(candidates, facts, cosines):
        c_lang = language_of(cand)
        jac, q_cov, r_cov = skeleton_overlap(q_order, fact.order, idf)
        shared = [t for t in dict.fromkeys(q_order) if t in set(fact.order)]
        ev = PairEvidence(
            same_language=q_lang == c_lang,
            minhash_jaccard=minhash_jaccard(qfp.minhash, fact.minhash),
            char_tfidf_cosine=float(cos),
            skeleton_overlap=jac, query_covered=q_cov, relative_covered=r_cov,
            order_agreement=order_agreement(q_order, fact.order),
            shared_terms=shared, shared_bands=band_hits.get(cand.id, 0))
        relation, score = classify(ev)
        if relation is None or (relation not in LINEAGE and not include_independent):
            continue
        way, why = direction(query.published, cand.published, q_lang, c_lang, ev)
        evidence = ev.to_dict()
        evidence.update(languages=[q_lang, c_lang], direction_reason=why)
        relatives.append(Relative(
            article_id=cand.id, relation=relation, score=round(float(score), 4), direction=way,
            lag_hours=_lag_hours(query.published, cand.published), evidence=evidence))

    relatives.sort(key=lambda r: (r.relation in LINEAGE, r.score), reverse=True)
    relatives = relatives[:k]
    if align:
        # Independent coverage is not aligned: it shares facts, not sentences, and
        # alignment is the costliest step of a query.
        texts = {a.id: a for a in candidates}
        for rel in relatives:
            if rel.relation not in LINEAGE:
                continue
            rel.aligned, rel.changes = align_texts(
                query.text, texts[rel.article_id].text,
                same_language=rel.evidence["same_language"],
                query_is_downstream=rel.direction != "downstream")
    return relatives


def _lag_hours(query: date | None, relative: date | None) -> float | None:
    if query is None or relative is None:
        return None
    return (relative - query).days * 24.0


def relations_for_corpus(store: TraceStore, *, progress: Callable[[int], None] | None = None,
                         k: int = 20, window_days: int = 30) -> list[tuple[str, Relative]]:
    """(query id, relative) for every stored article: the corpus-wide relation list
    stories and the eval group from. No sentence alignment (that is per-view work).
    ``progress`` gets the running number of articles traced."""
    out: list[tuple[str, Relative]] = []
    for n, article in enumerate(store.iter_articles(), 1):
        for rel in trace(store, article, k=k, window_days=window_days, align=False):
            out.append((article.id, rel))
        if progress:
            progress(n)
    return out


def skeleton_terms(text: str) -> list[str]:
    """The readable skeleton terms of a text (for tools and tests)."""
    return extract(text).terms
