"""What kind of source a speaker mention is.

Decided on the mention's head word first, because modifiers mislead: "a
senior *Kremlin* advisor" is a person described by an organisation, not the
organisation; "a source close to *Putin*" is anonymous, not Putin. In order:

1. pronoun            -> left for :mod:`unspin.sources.backrefs` to resolve
2. anonymous          -> head is "source"/"insider", or an anonymity phrase
                         ("who asked not to be named"), or a bare "officials"
3. named_person       -> head inside a PERSON entity, or a name in apposition
                         ("a spokesman, Dmitry Peskov,"), or a proper noun
                         after a title ("General Ivanov")
4. named_organization -> head in an ORG/GPE entity, a known organisation
                         (Kremlin, TASS), or an organisation noun with a
                         proper-name modifier ("the defence ministry of Russia")
5. unnamed_described  -> everything else: "the Cossack leader", "critics".
   Vague plurals and collectives ("critics", "Western media") land here,
   flagged ``vague``: they describe who speaks, however loosely, and a
   fact-checker treats them like other unnamed sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from unspin.sources.lexicon import Lexicon, Role
from unspin.sources.phrases import TokenIndex
from unspin.sources.records import (ANONYMOUS, NAMED_ORGANIZATION, NAMED_PERSON, UNNAMED_DESCRIBED,
                                    Source, SpeakerMention, TextSpan)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PRONOUNS = {"he": "he", "him": "he", "she": "she", "her": "she", "they": "they", "them": "they",
            "it": "it", "we": "we", "i": "i"}
_DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her"}
_BARE_MODIFIERS = {"some", "several", "many", "other", "few", "senior", "top", "high-ranking",
                   "two", "three", "four", "a", "an", "the", "one", "most", "several", "various"}
_ORG_LABELS = ("ORG", "GPE")
_NAME_LABELS = ("ORG", "GPE", "NORP", "PERSON", "LOC", "FAC")


@dataclass(frozen=True)
class PersonMention:
    """A named person anywhere in the text, with the title written before the name."""

    span: TextSpan  # title and name: "General Valery Gerasimov"
    name: str
    role: str | None
    group: str | None


def role_of(tokens: list[Token], lexicon: Lexicon) -> Role | None:
    """The role noun among ``tokens`` (two-word titles first), last one winning:
    "Kremlin spokesman" -> spokesman."""
    found = None
    for k, token in enumerate(tokens):
        two = f"{tokens[k - 1].lower_} {token.lower_}" if k else ""
        role = lexicon.roles.get(two) or lexicon.roles.get(token.lower_) or lexicon.roles.get(token.lemma_.lower())
        if role is not None:
            found = role
    return found


def _strip_titles(tokens: list[Token], lexicon: Lexicon) -> tuple[list[Token], list[Token]]:
    """Split "General Valery Gerasimov" into title tokens and name tokens."""
    k = 0
    while k < len(tokens) - 1 and (tokens[k].lower_ in lexicon.roles or tokens[k].pos_ in ("DET", "PUNCT")
                                   or tokens[k].lower_ in ("mr.", "mrs.", "ms.", "mr", "mrs", "ms")):
        k += 1
    return tokens[:k], tokens[k:]


def _entity_of(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    from spacy.tokens import Span as SpacySpan  # a plain doc slice would lose the label

    return SpacySpan(doc, start, end, label=token.ent_type_)


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    return tokens[0].doc[tokens[0].i:tokens[-1].i + 1].text  # (doc.text would rebuild the whole text)


def _title_text(tokens: list[Token]) -> str | None:
    words = [t for t in tokens if t.pos_ not in ("DET", "PUNCT", "PART") and t.lower_ not in ("mr.", "ms.", "mrs.")]
    return _text(words) or None


def _person(name_tokens: list[Token], title_tokens: list[Token], lexicon: Lexicon) -> Source:
    role = role_of(title_tokens, lexicon)
    return Source(NAMED_PERSON, name=_text(name_tokens), role=_title_text(title_tokens),
                  group=role.group if role else None)


def _is_anonymous(tokens: list[Token], head: Token, extra_text: str, lexicon: Lexicon) -> bool:
    when = lexicon.anonymous_heads.get(head.lower_) or lexicon.anonymous_heads.get(head.lemma_.lower())
    if when == "always":
        return True
    text = (_text(tokens) + " " + extra_text).lower()
    if any(phrase in text for phrase in lexicon.anonymous_phrases):
        return True
    if when == "bare":
        others = [t for t in tokens if t.i != head.i]
        return all(t.lower_ in _BARE_MODIFIERS or t.pos_ in ("DET", "NUM") for t in others)
    return False


def _organization(tokens: list[Token], head: Token, lexicon: Lexicon,
                  extra: list[Token] = ()) -> Source | None:
    entity = _entity_of(head)
    body = [t for t in tokens if t.pos_ != "DET"]
    is_org_noun = head.lemma_.lower() in lexicon.org_heads or head.lower_ in lexicon.org_heads
    named_extra = next((t for t in extra if t.ent_type_ == "ORG"), None)
    if is_org_noun and named_extra is not None:  # "the utility, Aquanet,"
        return Source(NAMED_ORGANIZATION, name=_entity_of(named_extra).text)
    if entity is not None and entity.label_ in _ORG_LABELS:
        return Source(NAMED_ORGANIZATION, name=entity.text)
    if lexicon.is_organization(head.text) or lexicon.is_organization(_text(body)):
        return Source(NAMED_ORGANIZATION, name=_text(body))
    if is_org_noun:
        named_by = [t for t in tokens if t.i != head.i and (t.pos_ == "PROPN" or t.ent_type_ in _NAME_LABELS)]
        if named_by:
            return Source(NAMED_ORGANIZATION, name=_text(body))
    return None


def _known_person(words: str, people: Sequence[PersonMention]) -> PersonMention | None:
    """A person named somewhere in the text whose name is, or ends with, ``words``:
    the small NER model tags many surnames ORG or nothing ("Sanders", "Shaw")."""
    for person in people:
        if person.name == words or person.name.endswith(" " + words):
            return person
    return None


def classify(doc: Doc, mention: SpeakerMention, lexicon: Lexicon, index: TokenIndex | None = None,
             people: Sequence[PersonMention] = ()) -> Source:
    """The source class of one speaker mention (before back-references).
    ``people`` (from :func:`people_mentioned`) rescues names the NER model mislabels."""
    index = index or TokenIndex(doc)
    tokens = [doc[i] for i in index.inside(mention.span.start, mention.span.end)]
    head = doc[mention.head]
    if head not in tokens:
        tokens = [head]
    extra = [doc[i] for i in index.inside(mention.extra.start, mention.extra.end)] if mention.extra else []
    text = _text(tokens)
    plural = head.tag_ in ("NNS", "NNPS")
    definite = bool(tokens) and tokens[0].lower_ in _DEFINITE

    pronoun = PRONOUNS.get(head.lower_) if head.pos_ == "PRON" else None
    if pronoun:
        return Source(UNNAMED_DESCRIBED, description=text, pronoun=pronoun, definite=True,
                      plural=pronoun in ("they", "we"))

    if _is_anonymous(tokens, head, _text(extra), lexicon):
        role = role_of(tokens, lexicon)
        return Source(ANONYMOUS, description=text, plural=plural, definite=definite,
                      group=role.group if role else None, head_word=head.lemma_.lower())

    entity = _entity_of(head)
    if entity is not None and entity.label_ == "PERSON":
        inside = [t for t in tokens if t.i < entity.start]
        titles, name = _strip_titles(list(entity), lexicon)
        return _person(name, inside + titles, lexicon)
    appositive_person = next((t for t in extra if t.ent_type_ == "PERSON"), None)
    if appositive_person is not None:
        person_entity = _entity_of(appositive_person)
        _, name = _strip_titles(list(person_entity), lexicon)
        source = _person(name, [t for t in tokens if t.pos_ != "DET"], lexicon)
        return source

    if head.pos_ == "PROPN" and head.ent_type_ in ("", "ORG", "GPE", "NORP"):
        name_tokens = list(_entity_of(head) or [head])
        titles, name = _strip_titles([t for t in tokens if t.i < name_tokens[0].i] + name_tokens, lexicon)
        if _known_person(_text(name), people) is not None:
            return _person(name, titles, lexicon)

    organization = _organization(tokens, head, lexicon, extra)
    if organization is not None:
        organization.head_word = head.lemma_.lower()
        return organization

    titles, rest = _strip_titles(tokens, lexicon)
    if head.pos_ == "PROPN" and head.text[:1].isupper() and head.ent_type_ not in _NAME_LABELS[:3] and (
            any(lexicon.roles[t.lower_].title for t in titles if t.lower_ in lexicon.roles)):
        return _person(rest, titles, lexicon)  # "Colonel Ivanov" that NER missed

    role = role_of(tokens, lexicon)
    vague = head.lower_ in lexicon.vague or text.lower() in lexicon.vague or (
        plural and head.lower_ in lexicon.vague)
    if not vague and tokens and head.lower_ in ("media", "press"):
        vague = True
    return Source(UNNAMED_DESCRIBED, description=text, group=role.group if role else None,
                  head_word=head.lemma_.lower(), definite=definite, plural=plural, vague=vague)


def _title_word(token: Token, lexicon: Lexicon) -> bool:
    if token.lower_ in lexicon.roles:
        return True
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.ent_type_ in ("ORG", "NORP", "GPE", "")


def people_mentioned(doc: Doc, lexicon: Lexicon) -> list[PersonMention]:
    """Every PERSON entity with the titles written just before it, in order:
    the antecedents that "the general" or "Gerasimov" can point back to."""
    people = []
    for entity in doc.ents:
        if entity.label_ != "PERSON":
            continue
        start = entity.start
        # Walk back over a title such as "Kremlin spokesman" or "General" (three words at most).
        while start > max(0, entity.start - 3) and _title_word(doc[start - 1], lexicon):
            start -= 1
        if start < entity.start and not any(t.lower_ in lexicon.roles for t in doc[start:entity.start]):
            start = entity.start
        titles_before = list(doc[start:entity.start])
        titles_inside, name = _strip_titles(list(entity), lexicon)
        titles = titles_before + titles_inside
        role = role_of(titles, lexicon)
        span = TextSpan(doc[start].idx, entity.end_char)
        people.append(PersonMention(span, _text(name), _title_text(titles) if titles else None,
                                    role.group if role else None))
    return people
