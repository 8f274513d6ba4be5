"""``read_inputs``: every input a user can name, as Articles or ReadErrors."""

from __future__ import annotations

import codecs
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from unspin.model import Article
from unspin.read.errors import ReadError
from unspin.read.files import MAX_FILE_BYTES, read_file_bytes
from unspin.read.formats import (
    FORMATS,
    HTML,
    JSONL,
    PARQUET,
    TEXT,
    WARC,
    format_from_name,
    gzip_is_warc,
    sniff_format,
)
from unspin.read.html import read_html, read_html_file
from unspin.read.jsonl import read_jsonl, read_jsonl_bytes
from unspin.read.paths import STDIN, expand_paths
from unspin.read.text import read_text, read_text_file
from unspin.read.warc import read_warc, read_warc_bytes

log = logging.getLogger(__name__)

STDIN_SOURCE = "<stdin>"
Item = Article | ReadError


def read_bytes(data: bytes, source: str, encoding: str | None = None, format: str | None = None,
               default_id: str = "") -> Iterator[Item]:
    """Articles from bytes of any supported format; the format is sniffed unless given."""
    fmt = format or sniff_format(data)
    if fmt == WARC:
        if data.startswith(b"\x1f\x8b") and not gzip_is_warc(data):
            yield ReadError(source, "gzip-compressed data that is not a WARC/ARC archive")
            return
        yield from read_warc_bytes(data, source, encoding)
    elif fmt == PARQUET:
        from unspin.read.parquet import read_parquet_bytes

        yield from read_parquet_bytes(data, source)
    elif fmt == JSONL:
        yield from read_jsonl_bytes(data, source, encoding)
    else:
        try:
            if fmt == HTML:
                yield read_html(data, source=source, encoding=encoding, default_id=default_id)
            else:
                yield read_text(data, source, encoding, default_id=default_id)
        except ReadError as err:
            yield err


def read_path(path: str, encoding: str | None = None, format: str | None = None) -> Iterator[Item]:
    """Articles from one file, the format chosen by ``format``, else extension, else content."""
    fmt = format or format_from_name(path)
    if fmt == WARC:
        yield from read_warc(path, encoding)
    elif fmt == JSONL:
        yield from read_jsonl(path, encoding)
    elif fmt == PARQUET:
        from unspin.read.parquet import read_parquet

        yield from read_parquet(path)
    else:
        try:
            if fmt == TEXT:
                yield read_text_file(path, encoding)
            elif fmt == HTML:
                yield read_html_file(path, encoding)
            else:
                data = read_file_bytes(path)
                yield from read_bytes(data, path, encoding, default_id=Path(path).stem)
        except ReadError as err:
            yield err


def _guarded(items: Iterator[Item], source: str) -> Iterator[Item]:
    """Pass items through; an unexpected exception becomes a ReadError, never a crash."""
    try:
        yield from items
    except Exception as err:  # a reader bug must not end the whole batch
        log.debug("unexpected error reading %s", source, exc_info=True)
        yield ReadError(source, f"unexpected error: {type(err).__name__}: {err}")


def read_inputs(specs: Iterable[str | os.PathLike[str]], stdin: BinaryIO | None = None,
                encoding: str | None = None, format: str | None = None) -> Iterator[Item]:
    """Every Article from files, folders, globs and ``-`` (stdin), in order.

    Never raises for bad input: each problem is yielded as a ReadError naming
    the file and line or record, and reading goes on with the next item.
    ``encoding`` forces a text encoding (e.g. ``"cp1251"``); ``format`` forces
    one of ``text``, ``html``, ``jsonl``, ``warc`` instead of detection.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            yield ReadError("--encoding", f"unknown encoding {encoding!r}")
            return
    if format is not None and format not in FORMATS:
        yield ReadError("--format", f"unknown format {format!r} (choose from {', '.join(FORMATS)})")
        return
    for item in expand_paths(specs):
        if isinstance(item, ReadError):
            yield item
        elif item == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                data = stream.read(MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:
                    raise ValueError(f"over the {MAX_FILE_BYTES:,}-byte limit (UNSPIN_MAX_FILE_BYTES)")
            except (OSError, ValueError) as err:
                yield ReadError(STDIN_SOURCE, f"cannot read standard input: {err}")
                continue
            stdin_encoding = encoding
            if isinstance(data, str):  # a text stream was passed: it is decoded already
                data, stdin_encoding = data.encode("utf-8"), None
            yield from _guarded(read_bytes(data, STDIN_SOURCE, stdin_encoding, format), STDIN_SOURCE)
        else:
            yield from _guarded(read_path(item, encoding, format), item)
