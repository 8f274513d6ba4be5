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
        self._sparse_blocks = [b for b in self.blocks if b != "embedding"]
        self._coef_lists = {b: c.tolist() for b, c in self.coef.items()}  # python floats: fast scalar access
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
        """The linear score (log-odds of "Yes") of each sentence.

        The sum runs over the non-zero features in column order, one at a
        time, then adds the intercept: the order scipy's sparse product uses
        in the fitted model's ``decision_function``, so the scores agree to
        the last bit (an embedding-only model is a dense product and agrees
        to rounding).
        """
        vectors = None
        if self.uses_embeddings and len(sentences):
            vectors = self._embed(sentences) if embeddings is None else np.asarray(embeddings, np.float64)
            vectors = vectors * self.embedding_scale
        out = np.empty(len(sentences), dtype=np.float64)
        for row, sentence in enumerate(sentences):
            terms = block_terms(sentence) if self._sparse_blocks else {}
            total = 0.0
            for block in self._sparse_blocks:
                weights = weigh(terms[block], self.vocabulary[block], self.idf[block])
                coef = self._coef_lists[block]
                for index in sorted(weights):
                    total += weights[index] * coef[index]
            if vectors is not None:
                if self._sparse_blocks:
                    coef = self._coef_lists["embedding"]
                    for index, value in enumerate(vectors[row].tolist()):
                        if value != 0.0:
                            total += value * coef[index]
                else:
                    total = float(vectors[row] @ self.coef["embedding"])
            out[row] = total + self.intercept
        return out

    def scores(self, sentences: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """Probability of "Yes" for each sentence."""
        return sigmoid(self.decision(sentences, embeddings))

    def predict(self, sentences: Sequence[str]) -> list[bool]:
        return [bool(s >= self.threshold) for s in self.scores(sentences)]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)) with the C library's exp, as scikit-learn's ``expit`` computes it."""
    return np.array([1.0 / (1.0 + math.exp(-v)) if v > -709.0 else 0.0 for v in np.asarray(z, np.float64).tolist()],
                    dtype=np.float64)


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

