"""``trace``: the relatives of one article in a store, ranked, with evidence.

Query plan (README "Corpus store at 100k articles" gives its cost):

1. candidates from the store's two indexes: LSH band keys (copies, any date)
   and skeleton terms ranked by summed IDF (rewrites and translations,
   within ``window_days`` of the query's date; undated articles always
   qualify);
2. only the best ``POOL`` candidates are fetched (text + stored skeleton);
   plus the nearest document vectors (multilingual sentence encoder), which
   find translations whose names and numbers were changed;
3. each is scored (``gather``): MinHash Jaccard, char n-gram TF-IDF cosine (IDF
   fitted on the pool), IDF-weighted skeleton overlap and order, and the
   multilingual sentence alignment (vectors kept in the store);
4. the learned relation model decides unrelated / independent / lineage, the
   learned origin model gives each related candidate its probability of being
   the origin (``decide``); the hub's own lineage joins (``add_siblings``); the
   top ``k`` are kept, and only the lineage ones are sentence-aligned (``align``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

import numpy as np

from unspin.model import Article
from unspin.trace.align import align as align_texts
from unspin.trace.fingerprint import fingerprint
from unspin.trace.features import (SOURCE_LANGUAGES, ArticleSignals, as_matrix, embedding_evidence, origin_features, pool_gaps,
                                   relation_features, ORIGIN_FEATURES, RELATION_FEATURES)
from unspin.trace.models import ORIGIN_MIN_PROBABILITY, shipped_models
from unspin.trace.relate import (COPY, CROSS_LANGUAGE_REWRITE, INDEPENDENT, LINEAGE, REWRITE, PairEvidence,
                                 classify, direction, is_copy, lineage_kind)
from unspin.trace.signals import language_of, signals_of
from unspin.trace.similarity import (CharTfidf, QuerySkeleton, idf_from_df, lead_overlap, lead_words,
                                     minhash_jaccard)
from unspin.trace.skeleton import SKELETON_VERSION, extract, hash_term

POOL = 60               # candidates fetched and scored per query (plus the vector neighbours)
BAND_LIMIT = 200
TERM_LIMIT = 200
MAX_QUERY_TERMS = 200   # very long texts: the index lookup uses their first terms
VECTOR_CANDIDATES = 20  # nearest document vectors added to the pool
# A lineage relative at least this certain is the query's hub, whose own lineage
# relatives join the query's (set by hand; docs/tracing.md shows it on two fold seeds)
HUB_MIN_SCORE = 0.9
_USE_SHIPPED = object()  # decide(): the shipped models (None means the hand-set rule)


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
    # probability (origin model) that this relative is the query's origin; None under the
    # hand-set rule and for relatives added through the hub
    origin_probability: float | None = None
    aligned: list[dict[str, Any]] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class NotFound(LookupError):
    """The key names no stored article."""


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
    signals: dict | None = None
    lead: str = ""


def _facts_of(article: Article, stored: tuple[np.ndarray, dict] | None) -> _Facts:
    if stored is not None:
        minhash, skeleton = stored
        if skeleton and skeleton.get("v") == SKELETON_VERSION and minhash is not None and np.any(minhash):
            return _Facts(list(skeleton.get("order", [])), np.asarray(minhash), skeleton.get("signals"),
                          _lead_of(skeleton, article.text))
    fp = fingerprint(article)  # stored by an older version (or a placeholder): recompute
    return _Facts(fp.skeleton["order"], fp.minhash, fp.skeleton.get("signals"), fp.skeleton["lead"])


def _lead_of(skeleton: dict, text: str) -> str:
    """The opening's words kept with the fingerprint, or read from the text for a fingerprint
    stored before they were kept."""
    lead = skeleton.get("lead")
    return lead if lead is not None else lead_words(text)


class _Fetched:
    """What one ``trace`` call has read from the store (articles, stored fingerprints, vectors),
    by article id: the hub's pool shares many candidates with the query's, and its second
    ``gather`` reads only the ones it has not seen. The same rows either way: nothing is
    kept beyond the call."""

    def __init__(self) -> None:
        self.articles: dict[str, Article] = {}
        self.fingerprints: dict[str, tuple[np.ndarray, dict]] = {}
        self.fingerprints_read: set[str] = set()   # asked for, found or not
        self.vectors: dict[str, Any] = {}
        self.wide: dict[str, np.ndarray] = {}      # e5 vectors (wide.py), pools with uncovered languages
        self.term_df: dict[int, int] = {}
        # the first pool's nearest document vectors (its query first): the hub's pool reuses them
        self.neighbours: list[str] | None = None

    def prefetch(self, store: TraceStore, ids: list[str], *, vectors: bool) -> None:
        """Read the articles of ``ids`` not read yet with their stored fingerprints (and vectors)
        in one statement, where the store offers it (``Store.pool_rows``); the ``get_*``
        calls then find them here. Articles without stored vectors are left to ``get_vectors``,
        which makes them."""
        pool_rows = getattr(store, "pool_rows", None)
        missing = [i for i in dict.fromkeys(ids) if i not in self.articles]
        if pool_rows is None or not missing:
            return
        from unspin.trace.encoder import ENCODER_NAME, ArticleVectors

        for article, stored, vector_row in pool_rows(missing, ENCODER_NAME):
            self.articles[article.id] = article
            self.fingerprints_read.add(article.id)
            if stored is not None:
                self.fingerprints[article.id] = stored
            if vectors and vector_row is not None and article.id not in self.vectors:
                self.vectors[article.id] = ArticleVectors.from_bytes(*vector_row)

    def get_articles(self, store: TraceStore, ids: list[str]) -> list[Article]:
        """``store.articles(ids)``: in the order given, unknown ids left out."""
        missing = [i for i in ids if i not in self.articles]
        if missing:
            self.articles.update((a.id, a) for a in store.articles(missing))
        return [self.articles[i] for i in ids if i in self.articles]

    def get_fingerprints(self, store: TraceStore, ids: list[str]) -> dict[str, tuple[np.ndarray, dict]]:
        """``store.stored_fingerprints(ids)``."""
        missing = [i for i in ids if i not in self.fingerprints_read]
        if missing:
            self.fingerprints.update(store.stored_fingerprints(missing))
            self.fingerprints_read.update(missing)
        return {i: self.fingerprints[i] for i in ids if i in self.fingerprints}

    def get_term_df(self, store: TraceStore, terms: list[int]) -> dict[int, int]:
        """``store.term_df(terms)``."""
        missing = [t for t in terms if t not in self.term_df]
        if missing:
            self.term_df.update(store.term_df(missing))
        return {t: self.term_df[t] for t in terms if t in self.term_df}

    def get_vectors(self, store: TraceStore, articles: list[Article]) -> dict[str, Any]:
        """``vectors.ensure_vectors(store, articles)``."""
        from unspin.trace.vectors import ensure_vectors

        missing = [a for a in articles if a.id not in self.vectors]
        if missing:
            self.vectors.update(ensure_vectors(store, missing))
        return {a.id: self.vectors[a.id] for a in articles if a.id in self.vectors}


def _query_fingerprint(store: TraceStore, query: Article, fetched: _Fetched | None = None) -> Any:
    """The query's fingerprint: the one stored at ingest when the query is a stored article of the
    current skeleton version (the same numbers; the text signals in it cost ~3 ms to recompute),
    else computed now."""
    from unspin.trace.fingerprint import Fingerprint, band_keys

    if fetched is None:
        fetched = _Fetched()
    stored = fetched.get_fingerprints(store, [query.id]).get(query.id) if query.id else None
    if stored is not None:
        minhash, skeleton = stored
        if skeleton and skeleton.get("v") == SKELETON_VERSION and minhash is not None and np.any(minhash):
            minhash = np.asarray(minhash)
            return Fingerprint(minhash=minhash, bands=band_keys(minhash),
                               terms=[hash_term(t) for t in skeleton.get("order", [])], skeleton=skeleton)
    return fingerprint(query)


def _candidate_ids(store: TraceStore, query: Article, bands: list[int], terms: list[int],
                   window_days: int | None) -> tuple[list[str], dict[str, int]]:
    band_hits = dict(store.band_candidates(bands, exclude=query.id, limit=BAND_LIMIT)) if bands else {}
    published_from = published_to = None
    if query.published and window_days is not None:
        published_from = query.published - timedelta(days=window_days)
        published_to = query.published + timedelta(days=window_days)
    term_hits = store.term_candidates(terms[:MAX_QUERY_TERMS], published_from=published_from,
                                      published_to=published_to, exclude=query.id,
                                      limit=TERM_LIMIT) if terms else []
    # pairs a batch run over the whole corpus found (unspin candidates; none in most stores)
    stored_pairs = getattr(store, "stored_candidates", None)
    batch_hits = stored_pairs(query.id) if stored_pairs is not None and query.id else {}
    for other, (shared, _cosine) in batch_hits.items():
        if shared:
            band_hits[other] = max(band_hits.get(other, 0), shared)
    ordered = sorted(band_hits, key=lambda i: -band_hits[i])
    ordered += [i for i, _ in term_hits]
    ordered += sorted((i for i, (shared, _) in batch_hits.items() if not shared),
                      key=lambda i: -(batch_hits[i][1] or 0.0))
    # At most POOL, copies (most shared bands) first: a family of 200 near-identical copies
    # would otherwise put 200 texts through every comparison, and the first POOL of them
    # show the copying as well as all of them do.
    ids = [i for i in dict.fromkeys(ordered) if i != query.id][:POOL]
    return ids, band_hits


@dataclass
class Candidate:
    """A stored article that may be related to the query, with the pair's evidence."""

    article: Article
    evidence: PairEvidence
    # the two sides' direction signals, read while gathering (the origin model's inputs)
    signals: ArticleSignals | None = None
    query_signals: ArticleSignals | None = None


