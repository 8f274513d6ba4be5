"""Duration and anniversary claims found in English text (what ``unspin.dates.durations`` checks).

Four shapes of claim are recognised:

* ``span``: how long something went on: "2.5 years of brutal combat",
  "an 18-month siege", "has fought for 18 months".
* ``since``: time elapsed since an event: "ten years since the annexation",
  "two years ago", "nine years have passed since ...".
* ``anniversary``: "the 3rd anniversary of the invasion".
* ``ordinal``: which year (month...) something is in: "as the war enters its third year".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

DAYS_PER_YEAR = 365.2425
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": DAYS_PER_MONTH, "year": DAYS_PER_YEAR, "decade": 10 * DAYS_PER_YEAR,
             "century": 100 * DAYS_PER_YEAR,
             # "the fourth winter of the war": a season comes once a year (counted by ``seasons``)
             "winter": DAYS_PER_YEAR, "summer": DAYS_PER_YEAR}

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                 "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
                 "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100}
_ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                  "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                  "eighteenth", "nineteenth", "twentieth"]

_TENS = ("twenty", "thirty", "forty", "fifty", "sixty")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# "half a decade", "half a year": the "a" alone would read as one whole unit; "twenty-seven
# months" is one number (read as "seven months" it would hide a wrong claim)
_WORD_NUMBER = (r"(?:(?:" + "|".join(_TENS) + r")[\s-](?:" + "|".join(_UNITS) + r")\b|"
                + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")")
# "two hundred days", "a hundred and twenty days", "1,000 days"
_HUNDREDS = (r"(?:a|one|two|three|four|five|six|seven|eight|nine)\s+hundred(?:\s+and\s+" + _WORD_NUMBER + r")?")
_NUM = (r"(?P<num>\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|half\s+an?|a\s+quarter\s+of\s+an?|a\s+couple\s+of|"
        + _HUNDREDS + "|" + _WORD_NUMBER + r"(?:\s+and\s+a\s+half)?)")
_ORD = r"(?P<ord>\d+(?:st|nd|rd|th)|" + "|".join(_ORDINAL_WORDS) + ")"
_QUAL = (r"(?:(?P<qual>a little (?:over|more than)|little more than|more than|well over|just over|over|at least|nearly|almost|close to|just under|a full|a good|barely|only|merely|"
         r"about|around|roughly|approximately|some|less than|under)\s+)?")
# "twelve whole years", "a year and a half" (the half after the unit, as often as before it)
_UNIT = (r"(?:(?:whole|full|long|straight)\s+)?(?P<unit>year|month|week|day|decade|century)s?"
         r"(?P<half>\s+and\s+a\s+half)?")
# "eleven winters ago", "retaken four summers ago": years counted by seasons (only in time-since
# claims: "a winter of shelling" is a few months, not a year)
_SEASONS = ("summer", "winter", "spring", "autumn")
_UNIT_OR_SEASON = _UNIT.replace("|century)", "|century|" + "|".join(_SEASONS) + ")")
# Nouns that make "N years of <noun>" a claim about fighting rather than, say, "20 years of experience".
ACTIVITY = (r"(?P<noun>combat|fighting|war|warfare|battles?|siege|occupation|conflict|invasion|hostilities|"
            r"shelling|bombardment|aggression|resistance|clashes|struggle|bloodshed|assaults?|offensive|"
            r"defen[cs]e|attacks|bombing|blockade|control|rule|administration|counter-?offensive|"
            r"(?:special\s+)?military\s+operation|holding)")
# Nouns that only fit an event whose label names them ("occupation" is not a battle).
LABEL_BOUND_NOUNS = {"occupation", "blockade"}
# Nouns of holding a place ("eighteen months of Ukrainian control"): linked only to an event
# named in the same sentence, never to a mention further away ("20 years of Putin's rule").
SENTENCE_BOUND_NOUNS = {"control", "rule", "administration", "holding"}
#: the war's conditions ("on the front line", "under constant fire", "missile and drone attacks"): not
#: fighting enough to let any "for N" through (``CONFLICT_CUES``: "Avdiivka was on the front line for
#: ten years" is no span of its battle), only a span of now with no event named (``war_conditions_link``)
WAR_CONDITIONS = (r"front[\s-]*lines?|under\s+(?:constant\s+|heavy\s+|daily\s+|enemy\s+)?fire|cross-border\s+fire|"
                  r"(?:missile|drone|rocket|air)\s*(?:and\s+(?:missile|drone|rocket)\s+)?(?:attacks|strikes|raids)")
CONFLICT_CUES = re.compile(r"(?i)\b(?:fight\w*|fought|war|battle\w*|siege|besieged|occupied|occupation|"
                            r"held out|defended|defending|lasted|raged|raging|shell\w*|combat|hostilities|"
                            r"(?:had\s+)?held\s+(?:positions|the\s+line)|"
                            r"encircled|encirclement|blockaded|(?:counter-?)?offensive|"
                            r"under\s+(?:Russian\s+|enemy\s+|Ukrainian\s+)?control|"
                            r"under\s+(?:Russian|enemy|Ukrainian)\s+(?:administration|rule|protection)|"
                            r"(?:has|have|had)\s+been\s+going\s+on)\b")

#: independence from something other than a state ("from Russian gas", "from imports"), right
#: after the word: no country's independence
NOT_STATE_INDEPENDENCE = (r"\s+from\s+(?!(?:the\s+)?(?:USSR|Soviet\s+Union|Soviets|Moscow|Russia\b|"
                          r"Russian\s+Empire|Kremlin))")

# prepositions read as another ("in the past" counts back from publication like "ago")
_PREPOSITIONS = {"in the past": "ago", "since then": "later", "old": "ago", "of": "since"}
_OLD_ADJECTIVES = (r"(?:russian|ukrainian|full-scale|brutal|bloody|devastating|illegal|ongoing|hybrid|frozen|armed|"
                   r"military|civil|grinding|forgotten|undeclared|deadly)")

# "the war enters its third year": the topic before the verb. The lazy topic makes the engine try
# every position of the text, so the pattern runs only where its tail ("its third year") occurs.
_TOPIC_THEN_ORDINAL = re.compile(rf"(?i)(?P<topic>[^.;!?,]{{0,60}}?)\b(?P<verb>enters?|entered|entering|is\s+in|"
                                 rf"was\s+in|now\s+in|into|marks?|marked|in)\s+(?:its|their)\s+{_ORD}\s+"
                                 rf"(?P<unit>year|month|week|day)\b")
_ORDINAL_TAIL = re.compile(rf"(?i)\b(?:its|their)\s+{_ORD}\s+(?:year|month|week|day)\b")

CLAIM_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("span", re.compile(rf"(?i)\b{_QUAL}{_NUM}(?:\s+|-){_UNIT}\s+of\s+(?P<topic>(?:[\w’'-]+\s+){{0,3}}?{ACTIVITY})\b")),
    ("span", re.compile(rf"(?i)\b{_QUAL}{_NUM}-(?P<unit>year|month|week|day)(?:-long)?\s+"
                        rf"(?P<topic>(?:[\w’'-]+\s+){{0,2}}?{ACTIVITY})\b")),
    # "The 18-month operation ended ...", "the eight-month incursion": an operation named by its
    # length (only in this form: "two years of operation" is often a plant's or an airport's)
    ("span", re.compile(rf"(?i)\b{_QUAL}{_NUM}-(?P<unit>year|month|week|day)(?:-long)?\s+"
                        rf"(?P<topic>(?:[\w’'-]+\s+){{0,1}}?(?P<noun>operation|incursion|campaign))\b")),
    # "the eight-year-old war", "the decade-old Russian occupation"; but "the 52-year-old joined
    # the occupation authorities" is a person: at most one adjective between age and noun
    ("span", re.compile(rf"(?i)\b{_QUAL}{_NUM}-(?P<unit>year|month|week|day)-old\s+"
                        rf"(?P<topic>(?:{_OLD_ADJECTIVES}\s+)?{ACTIVITY})\b")),
    ("since", re.compile(rf"(?i)\b{_QUAL}{_NUM}\s+{_UNIT_OR_SEASON}\s+(?:to\s+the\s+(?:day|week|month)\s+)?"
                         rf"(?P<prep>since|after|on from|into)\s+(?P<topic>[^.;!?]{{1,80}})")),
    # "abandoned in February 2015, some five years before the full-scale invasion": the time
    # between a date the sentence gives and the event after "before" (``before_link``)
    # ("defended Mariupol for 200 days before surrendering" is a span: not after "for")
    ("since", re.compile(rf"(?i)(?<!\bfor\s)\b{_QUAL}{_NUM}\s+{_UNIT}\s+(?P<prep>before)\s+(?P<topic>[^.;!?]{{1,80}})")),
    # "Nine years have passed since our comrades tried to break out at Ilovaisk"
    ("since", re.compile(rf"(?i)\b{_QUAL}{_NUM}\s+{_UNIT}\s+(?:have|has|had)\s+(?:passed|gone\s+by|elapsed)\s+"
                         rf"(?P<prep>since)\s+(?P<topic>[^.;!?]{{1,80}})")),
    # "... seized the plant in March 2022. Two years later, it is still occupied", "Ten years on,":
    # the event is the one the sentence before (or this one) names (``words_link``)
    ("since", re.compile(rf"(?i)\b{_QUAL}{_NUM}\s+{_UNIT}\s+(?P<prep>later\b|on(?=,))(?P<topic>)")),
    # "In the nine years since, no one has been convicted": a bare "since" ends its phrase and
    # counts, as "on" does, from the event the sentence before names
    ("since", re.compile(rf"(?i)\b{_QUAL}{_NUM}\s+{_UNIT}\s+(?P<prep>since)(?=\s*[,.;:])(?P<topic>)")),
    # "... left Bucha on 31 March 2022. Since then, four years have passed": the same as "later"
    ("since", re.compile(rf"(?i)\b(?P<prep>since then),?\s+{_QUAL}{_NUM}\s+{_UNIT}\s+(?:have|has)\s+"
                         rf"(?:passed|gone\s+by|elapsed)\b(?P<topic>)")),
    # "Debaltseve, which fell six years ago": linked by ``ago_link`` to the event the clause names
    ("since", re.compile(rf"(?i)\b{_QUAL}{_NUM}\s+{_UNIT_OR_SEASON}\s+(?P<prep>ago)\b(?P<topic>)")),
    # "Avdiivka's fall, now more than two years in the past": the same as "ago"
    ("since", re.compile(rf"(?i)\b{_QUAL}{_NUM}\s+{_UNIT}\s+(?P<prep>in\s+the\s+past)\b(?P<topic>)")),
    # "The Kursk incursion, eighteen months old now, ...", "the deal, now two years old": an age
    # said of now is a time since, read as "ago" (only with "now": "a man 40 years old" is no claim)
    ("since", re.compile(rf"(?i)(?<=\bnow\s){_QUAL}{_NUM}\s+{_UNIT}\s+(?P<prep>old)\b(?P<topic>)")),
    ("since", re.compile(rf"(?i)\b{_QUAL}{_NUM}\s+{_UNIT}\s+(?P<prep>old)(?=,?\s+now\b)(?P<topic>)")),
    # "Ukrainians celebrate 30 years of independence": the time since it (``independence_link``)
    # (not "one year of independence from Russian gas")
    ("since", re.compile(rf"(?i)\b{_QUAL}{_NUM}\s+{_UNIT}\s+(?P<prep>of)\s+(?P<topic>independence)\b"
                         rf"(?!{NOT_STATE_INDEPENDENCE})")),
    # "Ukraine celebrates its 30th Independence Day" (in figures only: "the third Independence Day"
    # is usually the third of the full-scale war)
    ("anniversary", re.compile(r"(?i)\b(?P<ord>\d+(?:st|nd|rd|th))\s+(?P<topic>independence)\s+day\b")),
    ("anniversary", re.compile(rf"(?i)\b{_ORD}\s+anniversary\s+of\s+(?P<topic>[^.;!?]{{1,80}})")),
    ("anniversary", re.compile(rf"(?i)\b{_NUM}-year\s+anniversary\s+of\s+(?P<topic>[^.;!?]{{1,80}})")),
    # "veterans of the Kursk operation on its second anniversary": the event named before it
    ("anniversary", re.compile(rf"(?i)\b(?:its|their)\s+{_ORD}\s+anniversary\b(?!\s+of\b)(?P<topic>)")),
    ("ordinal", _TOPIC_THEN_ORDINAL),
    # "now in the third year of the war" (a bare "in the first year of the war" is usually narrative)
    ("ordinal", re.compile(rf"(?i)\b(?P<verb>enters?|entered|entering|now\s+in|into|marks?|marked|is\s+in)\s+"
                           rf"the\s+{_ORD}\s+(?P<unit>year|month|week|day)\s+of\s+(?:the\s+)?"
                           rf"(?P<topic>[^.;!?,]{{1,60}})")),
    # "This is the fourth winter of the war in Donbas", "Ukraine braces for its third winter of war":
    # the winters (or summers) an event has lasted into, said of now
    ("ordinal", re.compile(rf"(?i)\b(?P<verb>this\s+is|enters?|entering|now\s+in|faces?|facing|braces?\s+for|"
                           rf"bracing\s+for)\s+(?:its|their|the|a)\s+{_ORD}\s+(?P<unit>winter|summer)\s+of\s+"
                           rf"(?:the\s+)?(?P<topic>[^.;!?,]{{1,60}})")),
    # "In the fifth year of the full-scale war, refugees ...": only where it opens a sentence
    ("ordinal", re.compile(rf"(?i)(?:^|(?<=[.!?]\s)|(?<=\n))(?P<verb>in)\s+the\s+{_ORD}\s+"
                           rf"(?P<unit>year|month|week|day)\s+of\s+(?:the\s+)?(?P<topic>[^.;!?,]{{1,60}})")),
    # "for the past two years", "occupied for what is now three years"
    ("span", re.compile(rf"(?i)\bfor\s+(?:the\s+(?:past|last)\s+|what\s+(?:is|has\s+(?:now\s+)?been)\s+(?:now\s+)?|all\s+)?"
                        rf"{_QUAL}{_NUM}\s+{_UNIT}\b(?P<topic>)")),
    # "after 14 months in Russian hands", "eight months under Russian control": a span of holding
    ("span", re.compile(rf"(?i)\b{_QUAL}{_NUM}\s+{_UNIT}\s+(?P<topic>(?P<noun>in\s+Russian\s+hands|under\s+"
                        rf"(?:Russian\s+|enemy\s+)?(?:control|occupation)))")),
    # "a battle of more than two years", "a siege lasting five months"
    ("span", re.compile(rf"(?i)\b(?P<topic>(?P<noun>battle|siege|war|occupation|blockade|offensive))\s+"
                        rf"(?:of|lasting)\s+{_QUAL}{_NUM}\s+{_UNIT}\b")),
    # "the battle for Dzerzhinsk, which lasted nearly a year and a half": a battle named by its
    # place, then its length
    ("span", re.compile(rf"(?i)\b(?P<topic>(?P<noun>battle|siege|defen[cs]e)\s+(?:for|of)\s+(?:the\s+)?"
                        rf"[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+)?),?\s+(?:which|that)\s+(?:had\s+|has\s+)?"
                        rf"(?:lasted|raged|went\s+on)\s+(?:for\s+)?{_QUAL}{_NUM}\s+{_UNIT}\b")),
    # "after an occupation that had lasted five months" (the occupation of the place the sentence
    # names; "a battle that lasted ten months" may be any battle of the article, so not those)
    ("span", re.compile(rf"(?i)\b(?P<topic>(?P<noun>siege|occupation|blockade))\s+(?:that|which)\s+"
                        rf"(?:had\s+|has\s+)?lasted\s+{_QUAL}{_NUM}\s+{_UNIT}\b")),
    ("span", re.compile(rf"(?i)\b(?:lasted|lasting|lasts|raged|went\s+on|continued|dragged\s+on)\s+(?:for\s+)?"
                        rf"{_QUAL}{_NUM}\s+{_UNIT}\b(?P<topic>)")),
    # "since May 2014 - more than 14 years -", "in captivity since the battle for Mariupol in 2022,
    # nearly four years.": a count set off after the since-phrase that starts it (the claim is the
    # count; ``starting_date_link`` or ``since_event_link`` finds its start)
    # ("since late February, nine months in all", "since July 2022 - that's five years of this")
    ("span", re.compile(rf"(?i)\bsince\s+[^.;!?,\u2013\u2014]{{1,60}}?(?:,|\s[\u2013\u2014-])\s*(?:that['\u2019]s\s+|that\s+is\s+)?"
                        rf"(?P<apposed>){_QUAL}{_NUM}\s+{_UNIT}\b(?:\s+in\s+all|\s+of\s+(?:this|it|that))?"
                        rf"(?=\s*(?:[.,;)\u2013\u2014\n]|-\s|$))(?P<topic>)")),
    # "they spent 30 months in Poland": a person's stay, checked only against a departure the
    # text dates (``stay_links``)
    ("stay", re.compile(rf"(?i)(?<=\bspent\s){_QUAL}{_NUM}\s+{_UNIT}\b(?P<topic>)")),
]


# the years before a count of months: "two years and four months", "a year, and three months"
_YEARS_AND = re.compile(rf"(?i)\b{_QUAL}{_NUM}\s+years?,?\s+and\s+$")


def parse_number(text: str) -> float:
    text = text.lower().strip()
    if re.fullmatch(r"half\s+an?", text):
        return 0.5
    if re.fullmatch(r"a\s+quarter\s+of\s+an?", text):
        return 0.25  # "a quarter of a century"
    if re.fullmatch(r"a\s+couple\s+of", text):
        return 2.0  # "a couple of years": about two (read with "about", see below)
    hundreds = re.fullmatch(r"(\w+)\s+hundred(?:\s+and\s+(.+))?", text)
    if hundreds is not None:  # "two hundred", "a hundred and twenty"
        return 100.0 * _NUMBER_WORDS[hundreds.group(1)] + (parse_number(hundreds.group(2)) if hundreds.group(2) else 0.0)
    half = 0.5 if text.endswith("and a half") else 0.0
    head = re.sub(r"\s+and\s+a\s+half$", "", text)
    if head[0].isdigit():
        return float(head.replace(",", "")) + half
    return float(sum(_NUMBER_WORDS[word] for word in re.split(r"[\s-]+", head))) + half


def parse_ordinal(text: str) -> int:
    text = text.lower()
    if text[0].isdigit():
        return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]
    return _ORDINAL_WORDS.index(text) + 1


def ordinal_word(n: int) -> str:
    if 1 <= n <= len(_ORDINAL_WORDS):
        return _ORDINAL_WORDS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass
class DurationClaim:
    start: int
    end: int
    text: str
    kind: str  # span | since | anniversary | ordinal
    value: float  # the number claimed (N for ordinals and anniversaries)
    unit: str  # year | month | week | day | decade
    qualifier: str | None = None
    noun: str | None = None
    preposition: str | None = None
    topic: tuple[int, int] | None = None  # where the claim names what it is about
    needs_conflict_cue: bool = False  # "for N months": only a claim about fighting if the sentence says so
    from_end: bool = False  # "two years after the fall of X": counted from the end of the battle
    verb: str | None = None  # of an ordinal: "enters", "is in", ...
    stay: bool = False  # "spent N in X": a person's stay, only checked from a dated departure

    @property
    def claimed_days(self) -> float:
        if self.kind == "ordinal":
            return (self.value - 1) * UNIT_DAYS[self.unit]  # the start of the Nth unit
        return self.value * UNIT_DAYS[self.unit]

    def describe(self) -> dict[str, Any]:
        info: dict[str, Any] = {"text": self.text, "kind": self.kind, "value": self.value, "unit": self.unit,
                                "qualifier": self.qualifier}
        if self.kind in ("ordinal", "anniversary"):
            info["ordinal"] = int(self.value)
        if self.kind != "ordinal":
            info["claimed_days"] = round(self.claimed_days, 1)
            info["claimed_months"] = round(self.claimed_days / DAYS_PER_MONTH, 2)
            info["claimed_years"] = round(self.claimed_days / DAYS_PER_YEAR, 2)
        return info


def find_duration_claims(text: str) -> list[DurationClaim]:
    found: list[DurationClaim] = []
    for kind, pattern in CLAIM_PATTERNS:
        if pattern is _TOPIC_THEN_ORDINAL and not _ORDINAL_TAIL.search(text):
            continue  # (the same claims, found faster)
        for match in pattern.finditer(text):
            groups = match.groupdict()
            start = match.start()
            end = match.end()
            topic = (match.start("topic"), match.end("topic")) if groups.get("topic") else None
            if kind == "ordinal":
                value, unit = float(parse_ordinal(groups["ord"])), groups["unit"].lower()
                start = match.start("verb")
                if match.start("topic") > match.start("verb"):  # "enters the third year of <topic>"
                    end = match.end("unit")
            elif kind == "anniversary":
                value = float(parse_ordinal(groups["ord"])) if groups.get("ord") else parse_number(groups["num"])
                unit = "year"
                said = match.group(0).lower().find("anniversary")
                end = match.start() + said + len("anniversary") if said >= 0 else match.end()  # ("30th independence day")
            else:
                value, unit = parse_number(groups["num"]), groups["unit"].lower()
                if unit in _SEASONS:
                    # a count of summers is a count of years, give or take the season: "about"
                    unit = "year"
                    groups = {**groups, "qual": groups.get("qual") or "about"}
                if groups.get("half"):
                    value += 0.5
                if groups["num"].lower().startswith("a couple"):
                    groups = {**groups, "qual": groups.get("qual") or "about"}
                if (groups.get("qual") or "").lower() in ("a full", "a good", "barely", "only", "merely"):
                    # "a full two years", "barely a year": the amount, said firmly
                    groups = {**groups, "qual": None}
                if kind == "since":
                    # ("Since then, four years have passed": the amount is the claim's too)
                    end = match.end() if (groups.get("prep") or "").lower() == "since then" else match.end("prep")
                years = _YEARS_AND.search(text, max(0, start - 60), start) if unit == "month" else None
                if years is not None:
                    # "two years and four months into the invasion": one claim of 28 months (read
                    # as "four months into" it would flag a right count as wrong)
                    value += 12 * parse_number(years.group("num"))
                    start = years.start()
                    groups = {**groups, "qual": years.group("qual") or groups.get("qual")}
            if groups.get("apposed") is not None:
                start = match.start("apposed")  # the count, not the since-phrase before it
            if value <= 0:
                continue
            noun = re.sub(r"\s+", " ", (groups.get("noun") or "").lower()) or None
            if noun and noun.startswith(("in ", "under ")):
                # "in Russian hands", "under occupation": a span of holding a place, tied only to
                # an occupation (never to the battle for the place the sentence names)
                noun = "occupation"
            stay = kind == "stay"
            kind = "span" if stay else kind
            claim = DurationClaim(start, end, text[start:end].strip(), kind, value, unit,
                                  (groups.get("qual") or "").lower() or None,
                                  noun,
                                  _PREPOSITIONS.get((groups.get("prep") or "").lower(),
                                                    (groups.get("prep") or "").lower() or None), topic,
                                  needs_conflict_cue=kind == "span" and not groups.get("noun"),
                                  verb=re.sub(r"\s+", " ", groups["verb"].lower()) if groups.get("verb") else None,
                                  stay=stay)
            if claim.preposition == "since" and topic is None:
                claim.preposition = "on"  # the bare "since" of "in the nine years since,"
            found.append(claim)
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    kept: list[DurationClaim] = []
    for claim in found:
        if all(claim.end <= k.start or claim.start >= k.end for k in kept):
            kept.append(claim)
    return sorted(kept, key=lambda c: c.start)



def years_later(day: date, years: int) -> date:
    """``day`` moved ``years`` years on (29 February becomes 1 March)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


