"""``unspin eval narratives``: narrative and subnarrative labels against a SemEval-2025 Task 10 folder."""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path
from typing import Any

from unspin.evals._cli import add_eval_parser, emit, stderr_console

DESCRIPTION = """\
Label every article of a SemEval-2025 Task 10 (subtask 2) folder with the
narrative matcher and print JSON with the task's official measure,
samples-averaged F1, for narratives and for subnarratives (with the standard
deviation across articles), plus precision/recall/F1 of each narrative.

--data DIR holds raw-documents/*.txt and subtask-2-annotations.txt, one line
per article: file<TAB>narr1;narr2<TAB>sub1;sub2 ("Other" when none applies).
Our reading of the official scorer ("Other" is an ordinary class, per-article
F1 averaged over articles) is in docs/narratives.md.

Without --cv the shipped model labels the articles. It was trained on the
shared English training set: when --data overlaps it, the output says so
("evaluation": "training-set") and the figures are NOT held-out figures.
With --cv K the matcher is re-fitted K times on this folder alone and the
figures are K-fold cross-validated (out-of-fold predictions, scored once),
for all three ablation rungs: similarity, similarity+cues, classifier.

Russian and Ukrainian folders (--language, detected by default) go through
the multilingual matcher (USE-m encoder, unspin/models/narratives_multilingual).
With --cv K the folds run over the folder's articles (one row per article);
--extra-data folders (e.g. the English set) only join the training parts;
L2, thresholds and decoding are chosen by an inner 3-fold split of each
training part. The output adds macro F1 (coarse and fine) and two trivial
baselines scored on the same folds: "Other" for every article, and the most
frequent label set of the training part for every article.
"""

EPILOG = """\
examples:
  unspin eval narratives --data ../shared/data/narratives/semeval2025_en_train --cv 5
  unspin eval narratives --data my-annotated-folder --predictions out/pred.tsv --out out/narr.json
  unspin eval narratives --data DIR --catalog campaigns/new-campaign.toml
  unspin eval narratives --data ../shared/data/narratives/semeval2025_ru_train --cv 5 \
      --extra-data ../shared/data/narratives/semeval2025_en_train --extra-include 'EN_UA_*' \
      --negatives train/narratives/data/offdomain_ru_uk.jsonl \
      --negatives ../shared/data/machine_text/iu_human_ai_news_corpus/news_human_generated.jsonl

anchors (official English test set, LLM-based best team): narrative F1 about
0.55, subnarrative F1 about 0.43. Russian: iLostTheCode (SemEval-2025 paper
2025.semeval-1.85) report samples F1 0.41, rank 3, on the official Russian test set.
exit status: 0 evaluated, 1 unusable data or no model, 2 bad command line.
"""


