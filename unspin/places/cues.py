"""Words around a name that say "this is a place" (or "this is a person").

Shared by the spaCy toponym step and the places analyzer so that both read
context the same way. Everything works on spaCy tokens of one Doc.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# "the town of X": the noun names the kind of place outright.
PLACE_NOUNS = frozenset({
    "town", "city", "village", "settlement", "hamlet", "township", "municipality", "region",
    "oblast", "province", "district", "raion", "republic", "port", "suburb", "outskirts",
    "capital", "enclave", "hromada", "community",
})
# "the capture of X": events and things that happen to places.
PLACE_EVENTS = frozenset({
    "capture", "fall", "liberation", "storming", "seizure", "encirclement", "defence", "defense",
    "battle", "shelling", "occupation", "suburbs", "residents", "mayor", "centre", "center",
    "siege", "bombardment", "evacuation", "outskirt", "streets", "recapture", "assault",
    "control", "retreat", "withdrawal", "advance", "north", "south", "east", "west",
    "northeast", "northwest", "southeast", "southwest", "garrison", "ruins", "approaches", "environs",
    "vicinity", "heart", "defenders", "liberators", "outskirts", "direction",
})
# "a strike on X": attacks and moves aimed at a place ("on" alone is "on Monday", "on Telegram").
ATTACK_NOUNS = frozenset({
    "strike", "strikes", "attack", "attacks", "assault", "assaults", "offensive", "advance", "push",
    "raid", "raids", "march", "shelling", "airstrike", "airstrikes", "bombing", "onslaught", "drive",
})
# "in X", "near X": locative prepositions (a weaker cue: "in May", "in Parliament").
LOCATIVE_PREPOSITIONS = frozenset({
    "in", "near", "outside", "around", "towards", "toward", "into", "across", "at", "from",
    "through", "throughout", "inside", "to", "via", "beyond", "past", "over", "between",
})
# "X region", "X direction": a following noun that makes X a place.
FOLLOWING_PLACE_NOUNS = frozenset({
    "region", "oblast", "province", "district", "raion", "direction", "front", "area", "axis",
    "sector", "krai", "frontline", "outskirts", "suburbs",
})
# Words before a name that make it a person.
PERSON_TITLES = frozenset({
    "president", "general", "gen", "gen.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
    "minister", "colonel", "col", "col.", "commander", "spokesman", "spokeswoman", "spokesperson",
    "leader", "chief", "premier", "chancellor", "secretary", "marshal", "lieutenant", "captain",
    "major", "sergeant", "senator", "governor", "mayor", "ambassador", "envoy", "prime", "king",
    "queen", "prince", "pope", "patriarch", "sir", "lord", "lady", "adviser", "advisor", "officer",
    "analyst", "journalist", "blogger", "correspondent", "deputy", "admiral",
    # plurals: "a meeting between Presidents Zelensky and Putin"
    "presidents", "ministers", "generals", "leaders", "senators", "governors", "mayors",
})
# Months and weekdays are capitalised and follow "in"/"on": never places here.
CALENDAR_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "spring", "summer", "autumn", "winter",
})

#: Endings common in Eastern European place names (Siversk, Andriivka,
#: Pokrovske, Volnovakha, Zaporizhzhia, Mariupol, Kropyvnytskyi, Volgograd).
TOPONYMIC_ENDING = re.compile(
    r"(sk|ck|ivka|ovka|evka|ivske|ske|ove|eve|yne|ino|ovo|evo|ivtsi|yntsi|grad|hrad|horod|gorod|"
    r"pol|pil|burg|dar|myr|rih|iv|akha|ukha|zhia|ytsia|yany|ichi|ychi|zke)$",
    re.IGNORECASE,
)


def looks_toponymic(name: str) -> bool:
    return bool(TOPONYMIC_ENDING.search(name.strip()))


def _previous_words(doc: Doc, start: int, count: int) -> list[Token]:
    """Up to ``count`` tokens before ``start``, in text order."""
    tokens = []
    i = start - 1
    while i >= 0 and len(tokens) < count:
        tokens.append(doc[i])
        i -= 1
    return list(reversed(tokens))


def place_cue(doc: Doc, start: int, end: int, place_ends: set[int] | frozenset[int] = frozenset()) -> int:
    """How strongly the words around tokens ``[start, end)`` mark them as a place.

    2 -- "the town of X", "X region/oblast/front"; 1 -- "the capture of X",
    "in/near/outside X", or "P and X" / "P, X" after a place P (``place_ends``
    holds the index of the last token of each place already found); 0 -- nothing.
    """
    strength = 0
    if start >= 2 and doc[start - 1].lower_ in ("and", "or", ",", "&") and (start - 2) in place_ends:
        strength = 1
    before = _previous_words(doc, start, 3)
    lowers = [t.lower_ for t in before]
    if lowers and lowers[-1] == "of" and len(lowers) >= 2:
        noun = lowers[-2]
        if noun in _ANY_PLACE_NOUNS:
            strength = 2
        elif noun in PLACE_EVENTS:
            strength = max(strength, 1)
    if _listed_after_place_noun(doc, start):
        strength = 2  # "the villages of Martynovka and X", "the towns of A, B and X"
    if lowers:
        last = lowers[-1]
        if last in ("the", "a") and len(lowers) >= 2:
            last = lowers[-2]
        if last in LOCATIVE_PREPOSITIONS:
            strength = max(strength, 1)
        if len(lowers) >= 2 and lowers[-1] == "on" and lowers[-2] in ATTACK_NOUNS:
            strength = max(strength, 1)  # "a strike on X", "the advance on X" (not "on Monday")
        if _named_as_example_of_places(doc, start):
            strength = max(strength, 1)  # "small villages such as X", "towns including X"
    if end < len(doc):
        following = doc[end]
        if following.lower_ in FOLLOWING_PLACE_NOUNS:
            strength = 2
        elif following.text == "," and _apposed_place_noun(doc, end + 1):
            strength = 2  # "Zarechensk, a small mining settlement"
        strength = max(strength, dateline_cue(doc, start, end))
    return strength


#: Plural nouns of places that "such as", "like" or "including" give examples of.
PLURAL_PLACE_NOUNS = frozenset({"villages", "towns", "cities", "settlements", "hamlets", "communities",
                                "districts", "places", "localities", "suburbs"})
_ANY_PLACE_NOUNS = PLACE_NOUNS | PLURAL_PLACE_NOUNS   # "the village of X", "the villages of X and Y"


def _listed_after_place_noun(doc: Doc, start: int, items: int = 4) -> bool:
    """X ends a list that "the villages of" (a place noun and "of") opens: "the villages of
    Martynovka and X", "the towns of A, B and X"."""
    i = start - 1
    for _ in range(items):
        if i < 1 or doc[i].lower_ not in ("and", "or", ","):
            return False
        i -= 1
        while i >= 0 and doc[i].text[:1].isupper():  # the list item before (one or more words)
            i -= 1
        if i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in _ANY_PLACE_NOUNS:
            return i + 1 < start - 1  # at least one item between "of" and the conjunction
    return False


