"""HTML pages: main text and metadata through trafilatura, offline.

The Article text is trafilatura's plain-text extraction of the main content
(boilerplate such as menus, footers and comments left out; precision
favoured over recall). Offsets refer to that extracted text.
"""

from __future__ import annotations

import logging
import os
import re
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
    try:
        document = extract(html, url)
    except Exception as err:  # trafilatura/lxml failures on odd markup
        raise ReadError(source, f"HTML could not be parsed ({type(err).__name__}: {err})") from None
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise ReadError(source, NO_MAIN_TEXT)

    metadata: dict[str, Any] = {}
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
