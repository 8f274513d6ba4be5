"""Indirect (reported) speech from the dependency parse.

One pass over the tokens; a token is a cue when its lemma is in
``sources_cues.tsv``. Each frame the verb allows is tried in turn:

* clause : "X said (that) …", "Critics argue that …", "…, the minister said"
           -> content is the verb's clausal complement (ccomp); for a cue
           inserted mid-clause ("Acts of protest, X said, are …") the clause
           around it
* as     : "a claim the Kremlin dismisses as Western propaganda"
           -> content is the object and the "as" phrase
* to     : "X vowed to cut taxes", "X urged Congress to act" -> content is the
           infinitive clause (with the object urged)
* object : "X confirmed the storming of Severansk" -> content is the object
* agent  : "Its capture, reported by General X, …" -> speaker is the "by"
           phrase, content the thing reported
* "according to X, …" -> content is the rest of the clause
* line   : "Harlow: Tariff plan will hurt farmers" (a headline), "HOST: Welcome
           back" (a transcript) -> a line opening with a short capitalised name
           and a colon; content is the rest of the line, the colon the cue

Cue verbs already used by a direct quotation, and verbs inside a quotation
(speech within speech), are skipped by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from unspin.sources.lexicon import Lexicon
from unspin.sources.phrases import cue_tokens, mention_for, span_of, subject_of
from unspin.sources.records import Attribution, SpeakerMention, TextSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_PRONOUN_CONTENT = {"it", "this", "that", "these", "those", "them", "him", "her", "so", "which", "what"}
_MIN_CONTENT_CHARS = 4


def _trimmed(tokens: list[Token]) -> TextSpan | None:
    """Span of tokens without edge punctuation or a leading complementiser."""
    lo, hi = 0, len(tokens) - 1
    while lo <= hi and (tokens[lo].is_punct or tokens[lo].is_space or
                        (tokens[lo].dep_ == "mark" and tokens[lo].lower_ in ("that", "whether", "if"))):
        lo += 1
    while hi >= lo and (tokens[hi].is_space or (tokens[hi].is_punct and tokens[hi].text not in "’”\"'")):
        hi -= 1
    if lo > hi:
        return None
    span = span_of(tokens[lo:hi + 1])
    return span if len(span) >= _MIN_CONTENT_CHARS else None


def _substantive(tokens: list[Token]) -> bool:
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    return bool(words) and not (len(words) == 1 and words[0].lower_ in _PRONOUN_CONTENT)


def _speaker(verb: Token) -> SpeakerMention | None:
    subject = subject_of(verb)
    if subject is None:
        return None
    if subject.dep_ == "nsubjpass" or (subject.lower_ == "it" and subject.dep_ == "expl"):
        return None  # "it was reported that": nobody is named
    if subject.lower_ == "it" and any(c.dep_ == "auxpass" for c in verb.children):
        return None
    return mention_for(subject)


# "said in a statement that …": the parser hangs the clause on the channel noun.
_CHANNEL_NOUNS = frozenset({"statement", "interview", "post", "message", "letter", "briefing",
                            "report", "speech", "address", "communique", "communiqué", "broadcast"})


def _complements(verb: Token) -> Iterator[Token]:
    for child in verb.children:
        if child.dep_ == "ccomp":
            yield child
        elif child.dep_ == "prep" and child.lower_ in ("in", "on", "during"):
            for noun in child.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in _CHANNEL_NOUNS:
                    yield from (c for c in noun.children
                                if c.dep_ in ("acl", "relcl", "ccomp")
                                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children))


def _before_next_cue(tokens: list[Token], lexicon: Lexicon) -> list[Token]:
    """Cut a reported clause before a participle cue hanging inside it: in
    "X said he will not run, adding that …" the second statement is its own."""
    for k, token in enumerate(tokens):
        if k and token.tag_ == "VBG" and token.dep_ in ("advcl", "conj") and \
                lexicon.cue_lemma(token.lemma_, token.text) is not None and tokens[k - 1].is_punct:
            return tokens[:k]
    return tokens


def _clause(verb: Token, lexicon: Lexicon) -> tuple[TextSpan, SpeakerMention | None] | None:
    for child in _complements(verb):
        if child.pos_ in ("VERB", "AUX"):
            tokens = _before_next_cue(list(child.subtree), lexicon)
            if _substantive(tokens):
                content = _trimmed(tokens)
                if content:
                    return content, _speaker(verb)
    return None


def _parenthetical(verb: Token) -> tuple[TextSpan, SpeakerMention | None] | None:
    """"Acts of protest, the mayor said, are acts of patriotism": the cue is
    inserted into the clause it reports (parsed as parataxis)."""
    if verb.dep_ != "parataxis" or verb.head.pos_ not in ("VERB", "AUX"):
        return None
    speaker = _speaker(verb)
    if speaker is None:
        return None
    # The reported clause surrounds the cue; its span keeps the inserted "X said".
    tokens = list(verb.head.subtree)
    content = _trimmed(tokens) if _substantive(tokens) else None
    return (content, speaker) if content else None


def _as_phrase(verb: Token) -> tuple[TextSpan, SpeakerMention | None] | None:
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    if prep is None:
        return _named(verb, obj)
    pobj = [t for c in prep.children if c.dep_ == "pobj" for t in c.subtree]
    if not pobj:
        return None
    if obj is not None and obj.lower_ not in _PRONOUN_CONTENT:
        tokens = sorted(list(obj.subtree) + [prep] + pobj, key=lambda t: t.i)
    else:
        tokens = sorted(pobj, key=lambda t: t.i)
    content = _trimmed(tokens)
    return (content, _speaker(verb)) if content else None


def _named(verb: Token, obj: Token | None) -> tuple[TextSpan, SpeakerMention | None] | None:
    """"The mayor called the budget a betrayal": the object and what it is called
    (an object predicate) are the content."""
    complement = [c for c in verb.children if c.dep_ == "oprd" and c.pos_ in ("NOUN", "PROPN", "ADJ")]
    if obj is None or not complement or verb.tag_ not in _FINITE:
        return None
    if obj.tag_ in ("WDT", "WP"):
        # "what many now call a turning point": a relative clause framing the writer's own
        # phrase, with no statement to quote as content
        return None
    tokens = sorted([*obj.subtree, *(t for c in complement for t in c.subtree)], key=lambda t: t.i)
    content = _trimmed(tokens)
    return (content, _speaker(verb)) if content else None


def _infinitive(verb: Token) -> tuple[TextSpan, SpeakerMention | None] | None:
    """"X vowed to cut taxes", "X urged Congress to act": the content is the
    infinitive clause, with the person urged when there is one."""
    for child in verb.children:
        if child.dep_ not in ("xcomp", "ccomp") or child.i < verb.i or child.pos_ not in ("VERB", "AUX"):
            continue
        if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in child.children):
            continue
        tokens = list(child.subtree)
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj") and c.i < child.i), None)
        if obj is not None:
            tokens = sorted([*obj.subtree, *tokens], key=lambda t: t.i)
            tokens = [t for t in tokens if t.i >= tokens[0].i]
        if _substantive(tokens):
            content = _trimmed(tokens)
            if content:
                return content, _speaker(verb)
    return None


def _object(verb: Token) -> tuple[TextSpan, SpeakerMention | None] | None:
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None
    tokens = list(obj.subtree)
    content = _trimmed(tokens) if _substantive(tokens) else None
    return (content, _speaker(verb)) if content else None


def _agent(verb: Token) -> tuple[TextSpan, SpeakerMention | None] | None:
    """"reported by X": X is the speaker; what was reported is the passive subject
    or, for a participle ("its capture, reported by X"), the noun it qualifies."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is None:
        return None
    by_whom = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if by_whom is None:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is not None:
        tokens = list(subject.subtree)
    elif verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        qualified = verb.head
        tokens = [t for t in qualified.subtree if t.i < verb.i]
        while tokens and tokens[-1].i >= qualified.i and tokens[-1].is_punct:
            tokens.pop()
    else:
        return None
    if not _substantive(tokens):
        return None
    content = _trimmed(tokens)
    return (content, mention_for(by_whom)) if content else None


