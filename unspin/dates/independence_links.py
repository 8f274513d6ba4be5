"""Which country's independence a time claim counts from.

"Ukrainians celebrate 30 years of independence", "Next week Ukraine celebrates its 30th
Independence Day", "Moldova, which gained independence from the USSR fifty years ago": the
claim names independence but not whose, and the timeline keeps one row per country (Ukraine's
declaration of 24 August 1991, Moldova's, Georgia's, Belarus's). The country is the one the
sentence names last before the word "independence", by its name or its people's ("Ukrainians",
"Moldovan"), with no other country named between; a sentence that names none of them links
nothing.
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
#: independence won: "gained independence", "declared its independence"
_WON_INDEPENDENCE = re.compile(r"(?i)\b(?:gained|declared|won|restored|proclaimed|achieved|regained)\s+"
                               r"(?:(?:its|their)\s+)?independence\b")
#: another country, or its people, named between ours and the word
_OTHER_COUNTRY = re.compile(r"\b(?:Poland|Polish|Poles|Lithuania|Latvia|Estonia|Finland|India|America|Americans|"
                            r"United\s+States|Russia|Russians|Kazakhstan|Armenia|Azerbaijan|Israel|Ireland|Slovakia|Czech)")
_FROM_OTHER = re.compile(rf"(?i){NOT_STATE_INDEPENDENCE}")


def counts_from_independence(claim: DurationClaim, text: str) -> bool:
    """Whether the claim's own phrase is a time of independence ("30 years of independence", "its
    30th Independence Day"): such a claim is checked only against a country's row, never by the
    other links ("India marks 75 years of independence" is no claim about Ukraine's)."""
    return claim.topic is not None and _INDEPENDENCE.match(text, claim.topic[0]) is not None


def independence_link(claim: DurationClaim, text: str, sentence: tuple[int, int], timeline: Timeline) -> Link | None:
    """The independence of the country the sentence is about, when the claim counts from one."""
    if claim.kind not in ("since", "anniversary"):
        return None
    if claim.preposition == "ago":
        # (only a winning of it: not "Ukraine's independence is at stake, Zelensky said two years ago")
        won = _WON_INDEPENDENCE.search(text, max(sentence[0], claim.start - _NEAR_CHARS), claim.start)
        near = _INDEPENDENCE.search(text, won.start(), won.end()) if won is not None else None
    elif claim.topic is not None:
        near = _INDEPENDENCE.match(text, claim.topic[0]) or _INDEPENDENCE.search(
            text, claim.topic[0], min(claim.topic[1], claim.topic[0] + 30))
    else:
        near = None
    if near is None or _FROM_OTHER.match(text, near.end()):
        return None  # ("one year of independence from Russian gas")
    # the country named last before the word, with no other country's name between (not "Poland
    # marks 100 years of independence. Ukraine sent a delegation", "Lithuania restored its
    # independence ..., the Ukrainian envoy said")
    before = list(_COUNTRY.finditer(text, sentence[0], near.start()))
    found = before[-1] if before else None
    if found is None or _OTHER_COUNTRY.search(text, found.end(), near.start()):
        return None
    event = timeline.get(_COUNTRIES[found.group("stem").lower()])
    if event is None:
        return None
    return Link(EventMention(near.start(), near.end(), f"{found.group(0)} \u2026 {near.group(0)}", (event,)),
                (event,), "claim phrase")
