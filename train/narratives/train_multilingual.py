"""Train the Russian/Ukrainian narrative classifier (USE-m space) and measure it by K-fold CV.

    .venv/bin/python train/narratives/train_multilingual.py \
        --data ../shared/data/narratives/semeval2025_ru_train \
        --extra-data ../shared/data/narratives/semeval2025_en_train --extra-include 'EN_UA_*' \
        --negatives train/narratives/data/offdomain_ru_uk.jsonl \
        --negatives ../shared/data/machine_text/iu_human_ai_news_corpus/news_human_generated.jsonl \
        --out unspin/models/narratives_multilingual --cv 5 --seed 13

``--data`` is the target-language set (Russian): the folds run over its
articles. ``--extra-data`` sets (any language; English here) only ever join
the training parts. L2, thresholds and decoding fallbacks are chosen by an
inner 3-fold split inside every training part (nested), from target-language
articles only; see unspin/narratives/training_multilingual.py. Then the
shipped model is fitted on all articles the same way and ``model.json``,
``classifier.npz`` and ``train_report.json`` are written to ``--out``.
Only numpy and the runtime encoders are needed (the runtime venv, CPU).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from unspin.evals.narratives import text_digest
from unspin.narratives.catalog import BUILTIN_CATALOG, load_catalog
from unspin.narratives.data import read_folder
from unspin.narratives.multilingual import MultilingualSentenceEncoder, splitter_for
from unspin.narratives.training_multilingual import (
    HEADLINE,
    L2_GRID,
    cross_validate_multilingual,
    data_language,
    fit_multilingual,
    negative_sets,
    prepare_multilingual,
    select,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="target-language SemEval-2025 layout folder")
    parser.add_argument("--language", default="auto", help="language of --data (default: detected)")
    parser.add_argument("--extra-data", type=Path, action="append", default=[],
                        help="extra training folder (repeatable; language detected); never held out")
    parser.add_argument("--extra-include", metavar="GLOB",
                        help="only the --extra-data files whose names match GLOB (e.g. 'EN_UA_*')")
    parser.add_argument("--negatives", type=Path, action="append", default=[], metavar="FILE.jsonl",
                        help="off-domain articles (JSON Lines with 'text', optional 'language'), all labelled "
                             "'Other' (repeatable); split into the same folds, never scored as target articles")
    parser.add_argument("--out", type=Path, default=Path("unspin/models/narratives_multilingual"))
    parser.add_argument("--cv", type=int, default=5, help="folds for the cross-validated figures (0: skip)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--l2-grid", type=float, nargs="+", default=list(L2_GRID),
                        help=f"L2 strengths the inner CV chooses from (default {' '.join(map(str, L2_GRID))})")
    parser.add_argument("--embedding-cache", type=Path,
                        help="folder of per-article sentence vectors (<language>/<file>.npy), reused when "
                             "present; keep it outside the repository (derived from research-use texts)")
    parser.add_argument("--no-save", action="store_true", help="cross-validate only; write nothing")
    args = parser.parse_args(argv)

    started = time.time()
    encoder = MultilingualSentenceEncoder()
    catalog = load_catalog(use_env=False)
    sets = []
    for folder, language in [(args.data, args.language)] + [(p, "auto") for p in args.extra_data]:
        docs, gold = read_folder(folder)
        if folder != args.data:
            docs, gold = select(docs, gold, args.extra_include)
        if language == "auto":
            language = data_language(docs)
        sets.append((docs, gold, language))
        print(f"{folder}: {len(docs)} articles, language {language}", file=sys.stderr)

    def cached_vectors(name: str, text: str, language: str) -> np.ndarray | None:
        # the cache only saves time: a file whose row count does not fit the sentences is recomputed
        if not args.embedding_cache:
            return None
        spans = splitter_for(language)(text)
        path = args.embedding_cache / language / f"{name}.npy"
        if path.is_file():
            vectors = np.load(path)
            if vectors.shape[0] == len(spans):
                return vectors
        vectors = encoder.encode([text[a:b] for a, b in spans])
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
        return vectors

    negatives = negative_sets(args.negatives)
    for docs, _, language in negatives:
        print(f"off-domain: {len(docs)} articles, language {language}", file=sys.stderr)
    prepared, _ = prepare_multilingual(
        sets + negatives, catalog, encoder, vectors=cached_vectors,
        progress=lambda n, t: print(f"\rmatched {n}/{t}", end="", file=sys.stderr))
    print(file=sys.stderr)
    target_language = sets[0][2]
    target = [i for i, ident in enumerate(prepared.ids) if ident in sets[0][0]]
    negative_ids = {k for docs, _, _ in negatives for k in docs}
    negative_rows = [i for i, ident in enumerate(prepared.ids) if ident in negative_ids]
    extra = [i for i in range(len(prepared.ids)) if i not in set(target) and i not in set(negative_rows)]
    report: dict = {
        "args": {k: str(v) if isinstance(v, Path) else ([str(x) if isinstance(x, Path) else x for x in v]
                                                        if isinstance(v, list) else v)
                 for k, v in vars(args).items()},
        "data": str(args.data), "language": target_language, "articles": len(target),
        "extra_data": [{"data": str(p), "include": args.extra_include or "*", "language": s[2],
                        "articles": len(s[0])}
                       for p, s in zip(args.extra_data, sets[1:])],
        "negatives": [{"data": str(p)} for p in args.negatives],
        "negative_articles": {lang: sum(len(d) for d, _, l in negatives if l == lang)
                              for lang in sorted({l for _, _, l in negatives})},
        "encoder": encoder.name, "catalog": str(BUILTIN_CATALOG.name), "catalog_entries": len(catalog.entries),
        "prototypes": len(prepared.matches[0].index.prototype_text) if prepared.matches else 0,
        "features": int(prepared.features.shape[1]),
    }
    if args.cv:
        cv = cross_validate_multilingual(prepared, target, extra, k=args.cv, seed=args.seed, l2_grid=args.l2_grid,
                                         negative_rows=negative_rows, progress=lambda msg: print(msg, file=sys.stderr))
        report["cross_validation"] = {
            "k": args.cv, "seed": args.seed,
            "note": "folds over the target-language articles only (one row per article); extra articles join "
                    "every training part; L2, thresholds and decoding fallbacks chosen by an inner 3-fold "
                    "split of each training part; out-of-fold predictions scored once",
            "results": cv["results"]}
        for method, r in cv["results"].items():
            print(f"{method:>34}: " + "  ".join(f"{k} {r[k]:.3f}" for k in HEADLINE), file=sys.stderr)
        for source, r in cv["results"]["classifier"].get("off_domain", {}).items():
            print(f"off-domain {source}: {r['given_a_narrative']} of {r['articles']} given a narrative",
                  file=sys.stderr)
    if not args.no_save:
        model = fit_multilingual(prepared, target, extra, negative_rows, l2_grid=args.l2_grid, seed=args.seed)
        model.info.update({
            "encoder": encoder.name, "language": target_language, "data": str(args.data),
            "extra_data": [str(p) for p in args.extra_data], "extra_include": args.extra_include,
            "negatives": [str(p) for p in args.negatives],
            "note": "shipped model: trained on all articles of --data and --extra-data",
            # digests (not texts) of the training articles, so that `unspin eval narratives`
            # can tell a training-set run from a held-out one
            "training_digests": sorted(text_digest(text) for docs, _, _ in sets + negatives
                                       for text in docs.values())})
        model.save(args.out)
        report["shipped_model"] = {"trained_on": len(target), "extra_trained_on": len(extra) + len(negative_rows),
                                   "l2": model.info["l2"], "inner_cv": model.info["inner_cv"],
                                   "narrative_threshold": model.narrative_threshold,
                                   "subnarrative_threshold": model.subnarrative_threshold,
                                   "decode": model.info["decode"], "rule": vars(model.rule)}
        report["seconds"] = round(time.time() - started, 1)
        (args.out / "train_report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
        print(f"wrote {args.out}/model.json, classifier.npz, train_report.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