def gather(store: TraceStore, query: Article, *, window_days: int | None = 30,
           vectors: bool = True, fetched: _Fetched | None = None) -> list[Candidate]:
    """The candidate pool of ``query`` with every number the decisions read (no decision yet).
    ``fetched``: the rows an earlier ``gather`` of the same ``trace`` call read (reused)."""
    if fetched is None:
        fetched = _Fetched()
    qfp = _query_fingerprint(store, query, fetched)
    ids, band_hits = _candidate_ids(store, query, qfp.bands, qfp.terms, window_days)
    vector_store = vectors and hasattr(store, "document_vectors")
    if vector_store:
        from unspin.trace.vectors import nearest

        query_vectors = fetched.get_vectors(store, [query])[query.id]
        known = set(ids)
        if fetched.neighbours is None:
            fetched.neighbours = [i for i, _ in nearest(store, query_vectors.document, k=VECTOR_CANDIDATES + 1)]
        # The hub's pool (the second gather of a trace) takes the query's neighbours instead of
        # searching again: the hub is the query's near copy (linked at HUB_MIN_SCORE or more), so
        # the two searches find nearly the same texts. make eval-trace (seeds 0 and 1) gave the
        # same output to the last digit; on the 100k synthetic store a trace took about 30 ms less
        # and 5 of 80 traces gained or lost a borderline sibling (README, 100k store).
        neighbours = [i for i in fetched.neighbours if i != query.id][:VECTOR_CANDIDATES]
        ids += [i for i in neighbours if i not in known]
        if hasattr(store, "wide_document_vectors"):
            known = set(ids)
            ids += [i for i in _wide_candidates(store, query, fetched) if i not in known and i != query.id]
    if not ids:
        return []
    fetched.prefetch(store, ids, vectors=vector_store)
    candidates = [a for a in fetched.get_articles(store, ids) if a is not None and a.id != query.id]
    stored = fetched.get_fingerprints(store, [a.id for a in candidates])
    facts = [_facts_of(a, stored.get(a.id)) for a in candidates]
    q_order = qfp.skeleton["order"]
    q_lead = _lead_of(qfp.skeleton, query.text)

    # IDF of every term in play, from the store's document frequencies
    all_terms = set(q_order).union(*(f.order for f in facts)) if facts else set(q_order)
    by_hash = {hash_term(t): t for t in all_terms}
    df = fetched.get_term_df(store, list(by_hash))
    total = max(1, store.idf_total())
    idf = idf_from_df({by_hash[h]: c for h, c in df.items() if h in by_hash}, total)
    rarest = idf_from_df({"": 1}, total)[""]
    for t in all_terms:
        idf.setdefault(t, rarest)

    cosines = CharTfidf([query.text] + [a.text for a in candidates]).cosine_to(0)[1:]
    vecs = {}
    if vector_store:
        vecs = fetched.get_vectors(store, candidates)
        vecs[query.id] = query_vectors
    q_lang = language_of(query)
    q_sig = signals_of(query, q_lang, qfp.skeleton.get("signals"), remember=False)
    q_skeleton = QuerySkeleton(q_order, idf)
    out: list[Candidate] = []
    languages = []
    for cand, fact, cos in zip(candidates, facts, cosines):
        c_lang = language_of(cand)
        languages.append(c_lang)
        # skeleton_overlap, order_agreement and the shared terms, the query's side computed once
        jac, q_cov, r_cov, order, shared = q_skeleton.compare(fact.order)
        ev = PairEvidence(
            same_language=q_lang == c_lang,
            minhash_jaccard=minhash_jaccard(qfp.minhash, fact.minhash),
            char_tfidf_cosine=float(cos),
            skeleton_overlap=jac, query_covered=q_cov, relative_covered=r_cov,
            order_agreement=order,
            shared_terms=shared, shared_bands=band_hits.get(cand.id, 0),
            source_language_pair=(q_lang in SOURCE_LANGUAGES) != (c_lang in SOURCE_LANGUAGES),
            both_source_language=q_lang in SOURCE_LANGUAGES and c_lang in SOURCE_LANGUAGES,
            lead_overlap=lead_overlap(q_lead, fact.lead) if q_lang == c_lang else 0.0,
            lag_days=(cand.published - query.published).days if cand.published and query.published else None)
        c_sig = signals_of(cand, c_lang, fact.signals, remember=False)
        ev.both_machine = min(q_sig.machine_probability, c_sig.machine_probability)
        ev.upstream_outlets = int(q_sig.upstream_outlet) + int(c_sig.upstream_outlet)
        if query.id in vecs and cand.id in vecs:
            emb = embedding_evidence(vecs[query.id], vecs[cand.id])
            for name, value in vars(emb).items():
                setattr(ev, name, value)
        out.append(Candidate(cand, ev, c_sig, q_sig))
    pool_gaps([c.evidence for c in out])
    if vector_store and hasattr(store, "wide_vectors"):
        _wide_similarity(store, query, q_lang, out, languages, fetched)
    return out


