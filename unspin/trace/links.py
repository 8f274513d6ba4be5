"""The tracer's relations as undirected article pairs ("links").

``relations_for_corpus`` yields one ``(query id, Relative)`` record per
article and relative, so most pairs arrive twice, once from each side, and
the two records may disagree a little. Corpus views want one verdict per
pair: :func:`merge_links` keeps the best-scored record's relation and score,
and keeps who is upstream only when the records do not contradict each other.

Records are read by attribute or by key, so a ``Relative`` dataclass and its
JSON form (a dict) both work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

from unspin.model import Article

# Relations that put two articles in one text lineage (a story).
LINEAGE_RELATIONS = ("copy", "rewrite", "cross_language_rewrite")
# Same event, different text lineage: shown beside a story, never inside it.
INDEPENDENT = "independent"


def field_of(record: Any, name: str, default: Any = None) -> Any:
    """``record.name`` or ``record[name]``: Relative objects and their dict form alike."""
    if isinstance(record, Mapping):
        return record.get(name, default)
    return getattr(record, name, default)


def as_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is no number here


@dataclass
class Link:
    """One unordered article pair (``a < b``) and the tracer's merged verdict on it."""

    a: str
    b: str
    relation: str
    score: float
    upstream: str | None = None  # the side judged older / the source; None when unknown or contradicted
    lag_ab_hours: float | None = None  # b.published - a.published, from the records
    records: list[tuple[str, Any]] = field(default_factory=list)  # (query id, Relative)

    @property
    def pair(self) -> tuple[str, str]:
        return self.a, self.b

    @property
    def lineage(self) -> bool:
        return self.relation in LINEAGE_RELATIONS

    @property
    def downstream(self) -> str | None:
        if self.upstream is None:
            return None
        return self.b if self.upstream == self.a else self.a

    def other(self, article_id: str) -> str:
        return self.b if article_id == self.a else self.a

    def lag_from(self, article_id: str) -> float | None:
        """Hours from ``article_id``'s publication to the other side's (None when undated)."""
        if self.lag_ab_hours is None:
            return None
        return self.lag_ab_hours if article_id == self.a else -self.lag_ab_hours

    def record_from(self, query_id: str) -> tuple[Any, bool]:
        """The record as seen from ``query_id`` and whether its sides must be swapped.

        The second value is True when only the other side's record exists, so
        its ``query`` side is the other article.
        """
        for query, relative in self.records:
            if query == query_id:
                return relative, False
        return self.records[0][1], True


def pair_key(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x <= y else (y, x)


def merge_links(relations: Iterable[tuple[str, Any]]) -> dict[tuple[str, str], Link]:
    """One :class:`Link` per unordered pair of distinct articles."""
    links: dict[tuple[str, str], Link] = {}
    votes: dict[tuple[str, str], set[str]] = {}
    for query_id, relative in relations:
        other = str(field_of(relative, "article_id") or "")
        query_id = str(query_id)
        if not other or other == query_id:
            continue
        relation = str(field_of(relative, "relation") or "")
        score = as_float(field_of(relative, "score")) or 0.0
        key = pair_key(query_id, other)
        link = links.get(key)
        if link is None:
            link = links[key] = Link(key[0], key[1], relation, score)
        elif score > link.score:
            link.relation, link.score = relation, score
        link.records.append((query_id, relative))

        direction = field_of(relative, "direction")
        if direction == "upstream":  # the relative is older: it is the candidate source
            votes.setdefault(key, set()).add(other)
        elif direction == "downstream":
            votes.setdefault(key, set()).add(query_id)

        lag = as_float(field_of(relative, "lag_hours"))
        if lag is not None and link.lag_ab_hours is None:
            # lag is relative.published - query.published; store it as b - a.
            link.lag_ab_hours = lag if query_id == key[0] else -lag
    for key, upstream in votes.items():
        if len(upstream) == 1:  # both records agree (or only one said anything)
            links[key].upstream = next(iter(upstream))
    return links


def domain_of(article: Article) -> str | None:
    """The article's outlet: its ``domain`` or its URL's host, lower-case, without ``www.``."""
    host = article.domain
    if not host and article.url:
        try:
            host = urlsplit(article.url).hostname
        except ValueError:
            host = None
    if not host:
        return None
    host = host.strip().lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def hours_between(first: date | None, second: date | None) -> float | None:
    """``second - first`` in hours, from dates (day resolution)."""
    if first is None or second is None:
        return None
    return (second - first).days * 24.0
