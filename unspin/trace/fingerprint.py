"""Placeholder with the agreed interface; being written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from unspin.model import Article

NUM_PERM = 128


@dataclass
class Fingerprint:
    """What the store indexes for one article so relatives can be found fast.

    minhash:  datasketch MinHash hash values (uint64, length NUM_PERM) of word shingles
    bands:    LSH band keys (signed 64-bit ints): articles sharing a band are copy candidates
    terms:    hashed language-independent "fact skeleton" features (signed 64-bit ints):
              numbers, dates, latinised names, quote hashes; shared rare terms find rewrites
    skeleton: the readable skeleton (JSON-able) kept for evidence
    """

    minhash: np.ndarray
    bands: list[int] = field(default_factory=list)
    terms: list[int] = field(default_factory=list)
    skeleton: dict[str, Any] = field(default_factory=dict)


def fingerprint(article: Article) -> Fingerprint:
    return Fingerprint(minhash=np.zeros(NUM_PERM, dtype=np.uint64))
