"""``unspin eval trace``: provenance-tracing quality on a labelled JSONL file."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any
from unspin.evals._cli import add_eval_parser, emit, stderr_console

DESCRIPTION = """\
Ingest labelled files into one fresh store, gather every article's candidate
pool once, decide its relatives, and print JSON with: origin accuracy (for each
rewrite in a cluster with an origin, is the candidate with the highest origin
probability a labelled origin), split by the origin's language; how often trace
says "no origin stored"; sibling recall@5 and precision@5 among rewrites; the
share of independent articles called copy/rewrite by an article of their
cluster; the distractor false-positive rate; cluster quality (pairwise F1 and
adjusted Rand index of the `unspin stories` grouping against the labels); and
the confusion of gold pair labels against decided relations. Definitions:
docs/tracing.md.

Each file has the tracing-corpus format: JSON Lines with id, url, domain,
published, title, language, text, and the labels cluster (null for
distractors) and role (origin | rewrite | independent | distractor).
"""

EPILOG = """\
examples:
  unspin eval trace --data tracing/dev.jsonl --data tracing/dev2.jsonl --cv 5   # out-of-fold (headline)
  unspin eval trace --data tracing/dev.jsonl --data tracing/dev2.jsonl --rules  # the old hand-set rule
  unspin eval trace --data tracing/dev.jsonl --data tracing/dev2.jsonl --train unspin/models/trace
  unspin eval trace --data tracing/dev.jsonl
  unspin eval trace --data tracing/dev.jsonl --db eval.db   # keep the store
  unspin eval trace --data tracing/dev.jsonl --out eval.json --details

decisions: by default the shipped models decide (in sample on the data they were
trained on: say so when you quote such a figure). --cv K splits the articles into K
folds grouped by cluster (a distractor is its own group) and decides each fold with
models fitted on the other folds: out-of-fold figures. --train DIR fits both models on
all the data and writes relation.json, origin.json and train_report.json (with the
--cv figures when --cv is given too).

store: a temporary SQLite file, removed afterwards, unless --db is given
(the file is then ingested into that store; articles already there take part
as candidates, labels are read from the stored metadata).
exit status: 0 evaluated, 1 no labelled article could be read, 2 bad command line.
"""


def register(subparsers: Any) -> None:
    parser = add_eval_parser(subparsers, "trace", help="evaluate provenance tracing on a labelled JSONL file",
                             description=DESCRIPTION, epilog=EPILOG, run=run)
    parser.add_argument("--data", required=True, type=Path, metavar="FILE.jsonl", action="append",
                        help="labelled articles (tracing-corpus JSONL); repeat to pool several files")
    parser.add_argument("--cv", type=int, metavar="K",
                        help="out-of-fold figures: K folds grouped by cluster, models fitted on the others")
    parser.add_argument("--seed", type=int, default=0, help="fold assignment seed (with --cv; default 0)")
    parser.add_argument("--rules", action="store_true",
                        help="decide with the hand-set rule of the first version (the baseline)")
    parser.add_argument("--no-vectors", action="store_true",
                        help="leave the multilingual sentence vectors out (ablation: what the encoder adds)")
    parser.add_argument("--train", type=Path, metavar="DIR",
                        help="fit the relation and origin models on all the data and write them to DIR")
    parser.add_argument("--db", metavar="URL",
                        help="ingest into this store instead of a temporary SQLite file")
    parser.add_argument("--details", action="store_true",
                        help="list the articles behind each error figure (misses, wrong ids)")
    parser.add_argument("--no-progress", action="store_true",
                        help="never show the progress bar (it shows on a terminal by default)")


def run(args: argparse.Namespace) -> int:
    err = stderr_console()
    for path in args.data:
        if not path.is_file():
            err.print(f"[red]error:[/] --data {path}: no such file")
            return 2
    if args.cv is not None and args.cv < 2:
        err.print("[red]error:[/] --cv needs at least 2 folds")
        return 2
    if args.rules and (args.cv or args.train):
        err.print("[red]error:[/] --rules measures the hand-set rule; it takes no --cv or --train")
        return 2
    with tempfile.TemporaryDirectory(prefix="unspin-eval-") as tmp:
        url = args.db or str(Path(tmp) / "eval.db")
        result = evaluate_file(args.data, url, err, show_progress=not args.no_progress and err.is_terminal,
                               cv=args.cv, rules=args.rules, seed=args.seed, train=args.train,
                               vectors=not args.no_vectors)
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


def evaluate_file(paths: list[Path], url: str, err: Any, *, show_progress: bool = False,
                  cv: int | None = None, rules: bool = False, seed: int = 0,
                  train: Path | None = None, vectors: bool = True) -> dict[str, Any] | None:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from unspin.read import ReadError, read_inputs
    from unspin.store import open_store
    from unspin.trace.evaluate import evaluate_store, labels_from_articles

    store = open_store(url)
    try:
        errors = []

        def items():
            for item in read_inputs([str(p) for p in paths]):
                if isinstance(item, ReadError):
                    errors.append(item)
                    err.print(f"[yellow]skipped[/] {item.source}: {item.reason}")
                yield item

        report = store.ingest(items())
        labels = labels_from_articles(store.iter_articles())
        if not labels:
            err.print(f"[red]error:[/] {', '.join(map(str, paths))}: no article with a 'role' label was stored")
            return None
        progress = Progress(SpinnerColumn(), TextColumn("tracing"), BarColumn(bar_width=None),
                            TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                            console=err, transient=True, disable=not show_progress)
        from unspin.trace.training import gather_pools

        started = time.perf_counter()
        with progress:
            task = progress.add_task("trace", total=store.count())
            pools = gather_pools(store, progress=lambda n: progress.update(task, completed=n),
                                 vectors=vectors)
        seconds = time.perf_counter() - started
        result = evaluate_store(store, labels, cv=cv, rules=rules, seed=seed, pools=pools)
        result["gather_seconds"] = round(seconds, 2)
        result["gather_ms_per_article"] = round(1000 * seconds / max(1, len(pools)), 1)
        result["vectors"] = vectors
        if train is not None:
            from unspin.trace.training import write_models

            write_models(pools, labels, train, cv_result=result if cv else None,
                         data=[str(p) for p in paths])
            err.print(f"models written to {train}")
        result["data"] = [str(p) for p in paths]
        result["ingest"] = {"added": report.added, "skipped_duplicates": report.skipped_duplicates,
                            "errors": report.errors, "seconds": round(report.seconds, 2)}
        return result
    finally:
        store.close()
