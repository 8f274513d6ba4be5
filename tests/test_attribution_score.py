"""Match definitions of the attribution scorer, on hand-made relations."""

from __future__ import annotations

from unspin.evals.polnear import Relation
from unspin.evals.polnear_score import Words, score

TEXT = "The mayor said that the ferry would run in May. A captain added: “The crew is ready.”"
#       0   4     10   15   20  24    30    36  40 44  48       57    63  65 …


def at(words: str, nth: int = 0) -> tuple[tuple[int, int], ...]:
    i = -1
    for _ in range(nth + 1):
        i = TEXT.index(words, i + 1)
    return ((i, i + len(words)),)


MAYOR = Relation("g1", at("The mayor"), at("said"), at("that the ferry would run in May"))
CAPTAIN = Relation("g2", at("A captain"), at("added"), at("“The crew is ready.”"))


def figures(predicted, gold=(MAYOR, CAPTAIN)):
    return score([(TEXT, predicted, gold)])


def test_words_ignore_punctuation_and_quote_marks():
    words = Words(TEXT)
    assert words.of(at("“The crew is ready.”")) == words.of(at("The crew is ready"))
    assert words.of(at("added:")) == words.of(at("added"))
    assert words.of(()) == frozenset()


def test_perfect_prediction_scores_one_everywhere():
    f = figures([MAYOR, CAPTAIN])
    for role in ("source", "cue", "content", "relation"):
        for view in ("exact", "partial", "overlap"):
            assert f[role][view]["f1"] == 1.0, (role, view)


def test_exact_versus_partial_versus_overlap():
    # Content without "that" and "in May": partial match, not exact; overlap counts words.
    shorter = Relation("p1", MAYOR.source, MAYOR.cue, at("the ferry would run"))
    f = figures([shorter], gold=(MAYOR,))
    assert f["content"]["exact"]["tp"] == 0
    assert f["content"]["partial"]["tp"] == 1
    assert f["content"]["overlap"]["precision"] == 1.0
    assert f["content"]["overlap"]["recall"] == round(4 / 7, 4)  # 4 of "that the ferry would run in May"
    assert f["source"]["exact"]["tp"] == 1 and f["cue"]["exact"]["tp"] == 1
    assert f["relation"]["exact"]["tp"] == 0 and f["relation"]["partial"]["tp"] == 1


def test_matching_is_one_to_one():
    # One predicted relation whose content covers both gold contents: it pairs with one gold relation only.
    everything = Relation("p1", MAYOR.source, MAYOR.cue, ((MAYOR.content[0][0], len(TEXT)),))
    f = figures([everything])
    assert f["relation"]["partial"] == {**f["relation"]["partial"], "tp": 1, "predicted": 1, "gold": 2}
    assert f["content"]["partial"]["recall"] == 0.5
    # Two predictions of the same relation: the second one is a false positive.
    f = figures([MAYOR, Relation("p2", MAYOR.source, MAYOR.cue, MAYOR.content)], gold=(MAYOR,))
    assert f["relation"]["exact"]["tp"] == 1 and f["relation"]["exact"]["precision"] == 0.5


def test_overlap_counts_each_word_once():
    twice = [MAYOR, Relation("p2", MAYOR.source, (), MAYOR.content)]
    f = figures(twice, gold=(MAYOR,))
    assert f["content"]["overlap"]["precision"] == 1.0  # the same words predicted twice are one set


def test_relations_pair_only_through_the_cue_or_a_cue_less_content():
    wrong_cue = Relation("p1", MAYOR.source, at("added"), MAYOR.content)
    f = figures([wrong_cue], gold=(MAYOR,))
    assert f["relation"]["partial"]["tp"] == 0 and f["source"]["exact"]["tp"] == 0
    no_cue = Relation("p1", (), (), at("The crew is ready"))
    f = figures([no_cue], gold=(CAPTAIN,))
    assert f["content"]["exact"]["tp"] == 1  # paired through the content
    assert f["relation"]["partial"]["tp"] == 0  # but the gold has a source and a cue


def test_a_part_both_lack_matches_one_missing_does_not():
    gold = Relation("g", (), at("said"), MAYOR.content)
    assert figures([Relation("p", (), at("said"), MAYOR.content)], gold=(gold,))["relation"]["exact"]["tp"] == 1
    assert figures([MAYOR], gold=(gold,))["relation"]["exact"]["tp"] == 0


def test_no_predictions_score_zero_not_an_error():
    f = figures([])
    assert f["relation"]["exact"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0,
                                      "predicted": 0, "gold": 2}


def test_quoted_and_reported_gold_are_told_apart():
    f = figures([MAYOR])
    assert f["gold_by_kind"]["quoted"]["gold"] == 1 and f["gold_by_kind"]["reported"]["gold"] == 1
    assert f["gold_by_kind"]["reported"]["recall_partial"] == 1.0
    assert f["gold_by_kind"]["quoted"]["recall_partial"] == 0.0