def _wide_candidates(store: Any, query: Article, fetched: _Fetched) -> list[str]:
    """The pool members e5 adds (wide.py): an uncovered query's nearest e5 vectors, or the
    uncovered articles that count a covered query among theirs. Nothing in a store without
    e5 vectors."""
    from unspin.trace.wide import covered, ensure_wide_vectors, wide_index

    index = wide_index(store)
    if not index.ids:
        return []
    uncovered = not covered(language_of(query))
    return index.candidates(query.id or None, uncovered=uncovered,
                            vector=lambda: ensure_wide_vectors(store, [query], fetched.wide)[query.id])


def _wide_similarity(store: Any, query: Article, q_lang: str, pool: list[Candidate], languages: list[str],
                     fetched: _Fetched) -> None:
    """``wide_similarity`` of the pairs with a side USE-m does not cover (wide.py); 0 elsewhere."""
    from unspin.trace.wide import covered, csls, ensure_wide_vectors, needs_wide, wide_index

    if not pool or not needs_wide(q_lang, languages):
        return
    members = [query] + [c.article for c in pool]
    vectors = ensure_wide_vectors(store, members, fetched.wide)
    index = wide_index(store) if hasattr(store, "wide_document_vectors") else None
    scores = csls(np.stack([vectors[a.id] for a in members]), [a.id for a in members],
                  index.ids if index else (), index.matrix if index else None)
    for cand, c_lang, score in zip(pool, languages, scores):
        if not (covered(q_lang) and covered(c_lang)):
            cand.evidence.wide_similarity = float(score)


