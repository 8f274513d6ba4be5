"""Which country's independence a time claim counts from.

"Ukrainians celebrate 30 years of independence", "Next week Ukraine celebrates its 30th
Independence Day", "Moldova, which gained independence from the USSR fifty years ago": the
claim names independence but not whose, and the timeline keeps one row per country (Ukraine's
declaration of 24 August 1991, Moldova's, Georgia's, Belarus's). The country is the one the
sentence names nearest before the claim (else after it, else the text's first), by its name or
its people's ("Ukrainians", "Moldovan").
"""

from __future__ import annotations

import re

from unspin.dates.duration_claims import NOT_STATE_INDEPENDENCE, DurationClaim
from unspin.dates.event_links import Link
from unspin.dates.timeline import EventMention, Timeline

#: country or people -> the timeline row of its independence
_COUNTRIES = {"ukrain": "ukraine-independence-declaration", "moldov": "moldova-independence",
              "georgia": "georgia-independence", "belarus": "belarus-independence"}
_COUNTRY = re.compile(r"\b(?P<stem>Ukrain|Moldov|Georgia|Belarus)(?:e|a|ia|ian|ians|n|ns|e's|a's|'s|\u2019s)?\b")
#: independence as the claim's topic, or the thing gained or declared before an "ago"
_INDEPENDENCE = re.compile(r"(?i)\bindependence\b")
_NEAR_CHARS = 40
_FROM_OTHER = re.compile(rf"(?i){NOT_STATE_INDEPENDENCE}")


def independence_link(claim: DurationClaim, text: str, sentence: tuple[int, int], timeline: Timeline) -> Link | None:
    """The independence of the country the sentence is about, when the claim counts from one."""
    if claim.kind not in ("since", "anniversary"):
        return None
    if claim.preposition == "ago":
        near = _INDEPENDENCE.search(text, max(sentence[0], claim.start - _NEAR_CHARS), claim.start)
    elif claim.topic is not None:
        near = _INDEPENDENCE.match(text, claim.topic[0]) or _INDEPENDENCE.search(
            text, claim.topic[0], min(claim.topic[1], claim.topic[0] + 30))
    else:
        near = None
    if near is None or _FROM_OTHER.match(text, near.end()):
        return None  # ("one year of independence from Russian gas")
    before = list(_COUNTRY.finditer(text, sentence[0], claim.start))
    found = before[-1] if before else (_COUNTRY.search(text, claim.end, sentence[1]) or _COUNTRY.search(text))
    if found is None:
        return None
    event = timeline.get(_COUNTRIES[found.group("stem").lower()])
    if event is None:
        return None
    return Link(EventMention(near.start(), near.end(), f"{found.group(0)} \u2026 {near.group(0)}", (event,)),
                (event,), "claim phrase")
