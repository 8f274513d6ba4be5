"""``unspin eval trace``: provenance-tracing quality on a labelled JSONL file."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any
from unspin.evals._cli import add_eval_parser, emit, stderr_console

DESCRIPTION = """\
Ingest a labelled file into a fresh store, trace every article, and print
JSON with: origin accuracy (for each rewrite in a cluster with an origin, is
the top-ranked upstream candidate a labelled origin), sibling recall@5 and
precision@5 among rewrites, the share of independent articles called
copy/rewrite by an article of their cluster, the distractor false-positive
rate, and cluster quality (pairwise F1 and adjusted Rand index of the
`unspin stories` grouping against the labels). Definitions: docs/tracing.md.

The file has the tracing-corpus format: JSON Lines with id, url, domain,
published, title, language, text, and the labels cluster (null for
distractors) and role (origin | rewrite | independent | distractor).
"""

EPILOG = """\
examples:
  unspin eval trace --data tracing/dev.jsonl
  unspin eval trace --data tracing/dev.jsonl --db eval.db   # keep the store
  unspin eval trace --data tracing/dev.jsonl --out eval.json --details

store: a temporary SQLite file, removed afterwards, unless --db is given
(the file is then ingested into that store; articles already there take part
as candidates, labels are read from the stored metadata).
exit status: 0 evaluated, 1 no labelled article could be read, 2 bad command line.
"""


def register(subparsers: Any) -> None:
    parser = add_eval_parser(subparsers, "trace", help="evaluate provenance tracing on a labelled JSONL file",
                             description=DESCRIPTION, epilog=EPILOG, run=run)
    parser.add_argument("--data", required=True, type=Path, metavar="FILE.jsonl",
                        help="labelled articles (tracing-corpus JSONL)")
    parser.add_argument("--db", metavar="URL",
                        help="ingest into this store instead of a temporary SQLite file")
    parser.add_argument("--details", action="store_true",
                        help="list the articles behind each error figure (misses, wrong ids)")
    parser.add_argument("--no-progress", action="store_true",
                        help="never show the progress bar (it shows on a terminal by default)")


def run(args: argparse.Namespace) -> int:
    err = stderr_console()
    if not args.data.is_file():
        err.print(f"[red]error:[/] --data {args.data}: no such file")
        return 2
    with tempfile.TemporaryDirectory(prefix="unspin-eval-") as tmp:
        url = args.db or str(Path(tmp) / "eval.db")
        result = evaluate_file(args.data, url, err, show_progress=not args.no_progress and err.is_terminal)
    if result is None:
        return 1
    if not args.details:
        strip_details(result)
    return emit(result, args.out)


def strip_details(result: dict[str, Any]) -> None:
    for value in result.values():
        if isinstance(value, dict):
            for key in ("misses", "wrong"):
                value.pop(key, None)


def evaluate_file(path: Path, url: str, err: Any, *, show_progress: bool = False) -> dict[str, Any] | None:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from unspin.read import ReadError, read_inputs
    from unspin.store import open_store
    from unspin.trace.evaluate import evaluate_store, labels_from_articles

    store = open_store(url)
    try:
        errors = []

        def items():
            for item in read_inputs([str(path)]):
                if isinstance(item, ReadError):
                    errors.append(item)
                    err.print(f"[yellow]skipped[/] {item.source}: {item.reason}")
                yield item

        report = store.ingest(items())
        labels = labels_from_articles(store.iter_articles())
        if not labels:
            err.print(f"[red]error:[/] {path}: no article with a 'role' label was stored")
            return None
        progress = Progress(SpinnerColumn(), TextColumn("tracing"), BarColumn(bar_width=None),
                            TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                            console=err, transient=True, disable=not show_progress)
        with progress:
            task = progress.add_task("trace", total=store.count())
            result = evaluate_store(store, labels, progress=lambda n: progress.update(task, completed=n))
        result["data"] = str(path)
        result["ingest"] = {"added": report.added, "skipped_duplicates": report.skipped_duplicates,
                            "errors": report.errors, "seconds": round(report.seconds, 2)}
        return result
    finally:
        store.close()
