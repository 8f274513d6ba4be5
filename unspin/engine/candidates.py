"""Tracing candidates for a whole corpus on a Dask cluster, the way large near-duplicate pipelines
find them: signatures per shard, a shuffle by LSH band, and a nearest-neighbour pass over the
document vectors.

    find_candidates(["crawl/*.jsonl"], "out/candidates", scheduler="tcp://head:8786")

Stage 1 (one task per input shard): each article's store fingerprint (MinHash, the same 32 x 4 LSH
bands the store indexes, skeleton terms, text signals: ``unspin.trace.fingerprint``) and, unless
``vectors=False``, its multilingual sentence vectors (``unspin.trace.encoder``) go to
``fingerprints/fp-NNNNN.parquet``; ``unspin ingest --fingerprints DIR`` uses them instead of
computing them on the store's machine.
Stage 2 (Dask DataFrame): the bands are exploded, buckets larger than ``max_bucket`` dropped
(boilerplate shared by thousands of pages finds no lineage and would make pairs quadratic), the
rest self-joined on the band and counted: ``(a, b, shared_bands)`` for every pair sharing a band.
Stage 3: one HNSW index (usearch, cosine, float16) over every document vector, saved beside the
output; one task per fingerprint shard asks it for each article's ``k`` nearest neighbours.
Both kinds of pair are merged into ``pairs/part-*.parquet`` with columns ``article_id,
candidate_id, shared_bands, cosine`` (``a < b``; a pair found both ways carries both numbers).

``unspin ingest --candidates DIR`` stores the pairs (and the vectors, so the store need not encode
again); ``trace`` then adds an article's stored pairs to the candidates its own indexes find, and
its relation and origin models decide as for any candidate. Paths must be visible to every worker.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Band buckets larger than this are dropped: a band shared by so many pages is boilerplate.
MAX_BUCKET = 50
#: Nearest document vectors asked per article.
VECTOR_NEIGHBOURS = 10
FINGERPRINT_DIR = "fingerprints"
PAIRS_DIR = "pairs"
INDEX_FILE = "vectors.usearch"


@dataclass
class CandidateReport:
    shards: int = 0
    articles: int = 0
    errors: int = 0
    band_pairs: int = 0
    vector_pairs: int = 0
    pairs: int = 0
    seconds: float = 0.0
    failed: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def fingerprint_shard(path: str, out: str, with_vectors: bool) -> dict[str, Any]:
    """Stage 1, on a worker: the store's fingerprint of every readable article of one input shard
    (MinHash, LSH bands, skeleton terms, the text signals; by content hash, so ``ingest
    --fingerprints`` need not compute them again), its language, and (``with_vectors``) its
    multilingual vectors."""
    import numpy as np
    import pyarrow as pa

    from unspin.lang import detect_language
    from unspin.read import ReadError, read_inputs
    from unspin.store.ingest import content_hash
    from unspin.trace.fingerprint import fingerprint

    articles, errors = [], 0
    for item in read_inputs([path]):
        if isinstance(item, ReadError):
            errors += 1
        else:
            articles.append(item)
    prints = [fingerprint(a) for a in articles]
    columns: dict[str, list] = {
        "article_id": [a.id for a in articles],
        "content_hash": [content_hash(a.text) for a in articles],
        "language": [a.language or detect_language(a.text)[0] for a in articles],
        "published": [a.published.isoformat() if a.published else None for a in articles],
        "bands": [fp.bands for fp in prints],
        "terms": [fp.terms for fp in prints],
        "minhash": [np.asarray(fp.minhash, dtype="<u8").tobytes() for fp in prints],
        "skeleton": [json.dumps(fp.skeleton, ensure_ascii=False) for fp in prints],
    }
    if with_vectors:
        from unspin.trace.encoder import multilingual_encoder

        made = multilingual_encoder().many_article_vectors([a.text for a in articles]) if articles else []
        columns["document"] = [np.asarray(v.document, dtype="<f2").tobytes() for v in made]
        columns["sentences"] = [v.to_bytes() for v in made]
        columns["spans"] = [json.dumps([list(s) for s in v.spans]) for v in made]
    schema = {"bands": pa.list_(pa.int64()), "terms": pa.list_(pa.int64())}
    table = pa.table({name: pa.array(values, type=schema.get(name)) for name, values in columns.items()})
    _write_atomically(table, Path(out))
    return {"input": path, "output": out, "articles": len(articles), "errors": errors}


def _write_atomically(table: Any, path: Path) -> None:
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, temporary)
    os.replace(temporary, path)


def band_pairs(fingerprint_files: list[str], max_bucket: int = MAX_BUCKET) -> Any:
    """Stage 2: a Dask DataFrame of ``article_id, candidate_id, shared_bands`` (a < b)."""
    import dask.dataframe as dd

    bands = dd.read_parquet(fingerprint_files, columns=["article_id", "bands"])
    exploded = bands.explode("bands").dropna(subset=["bands"]).rename(columns={"bands": "band"})
    exploded["band"] = exploded["band"].astype("int64")
    sizes = exploded.groupby("band").size().rename("members").reset_index()
    kept = exploded.merge(sizes[(sizes["members"] > 1) & (sizes["members"] <= max_bucket)][["band"]], on="band")
    joined = kept.merge(kept, on="band", suffixes=("", "_other"))
    joined = joined[joined["article_id"] < joined["article_id_other"]]
    counted = joined.groupby(["article_id", "article_id_other"]).size().rename("shared_bands").reset_index()
    return counted.rename(columns={"article_id_other": "candidate_id"})


def build_vector_index(fingerprint_files: list[str], path: Path) -> tuple[list[str], int]:
    """Stage 3a: one HNSW index over every document vector (keys: row numbers); returns the ids."""
    import numpy as np
    import pyarrow.parquet as pq
    from unspin.ann import usearch_index_class

    Index = usearch_index_class()

    ids: list[str] = []
    index = None
    for name in fingerprint_files:
        table = pq.read_table(name, columns=["article_id", "document"])
        docs = table.column("document").to_pylist()
        if not docs:
            continue
        matrix = np.vstack([np.frombuffer(d, dtype="<f2") for d in docs]).astype(np.float16)
        if index is None:
            index = Index(ndim=matrix.shape[1], metric="cos", dtype="f16", connectivity=16,
                          expansion_add=128, expansion_search=256)
        keys = np.arange(len(ids), len(ids) + len(docs), dtype=np.uint64)
        index.add(keys, matrix)
        ids.extend(table.column("article_id").to_pylist())
    if index is not None:
        index.save(str(path))
    return ids, len(ids)


def vector_pairs_of_shard(fingerprint_file: str, index_file: str, ids_file: str, k: int) -> list[tuple[str, str, float]]:
    """Stage 3b, on a worker: each article's ``k`` nearest stored neighbours, as (a, b, cosine), a < b."""
    import numpy as np
    import pyarrow.parquet as pq
    from unspin.ann import usearch_index_class

    Index = usearch_index_class()

    table = pq.read_table(fingerprint_file, columns=["article_id", "document"])
    docs = table.column("document").to_pylist()
    if not docs:
        return []
    ids = json.loads(Path(ids_file).read_text(encoding="utf-8"))
    index = Index.restore(index_file, view=True)
    matrix = np.vstack([np.frombuffer(d, dtype="<f2") for d in docs]).astype(np.float16)
    found = index.search(matrix, min(k + 1, len(ids)))
    out = []
    for row, article_id in enumerate(table.column("article_id").to_pylist()):
        keys = np.atleast_2d(found.keys)[row]
        distances = np.atleast_2d(found.distances)[row]
        for key, distance in zip(keys, distances):
            other = ids[int(key)] if 0 <= int(key) < len(ids) else None
            if other is None or other == article_id:
                continue
            a, b = sorted((article_id, other))
            out.append((a, b, round(1.0 - float(distance), 4)))
    return out


