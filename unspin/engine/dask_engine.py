"""The analysis over a Dask cluster: one task per input shard, models loaded once per worker.

    analyse_shards(["crawl/*.warc.gz"], "out/analyses", scheduler="tcp://head:8786")

Every worker imports unspin and keeps one Pipeline per (analyzers, config) for its lifetime, so a
model loads once per worker process, not once per task. Each task reads its shard with the
ordinary readers (JSON Lines, WARC, Parquet, HTML, text), analyses it in input order and writes
``part-NNNNN.{jsonl,parquet}`` (plus ``errors-NNNNN.jsonl`` for unreadable records); finished shards
are skipped when the run is repeated, so a killed run resumes. Paths must be visible to every
worker (a shared filesystem). Without a scheduler address a LocalCluster of ``workers`` processes
runs on this machine (what the tests use).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from unspin.engine.shards import OUTPUT_FORMATS, shard_name, write_shard


@dataclass
class EngineReport:
    shards: int = 0
    skipped_done: int = 0
    articles: int = 0
    errors: int = 0
    seconds: float = 0.0
    failed: list[dict[str, str]] = field(default_factory=list)  # shards whose task failed
    outputs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@contextmanager
def cluster_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the scheduler at ``scheduler``, or of a LocalCluster of ``workers`` single-thread
    processes on this machine (each told how many threads its ONNX and encoder sessions may use);
    closed, with the local cluster, on exit."""
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        threads = str(max(1, (os.cpu_count() or 1) // max(1, workers)))
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               env={"UNSPIN_ORT_THREADS": threads, "UNSPIN_ENCODER_THREADS": threads})
        client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@lru_cache(maxsize=4)
def _worker_pipeline(names: tuple[str, ...], config_json: str) -> Any:
    from unspin.pipeline import Pipeline

    return Pipeline(names, config=json.loads(config_json))


def analyse_shard(path: str, out: str, fmt: str, names: tuple[str, ...], config_json: str,
                  published: str | None) -> dict[str, Any]:
    """One task: read ``path``, analyse every article, write ``out``. Runs on a worker."""
    from unspin.read import ReadError, read_inputs

    pipeline = _worker_pipeline(names, config_json)
    errors: list[dict[str, str]] = []

    def articles():
        for item in read_inputs([path]):
            if isinstance(item, ReadError):
                errors.append({"source": item.source, "reason": item.reason})
            else:
                yield item

    day = date.fromisoformat(published) if published else None
    count = write_shard(Path(out), (a.to_dict() for a in pipeline.pipe(articles(), published=day)), errors, fmt)
    return {"input": path, "output": out, "articles": count, "errors": len(errors)}


def input_shards(specs: Iterable[str]) -> tuple[list[str], list[dict[str, str]]]:
    """The input files in a stable order (files, folders, globs), and the specs that gave none."""
    from unspin.read import ReadError
    from unspin.read.paths import expand_paths

    files, problems = [], []
    for item in expand_paths(specs):
        if isinstance(item, ReadError):
            problems.append({"source": item.source, "reason": item.reason})
        elif item != "-":
            files.append(os.path.abspath(item))
        else:
            problems.append({"source": "-", "reason": "standard input cannot be split into shards"})
    return sorted(dict.fromkeys(files)), problems


def analyse_shards(inputs: Iterable[str], out_dir: str | os.PathLike[str], *, scheduler: str | None = None,
                   workers: int = 2, fmt: str = "jsonl", analyzers: Iterable[str] | None = None,
                   config: dict | None = None, published: date | None = None,
                   progress: Callable[[dict[str, Any]], None] | None = None) -> EngineReport:
    """Analyse every input shard on the cluster; the output shards and a manifest go to ``out_dir``."""
    from dask.distributed import as_completed

    from unspin.analyzers import DEFAULT_ANALYZERS

    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown output format {fmt!r} (choose from {', '.join(OUTPUT_FORMATS)})")
    names = tuple(analyzers or DEFAULT_ANALYZERS)
    config_json = json.dumps(config or {}, sort_keys=True)
    files, problems = input_shards(inputs)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = EngineReport(shards=len(files), failed=list(problems))
    started = time.perf_counter()
    with cluster_client(scheduler, workers) as client:
        futures = {}
        for index, path in enumerate(files):
            target = out / shard_name(index, fmt)
            if target.exists():
                report.skipped_done += 1
                report.outputs.append(str(target))
                continue
            future = client.submit(analyse_shard, path, str(target), fmt, names, config_json,
                                   published.isoformat() if published else None, pure=False, key=f"unspin-{index}-{time.time_ns()}")
            futures[future] = (path, str(target))
        for future in as_completed(futures):
            path, target = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - one shard's failure is reported, the others go on
                report.failed.append({"source": path, "reason": f"{type(exc).__name__}: {exc}"})
                continue
            report.articles += result["articles"]
            report.errors += result["errors"]
            report.outputs.append(target)
            if progress is not None:
                progress(result)
    report.outputs.sort()
    report.seconds = round(time.perf_counter() - started, 2)
    manifest = {"inputs": files, "format": fmt, "analyzers": list(names), **report.to_dict()}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return report
