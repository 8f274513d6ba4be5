"""Cliché lexicon and leftover detection on team-written texts: spans, kinds, and silence on clean copy."""

from __future__ import annotations

import pytest

from unspin.style.cliches import LexiconError, find_cliches, load_cliches, parse_lexicon
from unspin.style.features import extract, split_sentences
from unspin.style.leftovers import find_leftovers

CLEAN = (
    "Repair crews restored power to most of the town on Thursday after a storm brought down lines, "
    "the utility said. \"About 80 percent of homes are back,\" a spokeswoman told reporters. "
    "Schools will reopen on Monday. The mayor, Ruth Okafor, said the damage was being counted."
)

PURPLE = (
    "The significance of the vote cannot be overstated. It is a stark reminder that the town's "
    "future hangs in the balance, and the tension in the hall was palpable. The world watches."
)


def _spans(text, items):
    return [text[i.start:i.end] for i in items]


def test_cliches_are_found_with_exact_spans():
    found = find_cliches(PURPLE)
    texts = _spans(PURPLE, found)
    assert texts == ["cannot be overstated", "is a stark reminder", "palpable", "The world watches"]
    assert [c.matched for c in found] == texts
    assert {c.id for c in found} == {"cannot-be-overstated", "stark-reminder", "palpable", "world-watches"}


def test_cliche_variants_and_case():
    text = "Analysts delved into the data. It can't be overstated. Only Time Will Tell."
    ids = [c.id for c in find_cliches(text)]
    assert ids == ["delve", "cannot-be-overstated", "only-time-will-tell"]


def test_word_boundaries_keep_similar_words_out():
    # "palpably" and "redelve" are not the listed phrases
    assert find_cliches("The mood shifted palpably. They redelve nothing.") == []


def test_overlapping_matches_counted_once():
    found = find_cliches("The flood serves as a stark reminder of the risk.")
    assert len(found) == 1 and found[0].matched in ("serves as a stark reminder", "a stark reminder")


def test_clean_text_has_no_cliches_or_leftovers():
    assert find_cliches(CLEAN) == []
    assert find_leftovers(CLEAN) == []


def test_user_lexicon_parses_and_rejects_bad_lines():
    lexicon = parse_lexicon(["# comment", "storm-of\tperfect storm\t2\tweather metaphor"], "mine.tsv")
    assert [c.id for c in find_cliches("It was a perfect storm.", lexicon)] == ["storm-of"]
    with pytest.raises(LexiconError, match="mine.tsv:1"):
        parse_lexicon(["broken-line-without-tab"], "mine.tsv")
    with pytest.raises(LexiconError, match="mine.tsv:2"):
        parse_lexicon(["a\tok", "b\t(unclosed"], "mine.tsv")


def test_shipped_lexicon_loads():
    assert len(load_cliches()) >= 40


@pytest.mark.parametrize("sentence,rule", [
    ("Certainly! Here is a rewritten version of the article you sent.", "certainly-heres"),
    ("As an AI language model, I cannot verify these events.", "ai-self-reference"),
    ("Here's a rephrased version of the news story:", "here-is-version"),
    ("I hope this helps with your publication.", "hope-this-helps"),
    ("Note: this article has been rewritten for clarity.", "rewritten-note"),
    ("Let me know if you would like a shorter version.", "let-me-know"),
])
def test_assistant_sentences(sentence, rule):
    text = "Officials met on Monday. " + sentence + " The talks continue."
    found = [x for x in find_leftovers(text) if x.kind == "assistant"]
    assert any(rule in x.rule.split("+") for x in found)
    assert all(text[x.start:x.end] == x.matched for x in found)


def test_untranslated_cyrillic_word_and_gloss():
    text = ("Residents of Kyiv (Київ) queued for water. The soldier called them ватники and "
            "walked away.")
    found = [x for x in find_leftovers(text) if x.kind == "cyrillic"]
    assert [(x.matched, x.attributes["glossed"]) for x in found] == [("Київ", True), ("ватники", False)]
    assert text[found[1].start:found[1].end] == "ватники"


def test_russian_text_is_not_flagged_as_cyrillic_leftover():
    assert [x for x in find_leftovers("Жители Харькова остались без света после удара.") if x.kind == "cyrillic"] == []


def test_homoglyph_inside_a_word():
    word = "Kyiv".replace("y", "\u0443")  # Cyrillic у in a Latin word
    text = f"Air raid sirens sounded in {word} overnight."
    found = [x for x in find_leftovers(text) if x.kind == "homoglyph"]
    assert len(found) == 1 and found[0].matched == word and found[0].attributes["cyrillic_letters"] == "\u0443"
    assert not [x for x in find_leftovers(text) if x.kind == "cyrillic"]


def test_transliteration_mixed_and_alone():
    mixed = "Shelling hit Kharkiv again. Residents of Kharkov said the power was out."
    found = [x for x in find_leftovers(mixed) if x.kind == "transliteration"]
    assert [(x.matched, x.attributes["standard"], x.attributes["mixed"]) for x in found] == [
        ("Kharkov", "Kharkiv", True)]
    alone = [x for x in find_leftovers("Shelling hit Kharkov again.") if x.kind == "transliteration"]
    assert alone and alone[0].attributes["mixed"] is False


def test_persona_and_markdown_boilerplate():
    text = "Title: Storm hits coast\nAs a seasoned journalist, I report that **the storm** was fierce.\n## Aftermath\nRoads closed."
    rules = {x.rule for x in find_leftovers(text) if x.kind == "persona"}
    assert rules == {"title-label", "persona-journalist", "markdown-bold", "markdown-heading"}


def test_lowercase_front_matter_title_is_not_a_prompt_label():
    assert not [x for x in find_leftovers("title: Storm hits coast\nRoads closed.") if x.kind == "persona"]


def test_features_are_named_finite_and_grouped():
    feats = extract(PURPLE + " " + CLEAN)
    assert len(feats.names) == len(feats.values) == len(set(feats.names))
    assert all(v == v and abs(v) < 1e6 for v in feats.values)  # no NaN or inf
    assert set(feats.groups) == {"stylometry", "lexicon"}
    by_name = dict(zip(feats.names, feats.values))
    assert by_name["cliche_distinct"] == 4
    assert by_name["fw_said"] > 0


def test_sentence_split_handles_quotes():
    assert split_sentences('He said "No." Then he left. Why?') == ['He said "No."', "Then he left.", "Why?"]
