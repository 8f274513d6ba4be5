"""Which reader a file needs: by extension first, by sniffing the bytes otherwise."""

from __future__ import annotations

import codecs
import zlib

TEXT, HTML, JSONL, WARC, PARQUET = "text", "html", "jsonl", "warc", "parquet"
FORMATS = (TEXT, HTML, JSONL, WARC, PARQUET)

# Longest suffixes first so ".warc.gz" wins over ".gz".
EXTENSIONS: dict[str, str] = {
    ".warc.gz": WARC, ".arc.gz": WARC, ".warc": WARC, ".arc": WARC,
    ".jsonl": JSONL, ".ndjson": JSONL, ".parquet": PARQUET,
    ".html": HTML, ".htm": HTML, ".xhtml": HTML,
    ".txt": TEXT, ".text": TEXT, ".md": TEXT,
}

_GZIP_MAGIC = b"\x1f\x8b"


def format_from_name(name: str) -> str | None:
    """The format a file name's extension announces (case-insensitive), or None."""
    lowered = name.lower()
    for suffix, fmt in EXTENSIONS.items():
        if lowered.endswith(suffix):
            return fmt
    return None


def _gunzip_head(data: bytes, size: int = 64) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], size)
    except zlib.error:
        return b""


def sniff_format(data: bytes) -> str:
    """Guess the format of raw bytes (stdin, unknown extensions).

    gzip -> WARC (a gzipped WARC/ARC); ``WARC/`` or ``filedesc://`` -> WARC;
    every non-blank line starting with ``{`` -> JSON Lines; starting with
    ``<`` or containing ``<html`` near the top -> HTML; anything else -> text.
    UTF-16/32 input (with a BOM) is sniffed after decoding.
    """
    if data.startswith(_GZIP_MAGIC):
        return WARC
    if data.startswith(b"PAR1"):
        return PARQUET
    head = data.lstrip(b"\xef\xbb\xbf")
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                head = data.decode(codec).encode("utf-8")
            except UnicodeDecodeError:
                return TEXT
            break
    stripped = head.lstrip()
    if stripped.startswith((b"WARC/", b"filedesc://")):
        return WARC
    lines = [line.lstrip() for line in stripped.split(b"\n") if line.strip()]
    if lines and all(line.startswith(b"{") for line in lines):
        return JSONL
    if stripped.startswith(b"<") or b"<html" in stripped[:4096].lower():
        return HTML
    return TEXT


def gzip_is_warc(data: bytes) -> bool:
    """Whether gzip data decompresses to something starting like a WARC/ARC record."""
    return _gunzip_head(data).lstrip().startswith((b"WARC/", b"filedesc://"))
