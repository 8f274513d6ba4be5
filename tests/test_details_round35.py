"""Rules drawn from the fresh35 round (English versions of Russian state-media items; read after
its blind scoring). Durations: a span "under Russian administration / protection" of a place or
a plant, "since Russian troops left the city of X N ago", "Since DATE ... - for N now", a day
without its year after a dated day ("two days later, on March 18"), a place after "west of" as a
landmark, a name after an office ("the first head of X"), and a span far longer than the battle
it merely sits beside. Places: plural regions ("the Zaporozhye and Kherson Regions"), Russian
stems of Ukrainian village names (Verkhne-, -kamen-, -polye), and Snake Island's Russian name.
Every rule is tried on other places and amounts than the round's articles."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, published, flagged", [
    # under Russian administration / protection: the occupation of the place or the plant
    ("For Berdyansk, which has been under Russian administration for almost six years, the port is idle.",
     "2024-06-06", True),
    ("For Berdyansk, which has been under Russian administration for more than two years, the port is idle.",
     "2024-06-06", False),
    ("At the Zaporozhye nuclear power plant, which has been under Russian protection for five years, the "
     "shift changed.", "2024-03-10", True),
    ("At the Zaporozhye nuclear power plant, which has been under Russian protection for two years, the "
     "shift changed.", "2024-03-10", False),
    # "since Russian troops left the city of X N ago": the liberation of X
    ("The river has been the front since Russian troops left the city of Kherson two years ago.", "2023-05-01",
     True),
    ("The river has been the front since Russian troops left the city of Kherson half a year ago.", "2023-05-01",
     False),
    # a sentence that opens with "Since DATE" frames its "for N now"
    ("Since May 2023 the hills west of the town have seen the hardest fighting - for three years now the line "
     "there has barely moved.", "2024-11-01", True),
    ("Since May 2023 the hills west of the town have seen the hardest fighting - for a year and a half now the "
     "line there has barely moved.", "2024-11-01", False),
    # a day without its year after a dated day is in that year
    ("On July 20, 2014, the monitors reached the site, and two weeks later, on July 22, the first bodies "
     "were handed over.", "2024-07-20", True),
    ("On July 20, 2014, the monitors reached the site, and two days later, on July 22, the first bodies were "
     "handed over.", "2024-07-20", False),
])
def test_fresh35_duration_rules(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged


@pytest.mark.parametrize("text, published", [
    # the town the clause is about is Chasov Yar (a battle of more than a year), not the landmark
    ("Russian troops took Chasov Yar, a town on a hill east of Konstantinovka and west of Artemovsk that "
     "Ukrainian units had defended for more than a year.", "2025-08-01"),
    # a man's death, told beside the office he held in a republic the timeline knows
    ("The first head of the Luhansk People's Republic, Igor Plotnitsky, left office almost seven years ago.",
     "2024-11-01"),
    # a span merely beside a battle's name, far longer than the battle
    ("Units completed the capture of Marinka, a fortified town the enemy had used to shell Donetsk for "
     "almost a decade.", "2024-01-10"),
])
def test_fresh35_no_false_duration_flags(duration_flags, make_context, text, published):
    assert duration_flags(make_context, text, published) == []


@pytest.mark.parametrize("text, name", [
    ("Governor Saldo said the Zaporozhye and Kherson Regions would hold the vote together.", "Kherson Regions"),
    ("Russian forces struck a Ukrainian position near Verkhnekamenskoye, west of Seversk.", "Verkhnekamenskoye"),
    ("Fighting went on near Dobropolye and Mnogopolye, the ministry said.", "Mnogopolye"),
    ("Two years ago the Russian garrison left Zmeiny, the rock in the Black Sea off Odessa.", "Zmeiny"),
])
def test_fresh35_real_places_are_not_flagged(place_flags, make_context, text, name):
    assert name not in place_flags(make_context, text)


def test_an_invented_village_in_a_list_is_still_flagged(place_flags, make_context):
    # the same shapes with a name no gazetteer knows
    found = place_flags(make_context, "Fighting went on near Dobropolye and Zlatopyrskoye, the ministry said.")
    assert "Zlatopyrskoye" in found