def decide(query: Article, candidates: list[Candidate], *, models: Any = _USE_SHIPPED,
           include_independent: bool = True) -> list[Relative]:
    """Relatives (unsorted) from a gathered pool. ``models``: a ``TraceModels``,
    the shipped ones by default, or None for the hand-set rule of ``relate``.

    With models, every candidate gets a relation probability and an origin
    probability. A pair is lineage when P(lineage) reaches the model's learned
    ``lineage_threshold`` (or it is a verbatim copy); the candidate the origin
    model names (the best of the pool, with a probability of at least
    ORIGIN_MIN_PROBABILITY) is kept as a lineage relative even where the
    pairwise relation model alone would not have called it one."""
    if models is _USE_SHIPPED:
        models = shipped_models()
    if not candidates:
        return []
    q_lang = language_of(query)
    c_langs = [language_of(c.article) for c in candidates]
    origin_p = [0.0] * len(candidates)
    named = -1
    if models is not None:
        relation_x = as_matrix([relation_features(c.evidence) for c in candidates], len(RELATION_FEATURES))
        probabilities = models.relation.proba(relation_x)
        q_sig = candidates[0].query_signals or signals_of(query, q_lang)
        origin_x = as_matrix([origin_features(q_sig, c.signals or signals_of(c.article, lang), c.evidence,
                                              float(p[2]), row)
                              for c, lang, p, row in zip(candidates, c_langs, probabilities, relation_x)],
                             len(ORIGIN_FEATURES))
        origin_p = [float(x) for x in models.origin.proba(origin_x)[:, 1]]
        named = int(np.argmax(origin_p))
        cut = float(models.relation.meta.get("lineage_threshold", 0.5))
    relatives: list[Relative] = []
    for i, (cand, c_lang) in enumerate(zip(candidates, c_langs)):
        ev = cand.evidence
        promoted = False
        if models is None:
            relation, score = classify(ev)
        else:
            p = probabilities[i]
            best = 2 if p[2] >= cut or is_copy(ev) else int(np.argmax(p[:2]))
            if best != 2 and i == named and origin_p[i] >= ORIGIN_MIN_PROBABILITY:
                best, promoted = 2, True
            relation = (None, INDEPENDENT, lineage_kind(ev))[best]
            score = max(float(p[2]), origin_p[i]) if best == 2 else 0.5 * float(p[1])
            if relation == COPY:
                score = max(score, ev.minhash_jaccard, ev.char_tfidf_cosine)
        if relation is None or (relation not in LINEAGE and not include_independent):
            continue
        way, why = direction(query.published, cand.article.published, q_lang, c_lang, ev)
        evidence = ev.to_dict()
        evidence.update(languages=[q_lang, c_lang], direction_reason=why)
        rel = Relative(article_id=cand.article.id, relation=relation, score=round(float(score), 4),
                       direction=way, lag_hours=_lag_hours(query.published, cand.article.published),
                       evidence=evidence)
        if models is not None:
            cls = "lineage" if relation in LINEAGE else "independent"
            evidence["relation_probabilities"] = dict(zip(models.relation.classes,
                                                          (round(float(x), 4) for x in probabilities[i])))
            evidence["relation_why"] = models.relation.contributions(relation_x[i], cls)[:4]
            if promoted:
                evidence["relation_reason"] = "named origin by the origin model"
            rel.origin_probability = round(origin_p[i], 4)
            evidence["origin_why"] = models.origin.contributions(origin_x[i], "origin")[:4]
        relatives.append(rel)
    return relatives


