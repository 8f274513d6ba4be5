"""Corpus views over traced relations (issue 3): stories, the outlet network
and domain forensics.

Everything here is pure: plain data in (``Article`` records, the tracer's
``(query id, Relative)`` pairs, raw HTML strings), plain data out. Only the
``unspin stories`` / ``unspin outlets`` commands touch the store.
"""

from __future__ import annotations

from unspin.corpus.forensics import Indicator, domain_indicators, forensics, shared_indicators
from unspin.corpus.outlets import outlet_network
from unspin.corpus.stories import OriginChoice, Story, StoryMember, build_stories

__all__ = [
    "Indicator",
    "OriginChoice",
    "Story",
    "StoryMember",
    "build_stories",
    "domain_indicators",
    "forensics",
    "outlet_network",
    "shared_indicators",
]
