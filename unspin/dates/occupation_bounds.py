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

Two checks share the bound: ``occupation_bound`` for a time under occupation ("occupied for
N", "N years of occupation", "the Nth year of occupation") and ``taking_bound`` for a taking or
freeing told with an "ago" ("Hroza, liberated five years ago"). ``places_in`` adapts the places
analyzer's spans.
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

#: Places outside Crimea that Russian troops held in 2014 (the Arabat Spit's north end in Kherson
#: Oblast, March to December 2014): no bound from the invasion for them.
_HELD_IN_2014 = frozenset({"Strilkove", "Strelkovoye", "Shchaslyvtseve", "Arabat Spit", "Arabatska Strilka"})

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
#: a building before "occupied": "The printing house, occupied for 20 years, ..." (tenants)
_BUILDING_BEFORE = re.compile(r"(?i)\b(?:house|building|office|offices|flat|apartment|premises|hall|shop|store|room|"
                              r"seat|post|position|desk|chair|role)\b[^.;]{0,30}$")
#: "occupied for 20 years by the Vivat publisher": a tenant, not an army
_CIVIL_HOLDER_AFTER = re.compile(r"(?i)\s+by\s+(?!(?:the\s+)?(?:Russian|Russia|enemy|occupiers|invaders|separatists|"
                                 r"Moscow|Kremlin))")
#: the noun of the span or ordinal: "six years of occupation", "its third year under Russian control"
_OCCUPATION_NOUN = re.compile(r"(?i)\s*(?:of\s+(?:(?:the\s+)?Russian\s+)?(?:occupation|control|rule)|"
                              r"under\s+(?:Russian\s+|enemy\s+)?(?:occupation|control|rule))\b")
#: another war's occupation, or a Ukrainian one: no bound of this war
_OTHER_OCCUPATION = re.compile(r"(?i)\b(?:Nazis?|Germans?|Wehrmacht|fascists?|Romanians?|Hungarians?|Second\s+World\s+War|"
                               r"World\s+War|Soviet|Bolsheviks?|Red\s+Army|Civil\s+War|Holodomor|19\d\d|"
                               r"Ukrainian\s+(?:control|forces|troops|army)|Ukraine's\s+(?:control|forces))\b")
#: "the town" standing for the last town named
_KIND_NOUN = re.compile(r"(?i)\bthe\s+(?:town|city|village|settlement|port)\b")


_PLACE_KINDS = ("city", "town", "village", "hamlet", "settlement", "region")


@dataclass(frozen=True)
class PlaceSpan:
    """A resolved place the places analyzer found: where it is, its country and (in Ukraine) oblast."""

    start: int
    end: int
    text: str
    country: str
    admin1: str
    name: str = ""


def places_in(spans: Sequence[Any]) -> list[PlaceSpan]:
    """The places analyzer's spans of known towns, villages and regions (of any country; not whole
    countries, which name no town), in order."""
    out = []
    for span in spans:
        a = getattr(span, "attributes", None) or {}
        if getattr(span, "label", "") != "place" or a.get("status") != "known" or a.get("kind") not in _PLACE_KINDS:
            continue
        out.append(PlaceSpan(span.start, span.end, span.text, a.get("country") or "", a.get("admin1") or "",
                             a.get("name") or span.text))
    return sorted(out, key=lambda p: p.start)


def _bounds(place: PlaceSpan) -> tuple[date, date | None] | None:
    """(earliest start, latest end) of an occupation of ``place`` in this war, or None."""
    if place.country != "UA" or place.name in _HELD_IN_2014 or place.text in _HELD_IN_2014:
        return None
    admin1 = place.admin1
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
        said = _OCCUPIED_FOR.search(text, sentence[0], claim.start)
        if said is None or _CIVIL_HOLDER_AFTER.match(text, claim.end):
            return False
        # (a building "occupied for 20 years" has tenants, not an army)
        return _BUILDING_BEFORE.search(text, max(sentence[0], said.start() - 40), said.start()) is None
    return claim.noun == "occupation" or _OCCUPATION_NOUN.match(text, claim.end) is not None


#: a place right after the claim that its phrase is about: "three years of Russian occupation in Tokmak"
_PLACE_AFTER = re.compile(r"(?i)\s*(?:of\s+(?:the\s+)?(?:Russian\s+)?(?:occupation|control|rule)\s+)?(?:in|of)\s+$")


def _place_of(claim: DurationClaim, text: str, sentence: tuple[int, int],
              places: list[PlaceSpan]) -> PlaceSpan | None:
    """The place the span is about: the last one named before the claim in its sentence (of any
    country: "Abkhazia has been under Russian occupation" is no Ukrainian town's), else one the
    claim's own phrase names right after it, else, for "the town" in a sentence that names no
    place, the last one named before the sentence."""
    before = [p for p in places if sentence[0] <= p.start and p.end <= claim.start]
    if before:
        return before[-1]
    after = [p for p in places if claim.end <= p.start and p.end <= sentence[1]
             and _PLACE_AFTER.fullmatch(text, claim.end, p.start)]
    if after:
        return after[0]
    if _KIND_NOUN.search(text, sentence[0], sentence[1]) and not any(
            sentence[0] <= p.start < sentence[1] for p in places):
        earlier = [p for p in places if p.end <= sentence[0]]
        return earlier[-1] if earlier else None
    return None


#: a taking or freeing told right before an "ago", by a participle right after the town ("Hroza,
#: liberated almost five years ago") or with an army as its actor ("since Russian troops were driven
#: out three years ago", "which Russian troops entered three years ago")
_TAKEN_PARTICIPLE = re.compile(r"(?i)\s*(?:which\s+was\s+|that\s+was\s+)?(?:liberated|freed|retaken|recaptured|captured|"
                               r"seized|occupied|taken)\b(?:\s+[\w\u2019'-]+){0,4}?\s+$")
_ARMY_TOOK = re.compile(
    r"(?i)\b(?:Russian|Ukrainian|enemy|separatist)\s+(?:troops|forces|army|soldiers|paratroopers|units)\s+"
    r"(?:(?:were|was|had|have)\s+)?(?:liberated|freed|retook|recaptured|captured|seized|occupied|took|stormed|entered|"
    r"won\s+back|driven\s+out|pushed\s+out|withdrew|pulled\s+out|left)\b(?:\s+[\w\u2019'-]+){0,4}?\s+$")


def taking_bound(claim: DurationClaim, text: str, sentence: tuple[int, int], places: list[PlaceSpan],
                 published: date | None) -> DurationCheck | None:
    """"Hroza, liberated almost five years ago": a town outside Crimea and the Donbas was taken
    or freed in this war no earlier than 24 February 2022, so an "ago" longer than the time since
    then is wrong (a shorter one is left alone)."""
    if published is None or claim.preposition != "ago" or claim.kind != "since":
        return None
    comma = text.rfind(",", sentence[0], claim.start)
    clause = max(comma, text.rfind(";", sentence[0], claim.start), sentence[0])
    before = [p for p in places if sentence[0] <= p.start and p.end <= claim.start]
    participle = (comma >= 0 and before and re.fullmatch(r"\s*", text[before[-1].end:comma])
                  and _TAKEN_PARTICIPLE.fullmatch(text, comma + 1, claim.start))
    if not participle and not _ARMY_TOOK.search(text, clause, claim.start):
        return None
    if _OTHER_OCCUPATION.search(text, sentence[0], sentence[1]):
        return None
    place = _place_of(claim, text, sentence, places)
    bounds = _bounds(place) if place is not None else None
    if place is None or bounds is None or not _first_taken_in_2022(bounds):
        return None  # (in Crimea and the Donbas, towns changed hands in 2014 too)
    return _longer_than_allowed(claim, place, bounds, published,
                                f"taking or freeing of {place.text} at the earliest ({place.admin1}: nothing "
                                f"there changed hands before {INVASION.isoformat()})")


def _first_taken_in_2022(bounds: tuple[date, date | None]) -> bool:
    """Whether the oblast's towns first changed hands with the invasion (not in 2014)."""
    return bounds[0] == INVASION


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
    bounds = _bounds(place) if place is not None else None
    if place is None or bounds is None:
        return None
    start, end = bounds
    return _longer_than_allowed(claim, place, bounds, published,
                                f"occupation of {place.text} at its longest ({place.admin1}: no occupation "
                                f"there before {start.isoformat()}{', none after ' + end.isoformat() if end else ''})")
