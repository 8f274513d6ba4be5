"""The process-wide pymorphy3 analyzers for Russian and Ukrainian (dictionaries inside PyPI
packages), loaded once and shared by every module that needs lemmas or grammatical tags."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=2)
def morph_analyzer(language: str) -> Any:
    """pymorphy3's analyzer for ``"uk"``, else Russian; None when the package or its dictionary
    cannot be loaded (callers then fall back as they document)."""
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang="uk" if language == "uk" else "ru")
    except Exception:  # noqa: BLE001 - a locked runtime dependency; missing only in a broken install
        return None


def require_morph_analyzer(language: str) -> Any:
    """As :func:`morph_analyzer`, but a missing analyzer is an error that says what to install."""
    analyzer = morph_analyzer(language)
    if analyzer is None:
        raise RuntimeError("Russian and Ukrainian analysis needs pymorphy3 and its dictionaries "
                           "(pymorphy3-dicts-ru, pymorphy3-dicts-uk in requirements.lock)")
    return analyzer
