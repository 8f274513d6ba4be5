"""The machine-text classifier at run time: logistic regression in numpy.

``unspin/models/style/model.json`` holds what ``train/style/train.py`` fitted:
the feature names in order, the standardisation (mean, scale), the
coefficients, the intercept and the default threshold. Scoring is

    z = (x - mean) / scale;   p = 1 / (1 + exp(-(z · coef + intercept)))

and each feature's contribution ``z_i * coef_i`` is kept, so a report can say
which features pushed the score up ("sentence lengths unusually even") rather
than print a bare number.

If the model was trained with MiniLM sentence embeddings (``"embedding":
true``), the mean embedding of the first sentences is appended as
``emb_0..emb_383``; contributions of those are summed into one
``sentence_embedding`` entry for display.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from unspin.style.features import TextFeatures, extract, split_sentences

MODEL_FILE = Path(__file__).resolve().parent.parent / "models" / "style" / "model.json"
EMBED_SENTENCES = 12  # the first sentences carry the style; more costs time, not accuracy


class ModelUnavailable(RuntimeError):
    """The model file is missing or does not fit the features this code computes."""


@dataclass
class Score:
    probability: float
    contributions: list[tuple[str, float, float]]  # (feature, value, contribution), largest |contribution| first
    features: TextFeatures


def embed_text(text: str) -> np.ndarray:
    from unspin.embed import sentence_encoder

    sentences = split_sentences(text)[:EMBED_SENTENCES] or [text[:1000]]
    vectors = sentence_encoder().encode(sentences)
    mean = vectors.mean(axis=0)
    return mean / (np.linalg.norm(mean) or 1.0)


class StyleClassifier:
    def __init__(self, spec: dict[str, Any]) -> None:
        try:
            self.name = str(spec["model"])
            self.feature_names = list(spec["features"])
            self.mean = np.asarray(spec["mean"], dtype=np.float64)
            self.scale = np.asarray(spec["scale"], dtype=np.float64)
            self.coef = np.asarray(spec["coef"], dtype=np.float64)
            self.intercept = float(spec["intercept"])
            self.threshold = float(spec.get("threshold", 0.5))
            self.embedding = bool(spec.get("embedding", False))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelUnavailable(f"style model is malformed: {exc}") from None
        n = len(self.feature_names)
        if not (len(self.mean) == len(self.scale) == len(self.coef) == n):
            raise ModelUnavailable("style model: feature names, mean, scale and coef differ in length")
        self.scale = np.where(self.scale == 0, 1.0, self.scale)

    def vector(self, text: str, features: TextFeatures | None = None) -> tuple[np.ndarray, TextFeatures]:
        features = features or extract(text)
        values = dict(zip(features.names, features.values))
        if self.embedding:
            for i, v in enumerate(embed_text(text)):
                values[f"emb_{i}"] = float(v)
        missing = [name for name in self.feature_names if name not in values]
        if missing:
            raise ModelUnavailable(f"style model needs features this code does not compute: {missing[:5]}")
        return np.array([values[name] for name in self.feature_names], dtype=np.float64), features

    def logit(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def score(self, text: str, features: TextFeatures | None = None) -> Score:
        x, features = self.vector(text, features)
        z = (x - self.mean) / self.scale
        parts = z * self.coef
        probability = float(1.0 / (1.0 + np.exp(-(parts.sum() + self.intercept))))
        grouped: dict[str, tuple[float, float]] = {}
        for name, value, part in zip(self.feature_names, x, parts):
            key = "sentence_embedding" if name.startswith("emb_") else name
            old = grouped.get(key, (0.0, 0.0))
            grouped[key] = (float(value) if key == name else 0.0, old[1] + float(part))
        contributions = sorted(((k, v, c) for k, (v, c) in grouped.items()), key=lambda t: -abs(t[2]))
        return Score(probability, contributions, features)


@lru_cache(maxsize=2)
def load_classifier(path: Path | str = MODEL_FILE) -> StyleClassifier:
    path = Path(path)
    if not path.is_file():
        raise ModelUnavailable(f"no style model at {path} (train it: make train-style)")
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelUnavailable(f"{path}: not JSON: {exc}") from None
    return StyleClassifier(spec)
