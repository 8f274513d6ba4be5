"""``unspin analyze --engine dask``: the analysis of many input shards on a Dask cluster."""

from __future__ import annotations

import argparse
from typing import Any

from unspin.report.safe_text import safe_markup


def run_on_engine(args: argparse.Namespace, names: tuple[str, ...], config: dict, err: Any) -> int:
    if args.engine != "dask":
        err.print("[red]error:[/] --format parquet and --scheduler need --engine dask")
        return 2
    fmt = args.format if args.format in ("jsonl", "parquet") else None
    if fmt is None:
        err.print("[red]error:[/] --engine dask writes shards: use --format jsonl or --format parquet")
        return 2
    if args.out is None or (args.out.exists() and not args.out.is_dir()):
        err.print("[red]error:[/] --engine dask needs --out DIR, a folder for the output shards")
        return 2
    try:
        from unspin.engine.dask_engine import analyse_shards
    except ImportError as exc:
        err.print(f"[red]error:[/] the Dask engine needs dask and distributed ({safe_markup(exc)})")
        return 2
    from unspin.parallel import default_jobs

    workers = args.jobs or default_jobs()
    where = args.scheduler or f"a local cluster of {workers} worker process(es)"
    err.print(f"analysing on {safe_markup(where)}; shards go to {safe_markup(args.out)}")
    done = {"shards": 0}

    def progress(result: dict) -> None:
        done["shards"] += 1
        if not args.no_progress:
            err.print(f"  shard {done['shards']}: {result['articles']} analyses, {result['errors']} unreadable "
                      f"← {safe_markup(result['input'])}", highlight=False)

    try:
        report = analyse_shards(args.paths, args.out, scheduler=args.scheduler, workers=workers, fmt=fmt,
                                analyzers=names, config=config, published=args.published, progress=progress)
    except OSError as exc:
        err.print(f"[red]error:[/] cannot reach the cluster: {safe_markup(exc)}")
        return 1
    err.print(f"{report.articles} analyses in {report.shards - report.skipped_done} new shard(s) "
              f"({report.skipped_done} already done) in {report.seconds:.1f}s; {report.errors} unreadable "
              f"record(s); manifest: {safe_markup(args.out / 'manifest.json')}")
    for failed in report.failed:
        err.print(f"[yellow]failed[/] {safe_markup(failed['source'])}: {safe_markup(failed['reason'])}")
    return 1 if report.failed or report.errors else 0
