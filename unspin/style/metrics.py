"""Detection metrics shared by ``unspin eval machine-text`` and ``train/style``.

``machine`` is the positive class; a higher score means "more likely machine".

* AUROC — probability that a random machine text outscores a random human
  one (ties count half), computed from ranks;
* TPR at a fixed FPR — the share of machine texts caught when the threshold
  is set so that at most that share of human texts is flagged (the number
  detector papers quote: "90% detection at 0.01% FPR");
* precision/recall/F1 at the model's default threshold.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def auroc(scores: Sequence[float], labels: Sequence[int]) -> float | None:
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=int)
    pos, neg = int(y.sum()), int(len(y) - y.sum())
    if pos == 0 or neg == 0:
        return None
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s), dtype=float)
    sorted_scores = s[order]
    i = 0
    while i < len(s):  # average ranks over ties
        j = i
        while j + 1 < len(s) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2.0) / (pos * neg))


def tpr_at_fpr(scores: Sequence[float], labels: Sequence[int], fpr: float) -> float | None:
    """Largest TPR whose threshold flags at most ``fpr`` of the human texts.

    The threshold is strictly above the (k+1)-th highest human score, where
    k = floor(fpr * humans), so ties at the threshold never count as caught."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=int)
    human = np.sort(s[y == 0])[::-1]
    machine = s[y == 1]
    if len(human) == 0 or len(machine) == 0:
        return None
    allowed = int(np.floor(fpr * len(human)))
    if allowed >= len(human):
        return 1.0
    cutoff = human[allowed]  # flag only scores strictly above this human score
    return float((machine > cutoff).mean())


def f1_at(scores: Sequence[float], labels: Sequence[int], threshold: float) -> dict[str, float]:
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=int)
    predicted = s >= threshold
    tp = int((predicted & (y == 1)).sum())
    fp = int((predicted & (y == 0)).sum())
    fn = int((~predicted & (y == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"threshold": threshold, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn, "tn": int(len(y) - tp - fp - fn)}


def summarise(scores: Sequence[float], labels: Sequence[int], threshold: float) -> dict[str, object]:
    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    y = np.asarray(labels, dtype=int)
    return {
        "n": int(len(y)), "machine": int(y.sum()), "human": int(len(y) - y.sum()),
        "auroc": r(auroc(scores, labels)),
        "tpr_at_1pct_fpr": r(tpr_at_fpr(scores, labels, 0.01)),
        "tpr_at_5pct_fpr": r(tpr_at_fpr(scores, labels, 0.05)),
        "at_threshold": f1_at(scores, labels, threshold),
    }
