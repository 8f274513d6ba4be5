"""Timeline events told in the writer's own words: a name from a keyword and a word of its action.

A keyword matches only as written: "the murder of Darya Dugina" is found, "the murder of
journalist Darya Dugina" and "Dugina, killed in a car bomb" are not; nor is "the strike on the
Engels airbase" for the keyword "strike on Engels", or "seized the Zaporizhzhia nuclear plant".
Writers retell an event with its names and a word for what happened, in any order. So each
keyword that joins a name ("Dugina", "Engels", "Zaporizhzhia") with an action noun ("murder",
"strike", "seizure"), and so does each event's label ("Russian seizure of the Zaporizhzhia
nuclear power plant"), gives an anchor: the name, and the family of words for that action
("murder": killed, assassination, car bomb...). An anchor mention is the name with a word of its
family at most ``WINDOW`` words away, in one sentence. A name that is a place alone ("Kherson",
"Bakhmut") is not enough: its keyword must carry an action too ("liberation of Kherson"), so
"residents of Kherson, who left a year ago" names no event.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unspin.dates.duration_claims import DurationClaim
from unspin.dates.event_links import Link, usable_events
from unspin.dates.timeline import Event, EventMention, Timeline

WINDOW = 8
# Action families: a keyword's action word -> every way a writer tells that action.
_FAMILIES: dict[str, str] = {
    "murder": r"murder\w*|kill(?:ed|ing)|assassinat\w+|car[\s-]bomb\w*|blown\s+up\s+in\s+(?:her|his)\s+car",
    "strike": r"strikes?|struck|hit|attack\w*|explosions?|blasts?|bomb\w*|raids?|shelled|drones?|missiles?",
    "crash": r"crash\w*|killed|shot\s+down|downed|downing|went\s+down",
    "capture": r"capture[ds]?|captur\w+|seiz\w+|seized|took|taken|fell|fall|occup\w+|overran|overrun",
    "liberation": r"liberat\w+|freed|retak\w+|retook|recaptur\w+|won\s+back|took\s+back|de-?occup\w+",
    "destruction": r"destr\w+|blown\s+up|blew\s+up|broke|breach\w*|collaps\w+|drain\w*|emptied|burst|flood\w*",
    "opening": r"open\w*|inaugurat\w+|launched|unveil\w*",
    "election": r"elect\w*|won\s+the\s+(?:presidency|election|run-?off|vote)|sworn\s+in|inaugurat\w+",
    "sinking": r"sink\w*|sank|sunk",
    "referendum": r"referend\w+|vote[ds]?|voting|ballot|plebiscite",
    "annexation": r"annex\w+|joined\s+Russia|reunif\w+|return\w*\s+(?:home|to\s+Russia)",
    "mutiny": r"mutin\w+|rebel\w*|march\w*\s+on\s+Moscow|uprising",
    "incursion": r"incursion|invaded|crossed\s+(?:the\s+border|into)|raid\w*|offensive|operation",
    "exchange": r"exchange[ds]?|swap\w*|released|freed|returned\s+home",
    "poisoning": r"poison\w*|Novichok",
    "death": r"death|died|dead|killed",
    "siege": r"siege|besieg\w+|encircl\w+|blockad\w+|cauldron",
    "mission": r"mission|visit\w*|inspectors?|arrived",
    "occupation": r"occup\w+|seiz\w+|seized|took|taken|captur\w+",
}
# a keyword's lowercase word -> its family ("killing of X" tells a murder)
_ACTION_WORDS: dict[str, str] = {
    "murder": "murder", "killing": "murder", "assassination": "murder",
    "strike": "strike", "strikes": "strike", "attack": "strike", "explosion": "strike", "explosions": "strike",
    "bombing": "strike", "blast": "strike", "blasts": "strike", "airstrike": "strike",
    "crash": "crash", "downing": "crash", "shootdown": "crash",
    "capture": "capture", "fall": "capture", "seizure": "capture", "takeover": "capture",
    "liberation": "liberation", "recapture": "liberation",
    "destruction": "destruction", "sabotage": "destruction",
    "opening": "opening", "election": "election", "inauguration": "election",
    "sinking": "sinking", "referendum": "referendum", "referendums": "referendum",
    "annexation": "annexation", "mutiny": "mutiny", "rebellion": "mutiny",
    "incursion": "incursion", "raid": "incursion", "exchange": "exchange", "swap": "exchange",
    "poisoning": "poisoning", "death": "death", "siege": "siege", "mission": "mission", "visit": "mission",
    "occupation": "occupation",
}
# names too common across events to tell one ("the Russian strike on Kyiv" is not one event)
_WEAK_NAMES = frozenset({
    "Russian", "Russia", "Russia's", "Ukrainian", "Ukraine", "Ukraine's", "Kremlin", "Moscow", "Kyiv", "Kiev",
    "Soviet", "Nazi", "Nazis", "NATO", "EU", "UN", "IAEA", "Crimea", "Crimean", "Donbas", "Donbass", "Black",
    "Sea", "Great", "Day", "Victory", "War", "Bridge", "Kerch", "Strait", "Oblast", "Region", "City", "Hall",
    "House", "Airlines", "Flight", "Trade", "Unions", "Union", "Palm", "Sunday", "Alexei", "Yevgeny", "Darya", "Maia",
    "School", "Krasny", "Krasnyi", "Velyka", "Velikaya", "Nova", "Novo", "Mala",
})
# label words that are not names ("Destruction of the Kakhovka dam", "July 2023")
_NOT_NAMES = frozenset({"first", "second", "missile", "separatist", "operation", "group", "fleet", "arctic",
                        "january", "february", "march", "april", "may", "june", "july", "august", "september",
                        "october", "november", "december"})
# places struck or raided again and again: "the strike on Dnipro a year ago" is not one event
_STRUCK_OFTEN = frozenset({"Kharkiv", "Kharkov", "Odesa", "Odessa", "Dnipro", "Zaporizhzhia", "Sumy", "Kherson",
                           "Mykolaiv", "Belgorod", "Donetsk", "Luhansk", "Sevastopol", "Lviv", "Poltava", "Kryvyi",
                           "Vinnytsia", "Uman", "Kramatorsk", "Chernihiv", "Kremenchuk", "Kursk", "Bryansk"})
_REPEATED = frozenset({"strike", "incursion"})
_NAME = re.compile(r"^[A-Z][\w\u2019'-]+$")


@lru_cache(maxsize=8)
def _anchors(timeline: Timeline) -> dict[str, list[tuple[Event, str]]]:
    """Name -> (event, action family) for every keyword joining a distinctive name and an action."""
    out: dict[str, list[tuple[Event, str]]] = {}
    for event in timeline.events:
        for keyword in (*event.keywords, event.label):
            words = re.findall(r"[\w\u2019'-]+", keyword)
            families = {_ACTION_WORDS[w.lower()] for w in words if w.lower() in _ACTION_WORDS}
            names = [w for w in words if _NAME.match(w) and w not in _WEAK_NAMES and len(w) > 3
                     and w.lower() not in _ACTION_WORDS and w.lower() not in _NOT_NAMES]
            if len(families) != 1 or not names:
                continue
            family = families.pop()
            if family in _REPEATED:
                names = [n for n in names if n not in _STRUCK_OFTEN]
            for name in names:
                pairs = out.setdefault(_stem(name), [])
                if (event, family) not in pairs:
                    pairs.append((event, family))
    return out


def _stem(name: str) -> str:
    """"Dugina's" and "Dugina" meet; so do "Engels" and "Engels'"."""
    return re.sub(r"(?:['\u2019]s?)$", "", name)


@lru_cache(maxsize=32)
def _family_pattern(family: str) -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?:{_FAMILIES[family]})\b")


_WORD = re.compile(r"[\w\u2019'-]+")
#: another name closed off before the anchor ("liberated Urozhaine, next to Staromaiorske"); a
#: first name before a surname ("the murder of Darya Dugina") is one name
_OTHER_NAME = re.compile(r"\b[A-Z][a-z\u2019'-]{2,}\s*(?:,|\band\b|\bnext\s+to\b|\bnear\b)")


def find_anchor_mentions(text: str, timeline: Timeline, start: int, end: int,
                         taken: list[EventMention] = ()) -> list[EventMention]:
    """Events told by a name and an action word near it in ``text[start:end]`` (one sentence),
    outside the spans of ``taken`` (the keyword mentions already found). A name whose action is
    told near it for several events names them all (the claim is checked against each)."""
    anchors = _anchors(timeline)
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, start, end)]
    found: list[EventMention] = []
    for i, (w_start, w_end, word) in enumerate(words):
        pairs = anchors.get(_stem(word)) if word[:1].isupper() else None
        if not pairs or any(m.start <= w_start < m.end for m in (*taken, *found[-1:])):
            continue
        lo = words[max(0, i - WINDOW)][0]
        hi = words[min(len(words) - 1, i + WINDOW)][1]
        events: list[Event] = []
        span = [w_start, w_end]
        for event, family in pairs:
            for action in _family_pattern(family).finditer(text, lo, hi):
                between = text[min(action.end(), w_end):max(action.start(), w_start)]
                if _OTHER_NAME.search(between):
                    continue  # "liberated Urozhaine, next to Staromaiorske": the action is Urozhaine's
                if action.start() < w_start or action.end() > w_end:
                    events.append(event)
                    span = [min(span[0], action.start()), max(span[1], action.end())]
                    break
        if events:
            found.append(EventMention(span[0], span[1], text[span[0]:span[1]], tuple(dict.fromkeys(events))))
    return found


TOLD = "event told in the sentence"


def told_event_link(claim: DurationClaim, text: str, sentence: tuple[int, int], timeline: Timeline,
                    mentions: list[EventMention]) -> Link | None:
    """The last resort of a time-since or anniversary claim no keyword pattern tied to an event:
    the one event its sentence tells by a name and an action ("the plane crash that killed
    Prigozhin, 13 months ago"), outside the keyword ``mentions``. Two events told, or none, and
    the claim stays unlinked; a claimed amount far from the event's distance is left unchecked
    (``durations.check_claim``). Looked for only here, for the few claims nothing else tied."""
    if claim.kind not in ("since", "anniversary"):
        return None
    found = [m for m in find_anchor_mentions(text, timeline, sentence[0], sentence[1], mentions)
             if m.end <= claim.start or m.start >= claim.end]
    groups = {tuple(e.id for e in usable_events(claim, m.events)) for m in found} - {()}
    if len(groups) != 1:
        return None
    mention = found[0]
    return Link(mention, usable_events(claim, mention.events), TOLD)
