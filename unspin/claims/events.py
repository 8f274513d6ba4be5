"""What kind of event a claim is about: a small hand-written lexicon.

Each event type lists lemmas that signal it; ``word/NOUN`` or ``word/VERB``
restricts a lemma to one part of speech where the other reading is common
and off-topic ("the city's fall" is a capture, "snow began to fall" is not).
A sentence can match several types; the most specific one is its event
(``PRIORITY``: a capture reported in a statement is a capture claim, people
killed in shelling a casualties claim), and
"statement" and "report" only win when nothing else matched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EVENT_LEXICON: dict[str, tuple[str, ...]] = {
    "capture": ("capture", "recapture", "seize", "seizure", "occupy", "occupation", "liberate", "liberation",
                "storm", "storming", "overrun", "annex", "annexation", "encircle", "encirclement", "retake",
                "fall/NOUN", "withdraw", "withdrawal", "retreat", "advance/VERB", "control/NOUN"),
    "attack": ("attack", "strike", "airstrike", "shell", "shelling", "bomb", "bombing", "bombard",
               "bombardment", "missile", "drone", "assault", "offensive/NOUN", "raid", "invade", "invasion",
               "explosion", "blast", "shoot", "shooting", "ambush", "sabotage"),
    "casualties": ("kill", "die", "death", "dead", "wound", "injure", "injury", "casualty", "victim",
                   "massacre", "fatality", "toll", "loss/NOUN", "lose/VERB", "evacuate", "displace", "refugee"),
    "accusation": ("accuse", "accusation", "allege", "allegation", "blame", "condemn", "deny", "denial",
                   "dismiss", "propaganda", "lie", "fake", "smear", "provocation", "war crime"),
    "agreement": ("agree", "agreement", "sign", "deal", "treaty", "ceasefire", "truce", "accord/NOUN", "negotiate",
                  "negotiation", "talks", "summit", "peace", "memorandum"),
    "election": ("election", "elect", "vote", "voter", "ballot", "poll", "referendum", "campaign/NOUN",
                 "candidate", "turnout", "parliament"),
    "economic": ("economy", "economic", "price", "inflation", "tax", "budget", "unemployment", "job",
                 "gdp", "trade", "tariff", "export", "import", "sanction", "debt", "wage", "salary", "cost",
                 "spend", "spending", "billion", "million", "percent", "deficit", "growth", "recession",
                 "pension", "subsidy"),
    "report": ("report", "reveal", "publish", "document", "investigation", "investigate", "survey", "study",
               "data", "statistics", "figure/NOUN", "estimate", "record/NOUN", "footage", "confirm"),
    "statement": ("say", "state", "statement", "declare", "declaration", "announce", "announcement", "claim",
                  "tell", "assert", "insist", "stress", "add", "note", "speech", "interview", "remark",
                  "promise", "pledge", "warn", "argue", "describe"),
}

# Most specific first; "other" when nothing matched.
PRIORITY = ("capture", "casualties", "attack", "accusation", "agreement", "election", "economic", "report",
            "statement")
EVENT_TYPES = (*PRIORITY, "other")


def _index() -> tuple[dict[str, str], dict[tuple[str, str], str], dict[tuple[str, ...], str]]:
    any_pos: dict[str, str] = {}
    with_pos: dict[tuple[str, str], str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for event in reversed(PRIORITY):  # earlier (more specific) types overwrite later ones
        for entry in EVENT_LEXICON[event]:
            word, _, pos = entry.partition("/")
            if " " in word:
                phrases[tuple(word.split())] = event
            elif pos:
                with_pos[(word, pos)] = event
            else:
                any_pos[word] = event
    return any_pos, with_pos, phrases


_ANY_POS, _WITH_POS, _PHRASES = _index()


@dataclass(frozen=True)
class EventMatch:
    event: str
    word: str  # the trigger as written
    start: int  # character offsets of the trigger in the article
    end: int


def match_tokens(tokens: Iterable) -> list[EventMatch]:
    """Event triggers among spaCy tokens (anything with ``lemma_``, ``pos_``, ``text``, ``idx``)."""
    tokens = list(tokens)
    lemmas = [t.lemma_.lower() for t in tokens]
    matches: list[EventMatch] = []
    for i, token in enumerate(tokens):
        lemma, pos = lemmas[i], token.pos_
        if pos in ("PROPN", "PUNCT", "SPACE"):
            continue  # "Strike Group" in a name is not a strike
        for phrase, event in _PHRASES.items():
            if tuple(lemmas[i:i + len(phrase)]) == phrase:
                end_token = tokens[i + len(phrase) - 1]
                matches.append(EventMatch(event, " ".join(t.text for t in tokens[i:i + len(phrase)]),
                                          token.idx, end_token.idx + len(end_token.text)))
        event = _WITH_POS.get((lemma, pos)) or _ANY_POS.get(lemma) or _ANY_POS.get(token.text.lower())
        if event is not None:
            matches.append(EventMatch(event, token.text, token.idx, token.idx + len(token.text)))
    return matches


def primary_event(matches: list[EventMatch]) -> EventMatch | None:
    """The most specific match (earliest in the sentence among equals), or None."""
    if not matches:
        return None
    return min(matches, key=lambda m: (PRIORITY.index(m.event), m.start))
