"""Find date expressions in English text and resolve them to calendar dates.

Absolute dates ("11 December 2025", "2025-12-11", "March 2022", "in 2014")
resolve on their own. Everything else needs an anchor: the publication date
("yesterday", "last week", "on Monday", "December 11" without a year) or
another resolved date ("two days later", "days after March 3").

Durations ("2.5 years", "for 18 months") are deliberately *not* dates; they
are handled by :mod:`unspin.dates.durations`.

Every mention records the ``rule`` that resolved it, so an analyst can see
why "December 11" became 2025-12-11 rather than 2024-12-11.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from unspin.dates.tense import attachment

if TYPE_CHECKING:
    from spacy.tokens import Doc

# --- vocabulary ----------------------------------------------------------------------

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                       "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = [name for name in calendar.day_name]  # Monday .. Sunday
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
                "a couple of": 2}
# Vague counts become ranges: (fewest, most) units.
VAGUE_COUNTS = {"a few": (2, 5), "few": (2, 5), "several": (3, 9), "": (1, 10)}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}

# Months are matched case-sensitively (capitalised) so the modal "may" and "march" the
# verb stay out; the rest is case-insensitive through inline flags.
_MONTH = (r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October"
          r"|November|December)(?![A-Za-z])|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
          r"(?:\.|(?![A-Za-z])))")
_MONTH_CAPITALS = r"(?P<month>" + "|".join(name.upper() for name in calendar.month_name if name) + r")(?![A-Za-z])"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")(?![A-Za-z])"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\d,.]\d)"
_COUNT = r"(?P<count>\d+|(?i:a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty))"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])")),
    ("month-day", re.compile(
        rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?![\d.,]\d)(?:,?\s+{_YEAR})?")),
    ("day-month", re.compile(
        rf"(?:{_WEEKDAY},?\s+)?(?:(?i:the)\s+)?(?<![\d.,])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?")),
    ("month-year", re.compile(rf"{_MONTH}(?:\s+of)?,?\s+{_YEAR}")),
    # ("MARCH 2023 - The ICC issues ...": a timeline's heading in capitals, only before its year)
    ("month-year", re.compile(rf"{_MONTH_CAPITALS},?\s+{_YEAR}")),
    # A month named alone ("in February", "last March"): only after a cue word, full names only.
    ("month", re.compile(r"(?i:\b(?P<cue>in|since|by|until|till|from|during|before|after|through|early|late|mid|"
                         r"last|this|next)(?:-|\s+))(?P<month>" + "|".join(MONTHS).title()
                         + r")(?![A-Za-z])(?!\s*\d)")),
    ("season-year", re.compile(rf"(?i:(?P<season>spring|summer|autumn|fall|winter))\s+(?:of\s+)?{_YEAR}")),
    ("relative-season", re.compile(r"(?i:\b(?P<rel>last|this|next)\s+(?P<season>spring|summer|autumn|winter)\b)")),
    ("relative-day", re.compile(r"(?i:\b(?P<word>yesterday|today|tomorrow|tonight|last night)\b)")),
    ("part-of-period", re.compile(r"(?i:\b(?P<part>earlier|later)\s+this\s+(?P<unit>week|month|year)\b)")),
    ("relative-period", re.compile(r"(?i:(?<!the )\b(?P<rel>last|this|next)\s+(?P<unit>week|month|year)\b)")),
    ("weekday", re.compile(rf"(?:(?i:(?P<rel>this past|last|next|this))\s+)?{_WEEKDAY}")),
    # ("a year ago today": that very day; "two years ago this week": that week)
    ("ago", re.compile(rf"\b{_COUNT}\s+(?i:(?P<unit>day|week|month|year|decade)s?)\s+(?i:ago)\b"
                       r"(?:\s+(?i:(?P<now>today|this\s+week|this\s+month))\b)?")),
    ("offset", re.compile(
        rf"(?:\b{_COUNT}\s+)?(?i:\b(?P<unit>day|week|month)(?P<plural>s)?)\s+(?i:(?P<dir>after|before|later|earlier))\b")),
    ("next-day", re.compile(r"(?i:\bthe\s+(?P<which>next|following|previous|preceding)\s+day\b)")),
    ("year", re.compile(rf"(?<![\w$€£.,-]){_YEAR}(?![\w%-]|\s*(?:km|%|troops|soldiers|people))")),
]

# Prepositions that make a bare four-digit number a year even outside a spaCy DATE entity.
_YEAR_CUES = re.compile(r"(?i:\b(?:in|since|by|until|till|from|before|after|of|during|early|late|mid|"
                        r"between|and|to|around|circa|year|spring|summer|autumn|winter)\W*)$")

RELATIVE_RULES_NEED_PUBLICATION = {"month-day-most-recent", "month-day-upcoming", "month-day-weekday",
                                   "weekday", "relative-day", "relative-period", "part-of-period",
                                   "ago", "relative-season"}


@dataclass
class DateMention:
    """One date expression in the text and what it resolved to."""

    start: int
    end: int
    text: str
    kind: str  # the pattern that found it
    start_date: date | None = None
    end_date: date | None = None  # equal to start_date for single days
    granularity: str = "day"  # day | week | month | season | year | range
    rule: str = ""
    relative_to: date | None = None
    anchor_text: str | None = None  # the mention it was resolved against, when not the publication date
    weekday: str | None = None  # the weekday the text states, if any
    explicit_year: bool = False
    describes: str = "main-clause"  # or "subordinate-event" for "days after <clause>"
    confidence: float = 0.9
    invalid: str | None = None  # why a calendar date is impossible ("February 30")
    match: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def resolved(self) -> bool:
        return self.start_date is not None

    @property
    def is_relative(self) -> bool:
        return self.relative_to is not None or self.rule in RELATIVE_RULES_NEED_PUBLICATION

    def resolved_value(self) -> str | dict[str, str] | None:
        if self.start_date is None:
            return None
        if self.end_date is None or self.end_date == self.start_date:
            return self.start_date.isoformat()
        return {"start": self.start_date.isoformat(), "end": self.end_date.isoformat()}

    def attributes(self) -> dict[str, Any]:
        attributes: dict[str, Any] = {
            "resolved": self.resolved_value(),
            "granularity": self.granularity,
            "rule": self.rule,
        }
        if self.relative_to is not None:
            attributes["relative_to"] = self.relative_to.isoformat()
        if self.anchor_text:
            attributes["anchor_text"] = self.anchor_text
        if self.weekday:
            attributes["weekday_stated"] = self.weekday
        if self.describes != "main-clause":
            attributes["describes"] = self.describes
        if self.invalid:
            attributes["invalid"] = self.invalid
        attributes["confidence"] = round(self.confidence, 2)
        return attributes


#: a dateline's date: after nothing but a place on its line ("KYIV, 8 July 2025 —", "Kharkiv, May 3
#: (Reuters) -"), and followed by a dash
_DATELINE_PLACE = re.compile(r"\s*[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2}"
                             r"(?:\s*,\s*[A-Z][\w.'\u2019-]*(?:\s+[\w.'\u2019-]+){0,2})?\s*,\s*")  # "BAKHMUT, Donetsk region, "
_DATELINE_DASH = re.compile(r"\s*(?:\([^()\n]{1,30}\)\s*)?[-\u2013\u2014]")


def in_dateline(text: str, m: DateMention) -> bool:
    """Whether ``m`` is a dateline's date: the moment of writing, not a moment the text tells of."""
    line_start = text.rfind("\n", 0, m.start) + 1
    return bool(_DATELINE_PLACE.fullmatch(text, line_start, m.start) and _DATELINE_DASH.match(text, m.end))


