"""The structure of one claim: who/what, the event, where, when, and on whose word.

Inputs are what earlier analyzers left in ``ctx.results`` (read once per
article by :func:`article_evidence`), so nothing is parsed twice:

* where -- ``place`` spans of the ``places`` analyzer inside the sentence
  (resolved name, or the unknown name with its best suggestion);
* when  -- ``date`` spans of the ``dates`` analyzer inside the sentence, with
  their resolved dates;
* attribution -- the ``sources`` summary's attributions whose content or cue
  overlaps the sentence; the sentence's source class is that of the
  attribution overlapping it most, and it "rests only on unnamed sources"
  when every overlapping attribution has an unnamed, vague or anonymous
  source;
* who/what -- named entities of the sentence (people, organisations,
  groups) and its grammatical subject (a country only as the subject).

Any of the three analyzers may be missing (the claims analyzer run alone):
then that part is simply empty and ``sources_checked`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from unspin.claims.events import match_tokens, primary_event

NAMED = "named"
UNNAMED = "unnamed"
VAGUE = "vague"
ANONYMOUS = "anonymous"
UNATTRIBUTED = "unattributed"
NOT_CHECKED = "not_checked"  # the sources analyzer did not run
CLAIM_SOURCE_CLASSES = (NAMED, UNNAMED, VAGUE, ANONYMOUS, UNATTRIBUTED, NOT_CHECKED)
UNNAMED_CLASSES = frozenset({UNNAMED, VAGUE, ANONYMOUS})

# Countries and towns (GPE) are the claim's places; they count as actors only as the subject.
ACTOR_ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
MAX_SUBJECT_CHARS = 80


@dataclass
class AttributionRecord:
    """One attribution of the sources summary, reduced to what a claim needs."""

    id: str
    source_class: str  # the sources analyzer's class (named_person, unnamed_described, ...)
    who: str | None  # name or description
    speaker: tuple[int, int] | None
    cue: tuple[int, int] | None
    content: tuple[int, int] | None
    vague: bool = False

    @property
    def claim_class(self) -> str:
        if self.source_class in ("named_person", "named_organization"):
            return NAMED
        if self.source_class == "anonymous":
            return ANONYMOUS
        if self.source_class == "unnamed_described":
            return VAGUE if self.vague else UNNAMED
        return UNATTRIBUTED


@dataclass
class ArticleEvidence:
    places: list[dict[str, Any]] = field(default_factory=list)  # start, end, text, status, display/suggestion
    dates: list[dict[str, Any]] = field(default_factory=list)  # start, end, text, resolved, granularity
    attributions: list[AttributionRecord] = field(default_factory=list)
    checked: dict[str, bool] = field(default_factory=dict)  # which of places/dates/sources ran


def _pair(part: Any) -> tuple[int, int] | None:
    if isinstance(part, dict) and isinstance(part.get("start"), int) and isinstance(part.get("end"), int):
        return part["start"], part["end"]
    return None


def article_evidence(results: dict[str, Any]) -> ArticleEvidence:
    """Places, dates and attributions of the article from earlier analyzers' results."""
    evidence = ArticleEvidence(checked={name: name in results for name in ("places", "dates", "sources")})
    places = results.get("places")
    for span in getattr(places, "spans", []) or []:
        if span.label != "place":
            continue
        attrs = span.attributes or {}
        evidence.places.append({"start": span.start, "end": span.end, "text": span.text,
                                "status": attrs.get("status"), "name": attrs.get("display") or attrs.get("name"),
                                "suggestion": attrs.get("suggestion")})
    dates = results.get("dates")
    for span in getattr(dates, "spans", []) or []:
        if span.label != "date":
            continue
        attrs = span.attributes or {}
        evidence.dates.append({"start": span.start, "end": span.end, "text": span.text,
                               "resolved": attrs.get("resolved"), "granularity": attrs.get("granularity")})
    sources = results.get("sources")
    if sources is not None:
        vague = {s.attributes.get("attribution") for s in sources.spans
                 if s.label == "speaker" and s.attributes.get("vague")}
        for item in (sources.summary or {}).get("attributions") or []:
            if not isinstance(item, dict):
                continue
            source = item.get("source") if isinstance(item.get("source"), dict) else {}
            evidence.attributions.append(AttributionRecord(
                id=str(item.get("id") or ""), source_class=str(source.get("class") or "unattributed"),
                who=source.get("name") or source.get("description"),
                speaker=_pair(item.get("speaker")), cue=_pair(item.get("cue")), content=_pair(item.get("content")),
                vague=item.get("id") in vague))
    return evidence


def _overlap(a: tuple[int, int] | None, start: int, end: int) -> int:
    if a is None:
        return 0
    return max(0, min(a[1], end) - max(a[0], start))


def _inside(item: dict[str, Any], start: int, end: int) -> bool:
    return start <= item["start"] and item["end"] <= end


