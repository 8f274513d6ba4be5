"""The longest a Ukrainian town can have been occupied, from the oblast it lies in.

Writers give the time a town has been occupied ("Tokmak, under Russian occupation for 30
months", "In Oleshky, occupied by Russian forces for four years", "after six years of
occupation") for hundreds of towns and villages the timeline has no row for. Where the town
lies bounds that time whatever its own dates: outside Crimea and the Donetsk and Luhansk
oblasts no Ukrainian town was occupied before the full-scale invasion of 24 February 2022, and
the Russian army had left the Kyiv, Chernihiv and Zhytomyr oblasts by the first days of April
2022. So a time under occupation longer than the time from the earliest possible start to
the latest possible end is wrong; a shorter one is left alone (the town may have fallen later
or been freed sooner). The oblast comes from the places analyzer's resolved place spans, so
the bound is only drawn when that analyzer ran before this one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from unspin.dates.duration_claims import DurationClaim
from unspin.dates.durations import DurationCheck, check_claim
from unspin.dates.event_links import Link
from unspin.dates.timeline import Event, EventMention

#: Where an occupation can have begun and (for the north) when every one had ended.
#: The Donbas seizures began with the Donetsk administration building on 6 April 2014.
_SINCE_2014 = {"Autonomous Republic of Crimea": date(2014, 2, 20), "Sevastopol": date(2014, 2, 20),
               "Donetsk Oblast": date(2014, 4, 6), "Luhansk Oblast": date(2014, 4, 6)}
INVASION = date(2022, 2, 24)
#: The Russian withdrawal from the north was complete on 6 April 2022 (Chernihiv oblast's last
#: villages); Sumy oblast is not here, its border villages were taken again in 2025.
_NORTH = {"Kyiv Oblast", "Kyiv", "Chernihiv Oblast", "Zhytomyr Oblast"}
NORTH_WITHDRAWAL = date(2022, 4, 6)
#: Oblasts where Russian forces have held ground since the invasion.
_SINCE_INVASION = {"Kherson Oblast", "Zaporizhzhia Oblast", "Kharkiv Oblast", "Mykolaiv Oblast", "Sumy Oblast",
                   "Dnipropetrovsk Oblast"}

_SOURCE = ("Wikipedia: Russian-occupied territories of Ukraine",
           "https://en.wikipedia.org/wiki/Russian-occupied_territories_of_Ukraine")

#: the occupation the span is of, right before a "for N": "under Russian occupation for",
#: "occupied by Russian forces for", "Russian troops had held the town for"
_OCCUPIED_FOR = re.compile(
    r"(?i)(?:\boccupied|\bunder\s+(?:(?:the\s+)?Russian\s+|enemy\s+)?(?:occupation|control|rule)|"
    r"\b(?:Russian|Russia's|enemy)\s+(?:forces|troops|army|soldiers)\s+(?:had\s+|have\s+|has\s+)?"
    r"(?:held|occupied|controlled))"
    r"(?:\s+by\s+(?:the\s+)?(?:Russian\s+)?(?:forces|troops|army|Russia|Russians|occupiers|invaders))?"
    r"(?:\s+(?:it|them|the\s+(?:town|city|village|settlement|port)))?\s+$")
#: the noun of the span or ordinal: "six years of occupation", "its third year under Russian control"
_OCCUPATION_NOUN = re.compile(r"(?i)\s*(?:of\s+(?:(?:the\s+)?Russian\s+)?(?:occupation|control|rule)|"
                              r"under\s+(?:Russian\s+|enemy\s+)?(?:occupation|control|rule))\b")
#: another war's occupation, or a Ukrainian one: no bound of this war
_OTHER_OCCUPATION = re.compile(r"(?i)\b(?:Nazis?|Germans?|Wehrmacht|fascists?|Second\s+World\s+War|World\s+War|"
                               r"Soviet|194\d|Ukrainian\s+(?:control|forces|troops|army)|Ukraine's\s+(?:control|forces))\b")
#: "the town" standing for the last town named
_KIND_NOUN = re.compile(r"(?i)\bthe\s+(?:town|city|village|settlement|port)\b")
_PLACE_KINDS = ("city", "town", "village", "hamlet", "settlement", "region")


@dataclass(frozen=True)
class PlaceSpan:
    """A resolved place the places analyzer found: where it is and which oblast it lies in."""

    start: int
    end: int
    text: str
    admin1: str


def ukrainian_places(spans: Sequence[Any]) -> list[PlaceSpan]:
    """The places analyzer's spans of known Ukrainian towns, villages and regions, in order."""
    out = []
    for span in spans:
        a = getattr(span, "attributes", None) or {}
        if getattr(span, "label", "") != "place" or a.get("status") != "known" or a.get("country") != "UA":
            continue
        if a.get("admin1") and a.get("kind") in _PLACE_KINDS:
            out.append(PlaceSpan(span.start, span.end, span.text, a["admin1"]))
    return sorted(out, key=lambda p: p.start)


