"""Technique span metrics on tiny hand-computed examples (SemEval-2020 Task 11 definitions)."""

from __future__ import annotations

import pytest

from unspin.techniques.data import Span
from unspin.techniques.metrics import (assign_by_overlap, merge_overlapping, overlap, prf, score,
                                       si_score, span_micro_score, tc_score, technique_scores)

LL, DOUBT = "Loaded_Language", "Doubt"


def sp(start: int, end: int, technique: str | None = None, article: str = "a") -> Span:
    return Span(article, technique, start, end)


def test_overlap_counts_shared_characters_end_exclusive():
    assert overlap(sp(0, 10), sp(5, 20)) == 5
    assert overlap(sp(0, 5), sp(5, 9)) == 0  # touching, nothing shared
    assert overlap(sp(2, 4), sp(0, 10)) == 2


def test_merge_joins_spans_sharing_a_character_but_not_touching_ones():
    merged = merge_overlapping([sp(3, 8, LL), sp(0, 5, LL), sp(8, 12, LL), sp(20, 30, LL)])
    assert merged == [sp(0, 8, LL), sp(8, 12, LL), sp(20, 30, LL)]


def test_merge_keeps_labels_and_articles_apart_unless_labels_are_ignored():
    spans = [sp(0, 10, LL), sp(5, 15, DOUBT), sp(5, 15, LL, article="b")]
    assert merge_overlapping(spans) == [sp(0, 10, LL), sp(5, 15, DOUBT), sp(5, 15, LL, "b")]
    assert merge_overlapping(spans, ignore_labels=True) == [sp(0, 15), sp(5, 15, article="b")]


def test_merge_chains_through_a_bridging_span():
    assert merge_overlapping([sp(0, 5), sp(10, 15), sp(4, 11)]) == [sp(0, 15)]


def test_si_partial_overlap():
    # |s ∩ t| = 5: P = 5/10, R = 5/10
    assert si_score([sp(10, 20)], [sp(15, 25)]) == pytest.approx((0.5, 0.5, 0.5))


def test_si_one_prediction_over_two_gold_spans():
    # s = [5,25) meets t1 = [0,10) and t2 = [20,30) in 5 characters each.
    # P = (5/20 + 5/20) / 1 = 0.5 ; R = (5/10 + 5/10) / 2 = 0.5
    assert si_score([sp(0, 10), sp(20, 30)], [sp(5, 25)]) == pytest.approx((0.5, 0.5, 0.5))


def test_si_unequal_precision_and_recall():
    # gold [0,10), [50,60); pred [0,4) only: P = 4/4 = 1, R = (4/10 + 0)/2 = 0.2, F1 = 2*0.2/1.2
    p, r, f1 = si_score([sp(0, 10), sp(50, 60)], [sp(0, 4)])
    assert (p, r) == pytest.approx((1.0, 0.2))
    assert f1 == pytest.approx(2 * 0.2 / 1.2)


def test_si_merges_duplicate_predictions_so_copies_earn_nothing():
    # Unmerged, the three copies would give R = 3 * (10/10) = 3.
    assert si_score([sp(0, 10)], [sp(0, 10), sp(0, 10), sp(5, 10)]) == pytest.approx((1.0, 1.0, 1.0))


def test_si_ignores_labels_and_other_articles():
    assert si_score([sp(0, 10, LL)], [sp(0, 10, DOUBT)]).f1 == pytest.approx(1.0)
    assert si_score([sp(0, 10, article="a")], [sp(0, 10, article="b")]).f1 == 0.0


def test_empty_sets_follow_the_official_conventions():
    assert si_score([sp(0, 10)], []) == (0.0, 0.0, 0.0)
    assert si_score([], [sp(0, 10)]) == (0.0, 0.0, 0.0)
    assert si_score([], []) == (0.0, 0.0, 1.0)
    assert prf(0.0, 3, 0.0, 2) == (0.0, 0.0, 0.0)


def test_technique_scores_count_only_same_label_overlaps():
    gold = [sp(0, 10, LL), sp(20, 30, DOUBT)]
    pred = [sp(0, 5, LL), sp(20, 30, LL)]
    per = technique_scores(gold, pred, techniques=[LL, DOUBT, "Slogans"])
    # LL: P = (5/5 + 0) / 2 = 0.5, R = 5/10 = 0.5
    assert (per[LL]["precision"], per[LL]["recall"], per[LL]["f1"]) == pytest.approx((0.5, 0.5, 0.5))
    assert (per[LL]["support"], per[LL]["predicted"]) == (1, 2)
    assert per[DOUBT] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1, "predicted": 0}
    assert per["Slogans"]["f1"] == 1.0 and per["Slogans"]["support"] == 0  # nothing to find, nothing found


def test_span_micro_pools_the_technique_sums():
    gold = [sp(0, 10, LL), sp(20, 30, DOUBT)]
    pred = [sp(0, 5, LL), sp(20, 30, LL)]
    # P = (1 + 0) / 2, R = (0.5 + 0) / 2
    assert span_micro_score(gold, pred) == pytest.approx((0.5, 0.25, 1 / 3))


def test_tc_compares_spans_with_identical_offsets_as_multisets():
    gold = [sp(0, 10, LL), sp(0, 10, DOUBT), sp(20, 30, LL)]
    tc, correct = tc_score(gold, [DOUBT, LL, LL])
    assert correct == 3 and tc.f1 == 1.0
    tc, correct = tc_score(gold, [LL, LL, DOUBT])
    assert correct == 1 and tc.f1 == pytest.approx(1 / 3)


def test_tc_missing_labels_lower_recall_only():
    gold = [sp(0, 10, LL), sp(20, 30, LL)]
    tc, correct = tc_score(gold, [LL, None])
    assert correct == 1 and tc == pytest.approx((1.0, 0.5, 2 / 3))
    with pytest.raises(ValueError):
        tc_score(gold, [LL])


def test_assign_by_overlap_prefers_largest_then_tightest_span():
    gold = [sp(10, 20, LL), sp(40, 50, LL), sp(80, 90, LL)]
    pred = [sp(0, 100, DOUBT),          # covers everything, 10 characters of each gold span
            sp(10, 20, LL),             # same overlap as the long span, tighter: wins the first
            sp(45, 49, "Slogans")]      # 4 characters: loses to the long Doubt span
    assert assign_by_overlap(gold, pred) == [LL, DOUBT, DOUBT]
    assert assign_by_overlap(gold, [sp(60, 70, LL)]) == [None, None, None]


def test_assign_by_overlap_gives_a_duplicated_gold_span_distinct_techniques():
    gold = [sp(0, 10, LL), sp(0, 10, DOUBT)]
    assert sorted(assign_by_overlap(gold, [sp(0, 10, LL), sp(0, 10, DOUBT)])) == [DOUBT, LL]
    assert assign_by_overlap(gold, [sp(0, 10, LL)]) == [LL, LL]


def test_score_report_shape_for_tc_and_si_gold():
    gold = [sp(0, 10, LL), sp(20, 30, DOUBT)]
    result = score(gold, [sp(0, 10, LL)], techniques=[LL, DOUBT], per_label_f1=True)
    assert result["si"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(0.6667)}
    assert result["tc"]["micro_f1"] == pytest.approx(0.6667) and result["tc"]["unlabelled"] == 1
    assert result["span_micro_f1_per_label"] == {LL: 1.0, DOUBT: 0.0}
    assert result["counts"]["gold_spans"] == 2
    si_only = score([sp(0, 10)], [sp(0, 10, LL)])
    assert set(si_only) == {"si", "counts"}