# --- calendar helpers ----------------------------------------------------------------


def month_number(token: str) -> int:
    key = token.rstrip(".").lower()
    return MONTHS.get(key) or MONTH_ABBREVIATIONS[key]


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def shift_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + (day.month - 1) + months
    return index // 12, index % 12 + 1


def _months_back(day: date, months: int) -> date:
    """``day`` that many months earlier (the last day of a shorter month: 29 February -> 28th)."""
    year, month = shift_months(day, -months)
    return date(year, month, min(day.day, month_range(year, month)[1].day))


def week_range(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def season_range(season: str, year: int) -> tuple[date, date]:
    first, last = SEASONS[season.lower()]
    if first > last:  # winter runs December of ``year`` to February of the next year
        return date(year, first, 1), month_range(year + 1, last)[1]
    return date(year, first, 1), month_range(year, last)[1]


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def count_value(text: str | None) -> tuple[int, int] | None:
    """(fewest, most) for a count word: "two" -> (2, 2), "a few" -> (2, 5), "" -> (1, 10)."""
    key = (text or "").lower().strip()
    if key.isdigit():
        return int(key), int(key)
    if key in NUMBER_WORDS:
        return NUMBER_WORDS[key], NUMBER_WORDS[key]
    if key in VAGUE_COUNTS:
        return VAGUE_COUNTS[key]
    return None


# How many sentences back "days after <clause>" may look for the date the narrative is at.
CLAUSE_ANCHOR_SENTENCES = 2

UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}


