"""Fitting and cross-validating the narrative matcher (numpy only, so ``unspin eval
narratives --cv`` and ``train/narratives/train.py`` share one implementation).

All three ablation rungs are tuned the same way: thresholds (and the cue
weight) are chosen on the training part of each fold only, maximising the
samples-averaged F1 of the task; the held-out fold is scored once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from unspin.narratives.catalog import Catalog
from unspin.narratives.data import Labels
from unspin.narratives.features import ArticleMatch, CatalogIndex, match_article
from unspin.narratives.metrics import score
from unspin.narratives.model import LogisticModel, NarrativeModel, RuleParams, decode

PROB_GRID = np.round(np.arange(0.05, 0.96, 0.025), 3)
SIM_GRID = np.round(np.arange(0.20, 0.86, 0.01), 3)
CUE_WEIGHTS = (0.0, 0.02, 0.04, 0.06, 0.08)
METHODS = ("similarity", "similarity+cues", "classifier")
# L2 strength of the per-label regressions, chosen from {1, 10, 30, 100} by 5-fold CV
# on the shared training set (docs/narratives.md says so beside the figures)
DEFAULT_L2 = 30.0


@dataclass
class Prepared:
    """The data set, matched once against the catalog."""

    ids: list[str]
    gold: dict[str, Labels]
    matches: list[ArticleMatch]
    features: np.ndarray  # (n_articles, n_features)
    catalog: Catalog
    labels: list[str]  # classifier outputs = features' labels = every catalog label


def prepare(docs: Mapping[str, str], gold: Mapping[str, Labels], catalog: Catalog, encoder: Any,
            progress: Callable[[int, int], None] | None = None,
            vectors: Callable[[str, str], np.ndarray | None] | None = None) -> Prepared:
    """Match every article once. ``vectors(file, text)`` may supply cached sentence vectors."""
    index = CatalogIndex.build(catalog, encoder)
    ids = list(docs)
    matches = []
    for n, ident in enumerate(ids, 1):
        cached = vectors(ident, docs[ident]) if vectors else None
        matches.append(match_article(docs[ident], index, encoder, sentence_vectors=cached))
        if progress:
            progress(n, len(ids))
    labels = list(catalog.entries)
    features = np.stack([m.vector(labels) for m in matches]) if matches else np.zeros((0, 0))
    return Prepared(ids, dict(gold), matches, features, catalog, labels)


def targets(prepared: Prepared, rows: Sequence[int]) -> np.ndarray:
    y = np.zeros((len(rows), len(prepared.labels)), dtype=np.float64)
    col = {label: j for j, label in enumerate(prepared.labels)}
    for r, i in enumerate(rows):
        g = prepared.gold[prepared.ids[i]]
        for label in (*g.narratives, *g.subnarratives):
            if label in col:
                y[r, col[label]] = 1.0
    return y


def _classes(catalog: Catalog) -> tuple[list[str], list[str]]:
    return catalog.label_sets()


def _f1_rows(gold: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """Per-row F1 of boolean matrices (rows x classes), 0 when either side is empty."""
    inter = (gold & pred).sum(axis=1)
    total = gold.sum(axis=1) + pred.sum(axis=1)
    has_both = gold.any(axis=1) & pred.any(axis=1)
    return np.where(has_both, 2 * inter / np.maximum(total, 1), 0.0)


def _tune(score_rows: list[dict[str, float]], gold: list[Labels], catalog: Catalog,
          grid: np.ndarray) -> tuple[float, float, float, float]:
    """(narrative threshold, subnarrative threshold, narrative F1, subnarrative F1) on these rows.

    Vectorised ``decode``: the same rule, evaluated for every threshold of the grid at once."""
    n_classes, s_classes = _classes(catalog)
    narratives = n_classes[:-1]
    subs = [e.label for e in catalog.subnarratives()]
    parent_col = np.array([narratives.index(catalog[s].parent) for s in subs], dtype=int)
    sn = np.array([[r.get(label, 0.0) for label in narratives] for r in score_rows])
    ss = np.array([[r.get(label, 0.0) for label in subs] for r in score_rows]).reshape(len(score_rows), len(subs))
    g_n = np.array([[label in g.narratives for label in n_classes] for g in gold], dtype=bool)
    g_s = np.array([[label in g.subnarratives for label in s_classes] for g in gold], dtype=bool)
    best_n, best_f = float(grid[0]), -1.0
    for t in grid:
        p = sn >= t
        pred = np.concatenate([p, ~p.any(axis=1, keepdims=True)], axis=1)
        f = float(_f1_rows(g_n, pred).mean()) if len(gold) else 0.0
        if f > best_f + 1e-9:
            best_n, best_f = float(t), f
    p_n = sn >= best_n
    # s_classes order: for each narrative its subs then "<narrative>: Other", finally "Other"
    order = {label: j for j, label in enumerate(s_classes)}
    sub_cols = np.array([order[s] for s in subs], dtype=int)
    other_cols = np.array([order[n + ": Other"] for n in narratives], dtype=int)
    parent_onehot = np.zeros((len(subs), len(narratives)), dtype=np.int32)
    parent_onehot[np.arange(len(subs)), parent_col] = 1
    best_s, best_sf = float(grid[0]), -1.0
    for t in grid:
        chosen = (ss >= t) & p_n[:, parent_col]
        pred = np.zeros((len(gold), len(s_classes)), dtype=bool)
        pred[:, sub_cols] = chosen
        any_sub = (chosen.astype(np.int32) @ parent_onehot) > 0
        pred[:, other_cols] = p_n & ~any_sub
        pred[:, -1] = ~p_n.any(axis=1)
        f = float(_f1_rows(g_s, pred).mean()) if len(gold) else 0.0
        if f > best_sf + 1e-9:
            best_s, best_sf = float(t), f
    return best_n, best_s, best_f, best_sf


def rule_scores(prepared: Prepared, rows: Sequence[int], cue_weight: float) -> list[dict[str, float]]:
    rule = RuleParams(cue_weight=cue_weight)
    return [{label: rule.score(prepared.matches[i], label) for label in prepared.labels} for i in rows]


def fit_rule(prepared: Prepared, rows: Sequence[int], use_cues: bool) -> RuleParams:
    gold = [prepared.gold[prepared.ids[i]] for i in rows]
    best: tuple[float, RuleParams] | None = None
    for w in (CUE_WEIGHTS if use_cues else (0.0,)):
        t_n, t_s, f_n, f_s = _tune(rule_scores(prepared, rows, w), gold, prepared.catalog, SIM_GRID)
        key = f_n + f_s
        if best is None or key > best[0] + 1e-9:
            best = (key, RuleParams(cue_weight=w, narrative=t_n, subnarrative=t_s))
    assert best is not None
    return best[1]


def classifier_scores(model: LogisticModel, prepared: Prepared, rows: Sequence[int]) -> list[dict[str, float]]:
    probs = model.probabilities(prepared.features[list(rows)])
    return [dict(zip(model.labels, map(float, p))) for p in probs]


def fold_ids(n: int, k: int, seed: int) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [np.sort(order[f::k]) for f in range(k)]


def fit_model(prepared: Prepared, rows: Sequence[int], *, l2: float = DEFAULT_L2, inner_k: int = 3,
              seed: int = 13, fallback: bool = True) -> NarrativeModel:
    """Classifier on ``rows``; its thresholds from out-of-fold scores of an inner CV on ``rows``;
    the similarity+cues fallback tuned on ``rows`` too."""
    rows = np.asarray(rows)
    y = targets(prepared, rows)
    oof: list[dict[str, float]] = [{} for _ in rows]
    for inner in fold_ids(len(rows), inner_k, seed + 1):
        train = np.setdiff1d(np.arange(len(rows)), inner)
        m = LogisticModel.fit(prepared.features[rows[train]], y[train], prepared.labels, prepared.labels,
                              l2=l2, seed=seed)
        for r, s in zip(inner, classifier_scores(m, prepared, rows[inner])):
            oof[r] = s
    gold = [prepared.gold[prepared.ids[i]] for i in rows]
    t_n, t_s, _, _ = _tune(oof, gold, prepared.catalog, PROB_GRID)
    classifier = LogisticModel.fit(prepared.features[rows], y, prepared.labels, prepared.labels,
                                   l2=l2, seed=seed)
    # the fallback scores labels the classifier does not know (user catalogs); in
    # cross-validation every label is known, so it need not be tuned there
    rule = fit_rule(prepared, rows, use_cues=True) if fallback else RuleParams()
    return NarrativeModel(classifier, t_n, t_s, rule, {"l2": l2, "inner_k": inner_k, "seed": seed,
                                                       "trained_on": len(rows)})


def predict_rows(method: str, prepared: Prepared, rows: Sequence[int], *, model: NarrativeModel | None = None,
                 rule: RuleParams | None = None) -> dict[str, Labels]:
    catalog = prepared.catalog
    out: dict[str, Labels] = {}
    if method == "classifier":
        assert model is not None
        for i in rows:
            scores, how = model.scores(prepared.matches[i], catalog)
            pair = decode(scores, catalog, lambda lab: model.threshold(lab, catalog, how[lab]))
            out[prepared.ids[i]] = Labels(tuple(pair[0]), tuple(pair[1]))
    else:
        assert rule is not None
        for i, s in zip(rows, rule_scores(prepared, rows, rule.cue_weight)):
            pair = decode(s, catalog, lambda lab: rule.subnarrative if catalog[lab].is_subnarrative
                          else rule.narrative)
            out[prepared.ids[i]] = Labels(tuple(pair[0]), tuple(pair[1]))
    return out


def cross_validate(prepared: Prepared, k: int = 5, seed: int = 13, l2: float = DEFAULT_L2,
                   methods: Sequence[str] = METHODS,
                   progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Out-of-fold predictions of every method, scored once over all articles."""
    n_classes, s_classes = _classes(prepared.catalog)
    gold = {i: (prepared.gold[i].narratives, prepared.gold[i].subnarratives) for i in prepared.ids}
    results: dict[str, Any] = {}
    predictions: dict[str, dict[str, Labels]] = {}
    # the floor any method must clear: "Other" for every article
    always_other = score(gold, {i: (("Other",), ("Other",)) for i in prepared.ids}, n_classes, s_classes)
    results["baseline_always_other"] = {k: always_other[k] for k in
                                        ("narrative_f1_samples", "subnarrative_f1_samples")}
    folds = fold_ids(len(prepared.ids), k, seed)
    for method in methods:
        oof: dict[str, Labels] = {}
        params = []
        for f, test in enumerate(folds):
            train = np.setdiff1d(np.arange(len(prepared.ids)), test)
            if method == "classifier":
                model = fit_model(prepared, train, l2=l2, seed=seed, fallback=False)
                oof.update(predict_rows(method, prepared, test, model=model))
                params.append({"narrative_threshold": model.narrative_threshold,
                               "subnarrative_threshold": model.subnarrative_threshold})
            else:
                rule = fit_rule(prepared, train, use_cues=method == "similarity+cues")
                oof.update(predict_rows(method, prepared, test, rule=rule))
                params.append(vars(rule))
            if progress:
                progress(f"{method}: fold {f + 1}/{k}")
        pred = {i: (oof[i].narratives, oof[i].subnarratives) for i in prepared.ids}
        figures = score(gold, pred, n_classes, s_classes)
        figures["fold_parameters"] = params
        results[method] = figures
        predictions[method] = oof
    return {"results": results, "predictions": predictions, "k": k, "seed": seed}