def trace(store: TraceStore, key_or_article: str | Article, *, k: int = 10, window_days: int = 30,
          align: bool = True, include_independent: bool = True, models: Any = _USE_SHIPPED,
          vectors: bool = True, siblings: bool = True) -> list[Relative]:
    """The ``k`` best-supported relatives of an article (a stored id or URL, or an Article).

    ``siblings``: also trace the query's hub (its most certain lineage relative) and
    add the hub's own lineage relatives (``add_siblings``): the other rewrites of
    the same text, which pair by pair often share too little wording to be found."""
    # every read of the trace on one connection where the store offers it (Store.one_connection)
    with getattr(store, "one_connection", nullcontext)():
        return _trace(store, key_or_article, k=k, window_days=window_days, align=align,
                      include_independent=include_independent, models=models, vectors=vectors,
                      siblings=siblings)


def _trace(store: TraceStore, key_or_article: str | Article, *, k: int, window_days: int, align: bool,
           include_independent: bool, models: Any, vectors: bool, siblings: bool) -> list[Relative]:
    query = resolve(store, key_or_article)
    fetched = _Fetched()
    if not isinstance(key_or_article, Article):
        fetched.articles[query.id] = query  # read from the store: the row the hub's pool would read
    candidates = gather(store, query, window_days=window_days, vectors=vectors, fetched=fetched)
    relatives = rank(decide(query, candidates, models=models, include_independent=include_independent))
    hub = hub_of(relatives) if siblings else None
    if hub is not None:
        hub_article = fetched.articles.get(hub.article_id) or store.article(hub.article_id)
        if hub_article is not None:
            hub_relatives = decide(hub_article, gather(store, hub_article, window_days=window_days,
                                                       vectors=vectors, fetched=fetched), models=models)
            relatives = rank(add_siblings(query.id, language_of(query), relatives, hub, hub_relatives))
    relatives = relatives[:k]
    if align:
        # Independent coverage is not aligned: it shares facts, not sentences, and
        # alignment is the costliest step of a query.
        texts = {c.article.id: c.article for c in candidates}
        missing = [r.article_id for r in relatives if r.relation in LINEAGE and r.article_id not in texts]
        texts.update({a.id: a for a in fetched.get_articles(store, missing)} if missing else {})
        for rel in relatives:
            if rel.relation not in LINEAGE or rel.article_id not in texts:
                continue
            rel.aligned, rel.changes = align_texts(
                query.text, texts[rel.article_id].text,
                same_language=rel.evidence["same_language"],
                query_is_downstream=rel.direction != "downstream")
    return relatives


