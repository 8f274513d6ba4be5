"""Small helpers shared by every reader: dates, domains, locations."""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit


_HOST = re.compile(r"[\w.-]+|\[?[0-9a-f:.]+\]?")


class BadValue(ValueError):
    """A metadata value that cannot be used; the message is user-facing."""


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")


def parse_published(value: str) -> date:
    """The date of ``parse_published_precision`` (the first day of a partial date)."""
    return parse_published_precision(value)[0]


def parse_published_precision(value: str) -> tuple[date, str]:
    """(date, precision) of an ISO date (``2024-03-05``), an ISO date-time
    (``2024-03-05T10:00:00Z``) or a partial date: ``2024-03`` (month) or ``2024``
    (year), which stand for their first day and keep their precision, so a
    page dated only "2025-10" is neither rejected nor taken as 1 October.

    The calendar date is taken as written: a datetime's time zone is not
    applied, because the date printed on the article is what a reader saw.
    """
    text = value.strip()
    try:
        return date.fromisoformat(text), "day"
    except ValueError:
        pass
    partial = _PARTIAL_DATE.fullmatch(text)
    if partial:
        year, month = int(partial.group(1)), partial.group(2)
        try:
            if month is None:
                return date(year, 1, 1), "year"
            return date(year, int(month), 1), "month"
        except ValueError:
            pass
    else:
        try:
            return datetime.fromisoformat(text.replace(" ", "T", 1) if " " in text else text).date(), "day"
        except ValueError:
            pass
    raise BadValue(f"bad published date {value!r} (expected YYYY-MM-DD, YYYY-MM, YYYY "
                   "or an ISO date-time)") from None


def domain_from_url(url: str | None) -> str | None:
    """Lower-case host of ``url`` without a leading ``www.``; None when there is none."""
    if not url:
        return None
    text = url.strip()
    if "//" not in text:
        # "example.com/news/1" has no scheme; urlsplit would read it all as a path.
        text = "//" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    if not _HOST.fullmatch(host) or ("." not in host and host != "localhost"):
        return None  # "not a url" and other free text are not hosts
    if host.startswith("www."):
        host = host[4:]
    return host or None


def line_source(source: str, line: int) -> str:
    return f"{source}:{line}"


def record_source(source: str, record: int) -> str:
    return f"{source}#record {record}"
