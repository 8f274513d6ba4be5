"""The reference timeline file, its format, and user extensions."""

from __future__ import annotations

from datetime import date

import pytest

from unspin.analyzers import get_analyzer
from unspin.dates.timeline import (
    TimelineError,
    find_event_mentions,
    load_timeline,
    parse_timeline,
    reference_timeline,
)

HEADER = "id\ttype\tstart\tend\tlabel\tkeywords\tsource\turl\tnote\n"


def row(*cells: str) -> str:
    return "\t".join(cells) + "\n"


def test_reference_timeline_has_the_required_events():
    timeline = reference_timeline()
    expected = {
        "euromaidan": (date(2013, 11, 21), date(2014, 2, 22)),
        "crimea-occupation": (date(2014, 2, 20), None),
        "crimea-annexation-treaty": (date(2014, 3, 18), None),
        "minsk-protocol": (date(2014, 9, 5), None),
        "minsk-ii": (date(2015, 2, 12), None),
        "mh17": (date(2014, 7, 17), None),
        "full-scale-invasion": (date(2022, 2, 24), None),
        "siege-of-mariupol": (date(2022, 2, 24), date(2022, 5, 20)),
        "battle-of-bakhmut": (date(2022, 8, 1), date(2023, 5, 20)),
        "battle-of-avdiivka": (date(2023, 10, 10), date(2024, 2, 17)),
        "kherson-liberation": (date(2022, 11, 11), None),
        "kursk-incursion": (date(2024, 8, 6), None),
    }
    for event_id, (start, end) in expected.items():
        event = timeline.get(event_id)
        assert event is not None, event_id
        assert (event.start, event.end) == (start, end), event_id
    assert timeline.get("war-in-donbas").start.strftime("%Y-%m") == "2014-04"
    assert timeline.get("battle-of-soledar").end.strftime("%Y-%m") == "2023-01"
    assert timeline.get("kharkiv-counteroffensive").start.strftime("%Y-%m") == "2022-09"
    for event in timeline.events:
        assert event.source and event.url.startswith("https://"), event.id


def test_reference_timeline_is_loaded_once():
    assert reference_timeline() is reference_timeline()
    assert load_timeline() is load_timeline([])


def test_keywords_link_text_to_events():
    text = "Fighting around Bakhmut resumed; the battle of Avdiivka and the SMO were discussed, not the smo."
    found = {(m.keyword, m.events[0].id) for m in find_event_mentions(text, reference_timeline())}
    assert ("Bakhmut", "battle-of-bakhmut") in found
    assert ("battle of Avdiivka", "battle-of-avdiivka") in found  # longest keyword wins
    assert ("SMO", "full-scale-invasion") in found
    assert not any(k == "smo" for k, _ in found)  # all-capitals keywords are case-sensitive


def test_user_file_extends_the_reference(tmp_path, make_context):
    user = tmp_path / "mine.tsv"
    user.write_text("# our newsroom's additions\n" + HEADER + row(
        "battle-of-vuhledar", "period", "2022-10-30", "2024-10-01", "Battle of Vuhledar", "Vuhledar|Ugledar",
        "Wikipedia: Battle of Vuhledar", "https://en.wikipedia.org/wiki/Battle_of_Vuhledar", "Test row."),
        encoding="utf-8")
    timeline = load_timeline([user])
    assert timeline.get("battle-of-vuhledar").origin == f"{user}:3"
    assert timeline.get("battle-of-bakhmut") is not None
    assert len(timeline.events) == len(reference_timeline().events) + 1

    text = "The defenders of Vuhledar endured five years of shelling."
    with_user = get_analyzer("dates", timeline_paths=[str(user)]).analyze(make_context(text, "2025-12-12"))
    [finding] = [f for f in with_user.findings if f.kind == "duration-mismatch"]
    assert finding.details["event"]["id"] == "battle-of-vuhledar"
    assert with_user.summary["timeline"]["user_files"] == [str(user)]
    without = get_analyzer("dates").analyze(make_context(text, "2025-12-12"))
    assert [f for f in without.findings if f.kind == "duration-mismatch"] == []


def test_user_file_can_correct_a_reference_event(tmp_path):
    user = tmp_path / "fix.tsv"
    user.write_text(HEADER + row("battle-of-bakhmut", "period", "2022-05-17", "2023-05-20", "Battle of Bakhmut",
                                 "Bakhmut", "Our desk", "https://example.org/bakhmut", ""), encoding="utf-8")
    timeline = load_timeline([user])
    assert timeline.get("battle-of-bakhmut").start == date(2022, 5, 17)
    assert len(timeline.events) == len(reference_timeline().events)


@pytest.mark.parametrize("body, line, fragment", [
    (HEADER + row("x", "period", "2024/08/06", "", "X", "x", "S", "https://e.org", ""), 2, "ISO date"),
    (HEADER + "\n# note\n" + row("x", "battle", "2024-08-06", "", "X", "x", "S", "https://e.org", ""), 4, "type"),
    (HEADER + row("x", "period", "2024-08-06", "2024-01-01", "X", "x", "S", "https://e.org", ""), 2, "before start"),
    (HEADER + row("x", "period", "2024-08-06", "", "X", "", "S", "https://e.org", ""), 2, "keywords"),
    (HEADER + row("x", "period", "2024-08-06", "", "X", "x", "S", "e.org", ""), 2, "url"),
    (HEADER + row("x", "day", "2024-08-06", "", "X", "x", "S", "https://e.org", "")
     + row("x", "day", "2024-08-07", "", "Y", "y", "S", "https://e.org", ""), 3, "already used on line 2"),
    ("id type start end label keywords source url note\n", 1, "TAB"),
    (HEADER + row("Bad Id", "day", "2024-08-06", "", "X", "x", "S", "https://e.org", ""), 2, "id"),
])
def test_malformed_user_file_names_file_and_line(tmp_path, body, line, fragment):
    path = tmp_path / "broken.tsv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(TimelineError) as error:
        load_timeline([path])
    message = str(error.value)
    assert message.startswith(f"{path}:{line}:"), message
    assert fragment in message


def test_analyzer_rejects_a_broken_file_at_construction(tmp_path):
    path = tmp_path / "broken.tsv"
    path.write_text(HEADER + row("x", "period", "yesterday", "", "X", "x", "S", "https://e.org", ""),
                    encoding="utf-8")
    with pytest.raises(TimelineError, match=r"broken\.tsv:2:"):
        get_analyzer("dates", timeline_paths=[str(path)])


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(TimelineError, match="not found"):
        load_timeline([tmp_path / "absent.tsv"])


def test_parse_timeline_accepts_day_rows_repeating_start():
    [event] = parse_timeline(HEADER + row("d", "day", "2024-01-01", "2024-01-01", "D", "d", "S",
                                          "https://e.org", ""), "inline")
    assert event.end is None and event.type == "day"
