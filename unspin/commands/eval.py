"""``unspin eval``: measure unspin on labelled data, one sub-command per task.

Each evaluation is a small module ``unspin/evals/<name>.py`` with
``register(subparsers)``, like the top-level commands; every such module in
``unspin.evals`` is listed here, in name order.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from typing import Any


def eval_modules() -> list[str]:
    """Names of the modules in ``unspin.evals`` that define ``register``."""
    from unspin import evals

    return sorted(m.name for m in pkgutil.iter_modules(evals.__path__) if not m.name.startswith("_"))

DESCRIPTION = """\
Measure unspin against labelled data and print the figures as JSON.
Each evaluation is its own sub-command; see 'unspin eval NAME --help'.
"""

EPILOG = """\
examples (D = ../shared/data):
  unspin eval trace --data D/tracing/dev.jsonl --out trace-eval.json
  unspin eval techniques --articles D/persuasion/semeval2023_en/dev/articles \
      --labels D/persuasion/semeval2023_en/dev/labels-spans.tsv
  unspin eval checkworthiness --data D/checkworthiness/checkthat2024_en/dev-test.tsv
  unspin eval attribution --data D/attribution/polnear/dev
  unspin eval narratives --data D/narratives/semeval2025_en_train --cv 5
  unspin eval machine-text --data my-labelled.jsonl --predictions scores.tsv

The Makefile runs each on the shared data: make eval-trace, eval-techniques,
eval-claims, eval-attribution, eval-narratives, eval-machine-text.
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval", help="measure unspin on labelled data (JSON figures)",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    evals = parser.add_subparsers(dest="evaluation", metavar="EVALUATION")
    evals.required = True
    for name in eval_modules():
        module = importlib.import_module(f"unspin.evals.{name}")
        if hasattr(module, "register"):
            module.register(evals)
