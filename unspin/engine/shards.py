"""Shards: one task's input file in, one analyses file out (``part-NNNNN.jsonl|parquet``, with
``errors-NNNNN.jsonl`` for the records it could not read), written so that a killed run leaves no
half-written shard (write to a temporary name, then rename) and a re-run skips finished shards."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

OUTPUT_FORMATS = ("jsonl", "parquet")


def shard_name(index: int, fmt: str) -> str:
    return f"part-{index:05d}.{fmt}"


def write_shard(path: Path, analyses: Iterable[dict[str, Any]], errors: list[dict[str, str]], fmt: str) -> int:
    """Write the analyses (``Analysis.to_dict()``) and the shard's read errors; returns the count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    rows = list(analyses)
    if fmt == "jsonl":
        with open(temporary, "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({
            "article_id": [r["article"]["id"] for r in rows],
            "url": [r["article"].get("url") for r in rows],
            "domain": [r["article"].get("domain") for r in rows],
            "published": [r["article"].get("published") for r in rows],
            "language": [r["article"].get("language") for r in rows],
            "findings": [len(r.get("findings", [])) for r in rows],
            "high": [sum(1 for f in r.get("findings", []) if f.get("severity") == "high") for r in rows],
            "analysis": [json.dumps(r, ensure_ascii=False) for r in rows],  # the whole analysis, schema 1.x
        })
        pq.write_table(table, temporary)
    else:
        raise ValueError(f"unknown output format {fmt!r} (choose from {', '.join(OUTPUT_FORMATS)})")
    if errors:
        errors_path = path.with_name(path.name.replace("part-", "errors-", 1).rsplit(".", 1)[0] + ".jsonl")
        errors_path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors), encoding="utf-8")
    os.replace(temporary, path)  # the shard appears whole or not at all
    return len(rows)


def read_analyses(path: str | os.PathLike[str]) -> Iterable[dict[str, Any]]:
    """The analyses of one output shard (JSON Lines or Parquet), as dicts."""
    name = os.fspath(path)
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        shard = pq.ParquetFile(name)
        for group in range(shard.num_row_groups):
            for value in shard.read_row_group(group, columns=["analysis"]).column("analysis").to_pylist():
                yield json.loads(value)
    else:
        with open(name, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
