"""Which timeline event a duration claim counts from (``Link``), and how that was found.

A claim is linked by its keywords: first in the claim's own phrase, then in
its sentence, and (for war-activity spans only) the nearest event mention in
the article; "N years ago" by the clause beside it (``ago_links``); a claim no pattern ties
to an event takes the one event its sentence names; a date the text gives
itself ("since February 2022", "on 9 March 2022") is a link of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from unspin.dates.duration_claims import (CONFLICT_CUES, LABEL_BOUND_NOUNS, SENTENCE_BOUND_NOUNS, WAR_CONDITIONS,
                                          DurationClaim, days_across, years_later)
from unspin.dates.event_words import events_by_words
from unspin.dates.expressions import DateMention
from unspin.dates.timeline import Event, EventMention, Timeline, find_event_mentions

# --- linking ---------------------------------------------------------------------------


@dataclass
class Link:
    mention: EventMention
    events: tuple[Event, ...]  # candidates, primary first
    how: str  # "claim phrase" | "date in sentence" | "sentence" | "war noun in claim" | "nearest mention" | ...

    @property
    def confidence(self) -> float:
        return {"claim phrase": 0.9, "date in sentence": 0.9, "since phrase": 0.85, "sentence": 0.8,
                "war noun in claim": 0.75, "sole event in sentence": 0.7, "nearest mention": 0.6,
                "event words": 0.6, "event told in the sentence": 0.65, "held place": 0.85,
                "place's oblast": 0.7}[self.how]


NEAREST_MENTION_CHARS = 400


def usable_events(claim: DurationClaim, events: tuple[Event, ...]) -> tuple[Event, ...]:
    if claim.kind in ("span", "ordinal"):
        events = tuple(e for e in events if e.type == "period")
        if claim.noun in LABEL_BOUND_NOUNS:
            events = tuple(e for e in events if claim.noun in e.label.lower())
    return events


# Words that, as the subject of a time claim, mean the war as a whole.
_GENERIC_WAR = re.compile(r"(?i)\b(?:war|fighting|conflict|hostilities|invasion|aggression)\b")
GENERIC_WAR_KEYWORD = "war"


def _generic_war_mention(timeline: Timeline, start: int, end: int, surface: str) -> EventMention | None:
    """The events the timeline files under the keyword "war", as if the text had said it."""
    events = tuple(e for e in timeline.events
                   if any(k.lower() == GENERIC_WAR_KEYWORD for k in e.keywords))
    return EventMention(start, end, surface, events) if events else None


_UKRAINE_CONTEXT = re.compile(r"\b(?:Ukrain\w*|Russia\w*|Kyiv|Kiev|Kremlin|Donbas\w*|Crimea\w*|Moscow|Putin|Zelensk\w*)\b")
TOPIC_WORDS = 8  # "since" and "anniversary" claims name their event within the next few words


def is_generic(mention: EventMention) -> bool:
    """A mention by a word like "war" that any war could share."""
    return bool(_GENERIC_WAR.fullmatch(mention.keyword))


#: words only an article touching Ukraine uses ("Russia" and "Moscow" are in a Georgian one too)
_UKRAINE_WORDS = re.compile(r"\b(?:Ukrain\w*|Kyiv|Kiev|Donbas\w*|Crimea\w*|Zelensk\w*)\b")
#: countries of Russia's other wars: a generic "war" in a sentence about one of them is its war
_OTHER_WAR_COUNTRY = re.compile(r"\b(?:Georgia\w*|Chechn\w*|Chechen\w*|Syria\w*|Armenia\w*|Azerbaijan\w*|Karabakh|"
                                r"Abkhaz\w*|Ossetia\w*|Transnistria\w*|Afghanistan)\b")
#: the Russia-Ukraine war's earliest root in the timeline (Euromaidan)
UKRAINE_WAR_ROOT = date(2013, 11, 21)
#: "80 years since war's end", "since the end of the war": a war that has ended
_WAR_END = re.compile(r"(?i)\bwar['\u2019]s\s+end\b|\bend\s+of\s+(?:the\s+)?war\b")


def generic_war_reading(link: Link | None, text: str, mentions: list[EventMention]) -> Link | None:
    """A generic "war" read as the Russia-Ukraine war, unless the article names only older wars
    and nothing of Ukraine ("Georgia marks ten years since war with Russia": the five-day war),
    or tells of the war's end (the war in Ukraine has none)."""
    if link is None or not is_generic(link.mention):
        return link
    named = [m for m in mentions if not is_generic(m)]
    if named and all(e.start < UKRAINE_WAR_ROOT for m in named for e in m.events) \
            and not _UKRAINE_WORDS.search(text):
        return None
    start = max(text.rfind(stop, 0, link.mention.start) for stop in (". ", "\n", "! ", "? ")) + 1
    ends = [i for i in (text.find(stop, link.mention.end) for stop in (". ", "\n", "! ", "? ")) if i >= 0]
    sentence = text[start:min(ends) if ends else len(text)]
    if _OTHER_WAR_COUNTRY.search(sentence) and not _UKRAINE_WORDS.search(sentence):
        return None  # "Georgia marks ten years since war with Russia": that country's war
    if _WAR_END.search(text[max(0, link.mention.start - 12):link.mention.end + 8]):
        events = tuple(e for e in link.events if not e.is_open)
        return Link(link.mention, events, link.how) if events else None
    return link


def about_this_war(text: str, mentions: list[EventMention]) -> bool:
    """Whether a generic "war" in this article can be taken to mean the Russia-Ukraine war."""
    return any(not is_generic(m) for m in mentions) or bool(_UKRAINE_CONTEXT.search(text))


def _topic_range(claim: DurationClaim, text: str) -> tuple[int, int] | None:
    if claim.topic is None:
        return None
    start, end = claim.topic
    if claim.kind in ("since", "anniversary"):
        words = list(re.finditer(r"\S+", text[start:end]))[:TOPIC_WORDS]
        end = start + words[-1].end() if words else end
    return start, end


#: "that June", "that spring", "that year": a time the text told before, by its year.
_THAT_TIME = re.compile(r"(?i)\bthat\s+(?:January|February|March|April|May|June|July|August|September|October|"
                        r"November|December|spring|summer|autumn|fall|winter|year)\b")
_YEAR = re.compile(r"\b(?:19[4-9]\d|20[0-4]\d)\b")
#: How far back the year "that June" refers to may be told.
THAT_TIME_CHARS = 600


def _earlier_year_told(text: str, topic: tuple[int, int], sentence: tuple[int, int], events: tuple) -> bool:
    """The claim's phrase dates its event by "that June" and the last year told before its
    sentence is not the year of any of ``events``: the phrase is about another event."""
    if not _THAT_TIME.search(text, *topic):
        return False
    years = list(_YEAR.finditer(text, max(0, sentence[0] - THAT_TIME_CHARS), sentence[0]))
    if not years:
        return False
    year = int(years[-1].group(0))
    return all(e.start.year != year for e in events)


def link_claim(claim: DurationClaim, text: str, timeline: Timeline, sentence: tuple[int, int],
               mentions: list[EventMention]) -> Link | None:
    """The event a claim is about, and how it was found; None when nothing fits."""
    generic_ok = about_this_war(text, mentions)
    topic = _topic_range(claim, text)
    if topic:
        for mention in find_event_mentions(text, timeline, *topic):
            events = usable_events(claim, mention.events)
            if is_generic(mention) and claim.kind in ("since", "anniversary") and len(
                    text[topic[0]:mention.start].split()) > 2:
                continue  # "the 25th anniversary of the treaty came as the war ...": not its topic
            if events and _earlier_year_told(text, claim.topic or topic, sentence, events):
                continue  # "since Ukrainian forces pushed the separatists out of Mariupol that June" (2014)
            if events and (generic_ok or not is_generic(mention)):
                return Link(mention, events, "claim phrase")
    if claim.kind in ("since", "anniversary"):
        # "three years since its liberation", "the second anniversary of the incursion": the event
        # is named by a bare noun and the place the sentence is about ("liberation of Kherson")
        return (_noun_and_place_link(claim, text, timeline, sentence, topic)
                or _donbas_topic_link(claim, text, timeline, topic))
    if claim.kind == "span" and claim.noun in SENTENCE_BOUND_NOUNS:
        # "nine years of Russian rule in Crimea": the occupation of the place the claim names
        held = _HELD_PLACE.match(text, claim.end)
        if held is not None:
            found = place_event(claim, timeline, "occupation", held.group("place"))
            if found is not None:
                return Link(EventMention(held.start("place"), held.end("place"), found.keyword, found.events),
                            found.events, "claim phrase")

    held = _holding_participle_link(claim, text, timeline, sentence)
    if held is not None and not closed_in_past(claim, text, held.events):
        return held
    centre = (claim.start + claim.end) / 2
    in_sentence = [m for m in mentions if sentence[0] <= m.start and m.end <= sentence[1]
                   and (m.end <= claim.start or m.start >= claim.end) and usable_events(claim, m.events)
                   and (generic_ok or not is_generic(m)) and not _ends_before(claim, m, text)]
    # "Chasov Yar, a town west of Artemovsk that Ukrainian forces had defended for more than a
    # year": a place after "west of", "near", "outside" is a landmark, not what the clause is about
    subjects = [m for m in in_sentence if not _LANDMARK_BEFORE.search(text, max(0, m.start - 30), m.start)]
    in_sentence = subjects or in_sentence
    if claim.kind == "span" and _HABIT.search(text, max(sentence[0], claim.start - 80), claim.start):
        # "Avdeyevka, a fortified town the army had used to shell Donetsk for almost a decade": a
        # habit the town served before its battle, not the battle
        in_sentence = []
    if in_sentence:
        best = min(in_sentence, key=lambda m: abs((m.start + m.end) / 2 - centre))
        return Link(best, usable_events(claim, best.events), "sentence")
    if topic and claim.kind == "ordinal" and generic_ok:
        # "as the fighting enters its fifth year": a generic word for the war names the war itself.
        generic = _GENERIC_WAR.search(text, *topic)
        if generic:
            mention = _generic_war_mention(timeline, generic.start(), generic.end(), generic.group(0))
            if mention is not None and usable_events(claim, mention.events):
                return Link(mention, usable_events(claim, mention.events), "war noun in claim")
    if claim.kind == "span" and claim.noun in LABEL_BOUND_NOUNS:
        # "what the occupiers left behind after 2.5 years of occupation": the occupation of the
        # place the sentence, or the one before it, is about
        found = _noun_and_place_link(claim, text, timeline, sentence, (claim.start, claim.end),
                                     noun=claim.noun, widen=True)
        if found is not None:
            return found
    if claim.kind == "span" and claim.noun and not claim.needs_conflict_cue and claim.noun not in SENTENCE_BOUND_NOUNS:
        if any(sentence[0] <= m.start and m.end <= sentence[1] and (m.end <= claim.start or m.start >= claim.end)
               and not is_generic(m) and not usable_events(claim, m.events) for m in mentions):
            # "withdrew from Vuhledar ... after two and a half years of defence": the sentence names
            # its place, whose event (a capture) cannot measure the span; another place's is not it
            return None
        near = [m for m in mentions if abs((m.start + m.end) / 2 - centre) <= NEAREST_MENTION_CHARS
                and usable_events(claim, m.events) and not is_generic(m) and not _ends_before(claim, m, text)]
        if near:
            best = min(near, key=lambda m: (abs((m.start + m.end) / 2 - centre), m.start > claim.start))
            return Link(best, usable_events(claim, best.events), "nearest mention")
    return None


