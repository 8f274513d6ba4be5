"""A stay counted from a start the text dates: "Valentyna left in August 2022 ... and has
spent almost four years in Dnipro"; "The family left Kupiansk in March 2022. They spent 30
months in Poland"; "Aseyev was detained in Donetsk in June 2017 ... He spent nearly four years
in separatist custody"; "she became commissioner in October 2021 and has held the post for
three years".

Refugee, prisoner and court stories tell a person's time somewhere after a dated flight, arrest
or appointment. The timeline knows nothing of the person, but the text gives the start: a stay
after it cannot be longer than the time from that start to publication, and one told in the
present perfect ("has spent", "has been held") runs until publication, so it must match that time.
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
_SPENT = re.compile(r"(?i)\b(?P<perfect>(?:has|have)\s+(?:now\s+|already\s+)?)?(?:then\s+)?spent\s+$")
#: "had spent": a stay before the departure, not after it
_HAD = re.compile(r"(?i)\bhad\s+(?:then\s+|already\s+)?spent\s+$")
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


def stay_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
              mentions: list[DateMention]) -> Stay | None:
    """The dated departure a "spent N in PLACE" stay follows, or None."""
    if claim.kind != "span" or claim.unit not in ("year", "month", "week", "day"):
        return None
    head = text[sentence[0]:claim.start]
    spent = _SPENT.search(head)
    if spent is None or _HAD.search(head) or not _STAY_PLACE.match(text, claim.end):
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


#: "has been held", "had been in custody", "was held at the prison", "has held the post": a
#: person's time in custody or in office, told as "for N"
_HELD_PERSON = re.compile(
    r"(?i)\b(?:(?P<perfect>(?:has|have)\s+(?:now\s+|already\s+)?been)|had\s+been|was|were)\s+"
    r"(?:held|detained|imprisoned|jailed|behind\s+bars|in\s+(?:[\w-]+\s+){0,2}?(?:custody|captivity|prison|jail|detention))"
    r"(?:\s+(?:at|in)\s+[^,;.()]{1,40}?)?\s+$"
    r"|\b(?P<perfect_post>(?:has|have)\s+(?:now\s+)?)held\s+(?:the|this|that|her|his|their)\s+(?:post|job|office|seat|role)\s+$")
#: the start of a custody, an office or a listing, with its date after it: "was detained in
#: Donetsk in June 2017", "became commissioner in October 2021", "was added to the EU list in
#: March 2022" (not "sentenced": a verdict comes after the arrest the time counts from)
_TAKEN = re.compile(r"(?i)\b(?:detained|arrested|captured|seized|abducted|kidnapped|surrendered|"
                    r"taken\s+(?:prisoner|captive|hostage|from)|took\s+(?:[\w-]+\s+){1,3}?from|"
                    r"became|appointed|elected|added\s+to|listed|put\s+on)\b")
#: a subject that carries the story on from the sentence before: "He", "The fighters"
_CARRIED_CUSTODY_SUBJECT = re.compile(r"(?i)^\s*(?:she|he|they|we|i|the\s+[a-z]+s)\b")
#: the person the claim is about, when named: "Whelan, who holds ..., has spent"
_NAMED_SUBJECT = re.compile(r"^\s*(?:[A-Z][a-z\u2019'-]+\s+)?(?P<name>[A-Z][a-z\u2019'-]{2,})\b")
#: sentences searched back for a named person's arrest
CUSTODY_LOOKBACK = 6


def custody_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                 mentions: list[DateMention]) -> Stay | None:
    """The dated arrest, capture or appointment a "spent N in custody" or "has been held for N"
    follows: in the claim's sentence, in the sentence before when the subject carries on ("He
    spent ..."), or in the last of the six before that names the claim's subject ("Whelan")."""
    if claim.kind != "span" or claim.unit not in ("year", "month", "week", "day"):
        return None
    head = text[sentence[0]:claim.start]
    # ("arrested on Jan. 17 as he returned from Germany, where he had spent five months": a stay
    # before the arrest)
    spent = _SPENT.search(head) if not claim.text.lower().startswith("for ") and not _HAD.search(head) else None
    held = _HELD_PERSON.search(head) if claim.text.lower().startswith("for ") else None
    said = spent or held
    if said is None:
        return None
    perfect = bool(said.group("perfect")) or bool(held is not None and held.group("perfect_post"))
    start = _taken(text, (sentence[0], sentence[0] + said.start()), mentions)
    if start is None:
        before = previous_sentence(text, sentence)
        if before is not None and _CARRIED_CUSTODY_SUBJECT.match(head):
            start = _taken(text, before, mentions)
        elif before is not None and (named := _NAMED_SUBJECT.match(head)) is not None:
            for _ in range(CUSTODY_LOOKBACK):
                if before is None:
                    break
                if re.search(rf"\b{re.escape(named.group('name'))}\b", text[before[0]:before[1]]):
                    start = _taken(text, before, mentions)
                    if start is not None:
                        break
                before = previous_sentence(text, before)
    if start is None:
        return None
    return Stay(date_link(start), perfect=perfect)


def _taken(text: str, within: tuple[int, int], mentions: list[DateMention]) -> DateMention | None:
    """The earliest date within 80 characters after an arrest, capture or appointment in ``within``."""
    dated = []
    for verb in _TAKEN.finditer(text, *within):
        # (a date may run past a split the punctuation made: "on Dec. 28, 2018")
        after = [m for m in mentions if verb.end() <= m.start < min(within[1], verb.end() + 80)
                 and m.start_date is not None and m.granularity in ("day", "month", "season", "year")
                 and not _OFFSET.search(m.text)]
        if after:
            dated.append(after[0])
    # "a wait that began in February 2015, when her son was captured": the date before its when-clause
    for m in mentions:
        if within[0] <= m.start < within[1] and m.start_date is not None and not _OFFSET.search(m.text) \
                and m.granularity in ("day", "month", "season", "year") \
                and (when := _WHEN_TAKEN.match(text, m.end)) is not None and when.end() <= within[1]:
            dated.append(m)
    return min(dated, key=lambda m: m.start_date) if dated else None


_WHEN_TAKEN = re.compile(r",?\s+when\s+[^.;!?]{0,80}?" + _TAKEN.pattern.replace("(?i)", "", 1), re.IGNORECASE)


def _departure(text: str, within: tuple[int, int], mentions: list[DateMention]) -> DateMention | None:
    """The last date in ``within`` whose clause tells of leaving or arriving somewhere."""
    if not _MOVED.search(text, *within):
        return None
    dated = [m for m in mentions if within[0] <= m.start and m.end <= within[1] and m.start_date is not None
             and m.granularity in ("day", "month", "season", "year") and not _OFFSET.search(m.text)]
    return dated[-1] if dated else None


_OFFSET = re.compile(r"(?i)\b(?:ago|after|before|later|earlier)$")


def check_stay(claim: DurationClaim, stay: Stay, published: date) -> DurationCheck:
    """A stay in the present perfect must match the time since the departure; one told in the
    past may be shorter (the person moved on) but not longer."""
    if stay.perfect:
        return check_claim(claim, stay.link, published, "publication date (the stay runs until now)")
    bound = check_claim(claim, stay.link, published,
                        "publication date (a stay cannot outlast the time since the departure)")
    if bound.status == "mismatch" and all(v.difference_days < 0 for _, v in bound.measures):
        return bound
    return DurationCheck(claim, stay.link, None, bound.reference_source,
                         reason="a stay after the departure, shorter than the time since it")
