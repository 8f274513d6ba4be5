"""Duration and anniversary claims, checked against the reference timeline.

Four shapes of claim are recognised:

* ``span``: how long something went on: "2.5 years of brutal combat",
  "an 18-month siege", "has fought for 18 months".
* ``since``: time elapsed since an event: "ten years since the annexation".
* ``anniversary``: "the 3rd anniversary of the invasion".
* ``ordinal``: which year (month...) something is in: "as the war enters its third year".

Claims are found by ``unspin.dates.duration_claims`` and linked to a
timeline event by ``unspin.dates.event_links``; this module checks them. The true value is computed from
the event dates and the reference date (the publication date, or an
explicit date in the same sentence), and a claim is a mismatch only when it
is wrong for *every* event its keyword could mean ("the war" may be the
full-scale invasion or the war since 2014).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from unspin.dates.duration_claims import (DAYS_PER_MONTH, DAYS_PER_YEAR, UNIT_DAYS, DurationClaim, days_across, ordinal_word,
                                          years_later)
from unspin.dates.event_links import Link
from unspin.dates.timeline import Event

# --- checking --------------------------------------------------------------------------


@dataclass
class Measure:
    """What the timeline says for one event, seen from the reference date."""

    event: Event
    reference: date
    length_days: int  # event start to its end (or to the reference date while open)
    since_start_days: int
    since_end_days: int | None  # only for periods that ended before the reference date
    ended: bool

    @classmethod
    def of(cls, event: Event, reference: date) -> Measure:
        ended = event.type == "period" and event.end is not None and event.end <= reference
        end = event.end if ended and event.end else (reference if event.type == "period" else event.start)
        return cls(event, reference, (end - event.start).days, (reference - event.start).days,
                   (reference - event.end).days if ended and event.end else None, ended)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "reference_date": self.reference.isoformat(),
            "event_length": amount(self.length_days),
            "since_start": amount(self.since_start_days),
            "ordinal_year": self.ordinal("year"),
        }
        if self.since_end_days is not None:
            out["since_end"] = amount(self.since_end_days)
        out["ended"] = self.ended
        return out

    def ordinal(self, unit: str) -> int:
        """Which year/month/... the event is in at the reference date (or was in when it ended)."""
        days = self.length_days if self.event.type == "period" else self.since_start_days
        return int(math.floor(max(days, 0) / UNIT_DAYS[unit])) + 1


def amount(days: float) -> dict[str, float]:
    return {"days": round(days, 1), "months": round(days / DAYS_PER_MONTH, 1),
            "years": round(days / DAYS_PER_YEAR, 2)}


def _tolerance(claim: DurationClaim, compared: float) -> float:
    if claim.unit == "year" and claim.value == 1:
        # "held for a year" of six and a half months is half wrong: one year is said of eight
        # to sixteen months
        unit_tol = 0.35 * DAYS_PER_YEAR
    elif claim.unit == "year":
        unit_tol = 0.5 * DAYS_PER_YEAR if claim.value == int(claim.value) else 0.25 * DAYS_PER_YEAR
    elif claim.unit == "decade":
        # "a decade" is said of 7 to 13 years; "half a decade" is about five (four to six)
        unit_tol = 3 * DAYS_PER_YEAR if claim.value == int(claim.value) else DAYS_PER_YEAR
    elif claim.unit == "month":
        unit_tol = DAYS_PER_MONTH if claim.value >= 2 else 0.5 * DAYS_PER_MONTH
    elif claim.unit == "week":
        unit_tol = 7.0
    else:
        unit_tol = max(1.0, 0.1 * claim.claimed_days)
    # a whole number of years is said to the year: "eleven years ago" of something ten years
    # and a month old is a year out, whatever the size (other units: a tenth of the length)
    relative = 0.05 if claim.unit == "year" and claim.value == int(claim.value) else 0.1
    tolerance = max(unit_tol, relative * compared)
    if claim.qualifier in ("about", "around", "roughly", "approximately", "some"):
        tolerance *= 1.5
    return tolerance


#: A whole number of years still fits when this much of a year more has passed.
WHOLE_YEARS_COUNTED_UP_TO = 0.9

#: Where a battle or siege begins or ends is known to a few days ("withdrew from Debaltseve" on the
#: 18th, the battle ended on the 20th): claims counted in days or weeks get this much more slack
#: against a period's dates.
PERIOD_EDGE_DAYS = 3.0


def _amount_fits(claim: DurationClaim, actual: float, event: Event | None = None) -> tuple[bool, float, float]:
    """(fits, difference actual-claimed in days, tolerance) for span and since claims."""
    claimed = claim.claimed_days
    tolerance = _tolerance(claim, actual)
    edge = PERIOD_EDGE_DAYS if event is not None and event.type == "period" and claim.unit in (
        "day", "week", "month") else 0.0
    if claim.unit != "month":
        tolerance += edge
    diff = actual - claimed
    # (a bound a qualifier sets gets the period's slack in months too: "after nearly ten months of
    # war" in February 2015, when the Donbas war's first day is a matter of days, April 6 or 12, 2014)
    slack = 0.05 * claimed + edge
    qualifier = claim.qualifier
    if qualifier in ("more than", "over", "at least", "well over", "just over"):
        return actual >= claimed - slack, diff, tolerance
    if qualifier in ("a little over", "a little more than", "little more than"):
        # "a little over a year" is 12 to 18 months, not five years
        return claimed - slack <= actual <= claimed + max(tolerance, 0.5 * claimed), diff, tolerance
    if qualifier in ("nearly", "almost", "close to", "just under"):
        # "nearly three years" is 2.5 to 3 years, not 1.9; "nearly eleven years" is more than ten
        # (a sixth of a long count is over a year: no one says "nearly eleven" of nine and a half)
        below = 0.15 * claimed if claim.unit != "year" else min(0.15 * claimed, DAYS_PER_YEAR)
        return claimed - max(tolerance, below) <= actual <= claimed + slack, diff, tolerance
    if qualifier in ("less than", "under"):
        return actual <= claimed + slack, diff, tolerance
    if claim.unit == "year" and claim.value == int(claim.value) and diff > 0:
        # whole years are counted as people count their age: "we have lived through five years of
        # war" is true at five years and eight months
        return diff <= max(tolerance, WHOLE_YEARS_COUNTED_UP_TO * DAYS_PER_YEAR), diff, tolerance
    return abs(diff) <= tolerance, diff, tolerance


#: Ordinal verbs that say the event is under way at the reference date ("now in its third year").
PRESENT_ORDINAL_VERBS = frozenset({"now in", "is in", "enters", "enter", "entering", "into", "marks", "mark",
                                   "this is", "faces", "face", "facing", "braces for", "brace for", "bracing for"})

ORDINAL_SLACK_DAYS = {"year": 45.0, "month": 5.0, "week": 1.0, "day": 0.0, "decade": 180.0}


@dataclass
class Verdict:
    fits: bool
    compared_days: float  # the timeline value the claim was compared with
    difference_days: float  # how far outside the claim's range it is (0 when it fits)
    basis: str  # what was compared: "event length", "time since start", ...
    tolerance_days: float = 0.0
    ordinal_current: int | None = None


def judge(claim: DurationClaim, measure: Measure) -> Verdict:
    if claim.kind == "span":
        closed = measure.ended or measure.event.type != "period"
        actual = measure.length_days if closed else measure.since_start_days
        basis = "event length" if closed else "time since start"
        fits, diff, tol = _amount_fits(claim, actual, measure.event)
        return Verdict(fits, actual, 0.0 if fits else diff, basis, tol)
    if claim.kind == "since" and claim.from_end and measure.since_end_days is not None:
        fits, diff, tol = _amount_fits(claim, measure.since_end_days, measure.event)
        return Verdict(fits, measure.since_end_days, 0.0 if fits else diff, "time since end", tol)
    if claim.kind == "since":
        fits, diff, tol = _amount_fits(claim, measure.since_start_days, measure.event)
        if not fits and measure.since_end_days is not None:
            fits_end, diff_end, tol_end = _amount_fits(claim, measure.since_end_days, measure.event)
            if fits_end:
                return Verdict(True, measure.since_end_days, 0.0, "time since end", tol_end)
        return Verdict(fits, measure.since_start_days, 0.0 if fits else diff, "time since start", tol)
    if claim.kind == "anniversary":
        since = measure.since_end_days if claim.from_end and measure.since_end_days is not None else \
            measure.since_start_days
        years = since / DAYS_PER_YEAR
        n = claim.value
        # The Nth anniversary has passed (within the year) or is at most ~2 months away.
        low, high = n - 0.2, n + 1.0
        fits = low <= years < high
        diff = 0.0 if fits else (years - n) * DAYS_PER_YEAR
        return Verdict(fits, since, diff, "time since end" if since != measure.since_start_days else "time since start",
                       0.2 * DAYS_PER_YEAR, int(math.floor(years)))
    if claim.unit in SEASON_START_MONTH:
        return _judge_season(claim, measure)
    # ordinal: "enters its third year" fits while the event is between 2 and 3 years old
    unit_days = UNIT_DAYS[claim.unit]
    actual = measure.length_days if measure.event.type == "period" else measure.since_start_days
    slack = ORDINAL_SLACK_DAYS[claim.unit]
    low, high = (claim.value - 1) * unit_days - slack, claim.value * unit_days + slack
    if claim.unit == "year" and claim.verb in ("enters", "enter", "entering"):
        # "as the war enters its third year" on the third anniversary is a year short: from that
        # day it enters its fourth (calendar years, no slack past the anniversary)
        high = float((years_later(measure.event.start, int(claim.value)) - measure.event.start).days)
    fits = low <= actual < high
    diff = 0.0 if fits else (actual - high if actual >= high else actual - low)
    return Verdict(fits, actual, diff, "event length" if measure.ended else "time since start", slack,
                   measure.ordinal(claim.unit))


#: The month a season begins in, and its length in months ("the fourth winter of the war").
SEASON_START_MONTH = {"winter": 12, "summer": 6}
SEASON_MONTHS = 3
#: A season this close ahead is already "the coming winter": "braces for its third winter" in October.
SEASON_AHEAD_DAYS = 92


def seasons(start: date, reference: date, season: str) -> tuple[int, bool, bool]:
    """How many of ``season`` an event running from ``start`` has touched by ``reference``,
    whether it began inside one, and whether the next one is at most three months away."""
    month = SEASON_START_MONTH[season]
    touched, began_inside = 0, False
    year = start.year - 1
    while True:
        first = date(year, month, 1)
        last = date(year + (month + SEASON_MONTHS - 1) // 12, (month + SEASON_MONTHS - 1) % 12 + 1, 1)
        if first > reference:
            ahead = (first - reference).days <= SEASON_AHEAD_DAYS
            return touched, began_inside, ahead
        if last > start:
            touched += 1
            began_inside = began_inside or first <= start
        year += 1


def _judge_season(claim: DurationClaim, measure: Measure) -> Verdict:
    """"The fourth winter of the war": the count of winters the event has touched, or one fewer
    when it began inside one (the full-scale war's first winter is 2022-23 to most writers), or one
    more when the next is near ("braces for its third winter" in October)."""
    end = measure.event.end if measure.ended and measure.event.end else measure.reference
    touched, began_inside, ahead = seasons(measure.event.start, end, claim.unit)
    allowed = {touched} | ({touched - 1} if began_inside else set()) | ({touched + 1} if ahead else set())
    n = int(claim.value)
    fits = n in allowed
    nearest = min(allowed, key=lambda a: abs(a - n))
    return Verdict(fits, float(measure.length_days), 0.0 if fits else (nearest - n) * DAYS_PER_YEAR,
                   f"{claim.unit}s touched", 0.0, max(allowed - {touched + 1} if ahead else allowed))


@dataclass
class DurationCheck:
    claim: DurationClaim
    link: Link | None
    reference: date | None
    reference_source: str = "publication date"
    status: str = "unchecked"  # ok | mismatch | unchecked
    reason: str = ""
    measures: list[tuple[Measure, Verdict]] = field(default_factory=list)

    @property
    def event(self) -> Event | None:
        return self.link.events[0] if self.link else None

    @property
    def primary(self) -> tuple[Measure, Verdict] | None:
        return self.measures[0] if self.measures else None


def check_claim(claim: DurationClaim, link: Link | None, reference: date | tuple[date, date] | None,
                reference_source: str = "publication date") -> DurationCheck:
    """Check ``claim`` against the linked events, measured to ``reference``.

    A reference given as a (first, last) range (a date "in 2016") is tried at
    both ends and at a dozen days between them: the claim fits if it fits anywhere
    in the range ("in March 2022, three weeks into the invasion" fits mid-March, at
    neither end of the month).
    """
    if isinstance(reference, tuple):
        if reference[0] == reference[1]:
            reference = reference[0]
        else:
            checks = [check_claim(claim, link, day, reference_source) for day in days_across(*reference)]
            return next((c for c in checks if c.status == "ok"), checks[-1])
    check = DurationCheck(claim, link, reference, reference_source)
    if link is None:
        check.reason = "no timeline event linked to this claim"
        return check
    events = link.events
    if reference is None:
        # Without a date to measure from only the length of an event that has ended can be checked.
        if claim.kind == "span" and events[0].type == "period" and events[0].end is not None:
            reference = events[0].end
            check.reference, check.reference_source = None, "event end (no publication date)"
        else:
            check.reason = "no publication date to measure elapsed time from"
            return check
    if claim.preposition == "into":
        # "almost a year into the southern counteroffensive": a claim about an event still going
        # on, so of two events sharing a name the one under way at the reference date is meant
        ongoing = tuple(e for e in events if e.type == "period" and e.start <= reference
                        and (e.end is None or e.end >= reference))
        events = ongoing or events
    elif claim.kind == "ordinal" and claim.verb in PRESENT_ORDINAL_VERBS:
        # "the war in the Donbas, now in its eighth year": an event that has ended is in no year
        # now, so of the events linked the one under way is meant (the Donbas war of 2014-2022
        # was in its eighth year when it merged into the full-scale war)
        ongoing = tuple(e for e in events if e.type == "period" and e.start <= reference
                        and (e.end is None or e.end >= reference))
        events = ongoing or events
    check.measures = [(m, judge(claim, m)) for m in (Measure.of(e, reference) for e in events)
                      if m.since_start_days >= 0]
    if not check.measures:
        check.reason = "the linked event starts after the reference date"
        return check
    if claim.kind == "span" and link.how in ("sentence", "nearest mention"):
        # "two days of fighting" near a mention of a months-long siege may be one episode of it:
        # only a span longer than the event is a contradiction when the claim does not name it
        check.measures = [(m, v if v.fits or v.difference_days < 0 else
                           Verdict(True, v.compared_days, 0.0, v.basis + " (a part of it)", v.tolerance_days))
                          for m, v in check.measures]
    check.status = "ok" if any(v.fits for _, v in check.measures) else "mismatch"
    if check.status == "mismatch" and link.how in ("sole event in sentence", "event words", "event told in the sentence") \
            and not _same_scale(claim, check):
        # "a day after a presidential election" in a sentence whose only timeline event is a
        # ten-year-old annexation: an amount that far off says the claim is about something else
        check.status, check.measures = "unchecked", []
        check.reason = "the only event the sentence names is too far from the claimed amount to be its subject"
        return check
    # Report the candidate that fits (if any) first; otherwise keep timeline order.
    check.measures.sort(key=lambda mv: not mv[1].fits)
    return check


#: A claim linked only because its sentence names one event is checked when the claimed amount is
#: within this factor of the actual one; a planted or garbled number is off by a year or two.
SOLE_EVENT_SCALE = 5.0


def _same_scale(claim: DurationClaim, check: DurationCheck) -> bool:
    unit = "year" if claim.kind == "anniversary" else claim.unit
    claimed = claim.value * UNIT_DAYS.get(unit, DAYS_PER_YEAR)
    actual = check.measures[0][1].compared_days
    return claimed > 0 and actual > 0 and 1 / SOLE_EVENT_SCALE <= claimed / actual <= SOLE_EVENT_SCALE


def severity_of(check: DurationCheck) -> str:
    """"high" when far off, "medium" otherwise (only meaningful for mismatches)."""
    primary = check.primary
    if primary is None:
        return "medium"
    _, verdict = primary
    if check.claim.kind in ("ordinal", "anniversary"):
        return "high" if abs(verdict.difference_days) > 90 else "medium"
    return "high" if abs(verdict.difference_days) > max(2 * verdict.tolerance_days, 90) else "medium"


def years_text(days: float) -> str:
    years = days / DAYS_PER_YEAR
    if abs(years) >= 1:
        return f"{years:.1f} years"
    months = days / DAYS_PER_MONTH
    if abs(months) >= 1:
        return f"{months:.1f} months"
    return f"{days:.0f} days"


def explain(check: DurationCheck) -> str:
    """One plain sentence: what the text claims and what the timeline says."""
    claim, primary = check.claim, check.primary
    assert primary is not None and check.link is not None
    measure, verdict = primary
    event = measure.event
    ref = measure.reference.isoformat()
    if check.reference_source == "publication date":
        ref = f"publication ({ref})"
    span = f"{event.start.isoformat()} – {event.end.isoformat()}" if event.end else f"since {event.start.isoformat()}"
    quoted = f"\u201c{claim.text}\u201d"
    if claim.kind == "span" and measure.ended:
        ago = f", and it ended {years_text(measure.since_end_days or 0)} before {ref}" if measure.since_end_days else ""
        return (f"The text claims {quoted} ({check.link.mention.keyword}), but the {event.label} ran {span}: "
                f"about {measure.length_days / DAYS_PER_YEAR:.1f} years ({measure.length_days / DAYS_PER_MONTH:.1f} months, "
                f"{measure.length_days} days){ago}.")
    if claim.kind == "ordinal":
        current = verdict.ordinal_current or 1
        alternatives = [f"counted from {m.event.start.isoformat()} ({m.event.label}) it would be its "
                        f"{ordinal_word(v.ordinal_current or 1)}" for m, v in check.measures[1:]]
        extra = f"; {'; '.join(alternatives)}" if alternatives else ""
        when = f"when it ended on {event.end.isoformat()}" if measure.ended and event.end else f"at {ref}"
        return (f"The text says {quoted}, but {when} the {event.label} ({span}) had lasted "
                f"{years_text(verdict.compared_days)}, so it was in its {ordinal_word(current)} "
                f"{claim.unit}{extra}.")
    began = "began on" if event.type == "period" else ("was claimed on" if event.type == "claim" else "was on")
    day = event.start
    if event.type == "period" and event.end is not None and (
            verdict.basis.startswith("time since end") or claim.kind == "anniversary" and claim.from_end):
        began, day = "ended on", event.end  # "Avdiivka fell two years ago": counted from the battle's end
    if claim.kind == "anniversary":
        since = measure.since_end_days if claim.from_end and measure.since_end_days is not None else \
            measure.since_start_days
        years = since / DAYS_PER_YEAR
        last = int(years)
        last_text = f"the last anniversary was the {ordinal_word(last)}" if last >= 1 else "no anniversary had passed yet"
        return (f"The text says {quoted}, but the {event.label} {began} {day.isoformat()}: "
                f"{years:.1f} years before {ref}, so {last_text}.")
    return (f"The text claims {quoted} ({check.link.mention.keyword}), but the {event.label} {began} "
            f"{day.isoformat()}: {years_text(verdict.compared_days)} before {ref}.")



def past_bound(check: DurationCheck, claim: DurationClaim, link: Link, published: date) -> DurationCheck:
    """A claim told in the past tense has no date to measure to, but it cannot describe
    more time than had passed by publication: "on the fifth anniversary of the invasion,
    Kyiv mourned" in 2025 is wrong whatever the story's own moment was."""
    if check.status != "unchecked":
        return check
    bound = check_claim(claim, link, published, "publication date (the latest moment a past-tense claim can describe)")
    if bound.status == "mismatch" and all(v.difference_days < 0 for _, v in bound.measures):
        return bound
    check.reason = "told as past narrative without a date to measure from"
    return check
