"""Direct speech: who said each quotation, and with which cue.

For every quotation from :mod:`unspin.sources.quotes` this looks at the
words right after it and right before it, within the same sentence:

* after:  "‘…,’ the soldier declared"   -> subject + cue verb
          "‘…,’ said a military analyst" -> cue verb + subject
          "‘…,’ according to TASS"
* before: "Yet, the analyst cautioned, ‘…’"         -> cue verb + punctuation
          "X described the operation as ‘…’"        -> cue verb + its own object
          "The serviceman’s words—’…’"              -> possessor + speech noun

A cue before the quotation must govern everything between itself and the
quotation (no second verb in between), otherwise "He said the plan was
‘a disaster’" would make the two words his whole statement. Quotations
without a cue are decided later (continuation of the previous speaker,
scare quote, or unattributed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from unspin.sources.lexicon import Lexicon
from unspin.sources.phrases import (TokenIndex, is_sentence_break, mention_for,
                                    mention_from_tokens, subject_of)
from unspin.sources.quotes import Quote
from unspin.sources.records import SpeakerMention, TextSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

WINDOW_AFTER = 14  # tokens looked at after a quotation
WINDOW_BEFORE = 30  # tokens looked at before it
_VERBAL = ("VERB", "AUX")
_NOUN_PHRASE_POS = {"DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM", "PART", "PUNCT", "CCONJ", "ADP", "SPACE"}


@dataclass
class Attachment:
    """How a quotation is tied to its speaker."""

    speaker: SpeakerMention | None
    cue: TextSpan
    cue_token: int | None


def _cue_lemma(token: Token, lexicon: Lexicon) -> str | None:
    if token.pos_ not in _VERBAL and token.tag_[:2] != "VB":
        return None
    if token.i >= 2 and token.doc[token.i - 1].text == "-" and token.doc[token.i - 2].lower_ == "so":
        return None  # "so-called" marks distance, not speech
    lemma = lexicon.cue_lemma(token.lemma_, token.text)
    return lemma if lemma and lexicon.has_frame(lemma, "quote") else None


def _according_to(doc: Doc, i: int) -> bool:
    return doc[i].lower_ == "according" and i + 1 < len(doc) and doc[i + 1].lower_ == "to"


def _window_after(doc: Doc, index: TokenIndex, quote: Quote, stop: int) -> list[Token]:
    tokens: list[Token] = []
    for i in range(index.first_at_or_after(quote.end), len(doc)):
        token = doc[i]
        if token.idx >= stop or is_sentence_break(token) or len(tokens) >= WINDOW_AFTER:
            break
        tokens.append(token)
    return tokens


def _window_before(doc: Doc, index: TokenIndex, quote: Quote, stop: int) -> list[Token]:
    tokens: list[Token] = []
    for i in range(index.last_ending_by(quote.start), -1, -1):
        token = doc[i]
        if token.idx < stop or is_sentence_break(token) or len(tokens) >= WINDOW_BEFORE:
            break
        tokens.append(token)
    tokens.reverse()
    return tokens


def _span(tokens: list[Token]) -> TextSpan:
    return TextSpan(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))


def _after(doc: Doc, window: list[Token], lexicon: Lexicon) -> Attachment | None:
    """"‘…,’ X said" / "‘…,’ said X" / "‘…,’ according to X"."""
    body = [t for t in window if not (t.is_punct or t.is_space)]
    if not body:
        return None
    bounds = _span(window)
    first = body[0]
    if _according_to(doc, first.i):
        objects = [c for c in doc[first.i + 1].children if c.dep_ == "pobj"]
        if objects and objects[0].idx < bounds.end:
            return Attachment(mention_for(objects[0], bounds), _span([first, doc[first.i + 1]]), first.i)
        return None
    if _cue_lemma(first, lexicon):  # inverted: "said a military analyst based in Moscow"
        subject = subject_of(first)
        if subject is not None and subject.i > first.i and subject.idx < bounds.end:
            return Attachment(mention_for(subject, bounds), _span([first]), first.i)
        rest = [t for t in window if t.i > first.i]
        stop = next((k for k, t in enumerate(rest) if t.is_punct and t.text != "-"), len(rest))
        mention = mention_from_tokens(doc, rest[0].i, rest[stop - 1].i) if stop else None
        return Attachment(mention, _span([first]), first.i) if mention else None
    for position, token in enumerate(body[:8]):
        if not _cue_lemma(token, lexicon):
            if token.pos_ == "VERB" and token.dep_ not in ("acl", "amod", "relcl"):
                return None  # another clause starts before any cue
            continue
        subject = subject_of(token)
        if subject is not None and bounds.start <= subject.idx < token.idx:
            mention = mention_for(subject, TextSpan(bounds.start, token.idx))
            # The speaker must follow the quotation at once: in "‘meat grinder’ of
            # Bakhmut, as Western media has dubbed it" the cue is about something else.
            return Attachment(mention, _span([token]), token.i) if mention.span.start == first.idx else None
        before = body[:position]
        if before and all(t.pos_ in _NOUN_PHRASE_POS for t in before):
            mention = mention_from_tokens(doc, before[0].i, before[-1].i)
            if mention:
                return Attachment(mention, _span([token]), token.i)
        return None
    return None


def _cue_before(doc: Doc, window: list[Token], lexicon: Lexicon) -> Attachment | None:
    """"X said: ‘…’", "X described the operation as ‘…’", "According to X, ‘…’"."""
    for k in range(len(window) - 1, -1, -1):
        token = window[k]
        gap = window[k + 1:]
        if any(t.pos_ in _VERBAL for t in gap):
            return None  # a later clause stands between any earlier cue and the quote
        if _according_to(doc, token.i):
            objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
            if objects:
                return Attachment(mention_for(objects[0], _span(window)), _span([token, doc[token.i + 1]]),
                                  token.i)
            return None
        lemma = _cue_lemma(token, lexicon)
        if not lemma:
            continue
        words = [t for t in gap if not (t.is_punct or t.is_space)]
        if words and not all(t.i in {s.i for s in token.subtree} for t in words):
            return None  # the words between do not belong to the cue's own phrase
        if words and not lexicon.has_frame(lemma, "as") and gap[-1].text not in (",", ":", "—", "–", "-") \
                and words[-1].lower_ not in ("that", "as"):
            return None  # "told reporters ‘…’" is fine only with punctuation before the quote
        cue_tokens = [token] + (words if lexicon.has_frame(lemma, "as") and words else [])
        subject = subject_of(token)
        mention = mention_for(subject, _span(window)) if subject is not None and subject.i in \
            {t.i for t in window} else None
        if mention is None and subject is not None and subject.pos_ == "PRON":
            mention = mention_for(subject)
        return Attachment(mention, _span(cue_tokens), token.i)
    return None


_POSSESSIVE_SPEECH = re.compile(r"(?:['’]s|s['’])\s+(?P<noun>[a-z]+)\s*[—–:,\-]*\s*$")


def _speech_noun_before(doc: Doc, index: TokenIndex, text: str, quote: Quote, window_start: int,
                        lexicon: Lexicon) -> Attachment | None:
    """"The serviceman’s words—’…’": the possessor is the speaker."""
    match = _POSSESSIVE_SPEECH.search(text, window_start, quote.start)
    if not match or match.group("noun") not in lexicon.speech_nouns:
        return None
    possessor_end = match.start() + (1 if text[match.start()] == "s" else 0)
    owner = index.last_ending_by(possessor_end)
    if owner < 0 or doc[owner].idx < window_start:
        return None
    head = doc[owner]
    mention = mention_for(head, TextSpan(window_start, possessor_end))
    cue = TextSpan(match.start("noun"), match.end("noun"))
    return Attachment(mention, cue, None)


def attach(doc: Doc, index: TokenIndex, text: str, quote: Quote, previous_end: int, next_start: int,
           lexicon: Lexicon) -> Attachment | None:
    """The speaker and cue of one quotation, or None when nothing in its
    sentence introduces it. ``previous_end``/``next_start`` bound the search
    to the text between this quotation and its neighbours."""
    window_after = _window_after(doc, index, quote, next_start)
    window_before = _window_before(doc, index, quote, previous_end)
    content = quote.content(text).rstrip()
    hands_over = content.endswith((",", "?", "!", "—")) or text[quote.content_end:quote.end - 1].strip() == ","
    # "‘…,’ he said" is the commonest form; try it first when the quote hands over with a comma.
    order = ("after", "before") if hands_over or not window_before else ("before", "after")
    # Speech handed over to a following cue ends with punctuation ("‘…,’ he said");
    # "the ‘peace’ he promises" is a phrase inside the sentence, not a quotation.
    closes_utterance = hands_over or content.endswith((".", "…")) or bool(
        window_after and window_after[0].is_punct)
    for side in order:
        if side == "after" and window_after and closes_utterance:
            found = _after(doc, window_after, lexicon)
        elif side == "before" and window_before:
            found = _cue_before(doc, window_before, lexicon)
            if found is None:
                found = _speech_noun_before(doc, index, text, quote, window_before[0].idx, lexicon)
        else:
            found = None
        if found is not None:
            return found
    return None
