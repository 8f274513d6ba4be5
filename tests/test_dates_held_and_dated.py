"""Duration claims tied to their events by the verb or noun around them, and claims left alone
when the event named near them carries its own time (unspin/dates/ago_links.py, event_links.py,
event_anchors.py, timeline.py, analyzers/dates.py)."""

from __future__ import annotations

import pytest

from unspin.analyzers import get_analyzer


@pytest.fixture(scope="module")
def dates():
    return get_analyzer("dates")


def _flagged(dates, make_context, text, published):
    return [f for f in dates.analyze(make_context(text, published)).findings if f.kind == "duration-mismatch"]


@pytest.mark.parametrize("text, published, flagged", [
    # a verb that ends the event named right after it: counted from the event's end
    ("Grain exports from Odesa have fallen since Moscow quit the grain deal two years ago.", "2024-01-20", True),
    ("Grain exports from Odesa have fallen since Moscow quit the grain deal six months ago.", "2024-01-20", False),
    # "N years ago, when ... on DATE": the date the sentence gives
    ("His collaboration started five years ago, when Russian troops entered the town on 24 February 2022.",
     "2025-03-01", True),
    ("His collaboration started three years ago, when Russian troops entered the town on 24 February 2022.",
     "2025-03-01", False),
    # a Russian-era name of the place in an event's name
    ("The veterans recalled the fall of Artyomovsk, three years ago this spring, and the men they lost.",
     "2024-05-25", True),
    ("The veterans recalled the fall of Artyomovsk, a year ago this spring, and the men they lost.",
     "2024-05-25", False),
    # a raid across the border told by a verb of movement
    ("Volunteer units crossed into Belgorod region three years ago and were pushed back.", "2024-06-01", True),
    ("Volunteer units crossed into Belgorod region a year ago and were pushed back.", "2024-06-01", False),
])
def test_verbs_that_end_an_event_or_give_its_date(dates, make_context, text, published, flagged):
    assert bool(_flagged(dates, make_context, text, published)) == flagged, text


@pytest.mark.parametrize("text, published, flagged", [
    ("Sievierodonetsk: 6 years under occupation. We remember every street.", "2025-07-01", True),
    ("Sievierodonetsk: 3 years under occupation. We remember every street.", "2025-07-01", False),
    ("Vuhledar - Families who left now live in Zaporizhzhia. The town, under Russian control for four years, "
     "is a ruin.", "2025-10-10", True),
    ("Vuhledar - Families who left now live in Zaporizhzhia. The town, under Russian control for a year, "
     "is a ruin.", "2025-10-10", False),
    # a holding told in the past is a length, not a time since: left alone
    ("Kherson was under Russian occupation for eight months in 2022.", "2025-10-10", False),
])
def test_a_place_held_until_now_counts_from_its_capture(dates, make_context, text, published, flagged):
    assert bool(_flagged(dates, make_context, text, published)) == flagged, text


@pytest.mark.parametrize("text, published, flagged", [
    ("In 2022 Chernihiv was cut off for five weeks. Three years after the siege was lifted, the theatre reopened.",
     "2023-09-01", True),
    ("In 2022 Chernihiv was cut off for five weeks. A year after the siege was lifted, the theatre reopened.",
     "2023-09-01", False),
])
def test_a_bare_siege_is_the_siege_of_the_place_named_before(dates, make_context, text, published, flagged):
    assert bool(_flagged(dates, make_context, text, published)) == flagged, text


def test_an_event_with_its_own_ago_is_not_what_the_first_claim_counts_from(dates, make_context):
    # the court's verdict, not the downing of MH17 (which the sentence dates itself)
    text = ("Two years ago today, judges in The Hague convicted three men over the downing of MH17 more than "
            "eight years ago, in July 2014.")
    assert _flagged(dates, make_context, text, "2024-11-17") == []


def test_a_heading_date_is_not_the_date_of_the_paragraph_after_it(dates, make_context):
    text = ("MYKOLAIV OBLAST - WEEKLY NOTE, 1-7 DECEMBER 2023\n\n"
            "Almost a year after the city's liberation, power cuts in Kherson remain the main concern.")
    assert _flagged(dates, make_context, text, "2023-10-20") == []


def test_a_name_closed_off_before_an_anchor_takes_the_action(dates, make_context):
    # "freed" is Urozhaine's (16 August 2023, not in the timeline), not Staromaiorske's (27 July)
    text = "The brigade freed Urozhaine, a few kilometres north of Staromaiorske, less than three weeks ago."
    assert _flagged(dates, make_context, text, "2023-08-31") == []


def test_event_keywords_also_match_russian_style_names_of_their_places():
    from unspin.dates.timeline import find_event_mentions, keyword_spellings, load_timeline

    assert "fall of Artemovsk" in keyword_spellings("fall of Bakhmut")
    assert keyword_spellings("grain deal") == ["grain deal"]
    found = find_event_mentions("after the fall of Artyomovsk in May", load_timeline())
    assert [m.events[0].id for m in found] == ["battle-of-bakhmut"]


@pytest.mark.parametrize("text, published, flagged", [
    # an "ago" added after a comma to a sentence that gives one date
    ("He was on shift at the station on 8 April 2022 when the missiles struck, more than five years ago now.",
     "2025-06-01", True),
    ("He was on shift at the station on 8 April 2022 when the missiles struck, more than three years ago now.",
     "2025-06-01", False),
    # "in <date>, that's N years ago"
    ("the dam went in june 2023, thats four years ago already and the riverbed is a forest", "2025-06-20", True),
    ("the dam went in june 2023, thats two years ago already and the riverbed is a forest", "2025-06-20", False),
    # "pulled out of the city N years ago": the city named before the sentence
    ("Kherson's ferrymen tell their story. The river became the front line after Russian troops pulled out of "
     "the city four years ago.", "2024-12-01", True),
    ("Kherson's ferrymen tell their story. The river became the front line after Russian troops pulled out of "
     "the city two years ago.", "2024-12-01", False),
    # "its Nth anniversary": the event named before it in the sentence
    ("A talk by veterans of the Kursk incursion on its third anniversary.", "2025-08-10", True),
    ("A talk by veterans of the Kursk incursion on its first anniversary.", "2025-08-10", False),
    ("The village museum celebrates its tenth anniversary with a concert.", "2025-08-10", False),
])
def test_more_ways_a_claim_names_its_moment(dates, make_context, text, published, flagged):
    assert bool(_flagged(dates, make_context, text, published)) == flagged, text
