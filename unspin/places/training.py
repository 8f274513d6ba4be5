"""Training the "is this unknown name a place" model (``unspin/models/places/candidates.json``).

Rows are the unknown capitalised names the places analyzer weighs (its
``record_candidates`` mode lists them with their features):

* from the team's labelled articles (``unspin eval details`` format): a name
  over a planted bad place is a positive, any other unknown name (people,
  organisations, real places the gazetteer spells differently) a negative;
* from unlabelled real articles (``--negatives DIR``): every unknown name is a
  negative. Real reporting rarely invents towns, so this teaches the model
  what ordinary capitalised words look like.

Only names the analyzer would let the model decide are used (not excluded as
English words or natural features, and in scope: see ``_in_scope``). The
weights are fitted by a binary logistic regression; the threshold and the
out-of-fold figures come from grouped cross-validation (folds by article).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from unspin.places.candidate_model import CandidateModel
from unspin.places.candidates import FEATURES

L2 = 5.0


@dataclass
class Row:
    group: str  # article id: folds never split an article
    name: str
    features: dict[str, int]
    label: int


def candidate_rows(article_id: str, candidates: list[dict[str, Any]],
                   bad_spans: Sequence[tuple[int, int]] = ()) -> list[Row]:
    rows = []
    for candidate in candidates:
        if candidate["excluded"] or not candidate["in_scope"]:
            continue
        positive = any(s < end and start < e for s, e in candidate["spans"] for start, end in bad_spans)
        rows.append(Row(article_id, candidate["name"], candidate["features"], int(positive)))
    return rows


def _matrix(rows: Sequence[Row]) -> np.ndarray:
    return np.array([[row.features.get(name, 0) for name in FEATURES] for row in rows], dtype=np.float64)


def fit_weights(rows: Sequence[Row], l2: float = L2) -> dict[str, float]:
    """Logistic-regression weights on the raw 0/1 features (bias included)."""
    from unspin.logistic import fit

    x = _matrix(rows)
    y = [row.label for row in rows]
    model = fit(x, y, features=list(FEATURES), classes=["other", "place"], l2=l2)
    # Back from standardised features to raw 0/1 ones, binary log-odds (place - other).
    coef = (model.coef[:, 1] - model.coef[:, 0]) / model.scale
    bias = float(model.intercept[1] - model.intercept[0] - (coef * model.mean).sum())
    weights = {"bias": round(bias, 4)}
    weights.update({name: round(float(c), 4) for name, c in zip(FEATURES, coef)})
    return weights


def _scores(rows: Sequence[Row], weights: dict[str, float]) -> np.ndarray:
    from unspin.places.candidates import place_score

    return np.array([place_score(row.features, weights) for row in rows])


def fold_of(group: str, k: int, seed: int) -> int:
    digest = hashlib.sha256(f"{seed}:{group}".encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % k


def out_of_fold(rows: Sequence[Row], k: int = 5, seed: int = 0) -> np.ndarray:
    """Each row scored by a model fitted without its article's fold."""
    folds = np.array([fold_of(row.group, k, seed) for row in rows])
    scores = np.zeros(len(rows))
    for fold in range(k):
        train = [row for row, f in zip(rows, folds) if f != fold]
        if not train or len({row.label for row in train}) < 2:
            continue
        weights = fit_weights(train)
        test_idx = np.where(folds == fold)[0]
        scores[test_idx] = _scores([rows[i] for i in test_idx], weights)
    return scores


def best_threshold(scores: np.ndarray, labels: np.ndarray, beta: float = 1.0) -> tuple[float, dict[str, float]]:
    """The threshold with the best F-beta over out-of-fold scores (ties: the higher one)."""
    best = (-1.0, 0.5, {})
    for threshold in np.round(np.arange(0.2, 0.91, 0.05), 2):
        flagged = scores >= threshold
        tp = float((flagged & (labels == 1)).sum())
        fp = float((flagged & (labels == 0)).sum())
        fn = float((~flagged & (labels == 1)).sum())
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f = (1 + beta ** 2) * precision * recall / (beta ** 2 * precision + recall) if precision + recall else 0.0
        if f >= best[0]:
            best = (f, float(threshold), {"precision": round(precision, 3), "recall": round(recall, 3),
                                          "f": round(f, 3), "false_flags": int(fp)})
    return best[1], best[2]


def train(rows: Sequence[Row], k: int = 5, seed: int = 0, beta: float = 1.0) -> tuple[CandidateModel, dict[str, Any]]:
    """Fit on all rows; the threshold and the reported figures come from out-of-fold scores."""
    labels = np.array([row.label for row in rows])
    scores = out_of_fold(rows, k, seed)
    threshold, figures = best_threshold(scores, labels, beta)
    weights = fit_weights(rows)
    report = {"rows": len(rows), "positives": int(labels.sum()), "articles": len({r.group for r in rows}),
              "folds": k, "seed": seed, "f_beta": beta, "out_of_fold": figures, "l2": L2}
    return CandidateModel(weights, threshold, {"training": report}), report
