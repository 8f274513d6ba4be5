"""Claims tied to events by the clause around them: a place as the subject of its verb before an
"ago" claim, "since the city was freed" after the place was named, years counted in seasons, and
the end day named when a claim counts from an event's end (unspin/dates/ago_links.py,
duration_claims.py, durations.py)."""

from __future__ import annotations

import pytest

from unspin.analyzers import get_analyzer
from unspin.dates.duration_claims import find_duration_claims


@pytest.fixture(scope="module")
def dates():
    return get_analyzer("dates")


@pytest.mark.parametrize("text, published, flagged", [
    ("Sloviansk was freed from the militants twelve years ago, and the town has rebuilt.", "2024-07-10", True),
    ("Sloviansk was freed from the militants ten years ago, and the town has rebuilt.", "2024-07-10", False),
    ("Avdiivka fell almost two years ago, officials said.", "2024-07-10", True),
    ("Avdiivka fell almost five months ago, officials said.", "2024-07-10", False),
])
def test_a_place_as_subject_of_its_verb_before_the_claim(dates, make_context, text, published, flagged):
    flags = [f for f in dates.analyze(make_context(text, published)).findings if f.kind == "duration-mismatch"]
    assert bool(flags) == flagged, text


def test_a_claim_counted_from_an_events_end_names_the_end_day(dates, make_context):
    flags = [f for f in dates.analyze(make_context("Avdiivka fell almost two years ago.", "2024-07-10")).findings
             if f.kind == "duration-mismatch"]
    assert "ended on 2024-02-17" in flags[0].message and "began on" not in flags[0].message


@pytest.mark.parametrize("text, published, flagged", [
    ("Kherson was shelled again on Monday. It has been thirty months since the city was freed.", "2024-07-10", True),
    ("Kherson was shelled again on Monday. It has been twenty months since the city was freed.", "2024-07-10", False),
    ("Since Russian forces abandoned Snake Island four summers ago, grain ships have sailed.", "2024-07-10", True),
    ("Since Russian forces abandoned Snake Island two summers ago, grain ships have sailed.", "2024-07-10", False),
])
def test_the_city_for_the_place_named_before_and_years_counted_in_seasons(dates, make_context, text, published,
                                                                         flagged):
    flags = [f for f in dates.analyze(make_context(text, published)).findings if f.kind == "duration-mismatch"]
    assert bool(flags) == flagged, text


def test_a_season_of_fighting_is_not_a_year():
    assert [c.unit for c in find_duration_claims("Eleven winters ago he left the airport.")] == ["year"]
    assert find_duration_claims("It was a winter of shelling and hunger.") == []


def test_a_relative_date_after_a_place_is_not_the_start_of_a_span(dates, make_context):
    # "from Avdiivka a week ago" is not "from a week ago": the assaults lasted the battle's four months
    text = "Ukrainian troops withdrew from Avdiivka a week ago, after four months of Russian assaults."
    flags = [f for f in dates.analyze(make_context(text, "2024-02-24")).findings if f.kind == "duration-mismatch"]
    assert flags == []
