"""The event an "N years ago" claim counts from, by the clause around it.

"Debaltseve, which fell six years ago", "the Euromaidan coup fourteen years ago", "two years ago
Ukrainian troops withdrew from Avdiivka", "seven years ago, when Crimea returned to Russia",
"the deal, signed three years ago" (an earlier sentence named it): ``ago_link``; "ten years ago,
in 2015" (the text dates the moment itself): ``ago_date_link``. The other links of a duration
claim are in ``event_links``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from unspin.dates.duration_claims import DurationClaim
from unspin.dates.event_links import (BARE_NAME, CAPITALISED, FROM_END, KIND_OF_TOWN, LANDMARK_WORDS, Link,
                                      about_this_war, date_link, donbas_war_events, is_generic, last_place_event,
                                      name_starts, place_event, usable_events)
from unspin.dates.expressions import DateMention, in_dateline
from unspin.dates.timeline import EventMention, Timeline, find_event_mentions, same_place_moments


#: Verbs of a relative clause that date an event ("Debaltseve, which fell six years ago"),
#: and whether they count from the event's end. Verbs of new violence ("shelled", "hit")
#: are left out: "Bakhmut, which was shelled two days ago" is not about the battle.
_AGO_VERBS_FROM_END = ("fell", "captured", "taken", "took", "liberated", "seized", "retook", "recaptured",
                       "ended", "lifted", "surrendered", "withdrew", "left", "abandoned", "lost", "freed",
                       "retaken",
                       # "Bakhmut, which Prigozhin claimed two years ago": a place claimed is taken
                       "claimed")
# verbs whose object names the event's place ("liberated Ugledar", "left Donetsk airport")
_AGO_OBJECT_VERBS = ("captured", "took", "liberated", "seized", "retook", "recaptured", "abandoned",
                     "stormed", "occupied", "withdrew from", "retreated from", "pulled out of",
                     "went into", "crossed into", "pushed into", "broke into", "raided",
                     # "Russia claimed control of the city three weeks ago" (Bakhmut, named before)
                     "claimed control of", "took control of", "seized control of", "gained control of")
_AGO_VERBS_FROM_START = ("began", "started", "launched", "broke out", "declared", "proclaimed", "annexed",
                         "returned home", "returned to Russia", "reunified", "reunited", "rejoined",
                         "signed", "blown up", "destroyed", "shot down", "downed", "exploded", "took place",
                         "happened", "occurred", "invaded", "occupied", "opened", "damaged", "attacked",
                         "hit", "struck", "bombed", "announced", "inaugurated", "sworn in", "expired", "elected",
                         # "Kharkiv, which Russian troops failed to take three years ago": the battle for it
                         "failed to take", "failed to capture", "tried to take", "tried to capture")
_AGO_CLAUSE = re.compile(
    # "Vuhledar, the hilltop town to the south that Ukraine lost ...": an appositive noun first
    r"(?i)^\s*(?:(?:an?|the)\s+(?:[\w'-]+\s+){0,6}?(?:that|which)\s+|(?:which|that|when)\s+)?"
    r"(?:(?:[\w'-]+\s+){0,3}?)(?:(?:was|were|had\s+been|has\s+been)\s+)?"
    r"(?P<verb>" + "|".join(v.replace(" ", r"\s+") for v in _AGO_VERBS_FROM_END + _AGO_VERBS_FROM_START)
    + r")\b[^,;:]{0,70}$")


#: "Klishchiivka near Bakhmut, retaken ...": the head is the place before "near", not the landmark
_NEAR_PLACE = re.compile(rf"\b(?P<place>[A-Z][\w\u2019'-]+)\s+{LANDMARK_WORDS}\s+[A-Z][\w\u2019'-]+"
                         r"(?:\s+[A-Z][\w\u2019'-]+)?\s*$")


_TAKEN_BEFORE = re.compile(r"(?i)\b(?:captured|took|seized|liberated|retook|recaptured|claimed)\s+(?:the\s+)?$")


#: Nouns of an event that ends a battle: a claim about one counts from the battle's end.
_ENDING_NOUNS = ("fall", "capture", "liberation")


#: A verb that ends the event named right after it: "since Russia left the grain deal 18 months
#: ago" counts from the deal's end, not from its signing.
_ENDED_BY = re.compile(r"(?i)\b(?:left|quit|exited|abandoned|withdrew\s+from|pulled\s+out\s+of|walked\s+(?:away\s+from|"
                       r"out\s+of)|ended|scrapped|terminated|lifted)\s+(?:the\s+|its\s+|their\s+)?$")


_THAT_IS = re.compile(r"(?i),?\s*(?:that['\u2019]?s|that\s+is|that\s+was|which\s+is|which\s+was)\s+(?:like\s+|about\s+|already\s+)?")


_AFTERTHOUGHT_END = re.compile(r"(?i)\s*(?:now|already|today)?\s*(?:[.!?;]|$)")


def _afterthought_date(claim: DurationClaim, text: str, mentions: list[DateMention]) -> DateMention | None:
    """"She was at work on 29 March 2022 when a missile tore through the building, more than
    three years ago now": an "ago" added after a comma at the end of a sentence that gives one
    date (a day or a month of a year) dates that moment."""
    if not re.search(r",\s*$", text[max(0, claim.start - 3):claim.start]) or \
            not _AFTERTHOUGHT_END.match(text, claim.end):
        return None
    head = max(text.rfind(mark, 0, claim.start) for mark in (".", "!", "?", "\n")) + 1
    dated = [m for m in mentions if head <= m.start and m.end <= claim.start]
    if len(dated) != 1 or dated[0].is_relative or dated[0].start_date is None or \
            dated[0].granularity not in ("day", "month"):
        return None
    return dated[0]


#: A date naming the event in the noun phrase before the claim: "The July 2023 strike, more
#: than two years ago" (the date after "the", at most three words to the comma).
_DATED_NOUN = re.compile(r"\s+(?:[\w'-]+\s+){0,2}[\w'-]+\s*,\s*")
#: a month or a day told without its year ("lost in late October, almost half a year ago")
_YEARLESS = ("month", "day-month", "month-day")


def _yearless_link(m: DateMention) -> Link:
    """``date_link`` for a month or day the text gives without its year: read as the last
    one before publication, or the one a year earlier (the claim is wrong only if wrong for both)."""
    link = date_link(m)
    earlier = tuple(replace(e, start=e.start.replace(year=e.start.year - 1)) for e in link.events
                    if not (e.start.month == 2 and e.start.day == 29))
    events = link.events + earlier
    return Link(replace(link.mention, events=events), events, link.how)


#: a line headed by its date: "MARCH 2023 - The ICC issues an arrest warrant ...", "2014: ..."
HEADING_MIN_AGE_DAYS = 14
_HEADING_MONTH = re.compile(r"(?i)\s*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?")
#: (not a full stop: "24 February 2023. A year ago, before dawn, the missiles hit" is a dateline)
_HEADING_DATE_END = re.compile(r"\s*[-\u2013\u2014:|]\s*")


def heading_date_link(claim: DurationClaim, text: str, mentions: list[DateMention],
                      published: date | None = None) -> Link | None:
    """"MARCH 2023 - The ICC issues an arrest warrant for Vladimir Putin, almost five years ago":
    in a timeline's entry, an "ago" no event could take counts from the date heading the line
    (when the line gives no other date before the claim)."""
    if claim.kind != "since" or claim.preposition != "ago":
        return None
    line_start = text.rfind("\n", 0, claim.start) + 1
    dated = [m for m in mentions if line_start <= m.start < claim.start]
    if len(dated) != 1 or dated[0].start_date is None or dated[0].is_relative:
        return None
    heading = dated[0]
    if published is not None and heading.start_date > published - timedelta(days=HEADING_MIN_AGE_DAYS):
        return None  # the day's own dateline ("24 February 2023 - A year ago, ..."), not an entry
    # ("MAR 2023": an abbreviated month in capitals is not read as a date, its year is)
    if not _HEADING_MONTH.fullmatch(text, line_start, heading.start) or not _HEADING_DATE_END.match(text, heading.end):
        return None
    return date_link(heading)


#: between a date and an "ago" set off after it: "on 24 January, just two months ago"
_APPOSED_AGO = re.compile(r"(?i),\s*(?:(?:just|only|barely|exactly|some)\s+)?")


def ago_date_link(claim: DurationClaim, text: str, mentions: list[DateMention]) -> Link | None:
    """"ten years ago, in 2015", "four years ago, on 24 February 2022", "in February 2022,
    more than three years ago", "The July 2023 strike, more than two years ago": the text
    dates the moment itself."""
    if claim.kind != "since" or claim.preposition != "ago":
        return None
    afterthought = _afterthought_date(claim, text, mentions)
    if afterthought is not None:
        return date_link(afterthought)
    for m in mentions:
        if m.start_date is not None and m.kind in _YEARLESS and not m.explicit_year and \
                m.end <= claim.start <= m.end + 12 and _APPOSED_AGO.fullmatch(text, m.end, claim.start) and \
                re.search(r"(?i)\b(?:in|on)\s+(?:(?:early|late|mid-?)\s*)?$", text[max(0, m.start - 12):m.start]):
            return _yearless_link(m)  # "lost in late October, almost half a year ago", "on 24 January, just two months ago"
        if m.start_date is not None and m.is_relative and m.granularity in ("month", "day") and \
                re.match(r"(?i)last\s", m.text) and m.end <= claim.start <= m.end + 12 and \
                _APPOSED_AGO.fullmatch(text, m.end, claim.start):
            return date_link(m)  # "recaptured by Ukraine last October, 18 months ago"
        if m.start_date is not None and m.kind in _YEARLESS and not m.explicit_year and \
                claim.unit in ("month", "week", "day") and claim.end <= m.start <= claim.end + 16 and \
                re.fullmatch(r"(?i),?\s*(?:in|on)\s+(?:(?:early|late|mid-?)\s*)?", text[claim.end:m.start]):
            # "a counteroffensive launched nearly six months ago in early June" (not "two years ago in
            # July": that July is of the year the claim counts back to)
            return _yearless_link(m)
        if m.start_date is None or m.is_relative:
            continue
        if m.end <= claim.start <= m.end + 40 and _DATED_NOUN.fullmatch(text, m.end, claim.start) and \
                re.search(r"(?i)\bthe\s+$", text[max(0, m.start - 5):m.start]):
            return date_link(m)
        if claim.end <= m.start <= claim.end + 12 and \
                re.fullmatch(r"(?i),?\s*(?:back\s+)?(?:in|on)\s+", text[claim.end:m.start]):
            return date_link(m)
        # "began six years ago, when Russian forces captured the city on 2 March 2022"
        if claim.end <= m.start <= claim.end + 90 and \
                re.fullmatch(r"(?i),?\s*when\s+[^,;.:!?]{3,80}?\s(?:in|on)\s+", text[claim.end:m.start]):
            return date_link(m)
        # ("the shelling of January 2015, just six months ago": an apposed "ago" after a full date;
        # not the date of a dateline, "KRAMATORSK, 24 February 2023 — A year ago today", which is now)
        if m.end <= claim.start <= m.end + 12 and not in_dateline(text, m) and (re.fullmatch(r",\s*|\s*[\u2013\u2014-]\s*", text[m.end:claim.start])
                                                   or _APPOSED_AGO.fullmatch(text, m.end, claim.start)):
            return date_link(m)
        # "hit the first time in Oct 2022, that's five years ago already"
        if m.end <= claim.start <= m.end + 24 and _THAT_IS.fullmatch(text, m.end, claim.start):
            return date_link(m)
    return None


def ago_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
             mentions: list[EventMention], timeline: Timeline | None = None) -> Link | None:
    """"The Kursk incursion, launched almost three years ago": the event a comma-clause
    before an "N years ago" claim dates. Sets ``claim.from_end`` by its verb."""
    if claim.kind != "since" or claim.preposition != "ago":
        return None
    left = text[sentence[0]:claim.start]
    comma = left.rfind(",")
    clause = _AGO_CLAUSE.match(left[comma + 1:]) if comma >= 0 else None
    if clause is not None:
        head_end = sentence[0] + comma
        before = left.rfind(",", 0, comma)
        appositive = left[before + 1:comma].strip() if before >= 0 else ""
        if _APPOSITIVE.match(appositive) and len(appositive.split()) <= 6 and \
                _HEAD_PLACE.search(text, sentence[0], head_end) is None:
            head_end = sentence[0] + before  # "Avdiivka, a few kilometres north, which fell"
        near = _NEAR_PLACE.search(text, sentence[0], head_end)
        if near is not None:
            head_end = near.end("place")  # "Klishchiivka near Bakhmut, retaken ...": Klishchiivka was
        # "Crimea, annexed by Russia fifteen years ago": a place, and a verb that names its event
        # (first: "the Crimean Bridge, opened four years ago" is its opening, not an attack on it)
        place = _HEAD_PLACE.search(text, sentence[0], head_end)
        noun = _CLAUSE_VERB_NOUNS.get(_verb_key(clause.group("verb")).split()[0])
        if timeline is not None and place is not None and noun is not None:
            # "Nova Kakhovka, ..." is one name; "In Kherson, liberated a year ago" the last word
            for name_start in name_starts(place):
                found = place_event(claim, timeline, noun, text[name_start:place.end()])
                if found is not None:
                    claim.from_end = noun in _ENDING_NOUNS
                    return Link(EventMention(name_start, place.end(), found.keyword, found.events),
                                found.events, "claim phrase")
        for m in sorted(mentions, key=lambda m: -m.end):
            if sentence[0] <= m.start and (head_end - 3 <= m.end <= head_end or m.end < head_end and _SITE_NOUN.fullmatch(
                    text[m.end:head_end])) and not is_generic(m):
                if noun in _HOLDING_NOUNS and BARE_NAME.fullmatch(text[m.start:m.end]) and all(
                        _STRIKE_LABEL.search(e.label) for e in m.events):
                    continue  # "Hroza, liberated ... two years ago" is not the strike on Hroza
                verb = _verb_key(clause.group("verb"))
                if timeline is not None and noun is not None:
                    # "the Crimean bridge, opened nearly six years ago": of the bridge's events, its opening
                    found = place_event(claim, timeline, noun, text[m.start:m.end])
                    if found is not None:
                        claim.from_end = noun in _ENDING_NOUNS
                        return Link(EventMention(m.start, m.end, found.keyword, found.events),
                                    found.events, "claim phrase")
                # "the capture of Bakhmut, which Prigozhin announced": announced at its end
                claim.from_end = verb in _AGO_VERBS_FROM_END or (verb == "announced"
                                                                 and bool(FROM_END.search(m.keyword)))
                return Link(m, m.events, "claim phrase")
        if timeline is not None:
            found = _anaphor_link(claim, text, sentence, head_end, clause.group("verb"), timeline, mentions)
            if found is not None:
                return found
    if timeline is not None:
        found = (_possessive_event_link(claim, text, sentence, timeline)
                 or _place_noun_link(claim, text, sentence, timeline)
                 or _occupiers_left_link(claim, text, sentence, timeline))
        if found is not None:
            return found
    # "The area was liberated two years ago during the Kharkiv counteroffensive": the event named
    # right after, as the claim's own frame
    for m in mentions:
        if m.start >= claim.end and not is_generic(m) and _DURING.fullmatch(text[claim.end:m.start]):
            claim.from_end = False
            return Link(m, m.events, "claim phrase")
    # "compared with the fall of Avdiivka more than three years ago": the event named right before
    # ("the Euromaidan coup fourteen years ago"; "since the invasion began some four years ago")
    for m in mentions:
        between = text[m.end:claim.start]
        if m.end > claim.start:
            continue
        started = bool(_STARTED.fullmatch(between))
        named = not is_generic(m) and (not between.strip() or _EVENT_TAIL.fullmatch(between) or started
                                       or _COMMA_ONLY.fullmatch(between) and _names_an_event(m, text))
        # this war named only generically, in an article about it: "at the start of the invasion
        # four years ago", "the war that began here two years ago"
        keyword = m.keyword.lower()
        generic = (keyword in ("war", "conflict") and (started or not between.strip() and _START_OF.search(
            text, max(sentence[0], m.start - 30), m.start)) or keyword == "invasion" and (
            started or not between.strip() or _COMMA_ONLY.fullmatch(between))) and about_this_war(text, mentions)
        if named or generic:
            # "who captured Soledar more than a year ago": a verb that ends the battle, right before it
            taken = _TAKEN_BEFORE.search(text, max(sentence[0], m.start - 30), m.start) is not None
            claim.from_end = (bool(FROM_END.search(m.keyword)) or taken or _ENDED_BY.search(text, sentence[0], m.start)
                              is not None) and not started
            events = m.events
            if keyword in ("war", "conflict") and timeline is not None:
                # "The war began ten months ago" (February 2015): the war in the Donbas (April
                # 2014) is as good a reading as the war since Crimea (February 2014)
                events = tuple(dict.fromkeys(events + donbas_war_events(timeline)))
            return Link(m, events, "claim phrase")
    # "which liberated Ugledar two years ago" (verb and object before the claim), "Eleven years
    # ago the cyborgs left the ruins of Donetsk airport" (after it): the object of an event verb
    clause_start = sentence[0] + comma + 1 if comma >= 0 else sentence[0]
    after = claim.end
    if _DATELINE_ONLY.fullmatch(text[sentence[0]:claim.start]) and text[claim.end:claim.end + 1] == ",":
        # "Two years ago, Ukrainian troops withdrew from Avdiivka": the clause after the comma
        # (after a dateline too: "KYIV — Ten years ago, the last defenders left ...")
        after += 1
    elif when := _WHEN_CLAUSE.match(text, claim.end):
        after = when.end()  # "seven years ago, when Crimea returned to Russia": the clause after "when"
    rest = re.search(r"[,;:]", text[after:sentence[1]])
    clause_end = after + rest.start() if rest else sentence[1]
    for verb in _AGO_VERB.finditer(text, clause_start, clause_end):
        if claim.start <= verb.start() < claim.end:
            continue
        for m in mentions:
            if m.start >= verb.end() and m.end <= clause_end and not is_generic(m) and \
                    _AGO_OBJECT.fullmatch(text[verb.end():m.start]):
                claim.from_end = _verb_key(verb.group("verb")).split()[0] in _AGO_VERBS_FROM_END
                events = m.events
                if timeline is not None and BARE_NAME.fullmatch(m.keyword):
                    # "Six weeks ago we took Sudzha" (a Russian channel): the incursion that took
                    # it or the recapture; the claim is wrong only if it fits neither
                    events = tuple(dict.fromkeys(events + same_place_moments(timeline, m.keyword)))
                return Link(m, events, "claim phrase")
        # "since Russia seized Crimea five years ago", "withdrew from the Kyiv region ten months ago":
        # the verb's noun and the place after it ("seizure of Crimea")
        place = _OBJECT_PLACE.match(text, verb.end())
        noun = _OBJECT_VERB_NOUNS.get(_verb_key(verb.group("verb")).split()[0])
        if timeline is not None and place is not None and noun is not None and place.end("place") <= clause_end:
            bare = re.sub(r"\s+(?:region|oblast)$", "", place.group("place"))
            for name in dict.fromkeys((place.group("place"), f"the {place.group('place')}", bare)):
                found = place_event(claim, timeline, noun, name)
                if found is not None:
                    claim.from_end = noun == "liberation"
                    return Link(EventMention(place.start("place"), place.end("place"), found.keyword, found.events),
                                found.events, "claim phrase")
        # "after Russian troops pulled out of the city four years ago": the last place named
        # before the sentence whose "<noun> of <place>" the timeline has
        kind = _OBJECT_KIND.match(text, verb.end())
        if timeline is not None and kind is not None and noun is not None and kind.end() <= clause_end:
            found = last_place_event(claim, text, sentence[0], kind.end("kind"), noun, timeline,
                                     start=kind.start("kind"))
            if found is not None:
                return found
    # "Sloviansk was freed from the militants twelve years ago", "Avdiivka fell almost two years
    # ago": the place as the subject of its verb before the claim, in the claim's own clause (tried
    # first: "With Ugledar taken three months ago and Selidovo taken ..." dates Ugledar)
    for name in reversed(list(CAPITALISED.finditer(text, clause_start, claim.start))):  # the nearest first
        told = _SUBJECT_VERB.match(text, name.end())
        if told is not None and told.end() <= claim.start and _SHORT_TAIL.fullmatch(text[told.end():claim.start]):
            found = _subject_link(claim, name, told, mentions, timeline, strikes=False)
            if found is not None:
                return found
    # "Exactly two years ago Vuhledar fell", "Four years ago Kherson was liberated": the
    # event's place as the subject of its verb
    for name in CAPITALISED.finditer(text, claim.end, clause_end):
        told = _SUBJECT_VERB.match(text, name.end())
        if told is not None and told.end() <= clause_end:
            found = _subject_link(claim, name, told, mentions, timeline, strikes=True)
            if found is not None:
                return found
    # "In Kursk, where Ukrainian troops crossed the border six months ago": the incursion into the
    # last place named before the claim
    if timeline is not None and _CROSSED_BEFORE.search(text, sentence[0], claim.start):
        found = last_place_event(claim, text, claim.start, claim.end, "incursion", timeline, start=claim.start)
        if found is not None:
            claim.from_end = False
            return found
    # "flooded when the dam broke three years ago", "since the plant was seized two years ago":
    # a definite object noun told by its verb right before the claim is the last event the text
    # named with that noun ("the Kakhovka dam", "the Zaporizhzhia nuclear plant")
    told = _DEFINITE_OBJECT.search(text, clause_start, claim.start)
    if told is not None:
        found = _last_event_called(claim, [m for m in mentions if _names_an_event(m, text)], sentence[0],
                                   told.group("noun").lower())
        if found is not None:
            claim.from_end = False
            return Link(EventMention(told.start("noun"), told.end("noun"), found.keyword, found.events),
                        found.events, "claim phrase")
    return None


#: the object nouns of the last shape above, and a verb told of them, right before the claim
_DEFINITE_OBJECT = re.compile(
    r"(?i)\bthe\s+(?P<noun>dam|plant|bridge|airport|theatre|theater|steelworks|refinery|cruiser|hospital)\s+"
    r"(?:(?:was|were|had\s+been)\s+)?(?:broke|burst|collapsed|blown\s+up|destroyed|breached|seized|captured|"
    r"occupied|hit|struck|attacked|bombed|sank|sunk|shelled)\s+(?:[\w'-]+\s+){0,3}?$")


def _subject_link(claim: DurationClaim, name: re.Match[str], told: re.Match[str], mentions: list[EventMention],
                  timeline: Timeline | None, *, strikes: bool) -> Link | None:
    """The event of a place told as the subject of its verb ("Vuhledar fell"): the place's own
    mention, else "<noun of the verb> of <place>" (counted from its end); ``strikes``: whether a
    mention whose events are all strikes may stand for it ("freed" dates no strike)."""
    claim.from_end = True
    starts = name_starts(name)  # ("With Ugledar taken three months ago")
    for m in mentions:
        if m.start in starts and m.end <= name.end() and not is_generic(m) and (
                strikes or not all(_STRIKE_LABEL.search(e.label) for e in m.events)):
            return Link(m, m.events, "claim phrase")
    if timeline is not None:
        verb = told.group("verb") or told.group("joined")
        for start in starts:
            found = place_event(claim, timeline, _CLAUSE_VERB_NOUNS[verb.lower()], name.string[start:name.end()])
            if found is not None:
                return Link(EventMention(start, name.end(), found.keyword, found.events),
                            found.events, "claim phrase")
    claim.from_end = False
    return None


# "the Ria Pizza restaurant, destroyed by a missile a year ago": the kind of site after its name
_SITE_NOUN = re.compile(r"(?i)\s+(?:restaurant|cafe|pizzeria|air\s*base|base|plant|station|building|bridge|dam|"
                        r"reservoir|theatre|theater|hospital|mall|shopping\s+cent(?:re|er)|airport|port|terminal|"
                        r"square|prison|barracks|refinery|depot)\s*")
# between a subject's verb and its "ago" claim: a few words, no clause break ("from the militants")
_SHORT_TAIL = re.compile(r"(?:\s+[\w\u2019'-]+){0,6}\s+")
# between an event's name and an "ago" claim: "the Euromaidan coup fourteen years ago",
# "the Moskva's sinking five years ago"
_EVENT_TAIL = re.compile(r"(?i)(?:['\u2019]s)?\s+(?:coup|revolution|protests?|uprising|events|tragedy|disaster|"
                         r"massacre|referendum|annexation|invasion|offensive|incursion|attack|strike|sinking|"
                         r"crash|explosion|downing|destruction|bombing)\s+")
# what a place's capture or liberation is not: a strike on it
_HOLDING_NOUNS = frozenset({"liberation", "capture", "fall", "seizure", "occupation", "annexation", "reunification"})
_STRIKE_LABEL = re.compile(r"(?i)\b(?:strike|attack|explosion|bombing|massacre|shelling|crash|downing|shootdown)\b")
# "The liberation of Kherson, four years ago, ...": a comma and nothing else
_COMMA_ONLY = re.compile(r",\s+(?:now\s+|already\s+)?")


def _names_an_event(mention: EventMention, text: str) -> bool:
    """A mention that reads as an event's name by itself ("the liberation of Kherson", "the Kerch
    Strait incident"), not a bare place ("In Bakhmut, two years ago, ..." dates the speaker's
    visit, not the battle)."""
    return not BARE_NAME.fullmatch(text[mention.start:mention.end]) or bool(
        _EVENT_OF.search(text, max(0, mention.start - 30), mention.start))


#: a bare place named as an event's: "the fall of Debaltseve, over a decade ago"
_EVENT_OF = re.compile(r"(?i)\b(?:(?:fall|capture|liberation|siege|battle|occupation|annexation|seizure|defen[cs]e|"
                       r"encirclement|surrender|storming)\s+(?:of|for)|"
                       # "the disaster at Ilovaisk, nearly three years ago now"
                       r"(?:disaster|tragedy|catastrophe|massacre|cauldron|encirclement|battle|defeat)\s+(?:at|in|near))"
                       r"\s+(?:the\s+)?$")


_WAR_WHERE = r"in\s+(?:the\s+)?(?:Ukraine|Donbas{1,2}|east|eastern\s+Ukraine)"
_STARTED = re.compile(rf"(?i)(?:\s+{_WAR_WHERE})?,?\s+(?:(?:that|which|since\s+it|when\s+it)\s+)?(?:(?:first\s+)?began|started|"
                      rf"broke\s+out|erupted|was\s+launched)(?:\s+(?:here|there|{_WAR_WHERE}))?\s+")
#: "since the first days of the war more than three years ago": the war's start, named by its first days
_START_OF = re.compile(r"(?i)\b(?:first\s+(?:days?|weeks?|months?|hours?)|start|beginning|outbreak|onset)\s+of\s+(?:the\s+)?$")
# the object of an "ago" clause's verb: "seized Crimea", "withdrew from the Kyiv region"
_OBJECT_PLACE = re.compile(r"\s+(?:the\s+)?(?P<place>[A-Z][\w\u2019'-]+(?:\s+(?:[A-Z][\w\u2019'-]+|region|oblast))?)")
_OBJECT_KIND = re.compile(rf"(?i)\s+the\s+(?P<kind>{KIND_OF_TOWN})\b")
_OBJECT_VERB_NOUNS = {"seized": "seizure", "captured": "capture", "took": "capture", "occupied": "occupation",
                      "claimed": "capture", "gained": "capture",
                      "annexed": "annexation", "liberated": "liberation", "retook": "liberation",
                      "recaptured": "liberation", "withdrew": "liberation", "retreated": "liberation",
                      "pulled": "liberation", "abandoned": "liberation", "stormed": "capture",
                      # "went into Belgorod region": a raid across the border ("Belgorod incursion")
                      "went": "incursion", "crossed": "incursion", "pushed": "incursion", "broke": "incursion",
                      "raided": "raid"}
# the place a comma-clause is about: the capitalised words just before the comma
_HEAD_PLACE = re.compile(r"\b[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?(?=\s*$)")
# verbs of an "ago" clause that name an event of its place by a noun of the timeline's keywords
_CLAUSE_VERB_NOUNS = {"annexed": "annexation", "returned": "reunification", "reunified": "reunification",
                      "rejoined": "reunification",
                      "reunited": "reunification", "lost": "fall", "opened": "opening",
                      "inaugurated": "inauguration", "sworn": "inauguration", "expired": "term expiry",
                      "elected": "election",
                      "fell": "fall", "captured": "capture", "taken": "capture", "took": "capture",
                      "seized": "capture", "liberated": "liberation", "retook": "liberation",
                      "recaptured": "liberation", "retaken": "liberation", "freed": "liberation",
                      "occupied": "occupation", "failed": "battle", "tried": "battle"}
# after a place: "Vuhledar fell", "Kherson was liberated"
_SUBJECT_VERB = re.compile(r"(?i)\s+(?:was\s+|were\s+|had\s+been\s+)?(?:(?P<verb>fell|captured|taken|seized|liberated|"
                           r"retaken|recaptured|freed|lost)\b|(?P<joined>returned|rejoined|reunited)(?=\s+(?:to\s+|with\s+)?Russia\b))")
_WHEN_CLAUSE = re.compile(r",\s+when\s+")
_CROSSED_BEFORE = re.compile(r"(?i)\bcrossed\s+(?:into\s+)?the\s+(?:state\s+)?border\s+$")
_DURING = re.compile(r"(?i)\s+(?:during|amid|in\s+the\s+course\s+of)\s+(?:the\s+|a\s+)?")


# "The deal, signed three years ago", "the peninsula, annexed twenty years ago", "The 19-km bridge,
# opened eight years ago": a definite noun standing for what an earlier sentence named
_ANAPHOR = re.compile(r"(?i)\bthe\b[^,.;:]{0,30}?\b(?P<noun>deal|agreement|accords?|treaty|bridge|peninsula|"
                      r"incursion|operation|airport|counter-?offensive|mutiny|rebellion)(?:\s+(?:to|across\s+to)\s+(?:the\s+)?Crimea)?\s*$")
_ANAPHOR_PLACES = {"peninsula": ("Crimea", re.compile(r"\bCrimea")),
                   "bridge": ("Crimean Bridge", re.compile(r"(?i)\b(?:Crimean|Kerch)(?:\s+Strait)?\s+bridge\b|"
                                                           r"\bbridge\s+(?:to|across\s+to)\s+(?:the\s+)?Crimea"))}
# "the incursion, launched two years ago": the last event before whose label holds the noun
# ("Ukrainian incursion into Kursk oblast", named earlier as "the Kursk region")
_ANAPHOR_EVENT_NOUNS = {"incursion": "incursion", "operation": "operation", "counteroffensive": "counteroffensive",
                        "counter-offensive": "counteroffensive", "mutiny": "rebellion", "rebellion": "rebellion"}
_NAMED_AGREEMENT = re.compile(r"\b(?P<name>[A-Z][\w-]+)\s+(?:peace\s+|ceasefire\s+|grain\s+)?"
                              r"(?:deal|agreements?|accords?|protocol|treaty)\b")


def _anaphor_link(claim: DurationClaim, text: str, sentence: tuple[int, int], head_end: int, verb: str,
                  timeline: Timeline, mentions: list[EventMention]) -> Link | None:
    """The event of the definite noun heading an "ago" comma clause, from what came before."""
    anaphor = _ANAPHOR.search(text, sentence[0], head_end)
    if anaphor is None:
        return None
    noun, before = anaphor.group("noun").lower(), text[:sentence[0]]
    found = None
    if noun == "airport":
        # "served in Hostomel during the fighting for the airport, which began ...": the airport
        # of the last place named before it whose airport the timeline has
        for name in reversed(list(CAPITALISED.finditer(text, max(0, sentence[0] - 400), anaphor.start("noun")))):
            found = place_event(claim, timeline, "airport", name.group(0))
            if found is not None:
                break
    elif noun in _ANAPHOR_PLACES:
        place, antecedent = _ANAPHOR_PLACES[noun]
        event_noun = _CLAUSE_VERB_NOUNS.get(_verb_key(verb).split()[0])
        # the antecedent before, or in the noun phrase itself ("the road bridge to Crimea")
        if event_noun is not None and antecedent.search(before + " " + text[anaphor.start():head_end]):
            found = place_event(claim, timeline, event_noun, place)
    elif noun in _ANAPHOR_EVENT_NOUNS:
        found = _last_event_called(claim, mentions, sentence[0], _ANAPHOR_EVENT_NOUNS[noun])
    else:
        found = _last_named_agreement(claim, before, timeline)
        # "The Black Sea Grain Initiative was extended ... The deal, first signed ...": the last
        # agreement the text named as an event, whatever it was called
        for called in ("initiative", "agreement", "deal", "accord", "treaty"):
            if found is not None:
                break
            found = _last_event_called(claim, mentions, sentence[0], called)
    if found is None:
        return None
    claim.from_end = False  # signed, opened, annexed: the event's start
    return Link(EventMention(anaphor.start("noun"), anaphor.end("noun"), found.keyword, found.events),
                found.events, "claim phrase")


# an indefinite description between a name and its clause ("a few kilometres to the north", "a town
# of 30,000"); a definite one ("the peninsula") is the clause's own head
_APPOSITIVE = re.compile(r"(?i)(?:an?|some|about|only|just|\d)\b")
# "The city's capture, ten months ago", "the town was freed from separatists ten years ago": the
# event of the last place named before, by the noun or verb
_PLACE_NOUN = re.compile(
    rf"(?i)\bthe\s+{KIND_OF_TOWN}(?:['\u2019]s\s+(?P<noun>capture|fall|liberation|"
    r"recapture|occupation|seizure)|\s+(?:was|were|had\s+been)\s+(?P<verb>freed|liberated|captured|taken|retaken|"
    r"recaptured|seized|occupied|lost)\b[^,.;:]{0,60}?|"
    # "The city, liberated almost a year and a half ago": the participle in apposition
    r"\s*,\s+(?P<participle>freed|liberated|captured|retaken|recaptured|seized|occupied)\b[^,.;:]{0,40}?)\s*,?\s*$")


#: "Avdiivka's fall, now more than two years in the past": a place's event named by its possessive
_POSSESSIVE_EVENT = re.compile(r"\b(?P<place>[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?)['\u2019]s\s+"
                               r"(?P<noun>fall|capture|liberation|occupation|annexation|seizure|encirclement)"
                               r"\s*,\s+(?:now\s+|already\s+)?$")


def _possessive_event_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                           timeline: Timeline) -> Link | None:
    said = _POSSESSIVE_EVENT.search(text, sentence[0], claim.start)
    if said is None:
        return None
    noun = said.group("noun")
    found = place_event(claim, timeline, noun, said.group("place"))
    if found is None:
        return None
    claim.from_end = noun in _ENDING_NOUNS
    return Link(EventMention(said.start("place"), said.end("noun"), found.keyword, found.events), found.events,
                "claim phrase")


def _place_noun_link(claim: DurationClaim, text: str, sentence: tuple[int, int], timeline: Timeline) -> Link | None:
    """The event "the city's capture" or "the town was freed" names, of the last place named before
    it whose event the timeline has."""
    said = _PLACE_NOUN.search(text, sentence[0], claim.start)
    if said is None:
        return None
    noun = said.group("noun") or _CLAUSE_VERB_NOUNS.get((said.group("verb") or said.group("participle")).lower())
    if noun is None:
        return None
    return last_place_event(claim, text, said.start(), said.end(), noun.lower(), timeline)


def since_place_noun_link(claim: DurationClaim, text: str, timeline: Timeline) -> Link | None:
    """"It has been thirty months since the city was freed": the event of the last place named
    before the claim, as for "ago" claims (``_place_noun_link``); "six years since Russian troops
    were driven from the outskirts of Kyiv": the liberation of the place named."""
    # ("a month after the town was liberated" is past narrative, measured to another date of the
    # sentence, where a battle's row may stand for the town's own day: left to the other links)
    if claim.kind != "since" or claim.preposition != "since" or claim.topic is None:
        return None
    driven = _DRIVEN_OUT_TOPIC.match(text, claim.topic[0], claim.topic[1])
    if driven is not None:
        place = driven.group("place")
        for name in (place, f"{place} region"):
            found = place_event(claim, timeline, "liberation", name)
            if found is not None:
                claim.from_end = True
                return Link(EventMention(driven.start("place"), driven.end("place"), found.keyword, found.events),
                            found.events, "claim phrase")
        return None
    said = _PLACE_NOUN_TOPIC.match(text, claim.topic[0], claim.topic[1])
    if said is None:
        return None
    return last_place_event(claim, text, claim.start, said.end(), _CLAUSE_VERB_NOUNS[said.group("verb").lower()],
                             timeline, said.start())


