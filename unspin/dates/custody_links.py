"""A person's time in custody, in office or on a list, counted from the arrest, capture,
appointment or listing the text dates: "Aseyev was detained in Donetsk in June 2017 ... He spent
nearly four years in separatist custody"; "arrested in Kyiv in May 2018 and had been held for
almost three years"; "she became commissioner in October 2021 and has held the post for three
years"; "In March 2022 she was taken prisoner ... and spent 11 months in captivity ... before
being freed in an exchange last June".

Prisoner and court stories tell such times after a dated start, as refugee stories tell a stay
after a dated departure (``unspin.dates.stay_links``, whose ``Stay`` and ``check_stay`` this
module shares): told in the present perfect the time runs until publication and must match it;
told in the past it may not exceed it; a release the sentence dates ends it.
"""

from __future__ import annotations

import re

from unspin.dates.duration_claims import DurationClaim
from unspin.dates.event_links import date_link, previous_sentence
from unspin.dates.expressions import DateMention
from unspin.dates.stay_links import HAD_SPENT, SPENT, START_GRANULARITIES, Stay, can_start

#: "has been held", "had been in custody", "was held at the prison", "has held the post": a
#: person's time in custody or in office, told as "for N"
_HELD_PERSON = re.compile(
    r"(?i)\b(?:(?P<perfect>(?:has|have)\s+(?:now\s+|already\s+)?been)|had\s+been|was|were)\s+"
    r"(?:held|detained|imprisoned|jailed|behind\s+bars|in\s+(?:[\w-]+\s+){0,2}?(?:custody|captivity|prison|jail|detention))"
    r"(?:\s+(?:at|in)\s+[^,;.()]{1,40}?)?\s+$"
    r"|\b(?P<perfect_post>(?:has|have)\s+(?:now\s+)?)held\s+(?:the|this|that|her|his|their)\s+(?:post|job|office|seat|role)\s+$")
#: the start of a custody, an office or a listing, with its date after it: "was detained in
#: Donetsk in June 2017", "became commissioner in October 2021", "was added to the EU list in
#: March 2022" (not "sentenced": a verdict comes after the arrest the time counts from)
_TAKEN = re.compile(r"(?i)\b(?:detained|arrested|captured|seized|abducted|kidnapped|surrendered|"
                    r"taken\s+(?:prisoner|captive|hostage|from)|took\s+(?:[\w-]+\s+){1,3}?from|"
                    r"became|appointed|elected|added\s+to|listed|put\s+on)\b")
#: a subject that carries the story on from the sentence before: "He", "The fighters"
_CARRIED_CUSTODY_SUBJECT = re.compile(r"(?i)^\s*(?:she|he|they|we|i|the\s+[a-z]+s)\b")
#: the person the claim is about, when named: "Whelan, who holds ..., has spent" (a name, not a
#: capitalised word before a lowercase one: "The journalist has been held")
_NAMED_SUBJECT = re.compile(r"^\s*(?:[A-Z][a-z\u2019'-]+\s+)?(?P<name>[A-Z][a-z\u2019'-]{2,})\b(?!\s+[a-z]+\s+(?:has|have|had|was|were)\b)")
#: sentence-opening words that are no one's name
_NOT_A_NAME = frozenset({"The", "This", "That", "These", "Those", "But", "And", "Yet", "Since", "After", "Before",
                         "When", "While", "For", "From", "With", "Many", "Most", "Some", "All", "Both", "Its",
                         "Their", "His", "Her", "Our", "Now", "Then", "Still", "Also", "Even", "Only", "One", "Two"})
#: sentences searched back for a named person's arrest
CUSTODY_LOOKBACK = 6


