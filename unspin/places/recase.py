"""Capital-letter lines read as ordinary text, for finding the place names in them.

Telegram posts and wire headings are often written in capitals ("ENEMY STORMED ZORIOGRADIVKA
AT DAWN", "TROOPS ENTERED GLUBOKOLESOVSK"), and wire datelines too ("KRAMATORSK, July 9 --"): the tagger reads every such word as a name, or none,
and the place candidates' shape cues (a capital first letter, "-ivka" after a lower-case verb)
never fire. ``recase_capitals`` gives the text back with each run of capitals written as prose
would write it: English words in lower case, other words (names) with a capital first letter,
short unknown words (acronyms: NATO, ZSU) as they were. Every character keeps its place, so
offsets into the recased text are offsets into the original.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.lang.en.stop_words import STOP_WORDS

from unspin.places.candidates import is_english_word

_WORD = r"[A-Z\u0410-\u042f\u0404\u0406\u0407\u0490][A-Z\u0410-\u042f\u0404\u0406\u0407\u0490'\u2019-]+"
#: two or more words in capitals in a row (between them spaces and punctuation, no line break),
#: one of five letters or more ("US NATO" is two acronyms, "POKROVKA HOLDS" a sentence)
_RUN = re.compile(rf"\b(?={_WORD}(?:[ \t,.:;!?\u2013\u2014-]+{_WORD})*?[ \t,.:;!?\u2013\u2014-]*\b[A-Z\u0410-\u042f]{{5}})"
                  rf"{_WORD}(?:[ \t,.:;!?\u2013\u2014-]+{_WORD})+\b")
#: a whole line in capitals (a heading: "AVDIIVKA", "3 YEARS.")
_LINE = re.compile(r"(?m)^[^\S\n]*(?=[^\n]*[A-Z]{4})[^a-z\n]+$")
#: a dateline: capitals opening a line, then a comma, a bracket or a dash ("KRAMATORSK, July 9
#: (Wire) —", "ODESA (AP) -")
_DATELINE = re.compile(rf"(?m)^[^\S\n]*{_WORD}(?:[ -]{_WORD})*(?=[^\S\n]*(?:,|\(|[\u2013\u2014]|-\s))")
_LETTERS = re.compile(_WORD)
#: shorter unknown words in capitals are kept: acronyms (NATO, ZSU, SBU)
ACRONYM_MAX = 4


def recase_capitals(text: str, vocabulary: frozenset[str], known: Callable[[str], bool] | None = None) -> str:
    """``text`` with its runs of capital-letter words recased (same length); ``vocabulary``:
    lower-case English words. ``known`` (a gazetteer test), when given, leaves alone a dateline
    that names a known place ("MOSCOW, Oct. 26 --"): recasing it changes no finding, and a
    recased text costs the places analyzer a second parse."""
    spans = [m.span() for pattern in (_RUN, _LINE) for m in pattern.finditer(text)]
    for m in _DATELINE.finditer(text):
        if known is None or not known(m.group(0).strip().title()):
            spans.append(m.span())
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for word in _LETTERS.finditer(text, start, end):
            recased = _recase_word(word.group(0), vocabulary)
            if recased.islower() and _SENTENCE_START.search(text, max(0, word.start() - 20), word.start()):
                recased = recased[:1].upper() + recased[1:]
            chars[word.start():word.end()] = recased
    return "".join(chars)


_SENTENCE_START = re.compile(r"(?:\A|[.!?\n]\s*|\n)[^\w\n]*\Z")
#: nouns of administrative units that English borrows (lower case after a name: "Kherson oblast")
_REGION_NOUNS = frozenset({"oblast", "oblasts", "raion", "raions", "rayon", "rayons", "hromada", "hromadas",
                           "krai", "okrug", "oblasti"})


def is_english(lower: str, vocabulary: frozenset[str]) -> bool:
    """A function word, a borrowed region noun, or a vocabulary word with or without its
    inflection ("stormed", "holds": the places analyzer's own test of English words)."""
    word = lower.strip("'\u2019-")
    return word in STOP_WORDS or word in _REGION_NOUNS or is_english_word(word, vocabulary)


def _recase_word(word: str, vocabulary: frozenset[str]) -> str:
    lower = word.lower()
    if is_english(lower, vocabulary):
        return lower
    if len(word) <= ACRONYM_MAX:
        return word
    # a name: a capital first letter, and after each hyphen ("Stepnohrad-Dniprovskyi")
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))
