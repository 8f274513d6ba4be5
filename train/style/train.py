"""Train the machine-text classifier: grouped CV with an ablation, then the shipped fit.

Input: the JSON Lines from ``build_dataset.py`` (id, text, label, group, source).
Every split is by ``group`` (the source article), stratified by label, so no
rewrite of an article is tested while its original or a sibling is in train.

Feature groups (see ``unspin/style/features.py``):
  stylometry  sentence lengths, vocabulary, punctuation, function words
  lexicon     cliché density and leftover counts
  embedding   mean MiniLM vector of the first sentences (384 numbers)
  perplexity  SmolLM2-135M token log-probabilities (from perplexity.py; optional)

Embeddings and perplexity are slow on a shared CPU, so they are measured on a
group-stratified subsample (``--sample-groups``), where every feature set is
compared on the same texts; the hand-made sets are also measured on all data.

Then the set named by ``--ship`` is fitted on all rows and written to
``unspin/models/style/model.json`` with ``train_report.json`` beside it.

    nice .venv-train/bin/python train/style/train.py --data .devdata/style/machine_text.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from unspin.style.classifier import EMBED_SENTENCES, embed_text  # noqa: E402
from unspin.style.features import extract  # noqa: E402
from unspin.style.metrics import summarise  # noqa: E402

MODEL_DIR = ROOT / "unspin" / "models" / "style"


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def cache_key(path: Path, extra: str) -> str:
    stat = path.stat()
    return hashlib.sha1(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime}|{extra}".encode()).hexdigest()[:12]


def hand_features(rows: list[dict], cache: Path) -> tuple[np.ndarray, list[str], dict[str, list[str]]]:
    if cache.is_file():
        data = np.load(cache, allow_pickle=False)
        groups = json.loads(str(data["groups"]))
        return data["X"], list(data["names"]), groups
    started = time.time()
    vectors, names, groups = [], [], {}
    for i, row in enumerate(rows):
        feats = extract(row["text"])
        vectors.append(feats.values)
        names, groups = feats.names, feats.groups
        if i % 500 == 0:
            print(f"  features {i}/{len(rows)} ({time.time() - started:.0f}s)", file=sys.stderr)
    X = np.vstack(vectors)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, X=X, names=np.array(names), groups=np.array(json.dumps(groups)))
    return X, names, groups


def embeddings(rows: list[dict], index: np.ndarray, cache: Path) -> np.ndarray:
    if cache.is_file():
        data = np.load(cache)
        if np.array_equal(data["index"], index):
            return data["E"]
    started = time.time()
    E = np.zeros((len(rows), 384), dtype=np.float32)
    for n, i in enumerate(index):
        E[i] = embed_text(rows[i]["text"])
        if n % 200 == 0:
            print(f"  embeddings {n}/{len(index)} ({time.time() - started:.0f}s)", file=sys.stderr)
    np.savez(cache, E=E, index=index)
    return E


def sample_groups(rows: list[dict], n_groups: int, seed: int) -> np.ndarray:
    """Row indices of ``n_groups`` random groups that contain a human text (and their rewrites)."""
    by_group: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_group.setdefault(row["group"], []).append(i)
    with_human = sorted(g for g, idx in by_group.items() if any(rows[i]["label"] == "human" for i in idx))
    rng = np.random.default_rng(seed)
    chosen = rng.choice(len(with_human), size=min(n_groups, len(with_human)), replace=False)
    return np.array(sorted(i for c in chosen for i in by_group[with_human[c]]))


def cross_validate(X: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int, seed: int, C: float) -> np.ndarray:
    from sklearn.model_selection import StratifiedGroupKFold

    scores = np.zeros(len(y))
    for train, test in StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed).split(X, y, groups):
        assert not set(groups[train]) & set(groups[test]), "a group straddles train and test"
        model = fit(X[train], y[train], C)
        scores[test] = predict(model, X[test])
    return scores


def fit(X: np.ndarray, y: np.ndarray, C: float) -> dict:
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    clf.fit((X - mean) / scale, y)
    return {"mean": mean, "scale": scale, "coef": clf.coef_[0], "intercept": float(clf.intercept_[0])}


def predict(model: dict, X: np.ndarray) -> np.ndarray:
    z = ((X - model["mean"]) / model["scale"]) @ model["coef"] + model["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


def per_corpus(scores: np.ndarray, y: np.ndarray, rows: list[dict], index: np.ndarray) -> dict:
    corpora = np.array([rows[i]["source"].split("/")[0] for i in index])
    out = {}
    for corpus in sorted(set(corpora)):
        mask = corpora == corpus
        out[corpus] = summarise(scores[mask], y[mask], 0.5)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / ".devdata/style/machine_text.jsonl")
    parser.add_argument("--cache", type=Path, default=ROOT / ".devdata/style/cache")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--C", type=float, default=0.5, help="inverse L2 strength of the logistic regression")
    parser.add_argument("--sample-groups", type=int, default=0,
                        help="also compare embedding/perplexity sets on this many random groups (0: skip)")
    parser.add_argument("--perplexity", type=Path, help="JSON {id: {feature: value}} from perplexity.py")
    parser.add_argument("--ship", default="stylometry+lexicon",
                        help="feature set of the shipped model: stylometry, lexicon, embedding, joined by +")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--no-write", action="store_true", help="cross-validate only")
    args = parser.parse_args(argv)

    rows = read_rows(args.data)
    y_all = np.array([1 if r["label"] == "machine" else 0 for r in rows])
    groups_all = np.array([r["group"] for r in rows])
    X, names, feature_groups = hand_features(rows, args.cache / f"hand-{cache_key(args.data, 'v2')}.npz")
    columns = {g: [names.index(n) for n in members] for g, members in feature_groups.items()}
    report: dict = {
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.argv[0]).as_posix()] + (argv if argv is not None else sys.argv[1:])),
        "data": str(args.data), "rows": len(rows), "groups": int(len(set(groups_all))),
        "by_source": dict(Counter(f"{r['source'].split('/')[0]}/{r['label']}" for r in rows)),
        "split": f"StratifiedGroupKFold(n_splits={args.folds}, shuffle=True, random_state={args.seed}) by source article",
        "C": args.C, "cv_all_rows": {}, "cv_subsample": {},
    }
    all_index = np.arange(len(rows))
    for name in ("stylometry", "lexicon", "stylometry+lexicon"):
        cols = [c for g in name.split("+") for c in columns[g]]
        scores = cross_validate(X[:, cols], y_all, groups_all, args.folds, args.seed, args.C)
        report["cv_all_rows"][name] = {"pooled": summarise(scores, y_all, 0.5),
                                       "per_corpus": per_corpus(scores, y_all, rows, all_index)}
        print(name, json.dumps(report["cv_all_rows"][name]["pooled"]), file=sys.stderr)

    extra: dict[str, np.ndarray] = {}
    if args.sample_groups:
        index = sample_groups(rows, args.sample_groups, args.seed)
        emb_cache = args.cache / f"emb-{cache_key(args.data, str(args.sample_groups) + str(args.seed))}.npz"
        was_cached, started = emb_cache.is_file(), time.time()
        E = embeddings(rows, index, emb_cache)
        extra["embedding"] = E
        if not was_cached:  # a cached run would report the cost of reading a file
            report["embedding_seconds_per_text"] = round((time.time() - started) / max(len(index), 1), 3)
        sets = ["stylometry+lexicon", "embedding", "stylometry+lexicon+embedding"]
        if args.perplexity:
            ppl = json.loads(args.perplexity.read_text(encoding="utf-8"))
            ppl_names = sorted(next(iter(ppl.values())))
            keep = np.array([i for i in index if rows[i]["id"] in ppl])
            P = np.zeros((len(rows), len(ppl_names)))
            for i in keep:
                P[i] = [ppl[rows[i]["id"]][k] for k in ppl_names]
            extra["perplexity"] = P
            index = keep
            sets += ["perplexity", "stylometry+lexicon+perplexity", "stylometry+lexicon+embedding+perplexity"]
        y, g = y_all[index], groups_all[index]
        report["cv_subsample"]["rows"] = int(len(index))
        report["cv_subsample"]["groups"] = int(len(set(g)))
        for name in sets:
            parts = []
            for group in name.split("+"):
                parts.append(extra[group][index] if group in extra else X[index][:, columns[group]])
            scores = cross_validate(np.hstack(parts), y, g, args.folds, args.seed, args.C)
            report["cv_subsample"][name] = summarise(scores, y, 0.5)
            print("subsample", name, json.dumps(report["cv_subsample"][name]), file=sys.stderr)

    ship_groups = args.ship.split("+")
    ship_cols = [c for grp in ship_groups if grp in columns for c in columns[grp]]
    if "embedding" in ship_groups:
        raise SystemExit("shipping embeddings needs them for every row: not supported by this script yet")
    model = fit(X[:, ship_cols], y_all, args.C)
    report["shipped"] = {"feature_set": args.ship, "features": len(ship_cols),
                         "figures": "cv_all_rows[" + args.ship + "]"}
    print(json.dumps(report["cv_all_rows"], indent=1)[:3000])
    if args.no_write:
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    spec = {
        "model": f"style-logreg-{args.ship}",
        "about": "logistic regression on stylometric and lexicon features; see train_report.json",
        "features": [names[c] for c in ship_cols],
        "mean": model["mean"].round(6).tolist(), "scale": model["scale"].round(6).tolist(),
        "coef": model["coef"].round(6).tolist(), "intercept": round(model["intercept"], 6),
        "threshold": 0.5, "embedding": False, "embed_sentences": EMBED_SENTENCES,
    }
    (args.out / "model.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    (args.out / "train_report.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out / 'model.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
