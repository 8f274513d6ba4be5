"""Rules drawn from the duration misses of the fresh34 round (read after its blind scoring):
occupations of towns taken in 2022 (timeline rows), "occupied for what is now N years", "nearly
N years" of a long count (more than N-1), an ordinal said of the present ("now in its Nth year")
measured by the event still under way, and an operation named by its length ("the 14-month
incursion"). Each rule is tried on other places and amounts than the round's articles, with a
right amount beside each wrong one."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, published, flagged", [
    # the occupation of a town taken in 2022, by a participle of holding
    ("Lysychansk, which Russian troops have occupied for nearly five years, lies in ruins.", "2025-01-15", True),
    ("Lysychansk, which Russian troops have occupied for more than two years, lies in ruins.", "2025-01-15",
     False),
    ("The reactors at Enerhodar, held by Russian forces for more than four years, are cold.", "2025-06-01", True),
    ("The reactors at Enerhodar, held by Russian forces for more than three years, are cold.", "2025-06-01",
     False),
    # "for what is now N years"
    ("Families from Berdiansk, occupied for what is now five years, cannot go home.", "2025-03-01", True),
    ("Families from Berdiansk, occupied for what is now three years, cannot go home.", "2025-03-01", False),
    # "nearly N years" of a long count is more than N - 1
    ("Crimea, which Russia has occupied for nearly twelve years, is a fortress.", "2024-06-01", True),
    ("Crimea, which Russia has occupied for nearly eleven years, is a fortress.", "2024-12-01", False),
    # an ordinal of the present is measured by the event under way, not one that has ended
    ("The war in the Donbas, now in its ninth year, has emptied the villages.", "2024-06-01", True),
    ("The war in the Donbas, now in its eleventh year, has emptied the villages.", "2024-06-01", False),
    # an operation named by its length
    ("Ukrainian troops entered the Kursk region on 6 August 2024. The 14-month incursion forced Moscow to "
     "move reserves.", "2025-03-01", True),
    ("Ukrainian troops entered the Kursk region on 6 August 2024. The seven-month incursion forced Moscow to "
     "move reserves.", "2025-03-01", False),
])
def test_fresh34_duration_rules(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged


def test_an_occupation_is_measured_from_the_towns_capture_not_the_siege(duration_flags, make_context):
    # Mariupol was besieged for three months; held since 20 May 2022: "three years" is measured
    # from then, and the finding names the occupation
    found = duration_flags(make_context, "Mariupol has been occupied for three years.", "2023-07-29")
    assert found and "occupation of Mariupol" in found[0].message
