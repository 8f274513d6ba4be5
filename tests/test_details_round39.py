"""Rules drawn from the fresh39 and fresh40 rounds (humanitarian and refugee reporting; military
analysis digests), read after their blind scoring. Each flagged shape has a control with a right
amount, and each false flag the rounds showed has its own case."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, name", [
    # a hyphenated name after "the village of" is one village's, though both halves are villages
    ("Shells fell on the village of Zelene-Ozerne, north of Chernihiv, overnight.", "Zelene-Ozerne"),
    # a capitalised gerund opening a sentence is the verb, not the name's first word
    ('"Leaving Kramatorks took us a whole day," she said.', "Kramatorks"),
    # a preposition the model put at the head of a PERSON is no part of the name
    ("The enemy was bringing up reserves from Zhitomir. Near Dubovogradka the enemy tried to counterattack.",
     "Dubovogradka"),
])
def test_fresh39_names_that_were_never_candidates_are_flagged(place_flags, make_context, text, name):
    assert name in place_flags(make_context, text)


@pytest.mark.parametrize("text, name", [
    # a name with an age set off by commas is a person's
    ("Orysia, 71, lives alone in Zolote. Orysia's grandson sends money from Poland.", "Orysia"),
    # the town the war made known, spelled as it is, is not a village one letter off
    ("4. Pokrovsk direction: clashes all day. The enemy is pushing towards the border of Dnipropetrovsk Oblast.",
     "Pokrovsk"),
    # a military site named by its range or training area
    ("Satellite images show new tents at the Kapustino training area and at the Opuk range in Crimea.",
     "Kapustino"),
    ("Satellite images show new tents at the Kapustino training area and at the Opuk range in Crimea.", "Opuk"),
    # a curated crossing-point village
    ("Queues formed at the crossing points of Maiorsk and Hnutove in Donetsk region.", "Maiorsk"),
])
def test_fresh39_real_names_are_not_flagged(place_flags, make_context, text, name):
    assert name not in place_flags(make_context, text)


@pytest.mark.parametrize("text, published, flagged", [
    # a date, then "(just) N ago" set off by a comma
    ("Residents still speak of the strike on the market on 12 February, just five months ago.", "2023-03-20", True),
    ("Residents still speak of the strike on the market on 12 February, just five weeks ago.", "2023-03-20", False),
    ("Her brother fights near Kupiansk, freed by Ukraine last September, two years ago.", "2023-03-15", True),
    ("Her brother fights near Kupiansk, freed by Ukraine last September, six months ago.", "2023-03-15", False),
    # a stay counted from a dated departure: in the present perfect it runs until now ...
    ("Mykola fled Kherson in April 2022, when the checkpoints reopened, and has spent three years in Lviv.",
     "2023-10-01", True),
    ("Mykola fled Kherson in April 2022, when the checkpoints reopened, and has spent a year and a half in Lviv.",
     "2023-10-01", False),
    # ... and in the past it cannot outlast the time since the departure
    ("The couple left Izium in May 2022. They spent two years in Krakow before moving to Canada this summer.",
     "2023-09-01", True),
    ("The couple left Izium in May 2022. They spent ten months in Krakow before moving to Canada this summer.",
     "2023-09-01", False),
    # "since our city fell": the place an earlier sentence names
    ("Russian troops raised their flag over Avdiivka. A year on, a teacher says: \"Three years since our city "
     "fell, and nobody has come back.\"", "2025-02-20", True),
    ("Russian troops raised their flag over Avdiivka. A year on, a teacher says: \"A year since our city fell, "
     "and nobody has come back.\"", "2025-02-20", False),
    # "after absorbing Crimea"
    ("Moscow, two years after absorbing Crimea, is sending regular troops openly.", "2015-01-20", True),
    ("Moscow, ten months after absorbing Crimea, is sending regular troops openly.", "2015-01-20", False),
    # an event at a place, then ", N ago now"
    ("A month later came the encirclement at Ilovaisk, almost five years ago now.", "2016-08-20", True),
    ("A month later came the encirclement at Ilovaisk, almost two years ago now.", "2016-08-20", False),
    # of two places told as taken, the one right before the claim
    ("With Vuhledar taken three months ago and Selydove taken almost a year ago, the front has moved west.",
     "2025-01-10", True),
    ("With Vuhledar taken three months ago and Selydove taken about ten weeks ago, the front has moved west.",
     "2025-01-10", False),
])
def test_fresh39_duration_rules(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged


@pytest.mark.parametrize("text, published", [
    # a second offset in the claim's phrase dates another claim's event, not this one's
    ("The liberation of Robotyne comes a month after Staromaiorske and roughly two weeks after Urozhaine.",
     "2023-08-29"),
    # a headline's event is not dated by the byline's date on the next line
    ("Three years after Kakhovka\n\nRiver notes | 6 June 2026\n\nThe reservoir is a forest of willows now.",
     "2026-06-06"),
    # "since Crimea": a place alone after "since" is its takeover; the next clause's war is not its start
    ("Twelve years of war since Crimea, four years of full-scale war.", "2026-03-01"),
    # a since-clause that takes the peninsula is its seizure, not the full-scale invasion named before it
    ("Today is the fourth anniversary of the full-scale invasion, and almost twelve years have passed since "
     "Russian troops seized Crimea.", "2026-02-24"),
    ("Today marks three years of the full-scale invasion, and eleven years since the first unmarked Russian "
     "soldiers appeared in Crimea.", "2025-02-24"),
    # "we took Sudzha" in a Russian channel: the recapture, not the incursion
    ("Six weeks ago we took Sudzha; after that the enemy clung to a few villages.", "2025-04-27"),
    # before the full-scale invasion "the conflict" was the war in the Donbas, from April 2014
    ("Ten months into the conflict, clinics in Artemivsk are short of insulin.", "2015-02-25"),
])
def test_fresh40_false_flags_are_gone(duration_flags, make_context, text, published):
    assert not duration_flags(make_context, text, published)


def test_a_stay_with_no_dated_departure_is_not_checked(duration_flags, make_context):
    # a life before the war, and a stay the text gives no start for
    assert not duration_flags(make_context, "She spent twenty years in Mariupol before the war.", "2023-05-01")
    assert not duration_flags(make_context, "The family left Kupiansk in March 2022. Her father had spent "
                                            "thirty years in Kupiansk.", "2023-05-01")


@pytest.mark.parametrize("text, published, flagged", [
    # winters an event has lasted into: the Donbas war from April 2014 was in its third in December 2016
    ("This is the fourth winter of the war in Donbas, and the line has hardly moved.", "2016-12-20", True),
    ("This is the third winter of the war in Donbas, and the line has hardly moved.", "2016-12-20", False),
    # the full-scale war began inside a winter: December 2023 is its second winter (or third, counted in)
    ("Kyiv enters its fourth winter of the full-scale war without heating in many districts.", "2023-12-10", True),
    ("Kyiv enters its second winter of the full-scale war without heating in many districts.", "2023-12-10", False),
    # a winter three months ahead is already the one a country braces for
    ("Ukraine braces for its second winter of full-scale war as strikes on the grid resume.", "2025-10-15", True),
    ("Ukraine braces for its fourth winter of full-scale war as strikes on the grid resume.", "2025-10-15", False),
])
def test_fresh40_season_ordinals(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged


def test_seasons_counts_winters_touched():
    from datetime import date

    from unspin.dates.durations import seasons

    assert seasons(date(2014, 4, 6), date(2016, 12, 20), "winter") == (3, False, False)
    assert seasons(date(2022, 2, 24), date(2025, 10, 15), "winter") == (4, True, True)
    assert seasons(date(2022, 2, 24), date(2022, 7, 1), "summer") == (1, False, False)