# --- finding candidates --------------------------------------------------------------


def _date_entity_ranges(doc: Doc | None) -> list[tuple[int, int]]:
    if doc is None:
        return []
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]


def _candidates(text: str, doc: Doc | None) -> list[tuple[int, int, str, re.Match[str]]]:
    entity_ranges = _date_entity_ranges(doc)
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "iso" and re.search(r"""=\s*["']?$""", text[max(0, start - 3):start]):
                continue  # a markup attribute (datetime="2016-07-23"), not prose
            if kind == "year":
                in_entity = any(s <= start and end <= e for s, e in entity_ranges)
                if not in_entity and not _YEAR_CUES.search(text[max(0, start - 12):start]):
                    continue
            if kind == "weekday" and match.group("rel") is None:
                start = match.start("weekday")
            if kind == "month" and match.group("cue").lower() not in ("last", "this", "next"):
                start = match.start("month")
            if kind == "offset" and not match.group("count") and not match.group("plural"):
                continue  # "day after" alone is too vague to be a date
            found.append((start, end, kind, match))
    # Longest first, then earliest: a full "Monday, December 11, 2025" beats its parts.
    found.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    kept: list[tuple[int, int, str, re.Match[str]]] = []
    for candidate in found:
        if all(candidate[1] <= k[0] or candidate[0] >= k[1] for k in kept):
            kept.append(candidate)
    kept.sort(key=lambda c: c[0])
    return kept


# --- resolution ----------------------------------------------------------------------


def _looks_forward(doc: Doc | None, start: int, end: int) -> bool:
    return attachment(doc, start, end).tense in ("future", "infinitive")


def _set(mention: DateMention, first: date, last: date | None = None, granularity: str = "day",
         rule: str = "", relative_to: date | None = None) -> None:
    mention.start_date, mention.end_date = first, last or first
    mention.granularity, mention.rule, mention.relative_to = granularity, rule, relative_to


def _resolve_month_day(m: DateMention, match: re.Match[str], published: date | None, doc: Doc | None) -> None:
    month = month_number(match.group("month"))
    day = int(match.group("day"))
    weekday = match.group("weekday")
    m.weekday = weekday
    if day < 1 or day > 31:
        m.rule = "not-a-date"
        return
    year_text = match.group("year")
    if year_text:
        m.explicit_year = True
        resolved = safe_date(int(year_text), month, day)
        if resolved is None:
            m.invalid = f"{calendar.month_name[month]} has no day {day} in {year_text}"
            m.rule = "invalid-date"
            return
        _set(m, resolved, rule="absolute-date")
        return
    if safe_date(2024, month, day) is None:  # 2024 is a leap year: the most days any year has
        m.invalid = f"{calendar.month_name[month]} has no day {day}"
        m.rule = "invalid-date"
        return
    if published is None:
        m.rule = "unresolved-no-publication-date"
        return
    forward = _looks_forward(doc, m.start, m.end)
    candidates = [d for y in (published.year - 1, published.year, published.year + 1)
                  if (d := safe_date(y, month, day)) is not None]
    past = [d for d in candidates if d <= published]
    future = [d for d in candidates if d >= published]
    preferred = min(future) if forward and future else max(past)
    if weekday:
        # A stated weekday picks the year: the nearest candidate whose weekday agrees.
        matching = [d for d in candidates if WEEKDAYS[d.weekday()] == weekday and abs((d - published).days) <= 200]
        if matching:
            chosen = min(matching, key=lambda d: (abs((d - published).days), d > published))
            _set(m, chosen, rule="month-day-weekday", relative_to=published)
            return
    _set(m, preferred, rule="month-day-upcoming" if preferred > published else "month-day-most-recent",
         relative_to=published)
    m.confidence = 0.85


