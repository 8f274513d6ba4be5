"""Streaming, batched, idempotent, resumable ingest of Articles into a store.

Each batch is one transaction holding the articles, their raw inputs,
fingerprints and posting lists, the read errors met on the way and the
run's running counts. A killed ingest therefore loses at most the batch in
flight; run again, the articles already stored are recognised (same URL or
same content hash) and skipped, so every article ends up stored once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

import numpy as np
from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from unspin.model import Article
from unspin.read.errors import ReadError
from unspin.store import tables as t
from unspin.store.raw import Raw, RawLocator

log = logging.getLogger(__name__)

DEFAULT_BATCH = 500
FLUSH_SECONDS = 2.0  # slow readers (HTML extraction) still commit and report often
RETRIES = 3          # a concurrent ingest may insert the same article between check and insert

Progress = Callable[[int], None]


@dataclass
class IngestReport:
    """What one ingest did."""

    added: int = 0
    skipped_duplicates: int = 0
    errors: int = 0
    seconds: float = 0.0
    run_id: int | None = None
    error_list: list[ReadError] = field(default_factory=list, repr=False)

    @property
    def rate(self) -> float:
        """Input items (articles and errors) handled per second."""
        handled = self.added + self.skipped_duplicates + self.errors
        return handled / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "skipped_duplicates": self.skipped_duplicates,
                "errors": self.errors, "seconds": round(self.seconds, 3), "run_id": self.run_id}


def normalise_text(text: str) -> str:
    """The text the content hash is taken of: NFC, whitespace runs as one space, trimmed.

    So a copy that differs only in line endings, indentation or Unicode
    composition is recognised as the same content.
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


NUL_REASON = "contains NUL (\\x00) characters, which the store cannot keep"


def has_nul(article: Article) -> bool:
    """PostgreSQL text and JSON cannot hold U+0000; refused on every backend alike."""
    fields = (article.text, article.title, article.url, article.domain, article.source, article.language)
    if any(value and "\x00" in value for value in fields):
        return True
    return bool(article.metadata) and "\\u0000" in json.dumps(article.metadata, default=str)


def now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class _Pending:
    article: Article
    hash: str
    raw: Raw | None = None
    row_id: str = ""


