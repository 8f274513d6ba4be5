"""Direct and reported speech, source classes and back-references on short
texts written for these tests."""

from __future__ import annotations

import pytest

from unspin.sources import find_attributions


@pytest.fixture(scope="module")
def attribute(nlp):
    def run(text: str) -> list[dict]:
        return [a.as_dict(text) for a in find_attributions(nlp(text))]
    return run


def only(attributions: list[dict]) -> dict:
    assert len(attributions) == 1, attributions
    return attributions[0]


# --- direct quotations: where the speaker stands -------------------------------------------

@pytest.mark.parametrize("text, speaker, cue, content", [
    ('"The bridge will reopen in May," said Mayor Anna Kowalski.',
     "Mayor Anna Kowalski", "said", "The bridge will reopen in May"),
    ('Mayor Anna Kowalski said: "The bridge will reopen in May."',
     "Mayor Anna Kowalski", "said", "The bridge will reopen in May."),
    ("“The bridge will reopen in May,” the mayor said.", "the mayor", "said", "The bridge will reopen in May"),
    ("‘The bridge will reopen in May,’ a local resident told reporters.",
     "a local resident", "told", "The bridge will reopen in May"),
    ("«The bridge will reopen in May», the engineer said.", "the engineer", "said", "The bridge will reopen in May"),
    ("Yet, the engineer cautioned, ‘The work is far from over.’", "the engineer", "cautioned",
     "The work is far from over."),
    ("The engineer described the repair as ‘a race against the river’s spring flood.’", "The engineer",
     "described the repair as", "a race against the river’s spring flood."),
    ("The engineer’s words—’We are slowly getting there’—were repeated in the town hall.", "The engineer",
     "words", "We are slowly getting there"),
    ("The engineer, who has worked on the site for years, said: ‘The bridge will reopen in May.’",
     "The engineer", "said", "The bridge will reopen in May."),
])
def test_direct_quote_speaker_and_cue(attribute, text, speaker, cue, content):
    a = only(attribute(text))
    assert a["kind"] == "direct"
    assert a["speaker"]["text"] == speaker
    assert a["cue"]["text"] == cue
    assert a["content"]["text"] == content
    assert text[a["content"]["start"]:a["content"]["end"]] == content


def test_quote_across_a_line_break_keeps_one_speaker(attribute):
    text = "Yet, the pilot warned, ‘The storm is far from over.\nWe will stay grounded for a week.’\n"
    a = only(attribute(text))
    assert a["speaker"]["text"] == "the pilot"
    assert a["content"]["text"].endswith("grounded for a week.")


def test_scare_quotes_and_titles_are_not_attributions(attribute):
    assert attribute("The so-called ‘peace plan’ was rejected by the council.") == []
    assert attribute("The ‘meat market’ of the city, as locals have dubbed it, was closed.") == []
    assert attribute("The ‘reform’ he mentioned never came.") == []
    assert attribute("She reviewed ‘The Long Winter Of The North’ for the paper.") == []


def test_quote_without_any_speaker_is_unattributed(attribute):
    text = "Residents remember the flood. ‘We lost everything in one night and nobody came to help.’"
    a = only(attribute(text))
    assert a["speaker"] is None and a["source"]["class"] == "unattributed"


def test_cue_less_quote_continues_the_previous_speaker(attribute):
    text = "‘The river is rising,’ the ferryman said, pointing at the bank. ‘We will close the crossing tonight.’"
    first, second = attribute(text)
    assert second["speaker"] is None
    assert second["source"]["refers_to"] == first["id"]
    assert second["source"]["antecedent"]["text"] == "the ferryman"


# --- reported speech --------------------------------------------------------------------------

@pytest.mark.parametrize("text, speaker, cue, content", [
    ("Minister Jan Novak said that the bridge would reopen in May.",
     "Minister Jan Novak", "said", "the bridge would reopen in May"),
    ("The ministry of transport of Poland told reporters the bridge would reopen in May.",
     "The ministry of transport of Poland", "told", "the bridge would reopen in May"),
    ("According to Reuters, the bridge will reopen in May.", "Reuters", "According to",
     "the bridge will reopen in May"),
    ("The Cossack leader confirmed the storming of the village.", "The Cossack leader", "confirmed",
     "the storming of the village"),
    ("Critics argue that the repair plan is a waste of money.", "Critics", "argue",
     "the repair plan is a waste of money"),
    ("Sources said the contractor had been paid twice.", "Sources", "said", "the contractor had been paid twice"),
    ("The Kremlin dismissed the claim as Western propaganda.", "The Kremlin", "dismissed",
     "the claim as Western propaganda"),
    ("The mayor denied the reports of a cover-up.", "The mayor", "denied", "the reports of a cover-up"),
    ("Its reopening, announced by Mayor Anna Kowalski on Monday, surprised residents.",
     "Mayor Anna Kowalski", "announced", "Its reopening"),
    ("The flood, the engineer warned, could return next spring.", "the engineer", "warned",
     "The flood, the engineer warned, could return next spring"),
])
def test_reported_speech(attribute, text, speaker, cue, content):
    a = only(attribute(text))
    assert a["kind"] == "indirect"
    assert (a["speaker"]["text"], a["cue"]["text"], a["content"]["text"]) == (speaker, cue, content)


