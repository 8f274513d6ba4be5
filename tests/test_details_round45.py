"""Rules from the fresh45 (Russian state-media style) and fresh46 (society news: schools,
hospitals, churches, memorials) rounds, each with a control.

Places: a news agency ("RIA Novosti"), a river by its position ("the mouth of the Kalmius"), a
city's district by its adjective, a monastery and a person-named hospital are not misspelt towns.
Durations: "the battle for the city" is the battle of the town the article is about; a span with
its since-clause after it; a custody with a dated capture before its verb and a dated release
after it; a plant's occupation; "the fire", "the withdrawal", "the first shells"; a generic war
in a sentence about another country's war, or said to have ended, is not the war in Ukraine."""

from __future__ import annotations

import pytest


def test_agencies_rivers_districts_and_institutions_are_not_towns(place_flags, make_context):
    text = ("KIEV, May 2 — RIA Novosti. The airliner crashed in Tver Region, Rosaviatsia said. Shelling hit the "
            "western bank of the Kalmius and the mouth of the Siverskyi Donets near Lysychansk. A school in the "
            "Kalininsky district of Gorlovka was hit. Monks of the Pochaiv Lavra and doctors of the Pirogov "
            "city hospital in Vinnytsia collected aid for Kramatorsk.")
    found = place_flags(make_context, text)
    assert not {"Novosti", "Rosaviatsia", "Kalmius", "Kalininsky", "Pochaiv Lavra", "Pirogov"} & set(found)


@pytest.mark.parametrize("text, name", [
    # a town's shape before an institution is still a misspelt town
    ("Two players from the Starobilovsk academy near Luhansk joined Zorya in Zaporizhzhia.", "Starobilovsk"),
    # a name one slip from a sizeable town before a hospital is still a misspelt town
    ("Patients of the Kramatorks city hospital near Sloviansk were moved to Dnipro.", "Kramatorks"),
])
def test_a_misspelt_town_before_an_institution_is_still_flagged(place_flags, make_context, text, name):
    assert name in place_flags(make_context, text)


