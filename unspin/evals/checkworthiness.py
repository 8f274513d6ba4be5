"""``unspin eval checkworthiness``: the claim scorer against CheckThat!-style labels.

``evaluate`` scores any model with ``scores(sentences)`` against a parsed
file, so tests and training code can use it without the command line.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from unspin.claims.data import CheckworthinessFile, DataError, read_checkworthiness
from unspin.commands.argtypes import probability
from unspin.evals._cli import add_eval_parser, emit, stderr_console

DESCRIPTION = """\
Score every sentence of a CheckThat!-layout file with the check-worthiness
model and print JSON with the F1, precision and recall of the Yes class
(the official CheckThat! 2024 Task 1 measure is the Yes-class F1), the
accuracy, the confusion counts, the threshold and the model name.

--data is a tab-separated file with a header line and
Sentence_id<TAB>Text<TAB>class_label lines, class_label Yes or No. Fields
may be CSV-quoted ("...""..." is one quotation mark). A malformed line is
reported on standard error as FILE:LINE and skipped (counted under
"skipped_lines"); when no usable line is left the exit status is 1.
"""

EPILOG = """\
examples:
  unspin eval checkworthiness --data ../shared/data/checkworthiness/checkthat2024_en/dev-test.tsv
  unspin eval checkworthiness --data dev.tsv --predictions out/dev-pred.tsv --out out/dev.json
  unspin eval checkworthiness --data dev.tsv --threshold 0.5

--predictions writes Sentence_id<TAB>Yes|No<TAB>score lines (score: the
model's probability of Yes, 6 decimals), in the order of --data.
--threshold replaces the model's own (chosen on the CheckThat! dev split).
exit status: 0 evaluated, 1 unusable data or no model, 2 bad command line.
"""


def register(subparsers: Any) -> None:
    parser = add_eval_parser(subparsers, "checkworthiness", help="evaluate check-worthy claim detection on CheckThat!-style TSV",
                             description=DESCRIPTION, epilog=EPILOG, run=run)
    parser.add_argument("--data", required=True, type=Path, metavar="FILE.tsv",
                        help="Sentence_id<TAB>Text<TAB>class_label file (with a header line)")
    parser.add_argument("--predictions", type=Path, metavar="OUT.tsv",
                        help="write Sentence_id<TAB>Yes|No<TAB>score for every usable line")
    parser.add_argument("--threshold", type=probability, metavar="X",
                        help="decide Yes at score >= X (default: the model's, tuned on dev)")


def run(args: argparse.Namespace) -> int:
    err = stderr_console()
    try:
        data = read_checkworthiness(args.data)
    except DataError as exc:
        err.print(f"error: {exc}", markup=False)
        return 1
    for problem in data.problems:
        err.print(f"warning: {problem} (line skipped)", markup=False)
    if not data.sentences:
        err.print(f"error: {args.data}: no usable Sentence_id<TAB>Text<TAB>class_label line", markup=False)
        return 1
    try:
        from unspin.claims.model import ModelUnavailable, shared_model
    except ImportError as exc:  # pragma: no cover - part of the package
        err.print(f"error: cannot load the check-worthiness model: {exc}", markup=False)
        return 1
    try:
        model = shared_model()
    except ModelUnavailable as exc:
        err.print(f"error: {exc}", markup=False)
        return 1
    result, scores = evaluate(data, model, threshold=args.threshold)
    if args.predictions:
        write_predictions(args.predictions, data, scores, result["threshold"])
    return emit(result, args.out)


def metrics(gold: list[int], predicted: list[int]) -> dict[str, Any]:
    """F1, precision and recall of the positive (Yes) class, accuracy and confusion counts."""
    tp = sum(1 for g, p in zip(gold, predicted) if g == 1 and p == 1)
    fp = sum(1 for g, p in zip(gold, predicted) if g == 0 and p == 1)
    fn = sum(1 for g, p in zip(gold, predicted) if g == 1 and p == 0)
    tn = sum(1 for g, p in zip(gold, predicted) if g == 0 and p == 0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    total = tp + fp + fn + tn
    return {"f1": round(f1, 4), "precision": round(precision, 4), "recall": round(recall, 4),
            "accuracy": round((tp + tn) / total, 4) if total else 0.0,
            "counts": {"sentences": total, "gold_yes": tp + fn, "predicted_yes": tp + fp,
                       "true_positive": tp, "false_positive": fp, "false_negative": fn, "true_negative": tn}}


def evaluate(data: CheckworthinessFile, model: Any, threshold: float | None = None
             ) -> tuple[dict[str, Any], list[float]]:
    """Score ``data`` with ``model`` (``scores``, ``threshold``, ``name``) -> (figures, scores)."""
    threshold = float(model.threshold) if threshold is None else float(threshold)
    scores = [float(s) for s in model.scores([s.text for s in data.sentences])]
    predicted = [1 if score >= threshold else 0 for score in scores]
    result = metrics(data.labels, predicted)
    result["counts"]["skipped_lines"] = len(data.problems)
    result.update({"threshold": threshold, "model": getattr(model, "name", "unknown"), "data": data.path,
                   "measure": "F1 of the Yes class (CheckThat! 2024 Task 1)"})
    return result, scores


def write_predictions(path: Path, data: CheckworthinessFile, scores: list[float], threshold: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for sentence, score in zip(data.sentences, scores):
            out.write(f"{sentence.id}\t{'Yes' if score >= threshold else 'No'}\t{score:.6f}\n")
