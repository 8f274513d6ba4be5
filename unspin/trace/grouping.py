"""Text lineages from the tracer's pairwise links: the support rule.

Plain connected components would chain two lineages through one weak or
wrong edge, so grouping is agglomerative: two groups merge only when the
scores of the lineage links between them add up to at least ``link_share``
times the size of the smaller group. Two single articles need one link scored
>= ``link_share``; a group of five joins another group of five only through
links worth 2.5 (three good links), never through one. Merges are made
best-supported first, so the result does not depend on input order.

``link_share`` is learned with the trace models (``training.learn_link_share``:
the value that groups the training folds' out-of-fold relations best) and read
from them by :func:`story_link_share`; ``DEFAULT_LINK_SHARE`` is the fallback
when no models are shipped. Lives below ``unspin.corpus`` because training
scores groupings too.
"""

from __future__ import annotations

import heapq
from typing import Any, Iterable

from unspin.trace.links import Link

DEFAULT_LINK_SHARE = 0.5


def story_link_share(models: Any = None) -> float:
    """The link share learned with ``models`` (default: the shipped trace models)."""
    if models is None:
        from unspin.trace.models import shipped_models

        models = shipped_models()
    value = models.relation.meta.get("link_share") if models is not None else None
    return float(value) if value else DEFAULT_LINK_SHARE


def group_articles(links: Iterable[Link], *, link_share: float = DEFAULT_LINK_SHARE) -> list[list[str]]:
    """Groups of >= 2 article ids under the support rule (see the module docstring)."""
    lineage = [link for link in links if link.lineage and link.score > 0]
    parent: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    support: dict[str, dict[str, float]] = {}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in lineage:
        for x in link.pair:
            if x not in parent:
                parent[x] = x
                members[x] = [x]
                support[x] = {}
        support[link.a][link.b] = support[link.a].get(link.b, 0.0) + link.score
        support[link.b][link.a] = support[link.b].get(link.a, 0.0) + link.score

    def ratio(x: str, y: str) -> float:
        return support[x][y] / min(len(members[x]), len(members[y]))

    heap: list[tuple[float, str, str]] = []
    for x, neighbours in support.items():
        for y in neighbours:
            if x < y:
                heapq.heappush(heap, (-ratio(x, y), x, y))
    while heap:
        negative, x, y = heapq.heappop(heap)
        if -negative < link_share:
            break
        if parent[x] != x or parent[y] != y or y not in support[x] or ratio(x, y) != -negative:
            continue  # stale entry: one side was merged or the support changed
        keep, gone = (x, y) if len(members[x]) >= len(members[y]) else (y, x)
        parent[gone] = keep
        members[keep] += members.pop(gone)
        gone_support = support.pop(gone)
        del gone_support[keep]
        del support[keep][gone]
        for z, value in gone_support.items():
            support[z].pop(gone)
            merged = support[keep].get(z, 0.0) + value
            support[keep][z] = merged
            support[z][keep] = merged
        for z in support[keep]:
            a, b = (keep, z) if keep < z else (z, keep)
            heapq.heappush(heap, (-ratio(a, b), a, b))
    return [sorted(group) for group in members.values() if len(group) >= 2]
