"""Bytes to text, exactly: no newline translation, no normalisation.

Character offsets computed on an Article's text must match the file as it
is stored, so decoding only removes a byte-order mark and nothing else.
"""

from __future__ import annotations

import codecs

from unspin.read.errors import ReadError
from unspin.read.meta import line_source

# Checked longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that never appear in text (tab, newlines, form feed and ESC do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_SAMPLE = 8192
_MAX_CONTROL_SHARE = 0.10

ENCODING_HINT = "try --encoding, e.g. --encoding cp1251"


def bom_encoding(data: bytes) -> str | None:
    """The codec a byte-order mark announces, or None without one."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control bytes, mean this is not a text file.

    Call only for byte-oriented encodings: UTF-16/32 text is full of NULs.
    """
    if b"\x00" in data:
        return True
    sample = data[:_SAMPLE]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > _MAX_CONTROL_SHARE


def _is_wide(codec: str) -> bool:
    name = codecs.lookup(codec).name
    return name.startswith(("utf-16", "utf-32"))


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset, counting \\r\\n, \\r and \\n endings."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def decode_bytes(data: bytes, source: str, encoding: str | None = None,
                 *, with_line: bool = True, fallback: str | None = None) -> str:
    """Decode ``data`` read from ``source``; raise ReadError when it is not text.

    ``encoding`` forces a codec (the caller's ``--encoding``). Otherwise a BOM
    decides, then strict UTF-8. ``fallback`` is a codec declared by the
    document itself (an HTML ``charset``); it is used, replacing stray bad
    bytes, only when strict UTF-8 fails and no encoding was forced.
    ``with_line`` adds the line of an undecodable byte to the error's source.
    """
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise ReadError(source, f"unknown encoding {encoding!r}") from None
        if codec == "utf-8":
            codec = "utf-8-sig"  # a BOM is never part of the text
        if not _is_wide(codec) and looks_binary(data):
            raise ReadError(source, "binary file, not text")
        try:
            return data.decode(codec)
        except UnicodeDecodeError as err:
            where = line_source(source, _line_of(data, err.start)) if with_line else source
            raise ReadError(where, f"not valid {encoding} at byte {err.start}") from None

    bom_codec = bom_encoding(data)
    if bom_codec:
        try:
            return data.decode(bom_codec)
        except UnicodeDecodeError as err:
            raise ReadError(source, f"not valid {bom_codec.upper()} at byte {err.start} "
                                    "although it starts with that byte-order mark") from None
    if looks_binary(data):
        raise ReadError(source, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        if fallback:
            try:
                return data.decode(fallback, errors="replace")
            except LookupError:
                pass
        where = line_source(source, _line_of(data, err.start)) if with_line else source
        raise ReadError(where, f"not valid UTF-8 at byte {err.start} ({ENCODING_HINT})") from None
