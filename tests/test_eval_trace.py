"""Tracing metrics (pure functions on hand-made inputs) and ``unspin eval trace``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.cli import main
from unspin.trace.evaluate import evaluate_relations
from unspin.trace.metrics import (Label, adjusted_rand_index, connected_components,
                                  distractor_false_positive_rate, gold_grouping, independent_error,
                                  origin_accuracy, pairwise_f1, ranked_by_query,
                                  sibling_precision_recall, top_origin_candidate)
from unspin.trace.trace import Relative

CORPUS = Path(__file__).parent / "fixtures" / "trace" / "corpus.jsonl"


def rel(article_id: str, relation: str = "rewrite", score: float = 0.8, direction: str = "unknown") -> Relative:
    return Relative(article_id=article_id, relation=relation, score=score, direction=direction, lag_hours=None)


LABELS = {
    "o": Label("c1", "origin"),
    "r1": Label("c1", "rewrite"),
    "r2": Label("c1", "rewrite"),
    "r3": Label("c1", "rewrite"),
    "i": Label("c1", "independent"),
    "x1": Label("c2", "rewrite"),
    "x2": Label("c2", "rewrite"),
    "d": Label(None, "distractor"),
}


def test_top_origin_candidate_prefers_upstream_then_score():
    relatives = [rel("a", score=0.9), rel("b", score=0.5, direction="upstream"),
                 rel("c", "independent", 0.4, "upstream"), rel("d", score=0.95, direction="downstream")]
    assert top_origin_candidate(relatives) == "b"
    assert top_origin_candidate([rel("a", score=0.9), rel("e", score=0.7)]) == "a"
    assert top_origin_candidate([rel("c", "independent", direction="upstream")]) is None


def test_origin_accuracy():
    ranked = {"r1": [rel("o", direction="upstream")],
              "r2": [rel("r1", direction="upstream"), rel("o", score=0.9)],
              "r3": []}
    result = origin_accuracy(LABELS, ranked)
    assert (result["correct"], result["total"]) == (1, 3)  # c2 has no origin: not counted
    assert result["value"] == pytest.approx(1 / 3)
    assert {m["rewrite"] for m in result["misses"]} == {"r2", "r3"}


def test_sibling_precision_and_recall_at_k():
    ranked = {"r1": [rel("o"), rel("r2"), rel("x1"), rel("i", "independent")],
              "r2": [rel("r1"), rel("r3")],
              "x1": [rel("x2")]}
    result = sibling_precision_recall(LABELS, ranked, k=5)
    # r1: 1 sibling of 2 found, 1 of 2 retrieved right (the origin is not counted)
    # r2: 2/2 and 2/2; r3: nothing retrieved; x1: 1/1 and 1/1; x2: nothing
    assert result["recall_at_5"] == pytest.approx((0.5 + 1 + 0 + 1 + 0) / 5)
    assert result["precision_at_5"] == pytest.approx((0.5 + 1 + 1) / 3)
    assert result["queries"] == 5 and result["queries_retrieving"] == 3


def test_independent_error_and_distractor_rate():
    relations = [("r1", rel("i", "independent")), ("i", rel("x1")), ("o", rel("r1"))]
    assert independent_error(LABELS, relations)["value"] == 0.0  # x1 is another cluster
    relations.append(("r2", rel("i", "cross_language_rewrite")))
    assert independent_error(LABELS, relations) == {"value": 1.0, "wrong": ["i"], "total": 1}
    assert distractor_false_positive_rate(LABELS, relations)["value"] == 0.0
    relations.append(("d", rel("x2", "copy")))
    assert distractor_false_positive_rate(LABELS, relations)["value"] == 1.0


def test_grouping_and_cluster_quality():
    groups = connected_components("abcde", [("a", "b"), ("b", "c"), ("d", "d")])
    assert groups == {"a": "a", "b": "a", "c": "a", "d": "d", "e": "e"}
    gold = {"a": "1", "b": "1", "c": "2", "d": "2", "e": "3"}
    scores = pairwise_f1(groups, gold)
    # predicted pairs ab ac bc; gold pairs ab cd -> tp 1, fp 2, fn 1
    assert scores["precision"] == pytest.approx(1 / 3) and scores["recall"] == pytest.approx(1 / 2)
    assert adjusted_rand_index(gold, gold) == pytest.approx(1.0)
    assert adjusted_rand_index({"a": "1", "b": "1", "c": "2", "d": "2"},
                               {"a": "1", "b": "2", "c": "1", "d": "2"}) == pytest.approx(-0.5)
    gold_groups = gold_grouping(LABELS)
    assert gold_groups["o"] == gold_groups["r1"] != gold_groups["i"] != gold_groups["d"]


def test_evaluate_relations_is_json_able():
    relations = [("r1", rel("o", direction="upstream")), ("r1", rel("r2")), ("x1", rel("x2", "copy"))]
    result = evaluate_relations(LABELS, relations)
    json.dumps(result)
    assert result["origin_accuracy"]["value"] == pytest.approx(1 / 3, abs=1e-3)  # rounded to 4 places
    assert result["clusters"]["pairwise"]["precision"] == 1.0
    assert set(ranked_by_query(relations)) == {"r1", "x1"}


def test_eval_trace_command_on_the_fixture_story(capsys):
    assert main(["eval", "trace", "--data", str(CORPUS), "--no-progress", "--details"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["articles"] == 6
    assert result["independent_called_lineage"]["value"] == 0.0
    assert result["distractor_false_positive_rate"]["value"] == 0.0
    assert result["siblings"]["recall_at_5"] == 1.0
    assert result["clusters"]["pairwise"]["f1"] == 1.0
    assert result["ingest"]["added"] == 6


def test_eval_trace_command_missing_file(capsys):
    assert main(["eval", "trace", "--data", "nope.jsonl"]) == 2


@pytest.mark.shared
def test_eval_trace_on_the_dev_split(shared_data, capsys):
    data = shared_data / "tracing" / "dev.jsonl"
    if not data.is_file():
        pytest.skip(f"{data} not found")
    assert main(["eval", "trace", "--data", str(data), "--no-progress"]) == 0
    result = json.loads(capsys.readouterr().out)
    # Floors well under the figures in docs/tracing.md: a regression, not noise, fails this.
    assert result["origin_accuracy"]["value"] >= 0.45
    assert result["siblings"]["precision_at_5"] >= 0.9
    assert result["independent_called_lineage"]["value"] <= 0.15
    assert result["clusters"]["adjusted_rand_index"] >= 0.6


_TOWNS = [("Кучеровка", "Kucherovka"), ("Будённовка", "Budyonnovka"), ("Заречное", "Zarechnoye"),
          ("Терновка", "Ternovka"), ("Ольховатка", "Olkhovatka"), ("Глотово", "Glotovo")]
_GOVERNORS = [("Гладков", "Gladkov"), ("Богомаз", "Bogomaz"), ("Гусев", "Gusev"),
              ("Хинштейн", "Khinshtein"), ("Сальдо", "Saldo"), ("Балицкий", "Balitsky")]


def _cluster(n: int) -> list[dict]:
    """One made-up story: a Russian origin, two English rewrites, one independent report."""
    town_ru, town_en = _TOWNS[n]
    gov_ru, gov_en = _GOVERNORS[n]
    homes, people, day = 11 + 7 * n, 1200 + 313 * n, 3 + n
    origin = (f"Губернатор {gov_ru} сообщил, что беспилотник атаковал село {town_ru}. "
              f"Повреждены {homes} частных домов, без света остались {people} человек. "
              f"Ранее, {day} декабря, в соседнем районе загорелся склад. "
              f"{gov_ru} пообещал восстановить все дома до конца месяца.")
    rewrite = (f"In a troubling escalation, Governor {gov_en} reported that a drone struck the village of "
               f"{town_en}. {homes} private homes were damaged and {people} residents lost power. "
               f"Earlier, on December {day}, a warehouse caught fire nearby. {gov_en} vowed to rebuild "
               f"every home by the end of the month, a promise residents like Maria Petrova doubt.")
    rewrite2 = (f"A drone attack hit {town_en}, according to Governor {gov_en}, leaving {homes} houses "
                f"damaged and {people} people without electricity. The region had already seen a "
                f"warehouse fire on December {day}. Officials promise repairs within weeks.")
    independent = (f"Officials in the region confirmed damage in {town_en} after an overnight attack. "
                   f"Emergency crews were working at the scene, a local news site said.")
    cluster = f"story-{n}"
    return [
        {"id": f"o{n}", "text": origin, "language": "ru", "published": "2025-12-10", "cluster": cluster,
         "role": "origin", "domain": "gazeta.ru"},
        {"id": f"r{n}a", "text": rewrite, "language": "en", "published": "2025-12-11", "cluster": cluster,
         "role": "rewrite", "domain": f"farm{n}a.example"},
        {"id": f"r{n}b", "text": rewrite2, "language": "en", "published": "2025-12", "cluster": cluster,
         "role": "rewrite", "domain": f"farm{n}b.example"},
        {"id": f"i{n}", "text": independent, "language": "en", "published": "2025-12-10", "cluster": cluster,
         "role": "independent", "domain": f"news{n}.example"},
    ]


def test_eval_trace_cross_validates_and_trains(tmp_path, capsys):
    data = tmp_path / "labelled.jsonl"
    rows = [row for n in range(6) for row in _cluster(n)]
    rows.append({"id": "d1", "text": "The city council approved a new budget for parks and libraries on Monday.",
                 "language": "en", "cluster": None, "role": "distractor"})
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    models = tmp_path / "models"
    assert main(["eval", "trace", "--data", str(data), "--cv", "3", "--train", str(models),
                 "--no-progress"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["decisions"].startswith("out of fold: 3 folds")
    assert result["articles"] == 25 and result["ingest"]["added"] == 25
    assert set(result["origin_accuracy_by_origin_language"]) == {"ru"}
    assert {"unrelated", "independent", "lineage"} == set(result["relation_confusion"])
    from unspin.trace.models import load_models

    trained = load_models(models)
    report = json.loads((models / "train_report.json").read_text())
    assert report["articles"] == 25 and report["out_of_fold"]["decisions"].startswith("out of fold")
    assert trained.relation.meta["pairs"] > 0
    assert main(["eval", "trace", "--data", str(data), "--rules", "--cv", "3"]) == 2
    assert main(["eval", "trace", "--data", str(data), "--cv", "1"]) == 2
