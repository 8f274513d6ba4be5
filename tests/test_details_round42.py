"""False flags from the fresh42 round (business, sport and culture news touched by the war),
mended after its blind scoring: a quoted year is a title, and a venue named after its city is
no misspelt town."""

from __future__ import annotations

import pytest


def test_a_quoted_year_is_a_title_not_a_start(duration_flags, make_context):
    text = ('Ten years after Jamala\'s "1944" carried the story of the deportation to millions of viewers, '
            "younger visitors arrive knowing the outline.")
    assert not duration_flags(make_context, text, "2026-03-18")


def test_an_unquoted_year_is_still_a_start(duration_flags, make_context):
    # the control: an unquoted year still starts the count (1944 is 82 years before)
    assert duration_flags(make_context, "It has been fifty years since 1944, the elders say.", "2026-03-18")


def test_a_venue_named_after_its_city_is_not_flagged(place_flags, make_context):
    found = place_flags(make_context, "The club plays its home games at the Arena Lviv while the Donbass Arena "
                                      "stands empty. Its offices have moved to Kiev, near Kramatorks.")
    assert "Arena Lviv" not in found and "Lviv" not in found and "Kramatorks" in found


@pytest.mark.parametrize("text, published, flagged", [
    # "the ceasefire agreed in Minsk": either Minsk agreement; wrong only if it fits neither
    ("The ceasefire agreed in Minsk four months ago has not stopped the shelling of Donetsk.", "2015-03-10", True),
    ("The ceasefire agreed in Minsk a month ago has not stopped the shelling of Donetsk.", "2015-03-10", False),
    # "claimed control of the city N ago": the capture of the city named before
    ("Soledar's salt mines lie idle. Russia claimed control of the town four months ago.", "2023-02-14", True),
    ("Soledar's salt mines lie idle. Russia claimed control of the town a month ago.", "2023-02-14", False),
])
def test_fresh42_duration_rules(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged
