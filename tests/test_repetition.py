from unspin.techniques.repetition import repetition_spans


def texts(text, spans):
    return [text[a:b] for _, a, b, _ in spans]


def test_repeated_phrase_is_marked_every_time():
    text = "Take notice, leaders. The crisis grows. Take notice before it is too late."
    spans = repetition_spans(text)
    assert texts(text, spans) == ["Take notice", "Take notice"]
    assert all(label == "Repetition" and 0 < conf <= 1 for label, _, _, conf in spans)


def test_stop_words_and_short_words_alone_are_not_salient():
    text = "It is what it is, and it is so. We did it and we did it."
    assert repetition_spans(text) == []


def test_proper_names_are_not_repetition():
    text = "Officials met Joe Biden on Monday. Later, aides of Joe Biden spoke."
    assert repetition_spans(text) == []


def test_anchors_keep_only_phrases_the_tagger_marked():
    text = "violent extremists attacked. The budget passed. More violent extremists came. The budget grew."
    everything = texts(text, repetition_spans(text))
    assert "budget" in everything and "violent extremists" in everything
    anchored = repetition_spans(text, anchors=[(0, 7)])  # the tagger marked "violent" once
    assert texts(text, anchored) == ["violent extremists", "violent extremists"]


def test_shorter_phrase_inside_a_longer_one_is_not_marked_twice():
    text = "rape gangs again. rape gangs again and again."
    spans = repetition_spans(text)
    assert texts(text, spans).count("rape gangs") == 2
    assert len({(a, b) for _, a, b, _ in spans}) == len(spans)
