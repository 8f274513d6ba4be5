"""Rules drawn from the fresh38 round (content-farm rewrites of Russian state-media items; read
after its blind scoring): small settlements that war reporting names often and the packaged
gazetteers lack are curated (unspin/data/places_villages.tsv), and "Nearby" before a town is
a qualifier, not part of its name. Invented names beside them are still flagged."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, name", [
    ("Russian units retook Kazachya Loknya and pushed on towards the border, the ministry said.",
     "Kazachya Loknya"),
    ("Shelling hit the monastery at Gornal, south of Sudzha, overnight.", "Gornal"),
    ("Drones struck a lorry queue at Nekhoteyevka, the border crossing on the Kharkov road.", "Nekhoteyevka"),
    ("Fighting went on west of Avdiivka, around Lastochkino and Berdychi.", "Lastochkino"),
    ("Nearby Uglegorsk was shelled again, the Donetsk authorities said.", "Nearby Uglegorsk"),
])
def test_fresh38_real_places_are_not_flagged(place_flags, make_context, text, name):
    assert name not in place_flags(make_context, text)


def test_an_invented_village_beside_curated_ones_is_still_flagged(place_flags, make_context):
    found = place_flags(make_context, "Russian units retook Malaya Loknya and Zarechnogradka near Sudzha.")
    assert "Zarechnogradka" in found and "Malaya Loknya" not in found


@pytest.mark.parametrize("text, published, flagged", [
    # "Since DATE, ... have lived for N": counted from the date, however personal the verb
    ("Since July 1, families in the border villages have lived for five weeks without gas, an official said.",
     "2024-07-20", True),
    ("Since July 1, families in the border villages have lived for almost three weeks without gas, an official "
     "said.", "2024-07-20", False),
    # a span set off by dashes right after the date of a since-clause
    ("In Melitopol, held since the first days of the invasion in February 2022 - for almost three years - the "
     "schools teach a Russian curriculum.", "2023-06-09", True),
    ("In Melitopol, held since the first days of the invasion in February 2022 - for more than a year - the "
     "schools teach a Russian curriculum.", "2023-06-09", False),
    # "after holding it for N": the occupation of the place, by its Russian name too
    ("Krasny Liman, which Russian troops left last October after holding it for a year and a half, is quiet.",
     "2023-06-01", True),
    ("Krasny Liman, which Russian troops left last October after holding it for four months, is quiet.",
     "2023-06-01", False),
    # a date known only to its year is a range of starts, its middle too
    # (18 months before 10 January 2024 is mid-2022: neither 1 January nor 31 December 2022 fits)
    ("Residents said the village was shelled in 2022, forty months ago, when the front came close.",
     "2024-01-10", True),
    ("Residents said the village was shelled in 2022, eighteen months ago, when the front came close.",
     "2024-01-10", False),
])
def test_fresh38_duration_rules(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged
