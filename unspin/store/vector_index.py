"""An approximate nearest-neighbour index (HNSW, usearch) over the stored document vectors, for
stores too large to search as one matrix.

Below ``INDEX_MIN_VECTORS`` vectors the store searches exactly (one matrix product: 50k vectors
take about 5 ms and 100 MB); from there on, trace asks this index instead, which answers in well
under a millisecond at a million vectors and keeps only the graph and float16 vectors in memory.
The index is a file beside the store (SQLite: ``DB.vectors.usearch``; other backends: under
``$UNSPIN_INDEX_DIR``, default ``~/.cache/unspin/indexes``), kept in step with the vectors table:
rows saved through any process are added the next time the index is used.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine, func, select

from unspin.store import tables as t

log = logging.getLogger(__name__)

#: Vectors from which a store searches the index instead of the exact matrix
#: (UNSPIN_VECTOR_INDEX_MIN; the tests set it low to exercise the index).
#: At 50k vectors the index (search breadth 256) found 0.987 of the exact top 10, at 100k all of
#: them, in 2.5 ms against 8.6 ms for the exact product (bench/bench_vectors.py, 2026-12-06).
INDEX_MIN_VECTORS = int(os.environ.get("UNSPIN_VECTOR_INDEX_MIN", 50_000))
SYNC_BATCH = 5000
#: Seconds between two checks that the index holds every stored vector: counting the vectors
#: table takes ~65 ms at 100k rows on SQLite, more than the search itself. Rows this process
#: saves are added at once (``stale``); rows from other processes within this many seconds.
SYNC_CHECK_SECONDS = 10.0


def vector_key(article_id: str) -> int:
    """The article's 63-bit key in the index (a hash: no counter to coordinate between writers)."""
    return int.from_bytes(hashlib.sha256(article_id.encode("utf-8")).digest()[:8], "little") >> 1


def index_path(url: Any) -> Path:
    database = getattr(url, "database", None)
    if getattr(url, "get_backend_name", lambda: "")() == "sqlite" and database and database != ":memory:":
        return Path(database + ".vectors.usearch")
    folder = Path(os.environ.get("UNSPIN_INDEX_DIR") or Path.home() / ".cache" / "unspin" / "indexes")
    name = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return folder / f"{name}.vectors.usearch"


class VectorIndex:
    """The index of one store and encoder: ``search(vector, k) -> [(article_id, cosine)]``."""

    def __init__(self, engine: Engine, path: Path, encoder: str,
                 reading: Callable[[], Any] | None = None) -> None:
        self.engine, self.path, self.encoder = engine, path, encoder
        # the connection for a search's id look-up: the store's (a trace's pinned one), else a new one
        self._reading = reading or engine.connect
        self._index: Any = None
        self._lock = threading.Lock()
        self._checked_at: float | None = None

    def stale(self) -> None:
        """Check the store for new vectors before the next search."""
        self._checked_at = None

    def _open(self, ndim: int) -> Any:
        from unspin.ann import usearch_index_class

        Index = usearch_index_class()

        index = Index(ndim=ndim, metric="cos", dtype="f16", connectivity=16, expansion_add=128,
                      expansion_search=256)
        if self.path.exists():
            try:
                index.load(str(self.path))
            except Exception as exc:  # noqa: BLE001 - a damaged file is rebuilt from the store
                log.warning("vector index %s unreadable (%s); rebuilding it", self.path, exc)
                index = Index(ndim=ndim, metric="cos", dtype="f16", connectivity=16, expansion_add=128,
                              expansion_search=256)
        return index

    def sync(self) -> int:
        """Add the stored vectors the index lacks; returns how many were added."""
        v = t.vectors.c
        with self.engine.connect() as connection:
            stored = int(connection.scalar(select(func.count()).select_from(t.vectors)
                                           .where(v.encoder == self.encoder)) or 0)
        if self._index is not None and len(self._index) >= stored:
            return 0
        added = 0
        with self.engine.connect() as connection:
            rows = connection.execution_options(stream_results=True, yield_per=SYNC_BATCH).execute(
                select(v.article_id, v.key, v.document).where(v.encoder == self.encoder))
            for batch in rows.partitions(SYNC_BATCH):
                keys = np.array([row.key if row.key is not None else vector_key(row.article_id) for row in batch],
                                dtype=np.uint64)
                vectors = np.stack([np.frombuffer(bytes(row.document), dtype="<f2") for row in batch]).astype(np.float32)
                if self._index is None:
                    self._index = self._open(vectors.shape[1])
                fresh = ~np.asarray(self._index.contains(keys), dtype=bool)
                if fresh.any():
                    self._index.add(keys[fresh], vectors[fresh])
                    added += int(fresh.sum())
        if added:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
            self._index.save(str(temporary))
            os.replace(temporary, self.path)
        return added

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        with self._lock:
            now_s = time.monotonic()
            if self._checked_at is None or now_s - self._checked_at > SYNC_CHECK_SECONDS:
                self.sync()
                self._checked_at = time.monotonic()
            if self._index is None or len(self._index) == 0:
                return []
            found = self._index.search(np.asarray(vector, dtype=np.float32), min(k, len(self._index)))
        keys = [int(key) for key in np.atleast_1d(found.keys)]
        similarity = {key: 1.0 - float(d) for key, d in zip(keys, np.atleast_1d(found.distances))}
        v = t.vectors.c
        with self._reading() as connection:
            ids = {row.key: row.article_id for row in connection.execute(
                select(v.key, v.article_id).where(v.key.in_(keys), v.encoder == self.encoder))}
        return [(ids[key], similarity[key]) for key in keys if key in ids]


def stored_vector_count(engine: Engine, encoder: str) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(t.vectors)
                                     .where(t.vectors.c.encoder == encoder)) or 0)
