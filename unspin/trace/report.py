"""A trace as plain data: the query's metadata, its ranked relatives and the origin answer.

Shared by the ``trace`` command and the workbench (JSON and pages)."""

from __future__ import annotations

from typing import Any


def _meta(article: Any) -> dict[str, Any]:
    return {"id": article.id, "url": article.url, "domain": article.domain, "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "language": article.language}


def trace_to_dict(store: Any, query: Any, relatives: list) -> dict[str, Any]:
    """The JSON form of one trace: the query's metadata and its ranked relatives."""
    found = {a.id: a for a in store.articles([r.article_id for r in relatives])}
    items = []
    for rank, rel in enumerate(relatives, 1):
        item = {"rank": rank, **rel.to_dict()}
        if rel.article_id in found:
            item["article"] = _meta(found[rel.article_id])
        items.append(item)
    return {"query": _meta(query), "origin": origin_summary(relatives), "relatives": items}


def origin_summary(relatives: list) -> dict[str, Any] | None:
    """The origin answer: the relative the origin model names, or none stored and the
    nearest upstream evidence. None when no relative was scored (hand-set rule)."""
    from unspin.trace.models import ORIGIN_MIN_PROBABILITY
    from unspin.trace.trace import origin_verdict

    named, nearest = origin_verdict(relatives)
    if named is not None:
        return {"verdict": "probable origin", "article_id": named.article_id,
                "probability": named.origin_probability, "why": named.evidence.get("origin_why", [])}
    if nearest is not None:
        return {"verdict": "no origin stored", "article_id": None,
                "nearest_upstream_evidence": nearest.article_id, "probability": nearest.origin_probability,
                "why": nearest.evidence.get("origin_why", []),
                "note": (f"no stored article reaches origin probability {ORIGIN_MIN_PROBABILITY}; "
                         "the origin is probably not in the store")}
    return None