#: Days tried between the ends of a date range (a date "in 2016" as a reference or as a start).
RANGE_SAMPLES = 12


def days_across(first: date, last: date, samples: int = RANGE_SAMPLES) -> list[date]:
    """``first``, ``last`` and about ``samples`` days evenly between them, in order: a claim
    about a date known only to its month or year fits if it fits at one of them."""
    step = max(1, (last - first).days // samples)
    return sorted({first, last, *(first + timedelta(days=n) for n in range(step, (last - first).days, step))})


#: "Iryna taught music in Mariupol for eighteen years", "he worked at Azovstal for eleven years":
#: a "for N" span whose verb is a person's everyday activity is about that, not the fighting
#: ("have lived under shelling for eight years" is about the fighting).
_EVERYDAY_VERB = re.compile(r"(?i)\b(?:worked|taught|lived(?!\s+(?:under|through|in\s+fear|with\s+(?:shelling|war)))|"
                            r"studied|ran|owned|farmed|fished|sold|played|sang|trained|coached|married|practi[sc]ed|"
                            r"volunteered|raised|managed|served\s+as)\b(?:\s+[\w'\u2019-]+){0,9}\s*$")
#: "... for eighteen years before the war": a span that ended before the war began.
_BEFORE_THE_WAR = re.compile(r"(?i)\s*(?:before|until|prior\s+to)\s+(?:the\s+)?"
                             r"(?:war|invasion|full-scale|occupation|siege)\b")


def personal_span(claim: DurationClaim, text: str, sentence: tuple[int, int]) -> bool:
    """A bare "for N" span about a person's own activity or over before the war."""
    if claim.kind != "span" or not claim.needs_conflict_cue:
        return False
    return bool(_EVERYDAY_VERB.search(text, sentence[0], claim.start) or _BEFORE_THE_WAR.match(text, claim.end))
