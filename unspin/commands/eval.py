"""``unspin eval``: measure unspin on labelled data, one sub-command per task.

Each evaluation is a small module ``unspin/evals/<name>.py`` with
``register(subparsers)``, like the top-level commands; add its name to
``EVAL_MODULES`` to list it here.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

EVAL_MODULES = ("trace", "techniques")

DESCRIPTION = """\
Measure unspin against labelled data and print the figures as JSON.
Each evaluation is its own sub-command; see 'unspin eval NAME --help'.
"""

EPILOG = """\
examples:
  unspin eval trace --data tracing/dev.jsonl
  unspin eval trace --data tracing/dev.jsonl --db eval.db --out trace-eval.json
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval", help="measure unspin on labelled data (JSON figures)",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    evals = parser.add_subparsers(dest="evaluation", metavar="EVALUATION")
    evals.required = True
    for name in EVAL_MODULES:
        module = importlib.import_module(f"unspin.evals.{name}")
        module.register(evals)
