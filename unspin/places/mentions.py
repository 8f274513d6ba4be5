"""Place mentions in an English doc: the names the places analyzer checks.

GPE/LOC entities (split where the model joined two names over "and" or a comma), and
capitalised names outside them that a cue, a verb of taking or moving, a list of places or the
shape of an East Slavic place name puts forward (``collect_mentions``). Each ``Mention`` carries
the evidence its name is later scored on (``unspin.places.candidates.place_score``). Moved out of
the analyzer, which groups, resolves and reports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from unspin.places.candidates import (
    DISTRICT_NOUNS,
    SLAVIC_QUALIFIERS,
    compound_adjective,
    hyphen_parts,
    hyphen_tail,
    is_hyphen,
    name_end,
    name_start,
    slavic_form,
    starts_with_given_name,
    verb_cue,
)
from unspin.places.cues import (
    CALENDAR_WORDS,
    PERSON_TITLES,
    looks_toponymic,
    not_a_name_head,
    person_cue,
    person_name_parts,
    place_cue,
    strip_span,
)
from unspin.places.gazetteer import CORE_COUNTRIES, Gazetteer
from unspin.places.text import name_key

_DEMONYM_ENDINGS = ("ian", "ians", "ean", "eans", "ese", "ish", "ans", "ern", "can", "cans", "ic", "ics")
#: Characters a place name may contain besides letters.
_NAME_CHARACTERS = frozenset(" -'’‘.")
#: Name prefixes with an inner capital that are still names (McAllen, MacLeod, O'Neill, DeKalb).
_INNER_CAPITAL_PREFIXES = ("Mc", "Mac", "O'", "O’", "D'", "D’", "De", "La", "Le", "Al-", "El-", "Di", "Du")
_REGION_WORDS = frozenset({"region", "oblast", "province", "krai", "district", "raion", "republic"})


@dataclass
class Mention:
    start: int  # character offsets
    end: int
    text: str
    key: str  # name key the gazetteer is asked with
    label: str  # GPE / LOC, or "" for a name found through a cue only
    cue: int
    entity: str = ""  # the model's label where it is not GPE/LOC (ORG, PRODUCT ...)
    sentence_start: bool = False
    verb: bool = False  # object of a verb of taking or moving ("stormed X")
    before_district: bool = False  # "X district", "X direction": X may be an adjective of a town
    district_heading: bool = False  # listed after "Districts affected:"
    listed_only: bool = False  # a known name taken as a place only for standing in a list of places


def collect_mentions(doc: Any, gazetteer: Gazetteer, text: str | None = None) -> list[Mention]:
    """Place mentions in the doc: GPE/LOC entities and capitalised names in a place cue.
    ``text``: the doc's text, when the caller has it (``doc.text`` joins every token again)."""
    people = person_name_parts(doc)
    mentions: list[Mention] = []
    taken: set[int] = set()
    place_ends: set[int] = set()
    for start, end, label in _entity_names(doc, gazetteer):
        start, end = name_start(doc, start), hyphen_tail(doc, end)  # "Krasno-" + "Donetskiy"
        end = _known_extension(doc, start, end, gazetteer)  # "Krivoy" + "Rog"
        # "Donetsk region", "Kherson oblast": the region, when the gazetteer has it
        if end < len(doc) and doc[end].lower_ in _REGION_WORDS and gazetteer.ids(doc[start:end + 1].text):
            end += 1
        mention = _mention(doc, start, end, label, gazetteer, people, place_ends)
        if mention:
            mentions.append(mention)
            taken.update(range(start, end))
            place_ends.add(end - 1)
    place_starts = {tok.i for m in mentions for tok in [doc.char_span(m.start, m.end, alignment_mode="expand")[0]]}
    mentions.extend(_cued_names(doc, gazetteer, people, taken, place_ends, place_starts))
    events = _event_names(doc.text if text is None else text)
    return sorted((m for m in mentions if m.key not in events or gazetteer.ids(m.text)), key=lambda m: m.start)


#: "the deportation - known as Surgun -", "the famine, called the Holodomor": a name given to an
#: event is the event's, wherever the text repeats it ("Eighty years after Surgun")
_EVENT_NAMED = re.compile(r"(?i)\b(?:deportation|famine|massacre|genocide|operation|offensive|uprising|revolution|"
                          r"tragedy|exodus|expulsion|purge|war|campaign)\b[\s,\u2013\u2014-]{1,4}(?:which\s+is\s+|"
                          r"also\s+|now\s+|later\s+)?(?:(?:known|remembered)\s+as|called|dubbed|named|code-?named)\s+(?:the\s+)?"
                          r"(?P<name>[A-Z][\w\u2019'-]+)")


