"""Listing and searching the stored articles: filters, full-text search, pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine, func, literal_column, select, text

from unspin.store import tables as t

MAX_PAGE = 200
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class ArticleQuery:
    """What the corpus view asks for; every field optional."""

    text: str | None = None          # full-text search: every word must occur (title or text)
    domain: str | None = None
    language: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    finding_kind: str | None = None  # articles whose newest analysis has such a finding
    severity: str | None = None      # ... of this severity (with or without a kind)
    limit: int = 50
    offset: int = 0
    words: list[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.words = _WORD.findall(self.text or "")[:32]
        self.limit = max(1, min(int(self.limit), MAX_PAGE))
        self.offset = min(max(0, int(self.offset)), 10**9)  # a database integer, whatever the URL says


def search_articles(engine: Engine, query: ArticleQuery) -> tuple[int, list[dict[str, Any]]]:
    """(how many match, this page of them) - newest first, or by relevance with words."""
    a = t.articles.c
    columns = [a.id, a.url, a.domain, a.title, a.published, a.language, a.ingested_at]
    statement = select(*columns)
    order: list[Any] = [a.published.desc().nulls_last(), a.id]
    if query.words:
        if engine.dialect.name == "sqlite":
            # Each word quoted: FTS5 operators typed by a user are searched for, not obeyed.
            match = " ".join('"' + w.replace('"', '""') + '"' for w in query.words)
            hits = (select(literal_column("rowid").label("rid"), literal_column("rank").label("rank"))
                    .select_from(text("articles_fts"))
                    .where(text("articles_fts MATCH :match").bindparams(match=match))
                    .subquery())
            statement = statement.join(hits, hits.c.rid == literal_column("articles.rowid"))
            order = [hits.c.rank, a.id]
        else:
            # The expression is written out so that PostgreSQL uses the ix_articles_fts index.
            vector = "to_tsvector('simple', coalesce(articles.title, '') || ' ' || articles.text)"
            condition = text(f"{vector} @@ plainto_tsquery('simple', :words)").bindparams(words=" ".join(query.words))
            statement = statement.where(condition)
            rank = text(f"ts_rank({vector}, plainto_tsquery('simple', :rank_words)) DESC").bindparams(
                rank_words=" ".join(query.words))
            order = [rank, a.id]
    if query.domain:
        statement = statement.where(a.domain == query.domain.strip().lower())
    if query.language:
        statement = statement.where(a.language == query.language.strip().lower())
    if query.published_from:
        statement = statement.where(a.published >= query.published_from)
    if query.published_to:
        statement = statement.where(a.published <= query.published_to)
    if query.finding_kind or query.severity:
        f = t.finding_index.c
        having = select(f.article_id)
        if query.finding_kind:
            having = having.where(f.kind == query.finding_kind)
        if query.severity:
            having = having.where(f.severity == query.severity)
        statement = statement.where(a.id.in_(having))
    with engine.connect() as connection:
        total = int(connection.scalar(select(func.count()).select_from(statement.subquery())) or 0)
        rows = connection.execute(statement.order_by(*order).limit(query.limit).offset(query.offset)).all()
        counts = _finding_counts(connection, [row.id for row in rows])
    return total, [{"id": row.id, "url": row.url, "domain": row.domain, "title": row.title,
                    "published": row.published.isoformat() if row.published else None,
                    "language": row.language, "findings": counts.get(row.id, {})} for row in rows]


def _finding_counts(connection: Any, ids: list[str]) -> dict[str, dict[str, int]]:
    if not ids:
        return {}
    f = t.finding_index.c
    out: dict[str, dict[str, int]] = {}
    for article_id, severity, count in connection.execute(
            select(f.article_id, f.severity, func.count()).where(f.article_id.in_(ids))
            .group_by(f.article_id, f.severity)):
        out.setdefault(article_id, {})[severity] = int(count)
    return out


def facets(engine: Engine) -> dict[str, list]:
    """The values the corpus filters offer: domains, languages, finding kinds, with counts."""
    a, f = t.articles.c, t.finding_index.c
    with engine.connect() as connection:
        domains = connection.execute(select(a.domain, func.count()).where(a.domain.is_not(None))
                                     .group_by(a.domain).order_by(func.count().desc()).limit(500)).all()
        languages = connection.execute(select(a.language, func.count()).where(a.language.is_not(None))
                                       .group_by(a.language).order_by(func.count().desc())).all()
        kinds = connection.execute(select(f.kind, func.count()).group_by(f.kind).order_by(f.kind)).all()
    return {"domains": [[d, int(n)] for d, n in domains], "languages": [[lang, int(n)] for lang, n in languages],
            "finding_kinds": [[k, int(n)] for k, n in kinds]}