_DRIVEN_OUT_TOPIC = re.compile(
    r"(?i)\s*(?:the\s+)?(?:Russian\s+)?(?:troops|forces|occupiers|invaders|Russians|army|soldiers)\s+"
    r"(?:(?:were|was|had\s+been)\s+(?:driven|pushed|forced|kicked|thrown|chased)\s+(?:out\s+)?(?:of|from)|"
    r"(?:withdrew|retreated|fled|pulled\s+out)\s+(?:of|from))\s+"
    r"(?:the\s+)?(?:outskirts\s+of\s+|suburbs\s+of\s+|north\s+of\s+)?(?P<place>[A-Z][\w\u2019'-]+)")


_CROSSED_BORDER = re.compile(r"(?i)\s*(?:[\w'-]+\s+){0,3}?(?:crossed|entered|pushed\s+across|broke\s+through)\s+"
                             r"(?:the\s+|into\s+)?(?:state\s+)?border\b")
#: what a border crossing starts, in the labels of the timeline's events
_CROSSING_NOUNS = ("incursion", "offensive", "invasion", "operation")


def border_crossing_link(claim: DurationClaim, text: str, mentions: list[EventMention]) -> Link | None:
    """"more than a month since Ukrainian units crossed the border": the incursion or offensive
    the text named before the claim (the last event whose label or words hold one of
    ``_CROSSING_NOUNS``; "Two weeks into the Kursk operation ...")."""
    if claim.kind != "since" or claim.preposition not in ("since", "after") or claim.topic is None:
        return None
    if _CROSSED_BORDER.match(text, claim.topic[0], claim.topic[1]) is None:
        return None
    named = [m for m in mentions if _names_an_event(m, text)]  # not a bare place ("Pokrovsk direction")
    found = [m for m in (_last_event_called(claim, named, claim.start, noun) for noun in _CROSSING_NOUNS)
             if m is not None]
    if not found:
        return None
    last = max(found, key=lambda m: m.end)
    claim.from_end = False
    return Link(last, last.events, "claim phrase")