_HABIT = re.compile(r"(?i)\bused\s+(?:(?:it|them|the\s+\w+)\s+)?(?:as\s+\w+\s+)?to\s+\w+\b[^,;.]*$")
#: words that put a place as a landmark ("Klishchiivka near Bakhmut", "a town west of Artemovsk")
LANDMARK_WORDS = r"(?:near|outside|close\s+to|(?:north|south|east|west)(?:-?(?:east|west))?\s+of)"
_LANDMARK_BEFORE = re.compile(rf"(?i)\b{LANDMARK_WORDS}\s+(?:the\s+)?$")

# after "N years of Russian rule": "in Crimea", "over Kherson"
_HELD_PLACE = re.compile(r"\s+(?:in|over|of)\s+(?:the\s+)?(?P<place>[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?)")


#: "Crimea, which has been occupied for six years", "the Chornobyl zone, occupied by Russian forces
#: for nearly a year", "Chernihiv, encircled for more than a year", "Sudzha was under enemy control
#: for ...": a bare "for N" right after a participle of holding, whose place the sentence names first.
_HOLDING_PARTICIPLE = re.compile(
    r"(?i)\b(?P<verb>occupied|held|controlled|encircled|besieged|blockaded|holding\s+(?:it|them)|held\s+(?:it|them)|"
    r"under\s+(?:Russian\s+|enemy\s+)?(?:control|occupation|administration|rule|protection))(?:\s+by\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:forces|troops|army|Russia|"
    r"Russians|occupiers|invaders))?\s+$")
_REGION_AFTER = re.compile(r"(?i)\s+(?:region|oblast|province)\b")


def names_region(text: str, end: int) -> bool:
    """The name ending at ``end`` is a region's ("the Kherson region", "Kherson Oblast"): the
    occupation of the region's city is not the region's."""
    return _REGION_AFTER.match(text, end) is not None


#: up to three capitalised words ("For Novaya Kakhovka")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z\u2019'-]+(?:\s+[A-Z][a-z\u2019'-]+){0,2}")
_HOLDING_NOUNS = {"encircled": ("siege", "encirclement", "blockade"), "besieged": ("siege",),
                  "blockaded": ("blockade", "siege")}


#: after a span, a time that closes it in the past: "held for 86 days in 2022", "until May"
_CLOSED_SPAN = re.compile(r"(?i)\s+(?:in|during|until|till|through|before)\s+(?:(?:early|late|mid-?)\s*)?"
                          r"(?:\d{4}\b|(?:january|february|march|april|may|june|july|august|september|october|"
                          r"november|december)\b)")


#: "Izium, liberated from the Nazis 80 years ago": the Second World War's taking or freeing
_WW2_CLAUSE = re.compile(r"(?i)\b(?:from\s+(?:the\s+)?(?:Nazis?|Germans|fascists?|Wehrmacht)|"
                         r"(?:Nazi|German|fascist)\s+(?:occupation|occupiers|invaders)|Second\s+World\s+War|"
                         r"World\s+War\s+(?:II|Two|2))\b")
WW2_END = date(1945, 12, 31)


def unless_second_world_war(link: Link | None, claim: DurationClaim, text: str, sentence: tuple[int, int]) -> Link | None:
    """``link`` unless the claim's clause tells of the Second World War ("liberated from the Nazis
    80 years ago") and every linked event is later (the town's freeing in 2022)."""
    if link is None:
        return None
    left = max(text.rfind(",", sentence[0], claim.start), sentence[0])
    right = text.find(",", claim.end, sentence[1])
    if _WW2_CLAUSE.search(text, left, right if right >= 0 else sentence[1]) and all(e.start > WW2_END for e in link.events):
        return None
    return link


def closed_in_past(claim: DurationClaim, text: str, events: Sequence[Event]) -> bool:
    """The text closes the span in the past ("Mariupol, held for 86 days in 2022") and every
    event is still open (the occupation of Mariupol since May 2022): that span is not the event's
    time until now. (A closed event, "the Chornobyl zone, occupied for nearly a year in 2022",
    is still measured by its own length.)"""
    return bool(_CLOSED_SPAN.match(text, claim.end)) and all(e.is_open for e in events)


def _holding_participle_link(claim: DurationClaim, text: str, timeline: Timeline,
                             sentence: tuple[int, int]) -> Link | None:
    if claim.kind != "span" or claim.noun or claim.preposition:
        return None
    said = _HOLDING_PARTICIPLE.search(text, sentence[0], claim.start)
    if said is None:
        return None
    verb = said.group("verb").split()[0].lower()
    for noun in _HOLDING_NOUNS.get(verb, ("occupation",)):
        for match in reversed(list(_CAPITALISED_RUN.finditer(text, sentence[0], said.start()))):
            # "The Chornobyl (exclusion zone)", "For Novaya Kakhovka, which ...": a sentence's first word
            run = re.sub(r"^(?:The|A|An|For|In|At|From|On|To|By|With|After|Since|Near|Around)\s+", "", match.group(0))
            found = None
            if names_region(text, match.end()):
                continue  # "the left bank of the Kherson region": the region, not its city's occupation
            for name in dict.fromkeys((run, " ".join(run.split()[-2:]), run.split()[-1])):  # "Russian-held Crimea"
                found = place_event(claim, timeline, noun, name) if name[:1].isupper() else None
                if found is not None:
                    break
            if found is not None:
                # (not "claim phrase": that would widen the claim to its subject, and the tense
                # read from "Crimea, which has been occupied ..." would be the main clause's)
                return Link(EventMention(match.end() - len(name), match.end(), found.keyword, found.events),
                            found.events, "held place")
    # "memories of 2022, when the city, besieged for more than three months, was cut off": the
    # town the text named before, when the sentence calls it only "the city"
    if _KIND_BEFORE.search(text, sentence[0], said.start()):
        for noun in _HOLDING_NOUNS.get(verb, ("occupation",)):
            found_before = last_place_event(claim, text, sentence[0], said.end(), noun, timeline, start=said.start())
            if found_before is not None:
                return found_before
    # "the Zaporozhye nuclear power plant, which has been under Russian protection for two years":
    # a place the timeline names by a longer phrase, whose occupation it has
    for mention in reversed(find_event_mentions(text, timeline, sentence[0], said.start())):
        if names_region(text, mention.end):
            continue
        events = usable_events(claim, tuple(e for e in mention.events if "occupation" in e.label.lower()))
        if events:
            return Link(EventMention(mention.start, mention.end, mention.keyword, events), events, "held place")
    if re.match(r"(?i)under\s+(?:Russian\s+|enemy\s+)?occupation", said.group("verb")) and not any(
            m.start() > sentence[0] and not _NATIONALITY.fullmatch(m.group(0))
            for m in CAPITALISED.finditer(text, sentence[0], sentence[1])):
        # "You left Mariupol in March 2022." ... "He's lived under occupation for nearly five years
        # now": a sentence that names no place is about the last place named whose occupation
        # the timeline has
        return last_place_event(claim, text, sentence[0], claim.end, "occupation", timeline, start=claim.start)
    return None


def _donbas_topic_link(claim: DurationClaim, text: str, timeline: Timeline,
                       topic: tuple[int, int] | None) -> Link | None:
    """"fourteen months after fighting began in the Donbas": a generic word for the war and the
    Donbas in the claim's own phrase name the war there (from April 2014)."""
    if topic is None:
        return None
    war = _GENERIC_WAR.search(text, *topic)
    region = _DONBAS.search(text, *topic)
    if war is None or region is None:
        return None
    events = usable_events(claim, donbas_war_events(timeline))
    return Link(EventMention(region.start(), region.end(), region.group(0), events), events, "claim phrase") \
        if events else None


#: Nouns that name an event of a place: with a place from the sentence they form a
#: timeline keyword ("liberation" + "Kherson" -> "liberation of Kherson").
EVENT_NOUNS = ("liberation", "capture", "fall", "occupation", "recapture", "seizure", "annexation", "siege",
               "incursion", "invasion", "offensive", "battle", "attack", "strike", "explosion", "blast",
               "destruction", "massacre", "referendum", "downing", "disaster", "tragedy", "operation",
               "withdrawal", "bombing", "shelling", "explosion", "killing", "killings", "deportation",
               "independence", "opening")