def _according_to(doc: Doc, token: Token) -> Attribution | None:
    """"According to X, the bridge was destroyed": content is the clause around it."""
    if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    to = doc[token.i + 1]
    by_whom = next((c for c in to.children if c.dep_ == "pobj"), None)
    if by_whom is None:
        return None
    phrase = sorted({*token.subtree, *to.subtree}, key=lambda t: t.i)
    first, last = phrase[0].i, phrase[-1].i
    clause_head = token.head
    while clause_head.dep_ not in ("ROOT", "ccomp", "conj") and clause_head.head is not clause_head:
        clause_head = clause_head.head
    clause = list(clause_head.subtree)
    left = [t for t in clause if t.i < first]
    right = [t for t in clause if t.i > last]
    side = right if len(right) >= len(left) else left
    if not _substantive(side):
        return None
    content = _trimmed(side)
    if content is None:
        return None
    return Attribution("indirect", content, span_of([token, to]), mention_for(by_whom), token.i)


# "Trump: Cruz has a long way to go" (a headline), "TAPPER: And obviously ..." (a transcript):
# a line opening with a short capitalised name and a colon gives the rest of the line to it.
_LINE_SPEAKER = re.compile(r"(?m)^(?P<who>[A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){0,5})"
                           r"[ \t]*:[ \t]+(?P<what>\S[^\n]*)")