# ("Three years since our city fell" after "... took the last streets of Bakhmut": a possessive too)
_PLACE_NOUN_TOPIC = re.compile(
    rf"(?i)\s*(?:the|our|this|their|my|her|his)\s+(?:home\s+|native\s+)?{KIND_OF_TOWN}\s+"
    r"(?:(?:was|were|had\s+been)\s+)?"
    r"(?P<verb>freed|liberated|captured|taken|retaken|recaptured|seized|occupied|lost|fell)\b")


# "since the occupiers left more than two and a half years ago" in a sentence about Kherson
# (or "since Russian troops left the city of Kherson 19 months ago": the place is the object)
_OCCUPIERS_LEFT = re.compile(r"(?i)\b(?:the\s+)?(?:occupiers|invaders|Russians|"
                             r"Russian\s+(?:troops|forces|soldiers|army))\s+"
                             r"(?:left|withdrew|retreated|fled|were\s+driven\s+out|pulled\s+out)"
                             r"(?:\s+(?:of|from)?\s*(?:the\s+)?(?:(?:city|town|village|port)\s+of\s+)?"
                             r"(?-i:(?P<place>[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?)))?\s*$")


def _occupiers_left_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                         timeline: Timeline) -> Link | None:
    """The liberation of the place the sentence names, when "the occupiers left" N years ago."""
    said = _OCCUPIERS_LEFT.search(text, sentence[0], claim.start)
    if said is None:
        return None
    if said.group("place"):
        place = said.group("place")
        found = place_event(claim, timeline, "liberation", place)
        if found is None:
            return None  # the place they left has no liberation the timeline knows
        claim.from_end = True
        return Link(EventMention(said.start(), said.end(), found.keyword, found.events), found.events, "claim phrase")
    for name in CAPITALISED.finditer(text, sentence[0], sentence[1]):
        if said.start() <= name.start() < said.end():
            continue
        # "In Kherson" is read as one capitalised pair: its last word too
        for words in dict.fromkeys((name.group(0), name.group(0).split()[-1])):
            found = place_event(claim, timeline, "liberation", words)
            if found is not None:
                claim.from_end = True
                return Link(EventMention(said.start(), said.end(), found.keyword, found.events), found.events,
                            "claim phrase")
    if CAPITALISED.search(text, sentence[0] + 1, sentence[1]) is None:
        # "Shops reopened when the occupiers left a year ago" in a report on one town: the
        # liberation of the last place named before the sentence
        return last_place_event(claim, text, sentence[0], said.end(), "liberation", timeline, start=said.start())
    return None


