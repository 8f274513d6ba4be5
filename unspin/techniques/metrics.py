"""Span metrics of SemEval-2020 Task 11, as pure functions on ``Span`` lists.

Partial-overlap span scores (SI, and per technique). With S the predicted and
T the gold spans, C(s, t, h) = |s ∩ t| / h where s and t are in the same
article (and, per technique, carry the same label), 0 otherwise:

    P = 1/|S| Σ_{s∈S} Σ_{t∈T} C(s, t, |s|)
    R = 1/|T| Σ_{t∈T} Σ_{s∈S} C(s, t, |t|)
    F1 = 2PR / (P + R)

As the official scorer (task-SI_scorer.py: always for gold, with ``-m`` for the
submission, which is otherwise refused) does, overlapping spans are merged
first: for SI all spans of an article (labels ignored), for a technique the
spans of an article with that label. Spans merge when they share at least one
character; touching spans (one ends where the other starts) stay apart.
Without the merge a predictor could pile copies of one span onto a gold span
and collect recall for each copy.

Conventions for empty sets, also those of the official scorer: P = 0 without
predictions, R = 0 without gold spans, F1 = 0 unless P and R are both > 0,
except F1 = 1 when there are neither predictions nor gold spans.

TC (technique classification): each gold span gets one predicted technique;
spans with the same article and offsets form a group whose labels are compared
as multisets (a span annotated with two techniques needs both, in any order).
micro P = correct / spans given a label, R = correct / gold spans; when every
gold span gets a label both equal accuracy, the official micro-F1.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, NamedTuple

from unspin.techniques.data import Span


class Score(NamedTuple):
    precision: float
    recall: float
    f1: float

    def as_dict(self, digits: int | None = None) -> dict[str, float]:
        values = self._asdict()
        return {k: round(v, digits) if digits is not None else v for k, v in values.items()}


def prf(p_num: float, p_den: int, r_num: float, r_den: int) -> Score:
    """Precision, recall and F1 with the official scorer's conventions for empty sets."""
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    if p_den == 0 and r_den == 0:
        return Score(p, r, 1.0)
    f1 = 2 * p * r / (p + r) if p > 0 and r > 0 else 0.0
    return Score(p, r, f1)


