"""Train the check-worthiness model shipped in unspin/models/claims/.

Variants (all logistic regression unless named otherwise), each tuned on
the dev split (regularisation C, class weighting, decision threshold):

* ``tfidf``       -- TF-IDF word 1-2-grams + character 2-5-grams
                     (:mod:`unspin.claims.features`, the runtime featurizer);
* ``embedding``   -- the MiniLM sentence embedding (:mod:`unspin.embed`);
* ``embedding-mlp`` -- a one-hidden-layer MLP on the embedding (ablation only:
                     the runtime scorer is linear);
* ``tfidf+embedding`` -- both blocks side by side in one linear model.

Selection uses dev only: the variant with the best dev F1 (Yes class) wins,
except that a variant needing the sentence encoder must beat ``tfidf`` by at
least ``--encoder-margin`` to pay for its run-time cost. Every variant is
then scored on dev-test for the ablation table; the shipped figure is the
selected variant's dev-test F1. Writes model.json, vocab.json, weights.npz
and train_report.json into --out.

Run from the repository root (it imports unspin from there)::

    python train/claims/train.py --data ../shared/data/checkworthiness/checkthat2024_en \
        --out unspin/models/claims --cache out/claims-cache
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from unspin.claims.data import read_checkworthiness  # noqa: E402
from unspin.claims.features import BLOCKS, CHAR_NGRAMS, WORD_NGRAMS, block_terms, idf_from_df, weigh  # noqa: E402
from unspin.claims.probes import PROBE_SENTENCES  # noqa: E402

SPLITS = ("train", "dev", "dev-test")
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)


# ------------------------------------------------------------------ data

def load_splits(data: Path) -> dict[str, tuple[list[str], np.ndarray]]:
    out = {}
    for split in SPLITS:
        parsed = read_checkworthiness(data / f"{split}.tsv")
        if parsed.problems:
            print(f"{split}: skipped {len(parsed.problems)} malformed lines, e.g. {parsed.problems[0]}")
        out[split] = ([s.text for s in parsed.sentences], np.array(parsed.labels, dtype=np.int64))
    return out


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def embeddings(texts: list[str], cache: Path | None, key: str) -> np.ndarray:
    """MiniLM vectors from the runtime encoder, cached by the split file's digest."""
    target = cache / f"{key}.npy" if cache else None
    if target is not None and target.is_file():
        return np.load(target).astype(np.float64)
    from unspin.embed import sentence_encoder

    started = time.time()
    vectors = sentence_encoder().encode(texts)
    print(f"embedded {len(texts)} sentences in {time.time() - started:.0f}s")
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        np.save(target, vectors)
    return np.asarray(vectors, dtype=np.float64)


# -------------------------------------------------------------- features

def build_vocabulary(texts: list[str], min_df: dict[str, int], max_terms: dict[str, int]
                     ) -> tuple[dict[str, list[str]], dict[str, np.ndarray]]:
    """Terms kept per block (document frequency >= min_df, the max_terms most frequent),
    sorted by (-df, term) so the order is reproducible; and their idf."""
    df: dict[str, Counter[str]] = {b: Counter() for b in BLOCKS}
    for text in texts:
        for block, counts in block_terms(text).items():
            df[block].update(counts.keys())
    vocabulary, idf = {}, {}
    for block in BLOCKS:
        kept = sorted((t for t, n in df[block].items() if n >= min_df[block]), key=lambda t: (-df[block][t], t))
        kept = kept[:max_terms[block]]
        vocabulary[block] = kept
        idf[block] = np.array([idf_from_df(df[block][t], len(texts)) for t in kept], dtype=np.float64)
    return vocabulary, idf


