"""False flags from the fresh42 round (business, sport and culture news touched by the war),
mended after its blind scoring: a quoted year is a title, and a venue named after its city is
no misspelt town."""

from __future__ import annotations


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