def _named_as_example_of_places(doc: Doc, start: int) -> bool:
    """"villages we had never heard of, such as X", "towns including X": X is given as one of
    the places a plural place noun a few words back names."""
    before = _previous_words(doc, start, 2)
    lowers = [t.lower_ for t in before]
    if not (lowers[-2:] == ["such", "as"] or lowers[-1:] in (["like"], ["including"])):
        return False
    window = _previous_words(doc, start - len([w for w in lowers if w in ("such", "as", "like", "including")]), 10)
    return any(t.lower_ in PLURAL_PLACE_NOUNS for t in window)


def _opens_line(doc: Doc, start: int) -> bool:
    """Nothing but emoji, symbols and spaces between the start of the line and token ``start``."""
    i = start - 1
    while i >= 0:
        token = doc[i]
        if "\n" in token.text_with_ws:
            return True
        if any(ch.isalnum() for ch in token.text):
            return False
        i -= 1
    return True


def dateline_cue(doc: Doc, start: int, end: int) -> int:
    """A name that opens a line as a dateline: 2 for "🔴 Poltavka, 3 September:" and
    "Berdychi, Zhytomyr Oblast:", 1 for "❗️Mykolaiv: explosions in the city"."""
    if end >= len(doc) or doc[start].ent_type_ == "PERSON" or not _opens_line(doc, start):
        return 0  # "Michel Chossudovsky, August 2019": a byline
    following = doc[end]
    if following.text == "," and end + 1 < len(doc):
        after = doc[end + 1]
        if after.like_num or after.lower_ in CALENDAR_WORDS:
            return 2
        window = [t.lower_ for t in doc[end + 1:end + 4]]
        if any(w in FOLLOWING_PLACE_NOUNS for w in window) and any(t.text == ":" for t in doc[end + 2:end + 6]):
            return 2
    if following.text in (":", "\u2014", "\u2013") and end - start == 1:
        return 1  # one word only: "Kyrylo Budanov: ..." opens a quote, not a dateline
    return 0


