"""Direction signals read from a stored fingerprint are not cached process-wide (unspin/trace/signals.py)."""

from __future__ import annotations

from unspin.model import Article
from unspin.trace import signals


def test_stored_signals_are_made_afresh_and_computed_ones_are_remembered():
    article = Article(id="s1", text="Officials said the bridge was repaired.", language="en")
    stored = {"machine": 0.25, "leftovers": 1}
    before = len(signals._CACHE)
    made = signals.signals_of(article, "en", stored, remember=False)
    assert (made.machine_probability, made.translation_leftovers) == (0.25, 1)
    assert len(signals._CACHE) == before
    remembered = signals.signals_of(article, "en", stored)  # the default keeps it, as before
    assert len(signals._CACHE) == before + 1
    assert signals.signals_of(article, "en") is remembered