def _resolve_month_alone(m: DateMention, match: re.Match[str], published: date | None, doc: Doc | None) -> None:
    month = month_number(match.group("month"))
    cue = match.group("cue").lower()
    if published is None:
        m.rule = "unresolved-no-publication-date"
        return
    if cue == "last":
        year = published.year if month < published.month else published.year - 1
    elif cue == "next":
        year = published.year if month > published.month else published.year + 1
    elif cue == "this":
        year = published.year
    elif _looks_forward(doc, m.start, m.end):
        year, cue = (published.year if month >= published.month else published.year + 1), "upcoming"
    else:
        year, cue = (published.year if month <= published.month else published.year - 1), "most-recent"
    first, last = month_range(year, month)
    _set(m, first, last, granularity="month", rule=f"month-{cue}", relative_to=published)
    m.confidence = 0.6  # a bare month is often about an earlier year the article already named


def _resolve_weekday(m: DateMention, match: re.Match[str], published: date, doc: Doc | None) -> None:
    target = WEEKDAYS.index(match.group("weekday"))
    rel = (match.group("rel") or "").lower()
    back = (published.weekday() - target) % 7  # days back to the most recent such weekday (0 = today)
    ahead = (target - published.weekday()) % 7
    if rel in ("last", "this past"):
        resolved = published - timedelta(days=back or 7)
    elif rel == "next":
        resolved = published + timedelta(days=ahead or 7)
    elif rel == "this":
        resolved = week_range(published)[0] + timedelta(days=target)
    elif _looks_forward(doc, m.start, m.end):
        resolved = published + timedelta(days=ahead or 7)
        rel = "upcoming"
    else:
        resolved = published - timedelta(days=back)
        rel = "most-recent"
    _set(m, resolved, rule=f"weekday-{rel.replace(' ', '-')}", relative_to=published)
    m.confidence = 0.8


def _resolve_relative_period(m: DateMention, unit: str, offset: int, published: date) -> None:
    unit = unit.lower()
    if unit == "week":
        first, last = week_range(published + timedelta(weeks=offset))
    elif unit == "month":
        first, last = month_range(*shift_months(published, offset))
    else:
        first, last = date(published.year + offset, 1, 1), date(published.year + offset, 12, 31)
    _set(m, first, last, granularity=unit, relative_to=published)


def _resolve_ago(m: DateMention, match: re.Match[str], published: date) -> None:
    unit = match.group("unit").lower()
    counts = count_value(match.group("count"))
    if counts is None:
        return
    low, high = counts
    years_back = high * {"day": 1 / 365, "week": 7 / 365, "month": 1 / 12, "year": 1, "decade": 10}[unit]
    if published.year - years_back < 2:
        return  # "2,100 years ago": before the calendar the date type can hold
    if match.group("now") and low == high and unit in ("month", "year", "decade"):
        months = int(high * {"month": 1, "year": 12, "decade": 120}[unit])
        now = re.sub(r"\s+", " ", match.group("now").lower())
        if now == "this week":  # the publication's week, that many months back ("two years ago this week")
            first, last = (_months_back(d, months) for d in week_range(published))
            _set(m, first, last, granularity="week", rule=f"{unit}s-ago", relative_to=published)
        elif now == "this month":
            _set(m, *month_range(*shift_months(published, -months)), granularity="month", rule=f"{unit}s-ago",
                 relative_to=published)
        else:
            _set(m, _months_back(published, months), granularity="day", rule=f"{unit}s-ago", relative_to=published)
        m.confidence = 0.75
        return
    if unit == "day" or unit == "week":
        step = 7 if unit == "week" else 1
        _set(m, published - timedelta(days=high * step), published - timedelta(days=low * step),
             granularity="day" if low == high else "range", rule=f"{unit}s-ago", relative_to=published)
    elif unit == "month":
        first = month_range(*shift_months(published, -high))[0]
        last = month_range(*shift_months(published, -low))[1]
        _set(m, first, last, granularity="month" if low == high else "range", rule="months-ago",
             relative_to=published)
    else:
        years = 10 if unit == "decade" else 1
        _set(m, date(published.year - high * years, 1, 1), date(published.year - low * years, 12, 31),
             granularity="year" if low == high else "range", rule=f"{unit}s-ago", relative_to=published)
    m.confidence = 0.75


