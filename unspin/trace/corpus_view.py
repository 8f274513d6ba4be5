"""Relations of a whole corpus: what tracing every article adds to each one's list.

``trace`` sees one article and its pool. When every article of a corpus is
traced, two things are known that one query cannot see:

1. **A link found from either side belongs to both** (``mirror``). The relation
   model reads a pair from the query's pool, so ``a -> b`` can be called a rewrite
   while ``b -> a`` fell below the cut (the pools and their IDF differ). Mirroring
   adds no new pair: the story grouping, the "independent called lineage" share and
   the distractor rate, which all read pairs, are unchanged by it.
2. **Every certain lineage relative is a hub** (``through_hubs``), not only the
   most certain one that ``trace`` follows: two rewrites of one text are one
   lineage, and each certain link says so. This joins articles already linked
   through the hub, so the lineage groups do not change either.

Mirrored records carry ``evidence["mirrored"]``, the direction flipped and no
origin probability (the origin model did not judge the pair from this side).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from unspin.trace.trace import HUB_MIN_SCORE, LINEAGE, Relative, add_siblings, rank

_FLIPPED = {"upstream": "downstream", "downstream": "upstream"}


def mirror(relations: Iterable[tuple[str, Relative]], ids: set[str]) -> list[tuple[str, Relative]]:
    """``relations`` plus, for each lineage record ``q -> r`` with ``r`` in ``ids``
    whose own list lacks a lineage record of ``q``, the record ``r -> q``. A record of
    the pair that ``r`` holds as independent or unrelated is replaced."""
    relations = list(relations)
    held: dict[str, dict[str, Relative]] = defaultdict(dict)
    for query, rel in relations:
        held[query][rel.article_id] = rel
    added: list[tuple[str, Relative]] = []
    for query, rel in relations:
        other = rel.article_id
        if rel.relation not in LINEAGE or other not in ids or other == query:
            continue
        back = held[other].get(query)
        if back is not None and back.relation in LINEAGE:
            continue
        lag = -rel.lag_hours if rel.lag_hours is not None else None
        record = replace(rel, article_id=query, direction=_FLIPPED.get(rel.direction, "unknown"),
                         lag_hours=lag, origin_probability=None, aligned=[], changes={},
                         evidence=dict(rel.evidence, mirrored=True,
                                       languages=list(reversed(rel.evidence.get("languages") or [None, None]))))
        held[other][query] = record
        added.append((other, record))
    replaced = {(query, rel.article_id) for query, rel in added}
    return [(q, r) for q, r in relations if (q, r.article_id) not in replaced] + added


def through_hubs(relations: Iterable[tuple[str, Relative]], languages: Mapping[str, str],
                 relatives_of: Callable[[str], list[Relative]] | None = None) -> list[tuple[str, Relative]]:
    """Each query's list with the certain lineage relatives of each of its certain
    lineage relatives added (``add_siblings``, one hop). A hub's list is its own
    record list here, or ``relatives_of(hub)`` for a hub that is not a query."""
    by_query: dict[str, list[Relative]] = defaultdict(list)
    for query, rel in relations:
        by_query[query].append(rel)
    out: list[tuple[str, Relative]] = []
    for query, relatives in by_query.items():
        relatives = [replace(r, evidence=dict(r.evidence)) for r in rank(relatives)]
        hubs = [r for r in relatives if r.relation in LINEAGE and r.score >= HUB_MIN_SCORE
                and "via" not in r.evidence]
        for hub in sorted(hubs, key=lambda r: -r.score):
            hub_list = by_query.get(hub.article_id)
            if hub_list is None and relatives_of is not None:
                hub_list = relatives_of(hub.article_id)
            if hub_list:
                relatives = add_siblings(query, languages.get(query, ""), relatives, hub, hub_list)
        out.extend((query, rel) for rel in rank(relatives))
    return out


def corpus_relations(decided: Mapping[str, list[Relative]], languages: Mapping[str, str], *, k: int = 20,
                     relatives_of: Callable[[str], list[Relative]] | None = None) -> list[tuple[str, Relative]]:
    """The corpus-wide relation list from each article's own decisions (``decide``,
    ranked): mirrored, joined through every certain hub, mirrored again (the links
    the hubs added belong to both sides too), and cut to each query's best ``k``."""
    ids = set(decided)
    relations = [(query, rel) for query, relatives in decided.items() for rel in relatives]
    relations = mirror(through_hubs(mirror(relations, ids), languages, relatives_of), ids)
    by_query: dict[str, list[Relative]] = defaultdict(list)
    for query, rel in relations:
        by_query[query].append(rel)
    return [(query, rel) for query in decided for rel in rank(by_query.get(query, []))[:k]]
