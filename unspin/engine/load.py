"""Loading analysis shards (``analyze --engine dask`` or ``--format jsonl`` output) into a store:
each analysis's article is stored (or found stored) and the analysis saved with it."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from unspin.model import Article

BATCH = 500


@dataclass
class LoadReport:
    analyses: int = 0
    added: int = 0
    duplicates: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)


def shard_analyses(paths: Iterable[str]) -> Iterable[tuple[str, dict[str, Any] | Exception]]:
    from unspin.engine.shards import read_analyses

    for path in paths:
        try:
            for number, analysis in enumerate(read_analyses(path), 1):
                yield f"{path}:{number}", analysis
        except (OSError, ValueError) as exc:
            yield path, exc


def load_analyses(store: Any, paths: Iterable[str], progress: Callable[[int], None] | None = None) -> LoadReport:
    report = LoadReport()
    stream = iter(shard_analyses(paths))
    while True:
        batch = list(itertools.islice(stream, BATCH))
        if not batch:
            return report
        pairs: list[tuple[Article, dict[str, Any]]] = []
        for where, analysis in batch:
            try:
                if isinstance(analysis, Exception):
                    raise analysis
                pairs.append((Article.from_dict(analysis["article"]), analysis))
            except (KeyError, TypeError, ValueError, OSError) as exc:
                report.errors.append({"source": where, "reason": f"not an analysis: {type(exc).__name__}: {exc}"})
        ingested = store.ingest([article for article, _ in pairs], keep_raw=False,
                                args={"via": "ingest --analyses"})
        report.added += ingested.added
        report.duplicates += ingested.skipped_duplicates
        for article, analysis in pairs:
            stored = store.stored_id_of(article)
            if stored is None:
                continue
            if stored != analysis["article"]["id"]:
                analysis = {**analysis, "article": {**analysis["article"], "id": stored}}
            store.save_analysis(stored, analysis)
            report.analyses += 1
        if progress is not None:
            progress(len(batch))


@dataclass
class CandidateLoadReport:
    pairs: int = 0
    left_out: int = 0  # pairs naming an article the store does not hold
    vectors: int = 0


def load_candidates(store: Any, folder: Any, progress: Callable[[int], None] | None = None) -> CandidateLoadReport:
    """Store the pairs and vectors of an ``unspin candidates`` run in ``folder`` (a pair or vector
    loaded twice is stored once)."""
    from unspin.engine.candidates import read_pairs, read_vectors
    from unspin.trace.encoder import ENCODER_NAME

    report = CandidateLoadReport()
    pairs = iter(read_pairs(folder))
    while batch := list(itertools.islice(pairs, 5000)):
        kept, dropped = store.save_candidate_pairs(batch)
        report.pairs, report.left_out = report.pairs + kept, report.left_out + dropped
        if progress is not None:
            progress(len(batch))
    rows = iter(read_vectors(folder))
    while vectors := list(itertools.islice(rows, 1000)):
        store.save_vector_rows(ENCODER_NAME, {key: (doc, sents, spans) for key, doc, sents, spans in vectors})
        report.vectors += len(vectors)
        if progress is not None:
            progress(len(vectors))
    return report