def _last_event_called(claim: DurationClaim, mentions: list[EventMention], before: int,
                       noun: str) -> EventMention | None:
    """The last event mentioned before ``before`` whose label (or the words that named it: "the
    Kursk operation") holds ``noun``."""
    for m in sorted(mentions, key=lambda m: -m.end):
        if m.end > before or is_generic(m):
            continue
        events = tuple(e for e in usable_events(claim, m.events) if noun in e.label.lower()
                       or noun in m.keyword.lower())
        if events:
            return EventMention(m.start, m.end, m.keyword, events)
    return None


#: a bare definite event noun: "the incursion", "the disaster"
_EVENT_ANAPHOR = re.compile(r"(?i)\bthe\s+(?P<noun>incursion|counter-?offensive|mutiny|rebellion|disaster|catastrophe|"
                            r"tragedy|flood(?:ing)?|blast|explosion|breach|fire|crash|massacre|withdrawal|retreat)\b")
#: between such a noun and its "ago": "the incursion began two months ago"
_ANAPHOR_STARTED = re.compile(r"(?i),?\s+(?:(?:which|that)\s+)?(?:first\s+)?(?:began|started|was\s+launched|struck|"
                              r"happened|hit|took\s+place|unfolded)\s+")  # (", which happened five years ago")
