"""The analysis on one process, on ``--jobs 2`` workers and on a local Dask cluster of 2 workers,
over the same articles, in one run; and an estimate for 10M articles on 100 cores.

    python bench/bench_engine.py [--articles 400] [--shards 8] [--json OUT.json]

The articles are the English texts of the bundled example corpus, repeated (each copy made unique
so nothing is skipped as a duplicate), written as ``--shards`` JSON Lines shards. Times include
starting the workers and loading their models, as a user would wait for them. The estimate takes
the measured core-seconds per article of the Dask run (wall time x cores) and assumes the
cluster's workers stay busy (many more shards than workers), plus one model load per worker.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from bench_analyze import load_texts

    from unspin.engine.dask_engine import analyse_shards
    from unspin.model import Article
    from unspin.parallel import ParallelPipeline
    from unspin.pipeline import Pipeline

    base = load_texts(args.articles)
    articles = [Article(text=f"{a.text}\nCopy {n}.", id=f"{a.id}-{n}", title=a.title, url=a.url,
                        published=a.published) for n, a in enumerate(base)]
    cores = os.cpu_count() or 1
    results: dict = {"articles": len(articles), "shards": args.shards, "cores": cores}
    with tempfile.TemporaryDirectory() as folder:
        shard_dir = Path(folder) / "in"
        shard_dir.mkdir()
        per = -(-len(articles) // args.shards)
        for s in range(args.shards):
            rows = articles[s * per:(s + 1) * per]
            (shard_dir / f"shard-{s:03d}.jsonl").write_text("".join(json.dumps(
                {"id": a.id, "text": a.text, "title": a.title, "url": a.url,
                 "published": a.published.isoformat() if a.published else None}) + "\n" for a in rows))

        started = time.perf_counter()
        one = Pipeline()
        count = sum(1 for _ in one.pipe(iter([Article(text=a.text, id=a.id) for a in articles])))
        results["one_process_s"] = round(time.perf_counter() - started, 2)

        started = time.perf_counter()
        jobs = ParallelPipeline(jobs=2)
        count = sum(1 for _ in jobs.pipe(iter([Article(text=a.text, id=a.id) for a in articles])))
        results["jobs2_s"] = round(time.perf_counter() - started, 2)

        started = time.perf_counter()
        report = analyse_shards([str(shard_dir)], Path(folder) / "out", workers=2)
        results["dask_local_2_workers_s"] = round(time.perf_counter() - started, 2)
        assert report.articles == count == len(articles), (report.articles, count)

    n = len(articles)
    for key in ("one_process", "jobs2", "dask_local_2_workers"):
        results[f"{key}_articles_per_s"] = round(n / results[f"{key}_s"], 1)
    core_seconds = results["dask_local_2_workers_s"] * min(cores, 2) / n
    load_s = 5.0  # a worker's model load, seconds (measured 2-4 s here; rounded up)
    estimate_h = (10_000_000 * core_seconds / 100 + load_s) / 3600
    results["core_seconds_per_article"] = round(core_seconds, 3)
    results["estimate_10M_on_100_cores_hours"] = round(estimate_h, 1)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