def _apposed_place_noun(doc: Doc, start: int) -> bool:
    """", a small mining settlement", ", the town north of ...": a place noun opens the apposition."""
    if start >= len(doc) or doc[start].lower_ not in ("a", "an", "the"):
        return False
    for token in doc[start + 1:start + 5]:
        if token.lower_ in PLACE_NOUNS:
            return True
        if not (token.is_alpha or token.text == "-") or token.pos_ in ("VERB", "AUX", "ADP"):
            return False
    return False


#: Tags of a capitalised word the model put at the head of a PERSON that is no part of a
#: name: a sentence's first word ("Leaving Melitpol took us", "Near Krutoberezhnoye the enemy").
_NOT_NAME_TAGS = frozenset({"VBG", "IN", "RB", "DT"})


def not_a_name_head(token: Token) -> bool:
    """A capitalised word at the head of a name that is no part of it: a preposition or an
    adverb, or a gerund opening its sentence ("Leaving", which the tagger may call a proper noun)."""
    if token.tag_ in _NOT_NAME_TAGS:
        return True
    opens = token.is_sent_start or token.i == 0 or (
        token.doc[token.i - 1].is_punct and (token.i == 1 or token.doc[token.i - 1].is_sent_start))
    return opens and len(token) > 5 and token.lower_.endswith("ing") and token.is_title


def person_cue(doc: Doc, start: int) -> bool:
    """True when a title or honorific directly precedes the name ("General Gerasimov")."""
    if start == 0:
        return False
    previous = doc[start - 1]
    return previous.lower_ in PERSON_TITLES or (previous.ent_type_ == "PERSON" and previous.is_title
                                                and not not_a_name_head(previous))


def person_name_parts(doc: Doc) -> set[str]:
    """Lower-cased words of the multi-word PERSON names in the doc ("valery", "gerasimov"),
    so a later bare "Gerasimov" is read as the same person, not a village. A "name" across a
    line break is none: the tagger joined a heading's last word to the next line's first
    ("AROUND POKROSVK" / "Russian forces ..."). A name followed by an age ("Lidiia, 63,") is one too."""
    parts: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2 and "\n" not in ent.text \
                and not not_a_name_head(ent[0]):  # no "Leaving Melitpol", "Near Krutoberezhnoye"
            parts.update(t.lower_ for t in ent if t.is_alpha and t.is_title)
    parts.update(_aged_names(doc))
    return parts


def _aged_names(doc: Doc) -> set[str]:
    """"Lidiia, 63, lives in Zolote": a name with an age set off by commas is a person's. (Read
    from the token arrays: ``doc.text`` would join every token again.)"""
    from spacy.attrs import IS_ALPHA, IS_DIGIT, IS_TITLE, ORTH

    if len(doc) < 4:
        return set()
    table = doc.to_array([IS_TITLE, IS_ALPHA, IS_DIGIT, ORTH])
    comma = doc.vocab.strings[","]
    hits = ((table[:-3, 0] == 1) & (table[:-3, 1] == 1) & (table[1:-2, 3] == comma) & (table[2:-1, 2] == 1)
            & (table[3:, 3] == comma)).nonzero()[0]
    return {doc[int(i)].lower_ for i in hits if 0 < int(doc[int(i) + 2].text) <= 110}


def strip_span(span: Span) -> tuple[int, int]:
    """Token bounds of a mention without a leading "the" or a trailing possessive."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
        end -= 1
    return start, end