_NOT_SPEAKERS = frozenset({
    "update", "updated", "note", "editor", "editor’s note", "editor's note", "related", "photo", "photos",
    "video", "watch", "source", "sources", "read more", "see also", "breaking", "breaking news", "listen",
    "q", "a", "question", "answer", "warning", "disclaimer", "correction", "credit", "image", "caption",
    "subscribe", "follow", "email", "contact", "tags", "topics", "summary", "background", "analysis",
    "opinion", "exclusive", "live", "more", "also", "via", "share", "by", "from", "to", "re", "subject",
    "date", "time", "where", "when", "location", "and", "but", "so", "yes", "no", "here", "this", "that",
    "the", "first", "second", "third", "step", "part", "chapter", "example", "bottom line", "the bottom line",
    "boom", "busted", "bombshell", "look", "wow", "shocking", "alert", "name", "age", "city", "job", "pay",
    "paid notice", "stat of the week", "quote of the day", "fix is in", "delegate update", "poll watch",
})


def _line_speakers(doc: Doc) -> Iterator[Attribution]:
    text = doc.text
    for match in _LINE_SPEAKER.finditer(text):
        who, what = match.group("who"), match.group("what").rstrip()
        if who.lower() in _NOT_SPEAKERS or who.split()[0].lower() in _NOT_SPEAKERS:
            continue
        if len(what.split()) < 3:
            continue
        colon = text.index(":", match.end("who"))
        speaker_span = doc.char_span(match.start("who"), match.end("who"), alignment_mode="expand")
        cue_span = doc.char_span(colon, colon + 1, alignment_mode="expand")
        if speaker_span is None or cue_span is None:
            continue
        if not any(t.pos_ in ("PROPN", "NOUN") for t in speaker_span):
            continue
        if any(t.pos_ in ("VERB", "AUX", "ADV", "PRON") or t.tag_ in ("VBZ", "VBD", "VBP") for t in speaker_span):
            continue  # "Governor Signs Bill: …" is a headline, not a speaker
        if speaker_span.ents and all(e.label_ in ("GPE", "LOC", "DATE", "TIME") for e in speaker_span.ents) \
                and sum(len(e) for e in speaker_span.ents) == len(speaker_span):
            continue  # "Ohio: …" opens a list or a section
        end = match.start("what") + len(what)
        while end > match.start("what") and text[end - 1] in ".,;: ":
            end -= 1
        if end - match.start("what") < _MIN_CONTENT_CHARS:
            continue
        speaker = SpeakerMention(TextSpan(speaker_span.start_char, speaker_span.end_char), speaker_span.root.i)
        yield Attribution("indirect", TextSpan(match.start("what"), end), TextSpan(colon, colon + 1),
                          speaker, cue_span[0].i)


#: Sentences longer than this are not searched for reported speech: a real sentence is far
#: shorter, and the clause walk (``subtree``) over a parse that deep grows with the square of its
#: length ("X said that Y said that ..." for 40 KB) or, thousands of levels deep, overflows the stack.
MAX_SENTENCE_TOKENS = 150


def long_sentence_tokens(doc: Doc) -> list[bool]:
    """Per token: does it lie in a sentence over :data:`MAX_SENTENCE_TOKENS` tokens?"""
    flags = [False] * len(doc)
    for sent in doc.sents:
        if len(sent) > MAX_SENTENCE_TOKENS:
            flags[sent.start:sent.end] = [True] * len(sent)
    return flags


def find_reported(doc: Doc, lexicon: Lexicon) -> Iterator[Attribution]:
    """Indirect attributions in document order (one per cue token)."""
    yield from _line_speakers(doc)
    too_long = long_sentence_tokens(doc)
    for token in doc:
        if too_long[token.i]:
            continue
        found = _according_to(doc, token)
        if found is not None:
            yield found
            continue
        if token.pos_ not in ("VERB", "AUX") and token.tag_[:2] != "VB":
            continue
        lemma = lexicon.cue_lemma(token.lemma_, token.text)
        if lemma is None:
            continue
        frames = lexicon.cue_frames[lemma]
        if "finite" in frames and token.tag_ not in _FINITE:
            continue  # "to endorse", "praising": a plan or a description, seldom a statement
        result = None
        if "clause" in frames:
            result = _clause(token, lexicon) or _parenthetical(token)
        if result is None and "agent" in frames:
            result = _agent(token)
        if result is None and "to" in frames:
            result = _infinitive(token)
        if result is None and "as" in frames:
            result = _as_phrase(token)
        if result is None and "object" in frames:
            result = _object(token)
        if result is None:
            continue
        content, speaker = result
        cue = span_of(cue_tokens(token))
        yield Attribution("indirect", content, cue, speaker, token.i)
