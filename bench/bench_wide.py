"""The cost of e5 vectors for languages the sentence encoder lacks (unspin/trace/wide.py).

Ingests ../shared/data/tracing/dev.jsonl + dev2.jsonl into a fresh SQLite store, makes every
article's USE-m vectors beforehand (as a store that has traced for a while has them), then times
``trace`` twice on English rewrites and on machine translations into Swahili and Hindi: the first
trace of a pool with an uncovered language encodes its members with e5; the second reads them.

    .venv/bin/python bench/bench_wide.py [--data DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

QUERIES = ("rob-r1", "kal-r2", "tokmak-market-mt-2025-r1", "krs-r3", "rob-r2")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("UNSPIN_DATA", "../shared/data"))
    args = parser.parse_args()
    paths = [Path(args.data) / "tracing" / name for name in ("dev.jsonl", "dev2.jsonl")]
    if not all(p.exists() for p in paths):
        print(f"skipped: no {paths[0]} / {paths[1]} (set --data or UNSPIN_DATA)")
        return 0
    from unspin.read import ReadError, read_inputs
    from unspin.store import open_store
    from unspin.trace.trace import trace
    from unspin.trace.training import encode_all

    with tempfile.TemporaryDirectory() as folder:
        store = open_store("sqlite:///" + str(Path(folder) / "wide.db"))
        store.ingest(item for item in read_inputs([str(p) for p in paths]) if not isinstance(item, ReadError))
        encode_all(store)
        trace(store, QUERIES[0])  # load the models
        print("query                          language  first trace   again   relatives")
        for key in QUERIES:
            article = store.article(key)
            if article is None:
                continue
            times = []
            for _ in range(2):
                start = time.perf_counter()
                relatives = trace(store, key)
                times.append(1000 * (time.perf_counter() - start))
            print(f"{key:30} {article.language or '?':8} {times[0]:9.0f} ms {times[1]:6.0f} ms   "
                  f"{', '.join(r.article_id for r in relatives[:3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
