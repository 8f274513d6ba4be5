"""Text normalisation shared by fingerprints, similarity and alignment.

Everything here is language-agnostic rules (no models), fast enough to run
at ingest on every article: word tokens, sentence spans, and a
"latin key" that lets a Russian name meet its English transliteration
(Кучеровке / Kucherovka -> "kucer").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from unspin.places.text import is_cyrillic, loose_key, romanise_russian

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)

# A sentence ends at . ! ? … (optionally followed by closing quotes/brackets) before
# whitespace, or at a line break. Abbreviation-level precision is not needed:
# sentences are only the unit of alignment.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+|\n\s*")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
                           r"No|Gen|Col|Lt|Sgt|Gov|Sen|Rep|U\.S|U\.K|г|ул|им|т\.е|т\.д|т\.п)\.)$")

# Names keep this many letters of their latin key: enough to tell names apart,
# few enough that case endings (Кучеровке, Кучеровка, Kucherovka) meet.
NAME_PREFIX = 5


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits; inner apostrophes kept)."""
    return [w.casefold() for w in WORD.findall(text)]


def sentences(text: str, *, min_chars: int = 2) -> list[Sentence]:
    """Sentence spans of ``text`` (end exclusive, ``text[start:end] == sentence.text``)."""
    spans: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        piece = text[start:end]
        if "\n" not in match.group() and _ABBREVIATION.search(piece):
            continue  # "Gov. Gladkov", "U.S. officials": not a sentence end
        _append(spans, text, start, end, min_chars)
        start = match.end()
    _append(spans, text, start, len(text), min_chars)
    return spans


def _append(spans: list[Sentence], text: str, start: int, end: int, min_chars: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= min_chars:
        spans.append(Sentence(start, end, text[start:end]))


@lru_cache(maxsize=200_000)
def latin_key(token: str, prefix: int = NAME_PREFIX) -> str:
    """A spelling-blind Latin key of a name token, cut to ``prefix`` letters.

    Cyrillic is romanised the Russian way, then romanisation-scheme
    differences are folded (kh/h, g/h, ye/e, ...), so Энергодара and
    Enerhodar, Пухов and Puhov, Балицкий and Balitsky meet."""
    latin = romanise_russian(token) if is_cyrillic(token) else token
    key = loose_key(latin)
    return key[:prefix] if prefix else key


def squash(text: str) -> str:
    """Lower case, punctuation dropped, single spaces: the form char n-grams are taken from."""
    return " ".join(words(text))