def register(subparsers: Any) -> None:
    parser = add_eval_parser(
        subparsers, "narratives", help="evaluate narrative/subnarrative labels on a SemEval-2025 Task 10 folder",
        description=DESCRIPTION, epilog=EPILOG, run=run)
    parser.add_argument("--data", required=True, type=Path, metavar="DIR",
                        help="folder with raw-documents/ and subtask-2-annotations.txt")
    parser.add_argument("--predictions", type=Path, metavar="OUT.tsv",
                        help="write the predicted labels in the annotations layout")
    parser.add_argument("--cv", type=int, default=0, metavar="K",
                        help="K-fold cross-validation on --data instead of the shipped model (K >= 2)")
    parser.add_argument("--seed", type=int, default=13, help="fold assignment seed for --cv (default 13)")
    parser.add_argument("--catalog", action="append", default=[], type=Path, metavar="PATH",
                        help="extra catalog file (repeatable); also read: UNSPIN_NARRATIVE_CATALOGS")
    parser.add_argument("--language", choices=("auto", "en", "ru", "uk"), default="auto",
                        help="language of the articles (default: detected from the first 25)")
    parser.add_argument("--extra-data", action="append", default=[], type=Path, metavar="DIR",
                        help="Russian/Ukrainian --cv only: extra training folder (repeatable, language "
                             "detected); its articles join every training part and are never scored")
    parser.add_argument("--extra-include", metavar="GLOB",
                        help="only the --extra-data files whose names match GLOB (e.g. 'EN_UA_*': the "
                             "English Ukraine-war articles)")
    parser.add_argument("--negatives", action="append", default=[], type=Path, metavar="FILE.jsonl",
                        help="Russian/Ukrainian --cv only: off-domain articles labelled 'Other' (JSON Lines "
                             "with 'text'; repeatable), split into the same folds; the output says how many "
                             "held-out ones got a narrative")


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def run(args: argparse.Namespace) -> int:
    from unspin.narratives.catalog import CatalogError, load_catalog
    from unspin.narratives.data import DataError, read_folder, write_predictions
    from unspin.narratives.metrics import score

    err = stderr_console()
    if args.cv and args.cv < 2:
        err.print("error: --cv needs K >= 2", markup=False)
        return 2
    try:
        docs, gold = read_folder(args.data)
        catalog = load_catalog(args.catalog)
    except (DataError, CatalogError) as exc:
        err.print(f"error: {exc}", markup=False)
        return 1
    if args.cv and args.cv > len(docs):
        err.print(f"error: --cv {args.cv} needs at least {args.cv} articles; {args.data} has {len(docs)}",
                  markup=False)
        return 1
    language = args.language
    if language == "auto":
        from unspin.narratives.training_multilingual import data_language

        language = data_language(docs)
    if language in ("ru", "uk"):
        return run_multilingual(args, docs, gold, catalog, language)
    narrative_classes, sub_classes = catalog.label_sets()
    unknown = sorted({label for g in gold.values() for label in (*g.narratives, *g.subnarratives)}
                     - set(narrative_classes) - set(sub_classes))
    gold_pairs = {k: (v.narratives, v.subnarratives) for k, v in gold.items()}
    try:
        from unspin.embed import sentence_encoder

        encoder = sentence_encoder()
        if args.cv:
            from unspin.narratives.training import cross_validate, prepare

            prepared = prepare(docs, gold, catalog, encoder)
            cv = cross_validate(prepared, k=args.cv, seed=args.seed)
            result: dict[str, Any] = {"evaluation": f"{args.cv}-fold cross-validation (seed {args.seed})",
                                      **cv["results"]["classifier"],
                                      "ablation": {m: {k: r[k] for k in ("narrative_f1_samples",
                                                                       "subnarrative_f1_samples")}
                                                   for m, r in cv["results"].items()}}
            predicted = cv["predictions"]["classifier"]
        else:
            from unspin.narratives.predictor import load_predictor

            predictor = load_predictor(args.catalog)
            predicted = {name: predictor.predict(text).labels for name, text in docs.items()}
            pred_pairs = {k: (v.narratives, v.subnarratives) for k, v in predicted.items()}
            result = {"evaluation": "shipped model", **score(gold_pairs, pred_pairs, narrative_classes,
                                                             sub_classes)}
            _mark_training_overlap(result, predictor, docs)
    except (ImportError, FileNotFoundError, RuntimeError) as exc:
        err.print(f"error: cannot load the narrative model: {exc}", markup=False)
        return 1
    result["data"] = str(args.data)
    result["catalogs"] = catalog.sources
    if unknown:
        result["gold_labels_not_in_catalog"] = unknown
    if args.predictions:
        write_predictions(args.predictions, {k: predicted[k] for k in docs})
    return emit(result, args.out)


PUBLISHED_RUSSIAN = {
    "source": "Concas, Sanguinetti, Atzori: iLostTheCode at SemEval-2025 Task 10: Bottom-up Multilevel "
              "Classification of Narrative Taxonomies. SemEval-2025, pages 607-616 (ACL Anthology "
              "2025.semeval-1.85), abstract",
    "figure": "samples F1 0.41 on the official Russian test set, rank 3 (coarse or fine not stated there)",
    "note": "a different (test) set: not comparable head to head with cross-validation on the training set",
}


