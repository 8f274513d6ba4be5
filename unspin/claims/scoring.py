"""Sentences of an article, each with its check-worthiness score.

Sentences come from the spaCy parse when there is one (the same sentences
the other analyzers see), else from a plain punctuation split. Leading and
trailing whitespace is trimmed so a claim span starts and ends on text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[’”\"']?|$)")
MIN_WORDS = 4  # "Yes." or a dateline is no claim, whatever the model says
_WORD = re.compile(r"\w+")


@dataclass
class ScoredSentence:
    start: int
    end: int
    text: str
    score: float
    span: Any = None  # the spaCy sentence, when parsed
    eligible: bool = True  # long enough to be a claim


_CLOSING_QUOTES = "\"”’'»"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    # spaCy sometimes hands the previous sentence's closing quote to this one ('" Sources said…');
    # a quote mark followed by a space cannot open a quotation, so it is left out
    while start + 1 < end and text[start] in _CLOSING_QUOTES and text[start + 1].isspace():
        start += 1
        while start < end and text[start].isspace():
            start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences_of(text: str, doc: Any = None) -> list[tuple[int, int, Any]]:
    """(start, end, spaCy span or None) of each non-empty sentence, in text order."""
    out = []
    if doc is not None:
        for sent in doc.sents:
            start, end = _trimmed(text, sent.start_char, sent.end_char)
            if start < end:
                out.append((start, end, sent))
        return out
    for match in _SENTENCE.finditer(text):
        start, end = _trimmed(text, match.start(), match.end())
        if start < end:
            out.append((start, end, None))
    return out


def score_sentences(text: str, doc: Any, model: Any) -> list[ScoredSentence]:
    """Every sentence with the model's probability of being check-worthy."""
    found = sentences_of(text, doc)
    strings: Sequence[str] = [text[s:e] for s, e, _ in found]
    scores = model.scores(strings) if strings else []
    return [ScoredSentence(s, e, text[s:e], float(score), span, len(_WORD.findall(text[s:e])) >= MIN_WORDS)
            for (s, e, span), score in zip(found, scores)]


def sentences_slavic(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty Russian or Ukrainian sentence (:func:`unspin.slavic.sentences`,
    trimmed as the English ones are), in text order."""
    from unspin.slavic import sentences

    out = []
    for a, b in sentences(text):
        start, end = _trimmed(text, a, b)
        if start < end:
            out.append((start, end))
    return out


def score_sentences_slavic(text: str, model: Any) -> list[ScoredSentence]:
    """Every Russian or Ukrainian sentence with the multilingual model's probability of being
    check-worthy (no parse: ``span`` is None)."""
    found = sentences_slavic(text)
    strings = [text[s:e] for s, e in found]
    scores = model.scores(strings) if strings else []
    return [ScoredSentence(s, e, text[s:e], float(score), None, len(_WORD.findall(text[s:e])) >= MIN_WORDS)
            for (s, e), score in zip(found, scores)]