#: nouns that name no kind of event, only that one happened: the last one-day event named before
_MISHAP_NOUNS = frozenset({"disaster", "catastrophe", "tragedy", "flood", "flooding", "blast", "explosion", "breach",
                           "fire", "crash", "massacre"})
#: "three years after the withdrawal": the end of the last battle or siege named before
_WITHDRAWAL_NOUNS = frozenset({"withdrawal", "retreat"})
#: how far back such a noun looks for its event
ANAPHOR_LOOKBACK_CHARS = 800


def event_anaphor_link(claim: DurationClaim, text: str, mentions: list[EventMention]) -> Link | None:
    """"gas has flowed since the incursion began two months ago", "in the 18 months since the
    disaster": a bare event noun is the last event named before it whose label holds the noun
    ("Ukrainian incursion into Kursk oblast"), or, for "the disaster", "the flood", the last
    one-day event named before it (the dam's destruction) when no other event came between."""
    if claim.kind != "since" or claim.preposition not in ("ago", "since", "after"):
        return None
    if claim.preposition == "ago":
        found = None
        for anaphor in _EVENT_ANAPHOR.finditer(text, max(0, claim.start - 50), claim.start):
            if _ANAPHOR_STARTED.fullmatch(text, anaphor.end(), claim.start):
                found = anaphor
    else:
        found = _EVENT_ANAPHOR.match(text, claim.topic[0]) if claim.topic else None
    if found is None:
        return None
    noun = found.group("noun").lower().replace("-", "")
    if noun in _WITHDRAWAL_NOUNS:
        last = _last_mention_before(mentions, found.start(), lambda m: any(
            _BATTLE_LABEL.search(e.label) for e in usable_events(claim, m.events)))
        if last is None:
            return None
        events = tuple(e for e in usable_events(claim, last.events) if _BATTLE_LABEL.search(e.label))
        claim.from_end = True
        return Link(EventMention(found.start("noun"), found.end("noun"), last.keyword, events), events, "claim phrase")
    if noun in _MISHAP_NOUNS:
        last = _last_mention_before(mentions, found.start(), lambda m: True)
        events = usable_events(claim, last.events) if last is not None else ()
        if len(events) != 1 or events[0].type not in ("day", "period") or events[0].is_open:
            return None
        antecedent = EventMention(last.start, last.end, last.keyword, events)
        # ("hundreds were killed at Ilovaisk ... the tragedy, which happened five years ago": a
        # battle that has ended is told as its end, the encirclement's last days)
        from_end = events[0].type == "period"
    else:
        antecedent = _last_event_called(claim, mentions, found.start(), _ANAPHOR_EVENT_NOUNS.get(noun, noun))
        from_end = False
    if antecedent is None:
        return None
    claim.from_end = from_end
    return Link(EventMention(found.start("noun"), found.end("noun"), antecedent.keyword, antecedent.events),
                antecedent.events, "claim phrase")


