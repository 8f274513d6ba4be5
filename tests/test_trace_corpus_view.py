"""The corpus view of relations: a link found from either side belongs to both, and
every certain lineage relative is a hub (unspin/trace/corpus_view.py)."""

from __future__ import annotations

from collections import Counter

from unspin.trace.corpus_view import corpus_relations, mirror, through_hubs
from unspin.trace.trace import Relative


def _rel(article_id, relation, score, languages=("en", "en"), direction="unknown", lag=None, origin=None):
    return Relative(article_id=article_id, relation=relation, score=score, direction=direction,
                    lag_hours=lag, origin_probability=origin,
                    evidence={"languages": list(languages), "same_language": languages[0] == languages[1]})


def _lists(relations):
    out = {}
    for query, rel in relations:
        out.setdefault(query, {})[rel.article_id] = rel
    return out


def test_a_lineage_link_found_from_one_side_is_added_to_the_other():
    relations = [("r1", _rel("o", "cross_language_rewrite", 0.95, ("en", "ru"), "upstream", -30.0, 0.9)),
                 ("r1", _rel("r2", "rewrite", 0.7)),
                 ("r2", _rel("r1", "independent", 0.3)),   # the same pair, judged weaker from r2's pool
                 ("o", _rel("x", "independent", 0.4, ("ru", "en")))]
    lists = _lists(mirror(relations, {"r1", "r2", "o", "x"}))
    back = lists["r2"]["r1"]
    assert back.relation == "rewrite" and back.score == 0.7 and back.evidence["mirrored"]
    assert len([1 for q, r in mirror(relations, {"r1", "r2", "o"}) if q == "r2"]) == 1  # replaced, not doubled
    to_r1 = lists["o"]["r1"]
    assert to_r1.direction == "downstream" and to_r1.lag_hours == 30.0
    assert to_r1.origin_probability is None  # the origin model never judged o -> r1
    assert to_r1.evidence["languages"] == ["ru", "en"]
    assert "x" not in lists  # independent coverage is not mirrored


def test_mirroring_stays_inside_the_given_ids_and_keeps_lineage_already_there():
    relations = [("a", _rel("b", "rewrite", 0.9)), ("a", _rel("out", "rewrite", 0.9)),
                 ("b", _rel("a", "copy", 0.99))]
    lists = _lists(mirror(relations, {"a", "b"}))
    assert "out" not in lists  # another fold's article gets no records
    assert lists["b"]["a"].relation == "copy" and "mirrored" not in lists["b"]["a"].evidence


def test_every_certain_lineage_relative_is_a_hub_not_only_the_best():
    relations = [("q", _rel("h1", "rewrite", 0.99)), ("q", _rel("h2", "rewrite", 0.93)),
                 ("q", _rel("weak", "rewrite", 0.8)),
                 ("h1", _rel("s1", "rewrite", 0.95)),
                 ("h2", _rel("s2", "rewrite", 0.96)), ("h2", _rel("s3", "rewrite", 0.6)),
                 ("weak", _rel("s4", "rewrite", 0.99))]
    lists = _lists(through_hubs(relations, {"q": "en"}))
    assert lists["q"]["s1"].evidence["via"] == "h1"
    assert lists["q"]["s2"].evidence["via"] == "h2"  # the second hub counts too
    assert "s3" not in lists["q"]  # the hub is unsure of it
    assert "s4" not in lists["q"]  # "weak" is no hub


def test_a_hub_that_is_no_query_is_read_through_the_callback():
    relations = [("q", _rel("h", "rewrite", 0.97))]
    asked = []

    def relatives_of(article_id):
        asked.append(article_id)
        return [_rel("s", "rewrite", 0.94)]

    lists = _lists(through_hubs(relations, {"q": "en"}, relatives_of))
    assert asked == ["h"] and lists["q"]["s"].evidence["via"] == "h"


def test_corpus_relations_join_siblings_both_ways_and_cut_to_k():
    decided = {
        "o": [_rel("r1", "rewrite", 0.98), _rel("r2", "rewrite", 0.95)],
        "r1": [_rel("o", "rewrite", 0.98)],
        "r2": [],  # r2's pool judged nothing: it gets o (mirrored) and r1 through o
        "i": [_rel("o", "independent", 0.4)],
    }
    relations = corpus_relations(decided, {k: "en" for k in decided}, k=5)
    lists = _lists(relations)
    assert set(lists["r2"]) == {"o", "r1"}
    assert set(lists["r1"]) >= {"o", "r2"}
    assert lists["i"]["o"].relation == "independent"
    assert all(rel.relation != "rewrite" for q, rel in relations if q == "i")
    assert [q for q, _ in relations].count("o") <= 5
    short = corpus_relations(decided, {k: "en" for k in decided}, k=1)
    assert all(n == 1 for n in Counter(q for q, _ in short).values())
