"""Rules drawn from the fresh28 evaluation round: datelines in capitals, a heading line joined
to the next line by the tagger, two towns joined by a hyphen, a town made into an invented name
by a qualifier, district names under a heading (places); "-year-old" persons, "in the past",
dates in the noun phrase before an "ago", months without a year, possessive events, "the
operation", "failed to take", "has been free for", "N years before EVENT" (dates)."""

from __future__ import annotations

import pytest

from unspin.places.recase import recase_capitals

VOCABULARY = frozenset({"fighting", "intensifies", "around", "update", "breaking"})


def test_a_dateline_in_capitals_is_recased_and_keeps_its_offsets():
    text = "KRAMATORKS, July 9 (Wire) \u2014 Residents said they feared the next strike."
    recased = recase_capitals(text, VOCABULARY)
    assert len(recased) == len(text)
    assert recased.startswith("Kramatorks, July 9")
    assert recase_capitals("ODESA (AP) - Drones hit the port.", VOCABULARY).startswith("Odesa (AP)")
    assert recase_capitals("Kyiv, March 3 \u2014 calm.", VOCABULARY) == "Kyiv, March 3 \u2014 calm."


@pytest.mark.parametrize("text, name, meant", [
    # a heading whose last word the tagger joins to the next line's first ("Pokrosvk\nRussian")
    ("FIGHTING INTENSIFIES AROUND POKROSVK\nRussian forces are pressing on Pokrovsk from the south and east, "
     "commanders said, as Myrnohrad prepares for a siege.", "Pokrosvk", "Pokrovsk"),
    # a dateline in capitals
    ("KRAMATORKS, July 9 (Wire) \u2014 Residents of this eastern city said they feared the next strike. "
     "In Sloviansk, volunteers filled sandbags.", "Kramatorks", "Kramatorsk"),
    # a known town joined by a hyphen to a misspelt one
    ("Supply convoys move along the Kostiantynivka-Drujkivka road at night, away from Bakhmut and Chasiv Yar.",
     "Drujkivka", "Druzhkivka"),
    # a known town and an invented qualifier: the town itself is the first suggestion
    ("Heavy shelling was reported near Novohrodivka-Donetska and Selydove, south of Pokrovsk.",
     "Novohrodivka-Donetska", "Novohrodivka"),
])
def test_place_errors_in_headings_datelines_and_joined_names(place_flags, make_context, text, name, meant):
    flags = place_flags(make_context, text)
    assert name in flags, (text, list(flags))
    suggestions = flags[name].details.get("suggestions") or []
    assert suggestions and suggestions[0]["name"] == meant, suggestions[:2]


def test_real_names_in_these_shapes_are_not_flagged(place_flags, make_context):
    text = ("Outages continue in Kharkiv today. Districts affected in the first wave: Saltivskyi, Industrialnyi, "
            "Nemyshlianskyi. Convoys use the Kostiantynivka-Druzhkivka road; residents of Kamianka-Dniprovska "
            "were told to expect cuts.")
    assert place_flags(make_context, text) == {}
    # an invented district name outside such a heading is still reported
    assert "Glubokovskiy" in place_flags(make_context, "Russian forces attacked the Glubokovskiy "
                                          "district overnight, near Kupiansk.")


