"""Mentions of a source that are not attributions themselves: "the general’s
report", "the advisor’s words". Each is resolved back to the source it names
(the general -> General Valery Gerasimov), so an analyst sees that the text
keeps leaning on the same source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from unspin.sources.backrefs import resolve_mention
from unspin.sources.classify import PersonMention
from unspin.sources.lexicon import Lexicon
from unspin.sources.records import UNNAMED_DESCRIBED, Attribution, Source, TextSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Nouns for what a source produced, beyond the quotation-introducing speech nouns.
_PRODUCT_NOUNS = frozenset({"report", "reports", "account", "claim", "claims", "assessment",
                            "assertion", "announcement", "warning", "testimony", "version", "briefing"})


def find_references(doc: Doc, text: str, attributions: Sequence[Attribution],
                    people: Sequence[PersonMention], lexicon: Lexicon) -> list[dict[str, Any]]:
    """Possessive definite descriptions of an earlier source ("the general’s
    report"), each resolved; unresolved ones are left out."""
    spoken_at = {a.speaker.span.start for a in attributions if a.speaker}
    references = []
    for token in doc:
        if token.tag_ != "POS" or token.i == 0:
            continue
        owner = token.head if token.head.i < token.i else doc[token.i - 1]
        thing = owner.head
        if thing.lower_ not in lexicon.speech_nouns and thing.lower_ not in _PRODUCT_NOUNS:
            continue
        role = lexicon.roles.get(owner.lower_)
        determiners = [t for t in owner.lefts if t.dep_ == "det"]
        if role is None or not determiners or determiners[0].lower_ != "the":
            continue
        start = determiners[0].idx
        if start in spoken_at:
            continue  # already an attribution's speaker ("The serviceman’s words—’…’")
        probe = Source(UNNAMED_DESCRIBED, description=text[start:owner.idx + len(owner)],
                       group=role.group, head_word=owner.lemma_.lower(), definite=True)
        resolved = resolve_mention(probe, start, attributions, people)
        if resolved.refers_to is None and resolved.antecedent is None:
            continue
        end = thing.idx + len(thing)
        references.append({
            "mention": TextSpan(start, end).as_dict(text),
            **resolved.as_dict(text),
        })
    return references
