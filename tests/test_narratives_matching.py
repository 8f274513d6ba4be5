"""Matching team-written sentences against the built-in catalog, decoding, evidence."""

from __future__ import annotations

import pytest

from unspin.narratives.catalog import ENV_VAR, load_catalog
from unspin.narratives.features import CatalogIndex, match_article
from unspin.narratives.model import RuleParams, decode, evidence

WEST = "URW: Blaming the war on others rather than the invader"
WEST_SUB = WEST + ": The West are the aggressors"
NUCLEAR = "URW: Amplifying war-related fears: There is a real possibility that nuclear weapons will be employed"
ALARMIST = "CC: Criticism of climate movement: Climate movement is alarmist"

TEXT = ("Bakery wins regional prize\n\n"
        "A family bakery in the old town won the regional bread competition on Saturday. "
        "The owner thanked her staff and said the prize money would buy a new oven. "
        "Still, one customer insisted that the alliance's push toward Russia's borders is what caused the war. "
        "Another warned that the Kremlin could launch an atomic strike on a European capital.")


@pytest.fixture(scope="module")
def index(request):
    import os

    from unspin.embed import sentence_encoder

    saved = os.environ.pop(ENV_VAR, None)
    request.addfinalizer(lambda: saved is not None and os.environ.__setitem__(ENV_VAR, saved))
    return CatalogIndex.build(load_catalog(), sentence_encoder())


@pytest.fixture(scope="module")
def match(index):
    from unspin.embed import sentence_encoder

    return match_article(TEXT, index, sentence_encoder())


def _best_label(match, labels):
    return max(labels, key=match.max_similarity)


def test_sentences_meet_their_subnarratives(match, index):
    subs = [e.label for e in index.catalog.entries.values() if e.is_subnarrative]
    sims, _ = match.label_similarity(WEST_SUB)
    alliance = next(i for i, (a, b) in enumerate(match.spans) if "alliance" in TEXT[a:b])
    atomic = next(i for i, (a, b) in enumerate(match.spans) if "atomic" in TEXT[a:b])
    # the alliance sentence is closest to the West-as-aggressor subnarrative among all subnarratives
    row = {label: match.label_similarity(label)[0][alliance] for label in subs}
    assert max(row, key=row.get) == WEST_SUB
    row = {label: match.label_similarity(label)[0][atomic] for label in subs}
    assert max(row, key=row.get) == NUCLEAR
    # and the bakery sentences are far from every prototype
    bakery = [i for i, (a, b) in enumerate(match.spans) if "bakery" in TEXT[a:b] or "oven" in TEXT[a:b]]
    assert all(match.similarity[i].max() < 0.35 for i in bakery)
    assert sims[alliance] > 0.45


def test_features_have_a_fixed_layout(match, index):
    labels = list(index.catalog.entries) + ["NOT: in this catalog"]
    vector = match.vector(labels)
    assert vector.shape == (3 * len(labels) + 384,)
    assert vector[3 * (len(labels) - 1)] == 0.0  # unknown labels give zeros, not errors


def test_evidence_points_at_the_carrying_sentence(match):
    found = evidence(match, WEST_SUB, TEXT)
    assert found, "no evidence sentence"
    top = max(found, key=lambda e: e.similarity)
    assert "alliance" in TEXT[top.start:top.end]
    assert top.example_label == WEST_SUB and top.example  # the matched catalog prototype is named


def test_rule_scores_and_cue_weight(match):
    plain = RuleParams(cue_weight=0.0)
    weighted = RuleParams(cue_weight=0.05)
    # no cue of the alarmist subnarrative occurs, so the weight changes nothing there
    assert weighted.score(match, ALARMIST) == pytest.approx(plain.score(match, ALARMIST))


def test_decode_follows_the_task_layout():
    catalog = load_catalog(use_env=False)
    cut = lambda label: 0.5  # noqa: E731
    assert decode({}, catalog, cut) == (["Other"], ["Other"])
    narratives, subs = decode({WEST: 0.9, WEST_SUB: 0.2}, catalog, cut)
    assert narratives == [WEST] and subs == [WEST + ": Other"]
    narratives, subs = decode({WEST: 0.9, WEST_SUB: 0.8, NUCLEAR: 0.9}, catalog, cut)
    # a subnarrative is only kept under a predicted narrative
    assert narratives == [WEST] and subs == [WEST_SUB]


CUED = ("Officials called it a proxy war waged by the Kyiv regime, a puppet of its western masters. "
        "They spoke of NATO expansion, of Denazification and of neo-Nazis; a puppeteer is not a puppet.")


@pytest.mark.parametrize("text", [
    CUED,
    CUED.upper(),
    CUED.replace("k", "\u212a").replace("s", "\u017f"),  # Kelvin sign, long s: IGNORECASE equivalents
    "Straße, \u01c5emal and PROXY\u00a0WAR, Nato-Expansion, nato expansionism.",
    "Nothing here at all.",
])
def test_cue_prefilter_finds_what_every_pattern_finds(index, text):
    import numpy as np

    vectors = np.zeros((len(text), index.prototype_vectors.shape[1]), dtype=np.float32)  # unused rows
    from unspin.narratives.features import article_sentences

    spans = article_sentences(text)
    found = match_article(text, index, None, sentence_vectors=vectors[:len(spans)]).cue_hits
    every = {}
    for label, patterns in index.cues.items():
        hits = sorted((m.start(), m.end(), m.group()) for p in patterns for m in p.finditer(text))
        if hits:
            every[label] = hits
    assert found == every
    if text.startswith("Officials") or text.startswith("OFFICIALS"):
        assert len(every) >= 3  # the texts do contain cues: the comparison is not vacuous
