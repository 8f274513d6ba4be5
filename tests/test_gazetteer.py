"""The offline gazetteer: romanisation, name keys, lookups, fuzzy search, disk cache."""

from __future__ import annotations

import pickle

import pytest

from unspin.places import gazetteer as gazetteer_module
from unspin.places.build import _data_rows
from unspin.places.gazetteer import shared_gazetteer
from unspin.places.text import loose_key, name_key, romanise_russian, romanise_ukrainian


@pytest.fixture(scope="module")
def gaz():
    return shared_gazetteer()


@pytest.mark.parametrize("cyrillic, latin", [
    ("Сіверськ", "Siversk"),
    ("Донецька", "Donetska"),
    ("Запоріжжя", "Zaporizhzhia"),
    ("Олександрія", "Oleksandriia"),
    ("Київ", "Kyiv"),
    ("Згурівка", "Zghurivka"),        # зг -> zgh
    ("Знам'янка", "Znamianka"),       # apostrophe dropped, я inside the word -> ia
    ("Їжаківка", "Yizhakivka"),       # ї at the start -> yi
    ("Юрівка", "Yurivka"),            # ю at the start -> yu
    ("Соледар", "Soledar"),
    ("Біла Церква", "Bila Tserkva"),  # each word starts anew
])
def test_kmu_2010_romanisation(cyrillic, latin):
    assert romanise_ukrainian(cyrillic) == latin


def test_russian_romanisation():
    assert romanise_russian("Северск") == "Seversk"
    assert romanise_russian("Артёмовск") == "Artyomovsk"


def test_name_keys_ignore_case_accents_apostrophes_hyphens():
    assert name_key("Sivers'k") == name_key("SIVERSK") == name_key("Sivers’k")
    assert name_key("Kryvyi-Rih") == name_key("Kryvyi Rih")
    assert name_key("Orël") == "orel"
    # the loose key folds romanisation schemes together
    assert loose_key("Khmelnytskyi") == loose_key("Khmelnitsky")
    assert loose_key("Zaporozhye") == loose_key("Zaporozhie")


def test_siversk_is_known_with_both_ids(gaz):
    (siversk,) = gaz.lookup("Siversk")
    assert (siversk.country, siversk.admin1, siversk.kind) == ("UA", "Donetsk Oblast", "city")
    assert siversk.geonameid == 694403
    assert siversk.katottg_id and siversk.katottg_id.startswith("UA14")
    assert siversk.label == "Siversk (Donetsk Oblast, UA)"
    assert 48 < siversk.lat < 49.5 and 37.5 < siversk.lon < 38.5


def test_seversk_reads_two_ways(gaz):
    labels = {p.label for p in gaz.lookup("Seversk")}
    assert "Seversk (Tomsk Oblast, RU)" in labels
    assert "Siversk (Donetsk Oblast, UA)" in labels


def test_alternate_names_and_transliterations(gaz):
    kyiv = {p.id for p in gaz.lookup("Kyiv") if p.kind == "city" and p.population > 1_000_000}
    assert kyiv and kyiv <= {p.id for p in gaz.lookup("Kiev")}
    assert [p.name for p in gaz.lookup("Donbass")] == [p.name for p in gaz.lookup("Donbas")] == ["Donbas"]
    assert any(p.name == "Bakhmut" for p in gaz.lookup("Artemovsk"))  # the pre-2016 name
    # katottg's KMU spelling finds the GeoNames entry spelled otherwise
    (zaporizhzhia,) = [p for p in gaz.lookup("Zaporizhzhya") if p.kind == "city"]
    assert zaporizhzhia.name == "Zaporizhzhia" and zaporizhzhia.katottg_id


def test_regions_and_their_variants(gaz):
    for spelling in ("Donetsk Oblast", "Donetsk region", "Donetska oblast", "Donetsk oblast"):
        (region,) = gaz.lookup(spelling)
        assert (region.kind, region.admin1_code, region.name) == ("region", "UA:05", "Donetsk Oblast")
    (tomsk,) = gaz.lookup("Tomsk region")
    assert tomsk.admin1_code == "RU:75"
    assert any(p.kind == "region" and p.admin1_code == "US:VA" for p in gaz.lookup("Virginia"))


def test_curated_areas_carry_notes(gaz):
    (crimea,) = gaz.lookup("Crimea")
    assert crimea.kind == "area" and "UA:11" in crimea.covers and crimea.note
    (front,) = gaz.lookup("Zaporizhzhia front")
    assert front.kind == "area"


def test_countries_and_aliases(gaz):
    assert any(p.kind == "country" and p.country == "GB" for p in gaz.lookup("UK"))
    assert any(p.kind == "country" and p.country == "RU" for p in gaz.lookup("Russian Federation"))


def test_not_places_are_not_places(gaz):
    for name in ("Kremlin", "Putin", "Gerasimov"):
        assert not gaz.lookup(name) or gaz.is_not_place(name)
    assert gaz.is_not_place("Maidan")


def test_admin1_codes_match_the_data(gaz):
    """Each team-mapped admin1 code holds the city the TSV says it holds."""
    for row in _data_rows("places_admin1.tsv"):
        code = f"{row['country']}:{row['code']}"
        found = {p.admin1_code for p in gaz.lookup(row["check_city"]) if p.country == row["country"]}
        assert code in found, f"{row['check_city']} is not in {code} ({row['name']})"


def test_prominence(gaz):
    assert gaz.prominence("Bakhmut") == 3
    assert gaz.prominence("Ukraine") == 3
    assert gaz.prominence("Nowhereville Xq") == 0


def test_fuzzy_finds_misspellings(gaz):
    top, similarity, _ = gaz.fuzzy("Kramatorks")[0]
    assert top.name == "Kramatorsk" and similarity > 0.85
    names = {p.name for p, _, _ in gaz.fuzzy("Severansk")}
    assert {"Siversk", "Seversk"} <= names


def test_cache_roundtrip_and_corruption(tmp_path, monkeypatch):
    monkeypatch.setenv("UNSPIN_CACHE_DIR", str(tmp_path))
    path = gazetteer_module.cache_path()
    assert path.parent == tmp_path
    tables = {"names": ["X"]}
    written = gazetteer_module._write_cache(path, "k1", tables)
    assert written == path and path.exists()
    assert gazetteer_module._read_cache(path, "k1") == tables
    assert gazetteer_module._read_cache(path, "other-version") is None  # stale key
    path.write_bytes(pickle.dumps({"magic": "unspin-gazetteer", "key": "k1"})[:10])  # truncated
    assert gazetteer_module._read_cache(path, "k1") is None
    path.write_bytes(b"not a pickle at all")
    assert gazetteer_module._read_cache(path, "k1") is None
    assert gazetteer_module._read_cache(tmp_path / "missing.pickle", "k1") is None
    assert not list(tmp_path.glob(".gazetteer-*.tmp"))  # no temp files left behind


def test_cache_key_tracks_versions():
    key = gazetteer_module.cache_key()
    assert f"b{gazetteer_module.BUILDER_VERSION}" in key and "gnc" in key and "kat" in key


def test_romanisation_variants_are_found(gaz):
    """A spelling that differs only by romanisation scheme (g/h, y/i) is a variant, not an error."""
    names = {gaz.place(pid).name for pid in gaz.variant_ids("Glyboke")}
    assert "Hlyboke" in names
    assert gaz.variant_ids("Severansk") == ()


def test_the_shared_gazetteer_is_loaded_once():
    """Every analyzer call asks for it: it must be one object, not a fresh load."""
    from unspin.places.gazetteer import shared_gazetteer

    assert shared_gazetteer() is shared_gazetteer()
