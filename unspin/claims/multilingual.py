"""The check-worthiness model for Russian and Ukrainian: sentence -> probability of "Yes".

A logistic regression over the multilingual sentence vector (Universal
Sentence Encoder multilingual v3, :func:`unspin.trace.encoder.multilingual_encoder`,
512 dimensions, numpy), trained on the CheckThat! 2024 Task 1 **English**
train split by ``train/claims/train_multilingual.py``. The encoder puts
Russian (and, less well, Ukrainian) sentences in the same space as English
ones, so the English decision carries over without Russian training data.
Files in ``unspin/models/claims/``:

* ``multilingual.json`` -- name, encoder, the decision threshold (tuned on
  the dev split of ``evals/claims_ru``; the one tuned on English dev is kept
  as ``threshold_en``), the training command, data digests and figures,
  probe sentences with their training-time scores;
* ``multilingual.npz``  -- ``coef`` (512 float64) and ``intercept``: the
  standardisation of the fitted model folded in, so a score is
  ``sigmoid(vector @ coef + intercept)``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from unspin.claims.model import MODEL_DIR, ModelUnavailable

CONFIG_NAME = "multilingual.json"
WEIGHTS_NAME = "multilingual.npz"
MAX_CHARS = 600  # as tracing cuts sentences: a 5,000-character "sentence" (a table) is cut, not encoded whole


class MultilingualClaimsModel:
    """``scores(sentences)`` -> probabilities of "Yes"; ``threshold`` decides Yes/No."""

    def __init__(self, config: dict[str, Any], coef: np.ndarray, intercept: float, encoder: Any = None) -> None:
        self.config = config
        self.name: str = config["name"]
        self.threshold: float = float(config["threshold"])
        self.threshold_en: float = float(config.get("threshold_en", self.threshold))
        self.languages: tuple[str, ...] = tuple(config.get("languages", ("ru", "uk")))
        self.coef = np.asarray(coef, dtype=np.float64).reshape(-1)
        self.intercept = float(intercept)
        self._encoder = encoder

    @property
    def encoder(self) -> Any:
        if self._encoder is None:
            from unspin.trace.encoder import multilingual_encoder

            self._encoder = multilingual_encoder()
        return self._encoder

    def vectors(self, sentences: Sequence[str]) -> np.ndarray:
        """The encoder's unit vectors of the (cut) sentences; blank ones get zeros."""
        out = np.zeros((len(sentences), len(self.coef)), dtype=np.float64)
        keep = [i for i, s in enumerate(sentences) if s.strip()]
        if keep:
            out[keep] = np.asarray(self.encoder.encode([sentences[i][:MAX_CHARS] for i in keep]), dtype=np.float64)
        return out

    def decision(self, sentences: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """The linear score (log-odds of "Yes") of each sentence."""
        if not len(sentences):
            return np.zeros(0, dtype=np.float64)
        x = self.vectors(sentences) if vectors is None else np.asarray(vectors, dtype=np.float64)
        return x @ self.coef + self.intercept

    def scores(self, sentences: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """Probability of "Yes" for each sentence (0 for a blank one)."""
        z = self.decision(sentences, vectors)
        out = 1.0 / (1.0 + np.exp(-np.clip(z, -700.0, 700.0)))
        for i, sentence in enumerate(sentences):
            if not sentence.strip():
                out[i] = 0.0
        return out

    def predict(self, sentences: Sequence[str]) -> list[bool]:
        return [bool(s >= self.threshold) for s in self.scores(sentences)]


def load_multilingual_model(directory: str | Path = MODEL_DIR, encoder: Any = None) -> MultilingualClaimsModel:
    directory = Path(directory)
    try:
        config = json.loads((directory / CONFIG_NAME).read_text(encoding="utf-8"))
        with np.load(directory / WEIGHTS_NAME) as data:
            coef, intercept = data["coef"], float(data["intercept"])
    except FileNotFoundError as exc:
        raise ModelUnavailable(f"no multilingual check-worthiness model in {directory} "
                               f"({Path(exc.filename).name} missing; see train/claims/README.md)") from None
    except (OSError, ValueError, KeyError) as exc:
        raise ModelUnavailable(f"cannot read the multilingual check-worthiness model in {directory}: {exc}") from None
    return MultilingualClaimsModel(config, coef, intercept, encoder)


@lru_cache(maxsize=1)
def shared_multilingual_model() -> MultilingualClaimsModel:
    """The shipped model, loaded once per process (the encoder on first use)."""
    return load_multilingual_model()
