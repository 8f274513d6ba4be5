"""Rules drawn from the fresh30 evaluation round (read after its blind scoring): a date an
"after" claim stands in apposition to, a "since" that starts another clause's count, Russia's
declared end of the Kursk campaign, a city district named by its adjective, plural titles, and
an unknown name hyphenated before a known town."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, published, flagged", [
    # the date the claim stands in apposition to is its moment, not publication
    ("The crossing, which Putin opened in 2018, four years after Moscow annexed the peninsula, is a supply route.",
     "2022-10-10", False),
    ("The crossing, which Putin opened in 2018, eight years after Moscow annexed the peninsula, is a supply route.",
     "2022-10-10", True),
    # "for N years" is not started by a "since" that belongs to another clause
    ("The capture of Avdiivka, a town that had sat on the front line for almost ten years, is the biggest "
     "Russian gain since the fall of Bakhmut.", "2024-02-20", False),
    # Russia's declared end of the Kursk campaign (a cited row of its own)
    ("Nearly nine months after Moscow declared the Kursk region fully cleared of Ukrainian troops, villages "
     "remain empty.", "2026-01-15", False),
    ("Nearly two years after Moscow declared the Kursk region fully cleared of Ukrainian troops, villages "
     "remain empty.", "2026-01-15", True),
    # "an occupation that had lasted N" in a sentence that names no place: the last place named before
    ("Crowds filled the square in Kherson. The withdrawal ended an occupation that had lasted a year and a half.",
     "2022-11-14", True),
    ("Crowds filled the square in Kherson. The withdrawal ended an occupation that had lasted eight months.",
     "2022-11-14", False),
])
def test_durations_of_round_30(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) == flagged, text


def test_districts_titles_and_axes(place_flags, make_context):
    assert place_flags(make_context, "Ukrainian formations fired on Gorlovka, Yasinovataya and the "
                                              "Kievsky district of Donetsk, the militia said.") == {}
    assert place_flags(make_context, "Efforts to arrange a meeting between Presidents Zelensky and "
                                              "Putin after the summit in Alaska showed little progress.") == {}
    flags = place_flags(make_context, "Russia steps up attacks in the Kharkiv region as Hroza mourns. "
                                               "Russian troops stepped up assaults along the Kupyansk-Svatove "
                                               "line, the eastern command said.")
    assert flags == {}  # a Russian-style spelling of a real town, joined to another
    flags = place_flags(make_context, "Russia steps up attacks in the Kharkiv region as Hroza mourns. "
                                               "Russian troops stepped up assaults along the Kupiask-Svatove "
                                               "line, the eastern command said.")
    assert list(flags) == ["Kupiask"]  # the misspelt end is checked, the known one is not flagged
    assert flags["Kupiask"].details["suggestions"][0]["name"] == "Kupiansk"
