"""Durations in plain-text tables: a row that gives a date and the time since it, or the
anniversary it reaches.

    Place | Event | Date | Time since
    Izium | liberated | 10 Sep 2022 | 2 years 1 month
    Kherson liberated | 11 Nov 2022 | 3rd

Reference tables, timelines and "this year's anniversaries" lists state the elapsed time in a
cell of their own; the sentence patterns of ``duration_claims`` never see it. A row is read only
inside a table whose header names elapsed time ("time since", "ago", "anniversary", "elapsed",
"how long"), so a column of event lengths ("Duration of the siege") is never read as time since
its start. Each row then needs exactly one date with its year and exactly one duration or
ordinal cell; the claim counts from that date to the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from unspin.dates.duration_claims import UNIT_DAYS, DurationClaim
from unspin.dates.expressions import DateMention

#: a header cell that names elapsed time
_ELAPSED_HEADER = re.compile(r"(?i)\b(?:time\s+since|since|ago|anniversar(?:y|ies)|elapsed|how\s+long)\b")
_DURATION_CELL = re.compile(
    r"(?i)^(?:(?P<qual>nearly|almost|about|around|roughly|over|more\s+than|just\s+over|under|less\s+than)\s+)?"
    r"(?P<a>\d+)\s*(?P<unit>year|month|week|day)s?"
    r"(?:\s*(?:,|and)?\s*(?P<b>\d+)\s*(?P<unit2>month|week|day)s?)?$")
_ORDINAL_CELL = re.compile(r"(?i)^(?P<n>\d{1,3})(?:st|nd|rd|th)$")


@dataclass
class TableClaim:
    """A duration or ordinal cell and the date cell of its row."""

    claim: DurationClaim
    start: DateMention


def _cells(line: str, offset: int) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of each '|'-separated cell of a line at ``offset``."""
    cells, position = [], 0
    for raw in line.split("|"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        cells.append((offset + position + lead, offset + position + lead + len(stripped), stripped))
        position += len(raw) + 1
    return cells


def _duration_claim(start: int, end: int, cell: str) -> DurationClaim | None:
    found = _DURATION_CELL.match(cell)
    if found is not None:
        unit, value = found.group("unit").lower(), float(found.group("a"))
        if found.group("b"):
            # "2 years 1 month": one claim in the smaller unit
            small = found.group("unit2").lower()
            value = (value * UNIT_DAYS[unit] + float(found.group("b")) * UNIT_DAYS[small]) / UNIT_DAYS[small]
            unit = small
        qualifier = re.sub(r"\s+", " ", found.group("qual").lower()) if found.group("qual") else None
        return DurationClaim(start, end, cell, "since", value, unit, qualifier, None, "since")
    found = _ORDINAL_CELL.match(cell)
    if found is not None and int(found.group("n")) > 0:
        return DurationClaim(start, end, cell, "anniversary", float(found.group("n")), "year")
    return None


def table_claims(text: str, mentions: list[DateMention]) -> list[TableClaim]:
    """The duration and anniversary cells of the text's elapsed-time tables, with their dates."""
    found: list[TableClaim] = []
    in_table = False
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.count("|") < 1:
            in_table = False
        elif not in_table:
            # the first row of a table is its header
            in_table = bool(_ELAPSED_HEADER.search(body)) and not any(
                m.explicit_year for m in mentions if offset <= m.start < offset + len(body))
        else:
            cells = _cells(body, offset)
            dated = [m for m in mentions if offset <= m.start and m.end <= offset + len(body)
                     and m.start_date is not None and m.explicit_year and not m.is_relative]
            claims = [c for c in (_duration_claim(a, b, cell) for a, b, cell in cells) if c is not None]
            claims = [c for c in claims if not any(m.start <= c.start < m.end for m in dated)]
            if len(dated) == 1 and len(claims) == 1:
                found.append(TableClaim(claims[0], dated[0]))
        offset += len(line)
    return found


def table_reference(text: str, published: date | None, mentions: list[DateMention]) -> date | None:
    """The date a table is "as of" when its title says so ("REFERENCE TABLE (as of 15 Oct 2024)"),
    else the publication date."""
    for m in mentions:
        if m.start_date is not None and m.explicit_year and m.granularity == "day" and re.search(
                r"(?i)\b(?:as\s+of|compiled|updated)\s+(?:on\s+)?$", text[max(0, m.start - 16):m.start]):
            return m.start_date
    return published