class Ingestor:
    """One ingest run into ``engine``; use :meth:`run`."""

    def __init__(self, engine: Engine, *, batch_size: int = DEFAULT_BATCH,
                 raw: Mapping[str, str] | None = None, keep_raw: bool = True,
                 progress: Progress | None = None, args: dict[str, Any] | None = None,
                 detect_language: bool = True, encoding: str | None = None,
                 fingerprints: Mapping[str, Any] | None = None) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.engine = engine
        self.batch_size = batch_size
        self.raw = raw or {}
        self.locator = RawLocator(encoding) if keep_raw else None
        self.progress = progress
        self.args = args or {}
        self.detect_language = detect_language
        # content hash -> (Fingerprint, language) made elsewhere (on a cluster): the slow part skipped
        self.precomputed = fingerprints or {}
        self.report = IngestReport()

    def run(self, items: Iterable[Article | ReadError]) -> IngestReport:
        started = time.perf_counter()
        self.report.run_id = self._start_run()
        pending: list[_Pending] = []
        errors: list[ReadError] = []
        last_flush = time.monotonic()
        try:
            for item in items:
                if not isinstance(item, ReadError) and has_nul(item):
                    item = ReadError(item.source or item.id, NUL_REASON)
                if isinstance(item, ReadError):
                    errors.append(item)
                    self.report.error_list.append(item)
                else:
                    pending.append(self._prepare(item))
                if len(pending) >= self.batch_size or (
                        time.monotonic() - last_flush >= FLUSH_SECONDS and (pending or errors)):
                    self._flush(pending, errors)
                    pending, errors = [], []
                    last_flush = time.monotonic()
            if pending or errors:
                self._flush(pending, errors)
        finally:
            if self.locator is not None:
                self.locator.close()
        self.report.seconds = time.perf_counter() - started
        self._finish_run()
        return self.report

    # -- one article --------------------------------------------------------

    def _prepare(self, article: Article) -> _Pending:
        digest = content_hash(article.text)
        made = self.precomputed.get(digest)
        if made is not None and not article.language:
            article.language = made[1]
        if not article.language and self.detect_language:
            from unspin.lang import detect_language

            article.language = detect_language(article.text)[0]
        raw = None
        given = self.raw.get(article.source or "") or self.raw.get(article.id)
        if given is not None:
            raw = ("html", given)
        elif self.locator is not None:
            raw = self.locator.raw_for(article)
        return _Pending(article, digest, raw)

    # -- one batch ------------------------------------------------------------

    def _flush(self, pending: list[_Pending], errors: list[ReadError]) -> None:
        fingerprints: dict[str, Any] = {}
        for attempt in range(RETRIES):
            try:
                with self.engine.begin() as connection:
                    added, duplicates = self._store(connection, pending, errors, fingerprints)
                break
            except IntegrityError:
                if attempt == RETRIES - 1:
                    raise
                log.debug("batch collided with a concurrent ingest; checking again", exc_info=True)
        self.report.added += added
        self.report.skipped_duplicates += duplicates
        self.report.errors += len(errors)
        if self.progress is not None:
            self.progress(len(pending) + len(errors))

    def _store(self, connection: Connection, pending: list[_Pending], errors: list[ReadError],
               fingerprints: dict[str, Any]) -> tuple[int, int]:
        fresh = _new_only(connection, pending)
        duplicates = len(pending) - len(fresh)
        _assign_ids(connection, fresh)
        for item in fresh:
            if item.hash not in fingerprints:  # kept across retries: the slow part
                made = self.precomputed.get(item.hash)
                fingerprints[item.hash] = made[0] if made is not None else _fingerprint(item.article)
        stamp = now()
        run_id = self.report.run_id
        if fresh:
            connection.execute(insert(t.articles), [_article_row(p, stamp, run_id) for p in fresh])
            raws = [{"article_id": p.row_id, "kind": p.raw[0], "content": p.raw[1]} for p in fresh if p.raw]
            if raws:
                connection.execute(insert(t.raw_inputs), raws)
            _insert_fingerprints(connection, [(p.row_id, fingerprints[p.hash], p.article.published)
                                              for p in fresh])
        if errors:
            connection.execute(insert(t.ingest_errors), [
                {"run_id": run_id, "source": e.source, "reason": e.reason, "at": stamp} for e in errors])
        counts = {"added": self.report.added + len(fresh),
                  "skipped_duplicates": self.report.skipped_duplicates + duplicates,
                  "errors": self.report.errors + len(errors)}
        connection.execute(update(t.ingest_runs).where(t.ingest_runs.c.id == run_id).values(counts=counts))
        return len(fresh), duplicates

    # -- the run record ---------------------------------------------------------

    def _start_run(self) -> int:
        with self.engine.begin() as connection:
            result = connection.execute(insert(t.ingest_runs).values(
                started=now(), args=self.args,
                counts={"added": 0, "skipped_duplicates": 0, "errors": 0}))
            return int(result.inserted_primary_key[0])

    def _finish_run(self) -> None:
        counts = {k: v for k, v in self.report.to_dict().items() if k not in ("run_id",)}
        with self.engine.begin() as connection:
            connection.execute(update(t.ingest_runs).where(t.ingest_runs.c.id == self.report.run_id)
                               .values(finished=now(), counts=counts))


def _new_only(connection: Connection, pending: list[_Pending]) -> list[_Pending]:
    """The items whose URL and content hash are in neither the store nor earlier in the batch."""
    urls = {p.article.url for p in pending if p.article.url}
    hashes = {p.hash for p in pending}
    known_urls = set(connection.scalars(select(t.articles.c.url).where(t.articles.c.url.in_(urls)))) \
        if urls else set()
    known_hashes = set(connection.scalars(
        select(t.articles.c.content_hash).where(t.articles.c.content_hash.in_(hashes))))
    fresh = []
    for item in pending:
        url = item.article.url
        if item.hash in known_hashes or (url and url in known_urls):
            continue
        known_hashes.add(item.hash)
        if url:
            known_urls.add(url)
        fresh.append(item)
    return fresh


