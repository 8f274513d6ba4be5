"""What the store indexes for each article at ingest, so relatives are found fast.

Two indexes, two kinds of relative:

* MinHash of word 5-shingles, cut into LSH bands: articles sharing a band
  key are near-verbatim copies (Jaccard of 0.5 shares a band with
  probability ~0.87 at 32 bands x 4 rows; Jaccard 0.1 only ~0.003).
* Hashed skeleton terms (numbers, dates, latinised names, quotes): shared
  rare terms find paraphrases and translations that share no 5-shingle.

This runs on every article at ingest (target >= 300 articles/s on two
cores including the database), so it is rules and vectorised hashing only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from datasketch import MinHash

from unspin.model import Article
from unspin.trace.normalize import words
from unspin.trace.similarity import lead_words
from unspin.trace.skeleton import extract, hash_term

NUM_PERM = 128
SHINGLE_WORDS = 5
BANDS = 32
ROWS = NUM_PERM // BANDS  # 4
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"  # datasketch 2.x default; values fit 32 bits, stored as uint64

# Permutations are drawn once; MinHash(...) with the same seed reuses them.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)


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


def shingles(text: str, size: int = SHINGLE_WORDS) -> list[bytes]:
    """Word ``size``-shingles as UTF-8 bytes (the whole text when it is shorter)."""
    tokens = words(text)
    if not tokens:
        return []
    if len(tokens) <= size:
        return [" ".join(tokens).encode("utf-8")]
    return [" ".join(tokens[i:i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)]


def minhash_values(text: str) -> np.ndarray:
    mh = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, permutations=_TEMPLATE.permutations,
                 scheme=MINHASH_SCHEME)
    grams = shingles(text)
    if grams:
        mh.update_batch(grams)
    return mh.hashvalues.astype(np.uint64)


def band_keys(hashvalues: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band; the band index is part of the key so
    equal rows in different bands do not collide. Empty texts get no bands."""
    if not len(hashvalues) or np.all(hashvalues == _TEMPLATE.hashvalues):
        return []
    rows = np.ascontiguousarray(hashvalues, dtype=np.uint64).reshape(BANDS, ROWS)
    keys = []
    for band, row in enumerate(rows):
        digest = hashlib.blake2b(row.tobytes(), digest_size=8, person=b"band%04d" % band).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def fingerprint(article: Article) -> Fingerprint:
    # The title is left out: rewriters change titles first, and many inputs have none.
    from unspin.trace.signals import language_of, text_signals

    text = article.text
    values = minhash_values(text)
    skeleton = extract(text)
    terms = skeleton.terms
    kept = skeleton.to_json()
    # the origin model's per-text signals (machine-writing probability, leftovers),
    # computed once here rather than at every trace that meets the article
    kept["signals"] = text_signals(text, language_of(article))
    kept["lead"] = lead_words(text)  # the opening's words, for lead_overlap
    return Fingerprint(
        minhash=values,
        bands=band_keys(values),
        terms=[hash_term(t) for t in terms],
        skeleton=kept,
    )