def _bounds(admin1: str) -> tuple[date, date | None] | None:
    if admin1 in _SINCE_2014:
        return _SINCE_2014[admin1], None
    if admin1 in _NORTH:
        return INVASION, NORTH_WITHDRAWAL
    if admin1 in _SINCE_INVASION:
        return INVASION, None
    return None  # never occupied: a claim there is about something else


def _occupation_claim(claim: DurationClaim, text: str, sentence: tuple[int, int]) -> bool:
    if claim.kind not in ("span", "ordinal"):
        return False
    if claim.kind == "span" and claim.text.lower().startswith("for "):
        return _OCCUPIED_FOR.search(text, sentence[0], claim.start) is not None
    return claim.noun == "occupation" or _OCCUPATION_NOUN.match(text, claim.end) is not None


def _place_of(claim: DurationClaim, text: str, sentence: tuple[int, int],
              places: list[PlaceSpan]) -> PlaceSpan | None:
    """The town the span is about: the last one named before the claim in its sentence, else the
    first one after it ("three years of Russian occupation in Tokmak"), else, for "the town",
    the last one named before the sentence."""
    before = [p for p in places if sentence[0] <= p.start and p.end <= claim.start]
    if before:
        return before[-1]
    after = [p for p in places if claim.end <= p.start and p.end <= sentence[1]]
    if after:
        return after[0]
    if _KIND_NOUN.search(text, sentence[0], sentence[1]):
        earlier = [p for p in places if p.end <= sentence[0]]
        return earlier[-1] if earlier else None
    return None


#: a taking or freeing told right before an "ago": "Hroza, liberated almost five years ago", "since
#: Russian troops were driven out three years ago", "the town, which fell two years ago"
_TAKEN_AGO = re.compile(
    r"(?i)\b(?:liberated|freed|retaken|retook|recaptured|captured|seized|occupied|fell|taken|stormed|"
    r"entered|won\s+back|driven\s+out|pushed\s+out|withdrew|pulled\s+out|abandoned)\b"
    r"(?:\s+(?:by|from|to|of|out|back)\b)?(?:\s+[\w\u2019'-]+){0,4}?\s+$")
#: history before this war ("liberated from the Nazis", "in 1943", "the Bolsheviks"): no bound of it
_HISTORY = re.compile(r"(?i)\b(?:Bolsheviks?|Red\s+Army|Civil\s+War|Holodomor|19\d\d)\b")


def taking_bound(claim: DurationClaim, text: str, sentence: tuple[int, int], places: list[PlaceSpan],
                 published: date | None) -> DurationCheck | None:
    """"Hroza, liberated almost five years ago": a town outside Crimea and the Donbas was taken
    or freed in this war no earlier than 24 February 2022, so an "ago" longer than the time since
    then is wrong (a shorter one is left alone)."""
    if published is None or claim.preposition != "ago" or claim.kind != "since":
        return None
    clause = max(text.rfind(",", sentence[0], claim.start), text.rfind(";", sentence[0], claim.start), sentence[0])
    if not _TAKEN_AGO.search(text, clause, claim.start):
        return None
    if _OTHER_OCCUPATION.search(text, sentence[0], sentence[1]) or _HISTORY.search(text, sentence[0], sentence[1]):
        return None
    place = _place_of(claim, text, sentence, places)
    bounds = _bounds(place.admin1) if place is not None else None
    if place is None or bounds is None or bounds[0] != INVASION:
        return None  # (in Crimea and the Donbas, towns changed hands in 2014 too)
    return _longer_than_allowed(claim, place, bounds, published,
                                f"taking or freeing of {place.text} at the earliest ({place.admin1}: nothing "
                                f"there changed hands before {INVASION.isoformat()})")


def _longer_than_allowed(claim: DurationClaim, place: PlaceSpan, bounds: tuple[date, date | None],
                         published: date, label: str) -> DurationCheck | None:
    event = Event(id="occupation-bound", type="period", start=bounds[0], end=bounds[1], label=label, keywords=(),
                  source=_SOURCE[0], url=_SOURCE[1])
    link = Link(EventMention(place.start, place.end, place.text, (event,)), (event,), "place's oblast")
    check = check_claim(claim, link, published, "publication date")
    if check.status == "mismatch" and all(v.difference_days < 0 for _, v in check.measures):
        return check  # longer than the oblast allows
    return None


def occupation_bound(claim: DurationClaim, text: str, sentence: tuple[int, int], places: list[PlaceSpan],
                     published: date | None) -> DurationCheck | None:
    """A check of a time under occupation against the longest its town's oblast allows, or None
    when the claim is no such time, names no known Ukrainian town, or is within the bound."""
    if published is None or not _occupation_claim(claim, text, sentence):
        return None
    if _OTHER_OCCUPATION.search(text, sentence[0], sentence[1]):
        return None
    place = _place_of(claim, text, sentence, places)
    bounds = _bounds(place.admin1) if place is not None else None
    if place is None or bounds is None:
        return None
    start, end = bounds
    return _longer_than_allowed(claim, place, bounds, published,
                                f"occupation of {place.text} at its longest ({place.admin1}: no occupation "
                                f"there before {start.isoformat()}{', none after ' + end.isoformat() if end else ''})")
