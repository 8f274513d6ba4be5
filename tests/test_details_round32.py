"""Rules drawn from the fresh32 evaluation round (read after its blind scoring): "since then, N
years have passed" after a dated sentence, a verb of capture right before an "ago" claim's
place, "the island" as the last island named, a date range tried across its days, an event
told for another claim's "ago", "that June" of another year; city neighbourhoods, company
names and machines named after a model number."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, published, flagged", [
    # "Since then, N years have passed": from the last date of the sentence before
    ("On 11 November 2022 Ukrainian troops entered Kherson. Since then, three years have passed.",
     "2024-11-20", True),
    ("On 11 November 2022 Ukrainian troops entered Kherson. Since then, two years have passed.",
     "2024-11-20", False),
    # "who captured Bakhmut two years ago": the capture ends the battle (two years from its start)
    ("Wagner fighters, who captured Bakhmut two years ago, have left the front.", "2024-09-01", True),
    ("Wagner fighters, who captured Bakhmut more than a year ago, have left the front.", "2024-09-01", False),
    # "abandoned the island": the last island named, counted from the end of the hold on it
    ("Snake Island is quiet now. Russian troops abandoned the island two years ago.", "2023-07-01", True),
    ("Snake Island is quiet now. Russian troops abandoned the island a year ago.", "2023-07-01", False),
    # a month told as a date range is tried across its days: mid-March is two weeks into the invasion
    ("Ukraine joined the European grid in April 2022, seven weeks into the invasion.", "2023-03-15", False),
    # an event told right before another claim is that claim's, not the next one's
    ("The Nord Stream pipelines, blown up two years ago, remain idle, and flows to Finland have been "
     "halted since Gazprom cut off supplies more than two and a half years ago.", "2024-12-20", False),
    # "that June" refers to the year told before: not the 2022 siege of the same city
    ("Q: You worked in Mariupol in 2014?\nA: Yes. In the nine years since the army pushed the rebels out of "
     "Mariupol that June, the city grew.", "2023-06-20", False),
])
def test_durations_of_round_32(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) == flagged, text


def test_parts_firms_and_machines_are_not_towns(place_flags, make_context):
    assert "Zaporizhstal" not in place_flags(make_context, "Metinvest still runs Zaporizhstal in Zaporizhzhia "
                                                           "and iron-ore mines near Kryvyi Rih.")
    assert "Mriya" not in place_flags(make_context, "In Hostomel, where the Antonov An-225 Mriya burned, the "
                                                    "airfield is still closed.")
    flags = place_flags(make_context, "In Kherson, water has left the Korabel and Ostriv neighbourhoods, and "
                                      "volunteers from Mykolaiv and Odesa are pumping out cellars.")
    assert "Ostriv" not in flags
