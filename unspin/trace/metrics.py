"""Tracing quality metrics: pure functions over labels and relations.

Labels follow the tracing corpus format: each article has a ``cluster``
(None for distractors) and a ``role``: origin | rewrite | independent |
distractor. Relations are ``(query id, Relative)`` pairs as
``relations_for_corpus`` returns them; for ranking metrics the order of a
query's relatives is its ranking.

Definitions (docs/tracing.md repeats them):

* origin accuracy -- over rewrites whose cluster has an origin: the top-ranked
  upstream candidate (a lineage relative, direction "upstream" before
  "unknown", by score) is a labelled origin of the cluster.
* sibling recall@k / precision@k -- over rewrites with at least one sibling
  (another rewrite of the cluster): of the first k lineage relatives, not
  counting the cluster's own origins, how many are siblings (precision), and
  what share of min(k, siblings) they cover (recall). Precision averages
  over queries that retrieved anything.
* independent error -- share of independent articles that some origin or
  rewrite of their own cluster relates to them as copy/rewrite (either way).
* distractor false-positive rate -- share of distractors in a lineage
  relation with any article.
* cluster quality -- pairwise precision/recall/F1 and adjusted Rand index of a
  grouping against the gold lineages (origin + rewrites of a cluster; every
  independent and distractor is its own group).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

LINEAGE = frozenset({"copy", "rewrite", "cross_language_rewrite"})
_DIRECTION_RANK = {"upstream": 0, "unknown": 1}


@dataclass(frozen=True)
class Label:
    cluster: str | None
    role: str  # origin | rewrite | independent | distractor


def _lineage(rel: Any) -> bool:
    return rel.relation in LINEAGE


def ranked_by_query(relations: Iterable[tuple[str, Any]]) -> dict[str, list[Any]]:
    """Relatives per query id, in the order given (trace's ranking)."""
    out: dict[str, list[Any]] = defaultdict(list)
    for query, rel in relations:
        out[query].append(rel)
    return dict(out)


def top_origin_candidate(relatives: Sequence[Any]) -> str | None:
    """The relative a user would call "the origin": the lineage relative with the
    highest origin probability when the origin model gave them one; otherwise
    (hand-set rule) lineage, upstream before unknown, best score."""
    scored = [(i, r) for i, r in enumerate(relatives) if getattr(r, "origin_probability", None) is not None]
    if scored:
        return min(scored, key=lambda ir: (-ir[1].origin_probability, ir[0]))[1].article_id
    eligible = [(i, r) for i, r in enumerate(relatives)
                if _lineage(r) and r.direction in _DIRECTION_RANK]
    if not eligible:
        return None
    eligible.sort(key=lambda ir: (_DIRECTION_RANK[ir[1].direction], -ir[1].score, ir[0]))
    return eligible[0][1].article_id


def _members(labels: Mapping[str, Label], role: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for aid, label in labels.items():
        if label.cluster and label.role == role:
            out[label.cluster].add(aid)
    return out


def origin_accuracy(labels: Mapping[str, Label], ranked: Mapping[str, Sequence[Any]]) -> dict[str, Any]:
    origins = _members(labels, "origin")
    total = correct = 0
    misses: list[dict[str, Any]] = []
    for aid, label in sorted(labels.items()):
        if label.role != "rewrite" or not origins.get(label.cluster):
            continue
        total += 1
        top = top_origin_candidate(ranked.get(aid, []))
        if top in origins[label.cluster]:
            correct += 1
        else:
            misses.append({"rewrite": aid, "top_candidate": top})
    return {"value": correct / total if total else None, "correct": correct, "total": total,
            "misses": misses}


def origin_by_language(labels: Mapping[str, Label], ranked: Mapping[str, Sequence[Any]],
                       languages: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Origin accuracy split by the language of the cluster's labelled origin."""
    origins = _members(labels, "origin")
    out: dict[str, dict[str, Any]] = {}
    for aid, label in sorted(labels.items()):
        if label.role != "rewrite" or not origins.get(label.cluster):
            continue
        lang = "/".join(sorted({languages.get(o, "?") for o in origins[label.cluster]}))
        row = out.setdefault(lang, {"correct": 0, "total": 0})
        row["total"] += 1
        row["correct"] += top_origin_candidate(ranked.get(aid, [])) in origins[label.cluster]
    for row in out.values():
        row["value"] = row["correct"] / row["total"]
    return out


def origin_verdicts(labels: Mapping[str, Label], ranked: Mapping[str, Sequence[Any]],
                    threshold: float) -> dict[str, Any]:
    """How often trace says "no origin stored" (best origin probability below
    ``threshold``): rightly, for rewrites whose cluster has no origin record, and
    wrongly, for rewrites whose origin is stored."""
    origins = _members(labels, "origin")
    said_none = {True: [0, 0], False: [0, 0]}  # has origin -> [said none, total]
    for aid, label in labels.items():
        if label.role != "rewrite" or not label.cluster:
            continue
        probs = [r.origin_probability for r in ranked.get(aid, [])
                 if _lineage(r) and getattr(r, "origin_probability", None) is not None]
        has_origin = bool(origins.get(label.cluster))
        said_none[has_origin][1] += 1
        said_none[has_origin][0] += (max(probs) if probs else 0.0) < threshold
    return {
        "no_origin_stored_said_none": (said_none[False][0] / said_none[False][1]
                                       if said_none[False][1] else None),
        "no_origin_stored_rewrites": said_none[False][1],
        "origin_stored_said_none": (said_none[True][0] / said_none[True][1] if said_none[True][1] else None),
        "origin_stored_rewrites": said_none[True][1],
    }


def sibling_precision_recall(labels: Mapping[str, Label], ranked: Mapping[str, Sequence[Any]],
                             k: int = 5) -> dict[str, Any]:
    rewrites = _members(labels, "rewrite")
    origins = _members(labels, "origin")
    precisions: list[float] = []
    recalls: list[float] = []
    for aid, label in sorted(labels.items()):
        if label.role != "rewrite":
            continue
        siblings = rewrites[label.cluster] - {aid}
        if not siblings:
            continue
        retrieved = [r.article_id for r in ranked.get(aid, []) if _lineage(r)
                     and r.article_id not in origins.get(label.cluster, set())][:k]
        hits = sum(1 for r in retrieved if r in siblings)
        recalls.append(hits / min(k, len(siblings)))
        if retrieved:
            precisions.append(hits / len(retrieved))
    return {
        f"recall_at_{k}": sum(recalls) / len(recalls) if recalls else None,
        f"precision_at_{k}": sum(precisions) / len(precisions) if precisions else None,
        "queries": len(recalls), "queries_retrieving": len(precisions),
    }


def _lineage_pairs(relations: Iterable[tuple[str, Any]]) -> set[frozenset[str]]:
    return {frozenset((q, r.article_id)) for q, r in relations if _lineage(r) and q != r.article_id}


def independent_error(labels: Mapping[str, Label], relations: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    pairs = _lineage_pairs(relations)
    wrong: list[str] = []
    total = 0
    for aid, label in sorted(labels.items()):
        if label.role != "independent" or not label.cluster:
            continue
        total += 1
        lineage = {o for o, lab in labels.items() if lab.cluster == label.cluster
                   and lab.role in ("origin", "rewrite")}
        if any(frozenset((aid, other)) in pairs for other in lineage):
            wrong.append(aid)
    return {"value": len(wrong) / total if total else None, "wrong": wrong, "total": total}


def distractor_false_positive_rate(labels: Mapping[str, Label],
                                   relations: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    involved: set[str] = set().union(*_lineage_pairs(relations))
    distractors = sorted(a for a, lab in labels.items() if lab.role == "distractor")
    wrong = [a for a in distractors if a in involved]
    return {"value": len(wrong) / len(distractors) if distractors else None, "wrong": wrong,
            "total": len(distractors)}


def connected_components(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Group id per article (the smallest member id), by union-find."""
    parent: dict[str, str] = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        if a not in parent or b not in parent:
            continue
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: find(i) for i in parent}


def lineage_grouping(ids: Iterable[str], relations: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Connected components over copy / rewrite / cross-language relations."""
    return connected_components(ids, [(q, r.article_id) for q, r in relations if _lineage(r)])


def gold_grouping(labels: Mapping[str, Label]) -> dict[str, str]:
    """Origin and rewrites of a cluster form one group; everything else stands alone."""
    return {aid: (f"cluster:{lab.cluster}" if lab.cluster and lab.role in ("origin", "rewrite")
                  else f"single:{aid}") for aid, lab in labels.items()}


def pairwise_f1(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """Precision, recall and F1 over pairs of items put in the same group."""
    ids = sorted(set(predicted) & set(gold))
    tp = fp = fn = 0
    for a, b in combinations(ids, 2):
        same_pred = predicted[a] == predicted[b]
        same_gold = gold[a] == gold[b]
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def adjusted_rand_index(predicted: Mapping[str, str], gold: Mapping[str, str]) -> float:
    ids = sorted(set(predicted) & set(gold))
    n = len(ids)
    if n < 2:
        return 1.0
    contingency: dict[tuple[str, str], int] = defaultdict(int)
    rows: dict[str, int] = defaultdict(int)
    cols: dict[str, int] = defaultdict(int)
    for i in ids:
        contingency[(predicted[i], gold[i])] += 1
        rows[predicted[i]] += 1
        cols[gold[i]] += 1

    def pairs(x: int) -> float:
        return x * (x - 1) / 2

    index = sum(pairs(v) for v in contingency.values())
    sum_rows = sum(pairs(v) for v in rows.values())
    sum_cols = sum(pairs(v) for v in cols.values())
    expected = sum_rows * sum_cols / pairs(n)
    maximum = (sum_rows + sum_cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