def tfidf_matrix(texts: list[str], vocabulary: dict[str, list[str]], idf: dict[str, np.ndarray]) -> sp.csr_matrix:
    """Word block then char block, columns in vocabulary order (the runtime layout)."""
    index = {b: {t: i for i, t in enumerate(vocabulary[b])} for b in BLOCKS}
    offsets = {"word": 0, "char": len(vocabulary["word"])}
    rows, cols, vals = [], [], []
    for row, text in enumerate(texts):
        terms = block_terms(text)
        for block in BLOCKS:
            for column, value in weigh(terms[block], index[block], idf[block]).items():
                rows.append(row)
                cols.append(offsets[block] + column)
                vals.append(value)
    width = len(vocabulary["word"]) + len(vocabulary["char"])
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), width), dtype=np.float64)


# ---------------------------------------------------------------- scoring

def prf(y: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    tp = int(((predicted == 1) & (y == 1)).sum())
    fp = int(((predicted == 1) & (y == 0)).sum())
    fn = int(((predicted == 0) & (y == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": round(f1, 4), "precision": round(precision, 4), "recall": round(recall, 4),
            "accuracy": round(float((predicted == y).mean()), 4)}


def best_threshold(y: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """The threshold on the 0.05..0.95 grid with the best F1 (ties: the one nearest 0.5)."""
    best = (-1.0, 0.0, 0.5)
    for t in THRESHOLDS:
        f1 = prf(y, (scores >= t).astype(int))["f1"]
        key = (f1, -abs(t - 0.5))
        if key > best[:2]:
            best = (f1, -abs(t - 0.5), float(t))
    return best[2], best[0]


def fit_lr(x, y: np.ndarray, c: float, class_weight: str | None, seed: int) -> LogisticRegression:
    model = LogisticRegression(C=c, class_weight=class_weight, solver="lbfgs", max_iter=3000, random_state=seed)
    model.fit(x, y)
    return model


def tune(name: str, make_x, y: dict[str, np.ndarray], grid: list[dict], fit) -> dict:
    """Fit every grid point on train, keep the best dev F1 (threshold tuned on dev)."""
    best: dict | None = None
    for params in grid:
        started = time.time()
        model = fit(make_x("train", params), y["train"], params)
        dev_scores = model.predict_proba(make_x("dev", params))[:, 1]
        threshold, f1 = best_threshold(y["dev"], dev_scores)
        print(f"  {name} {params}: dev F1 {f1:.4f} at {threshold:.2f} ({time.time() - started:.0f}s)", flush=True)
        if best is None or f1 > best["dev_f1"]:
            best = {"params": params, "model": model, "threshold": threshold, "dev_f1": f1}
    assert best is not None
    return best


# ------------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder with train.tsv, dev.tsv, dev-test.tsv")
    parser.add_argument("--out", type=Path, default=ROOT / "unspin" / "models" / "claims")
    parser.add_argument("--cache", type=Path, default=ROOT / "out" / "claims-cache",
                        help="where sentence embeddings of the splits are cached")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--word-min-df", type=int, default=2)
    parser.add_argument("--char-min-df", type=int, default=3)
    parser.add_argument("--max-word-terms", type=int, default=40000)
    parser.add_argument("--max-char-terms", type=int, default=60000)
    parser.add_argument("--encoder-margin", type=float, default=0.01,
                        help="dev F1 an encoder-based variant must gain over tfidf to be chosen")
    parser.add_argument("--skip", default="", help="comma-separated variants not to train")
    args = parser.parse_args()
    np.random.seed(args.seed)
    skip = {s for s in args.skip.split(",") if s}

    splits = load_splits(args.data)
    texts = {k: v[0] for k, v in splits.items()}
    y = {k: v[1] for k, v in splits.items()}
    digests = {split: file_digest(args.data / f"{split}.tsv") for split in SPLITS}
    print({k: (len(texts[k]), int(y[k].sum())) for k in SPLITS})

    started = time.time()
    vocabulary, idf = build_vocabulary(texts["train"], {"word": args.word_min_df, "char": args.char_min_df},
                                       {"word": args.max_word_terms, "char": args.max_char_terms})
    tfidf = {k: tfidf_matrix(texts[k], vocabulary, idf) for k in SPLITS}
    print(f"tf-idf: {len(vocabulary['word'])} word + {len(vocabulary['char'])} char terms "
          f"({time.time() - started:.0f}s)", flush=True)
    need_embeddings = not {"embedding", "embedding-mlp", "tfidf+embedding"} <= skip
    emb = {k: embeddings(texts[k], args.cache, f"{k}.{digests[k]}") for k in SPLITS} if need_embeddings else {}

    weights = [None, "balanced"]
    results: dict[str, dict] = {}
    if "tfidf" not in skip:
        results["tfidf"] = tune("tfidf", lambda s, p: tfidf[s], y,
                                [{"C": c, "class_weight": w} for w in weights for c in (1.0, 2.0, 4.0, 8.0, 16.0)],
                                lambda x, yy, p: fit_lr(x, yy, p["C"], p["class_weight"], args.seed))
    if "embedding" not in skip:
        results["embedding"] = tune("embedding", lambda s, p: emb[s], y,
                                    [{"C": c, "class_weight": w} for w in weights for c in (1.0, 4.0, 16.0)],
                                    lambda x, yy, p: fit_lr(x, yy, p["C"], p["class_weight"], args.seed))
    if "embedding-mlp" not in skip:
        results["embedding-mlp"] = tune(
            "embedding-mlp", lambda s, p: emb[s], y, [{"hidden": 256, "alpha": a} for a in (1e-4, 1e-2)],
            lambda x, yy, p: MLPClassifier((p["hidden"],), alpha=p["alpha"], early_stopping=True,
                                           max_iter=200, random_state=args.seed).fit(x, yy))
    if "tfidf+embedding" not in skip:
        class_weight = results["tfidf"]["params"]["class_weight"] if "tfidf" in results else None
        joined = {}

        def joined_x(split: str, p: dict):
            key = (split, p["scale"])
            if key not in joined:
                joined[key] = sp.hstack([tfidf[split], sp.csr_matrix(emb[split] * p["scale"])], format="csr")
            return joined[key]

        results["tfidf+embedding"] = tune(
            "tfidf+embedding", joined_x, y,
            [{"C": c, "class_weight": class_weight, "scale": s} for s in (0.5, 1.0) for c in (2.0, 4.0, 8.0)],
            lambda x, yy, p: fit_lr(x, yy, p["C"], p["class_weight"], args.seed))

    def x_for(name: str, split: str):
        if name == "tfidf":
            return tfidf[split]
        if name in ("embedding", "embedding-mlp"):
            return emb[split]
        scale = results[name]["params"]["scale"]
        return sp.hstack([tfidf[split], sp.csr_matrix(emb[split] * scale)], format="csr")

    ablation = {}
    for name, result in results.items():
        dev_scores = result["model"].predict_proba(x_for(name, "dev"))[:, 1]
        test_scores = result["model"].predict_proba(x_for(name, "dev-test"))[:, 1]
        t = result["threshold"]
        ablation[name] = {"params": result["params"], "threshold": t,
                          "dev": prf(y["dev"], (dev_scores >= t).astype(int)),
                          "dev-test": prf(y["dev-test"], (test_scores >= t).astype(int)),
                          "shippable": name != "embedding-mlp"}

    shippable = {n: r for n, r in results.items() if ablation[n]["shippable"]}
    chosen = max(shippable, key=lambda n: shippable[n]["dev_f1"])
    if chosen != "tfidf" and "tfidf" in shippable and \
            shippable[chosen]["dev_f1"] < shippable["tfidf"]["dev_f1"] + args.encoder_margin:
        chosen = "tfidf"  # the encoder's run-time cost is not worth less than the margin
    result = results[chosen]
    model: LogisticRegression = result["model"]
    print(f"chosen: {chosen} {result['params']} threshold {result['threshold']}")
    for name, row in ablation.items():
        print(f"  {name:16s} dev F1 {row['dev']['f1']:.4f}  dev-test F1 {row['dev-test']['f1']:.4f}")

    # ---- write the model files (the runtime layout of unspin.claims.model)
    args.out.mkdir(parents=True, exist_ok=True)
    coef = model.coef_[0].astype(np.float64)
    n_word, n_char = len(vocabulary["word"]), len(vocabulary["char"])
    arrays = {"intercept": np.float64(model.intercept_[0]), "idf_word": idf["word"], "idf_char": idf["char"]}
    blocks = []
    if chosen in ("tfidf", "tfidf+embedding"):
        arrays["coef_word"] = coef[:n_word]
        arrays["coef_char"] = coef[n_word:n_word + n_char]
        blocks += ["word", "char"]
    if chosen in ("embedding", "tfidf+embedding"):
        arrays["coef_embedding"] = coef[-384:] if chosen == "tfidf+embedding" else coef
        blocks.append("embedding")
    scale = float(result["params"].get("scale", 1.0))
    name = {"tfidf": "tfidf-lr", "embedding": "minilm-lr", "tfidf+embedding": "tfidf-minilm-lr"}[chosen]
    config = {"name": f"checkthat2024-{name}", "variant": chosen, "blocks": blocks,
              "threshold": result["threshold"], "embedding_scale": scale,
              "features": {"word_ngrams": list(WORD_NGRAMS), "char_ngrams": list(CHAR_NGRAMS)},
              "trained_on": "CheckThat! 2024 Task 1 English, train split",
              "description": "logistic regression; P(check-worthy) per sentence"}
    (args.out / "model.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    (args.out / "vocab.json").write_text(json.dumps({b: vocabulary[b] for b in BLOCKS}, ensure_ascii=False,
                                                    separators=(",", ":")) + "\n", encoding="utf-8")
    np.savez_compressed(args.out / "weights.npz", **arrays)

    # ---- scores of the fitted model on team-written probe sentences, for the equality test
    probe_x = x_for_probes(chosen, PROBE_SENTENCES, vocabulary, idf, scale)
    probe_scores = model.predict_proba(probe_x)[:, 1]
    report = {
        "command": " ".join(["python", *sys.argv]),
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "data": {split: {"path": str(args.data / f"{split}.tsv"), "sha256_12": digests[split],
                         "sentences": len(texts[split]), "yes": int(y[split].sum())} for split in SPLITS},
        "vocabulary": {"word": n_word, "char": n_char},
        "selection": f"best dev F1 (Yes) over variants and their grids, threshold on dev; encoder variants "
                     f"must gain {args.encoder_margin} dev F1 over tfidf",
        "chosen": {"variant": chosen, "params": result["params"], "threshold": result["threshold"],
                   "dev": ablation[chosen]["dev"], "dev-test": ablation[chosen]["dev-test"]},
        "ablation": ablation,
        "anchors": {"checkthat2024_winner_f1": 0.802, "tfidf_lr_baseline_dev_test_f1": 0.77},
        "probes": [{"text": t, "score": float(s)} for t, s in zip(PROBE_SENTENCES, probe_scores)],
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "scikit-learn": sklearn.__version__},
    }
    (args.out / "train_report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                                encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def x_for_probes(chosen: str, sentences: list[str], vocabulary, idf, scale: float):
    parts = []
    if chosen in ("tfidf", "tfidf+embedding"):
        parts.append(tfidf_matrix(sentences, vocabulary, idf))
    if chosen in ("embedding", "tfidf+embedding"):
        from unspin.embed import sentence_encoder

        vectors = sentence_encoder().encode(sentences)
        parts.append(sp.csr_matrix(vectors * scale) if chosen == "tfidf+embedding" else vectors)
    return parts[0] if len(parts) == 1 else sp.hstack(parts, format="csr")


if __name__ == "__main__":
    raise SystemExit(main())
