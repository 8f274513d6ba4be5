"""Quotation marks without any parse: pairing, apostrophes, scare quotes."""

from __future__ import annotations

import pytest

from unspin.sources.quotes import find_quotes, looks_like_title, word_count


def contents(text: str) -> list[str]:
    return [q.content(text) for q in find_quotes(text)]


@pytest.mark.parametrize("text, expected", [
    ('The mayor said: "The bridge is closed until spring."', ["The bridge is closed until spring."]),
    ("“We will rebuild the school,” the mayor said.", ["We will rebuild the school"]),
    ("‘We will rebuild the school,’ the mayor said.", ["We will rebuild the school"]),
    ("«We will rebuild the school», the mayor said.", ["We will rebuild the school"]),
    ("'We will rebuild the school,' the mayor said.", ["We will rebuild the school"]),
])
def test_each_quote_style(text, expected):
    assert contents(text) == expected


def test_apostrophes_are_not_quotes():
    text = "The town’s mayor said it’s the region’s worst winter, and the farmers’ fields are frozen."
    assert find_quotes(text) == []


def test_curly_apostrophe_doubles_as_opening_and_closing_mark():
    text = "The pilot’s message—’We are turning back now’—reached the tower’s radio."
    assert contents(text) == ["We are turning back now"]


def test_apostrophe_inside_quote_does_not_close_it():
    text = "‘It’s the harbour’s busiest week,’ the captain said."
    assert contents(text) == ["It’s the harbour’s busiest week"]


def test_plural_possessive_inside_quote_does_not_close_it():
    text = "‘The sailors’ mood is good,’ the captain said."
    assert contents(text) == ["The sailors’ mood is good"]


def test_quote_spanning_a_line_break():
    text = "The captain added, ‘The storm is far from over.\nWe will stay in port for a week.’\nThen he left."
    assert contents(text) == ["The storm is far from over.\nWe will stay in port for a week."]


def test_multi_paragraph_quotation_reopens_each_paragraph():
    text = "“The first paragraph of the statement.\n\n“The second paragraph of it,” she said."
    assert contents(text) == ["The first paragraph of the statement.\n\n“The second paragraph of it"]


def test_elisions_are_not_opening_marks():
    text = "Back in the ’90s the port was busier, she said."
    assert find_quotes(text) == []


def test_scare_quotes_are_found_as_quotes():
    text = "The so-called ‘peace plan’ was rejected."
    assert contents(text) == ["peace plan"]


def test_nested_quote_is_part_of_the_outer_one():
    text = "“He told me ‘go home’ and left,” she said."
    assert contents(text) == ["He told me ‘go home’ and left"]


def test_unterminated_quote_ends_with_its_paragraph():
    quotes = find_quotes("She said: “We will not leave\nThe next day they left.")
    assert len(quotes) == 1 and not quotes[0].terminated
    assert quotes[0].content_end == len("She said: “We will not leave")


def test_word_count_and_titles():
    assert word_count("it’s about legitimacy") == 3
    assert looks_like_title("War and Peace")
    assert not looks_like_title("the war is not over.")


def test_doubled_apostrophes_are_double_quotation_marks():
    text = "''The bridge, as they say, 'will hold,''' the engineer said. The ''meat grinder'' is quiet."
    contents = [q.content(text) for q in find_quotes(text)]
    assert contents == ["The bridge, as they say, 'will hold,'", "meat grinder"]
    # Offsets are those of the text as written.
    first = find_quotes(text)[0]
    assert text[first.content_start:first.content_end] == contents[0]
