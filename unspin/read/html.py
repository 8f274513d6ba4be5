"""HTML pages: main text and metadata through trafilatura, offline.

The Article text is trafilatura's plain-text extraction of the main content
(boilerplate such as menus, footers and comments left out; precision
favoured over recall). Offsets refer to that extracted text.
"""

from __future__ import annotations

import logging
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from unspin.model import Article
from unspin.read._trafilatura import trafilatura
from unspin.read.decode import bom_encoding, decode_bytes
from unspin.read.errors import ReadError
from unspin.read.files import read_file_bytes
from unspin.read.meta import BadValue, domain_from_url, parse_published

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})\b""", re.IGNORECASE)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
NO_MAIN_TEXT = "HTML with no main text"


#: Element nesting lxml parses (deeper markup yields no tree, so no main text).
MAX_TREE_DEPTH = 255
#: Shortest plain page text taken as the article when the markup cannot be parsed.
MIN_FALLBACK_CHARS = 200


class _TextCollector(HTMLParser):
    """Visible text of a page without building a tree (so no depth limit), blocks on new lines."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "title"})
    _BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The visible text of a whole page, one block a line."""
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; keep what was read
        pass
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line for line in lines if line)


def markup_depth(html: str, limit: int = 100_000) -> int:
    """How deeply the first ``limit`` tags nest (a cheap count, not a parse)."""
    depth = deepest = 0
    for count, match in enumerate(re.finditer(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>", html)):
        if count >= limit:
            break
        closing, tag, self_closing = match.groups()
        if self_closing or tag.lower() in ("br", "img", "hr", "meta", "link", "input"):
            continue
        depth = depth - 1 if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` of an HTTP Content-Type header value, if any."""
    if not content_type:
        return None
    match = _HTTP_CHARSET.search(content_type)
    return match.group(1) if match else None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in a ``<meta>`` tag near its top."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def declared_language(html: str) -> str | None:
    """The primary language subtag of ``<html lang="...">`` ("en-GB" -> "en"), if any."""
    match = _HTML_LANG.search(html[:4096])
    return match.group(1).lower() if match else None


def decode_html(data: bytes, source: str, encoding: str | None = None,
                charset: str | None = None) -> str:
    """Decode HTML bytes: forced encoding, else BOM, else UTF-8, else the declared charset."""
    # Line numbers of raw markup would mislead (the article text is extracted),
    # so errors name only the byte.
    if encoding or bom_encoding(data):
        return decode_bytes(data, source, encoding, with_line=False)
    return decode_bytes(data, source, with_line=False, fallback=charset or declared_charset(data))


def extract(html: str, url: str | None = None) -> Any:
    """trafilatura's extraction document (text and metadata), or None."""
    module = trafilatura()
    return module.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        # Only dates the page states in its markup or URL, never a date guessed
        # from anywhere in the text: a wrong publication date misleads analyzers.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def read_html(data: bytes | str, url: str | None = None, source: str = "<html>",
              encoding: str | None = None, default_id: str = "",
              charset: str | None = None) -> Article:
    """An Article from one HTML page; raises ReadError when there is no main text.

    ``url`` is where the page was fetched (it wins over the page's canonical
    URL, which is kept in ``metadata["canonical_url"]``). ``charset`` is a
    transport hint such as the HTTP Content-Type charset.
    """
    html = data if isinstance(data, str) else decode_html(data, source, encoding, charset)
    if not html.strip():
        raise ReadError(source, "empty article")
    metadata: dict[str, Any] = {}
    try:
        document = extract(html, url)
    except Exception as err:  # trafilatura/lxml failures on odd markup
        document = None
        log.debug("%s: main-text extraction failed (%s)", source, type(err).__name__)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        # lxml gives up on markup nested deeper than it allows (a page of 10,000 nested divs):
        # then the page's own text, read without a tree, is the article, and it says so
        plain = page_text(html) if markup_depth(html) > MAX_TREE_DEPTH else ""
        if len(plain) < MIN_FALLBACK_CHARS:
            raise ReadError(source, NO_MAIN_TEXT)
        text = plain
        metadata["extraction"] = ("markup nested too deep for main-text extraction: the plain text "
                                  "of the whole page")
    else:
        # a second pass over the page only for very large ones, where a lost text is likely
        visible = len(page_text(html)) if len(html) > 20 * len(text) and len(html) > 1_000_000 else 0
        if visible > 10 * len(text) and visible > 20_000:
            metadata["extraction"] = (f"main text is {len(text):,} characters of a page with {visible:,} "
                                      "characters of text: repeated or boilerplate passages were left out")

    canonical = getattr(document, "url", None) or None
    if canonical and url and canonical != url:
        metadata["canonical_url"] = canonical
    page_url = url or canonical
    for attribute, key in (("author", "author"), ("sitename", "site_name"), ("description", "description")):
        value = getattr(document, attribute, None)
        if value:
            metadata[key] = value
    if metadata.get("site_name") and domain_from_url(metadata["site_name"]) == domain_from_url(page_url):
        # trafilatura falls back to the host name when a page names no site;
        # that says nothing the domain does not already say.
        del metadata["site_name"]
    for attribute in ("categories", "tags"):
        value = getattr(document, attribute, None)
        if value:
            metadata[attribute] = list(value)

    published = None
    if getattr(document, "date", None):
        try:
            published = parse_published(document.date)
        except BadValue:
            log.debug("%s: ignoring unparsable page date %r", source, document.date)
    return Article(
        text=text,
        id=default_id,
        url=page_url,
        domain=domain_from_url(page_url),
        title=getattr(document, "title", None) or None,
        published=published,
        language=getattr(document, "language", None) or declared_language(html),
        source=source,
        metadata=metadata,
    )


def read_html_file(path: str | os.PathLike[str], encoding: str | None = None) -> Article:
    """An Article from an HTML file; its id is the file stem."""
    name = os.fspath(path)
    return read_html(read_file_bytes(name), source=name, encoding=encoding, default_id=Path(name).stem)