def _event_names(text: str) -> set[str]:
    return {name_key(m.group("name")) for m in _EVENT_NAMED.finditer(text)}


_JOINERS = ("and", "or", "&", ",")


def _entity_names(doc: Any, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    """(start, end, label) of each GPE/LOC entity, one per name where the model joined two
    ("around Robotyne and Verbove" tagged as one place); a joined name the gazetteer knows
    ("Bosnia and Herzegovina") stays whole."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC"):
            continue
        start, end = strip_span(ent)
        if start >= end:
            continue
        cuts = [k for k in range(start + 1, end - 1) if doc[k].lower_ in _JOINERS]
        parts = list(zip([start] + [k + 1 for k in cuts], cuts + [end]))
        if cuts and all(b > a and doc[a].is_title for a, b in parts) and not gazetteer.ids(doc[start:end].text):
            out.extend((a, b, ent.label_) for a, b in parts)
        else:
            out.append((start, end, ent.label_))
    return out


def _mention(doc: Any, start: int, end: int, label: str, gazetteer: Gazetteer, people: set[str],
             place_ends: set[int]) -> Mention | None:
    span = doc[start:end]
    surface = span.text
    if not any(ch.isalpha() for ch in surface) or any(
            not ch.isalpha() and ch not in _NAME_CHARACTERS for ch in surface):
        return None  # digits, "@handles", "#tags"
    if surface.endswith(".") or any(_inner_capital(word) for word in surface.split()):
        return None  # abbreviations ("Calif.") and brand-style names ("BlackRock", "LinkedIn")
    if surface.islower() or gazetteer.is_not_place(surface) or person_cue(doc, start):
        return None
    if doc[start].lower_ in PERSON_TITLES or starts_with_given_name(surface):
        return None  # "Governor Gladkov", "President Volodymyr Zelenskiy", "Vladimir Rogov"
    if end - start == 1 and doc[start].lower_ in people:
        return None
    known = bool(gazetteer.ids(surface))
    if not known and (compound_adjective(surface) or (_joined_places(surface, gazetteer)
                                                      and not _one_settlement_named(doc, start))):
        return None  # "London-based", "China-EU" (but "the village of Sokolyne-Ozerne" is one name)
    if not known and _quoted(doc, start, end):
        return None  # "won with “Stefania”": a title (a song, a film, an operation), not a place
    if not known and _joins_a_longer_name(doc, end, surface, gazetteer):
        return None  # "the Nikolaev-Krivoy Rog direction": two places, the second of two words
    if not known:
        if surface.isupper() and len(surface) <= 6:
            return None  # acronyms: organisations far more often than places
        if surface.lower().endswith(_DEMONYM_ENDINGS) and not looks_toponymic(surface):
            return None
    cue = place_cue(doc, start, end, place_ends)
    if not cue and _axis_partner(doc, start, end, gazetteer):
        cue = 1  # "the Svatove–Kremmina road", "the Vuhledar–Kurakhove axis"
    mention = Mention(span.start_char, span.end_char, surface, name_key(surface), label, cue)
    mention.before_district = _before_district(doc, end)
    mention.district_heading = _under_district_heading(doc, start)
    return mention


_OPENING_QUOTES = "\"'\u201c\u2018\u00ab\u201e"
_CLOSING_QUOTES = "\"'\u201d\u2019\u00bb\u201c"


def _quoted(doc: Any, start: int, end: int) -> bool:
    """The name (tokens ``[start, end)``) is all that stands between a pair of quotation marks."""
    return (start > 0 and end < len(doc) and doc[start - 1].text in _OPENING_QUOTES
            and not doc[start - 1].whitespace_ and doc[end].text in _CLOSING_QUOTES)


def _known_extension(doc: Any, start: int, end: int, gazetteer: Gazetteer) -> int:
    """The end of a longer known name the entity is the start of ("Krivoy" + "Rog",
    split by the model into a place and a person)."""
    if gazetteer.ids(doc[start:end].text):
        return end
    for extra in (1, 2):
        stop = end + extra
        if stop <= len(doc) and all(t.is_title and t.is_alpha for t in doc[end:stop]) and gazetteer.ids(
                doc[start:stop].text):
            return stop
    return end


_ONE_SETTLEMENT = frozenset({"village", "town", "settlement", "hamlet", "township"})


def _one_settlement_named(doc: Any, start: int) -> bool:
    """"the village of X-Y": the noun says the hyphenated name is one settlement's."""
    return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _ONE_SETTLEMENT


def _joined_places(surface: str, gazetteer: Gazetteer) -> bool:
    """"China-EU", "Russia-Ukraine", "the Robotyne-Verbove line": known places joined by a
    hyphen, a relation or a front line, not a name."""
    parts = hyphen_parts(surface)
    if len(parts) < 2:
        return False
    return (sum(1 for p in parts if gazetteer.prominence(p) >= 3) >= 2
            or any(p.kind == "country" for p in gazetteer.lookup(parts[0]))
            or (not ADJECTIVE_TAIL.search(parts[-1]) and parts[-1].lower() not in SLAVIC_QUALIFIERS
                and all(len(part) >= 5 and core_settlement(part, gazetteer) for part in parts)))


def core_settlement(name: str, gazetteer: Gazetteer) -> bool:
    """``name`` is a settlement of the core countries in the gazetteer."""
    return any(p.country in CORE_COUNTRIES and p.is_settlement for p in gazetteer.lookup(name))


# "Dubrovo-Donetskyi", "Mykolaiv-Pivdennyi": a town and an adjective make a (maybe invented) name
ADJECTIVE_TAIL = re.compile(r"(?:yi|iy|yy|ij|ky|nyi|ny)$", re.IGNORECASE)
# the endings of town names that are nouns ("Druzhkivka", "Pokrovsk", "Myrnohrad", "Bilopillia" is
# left out): only such a second part is read as a town of its own ("Hrushivka-Stepova" stays whole)
_TOWN_NOUN_TAIL = re.compile(r"(?:[iy]?[iyoe]vka|sk|hrad|grad|horod|gorod|pil|pol|opil|ets|yne|ine|ino)$", re.IGNORECASE)
# any adjective of a place or an ordinal in a second part ("Kairy-Dneprovskiye", "Yelenovka-Druga"):
# the second part qualifies the first, so the two make one (maybe invented) name
_QUALIFYING_TAIL = re.compile(r"(?:(?:sk|zk|ck)(?:iy|yi|ij|y|yy|iye|ie|ye|oye|oe|aya|a|e|i|ii|oi)|"
                              r"yi|iy|yy|ij|nyi|druga|druha|druhe|vtoraya|tretia|tretya)$", re.IGNORECASE)


def _joins_a_longer_name(doc: Any, end: int, surface: str, gazetteer: Gazetteer) -> bool:
    parts = hyphen_parts(surface)
    # (the next word must be a word: "Sokolyne-Ozerne," is no "Ozerne ,")
    return (len(parts) > 1 and end < len(doc) and doc[end].is_alpha and gazetteer.prominence(parts[0]) >= 2
            and bool(gazetteer.ids(f"{parts[-1]} {doc[end].text}")))


def _before_district(doc: Any, end: int) -> bool:
    """"X district", or X in a list that ends in one: "the Chertkovsky, Millerovsky and
    Belokalitvinsky districts"."""
    i = end
    while i < len(doc) and i - end < 12:
        token = doc[i]
        if token.lemma_.lower() in DISTRICT_NOUNS or token.lower_ in DISTRICT_NOUNS:
            return True
        if not (token.text in (",", "-") or token.lower_ in ("and", "or") or token.is_title):
            return False
        i += 1
    return False


_AXIS_DASHES = ("\u2013", "\u2014", "-", "\u2010", "\u2011", "/")


def _axis_partner(doc: Any, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """The name is joined by a dash, with no space, to a town of the core countries: one end of
    a front-line axis or a road ("the Svatove–Kremmina road")."""
    before = start >= 2 and doc[start - 1].text in _AXIS_DASHES and not doc[start - 1].whitespace_ \
        and not doc[start - 2].whitespace_ and core_settlement(doc[start - 2].text, gazetteer)
    after = end + 1 < len(doc) and doc[end].text in _AXIS_DASHES and not doc[end - 1].whitespace_ \
        and not doc[end].whitespace_ and core_settlement(doc[end + 1].text, gazetteer)
    return bool(before or after)


def _under_district_heading(doc: Any, start: int) -> bool:
    """X in a list after "districts ...:" ("Districts affected in the first wave: Saltivskyi,
    Industrialnyi, Nemyshlianskyi")."""
    i = start - 1
    while i >= 0 and (doc[i].text in (",", "-") or doc[i].lower_ in ("and", "or") or doc[i].is_title):
        i -= 1
    if i < 0 or doc[i].text != ":":
        return False
    return any(t.lemma_.lower() in DISTRICT_NOUNS or t.lower_ in DISTRICT_NOUNS for t in doc[max(0, i - 6):i])


def _inner_capital(word: str) -> bool:
    """"BlackRock", "LinkedIn"; hyphenated parts are words of their own ("Krasno-Donetskiy")."""
    parts = hyphen_parts(word)
    if len(parts) > 1:
        return any(_inner_capital(part) for part in parts)
    if word.isupper() or word.startswith(_INNER_CAPITAL_PREFIXES):
        return False
    return any(ch.isupper() for ch in word[1:])


def _cued_names(doc: Any, gazetteer: Gazetteer, people: set[str], taken: set[int],
                place_ends: set[int], place_starts: set[int]) -> list[Mention]:
    """Capitalised names outside GPE/LOC entities that the gazetteer does not know,
    kept as candidates with their evidence (entity label, cue, verb, sentence start);
    whether one is reported is decided per name by ``place_score``."""
    found: list[Mention] = []
    listed = _listed_with_places(doc, gazetteer, taken)
    after_joined: set[int] = set()
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in taken or not _could_be_name(token):
            i += 1
            continue
        j = name_end(doc, i)
        if j > i + 1 and not_a_name_head(token) and token.lower_.endswith("ing") and not doc[i + 1].is_sent_start:
            # '"Leaving Melitpol took us two days"': a gerund capitalised at the start of a
            # sentence is the verb whose object the name is, not the name's first word
            i += 1
            continue
        while j > i + 1 and any(k in taken for k in range(i, j)):
            j -= 1
        k = _known_town_joined(doc, i, j, gazetteer)
        if k is not None:
            j = k
            after_joined.add(k + 1)
        label = token.ent_type_
        if label in _NOT_PLACE_LABELS:
            i = j
            continue
        surface = doc[i:j].text
        cue = place_cue(doc, i, j, place_ends)
        if gazetteer.ids(surface):
            # a known name the model and the toponym step left out ("near Vyimka and Rozdolivka",
            # "cleared Soledad"): kept when a cue and its form say place, for the article's geography
            verb = verb_cue(doc, i)
            usual = (cue or verb == 2) and label != "PERSON" and slavic_form(surface) or (verb == 2 and cue)
            if usual or i in listed:
                mention = _mention(doc, i, j, "", gazetteer, people, place_ends)
                if mention:
                    mention.cue = max(cue, 2 if verb == 2 else 0)
                    mention.listed_only = not usual
                    found.append(mention)
                    place_ends.add(j - 1)  # "between Krasnohorivka and Avdiivak"
            i = j
            continue
        if not cue and (j + 1 < len(doc) and doc[j].lower_ in ("and", "or", ",") and (j + 1) in place_starts
                        or i in listed):
            cue = 1  # "Kramatorks and Sloviansk", "between Dymer, Ivankiv and X": listed with places
        verb = verb_cue(doc, i)
        if verb == 2 or (verb == 1 and label not in ("PERSON", "ORG")):
            cue = 2
        elif verb == 1:
            cue = max(cue, 1)  # "attacked X" where the model saw an organisation or a person
        if not cue and _followed_by_place(doc, j, place_starts):
            cue = 1  # "Pribrezhnensk in the Kherson region"
        if not cue and i in after_joined:
            cue = 1  # "the Kostyantynivka-Drushkivka road": joined to a known town
        mention = _mention(doc, i, j, "", gazetteer, people, place_ends)
        if mention:
            mention.cue = cue
            mention.entity = label
            mention.sentence_start = bool(token.is_sent_start)
            mention.verb = verb > 0
            found.append(mention)
        i = j
    return found


_ROAD_NOUNS = frozenset({"highway", "road", "motorway", "route", "railway", "axis", "line", "corridor",
                         "agglomeration", "direction", "sector"})


def _known_town_joined(doc: Any, start: int, end: int, gazetteer: Gazetteer) -> int | None:
    """Where a known town ends in an unknown hyphenated name that joins it to another name
    ("the Kostyantynivka-Drushkivka road", "the Pokrovsk-Kostiantynivka highway"): the two
    are read apart, so the second is checked as a name of its own. A second part that
    qualifies the first ("Dubrovo-Donetskyi", "Nova-Persha") keeps the name whole."""
    hyphens = [k for k in range(start + 1, end - 1) if is_hyphen(doc[k])]
    if not hyphens or gazetteer.ids(doc[start:end].text):
        return None  # (the hyphen first: this runs for every capitalised name)
    # "the Mariupol-Melitopl highway", "the Pokrovsk-Myrnohard agglomeration": a road or an area
    # between two towns names both, whatever their ending
    road = end < len(doc) and doc[end].lower_ in _ROAD_NOUNS
    for k in hyphens:
        first, second = doc[start:k].text, doc[k + 1:end].text
        if len(first) < 5 or len(second) < 5 or not second[:1].isupper():
            continue
        if road and not _QUALIFYING_TAIL.search(second) and core_settlement(first, gazetteer):
            return k
        if (_TOWN_NOUN_TAIL.search(second) and not _QUALIFYING_TAIL.search(second)
                and second.lower() not in SLAVIC_QUALIFIERS and core_settlement(first, gazetteer)):
            return k
        # "the Kupiask-Svatove line": an unknown noun-shaped name before a known town
        if (_TOWN_NOUN_TAIL.search(first) and not _QUALIFYING_TAIL.search(second)
                and second.lower() not in SLAVIC_QUALIFIERS and core_settlement(second, gazetteer)
                and not core_settlement(first, gazetteer)):
            return k
    return None


def _listed_with_places(doc: Any, gazetteer: Gazetteer, taken: set[int]) -> set[int]:
    """First tokens of the names in a list ("Dymer, Ivankiv and Tsaryvodivka") of which at
    least two are settlements of the core countries (or places found already, or the first
    name after a preposition of place): every name
    of such a list is read as a place. The small model often tags such a list as one
    organisation ("Dymer, Ivankiv"), which hides its known towns and its unknown one alike."""
    def is_place(start: int, end: int) -> bool:
        return start in taken or core_settlement(doc[start:end].text, gazetteer)

    listed: set[int] = set()
    i, n = 0, len(doc)
    while i < n:
        if not (i in taken or _could_be_name(doc[i])):
            i += 1
            continue
        members = [(i, name_end(doc, i))]
        while True:
            k = members[-1][1]
            if k < n and doc[k].text == ",":
                k += 1
            if k < n and doc[k].lower_ in ("and", "or"):
                k += 1
            if k == members[-1][1] or k >= n or not (k in taken or _could_be_name(doc[k])):
                break
            members.append((k, name_end(doc, k)))
        # the first name counts as a place when a preposition of place leads the list ("a line
        # around Lastochkyne, Kamianobrodske and Orlivka": the model saw a person in the middle one)
        if len(members) >= 2 and sum(is_place(a, b) for a, b in members) + (place_cue(doc, *members[0]) > 0) >= 2:
            listed.update(a for a, _ in members)
        i = members[-1][1]
    return listed


# PERSON is not among them: the small model reads most unfamiliar Slavic town names as people.
_NOT_PLACE_LABELS = frozenset({"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY"})


def _followed_by_place(doc: Any, end: int, place_starts: set[int]) -> bool:
    """"X in the Kherson region", "X near Bakhmut", "X, Donetsk region"."""
    if end >= len(doc) or doc[end].lower_ not in ("in", "near", ","):
        return False
    following = end + 1
    if following < len(doc) and doc[following].lower_ == "the":
        following += 1
    return following in place_starts


#: Parts of speech a place name is never tagged with, even when capitalised ("Amid", "Despite").
_FUNCTION_POS = frozenset({"ADP", "DET", "PRON", "CCONJ", "SCONJ", "AUX", "PART", "INTJ", "NUM"})


def _could_be_name(token: Any) -> bool:
    return (token.is_title and token.is_alpha and not token.is_stop and len(token) > 3
            and token.lower_ not in CALENDAR_WORDS and token.pos_ not in _FUNCTION_POS)
