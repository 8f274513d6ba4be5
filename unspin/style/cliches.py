"""The cliché lexicon: phrases language models reach for far more than reporters do.

The list lives in ``unspin/data/style_cliches.tsv`` (id, regular expression,
weight, note), so it can be extended without code changes; a user's own file
can be passed to :func:`load_cliches`. Matching is case-insensitive and
respects word boundaries, and every match keeps its character span so a
report can show exactly which words counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CLICHE_FILE = Path(__file__).resolve().parent.parent / "data" / "style_cliches.tsv"


class LexiconError(ValueError):
    """A lexicon line that cannot be used; the message names file and line."""


@dataclass(frozen=True)
class ClichePattern:
    id: str
    regex: re.Pattern[str]
    weight: float
    note: str


@dataclass(frozen=True)
class Cliche:
    """One match of a lexicon entry: ``text[start:end] == matched``."""

    id: str
    start: int
    end: int
    matched: str
    weight: float
    note: str


def _compile(pattern: str) -> re.Pattern[str]:
    # \b only where the pattern starts/ends with a word character, so entries
    # may begin with a look-behind or end with punctuation ("in conclusion,").
    left = r"\b" if re.match(r"[\w(]", pattern) else ""
    right = r"\b" if re.search(r"[\w)?]$", pattern) else ""
    return re.compile(f"{left}(?:{pattern}){right}", re.IGNORECASE | re.MULTILINE)


def parse_lexicon(lines: list[str], source: str) -> tuple[ClichePattern, ...]:
    entries: list[ClichePattern] = []
    seen: set[str] = set()
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2:
            raise LexiconError(f"{source}:{number}: expected id<TAB>pattern[<TAB>weight<TAB>note]")
        entry_id, pattern = cells[0].strip(), cells[1].strip()
        if entry_id in seen:
            raise LexiconError(f"{source}:{number}: duplicate id {entry_id!r}")
        try:
            weight = float(cells[2]) if len(cells) > 2 and cells[2].strip() else 1.0
            regex = _compile(pattern)
        except ValueError as exc:
            raise LexiconError(f"{source}:{number}: bad weight: {exc}") from None
        except re.error as exc:
            raise LexiconError(f"{source}:{number}: bad pattern {pattern!r}: {exc}") from None
        seen.add(entry_id)
        entries.append(ClichePattern(entry_id, regex, weight, cells[3].strip() if len(cells) > 3 else ""))
    return tuple(entries)


@lru_cache(maxsize=8)
def load_cliches(path: Path | str = CLICHE_FILE) -> tuple[ClichePattern, ...]:
    path = Path(path)
    return parse_lexicon(path.read_text(encoding="utf-8").splitlines(), str(path))


def find_cliches(text: str, lexicon: tuple[ClichePattern, ...] | None = None) -> list[Cliche]:
    """Every lexicon match in ``text``, by position; overlapping matches keep the longer."""
    lexicon = load_cliches() if lexicon is None else lexicon
    found: list[Cliche] = []
    for entry in lexicon:
        for m in entry.regex.finditer(text):
            if m.end() > m.start():
                found.append(Cliche(entry.id, m.start(), m.end(), m.group(0), entry.weight, entry.note))
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Cliche] = []
    for cliche in found:
        if kept and cliche.start < kept[-1].end:
            continue  # "serves as a stark reminder" vs "a stark reminder": one phrase, counted once
        kept.append(cliche)
    return kept
