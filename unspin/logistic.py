"""A small logistic-regression model in numpy: multinomial (or binary), with
standardised features, fitted by L-BFGS with an L2 penalty, saved as JSON.

Tracing (relation, origin) and the places analyzer (is an unknown name a
place) use it; inference is a matrix product, so a model file is a few
kilobytes and needs no scikit-learn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import numpy as np


class ModelFileError(ValueError):
    """A model file is missing or malformed."""


@dataclass
class LogisticModel:
    features: list[str]
    classes: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray         # (n_features, n_classes)
    intercept: np.ndarray    # (n_classes,)
    meta: dict[str, Any]

    def logits(self, x: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def proba(self, x: np.ndarray) -> np.ndarray:
        """(n, n_classes) probabilities."""
        z = self.logits(x)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def contributions(self, x: Sequence[float], cls: str) -> list[tuple[str, float]]:
        """Per-feature contribution to the logit of ``cls`` (largest first): the "why"."""
        j = self.classes.index(cls)
        z = (np.asarray(x, dtype=np.float64) - self.mean) / self.scale
        parts = z * self.coef[:, j]
        order = np.argsort(-np.abs(parts))
        return [(self.features[i], round(float(parts[i]), 3)) for i in order]

    def to_json(self) -> dict[str, Any]:
        return {"features": self.features, "classes": self.classes,
                "mean": [round(float(v), 6) for v in self.mean],
                "scale": [round(float(v), 6) for v in self.scale],
                "coef": [[round(float(v), 6) for v in row] for row in self.coef],
                "intercept": [round(float(v), 6) for v in self.intercept], "meta": self.meta}

    @classmethod
    def from_json(cls, spec: dict[str, Any]) -> LogisticModel:
        try:
            model = cls(list(spec["features"]), list(spec["classes"]),
                        np.asarray(spec["mean"], dtype=np.float64), np.asarray(spec["scale"], dtype=np.float64),
                        np.asarray(spec["coef"], dtype=np.float64), np.asarray(spec["intercept"], dtype=np.float64),
                        dict(spec.get("meta", {})))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(f"malformed model: {exc}") from None
        if model.coef.shape != (len(model.features), len(model.classes)):
            raise ModelFileError("malformed model: coef shape does not match features x classes")
        model.scale = np.where(model.scale == 0, 1.0, model.scale)
        return model

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LogisticModel:
        if not path.is_file():
            raise ModelFileError(f"no model file at {path}")
        try:
            return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
        except json.JSONDecodeError as exc:
            raise ModelFileError(f"{path}: not JSON: {exc}") from None


def fit(x: np.ndarray, y: Sequence[int], *, features: list[str], classes: list[str],
        l2: float = 1.0, sample_weight: np.ndarray | None = None,
        meta: dict[str, Any] | None = None, increasing: Sequence[str] = (),
        increasing_class: str | None = None) -> LogisticModel:
    """Multinomial logistic regression; ``l2`` is the penalty on the standardised
    coefficients (summed loss / n + l2 / 2n * |W|^2, as C = 1 / l2 in scikit-learn).

    ``increasing``: features whose coefficient for ``increasing_class`` may not be below
    their coefficient for any other class, so that more of the feature never lowers the odds
    of that class against another (prior knowledge the data are too few to learn: with
    correlated evidence an unconstrained fit gives some similarity a negative weight)."""
    from scipy.optimize import minimize

    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    n, d = x.shape
    k = len(classes)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    w = w * n / w.sum()

    # Constrained rows are fitted as the top class's coefficient a and the other classes'
    # shortfalls b >= 0 (coefficient a - b), so L-BFGS-B needs only simple bounds.
    top = classes.index(increasing_class) if increasing else -1
    rows = np.zeros(d, dtype=bool)
    for name in increasing:
        rows[features.index(name)] = True
    others = [j for j in range(k) if j != top]

    def to_coef(theta: np.ndarray) -> np.ndarray:
        coef = theta[:d * k].reshape(d, k)
        if rows.any():
            coef = coef.copy()
            coef[np.ix_(rows, others)] = coef[rows, top][:, None] - coef[np.ix_(rows, others)]
        return coef

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        coef = to_coef(theta)
        bias = theta[d * k:]
        logits = z @ coef + bias
        logits -= logits.max(axis=1, keepdims=True)
        log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        value = -(w * (onehot * log_p).sum(axis=1)).sum() / n + l2 / (2 * n) * (coef ** 2).sum()
        diff = (np.exp(log_p) - onehot) * w[:, None]
        grad_coef = z.T @ diff / n + l2 / n * coef
        grad_bias = diff.sum(axis=0) / n
        if rows.any():  # chain rule through to_coef
            g = grad_coef.copy()
            g[rows, top] = grad_coef[rows][:, [top] + others].sum(axis=1)
            g[np.ix_(rows, others)] = -grad_coef[np.ix_(rows, others)]
            grad_coef = g
        return value, np.concatenate([grad_coef.ravel(), grad_bias])

    # The problem is convex: run to the optimum (tight tolerances), so that a re-run on
    # features that differ in the last bits (threaded BLAS in the encoder) gives the same file.
    bounds = ([(0.0, None) if rows[i] and j != top else (None, None) for i in range(d) for j in range(k)]
              + [(None, None)] * k) if rows.any() else None
    result = minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B", bounds=bounds,
                      options={"maxiter": 20000, "maxfun": 40000, "ftol": 1e-15, "gtol": 1e-10})
    coef = to_coef(result.x)
    bias = result.x[d * k:]
    return LogisticModel(list(features), list(classes), mean, scale, coef, bias, dict(meta or {}))
