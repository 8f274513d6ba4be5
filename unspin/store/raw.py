"""Finding the raw input (the HTML) behind an Article, for the raw_inputs table.

The readers hand out Articles, not the page they came from. Rather than
change them, the store re-reads the bytes an Article's ``source`` names:

- ``page.html``           -> the file, decoded as the HTML reader decodes it;
- ``crawl.warc.gz#record N`` -> record N of the archive, read in a second
  forward pass that moves in step with the reader (records arrive in order),
  so a large archive is read twice but never held in memory;
- ``rows.jsonl:LINE``     -> the record's ``html`` field, when it has one,
  again read in step with the reader.

Plain text and JSON Lines ``text`` records keep nothing extra: their text is
the article. Standard input (``<stdin>``) cannot be read twice, so pages
piped in keep no raw HTML. Callers who hold the HTML themselves can pass it
to ``Store.ingest(raw={source_or_id: html})``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Any

from unspin.model import Article
from unspin.read.formats import HTML, JSONL, WARC, format_from_name

_RECORD = re.compile(r"^(?P<path>.+)#record (?P<number>\d+)$")
_LINE = re.compile(r"^(?P<path>.+):(?P<number>\d+)$")

Raw = tuple[str, str]  # (kind, content)


class RawLocator:
    """Re-reads raw inputs by Article source; one open forward reader per archive."""

    def __init__(self, encoding: str | None = None) -> None:
        self.encoding = encoding
        self._warc: dict[str, _ForwardReader] = {}
        self._jsonl: dict[str, _ForwardReader] = {}

    def raw_for(self, article: Article) -> Raw | None:
        source = article.source or ""
        if not source or source.startswith("<"):
            return None
        try:
            return self._locate(source)
        except Exception:  # raw HTML is a bonus: never fail an ingest over it
            return None

    def _locate(self, source: str) -> Raw | None:
        record = _RECORD.match(source)
        if record and format_from_name(record["path"]) == WARC and os.path.isfile(record["path"]):
            reader = self._reader(self._warc, record["path"], _warc_pages)
            html = reader.get(int(record["number"]))
            return ("warc", html) if html is not None else None
        line = _LINE.match(source)
        if line and format_from_name(line["path"]) == JSONL and os.path.isfile(line["path"]):
            reader = self._reader(self._jsonl, line["path"], _jsonl_pages)
            html = reader.get(int(line["number"]))
            return ("jsonl", html) if html is not None else None
        if format_from_name(source) == HTML and os.path.isfile(source):
            return "html", _decode_page(_read(source), source, self.encoding)
        return None

    def _reader(self, readers: dict[str, _ForwardReader], path: str, pages: Any) -> _ForwardReader:
        if path not in readers:
            for old in readers.values():  # inputs are read one file after another
                old.close()
            readers.clear()
            readers[path] = _ForwardReader(pages(path, self.encoding))
        return readers[path]

    def close(self) -> None:
        for reader in (*self._warc.values(), *self._jsonl.values()):
            reader.close()
        self._warc.clear()
        self._jsonl.clear()


class _ForwardReader:
    """(number, html) pairs from a generator, looked up by number in rising order."""

    def __init__(self, pages: Iterator[tuple[int, str]]) -> None:
        self._pages = pages
        self._last: tuple[int, str] | None = None

    def get(self, number: int) -> str | None:
        if self._last is not None and self._last[0] >= number:
            return self._last[1] if self._last[0] == number else None
        for found, html in self._pages:
            self._last = (found, html)
            if found >= number:
                return html if found == number else None
        return None

    def close(self) -> None:
        close = getattr(self._pages, "close", None)
        if close:
            close()


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _decode_page(data: bytes, source: str, encoding: str | None, charset: str | None = None) -> str:
    from unspin.read.html import decode_html

    return decode_html(data, source, encoding, charset)


def _warc_pages(path: str, encoding: str | None) -> Iterator[tuple[int, str]]:
    """(record number, decoded HTML) for the HTML page records of an archive."""
    from warcio.archiveiterator import ArchiveIterator

    from unspin.read.html import charset_from_content_type

    with open(path, "rb") as handle:
        for number, record in enumerate(ArchiveIterator(handle), start=1):
            if record.rec_type == "response" and record.http_headers is not None:
                content_type = record.http_headers.get_header("Content-Type")
            elif record.rec_type == "resource":
                content_type = record.rec_headers.get_header("Content-Type")
            else:
                continue
            try:
                body = record.content_stream().read()
                html = _decode_page(body, path, encoding, charset_from_content_type(content_type))
            except Exception:  # not a page the reader kept either (image, bad encoding)
                continue
            yield number, html


def _jsonl_pages(path: str, encoding: str | None) -> Iterator[tuple[int, str]]:
    """(line number, html) for the JSON Lines records that carry an ``html`` field."""
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if b'"html"' not in line:  # cheap test before parsing
                continue
            try:
                record = json.loads(line.decode(encoding or "utf-8-sig"))
            except (ValueError, UnicodeDecodeError):
                continue
            if isinstance(record, dict) and isinstance(record.get("html"), str):
                yield number, record["html"]
