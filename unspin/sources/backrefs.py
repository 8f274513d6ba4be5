"""Back-references: a later mention of a source already met.

Rule-based and nearest-first, in one pass over attributions in text order:

* continuation — a cue-less quotation right after a quoted speaker is that
  speaker's ("‘…,’ the soldier declared. ‘…’");
* pronoun — "he said" -> the nearest earlier compatible speaker (he/she: a
  person; they: a group, an organisation or a plural; it: an organisation),
  else the nearest person named shortly before;
* definite description — "the soldier" -> an earlier speaker whose role noun
  is in the same synonym group (serviceman, fighter ...); a title noun ("the
  general") also finds a named person carrying that title, even one who
  only appeared in the text without speaking;
* surname — "Gerasimov" -> "General Valery Gerasimov".

A resolved source takes the class, name, role and description of the first
mention of the entity; ``refers_to`` is that mention's attribution (when it
was one) and ``antecedent`` the words it resolved to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from unspin.sources.classify import PersonMention
from unspin.sources.records import (ANONYMOUS, NAMED_ORGANIZATION, NAMED_PERSON, UNATTRIBUTED,
                                    UNNAMED_DESCRIBED, Attribution, Source, TextSpan)

PRONOUN_REACH = 1500  # characters: farther back, "he" is too uncertain to resolve
PERSON_REACH = 400  # characters back to a named person for "he said" with no earlier speaker


def _start(a: Attribution) -> int:
    return a.speaker.span.start if a.speaker else a.content.start


def _first_mention(a: Attribution, by_id: dict[str, Attribution]) -> Attribution:
    while a.source.refers_to and a.source.refers_to in by_id:
        a = by_id[a.source.refers_to]
    return a


def _take(target: Attribution, origin: Attribution, by_id: dict[str, Attribution]) -> None:
    """Make ``target`` the same source as ``origin`` (followed back to its first mention)."""
    first = _first_mention(origin, by_id)
    antecedent = first.speaker.span if first.speaker else first.source.antecedent
    target.source = replace(first.source, refers_to=first.id, antecedent=antecedent,
                            pronoun=target.source.pronoun, definite=target.source.definite)


def _take_person(target: Attribution, person: PersonMention) -> None:
    target.source = replace(target.source, cls=NAMED_PERSON, name=person.name,
                            role=target.source.role or person.role, description=None,
                            group=person.group or target.source.group, refers_to=None,
                            antecedent=person.span)


def _is_person(source: Source) -> bool:
    if source.cls == NAMED_PERSON:
        return True
    # Unnamed sources count as persons only with a role noun ("the engineer", "a source" is
    # anonymous and singular): "he" must not resolve to "part of the problem".
    if source.plural or source.vague or source.pronoun is not None:
        return False
    if source.cls == ANONYMOUS:
        return True
    return source.cls == UNNAMED_DESCRIBED and (
        source.group is not None or (source.head_word or "").endswith(_PERSON_SUFFIXES))


# Agent-noun endings (ferryman, farmer, ambassador, economist): a cheap guess
# at "this noun names a person" for role nouns missing from the list.
_PERSON_SUFFIXES = ("er", "or", "ist", "man", "woman", "ian", "eer")


def _compatible(pronoun: str, source: Source) -> bool:
    if pronoun in ("he", "she"):
        return _is_person(source)
    if pronoun in ("they", "we"):
        return source.plural or source.vague or source.cls == NAMED_ORGANIZATION
    if pronoun == "it":
        return source.cls == NAMED_ORGANIZATION
    return False


def _same_description(source: Source, earlier: Source) -> bool:
    if earlier.cls == NAMED_ORGANIZATION:  # "the ministry" -> "the defence ministry of Russia"
        return bool(earlier.name and source.head_word) and source.head_word in earlier.name.lower().split()
    if source.group:
        return earlier.group == source.group
    # No role noun ("the source", "the utility"): the same head word.
    return source.head_word is not None and earlier.head_word == source.head_word


def _surname_of(name: str, full: str) -> bool:
    return len(full) > len(name) and full.endswith(" " + name)


def _resolve_one(a: Attribution, earlier: Sequence[Attribution], people: Sequence[PersonMention],
                 by_id: dict[str, Attribution]) -> None:
    source = a.source
    here = _start(a)
    previous = [e for e in reversed(earlier) if e.source.cls != UNATTRIBUTED]
    if source.pronoun:
        for e in previous:
            if here - _start(e) > PRONOUN_REACH:
                break
            if _compatible(source.pronoun, e.source):
                _take(a, e, by_id)
                return
        if source.pronoun in ("he", "she"):
            nearby = [p for p in people if p.span.end <= here and here - p.span.end <= PERSON_REACH]
            if nearby:
                _take_person(a, nearby[-1])
        return
    if source.cls == NAMED_PERSON and source.name:
        for e in previous:
            if e.source.cls == NAMED_PERSON and e.source.name and _surname_of(source.name, e.source.name):
                _take(a, e, by_id)
                return
        for person in reversed(people):
            if person.span.end <= here and _surname_of(source.name, person.name):
                _take_person(a, person)
                return
        return
    if source.definite and source.cls in (UNNAMED_DESCRIBED, ANONYMOUS) and not source.vague:
        for e in previous:
            if _same_description(source, e.source):
                _take(a, e, by_id)
                return
        for person in reversed(people):
            if person.span.end <= here and person.group and person.group == source.group:
                _take_person(a, person)
                return


def resolve(attributions: Sequence[Attribution], people: Sequence[PersonMention]) -> None:
    """Resolve back-references in place; ``attributions`` are in text order
    and carry their ids."""
    by_id = {a.id: a for a in attributions}
    first_by_speaker: dict[TextSpan, Attribution] = {}
    for k, a in enumerate(attributions):
        if a.continues is not None:
            _take(a, a.continues, by_id)
            continue
        same_words = first_by_speaker.get(a.speaker.span) if a.speaker else None
        if same_words is not None:  # "X told …, adding that …": one speaker, two cues
            _take(a, same_words, by_id)
            continue
        if a.speaker:
            first_by_speaker[a.speaker.span] = a
        _resolve_one(a, attributions[:k], people, by_id)


def resolve_mention(source: Source, at: int, earlier: Sequence[Attribution],
                    people: Sequence[PersonMention] = ()) -> Source:
    """Resolve a mention that is not itself an attribution ("the advisor’s
    words") against attributions before character ``at``."""
    probe = Attribution("indirect", TextSpan(at, at), source=replace(source))
    by_id = {a.id: a for a in earlier}
    _resolve_one(probe, [a for a in earlier if _start(a) < at], people, by_id)
    return probe.source
