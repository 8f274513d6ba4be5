"""WARC and ARC archives (plain or gzip): HTML pages as Articles.

Read: ``response`` records with HTTP status 200 and an HTML content type,
and ``resource`` records whose own Content-Type is HTML. The URL comes from
``WARC-Target-URI``; the crawl time goes into ``metadata["crawled"]`` and is
never taken as the publication date. Every other record is skipped quietly
(the counts are logged at debug level).

warcio stops silently at a truncated archive, so this module checks for
truncation itself: a record whose block ends before its Content-Length,
or a gzip member that never reaches its end, becomes a ReadError after the
good records before it.
"""

from __future__ import annotations

import io
import logging
import os
from collections import Counter
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from unspin.model import Article
from unspin.read.errors import ReadError
from unspin.read.files import read_opened

class _TooLarge(Exception):
    """A record body over MAX_RECORD_BYTES."""


#: Largest WARC record body read (a page over this is skipped with its reason; the stream
#: moves on to the next record without reading the rest). Override with UNSPIN_MAX_RECORD_BYTES.
MAX_RECORD_BYTES = int(os.environ.get("UNSPIN_MAX_RECORD_BYTES", 20 * 1024 * 1024))
from unspin.read.html import charset_from_content_type, read_html
from unspin.read.meta import record_source

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_BLOCK = 65536


class _CheckedArchiveIterator(ArchiveIterator):
    """warcio's iterator, remembering whether it stopped inside a record.

    warcio ends iteration quietly when the data runs out mid-record. Two
    traces are left at that point: a gzip member that never reached its end,
    or (uncompressed) the first line of a record whose header never finished.
    """

    ended_early = False
    # warcio writes a warning straight to stderr when a record is not
    # followed by blank lines; the count is logged at debug level instead.
    INC_RECORD = ""

    def close(self) -> None:
        reader = self.reader
        decompressor = getattr(reader, "decompressor", None) if reader is not None else None
        if decompressor is not None and hasattr(decompressor, "eof") and not decompressor.eof:
            self.ended_early = True
        if self.next_line:
            self.ended_early = True
        super().close()


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _looks_like_html(head: bytes) -> bool:
    sample = head[:1024].lstrip().lower()
    return sample.startswith((b"<!doctype html", b"<html")) or b"<html" in sample


def _html_payload(record: Any) -> tuple[bytes, str | None] | str:
    """(body, charset) of an HTML page record, or the reason it is skipped."""
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None:
            return "not HTTP"
        status = headers.get_statuscode()
        if status != "200":
            return f"HTTP {status}"
        content_type = headers.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    elif record.rec_type == "arc_header":
        return "ARC file header"
    else:
        return record.rec_type or "unknown"
    mime = _mime(content_type)
    if mime and mime not in HTML_TYPES:
        return mime
    body = record.content_stream().read(MAX_RECORD_BYTES + 1)
    if len(body) > MAX_RECORD_BYTES:
        raise _TooLarge(f"a page over the {MAX_RECORD_BYTES:,}-byte limit for one record "
                        "(UNSPIN_MAX_RECORD_BYTES); not read")
    if not mime and not _looks_like_html(body):
        return "no content type, not HTML"
    return body, charset_from_content_type(content_type)


def _header_problem(record: Any, number: int) -> str | None:
    """Why a record's header shows the archive is broken, or None."""
    if record.format == "warc":
        length = (record.rec_headers.get_header("Content-Length") or "").strip()
        if not length.isdigit():
            # A header cut short loses its Content-Length line, or its value.
            return "truncated archive: record header has no valid Content-Length"
        return None
    # warcio takes any first line it cannot place for an ARC header line, so
    # insist on the "filedesc://" record every ARC file starts with.
    if number == 1 and record.rec_type != "arc_header":
        return "not a WARC or ARC archive (no WARC/ or filedesc:// header)"
    return None