_BATTLE_LABEL = re.compile(r"(?i)\b(?:battle|siege|defen[cs]e)\b")


def _last_mention_before(mentions: list[EventMention], position: int, keep) -> EventMention | None:
    """The last non-generic event mention ending before ``position``, within ANAPHOR_LOOKBACK_CHARS,
    among those ``keep`` accepts."""
    before = [m for m in mentions if position - ANAPHOR_LOOKBACK_CHARS <= m.start and m.end <= position
              and not is_generic(m) and keep(m)]
    return max(before, key=lambda m: m.end) if before else None


#: "since the first shells fell on our district two years ago": the war's first day
_FIRST_SHELLS = re.compile(r"(?i)\bthe\s+first\s+(?:shells?|missiles?|bombs?|rockets?|air\s+raids?|explosions?)\s+"
                           r"(?:fell|hit|struck|landed|exploded|came)\b(?:\s+(?:here|there)|\s+(?:on|in|over)\s+[^,;.]{1,40}?)?"
                           r"\s+$")


def first_shells_link(claim: DurationClaim, text: str, mentions: list[EventMention],
                      timeline: Timeline) -> Link | None:
    """"Since the first shells fell on our district two years ago": in an article about this war,
    the day the war reached the place: the full-scale invasion or the war in the Donbas (the
    claim is wrong only if it fits neither)."""
    if claim.kind != "since" or claim.preposition != "ago":
        return None
    found = _FIRST_SHELLS.search(text, max(0, claim.start - 90), claim.start)
    if found is None or not about_this_war(text, mentions):
        return None
    events = tuple(e for e in timeline.events if e.id == "full-scale-invasion") + donbas_war_events(timeline)
    events = usable_events(claim, tuple(dict.fromkeys(events)))
    if not events:
        return None
    claim.from_end = False
    return Link(EventMention(found.start(), found.end(), "the first shells", events), events, "claim phrase")


