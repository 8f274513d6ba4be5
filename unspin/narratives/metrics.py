"""The SemEval-2025 Task 10 subtask 2 measure, and per-label F1.

Our reading of the official scorer (subtask2_scorer.py of the task):

* For each article, the gold and the predicted label sets are one-hot encoded
  over the class list (narratives for "coarse", subnarratives for "fine");
  labels outside the class list are ignored.
* The article's score is the binary F1 of those two vectors (sklearn
  ``f1_score`` with ``zero_division=0``): 2|G∩P| / (|G|+|P|), and 0 when
  either side is empty after filtering.
* The figure is the mean over articles ("samples-averaged F1"), reported
  with the standard deviation across articles.
* "Other" is an ordinary class: it is in both class lists, so predicting
  "Other" for an article labelled "Other" scores 1, and
  "<narrative>: Other" is an ordinary subnarrative class.

One deliberate difference: the official script pairs gold and predicted rows
in file order; we pair them by file name (and score a missing prediction as
an empty set), which gives the same result when the files are aligned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Iterable


def instance_f1(gold: Iterable[str], predicted: Iterable[str], classes: set[str]) -> float:
    g = {x for x in gold if x in classes}
    p = {x for x in predicted if x in classes}
    if not g or not p:
        return 0.0
    return 2 * len(g & p) / (len(g) + len(p))


def samples_f1(gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]],
               classes: Iterable[str]) -> tuple[float, float]:
    """(mean, population std) of per-article F1, as the official scorer reports them."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold rows but {len(predicted)} predicted rows")
    if not gold:
        return 0.0, 0.0
    classes = set(classes)
    scores = [instance_f1(g, p, classes) for g, p in zip(gold, predicted)]
    mean = sum(scores) / len(scores)
    std = (sum((s - mean) ** 2 for s in scores) / len(scores)) ** 0.5
    return mean, std


def per_label(gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]],
              labels: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Precision, recall, F1 and support of each label over articles (label present or not)."""
    gold_sets = [set(g) for g in gold]
    pred_sets = [set(p) for p in predicted]
    out: dict[str, dict[str, Any]] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold_sets, pred_sets) if label in g and label in p)
        fp = sum(1 for g, p in zip(gold_sets, pred_sets) if label not in g and label in p)
        fn = sum(1 for g, p in zip(gold_sets, pred_sets) if label in g and label not in p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                      "support": tp + fn, "predicted": tp + fp}
    return out


def score(gold: Mapping[str, tuple[Sequence[str], Sequence[str]]],
          predicted: Mapping[str, tuple[Sequence[str], Sequence[str]]],
          narrative_classes: Sequence[str], subnarrative_classes: Sequence[str]) -> dict[str, Any]:
    """All figures for ``{file: (narratives, subnarratives)}`` gold and predictions."""
    ids = list(gold)
    g_n = [gold[i][0] for i in ids]
    g_s = [gold[i][1] for i in ids]
    p_n = [predicted.get(i, ((), ()))[0] for i in ids]
    p_s = [predicted.get(i, ((), ()))[1] for i in ids]
    f1_n, sd_n = samples_f1(g_n, p_n, narrative_classes)
    f1_s, sd_s = samples_f1(g_s, p_s, subnarrative_classes)
    narratives = per_label(g_n, p_n, narrative_classes)
    return {
        "narrative_f1_samples": round(f1_n, 4),
        "narrative_f1_std": round(sd_n, 4),
        "subnarrative_f1_samples": round(f1_s, 4),
        "subnarrative_f1_std": round(sd_s, 4),
        "per_narrative": {k: v for k, v in narratives.items() if v["support"] or v["predicted"]},
        "articles": len(ids),
        "missing_predictions": sum(1 for i in ids if i not in predicted),
    }