def attribution_of(evidence: ArticleEvidence, start: int, end: int) -> dict[str, Any]:
    """The sentence's attribution: class, who, the attribution ids, and whether it rests only on
    unnamed sources."""
    if not evidence.checked.get("sources"):
        return {"class": NOT_CHECKED, "who": None, "attribution": None, "attributions": [],
                "source_class": None, "unnamed_only": False}
    overlapping = []
    for record in evidence.attributions:
        # content is what is claimed; a cue inside the sentence ("..., officials said") ties it too
        size = _overlap(record.content, start, end) + _overlap(record.cue, start, end)
        if size > 0:
            overlapping.append((size, record))
    if not overlapping:
        return {"class": UNATTRIBUTED, "who": None, "attribution": None, "attributions": [],
                "source_class": None, "unnamed_only": False}
    overlapping.sort(key=lambda pair: (-pair[0], pair[1].content[0] if pair[1].content else 0))
    main = overlapping[0][1]
    classes = [record.claim_class for _, record in overlapping]
    return {
        "class": main.claim_class,
        "who": main.who,
        "source_class": main.source_class,
        "attribution": main.id,
        "speaker": list(main.speaker) if main.speaker else None,
        "attributions": [record.id for _, record in overlapping],
        "unnamed_only": all(c in UNNAMED_CLASSES for c in classes),
    }


def _subject(sentence: Any) -> Any | None:
    """The subject phrase of the sentence's main verb (a token subtree), if it is not a pronoun."""
    root = getattr(sentence, "root", None)
    if root is None:
        return None
    for child in root.children:
        if child.dep_ in SUBJECT_DEPS and child.pos_ != "PRON":
            return child
    return None


_KEEP_PUNCT = frozenset({"'", "’", "‘", "-", "&", "."})  # inside names and scare quotes
_CLAUSE_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "cc", "conj"})


def subject_phrase(subject: Any) -> tuple[int, int]:
    """Character offsets of the subject phrase: the head and its contiguous modifiers, cut
    at punctuation and clauses ("the recent capture of Severansk", not "..., as media dubbed it,")."""
    members = {t.i for t in subject.subtree}
    doc = subject.doc
    first = last = subject.i
    while first - 1 in members and not (doc[first - 1].is_punct and doc[first - 1].text not in _KEEP_PUNCT):
        first -= 1
    while last + 1 in members and doc[last + 1].dep_ not in _CLAUSE_DEPS and \
            not (doc[last + 1].is_punct and doc[last + 1].text not in _KEEP_PUNCT):
        last += 1
    phrase = doc[first:last + 1]
    start, end = phrase.start_char, phrase.end_char
    # the phrase's own text, not doc.text: spaCy rebuilds doc.text from every token on each call
    inner = phrase.text
    dash = min((i for i in (inner.find(d) for d in "—–") if i > 0), default=-1)
    while dash > 0 and inner[dash - 1].isspace():
        dash -= 1
    return (start, start + dash) if dash > 0 else (start, end)  # "words—’We" is one token when dashes are unspaced


def actors_of(sentence: Any) -> list[dict[str, Any]]:
    """The subject phrase and the named people, organisations and groups of the sentence;
    countries and towns only when they are the subject (otherwise they are the claim's places)."""
    if sentence is None:
        return []
    actors: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    subject = _subject(sentence)
    if subject is not None:
        start, end = subject_phrase(subject)
        text = sentence.text[start - sentence.start_char:end - sentence.start_char]
        if len(text) <= MAX_SUBJECT_CHARS:
            actors.append({"text": text, "start": start, "end": end, "role": "subject",
                           "label": subject.ent_type_ or None})
            seen.add((start, end))
    for label, ent in _entities(sentence):
        if label in ACTOR_ENTITY_LABELS and (ent.start_char, ent.end_char) not in seen:
            actors.append({"text": ent.text, "start": ent.start_char, "end": ent.end_char, "role": "entity",
                           "label": label})
            seen.add((ent.start_char, ent.end_char))
    return actors


def _entities(sentence: Any) -> list[tuple[str, Any]]:
    """(label, span) of the named entities inside the sentence, read from its own tokens:
    spaCy's ``Span.ents`` walks every entity of the document, once per sentence."""
    if not hasattr(sentence, "doc"):
        return [(ent.label_, ent) for ent in getattr(sentence, "ents", [])]
    doc, found, i = sentence.doc, [], sentence.start
    while i < sentence.end:
        token = doc[i]
        if token.ent_iob_ == "B":
            j = i + 1
            while j < sentence.end and doc[j].ent_iob_ == "I":
                j += 1
            found.append((token.ent_type_, doc[i:j]))
            i = j
        else:
            i += 1
    return found


def structure(evidence: ArticleEvidence, start: int, end: int, sentence: Any = None) -> dict[str, Any]:
    """Everything the claim record holds except its score and rank."""
    matches = match_tokens(sentence) if sentence is not None else []
    event = primary_event(matches)
    places = [{"text": p["text"], "start": p["start"], "end": p["end"], "status": p["status"],
               "name": p["name"], "suggestion": p["suggestion"]}
              for p in evidence.places if _inside(p, start, end)]
    dates = [dict(d) for d in evidence.dates if _inside(d, start, end)]
    return {
        "event": event.event if event else "other",
        "event_trigger": event.word if event else None,
        "events": list(dict.fromkeys(m.event for m in matches)),  # every type matched, in text order
        "actors": actors_of(sentence),
        "places": places,
        "dates": dates,
        "attribution": attribution_of(evidence, start, end),
    }
