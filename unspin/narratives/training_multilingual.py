"""Fitting and cross-validating the Russian/Ukrainian narrative matcher (numpy only), shared by
``unspin eval narratives`` (Russian or Ukrainian data) and ``train/narratives/train_multilingual.py``.

Protocol (docs/narratives.md, "Russian and Ukrainian"):

* K folds over the target-language articles (one article is one row, so the
  folds are grouped by article); optional extra articles (the English set)
  only ever join the training part, never a held-out fold; optional
  off-domain negatives (labelled "Other") are split into the same K folds,
  and the held-out ones are reported (how many got a narrative);
* inside each training part an inner 3-fold split (of the target-language
  articles and of the negatives) chooses, from their out-of-fold scores, the
  L2 strength, the narrative and subnarrative thresholds and the decoding
  fallback (best subnarrative instead of "<narrative>: Other"; the "best
  narrative instead of Other" fallback exists but is off by default, since
  it gives every off-topic text a narrative);
* the held-out fold is labelled once; all out-of-fold labels are scored
  together: samples-averaged F1 (the task's measure) and macro F1, coarse
  (narratives) and fine (subnarratives), beside two trivial baselines
  computed in the same folds ("Other" for everything; the most frequent
  label set of the training part for everything).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from unspin.narratives.catalog import OTHER, Catalog
from unspin.narratives.data import Labels
from unspin.narratives.features import match_article
from unspin.narratives.metrics import score
from unspin.narratives.model import LogisticModel, NarrativeModel, RuleParams
from unspin.narratives.multilingual import catalog_index, predict_labels, splitter_for
from unspin.narratives.training import (
    PROB_GRID,
    Prepared,
    _f1_rows,
    classifier_scores,
    fit_rule,
    fold_ids,
    predict_rows,
    targets,
)

L2_GRID = (10.0, 30.0, 100.0, 300.0, 1000.0)
INNER_K = 3


def prepare_multilingual(sets: Sequence[tuple[Mapping[str, str], Mapping[str, Labels], str]], catalog: Catalog,
                         encoder: Any, vectors: Callable[[str, str, str], np.ndarray | None] | None = None,
                         progress: Callable[[int, int], None] | None = None) -> tuple[Prepared, dict[str, str]]:
    """Match every article of every ``(docs, gold, language)`` set once against the cue-less
    catalog, with the language's sentence splitter. ``vectors(file, text, language)`` may supply
    cached sentence vectors. Returns the Prepared set and ``{file: language}``."""
    index = catalog_index(catalog, encoder)
    ids: list[str] = []
    gold: dict[str, Labels] = {}
    language: dict[str, str] = {}
    matches = []
    total = sum(len(docs) for docs, _, _ in sets)
    for docs, labels, lang in sets:
        for ident, text in docs.items():
            if ident in gold:
                raise ValueError(f"{ident} appears in two data sets")
            cached = vectors(ident, text, lang) if vectors else None
            matches.append(match_article(text, index, encoder, sentence_vectors=cached,
                                         splitter=splitter_for(lang)))
            ids.append(ident)
            gold[ident] = labels[ident]
            language[ident] = lang
            if progress:
                progress(len(ids), total)
    labels_list = list(catalog.entries)
    features = np.stack([m.vector(labels_list) for m in matches]) if matches else np.zeros((0, 0))
    return Prepared(ids, gold, matches, features, catalog, labels_list), language


def tune(score_rows: list[dict[str, float]], gold: list[Labels], catalog: Catalog, grid: np.ndarray = PROB_GRID,
         narrative_fallbacks: Sequence[bool] = (False,),
         subnarrative_fallbacks: Sequence[bool] = (False, True)) -> dict[str, Any]:
    """Thresholds and decoding fallbacks maximising samples F1 on these rows: first the narrative
    threshold and fallback (coarse F1), then, given those narratives, the subnarrative threshold
    and fallback (fine F1). The vectorised form of ``multilingual.decode``; on ties the earlier
    option wins (no fallback before fallback, lower thresholds before higher)."""
    n_classes, s_classes = catalog.label_sets()
    narratives = n_classes[:-1]
    subs = [e.label for e in catalog.subnarratives()]
    parent_col = np.array([narratives.index(catalog[s].parent) for s in subs], dtype=int)
    rows = len(score_rows)
    sn = np.array([[r.get(label, 0.0) for label in narratives] for r in score_rows]).reshape(rows, len(narratives))
    ss = np.array([[r.get(label, 0.0) for label in subs] for r in score_rows]).reshape(rows, len(subs))
    g_n = np.array([[label in g.narratives for label in n_classes] for g in gold], dtype=bool).reshape(rows, -1)
    g_s = np.array([[label in g.subnarratives for label in s_classes] for g in gold], dtype=bool).reshape(rows, -1)
    everyone = np.arange(rows)

    def narrative_choice(t: float, top: bool) -> np.ndarray:
        p = sn >= t
        if top and len(narratives):
            none = ~p.any(axis=1)
            p[everyone[none], sn[none].argmax(axis=1)] = True
        return p

    best: dict[str, Any] = {"narrative_threshold": float(grid[0]), "top_narrative": False, "narrative_f1": -1.0}
    for top in narrative_fallbacks:
        for t in grid:
            p = narrative_choice(float(t), top)
            pred = np.concatenate([p, ~p.any(axis=1, keepdims=True)], axis=1)
            f = float(_f1_rows(g_n, pred).mean()) if rows else 0.0
            if f > best["narrative_f1"] + 1e-9:
                best.update(narrative_threshold=float(t), top_narrative=bool(top), narrative_f1=f)
    p_n = narrative_choice(best["narrative_threshold"], best["top_narrative"])
    order = {label: j for j, label in enumerate(s_classes)}
    sub_cols = np.array([order[s] for s in subs], dtype=int)
    other_cols = np.array([order[n + ": Other"] for n in narratives], dtype=int)
    children = [np.flatnonzero(parent_col == j) for j in range(len(narratives))]
    best.update(subnarrative_threshold=float(grid[0]), top_subnarrative=False, subnarrative_f1=-1.0)
    for top in subnarrative_fallbacks:
        for t in grid:
            chosen = (ss >= t) & p_n[:, parent_col]
            if top:
                for j, kids in enumerate(children):
                    if not kids.size:
                        continue
                    lack = p_n[:, j] & ~chosen[:, kids].any(axis=1)
                    if lack.any():
                        chosen[everyone[lack], kids[ss[lack][:, kids].argmax(axis=1)]] = True
            pred = np.zeros((rows, len(s_classes)), dtype=bool)
            pred[:, sub_cols] = chosen
            any_sub = np.stack([chosen[:, kids].any(axis=1) if kids.size else np.zeros(rows, dtype=bool)
                                for kids in children], axis=1) if children else np.zeros((rows, 0), dtype=bool)
            pred[:, other_cols] = p_n & ~any_sub
            pred[:, -1] = ~p_n.any(axis=1)
            f = float(_f1_rows(g_s, pred).mean()) if rows else 0.0
            if f > best["subnarrative_f1"] + 1e-9:
                best.update(subnarrative_threshold=float(t), top_subnarrative=bool(top), subnarrative_f1=f)
    return best


def fit_multilingual(prepared: Prepared, rows: Sequence[int], extra_rows: Sequence[int] = (),
                     negative_rows: Sequence[int] = (), *,
                     l2_grid: Sequence[float] = L2_GRID, inner_k: int = INNER_K, seed: int = 13,
                     narrative_fallbacks: Sequence[bool] = (False,),
                     subnarrative_fallbacks: Sequence[bool] = (False, True),
                     fallback_rule: bool = True) -> NarrativeModel:
    """The classifier on ``rows`` + ``extra_rows`` + ``negative_rows``. L2, thresholds and decoding
    fallbacks come from an inner ``inner_k``-fold split of ``rows`` and of ``negative_rows``
    (off-domain articles labelled "Other"), tuned on the out-of-fold scores of both together;
    extra rows join every inner training part and are never scored. The similarity rule for
    labels the classifier does not know (user catalogs) is tuned on ``rows``."""
    rows = np.asarray(rows, dtype=int)
    extra = np.asarray(extra_rows, dtype=int)
    negatives = np.asarray(negative_rows, dtype=int)
    y = targets(prepared, np.arange(len(prepared.ids)))
    scored = np.concatenate([rows, negatives]).astype(int)
    gold = [prepared.gold[prepared.ids[i]] for i in scored]
    inner_rows = fold_ids(len(rows), inner_k, seed + 1)
    inner_negatives = fold_ids(len(negatives), inner_k, seed + 1)
    inner = [np.concatenate([f, len(rows) + g]) for f, g in zip(inner_rows, inner_negatives)]
    trials = []
    best: tuple[float, float, dict[str, Any]] | None = None
    for l2 in l2_grid:
        oof: list[dict[str, float]] = [{} for _ in scored]
        for fold in inner:
            train = np.concatenate([scored[np.setdiff1d(np.arange(len(scored)), fold)], extra])
            m = LogisticModel.fit(prepared.features[train], y[train], prepared.labels, prepared.labels,
                                  l2=l2, seed=seed)
            for r, s in zip(fold, classifier_scores(m, prepared, scored[fold])):
                oof[r] = s
        tuned = tune(oof, gold, prepared.catalog, PROB_GRID, narrative_fallbacks, subnarrative_fallbacks)
        key = tuned["narrative_f1"] + tuned["subnarrative_f1"]
        trials.append({"l2": l2, "inner_narrative_f1": round(tuned["narrative_f1"], 4),
                       "inner_subnarrative_f1": round(tuned["subnarrative_f1"], 4)})
        if best is None or key > best[0] + 1e-9:
            best = (key, l2, tuned)
    assert best is not None
    _, l2, tuned = best
    everything = np.concatenate([scored, extra])
    classifier = LogisticModel.fit(prepared.features[everything], y[everything], prepared.labels,
                                   prepared.labels, l2=l2, seed=seed)
    rule = fit_rule(prepared, rows, use_cues=False) if fallback_rule else RuleParams()
    info = {"l2": l2, "l2_grid": list(l2_grid), "inner_k": inner_k, "seed": seed, "trained_on": len(rows),
            "extra_trained_on": len(extra), "negatives_trained_on": len(negatives), "inner_cv": trials,
            "decode": {"top_narrative": tuned["top_narrative"], "top_subnarrative": tuned["top_subnarrative"]}}
    return NarrativeModel(classifier, tuned["narrative_threshold"], tuned["subnarrative_threshold"], rule, info)


def macro_f1(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], classes: Sequence[str]) -> float:
    """Mean per-label F1 (over articles) of the labels of ``classes`` that occur in ``gold``; labels
    nobody has are left out (they could only add zeros or undefined values)."""
    gold_sets = [set(g) for g in gold]
    pred_sets = [set(p) for p in predicted]
    f1 = []
    for label in classes:
        support = sum(label in g for g in gold_sets)
        if not support:
            continue
        tp = sum(label in g and label in p for g, p in zip(gold_sets, pred_sets))
        guessed = sum(label in p for p in pred_sets)
        f1.append(2 * tp / (support + guessed))
    return sum(f1) / len(f1) if f1 else 0.0


def figures(gold: Mapping[str, Labels], predicted: Mapping[str, Labels], catalog: Catalog,
            per_narrative: bool = True) -> dict[str, Any]:
    """Samples F1 (the task's measure, with std) and macro F1, coarse and fine."""
    n_classes, s_classes = catalog.label_sets()
    ids = list(gold)
    g = {i: (gold[i].narratives, gold[i].subnarratives) for i in ids}
    p = {i: (predicted[i].narratives, predicted[i].subnarratives) for i in ids if i in predicted}
    out = score(g, p, n_classes, s_classes)
    out["narrative_f1_macro"] = round(macro_f1([g[i][0] for i in ids], [p.get(i, ((), ()))[0] for i in ids],
                                               n_classes), 4)
    out["subnarrative_f1_macro"] = round(macro_f1([g[i][1] for i in ids], [p.get(i, ((), ()))[1] for i in ids],
                                                  s_classes), 4)
    if not per_narrative:
        out.pop("per_narrative")
    return out


def select(docs: Mapping[str, str], gold: Mapping[str, Labels],
           include: str | None) -> tuple[dict[str, str], dict[str, Labels]]:
    """The articles whose file names match the glob ``include`` (all when it is None)."""
    from fnmatch import fnmatchcase

    keep = [k for k in docs if include is None or fnmatchcase(k, include)]
    return {k: docs[k] for k in keep}, {k: gold[k] for k in keep}


def read_negatives(path: Any) -> dict[str, tuple[str, str]]:
    """Off-domain articles from a JSON Lines file (``text``, optional ``language``, ``id``): every one
    is labelled "Other". Returns ``{"<file stem>:<id or line>": (text, language or "")}``."""
    import json
    from pathlib import Path

    path = Path(path)
    out: dict[str, tuple[str, str]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read: {exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record["text"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: not a JSON object with 'text': {exc}") from None
        out[f"{path.stem}:{record.get('id', n)}"] = (text, str(record.get("language") or ""))
    return out


def negative_sets(paths: Sequence[Any]) -> list[tuple[dict[str, str], dict[str, Labels], str]]:
    """``(docs, gold, language)`` sets of the off-domain files, one per file and language
    (language from the record, else detected per file)."""
    sets = []
    for path in paths:
        by_language: dict[str, dict[str, str]] = {}
        records = read_negatives(path)
        fallback = data_language({k: t for k, (t, lang) in records.items() if not lang}) if any(
            not lang for _, lang in records.values()) else ""
        for ident, (text, lang) in records.items():
            by_language.setdefault(lang or fallback, {})[ident] = text
        for lang, docs in by_language.items():
            sets.append((docs, {k: Labels((OTHER,), (OTHER,)) for k in docs}, lang))
    return sets


def data_language(docs: Mapping[str, str], sample: int = 25) -> str:
    """The language most of a folder's first ``sample`` articles (by file name) are written in."""
    from unspin.lang import detect_language

    votes = Counter(detect_language(text)[0] for _, text in sorted(docs.items())[:sample])
    return votes.most_common(1)[0][0] if votes else "und"


HEADLINE = ("narrative_f1_samples", "subnarrative_f1_samples", "narrative_f1_macro", "subnarrative_f1_macro")


def most_frequent_label_set(prepared: Prepared, rows: Sequence[int]) -> Labels:
    """The commonest (narratives, subnarratives) pair of these articles (ties: first seen)."""
    counts = Counter((tuple(sorted(set(prepared.gold[prepared.ids[i]].narratives))),
                      tuple(sorted(set(prepared.gold[prepared.ids[i]].subnarratives)))) for i in rows)
    (narratives, subs), _ = counts.most_common(1)[0]
    return Labels(narratives, subs)


def cross_validate_multilingual(prepared: Prepared, target_rows: Sequence[int], extra_rows: Sequence[int] = (), *,
                                k: int = 5, seed: int = 13, l2_grid: Sequence[float] = L2_GRID,
                                narrative_fallbacks: Sequence[bool] = (False,),
                                negative_rows: Sequence[int] = (),
                                progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Out-of-fold labels for the target-language articles, scored once; see the module docstring.
    ``negative_rows`` (off-domain articles labelled "Other") are split into the same number of
    folds: each outer fold trains on the others and reports how many of its own get a narrative."""
    target = np.asarray(target_rows, dtype=int)
    extra = np.asarray(extra_rows, dtype=int)
    negatives = np.asarray(negative_rows, dtype=int)
    negative_folds = fold_ids(len(negatives), k, seed) if len(negatives) else [np.zeros(0, dtype=int)] * k
    flagged: dict[str, bool] = {}
    catalog = prepared.catalog
    gold = {prepared.ids[i]: prepared.gold[prepared.ids[i]] for i in target}
    oof: dict[str, dict[str, Labels]] = {"classifier": {}, "similarity": {}, "baseline_always_other": {},
                                         "baseline_most_frequent_label_set": {}}
    params: dict[str, list[Any]] = {m: [] for m in oof}
    for f, fold in enumerate(fold_ids(len(target), k, seed)):
        test = target[fold]
        train = target[np.setdiff1d(np.arange(len(target)), fold)]
        held_negatives = negatives[negative_folds[f]]
        model = fit_multilingual(prepared, train, extra, np.setdiff1d(negatives, held_negatives),
                                 l2_grid=l2_grid, seed=seed,
                                 narrative_fallbacks=narrative_fallbacks, fallback_rule=False)
        for i in test:
            pair, _, _ = predict_labels(model, prepared.matches[i], catalog)
            oof["classifier"][prepared.ids[i]] = Labels(tuple(pair[0]), tuple(pair[1]))
        for i in held_negatives:
            pair, _, _ = predict_labels(model, prepared.matches[i], catalog)
            flagged[prepared.ids[i]] = pair[0] != [OTHER]
        params["classifier"].append({"l2": model.info["l2"], "narrative_threshold": model.narrative_threshold,
                                     "subnarrative_threshold": model.subnarrative_threshold,
                                     **model.info["decode"]})
        rule = fit_rule(prepared, train, use_cues=False)
        oof["similarity"].update(predict_rows("similarity", prepared, test, rule=rule))
        params["similarity"].append({"narrative": rule.narrative, "subnarrative": rule.subnarrative})
        constant = most_frequent_label_set(prepared, train)
        params["baseline_most_frequent_label_set"].append({"narratives": list(constant.narratives),
                                                           "subnarratives": list(constant.subnarratives)})
        for i in test:
            oof["baseline_always_other"][prepared.ids[i]] = Labels((OTHER,), (OTHER,))
            oof["baseline_most_frequent_label_set"][prepared.ids[i]] = constant
        if progress:
            progress(f"fold {f + 1}/{k}")
    results = {}
    for method, predicted in oof.items():
        r = figures(gold, predicted, catalog, per_narrative=method == "classifier")
        if params[method]:
            r["fold_parameters"] = params[method]
        results[method] = r
    if flagged:
        by_source: dict[str, list[bool]] = {}
        for ident, hit in flagged.items():
            by_source.setdefault(ident.split(":", 1)[0], []).append(hit)
        results["classifier"]["off_domain"] = {
            source: {"articles": len(hits), "given_a_narrative": sum(hits), "share": round(sum(hits) / len(hits), 4)}
            for source, hits in by_source.items()}
    return {"results": results, "predictions": oof, "k": k, "seed": seed,
            "articles": len(target), "extra_training_articles": len(extra) + len(negatives)}
