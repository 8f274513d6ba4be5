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
