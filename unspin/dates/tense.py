"""Which verb a date expression hangs on, and whether that verb speaks of the past.

Used twice: to pick the direction of a year-less date ("will meet on Monday"
looks forward, "met on Monday" back) and to decide whether a date after the
publication date is told as something that already happened. The parse of a
small model is noisy, so :func:`attachment` reports *how* the date hangs on
its verb and the caller only trusts the direct, unambiguous cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

FUTURE_AUX = {"will", "shall", "'ll", "wo", "ll"}
MODAL_AUX = {"would", "could", "might", "may", "should", "must", "can", "'d"}


@dataclass(frozen=True)
class Attachment:
    verb: Token | None
    preposition: str | None  # the preposition between date and verb ("on", "until"), if any
    direct: bool  # date -> [preposition ->] verb with no noun in between
    tense: str  # "past" | "perfect" | "present" | "future" | "modal" | "infinitive" | "unknown"


def date_root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def attachment(doc: Doc | None, start: int, end: int) -> Attachment:
    """How the date expression at ``[start, end)`` attaches to its governing verb."""
    if doc is None:
        return Attachment(None, None, False, "unknown")
    token = date_root(doc, start, end)
    if token is None:
        return Attachment(None, None, False, "unknown")
    head = token.head
    preposition: str | None = None
    if head.i != token.i and (head.dep_ == "prep" or head.pos_ == "ADP"):
        preposition = head.lower_
        head = head.head
    if head.pos_ in ("VERB", "AUX") and head.i != token.i:
        return Attachment(head, preposition, True, verb_tense(head))
    # The date modifies something else (a noun: "the elections on March 3"); the nearest
    # verb above it is reported, but not as a direct attachment.
    current = head
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX"):
            return Attachment(current, preposition, False, verb_tense(current))
        if current.head.i == current.i:
            break
        current = current.head
    return Attachment(None, preposition, False, "unknown")


def span_tense(doc: Doc | None, start: int, end: int) -> str:
    """Tense of the clause a phrase belongs to: its own verb if it has one, else the governing verb."""
    if doc is None:
        return "unknown"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and len(span) and span.root.pos_ in ("VERB", "AUX"):
        return verb_tense(span.root)
    return attachment(doc, start, end).tense


def verb_tense(verb: Token) -> str:
    """Coarse tense of a verb from its tag and auxiliaries (English, spaCy PTB tags)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_lower = {a.lower_ for a in auxes}
    if aux_lower & FUTURE_AUX:
        return "future"
    if aux_lower & MODAL_AUX:
        return "modal"
    # "is going to meet", "is to meet", "plans to meet": an infinitive looks ahead.
    if any(a.lower_ == "to" for a in auxes) or (verb.tag_ == "VB" and not auxes):
        return "infinitive"
    if verb.tag_ == "VBD":
        return "past"
    if any(a.tag_ == "VBD" for a in auxes):  # was/were/had/did + verb
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):  # has taken: completed by now
        return "perfect"
    if verb.tag_ in ("VBZ", "VBP", "VBG") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    return "unknown"


#: Verbs of telling: "X is still clearing mines, officials said on Thursday" dates the telling.
SPEECH_VERBS = frozenset({"say", "tell", "report", "announce", "write", "claim", "state", "add", "note", "confirm"})


def after_governor(doc: Doc, start: int, end: int) -> Token | None:
    """The verb an "N <unit> after X" phrase at ``[start, end)`` modifies: "are clearing" in
    "Eighteen months after the liberation of X, engineers are clearing mines" (not "was lifted"
    inside the phrase); for a reported clause, the verb of what was said."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    after = next((t for t in span if t.lower_ == "after"), None)
    if after is None:
        return None
    node = after.head.head if after.dep_ == "mark" and after.head.dep_ == "advcl" else after.head
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX"):
            break
        if node.head is node:
            return None
        node = node.head
    if node.pos_ not in ("VERB", "AUX"):
        return None
    if node.lemma_.lower() in SPEECH_VERBS:
        # "..., regional officials said": the tense of what was said
        reported = next((c for c in node.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
        return reported or node
    return node


def speech_heads(verb: Token) -> list[Token]:
    """The verb of telling a clause is reported by ("X is clearing mines, officials said")."""
    heads = [c for c in verb.children if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in SPEECH_VERBS]
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_VERBS:
        heads.append(verb.head)
    return heads