def _assign_ids(connection: Connection, fresh: list[_Pending]) -> None:
    """The reader's id where it is free; else the content hash, the input id kept in metadata."""
    wanted = {p.article.id for p in fresh} | {p.hash[:16] for p in fresh}
    taken = set(connection.scalars(select(t.articles.c.id).where(t.articles.c.id.in_(wanted)))) \
        if wanted else set()
    for item in fresh:
        article = item.article
        candidate = article.id
        if candidate in taken:
            candidate = item.hash[:16] if item.hash[:16] not in taken else item.hash
            article.metadata = {**article.metadata, "input_id": article.id}
            article.id = candidate
        taken.add(candidate)
        item.row_id = candidate


def _fingerprint(article: Article) -> Any:
    from unspin.trace.fingerprint import fingerprint

    return fingerprint(article)


def minhash_bytes(values: Any) -> bytes:
    return np.asarray(values, dtype=np.uint64).astype("<u8", copy=False).tobytes()


def _insert_fingerprints(connection: Connection, items: list[tuple[str, Any, date | None]]) -> None:
    """Fingerprints, LSH bands and term postings of (article id, fingerprint, publication date)."""
    connection.execute(insert(t.fingerprints), [
        {"article_id": article_id, "minhash": minhash_bytes(fp.minhash), "skeleton": fp.skeleton or {}}
        for article_id, fp, _ in items])
    bulk_insert(connection, t.lsh_bands, ("band", "article_id"),
                [(int(band), article_id) for article_id, fp, _ in items for band in dict.fromkeys(fp.bands)])
    # the date as ISO text: what SQLite's Date column holds, and what COPY reads on PostgreSQL
    term_rows = [(int(term), article_id, published.isoformat() if published else None)
                 for article_id, fp, published in items for term in dict.fromkeys(fp.terms)]
    bulk_insert(connection, t.terms, ("term", "article_id", "published"), term_rows)
    add_term_counts(connection, Counter(row[0] for row in term_rows))


def add_term_counts(connection: Connection, counts: Counter[int]) -> None:
    """Add to the document frequencies in term_stats, one statement for the whole batch."""
    if not counts:
        return
    # Sorted, so concurrent ingests lock term rows in the same order (no deadlock).
    terms = sorted(counts)
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            "INSERT INTO term_stats (term, df) SELECT * FROM unnest(%s::bigint[], %s::integer[]) "
            "ON CONFLICT (term) DO UPDATE SET df = term_stats.df + excluded.df",
            (terms, [counts[term] for term in terms]))
    else:
        connection.exec_driver_sql(
            "INSERT INTO term_stats (term, df) VALUES (?, ?) "
            "ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
            [(term, counts[term]) for term in terms])


def bulk_insert(connection: Connection, table: Any, columns: tuple[str, ...],
                rows: list[tuple[Any, ...]]) -> None:
    """Insert many plain rows (ints, strings): COPY on PostgreSQL, executemany elsewhere.

    The posting lists are most of the rows an ingest writes (~80 per article);
    psycopg's executemany sends them one statement each, COPY streams them.
    """
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        names = ", ".join(columns)
        with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    # The driver's own executemany with tuples: SQLAlchemy's per-row parameter
    # processing would cost more than SQLite's insert itself.
    marks = ", ".join("?" for _ in columns) if connection.dialect.paramstyle == "qmark" else None
    if marks is not None:
        connection.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", rows)
    else:
        connection.execute(insert(table), [dict(zip(columns, row)) for row in rows])


def _article_row(item: _Pending, stamp: datetime, run_id: int | None) -> dict[str, Any]:
    article = item.article
    return {
        "id": item.row_id, "url": article.url or None, "content_hash": item.hash,
        "domain": article.domain, "title": article.title, "published": article.published,
        "language": article.language, "source": article.source, "meta": article.metadata or {},
        "text": article.text, "ingested_at": stamp, "run_id": run_id,
    }
