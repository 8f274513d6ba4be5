"""Training and cross-validating tracing's relation and origin models.

The data are labelled tracing corpora (``cluster`` and ``role`` per article).
Every article is traced once to gather its candidate pool with all evidence
(``trace.gather``); the models are then fitted on pools only, so a K-fold
cross-validation costs K small fits, not K traces of the corpus.

Folds are grouped by cluster (an article without a cluster -- a distractor
-- is its own group), so no story is ever on both sides of a split. A pool's
pairs are used for training only when both ends lie in the training folds;
out-of-fold predictions are made for queries of the held-out fold against
the whole store (as at run time, where the store holds everything).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from unspin.model import Article
from unspin import logistic
from unspin.trace.features import (ORIGIN_FEATURES, RELATION_FEATURES, as_matrix, origin_features,
                                   relation_features)
from unspin.trace.metrics import Label
from unspin.trace.relate import is_copy
from unspin.trace.models import ORIGIN_CLASSES, RELATION_CLASSES, TraceModels
from unspin.trace.trace import Candidate, Relative, decide, gather, language_of

UNRELATED, INDEPENDENT, LINEAGE = 0, 1, 2
LINEAGE_ROLES = ("origin", "rewrite")
RELATION_L2 = 1.0
# Evidence of shared text or facts: more of it may never lower the odds of lineage against
# unrelated or independent (logistic.fit ``increasing``). Fitted freely, correlated evidence
# took negative weights (minhash, covered_min, aligned on the shipped data), so a pair sharing
# a whole verbatim paragraph scored as less likely lineage than one sharing less.
RELATION_INCREASING = (
    "char_tfidf_cosine", "minhash_jaccard", "skeleton_overlap", "covered_max", "covered_min",
    "order_agreement", "log_shared_terms", "log_shared_facts", "document_cosine", "query_matched",
    "relative_matched", "query_aligned", "relative_aligned", "aligned_min", "aligned_order",
    "query_aligned_loose", "relative_aligned_loose", "wide_similarity", "lead_overlap")
INNER_FOLDS = 4
# The lineage cut is chosen on inner out-of-fold predictions pooled over these fold seeds: from one
# seed the F0.5-best cut moved between 0.65 and 0.9 on the same training folds.
INNER_SEEDS = (7, 8, 9, 10, 11)
THRESHOLD_GRID = np.round(np.arange(0.2, 0.91, 0.05), 2)
BETA = 0.5
ORIGIN_L2 = 1.0
# Candidate link shares for story grouping (grouping.group_articles). 1.0 is left out: a pair
# of single articles would then need a link scored exactly 1, and almost nothing groups.
LINK_SHARE_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass
class Pool:
    query: Article
    candidates: list[Candidate]


def gather_pools(store: Any, *, progress: Callable[[int], None] | None = None,
                 window_days: int = 30, vectors: bool = True) -> dict[str, Pool]:
    if vectors:
        encode_all(store)
    pools: dict[str, Pool] = {}
    for n, article in enumerate(store.iter_articles(), 1):
        pools[article.id] = Pool(article, gather(store, article, window_days=window_days, vectors=vectors))
        if progress:
            progress(n)
    return pools


def encode_all(store: Any, batch: int = 200) -> None:
    """Vectors for every stored article before any is traced (and e5 vectors too where the
    store holds an uncovered language): made lazily, the nearest-vector candidates of a
    query would depend on which articles earlier queries happened to encode, and
    training would not be reproducible."""
    from unspin.trace.encoder import ENCODER_NAME
    from unspin.trace.vectors import ensure_vectors

    while True:
        ids = store.ids_without_vectors(ENCODER_NAME, limit=batch)
        if not ids:
            break
        ensure_vectors(store, store.articles(ids))
    if hasattr(store, "wide_document_vectors"):
        from unspin.trace.wide import fill_wide_vectors

        fill_wide_vectors(store)  # e5 for all when an uncovered language is stored (wide.py)


def pair_label(labels: Mapping[str, Label], a: str, b: str) -> int:
    la, lb = labels.get(a), labels.get(b)
    if la is None or lb is None or not la.cluster or la.cluster != lb.cluster:
        return UNRELATED
    if la.role in LINEAGE_ROLES and lb.role in LINEAGE_ROLES:
        return LINEAGE
    return INDEPENDENT


def group_of(article_id: str, labels: Mapping[str, Label]) -> str:
    label = labels.get(article_id)
    return f"cluster:{label.cluster}" if label and label.cluster else f"single:{article_id}"


def assign_folds(ids: list[str], labels: Mapping[str, Label], k: int, seed: int = 0) -> dict[str, int]:
    """Article id -> fold; whole groups go to one fold, largest groups first to the
    emptiest fold (ties broken by a seeded hash, so the split is reproducible)."""
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(group_of(i, labels), []).append(i)

    def tiebreak(name: str) -> str:
        return hashlib.sha256(f"{seed}:{name}".encode()).hexdigest()

    sizes = [0] * k
    fold_of: dict[str, int] = {}
    for name in sorted(groups, key=lambda g: (-len(groups[g]), tiebreak(g))):
        fold = min(range(k), key=lambda f: (sizes[f], f))
        sizes[fold] += len(groups[name])
        for i in groups[name]:
            fold_of[i] = fold
    return fold_of


def _relation_rows(pools: Mapping[str, Pool], labels: Mapping[str, Label], ids: set[str],
                   ) -> tuple[np.ndarray, np.ndarray]:
    x, y = [], []
    for qid in sorted(pools):
        if qid not in ids:
            continue
        for cand in pools[qid].candidates:
            # copies are decided by rule (relate.is_copy), so the model learns the rest
            if cand.article.id in ids and not is_copy(cand.evidence):
                x.append(relation_features(cand.evidence))
                y.append(pair_label(labels, qid, cand.article.id))
    return as_matrix(x, len(RELATION_FEATURES)), np.asarray(y, dtype=np.int64)


def _fit_relation(x: np.ndarray, y: np.ndarray) -> logistic.LogisticModel:
    return logistic.fit(x, y, features=RELATION_FEATURES, classes=RELATION_CLASSES, l2=RELATION_L2,
                        increasing=RELATION_INCREASING, increasing_class="lineage",
                        meta={"pairs": int(len(y)), "per_class": np.bincount(y, minlength=3).tolist()})


@dataclass
class _InnerQuery:
    """A query's pool as models fitted without its group see it."""

    candidate_ids: list[str]
    lineage: np.ndarray       # P(lineage) of each candidate
    copy: np.ndarray          # decided copy by rule


