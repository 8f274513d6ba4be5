"""Rules drawn from the fresh33 evaluation round (read after its blind scoring): an appositive
noun before an "ago" clause ("X, the town to the south that Ukraine lost N ago"), "Russia has
been fighting in Ukraine for N", "the battle for X, which lasted N" (and the Battle of Toretsk
row), a siege's own length inside a sentence about a place held until now; two towns joined
before "agglomeration" or "line", and a news agency's name."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, published, flagged", [
    # an appositive noun phrase between the place and its "ago" clause
    ("Kurakhove, the mining town to the west that Ukraine lost more than two years ago, is in ruins.",
     "2025-03-01", True),
    ("Kurakhove, the mining town to the west that Ukraine lost two months ago, is in ruins.",
     "2025-03-01", False),
    # "has been fighting in Ukraine for N": since the full-scale invasion, or since 2014
    ("Russia has been fighting in Ukraine for 14 months, the report says.", "2024-11-01", True),
    ("Russia has been fighting in Ukraine for more than two and a half years, the report says.", "2024-11-01",
     False),
    ("Russia has been fighting in Ukraine for ten years, the report says.", "2024-11-01", False),
    # "the battle for X, which lasted N": the battle of that place (Toretsk by its Russian name)
    ("\"The battle for Toretsk, which lasted more than two years, is over,\" the ministry said.", "2025-02-20",
     True),
    ("\"The battle for Toretsk, which lasted about eight months, is over,\" the ministry said.", "2025-02-20",
     False),
    # a siege's own length in a sentence about a place held until now is not time since its capture
    ("Berdiansk, under Russian occupation, has changed since the nearly three-month siege of Mariupol ended.",
     "2023-06-01", False),
])
def test_durations_of_round_33(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) == flagged, text


def test_towns_joined_before_an_area_noun(place_flags, make_context):
    flags = place_flags(make_context, "Fighting around the Kostiantynivka-Druzhkivka agglomeration intensified.")
    assert flags == {}
    flags = place_flags(make_context, "Fighting around the Kostiantynivka-Druzhkivak agglomeration intensified.")
    assert list(flags) == ["Druzhkivak"]


def test_a_news_agency_is_not_a_town(place_flags, make_context):
    text = "The group claimed the attack through its Nashr news agency, officials in Moscow and Kyiv said."
    assert "Nashr" not in place_flags(make_context, text)
