"""Linking a time claim to a timeline event by the words its phrase shares with the event.

The pattern links (``event_links``) tie a claim to an event its phrase names by a keyword
("the annexation of Crimea") or by a few fixed shapes ("after the Russian army left Kherson").
Writers name the same events in endless other ways ("since Russia seized Crimea", "after
Russian troops entered Kherson", "since the cruiser Moskva went down"), and each new writer
finds new ones. This module is the fallback: it reduces the event's label and keywords and the
claim's phrase to word stems, and links the claim to the events that share with it a
*distinctive* word (one that few events carry: a place, a person, a ship, "peninsula"; never a
kind of place such as "city") and a word of what happened (seized/seizure,
liberated/liberation, fell/fall). The distinctive stem keeps it from
linking on common words; the claim is then checked against every best-scoring event and
flagged only when it fits none of them, and only when the amount is of the same scale as the
event's (``durations.SOLE_EVENT_SCALE``), as for any claim linked without its own keyword.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from unspin.dates.timeline import Event, Timeline

#: A stem found in at most this many events names them (a place, a name, "MH17").
DISTINCTIVE_EVENTS = 5
#: How many words of a claim's phrase are read ("since Russia seized Crimea and the ...").
PHRASE_WORDS = 12

_STOP = frozenset("""
a an the of in on at to for from by with and or but as into over under after before since ago
its their his her this that these those which who whom what when where while it is was were be been
being has have had do did does not no than then there here up down out off year years month months
week weeks day days decade decades first second last next new old
russia russian russians ukraine ukrainian ukrainians kyiv moscow kremlin forces troops army
war conflict fighting invasion
""".split())

# irregular forms and synonyms a suffix rule cannot join
_SAME = {"fell": "fall", "fallen": "fall", "took": "captur", "taken": "captur", "take": "captur",
         "seiz": "captur", "seizur": "captur", "entered": "captur", "enter": "captur",
         "freed": "liber", "free": "liber", "retook": "liber", "recaptur": "liber", "retaken": "liber",
         "shot": "down", "downed": "down", "downing": "down", "blew": "destr", "blown": "destr",
         "destroy": "destr", "destroyed": "destr", "destruct": "destr", "sank": "sink", "sunk": "sink",
         "sinking": "sink", "begun": "began", "kiev": "kyiv"}

# kinds of place, never what makes an event distinctive: "the city fell" names no city
_KINDS_OF_PLACE = frozenset({"city", "town", "village", "region", "oblast", "area", "capital", "country", "port",
                             "airport", "station", "building", "district", "front", "border", "zone", "plant",
                             "house", "museum", "school", "hospital", "market", "mall", "church"})

_SUFFIXES = ("ations", "ation", "ments", "ment", "ions", "ion", "ures", "ure", "ing", "ed", "es", "s", "e")


def stem(word: str) -> str:
    """A crude stem that joins the forms of event words (seized/seizure, liberated/liberation)."""
    word = word.lower().strip("'\u2019")
    if word in _SAME:
        return _SAME[word]
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            word = word[:-len(suffix)]
            break
    if word.endswith("at") and len(word) >= 6:  # liberat -> liber, occupat -> occup
        word = word[:-2]
    return _SAME.get(word, word)


# kinds of attack, never what makes an event distinctive either: "a museum hit in an air strike"
# is not the drone strikes on the Engels air base
_KINDS_OF_ATTACK = frozenset({"air", "drone", "drones", "missile", "missiles", "rocket", "rockets", "artillery",
                              "bomb", "bombs", "raid", "raids"})

# the kinds of place as ``stem`` cuts them ("station" -> "stat", which "state" also gives)
_KIND_STEMS = frozenset(stem(word) for word in _KINDS_OF_PLACE | _KINDS_OF_ATTACK)
_ATTACK_STEMS = frozenset(stem(word) for word in _KINDS_OF_ATTACK)


# numbers, never a word of what happened: "World War Two" is no event of "two teams that conquered
# Europe" (though "four regions" helps tell the annexation of four regions once it says "annexation")
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
                          "hundred".split())


def stems(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[A-Za-z][\w\u2019'-]*", text) if w.lower() not in _STOP and len(w) > 2}


@lru_cache(maxsize=8)
def _event_stems(timeline: Timeline) -> tuple[dict[str, frozenset[str]], dict[str, int]]:
    by_event: dict[str, frozenset[str]] = {}
    counts: dict[str, int] = {}
    for event in timeline.events:
        words = stems(" ".join((event.label, *event.keywords)))
        by_event[event.id] = frozenset(words)
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    return by_event, counts


def events_by_words(phrase: str, timeline: Timeline) -> tuple[tuple[Event, ...], set[str]]:
    """The best-matching events for ``phrase`` (ties kept) and the stems they share with it;
    empty unless an event shares with it a distinctive word (one that few events carry, not a
    kind of place: "the city fell" names no city), one more, and a word of what happened (a
    word in lower case: "seized", "liberation", "cruiser"; names alone, "the Soviet Union",
    say where or who, not which event)."""
    by_event, counts = _event_stems(timeline)
    head = " ".join(phrase.split()[:PHRASE_WORDS])
    words = stems(head)
    common = stems(" ".join(w for w in head.split() if w[:1].islower()))
    best: list[Event] = []
    best_score, shared_best = 0.0, set()
    for event in timeline.events:
        shared = words & by_event[event.id]
        # a word the event is one of few to carry ("Crimea", "Moskva", "peninsula"; not "city"
        # of "Kherson city", which says nothing about which city) and a word of what happened
        # (a kind of attack is no word of what happened: "the same wave of missiles also hit
        # Dnipro, Kryvyi Rih ..." names no strike of its own)
        if len(shared) < 2 or not (shared & common) - _ATTACK_STEMS - _NUMBER_WORDS or not any(
                counts[w] <= DISTINCTIVE_EVENTS and w not in _KIND_STEMS for w in shared):
            continue
        score = sum(math.log(1 + len(timeline.events) / counts[w]) for w in shared)
        if score > best_score + 1e-9:
            best, best_score, shared_best = [event], score, shared
        elif abs(score - best_score) <= 1e-9:
            best.append(event)
    return tuple(best), shared_best