#: Verbs of a "since"/"after" clause that name an event of a place by its noun:
#: "two years after the Russian army left Kherson" is the liberation of Kherson.
_VERB_EVENT_NOUNS = (
    (re.compile(r"(?i)\b(?:left|withdrew\s+from|retreated\s+from|pulled\s+out\s+of|abandoned|fled)\s+"), ("liberation",)),
    # "nearly a year after absorbing Crimea"
    (re.compile(r"(?i)\b(?:annexed|annexing|absorbed|absorbing|annexation\s+of)\s+"), ("annexation",)),
    (re.compile(r"(?i)\b(?:liberated|recaptured|retook|freed)\s+"), ("liberation",)),
    # ("since Russian troops seized Crimea", "since the first unmarked soldiers appeared in
    # Crimea": the timeline files a peninsula's takeover as its seizure or occupation)
    (re.compile(r"(?i)\b(?:captured|capturing|seized|seizing|occupied|occupying|stormed|storming|took|taking|entered|"
                r"appeared\s+in|rolled\s+into)\s+"),
     ("capture", "seizure", "occupation")),
)
CAPITALISED = re.compile(r"\b[A-Z][a-z\u2019'-]+(?:\s+[A-Z][a-z\u2019'-]+)?")


FROM_END = re.compile(r"(?i)^\s*(?:(?:the|its|their)\s+)?(?:(?:fall|capture|liberation|seizure|surrender|loss|recapture|end|"
                       r"lifting)\b|(?:[\w'-]+\s+){0,3}(?:took|captured|seized|liberated|fell|retook|recaptured|"
                       r"withdrew|abandoned|lost|ended|was\s+lifted|declared\s+(?:[\w'-]+\s+){0,4}?(?:fully\s+)?"
                       r"(?:cleared|liberated|freed|over))\b)")


def counts_from_end(claim: DurationClaim, text: str) -> bool:
    """"two years after the fall of X", "2.5 years after Russian forces took X": the
    claim counts from the end of a battle, not its start."""
    return claim.topic is not None and bool(FROM_END.search(text[claim.topic[0]:claim.topic[1]]))


def _verb_and_place_link(claim: DurationClaim, text: str, timeline: Timeline,
                         topic: tuple[int, int]) -> Link | None:
    """"after the Russian army left Kherson", "since Russian troops left the Kyiv region":
    the verb names the event ("liberation") and the words after it the place."""
    phrase = text[topic[0]:topic[1]]
    for verb, nouns in _VERB_EVENT_NOUNS:
        found = verb.search(phrase)
        if found is None or len(phrase[:found.start()].split()) > 6:
            continue
        words = re.findall(r"[\w\u2019'-]+", phrase[found.end():])[:4]
        if words and words[0].lower() == "the":
            words = words[1:]
        for size in (3, 2, 1):
            place = " ".join(words[:size])
            if not place or not place[:1].isupper():
                continue
            for candidate in (f"{noun}{of}{place}" for noun in nouns for of in (" of ", " of the ")):
                mentions = find_event_mentions(candidate, timeline)
                if mentions and mentions[0].start == 0 and mentions[0].end == len(candidate):
                    events = usable_events(claim, mentions[0].events)
                    if events:
                        start = topic[0] + phrase.find(place, found.end())
                        return Link(EventMention(start, start + len(place), mentions[0].keyword, mentions[0].events),
                                    events, "claim phrase")
    return None


_BEFORE_EVENT = re.compile(r"(?i)^\s*(?:[\w'-]+\s+){0,2}?before\s+(?:the\s+)?$")


def _ends_before(claim: DurationClaim, mention: EventMention, text: str) -> bool:
    """"eight years of shelling before the special military operation began": the event
    ends the span, it is not what the span is about."""
    return mention.start >= claim.end and bool(_BEFORE_EVENT.match(text[claim.end:mention.start]))


def previous_sentence(text: str, sentence: tuple[int, int]) -> tuple[int, int] | None:
    """The sentence (or list item) before ``sentence``, by punctuation."""
    head = text[:sentence[0]].rstrip()
    if not head:
        return None
    bounds = [m.end() for m in re.finditer(r"[.!?\n]\s+", head[:-1])]
    return (bounds[-1] if bounds else 0), len(head)


def _noun_and_place_link(claim: DurationClaim, text: str, timeline: Timeline, sentence: tuple[int, int],
                         topic: tuple[int, int] | None, noun: str | None = None,
                         widen: bool = False) -> Link | None:
    if topic is None:
        return None
    raw = re.findall(r"[\w\u2019'-]+", text[topic[0]:topic[1]])[:4]
    words = [w.lower() for w in raw]
    if noun is not None:  # a span names its noun itself ("2.5 years of occupation")
        raw, words = [noun], [noun]
    noun = next((w for w in words if w in EVENT_NOUNS), None)
    if noun is None:
        return _verb_and_place_link(claim, text, timeline, topic)
    before = raw[:words.index(noun)]
    # "4 years after its liberation" in a list item under the heading "Avdeevka.": the place may
    # stand in the sentence before
    widen = widen or any(w.lower() in ("its", "their") for w in before)
    possessive = [w for w in before if re.search(r"[\u2019']s$", w) and w[:1].isupper()]
    if possessive and len(before) <= 2:
        # "the 70th anniversary of Kharkiv's liberation" -> "liberation of Kharkiv"
        place = re.sub(r"[\u2019']s$", "", possessive[0])
        for phrase in (f"{noun} of {place}", f"{place} {noun}"):
            found = find_event_mentions(phrase, timeline)
            if found and found[0].start == 0 and found[0].end == len(phrase) and usable_events(claim, found[0].events):
                return Link(EventMention(topic[0], topic[1], found[0].keyword, found[0].events),
                            usable_events(claim, found[0].events), "claim phrase")
        return None
    if len(before) > 3 or any(w.lower() not in ("the", "its", "their", "his", "her", "this", "that", "russian",
                                                 "ukrainian") and not w.islower() for w in before):
        return None  # "the 25th anniversary of the Treaty of X came as ...": not an event of the sentence
    # "the ninth anniversary of the downing of the airliner ... MH17": an event the sentence
    # names whose label has the noun
    in_sentence = [m for m in find_event_mentions(text, timeline, *sentence) if not is_generic(m)]
    for mention in in_sentence:
        events = tuple(e for e in usable_events(claim, mention.events) if noun in e.label.lower())
        if events:
            return Link(mention, events, "sentence")
    if claim.kind == "anniversary" and len(in_sentence) == 1:
        # "the Kerch bridge ..., which marks the second anniversary of the truck bombing": the one
        # event the sentence names, if one-day events are what it can mean
        events = tuple(e for e in in_sentence[0].events if e.type in ("day", "claim"))
        if events:
            return Link(in_sentence[0], events, "sentence")
    ranges = [sentence]
    prior = previous_sentence(text, sentence) if widen else None
    if prior is not None:
        ranges.append(prior)
    for lo, hi in ranges:
        for match in CAPITALISED.finditer(text, lo, hi):
            if claim.start <= match.start() < claim.end:
                continue
            place = re.sub(r"[\u2019']s$", "", match.group(0))
            for phrase in (f"{noun} of {place}", f"{place} {noun}", f"{noun} in {place}", f"{noun} from {place}"):
                found = find_event_mentions(phrase, timeline)
                if found and found[0].start == 0 and found[0].end == len(phrase):
                    events = usable_events(claim, found[0].events)
                    if events:
                        mention = EventMention(match.start(), match.end(), found[0].keyword, found[0].events)
                        return Link(mention, events, "sentence")
    return None


#: Words after "since" that name the start of something rather than the thing itself.
_SINCE_LEAD = re.compile(r"(?i)\bsince\s+(?:(?:the|its|their)\s+)?(?:(?:start|beginning|outbreak|onset|launch|"
                         r"day|time|days)\s+of\s+(?:the\s+)?)?")


#: between a "for N" span and the "since" that starts it: "for nine years, (ever) since ..."
_SPAN_THEN_SINCE = re.compile(r"(?i)[\s,\u2013\u2014-]*(?:(?:now|already|ever|straight|in\s+a\s+row|running|that\s+is)[\s,]+)*")


def since_event_link(claim: DurationClaim, text: str, timeline: Timeline,
                     sentence: tuple[int, int]) -> Link | None:
    """"for nine years, since the referendum of March 2014": a span claim whose start
    the sentence names with "since <event>". The claim is then one of time since."""
    if claim.kind != "span":
        return None
    if any(not is_generic(m) for m in find_event_mentions(text, timeline, claim.start, claim.end)):
        return None  # "since Crimea, one year of full-scale war": the claim names its own event
    for lead in _SINCE_LEAD.finditer(text, sentence[0], sentence[1]):
        if claim.start <= lead.start() < claim.end:
            continue
        if claim.start >= lead.end() and re.fullmatch(r"\s*(?:the|a|an)?\s*", text[lead.end():claim.start]):
            continue  # "since the nearly three-month siege of the city ended": the claim is the event
        if claim.start >= lead.end() and claim.noun and re.search(r"-(?:year|month|week|day)", claim.text):
            continue  # "since the defenders left Azovstal, ending the nearly three-month siege": its length
        if not (0 <= lead.start() - claim.end <= 40 and _SPAN_THEN_SINCE.fullmatch(text, claim.end, lead.start())
                or 0 <= claim.start - lead.end() <= 80):
            continue  # ("a town on the front line for almost ten years, is the biggest gain since ...": no)
        words = list(re.finditer(r"\S+", text[lead.end():sentence[1]]))[:TOPIC_WORDS]
        stop = lead.end() + (words[-1].end() if words else 0)
        clause = re.search(r"[,;:]", text[lead.end():stop])
        if clause is not None:
            # "Nine years of war since Crimea, one year of full-scale war": the next clause's
            # event is not this one's start
            stop = lead.end() + clause.start()
            place = re.fullmatch(r"\s*([A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?)\s*", text[lead.end():stop])
            taken = place and next((found for noun in ("occupation", "seizure", "annexation")
                                    if (found := place_event(claim, timeline, noun, place.group(1)))), None)
            if taken:
                # "since Crimea": a place alone after "since" stands for its takeover
                return Link(EventMention(lead.end() + place.start(1), lead.end() + place.end(1), taken.keyword,
                                         taken.events), taken.events, "since phrase")
        for mention in find_event_mentions(text, timeline, lead.end(), stop):
            if not is_generic(mention) or about_this_war(text, [mention]):
                return Link(mention, mention.events, "since phrase")
    return None


