"""Dates and durations: resolving date expressions and checking time claims.

* :func:`find_dates` — date expressions resolved against a publication date.
* :func:`find_duration_claims`, :func:`check_claim` — "2.5 years of combat",
  "as the war enters its third year", checked against the timeline.
* :func:`reference_timeline`, :func:`load_timeline` — the cited reference
  timeline (``unspin/data/timeline.tsv``), optionally extended by user files.
"""

from __future__ import annotations

from unspin.dates.duration_claims import DurationClaim, find_duration_claims
from unspin.dates.durations import DurationCheck, check_claim
from unspin.dates.event_links import link_claim
from unspin.dates.expressions import DateMention, find_dates
from unspin.dates.timeline import (
    Event,
    EventMention,
    Timeline,
    TimelineError,
    find_event_mentions,
    load_timeline,
    parse_timeline,
    read_timeline_file,
    reference_timeline,
)

__all__ = [
    "DateMention", "DurationCheck", "DurationClaim", "Event", "EventMention", "Timeline", "TimelineError",
    "check_claim", "find_dates", "find_duration_claims", "find_event_mentions", "link_claim", "load_timeline",
    "parse_timeline", "read_timeline_file", "reference_timeline",
]
