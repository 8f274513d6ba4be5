"""``unspin eval machine-text``: the style classifier against labelled texts.

Reads JSON Lines with ``id``, ``text`` and ``label`` (``human`` or
``machine``), scores every text with the shipped style model and prints the
detection figures (see :mod:`unspin.style.metrics`).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from unspin.style.metrics import summarise
from unspin.evals._cli import add_eval_parser, emit, stderr_console

LABELS = {"human": 0, "machine": 1}

DESCRIPTION = """\
Score every text in --data with the machine-text classifier (the model the
style analyzer uses) and print JSON with: AUROC; TPR (share of machine texts
caught) at 1% and 5% FPR (share of human texts wrongly flagged), the
thresholds set from the human scores; precision/recall/F1 at the model's
default threshold; and counts. Machine is the positive class.

--data is JSON Lines, one object a line: {"id": ..., "text": ..., "label":
"human"|"machine"}. A malformed line is reported on stderr as FILE:LINE and
skipped; the others are still scored. Texts shorter than the model's minimum
(60 words) are still scored but counted under "short_texts", since the
analyzer itself does not score them.
"""

EPILOG = """\
examples:
  unspin eval machine-text --data .devdata/style/machine_text.jsonl
  unspin eval machine-text --data my-sample.jsonl --predictions out/scores.tsv --out out/metrics.json

--predictions writes id<TAB>score<TAB>label lines (label = the gold label).
These are in-sample figures when --data overlaps the training data (the
shipped model was fitted on all of train/style's corpora); the held-out
figures are the grouped cross-validation in unspin/models/style/train_report.json.
exit status: 0 evaluated, 1 unusable data or no model, 2 bad command line.
"""


class DataError(ValueError):
    """The data file cannot be used at all."""


@dataclass
class Item:
    id: str
    text: str
    label: int


def register(subparsers: Any) -> None:
    parser = add_eval_parser(subparsers, "machine-text", help="evaluate the machine-written-text classifier on labelled JSON Lines",
                             description=DESCRIPTION, epilog=EPILOG, run=run)
    parser.add_argument("--data", required=True, type=Path, metavar="FILE.jsonl",
                        help="JSON Lines with id, text, label (human|machine)")
    parser.add_argument("--predictions", type=Path, metavar="OUT.tsv",
                        help="write id<TAB>score<TAB>label for every scored text")
    parser.add_argument("--model", type=Path, metavar="model.json",
                        help="a style model other than the shipped unspin/models/style/model.json")


def read_items(path: Path, warn: Callable[[str], None]) -> list[Item]:
    """Valid lines of ``path``; each bad line is passed to ``warn`` as 'FILE:LINE: why'."""
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    items: list[Item] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                warn(f"{where}: not JSON ({exc.msg}); line skipped")
                continue
            if not isinstance(record, dict):
                warn(f"{where}: expected a JSON object; line skipped")
                continue
            label = str(record.get("label", "")).strip().lower()
            text = record.get("text")
            if label not in LABELS:
                warn(f"{where}: label must be 'human' or 'machine', got {record.get('label')!r}; line skipped")
                continue
            if not isinstance(text, str) or not text.strip():
                warn(f"{where}: missing or empty 'text'; line skipped")
                continue
            item_id = str(record.get("id") if record.get("id") not in (None, "") else f"line{number}")
            if item_id in seen:
                warn(f"{where}: duplicate id {item_id!r}; line skipped")
                continue
            seen.add(item_id)
            items.append(Item(item_id, text, LABELS[label]))
    if not items:
        raise DataError(f"{path}: no usable lines")
    return items


def evaluate(items: list[Item], classifier: Any) -> tuple[dict[str, Any], list[float]]:
    from unspin.style.features import MIN_WORDS, extract

    scores, short = [], 0
    for item in items:
        features = extract(item.text)
        short += features.words < MIN_WORDS
        scores.append(classifier.score(item.text, features).probability)
    labels = [item.label for item in items]
    result = summarise(scores, labels, classifier.threshold)
    result["model"] = classifier.name
    result["short_texts"] = short
    return result, scores


def run(args: argparse.Namespace) -> int:
    err = stderr_console()
    warnings: list[str] = []

    def warn(message: str) -> None:
        warnings.append(message)
        err.print(f"warning: {message}", markup=False)

    try:
        items = read_items(args.data, warn)
    except DataError as exc:
        err.print(f"error: {exc}", markup=False)
        return 1
    try:
        from unspin.style.classifier import MODEL_FILE, ModelUnavailable, load_classifier

        classifier = load_classifier(args.model or MODEL_FILE)
    except ModelUnavailable as exc:
        err.print(f"error: cannot load the style model: {exc}", markup=False)
        return 1
    result, scores = evaluate(items, classifier)
    result["data"] = str(args.data)
    result["skipped_lines"] = len(warnings)
    if args.predictions:
        args.predictions.parent.mkdir(parents=True, exist_ok=True)
        with open(args.predictions, "w", encoding="utf-8") as handle:
            for item, score in zip(items, scores):
                label = "machine" if item.label else "human"
                handle.write(f"{item.id}\t{score:.6f}\t{label}\n")
    return emit(result, args.out)