# --- a start the text gives itself ----------------------------------------------------

#: How far a "since"/"after" claim's event phrase may reach for the event's own date
#: ("three years after a missile hit the toxicology building during a daytime attack on 8 July 2024").
EVENT_PHRASE_CHARS = 160
#: A date that dates the event of an anniversary lies at least this far before publication;
#: a nearer one is the day of the commemoration itself.
ANNIVERSARY_MIN_DAYS = 180


def _event_date(m: DateMention, published: date | None) -> bool:
    return (m.start_date is not None and m.granularity in ("day", "month") and not m.is_relative
            and (published is None or (published - m.start_date).days >= ANNIVERSARY_MIN_DAYS))


def anniversary_date_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                          mentions: list[DateMention], published: date | None) -> Link | None:
    """The event's own date for an anniversary the timeline cannot link: "the thirteenth
    anniversary of the fire of 2 May 2014", "... the strike on the shopping centre, which killed
    22 people on 27 June 2022", or, on the anniversary day itself, the next sentence's "On 8 April
    2022, a missile hit the platform"."""
    if claim.kind != "anniversary":
        return None
    for m in mentions:
        if claim.end <= m.start < sentence[1] and _event_date(m, published) and \
                not re.search(r"(?i)\b(?:since|from|until|till|before|by)\s+$", text[max(0, m.start - 8):m.start]):
            return date_link(m)
    if published is None:
        return None
    following = re.search(r"\S", text[sentence[1]:])
    if following is None:
        return None
    start = sentence[1] + following.start()
    end = re.search(r"[.!?](?:\s|$)", text[start:])
    stop = start + end.end() if end else len(text)
    for m in mentions:
        if start <= m.start < stop and m.granularity == "day" and _event_date(m, published) and \
                _same_day_of_year(m.start_date, published):  # type: ignore[arg-type]
            return date_link(m)
    return None


def _same_day_of_year(day: date, other: date, slack: int = 3) -> bool:
    return abs((years_later(day, other.year - day.year) - other).days) <= slack


def on_anniversary_day(link: Link, published: date | None, kind: str | None = None) -> bool:
    """Whether the linked event happened on this day of the year, years before publication:
    "gathered ... two years after the airstrike of 16 March 2022", published on 16 March,
    tells of the day of publication whatever the tense. A period counts by its first day only
    for an anniversary claim ("On the second anniversary of the start of the special military
    operation, residents gathered", published on 24 February)."""
    if published is None or len(link.events) != 1:
        return False  # a month or a year given as the date is a range, not a day of the year
    event = link.events[0]
    if event.type == "period" and event.id != "date-in-text" and kind != "anniversary":
        return False
    return (published - event.start).days >= ANNIVERSARY_MIN_DAYS and _same_day_of_year(event.start, published)



#: The peninsula's towns: their annexation, occupation or "return to Russia" is Crimea's.
_CRIMEAN_TOWNS = frozenset({"sevastopol", "simferopol", "kerch", "yalta", "feodosia", "feodosiya", "yevpatoria",
                            "evpatoria", "dzhankoi", "dzhankoy", "bakhchysarai", "bakhchisaray", "alushta", "sudak",
                            "armiansk", "armyansk", "krasnoperekopsk", "saky", "saki"})


def place_event(claim: DurationClaim, timeline: Timeline, noun: str, place: str) -> EventMention | None:
    """The timeline event "<noun> of <place>" names, whole ("annexation of Crimea"); for a town
    of Crimea, the event of Crimea when the town has none of its own."""
    names = (place, "Crimea") if place.lower() in _CRIMEAN_TOWNS else (place,)
    for name in names:
        for phrase in (f"{noun} of {name}", f"{noun} of the {name}", f"{name} {noun}", f"{name}'s {noun}"):
            found = find_event_mentions(phrase, timeline)
            if found and found[0].start == 0 and found[0].end == len(phrase) and usable_events(claim, found[0].events):
                return EventMention(0, len(phrase), found[0].keyword, usable_events(claim, found[0].events))
    return None


def name_starts(match: re.Match[str]) -> tuple[int, ...]:
    """Where the name in a run of capitalised words may start: at the run, or at its last word
    ("In Kursk, where ...", "With Ugledar taken ...": a sentence's capitalised first word runs
    into the name)."""
    return tuple(dict.fromkeys((match.start(), match.start() + match.group(0).rfind(" ") + 1)))


def last_place_event(claim: DurationClaim, text: str, before: int, end: int, noun: str, timeline: Timeline,
                     start: int | None = None) -> Link | None:
    """"<noun> of <place>" for the last place named before ``before`` whose event the timeline
    has (a possessor counts: "in Kherson's Ostriv district"), as a link spanning ``start``
    (default ``before``) to ``end``; counted from the event's end for a fall, capture,
    liberation or seizure that ends a battle."""
    for match in reversed(list(CAPITALISED.finditer(text, 0, before))):
        # "in Kherson's Ostriv district": the town is the possessor
        name = match.group(0)
        owner = re.match(r"([A-Z][\w-]+)['\u2019]s\b", name)
        found = place_event(claim, timeline, noun, name) or (
            place_event(claim, timeline, noun, owner.group(1)) if owner else None) or next(
            (event for start in name_starts(match)[1:]
             if (event := place_event(claim, timeline, noun, text[start:match.end()])) is not None), None)
        if found is not None:
            # a capture starts an occupation but ends a battle
            claim.from_end = noun in ("fall", "capture", "liberation", "seizure") and not all(
                "occupation" in e.label.lower() for e in found.events)
            return Link(EventMention(before if start is None else start, end, found.keyword, found.events),
                        found.events, "claim phrase")
    return None


#: a sentence about "the battle for the city": the town is the one named before the sentence
_BATTLE_FOR_THE_TOWN = re.compile(r"(?i)\s*(?:the\s+)?(?P<noun>battle|siege|defen[cs]e)\s+(?:for|of)\s+the\s+"
                                  r"(?:city|town|village|port|regional\s+capital)\b")


def battle_for_the_town_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                             timeline: Timeline) -> Link | None:
    """"The battle for the city, a rail hub lying between Seversk, Soledar and Konstantinovka,
    began in August 2022 and lasted more than nine months": the battle of the town the text named
    before this sentence (Artemovsk), not of a landmark the sentence names in passing."""
    if claim.kind != "span":
        return None
    found = _BATTLE_FOR_THE_TOWN.match(text, sentence[0])
    if found is None or found.end() > claim.start:
        return None
    noun = found.group("noun").lower().replace("defense", "defence")
    # the town the article is about: of the places named before whose battle the timeline has, the
    # one named most often (the earliest on a tie), not merely the last ("the wounded are treated in
    # Pokrovsk. The battle for the town ..." in a report on Avdiivka)
    counts: dict[str, int] = {}
    firsts: dict[str, int] = {}
    events: dict[str, EventMention] = {}
    for match in CAPITALISED.finditer(text, 0, sentence[0]):
        named = place_event(claim, timeline, noun, match.group(0))
        if named is not None:
            key = named.events[0].id
            counts[key] = counts.get(key, 0) + 1
            firsts.setdefault(key, match.start())
            events.setdefault(key, named)
    if not counts:
        return None
    event = events[max(counts, key=lambda key: (counts[key], -firsts[key]))]
    return Link(EventMention(found.start("noun"), found.end(), event.keyword, event.events), event.events, "claim phrase")


def occupation_span_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                         timeline: Timeline) -> Link | None:
    """"Residents described torture after nearly two years of Russian occupation" in a report
    about Kherson: a span of occupation whose sentence names no place is the occupation of the
    last place named before it whose occupation the timeline has."""
    if claim.kind != "span" or not (claim.noun == "occupation" or _OCCUPATION_LASTED.search(
            text, max(0, claim.start - 40), claim.start)):
        return None  # ("ended an occupation that had lasted almost two years": the same)
    names = [m.group(0) for m in CAPITALISED.finditer(text, sentence[0], sentence[1]) if m.start() > sentence[0]
             and not _NATIONALITY.fullmatch(m.group(0))]
    if names:
        return None  # a place of the sentence is for the other links
    return last_place_event(claim, text, sentence[0], claim.end, "occupation", timeline, start=claim.start)


_NATIONALITY = re.compile(r"(?:Russian|Ukrainian|Soviet|Western|European|American)s?|"
                          r"(?:Russia|Ukraine|Moscow|Kyiv|Kremlin)(?:['\u2019]s)?")
_OCCUPATION_LASTED = re.compile(r"(?i)\boccupation\s+(?:that|which)\s+(?:had\s+|has\s+)?(?:(?:lasted|went\s+on)\s+)?$")

