"""spaCy step ``unspin_toponyms``: fix the place names en_core_web_sm gets wrong.

The small English model often reads Ukrainian and Russian town names as
organisations or people ("Bakhmut" ORG, "Soledar" PERSON, "Donbass" ORG) and
misses others entirely. This step, run right after ``ner``, checks such
entities against the offline gazetteer and relabels them GPE (settlements,
countries, administrative regions) or LOC (informal regions, seas).

It is conservative, because a person turned into a town is worse than a
town left as an organisation:

* names the team listed as non-places (Kremlin, Maidan, Putin ...) and the
  words of multi-word person names in the same text ("Valery Gerasimov" ->
  a later "Gerasimov") are never touched, nor is a name after a title
  ("General X", "President X");
* without a place cue only prominent places qualify: countries, regions,
  curated areas, and cities of the core countries (UA/RU/BY/MD/GE);
* with a cue ("in X", "near X", "the capture of X", "the town of X",
  "X region") less prominent places qualify too.

It also adds an entity for a capitalised name the model missed when the
name is a known place in such a cue. What changed is listed on
``doc._.unspin_toponym_changes`` as ``(start_char, end_char, old, new)``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from unspin.places.cues import (
    CALENDAR_WORDS,
    looks_toponymic,
    person_cue,
    person_name_parts,
    place_cue,
    strip_span,
)
from unspin.places.gazetteer import CORE_COUNTRIES, SETTLEMENT_KINDS, Gazetteer, shared_gazetteer

if not Doc.has_extension("unspin_toponym_changes"):
    Doc.set_extension("unspin_toponym_changes", default=None)

#: Entity labels a place name is commonly mistaken for.
RELABEL_FROM = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "LAW"})

#: Towns of the core countries named after people: as PERSON, they stay people
#: unless the text says they are places ("in Pushkin", "the town of Chekhov").
PERSON_NAMED_TOWNS = frozenset({
    "pushkin", "chekhov", "lermontov", "gagarin", "korolyov", "korolev", "zhukovsky", "zhukovskiy",
    "kirov", "kotovsk", "engels", "lenin", "frunze", "kropotkin", "lomonosov", "kurchatov",
    "shevchenko", "chapaev", "chapayev", "dzerzhinsk", "kalinin", "kuibyshev", "sverdlov",
    "budyonnovsk", "tolyatti", "shakhtarsk", "artem", "marx", "kutuzov", "suvorov", "nakhimov",
})

_MAX_NAME_TOKENS = 4


@Language.component("unspin_toponyms")
def unspin_toponyms(doc: Doc) -> Doc:
    gazetteer = shared_gazetteer()
    people = person_name_parts(doc)
    changes: list[tuple[int, int, str, str]] = []
    entities: list[Span] = []
    place_ends: set[int] = set()  # last token of each place so far: "near P and X" makes X a place too
    for ent in doc.ents:
        new_label = _relabel(doc, ent, gazetteer, people, place_ends) if ent.label_ in RELABEL_FROM else None
        if new_label:
            start, end = strip_span(ent)
            changes.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), ent.label_, new_label))
            ent = Span(doc, start, end, label=new_label)
        if ent.label_ in ("GPE", "LOC"):
            place_ends.add(ent.end - 1)
        entities.append(ent)
    added = _missed_places(doc, gazetteer, people, place_ends)
    for span in added:
        changes.append((span.start_char, span.end_char, "", span.label_))
    if changes:
        doc.ents = sorted(entities + added, key=lambda span: span.start)
    doc._.unspin_toponym_changes = changes
    return doc


def _place_label(gazetteer: Gazetteer, text: str) -> str:
    """GPE for settlements, countries and administrative regions; LOC for the rest."""
    kinds = {place.kind for place in gazetteer.lookup(text)}
    return "GPE" if kinds & (SETTLEMENT_KINDS | {"country", "region"}) else "LOC"


def _in_core(gazetteer: Gazetteer, text: str) -> bool:
    """Some reading of the name is a country/region/area, or a settlement of the core countries."""
    return any(p.kind not in SETTLEMENT_KINDS or p.country in CORE_COUNTRIES for p in gazetteer.lookup(text))


def _is_acronym(text: str) -> bool:
    return text.isupper() and len(text.replace(".", "")) <= 5


def _relabel(doc: Doc, ent: Span, gazetteer: Gazetteer, people: set[str], place_ends: set[int]) -> str | None:
    start, end = strip_span(ent)
    if start >= end:
        return None
    text = doc[start:end].text
    if gazetteer.is_not_place(text) or not gazetteer.ids(text):
        return None
    if end - start == 1 and doc[start].lower_ in people:
        return None  # the surname of a person named in full elsewhere ("Gerasimov")
    if person_cue(doc, start):
        return None
    if _is_acronym(text) and not any(p.kind == "country" for p in gazetteer.lookup(text)):
        return None  # "NATO", "IAEA": organisations even where a hamlet shares the letters
    tier = gazetteer.prominence(text)
    cue = place_cue(doc, start, end, place_ends)
    core = _in_core(gazetteer, text)
    label = ent.label_
    if label == "NORP":
        # "Donbass" is a place; "Russian" is not. Only regions/countries/areas, or a cue.
        ok = any(p.kind not in SETTLEMENT_KINDS for p in gazetteer.lookup(text)) or (tier == 3 and cue >= 1)
    elif label == "PERSON":
        ok = (cue >= 2 or (cue == 1 and tier >= 2)
              or (cue == 0 and tier == 3 and core and doc[start].lower_ not in PERSON_NAMED_TOWNS))
    else:
        ok = (cue >= 2 or (cue == 1 and tier >= 2 and (core or tier == 3))
              # "near Kurdiumivka": a village of the core countries with a place-like ending
              or (cue == 1 and core and looks_toponymic(text))
              or (cue == 0 and tier == 3 and core))
    return _place_label(gazetteer, text) if ok else None


def _missed_places(doc: Doc, gazetteer: Gazetteer, people: set[str], place_ends: set[int]) -> list[Span]:
    """Known place names in a place cue that the model left without an entity."""
    added: list[Span] = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if token.ent_iob_ != "O" or not _name_start(token):
            i += 1
            continue
        match = None
        # longest known name of up to _MAX_NAME_TOKENS capitalised/hyphen tokens
        j = i + 1
        while j <= n and j - i <= _MAX_NAME_TOKENS:
            last = doc[j - 1]
            if last.ent_iob_ != "O" or not (last.is_title or last.text in ("-", "‑")):
                break
            if last.is_title and gazetteer.ids(doc[i:j].text):
                match = j
            j += 1
        if match is not None and _accept_missed(doc, i, match, gazetteer, people, place_ends):
            added.append(Span(doc, i, match, label=_place_label(gazetteer, doc[i:match].text)))
            place_ends.add(match - 1)
            i = match
        else:
            i += 1
    return added


def _name_start(token) -> bool:
    return (token.is_title and token.is_alpha and not token.is_stop and len(token) > 2
            and token.lower_ not in CALENDAR_WORDS)


def _accept_missed(doc: Doc, start: int, end: int, gazetteer: Gazetteer, people: set[str],
                   place_ends: set[int]) -> bool:
    text = doc[start:end].text
    if gazetteer.is_not_place(text) or person_cue(doc, start):
        return False
    if end - start == 1 and doc[start].lower_ in people:
        return False
    cue = place_cue(doc, start, end, place_ends)
    tier = gazetteer.prominence(text)
    core = _in_core(gazetteer, text)
    if cue == 0 and start > 0 and doc[start - 1].lower_ == "of" and tier == 3 and core:
        # "the meat grinder of Bakhmut": a bare "of" is enough for a prominent place
        cue = 0 if doc[start].lower_ in PERSON_NAMED_TOWNS else 1
    if cue == 0:
        return False
    return cue >= 2 or (tier >= 2 and (core or tier == 3)) or (core and looks_toponymic(text))
