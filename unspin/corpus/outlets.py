"""The outlet network: which domains republish or rewrite which, how often, how fast.

An edge ``A -> B`` means "B republishes/rewrites A": some article of B is in
a lineage link (copy, rewrite, cross_language_rewrite) with an article of A,
and A's side is upstream. Upstream is the tracer's direction verdict; where
it has none, the earlier publication date; where dates tie or are missing the
pair is counted as ``undirected``. Links inside one domain are counted per
outlet (``self_links``), not drawn.

Siblings are outlets that carry the same stories downstream of an origin
(co-rewriters); ``copies`` counts copy links between them, i.e. the same
text (template) on both.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import median
from typing import Any, Sequence

from unspin.trace.links import Link, domain_of, hours_between, merge_links
from unspin.corpus.stories import Story, build_stories
from unspin.trace.grouping import DEFAULT_LINK_SHARE
from unspin.model import Article

EXAMPLES_PER_EDGE = 5


def _median(values: list[float]) -> float | None:
    return round(float(median(values)), 1) if values else None


def _orient(link: Link, by_id: dict[str, Article]) -> tuple[str, str, float | None] | None:
    """``(upstream id, downstream id, lag hours)`` or None when the direction is unknown."""
    upstream = link.upstream
    if upstream is None:
        da, db = by_id[link.a].published, by_id[link.b].published
        if da is None or db is None or da == db:
            return None
        upstream = link.a if da < db else link.b
    downstream = link.other(upstream)
    lag = link.lag_from(upstream)
    if lag is None:
        lag = hours_between(by_id[upstream].published, by_id[downstream].published)
    # A lag below zero means the dates contradict the direction verdict: not a usable lag.
    return upstream, downstream, (lag if lag is not None and lag >= 0 else None)


def outlet_network(articles: Sequence[Article], relations: Sequence[tuple[str, Any]], *,
                   stories: Sequence[Story] | None = None,
                   min_score: float = DEFAULT_LINK_SHARE) -> dict[str, Any]:
    """The outlet graph as plain data (JSON-ready).

    ``articles`` should be the whole corpus (per-outlet counts come from it);
    ``stories`` default to :func:`build_stories` on the same input (with the
    learned link share). Only lineage links scored at least ``min_score`` count.
    """
    by_id = {a.id: a for a in articles}
    if stories is None:
        stories = build_stories(articles, relations)
    domain = {a.id: domain_of(a) for a in articles}
    links = [link for link in merge_links(relations).values()
             if link.lineage and link.score >= min_score and link.a in by_id and link.b in by_id
             and domain[link.a] and domain[link.b]]

    edges: dict[tuple[str, str], dict[str, Any]] = {}
    undirected: dict[tuple[str, str], dict[str, Any]] = {}
    self_links: Counter[str] = Counter()
    downstream_articles: dict[str, set[str]] = defaultdict(set)
    linked_articles: dict[str, set[str]] = defaultdict(set)
    lags_as_downstream: dict[str, list[float]] = defaultdict(list)
    copies_between: Counter[tuple[str, str]] = Counter()

    for link in links:
        da, db = domain[link.a], domain[link.b]
        linked_articles[da].add(link.a)
        linked_articles[db].add(link.b)
        if link.relation == "copy" and da != db:
            copies_between[tuple(sorted((da, db)))] += 1
        oriented = _orient(link, by_id)
        if oriented:
            downstream_articles[domain[oriented[1]]].add(oriented[1])
        if da == db:
            self_links[da] += 1
            continue
        if oriented is None:
            key = tuple(sorted((da, db)))
            entry = undirected.setdefault(key, {"domains": list(key), "count": 0, "relations": Counter()})
            entry["count"] += 1
            entry["relations"][link.relation] += 1
            continue
        up, down, lag = oriented
        key = (domain[up], domain[down])
        entry = edges.setdefault(key, {"source": key[0], "target": key[1], "count": 0,
                                       "relations": Counter(), "lags": [], "examples": []})
        entry["count"] += 1
        entry["relations"][link.relation] += 1
        if lag is not None:
            entry["lags"].append(lag)
            lags_as_downstream[key[1]].append(lag)
        if len(entry["examples"]) < EXAMPLES_PER_EDGE:
            entry["examples"].append({"upstream": up, "downstream": down, "relation": link.relation,
                                      "score": round(link.score, 3)})

    origins = Counter(domain.get(s.origin.article_id) for s in stories if s.origin)
    story_count: Counter[str] = Counter()
    siblings: dict[str, Counter[str]] = defaultdict(Counter)
    for story in stories:
        outlets = {m.domain for m in story.members if m.domain}
        story_count.update(outlets)
        downstream = sorted({m.domain for m in story.members if m.domain and m.role != "origin"})
        for x in downstream:
            for y in downstream:
                if x != y:
                    siblings[x][y] += 1

    per_domain = Counter(d for d in domain.values() if d)
    outlets_out = []
    for name in sorted(per_domain, key=lambda d: (-per_domain[d], d)):
        upstream = Counter({e["source"]: e["count"] for e in edges.values() if e["target"] == name})
        downstream = Counter({e["target"]: e["count"] for e in edges.values() if e["source"] == name})
        outlets_out.append({
            "domain": name,
            "articles": per_domain[name],
            "linked_articles": len(linked_articles[name]),
            "stories": story_count[name],
            "origins": origins[name],
            "rewrites": len(downstream_articles[name]),
            "rewrite_share": round(len(downstream_articles[name]) / per_domain[name], 3),
            "median_lag_hours": _median(lags_as_downstream[name]),
            "self_links": self_links[name],
            "upstream": [{"domain": d, "count": n} for d, n in sorted(upstream.items(), key=lambda kv: (-kv[1], kv[0]))],
            "downstream": [{"domain": d, "count": n} for d, n in sorted(downstream.items(), key=lambda kv: (-kv[1], kv[0]))],
            "siblings": [{"domain": d, "stories": n, "copies": copies_between[tuple(sorted((name, d)))]}
                         for d, n in sorted(siblings[name].items(), key=lambda kv: (-kv[1], kv[0]))],
        })

    edges_out = []
    for entry in sorted(edges.values(), key=lambda e: (-e["count"], e["source"], e["target"])):
        lags = entry.pop("lags")
        entry["relations"] = dict(sorted(entry["relations"].items()))
        entry["median_lag_hours"] = _median(lags)
        entry["lag_known"] = len(lags)
        edges_out.append(entry)
    undirected_out = []
    for entry in sorted(undirected.values(), key=lambda e: (-e["count"], e["domains"])):
        entry["relations"] = dict(sorted(entry["relations"].items()))
        undirected_out.append(entry)
    return {
        "outlets": [o for o in outlets_out if o["linked_articles"] or o["stories"]],
        "unlinked_outlets": sum(1 for o in outlets_out if not (o["linked_articles"] or o["stories"])),
        "edges": edges_out,
        "undirected": undirected_out,
        "stories": len(stories),
        "articles": len(by_id),
        "min_score": min_score,
    }