def overlap(a: Span, b: Span) -> int:
    """Characters shared by two spans of the same article (end exclusive)."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def merge_overlapping(spans: Iterable[Span], *, ignore_labels: bool = False) -> list[Span]:
    """Merge spans sharing at least one character, per article (and per label unless ignored).

    With ``ignore_labels`` the merged spans have technique None.
    """
    groups: dict[tuple[str, str | None], list[Span]] = defaultdict(list)
    for span in spans:
        technique = None if ignore_labels else span.technique
        groups[(span.article_id, technique)].append(span._replace(technique=technique))
    merged: list[Span] = []
    for group in groups.values():
        group.sort(key=lambda s: (s.start, s.end))
        current = group[0]
        for span in group[1:]:
            if span.start < current.end:  # shares a character: union of the two
                current = current._replace(end=max(current.end, span.end))
            else:
                merged.append(current)
                current = span
        merged.append(current)
    merged.sort(key=lambda s: (s.article_id, s.start, s.end, s.technique or ""))
    return merged


class _Sums(NamedTuple):
    p_num: float
    p_den: int
    r_num: float
    r_den: int


def _overlap_sums(gold: Sequence[Span], predicted: Sequence[Span]) -> _Sums:
    """Σ C(s,t,|s|) and Σ C(s,t,|t|) over same-article, same-label pairs (labels already merged)."""
    gold_by_key: dict[tuple[str, str | None], list[Span]] = defaultdict(list)
    for t in gold:
        gold_by_key[(t.article_id, t.technique)].append(t)
    p_num = r_num = 0.0
    for s in predicted:
        for t in gold_by_key.get((s.article_id, s.technique), ()):
            shared = overlap(s, t)
            if shared:
                p_num += shared / (s.end - s.start)
                r_num += shared / (t.end - t.start)
    return _Sums(p_num, len(predicted), r_num, len(gold))


def si_score(gold: Iterable[Span], predicted: Iterable[Span]) -> Score:
    """SemEval-2020 Task 11 SI: partial-overlap P/R/F1, labels ignored, spans merged per article."""
    sums = _overlap_sums(merge_overlapping(gold, ignore_labels=True),
                         merge_overlapping(predicted, ignore_labels=True))
    return prf(*sums)


def technique_scores(gold: Iterable[Span], predicted: Iterable[Span],
                     techniques: Collection[str] = ()) -> dict[str, dict[str, Any]]:
    """Per technique: partial-overlap P/R/F1 counting only same-label overlaps (spans merged
    per article and label), with ``support`` (gold spans after merging) and ``predicted``.

    Techniques listed in ``techniques`` appear even when neither gold nor predictions have them.
    """
    gold_m = merge_overlapping(gold)
    pred_m = merge_overlapping(predicted)
    found = {s.technique for s in gold_m} | {s.technique for s in pred_m}
    labels = sorted((set(techniques) | found) - {None}, key=str)
    result: dict[str, dict[str, Any]] = {}
    for label in labels:
        g = [s for s in gold_m if s.technique == label]
        p = [s for s in pred_m if s.technique == label]
        score = prf(*_overlap_sums(g, p))
        result[label] = {**score.as_dict(), "support": len(g), "predicted": len(p)}
    return result


def span_micro_score(gold: Iterable[Span], predicted: Iterable[Span]) -> Score:
    """Labelled-span micro average: the per-technique sums pooled over all techniques."""
    return prf(*_overlap_sums(merge_overlapping(gold), merge_overlapping(predicted)))


def assign_by_overlap(gold: Sequence[Span], predicted: Sequence[Span]) -> list[str | None]:
    """TC labels for gold spans from predicted spans, for predictors without ``classify_spans``.

    A gold span takes the technique of the predicted span with the largest
    overlap (ties: the shorter predicted span, then the technique that comes
    first alphabetically, for determinism). A group of k gold spans with identical offsets takes the k
    techniques with the largest overlaps, repeating the best one if fewer
    overlap. No overlapping prediction -> None (counted as a miss).
    """
    by_article: dict[str, list[Span]] = defaultdict(list)
    for s in predicted:
        if s.technique is not None:
            by_article[s.article_id].append(s)
    ranked_cache: dict[tuple[str, int, int], list[str]] = {}
    used: Counter[tuple[str, int, int]] = Counter()
    labels: list[str | None] = []
    for t in gold:
        key = (t.article_id, t.start, t.end)
        if key not in ranked_cache:
            # technique -> (overlap, -length) of its best span: the largest overlap wins, and
            # among equal overlaps the shorter (tighter) span, so a phrase inside a long
            # predicted span of another technique keeps its own exact-fit label.
            best: dict[str, tuple[int, int]] = {}
            for s in by_article.get(t.article_id, ()):
                shared = overlap(s, t)
                fit = (shared, -(s.end - s.start))
                if shared and fit > best.get(s.technique, (0, 0)):  # type: ignore[arg-type]
                    best[s.technique] = fit  # type: ignore[index]
            ranked_cache[key] = sorted(best, key=lambda name: (-best[name][0], -best[name][1], name))
        ranked = ranked_cache[key]
        if not ranked:
            labels.append(None)
        else:
            index = used[key]
            labels.append(ranked[index] if index < len(ranked) else ranked[0])
            used[key] += 1
    return labels


def tc_score(gold: Sequence[Span], assigned: Sequence[str | None]) -> tuple[Score, int]:
    """TC micro P/R/F1 of ``assigned`` (one label or None per gold span) and the number correct."""
    if len(gold) != len(assigned):
        raise ValueError(f"{len(assigned)} TC labels for {len(gold)} gold spans")
    gold_groups: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    pred_groups: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    for t, label in zip(gold, assigned):
        key = (t.article_id, t.start, t.end)
        gold_groups[key][t.technique or ""] += 1
        if label is not None:
            pred_groups[key][label] += 1
    correct = sum(sum((gold_groups[k] & pred_groups[k]).values()) for k in gold_groups)
    given = sum(1 for label in assigned if label is not None)
    return prf(correct, given, correct, len(gold)), correct


def score(gold: Sequence[Span], predicted: Sequence[Span], *,
          tc_labels: Sequence[str | None] | None = None,
          techniques: Collection[str] = (),
          per_label_f1: bool = False,
          digits: int | None = 4) -> dict[str, Any]:
    """All figures of ``unspin eval techniques`` for predictions already made.

    ``gold`` and ``predicted`` are spans in one taxonomy; ``tc_labels`` are the
    techniques predicted for the gold spans (None: taken from ``predicted`` by
    ``assign_by_overlap``). TC and per-technique figures need labelled gold.
    ``per_label_f1`` adds ``span_micro_f1_per_label`` (every label of
    ``techniques``), used for the 23-label taxonomy.
    """
    rounding: Callable[[float], float] = (lambda v: round(v, digits)) if digits is not None else float
    result: dict[str, Any] = {"si": si_score(gold, predicted).as_dict(digits)}
    labelled = bool(gold) and all(s.technique is not None for s in gold)
    if labelled:
        if tc_labels is None:
            tc_labels = assign_by_overlap(gold, predicted)
        tc, correct = tc_score(gold, tc_labels)
        result["tc"] = {"micro_f1": rounding(tc.f1), "precision": rounding(tc.precision),
                        "recall": rounding(tc.recall), "correct": correct,
                        "unlabelled": sum(1 for label in tc_labels if label is None)}
        per = technique_scores(gold, predicted, techniques)
        for values in per.values():
            for key in ("precision", "recall", "f1"):
                values[key] = rounding(values[key])
        result["per_technique"] = per
        result["span_micro"] = span_micro_score(gold, predicted).as_dict(digits)
        if per_label_f1:
            result["span_micro_f1_per_label"] = {label: per[label]["f1"] for label in techniques}
    result["counts"] = {
        "gold_spans": len(gold),
        "predicted_spans": len(predicted),
        "gold_spans_merged": len(merge_overlapping(gold, ignore_labels=True)),
        "predicted_spans_merged": len(merge_overlapping(predicted, ignore_labels=True)),
    }
    return result
