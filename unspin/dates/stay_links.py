"""A stay counted from a departure the text dates: "Valentyna left in August 2022 ... and has
spent almost four years in Dnipro"; "The family left Kupiansk in March 2022. They spent 30
months in Poland".

Refugee and evacuee stories tell a person's time somewhere after a dated flight. The timeline
knows nothing of the person, but the text gives the start: a stay after a departure cannot be
longer than the time from that departure to publication, and one told in the present perfect
("has spent") runs until publication, so it must match that time. ``Stay`` and ``check_stay``
serve ``unspin.dates.custody_links`` too (a time in custody or in office after a dated arrest
or appointment).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from unspin.dates.duration_claims import DurationClaim
from unspin.dates.durations import DurationCheck, check_claim
from unspin.dates.event_links import Link, date_link, previous_sentence
from unspin.dates.expressions import DateMention

#: "spent", "has spent", "then spent", "and have now spent" right before the claim
SPENT = re.compile(r"(?i)\b(?P<perfect>(?:has|have)\s+(?:now\s+|already\s+)?)?(?:then\s+)?spent\s+$")
#: "have now lived in Dnipro", "has stayed at a shelter in Lviv" right before a "for N" claim
LIVED = re.compile(r"(?i)\b(?P<perfect>(?:has|have)\s+(?:now\s+|already\s+)?)(?:lived|stayed|settled|sheltered|"
                   r"been\s+(?:living|staying|sheltering))\s+(?:in|at)\s+(?:(?:a|an|the)\s+)?(?:[\w'-]+\s+){0,3}?"
                   r"[A-Z][\w'\u2019-]*\s+$")
#: "had spent": a stay before the departure, not after it
HAD_SPENT = re.compile(r"(?i)\bhad\s+(?:then\s+|already\s+)?spent\s+$")
#: a stay somewhere: "in Poland", "in a hostel in Wroclaw", "at a camp near Lviv"
_STAY_PLACE = re.compile(r"\s+(?:in|at)\s+(?:(?:a|an|the)\s+)?(?:[\w'-]+\s+){0,3}?[A-Z]")
#: a verb of leaving or arriving somewhere
_MOVED = re.compile(r"(?i)\b(?:left|fled|escaped|evacuated|crossed|arrived|came|moved|reached|relocated|was\s+taken|"
                    r"freed|released|"
                    r"were\s+taken|took\s+(?:her|him|them|us|me)\b)")
#: a subject that carries the story on from the sentence before: "She then spent ..."
_CARRIED_SUBJECT = re.compile(r"(?i)^\s*(?:she|he|they|we|i|the\s+family|the\s+couple)\b")
#: the same sentence, joined to the departure: "... left in August 2022, ..., and has spent"
_JOINED = re.compile(r"(?i)\b(?:and|then|before|after\s+which)\b")


@dataclass
class Stay:
    """A stay claim and the departure that starts it."""

    link: Link
    perfect: bool  # "has spent": runs until publication; otherwise a bound
    end: DateMention | None = None  # the release the text dates, which ends the stay


def stay_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
              mentions: list[DateMention]) -> Stay | None:
    """The dated departure a "spent N in PLACE" stay follows, or None."""
    if claim.kind != "span" or claim.unit not in ("year", "month", "week", "day"):
        return None
    head = text[sentence[0]:claim.start]
    spent = SPENT.search(head)
    if spent is None or HAD_SPENT.search(head) or not _STAY_PLACE.match(text, claim.end):
        # ("left in 2022 and have now lived in Dnipro for six years": the place before the span)
        spent = LIVED.search(head) if claim.text.lower().startswith("for ") else None
        if spent is None:
            return None
    departure = _departure(text, (sentence[0], sentence[0] + spent.start()), mentions)
    if departure is None:
        before = previous_sentence(text, sentence)
        if before is None or not _CARRIED_SUBJECT.match(head):
            return None
        departure = _departure(text, before, mentions)
    elif not _JOINED.search(text, departure.end, sentence[0] + spent.start()):
        return None
    if departure is None:
        return None
    return Stay(date_link(departure), perfect=spent.group("perfect") is not None)


def _departure(text: str, within: tuple[int, int], mentions: list[DateMention]) -> DateMention | None:
    """The last date in ``within`` whose clause tells of leaving or arriving somewhere."""
    if not _MOVED.search(text, *within):
        return None
    dated = [m for m in mentions if within[0] <= m.start and m.end <= within[1] and can_start(m)]
    return dated[-1] if dated else None


#: date granularities that can start a person's time (not "a week ago"-style ranges)
START_GRANULARITIES = ("day", "month", "season", "year")
OFFSET_DATE = re.compile(r"(?i)\b(?:ago|after|before|later|earlier)$")


def can_start(m: DateMention) -> bool:
    """Whether ``m`` can start a stay or a custody: a date to the day, month, season or year,
    not one told as an offset from another ("two weeks after")."""
    return m.start_date is not None and m.granularity in START_GRANULARITIES and not OFFSET_DATE.search(m.text)


def check_stay(claim: DurationClaim, stay: Stay, published: date) -> DurationCheck:
    """A stay with a release the text dates is measured to that date; one in the present perfect
    must match the time since the departure; one told in the past may be shorter (the person
    moved on) but not longer."""
    if stay.end is not None:
        # "taken prisoner in March 2022 ... spent 11 months in captivity before being freed last June"
        reference = (stay.end.start_date, stay.end.end_date or stay.end.start_date)
        return check_claim(claim, stay.link, reference, f"the release the text dates (\u201c{stay.end.text}\u201d)")
    if stay.perfect:
        return check_claim(claim, stay.link, published, "publication date (the stay runs until now)")
    bound = check_claim(claim, stay.link, published,
                        "publication date (a stay cannot outlast the time since the departure)")
    if bound.status == "mismatch" and all(v.difference_days < 0 for _, v in bound.measures):
        return bound
    return DurationCheck(claim, stay.link, None, bound.reference_source,
                         reason="a stay after the departure, shorter than the time since it")
