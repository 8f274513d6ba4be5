"""A generated news corpus for the store and trace benchmarks.

Nothing here is copied from anywhere: sentences are assembled from small
word lists, so the corpus can be made at any size. Articles come in story
families (an origin, some rewrites that reorder sentences and swap words,
the odd verbatim copy) spread over a year, which gives the indexes the kind
of shared and rare terms real news has.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from unspin.model import Article

_PLACES = ["Kherson", "Odesa", "Kharkiv", "Sumy", "Belgorod", "Kursk", "Bryansk", "Donetsk", "Luhansk",
           "Zaporizhzhia", "Enerhodar", "Mykolaiv", "Dnipro", "Poltava", "Chernihiv", "Lviv", "Rivne",
           "Sevastopol", "Simferopol", "Melitopol", "Berdiansk", "Mariupol", "Kramatorsk", "Sloviansk",
           "Pokrovsk", "Kupiansk", "Izium", "Lyman", "Siversk", "Toretsk", "Avdiivka", "Novohrodivka"]
_PEOPLE = ["Oleh Marchenko", "Irina Volkova", "Pavel Sidorenko", "Anna Kovalenko", "Viktor Lebedev",
           "Maria Petrenko", "Sergei Orlov", "Yulia Bondar", "Andriy Hnatyuk", "Dmitry Sokolov"]
_ROLES = ["governor", "mayor", "regional official", "spokesperson", "military analyst", "energy minister"]
_EVENTS = ["a drone strike", "a power outage", "an artillery attack", "a fire at a substation",
           "a missile strike", "an evacuation", "repairs to the water network", "a blackout"]
_OBJECTS = ["substation", "bridge", "school", "hospital", "rail depot", "oil depot", "power line",
            "grain terminal", "apartment block", "water pumping station"]
_VERBS = [("said", "stated"), ("reported", "announced"), ("damaged", "hit"), ("restored", "repaired"),
          ("injured", "wounded"), ("destroyed", "wrecked"), ("residents", "locals"), ("city", "town")]
_FILLER = ["The situation remains tense, according to local reports.",
           "Emergency crews worked through the night.",
           "The claims could not be independently verified.",
           "Officials urged people to stay in shelters.",
           "Neighbouring districts reported no damage.",
           "The incident comes amid a wave of similar attacks in the region."]


def _sentences(rng: random.Random, day: date) -> list[str]:
    place, other = rng.sample(_PLACES, 2)
    person, role = rng.choice(_PEOPLE), rng.choice(_ROLES)
    event, obj = rng.choice(_EVENTS), rng.choice(_OBJECTS)
    n1, n2, n3 = rng.randint(2, 60), rng.randint(100, 9000), rng.randint(10, 400)
    when = f"{day:%B} {day.day}"
    return [
        f"{person}, the {role} of {place}, said that {event} damaged a {obj} on {when}.",
        f"According to {person}, {n1} people were injured and {n2} households lost power.",
        f"Crews restored supply to {n3} homes in {other} by the evening, the {role} reported.",
        f"\"We are doing everything to help the residents of {place},\" {person} said.",
        rng.choice(_FILLER),
        f"The {obj} near {other} had been repaired only {rng.randint(2, 11)} weeks earlier.",
        rng.choice(_FILLER),
    ]


def _rewrite(rng: random.Random, sentences: list[str]) -> list[str]:
    out = []
    for sentence in sentences:
        for a, b in _VERBS:
            if rng.random() < 0.5:
                sentence = sentence.replace(a, b)
        out.append(sentence)
    body = out[1:]
    rng.shuffle(body)
    padding = ["In a development that has drawn wide attention, the story continues to unfold.",
               "Observers say the event underscores a broader pattern."]
    return [out[0], *body, rng.choice(padding)]


def place_of(story: int) -> str:
    return _PLACES[story % len(_PLACES)]


def generate(n: int, seed: int = 7, family: int = 8) -> Iterator[Article]:
    """``n`` articles in families of about ``family``: origin, rewrites, some copies."""
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    made = 0
    story = 0
    while made < n:
        story += 1
        day = start + timedelta(days=rng.randint(0, 364))
        origin = _sentences(rng, day)
        for member in range(min(family, n - made)):
            if member == 0:
                sentences, kind = origin, "origin"
            elif rng.random() < 0.15:
                sentences, kind = origin, "copy"
            else:
                sentences, kind = _rewrite(rng, origin), "rewrite"
            published = day + timedelta(days=rng.randint(0, 3) if member else 0)
            domain = f"site{rng.randint(1, 400)}.example"
            made += 1
            text = " ".join(sentences)
            if kind == "copy":  # near-verbatim: republished with the copier's own footer
                text += f" Read more news from {place_of(story)} at {domain}."
            yield Article(
                text=text,
                id=f"syn-{made}",
                url=f"https://{domain}/{story}/{made}",
                domain=domain,
                title=f"Story {story} ({kind})",
                published=published,
                language="en",
                metadata={"story": story, "kind": kind},
            )
