"""Evaluate tracing on labelled data (the tracing-corpus JSONL format).

``evaluate_store(store, labels)`` runs ``relations_for_corpus`` over a store
that holds the labelled articles and returns the metrics of
``unspin.trace.metrics`` as one JSON-able dict.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from unspin.model import Article
from unspin.trace import metrics
from unspin.trace.metrics import Label
from unspin.trace.models import ORIGIN_MIN_PROBABILITY

ROLES = ("origin", "rewrite", "independent", "distractor")


def label_of(article: Article) -> Label | None:
    """The label a tracing-corpus record carries (the JSONL reader keeps extra fields in metadata)."""
    role = article.metadata.get("role")
    if role not in ROLES:
        return None
    cluster = article.metadata.get("cluster")
    return Label(cluster=str(cluster) if cluster else None, role=role)


def labels_from_articles(articles: Iterable[Article]) -> dict[str, Label]:
    out: dict[str, Label] = {}
    for article in articles:
        label = label_of(article)
        if label is not None:
            out[article.id] = label
    return out


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_round(v) for v in value]
    return value


def _cluster_quality(name: str, grouping: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, Any]:
    return {
        "grouping": name,
        "groups": len(set(grouping.values())),
        "pairwise": metrics.pairwise_f1(grouping, gold),
        "adjusted_rand_index": metrics.adjusted_rand_index(grouping, gold),
    }


def story_grouping(ids: Iterable[str], stories: Iterable[Any]) -> dict[str, str]:
    """Article id -> story id; articles in no story stand alone."""
    grouping = {i: f"single:{i}" for i in ids}
    for story in stories:
        for member in story.members:
            if member.article_id in grouping:
                grouping[member.article_id] = story.id
    return grouping


def evaluate_relations(labels: Mapping[str, Label], relations: list[tuple[str, Any]],
                       *, k: int = 5, stories: Iterable[Any] | None = None,
                       languages: Mapping[str, str] | None = None,
                       grouping: Mapping[str, str] | None = None) -> dict[str, Any]:
    """All trace metrics. Cluster quality is measured on ``grouping`` (article id ->
    story) or ``stories`` (what ``unspin stories`` shows) when given; connected
    components over lineage relations are reported beside it as the simpler baseline."""
    if grouping is None and stories is not None:
        grouping = story_grouping(labels, stories)
    ranked = metrics.ranked_by_query(relations)
    components = metrics.lineage_grouping(labels, relations)
    gold = metrics.gold_grouping(labels)
    relation_counts = Counter(rel.relation for _, rel in relations)
    return _round({
        "articles": len(labels),
        "roles": dict(Counter(lab.role for lab in labels.values())),
        "origin_accuracy": metrics.origin_accuracy(labels, ranked),
        "origin_accuracy_by_origin_language": metrics.origin_by_language(labels, ranked, languages or {}),
        "origin_verdicts": metrics.origin_verdicts(labels, ranked, ORIGIN_MIN_PROBABILITY),
        "siblings": metrics.sibling_precision_recall(labels, ranked, k=k),
        "independent_called_lineage": metrics.independent_error(labels, relations),
        "distractor_false_positive_rate": metrics.distractor_false_positive_rate(labels, relations),
        "clusters": (_cluster_quality("unspin stories", grouping, gold)
                     if grouping is not None else
                     _cluster_quality("connected components over copy/rewrite/cross_language_rewrite",
                                      components, gold)),
        "clusters_connected_components": _cluster_quality(
            "connected components over copy/rewrite/cross_language_rewrite", components, gold),
        "relations": dict(sorted(relation_counts.items())),
    })


def evaluate_store(store, labels: Mapping[str, Label] | None = None, *,
                   progress: Callable[[int], None] | None = None, cv: int | None = None,
                   rules: bool = False, seed: int = 0, pools: Mapping[str, Any] | None = None,
                   ) -> dict[str, Any]:
    """Metrics for every labelled article in ``store`` (labels read from metadata when not given).

    Decisions: the shipped models (default), the hand-set rule (``rules``), or
    ``cv`` folds grouped by cluster, each fold decided by models fitted on the others
    (out-of-fold figures)."""
    from unspin.trace.grouping import DEFAULT_LINK_SHARE, story_link_share
    from unspin.trace.models import shipped_models
    from unspin.trace.trace import language_of
    from unspin.trace.training import cross_validate, gather_pools, predict, relation_confusion

    if labels is None:
        labels = labels_from_articles(store.iter_articles())
    started = time.perf_counter()
    if pools is None:
        pools = gather_pools(store, progress=progress)
    seconds = time.perf_counter() - started  # 0 when the caller gathered (and timed) the pools
    fold_of: dict[str, int] = {}
    shares: dict[int, float] = {}
    if cv:
        relations, fold_of, shares = cross_validate(pools, labels, cv, seed)
        decisions = f"out of fold: {cv} folds grouped by cluster (seed {seed})"
    elif rules:
        relations = predict(pools, set(pools), None)
        decisions = "hand-set rule (relate.classify)"
        shares = {0: DEFAULT_LINK_SHARE}
    else:
        models = shipped_models()
        relations = predict(pools, set(pools), models)
        decisions = ("shipped models (in sample if this data trained them)" if models
                     else "hand-set rule (no model files)")
        shares = {0: story_link_share(models) if models else DEFAULT_LINK_SHARE}
    relations = [(q, r) for q, r in relations if q in labels]
    from unspin.corpus.loading import load_skeletons
    from unspin.corpus.stories import build_stories

    articles = [p.query for p in pools.values()]
    skeletons = load_skeletons(store, (a.id for a in articles))
    # Out of fold, each fold's articles are grouped with the link share its own models
    # learned (stories built over the whole corpus, as at run time).
    by_share = {share: story_grouping(labels, build_stories(articles, relations, link_share=share,
                                                            skeletons=skeletons))
                for share in set(shares.values())}
    grouping = {i: by_share[shares[fold_of.get(i, 0)]][i] for i in labels}
    result = evaluate_relations(labels, relations, grouping=grouping,
                                languages={a.id: language_of(a) for a in articles})
    result["decisions"] = decisions
    result["link_share"] = {str(fold): share for fold, share in sorted(shares.items())}
    result["relation_confusion"] = relation_confusion(pools, labels, relations)
    if seconds > 0.01:
        result["gather_seconds"] = round(seconds, 2)
        result["gather_ms_per_article"] = round(1000 * seconds / max(1, len(pools)), 1)
    return result
