"""Stylometric features: one fixed-length vector per text, named, for the classifier.

Two groups, so training can measure what each buys (the ablation in
``train/style``):

* ``stylometry`` — sentence-length mean and spread (models write evenly
  sized sentences; reporters mix one-liners with long quotes), vocabulary
  variety over a fixed window (type-token ratio and hapax rate on the first
  100 words, so length does not drive it), word length, punctuation rates,
  and a profile of function words and reporting verbs per 100 words;
* ``lexicon`` — cliché density from :mod:`unspin.style.cliches` and counts of
  the leftovers from :mod:`unspin.style.leftovers`.

Deliberately absent: text length, capital-letter and non-ASCII rates, newline
layout, "no space after a full stop". The training corpora differ between classes in
exactly those (longer, lower-cased or scraped human copy; shorter, clean model output), so a
classifier fed them would learn the corpus preprocessing, not the writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from unspin.style.cliches import Cliche, find_cliches
from unspin.style.leftovers import Leftover, find_leftovers

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# a sentence ends at . ! ? (optionally followed by a closing quote/bracket) then space
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’')\]]))\s+|\n+")

FUNCTION_WORDS = (
    "the", "a", "an", "and", "but", "or", "of", "in", "on", "at", "to", "for", "with", "by", "from",
    "as", "that", "this", "these", "which", "who", "it", "its", "is", "was", "were", "are", "has",
    "had", "have", "be", "been", "will", "would", "could", "not", "he", "she", "they", "we", "i",
    "you", "his", "her", "their", "our", "my", "said", "says", "told", "according", "also",
    "however", "while", "amid", "despite", "moreover", "furthermore", "additionally", "overall",
    "ultimately", "thus", "just", "so", "very", "really", "like", "about", "more", "only",
)

PUNCTUATION = (
    ("comma", ","), ("semicolon", ";"), ("colon", ":"), ("dash", "—–"), ("exclamation", "!"),
    ("question", "?"), ("double_quote", "\"“”«»"), ("parenthesis", "("),
)

MIN_WORDS = 60  # below this the rates are too noisy to score; the analyzer says so
# Vocabulary variety is measured on a fixed window so text length does not drive it.
# 100, not more: a 200-word window is longer than many texts, and shorter texts then
# look "more varied", which made length itself a cue (model rewrites are shorter than
# their human originals in the training corpora).
VOCABULARY_WINDOW = 100


@dataclass
class TextFeatures:
    names: list[str]
    values: np.ndarray  # float64, len(names)
    groups: dict[str, list[str]]  # group name -> feature names
    cliches: list[Cliche]
    leftovers: list[Leftover]
    words: int


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and len(_WORD.findall(s)) > 0]


def _rate(count: float, words: int) -> float:
    return 100.0 * count / max(words, 1)


def stylometry(text: str) -> dict[str, float]:
    words = [w.lower() for w in _WORD.findall(text)]
    n = len(words)
    sentences = split_sentences(text)
    lengths = np.array([len(_WORD.findall(s)) for s in sentences] or [0], dtype=float)
    window = words[:VOCABULARY_WINDOW]
    counts: dict[str, int] = {}
    for w in window:
        counts[w] = counts.get(w, 0) + 1
    feats: dict[str, float] = {
        "sentence_len_mean": float(lengths.mean()),
        "sentence_len_std": float(lengths.std()),
        "sentence_len_cv": float(lengths.std() / lengths.mean()) if lengths.mean() else 0.0,
        "short_sentence_share": float((lengths < 8).mean()),
        "long_sentence_share": float((lengths > 35).mean()),
        "type_token_ratio_100": len(counts) / max(len(window), 1),
        "hapax_ratio_100": sum(1 for c in counts.values() if c == 1) / max(len(window), 1),
        "word_len_mean": float(np.mean([len(w) for w in words])) if words else 0.0,
        "long_word_rate": _rate(sum(1 for w in words if len(w) >= 9), n),
        "ly_adverb_rate": _rate(sum(1 for w in words if len(w) > 4 and w.endswith("ly")), n),
        "digit_rate": _rate(len(re.findall(r"\d+", text)), n),
        "this_these_opening_share": (sum(1 for s in sentences if re.match(r"(?:This|These)\s", s))
                                     / max(len(sentences), 1)),
        "not_only_rate": _rate(len(re.findall(r"\bnot only\b", text, re.IGNORECASE)), n),
    }
    for name, chars in PUNCTUATION:
        feats[f"punct_{name}_rate"] = _rate(sum(text.count(c) for c in chars), n)
    word_counts: dict[str, int] = {}
    for w in words:
        word_counts[w] = word_counts.get(w, 0) + 1
    for fw in FUNCTION_WORDS:
        feats[f"fw_{fw}"] = _rate(word_counts.get(fw, 0), n)
    return feats


def lexicon_features(text: str, cliches: list[Cliche], leftovers: list[Leftover], words: int) -> dict[str, float]:
    kinds = [x.kind for x in leftovers]
    return {
        "cliche_rate": _rate(len(cliches), words),
        "cliche_weight_rate": _rate(sum(c.weight for c in cliches), words),
        "cliche_distinct": float(len({c.id for c in cliches})),
        "leftover_assistant": float(kinds.count("assistant")),
        "leftover_persona": float(kinds.count("persona")),
        "leftover_cyrillic": float(sum(1 for x in leftovers if x.kind == "cyrillic" and not x.attributes.get("glossed"))),
        "leftover_homoglyph": float(kinds.count("homoglyph")),
        "leftover_transliteration_mixed": float(sum(1 for x in leftovers if x.kind == "transliteration"
                                                    and x.attributes.get("mixed"))),
    }


def extract(text: str) -> TextFeatures:
    """All hand-made features of ``text`` (no model needed)."""
    cliches = find_cliches(text)
    leftovers = find_leftovers(text)
    words = len(_WORD.findall(text))
    style = stylometry(text)
    lexicon = lexicon_features(text, cliches, leftovers, words)
    names = list(style) + list(lexicon)
    values = np.array([style[k] for k in style] + [lexicon[k] for k in lexicon], dtype=np.float64)
    return TextFeatures(names, values, {"stylometry": list(style), "lexicon": list(lexicon)},
                        cliches, leftovers, words)