def test_reported_claim_without_speaker(attribute):
    a = only(attribute("It was reported that the talks had failed."))
    assert a["speaker"] is None and a["source"]["class"] == "unattributed"


def test_reported_speech_repeating_a_quote_is_counted_once(attribute):
    a = only(attribute("‘The talks have failed,’ said the envoy."))
    assert a["kind"] == "direct"


# --- source classes ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, cls, name, role, description", [
    ("Minister Jan Novak said that the bridge would reopen.", "named_person", "Jan Novak", "Minister", None),
    ("Kremlin spokesman Dmitry Peskov said the talks had failed.", "named_person", "Dmitry Peskov",
     "Kremlin spokesman", None),
    ("A Kremlin spokesman, Dmitry Peskov, said the talks had failed.", "named_person", "Dmitry Peskov", None, None),
    ("According to Reuters, the talks had failed.", "named_organization", "Reuters", None, None),
    ("The Kremlin said the talks had failed.", "named_organization", "Kremlin", None, None),
    ("The defence ministry of Russia said the talks had failed.", "named_organization", None, None, None),
    ("A senior Kremlin advisor said the talks had failed.", "unnamed_described", None, None,
     "A senior Kremlin advisor"),
    ("A military analyst based in Moscow said the talks had failed.", "unnamed_described", None, None,
     "A military analyst based in Moscow"),
    ("Western media reported that the talks had failed.", "unnamed_described", None, None, "Western media"),
    ("Critics say the talks had failed.", "unnamed_described", None, None, "Critics"),
    ("Sources said the talks had failed.", "anonymous", None, None, "Sources"),
    ("A source familiar with the talks said they had failed.", "anonymous", None, None,
     "A source familiar with the talks"),
    ("Officials who asked not to be named said the talks had failed.", "anonymous", None, None,
     "Officials who asked not to be named"),
    ("Officials said the talks had failed.", "anonymous", None, None, "Officials"),
])
def test_source_classes(attribute, text, cls, name, role, description):
    source = attribute(text)[0]["source"]
    assert source["class"] == cls
    if name is not None:
        assert source["name"] == name
    if cls == "named_person" and role is not None:
        assert source["role"] == role
    assert source["description"] == description


def test_named_person_in_apposition_keeps_the_description_as_role(attribute):
    source = attribute("A Kremlin spokesman, Dmitry Peskov, said the talks had failed.")[0]["source"]
    assert source["role"] == "Kremlin spokesman"


# --- back-references --------------------------------------------------------------------------

def test_role_synonym_refers_back(attribute):
    text = ("The serviceman’s words—’We are holding the line’—were heard across the village. "
            "‘The enemy is tired,’ the soldier declared.")
    first, second = attribute(text)
    assert second["speaker"]["text"] == "the soldier"
    assert second["source"]["class"] == "unnamed_described"
    assert second["source"]["refers_to"] == first["id"]
    assert second["source"]["antecedent"]["text"] == "The serviceman"
    assert second["source"]["description"] == "The serviceman"


def test_definite_description_refers_back_to_first_mention(attribute):
    text = ("‘The harvest is lost,’ said a farmer from the valley. Later, the farmer added that prices "
            "would rise.")
    first, second = attribute(text)
    assert second["source"]["refers_to"] == first["id"]
    assert second["source"]["antecedent"]["text"] == "a farmer from the valley"


def test_surname_refers_to_full_name(attribute):
    text = ("The strike was confirmed by General Ivan Petrenko on Monday. Petrenko described the "
            "strike as ‘a clean and precise operation against depots.’")
    first, second = attribute(text)
    assert first["source"]["name"] == "Ivan Petrenko" and first["source"]["role"] == "General"
    assert second["source"]["class"] == "named_person"
    assert second["source"]["name"] == "Ivan Petrenko"
    assert second["source"]["role"] == "General"
    assert second["source"]["refers_to"] == first["id"]