def find_candidates(inputs: Iterable[str], out_dir: str | os.PathLike[str], *, scheduler: str | None = None,
                    workers: int = 2, vectors: bool = True, max_bucket: int = MAX_BUCKET,
                    neighbours: int = VECTOR_NEIGHBOURS,
                    progress: Callable[[dict[str, Any]], None] | None = None) -> CandidateReport:
    """Every tracing candidate pair of the corpus in ``inputs``; pairs and a manifest go to ``out_dir``."""
    import pandas as pd
    from dask.distributed import as_completed

    from unspin.engine.dask_engine import cluster_client, input_shards

    import logging

    # the shuffle's own progress warnings ("Shuffle ... initialized") are noise to a user
    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)
    files, problems = input_shards(inputs)
    out = Path(out_dir)
    (out / FINGERPRINT_DIR).mkdir(parents=True, exist_ok=True)
    report = CandidateReport(shards=len(files), failed=list(problems))
    started = time.perf_counter()
    with cluster_client(scheduler, workers) as client:
        futures = {}
        fingerprint_files = []
        for index, path in enumerate(files):
            target = out / FINGERPRINT_DIR / f"fp-{index:05d}.parquet"
            fingerprint_files.append(str(target))
            futures[client.submit(fingerprint_shard, path, str(target), vectors, pure=False,
                                  key=f"unspin-fp-{index}-{time.time_ns()}")] = path
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - one shard's failure is reported, the others go on
                report.failed.append({"source": futures[future], "reason": f"{type(exc).__name__}: {exc}"})
                continue
            report.articles += result["articles"]
            report.errors += result["errors"]
            if progress is not None:
                progress({"stage": "fingerprints", **result})
        done = [f for f in fingerprint_files if Path(f).exists()]
        if not done:
            raise ValueError("no input shard could be fingerprinted")
        bands = band_pairs(done, max_bucket).compute().assign(cosine=float("nan"))
        report.band_pairs = len(bands)
        if progress is not None:
            progress({"stage": "bands", "pairs": len(bands)})
        pairs = bands
        if vectors:
            ids, _ = build_vector_index(done, out / INDEX_FILE)
            ids_file = out / "vector_ids.json"
            ids_file.write_text(json.dumps(ids), encoding="utf-8")
            found = client.gather([client.submit(vector_pairs_of_shard, name, str(out / INDEX_FILE), str(ids_file),
                                                 neighbours, pure=False, key=f"unspin-nn-{i}-{time.time_ns()}")
                                   for i, name in enumerate(done)])
            near = pd.DataFrame([row for rows in found for row in rows],
                                columns=["article_id", "candidate_id", "cosine"])
            near = near.groupby(["article_id", "candidate_id"], as_index=False)["cosine"].max()
            report.vector_pairs = len(near)
            pairs = bands.drop(columns=["cosine"]).merge(near, on=["article_id", "candidate_id"], how="outer")
            if progress is not None:
                progress({"stage": "vectors", "pairs": len(near)})
        pairs["shared_bands"] = pairs["shared_bands"].fillna(0).astype("int64")
        pairs = pairs.sort_values(["article_id", "candidate_id"]).reset_index(drop=True)
        report.pairs = len(pairs)
        target = out / PAIRS_DIR / "part-00000.parquet"
        import pyarrow as pa

        _write_atomically(pa.Table.from_pandas(pairs, preserve_index=False), target)
    report.seconds = round(time.perf_counter() - started, 2)
    manifest = {"inputs": files, "vectors": vectors, "max_bucket": max_bucket, "neighbours": neighbours,
                **report.to_dict()}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return report


