"""Span scores used for model selection and threshold tuning during training.

The SemEval-2020 Task 11 partial-overlap definition: a predicted span s earns
|s ∩ t| / |s| of precision credit for each gold span t it overlaps, and t earns
|s ∩ t| / |t| of recall credit. ``per_label`` only matches spans of the same
technique (the 23-label span F1); ``si`` ignores labels, after merging
overlapping spans, as the SI subtask does. (unspin.techniques.metrics is the
reference implementation for reported figures; this copy keeps training
independent of it.)
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

Spans = list[tuple[str, int, int]]  # (label, start, end)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _credit(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> tuple[float, float]:
    p = r = 0.0
    for a, b in pred:
        for c, d in gold:
            inter = min(b, d) - max(a, c)
            if inter > 0:
                p += inter / (b - a)
                r += inter / (d - c)
    return p, r


def _f1(p_num: float, n_pred: int, r_num: float, n_gold: int) -> dict[str, float]:
    p = p_num / n_pred if n_pred else 0.0
    r = r_num / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "n_pred": n_pred, "n_gold": n_gold}


def per_label_counts(pred: dict[str, Spans], gold: dict[str, Spans]) -> dict[str, list[float]]:
    """label -> [precision credit, n_pred, recall credit, n_gold] summed over articles."""
    acc: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0.0, 0])
    for art in set(pred) | set(gold):
        by_p, by_g = defaultdict(list), defaultdict(list)
        for lab, a, b in pred.get(art, []):
            by_p[lab].append((a, b))
        for lab, a, b in gold.get(art, []):
            by_g[lab].append((a, b))
        for lab in set(by_p) | set(by_g):
            p, r = _credit(by_p[lab], by_g[lab])
            acc[lab][0] += p
            acc[lab][1] += len(by_p[lab])
            acc[lab][2] += r
            acc[lab][3] += len(by_g[lab])
    return acc


def scores(pred: dict[str, Spans], gold: dict[str, Spans]) -> dict:
    acc = per_label_counts(pred, gold)
    tot = [sum(v[i] for v in acc.values()) for i in range(4)]
    si_p = si_r = 0.0
    n_p = n_g = 0
    for art in set(pred) | set(gold):
        ps = _merge((a, b) for _, a, b in pred.get(art, []))
        gs = _merge((a, b) for _, a, b in gold.get(art, []))
        p, r = _credit(ps, gs)
        si_p, si_r, n_p, n_g = si_p + p, si_r + r, n_p + len(ps), n_g + len(gs)
    return {
        "si": _f1(si_p, n_p, si_r, n_g),
        "span_micro": _f1(*tot),
        "per_label": {lab: _f1(*v) for lab, v in sorted(acc.items())},
    }