def custody_link(claim: DurationClaim, text: str, sentence: tuple[int, int],
                 mentions: list[DateMention]) -> Stay | None:
    """The dated arrest, capture or appointment a "spent N in custody" or "has been held for N"
    follows: in the claim's sentence, in the sentence before when the subject carries on ("He
    spent ..."), or in the last of the six before that names the claim's subject ("Whelan")."""
    if claim.kind != "span" or claim.unit not in ("year", "month", "week", "day"):
        return None
    head = text[sentence[0]:claim.start]
    # ("arrested on Jan. 17 as he returned from Germany, where he had spent five months": a stay
    # before the arrest)
    spent = SPENT.search(head) if not claim.text.lower().startswith("for ") and not HAD_SPENT.search(head) else None
    held = _HELD_PERSON.search(head) if claim.text.lower().startswith("for ") else None
    said = spent or held
    if said is None:
        return None
    perfect = bool(said.group("perfect")) or bool(held is not None and held.group("perfect_post"))
    start = _taken(text, (sentence[0], sentence[0] + said.start()), mentions)
    if start is None:
        before = previous_sentence(text, sentence)
        if before is not None and _CARRIED_CUSTODY_SUBJECT.match(head):
            start = _taken(text, before, mentions)
        elif before is not None and (named := _NAMED_SUBJECT.match(head)) is not None \
                and named.group("name") not in _NOT_A_NAME:
            for _ in range(CUSTODY_LOOKBACK):
                if before is None:
                    break
                if re.search(rf"\b{re.escape(named.group('name'))}\b", text[before[0]:before[1]]):
                    start = _taken(text, before, mentions)
                    if start is not None:
                        break
                before = previous_sentence(text, before)
    if start is None:
        return None
    end = _freed(text, claim, sentence, mentions)
    return Stay(date_link(start), perfect=perfect, end=end)


#: "... before being freed in an exchange last June", "until her release in May 2023"
_FREED_AFTER = re.compile(r"(?i)[^.;!?]{0,60}?\b(?:before\s+(?:being\s+)?(?:freed|released|exchanged|swapped)|"
                          r"until\s+(?:(?:her|his|their)\s+)?(?:release|exchange))\b")


def _freed(text: str, claim: DurationClaim, sentence: tuple[int, int], mentions: list[DateMention]) -> DateMention | None:
    """The date the sentence gives for the release that ends the custody, if any."""
    found = _FREED_AFTER.match(text, claim.end, sentence[1])
    if found is None:
        return None
    after = [m for m in mentions if found.end() <= m.start < min(sentence[1], found.end() + 50)
             and m.start_date is not None and m.granularity in START_GRANULARITIES]
    return after[0] if after else None


def _taken(text: str, within: tuple[int, int], mentions: list[DateMention]) -> DateMention | None:
    """The earliest start ``within`` dates: a date within 80 characters after an arrest, capture or
    appointment, one opening the clause before it ("In March 2022 she was taken prisoner"), or one
    before a when-clause that tells of it ("began in February 2015, when her son was captured")."""
    dated = []
    for verb in _TAKEN.finditer(text, *within):
        # (a date may run past a split the punctuation made: "on Dec. 28, 2018")
        after = [m for m in mentions if verb.end() <= m.start < min(within[1], verb.end() + 80) and can_start(m)]
        if after:
            dated.append(after[0])
    # "In March 2022 she was taken prisoner": a date opening the clause of the capture
    for verb in _TAKEN.finditer(text, *within):
        before = [m for m in mentions if within[0] <= m.start and m.end <= verb.start() and can_start(m)
                  and _DATE_OPENS.search(text, max(within[0], m.start - 4), m.start)
                  and _SUBJECT_THEN_VERB.fullmatch(text, m.end, verb.start())]
        dated.extend(before[-1:])
    # "a wait that began in February 2015, when her son was captured": the date before its when-clause
    for m in mentions:
        if within[0] <= m.start < within[1] and can_start(m) \
                and (when := _WHEN_TAKEN.match(text, m.end)) is not None and when.end() <= within[1]:
            dated.append(m)
    return min(dated, key=lambda m: m.start_date) if dated else None


_DATE_OPENS = re.compile(r"(?i)\b(?:in|on)\s+$")
#: between such a date and the verb: "In March 2022 she was taken prisoner", "On 3 May, he was detained"
_SUBJECT_THEN_VERB = re.compile(r"(?i),?\s+(?:she|he|they|we|i|(?-i:[A-Z][a-z]+))\s+(?:was|were)\s+")
_WHEN_TAKEN = re.compile(r",?\s+when\s+[^.;!?]{0,80}?" + _TAKEN.pattern.replace("(?i)", "", 1), re.IGNORECASE)
