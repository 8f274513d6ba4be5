"""JSON Lines: one article per line, errors reported per line.

Fields (all but ``text``/``html`` optional)::

    {"id": "a1", "url": "https://...", "domain": "example.com", "title": "...",
     "published": "2024-03-05", "language": "en", "author": "...", "site_name": "...",
     "text": "The article text, exactly as analysed.",
     "metadata": {"any": "thing"}, "anything_else": "goes into metadata"}

``html`` may replace ``text``: the page is then extracted like an HTML file,
and the record's own fields win over what the page says about itself.
"""

from __future__ import annotations

import codecs
import io
import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

from unspin.model import Article, clean_value
from unspin.read.decode import ENCODING_HINT, bom_encoding, decode_bytes, looks_binary
from unspin.read.errors import ReadError
from unspin.read.files import MAX_FILE_BYTES, read_opened
from unspin.read.html import read_html
from unspin.read.meta import BadValue, domain_from_url, line_source, parse_published_precision

STRING_FIELDS = ("url", "domain", "title", "language", "author", "site_name", "published")
ARTICLE_FIELDS = frozenset({"text", "html", "id", "url", "domain", "title", "published", "language", "metadata"})
METADATA_FIELDS = ("author", "site_name")
_JSON_TYPE_NAMES = {dict: "object", list: "array", str: "string", int: "number",
                    float: "number", bool: "boolean", type(None): "null"}


def _type_name(value: Any) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def article_from_record(record: Any, source: str, encoding: str | None = None) -> Article:
    """An Article from one decoded JSON value; raises ReadError naming ``source``."""
    if not isinstance(record, dict):
        raise ReadError(source, f"expected a JSON object, got {_type_name(record)}")
    for key in STRING_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise ReadError(source, f"field '{key}' must be a string, got {_type_name(value)}")
    raw_id = record.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        raise ReadError(source, f"field 'id' must be a string or integer, got {_type_name(raw_id)}")
    extra = record.get("metadata")
    if extra is not None and not isinstance(extra, dict):
        raise ReadError(source, f"field 'metadata' must be an object, got {_type_name(extra)}")

    published = None
    precision = "day"
    if record.get("published"):
        try:
            published, precision = parse_published_precision(record["published"])
        except BadValue as err:
            raise ReadError(source, f"field 'published': {err}") from None

    url = record.get("url") or None
    if "text" in record and record["text"] is not None:
        text = record["text"]
        if not isinstance(text, str):
            raise ReadError(source, f"field 'text' must be a string, got {_type_name(text)}")
        if not text.strip():
            raise ReadError(source, "empty article")
        article = Article(text=text, source=source)
    elif record.get("html") is not None:
        html = record["html"]
        if not isinstance(html, str):
            raise ReadError(source, f"field 'html' must be a string, got {_type_name(html)}")
        article = read_html(html, url=url, source=source, encoding=encoding)
    else:
        raise ReadError(source, "missing field 'text' (or 'html')")

    # The record's own fields win over anything extracted from HTML.
    if raw_id is not None and str(raw_id):
        article.id = str(raw_id)
    article.url = url or article.url
    article.domain = record.get("domain") or article.domain or domain_from_url(article.url)
    article.title = record.get("title") or article.title
    article.published = published or article.published
    article.language = record.get("language") or article.language
    metadata = dict(article.metadata)
    metadata.update(extra or {})
    if published is not None and precision != "day":
        metadata["published_precision"] = precision
    for key in METADATA_FIELDS:
        if record.get(key):
            metadata[key] = record[key]
    for key, value in record.items():
        if key not in ARTICLE_FIELDS and key not in METADATA_FIELDS:
            metadata[key] = value
    article.metadata = metadata
    return article


def _decode_line(line: bytes, source: str, offset: int, encoding: str | None) -> str:
    try:
        return line.decode(encoding or "utf-8")
    except UnicodeDecodeError as err:
        hint = "" if encoding else f" ({ENCODING_HINT})"
        raise ReadError(source, f"not valid {encoding or 'UTF-8'} at byte {offset + err.start}{hint}") from None


