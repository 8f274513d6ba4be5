"""The shipped check-worthiness model: sentence -> probability of "Yes".

A logistic regression over TF-IDF word and character n-grams
(:mod:`unspin.claims.features`), optionally joined by the MiniLM sentence
embedding (:mod:`unspin.embed`), trained by ``train/claims/train.py``.
Files in ``unspin/models/claims/``:

* ``model.json``   -- name, feature blocks, decision threshold (chosen on
  the dev split), the embedding scale when one is used;
* ``vocab.json``   -- the n-gram terms of each block, in column order;
* ``weights.npz``  -- ``idf_<block>`` and ``coef_<block>`` per block, and
  ``intercept``.

Inference is plain numpy (float64), the same arithmetic as the fitted model's
``decision_function`` (tests check it against scores saved at training time).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from unspin.claims.features import block_terms, weigh

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "claims"


class ModelUnavailable(RuntimeError):
    """The model files are missing or unreadable."""


class CheckworthinessModel:
    """``scores(sentences)`` -> probabilities of "Yes"; ``threshold`` decides Yes/No."""

    def __init__(self, config: dict[str, Any], vocabulary: dict[str, list[str]],
                 arrays: dict[str, np.ndarray], embedder: Any = None) -> None:
        self.name: str = config["name"]
        self.threshold: float = float(config["threshold"])
        self.blocks: list[str] = list(config["blocks"])
        self.embedding_scale: float = float(config.get("embedding_scale", 1.0))
        self.config = config
        self.vocabulary = {b: {term: i for i, term in enumerate(terms)} for b, terms in vocabulary.items()}
        self.idf = {b: arrays[f"idf_{b}"].astype(np.float64) for b in vocabulary}
        self.coef = {b: arrays[f"coef_{b}"].astype(np.float64) for b in self.blocks}
        self.intercept = float(arrays["intercept"])
        self._embedder = embedder

    @property
    def uses_embeddings(self) -> bool:
        return "embedding" in self.blocks

    def _embed(self, sentences: Sequence[str]) -> np.ndarray:
        if self._embedder is None:
            from unspin.embed import sentence_encoder

            self._embedder = sentence_encoder()
        return np.asarray(self._embedder.encode(list(sentences)), dtype=np.float64)

    def decision(self, sentences: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """The linear score (log-odds of "Yes") of each sentence."""
        out = np.full(len(sentences), self.intercept, dtype=np.float64)
        for row, sentence in enumerate(sentences):
            terms = block_terms(sentence)
            for block in self.blocks:
                if block == "embedding":
                    continue
                weights = weigh(terms[block], self.vocabulary[block], self.idf[block])
                if weights:
                    index = np.fromiter(weights.keys(), dtype=np.int64, count=len(weights))
                    value = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))
                    out[row] += float(value @ self.coef[block][index])
        if self.uses_embeddings and len(sentences):
            vectors = self._embed(sentences) if embeddings is None else np.asarray(embeddings, np.float64)
            out += (vectors * self.embedding_scale) @ self.coef["embedding"]
        return out

    def scores(self, sentences: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """Probability of "Yes" for each sentence."""
        return sigmoid(self.decision(sentences, embeddings))

    def predict(self, sentences: Sequence[str]) -> list[bool]:
        return [bool(s >= self.threshold) for s in self.scores(sentences)]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, written as scikit-learn's ``expit`` for float64 input."""
    z = np.asarray(z, dtype=np.float64)
    return 1.0 / (1.0 + np.exp(-z))


def load_model(directory: str | Path = MODEL_DIR, embedder: Any = None) -> CheckworthinessModel:
    directory = Path(directory)
    try:
        config = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        vocabulary = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        with np.load(directory / "weights.npz") as data:
            arrays = {key: data[key] for key in data.files}
    except FileNotFoundError as exc:
        raise ModelUnavailable(f"no check-worthiness model in {directory} ({Path(exc.filename).name} missing; "
                               "run `make train-claims`)") from None
    except (OSError, ValueError, KeyError) as exc:
        raise ModelUnavailable(f"cannot read the check-worthiness model in {directory}: {exc}") from None
    return CheckworthinessModel(config, vocabulary, arrays, embedder)


@lru_cache(maxsize=1)
def shared_model() -> CheckworthinessModel:
    """The shipped model, loaded once per process."""
    return load_model()


def logit(p: float) -> float:
    return math.log(p / (1 - p))