def _target_url(record: Any) -> str | None:
    headers = record.rec_headers
    return headers.get_header("WARC-Target-URI") or headers.get_header("uri") or None


def _crawl_time(record: Any) -> str | None:
    """The capture time as ISO 8601 (WARC-Date, or an ARC record's 14-digit date)."""
    headers = record.rec_headers
    if headers.get_header("WARC-Date"):
        return headers.get_header("WARC-Date")
    stamp = headers.get_header("archive-date") or ""
    if len(stamp) == 14 and stamp.isdigit():
        return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[8:10]}:{stamp[10:12]}:{stamp[12:14]}Z"
    return stamp or None


def _drain(record: Any) -> bool:
    """Read what is left of the record block; False when it ended early (truncated)."""
    stream = record.raw_stream
    while stream.read(_BLOCK):
        pass
    return getattr(stream, "limit", 0) <= 0


def read_warc_stream(stream: BinaryIO, source: str = "<warc>",
                     encoding: str | None = None) -> Iterator[Article | ReadError]:
    """Articles (and per-record ReadErrors) from an open WARC/ARC byte stream."""
    iterator = _CheckedArchiveIterator(stream)
    skipped: Counter[str] = Counter()
    number = 0
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            break
        except Exception as err:  # warcio raises many types on corrupt input
            yield ReadError(record_source(source, number + 1),
                            f"corrupt or truncated archive ({_describe(err)})")
            return
        number += 1
        where = record_source(source, number)
        problem_in_header = _header_problem(record, number)
        if problem_in_header:
            yield ReadError(where, problem_in_header)
            return
        payload: tuple[bytes, str | None] | str | ReadError
        try:
            payload = _html_payload(record)
        except _TooLarge as err:
            payload = ReadError(where, str(err))
        except Exception as err:  # bad chunking or content encoding in this one record
            payload = ReadError(where, f"record could not be read ({_describe(err)})")
        # Read the rest of the block before judging the page: a block that
        # ends early means the archive itself is cut, not just this record.
        try:
            complete = _drain(record)
        except Exception as err:
            yield ReadError(where, f"corrupt or truncated archive ({_describe(err)})")
            return
        if not complete:
            yield ReadError(where, "truncated archive: record ends before its Content-Length")
            return
        if isinstance(payload, ReadError):
            yield payload
        elif isinstance(payload, str):
            skipped[payload] += 1
        else:
            yield _article(record, payload, where, encoding)
    if iterator.ended_early:
        yield ReadError(record_source(source, number + 1),
                        "truncated archive: the data ends in the middle of a record")
    if iterator.err_count:
        log.debug("%s: %d records not followed by the expected blank lines", source, iterator.err_count)
    if skipped:
        log.debug("%s: read %d records, skipped %s", source, number,
                  ", ".join(f"{count} {why}" for why, count in skipped.most_common()))


def _article(record: Any, payload: tuple[bytes, str | None], where: str,
             encoding: str | None) -> Article | ReadError:
    body, charset = payload
    url = _target_url(record)
    try:
        article = read_html(body, url=url, source=where, encoding=encoding, charset=charset)
    except ReadError as err:
        return err
    crawled = _crawl_time(record)
    if crawled:
        article.metadata["crawled"] = crawled
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    if record_id:
        article.metadata["warc_record_id"] = record_id
    return article


def _describe(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    if len(text) > 100:
        text = text[:100] + "…"
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def read_warc(path: str | os.PathLike[str], encoding: str | None = None) -> Iterator[Article | ReadError]:
    """Articles from a .warc, .warc.gz, .arc or .arc.gz file, one ReadError per bad record."""
    return read_opened(path, lambda handle, name: read_warc_stream(handle, name, encoding))


def read_warc_bytes(data: bytes, source: str = "<warc>",
                    encoding: str | None = None) -> Iterator[Article | ReadError]:
    """Articles from a WARC held in memory (e.g. read from stdin)."""
    yield from read_warc_stream(io.BytesIO(data), source, encoding)
