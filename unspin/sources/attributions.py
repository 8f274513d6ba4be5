"""All attributions of one document: direct quotations, reported speech,
cue-less quotations, each with a classified and resolved source."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from unspin.sources.backrefs import resolve
from unspin.sources.classify import PersonMention, classify, people_mentioned
from unspin.sources.direct import attach
from unspin.sources.lexicon import lexicon
from unspin.sources.phrases import TokenIndex
from unspin.sources.quotes import Quote, find_quotes, looks_like_title, word_count
from unspin.sources.records import UNATTRIBUTED, Attribution, Source, TextSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc

SCARE_QUOTE_MAX_WORDS = 3  # "‘meat grinder’" without a cue is a phrase held at a distance, not speech
CONTINUATION_MAX_GAP = 300  # characters between a quoted speaker and a cue-less quotation
_SENTENCE_END = re.compile(r"[.!?][’”\"']?(?:\s|$)")
# A full stop after these ends an abbreviation, not a sentence ("Lt. Gen. Mick Bednarek").
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-Z]|Mr|Mrs|Ms|Dr|Lt|Gen|Col|Capt|Cmdr|Sgt|Maj|Adm|Rep|Sen|Gov|Rev|"
                           r"Prof|St|Jr|Sr|No|vs|Inc|Corp|Co|Ltd|U\.S|U\.N|U\.K|D\.C|Jan|Feb|Aug|Sept|Sep|Oct|"
                           r"Nov|Dec)$")
_BLANK_LINE = re.compile(r"\n\s*\n")


def _start(a: Attribution) -> int:
    return min(s.start for s in _spans(a))


def _end(a: Attribution) -> int:
    return max(s.end for s in _spans(a))


def _spans(a: Attribution) -> list[TextSpan]:
    return [s for s in (a.content, a.cue, a.speaker.span if a.speaker else None) if s is not None]


def _starts_sentence(text: str, pos: int) -> bool:
    """Does a quotation at ``pos`` open a sentence or a paragraph?"""
    before = text[max(0, pos - 200):pos]
    stripped = before.rstrip()
    return not stripped or "\n" in before[len(stripped):] or stripped[-1] in ".!?:…’”\"'"


def _continues(text: str, previous: Attribution | None, quote: Quote) -> bool:
    """Is ``quote`` a further quotation of the speaker just quoted or reported?"""
    if previous is None or previous.source.cls == UNATTRIBUTED and previous.continues is None:
        return False
    gap = text[_end(previous):quote.start]
    if len(gap) > CONTINUATION_MAX_GAP or _BLANK_LINE.search(gap):
        return False
    if previous.kind == "indirect" and "\n" in gap:
        return False  # after reported speech, only a quotation in the same paragraph goes on with it
    return _sentence_ends(gap) <= 1


def _sentence_ends(text: str) -> int:
    return sum(1 for m in _SENTENCE_END.finditer(text)
               if not (text[m.start()] == "." and _ABBREVIATION.search(text, 0, m.start())))


def find_attributions(doc: Doc, text: str | None = None,
                      people: list[PersonMention] | None = None) -> list[Attribution]:
    """Attributions in text order with ids ``a1``, ``a2`` ... and resolved sources.
    ``text`` is ``doc.text`` when the caller has it at hand (spaCy rebuilds it);
    ``people`` the named persons of the doc when the caller already has them."""
    from unspin.sources.reported import find_reported

    lex = lexicon()
    text = doc.text if text is None else text
    index = TokenIndex(doc)
    quotes = find_quotes(text)

    attributed: list[Attribution] = []
    loose: list[Quote] = []
    for k, quote in enumerate(quotes):
        previous_end = quotes[k - 1].end if k else 0
        next_start = quotes[k + 1].start if k + 1 < len(quotes) else len(text)
        found = attach(doc, index, text, quote, previous_end, next_start, lex)
        content = TextSpan(quote.content_start, quote.content_end)
        short = word_count(quote.content(text)) <= SCARE_QUOTE_MAX_WORDS
        if found is None or (short and found.speaker is None):
            loose.append(quote)  # decided below: continuation, scare quote or unattributed
        else:
            attributed.append(Attribution("direct", content, found.cue, found.speaker, found.cue_token))

    used_cues = {a.cue_token for a in attributed if a.cue_token is not None}
    # Reported speech that mostly repeats a quotation already attributed is the same statement.
    # A quotation nobody introduced stays eligible: in "He argued the State is ‘in retreat’"
    # the reported clause is the attribution, the quotation part of its content.
    loose_starts = {q.start for q in loose}
    long_quotes = [TextSpan(q.content_start, q.content_end) for q in quotes
                   if word_count(q.content(text)) > SCARE_QUOTE_MAX_WORDS and q.start not in loose_starts]
    for a in find_reported(doc, lex):
        if a.cue_token in used_cues or any(q.start <= a.cue.start < q.end for q in quotes):
            continue
        if any(a.content.overlap(q) * 2 > len(a.content) for q in long_quotes):
            continue
        attributed.append(a)
    attributed.sort(key=_start)

    if people is None:
        people = people_mentioned(doc, lex)
    for a in attributed:
        a.source = classify(doc, a.speaker, lex, index, people) if a.speaker else Source(UNATTRIBUTED)

    for quote in loose:
        content = TextSpan(quote.content_start, quote.content_end)
        host = next((a for a in attributed if a.kind == "indirect" and
                     a.content.start <= content.start < a.content.end), None)
        if host is not None:
            # A quoted phrase inside reported speech ("said the plan was ‘a disaster’"); when the
            # quotation runs on past the parsed clause, the reported content takes it in.
            if content.end > host.content.end:
                host.content = TextSpan(host.content.start, content.end)
            continue
        earlier = [a for a in attributed if _end(a) <= quote.start]
        previous = max(earlier, key=_end) if earlier else None
        quoted = Attribution("direct", content)
        words = quote.content(text)
        if word_count(words) <= SCARE_QUOTE_MAX_WORDS or looks_like_title(words):
            continue  # a scare quote or a title, not speech
        if _starts_sentence(text, quote.start) and _continues(text, previous, quote):
            quoted.continues = previous
        attributed.append(quoted)
        attributed.sort(key=_start)

    for number, a in enumerate(attributed, 1):
        a.id = f"a{number}"
    resolve(attributed, people)
    return attributed
