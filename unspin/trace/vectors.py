"""Multilingual vectors for tracing: kept in the store, made on first need.

``ensure_vectors`` reads the vectors of the given articles from the store and
encodes (in one batch) and saves those that have none, so each article is
encoded once in the life of a store. ``nearest`` searches the document
vectors of the whole store (one matrix product) for candidates that
share no skeleton term, e.g. a Russian origin whose names were spelt
differently by its English rewrite.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from unspin.model import Article
from unspin.trace.encoder import ENCODER_NAME, ArticleVectors, multilingual_encoder


class VectorStore(Protocol):
    def vector_rows(self, article_ids: Sequence[str], encoder: str) -> dict[str, tuple[bytes, list]]: ...
    def save_vector_rows(self, encoder: str, rows: dict[str, tuple[bytes, bytes, list]]) -> None: ...
    def document_vectors(self, encoder: str) -> tuple[list[str], np.ndarray]: ...


def ensure_vectors(store: VectorStore | None, articles: Sequence[Article]) -> dict[str, ArticleVectors]:
    """Article id -> vectors, encoding and storing the missing ones."""
    found: dict[str, ArticleVectors] = {}
    if store is not None:
        for key, (data, spans) in store.vector_rows([a.id for a in articles], ENCODER_NAME).items():
            found[key] = ArticleVectors.from_bytes(data, spans)
    missing = list({a.id: a for a in articles if a.id not in found}.values())
    if missing:
        made = multilingual_encoder().many_article_vectors([a.text for a in missing])
        rows = {}
        for article, vectors in zip(missing, made):
            found[article.id] = vectors
            rows[article.id] = (np.asarray(vectors.document, dtype="<f2").tobytes(), vectors.to_bytes(),
                                [list(s) for s in vectors.spans])
        if store is not None:
            store.save_vector_rows(ENCODER_NAME, rows)
    return found


def nearest(store: VectorStore, document: np.ndarray, *, k: int, exclude: str | None = None,
            ) -> list[tuple[str, float]]:
    """The ``k`` stored articles whose document vector is closest to ``document``: exact below the
    store's index threshold, from its approximate index above it."""
    indexed = getattr(store, "indexed_nearest", None)
    if indexed is not None and np.any(document):
        found = indexed(ENCODER_NAME, document, k + 1)
        if found is not None:
            return [(i, s) for i, s in found if i != exclude][:k]
    ids, matrix = store.document_vectors(ENCODER_NAME)
    if not ids or not np.any(document):
        return []
    scores = matrix @ np.asarray(document, dtype=matrix.dtype)
    top = np.argpartition(-scores, min(k, len(ids) - 1))[:k + 1] if len(ids) > k + 1 else np.arange(len(ids))
    ranked = sorted(((ids[i], float(scores[i])) for i in top), key=lambda x: -x[1])
    return [(i, s) for i, s in ranked if i != exclude][:k]