@pytest.mark.parametrize("text, published, flagged", [
    # the battle of the town the article is about, not of a landmark the sentence names
    ("Russia claims Bakhmut\n\nThe capture of Bakhmut was announced on Saturday. Wounded were taken to Kramatorsk. "
     "The battle for the city, which lies between Soledar, Chasiv Yar and Klishchiivka, lasted more than "
     "nine months.", "2023-05-21", False),
    ("Russia claims Bakhmut\n\nThe capture of Bakhmut was announced on Saturday. Wounded were taken to Kramatorsk. "
     "The battle for the city, which lies between Soledar, Chasiv Yar and Klishchiivka, lasted more than "
     "two years.", "2023-05-21", True),
    # the since-clause after the span gives its start
    ("Mariupol had been under Ukrainian control for nearly eight years, since Ukrainian units and "
     "volunteers drove the separatists out in June 2014.", "2022-05-20", False),
    ("Mariupol had been under Ukrainian control for nearly twelve years, since Ukrainian units and "
     "volunteers drove the separatists out in June 2014.", "2022-05-20", True),
    # "for all N years" from a dated first day
    ('"He fought beside us from the first day in 2014, for all seven years," a comrade said.', "2018-09-01", True),
    ('"He fought beside us from the first day in 2014, for all four years," a comrade said.', "2018-09-01", False),
    # an "ago" apposed to a full date
    ("The school lost its roof in the shelling of January 2015, just six months ago.", "2016-09-01", True),
    ("The school lost its roof in the shelling of January 2015, just over a year and a half ago.",
     "2016-09-01", False),
    # a day of this year that starts an evacuation
    ("The evacuation of civilians, which began on October 18, had been under way for five months.",
     "2022-11-11", True),
    ("The evacuation of civilians, which began on October 18, had been under way for three weeks.",
     "2022-11-11", False),
])
def test_fresh45_duration_rules(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged


@pytest.mark.parametrize("text, published", [
    # "two days after" in a piece published on the treaty's anniversary tells of that week
    ("Six years ago, on March 18, 2014, the treaty on Crimea's accession was signed in the Kremlin, two days "
     "after a referendum held under occupation.", "2020-03-18"),
    # a generic war in a sentence about Georgia is Georgia's war
    ("Georgia marks ten years since war with Russia\n\nWreaths were laid in Gori. Volunteers who have "
     "fought in Ukraine since 2014 sent a message.", "2018-08-08"),
    # a war said to have ended is not the war in Ukraine
    ("Ukrainian refugees in Chisinau mark 80 years since war's end\n\nThey laid flowers on Victory Day.",
     "2025-05-09"),
])
def test_no_flag_for_another_event(duration_flags, make_context, text, published):
    assert not duration_flags(make_context, text, published)


@pytest.mark.parametrize("text, published, flagged", [
    # a capture dated before its verb, and a release dated after the stay
    ("In April 2022 he was taken prisoner near Izium and spent ten months in captivity before being freed in "
     "an exchange last August.", "2023-04-01", True),
    ("In April 2022 he was taken prisoner near Izium and spent four months in captivity before being freed in "
     "an exchange last August.", "2023-04-01", False),
    # "occupied the plant": the occupation of the plant's place, named before
    ("Chornobyl remembers\n\nAt Chornobyl the workers laid flowers. Russian troops, who occupied the plant for "
     "five months, dug trenches in the Red Forest.", "2023-04-26", True),
    ("Chornobyl remembers\n\nAt Chornobyl the workers laid flowers. Russian troops, who occupied the plant for "
     "five weeks, dug trenches in the Red Forest.", "2023-04-26", False),
    # "the fire": the one-day event named before
    ("On 2 May 2014 dozens died in the Trade Unions House in Odesa. Nobody has been convicted in the six years "
     "since the fire.", "2018-05-02", True),
    ("On 2 May 2014 dozens died in the Trade Unions House in Odesa. Nobody has been convicted in the four years "
     "since the fire.", "2018-05-02", False),
    # "the withdrawal": the end of the battle named before
    ("He was wounded at Debaltseve in February 2015. Three years after the withdrawal, he still walks with a "
     "cane.", "2017-02-18", True),
    ("He was wounded at Debaltseve in February 2015. Two years after the withdrawal, he still walks with a "
     "cane.", "2017-02-18", False),
    # "the first shells fell": the war's first day here (the invasion, or the war in the Donbas)
    ("In Kharkiv, Ukraine's second city, since the first shells fell on our district two years ago, the school "
     "has been hit twice.",
     "2023-02-24", True),
    ("In Kharkiv, Ukraine's second city, since the first shells fell on our district a year ago, the school "
     "has been hit twice.",
     "2023-02-24", False),
])
def test_fresh46_duration_rules(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged


@pytest.mark.parametrize("text, flagged", [
    # a bare "since" ending its phrase counts from the event the sentence before names
    ("Russia annexed Crimea in March 2014. In the five years since, no one has been convicted.", True),
    ("Russia annexed Crimea in March 2014. In the nine years since, no one has been convicted.", False),
])
def test_a_bare_since_counts_from_the_event_before(duration_flags, make_context, text, flagged):
    assert bool(duration_flags(make_context, text, "2023-03-20")) is flagged


@pytest.mark.parametrize("text, published, flagged", [
    # a span of the war's conditions until now, naming no event: since the war reached the place
    ("Children in Horlivka, in eastern Ukraine, have been studying under fire for ten years now.", "2018-09-01", True),
    ("Children in Horlivka, in eastern Ukraine, have been studying under fire for four years now.", "2018-09-01", False),
    # the front line is no fighting of a battle the sentence names: no span of Avdiivka's battle
    ("Avdiivka, in Ukraine's Donetsk region, was on the front line for almost ten years before it fell.",
     "2024-03-01", False),
])
def test_a_span_of_the_wars_conditions(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged


@pytest.mark.parametrize("text, published, flagged", [
    # "The" is no one's name: no arrest searched for in the sentences before
    ("The town was captured by Russian forces in March 2023. Prices rose. The journalist has been held for "
     "three years.", "2025-02-01", False),
    # "frontline" in one word, as often written
    ("Horlivka, in eastern Ukraine, has been on the frontline for fifteen years now.", "2018-09-01", True),
    # "the nuclear power plant" is a plant too
    ("Chornobyl remembers\n\nAt Chornobyl the workers laid flowers. Russian troops, who occupied the nuclear power "
     "plant for five months, dug trenches.", "2023-04-26", True),
    # Finland names no other war of Russia's here: the war is still this one
    ("In Kyiv, officials noted that Finland joined NATO in 2023, twenty years into the war in Ukraine.",
     "2024-05-01", True),
])
def test_review_guards(duration_flags, make_context, text, published, flagged):
    assert bool(duration_flags(make_context, text, published)) is flagged


def test_a_district_of_a_region_is_not_a_city_district(place_flags, make_context):
    text = "Shelling hit the Glubokovsky district of Donetsk Region, near Horlivka and Yenakiieve in Ukraine."
    assert "Glubokovsky" in place_flags(make_context, text)