def _inner_fits(pools: Mapping[str, Pool], labels: Mapping[str, Label], ids: set[str], k: int,
                seed: int) -> Iterator[tuple[set[str], set[str], logistic.LogisticModel]]:
    """(held-out ids, training ids, relation model fitted on them) of each inner fold of
    ``ids`` (grouped like the outer folds) whose training pairs hold all three classes."""
    fold = assign_folds(sorted(ids), labels, k, seed=seed)
    for f in range(k):
        test = {i for i in ids if fold[i] == f}
        train = ids - test
        x, y = _relation_rows(pools, labels, train)
        if test and len(set(y.tolist())) == 3:
            yield test, train, _fit_relation(x, y)


def _inner_predictions(pools: Mapping[str, Pool], labels: Mapping[str, Label], ids: set[str],
                       k: int = INNER_FOLDS, seed: int = INNER_SEEDS[0]) -> dict[str, _InnerQuery]:
    """Out-of-fold P(lineage) inside the training folds (folds grouped like the outer
    ones): what the lineage threshold is chosen on, so that it is learned, not set by hand."""
    out: dict[str, _InnerQuery] = {}
    for test, _, relation in _inner_fits(pools, labels, ids, k, seed):
        for qid in test:
            pool = pools.get(qid)
            if pool is None or not pool.candidates:
                continue
            cands = pool.candidates
            rx = as_matrix([relation_features(c.evidence) for c in cands], len(RELATION_FEATURES))
            p = relation.proba(rx)
            out[qid] = _InnerQuery([c.article.id for c in cands], p[:, LINEAGE],
                                   np.asarray([is_copy(c.evidence) for c in cands]))
    return out


def lineage_threshold(inner: Mapping[str, _InnerQuery] | list[Mapping[str, _InnerQuery]],
                      labels: Mapping[str, Label], ids: set[str]) -> float:
    """The P(lineage) cut that maximises F-beta (beta 0.5: a false lineage costs an
    analyst more than a missed one) of lineage pairs on the inner predictions (of
    several fold seeds, pooled, when given a list)."""
    p, gold = [], []
    for predictions in (inner if isinstance(inner, list) else [inner]):
        for qid, q in predictions.items():
            for cid, value, copy in zip(q.candidate_ids, q.lineage, q.copy):
                if cid in ids and not copy:
                    p.append(value)
                    gold.append(pair_label(labels, qid, cid) == LINEAGE)
    p_arr, gold_arr = np.asarray(p), np.asarray(gold, dtype=bool)
    best, best_score = 0.5, -1.0
    for t in THRESHOLD_GRID:
        called = p_arr >= t
        tp = float((called & gold_arr).sum())
        precision = tp / called.sum() if called.sum() else 0.0
        recall = tp / gold_arr.sum() if gold_arr.sum() else 0.0
        if precision + recall == 0:
            continue
        score = (1 + BETA ** 2) * precision * recall / (BETA ** 2 * precision + recall)
        if score > best_score:
            best, best_score = float(t), score
    return best


