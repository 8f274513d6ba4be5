"""Rules drawn from the fresh41 round (opinion and commentary: editorials, columns, letters,
podcast transcripts), read after its blind scoring. Each flagged shape has a control."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, published, flagged", [
    # a place as the subject of "was lost", before an "ago"
    ("Since Bakhmut was lost two years ago, the army has dug in on the heights.", "2023-11-20", True),
    ("Since Bakhmut was lost half a year ago, the army has dug in on the heights.", "2023-11-20", False),
    # "where troops crossed the border N ago": the incursion into the place named before
    ("In Kursk, where Ukrainian units crossed the border nine months ago, the front is quiet.", "2024-11-06",
     True),
    ("In Kursk, where Ukrainian units crossed the border three months ago, the front is quiet.", "2024-11-06",
     False),
    # an age said of now: "<event>, N old now"
    ("The Kursk incursion, two years old now, has been rolled back.", "2025-03-20", True),
    ("The Kursk incursion, seven months old now, has been rolled back.", "2025-03-20", False),
    # "under occupation for N" in a sentence naming no place: the last place named whose occupation
    # the timeline has
    ("You fled Mariupol in April 2022. My mother stayed behind. She has lived under occupation for almost six "
     "years now.", "2025-05-01", True),
    ("You fled Mariupol in April 2022. My mother stayed behind. She has lived under occupation for almost three "
     "years now.", "2025-05-01", False),
])
def test_fresh41_duration_rules(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged


@pytest.mark.parametrize("text, published", [
    # "two hundred days": the hundreds are part of the number
    ("We are now more than two hundred days into this war, and the trains still run.", "2022-09-15"),
    # "nearly ten months of war" in February 2015: the Donbas war began on a day in April 2014
    # that sources give a few days apart
    ("After nearly ten months of war, people in Sloviansk are asking how many more towns the truce will "
     "cost.", "2015-02-20"),
])
def test_fresh41_false_flags_are_gone(duration_flags, make_context, text, published):
    assert not duration_flags(make_context, text, published)


def test_hundreds_and_thousands_are_read_as_numbers():
    from unspin.dates import find_duration_claims

    found = [(c.value, c.unit) for c in find_duration_claims(
        "after 1,000 days of war and a hundred and twenty days of siege, two hundred days into the war")]
    assert found == [(1000.0, "day"), (120.0, "day"), (200.0, "day")]


@pytest.mark.parametrize("text, name", [
    # an English word read as a far-off place is not doubted for a village one slip away ...
    ("Over the Line - a podcast. HOST: The ceasefire came into force near Zolote and Popasna this week.", "Line"),
])
def test_fresh41_english_words_are_not_doubted(place_flags, make_context, text, name):
    assert name not in place_flags(make_context, text)


def test_an_english_word_is_still_doubted_for_a_town_the_war_made_known(place_flags, make_context):
    # ... but is for a town the war made known ("Soledad" north of Bakhmut is Soledar)
    found = place_flags(make_context, "Wagner units said they had cleared Soledad, north of Bakhmut, after weeks "
                                      "of fighting near Bakhmut and Siversk.")
    assert "Soledad" in found