#: what a text calls a town it named before ("the city was freed", "pulled out of the town")
KIND_OF_TOWN = r"(?:city|town|village|port|island|regional\s+capital)"
#: "when the city, besieged for ...": a holding participle after what a text calls a town it named
_KIND_BEFORE = re.compile(rf"(?i)\bthe\s+{KIND_OF_TOWN}\s*,?\s*(?:which\s+(?:was|had\s+been|has\s+been)\s+)?$")
BARE_NAME = re.compile(r"[A-Z][a-z\u2019'-]+")
_VIOLENCE = re.compile(
    r"(?i)\b(?:encircle(?:ment|d)|cauldron|siege|besieged|battle|assault|stormed|shell(?:ing|ed)|bombard\w*|"
    r"massacre[ds]?|killed|killings?|murder(?:ed|s)?|executed|bodies|mass\s+graves?|snipers?|opened\s+fire|"
    r"uprising|fell\s+to|captured|capture|liberat(?:ed|ion)|occupation|occupied|withdr(?:ew|awal)|"
    r"retreat(?:ed)?|defenders?|surrender(?:ed)?|airstrikes?|missiles?|missile\s+strikes?|(?:truck\s+|car\s+)?bomb(?:s|ed|ing)?|"
    r"explosions?|blasts?|blown\s+up|sea\s+drones?)\b")


#: "the first head of the Donetsk People's Republic, Alexander Zakharchenko, died ... six years
#: ago": a name after an office says whom the sentence is about, not what happened
_OFFICE_OF = re.compile(r"(?i)\b(?:head|leader|chief|founder|mayor|governor|president|premier|minister|speaker|"
                        r"commander|spokes(?:man|woman|person)|deputy|ombudsman|envoy|ambassador)\s+of\s+(?:the\s+)?$")


_STATE_OF_PLACE = re.compile(r"\b(?:to|in|of|from|into|on|over|across|and|the)\s+(?:Russian-)?"
                             r"(?:annexed|occupied|liberated|captured|held)\s+[A-Z][\w\u2019'-]*")


def sole_event_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                    mentions: list[EventMention]) -> Link | None:
    """The one timeline event a sentence names, for a time-since or anniversary claim no
    pattern could tie to its event ("to remember those killed at Ilovaisk, eight years after
    the encirclement"; "flight MH17, twelve years after the Boeing crashed"). Two different
    events in the sentence, or only a generic "war", and the claim stays unlinked."""
    if claim.kind not in ("since", "anniversary"):
        return None
    found = [m for m in mentions if sentence[0] <= m.start and m.end <= sentence[1]
             and (m.end <= claim.start or m.start >= claim.end) and not is_generic(m)
             and not _ends_before(claim, m, text) and usable_events(claim, m.events)
             and not dated_apart(claim, m, text)
             # (an entity's office, "the first head of the Donetsk People's Republic"; a town's
             # mayor still tells where: "the mayor of Chernihiv recalls the spring the siege ended")
             and not (_OFFICE_OF.search(text, max(0, m.start - 40), m.start) and not BARE_NAME.fullmatch(m.keyword))
             # "the bridge linking Russia to annexed Crimea": a participle before a place tells the
             # place's state, not an event the sentence dates
             and not _STATE_OF_PLACE.search(text, max(0, m.start - 8), m.end)]
    if len({m.events[0].id for m in found}) != 1:
        return None
    if _COURT_ACT.search(text, max(sentence[0], claim.start - 60), claim.start):
        # "a court sentenced him 19 months ago to 13 years for firing at a building in
        # Sievierodonetsk": the time of the verdict, not of the battle the charge names
        return None
    events = usable_events(claim, found[0].events)
    violence = _VIOLENCE.search(text, sentence[0], sentence[1])
    if len(events) > 1 and claim.preposition == "ago":
        return None  # "the Crimean bridge, hit by a truck bomb a year ago": maybe a strike the timeline lacks
    if not events or (len(events) > 1 or BARE_NAME.fullmatch(found[0].keyword)) and not violence:
        # a keyword several events share ("the Crimean bridge") says where the sentence is, not
        # which event it counts from; so does a bare place name ("ten years ago she opened a bakery
        # in Mariupol"), unless the sentence tells of the fighting itself ("six years after the
        # encirclement at Ilovaisk", "two years after a truck bomb tore through the Kerch bridge").
        # Several events stay candidates then: the claim is wrong only if it fits none of them.
        return None
    return Link(found[0], events, "sole event in sentence")


#: a court's or a police act right before the claim ("sentenced him", "was detained")
_COURT_ACT = re.compile(r"(?i)\b(?:sentenced|convicted|jailed|imprisoned|detained|arrested|charged|indicted|"
                        r"acquitted|extradited|found\s+guilty)(?:\s+[\w\u2019'-]+){0,2}\s+$")


#: A time of its own right after an event's name: "over a decade ago" (within three words).
_OWN_TIME = re.compile(r"(?i)[\s,]*(?:[\w\u2019'-]+\s+){0,3}?ago\b")


def dated_apart(claim: DurationClaim, mention: EventMention, text: str) -> bool:
    """The event named after the claim carries its own time, so the claim is about something
    else: "Three years ago today, the court convicted three men for the downing of flight MH17
    over a decade ago, in July 2014" counts from the verdict, not from MH17."""
    return mention.start >= claim.end and bool(_OWN_TIME.match(text, mention.end, min(len(text), mention.end + 60)))


#: "has been under Russian control for three years", "occupied for ten years now": a time since
#: the place was taken, told as a span.
_HELD_SINCE = re.compile(r"(?i)\b(?:under\s+(?:Russian\s+|Ukrainian\s+|enemy\s+|Moscow's\s+)?"
                         r"(?:control|occupation|rule)|occupied|in\s+Russian\s+hands)\b")
_PERFECT = re.compile(r"(?i)\b(?:has|have)\s+(?:now\s+)?been\b|\bnow\b")


def tells_of_holding(text: str, sentence: tuple[int, int]) -> bool:
    """The sentence says a place has been held for some time ("has been under Russian control")."""
    return bool(_HELD_SINCE.search(text, sentence[0], sentence[1]) and _PERFECT.search(text, sentence[0], sentence[1]))


_HELD_FOR = re.compile(r"(?i)\b(?:held|holding|occupied|controlled)\s+(?:[\w\u2019'-]+\s+){0,3}$")


def held_for(claim: DurationClaim, text: str, sentence: tuple[int, int]) -> bool:
    """"Izyum, which Russian troops held for almost a year" ("after holding it for ..."): a span of
    holding a place."""
    return claim.text.lower().startswith("for ") and bool(_HELD_FOR.search(text, sentence[0], claim.start))


_OCCUPIED_PLACE = re.compile(r"\b(?P<place>[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?)\s+(?:was|had\s+been|remained)\s+"
                             r"(?:(?:under\s+)?(?:Russian\s+)?)?(?:occupied|occupation|held)\s+$")


_WHICH_HELD = re.compile(r"\b(?P<place>[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?),\s+(?:which\s+(?:[\w\u2019'-]+\s+){1,3}?"
                         r"(?:has|have)\s+(?:now\s+)?(?:held|controlled|occupied|ruled)\s+(?:it\s+)?|"
                         r"(?:occupied|held|controlled)(?:\s+by\s+(?:Russia|Moscow|Russian\s+(?:forces|troops)))?\s+|"
                         r"under\s+(?:Russian\s+)?(?:occupation|control|rule)\s+)$")


def _occupation_before(claim: DurationClaim, text: str, sentence: tuple[int, int], timeline: Timeline,
                       pattern: re.Pattern[str]) -> Link | None:
    """The occupation of the place ``pattern`` finds right before a "for N" span (when the
    timeline has it: "occupation of Kherson")."""
    if claim.kind != "span" or not claim.text.lower().startswith("for "):
        return None
    found = pattern.search(text, sentence[0], claim.start)
    if found is None:
        return None
    event = place_event(claim, timeline, "occupation", found.group("place"))
    if event is None or closed_in_past(claim, text, event.events):
        return None
    return Link(EventMention(found.start("place"), found.end("place"), event.keyword, event.events),
                event.events, "claim phrase")


def held_place_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                    timeline: Timeline) -> Link | None:
    """"Crimea, which Russia has held for eleven years", "Crimea, occupied for nine years": a
    span of holding a place told in the present perfect (or a participle) counts from the
    occupation of that place until now, so the claim becomes a time-since claim; "which Russian
    troops occupied for a year" (a past span) is a length the timeline rarely knows: left alone."""
    link = _occupation_before(claim, text, sentence, timeline, _WHICH_HELD)
    if link is not None:
        claim.kind, claim.preposition = "since", "since"
    return link


#: "Kherson has now been free for three and a half years": a place held again since its liberation
_FREE_SINCE = re.compile(r"\b(?P<place>[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?)\s+(?:has|have)\s+(?:now\s+)?been\s+"
                         r"(?:free|liberated|back\s+(?:in\s+Ukrainian\s+hands|under\s+Ukrainian\s+control))\s+"
                         r"(?:again\s+)?$")


def tells_of_freedom(claim: DurationClaim, text: str, sentence: tuple[int, int]) -> bool:
    """"Balakliia has been free for almost four years": a span of freedom regained (a claim about
    the war even where the sentence names no fighting)."""
    return _FREE_SINCE.search(text, sentence[0], claim.start) is not None


def free_since_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                    timeline: Timeline) -> Link | None:
    """"Kherson has now been free for three and a half years": a span of freedom told in the
    present perfect counts from the place's liberation (when the timeline has it) until now."""
    if claim.kind != "span" or not claim.text.lower().startswith("for "):
        return None
    found = _FREE_SINCE.search(text, sentence[0], claim.start)
    if found is None:
        return None
    claim.kind, claim.preposition = "since", "since"  # the events a time since can count from
    place = found.group("place")
    event = place_event(claim, timeline, "liberation", place)
    if event is None:
        # no row of its own: the event the place's name stands for ("Balakliia": the Kharkiv
        # counteroffensive that freed it), counted from its end
        named = [m for m in find_event_mentions(place, timeline) if m.start == 0 and m.end == len(place)]
        event = named[0] if named and usable_events(claim, named[0].events) else None
    if event is None:
        claim.kind, claim.preposition = "span", None
        return None
    claim.from_end = True
    return Link(EventMention(found.start("place"), found.end("place"), event.keyword, event.events),
                event.events, "claim phrase")


