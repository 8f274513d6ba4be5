"""Readers: files, folders, globs and stdin in, Articles (or ReadErrors) out.

    from unspin.read import read_inputs, ReadError
    for item in read_inputs(["a.txt", "folder/", "crawl/*.warc.gz", "-"]):
        if isinstance(item, ReadError):
            print(item)            # "crawl/x.warc.gz#record 7: HTML with no main text"
        else:
            analyse(item)          # an Article

Single-document readers (``read_text_file``, ``read_html``...) raise
ReadError; multi-record readers (``read_jsonl``, ``read_warc``) yield it in
place of the bad line or record and go on. See docs/input-formats.md.
"""

from __future__ import annotations

from unspin.read.errors import ReadError
from unspin.read.formats import FORMATS, format_from_name, sniff_format
from unspin.read.html import read_html, read_html_file
from unspin.read.inputs import read_bytes, read_inputs, read_path
from unspin.read.jsonl import article_from_record, read_jsonl, read_jsonl_bytes
from unspin.read.meta import domain_from_url, parse_published
from unspin.read.paths import expand_paths
from unspin.read.text import parse_front_matter, read_text, read_text_file
from unspin.read.warc import read_warc, read_warc_bytes, read_warc_stream

__all__ = [
    "FORMATS",
    "ReadError",
    "article_from_record",
    "domain_from_url",
    "expand_paths",
    "format_from_name",
    "parse_front_matter",
    "parse_published",
    "read_bytes",
    "read_html",
    "read_html_file",
    "read_inputs",
    "read_jsonl",
    "read_jsonl_bytes",
    "read_path",
    "read_text",
    "read_text_file",
    "read_warc",
    "read_warc_bytes",
    "read_warc_stream",
    "sniff_format",
]