#: Deepest nesting of arrays and objects accepted in one JSON line (articles need 2 or 3).
MAX_JSON_DEPTH = 64


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json_line(decoded: str, where: str) -> Any:
    """One JSON value, refusing NaN/Infinity (not JSON; they would poison every report)
    and nesting deeper than :data:`MAX_JSON_DEPTH` (checked before parsing, so a line
    nested 100,000 deep costs one scan, not a RecursionError)."""
    if _too_deep(decoded):
        raise ReadError(where, f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        value = json.loads(decoded, parse_constant=_reject_constant)
        if "\\u" in decoded:  # an escape may have produced a lone surrogate or a noncharacter
            cleaned = clean_value(value)
            if cleaned != value and isinstance(cleaned, dict):
                metadata = cleaned.get("metadata")
                cleaned["metadata"] = dict(metadata) if isinstance(metadata, dict) else {}
                cleaned["metadata"]["replaced_characters"] = True
            value = cleaned
        return value
    except json.JSONDecodeError as err:
        raise ReadError(where, f"not valid JSON ({err.msg} at column {err.colno})") from None
    except ValueError as err:
        raise ReadError(where, f"not valid JSON ({err})") from None
    except RecursionError:
        raise ReadError(where, "JSON nested too deeply") from None


def _too_deep(text: str) -> bool:
    """Whether brackets outside strings nest deeper than MAX_JSON_DEPTH. The character scan
    runs only for a line with that many brackets at all: ordinary lines pass at C speed."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return False
    return _nesting_depth(text) > MAX_JSON_DEPTH


def _nesting_depth(text: str) -> int:
    """Deepest bracket nesting outside strings (a linear scan)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in "]}":
            depth -= 1
    return deepest


def read_jsonl_lines(lines: Iterable[bytes], source: str,
                     encoding: str | None = None) -> Iterator[Article | ReadError]:
    """Articles (and per-line ReadErrors) from the raw lines of a JSON Lines input."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            yield ReadError(source, f"unknown encoding {encoding!r}")
            return
    offset = 0
    for number, line in enumerate(lines, start=1):
        where = line_source(source, number)
        start, offset = offset, offset + len(line)
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line, start = line[len(codecs.BOM_UTF8):], start + len(codecs.BOM_UTF8)
        try:
            if line == _TOO_LONG:
                raise ReadError(where, f"a line over the {MAX_LINE_BYTES:,}-byte limit (UNSPIN_MAX_LINE_BYTES); not read")
            decoded = _decode_line(line, where, start, encoding).rstrip("\r\n")
            if not decoded.strip():
                continue
            record = parse_json_line(decoded, where)
            yield article_from_record(record, where, encoding)
        except ReadError as err:
            yield err
        except Exception as err:  # noqa: BLE001 - one odd record never ends the file
            yield ReadError(where, f"could not be read ({type(err).__name__})")


def _wide_text_lines(data: bytes, source: str, encoding: str | None) -> Iterator[bytes]:
    """Lines of a UTF-16/32 file, re-encoded as UTF-8 so they split on newlines safely."""
    text = decode_bytes(data, source, encoding)
    # Split on "\n" only: str.splitlines would also split inside JSON strings
    # at U+2028 and other characters JSON allows unescaped.
    parts = text.split("\n")
    for index, part in enumerate(parts):
        if index < len(parts) - 1:
            yield (part + "\n").encode("utf-8")
        elif part:
            yield part.encode("utf-8")


def _is_wide(data_head: bytes, encoding: str | None) -> bool:
    codec = encoding or bom_encoding(data_head) or "utf-8"
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return False
    return name.startswith(("utf-16", "utf-32"))


def read_jsonl_bytes(data: bytes, source: str = "<jsonl>",
                     encoding: str | None = None) -> Iterator[Article | ReadError]:
    """Articles and per-line ReadErrors from JSON Lines held in memory (e.g. stdin)."""
    if _is_wide(data[:4], encoding):
        try:
            yield from read_jsonl_lines(_wide_text_lines(data, source, encoding), source, "utf-8")
        except ReadError as err:
            yield err
        return
    if looks_binary(data[:8192]):
        yield ReadError(source, "binary file, not text")
        return
    # Split exactly as iterating over a file does (on b"\n" only), so line
    # numbers agree whichever way the same bytes arrive.
    yield from read_jsonl_lines(io.BytesIO(data), source, encoding)


def read_jsonl(path: str | os.PathLike[str], encoding: str | None = None) -> Iterator[Article | ReadError]:
    """Articles from a JSON Lines file, streamed; a bad line yields a ReadError and reading goes on."""

    def read(handle: Any, name: str) -> Iterator[Article | ReadError]:
        head = handle.read(8192)
        if _is_wide(head[:4], encoding):
            yield from read_jsonl_bytes(head + handle.read(MAX_FILE_BYTES), name, encoding)
        elif looks_binary(head):
            yield ReadError(name, "binary file, not text")
        else:
            handle.seek(0)
            yield from read_jsonl_lines(_bounded_lines(handle), name, encoding)

    return read_opened(path, read)


#: Longest JSON Lines line read (one record); a longer one is an error for its line only.
#: Override with UNSPIN_MAX_LINE_BYTES.
MAX_LINE_BYTES = int(os.environ.get("UNSPIN_MAX_LINE_BYTES", 50 * 1024 * 1024))
_TOO_LONG = b"\x00unspin: line over the limit\x00"


def _bounded_lines(handle: Any) -> Iterator[bytes]:
    """The file's lines, never more than MAX_LINE_BYTES of one line in memory: a longer line
    is read past in chunks and stands as a marker that ``read_jsonl_lines`` reports."""
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:  # skip the rest of this line
                chunk = handle.readline(1024 * 1024)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield _TOO_LONG
            continue
        yield line