_HELD_NOW = re.compile(r"(?i)\b(?:under\s+(?:Russian\s+|enemy\s+|Moscow's\s+)?(?:control|occupation|rule)|"
                       r"in\s+Russian\s+hands)\b")
_TOLD_AS_PAST = re.compile(r"(?i)\b(?:was|were|had\s+been|remained|stayed|spent)\b")
_PLACE_BACK_NOUN = re.compile(rf"(?i)\b(?:the|this|that)\s+(?:{KIND_OF_TOWN}|settlement)\b")
#: nouns of the event a holding counts from, and whether it counts from the event's end
_HELD_FROM = (("occupation", False), ("capture", True), ("fall", True), ("seizure", True))


def held_now_link(claim: DurationClaim, text: str, sentence: tuple[int, int], timeline: Timeline) -> Link | None:
    """"Mariupol: 5 years under occupation", "Avdiivka - ... The town, under Russian control for
    three years, is in ruins": a place held until now, with no verb in the past, counts from
    its occupation or capture (the timeline's "occupation of", "capture of" or "fall of" the
    place: the place named before the claim in its sentence, else, after "the town", the last
    one named before the sentence). The claim becomes a time-since claim."""
    if claim.kind != "span" or claim.preposition or not holds_now(text, sentence):
        return None
    if claim.noun and claim.noun not in SENTENCE_BOUND_NOUNS | {"occupation"}:
        return None  # "... under occupation, ... since the nearly three-month siege ended": the siege's length
    names = list(CAPITALISED.finditer(text, sentence[0], claim.start))[::-1]
    if _PLACE_BACK_NOUN.search(text, sentence[0], claim.start):
        names += list(CAPITALISED.finditer(text, max(0, sentence[0] - 400), sentence[0]))[::-1]
    claim.kind, claim.preposition = "since", "since"  # the events a time since can count from
    for name in names:
        for noun, from_end in _HELD_FROM:
            found = place_event(claim, timeline, noun, name.group(0))
            if found is not None:
                claim.from_end = from_end
                return Link(EventMention(name.start(), name.end(), found.keyword, found.events), found.events,
                            "claim phrase")
    claim.kind, claim.preposition = "span", None
    return None


_DEFINITE_BATTLE = re.compile(r"(?i)\s*the\s+(?P<noun>siege|blockade|encirclement|occupation|battle|defence|defense)\b"
                              r"(?P<rest>[^,;.]{0,40})")
_ENDED_VERB = re.compile(r"(?i)\b(?:was|were)\s+(?:lifted|broken|ended|over)\b|\bended\b")


def definite_battle_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                         timeline: Timeline) -> Link | None:
    """"Chernihiv spent more than a month cut off ... Two years after the siege was lifted": a
    battle named by a bare definite noun is the one of the last place named before it whose
    "<noun> of <place>" the timeline has (counted from its end when the clause ends it)."""
    if claim.kind != "since" or claim.topic is None:
        return None
    found = _DEFINITE_BATTLE.match(text, claim.topic[0], claim.topic[1])
    if found is None or CAPITALISED.search(found.group("rest")):
        return None  # "the siege of Mariupol": the keyword's own link
    noun = found.group("noun").lower().replace("defense", "defence")
    link = last_place_event(claim, text, claim.topic[0], found.end("noun"), noun, timeline,
                            start=found.start("noun"))
    if link is not None:
        claim.from_end = bool(_ENDED_VERB.search(found.group("rest")))
    return link


def holds_now(text: str, sentence: tuple[int, int]) -> bool:
    """The sentence tells of a place held until now ("under Russian control", "5 years under
    occupation"), with no verb that puts the holding in the past ("was", "had been", "spent")."""
    return bool(_HELD_NOW.search(text, sentence[0], sentence[1])) and not _TOLD_AS_PAST.search(
        text, sentence[0], sentence[1])


def occupied_place_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                        timeline: Timeline) -> Link | None:
    """"Kherson was occupied for fourteen months": the occupation of the place the clause is
    about, when the timeline has it ("occupation of Kherson"), measured as its length; "troops
    had held the regional capital for three years": the last place named before the sentence
    whose occupation the timeline has."""
    return (_occupation_before(claim, text, sentence, timeline, _OCCUPIED_PLACE)
            or _held_noun_link(claim, text, sentence, timeline))


_HELD_NOUN = re.compile(r"(?i)\b(?:had\s+)?(?:held|occupied|controlled)\s+the\s+(?:regional\s+capital|city|town|port|"
                        r"(?:nuclear\s+)?(?:power\s+)?plant|station|airport|island)\s+$")


def _held_noun_link(claim: DurationClaim, text: str, sentence: tuple[int, int], timeline: Timeline) -> Link | None:
    """"had held the city for N": the occupation of the last place named before the sentence."""
    if claim.kind != "span" or not claim.text.lower().startswith("for ") or \
            not _HELD_NOUN.search(text, sentence[0], claim.start):
        return None
    for name in reversed(list(CAPITALISED.finditer(text, 0, sentence[0]))):
        for start in name_starts(name):  # ("At Chornobyl", a headline's first word run into the name)
            event = place_event(claim, timeline, "occupation", text[start:name.end()])
            if event is not None:
                return Link(EventMention(start, name.end(), event.keyword, event.events), event.events,
                            "claim phrase")
    return None


def held_since_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                    mentions: list[EventMention]) -> Link | None:
    """"The Zaporizhzhia nuclear plant has been under Russian control for three years": a span
    in the present perfect about holding a place counts from the one event the sentence names
    (its seizure). The claim becomes a time-since claim ("since"), as "for nine years, since ..."
    does; a past span ("was under Russian control for eight months") is left as a length."""
    if claim.kind != "span" or claim.preposition:
        return None
    if not tells_of_holding(text, sentence):
        return None
    claim.kind, claim.preposition = "since", "since"
    link = sole_event_link(claim, text, sentence, mentions)
    if link is not None and not any(e.type == "period" or _TAKING.search(e.id) for e in link.events):
        # "Oleshky has been occupied for three and a half years, and was flooded when the
        # Kakhovka dam was blown up": a one-day event that takes no place (a strike, a dam
        # destroyed) does not start a holding
        link = None
    if link is None:
        claim.kind, claim.preposition = "span", None
    return link


_TAKING = re.compile(r"capture|seizure|fall|annexation|proclamation|occupation")


_DONBAS = re.compile(r"\b(?:Donbas{1,2}|Donetsk|Luhansk|Lugansk)\b")
_DONBAS_WAR = ("war-in-donbas", "russo-ukrainian-war")


#: "Moscow has been fighting in Ukraine for 18 months": the war until now, whichever start is meant.
_FIGHTING_UKRAINE = re.compile(r"(?i)\b(?:Russia|Moscow|the\s+Kremlin|Russian\s+(?:troops|forces|army))\s+"
                               r"(?:has|have)\s+been\s+(?:fighting|at\s+war|waging\s+(?:a\s+|its\s+)?war)\s+"
                               r"(?:in|with|against|on)\s+Ukraine\s+$")


def fighting_in_ukraine_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                             timeline: Timeline) -> Link | None:
    """A bare "for N" after "Russia has been fighting in Ukraine" is the time since the war
    began, until now: the full-scale invasion or the war since 2014 (flagged only when it fits
    neither)."""
    if claim.kind != "span" or claim.noun or claim.preposition:
        return None
    found = _FIGHTING_UKRAINE.search(text, sentence[0], claim.start)
    if found is None:
        return None
    war = _generic_war_mention(timeline, found.start(), found.end(), found.group(0).strip())
    events = tuple(dict.fromkeys((war.events if war else ()) + donbas_war_events(timeline)))
    if not events:
        return None
    claim.kind, claim.preposition = "since", "since"
    return Link(EventMention(found.start(), found.end(), found.group(0).strip(), events), events, "claim phrase")


def donbas_war_events(timeline: Timeline) -> tuple[Event, ...]:
    """The war in the Donbas (until February 2022) and the war since 2014, where the timeline has them."""
    return tuple(e for e in (timeline.get(i) for i in _DONBAS_WAR) if e is not None)


def with_donbas_war(link: Link | None, claim: DurationClaim, timeline: Timeline, published: date | None) -> Link | None:
    """Before the full-scale invasion, "the conflict" or "the war" in Ukraine most often meant the
    war in the Donbas, from April 2014 ("ten months into the conflict", February 2015): a link to
    the war since 2014 also tries that one, and the claim is wrong only if it fits neither."""
    invasion = timeline.get("full-scale-invasion")
    if link is None or published is None or invasion is None or published >= invasion.start \
            or not any(e.id == "russo-ukrainian-war" for e in link.events):
        return link
    extra = tuple(e for e in usable_events(claim, donbas_war_events(timeline)) if e not in link.events)
    return Link(link.mention, link.events + extra, link.how) if extra else link


def donbas_war_link(claim: DurationClaim, text: str, sentence: tuple[int, int], timeline: Timeline) -> Link | None:
    """"Residents of Donbass, who have suffered under shelling for eight years": a span of
    fighting in the Donbas that names no event is the war there since 2014 (until February
    2022, or until now). Linked by its sentence, so only a span longer than both is flagged.
    The caller asks only for spans told in the present or present perfect: "had been a
    stronghold for eleven years" ends at a moment the timeline does not know."""
    if claim.kind != "span" or claim.preposition or claim.noun not in (None, "shelling", "war", "fighting",
                                                                         "bombardment", "aggression", "conflict"):
        return None
    region = _DONBAS.search(text, sentence[0], sentence[1])
    if region is None or not CONFLICT_CUES.search(text, sentence[0], sentence[1]):
        return None
    events = tuple(e for e in donbas_war_events(timeline) if e.type == "period")
    if not events:
        return None
    return Link(EventMention(region.start(), region.end(), region.group(0), events), events, "sentence")