def run_multilingual(args: argparse.Namespace, docs: dict[str, str], gold: dict[str, Any], catalog: Any,
                     language: str) -> int:
    """Russian/Ukrainian folders: the multilingual matcher, cross-validated or shipped."""
    from unspin.narratives.data import read_folder, write_predictions
    from unspin.narratives.training_multilingual import HEADLINE, data_language, figures, select

    err = stderr_console()
    result: dict[str, Any]
    try:
        from unspin.narratives.multilingual import MODEL_NAME, MultilingualSentenceEncoder

        if args.cv:
            from unspin.narratives.training_multilingual import (
                cross_validate_multilingual,
                negative_sets,
                prepare_multilingual,
            )

            sets = [(docs, gold, language)]
            for folder in args.extra_data:
                extra_docs, extra_gold = select(*read_folder(folder), args.extra_include)
                sets.append((extra_docs, extra_gold, data_language(extra_docs)))
            negatives = negative_sets(args.negatives)
            prepared, _ = prepare_multilingual(sets + negatives, catalog, MultilingualSentenceEncoder())
            negative_ids = {k for d, _, _ in negatives for k in d}
            target = [i for i, ident in enumerate(prepared.ids) if ident in docs]
            negative_rows = [i for i, ident in enumerate(prepared.ids) if ident in negative_ids]
            extra = [i for i, ident in enumerate(prepared.ids) if ident not in docs and ident not in negative_ids]
            cv = cross_validate_multilingual(prepared, target, extra, k=args.cv, seed=args.seed,
                                             negative_rows=negative_rows)
            results = cv["results"]
            result = {"evaluation": f"{args.cv}-fold cross-validation (seed {args.seed}), folds over the "
                                    f"{language} articles; L2, thresholds and decoding chosen inside each "
                                    "training part (inner 3-fold)",
                      "language": language, "model": MODEL_NAME, **results["classifier"],
                      "baselines": {m[len("baseline_"):]: {k: results[m][k] for k in HEADLINE}
                                    for m in results if m.startswith("baseline_")},
                      "ablation": {m: {k: results[m][k] for k in HEADLINE}
                                   for m in ("similarity", "classifier")},
                      "extra_training_data": [{"data": str(folder), "include": args.extra_include or "*",
                                               "language": lang, "articles": len(d)}
                                              for folder, (d, _, lang) in zip(args.extra_data, sets[1:])]}
            predicted = cv["predictions"]["classifier"]
        else:
            from unspin.narratives.multilingual import load_multilingual_predictor

            predictor = load_multilingual_predictor(args.catalog)
            predicted = {name: predictor.predict(text, language).labels for name, text in docs.items()}
            other = {name: type(g)(("Other",), ("Other",)) for name, g in gold.items()}
            result = {"evaluation": "shipped model", "language": language, "model": MODEL_NAME,
                      **figures(gold, predicted, catalog),
                      "baselines": {"always_other": {k: v for k, v in figures(gold, other, catalog, False).items()
                                                     if k in HEADLINE}}}
            _mark_training_overlap(result, predictor, docs)
    except ValueError as exc:  # DataError, or a malformed --negatives file
        err.print(f"error: {exc}", markup=False)
        return 1
    except (ImportError, FileNotFoundError, RuntimeError) as exc:
        err.print(f"error: cannot load the multilingual narrative model: {exc}", markup=False)
        return 1
    result["published_anchor"] = PUBLISHED_RUSSIAN
    result["data"] = str(args.data)
    result["catalogs"] = catalog.sources
    n_classes, s_classes = catalog.label_sets()
    unknown = sorted({label for g in gold.values() for label in (*g.narratives, *g.subnarratives)}
                     - set(n_classes) - set(s_classes))
    if unknown:
        result["gold_labels_not_in_catalog"] = unknown
    if args.predictions:
        write_predictions(args.predictions, {k: predicted[k] for k in docs})
    return emit(result, args.out)


def _mark_training_overlap(result: dict[str, Any], predictor: Any, docs: dict[str, str]) -> None:
    """Say how many articles trained the shipped model; if any did, label the figures training-set."""
    seen = set(predictor.model.info.get("training_digests", []))
    overlap = sum(1 for text in docs.values() if text_digest(text) in seen)
    result["overlap_with_training"] = overlap
    if overlap:
        result["evaluation"] = "training-set"
        result["warning"] = (f"{overlap} of {len(docs)} articles were used to train the shipped model: "
                             "these are training-set figures, not held-out ones (use --cv K)")
