"""Rules drawn from the fresh29 evaluation round (read after its blind scoring): "a couple of",
"a full", "for the past N years", troops driven from a place, occupation spans of the last place
named, "N months later" between two dates, "the deal" for a named initiative, an event another
claim names, two genders of one adjective, a doubling moved to the wrong letter, the ends of an
axis, and okrug names."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, published, flagged", [
    ("Mariupol, whose last defenders left the Azovstal steelworks a couple of years ago, was not mentioned.",
     "2022-08-24", True),
    ("Mariupol, whose last defenders left the Azovstal steelworks a couple of years ago, was not mentioned.",
     "2024-06-24", False),
    ("Russia has taken Bakhmut, then Avdiivka a full two years ago, and later Vuhledar.", "2025-02-24", True),
    ("Russia has taken Bakhmut, then Avdiivka a full year ago, and later Vuhledar.", "2025-02-24", False),
    ("Russian forces have fought their way toward Pokrovsk for the past three years, since the capture of "
     "Avdiivka in February.", "2024-10-15", True),
    ("It is six years since Russian troops were driven from the outskirts of Kyiv.", "2026-02-24", True),
    ("It is nearly four years since Russian troops were driven from the outskirts of Kyiv.", "2026-02-24", False),
    ("Crowds gathered outside the administration building in Kherson as the flag was raised. Residents "
     "described abductions after nearly two years of Russian occupation.", "2022-11-14", True),
    ("Crowds gathered outside the administration building in Kherson as the flag was raised. Residents "
     "described abductions after eight months of Russian occupation.", "2022-11-14", False),
    ("The bridge was hit in October 2022 and again eighteen months later, when drones struck in July 2023.",
     "2024-03-18", True),
    ("The bridge was hit in October 2022 and again nine months later, when drones struck in July 2023.",
     "2024-03-18", False),
    ("The Black Sea Grain Initiative was extended today. The deal, first signed in Istanbul almost two years "
     "ago, has moved 11 million tonnes.", "2022-11-17", True),
    ("The Black Sea Grain Initiative was extended today. The deal, first signed in Istanbul almost four months "
     "ago, has moved 11 million tonnes.", "2022-11-17", False),
    # a bare place named as an event's ("the fall of X"), and the occupiers leaving the town named before
    ("Veterans gathered to mark the fall of Debaltseve, over twenty years ago.", "2025-03-01", True),
    ("Veterans gathered to mark the fall of Debaltseve, ten years ago.", "2025-03-01", False),
    ("Kherson is quiet tonight. Shops reopened when the occupiers left a year ago.", "2025-03-01", True),
    ("Kherson is quiet tonight. Shops reopened when the occupiers left two years ago.", "2025-03-01", False),
    # freedom regained: a claim about the war though the sentence names no fighting
    ("Balakliia has been free for almost four years, and the market is busy again.", "2025-06-01", True),
    ("Balakliia has been free for almost three years, and the market is busy again.", "2025-06-01", False),
    # "the dam broke": the last event the text named with that noun
    ("Farmers near the old Kakhovka dam say little has changed. Fields were flooded when the dam broke three "
     "years ago.", "2025-06-10", True),
    ("Farmers near the old Kakhovka dam say little has changed. Fields were flooded when the dam broke two "
     "years ago.", "2025-06-10", False),
    # the invasion belongs to the first claim; the second ("one year ago") is the withdrawal's
    ("Our brigades held Vuhledar for two and a half years after the full-scale invasion began, before the "
     "order to withdraw came exactly one year ago today.", "2025-10-01", False),
])
def test_durations_tied_by_the_shapes_of_round_29(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) == flagged, text


def test_a_doubling_on_the_wrong_letter_is_a_slip(place_flags, make_context):
    flags = place_flags(make_context, "Brigades pushed east along the Svatove–Kremmina road, "
                                               "north of Lysychansk.")
    assert "Kremmina" in flags and "Kreminna" in flags["Kremmina"].message
    assert place_flags(make_context, "Brigades pushed east along the Svatove–Kreminna road, "
                                              "north of Lysychansk.") == {}


def test_real_names_of_these_shapes_are_not_flagged(place_flags, make_context):
    text = ("The corridor carried grain from Odesa, Chornomorsk and Pivdennyi. Navalny died in a prison "
            "colony at Kharp, in the Yamalo-Nenets region.")
    assert place_flags(make_context, text) == {}
