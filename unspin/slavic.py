"""Text helpers for Russian and Ukrainian shared by every analyzer that reads them (sources, places,
claims, narratives): sentence bounds without a parser, and the word pattern they all use."""

from __future__ import annotations

import re

#: A sentence ends at . ! ? … followed by space and a capital (or a quote/dash before one), or at a newline.
BOUNDARY = re.compile(r"[.!?…]\s+(?=[«\"„—–-]?\s*[A-ZА-ЯЁІЇЄҐ])|\n")
#: A word: letters, then letters, digits, apostrophes (Ukrainian ' and ʼ) and inner hyphens.
WORD = re.compile(r"[^\W\d_][\w'’ʼ-]*")


def sentences(text: str) -> list[tuple[int, int]]:
    """Character bounds ``(start, end)`` of the non-blank sentences of ``text``."""
    out, start = [], 0
    for m in BOUNDARY.finditer(text):
        out.append((start, m.start() + 1))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]