def learn_link_share(pools: Mapping[str, Pool], labels: Mapping[str, Label], ids: set[str], cut: float,
                     k: int = INNER_FOLDS, seed: int = INNER_SEEDS[0]) -> tuple[float, dict[float, float]]:
    """The story-grouping link share that best groups ``ids`` (adjusted Rand index
    against the gold clusters) from inner out-of-fold relations: each inner fold is
    traced by both models fitted on the other inner folds (with lineage cut ``cut``),
    as ``unspin stories`` groups what the shipped models traced. Ties go to the value
    nearest the hand-set 0.5. Returns (share, ARI of each candidate share)."""
    from unspin.trace.grouping import group_articles
    from unspin.trace.links import merge_links
    from unspin.trace.metrics import adjusted_rand_index, gold_grouping

    relations: list[tuple[str, Relative]] = []
    for test, train, relation in _inner_fits(pools, labels, ids, k, seed):
        relation.meta["lineage_threshold"] = cut
        try:
            origin = _fit_origin(pools, labels, train, relation)
        except ValueError:  # no stored origin in these inner folds
            continue
        relations.extend(predict(pools, test, TraceModels(relation, origin)))
    gold = {i: g for i, g in gold_grouping(labels).items() if i in ids}
    links = [link for link in merge_links(relations).values() if link.a in ids and link.b in ids]
    scores: dict[float, float] = {}
    for share in LINK_SHARE_GRID:
        grouping = {i: f"single:{i}" for i in gold}
        for n, group in enumerate(group_articles(links, link_share=share)):
            for i in group:
                if i in grouping:
                    grouping[i] = f"group:{n}"
        scores[share] = round(adjusted_rand_index(grouping, gold), 4)
    best = max(LINK_SHARE_GRID, key=lambda share: (scores[share], -abs(share - 0.5)))
    return best, scores


def fit_models(pools: Mapping[str, Pool], labels: Mapping[str, Label], train_ids: set[str],
               ) -> TraceModels:
    """Both models from the pairs whose two ends are in ``train_ids``; from inner
    cross-validation on the same ids, the relation model's lineage threshold and the
    story grouping's link share (kept in the relation model's meta). (The origin model
    needs no threshold of its own: its probability is calibrated, and a candidate is
    named origin when it is more likely than not, >= 0.5.)"""
    x, y = _relation_rows(pools, labels, train_ids)
    relation = _fit_relation(x, y)
    origin = _fit_origin(pools, labels, train_ids, relation)
    inner = [_inner_predictions(pools, labels, train_ids, seed=seed) for seed in INNER_SEEDS]
    cut = lineage_threshold(inner, labels, train_ids)
    relation.meta["lineage_threshold"] = cut
    share, by_share = learn_link_share(pools, labels, train_ids, cut)
    relation.meta["link_share"] = share
    relation.meta["link_share_inner_ari"] = {str(k): v for k, v in by_share.items()}
    return TraceModels(relation, origin)


def origin_rows(pools: Mapping[str, Pool], labels: Mapping[str, Label], ids: set[str],
                relation: logistic.LogisticModel) -> tuple[list[list[float]], list[int]]:
    """(features, is-origin) for every labelled query in ``ids`` and every candidate of
    its pool in ``ids``: ranking sees whole pools, and most queries (origins,
    independents, distractors) have no origin at all."""
    from unspin.trace.signals import signals_of

    x, y = [], []
    for qid in sorted(pools):
        label = labels.get(qid)
        pool = pools[qid]
        if qid not in ids or label is None or not pool.candidates:
            continue
        pairs = as_matrix([relation_features(c.evidence) for c in pool.candidates], len(RELATION_FEATURES))
        p = relation.proba(pairs)
        # the signals gather read for the pool (as decide uses them), else computed
        q_sig = pool.candidates[0].query_signals or signals_of(pool.query, language_of(pool.query))
        for cand, probs, pair in zip(pool.candidates, p, pairs):
            cid = cand.article.id
            if cid not in ids:
                continue
            gold = label.role == "rewrite" and pair_label(labels, qid, cid) == LINEAGE
            c_sig = cand.signals or signals_of(cand.article, language_of(cand.article))
            x.append(origin_features(q_sig, c_sig, cand.evidence, float(probs[LINEAGE]), pair))
            y.append(int(gold and labels[cid].role == "origin"))
    return x, y