def _resolve_absolute_or_publication(m: DateMention, match: re.Match[str], published: date | None,
                                     doc: Doc | None) -> None:
    kind = m.kind
    if kind == "iso":
        resolved = safe_date(int(match.group("year")), int(match.group("m")), int(match.group("d")))
        m.explicit_year = True
        if resolved is None:
            m.invalid, m.rule = "no such calendar date", "invalid-date"
        else:
            _set(m, resolved, rule="iso-date")
        return
    if kind in ("month-day", "day-month"):
        _resolve_month_day(m, match, published, doc)
        return
    if kind == "month-year":
        m.explicit_year = True
        first, last = month_range(int(match.group("year")), month_number(match.group("month")))
        _set(m, first, last, granularity="month", rule="month-year")
        return
    if kind == "month":
        _resolve_month_alone(m, match, published, doc)
        return
    if kind == "season-year":
        m.explicit_year = True
        first, last = season_range(match.group("season"), int(match.group("year")))
        _set(m, first, last, granularity="season", rule="season-year")
        return
    if kind == "year":
        m.explicit_year = True
        year = int(match.group("year"))
        _set(m, date(year, 1, 1), date(year, 12, 31), granularity="year", rule="year")
        return
    # Everything below is relative to the publication date.
    if published is None:
        m.rule = "unresolved-no-publication-date"
        return
    if kind == "relative-day":
        word = match.group("word").lower()
        offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last night": -1}[word]
        _set(m, published + timedelta(days=offset), rule=word.replace(" ", "-"), relative_to=published)
    elif kind == "relative-period":
        rel = match.group("rel").lower()
        _resolve_relative_period(m, match.group("unit"), {"last": -1, "this": 0, "next": 1}[rel], published)
        m.rule = f"{rel}-{match.group('unit').lower()}"
    elif kind == "part-of-period":
        unit, part = match.group("unit").lower(), match.group("part").lower()
        _resolve_relative_period(m, unit, 0, published)
        assert m.start_date is not None and m.end_date is not None
        if part == "earlier":
            m.end_date = max(m.start_date, published - timedelta(days=1))
        else:
            m.start_date = min(m.end_date, published + timedelta(days=1))
        m.granularity, m.rule = "range", f"{part}-this-{unit}"
    elif kind == "relative-season":
        rel, season = match.group("rel").lower(), match.group("season").lower()
        year = published.year
        this = season_range(season, year if not (season == "winter" and published.month <= 2) else year - 1)
        if rel == "this":
            first, last = this
        elif rel == "last":
            first, last = this if this[1] < published else season_range(season, this[0].year - 1)
        else:
            first, last = this if this[0] > published else season_range(season, this[0].year + 1)
        _set(m, first, last, granularity="season", rule=f"{rel}-{season}", relative_to=published)
    elif kind == "weekday":
        _resolve_weekday(m, match, published, doc)
    elif kind == "ago":
        _resolve_ago(m, match, published)


