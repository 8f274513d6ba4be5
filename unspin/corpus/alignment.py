"""Sentence alignment for the pairs a story page shows.

``relations_for_corpus`` leaves alignment out (it is per-view work), so
before rendering, each story member is aligned with the member it hangs on
(its ``linked_to``). The aligner is passed in (the tracer's
``unspin.trace.align.align`` in the command), which keeps this module pure.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from unspin.trace.links import field_of, merge_links, pair_key
from unspin.corpus.stories import Story
from unspin.model import Article

# (downstream article, upstream article) -> (aligned pairs with the downstream text as "query", changes)
Aligner = Callable[[Article, Article], tuple[list[dict[str, Any]], dict[str, Any]]]


def with_alignments(stories: Sequence[Story], articles: Sequence[Article],
                    relations: Sequence[tuple[str, Any]], aligner: Aligner) -> list[tuple[str, Any]]:
    """``relations`` with, in front, one record per shown pair, written from the
    downstream side and carrying ``aligned`` and ``changes``.

    The new record repeats the pair's relation, score and direction verdict,
    so merging the list gives the same links as before.
    """
    by_id = {a.id: a for a in articles}
    links = merge_links(relations)
    added: list[tuple[str, Any]] = []
    for story in stories:
        for member in story.members:
            if member.linked_to is None:
                continue
            link = links.get(pair_key(member.article_id, member.linked_to))
            if link is None:
                continue
            upstream, downstream = member.linked_to, member.article_id
            if link.upstream == member.article_id:
                upstream, downstream = downstream, upstream
            record, swapped = link.record_from(downstream)
            if not swapped and field_of(record, "aligned"):
                continue  # the tracer already aligned this pair
            if upstream not in by_id or downstream not in by_id:
                continue
            aligned, changes = aligner(by_id[downstream], by_id[upstream])
            verdict = ("upstream" if link.upstream == upstream else
                       "downstream" if link.upstream == downstream else "unknown")
            added.append((downstream, {
                "article_id": upstream, "relation": link.relation, "score": link.score,
                "direction": verdict, "lag_hours": link.lag_from(downstream),
                "evidence": dict(field_of(record, "evidence") or {}), "aligned": aligned, "changes": changes}))
    return added + list(relations)
