"""The outlet network: who republishes whom, how often, how fast; siblings."""

from __future__ import annotations

import json
from datetime import date

from test_stories_fixtures import Relative, corpus_articles, corpus_relations

from unspin.corpus.outlets import outlet_network
from unspin.model import Article


def network():
    return outlet_network(corpus_articles(), corpus_relations())


def test_directed_edges_from_origin_outlet_with_lag():
    edges = {(e["source"], e["target"]): e for e in network()["edges"]}
    assert set(edges) == {("wire-ru.example", "metro-ledger.example"), ("wire-ru.example", "capital-wire.example"),
                          ("wire-ru.example", "nynews.example")}
    edge = edges[("wire-ru.example", "metro-ledger.example")]
    assert edge["count"] == 1 and edge["relations"] == {"cross_language_rewrite": 1}
    assert edge["median_lag_hours"] == 24.0
    assert edge["examples"][0]["upstream"] == "ru-1" and edge["examples"][0]["downstream"] == "en-1"


def test_same_day_links_without_verdict_are_undirected():
    undirected = {tuple(u["domains"]): u for u in network()["undirected"]}
    assert undirected[("metro-ledger.example", "nynews.example")]["relations"] == {"copy": 2}


def test_outlet_records():
    outlets = {o["domain"]: o for o in network()["outlets"]}
    assert "www.nynews.example" not in outlets and "nynews.example" in outlets  # www. dropped
    wire = outlets["wire-ru.example"]
    assert (wire["origins"], wire["rewrites"], wire["rewrite_share"]) == (1, 0, 0.0)
    assert [d["domain"] for d in wire["downstream"]] == ["capital-wire.example", "metro-ledger.example",
                                                          "nynews.example"]
    metro = outlets["metro-ledger.example"]
    assert metro["rewrites"] == 1 and metro["rewrite_share"] == 0.5 and metro["median_lag_hours"] == 24.0
    siblings = {s["domain"]: s for s in metro["siblings"]}
    assert siblings["nynews.example"] == {"domain": "nynews.example", "stories": 2, "copies": 2}
    assert siblings["capital-wire.example"]["copies"] == 0
    # The weak bridge joins two capital-wire articles: counted on the outlet, not drawn.
    assert outlets["capital-wire.example"]["self_links"] == 1
    # Outlets with nothing linked are only counted.
    assert "sports.example" not in outlets and network()["unlinked_outlets"] == 2


def test_dates_give_direction_when_the_tracer_has_none():
    articles = [Article(text="x", id="a", domain="early.example", published=date(2025, 3, 1)),
                Article(text="y", id="b", domain="late.example", published=date(2025, 3, 4))]
    relations = [("b", Relative(article_id="a", relation="rewrite", score=0.9, direction="unknown",
                                lag_hours=None))]
    edges = outlet_network(articles, relations)["edges"]
    assert [(e["source"], e["target"], e["median_lag_hours"]) for e in edges] == [
        ("early.example", "late.example", 72.0)]


def test_min_score_and_independent_links_do_not_make_edges():
    articles = corpus_articles()
    weak = outlet_network(articles, corpus_relations(), min_score=0.9)
    assert weak["edges"] == []
    assert all("independent" not in e["relations"] for e in network()["edges"] + network()["undirected"])


def test_network_is_json():
    json.dumps(network())
