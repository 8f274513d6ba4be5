"""Recomputing stored fingerprints, e.g. after the fingerprint function changed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from unspin.model import Article
from unspin.store import tables as t
from unspin.store import ingest as _ingest

if TYPE_CHECKING:
    from unspin.store.store import Store


def reindex(store: Store, *, batch: int = 500, missing_only: bool = False,
            progress: Callable[[int], None] | None = None) -> int:
    """Recompute fingerprints, LSH bands and terms; returns how many articles got new ones.

    A full reindex first drops every fingerprint in one transaction (the
    posting lists are keyed by band and term, so dropping them per article
    would scan them), then fills in the articles that have none, one
    transaction per batch. A killed reindex is finished by running it again
    with ``missing_only=True``, which does only that second step.
    """
    if not missing_only:
        with store.engine.begin() as connection:
            for table in (t.lsh_bands, t.terms, t.term_stats, t.fingerprints):
                connection.execute(delete(table))
    done = 0
    for chunk in _unfingerprinted(store, batch):
        computed = [(a.id, _ingest._fingerprint(a), a.published) for a in chunk]
        with store.engine.begin() as connection:
            _ingest._insert_fingerprints(connection, computed)
        done += len(computed)
        if progress:
            progress(len(computed))
    return done


def _unfingerprinted(store: Store, batch: int) -> Iterator[list[Article]]:
    from unspin.store.store import _ARTICLE_COLUMNS, _article

    has_one = select(t.fingerprints.c.article_id).where(t.fingerprints.c.article_id == t.articles.c.id)
    last: str | None = None
    while True:
        query = select(*_ARTICLE_COLUMNS).where(~has_one.exists()).order_by(t.articles.c.id).limit(batch)
        if last is not None:
            query = query.where(t.articles.c.id > last)
        with store.engine.connect() as connection:
            rows = connection.execute(query).all()
        if rows:
            yield [_article(row) for row in rows]
        if len(rows) < batch:
            return
        last = rows[-1].id