@pytest.mark.parametrize("text, published, flagged", [
    ("Kherson has now been free for three and a half years, though it is shelled daily.", "2025-05-20", True),
    ("Kherson has now been free for two and a half years, though it is shelled daily.", "2025-05-20", False),
    ("Avdiivka's fall, now more than two years in the past, opened the road west.", "2025-05-20", True),
    ("Avdiivka's fall, now more than a year in the past, opened the road west.", "2025-05-20", False),
    ("The July 2023 strike, more than two years ago, showed that drones could reach it.", "2024-10-08", True),
    ("The July 2023 strike, more than a year ago, showed that drones could reach it.", "2024-10-08", False),
    ("The fall of Selydove, lost in late October, almost half a year ago, exposed the flank.", "2024-12-10", True),
    ("The fall of Selydove, lost in late October, about six weeks ago, exposed the flank.", "2024-12-10", False),
    ("Kharkiv, which Russian troops failed to take more than three years ago, is in range again.",
     "2024-05-17", True),
    ("Kharkiv, which Russian troops failed to take two years ago, is in range again.", "2024-05-17", False),
    # "the operation": the last event named with that word ("the Kursk operation")
    ("A year on, veterans of the Kursk operation met in Sumy. Analysts debate whether the operation, "
     "launched one and a half years ago, helped.", "2025-08-06", True),
    ("A year on, veterans of the Kursk operation met in Sumy. Analysts debate whether the operation, "
     "launched a year ago, helped.", "2025-08-06", False),
    ("The memoir covers Debaltseve, abandoned in February 2015, some five years before the full-scale invasion.",
     "2023-11-20", True),
    ("The memoir covers Debaltseve, abandoned in February 2015, some seven years before the full-scale invasion.",
     "2023-11-20", False),
    # "since ... crossed the border": the incursion the text named before (not a bare place)
    ("Two weeks into the Kursk operation, units hold 80 settlements. Pokrovsk direction stays hot. Analysts "
     "note it has been more than a month since Ukrainian units crossed the border.", "2024-08-20", True),
    ("Two weeks into the Kursk operation, units hold 80 settlements. Pokrovsk direction stays hot. Analysts "
     "note it has been two weeks since Ukrainian units crossed the border.", "2024-08-20", False),
    # "the airport": the airport of the last place named before it (Hostomel)
    ("Father Vasyl served in Hostomel during the fighting for the airport, which began almost four years ago.",
     "2024-09-29", True),
    ("Father Vasyl served in Hostomel during the fighting for the airport, which began two and a half years ago.",
     "2024-09-29", False),
    # a past span that starts at a date the sentence gives cannot be longer than the time since it
    ("The bridgehead, first established in October 2023, was held for 18 months before the troops pulled back.",
     "2024-07-20", True),
    ("The bridgehead, first established in October 2023, was held for 8 months before the troops pulled back.",
     "2024-07-20", False),
    # a person's age is no duration of the occupation
    ("Prosecutors said the 52-year-old joined the occupation authorities within days of the city's capture.",
     "2026-04-14", False),
    # "the first attack": the bridge's first attack, October 2022
    ("Today, two years since the first attack on the Crimean Bridge, ferry traffic has grown.", "2024-10-08", False),
])
def test_durations_tied_by_the_shapes_of_round_28(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) == flagged, text


TABLE = ("WHERE THE FRONT MOVED (as of 15 Oct 2024)\n"
         "Place | Event | Date | Time since\n"
         "Izium | liberated | 10 Sep 2022 | 2 years 1 month\n"
         "Kherson | liberated | 11 Nov 2022 | nearly 2 years\n"
         "Snake Island | Russians withdraw | 30 Jun 2022 | {snake}\n"
         "Vuhledar | captured | 1 Oct 2024 | 2 weeks\n")


def test_an_elapsed_time_table_is_checked_row_by_row(duration_flags, make_context):
    wrong = duration_flags(make_context, TABLE.format(snake="3 years 4 months"), "2024-10-20")
    assert [f.evidence[0].text for f in wrong] == ["3 years 4 months"]
    assert duration_flags(make_context, TABLE.format(snake="2 years 3 months"), "2024-10-20") == []


def test_anniversary_tables_and_tables_without_an_elapsed_header():
    from datetime import date

    from unspin.dates.expressions import find_dates
    from unspin.dates.table_claims import table_claims, table_reference

    text = ("Event | Date | Anniversary this year\nHroza strike | 5 Oct 2023 | 4th\n"
            "Kherson liberated | 11 Nov 2022 | 3rd\n\nSiege | Start | Duration\nMariupol | 24 Feb 2022 | 86 days\n")
    mentions = find_dates(text, None, date(2025, 11, 11))
    rows = table_claims(text, mentions)
    # the second table lists event lengths: its header names no elapsed time
    assert [(r.claim.text, r.claim.kind, r.start.text) for r in rows] == [
        ("4th", "anniversary", "5 Oct 2023"), ("3rd", "anniversary", "11 Nov 2022")]
    assert table_reference(TABLE, date(2024, 10, 20), find_dates(TABLE, None, date(2024, 10, 20))) == date(2024, 10, 15)
