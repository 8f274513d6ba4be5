"""Rules drawn from the fresh38 round (content-farm rewrites of Russian state-media items; read
after its blind scoring): small settlements that war reporting names often and the packaged
gazetteers lack are curated (unspin/data/places_villages.tsv), and "Nearby" before a town is
a qualifier, not part of its name. Invented names beside them are still flagged."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, name", [
    ("Russian units retook Kazachya Loknya and pushed on towards the border, the ministry said.",
     "Kazachya Loknya"),
    ("Shelling hit the monastery at Gornal, south of Sudzha, overnight.", "Gornal"),
    ("Drones struck a lorry queue at Nekhoteyevka, the border crossing on the Kharkov road.", "Nekhoteyevka"),
    ("Fighting went on west of Avdiivka, around Lastochkino and Berdychi.", "Lastochkino"),
    ("Nearby Uglegorsk was shelled again, the Donetsk authorities said.", "Nearby Uglegorsk"),
])
def test_fresh38_real_places_are_not_flagged(place_flags, make_context, text, name):
    assert name not in place_flags(make_context, text)


def test_an_invented_village_beside_curated_ones_is_still_flagged(place_flags, make_context):
    found = place_flags(make_context, "Russian units retook Malaya Loknya and Zarechnogradka near Sudzha.")
    assert "Zarechnogradka" in found and "Malaya Loknya" not in found