def test_surname_resolves_to_a_person_named_without_speaking(attribute):
    a = only(attribute("Mayor Anna Kowalski spoke on Monday. Later, Kowalski said the repairs were on time."))
    assert a["source"]["name"] == "Anna Kowalski"
    assert a["source"]["antecedent"]["text"] == "Mayor Anna Kowalski"
    assert a["source"]["refers_to"] is None


def test_title_noun_resolves_to_named_person_with_that_title(attribute):
    text = ("President Vladimir Putin met the governor. The Russian president said the region "
            "would get more funds.")
    a = only(attribute(text))
    assert a["source"]["class"] == "named_person"
    assert a["source"]["name"] == "Vladimir Putin"
    assert a["source"]["antecedent"]["text"] == "President Vladimir Putin"


def test_pronoun_refers_to_nearest_compatible_speaker(attribute):
    text = ("Critics argue that the bridge is unsafe. ‘The bridge is safe,’ said the engineer. "
            "He added that tests had been passed.")
    critics, engineer, pronoun = attribute(text)
    assert pronoun["speaker"]["text"] == "He"
    assert pronoun["source"]["refers_to"] == engineer["id"]
    assert pronoun["source"]["description"] == "the engineer"


def test_pronoun_resolves_to_a_person_named_just_before(attribute):
    a = only(attribute("Mayor Anna Kowalski visited the site on Monday. She said the bridge would reopen."))
    assert a["source"]["class"] == "named_person" and a["source"]["name"] == "Anna Kowalski"


def test_indefinite_description_is_a_new_source(attribute):
    text = "A soldier said the road was mined. A soldier in another unit said the road was clear."
    first, second = attribute(text)
    assert second["source"]["refers_to"] is None


def test_possessive_mention_resolves_to_earlier_speaker(nlp):
    from unspin.sources.backrefs import resolve_mention
    from unspin.sources.classify import classify, people_mentioned
    from unspin.sources.lexicon import lexicon
    from unspin.sources.phrases import mention_for

    text = ("‘The port will stay open all winter,’ a senior harbour advisor stated. "
            "The advisor’s words were welcomed by the crews.")
    doc = nlp(text)
    attributions = find_attributions(doc)
    advisor = next(t for t in doc if t.text == "advisor" and t.idx > text.index("The advisor"))
    mention = mention_for(advisor)
    assert text[mention.span.start:mention.span.end] == "The advisor"
    source = classify(doc, mention, lexicon(), people=people_mentioned(doc, lexicon()))
    resolved = resolve_mention(source, mention.span.start, attributions)
    assert resolved.refers_to == attributions[0].id
    assert resolved.description == "a senior harbour advisor"


def test_surname_the_tagger_misses_is_still_a_named_person(attribute):
    text = "Governor Maria Lindqvist opened the hospital. Lindqvist said the wards would open in June."
    a = only(attribute(text))
    assert a["source"]["class"] == "named_person"
    assert a["source"]["name"] == "Maria Lindqvist"


def test_possessive_mentions_resolve_to_the_named_source(make_context):
    from unspin.sources import analyze_doc

    text = ("The capture was reported by General Ivan Petrenko at a briefing on Monday. "
            "The general’s report came a day after a senior adviser, speaking to reporters, "
            "said the town had fallen.")
    ctx = make_context(text)
    refs = analyze_doc(ctx.doc, text).summary["references"]
    assert [r["mention"]["text"] for r in refs] == ["The general’s report"]
    assert refs[0]["name"] == "Ivan Petrenko" and refs[0]["class"] == "named_person"


def test_said_in_a_statement_that_is_reported_speech_and_the_ministry_resolves(make_context):
    from unspin.sources import analyze_doc

    text = ("Ukraine's energy ministry said in a statement that a second substation near Chuhuiv had "
            "also been hit. The ministry said repairs there would take until Sunday.")
    summary = analyze_doc(make_context(text).doc, text).summary
    first, second = summary["attributions"]
    assert first["content"]["text"].startswith("a second substation near Chuhuiv")
    assert first["source"]["class"] == "named_organization"
    assert second["source"]["refers_to"] == first["id"]


def test_one_speaker_with_two_cues_is_one_source(make_context):
    from unspin.sources import analyze_doc

    text = ("\"We are pressing forward,\" a battalion commander told the outlet, adding that the "
            "defenders were running out of shells. A local woman said she wanted it to end. "
            "Sources said more troops were coming.")
    result = analyze_doc(make_context(text).doc, text)
    first, second = result.summary["attributions"][:2]
    assert second["source"]["refers_to"] == first["id"]
    assert len(result.summary["distinct_sources"]) == 3
    (finding,) = [f for f in result.findings if f.kind == "unnamed-sourcing"]
    assert len({(e.start, e.end) for e in finding.evidence}) == len(finding.evidence)
