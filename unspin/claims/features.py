"""Sentence -> sparse TF-IDF features: word 1-2-grams and character 2-5-grams.

This is the one featurizer for both training (``train/claims/train.py``
builds its matrices with it) and inference, so the shipped model sees
exactly the features it was fitted on; no scikit-learn at run time.

Scheme (the usual one, written out so it can be read and re-implemented):

* the text is lower-cased and runs of whitespace become one space;
* words are ``\\w+`` runs; word features are the words and pairs of adjacent
  words ("w:the", "w:the army");
* character features are 2- to 5-grams inside each space-padded word
  ("c: 5", "c:50%"), so numbers, percentages and word endings count;
* each block gets sublinear term frequency (1 + ln tf) times the idf
  learnt in training, ln((1 + n) / (1 + df)) + 1, and is L2-normalised on
  its own, so long sentences do not outweigh short ones.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
BLOCKS = ("word", "char")


def normalise(text: str) -> str:
    return _WHITESPACE.sub(" ", text.lower()).strip()


def word_terms(text: str) -> list[str]:
    words = _WORD.findall(normalise(text))
    terms = [f"w:{w}" for w in words]
    if WORD_NGRAMS[1] >= 2:
        terms += [f"w:{a} {b}" for a, b in zip(words, words[1:])]
    return terms


def char_terms(text: str) -> list[str]:
    low, high = CHAR_NGRAMS
    terms: list[str] = []
    for word in normalise(text).split(" "):
        if not word:
            continue
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) < n:
                break
            terms += [f"c:{padded[i:i + n]}" for i in range(len(padded) - n + 1)]
    return terms


def block_terms(text: str) -> dict[str, Counter[str]]:
    """Term counts of one sentence, per block."""
    return {"word": Counter(word_terms(text)), "char": Counter(char_terms(text))}


def weigh(counts: Mapping[str, int], vocabulary: Mapping[str, int],
          idf: Iterable[float] | list[float]) -> dict[int, float]:
    """Sublinear tf times idf for the terms in ``vocabulary``, L2-normalised."""
    weights: dict[int, float] = {}
    for term, count in counts.items():
        index = vocabulary.get(term)
        if index is not None:
            weights[index] = (1.0 + math.log(count)) * idf[index]  # type: ignore[index]
    norm = math.sqrt(sum(v * v for v in weights.values()))
    if norm > 0:
        weights = {i: v / norm for i, v in weights.items()}
    return weights


def idf_from_df(df: int, n_documents: int) -> float:
    return math.log((1 + n_documents) / (1 + df)) + 1.0
