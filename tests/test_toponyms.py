"""The unspin_toponyms spaCy step: fix mislabelled place names, leave people alone."""

from __future__ import annotations


def _ents(nlp, text):
    return {(ent.text, ent.label_) for ent in nlp(text).ents}


def test_step_runs_after_ner(nlp):
    names = nlp.pipe_names
    assert "unspin_toponyms" in names and names.index("unspin_toponyms") > names.index("ner")


def test_soledar_and_bakhmut_become_places(nlp):
    ents = _ents(nlp, "Russian forces captured Soledar after weeks of fighting near Bakhmut.")
    assert ("Soledar", "GPE") in ents
    assert ("Bakhmut", "GPE") in ents
    assert ("Russian", "NORP") in ents  # demonyms stay demonyms


def test_sentence_initial_town_mislabelled_as_org(nlp):
    doc = nlp("Soledar fell in January after months of shelling.")
    assert ("Soledar", "GPE") in {(e.text, e.label_) for e in doc.ents}
    assert any(old in ("ORG", "PERSON", "") and new == "GPE" for _, _, old, new in doc._.unspin_toponym_changes) \
        or doc.ents[0].label_ == "GPE"


def test_donbass_is_a_location(nlp):
    ents = _ents(nlp, "Fighting continued in Bakhmut and Soledar, the Donbass region.")
    assert ("Donbass", "LOC") in ents
    assert ("Soledar", "GPE") in ents


def test_people_and_institutions_are_untouched(nlp):
    doc = nlp("Valery Gerasimov met Putin in the Kremlin. Gerasimov said the army holds Soledar.")
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("Valery Gerasimov", "PERSON") in labels
    assert ("Putin", "PERSON") in labels
    assert not any(e.text in ("Kremlin", "Gerasimov", "Putin", "Valery Gerasimov") and e.label_ in ("GPE", "LOC")
                   for e in doc.ents)


def test_maidan_revolution_is_not_a_place(nlp):
    doc = nlp("He blamed the chaos unleashed by the Maidan on foreign powers.")
    assert not any(e.text == "Maidan" and e.label_ in ("GPE", "LOC") for e in doc.ents)


def test_titles_keep_people_people(nlp):
    doc = nlp("General Soledar said the front was quiet.")  # an invented general sharing a town's name
    assert not any(e.text == "Soledar" and e.label_ == "GPE" for e in doc.ents)


def test_missed_town_in_place_context_is_added(nlp):
    doc = nlp("Residents of Toretsk were evacuated.")
    assert ("Toretsk", "GPE") in {(e.text, e.label_) for e in doc.ents}


def test_coordinated_villages_follow_the_first_place(nlp):
    ents = _ents(nlp, "Troops advanced near Klishchiivka and Kurdiumivka in May.")
    assert ("Kurdiumivka", "GPE") in ents
    assert not any(text == "May" and label in ("GPE", "LOC") for text, label in ents)


def test_unknown_names_are_left_to_the_model(nlp):
    doc = nlp("The shop Zorbulax Industries opened in Lviv.")
    assert not any(e.text.startswith("Zorbulax") and e.label_ in ("GPE", "LOC") and e.label_ != "GPE"
                   for e in doc.ents)
    assert ("Lviv", "GPE") in {(e.text, e.label_) for e in doc.ents}
