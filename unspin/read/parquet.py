"""Articles from Parquet files: one row per article, the columns named as the JSON Lines fields
(``text`` required; ``id``, ``url``, ``domain``, ``title``, ``published``, ``language``, ``html``,
``metadata`` optional). Read one row group at a time, so a large shard never sits in memory whole.
A bad row is a ReadError naming ``file#row N``; the other rows are read."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from unspin.model import Article
from unspin.read.errors import ReadError
from unspin.read.files import os_reason, read_opened
from unspin.read.jsonl import ARTICLE_FIELDS, article_from_record


def read_parquet(path: str | os.PathLike[str]) -> Iterator[Article | ReadError]:
    return read_opened(path, _read)


def read_parquet_bytes(data: bytes, source: str = "<parquet>") -> Iterator[Article | ReadError]:
    import io

    yield from _read(io.BytesIO(data), source)


def _read(handle: Any, name: str) -> Iterator[Article | ReadError]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield ReadError(name, "reading Parquet needs pyarrow (in unspin's requirements.lock)")
        return
    try:
        shard = pq.ParquetFile(handle)
    except OSError as err:
        yield ReadError(name, os_reason(err))
        return
    except Exception as err:  # noqa: BLE001 - pyarrow raises its own types for a corrupt file
        yield ReadError(name, f"not a readable Parquet file ({type(err).__name__})")
        return
    columns = [c for c in shard.schema_arrow.names if c in ARTICLE_FIELDS]
    if "text" not in columns and "html" not in columns:
        yield ReadError(name, "a Parquet shard needs a 'text' (or 'html') column")
        return
    row = 0
    for group in range(shard.num_row_groups):
        try:
            records = shard.read_row_group(group, columns=columns).to_pylist()
        except Exception as err:  # noqa: BLE001
            yield ReadError(f"{name}#row group {group + 1}", f"unreadable ({type(err).__name__})")
            continue
        for record in records:
            row += 1
            try:
                yield article_from_record(_plain(record), f"{name}#row {row}")
            except ReadError as err:
                yield err


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """Parquet types as the JSON Lines reader expects them: dates as ISO text, metadata as an object."""
    out = {}
    for key, value in record.items():
        if value is None:
            continue
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif key == "metadata" and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = {"metadata": value}
        elif key == "metadata" and isinstance(value, list):  # a Parquet map arrives as key/value pairs
            value = dict(value)
        out[key] = value
    return out