def _fit_origin(pools: Mapping[str, Pool], labels: Mapping[str, Label], ids: set[str],
                relation: logistic.LogisticModel) -> logistic.LogisticModel:
    x, y = origin_rows(pools, labels, ids, relation)
    if not y or len(set(y)) < 2:
        raise ValueError("origin model: the training folds hold no rewrite with a stored origin")
    return logistic.fit(as_matrix(x, len(ORIGIN_FEATURES)), y, features=ORIGIN_FEATURES,
                        classes=ORIGIN_CLASSES, l2=ORIGIN_L2,
                        meta={"rows": len(y), "origins": int(sum(y))})


def predict(pools: Mapping[str, Pool], ids: set[str], models: Any, *, k: int = 20,
            siblings: bool = True) -> list[tuple[str, Relative]]:
    """The corpus-wide relations of the queries in ``ids``, from the gathered pools:
    what ``relations_for_corpus`` answers (``corpus_view``: links found from either
    side, joined through every certain hub), mirrored among ``ids`` only. A hub
    outside ``ids`` is decided from its own pool by the same models."""
    from unspin.trace.corpus_view import corpus_relations
    from unspin.trace.trace import rank

    decided: dict[str, list[Relative]] = {}

    def relatives_of(article_id: str) -> list[Relative]:
        if article_id not in decided:
            pool = pools[article_id]
            decided[article_id] = rank(decide(pool.query, pool.candidates, models=models))
        return decided[article_id]

    queries = {qid: relatives_of(qid) for qid in sorted(pools) if qid in ids}
    if not siblings:
        return [(qid, rel) for qid, relatives in queries.items() for rel in relatives[:k]]
    languages = {qid: language_of(pools[qid].query) for qid in queries}
    return corpus_relations(queries, languages, k=k,
                            relatives_of=lambda a: relatives_of(a) if a in pools else [])


def cross_validate(pools: Mapping[str, Pool], labels: Mapping[str, Label], k: int = 5,
                   seed: int = 0) -> tuple[list[tuple[str, Relative]], dict[str, int], dict[int, float]]:
    """Out-of-fold relations for every query, the fold of every article, and the
    link share each fold's models learned (for grouping that fold's articles)."""
    fold_of = assign_folds(sorted(pools), labels, k, seed)
    relations: list[tuple[str, Relative]] = []
    shares: dict[int, float] = {}
    for fold in range(k):
        test = {i for i, f in fold_of.items() if f == fold}
        models = fit_models(pools, labels, set(fold_of) - test)
        shares[fold] = float(models.relation.meta["link_share"])
        relations.extend(predict(pools, test, models))
    return relations, fold_of, shares


def relation_confusion(pools: Mapping[str, Pool], labels: Mapping[str, Label],
                       relations: list[tuple[str, Relative]]) -> dict[str, dict[str, int]]:
    """Gold pair label (rows) against the decided relation (columns), over every pooled pair."""
    decided = {(q, r.article_id): r.relation for q, r in relations}
    names = ("unrelated", "independent", "lineage")
    table: dict[str, dict[str, int]] = {n: {} for n in names}
    for qid, pool in pools.items():
        if qid not in labels:
            continue
        for cand in pool.candidates:
            gold = names[pair_label(labels, qid, cand.article.id)]
            got = decided.get((qid, cand.article.id), "unrelated")
            table[gold][got] = table[gold].get(got, 0) + 1
    return table


def write_models(pools: Mapping[str, Pool], labels: Mapping[str, Label], directory: Any, *,
                 cv_result: dict[str, Any] | None = None, data: list[str] | None = None) -> TraceModels:
    """Fit both models on every labelled pair and write them with a training report."""
    import json
    from pathlib import Path

    directory = Path(directory)
    models = fit_models(pools, labels, set(pools))
    models.relation.meta["data"] = models.origin.meta["data"] = data or []
    models.save(directory)
    report = {"data": data or [], "articles": len(pools),
              "relation": models.relation.meta, "origin": models.origin.meta,
              "relation_l2": RELATION_L2, "origin_l2": ORIGIN_L2,
              "out_of_fold": _headline(cv_result) if cv_result else None}
    (directory / "train_report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return models


def _headline(result: dict[str, Any]) -> dict[str, Any]:
    return {"decisions": result.get("decisions"),
            "origin_accuracy": result["origin_accuracy"].get("value"),
            "origin_accuracy_by_origin_language": {
                k: v.get("value") for k, v in result.get("origin_accuracy_by_origin_language", {}).items()},
            "sibling_recall_at_5": result["siblings"].get("recall_at_5"),
            "independent_called_lineage": result["independent_called_lineage"].get("value"),
            "distractor_false_positive_rate": result["distractor_false_positive_rate"].get("value"),
            "adjusted_rand_index": result["clusters"].get("adjusted_rand_index")}
