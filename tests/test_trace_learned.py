"""Tracing's learned parts: the logistic model, folds, features, partial dates,
the multilingual encoder and the vectors kept in the store."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from unspin.read import ReadError, read_inputs
from unspin.read.meta import BadValue, parse_published_precision
from unspin import logistic
from unspin.trace.encoder import ArticleVectors, multilingual_encoder
from unspin.trace.features import (ArticleSignals, EmbeddingEvidence, date_order, embedding_evidence,
                                   pool_gaps)
from unspin.trace.metrics import Label
from unspin.trace.models import load_models, MODEL_DIR
from unspin.trace.relate import PairEvidence
from unspin.trace.signals import is_upstream_outlet
from unspin.trace.training import assign_folds, pair_label


# --- logistic model ------------------------------------------------------------

def test_logistic_model_learns_three_classes_and_round_trips(tmp_path):
    rng = np.random.default_rng(3)
    centres = np.array([[0, 0], [3, 0], [0, 3]])
    y = np.repeat([0, 1, 2], 60)
    x = centres[y] + rng.normal(scale=0.5, size=(180, 2))
    model = logistic.fit(x, y, features=["a", "b"], classes=["x", "y", "z"])
    accuracy = (model.proba(x).argmax(axis=1) == y).mean()
    assert accuracy > 0.95
    model.save(tmp_path / "m.json")
    again = logistic.LogisticModel.load(tmp_path / "m.json")
    assert np.allclose(again.proba(x), model.proba(x), atol=1e-4)
    assert again.contributions([3, 0], "y")[0][0] == "a"


def test_malformed_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"features": ["a"], "classes": ["x", "y"], "mean": [0], "scale": [1],
                               "coef": [[1, 2, 3]], "intercept": [0, 0]}))
    with pytest.raises(logistic.ModelFileError, match="coef shape"):
        logistic.LogisticModel.load(bad)
    with pytest.raises(logistic.ModelFileError, match="no model file"):
        logistic.LogisticModel.load(tmp_path / "missing.json")


def test_an_increasing_feature_never_lowers_the_odds_of_its_class():
    # "b" is evidence for class z but, correlated with "a", takes a negative weight for z
    # when fitted freely; constrained, z's weight on b is at least the other classes'.
    rng = np.random.default_rng(5)
    a = rng.normal(size=600)
    b = a + rng.normal(scale=0.3, size=600)
    y = np.where(a + 0.2 * rng.normal(size=600) > 0.8, 2, np.where(b - a > 0.2, 1, 0))
    x = np.column_stack([a, b])
    free = logistic.fit(x, y, features=["a", "b"], classes=["x", "y", "z"])
    assert free.coef[1, 2] < max(free.coef[1, 0], free.coef[1, 1])   # the case the constraint is for
    tied = logistic.fit(x, y, features=["a", "b"], classes=["x", "y", "z"], increasing=["b"],
                        increasing_class="z")
    assert tied.coef[1, 2] >= max(tied.coef[1, 0], tied.coef[1, 1]) - 1e-9
    # the unconstrained feature is still fitted freely, and the fit still separates the classes
    assert (tied.proba(x).argmax(axis=1) == y).mean() > 0.7


def test_shipped_relation_model_keeps_its_sign_constraints():
    from unspin.trace.training import RELATION_INCREASING

    relation = load_models(MODEL_DIR).relation
    lineage = relation.classes.index("lineage")
    for name in RELATION_INCREASING:
        row = relation.coef[relation.features.index(name)]
        assert row[lineage] >= max(v for j, v in enumerate(row) if j != lineage) - 1e-6, name


def test_shipped_models_load_with_the_features_this_code_computes():
    from unspin.trace.features import ORIGIN_FEATURES, RELATION_FEATURES

    models = load_models(MODEL_DIR)
    assert models.relation.features == RELATION_FEATURES
    assert models.origin.features == ORIGIN_FEATURES
    assert 0.0 < models.relation.meta["lineage_threshold"] < 1.0


def test_the_lineage_cut_is_chosen_on_pooled_inner_predictions():
    from unspin.trace.training import _InnerQuery, lineage_threshold

    labels = {"q": Label("c", "rewrite"), "q2": Label("c", "rewrite"), "a": Label("c", "origin"),
              "b": Label("c", "rewrite"), "x": Label(None, "distractor")}
    ids = set(labels)

    def inner(query, p_a, p_b, p_x):
        return {query: _InnerQuery(["a", "b", "x"], np.array([p_a, p_b, p_x]), np.zeros(3, bool))}

    # one seed's predictions put a distractor above a sibling: its best cut leaves the sibling out;
    # another seed's, where the siblings score lower but no distractor does, pull the cut down
    first, second = inner("q", 0.95, 0.55, 0.6), inner("q2", 0.58, 0.57, 0.1)
    alone = lineage_threshold(first, labels, ids)
    pooled = lineage_threshold([first, second], labels, ids)
    assert alone > 0.6 > pooled
    assert pooled == lineage_threshold({**first, **second}, labels, ids)
    assert lineage_threshold([first], labels, ids) == alone


# --- labels and folds ----------------------------------------------------------

LABELS = {
    "o": Label("c1", "origin"), "r1": Label("c1", "rewrite"), "r2": Label("c1", "rewrite"),
    "i": Label("c1", "independent"), "x": Label("c2", "rewrite"), "d": Label(None, "distractor"),
}


def test_pair_labels():
    assert pair_label(LABELS, "r1", "o") == 2
    assert pair_label(LABELS, "r1", "r2") == 2
    assert pair_label(LABELS, "r1", "i") == 1
    assert pair_label(LABELS, "r1", "x") == 0
    assert pair_label(LABELS, "d", "r1") == 0
    assert pair_label(LABELS, "unknown", "r1") == 0


def test_folds_keep_a_cluster_together_and_spread_distractors():
    labels = dict(LABELS)
    for n in range(12):
        labels[f"d{n}"] = Label(None, "distractor")
        labels[f"k{n}a"] = Label(f"k{n}", "rewrite")
        labels[f"k{n}b"] = Label(f"k{n}", "origin")
    folds = assign_folds(sorted(labels), labels, 4, seed=0)
    assert len({folds[i] for i in ("o", "r1", "r2", "i")}) == 1
    for n in range(12):
        assert folds[f"k{n}a"] == folds[f"k{n}b"]
    sizes = np.bincount(list(folds.values()), minlength=4)
    assert sizes.max() - sizes.min() <= 4
    assert assign_folds(sorted(labels), labels, 4, seed=0) == folds


# --- features ------------------------------------------------------------------

def _vectors(rows) -> ArticleVectors:
    m = np.asarray(rows, dtype=np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    return ArticleVectors(m, [(i, i + 1) for i in range(len(m))])


def test_embedding_evidence_measures_alignment_and_order():
    a = _vectors([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    same = embedding_evidence(a, a)
    assert same.query_aligned == same.relative_aligned == 1.0 and same.aligned_order == 1.0
    reversed_ = embedding_evidence(a, _vectors([[0, 0, 1], [0, 1, 0], [1, 0, 0]]))
    assert reversed_.query_aligned == 1.0 and reversed_.aligned_order < 0.5
    half = embedding_evidence(a, _vectors([[1, 0, 0], [1, 1, 1]]))
    assert half.query_aligned < 1.0 and half.relative_aligned == 0.5
    assert embedding_evidence(a, ArticleVectors(np.zeros((0, 3), np.float32), [])) == EmbeddingEvidence()


def test_pool_gaps_are_zero_for_the_best_of_each_language_group():
    pool = [PairEvidence(same_language=True, query_matched=0.6, skeleton_overlap=0.2),
            PairEvidence(same_language=True, query_matched=0.4, skeleton_overlap=0.3),
            PairEvidence(same_language=False, query_matched=0.3)]
    pool_gaps(pool)
    assert pool[0].matched_gap == 0 and pool[1].matched_gap == pytest.approx(-0.2)
    assert pool[1].skeleton_gap == 0 and pool[2].matched_gap == 0


def _signals(published, precision="day"):
    return ArticleSignals("en", published, precision, 0.5, 0, False)


def test_date_order_respects_precision():
    assert date_order(_signals(date(2025, 10, 1)), _signals(date(2025, 10, 8))) == 1
    assert date_order(_signals(date(2025, 10, 8)), _signals(date(2025, 10, 1))) == -1
    assert date_order(_signals(date(2025, 10, 1), "month"), _signals(date(2025, 10, 8))) == 0
    assert date_order(_signals(date(2025, 1, 1), "year"), _signals(date(2024, 12, 31))) == -1
    assert date_order(_signals(None), _signals(date(2025, 1, 1))) == 0


def test_upstream_outlets_match_subdomains_only_on_label_boundaries():
    assert is_upstream_outlet("tass.ru") and is_upstream_outlet("news.rambler.ru")
    assert is_upstream_outlet("www.gazeta.ru")
    assert not is_upstream_outlet("notgazeta.ru") and not is_upstream_outlet(None)


# --- partial dates in readers ---------------------------------------------------

def test_partial_dates_keep_their_precision():
    assert parse_published_precision("2025-10") == (date(2025, 10, 1), "month")
    assert parse_published_precision("2025") == (date(2025, 1, 1), "year")
    assert parse_published_precision("2025-10-08T10:00:00Z") == (date(2025, 10, 8), "day")
    for bad in ("2025-13", "25-10", "October 2025"):
        with pytest.raises(BadValue):
            parse_published_precision(bad)


def test_jsonl_record_with_a_month_date_is_read_not_rejected(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Some text here.", "published": "2025-10"}) + "\n"
                    + json.dumps({"id": "b", "text": "Other text here.", "published": "2025-10-08"}) + "\n"
                    + json.dumps({"id": "c", "text": "Bad date.", "published": "2025-99"}) + "\n")
    items = list(read_inputs([str(path)]))
    a, b, c = items
    assert a.published == date(2025, 10, 1) and a.metadata["published_precision"] == "month"
    assert b.published == date(2025, 10, 8) and "published_precision" not in b.metadata
    assert isinstance(c, ReadError) and ":3" in c.source


def test_text_front_matter_with_a_year_date(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("---\npublished: 2024\n---\nBody of the article.\n")
    (article,) = read_inputs([str(path)])
    assert article.published == date(2024, 1, 1) and article.metadata["published_precision"] == "year"


def test_month_precision_does_not_anchor_dates(make_context):
    from unspin.analyzers import get_analyzer

    dates = get_analyzer("dates")
    text = "Engineers reopened the bridge on March 3, 2026."
    exact = make_context(text, "2025-12-01")
    assert any(f.kind == "future-date" for f in dates.analyze(exact).findings)
    partial = make_context(text, "2025-12-01")
    partial.article.metadata["published_precision"] = "month"
    assert not any(f.kind == "future-date" for f in dates.analyze(partial).findings)


# --- the multilingual encoder ---------------------------------------------------

def test_encoder_puts_a_translation_closer_than_an_unrelated_sentence():
    encoder = multilingual_encoder()
    v = encoder.encode(["Губернатор сообщил, что беспилотник повредил восемь частных домов.",
                        "The governor said a drone damaged eight private homes.",
                        "The football club signed a new goalkeeper on Tuesday."])
    assert v.shape == (3, 512)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_article_vectors_round_trip_through_bytes():
    vectors = multilingual_encoder().article_vectors(
        "First sentence of the article is here. Second sentence follows it closely. Ok.")
    assert len(vectors.sentences) == 2 and vectors.spans[0][0] == 0
    again = ArticleVectors.from_bytes(vectors.to_bytes(), vectors.spans)
    assert np.allclose(again.sentences, vectors.sentences, atol=2e-3)
    assert float(vectors.document @ again.document) > 0.999


def test_cross_language_alignment_meets_sentences_that_share_no_fact():
    from unspin.trace.align import align

    russian = ("Вечером над городом сбили несколько беспилотников. "
               "Обломки повредили крышу школы и два автомобиля. "
               "Пострадавших нет, сообщили местные власти.")
    english = ("Several drones were shot down over the city in the evening. "
               "Our reporters heard loud explosions all night long. "
               "Debris damaged the roof of a school and two cars. "
               "Local authorities said nobody was hurt.")
    aligned, changes = align(english, russian, same_language=False, query_is_downstream=True)
    pairs = [(p["query"]["text"][:20], p["relative"]["text"][:20]) for p in aligned]
    assert len(aligned) == 3
    assert pairs[0] == ("Several drones were ", "Вечером над городом ")
    assert [p["text"][:20] for p in changes["inserted"]] == ["Our reporters heard "]


def _rel(article_id, relation, score, languages=("en", "en")):
    from unspin.trace.trace import Relative

    return Relative(article_id=article_id, relation=relation, score=score, direction="unknown",
                    lag_hours=None, evidence={"languages": list(languages),
                                              "same_language": languages[0] == languages[1]})


def test_siblings_join_through_a_certain_hub_only():
    from unspin.trace.trace import add_siblings, hub_of

    relatives = [_rel("origin", "cross_language_rewrite", 0.97, ("en", "ru")),
                 _rel("weak", "rewrite", 0.8), _rel("indep", "independent", 0.3)]
    hub = hub_of(relatives)
    assert hub.article_id == "origin"
    hub_relatives = [_rel("query", "cross_language_rewrite", 0.96, ("ru", "en")),
                     _rel("sib-en", "cross_language_rewrite", 0.95, ("ru", "en")),
                     _rel("sib-de", "cross_language_rewrite", 0.92, ("ru", "de")),
                     _rel("indep", "cross_language_rewrite", 0.93, ("ru", "en")),
                     _rel("weak", "cross_language_rewrite", 0.99, ("ru", "en")),
                     _rel("unsure", "cross_language_rewrite", 0.7, ("ru", "en")),
                     _rel("relay", "independent", 0.45, ("ru", "ru"))]
    out = {r.article_id: r for r in add_siblings("query", "en", relatives, hub, hub_relatives)}
    assert "query" not in out and "unsure" not in out and "relay" not in out
    assert out["sib-en"].relation == "rewrite" and out["sib-en"].evidence["via"] == "origin"
    assert out["sib-en"].score == pytest.approx(0.97 * 0.95, abs=1e-4)
    assert out["sib-de"].relation == "cross_language_rewrite"
    assert out["indep"].relation == "rewrite" and out["indep"].evidence["via"] == "origin"
    assert out["weak"].score == 0.8 and "via" not in out["weak"].evidence  # already lineage: kept
    assert hub_of([_rel("a", "rewrite", 0.85), _rel("b", "independent", 0.5)]) is None


def test_lead_overlap_sees_a_shared_opening_and_ignores_the_rest():
    from unspin.trace.similarity import lead_overlap, lead_words

    def overlap(a: str, b: str) -> float:
        return lead_overlap(lead_words(a), lead_words(b))

    lead = ("Governor Alexander Gusev of Voronezh Oblast confirmed via his Telegram channel that eight private "
            "homes in the region have been damaged by debris from drones")
    other_lead = ("Governor Alexander Gusev of Voronezh Oblast confirmed on his Telegram channel that eight private "
                  "homes in the region have sustained damage from debris")
    independent = ("Eight private houses were damaged in the Voronezh region overnight, the regional governor said, "
                   "after drones were shot down")
    tail = " ".join(["The statement marked the first acknowledgment of damage."] * 20)
    assert overlap(lead + tail, other_lead + " Something else entirely happened later.") > 0.3
    assert overlap(lead, independent) < 0.1
    # the same body after different openings: only the opening counts
    assert overlap("Breaking news from the front. " + tail, "Officials said on Monday evening. " + tail) < 0.5
    # a dateline's numbers say nothing about the wording
    assert overlap("12 05 2025 Kyiv said", "01 01 2024 Kyiv said") == 1.0
    assert overlap("", "") == 0.0
    assert lead_words("On 3 May, Kyiv's mayor said") == "on may kyiv s mayor said"


def test_the_lead_is_kept_with_the_fingerprint_and_read_back_the_same():
    from unspin.model import Article
    from unspin.trace.fingerprint import fingerprint
    from unspin.trace.similarity import lead_words
    from unspin.trace.trace import _facts_of

    article = Article(id="a", text="Governor Gusev said on Monday that eight homes were damaged. " * 3)
    fp = fingerprint(article)
    assert fp.skeleton["lead"] == lead_words(article.text)
    stored = dict(fp.skeleton)
    assert _facts_of(article, (fp.minhash, stored)).lead == fp.skeleton["lead"]
    del stored["lead"]  # a fingerprint stored before the lead was kept
    assert _facts_of(article, (fp.minhash, stored)).lead == fp.skeleton["lead"]
