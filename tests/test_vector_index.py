"""The approximate vector index agrees with the exact search, persists beside the store and picks up
vectors saved later, on SQLite and PostgreSQL."""

from __future__ import annotations

import numpy as np

from unspin.model import Article
from unspin.store import vector_index
from unspin.trace.vectors import ENCODER_NAME, nearest

DIMS = 32


def fill(store, n: int, seed: int = 0, offset: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    articles = [Article(text=f"Article number {offset + i} about Kharkiv and Odesa.", id=f"a{offset + i}")
                for i in range(n)]
    store.ingest(articles)
    vectors = {}
    rows = {}
    for article in articles:
        vector = rng.normal(size=DIMS).astype(np.float32)
        vector /= np.linalg.norm(vector)
        vectors[article.id] = vector
        rows[article.id] = (vector.astype("<f2").tobytes(), b"", [])
    store.save_vector_rows(ENCODER_NAME, rows)
    return vectors


def exact(vectors: dict[str, np.ndarray], query: np.ndarray, k: int) -> list[str]:
    ids = list(vectors)
    scores = np.stack([vectors[i] for i in ids]) @ query
    return [ids[i] for i in np.argsort(-scores)[:k]]


def test_index_agrees_with_exact_search_and_stays_in_step(store, monkeypatch, tmp_path):
    monkeypatch.setenv("UNSPIN_INDEX_DIR", str(tmp_path / "indexes"))
    assert store.indexed_nearest(ENCODER_NAME, np.ones(DIMS, dtype=np.float32), 5) is None  # small: exact
    monkeypatch.setattr(vector_index, "INDEX_MIN_VECTORS", 100)
    store._use_index.clear()
    vectors = fill(store, 300)
    rng = np.random.default_rng(1)
    hits = 0
    for _ in range(20):
        query = rng.normal(size=DIMS).astype(np.float32)
        query /= np.linalg.norm(query)
        got = [i for i, _ in nearest(store, query, k=5)]
        hits += len(set(got) & set(exact(vectors, query, 5)))
    assert hits / 100 >= 0.9
    path = vector_index.index_path(store.url)
    assert path.exists()
    # Vectors saved later (here through a second handle, as another process would) are found.
    from unspin.store import open_store

    other = open_store(store.url.render_as_string(hide_password=False))
    try:
        more = fill(other, 20, seed=5, offset=1000)
    finally:
        other.close()
    target = next(iter(more))
    store._use_index.clear()
    # another process's rows are looked for every SYNC_CHECK_SECONDS (here: at once)
    monkeypatch.setattr(vector_index, "SYNC_CHECK_SECONDS", 0.0)
    assert nearest(store, more[target], k=1)[0][0] == target
    # rows saved through this handle are searchable at once, whatever the interval
    monkeypatch.setattr(vector_index, "SYNC_CHECK_SECONDS", 3600.0)
    own = fill(store, 5, seed=9, offset=2000)
    mine = next(iter(own))
    assert nearest(store, own[mine], k=1)[0][0] == mine
