"""Vector search at scale: the exact matrix product the store uses below its index threshold
against the HNSW index (usearch, float16, cosine) it uses above, on the same vectors, in one run.

    python bench/bench_vectors.py [--sizes 200000,1000000] [--queries 200] [--json OUT.json]

The vectors are synthetic 512-dimensional document vectors with cluster structure (stories: a
centre plus noise), as unit rows in float16 like the stored ones; each query is a perturbed copy
of a stored vector (a rewrite looking for its relatives). Reported: build time of the index,
median and p95 latency of top-10 search both ways, recall@10 of the index against the exact
answer, and the memory of each (the float32 matrix; the index as saved).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def vectors(n: int, dims: int = 512, clusters: int = 5000, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dims)).astype(np.float32)
    out = centres[rng.integers(0, clusters, size=n)] + 0.6 * rng.normal(size=(n, dims)).astype(np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out.astype(np.float16)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="200000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--expansion", default="64,256", help="HNSW search breadths to measure (ef)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from unspin.ann import usearch_index_class

    Index = usearch_index_class()

    results = []
    for n in (int(x) for x in args.sizes.split(",")):
        data = vectors(n)
        rng = np.random.default_rng(3)
        picks = rng.integers(0, n, size=args.queries)
        queries = data[picks].astype(np.float32) + 0.05 * rng.normal(size=(args.queries, data.shape[1])).astype(np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        matrix = data.astype(np.float32)
        exact_ms, truth = [], []
        for q in queries:
            started = time.perf_counter()
            scores = matrix @ q
            top = np.argpartition(-scores, 10)[:10]
            top = top[np.argsort(-scores[top])]
            exact_ms.append((time.perf_counter() - started) * 1000)
            truth.append(set(top.tolist()))
        index = Index(ndim=data.shape[1], metric="cos", dtype="f16", connectivity=16, expansion_add=128,
                      expansion_search=64)
        started = time.perf_counter()
        index.add(np.arange(n, dtype=np.uint64), data)
        build_s = time.perf_counter() - started
        searches = {}
        for expansion in (int(x) for x in args.expansion.split(",")):
            index.expansion_search = expansion
            index_ms, hits = [], 0
            for q, want in zip(queries, truth):
                started = time.perf_counter()
                found = index.search(q, 10)
                index_ms.append((time.perf_counter() - started) * 1000)
                hits += len(want & {int(k) for k in found.keys})
            searches[f"ef{expansion}"] = {"median_ms": round(statistics.median(index_ms), 3),
                                          "p95_ms": round(sorted(index_ms)[int(0.95 * (len(index_ms) - 1))], 3),
                                          "recall_at_10": round(hits / (10 * len(queries)), 3)}
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "v.usearch")
            index.save(path)
            index_mb = os.path.getsize(path) / 2**20
        row = {"vectors": n, "exact_median_ms": round(statistics.median(exact_ms), 2),
               "exact_p95_ms": round(sorted(exact_ms)[int(0.95 * (len(exact_ms) - 1))], 2),
               "index": searches, "index_build_s": round(build_s, 1),
               "matrix_mib": round(matrix.nbytes / 2**20), "index_file_mib": round(index_mb)}
        results.append(row)
        print(json.dumps(row), flush=True)
        del matrix, index, data
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