def _last_named_agreement(claim: DurationClaim, before: str, timeline: Timeline) -> EventMention | None:
    """The timeline event of the last agreement named in ``before``: "the Minsk peace agreement"
    is the Minsk agreements."""
    for named in reversed(list(_NAMED_AGREEMENT.finditer(before))):
        name = named.group("name")
        for phrase in (f"{name} agreements", f"{name} accords", f"{name} agreement", f"{name} deal"):
            hits = find_event_mentions(phrase, timeline)
            if hits and hits[0].start == 0 and hits[0].end == len(phrase) and usable_events(claim, hits[0].events):
                return EventMention(0, len(phrase), hits[0].keyword, usable_events(claim, hits[0].events))
    return None


#: Nothing before a claim but a dateline ("Kyiv —", "KHARKIV, May 3 (Reuters) -", "Update:").
_DATELINE_ONLY = re.compile(r"\s*(?:[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2}"
                            r"(?:,\s+[\w\s.()]{1,30}?)?\s*[-\u2013\u2014:]+)?\s*")


def _verb_key(verb: str) -> str:
    return re.sub(r"\s+", " ", verb.lower())


_AGO_VERB = re.compile(r"(?i)\b(?P<verb>" + "|".join(v.replace(" ", r"\s+") for v in
                                                   ("left", *_AGO_OBJECT_VERBS)) + r")\b")
# between the verb and the event's name: "the", "the ruins of", "the town of"
_AGO_OBJECT = re.compile(r"(?i)\s+(?:the\s+)?(?:(?:ruins|remains|city|town|village|settlement|port)\s+of\s+"
                         r"(?:the\s+)?)?")