def _resolve_against(m: DateMention, match: re.Match[str], anchor: DateMention, sign: int,
                     describes: str = "main-clause") -> None:
    """``N units after/before`` an anchor mention: a day, or a range for vague counts."""
    assert anchor.start_date is not None and anchor.end_date is not None
    counts = count_value(match.group("count") if "count" in match.re.groupindex else "1")
    if counts is None:
        return
    unit = match.group("unit").lower() if "unit" in match.re.groupindex else "day"
    low, high = (d * UNIT_DAYS[unit] for d in counts)
    base = anchor.end_date if sign > 0 else anchor.start_date
    first, last = base + timedelta(days=sign * low), base + timedelta(days=sign * high)
    if first > last:
        first, last = last, first
    exact = low == high and anchor.start_date == anchor.end_date
    _set(m, first, last, granularity="day" if exact else "range", relative_to=base)
    m.anchor_text, m.describes = anchor.text, describes


def _sentence_bounds(doc: Doc | None, text: str, offset: int) -> tuple[int, int]:
    if doc is not None:
        for sent in doc.sents:
            if sent.start_char <= offset < sent.end_char:
                return sent.start_char, sent.end_char
    start = max(text.rfind(".", 0, offset), text.rfind("\n", 0, offset)) + 1
    return start, len(text)


_QUOTED_YEAR = re.compile("[\"\u201c\u00ab\u2018']\\d{4}[\"\u201d\u00bb\u2019']")


def find_dates(text: str, doc: Doc | None, published: date | None) -> list[DateMention]:
    """Every date expression in ``text`` with its resolution (or why it has none)."""
    mentions: list[DateMention] = []
    deferred: list[DateMention] = []
    for start, end, kind, match in _candidates(text, doc):
        if _QUOTED_YEAR.fullmatch(text, max(0, start - 1), min(len(text), end + 1)):
            continue  # Jamala's "1944": a title (a song, a film), not a date
        m = DateMention(start, end, text[start:end], kind, match={"re": match})
        mentions.append(m)
        if kind in ("offset", "next-day"):
            deferred.append(m)
        else:
            _resolve_absolute_or_publication(m, match, published, doc)
    for m in deferred:
        _resolve_anchored(m, mentions, text, doc)
    return mentions


def _resolve_anchored(m: DateMention, mentions: list[DateMention], text: str, doc: Doc | None) -> None:
    match: re.Match[str] = m.match["re"]
    resolved_before = [o for o in mentions if o.end <= m.start and o.resolved and o is not m]
    if m.kind == "next-day":
        if not resolved_before:
            m.rule = "unresolved-no-anchor"
            return
        sign = 1 if match.group("which").lower() in ("next", "following") else -1
        _resolve_against(m, match, resolved_before[-1], sign)
        m.rule = "day-after-previous-date" if sign > 0 else "day-before-previous-date"
        m.confidence = 0.7
        return
    direction = match.group("dir").lower()
    if direction in ("later", "earlier"):
        if not resolved_before:
            m.rule = "unresolved-no-anchor"
            return
        _resolve_against(m, match, resolved_before[-1], 1 if direction == "later" else -1)
        m.rule = f"offset-{direction}-than-previous-date"
        m.confidence = 0.7
        return
    # "N days after <date>": the date right after the preposition is the anchor.
    following = next((o for o in mentions if o.start >= m.end and o.start - m.end <= 12), None)
    if following is not None and following.resolved and re.fullmatch(r"[\s,]*(?:(?i:the|on))?\s*",
                                                                      text[m.end:following.start]):
        _resolve_against(m, match, following, 1 if direction == "after" else -1)
        m.rule = f"offset-{direction}-date"
        m.confidence = 0.85
        return
    # "days after <a clause>": the clause's event is dated back from the time the
    # narrative is at, i.e. the last resolved date in this or the previous sentence.
    window_start, _ = _sentence_bounds(doc, text, m.start)
    for _ in range(CLAUSE_ANCHOR_SENTENCES):
        if window_start == 0:
            break
        window_start, _ = _sentence_bounds(doc, text, max(0, window_start - 2))
    nearby = [o for o in resolved_before if o.start >= window_start]
    if not nearby or match.group("unit").lower() == "month":
        m.rule = "unresolved-no-anchor"
        return
    _resolve_against(m, match, nearby[-1], -1 if direction == "after" else 1, describes="subordinate-event")
    m.rule = f"{m.match['re'].group('unit').lower()}s-{direction}-clause"
    m.confidence = 0.5
