"""``unspin candidates``: tracing candidates for a whole corpus, found on a Dask cluster."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from unspin.commands.argtypes import positive_int
from unspin.report.safe_text import safe_markup

DESCRIPTION = """\
Find the tracing candidates of a whole corpus in one batch run on a Dask cluster
(or a local one), the way large near-duplicate pipelines do: MinHash LSH band
keys per input shard, a shuffle by band (pairs of articles that share a band;
buckets larger than --max-bucket are boilerplate and dropped), and each
article's nearest neighbours by multilingual document vector from one HNSW
index. Pairs go to DIR/pairs/*.parquet; load them, with the vectors, into a
store with 'unspin ingest --candidates DIR', after the articles themselves.
'unspin trace' then considers an article's stored pairs besides the candidates
its own indexes find. See docs/scale-out.md.
"""

EPILOG = """\
examples:
  unspin candidates 'crawl/*.jsonl' --out out/candidates                 # local cluster
  unspin candidates 'shards/*.parquet' --out /shared/cand --scheduler tcp://head:8786
  unspin ingest 'shards/*.parquet' --db postgresql://me@db/unspin
  unspin ingest --candidates out/candidates --db postgresql://me@db/unspin

exit status: 0 every shard done, 1 some shard failed or records were unreadable,
2 bad command line or no engine.
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "candidates", help="tracing candidate pairs for a whole corpus, on a Dask cluster",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", metavar="PATH", help="input shards: files, folders or globs")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for fingerprints and pairs")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler (default: a local cluster)")
    parser.add_argument("--workers", type=positive_int, default=2, metavar="N",
                        help="worker processes of the local cluster (default 2)")
    parser.add_argument("--no-vectors", action="store_true",
                        help="band pairs only: skip the multilingual vectors (fast; finds no translations)")
    parser.add_argument("--max-bucket", type=positive_int, default=50, metavar="N",
                        help="drop LSH bands shared by more than N articles (boilerplate; default 50)")
    parser.add_argument("--neighbours", type=positive_int, default=10, metavar="K",
                        help="nearest document vectors asked per article (default 10)")
    parser.add_argument("--no-progress", action="store_true", help="print no per-shard progress lines")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if args.out.exists() and not args.out.is_dir():
        err.print(f"[red]error:[/] --out {safe_markup(args.out)} is a file, not a folder")
        return 2
    try:
        from unspin.engine.candidates import find_candidates
    except ImportError as exc:
        err.print(f"[red]error:[/] candidate generation needs dask[dataframe], distributed and usearch "
                  f"({safe_markup(exc)})")
        return 2

    def progress(event: dict) -> None:
        if args.no_progress:
            return
        if event["stage"] == "fingerprints":
            err.print(f"  fingerprinted {event['articles']} article(s) ← {safe_markup(event['input'])}")
        else:
            err.print(f"  {event['stage']}: {event['pairs']} pair(s)")

    where = args.scheduler or f"a local cluster of {args.workers} worker process(es)"
    err.print(f"finding candidates on {safe_markup(where)}; output in {safe_markup(args.out)}")
    try:
        report = find_candidates(args.paths, args.out, scheduler=args.scheduler, workers=args.workers,
                                 vectors=not args.no_vectors, max_bucket=args.max_bucket,
                                 neighbours=args.neighbours, progress=progress)
    except OSError as exc:
        err.print(f"[red]error:[/] cannot reach the cluster: {safe_markup(exc)}")
        return 1
    except ValueError as exc:
        err.print(f"[red]error:[/] {safe_markup(exc)}")
        return 1
    err.print(f"{report.pairs} candidate pair(s) ({report.band_pairs} by band, {report.vector_pairs} by vector) "
              f"over {report.articles} article(s) in {report.seconds:.1f}s; {report.errors} unreadable record(s)")
    for failed in report.failed:
        err.print(f"[yellow]failed[/] {safe_markup(failed['source'])}: {safe_markup(failed['reason'])}")
    return 1 if report.failed or report.errors else 0