_WAR_CONDITIONS = re.compile(rf"(?i)\b(?:{WAR_CONDITIONS}|shell\w*)\b")


def tells_of_war_conditions(text: str, sentence: tuple[int, int]) -> bool:
    return _WAR_CONDITIONS.search(text, sentence[0], sentence[1]) is not None


def war_conditions_link(claim: DurationClaim, text: str, sentence: tuple[int, int], mentions: list[EventMention],
                        timeline: Timeline) -> Link | None:
    """"Orikiv, which has been on the front line for almost seven years", "the city, which has lived
    with missile and drone attacks for three and a half years": a span of the war's conditions,
    told in the present perfect, that names no event is the time since the war reached the place:
    the full-scale invasion or the war since 2014 (flagged only when it fits neither). The caller
    asks only for spans told in the present or present perfect."""
    if claim.kind != "span" or claim.preposition or claim.noun not in (None, "shelling", "war", "fighting"):
        return None
    found = _WAR_CONDITIONS.search(text, sentence[0], sentence[1])
    if found is None or not about_this_war(text, mentions):
        return None
    if any(sentence[0] <= m.start and m.end <= sentence[1] and not is_generic(m) for m in mentions):
        return None  # an event the sentence names is the other links' to judge
    events = usable_events(claim, tuple(e for e in timeline.events
                                        if e.id in ("full-scale-invasion", "russo-ukrainian-war")))
    if not events:
        return None
    return Link(EventMention(found.start(), found.end(), found.group(0), events), events, "sentence")


#: Words of the noun a relative clause hangs on ("the Malaysian airliner, which ...").
HEAD_WORDS = 6
_DURING_AFTER = re.compile(r"\s*,?\s*(?:during|when|amid|in\s+the\s+days\s+of)\s+")
# (a reduced relative too: "the Ukrainian operation in Russia's Kursk oblast, launched two months ago")
_RELATIVE_START = re.compile(r"(?i)\s*(?:which|that|who|when|where|launched|begun|started|signed|seized|captured|"
                             r"liberated|retaken|destroyed|blown\s+up|shot\s+down|opened)\b")


#: A phrase whose subject is a person: what it dates is that person's own story.
#: (An indefinite person only: "He was captured when Mariupol fell four years ago" is the city's fall.)
_PERSONAL_SUBJECT = re.compile(r"(?i)\s*(?:a|an|one)\s+(?:young\s+|local\s+|elderly\s+)?(?:woman|man|girl|boy|family|"
                               r"couple|teacher|doctor|nurse|farmer|fisherman|pensioner|resident|volunteer|mother|"
                               r"father|widow|shopkeeper|baker)\s+who\b")


def words_link(claim: DurationClaim, text: str, sentence: tuple[int, int], timeline: Timeline) -> Link | None:
    """The last resort for a time-since, "ago" or anniversary claim: the events whose label and
    keywords share a distinctive word and one more with the claim's phrase ("12 years since
    Russia seized Crimea", "since the cruiser Moskva went down"; ``event_words``)."""
    if claim.kind not in ("since", "anniversary"):
        return None
    # (start, words the finding quotes as its evidence), tried in turn, and the phrase's end
    if claim.preposition == "ago":
        # the clause around the claim: "since Russia seized Crimea five years ago"
        # (a colon ends a clause as a comma does: "two teams that conquered Europe: the side that
        # won the Cup in Basel 42 years ago")
        left = max(text.rfind(",", sentence[0], claim.start), text.rfind(":", sentence[0], claim.start))
        right = text.find(",", claim.end, sentence[1])
        lo, hi = (left + 1 if left >= 0 else sentence[0]), (right if right >= 0 else sentence[1])
        # ("HROZA, Kharkiv oblast — A year ago today, a missile struck ...": a dash ends a
        # dateline or a clause as a comma does)
        dash = max(text.rfind("—", lo, claim.start), text.rfind("–", lo, claim.start))
        lo = dash + 1 if dash >= 0 else lo
        starts = [(lo, 8)]
        # "on the Maidan fifteen years ago, during the Revolution of Dignity", "drained eighteen
        # months ago, when the dam downstream was destroyed": the clause after says what happened
        during = _DURING_AFTER.match(text, claim.end, sentence[1])
        if during is not None:
            stop = text.find(",", during.end(), sentence[1])
            stop = stop if stop >= 0 else sentence[1]
            for mention in find_event_mentions(text, timeline, during.end(), stop):
                if not is_generic(mention) and usable_events(claim, mention.events):
                    return Link(mention, usable_events(claim, mention.events), "claim phrase")
            events = usable_events(claim, events_by_words(text[during.end():stop], timeline)[0])
            if events:
                shown = " ".join(text[during.end():stop].strip(" .;:!?").split()[:8])
                return Link(EventMention(during.end(), stop, shown, events), events, "event words")
        head = list(re.finditer(r"\S+", text[sentence[0]:left]))[-HEAD_WORDS:] if left >= 0 else []
        if head and _RELATIVE_START.match(text, lo):
            # "the airliner, which was shot down seven years ago": the head before the comma first
            starts.insert(0, (sentence[0] + head[0].start(), 10))
    elif claim.preposition in ("later", "on"):
        # "... seized the plant in March 2022. Two years later, ...": the sentence before, and this
        # one up to the claim
        before = previous_sentence(text, sentence)
        starts, hi = [((before[0] if before else sentence[0]), 8)], claim.start
    else:
        found = event_phrase(text, claim.topic)
        if found is None:
            return None
        starts, hi = [(found[0], 8)], found[1]
    for lo, shown in starts:
        if _PERSONAL_SUBJECT.match(text, lo):
            continue  # "A woman who opened a Crimean Tatar cafe fourteen years ago": her life, not the war's
        # (the claim's own words left out: "four years ago" is no word of "four occupied regions")
        phrase = text[lo:hi]
        if lo <= claim.start and claim.end <= hi:
            # (each of its words kept as a blank token, so that the phrase's window of words is the same)
            phrase = phrase[:claim.start - lo] + re.sub(r"\S+", "--", text[claim.start:claim.end]) + phrase[claim.end - lo:]
        events = usable_events(claim, events_by_words(_STATE_OF_PLACE.sub(" ", phrase), timeline)[0])
        if events:
            # the evidence an analyst reads: the phrase itself ("Russia seized Crimea"), not the stems
            return Link(EventMention(lo, hi, " ".join(text[lo:hi].split()[:shown]), events), events, "event words")
    return None


#: A date told relative to publication ("on Monday", "yesterday") starts no period longer than
#: this: in "80 years since its liberation from Nazi occupation on Monday" it dates the ceremony.
RELATIVE_START_MAX_DAYS = 31


def starting_date_link(claim: DurationClaim, sentence: tuple[int, int], mentions: list[DateMention],
                       text: str) -> Link | None:
    """A date the same sentence gives as the claim's starting point ("for nine years, since
    February 2022"; "ten years since 2014"), as a link to a period that starts then.

    A date known only to the year or month is a range of possible starts: the claim
    is wrong only if it is wrong for both ends (see ``check_claim``)."""
    if claim.kind not in ("span", "since") or claim.preposition == "ago":
        return None
    if claim.kind == "since" and claim.preposition in ("after", "since"):
        # "two years after Ukrainian forces seized the city in September 2022", "six months since
        # the enemy crossed the border in August 2024": the event's own date
        phrase = event_phrase(text, claim.topic)
        for m in mentions:
            if phrase and phrase[0] <= m.start < phrase[1] and m.start_date is not None \
                    and not (m.is_relative and claim.claimed_days > RELATIVE_START_MAX_DAYS) \
                    and not _OFFSET_PHRASE.search(m.text):
                # ("a month after Staromaiorske and roughly two weeks after Urozhaine": the second
                # offset dates Urozhaine, another claim's event, not this one's)
                return date_link(m)
    for m in mentions:
        if not (sentence[0] <= m.start < sentence[1]) or m.start_date is None or claim.start <= m.start < claim.end:
            continue
        lead = text[max(sentence[0], m.start - 70):m.start]
        # "since February 2022", "since the start of 2014", "since the referendum of March 2014"
        if not re.search(r"(?i)(?:\b(?:since|from)\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}?(?:(?:of|in)\s+)?|"
                         r"\b(?:launched|started|begun|began|opened|established|set\s+up|formed|founded)\s+(?:in|on)\s+)"
                         r"(?:early\s+|late\s+|mid-?)?$", lead) and not (
                # "since the city was freed on 11 November 2022, it has been shelled ... for three
                # years", "since the first strikes on the grid in October 2022 - for almost 4 years
                # now": a since-clause dated at its end, before a span of the present ("ending an
                # occupation that lasted four months" is no span since that date)
                claim.kind == "span" and _SINCE_CLAUSE_DATED.search(lead) and (
                    _span_of_present(text, sentence, claim)
                    # "since the first days of the operation in February 2022 - for almost two years -"
                    or re.fullmatch(r"\s*[-\u2013\u2014]\s*", text[m.end:claim.start])
                    # "had been under Ukrainian control for nearly eight years, since Ukrainian
                    # forces retook it in June 2014": the since-clause right after the span
                    or m.start >= claim.end and _SINCE_RIGHT_AFTER.match(text, claim.end, m.start))):
            continue  # "since February 2022", "the counteroffensive launched in June 2023"
        if m.is_relative and not re.search(r"(?i)\b(?:since|from)\s+(?:early\s+|late\s+|mid-?)?$", lead) and not (
                # "the evacuation, which began on October 18": a day of this year is no relative start
                m.kind in ("month-day", "day-month") and re.search(r"(?i)\b(?:began|started)\s+on\s+$", lead)):
            continue  # "withdrew from Avdiivka a week ago, after four months of assaults": not a start
        if claim.kind == "since" and not (claim.end <= m.start <= claim.end + 4):
            continue  # "N years since <date>" names the date right after the claim
        if claim.kind == "span" and abs(m.start - claim.end) > 60 and abs(claim.start - m.end) > 60 \
                and not _opens_with_since(text, sentence, m, claim) \
                and not (claim.end <= m.start <= claim.end + 100 and _SINCE_RIGHT_AFTER.match(text, claim.end, m.start)):
            continue
        if claim.kind == "span" and m.start >= claim.end and not _SINCE_RIGHT_AFTER.match(text, claim.end, m.start):
            # "has worked the delta for 35 years, says he has not sailed since February": the date
            # starts another clause's count, not this span's
            continue
        return date_link(m)
    return None


