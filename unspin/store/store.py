"""The ``Store``: articles, raw inputs, fingerprints and analyses in one database.

Every query method is one SQL statement (one round trip), answered from an
index, so trace can afford many of them per article even at 100k articles.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date, datetime, timezone
from typing import Any, Literal

import numpy as np
from sqlalchemy import (
    Engine,
    Float,
    and_,
    any_,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import URL, Row
from sqlalchemy.sql import Select

from unspin.model import Article
from unspin.read.errors import ReadError
from unspin.store import review, vector_index
from unspin.store import tables as t
from unspin.store.engine import describe_url, make_engine, normalise_url
from unspin.store.ingest import (
    DEFAULT_BATCH,
    Ingestor,
    IngestReport,
    minhash_bytes,
    now,
)
from unspin.store.migrate import upgrade
from unspin.store.review import write_finding_index
from unspin.store.search import ArticleQuery, facets, search_articles
from unspin.store.vector_index import (
    VectorIndex,
    index_path,
    stored_vector_count,
    vector_key,
)

# term_candidates' automatic max_df: terms in more than 1/50 of the articles
# (but never fewer than 1000) are left out.
AUTO_MAX_DF_SHARE = 50
AUTO_MAX_DF_FLOOR = 1000
IDF_TOTAL_TTL = 30.0  # seconds the article count behind idf may be reused

_ARTICLE_COLUMNS = (t.articles.c.id, t.articles.c.url, t.articles.c.domain, t.articles.c.title,
                    t.articles.c.published, t.articles.c.language, t.articles.c.source,
                    t.articles.c.meta, t.articles.c.text)


def open_store(url: str | None = None) -> Store:
    """Open (creating if needed) the store at ``url`` and bring its schema up to date.

    ``url``: a SQLAlchemy URL (``sqlite:///path.db``, ``postgresql://user@host/db``)
    or a plain path to a SQLite file; None means :func:`default_url`.
    """
    store = Store(normalise_url(url))
    try:
        upgrade(store.engine)
    except Exception:
        store.close()
        raise
    return store


class Store:
    """A corpus store. Build one with :func:`open_store` (which runs migrations)."""

    def __init__(self, url: str | URL, engine: Engine | None = None) -> None:
        self.url = url if isinstance(url, URL) else normalise_url(url)
        self.engine = engine or make_engine(self.url)
        self._total: tuple[float, int] | None = None  # (when, article count) for idf
        self._has_pairs: tuple[float, bool] | None = None  # (when, any candidate pairs stored)
        self._documents: tuple[str, list[str], np.ndarray] | None = None  # document_vectors cache
        self._wide_documents: tuple[str, list[str], list[str | None], np.ndarray] | None = None
        self._use_index: dict[str, tuple[float, bool]] = {}  # encoder -> (when decided, use the index)
        self._indexes: dict[str, Any] = {}
        # Reads on PostgreSQL run in autocommit: one round trip a query, not BEGIN, the query and
        # ROLLBACK (a trace makes about 17 reads; a checkout and a small read took 0.49 -> 0.34 ms
        # on a local server)
        self._read_options = {"isolation_level": "AUTOCOMMIT"} if self.engine.dialect.name == "postgresql" else {}
        self._pinned = threading.local()  # one_connection(): this thread's read connection

    def _reading(self) -> Any:
        """A connection for reads (``with store._reading() as connection``): this thread's pinned
        one inside ``one_connection()``, else a pooled one returned at the end of the block."""
        pinned = getattr(self._pinned, "connection", None)
        if pinned is not None:
            return nullcontext(pinned)
        connection = self.engine.connect()
        return connection.execution_options(**self._read_options) if self._read_options else connection

    def _among(self, column: Any, values: Iterable[Any]) -> Any:
        """``column IN values`` for the read path's long lists: on PostgreSQL ``column = ANY(array)``,
        one array parameter instead of one per value (a trace's term and id lists run to hundreds,
        each parsed on both sides on every query); elsewhere the plain IN list."""
        values = list(values)
        if self.engine.dialect.name != "postgresql":
            return column.in_(values)
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))

    def _binary_rows(self, query: Select) -> list[Any]:
        """All rows of ``query``, on PostgreSQL in the binary wire format: vectors and MinHash
        signatures are bytea, which the text format sends as hex (twice the bytes) and decodes
        again; a trace's pool of sentence vectors (~640 KB) read 4-5 ms faster so. Rows have the
        same attribute names and values as ``connection.execute(query).all()`` gives."""
        with self._reading() as connection:
            if connection.dialect.name != "postgresql":
                return connection.execute(query).all()
            from psycopg.rows import namedtuple_row

            compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
            with connection.connection.driver_connection.cursor(binary=True, row_factory=namedtuple_row) as cursor:
                cursor.execute(str(compiled), compiled.params)
                return cursor.fetchall()

    @contextmanager
    def one_connection(self) -> Iterator[None]:
        """Run every read of this thread inside the block on one pooled connection.

        A trace makes about 17 reads; checking a connection out of the pool for each costs a
        liveness ping (``pool_pre_ping``, one more round trip on PostgreSQL) and the checkout
        itself. Nested blocks share the outer connection. Writes still take their own
        connection and transaction."""
        if getattr(self._pinned, "connection", None) is not None:
            yield
            return
        with self.engine.connect() as connection:
            self._pinned.connection = (connection.execution_options(**self._read_options)
                                       if self._read_options else connection)
            try:
                yield
            finally:
                self._pinned.connection = None

    def idf_total(self) -> int:
        """The article count N that idf uses, cached for IDF_TOTAL_TTL seconds (and
        refreshed after an ingest): counting 100k rows costs ~5-10 ms on PostgreSQL,
        and idf barely moves meanwhile. ``count()`` stays exact."""
        now = time.monotonic()
        if self._total is None or now - self._total[0] > IDF_TOTAL_TTL:
            self._total = (now, self.count())
        return self._total[1]

    def __repr__(self) -> str:
        return f"Store({describe_url(self.url)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.url.get_backend_name()

    def close(self) -> None:
        self.engine.dispose()

    # -- writing ---------------------------------------------------------------

    def ingest(self, items: Iterable[Article | ReadError], *, batch_size: int = DEFAULT_BATCH,
               raw: Mapping[str, str] | None = None,
               progress: Callable[[int], None] | None = None,
               keep_raw: bool = True, args: dict[str, Any] | None = None,
               encoding: str | None = None, fingerprints: Mapping[str, Any] | None = None) -> IngestReport:
        """Store Articles (ReadErrors go to the errors table); see ``unspin.store.ingest``.

        ``raw``: raw HTML by Article source or id, for callers that hold it;
        otherwise, with ``keep_raw``, the HTML behind HTML files, WARC records
        and JSON Lines ``html`` records is re-read from the input (``encoding``
        as given to the reader). ``progress`` is called after each committed
        batch with the number of input items it handled. ``args`` is kept
        with the run's record. ``fingerprints``: precomputed ones by content hash
        (``unspin candidates`` makes them on a cluster), used instead of computing them here.
        """
        ingestor = Ingestor(self.engine, batch_size=batch_size, raw=raw, keep_raw=keep_raw,
                            progress=progress, args=args, encoding=encoding, fingerprints=fingerprints)
        try:
            return ingestor.run(items)
        finally:
            self._total = None  # the count behind idf changed

    def save_analysis(self, article_id: str, analysis_json: dict[str, Any]) -> None:
        """Keep an analysis (``Analysis.to_dict()``), replacing one of the same unspin version."""
        from unspin import __version__

        version = str(analysis_json.get("unspin_version") or __version__)
        with self.engine.begin() as connection:
            connection.execute(delete(t.analyses).where(
                t.analyses.c.article_id == article_id, t.analyses.c.unspin_version == version))
            connection.execute(insert(t.analyses).values(
                article_id=article_id, unspin_version=version, json=analysis_json, created_at=now()))
            write_finding_index(connection, article_id, analysis_json)

    # -- review marks and search (the workbench) ---------------------------------------

    def set_review_mark(self, article_id: str, finding: Mapping[str, Any], mark: str,
                        note: str | None = None, analyst: str | None = None) -> dict[str, Any]:
        """Mark one finding (its ``to_dict()``) confirmed, dismissed or unsure, with a note."""
        return review.set_mark(self.engine, article_id, finding, mark, note, analyst)

    def clear_review_mark(self, article_id: str, finding_key: str) -> bool:
        return review.clear_mark(self.engine, article_id, finding_key)

    def review_marks(self, article_id: str) -> dict[str, dict[str, Any]]:
        """The article's marks by ``unspin.review.finding_key``."""
        return review.marks_for(self.engine, article_id)

    def review_counts(self) -> list[dict[str, Any]]:
        """Marks per analyzer and finding kind."""
        return review.mark_counts(self.engine)

    def search(self, query: ArticleQuery) -> tuple[int, list[dict[str, Any]]]:
        """(total, page) of stored articles matching ``query`` (filters, full-text words)."""
        return search_articles(self.engine, query)

    def facets(self) -> dict[str, list]:
        return facets(self.engine)

    def rename_sources(self, run_id: int, names: Mapping[str, str]) -> None:
        """Replace a path prefix of the ``source`` of the articles one ingest run stored (an
        upload's temporary path by the name the user gave)."""
        a = t.articles.c
        with self.engine.begin() as connection:
            for prefix, name in names.items():
                connection.execute(
                    t.articles.update()
                    .where(a.run_id == run_id, func.substr(a.source, 1, len(prefix)) == prefix)
                    .values(source=literal(name) + func.substr(a.source, len(prefix) + 1)))

    def reindex(self, *, batch: int = DEFAULT_BATCH, missing_only: bool = False,
                progress: Callable[[int], None] | None = None) -> int:
        """Recompute fingerprints (after the fingerprint function changed); see ``reindex.py``."""
        from unspin.store.reindex import reindex

        return reindex(self, batch=batch, missing_only=missing_only, progress=progress)

    # -- articles ----------------------------------------------------------------

    def article(self, key: str) -> Article | None:
        """The article with this id, else the one with this URL."""
        a = t.articles.c
        query = (select(*_ARTICLE_COLUMNS).where(or_(a.id == key, a.url == key))
                 .order_by(case((a.id == key, 0), else_=1)).limit(1))
        with self._reading() as connection:
            row = connection.execute(query).first()
        return _article(row) if row else None

    def stored_id_of(self, article: Article) -> str | None:
        """The id under which this article (same URL or same normalised text) is stored, if it is."""
        from unspin.store.ingest import content_hash

        a = t.articles.c
        condition = a.content_hash == content_hash(article.text)
        if article.url:
            condition = or_(condition, a.url == article.url)
        with self._reading() as connection:
            return connection.scalar(select(a.id).where(condition).limit(1))

    def articles(self, ids: Sequence[str]) -> list[Article]:
        """The articles with these ids, in the order given (unknown ids left out)."""
        if not ids:
            return []
        with self._reading() as connection:
            rows = connection.execute(select(*_ARTICLE_COLUMNS).where(self._among(t.articles.c.id, set(ids)))).all()
            found = {row.id: row for row in rows}
        return [_article(found[i]) for i in ids if i in found]

    def iter_articles(self, batch: int = 1000) -> Iterator[Article]:
        """Every article, in id order, read ``batch`` at a time."""
        return self._page_articles(select(*_ARTICLE_COLUMNS), batch)

    def iter_unanalysed(self, version: str | None = None, batch: int = 100) -> Iterator[Article]:
        """Articles with no analysis by this unspin version (default: the running one)."""
        from unspin import __version__

        version = version or __version__
        done = select(t.analyses.c.article_id).where(
            t.analyses.c.article_id == t.articles.c.id, t.analyses.c.unspin_version == version)
        return self._page_articles(select(*_ARTICLE_COLUMNS).where(~done.exists()), batch)

    def _page_articles(self, query: Select, batch: int) -> Iterator[Article]:
        """Rows of ``query`` in id order by keyset paging: no cursor stays open
        between pages, so callers may write to the store while they iterate."""
        query = query.order_by(t.articles.c.id).limit(batch)
        last: str | None = None
        while True:
            page = query if last is None else query.where(t.articles.c.id > last)
            with self._reading() as connection:
                rows = connection.execute(page).all()
            for row in rows:
                yield _article(row)
            if len(rows) < batch:
                return
            last = rows[-1].id

    def count(self) -> int:
        with self._reading() as connection:
            return int(connection.scalar(select(func.count()).select_from(t.articles)) or 0)

    def raw_html(self, article_id: str) -> str | None:
        """The raw page kept at ingest (HTML files, WARC records, JSON Lines ``html``), if any."""
        with self._reading() as connection:
            return connection.scalar(select(t.raw_inputs.c.content)
                                     .where(t.raw_inputs.c.article_id == article_id))

    def analysis(self, article_id: str) -> dict[str, Any] | None:
        """The newest stored analysis of the article, as saved."""
        query = (select(t.analyses.c.json).where(t.analyses.c.article_id == article_id)
                 .order_by(t.analyses.c.id.desc()).limit(1))
        with self._reading() as connection:
            return connection.scalar(query)

    def errors(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """Read errors met while ingesting (all runs, or one), oldest first."""
        e = t.ingest_errors.c
        query = select(e.source, e.reason, e.at, e.run_id).order_by(e.id)
        if run_id is not None:
            query = query.where(e.run_id == run_id)
        with self._reading() as connection:
            return [{"source": r.source, "reason": r.reason, "at": _iso(r.at), "run_id": r.run_id}
                    for r in connection.execute(query).all()]

    def runs(self) -> list[dict[str, Any]]:
        """Ingest runs, oldest first: started, finished (None if it was killed), args, counts."""
        r = t.ingest_runs.c
        with self._reading() as connection:
            return [{"id": row.id, "started": _iso(row.started), "finished": _iso(row.finished),
                     "args": row.args, "counts": row.counts}
                    for row in connection.execute(select(r.id, r.started, r.finished, r.args, r.counts)
                                                  .order_by(r.id)).all()]

    # -- fingerprints and candidates ------------------------------------------------

    def stored_fingerprint(self, article_id: str) -> tuple[np.ndarray, dict[str, Any]] | None:
        """(MinHash values as uint64[NUM_PERM], skeleton) kept at ingest."""
        f = t.fingerprints.c
        with self._reading() as connection:
            row = connection.execute(select(f.minhash, f.skeleton).where(f.article_id == article_id)).first()
        if row is None:
            return None
        return _minhash(row.minhash), row.skeleton

    def stored_fingerprints(self, article_ids: Sequence[str]) -> dict[str, tuple[np.ndarray, dict[str, Any]]]:
        """``stored_fingerprint`` for many articles in one round-trip (missing ids are left out)."""
        if not article_ids:
            return {}
        f = t.fingerprints.c
        query = select(f.article_id, f.minhash, f.skeleton).where(self._among(f.article_id, set(article_ids)))
        return {row.article_id: (_minhash(row.minhash), row.skeleton)
                for row in self._binary_rows(query)}

    def band_candidates(self, bands: list[int], *, exclude: str | None = None,
                        limit: int = 200) -> dict[str, int]:
        """Article id -> number of LSH bands shared with ``bands``, most shared first."""
        if not bands:
            return {}
        b = t.lsh_bands.c
        shared = func.count().label("shared")
        query = (select(b.article_id, shared).where(self._among(b.band, {int(x) for x in bands}))
                 .group_by(b.article_id).order_by(shared.desc(), b.article_id).limit(limit))
        if exclude is not None:
            query = query.where(b.article_id != exclude)
        with self._reading() as connection:
            return {row.article_id: int(row.shared) for row in connection.execute(query).all()}

    def term_candidates(self, terms: list[int], *, published_from: date | None = None,
                        published_to: date | None = None, exclude: str | None = None,
                        limit: int = 200, max_df: int | Literal["auto"] | None = "auto",
                        ) -> list[tuple[str, float]]:
        """Articles sharing skeleton terms, ranked by the sum of idf = ln(1 + N / df) over shared terms.

        N is the number of stored articles, df a term's number of articles.
        ``published_from``/``published_to`` bound the publication date (inclusive);
        undated articles are always eligible. ``max_df`` leaves out terms found in
        more articles than that: they add little (idf <= ln 51 at 2%) and cost the
        most to join. "auto" (default): 2% of N but at least 1000, so nothing is
        left out below 50,000 articles; None: keep every term.
        """
        if not terms:
            return []
        p, st = t.terms.c, t.term_stats.c
        total = max(1, self.idf_total())
        n = literal(total, Float)
        df = select(st.term, st.df).where(self._among(st.term, {int(x) for x in terms}))
        if max_df == "auto":
            df = df.where(st.df <= max(total / AUTO_MAX_DF_SHARE, AUTO_MAX_DF_FLOOR))
        elif max_df is not None:
            df = df.where(st.df <= int(max_df))
        df = df.cte("df")
        score = func.sum(func.ln(1.0 + n / df.c.df)).label("score")
        query = (select(p.article_id, score).select_from(df.join(t.terms, p.term == df.c.term))
                 .group_by(p.article_id).order_by(score.desc(), p.article_id).limit(limit))
        if exclude is not None:
            query = query.where(p.article_id != exclude)
        if published_from is not None or published_to is not None:
            # the posting's own copy of its article's date (tables.terms): no join to articles
            window = []
            if published_from is not None:
                window.append(p.published >= published_from)
            if published_to is not None:
                window.append(p.published <= published_to)
            query = query.where(or_(p.published.is_(None), and_(*window)))
        with self._reading() as connection:
            return [(row.article_id, float(row.score)) for row in connection.execute(query).all()]

    def term_df(self, terms: list[int]) -> dict[int, int]:
        """Term -> number of stored articles with it (0 for unknown terms)."""
        wanted = {int(x) for x in terms}
        if not wanted:
            return {}
        st = t.term_stats.c
        with self._reading() as connection:
            found = {int(row.term): int(row.df)
                     for row in connection.execute(select(st.term, st.df).where(self._among(st.term, wanted))).all()}
        return {term: found.get(term, 0) for term in (int(x) for x in terms)}


    # -- multilingual vectors (unspin.trace.encoder) ----------------------------------

    def vector_rows(self, article_ids: Sequence[str], encoder: str) -> dict[str, tuple[bytes, list]]:
        """Article id -> (sentence vectors as bytes, sentence spans) made by ``encoder``."""
        if not article_ids:
            return {}
        v = t.vectors.c
        query = (select(v.article_id, v.sentences, v.spans)
                 .where(self._among(v.article_id, set(article_ids)), v.encoder == encoder))
        return {row.article_id: _vector_row(row) for row in self._binary_rows(query)}

    def pool_rows(self, article_ids: Sequence[str], encoder: str,
                  ) -> list[tuple[Article, tuple[np.ndarray, dict[str, Any]] | None, tuple[bytes, list] | None]]:
        """(article, ``stored_fingerprint``, ``vector_rows`` entry or None) of each stored article of
        ``article_ids``, in one statement: what ``articles``, ``stored_fingerprints`` and
        ``vector_rows`` give for a trace's candidate pool, one round trip instead of three."""
        if not article_ids:
            return []
        a, f, v = t.articles.c, t.fingerprints.c, t.vectors.c
        columns = [column.label(column.key) for column in _ARTICLE_COLUMNS]
        query = (select(*columns, f.minhash, f.skeleton, v.sentences, v.spans)
                 .select_from(t.articles.outerjoin(t.fingerprints, f.article_id == a.id)
                              .outerjoin(t.vectors, and_(v.article_id == a.id, v.encoder == encoder)))
                 .where(self._among(a.id, set(article_ids))))
        out = []
        for row in self._binary_rows(query):
            stored = None if row.minhash is None else (_minhash(row.minhash), row.skeleton)
            out.append((_article(row), stored, None if row.sentences is None else _vector_row(row)))
        return out

    def save_vector_rows(self, encoder: str, rows: Mapping[str, tuple[bytes, bytes, list]]) -> None:
        """Keep (document vector, sentence vectors, spans) per article id, replacing older ones.
        Ids that name no stored article are left out."""
        if not rows:
            return
        self._replace_article_rows(t.vectors, {
            key: {"article_id": key, "encoder": encoder, "document": doc, "sentences": sents, "spans": spans,
                  "key": vector_key(key)} for key, (doc, sents, spans) in rows.items()})
        self._documents = None
        index = self._indexes.get(encoder)
        if index is not None:
            index.stale()  # this process's own rows are searchable at once

    def wide_vectors(self, article_ids: Sequence[str], encoder: str) -> dict[str, bytes]:
        """Article id -> e5 document vector (float16 bytes) made by ``encoder`` (trace.wide)."""
        if not article_ids:
            return {}
        w = t.wide_vectors.c
        query = select(w.article_id, w.document).where(self._among(w.article_id, set(article_ids)),
                                                        w.encoder == encoder)
        return {row.article_id: bytes(row.document) for row in self._binary_rows(query)}

    def save_wide_vectors(self, encoder: str, rows: Mapping[str, bytes]) -> None:
        """Keep an e5 document vector per article id, replacing older ones; unknown ids are left out."""
        if rows:
            self._replace_article_rows(t.wide_vectors, {
                key: {"article_id": key, "encoder": encoder, "document": data} for key, data in rows.items()})
            self._wide_documents = None

    def wide_document_vectors(self, encoder: str) -> tuple[list[str], list[str | None], np.ndarray]:
        """(ids, stored languages, float32 matrix) of every article with an e5 vector from ``encoder``.
        Cached on this Store until e5 vectors are saved through it."""
        cached = self._wide_documents
        if cached is not None and cached[0] == encoder:
            return cached[1], cached[2], cached[3]
        w, a = t.wide_vectors.c, t.articles.c
        ids: list[str] = []
        languages: list[str | None] = []
        chunks: list[bytes] = []
        query = (select(w.article_id, a.language, w.document).join(t.articles, a.id == w.article_id)
                 .where(w.encoder == encoder).order_by(w.article_id))
        for row in self._binary_rows(query):
            ids.append(row.article_id)
            languages.append(row.language)
            chunks.append(bytes(row.document))
        matrix = _float32_rows(chunks)
        self._wide_documents = (encoder, ids, languages, matrix)
        return ids, languages, matrix

    def ids_without_wide_vectors(self, encoder: str, limit: int = 1000) -> list[str]:
        """Up to ``limit`` stored article ids that have no e5 vector from ``encoder``."""
        return self._ids_without(t.wide_vectors, encoder, limit)

    def stored_languages(self) -> set[str | None]:
        """The distinct language codes the stored articles carry (None: not given by the reader)."""
        with self._reading() as connection:
            return {row.language for row in connection.execute(select(t.articles.c.language).distinct())}

    def _replace_article_rows(self, table: Any, rows: Mapping[str, dict[str, Any]]) -> None:
        """Replace ``table``'s row of each stored article id in ``rows`` (one row per article);
        ids that name no stored article are left out."""
        from sqlalchemy.exc import IntegrityError

        try:
            with self.engine.begin() as connection:
                known = {row.id for row in connection.execute(
                    select(t.articles.c.id).where(t.articles.c.id.in_(set(rows))))}
                if not known:
                    return
                connection.execute(delete(table).where(table.c.article_id.in_(known)))
                connection.execute(insert(table), [row for key, row in rows.items() if key in known])
        except IntegrityError:
            # another process saved rows for the same articles meanwhile (two traces on one
            # store): theirs are as good as ours, and the caller has its own
            pass

    # -- candidate pairs from a batch run (unspin.engine.candidates) --------------------------

    def save_candidate_pairs(self, rows: Iterable[tuple[str, str, int, float | None]]) -> tuple[int, int]:
        """Keep pairs (article_id, candidate_id, shared_bands, cosine); a pair already stored is
        replaced (a re-run after a killed load adds nothing twice). Pairs naming an article the
        store does not hold are left out. Returns (stored, left out)."""
        pairs = {}
        for a, b, shared, cosine in rows:
            a, b = sorted((str(a), str(b)))
            if a != b:
                pairs[(a, b)] = {"article_id": a, "candidate_id": b, "shared_bands": int(shared), "cosine": cosine}
        if not pairs:
            return 0, 0
        with self.engine.begin() as connection:
            known = {row.id for row in connection.execute(
                select(t.articles.c.id).where(t.articles.c.id.in_({x for pair in pairs for x in pair}))).all()}
            kept = [row for (a, b), row in pairs.items() if a in known and b in known]
            if kept:
                connection.execute(_upsert(connection, t.candidate_pairs, ["article_id", "candidate_id"],
                                           ["shared_bands", "cosine"]), kept)
        if kept:
            self._has_pairs = (time.monotonic(), True)
        return len(kept), len(pairs) - len(kept)

    def stored_candidates(self, article_id: str, limit: int = 200) -> dict[str, tuple[int, float | None]]:
        """Candidate id -> (shared bands, cosine) for the pairs a batch run stored for ``article_id``
        (up to ``limit`` each way). Most stores hold no pairs: then no query is made (whether any
        are stored is checked again every IDF_TOTAL_TTL seconds, at once after this store saves)."""
        now_s = time.monotonic()
        if self._has_pairs is None or now_s - self._has_pairs[0] > IDF_TOTAL_TTL:
            with self._reading() as connection:
                found = connection.scalar(select(t.candidate_pairs.c.article_id).limit(1)) is not None
            self._has_pairs = (now_s, found)
        if not self._has_pairs[1]:
            return {}
        c = t.candidate_pairs.c
        ways = [select(other.label("other"), c.shared_bands, c.cosine).where(column == article_id)
                .order_by(c.shared_bands.desc(), c.cosine.desc()).limit(limit).subquery()
                for column, other in ((c.article_id, c.candidate_id), (c.candidate_id, c.article_id))]
        query = union_all(*(select(way.c.other, way.c.shared_bands, way.c.cosine) for way in ways))
        with self._reading() as connection:
            return {row.other: (int(row.shared_bands), row.cosine) for row in connection.execute(query).all()}

    def ids_without_vectors(self, encoder: str, limit: int = 1000) -> list[str]:
        """Up to ``limit`` stored article ids that have no vectors from ``encoder``."""
        return self._ids_without(t.vectors, encoder, limit)

    def _ids_without(self, table: Any, encoder: str, limit: int) -> list[str]:
        """Up to ``limit`` stored article ids without a row of ``table`` made by ``encoder``."""
        a, v = t.articles.c, table.c
        query = (select(a.id).outerjoin(table, and_(v.article_id == a.id, v.encoder == encoder))
                 .where(v.article_id.is_(None)).order_by(a.id).limit(limit))
        with self._reading() as connection:
            return [row.id for row in connection.execute(query).all()]

    def indexed_nearest(self, encoder: str, vector: np.ndarray, k: int) -> list[tuple[str, float]] | None:
        """The ``k`` nearest stored documents from the approximate index, or None when this store
        is small enough to search exactly (``document_vectors``); see ``vector_index.py``."""
        now_s = time.monotonic()
        decided = self._use_index.get(encoder)
        if decided is None or now_s - decided[0] > IDF_TOTAL_TTL:
            path = index_path(self.url)
            use = path.exists() or stored_vector_count(self.engine, encoder) >= vector_index.INDEX_MIN_VECTORS
            decided = self._use_index[encoder] = (now_s, use)
        if not decided[1]:
            return None
        index = self._indexes.get(encoder)
        if index is None:
            index = self._indexes[encoder] = VectorIndex(self.engine, index_path(self.url), encoder,
                                                             reading=self._reading)
        return index.search(vector, k)

    def document_vectors(self, encoder: str) -> tuple[list[str], np.ndarray]:
        """(ids, float32 matrix of document vectors) of every article with vectors.
        Cached on this Store until vectors are saved through it; 100k articles
        take 200 MB and one matrix product (~10 ms) to search."""
        cached = getattr(self, "_documents", None)
        if cached is not None and cached[0] == encoder:
            return cached[1], cached[2]
        v = t.vectors.c
        ids: list[str] = []
        chunks: list[bytes] = []
        with self._reading() as connection:
            for row in connection.execute(select(v.article_id, v.document).where(v.encoder == encoder)
                                          .order_by(v.article_id)).all():
                ids.append(row.article_id)
                chunks.append(bytes(row.document))
        # float32 in memory: numpy has no fast float16 matrix product (100k x 512: ~10 ms
        # in float32, several times that in float16), at twice the memory (200 MB at 100k)
        matrix = _float32_rows(chunks)
        self._documents = (encoder, ids, matrix)
        return ids, matrix


def _float32_rows(chunks: list[bytes]) -> np.ndarray:
    """Stored float16 vectors, one per chunk, as a float32 matrix (0 x 0 when there are none)."""
    if not chunks:
        return np.zeros((0, 0), dtype=np.float32)
    return np.frombuffer(b"".join(chunks), dtype="<f2").astype(np.float32).reshape(len(chunks), -1)


def _minhash(data: bytes) -> np.ndarray:
    """A stored MinHash signature (little-endian uint64[NUM_PERM])."""
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


def _vector_row(row: Row) -> tuple[bytes, list]:
    """A ``vector_rows`` entry: (sentence vectors as bytes, sentence spans)."""
    return bytes(row.sentences), list(row.spans)


def _article(row: Row) -> Article:
    return Article(text=row.text, id=row.id, url=row.url, domain=row.domain, title=row.title,
                   published=_as_date(row.published), language=row.language, source=row.source,
                   metadata=dict(row.meta or {}))


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _iso(value: Any) -> str | None:
    """ISO 8601 in UTC; SQLite hands stamps back without their zone (they are stored in UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.isoformat()


__all__ = ["Store", "open_store", "IngestReport", "minhash_bytes"]


def _upsert(connection: Any, table: Any, keys: list[str], values: list[str]) -> Any:
    """INSERT that replaces ``values`` of a row whose ``keys`` exist (SQLite and PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    statement = dialect_insert(table)
    return statement.on_conflict_do_update(index_elements=keys,
                                           set_={name: statement.excluded[name] for name in values})
