"""Rules drawn from the fresh37 round (wire-service and broadsheet coverage; read after its blind
scoring): a participle
before a place ("to annexed Crimea") tells the place's state and dates nothing, occupation rows
for Snake Island and Kreminna, "N months ago in early June", a day without its year in the year
of an earlier date of the sentence ("on Sept. 8; ... two days later"), and a date with an "after"
claim in apposition through a noun ("in November 2022, a verdict delivered N years after the
crash"). Each rule is tried on other amounts or places than the round's articles, with a right
amount beside each wrong one."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, published, flagged", [
    ("The raid ended a nine-month-long Russian occupation of Snake Island, the navy said.", "2023-07-01", True),
    ("The raid ended a four-month-long Russian occupation of Snake Island, the navy said.", "2023-07-01", False),
    ("Kreminna has been under Russian occupation for almost five years, officials say.", "2024-10-01", True),
    ("Kreminna has been under Russian occupation for more than two years, officials say.", "2024-10-01", False),
    ("The push, their biggest since an offensive launched nine months ago in early May, has stalled.",
     "2024-08-20", True),
    ("The push, their biggest since an offensive launched three months ago in early May, has stalled.",
     "2024-08-20", False),
    # the month after "N years ago" is of the year the claim counts back to
    ("The dam was hit three years ago in June, officials said.", "2026-06-20", False),
    ("The offensive began in early September 2022 with the recapture of Balakliia on Sept. 8; Izium was freed "
     "two months later.", "2023-09-10", True),
    ("The offensive began in early September 2022 with the recapture of Balakliia on Sept. 8; Izium was freed "
     "two days later.", "2023-09-10", False),
    ("A court convicted three men over MH17 in absentia in November 2022, a verdict delivered three years after "
     "the downing.", "2025-07-09", True),
    ("A court convicted three men over MH17 in absentia in November 2022, a verdict delivered more than eight "
     "years after the downing.", "2025-07-09", False),
])
def test_fresh37_duration_rules(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged


def test_a_participle_before_a_place_dates_nothing(duration_flags, make_context):
    # the bridge bombing of October 2022 is two years before, not the annexation of 2014
    text = ("Two years after a truck bomb tore through the bridge linking Russia to annexed Crimea, traffic on "
            "the crossing is thin.")
    assert duration_flags(make_context, text, "2024-10-08") == []
