"""Reported-speech patterns added after measuring on PolNeAR (train):
auxiliaries and negation in the cue, infinitive complements, findings of
polls and studies, participle cues, and the words describing a speaker."""

from __future__ import annotations

import pytest

from unspin.sources import find_attributions


@pytest.fixture(scope="module")
def attribute(nlp):
    def run(text: str) -> list[dict]:
        return [a.as_dict(text) for a in find_attributions(nlp(text))]
    return run


def parts(a: dict) -> tuple:
    return ((a["speaker"] or {}).get("text"), (a["cue"] or {}).get("text"), a["content"]["text"])


@pytest.mark.parametrize("text, cue", [
    ("The governor has said that the budget is balanced.", "has said"),
    ("The governor did not say whether the budget is balanced.", "did not say"),
    ("The governor now says the budget is balanced.", "now says"),
])
def test_cue_keeps_its_auxiliaries_negation_and_adverbs(attribute, text, cue):
    (a,) = attribute(text)
    assert a["cue"]["text"] == cue
    assert a["speaker"]["text"] == "The governor"


@pytest.mark.parametrize("text, speaker, cue, content", [
    ("The senator vowed to block the nomination.", "The senator", "vowed", "to block the nomination"),
    ("The union urged the council to delay the vote.", "The union", "urged", "the council to delay the vote"),
    ("A new survey shows that most residents oppose the plan.", "A new survey", "shows",
     "most residents oppose the plan"),
    ("Investigators found that the fire had started in the kitchen.", "Investigators", "found",
     "the fire had started in the kitchen"),
])
def test_infinitive_and_finding_frames(attribute, text, speaker, cue, content):
    (a,) = attribute(text)
    assert parts(a) == (speaker, cue, content)
    assert a["kind"] == "indirect"


def test_participle_cue_after_by_finds_the_main_subject(attribute):
    (a,) = attribute("The senator mocked the plan by suggesting that it would never pass.")
    assert parts(a) == ("The senator", "suggesting", "it would never pass")


def test_a_second_statement_is_cut_off_the_first(attribute):
    first, second = attribute("The mayor said the bridge will reopen, adding that the tolls will stay.")
    assert parts(first) == ("The mayor", "said", "the bridge will reopen")
    assert parts(second)[1:] == ("adding", "the tolls will stay")
    assert second["source"]["refers_to"] == first["id"]  # one speaker, two cues


def test_speaker_detail_is_the_apposition_after_the_name(attribute):
    (a,) = attribute("Dean Lark, an economist at the central bank, said that rates would rise.")
    assert a["speaker"]["text"] == "Dean Lark"
    assert a["speaker_detail"]["text"] == "an economist at the central bank"
    (b,) = attribute("The economist said that rates would rise.")
    assert b["speaker_detail"] is None


def test_belief_verbs_stay_out(attribute):
    # States of mind are not statements a fact-checker can look up.
    assert attribute("The governor believes that the budget is balanced.") == []


def test_no_speaker_detail_when_the_clause_holds_the_cue(attribute):
    (a,) = attribute("The senator, who said that the plan would fail, left early.")
    assert a["speaker"]["text"] == "The senator"
    assert a["speaker_detail"] is None


def test_quoted_phrase_inside_reported_speech_is_one_attribution(attribute):
    (a,) = attribute("He argued the rebel army is “in retreat across many fronts.”")
    assert a["kind"] == "indirect" and a["speaker"]["text"] == "He"
    assert a["content"]["text"].startswith("the rebel army is")
    assert "in retreat across many fronts" in a["content"]["text"]


def test_quotation_after_a_titled_speaker_continues_it(attribute):
    text = ("“I disagree,” said retired Army Lt. Gen. Mick Bednarek, who served in Iraq. "
            "“The bottom line is that bombing has no bearing on it.”")
    first, second = attribute(text)
    assert first["speaker"]["text"] == "retired Army Lt. Gen. Mick Bednarek"
    assert second["speaker"] is None and second["source"]["refers_to"] == first["id"]


