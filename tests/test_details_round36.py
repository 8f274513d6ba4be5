"""Rules drawn from the fresh36 round (Ukrainian regional and diaspora news; read after its blind
scoring): a since-clause dated at its end starts a "for N" span ("since the city was freed on
DATE, ... for three years"; "since the first strikes on the grid in October 2022 - for almost
four years now"), a dateline before a dash is no event of an "ago" clause, a siege's length
written as an adjective ("the nearly three-month siege") is not a time since, "N ago, during /
when ...", a reduced relative clause ("the operation ..., launched N ago"), "N later, in DATE"
opening a sentence, and "the city, besieged for N". Each rule is tried
on other places and amounts than the round's articles, with a right amount beside each wrong one."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, published, flagged", [
    ("\"Since the town was liberated on 10 September 2022, it has been shelled every week for four years,\" "
     "the baker said.", "2024-09-10", True),
    ("\"Since the town was liberated on 10 September 2022, it has been shelled every week for two years,\" "
     "the baker said.", "2024-09-10", False),
    ("Villages have had rolling blackouts since the first strikes on the substations in March 2024 - for three "
     "years now - and most families own a generator.", "2025-03-20", True),
    ("Villages have had rolling blackouts since the first strikes on the substations in March 2024 - for a "
     "year now - and most families own a generator.", "2025-03-20", False),
    # the adjective's length is the siege's own
    ("It is two years since the last defenders left Azovstal, ending the seven-month siege of the city.",
     "2024-05-20", True),
    # "N ago, during / when ...": the clause after says what happened
    ("Many of them stood on the Maidan in Kyiv twenty years ago, during the Revolution of Dignity.", "2024-11-21",
     True),
    ("Many of them stood on the Maidan in Kyiv ten years ago, during the Revolution of Dignity.", "2024-11-21",
     False),
    ("The fields by the river were flooded three years ago, when the dam downstream was destroyed.", "2024-06-06",
     True),
    ("The fields by the river were flooded a year ago, when the dam downstream was destroyed.", "2024-06-06",
     False),
    # a reduced relative clause names its head as the event
    ("Officials praised the Ukrainian operation in Russia's Kursk oblast, launched five months ago, in their "
     "speeches.", "2024-09-06", True),
    ("Officials praised the Ukrainian operation in Russia's Kursk oblast, launched a month ago, in their "
     "speeches.", "2024-09-06", False),
    # a sentence opened by "N later, in DATE" counts from the last date of the sentence before
    ("Avdiivka's last defenders left in February 2024. Two years later, in October 2024, Vuhledar also fell.",
     "2025-10-02", True),
    ("Avdiivka's last defenders left in February 2024. Eight months later, in October 2024, Vuhledar also fell.",
     "2025-10-02", False),
    # "the city, besieged for N": the town the text named before
    ("The drone hit a school in Chernihiv. It recalled 2022, when the city, besieged for half a year, was cut "
     "off from Kyiv.", "2024-08-19", True),
    ("The drone hit a school in Chernihiv. It recalled 2022, when the city, besieged for about five weeks, was "
     "cut off from Kyiv.", "2024-08-19", False),
])
def test_fresh36_duration_rules(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged


@pytest.mark.parametrize("text, published", [
    # a dateline names where the story is, not the event of "ago"
    ("SUMY, Kharkiv oblast \u2014 A year ago today, a missile struck the bakery in this village, killing "
     "eleven people.", "2024-10-05"),
    # "ending the nearly three-month siege": its length, not the time since it
    ("It is two years since the last defenders left Azovstal, ending the nearly three-month siege of the city.",
     "2024-05-20"),
])
def test_fresh36_no_false_duration_flags(duration_flags, make_context, text, published):
    assert duration_flags(make_context, text, published) == []


def test_a_since_clause_dated_at_its_end_does_not_start_a_past_span(duration_flags, make_context):
    # the occupation that the liberation ended has its own length (Kupiansk: about six and a half months)
    text = ("It is exactly one year since Ukrainian troops liberated Kupiansk on 10 September 2022, ending a "
            "Russian occupation that lasted for about six months.")
    assert duration_flags(make_context, text, "2023-09-10") == []


def test_a_towns_mayor_still_tells_where(duration_flags, make_context):
    # unlike the office of an entity ("the first head of the Luhansk People's Republic"), the mayor
    # of a town names the town whose siege the sentence tells of
    text = "09:40 \u2014 The mayor of Chernihiv recalls the spring the siege ended, seven years ago."
    assert duration_flags(make_context, text, "2025-02-24")
