"""Events told by a name and an action word (unspin/dates/event_anchors.py)."""

from __future__ import annotations

import pytest

from unspin.analyzers import get_analyzer
from unspin.dates.event_anchors import find_anchor_mentions
from unspin.dates.timeline import find_event_mentions, load_timeline


@pytest.fixture(scope="module")
def dates():
    return get_analyzer("dates")


def told(text: str) -> list[list[str]]:
    timeline = load_timeline()
    taken = find_event_mentions(text, timeline)
    return [[e.id for e in m.events] for m in find_anchor_mentions(text, timeline, 0, len(text), taken)]


def test_a_name_and_an_action_word_in_the_writers_order_tell_the_event():
    assert told("The murder of journalist Darya Dugina shocked Moscow.") == [["dugina-killing"]]
    assert told("A car bomb outside Moscow killed Dugina.") == [["dugina-killing"]]
    assert told("Russian troops seized the Zaporizhzhia nuclear plant.") == [["znpp-seizure", "znpp-occupation"]]
    assert told("The plane crash that killed Prigozhin ended the affair.") == [["prigozhin-death"]]


def test_a_place_name_without_its_action_tells_no_event():
    assert told("She moved from Dugina Street to Lviv with her sister.") == []
    assert told("Prigozhin spoke to reporters in Rostov.") == []
    # the action word must stand near the name, in the same stretch of text
    far = "Prigozhin, the caterer who built a private army, spoke at length to the press in Rostov, " \
          "and long after that, many months later, a plane crashed somewhere else."
    assert told(far) == []


@pytest.mark.parametrize("text, published", [
    ("The plane crash that killed Prigozhin, 13 months ago, still shapes the Wagner story.", "2025-09-25"),
    ("Darya Dugina, killed by a car bomb outside Moscow four years ago, is remembered today.", "2024-08-25"),
])
def test_claims_about_told_events_are_checked(dates, make_context, text, published):
    flags = [f for f in dates.analyze(make_context(text, published)).findings if f.kind == "duration-mismatch"]
    assert flags, text


def test_a_told_event_is_the_last_resort_link_and_says_so(dates, make_context):
    text = "The plane crash that killed Prigozhin, 13 months ago, still shapes the Wagner story."
    flags = [f for f in dates.analyze(make_context(text, "2025-09-25")).findings if f.kind == "duration-mismatch"]
    assert [f.details["link"]["how"] for f in flags] == ["event told in the sentence"]
    assert flags[0].details["event"]["id"] == "prigozhin-death"


def test_places_struck_again_and_again_tell_no_single_strike():
    assert told("A missile strike on Dnipro killed dozens of people.") == []


@pytest.mark.parametrize("text, published", [
    ("The plane crash that killed Prigozhin, two years ago, still shapes the Wagner story.", "2025-09-25"),
    ("Darya Dugina, killed by a car bomb outside Moscow two years ago, is remembered today.", "2024-08-25"),
    # the amount is far from any told event: about something else, left unchecked
    ("Prigozhin's catering firm, which opened a plant that was later hit by a strike, was founded three days ago.",
     "2025-09-25"),
])
def test_right_or_unrelated_claims_near_told_events_are_not_flagged(dates, make_context, text, published):
    flags = [f for f in dates.analyze(make_context(text, published)).findings if f.kind == "duration-mismatch"]
    assert flags == [], text
