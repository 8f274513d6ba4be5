"""``unspin eval claims-ru``: Russian and Ukrainian check-worthiness against team-labelled
sentences (``evals/claims_ru/``).

Every record is one sentence with a ``label`` Yes/No (CheckThat! 2024 Task 1 definition). The
multilingual model (``unspin/models/claims/multilingual.*``: USE multilingual v3 vectors and a
logistic regression trained on CheckThat! English) scores each sentence; Yes at or above its
threshold. Printed: F1, precision and recall of the Yes class and accuracy, overall and per
language, for the model and, from the same records, for two baselines: every sentence Yes
(``all_yes``) and every sentence the majority label of the file (``majority``).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

from unspin.commands.argtypes import probability
from unspin.evals._cli import add_eval_parser, run_on_records
from unspin.evals.checkworthiness import metrics

EPILOG = """\
examples:
  unspin eval claims-ru --data evals/claims_ru/dev.jsonl
  unspin eval claims-ru --data evals/claims_ru/test.jsonl --out out/claims-ru-test.json
  unspin eval claims-ru --data evals/claims_ru/dev.jsonl --threshold 0.46 --misses

--threshold replaces the model's own (tuned on evals/claims_ru/dev.jsonl; the
model's English-dev threshold is in multilingual.json as threshold_en).
--misses lists the sentences the model gets wrong, with their scores.
"""


def register(subparsers: Any) -> None:
    parser = add_eval_parser(subparsers, "claims-ru", help="Russian/Ukrainian check-worthiness (claims) F1",
                             description=__doc__, epilog=EPILOG, run=run)
    parser.add_argument("--data", type=Path, required=True, metavar="FILE.jsonl")
    parser.add_argument("--threshold", type=probability, metavar="X",
                        help="decide Yes at score >= X (default: the model's)")
    parser.add_argument("--misses", action="store_true", help="list the wrong decisions")


def _figures(records: list[dict[str, Any]], gold: list[int], predicted: list[int]) -> dict[str, Any]:
    out = {"all": metrics(gold, predicted)}
    for language in sorted({r.get("language", "ru") for r in records}):
        picked = [i for i, r in enumerate(records) if r.get("language", "ru") == language]
        out[language] = metrics([gold[i] for i in picked], [predicted[i] for i in picked])
    return out


def score(records: list[dict[str, Any]], with_misses: bool = False, *, model: Any = None,
          threshold: float | None = None) -> dict[str, Any]:
    """Figures of ``model`` (default: the shipped multilingual one) on labelled records."""
    if model is None:
        from unspin.claims.multilingual import shared_multilingual_model

        model = shared_multilingual_model()
    threshold = float(model.threshold) if threshold is None else float(threshold)
    gold = [1 if r["label"] == "Yes" else 0 for r in records]
    scores = [float(s) for s in model.scores([r["text"] for r in records])] if records else []
    predicted = [1 if s >= threshold else 0 for s in scores]
    majority = Counter(gold).most_common(1)[0][0] if gold else 0
    result: dict[str, Any] = {
        "records": len(records),
        "model": getattr(model, "name", "unknown"),
        "threshold": threshold,
        "measure": "F1 of the Yes class (CheckThat! 2024 Task 1 definition)",
        "model_figures": _figures(records, gold, predicted),
        "baselines": {
            "all_yes": _figures(records, gold, [1] * len(gold)),
            f"majority ({'Yes' if majority else 'No'})": _figures(records, gold, [majority] * len(gold)),
        },
    }
    if with_misses:
        result["misses"] = [{"id": r.get("id"), "language": r.get("language"), "gold": r["label"],
                             "score": round(s, 3), "text": r["text"]}
                            for r, g, p, s in zip(records, gold, predicted, scores) if g != p]
    return result


def run(args: argparse.Namespace) -> int:
    from unspin.claims.model import ModelUnavailable
    from unspin.evals._cli import stderr_console

    def scorer(records: list[dict[str, Any]], with_misses: bool) -> dict[str, Any]:
        return score(records, with_misses, model=getattr(args, "model", None), threshold=args.threshold)

    try:
        return run_on_records(args, scorer)
    except ModelUnavailable as exc:
        stderr_console().print(f"error: {exc}", markup=False)
        return 1
