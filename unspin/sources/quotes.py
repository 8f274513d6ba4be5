"""Find quotations in raw text: the marks and what lies between them.

Works on characters, not tokens, because tokenizers split quote marks
unreliably ("words—’We" is one spaCy token). One linear pass classifies
every quote character by its neighbours, then marks are paired per family
(double, single, guillemet).

The hard family is the single one: ’ is an apostrophe (it’s, Ukraine’s,
soldiers’), an opening quote (—’We are...) and a closing quote (...,’ he
said) in the same text. The rules, by neighbours:

* letter ’ letter            -> apostrophe (it’s)
* space/dash ’ letter        -> opening (unless an elision: ’90s, ’em, ’til)
* letter or punctuation ’ x  -> closing; "s’ " is only a *weak* closing,
  because it is usually a plural possessive (the soldiers’ morale) and is
  used only when no clear closing follows before the next opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE, CLOSE_WEAK, CLOSE_WEAK_S = "open", "close", "close-weak", "close-weak-s"

_FAMILY = {
    '"': "double", "“": "double", "”": "double", "„": "double", "‟": "double",
    "'": "single", "‘": "single", "’": "single", "‚": "single", "‛": "single",
    "«": "guillemet", "»": "guillemet",
}
_ALWAYS_OPEN = set("“„‟‘‚‛«")
_ALWAYS_CLOSE = set("”»")
_CLOSING_PUNCT = set(".,!?;:…")
_OPENING_PUNCT = set("—–-([{/")
_AFTER_CLOSE = set(",.;:!?—–)…")
_ELISION = re.compile(r"(?:\d\d(?:s|th)?\b|em\b|tis\b|twas\b|til\b|cause\b|n\b|bout\b)", re.IGNORECASE)

MAX_QUOTE_CHARS = 2000  # a longer "quote" is a missing closing mark
MAX_LINE_BREAKS = 2  # a quote may run over a few line breaks without re-opening


@dataclass(frozen=True)
class Quote:
    """A pair of quote marks; ``start``/``end`` cover the marks themselves."""

    start: int
    end: int
    content_start: int
    content_end: int
    family: str
    terminated: bool = True

    def content(self, text: str) -> str:
        return text[self.content_start:self.content_end]


@dataclass(frozen=True)
class _Mark:
    pos: int
    role: str


def _classify(text: str, i: int) -> str | None:
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if _FAMILY[ch] == "single" and not prev.isalnum() and _ELISION.match(text, i + 1):
        return None  # ’90s, ’em, rock ’n’ roll
    if ch in _ALWAYS_OPEN:
        return OPEN
    if ch in _ALWAYS_CLOSE:
        return CLOSE
    # Ambiguous marks: ' ’ and straight ".
    if prev.isalnum() and nxt.isalnum():
        return None  # apostrophe (it’s) or an inch mark (5"3)
    if (prev.isspace() or prev in _OPENING_PUNCT) and not nxt.isspace():
        return OPEN
    if prev in _CLOSING_PUNCT:
        return CLOSE
    if not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSE or nxt in _FAMILY):
        if nxt in _AFTER_CLOSE or nxt in _FAMILY or ch == '"':
            return CLOSE
        return CLOSE_WEAK_S if prev in "sS" else CLOSE_WEAK
    return None


def _marks_by_family(text: str) -> dict[str, list[_Mark]]:
    marks: dict[str, list[_Mark]] = {}
    for i, ch in enumerate(text):
        family = _FAMILY.get(ch)
        if family is None:
            continue
        role = _classify(text, i)
        if role is not None:
            marks.setdefault(family, []).append(_Mark(i, role))
    return marks


def _starts_paragraph(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return line_start > 0 and not text[line_start:pos].strip()


def _pair(text: str, marks: list[_Mark], family: str) -> list[Quote]:
    quotes: list[Quote] = []
    i = 0
    while i < len(marks):
        opening = marks[i]
        if opening.role != OPEN:
            i += 1
            continue
        chosen: int | None = None
        fallback: int | None = None
        j = i + 1
        paragraph_start = opening.pos  # moves on when a continued quotation re-opens
        while j < len(marks):
            mark = marks[j]
            span = text[paragraph_start:mark.pos]
            if mark.pos - opening.pos > MAX_QUOTE_CHARS or span.count("\n") > MAX_LINE_BREAKS:
                break
            if mark.role in (CLOSE, CLOSE_WEAK):
                chosen = j
                break
            if mark.role == CLOSE_WEAK_S:
                fallback = j if fallback is None else fallback
            elif mark.role == OPEN:
                # Multi-paragraph quotation: each paragraph re-opens, only the last closes.
                if fallback is None and "\n" in span and _starts_paragraph(text, mark.pos):
                    paragraph_start = mark.pos
                    j += 1
                    continue
                break
            j += 1
        chosen = chosen if chosen is not None else fallback
        if chosen is not None:
            closing = marks[chosen]
            quotes.append(Quote(opening.pos, closing.pos + 1, opening.pos + 1, closing.pos, family))
            i = chosen + 1
            continue
        # Unterminated: the quotation runs to the end of its paragraph.
        end = text.find("\n", opening.pos)
        end = len(text) if end < 0 else end
        if text[opening.pos + 1:end].strip():
            quotes.append(Quote(opening.pos, end, opening.pos + 1, end, family, terminated=False))
        i += 1
    return quotes


def _trim(text: str, quote: Quote) -> Quote:
    """Content without surrounding blanks or the comma that hands over to the cue."""
    start, end = quote.content_start, quote.content_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return Quote(quote.start, quote.end, start, end, quote.family, quote.terminated)


_DOUBLED_APOSTROPHES = re.compile(r"'{2,3}")


def _doubled_as_double(text: str) -> str:
    """The same text, of the same length, with ASCII ``''`` quotation marks (as
    some wires and archives write “ and ”) turned into a straight double mark.
    The spare apostrophe becomes a copy of the neighbouring character outside
    the mark, so the mark keeps its neighbours (``said, ''We`` opens,
    ``done,'' she`` closes) and the content leaves it out. In a triple the
    single mark is the inner quotation's: first when closing, last when opening."""
    if "''" not in text:
        return text
    chars = list(text)
    for match in _DOUBLED_APOSTROPHES.finditer(text):
        start, end = match.start(), match.end()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before.isspace() or before in _OPENING_PUNCT:  # opening: filler, mark [, inner ']
            chars[start], chars[start + 1] = before, '"'
        else:  # closing: [inner ',] mark, filler
            chars[end - 2], chars[end - 1] = '"', after
    return "".join(chars)


def find_quotes(text: str) -> list[Quote]:
    """All outermost quotations in ``text``, in order. A quotation nested in
    another (a scare quote inside a statement) is part of the outer one.
    ASCII ``''`` marks count as double quotation marks."""
    text = _doubled_as_double(text)
    found: list[Quote] = []
    for family, marks in _marks_by_family(text).items():
        found.extend(_pair(text, marks, family))
    found.sort(key=lambda q: (q.start, -q.end))
    outer: list[Quote] = []
    for quote in found:
        if outer and quote.start < outer[-1].end:
            continue  # nested in (or overlapping) the previous outer quote
        trimmed = _trim(text, quote)
        if trimmed.content_end > trimmed.content_start:
            outer.append(trimmed)
    return outer


_WORD = re.compile(r"[\w][\w’'\-]*")
_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "at", "by", "with"}


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def looks_like_title(text: str) -> bool:
    """Headline-case words without sentence punctuation: ‘War and Peace’, ‘The 411’."""
    words = _WORD.findall(text)
    if not words or len(words) > 8 or re.search(r"[.!?;]\s*$", text):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL_WORDS for w in words)
