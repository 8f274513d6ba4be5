"""Narrative catalogs: the built-in one, user catalogs, and clear errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.narratives.catalog import ENV_VAR, OTHER, CatalogError, cue_pattern, load_catalog

FIXTURES = Path(__file__).parent / "fixtures" / "narratives"
NEW = "CAMP: The reservoir was poisoned on purpose"


@pytest.fixture()
def no_env(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)


def test_builtin_catalog_has_both_branches_with_own_text(no_env):
    catalog = load_catalog()
    urw = [e for e in catalog.narratives if e.domain == "URW"]
    cc = [e for e in catalog.narratives if e.domain == "CC"]
    assert len(urw) == 11 and len(cc) == 10
    assert len([s for e in urw for s in catalog.subnarratives(e.label)]) == 38
    for entry in catalog.entries.values():
        assert entry.description, entry.label
        assert len(entry.examples) >= (3 if entry.is_subnarrative else 2), entry.label
    narratives, subs = catalog.label_sets()
    assert narratives[-1] == OTHER and subs[-1] == OTHER
    assert "URW: Discrediting Ukraine: Other" in subs
    assert "URW: Hidden plots by secret schemes of powerful groups: Other" in subs


def test_builtin_labels_match_the_task_taxonomy(no_env, shared_data):
    taxonomy = json.loads((shared_data / "narratives" / "semeval2025_task10_taxonomy" / "labels.json")
                          .read_text(encoding="utf-8"))
    expected = set()
    for prefix, branch in (("URW", "Ukraine-Russia War"), ("CC", "Climate Change")):
        for narrative, subs in taxonomy[branch].items():
            expected.add(f"{prefix}: {narrative}")
            expected.update(f"{prefix}: {narrative}: {s}" for s in subs)
    assert set(load_catalog().entries) == expected


def test_user_catalog_adds_and_extends(no_env):
    base = load_catalog()
    catalog = load_catalog([FIXTURES / "user_campaign.toml"])
    assert NEW in catalog and f"{NEW}: The authorities are covering it up" in catalog
    assert catalog[f"{NEW}: The authorities are covering it up"].parent == NEW
    media = catalog["URW: Distrust towards Media"]
    # extended, not replaced: the built-in description and examples stay, the new ones are added
    assert media.description == base["URW: Distrust towards Media"].description
    assert media.examples[:-1] == base["URW: Distrust towards Media"].examples
    assert media.examples[-1].startswith("Do not believe")
    assert "evening news" in media.cues
    assert len(catalog.entries) == len(base.entries) + 2


def test_user_catalog_from_environment(monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(FIXTURES / "user_campaign.toml"))
    assert NEW in load_catalog()


def test_replace_drops_the_builtin_examples(no_env, tmp_path):
    path = tmp_path / "replace.toml"
    path.write_text('[[narratives]]\nlabel = "URW: Distrust towards Media"\nreplace = true\n'
                    'description = "Only ours."\nexamples = ["Our single example sentence."]\n')
    entry = load_catalog([path])["URW: Distrust towards Media"]
    assert entry.examples == ["Our single example sentence."] and entry.description == "Only ours."


def test_json_catalogs_are_read(no_env, tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"narratives": [{"label": "X: Test", "description": "d",
                                                "examples": ["An example."]}]}))
    assert "X: Test" in load_catalog([path])


@pytest.mark.parametrize("content, fragment", [
    ("[[narratives]\nlabel = 'x'", "not a valid TOML"),
    ("[catalog]\nname = 'empty'\n", "needs a list 'narratives'"),
    ("[[narratives]]\ndescription = 'no label'\n", "narratives[1]: a narrative needs a non-empty 'label'"),
    ("[[narratives]]\nlabel = 'X: A'\ndescription = 'd'\nexample = ['typo in the key']\n", "unknown key"),
    ("[[narratives]]\nlabel = 'X: A'\ndescription = 'd'\nexamples = 'not a list'\n", "'examples' must be a list"),
    ("[[narratives]]\nlabel = 'Other'\ndescription = 'd'\n", "'Other' labels are implicit"),
    ("[[narratives]]\nlabel = 'X: A'\n", "needs a 'description' or 'examples'"),
    ("[[narratives]]\nlabel = 'X: A'\ndescription = 'd'\n[[narratives.subnarratives]]\ndescription = 'no name'\n",
     "narratives[1].subnarratives[1]: a subnarrative needs 'name'"),
])
def test_malformed_catalogs_name_file_and_entry(no_env, tmp_path, content, fragment):
    path = tmp_path / "bad.toml"
    path.write_text(content)
    with pytest.raises(CatalogError) as info:
        load_catalog([path])
    assert str(path) in str(info.value)
    assert fragment in str(info.value)


def test_missing_catalog_file_is_a_clear_error(no_env, tmp_path):
    with pytest.raises(CatalogError, match="cannot read"):
        load_catalog([tmp_path / "absent.toml"])


def test_cues_match_whole_words_only():
    pattern = cue_pattern("nato troops")
    assert pattern.search("He said NATO troops would come.")
    assert not pattern.search("the anato troopsmen")