@pytest.mark.parametrize("text, speaker, cue, content", [
    ("Harlow and Dempsey said the deal was dead.", "Harlow and Dempsey", "said", "the deal was dead"),
    ("The mayor and the council agreed that taxes must rise.", "The mayor and the council", "agreed",
     "taxes must rise"),
])
def test_coordinated_speakers_are_one_mention(attribute, text, speaker, cue, content):
    (a,) = attribute(text)
    assert parts(a) == (speaker, cue, content)


@pytest.mark.parametrize("text, speaker, cue, content", [
    ("The governor declined to comment on the audit.", "The governor", "declined", "to comment on the audit"),
    ("The company refused to comment on the closure.", "The company", "refused", "to comment on the closure"),
    ("The senator criticized the new tariff plan.", "The senator", "criticized", "the new tariff plan"),
    ("The union praised the court ruling.", "The union", "praised", "the court ruling"),
    ("The former mayor endorsed the challenger.", "The former mayor", "endorsed", "the challenger"),
    ("The mayor called the new budget a betrayal of the city.", "The mayor", "called",
     "the new budget a betrayal of the city"),
])
def test_stated_positions_and_refusals(attribute, text, speaker, cue, content):
    (a,) = attribute(text)
    assert parts(a) == (speaker, cue, content)


def test_headline_with_a_speaker_and_a_colon(attribute):
    text = "Harlow: Tariff Plan Will Hurt Farmers.\n\nThe senator spoke on Monday."
    (a,) = attribute(text)
    assert parts(a) == ("Harlow", ":", "Tariff Plan Will Hurt Farmers")


def test_transcript_lines_give_each_speaker_their_line(attribute):
    text = "HOST: Welcome back to the program tonight.\nMORALES: Thank you for having me here."
    found = [parts(a) for a in attribute(text)]
    assert ("HOST", ":", "Welcome back to the program tonight") in found
    assert ("MORALES", ":", "Thank you for having me here") in found


@pytest.mark.parametrize("text", [
    "Update: The bridge reopened to traffic on Tuesday.",
    "Editor's note: This story has been corrected since it was first published.",
    "12:15 p.m.: The council met behind closed doors.",
    "Wait, it gets better: the bridge reopened again.",
])
def test_labels_and_times_before_a_colon_are_not_speakers(attribute, text):
    assert not [a for a in attribute(text) if (a["cue"] or {}).get("text") == ":"]


def test_headline_verbs_and_places_before_a_colon_are_not_speakers(attribute):
    text = ("Harlow Wins Again: The Senator Takes The Primary.\n\nHarlow Says Goodbye: The Senator Retires Today.\n\n"
            "Ohio: Ruth Harlow, Tom Dempsey, Ann Lee.")
    assert not [a for a in attribute(text) if (a["cue"] or {}).get("text") == ":"]


@pytest.mark.parametrize("text", [
    "The senator is expected to endorse the challenger next week.",
    "Praising the court ruling, the crowd marched to the square.",
])
def test_position_verbs_count_only_as_finite_verbs(attribute, text):
    assert not [a for a in attribute(text) if (a["cue"] or {}).get("text", "").lower().startswith(("endorse", "prais"))]


def test_live_blog_time_stamp_is_not_the_speaker(attribute):
    text = "___.\n\n12:15 p.m.:\n\nPresident Ruth Harlow says that the plan is dead."
    found = [parts(a) for a in attribute(text) if (a["cue"] or {}).get("text") == "says"]
    assert found == [("President Ruth Harlow", "says", "the plan is dead")]


def test_a_relative_what_x_call_y_is_not_an_attribution(attribute):
    found = attribute("The frozen steppe has become the stage for what many now call a turning point in the war.")
    assert not any("call" in ((a["cue"] or {}).get("text") or "") for a in found)
