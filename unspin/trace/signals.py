"""Per-article direction signals for origin ranking (``features.ArticleSignals``).

Cheap, rule-based and cached per article: the language, the publication date
with its precision, the style classifier's machine-writing probability
(English texts only; 0.5 elsewhere, meaning "not measured"), translation
leftovers (untranslated Cyrillic or mixed-script words in a Latin-script
text) and whether the outlet is a listed wire or state-media source.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from unspin.model import Article
from unspin.trace.features import ArticleSignals

UPSTREAM_OUTLETS_FILE = Path(__file__).resolve().parent.parent / "data" / "outlets_upstream.tsv"
PRECISIONS = ("day", "month", "year")


def language_of(article: Article) -> str:
    """The article's language code (``ru`` of ``ru-RU``), detected when the reader gave none."""
    if article.language:
        return article.language.split("-")[0].lower()
    from unspin.lang import detect_language

    return detect_language(article.text)[0]


def read_outlets(path: Path) -> frozenset[str]:
    domains = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            domains.add(line.split("\t")[0].strip().lower().removeprefix("www."))
    return frozenset(domains)


@lru_cache(maxsize=1)
def upstream_outlets() -> frozenset[str]:
    """The shipped list plus UNSPIN_UPSTREAM_OUTLETS (a file in the same format)."""
    domains = set(read_outlets(UPSTREAM_OUTLETS_FILE))
    extra = os.environ.get("UNSPIN_UPSTREAM_OUTLETS")
    if extra:
        domains |= read_outlets(Path(extra))
    return frozenset(domains)


def is_upstream_outlet(domain: str | None) -> bool:
    if not domain:
        return False
    host = domain.lower().removeprefix("www.")
    outlets = upstream_outlets()
    parts = host.split(".")
    return any(".".join(parts[i:]) in outlets for i in range(len(parts) - 1))


def published_precision(article: Article) -> str:
    value = article.metadata.get("published_precision", "day")
    return value if value in PRECISIONS else "day"


_CACHE: dict[tuple[str, int], ArticleSignals] = {}


def signals_of(article: Article, language: str, stored: dict | None = None, *,
               remember: bool = True) -> ArticleSignals:
    """The article's signals; ``stored`` is the ``text_signals`` kept at ingest (the
    costly part: the style classifier takes ~2 ms an article), computed when absent.

    ``remember=False``: with ``stored`` signals, make them afresh instead of caching them
    (cheap). trace passes them on with its candidates; a process-wide cache filled by every
    pool member of every trace keeps tens of thousands of small objects alive, and the full
    garbage collections that walk them were the slowest traces at 100k stored articles."""
    has_stored = bool(stored) and "machine" in stored and "leftovers" in stored
    if has_stored and not remember:
        return _signals(article, language, stored)
    key = (article.id, hash(article.text))
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) > 50_000:
            _CACHE.clear()
        found = _CACHE[key] = _signals(article, language,
                                       stored if has_stored else text_signals(article.text, language))
    return found


def _signals(article: Article, language: str, text: dict) -> ArticleSignals:
    return ArticleSignals(
        language=language, published=article.published, precision=published_precision(article),
        machine_probability=float(text["machine"]), translation_leftovers=int(text["leftovers"]),
        upstream_outlet=is_upstream_outlet(article.domain))


def text_signals(text: str, language: str) -> dict:
    """The signals read from the text alone, as the store keeps them with the fingerprint."""
    return {"machine": round(_machine_probability(text, language), 4), "leftovers": _leftovers(text)}


def _machine_probability(text: str, language: str) -> float:
    if language != "en":
        return 0.5
    from unspin.style.classifier import ModelUnavailable, load_classifier

    try:
        return load_classifier().score(text).probability
    except ModelUnavailable:
        return 0.5


def _leftovers(text: str) -> int:
    from unspin.style.leftovers import find_cyrillic, find_homoglyphs

    return len(find_cyrillic(text)) + len(find_homoglyphs(text))
