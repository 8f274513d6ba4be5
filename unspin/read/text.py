"""Plain-text articles, with an optional front-matter header.

The article text is the file's characters exactly as stored (like
``open(path, newline="")``): ``\\r\\n`` and ``\\r`` stay as they are, so
offsets an analyzer reports can be found in the file itself.

A header, when present, looks like this and is not part of the text::

    ---
    url: https://www.example.com/news/flood
    title: Flood hits town
    published: 2024-03-05
    ---
    The article starts here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.model import Article
from unspin.read.decode import decode_bytes
from unspin.read.errors import ReadError
from unspin.read.files import read_file_bytes
from unspin.read.meta import BadValue, domain_from_url, line_source, parse_published_precision

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_FENCE = "---"
_KEY_VALUE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*:\s?(.*)$")
# A header longer than this is not a header: the file just starts with "---".
MAX_HEADER_LINES = 50

# Header keys that map onto Article fields; aliases on the left.
_FIELD_ALIASES = {"date": "published", "lang": "language", "site": "site_name", "sitename": "site_name"}
# Every other key (author, site_name, ...) goes into Article.metadata as a string.
ARTICLE_FIELDS = ("id", "url", "title", "published", "domain", "language")


@dataclass
class FrontMatter:
    """A parsed header: values by key, the line each came from, and where the text starts."""

    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body_start: int = 0  # character offset of the first text character after the header


def _lines_with_ends(text: str, limit: int) -> list[tuple[int, str, str]]:
    """Up to ``limit`` lines as (start offset, content, line ending)."""
    found: list[tuple[int, str, str]] = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) or len(found) >= limit:
            break
        raw = match.group()
        content = raw.rstrip("\r\n")
        found.append((match.start(), content, raw[len(content):]))
    return found


def parse_front_matter(text: str, source: str) -> FrontMatter | None:
    """The header at the top of ``text``, None when there is none.

    A header is recognised only when the first line is ``---`` and a closing
    ``---`` line follows within ``MAX_HEADER_LINES`` lines; anything else is
    an ordinary text that happens to start with a rule. Inside a recognised
    header every line must be ``key: value``, blank, or a ``#`` comment.
    """
    lines = _lines_with_ends(text, MAX_HEADER_LINES + 2)
    if not lines or lines[0][1].rstrip() != _FENCE or not lines[0][2]:
        return None
    closing = next((i for i in range(1, len(lines)) if lines[i][1].rstrip() == _FENCE), None)
    if closing is None:
        return None
    header = FrontMatter()
    for number in range(1, closing):
        _, content, _ = lines[number]
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        match = _KEY_VALUE.match(content)
        if not match:
            raise ReadError(line_source(source, number + 1),
                            f"front-matter line is not 'key: value': {content.strip()!r}")
        key = match.group(1).lower().replace("-", "_")
        key = _FIELD_ALIASES.get(key, key)
        header.values[key] = _unquote(match.group(2).strip())
        header.lines[key] = number + 1
    start, content, ending = lines[closing]
    header.body_start = start + len(content) + len(ending)
    return header


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def article_from_text(text: str, source: str, default_id: str = "",
                      display_source: str | None = None) -> Article:
    """An Article from decoded text: header (if any) applied, text kept exactly.

    ``source`` names the input in errors; ``display_source`` (default
    ``source``) is stored as ``Article.source``.
    """
    header = parse_front_matter(text, source)
    body = text[header.body_start:] if header else text
    if not body.strip():
        raise ReadError(source, "empty article")
    fields: dict[str, Any] = {}
    metadata: dict[str, Any] = {}
    if header:
        for key, value in header.values.items():
            if key == "published":
                if not value:
                    continue
                try:
                    fields["published"], precision = parse_published_precision(value)
                    if precision != "day":
                        metadata["published_precision"] = precision
                except BadValue as err:
                    raise ReadError(line_source(source, header.lines[key]), str(err)) from None
            elif key in ARTICLE_FIELDS:
                fields[key] = value or None
            else:
                metadata[key] = value
    url = fields.get("url")
    return Article(
        text=body,
        id=fields.get("id") or default_id,
        url=url,
        domain=fields.get("domain") or domain_from_url(url),
        title=fields.get("title"),
        published=fields.get("published"),
        language=fields.get("language"),
        source=display_source if display_source is not None else source,
        metadata=metadata,
    )


def read_text(data: bytes | str, source: str = "<text>", encoding: str | None = None,
              default_id: str = "") -> Article:
    """An Article from the bytes (or text) of one plain-text document.

    Raises ReadError (binary data, undecodable bytes, bad header, empty text).
    Without a header ``id``, the id is ``default_id`` or else a content hash.
    """
    text = data if isinstance(data, str) else decode_bytes(data, source, encoding)
    return article_from_text(text, source, default_id)


def read_text_file(path: str | os.PathLike[str], encoding: str | None = None) -> Article:
    """An Article from a plain-text file; its id is the file stem unless the header gives one."""
    name = os.fspath(path)
    return read_text(read_file_bytes(name), name, encoding, default_id=Path(name).stem)