def hub_of(relatives: list[Relative]) -> Relative | None:
    """The query's most certain lineage relative, when it reaches HUB_MIN_SCORE."""
    lineage = [r for r in relatives if r.relation in LINEAGE and r.score >= HUB_MIN_SCORE
               and "via" not in r.evidence]
    return max(lineage, key=lambda r: r.score) if lineage else None


def add_siblings(query_id: str, query_language: str, relatives: list[Relative], hub: Relative,
                 hub_relatives: list[Relative]) -> list[Relative]:
    """``relatives`` with the hub's certain lineage relatives added as the query's
    lineage (two rewrites of one text are one lineage). An added relative's score is
    the product of the two links' scores; its evidence names the hub (``via``). A
    relative already there as independent coverage is upgraded; one already in the
    lineage is left as it is."""
    by_id = {r.article_id: r for r in relatives}
    out = list(relatives)
    for far in hub_relatives:
        if far.relation not in LINEAGE or far.article_id == query_id or far.score < HUB_MIN_SCORE:
            continue
        score = round(hub.score * far.score, 4)
        reason = f"in the same lineage as {hub.article_id} (linked {hub.score:.2f}, and it to this {far.score:.2f})"
        near = by_id.get(far.article_id)
        if near is not None:
            if near.relation not in LINEAGE:
                near.relation = REWRITE if near.evidence.get("same_language") else CROSS_LANGUAGE_REWRITE
                near.score = score
                near.evidence.update(via=hub.article_id, relation_reason=reason)
            continue
        language = (far.evidence.get("languages") or [None, None])[1]
        same = language == query_language
        added = Relative(article_id=far.article_id, relation=REWRITE if same else CROSS_LANGUAGE_REWRITE,
                         score=score, direction="unknown", lag_hours=None,
                         evidence={"via": hub.article_id, "relation_reason": reason, "same_language": same,
                                   "languages": [query_language, language],
                                   "direction_reason": "not compared directly"})
        by_id[far.article_id] = added
        out.append(added)
    return out


def rank(relatives: list[Relative]) -> list[Relative]:
    """Lineage before independent coverage, then by score."""
    return sorted(relatives, key=lambda r: (r.relation in LINEAGE, r.score), reverse=True)


def origin_verdict(relatives: list[Relative]) -> tuple[Relative | None, Relative | None]:
    """(probable origin, nearest upstream evidence): the lineage relative with the
    highest origin probability when it reaches ORIGIN_MIN_PROBABILITY; otherwise
    no origin and that best candidate as the nearest upstream evidence."""
    scored = [r for r in relatives if r.origin_probability is not None]
    if not scored:
        return None, None
    best = max(scored, key=lambda r: r.origin_probability)
    return (best, None) if best.origin_probability >= ORIGIN_MIN_PROBABILITY else (None, best)


def _lag_hours(query: date | None, relative: date | None) -> float | None:
    if query is None or relative is None:
        return None
    return (relative - query).days * 24.0


def relations_for_corpus(store: TraceStore, *, progress: Callable[[int], None] | None = None,
                         k: int = 20, window_days: int = 30, models: Any = _USE_SHIPPED,
                         ) -> list[tuple[str, Relative]]:
    """(query id, relative) for every stored article: the corpus-wide relation list
    stories and the eval group from. Each article's own decisions, then what the
    whole corpus adds (``corpus_view``: a link found from either side belongs to
    both; every certain lineage relative is a hub). No sentence alignment (that is
    per-view work). ``progress`` gets the running number of articles traced."""
    from unspin.trace.corpus_view import corpus_relations

    decided: dict[str, list[Relative]] = {}
    languages: dict[str, str] = {}
    for n, article in enumerate(store.iter_articles(), 1):
        with getattr(store, "one_connection", nullcontext)():  # as in trace: one connection per query
            candidates = gather(store, article, window_days=window_days)
        decided[article.id] = rank(decide(article, candidates, models=models))
        languages[article.id] = language_of(article)
        if progress:
            progress(n)
    return corpus_relations(decided, languages, k=k)


def skeleton_terms(text: str) -> list[str]:
    """The readable skeleton terms of a text (for tools and tests)."""
    return extract(text).terms
