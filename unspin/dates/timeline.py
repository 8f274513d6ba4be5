"""The reference timeline: dated, cited events that duration claims are checked against.

The shipped file is ``unspin/data/timeline.tsv``; its header comment documents
the format, and ``docs/timeline.md`` explains how users add their own files
(``--timeline FILE`` on the CLI, ``timeline_paths`` in analyzer config).

Loading is strict: a malformed line raises :class:`TimelineError` naming the
file and line, because a silently skipped event would make a wrong claim look
unverifiable rather than wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from unspin.places.text import loose_key, one_slip
from unspin.style.leftovers import load_transliterations

COLUMNS = ("id", "type", "start", "end", "label", "keywords", "source", "url", "note")
REQUIRED = ("id", "type", "start", "label", "keywords", "source", "url")
EVENT_TYPES = ("period", "day", "claim")
REFERENCE_PATH = Path(__file__).resolve().parent.parent / "data" / "timeline.tsv"
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class TimelineError(ValueError):
    """A timeline file that cannot be used; the message names file and line."""


@dataclass(frozen=True)
class Event:
    id: str
    type: str  # "period" | "day" | "claim"
    start: date
    end: date | None  # None: still open (periods only)
    label: str
    keywords: tuple[str, ...]
    source: str
    url: str
    note: str = ""
    origin: str = ""  # "file:line" the event was read from

    @property
    def is_open(self) -> bool:
        return self.type == "period" and self.end is None

    def end_or(self, today: date) -> date:
        """The end of the event, or ``today`` while it is still open."""
        if self.type != "period":
            return self.start
        return self.end if self.end is not None else today

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "source": self.source,
            "url": self.url,
        }


@dataclass(frozen=True)
class Timeline:
    """An ordered set of events; order matters for linking ties (earlier wins)."""

    events: tuple[Event, ...]

    def get(self, event_id: str) -> Event | None:
        return next((e for e in self.events if e.id == event_id), None)

    def extended(self, others: Iterable[Event]) -> Timeline:
        """This timeline plus ``others``; an event whose id already exists replaces it in place."""
        by_id = {e.id: e for e in self.events}
        order = [e.id for e in self.events]
        for event in others:
            if event.id not in by_id:
                order.append(event.id)
            by_id[event.id] = event
        return Timeline(tuple(by_id[i] for i in order))


def _parse_date(value: str, where: str, column: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise TimelineError(f"{where}: column {column!r} must be an ISO date YYYY-MM-DD, got {value!r}") from None


def parse_timeline(text: str, name: str) -> list[Event]:
    """Parse timeline TSV ``text``; ``name`` is used in error messages."""
    events: list[Event] = []
    header: list[str] | None = None
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        where = f"{name}:{number}"
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = [c.lower() for c in cells]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise TimelineError(
                    f"{where}: the header line must name the tab-separated columns "
                    f"{' '.join(COLUMNS)}; missing {', '.join(missing)}"
                    + ("" if "\t" in line else " (no TAB characters found: columns must be separated by TABs)"))
            continue
        if len(cells) > len(header):
            raise TimelineError(f"{where}: {len(cells)} columns but the header has {len(header)}")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        for column in REQUIRED:
            if not row.get(column):
                raise TimelineError(f"{where}: column {column!r} is empty")
        event_id = row["id"]
        if not _ID_RE.match(event_id):
            raise TimelineError(f"{where}: id {event_id!r} must be lower-case letters, digits and '-'")
        if event_id in seen:
            raise TimelineError(f"{where}: id {event_id!r} already used on line {seen[event_id]}")
        seen[event_id] = number
        kind = row["type"].lower()
        if kind not in EVENT_TYPES:
            raise TimelineError(f"{where}: type must be one of {', '.join(EVENT_TYPES)}, got {row['type']!r}")
        start = _parse_date(row["start"], where, "start")
        end = _parse_date(row["end"], where, "end") if row.get("end") else None
        if end is not None and end < start:
            raise TimelineError(f"{where}: end {end} is before start {start}")
        if kind != "period" and end not in (None, start):
            raise TimelineError(f"{where}: a {kind} row has one date; leave 'end' empty or equal to 'start'")
        if kind != "period":
            end = None
        keywords = tuple(k.strip() for k in row["keywords"].split("|") if k.strip())
        if not keywords:
            raise TimelineError(f"{where}: column 'keywords' has no keyword")
        if not re.match(r"^https?://\S+$", row["url"]):
            raise TimelineError(f"{where}: url must start with http:// or https://, got {row['url']!r}")
        events.append(Event(event_id, kind, start, end, row["label"], keywords, row["source"],
                            row["url"], row.get("note", ""), where))
    if header is None:
        raise TimelineError(f"{name}: no header line found (expected: {' '.join(COLUMNS)}, tab-separated)")
    return events


def read_timeline_file(path: str | Path) -> list[Event]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TimelineError(f"{path}: timeline file not found") from None
    except UnicodeDecodeError as exc:
        raise TimelineError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_timeline(text, str(path))


@lru_cache(maxsize=1)
def reference_timeline() -> Timeline:
    """The shipped timeline, loaded once per process."""
    text = REFERENCE_PATH.read_text(encoding="utf-8")
    return Timeline(tuple(parse_timeline(text, "unspin/data/timeline.tsv")))


@lru_cache(maxsize=16)
def _timeline_with(paths: tuple[str, ...]) -> Timeline:
    timeline = reference_timeline()
    for path in paths:
        timeline = timeline.extended(read_timeline_file(path))
    return timeline


def load_timeline(paths: Sequence[str | Path] = ()) -> Timeline:
    """The reference timeline extended with user files (later files win on equal ids)."""
    return _timeline_with(tuple(str(p) for p in paths))


# --- linking text to events ------------------------------------------------------------


@dataclass(frozen=True)
class EventMention:
    start: int
    end: int
    keyword: str
    events: tuple[Event, ...]  # every event with this keyword, in timeline order


def keyword_spellings(keyword: str) -> list[str]:
    """The keyword, then the same words with a place named the Russian way: "fall of Bakhmut"
    is also "fall of Artemovsk", "liberation of Kharkiv" also "liberation of Kharkov" (the pairs
    are the style analyzer's table of standard and Russian-style spellings)."""
    out = [keyword]
    for standard, variants in load_transliterations():
        if re.search(rf"(?<![\w-]){re.escape(standard)}(?![\w-])", keyword):
            out += [re.sub(rf"(?<![\w-]){re.escape(standard)}(?![\w-])", variant, k) for k in list(out)
                    for variant in variants]
    return out


@lru_cache(maxsize=16)
def _keyword_pattern(timeline: Timeline) -> tuple[re.Pattern[str], dict[str, tuple[Event, ...]]]:
    by_keyword: dict[str, list[Event]] = {}
    written = {k if k.isupper() else k.lower() for event in timeline.events for k in event.keywords}
    for event in timeline.events:
        for keyword in event.keywords:
            for spelling in keyword_spellings(keyword):
                key = spelling if spelling.isupper() else spelling.lower()
                if spelling is not keyword and key in written:
                    continue  # a spelling the timeline gives its own events
                events = by_keyword.setdefault(key, [])
                if event not in events:  # "Budapest Memorandum|Budapest memorandum": one key, one event
                    events.append(event)
    # Longest first so "battle of Bakhmut" wins over "Bakhmut"; acronyms are matched
    # case-sensitively through an inline flag group.
    parts = []
    for key in sorted(by_keyword, key=len, reverse=True):
        escaped = re.escape(key).replace(r"\ ", r"\s+")
        parts.append(escaped if key.isupper() else f"(?i:{escaped})")
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")
    return pattern, {k: tuple(v) for k, v in by_keyword.items()}


@lru_cache(maxsize=16)
def _loose_pattern(timeline: Timeline) -> tuple[re.Pattern[str] | None, dict[str, list[tuple[str, tuple[Event, ...]]]]]:
    """Keywords that open with a place name ("Zaporizhzhia nuclear power plant", "Donetsk
    airport"): their other words, each with the (name, events) pairs it follows."""
    _, by_keyword = _keyword_pattern(timeline)
    by_rest: dict[str, list[tuple[str, tuple[Event, ...]]]] = {}
    for event in timeline.events:
        for keyword in event.keywords:
            words = keyword.split()
            if len(words) >= 2 and words[0][:1].isupper() and len(words[0]) >= 5 and words[0].isalpha():
                events = by_keyword[keyword if keyword.isupper() else keyword.lower()]
                pairs = by_rest.setdefault(" ".join(words[1:]).lower(), [])
                if (words[0], events) not in pairs:
                    pairs.append((words[0], events))
    if not by_rest:
        return None, {}
    rests = "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in sorted(by_rest, key=len, reverse=True))
    return re.compile(r"(?<![\w-])([A-Z][\w'\u2019-]{3,})\s+(?i:(" + rests + r"))(?![\w-])"), by_rest


def _same_name(written: str, name: str) -> bool:
    """A place name spelled another way or with one slip: Zaporozhzhia/Zaporizhzhia, Donetk/Donetsk."""
    return written.lower() != name.lower() and (loose_key(written) == loose_key(name) or one_slip(written, name))


def find_event_mentions(text: str, timeline: Timeline, start: int = 0, end: int | None = None) -> list[EventMention]:
    """Keyword mentions of timeline events in ``text[start:end]`` (offsets into ``text``).

    A keyword that opens with a place name also matches that name spelled another way or
    with one slip ("the Zaporozhzhia nuclear power plant"), where no keyword matched as written."""
    pattern, by_keyword = _keyword_pattern(timeline)
    stop = len(text) if end is None else end
    mentions = []
    for match in pattern.finditer(text, start, stop):
        surface = re.sub(r"\s+", " ", match.group(0))
        key = surface if surface in by_keyword else surface.lower()
        events = by_keyword.get(key)
        if events:
            mentions.append(EventMention(match.start(), match.end(), surface, events))
    loose, by_rest = _loose_pattern(timeline)
    if loose is not None:
        for match in loose.finditer(text, start, stop):
            if any(m.start < match.end() and match.start() < m.end for m in mentions):
                continue
            rest = re.sub(r"\s+", " ", match.group(2)).lower()
            found = [events for name, events in by_rest.get(rest, []) if _same_name(match.group(1), name)]
            if len(found) == 1:
                mentions.append(EventMention(match.start(), match.end(), re.sub(r"\s+", " ", match.group(0)), found[0]))
        mentions.sort(key=lambda m: m.start)
    return mentions


def same_place_moments(timeline: Timeline, name: str) -> tuple[Event, ...]:
    """The one-day events and disputed claims whose keywords name the place ``name``
    ("recapture of Sudzha" for "Sudzha"): a town's bare name as the object of a verb may mean
    any of them, whichever side the verb's subject is on."""
    word = re.compile(rf"(?i)(?<![\w-]){re.escape(name)}(?![\w-])")
    return tuple(e for e in timeline.events if e.type in ("day", "claim") and any(word.search(k) for k in e.keywords))
