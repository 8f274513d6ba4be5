"""Ingest rate and trace latency of the corpus store at 100k articles, on SQLite and PostgreSQL.

    python bench/bench_store.py [--articles 100000] [--queries 200] [--backends sqlite,postgresql]
                                [--pg-url URL] [--json OUT.json]
    python bench/bench_store.py --store URL [--articles N] [--queries 200]   # time trace only

The corpus is generated (bench/synthetic_corpus.py), not copied. For each backend the bench
ingests it into an empty store with indexing (fingerprints, LSH bands, skeleton terms) but
without the full analysis, then adds the multilingual vectors tracing uses: the real
encoder on ``--encode-sample`` articles (its rate is reported), and vectors of the right
shape (one unit vector per sentence, random) for the rest, because encoding 100k articles
takes hours on two cores and trace's cost does not depend on the vectors' values. Then it
times ``trace`` (candidates from the indexes and the nearest document vectors, evidence,
the learned decisions) on randomly chosen stored articles. The
PostgreSQL run needs a server: ``--pg-url`` or ``$UNSPIN_TEST_PG_URL`` (CI and ``.ci/run``
start one); the bench makes its own schema there and drops it afterwards. Memory: the process's
peak RSS after each phase (the server's own memory is not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_corpus import generate  # noqa: E402


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def add_vectors(store, encode_sample: int, seed: int) -> dict:
    """Real vectors for the first ``encode_sample`` articles (timed), placeholders for the rest."""
    import numpy as np

    from unspin.trace.encoder import DIMENSIONS, ENCODER_NAME, MEMO_SIZE, multilingual_encoder, sentence_spans
    from unspin.trace.vectors import ensure_vectors

    rng = np.random.default_rng(seed)
    sample, encode_s, placeholders, fill_s = 0, 0.0, 0, 0.0
    encoder = multilingual_encoder()
    encoder.encode(["warm-up"])
    # the encoder's own rate: nothing remembered from an earlier backend's run or an earlier batch
    encoder.memo_size = 0
    encoder._memo.clear()
    while True:
        ids = store.ids_without_vectors(ENCODER_NAME, limit=1000)
        if not ids:
            break
        articles = store.articles(ids)
        if sample < encode_sample:
            part = articles[:min(100, encode_sample - sample)]
            t0 = time.perf_counter()
            ensure_vectors(store, part)
            encode_s += time.perf_counter() - t0
            sample += len(part)
            continue
        t0 = time.perf_counter()
        rows = {}
        for article in articles:
            spans = sentence_spans(article.text) or [(0, len(article.text))]
            m = rng.standard_normal((len(spans), DIMENSIONS)).astype(np.float32)
            m /= np.linalg.norm(m, axis=1, keepdims=True)
            doc = m.mean(axis=0)
            doc /= np.linalg.norm(doc)
            rows[article.id] = (doc.astype("<f2").tobytes(), m.astype("<f2").tobytes(), [list(s) for s in spans])
        store.save_vector_rows(ENCODER_NAME, rows)
        placeholders += len(rows)
        fill_s += time.perf_counter() - t0
    encoder.memo_size = MEMO_SIZE
    return {"encoded": sample, "encoder_articles_per_s": round(sample / encode_s, 1) if encode_s else None,
            "placeholder_vectors": placeholders, "placeholder_write_s": round(fill_s, 1)}


def _fingerprint_chunk(args: tuple[int, int, int]) -> list:
    from unspin.store.ingest import content_hash
    from unspin.trace.fingerprint import fingerprint

    n, seed, index = args
    out = []
    for position, article in enumerate(generate(n, seed=seed)):
        if position % PRECOMPUTE_WORKERS == index:
            out.append((content_hash(article.text), (fingerprint(article), "en")))
    return out


PRECOMPUTE_WORKERS = os.cpu_count() or 2


def precompute_fingerprints(n: int, seed: int) -> tuple[dict, float]:
    """The fingerprints a cluster would compute (``unspin candidates``), made here in a process
    pool before the timed ingest; returns them by content hash and the seconds it took."""
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    found: dict = {}
    with ProcessPoolExecutor(PRECOMPUTE_WORKERS) as pool:
        for part in pool.map(_fingerprint_chunk, [(n, seed, i) for i in range(PRECOMPUTE_WORKERS)]):
            found.update(part)
    return found, time.perf_counter() - start


def run_backend(url: str, n: int, queries: int, seed: int, encode_sample: int = 500,
                precomputed: dict | None = None, with_vectors: bool = True) -> dict:
    from unspin.store import open_store

    store = open_store(url)
    try:
        done = 0
        last = time.perf_counter()

        def progress(count: int) -> None:
            nonlocal done, last
            done += count
            if time.perf_counter() - last > 10:
                print(f"  {store.backend}: {done} ingested", file=sys.stderr)
                last = time.perf_counter()

        start = time.perf_counter()
        report = store.ingest(generate(n, seed=seed), batch_size=500, progress=progress, fingerprints=precomputed)
        ingest_s = time.perf_counter() - start
        rss_after_ingest = peak_rss_mib()
        vectors = add_vectors(store, encode_sample, seed) if with_vectors else None

        timing = time_traces(store, n, queries, seed, with_vectors)
        return {
            "backend": store.backend,
            "articles": store.count(),
            "fingerprints": "precomputed (as by unspin candidates)" if precomputed is not None else "computed in ingest",
            "trace_vectors": with_vectors,
            "disk_bytes_per_article": _disk_per_article(store),
            "ingest": {"seconds": round(ingest_s, 1), "articles_per_s": round(report.added / ingest_s, 1),
                       "added": report.added, "duplicates": report.skipped_duplicates,
                       "errors": report.errors},
            **timing,
            "vectors": vectors,
            "peak_rss_mib_after_ingest": round(rss_after_ingest, 1),
            "peak_rss_mib_after_queries": round(peak_rss_mib(), 1),
        }
    finally:
        store.close()


def time_traces(store, n: int, queries: int, seed: int, with_vectors: bool = True) -> dict:
    """``trace`` latency on ``queries`` random stored articles (ids ``syn-1``..``syn-N``, as the
    generator makes them), with the sibling step and then the same queries without it."""
    from unspin.trace.trace import trace

    rng = random.Random(seed)
    ids = [f"syn-{rng.randint(1, n)}" for _ in range(queries * 2)]
    ids = [i for i in ids if store.article(i) is not None][:queries]  # duplicates were not stored
    if not ids:
        sys.exit("no stored article has a generated id (syn-1 ... syn-N): not a bench store")
    # as the workbench's server process does before it takes requests (unspin serve): the
    # objects alive then are kept out of the garbage collector's full collections (unspin/heap.py)
    from unspin.web.app import settle_for_serving

    settle_for_serving()
    # the first query pays for lazy imports, loads the vectors and, above the store's index
    # threshold, builds the vector index (once per store; reported apart)
    t0 = time.perf_counter()
    trace(store, ids[0], vectors=with_vectors)
    first_query_s = time.perf_counter() - t0
    latencies, found = [], 0
    for article_id in ids:
        t0 = time.perf_counter()
        relatives = trace(store, article_id, vectors=with_vectors)
        latencies.append((time.perf_counter() - t0) * 1000)
        found += bool(relatives)
    # the same queries without the sibling step (no second pool for the hub); they run second,
    # on caches the first pass warmed
    core = []
    for article_id in ids:
        t0 = time.perf_counter()
        trace(store, article_id, siblings=False, vectors=with_vectors)
        core.append((time.perf_counter() - t0) * 1000)
    return {
        "trace_ms": {"queries": len(latencies), "median": round(statistics.median(latencies), 1),
                     "p95": round(percentile(latencies, 0.95), 1), "max": round(max(latencies), 1),
                     "queries_with_relatives": found},
        "trace_ms_without_siblings": {"median": round(statistics.median(core), 1),
                                      "p95": round(percentile(core, 0.95), 1), "max": round(max(core), 1)},
        "first_query_seconds (imports, vectors read, index built)": round(first_query_s, 1),
    }


def _disk_per_article(store) -> float | None:
    """The store's size on disk over its articles (SQLite: the file; PostgreSQL: the schema's relations)."""
    from sqlalchemy import text

    count = max(1, store.count())
    if store.backend == "sqlite":
        path = Path(store.engine.url.database)
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
        return round(size / count)
    with store.engine.connect() as connection:
        size = connection.execute(text(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')")).scalar()
    return round(int(size or 0) / count)


def pg_schema(base_url: str):
    """A fresh schema on the server and a URL whose search_path points at it."""
    from sqlalchemy import text

    from unspin.store.engine import make_engine, normalise_url

    schema = f"unspin_bench_{uuid.uuid4().hex[:8]}"
    base = normalise_url(base_url)
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=None,
                        help="articles to generate (default 100,000); with --store: the number the store was "
                             "generated with, whose ids syn-1 ... syn-N the queries pick from (default: its count)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("UNSPIN_TEST_PG_URL"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--encode-sample", type=int, default=500,
                        help="articles encoded with the real encoder (timed); the rest get placeholders")
    parser.add_argument("--precompute-fingerprints", action="store_true",
                        help="compute the fingerprints before the timed ingest, as a cluster run of 'unspin "
                             "candidates' does, so the ingest rate is the store's own")
    parser.add_argument("--no-vectors", action="store_true",
                        help="no multilingual vectors and trace without them (a million articles' placeholder "
                             "vectors take ~10 GB; bench/bench_vectors.py measures vector search alone)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--store", metavar="URL",
                        help="only time trace on this existing bench store (a store an earlier run left, e.g. "
                             "one built with bench/synthetic_corpus.py): no ingest, nothing dropped; for "
                             "comparing two versions of the code on the same data")
    args = parser.parse_args()
    if args.store:
        from unspin.store import open_store

        store = open_store(args.store)
        try:
            n = store.count()
            timing = {"store": store.backend, "articles": n,
                      **time_traces(store, args.articles or n, args.queries, args.seed, not args.no_vectors)}
        finally:
            store.close()
        print(json.dumps(timing, indent=2))
        if args.json:
            args.json.write_text(json.dumps(timing, indent=2) + "\n")
        return
    args.articles = args.articles or 100_000
    precomputed = None
    if args.precompute_fingerprints:
        precomputed, seconds = precompute_fingerprints(args.articles, args.seed)
        print(f"precomputed {len(precomputed)} fingerprints in {seconds:.0f}s", file=sys.stderr)

    results = {"articles": args.articles, "python": platform.python_version(),
               "cpus": os.cpu_count(), "runs": []}
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                results["runs"].append(run_backend(f"sqlite:///{tmp}/bench.db", args.articles,
                                                   args.queries, args.seed, args.encode_sample,
                                                   precomputed, not args.no_vectors))
        elif backend == "postgresql":
            if not args.pg_url:
                print("postgresql skipped: pass --pg-url or set UNSPIN_TEST_PG_URL", file=sys.stderr)
                continue
            url, drop = pg_schema(args.pg_url)
            try:
                results["runs"].append(run_backend(url, args.articles, args.queries, args.seed,
                                                   args.encode_sample, precomputed, not args.no_vectors))
            finally:
                drop()
        else:
            sys.exit(f"unknown backend {backend!r}")
        print(json.dumps(results["runs"][-1]), file=sys.stderr)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
