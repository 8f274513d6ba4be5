"""Reading what the corpus views need from a store (the only DB-touching part).

The commands call :func:`load_corpus`; the pure functions in
:mod:`unspin.corpus` then work on the plain data it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from unspin.corpus.forensics import Indicator, domain_indicators, forensics
from unspin.trace.links import domain_of
from unspin.model import Article

Progress = Callable[..., None]


@dataclass
class Corpus:
    articles: list[Article]  # linked articles in full, the rest without text (counts only)
    relations: list[tuple[str, Any]]
    linked_ids: set[str] = field(default_factory=set)


def open_store(url: str | None):
    """``unspin.store.open_store`` (imported late: the store pulls in SQLAlchemy)."""
    from unspin.store import open_store as open_
    from unspin.store.engine import missing_store

    missing = missing_store(url)
    if missing:
        raise ValueError(f"no store at {missing} (a mistyped --db? 'unspin ingest' creates one)")
    return open_(url)


def relations_for_corpus(store, progress: Progress | None = None) -> list[tuple[str, Any]]:
    from unspin.trace.trace import relations_for_corpus as relations

    return list(relations(store, progress=progress))


def load_skeletons(store, ids: Iterable[str]) -> dict[str, dict]:
    """The tracer's stored fact skeletons (they sharpen the content-superset signal)."""
    stored = store.stored_fingerprints(sorted(ids))
    return {i: value[1] for i, value in stored.items() if value and isinstance(value[1], dict)}


def tracer_aligner():
    """The tracer's sentence aligner as ``(downstream, upstream) -> (aligned, changes)``."""
    from unspin.trace.align import align
    from unspin.trace.trace import language_of

    def aligner(downstream: Article, upstream: Article):
        return align(downstream.text, upstream.text, same_language=language_of(downstream) == language_of(upstream),
                     query_is_downstream=True)

    return aligner


def load_corpus(store, *, progress: Progress | None = None, with_unlinked: bool = True) -> Corpus:
    """Relations for every stored article, the linked articles in full, and (for
    per-outlet counts) every other article without its text."""
    relations = relations_for_corpus(store, progress=progress)
    linked: set[str] = set()
    for query_id, relative in relations:
        linked.add(str(query_id))
        other = relative.get("article_id") if isinstance(relative, dict) else getattr(relative, "article_id", None)
        if other:
            linked.add(str(other))
    articles = [a for a in store.articles(sorted(linked)) if a is not None]
    if with_unlinked:
        for article in store.iter_articles():
            if article.id not in linked:
                # Text is not needed for counts; dropping it keeps a large corpus in memory.
                articles.append(Article(text="", id=article.id, url=article.url, domain=article.domain,
                                        title=article.title, published=article.published,
                                        language=article.language, source=article.source))
    return Corpus(articles, relations, linked)


def looks_like_html(raw: str) -> bool:
    head = raw[:4096].lower()
    return "<html" in head or "<head" in head or "<!doctype" in head or "<meta" in head or "<script" in head


def corpus_forensics(store, articles: Iterable[Article], *,
                     advance: Callable[[], None] | None = None) -> dict[str, list[Indicator]]:
    """Indicators per domain from the raw HTML the store kept at ingest."""
    pages: list[tuple[str, list[Indicator]]] = []
    for article in articles:
        domain = domain_of(article)
        raw = store.raw_html(article.id) if domain else None
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", "replace")
        if raw and looks_like_html(raw):
            indicators = forensics(raw, article.url)
            for indicator in indicators:
                for evidence in indicator.evidence:
                    evidence.setdefault("article_id", article.id)
                    if article.url:
                        evidence.setdefault("url", article.url)
            pages.append((domain, indicators))
        if advance:
            advance()
    return domain_indicators(pages)
