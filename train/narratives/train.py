"""Train the narrative classifier and measure it by K-fold cross-validation.

    .venv/bin/python train/narratives/train.py --data ../shared/data/narratives/semeval2025_en_train \
        --out unspin/models/narratives --cv 5 --seed 13

Runs the three ablation rungs (similarity / +cues / +classifier) under the
same K-fold split (thresholds tuned inside each training part), then fits
the shipped model on all articles and writes ``model.json``,
``classifier.npz`` and ``train_report.json`` (arguments, data, figures) to
``--out``. Only numpy is needed, so it runs in the runtime venv.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from unspin.embed import sentence_encoder
from unspin.narratives.catalog import BUILTIN_CATALOG, load_catalog
from unspin.narratives.data import read_folder
from unspin.narratives.features import article_sentences
from unspin.evals.narratives import text_digest
from unspin.narratives.training import DEFAULT_L2, cross_validate, fit_model, prepare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="SemEval-2025 layout folder (training set)")
    parser.add_argument("--out", type=Path, default=Path("unspin/models/narratives"))
    parser.add_argument("--cv", type=int, default=5, help="folds for the cross-validated figures (0: skip)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--l2", type=float, default=DEFAULT_L2,
                        help=f"L2 strength of the logistic regressions (default {DEFAULT_L2})")
    parser.add_argument("--embedding-cache", type=Path,
                        help="folder of per-article sentence vectors (<file>.npy), reused when present")
    args = parser.parse_args(argv)

    started = time.time()
    docs, gold = read_folder(args.data)
    catalog = load_catalog(use_env=False)
    encoder = sentence_encoder()

    def cached_vectors(name: str, text: str) -> np.ndarray | None:
        # the cache only saves time: a file whose row count does not fit the sentences is recomputed
        if not args.embedding_cache:
            return None
        path = args.embedding_cache / f"{name}.npy"
        n = len(article_sentences(text))
        if path.is_file():
            vectors = np.load(path)
            if vectors.shape[0] == n:
                return vectors
        spans = article_sentences(text)
        vectors = encoder.encode([text[a:b] for a, b in spans])
        args.embedding_cache.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
        return vectors

    prepared = prepare(docs, gold, catalog, encoder, vectors=cached_vectors,
                       progress=lambda n, t: print(f"\rmatched {n}/{t}", end="", file=sys.stderr))
    print(file=sys.stderr)
    report: dict = {
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "data": str(args.data), "articles": len(prepared.ids), "catalog": str(BUILTIN_CATALOG.name),
        "catalog_entries": len(catalog.entries),
        "prototypes": len(prepared.matches[0].index.prototype_text) if prepared.matches else 0,
        "features": int(prepared.features.shape[1]),
    }
    if args.cv:
        cv = cross_validate(prepared, k=args.cv, seed=args.seed, l2=args.l2,
                            progress=lambda msg: print(msg, file=sys.stderr))
        report["cross_validation"] = {"k": args.cv, "seed": args.seed,
                                      "note": "out-of-fold predictions over all articles, scored once; "
                                              "thresholds tuned on each fold's training part only",
                                      "results": cv["results"]}
        for method, r in cv["results"].items():
            print(f"{method:>16}: narrative F1 {r['narrative_f1_samples']:.3f}  "
                  f"subnarrative F1 {r['subnarrative_f1_samples']:.3f}", file=sys.stderr)
    model = fit_model(prepared, np.arange(len(prepared.ids)), l2=args.l2, seed=args.seed)
    model.info.update({"data": str(args.data), "note": "shipped model: trained on all articles of --data",
                       # digests (not texts) of the training articles, so that `unspin eval narratives`
                       # can tell a training-set run from a held-out one
                       "training_digests": sorted(text_digest(docs[i]) for i in prepared.ids)})
    model.save(args.out)
    report["shipped_model"] = {"trained_on": len(prepared.ids),
                               "narrative_threshold": model.narrative_threshold,
                               "subnarrative_threshold": model.subnarrative_threshold,
                               "rule": vars(model.rule)}
    report["seconds"] = round(time.time() - started, 1)
    (args.out / "train_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n",
                                               encoding="utf-8")
    print(f"wrote {args.out}/model.json, classifier.npz, train_report.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