#: a date given as an offset from another ("two weeks after", "a month before")
_OFFSET_PHRASE = re.compile(r"(?i)\b(?:after|before|later|earlier)$")
_SINCE_CLAUSE_DATED = re.compile(r"(?i)\bsince\s+(?:[\w'-]+\s+){1,8}?(?:in|on)\s+(?:early\s+|late\s+|mid-?)?$")


def _span_of_present(text: str, sentence: tuple[int, int], claim: DurationClaim) -> bool:
    """A "for N" span said of now: "for N now", after "has/have (...) been", or right after a
    present perfect ("residents have lived for almost three weeks")."""
    return bool(re.match(r"\s*,?\s*now\b", text[claim.end:claim.end + 12])
                or re.search(r"\b(?:has|have)(?:\s+\w+)?\s+been\b[^,;.]{0,40}$", text[sentence[0]:claim.start])
                or re.search(r"\b(?:has|have)\s+(?:\w+\s+){0,2}?\w+(?:ed|en|wn|lt|ne|ght)\s+$", text[sentence[0]:claim.start]))


def _opens_with_since(text: str, sentence: tuple[int, int], m: DateMention, claim: DurationClaim) -> bool:
    """"Since October 2022 the forest has been the hardest place on this front - for a year and a
    half now the line has barely moved": a sentence that opens with "Since DATE" frames a span of
    the present in any of its clauses ("for N now", "has ... for N")."""
    if not re.match(r"\s*Since\s+(?:early\s+|late\s+|mid-?)?$", text[sentence[0]:m.start]):
        return False
    return _span_of_present(text, sentence, claim)


#: Between a "for N" span and the date that starts it: "for nine years, (ever) since February 2022".
_SINCE_RIGHT_AFTER = re.compile(r"(?i)[\s,]*(?:(?:now|already|ever|straight|in\s+a\s+row|running)[\s,]+)*"
                                r"(?:since|from)\b[^,;.]*$")


#: a day and a month without a year ("March 18", "8 Sept.")
DAY_AND_MONTH = re.compile(r"(?i)(?:on\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]+\.?|[a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?)")


def year_of_earlier_date(mention: DateMention, mentions: list[DateMention],
                          sentence: tuple[int, int]) -> date | None:
    """"On March 16, 2014, voters backed it, and two days later, on March 18, the treaty was
    signed": a day without its year after a date with one in the same sentence is in that year
    (the next one when it would fall before it). None otherwise."""
    day = mention.start_date
    if day is None or mention.explicit_year or mention.end_date not in (None, day) \
            or not DAY_AND_MONTH.fullmatch(mention.text.strip()):
        return None
    earlier = [m for m in mentions if sentence[0] <= m.start and m.end <= mention.start and m.explicit_year
               and m.start_date is not None and m.granularity in ("day", "month")]
    if not earlier:
        return None
    anchor = earlier[-1].start_date
    try:
        moved = day.replace(year=anchor.year)
        return moved if moved >= anchor else day.replace(year=anchor.year + 1)
    except ValueError:  # 29 February
        return None


def dated_before(claim: DurationClaim, sentence: tuple[int, int], dates: list[DateMention],
                 reyear: bool = False) -> list[DateMention]:
    """The dates, each with its year, that the claim's sentence gives before the claim."""
    out = []
    for m in dates:
        if not (sentence[0] <= m.start and m.end <= claim.start and m.start_date is not None):
            continue
        if m.explicit_year and not m.is_relative:
            out.append(m)
            continue
        if not reyear:
            continue
        # "began in early September 2022 with the recapture of Balakliia on Sept. 8; Izium was
        # freed two days later": a day in the year of an earlier date of the sentence
        day = year_of_earlier_date(m, dates, sentence)
        if day is not None:
            out.append(replace(m, start_date=day, end_date=day, explicit_year=True))
    return out


#: "Since then we have waited for news for nearly six years": a span counted from "then"
_SINCE_THEN = re.compile(r"(?i)\bsince\s+then\b")
#: between "since then" and the claim: a subject and a verb of the present perfect, active ("we have
#: waited for news", "the family has lived there"), and at most three words more
_SINCE_THEN_SPAN = re.compile(r"(?i),?\s*(?:[\w\u2019'-]+\s+){0,2}(?:has|have)\s+(?:now\s+)?"
                              r"(?:been\s+[a-z]+ing|(?!been\b)[a-z]+(?:ed|t|wn|en))\s+(?:[\w\u2019'-]+\s+){0,3}")


def since_then_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                    dates: list[DateMention]) -> Link | None:
    """"His name appeared on a list of men taken to Olenivka in May 2022. Since then we have
    waited for news for nearly six years": a span after "since then" in its own sentence, which
    gives no date of its own before the claim, counts from the last date of the sentence before."""
    if claim.kind != "span" or not claim.text.lower().startswith("for "):
        return None
    said = _SINCE_THEN.search(text, sentence[0], claim.start)
    if said is None or any(said.end() <= m.start < claim.start for m in dates):
        return None
    if not _SINCE_THEN_SPAN.fullmatch(text, said.end(), claim.start):
        return None  # (not "Since then he has been sentenced to prison for 14 years": a term, not the time since)
    return last_date_before(claim, text, sentence, dates)


def later_date_link(claim: DurationClaim, sentence: tuple[int, int], dates: list[DateMention],
                    text: str | None = None) -> Link | None:
    """"hit twice, in October 2022 and again eighteen months later, when sea drones struck in July
    2023": the count starts at the last date (with its year) the sentence gives before it (and is
    measured to the date after it, by the analyzer's reference date). "On 31 March 2022 the last
    troops left Bucha. Since then, four years have passed": the last date of the sentence before."""
    if claim.preposition != "later":
        return None
    before = dated_before(claim, sentence, dates, reyear=True)
    opens = text is not None and not text[sentence[0]:claim.start].strip(" \"'\u201c")
    if not before and text is not None and (claim.text.lower().startswith("since then") or opens):
        # ("... ordered out in early October 2024. Nine months later, in January 2025, Kurakhove
        # also fell": a sentence opened by "N later" counts from the last date of the one before)
        return last_date_before(claim, text, sentence, dates)
    return date_link(before[-1]) if before else None


def last_date_before(claim: DurationClaim, text: str, sentence: tuple[int, int],
                     dates: list[DateMention]) -> Link | None:
    """A link to the last date (with its year) of the sentence before ``sentence``, if any."""
    prior = previous_sentence(text, sentence)
    before = dated_before(claim, prior, dates, reyear=True) if prior else []
    return date_link(before[-1]) if before else None


def before_link(claim: DurationClaim, text: str, sentence: tuple[int, int], dates: list[DateMention],
                mentions: list[EventMention]) -> tuple[Link, date, str] | None:
    """"abandoned in February 2015, some five years before the full-scale invasion", "Russia's
    2008 war came a decade before Maidan": the period from the one date (with its year) the
    sentence gives before the claim to the start of the event named right after "before".
    Returns (link to the date, the event's start as the reference, what that reference is)."""
    if claim.preposition != "before" or claim.topic is None:
        return None
    phrase = event_phrase(text, claim.topic)
    if phrase is None:
        return None
    named = [m for m in mentions if phrase[0] <= m.start < phrase[1] and m.start - phrase[0] <= 12
             and (not is_generic(m) or about_this_war(text, mentions))]
    dated = dated_before(claim, sentence, dates)
    if not named or len(dated) != 1:
        return None
    event = min(named[0].events, key=lambda e: e.start)
    return date_link(dated[0]), event.start, f"the start of {event.label}"


def date_link(m: DateMention) -> Link:
    """A period starting at a date the text gives; a year or a month is a range of starts."""
    assert m.start_date is not None
    # (days between the ends too: "a year and a half ago" of a thing done "in 2023" fits mid-2023,
    # at neither end of the year)
    starts = days_across(m.start_date, m.end_date or m.start_date)
    events = tuple(Event(id="date-in-text", type="period", start=day, end=None,
                         label=f"period since \u201c{m.text}\u201d", keywords=(), source="the article itself",
                         url="") for day in starts)
    return Link(EventMention(m.start, m.end, m.text, events), events, "date in sentence")


def event_phrase(text: str, topic: tuple[int, int] | None) -> tuple[int, int] | None:
    """The event a "since"/"after" claim names, up to the end of its clause."""
    if topic is None:
        return None
    end = min(len(text), topic[0] + EVENT_PHRASE_CHARS)
    sentence_end = re.search(r"[.;!?](?:\s|$)|\n", text[topic[0]:end])
    end = topic[0] + sentence_end.start() if sentence_end else end
    # (a headline ends at its line: "Three years after Kakhovka" is not dated by the byline's
    # "Dnipro front notes | 6 June 2026" below it)
    stop = re.search(r"[,;:|]", text[topic[0]:end])
    return topic[0], topic[0] + stop.start() if stop else end
