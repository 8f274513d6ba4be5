"""Place names in lines written in capitals (Telegram posts, wire headings): unspin/places/recase.py."""

from __future__ import annotations

import pytest

from unspin.analyzers import get_analyzer
from unspin.places.recase import recase_capitals

VOCABULARY = frozenset({"shelling", "reported", "near", "enemy", "attack", "repelled", "dawn", "front", "line",
                        "troops", "enter", "holds", "update", "situation", "region"})


def test_recasing_keeps_every_offset_and_only_touches_runs_of_capitals():
    text = "Calm night.\nENEMY ATTACK ON VELYKOSILKIVSKE REPELLED AT DAWN.\nNATO and the US met."
    recased = recase_capitals(text, VOCABULARY)
    assert len(recased) == len(text)
    assert recased == "Calm night.\nEnemy attack on Velykosilkivske repelled at dawn.\nNATO and the US met."


def test_a_heading_line_and_two_word_sentences_are_recased_but_acronyms_stay():
    text = "SITUATION UPDATE\n\nKRASNOHORIVKA HOLDS. ZSU UNITS REPORTED."
    assert recase_capitals(text, VOCABULARY) == "Situation update\n\nKrasnohorivka holds. ZSU Units reported."
    assert recase_capitals("The US and NATO.", VOCABULARY) == "The US and NATO."  # no run of capitals
    assert recase_capitals("Nothing in capitals here.", VOCABULARY) == "Nothing in capitals here."


@pytest.fixture(scope="module")
def places():
    return get_analyzer("places")


def _unknown(result):
    return {f.details["name"].lower(): f for f in result.findings if f.kind in ("unknown-place", "suspect-place")}


@pytest.mark.parametrize("text, name", [
    ("Night in the Donetsk direction.\n\nRUSSIAN TROOPS STORMED VERKHNOBORODIVKA AT DAWN. REPELLED.\n\n"
     "Glory to the defenders of Kostiantynivka.", "verkhnoborodivka"),
    ("Drones over Kharkiv again. UNITS ENTERED NOVOZLATOPILSK OVERNIGHT, CONFIRMATION PENDING. More later.",
     "novozlatopilsk"),
])
def test_an_invented_name_in_capitals_is_flagged(places, make_context, text, name):
    flags = _unknown(places.analyze(make_context(text)))
    assert name in flags, text
    span = flags[name].evidence[0] if getattr(flags[name], "evidence", None) else None
    if span is not None:  # the evidence points at the name as the text writes it, in capitals
        assert text[span.start:span.end].lower() == name


def test_real_places_in_capitals_are_not_flagged(places, make_context):
    text = ("KHARKIV AND SUMY OBLASTS — SITUATION UPDATE\n\n"
            "Shelling was reported in Kupiansk and Vovchansk. SLOVIANSK AND KRAMATORSK HOLD.")
    assert _unknown(places.analyze(make_context(text))) == {}
