"""``unspin eval techniques``: persuasion-technique spans against SemEval-style labels.

``evaluate`` runs any predictor over the articles and scores it; training code
that already has predictions calls ``unspin.techniques.metrics.score``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from unspin.techniques.data import LabelError, Labels, Span, check_labels, read_articles, read_labels, write_spans
from unspin.techniques.metrics import score
from unspin.techniques.taxonomy import PTC2020, SEMEVAL2023, to_ptc2020
from unspin.evals._cli import add_eval_parser, emit, stderr_console

# predict_spans(text) -> [(technique, start, end, confidence), ...] in the SemEval-2023 taxonomy
PredictFn = Callable[[str], Iterable[Sequence[Any]]]
# classify_spans(text, [(start, end), ...]) -> one SemEval-2023 technique per span
ClassifyFn = Callable[[str, list[tuple[int, int]]], Sequence[str | None]]

TAXONOMIES = {"semeval2023": SEMEVAL2023, "ptc2020": PTC2020}

DESCRIPTION = """\
Run the technique predictor over every article<ID>.txt in --articles and print
JSON with: SI span precision/recall/F1 (SemEval-2020 Task 11 partial overlap,
labels ignored), TC micro-F1 (the technique of each gold span, given the
spans), per-technique partial-overlap precision/recall/F1 with support, the
pooled labelled-span micro P/R/F1, and for --taxonomy semeval2023 the span F1
of each of the 23 labels. Definitions: docs/techniques.md.

--labels is one file or a folder of per-article *.labels/*.tsv files, with
id<TAB>technique<TAB>start<TAB>end lines (TC and SemEval-2023 layout) or
id<TAB>start<TAB>end lines (SI layout: only the SI figures are printed).
Offsets are characters of the text as stored, end exclusive.
"""

EPILOG = """\
examples:
  unspin eval techniques --articles ../shared/data/persuasion/semeval2023_en/dev/articles \\
      --labels ../shared/data/persuasion/semeval2023_en/dev/labels-spans.tsv
  unspin eval techniques --taxonomy ptc2020 --articles ../shared/data/persuasion/ptc2020/dev-tc \\
      --labels ../shared/data/persuasion/ptc2020/dev-tc/labels --predictions out/dev-pred.tsv

--taxonomy ptc2020: predicted SemEval-2023 techniques are mapped to the 14
SemEval-2020 labels; techniques without a 2020 counterpart are dropped.
TC: the predictor's classify_spans(text, spans) labels the gold spans when it
has one; otherwise each gold span takes the technique of the predicted span
overlapping it most (a gold span no prediction touches counts as wrong).
exit status: 0 evaluated, 1 unusable data or no model, 2 bad command line.
"""


def register(subparsers: Any) -> None:
    parser = add_eval_parser(subparsers, "techniques", help="evaluate persuasion-technique spans on SemEval-style labels",
                             description=DESCRIPTION, epilog=EPILOG, run=run)
    parser.add_argument("--articles", required=True, type=Path, metavar="DIR",
                        help="folder of article<ID>.txt files")
    parser.add_argument("--labels", required=True, type=Path, metavar="PATH",
                        help="label file, or folder of per-article label files")
    parser.add_argument("--taxonomy", choices=sorted(TAXONOMIES), default="semeval2023",
                        help="label set of --labels (default: semeval2023)")
    parser.add_argument("--predictions", type=Path, metavar="OUT.tsv",
                        help="write the predicted spans as id<TAB>technique<TAB>start<TAB>end lines")
    parser.add_argument("--gold-spans", action="store_true",
                        help="TC only: label the gold spans and print the TC figures, no span identification")


def run(args: argparse.Namespace) -> int:
    err = stderr_console()
    try:
        articles = read_articles(args.articles)
        labels = read_labels(args.labels, TAXONOMIES[args.taxonomy], f"--taxonomy {args.taxonomy}")
        check_labels(labels, articles)
    except LabelError as exc:
        err.print(f"error: {exc}", markup=False)
        return 1
    if args.gold_spans and labels.layout != "tc":
        err.print("error: --gold-spans needs labels with techniques (4 columns)", markup=False)
        return 1
    try:
        from unspin.techniques import predictor as load

        model = load()
    except (ImportError, FileNotFoundError, RuntimeError) as exc:
        err.print(f"error: cannot load the technique model: {exc}", markup=False)
        return 1
    result, predicted = evaluate_predictor(articles, labels, model, taxonomy=args.taxonomy,
                                           tc_only=args.gold_spans)
    result["articles"] = str(args.articles)
    result["labels"] = str(args.labels)
    if args.predictions:
        write_spans(args.predictions, predicted)
    return emit(result, args.out)


def evaluate_predictor(articles: Mapping[str, str], labels: Labels, model: Any, *,
                       taxonomy: str = "semeval2023", tc_only: bool = False) -> tuple[dict[str, Any], list[Span]]:
    """``evaluate`` with a predictor object (``predict_spans``, optional ``classify_spans``)."""
    return evaluate(articles, labels, predict=model.predict_spans,
                    classify=getattr(model, "classify_spans", None), taxonomy=taxonomy, tc_only=tc_only)


def evaluate(articles: Mapping[str, str], labels: Labels, *, predict: PredictFn,
             classify: ClassifyFn | None = None, taxonomy: str = "semeval2023",
             tc_only: bool = False) -> tuple[dict[str, Any], list[Span]]:
    """Run ``predict`` (and ``classify`` for TC) over every article and score against ``labels``.

    Returns the JSON-ready figures and the predicted spans (in the scoring taxonomy).
    With ``tc_only`` and a ``classify`` function, ``predict`` is never called.
    """
    if taxonomy not in TAXONOMIES:
        raise ValueError(f"unknown taxonomy {taxonomy!r} (known: {', '.join(TAXONOMIES)})")
    mapping: Callable[[str | None], str | None] = (
        (lambda t: to_ptc2020(t) if t in SEMEVAL2023 else None) if taxonomy == "ptc2020" else (lambda t: t))
    gold_by_article = labels.by_article()
    gold: list[Span] = []
    predicted: list[Span] = []
    tc_labels: list[str | None] | None = [] if classify is not None else None
    dropped = 0
    for ident, text in articles.items():
        article_gold = gold_by_article.get(ident, [])
        gold.extend(article_gold)
        if not (tc_only and classify is not None):
            for technique, start, end, *_ in predict(text):
                label = mapping(technique)
                if label is None:  # no counterpart in the 2020 labels (or not a known technique)
                    dropped += 1
                    continue
                predicted.append(Span(ident, label, int(start), int(end)))
        if classify is not None and tc_labels is not None and labels.layout == "tc" and article_gold:
            answers = list(classify(text, [(s.start, s.end) for s in article_gold]))
            if len(answers) != len(article_gold):
                raise ValueError(f"classify_spans gave {len(answers)} labels for {len(article_gold)} spans")
            tc_labels.extend(mapping(a) if a is not None else None for a in answers)
    techniques = TAXONOMIES[taxonomy]
    result = score(gold, predicted, tc_labels=tc_labels if labels.layout == "tc" else None,
                   techniques=techniques, per_label_f1=taxonomy == "semeval2023")
    if tc_only:
        result = {"tc": result["tc"], "counts": {"gold_spans": len(gold)}}
    result["counts"]["articles"] = len(articles)
    result["counts"]["predictions_dropped_unmapped"] = dropped
    result["taxonomy"] = taxonomy
    result["layout"] = labels.layout
    if labels.layout == "tc":
        result["tc_method"] = "classify_spans" if classify is not None else "largest_overlap"
    return result, predicted