def read_pairs(out_dir: str | os.PathLike[str]) -> Iterable[tuple[str, str, int, float | None]]:
    """The pairs a run wrote: (article_id, candidate_id, shared_bands, cosine or None)."""
    import math

    import pyarrow.parquet as pq

    for name in sorted((Path(out_dir) / PAIRS_DIR).glob("*.parquet")):
        table = pq.read_table(name)
        for a, b, shared, cosine in zip(*(table.column(c).to_pylist()
                                          for c in ("article_id", "candidate_id", "shared_bands", "cosine"))):
            yield a, b, int(shared or 0), None if cosine is None or math.isnan(cosine) else float(cosine)


def read_vectors(out_dir: str | os.PathLike[str]) -> Iterable[tuple[str, bytes, bytes, list]]:
    """The vectors stage 1 made: (article_id, document, sentences, spans)."""
    import pyarrow.parquet as pq

    for name in sorted((Path(out_dir) / FINGERPRINT_DIR).glob("fp-*.parquet")):
        table = pq.read_table(name)
        if "document" not in table.column_names:
            continue
        for row in table.select(["article_id", "document", "sentences", "spans"]).to_pylist():
            yield row["article_id"], row["document"], row["sentences"], json.loads(row["spans"])


def read_fingerprints(out_dir: str | os.PathLike[str]) -> dict[str, tuple[Any, str]]:
    """Content hash -> (Fingerprint, language) from a run's stage 1, for ``Store.ingest``. In
    memory: about 1.5 KB an article (a million articles: 1.5 GB)."""
    import numpy as np
    import pyarrow.parquet as pq

    from unspin.trace.fingerprint import Fingerprint

    found: dict[str, tuple[Any, str]] = {}
    columns = ["content_hash", "language", "bands", "terms", "minhash", "skeleton"]
    for name in sorted((Path(out_dir) / FINGERPRINT_DIR).glob("fp-*.parquet")):
        table = pq.read_table(name, columns=columns)
        for digest, language, bands, terms, minhash, skeleton in zip(*(table.column(c).to_pylist() for c in columns)):
            found[digest] = (Fingerprint(minhash=np.frombuffer(minhash, dtype="<u8").copy(), bands=bands,
                                         terms=terms, skeleton=json.loads(skeleton)), language)
    return found
