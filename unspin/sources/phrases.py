"""Token helpers shared by direct and reported speech: mapping characters to
tokens and cutting a speaker mention out of the dependency parse."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from unspin.sources.records import SpeakerMention, TextSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Children of a speaker's head that belong to the mention ("a spokesman *for the
# ministry*", "an analyst *based in Moscow*") versus those that only comment on it.
_SIDE_REMARKS = {"appos", "punct", "cc", "conj", "parataxis", "case"}  # case: the possessive ’s
SENTENCE_END = {".", "!", "?"}


class TokenIndex:
    """Character offset -> token lookups in O(log n)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]
        self.ends = [t.idx + len(t.text) for t in doc]

    def first_at_or_after(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect_left(self.starts, char)

    def last_ending_by(self, char: int) -> int:
        """Index of the last token ending at or before ``char`` (-1 if none)."""
        return bisect_right(self.ends, char) - 1

    def inside(self, start: int, end: int) -> range:
        """Tokens lying wholly inside ``[start, end)``."""
        return range(self.first_at_or_after(start), self.last_ending_by(end) + 1)

    def token_at(self, char: int) -> int | None:
        i = bisect_right(self.starts, char) - 1
        return i if i >= 0 and char < self.ends[i] else None


def _ends_sentence(token: Token) -> bool:
    """A full stop, unless the parser made it part of a name: spaCy splits
    "Lt." into "Lt" "." and then attaches the dot inside "Lt. Gen. Mick Bednarek"."""
    return token.text in SENTENCE_END and not (token.text == "." and token.dep_ in ("compound", "amod", "nmod"))


def is_sentence_break(token: Token) -> bool:
    return _ends_sentence(token) or (token.is_space and "\n" in token.text)


def _breaks_between(doc: Doc, i: int, j: int) -> bool:
    """Is there a paragraph break or sentence end between tokens ``i`` and ``j``?"""
    lo, hi = min(i, j), max(i, j)
    return any("\n" in t.text or (_ends_sentence(t) and k != lo and k != hi)
               for k, t in ((k, doc[k]) for k in range(lo, hi + 1)))


def _contiguous(tokens: list[Token], head: Token) -> tuple[int, int]:
    """The run of consecutive token indices around ``head``."""
    indices = sorted(t.i for t in tokens)
    pos = indices.index(head.i)
    lo = hi = pos
    while lo > 0 and indices[lo - 1] == indices[lo] - 1:
        lo -= 1
    while hi + 1 < len(indices) and indices[hi + 1] == indices[hi] + 1:
        hi += 1
    return indices[lo], indices[hi]


def _coordinated(head: Token, child: Token) -> Token | None:
    """The second of two coordinated subjects ("Harlow and Dempsey said"), when
    ``child`` is the "and" between them."""
    if child.dep_ != "cc" or child.lower_ not in ("and", "&") or head.dep_ not in ("nsubj", "nsubjpass"):
        return None
    if head.pos_ not in ("PROPN", "NOUN"):
        return None
    partner = next((c for c in head.children if c.dep_ == "conj" and c.left_edge.i == child.i + 1), None)
    return partner if partner is not None and partner.pos_ in ("PROPN", "NOUN") else None


def mention_for(head: Token, bounds: TextSpan | None = None) -> SpeakerMention:
    """The speaker mention headed by ``head``: its determiners, modifiers and
    restrictive complements, without appositions or non-restrictive clauses
    (kept apart in ``extra``), clipped to ``bounds`` (to stay out of a quote)."""
    doc = head.doc
    keep: list[Token] = [head]
    extra: TextSpan | None = None
    joined: set[int] = set()
    for child in head.children:
        if child.i < head.i:
            keep.extend(child.subtree)
            continue
        if child.i in joined:
            continue
        previous = doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        after_comma = previous is not None and previous.text in (",", "(", "—", "–")
        partner = _coordinated(head, child) if not after_comma else None
        if partner is not None:
            keep.append(child)  # "Harlow and Dempsey said": both speak
            keep.extend(partner.subtree)
            joined.add(partner.i)
            continue
        if child.dep_ == "appos" and not after_comma:
            keep.extend(child.subtree)  # "the utility Aquanet": a close apposition is part of the name
            continue
        non_restrictive = child.dep_ == "relcl" and after_comma
        if child.dep_ in _SIDE_REMARKS or non_restrictive:
            if child.dep_ in ("appos", "relcl") and extra is None:
                sub = list(child.subtree)
                extra = TextSpan(sub[0].idx, sub[-1].idx + len(sub[-1].text))
            if child.dep_ != "punct":
                break
            continue
        keep.extend(child.subtree)
    if bounds is not None:
        keep = [t for t in keep if t.idx >= bounds.start and t.idx + len(t.text) <= bounds.end] or [head]
        if head not in keep:
            keep.append(head)  # a misparse can put the head outside the window; keep the head alone
    keep = [t for t in keep if t.i == head.i or not _breaks_between(doc, t.i, head.i)]
    lo, hi = _contiguous(keep, head)
    while lo < head.i and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > head.i and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    return SpeakerMention(TextSpan(doc[lo].idx, doc[hi].idx + len(doc[hi].text)), head.i, extra)


def mention_from_tokens(doc: Doc, lo: int, hi: int) -> SpeakerMention | None:
    """A mention for tokens ``lo..hi`` when the parse gave no subject:
    the head is the last noun-like token (English noun phrases are head-final)."""
    while lo <= hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    if lo > hi:
        return None
    nouny = [t for t in doc[lo:hi + 1] if t.pos_ in ("NOUN", "PROPN", "PRON")]
    if not nouny:
        return None
    head = nouny[-1]
    return SpeakerMention(TextSpan(doc[lo].idx, doc[hi].idx + len(doc[hi].text)), head.i)


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a cue verb, following relative clauses
    ("officials, who said ...") and subject-less participles or conjuncts
    ("..., saying that", "arrived and said", "by suggesting that") to whoever
    they describe."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) > 1:
        # "12:15 p.m.:\n\nPresident X says …": a live-blog time stamp parsed as a second
        # subject; the one in the verb's own paragraph speaks.
        subjects.sort(key=lambda c: _breaks_between(verb.doc, c.i, verb.i))
    for child in subjects:
        if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
            return verb.head
        return child
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.dep_ == "ccomp" and verb.i > 0 and \
            verb.doc[verb.i - 1].text == "," and verb.head.head.pos_ in ("VERB", "AUX"):
        # "X said the bridge will reopen, adding that …": the parser hangs the participle
        # on the reported clause, but the one adding is X, not the bridge.
        return subject_of(verb.head.head)
    if verb.dep_ in ("advcl", "conj", "xcomp") and verb.head is not verb:
        return subject_of(verb.head) if verb.head.pos_ in ("VERB", "AUX") else None
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head.head)  # "mocked Bush by suggesting that …"
    return None


# Words that belong to a cue verb's span: "has said", "did not say", "now says", "pointed out".
_CUE_BEFORE = {"aux", "auxpass", "neg", "advmod"}
_CUE_AFTER = {"prt"}


def cue_tokens(verb: Token) -> list[Token]:
    """The cue verb with the auxiliaries, negation and adverbs written right
    before it and a particle right after it: a negated cue ("did not say")
    must show its negation. Only words adjacent to the verb join it."""
    doc = verb.doc
    before = {c.i for c in verb.children if c.dep_ in _CUE_BEFORE and c.i < verb.i}
    after = {c.i for c in verb.children if c.dep_ in _CUE_AFTER and c.i > verb.i}
    lo = verb.i
    while lo - 1 in before and not doc[lo - 1].is_punct:
        lo -= 1
    hi = verb.i
    while hi + 1 in after:
        hi += 1
    return list(doc[lo:hi + 1])


def span_of(tokens: list[Token]) -> TextSpan:
    return TextSpan(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
