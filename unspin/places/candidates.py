"""Place-name candidates beyond the NER model, and how place-like each one is.

The small English model misses many Eastern European town names, and it
misses invented ones most of all: "troops entered Zolotopolye", "stormed
Krasno-Donetskiy". This module reads three kinds of evidence a reader uses:

* position: the object of a verb of movement or attack ("entered X",
  "advanced on X", "liberated X"), besides the cues of
  :func:`unspin.places.cues.place_cue` ("the town of X", "near X");
* form: the endings and compounds of toponyms in the region (-sk, -ivka,
  -ovka, -ove, -grad, -skiy, "Novo-", hyphenated pairs);
* spelling: a name one or two letters from a real town of the core
  countries is most likely that town, misspelt.

:func:`name_end` finds where a capitalised name (hyphenated parts included)
ends; :func:`verb_cue` reads the verb before it; :func:`place_score` turns
the evidence into a probability-like score used to decide whether an unknown
name is reported (see ``unspin.analyzers.places``).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from unspin.places.cues import CALENDAR_WORDS, looks_toponymic

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Verbs whose direct object is, in war reporting, nearly always a place: they make
#: a name a place even where the NER model read it as a person ("entered Zolotopolye").
TAKING_VERBS = frozenset({
    "enter", "storm", "capture", "liberate", "seize", "retake", "recapture", "occupy", "encircle",
    "surround", "besiege", "shell", "bomb", "bombard", "abandon", "evacuate", "overrun", "raze",
    "blockade", "outflank", "bypass", "annex",
})
#: Verbs whose object is often a place and sometimes a person ("attacked X", "hit X").
LOOSE_TAKING_VERBS = frozenset({
    "reach", "raid", "hit", "strike", "target", "attack", "defend", "hold", "lose", "take", "clear",
    "secure", "leave", "flee", "control", "free", "pound", "batter", "reinforce", "visit",
})
#: Verbs that take their place through a particle: "advanced on X", "pushed towards X".
MOTION_VERBS = frozenset({
    "advance", "push", "move", "march", "press", "close", "converge", "drive", "head", "withdraw",
    "retreat", "pull", "break", "fight", "return", "flee", "evacuate", "arrive", "travel", "roll",
    "approach", "drive", "creep", "inch", "edge", "fall", "fly", "redeploy", "relocate", "transfer",
})
MOTION_PARTICLES = frozenset({"on", "upon", "towards", "toward", "into", "from", "to", "through", "for",
                              "at", "near", "around", "past", "beyond", "outside", "inside"})
#: Words between the verb and the name that keep the cue ("stormed the village of" is handled
#: by place_cue; "entered the outskirts of X" too): articles and a few qualifiers.
_SKIPPABLE = frozenset({"the", "a", "an", "nearby", "neighbouring", "neighboring", "strategic", "key",
                        "embattled", "besieged", "frontline", "front-line"})

#: Forms of East Slavic place names, real and invented: -sk, -ivka/-ovka, -ove/-ovo,
#: -ske/-skoye, -grad/-hrad, -skiy/-skyi, -polye, -yne, -ino; Novo-/Krasno-/Verkhne- ...
SLAVIC_ENDING = re.compile(
    r"(?:sk|ck|ivka|ovka|evka|yivka|ivske|ovske|ske|skoye|skoe|skaya|skiy|skyi|skij|sky|ove|eve|yne|ine|"
    r"ino|ovo|evo|ivtsi|yntsi|ovtsy|grad|hrad|ograd|horod|gorod|opol|opil|polye|pole|akha|ukha|"
    r"ovets|evets|iv|ov|ets|ychi|ichi|any|yany|ky|ki|noye|noe|ne|nyi|ny|ka|ye|illia|illya|ia|ya|zke|zkyi)$",
    re.IGNORECASE)
SLAVIC_PREFIX = re.compile(
    r"^(?:novo|staro|krasno|velyko|veliko|malo|mali|verkhne|verkhnyo|nizhne|nyzhnio|zolot|bilo|belo|"
    r"cherno|chorno|zhovt|pervo|pokrov|petro|mykha|mikha|oleksandr|aleksandr|ivano|sosno|ostro|gorno|"
    r"hirn|kamen|kamian|zarech|zarich|dobro|troits|voskres|mirno|myrno|pobed|slav|vesel|zelen|shakht)",
    re.IGNORECASE)
#: Lower-case words after a hyphen that make a compound adjective, not a place ("London-based").
_COMPOUND_TAILS = frozenset({"based", "wide", "sized", "led", "backed", "born", "made", "style", "era", "type",
                             "like", "proposed", "owned", "run", "funded", "linked", "controlled", "held",
                             "occupied", "bound", "friendly", "centric", "related", "area", "region"})


#: Words that qualify an East Slavic place name rather than name it: "Nova", "Persha" (First),
#: "Vostochna" (Eastern), "Stanitsa". "Makarivka-Nova" is shaped by "Makarivka", not by "Nova".
SLAVIC_QUALIFIERS = frozenset("""
nova novyi novyy novy nove novaya novoye novoe stara staryi staryy stary stare staraya staroye staroe
velyka velykyi velyke velikaya bolshaya bolshoye bolshoi mala malyi male malaya maloye maly
persha pershe pershyi pervaya pervoye pervyi druha druhe druhyi vtoraya vtoroye vtoroi tretia tretya
verkhnia verkhnie verkhnyaya verkhneye nyzhnia nyzhnie nizhnyaya nizhneye
pivdenna pivdenne pivdennyi pivnichna pivnichne pivnichnyi skhidna skhidne skhidnyi zakhidna zakhidne
zakhidnyi severnaya severnoye severny severnyi yuzhnaya yuzhnoye yuzhny yuzhnyi vostochnaya vostochna
vostochnoye vostochny vostochnyi zapadnaya zapadnoye zapadny zapadnyi sloboda stanitsa stanytsia
selo selyshche khutir khutor posyolok poselok
""".split())


#: Letters and digraphs of Polish spelling, never used in romanising Ukrainian or Russian names.
_POLISH = re.compile(r"[wWłŁóÓąĄęĘśŚćĆńŃźŹżŻ]|cz|sz", re.IGNORECASE)


def slavic_form(name: str) -> bool:
    """Whether ``name`` is shaped like an East Slavic place name: its last word by its ending,
    its first by its prefix, qualifiers left out (so "Krasno-Donetskiy", "Velyka Novosilka"
    and "Makarivka-Nova" pass)."""
    if _POLISH.search(name):
        return False  # "Wyryki-Wola", "Czosnówka": West Slavic, where the gazetteer lists cities only
    words = [w for w in re.split(r"[\s\-‐‑]+", name.strip()) if w]
    named = [w for w in words if w.lower() not in SLAVIC_QUALIFIERS]
    words = named or words
    if not words:
        return False
    last = words[-1]
    if SLAVIC_ENDING.search(last) and len(last) >= 4 or SLAVIC_PREFIX.search(words[0]):
        return True
    # "Hrushivka-Lisova": a hyphenated name whose first part is Slavic-shaped, the second an
    # adjective ("forest", "garden") no list can hold (not "Tochka-U": every part a word)
    parts = hyphen_parts(name.strip())
    return (len(parts) > 1 and all(len(p) >= 3 for p in parts)
            and bool(SLAVIC_ENDING.search(parts[0])) and len(parts[0]) >= 5)


def looks_like_toponym(name: str) -> bool:
    """Endings, prefixes and hyphenated compounds of place names (any region)."""
    name = name.strip()
    return bool(looks_toponymic(name) or slavic_form(name)
                or ("-" in name and all(part[:1].isupper() for part in name.split("-") if part)))


def hyphen_parts(name: str) -> list[str]:
    """The parts of a hyphenated name, any of the three hyphen characters ("Krasno-Donetskiy")."""
    return [p for p in re.split(r"[\-‐‑]", name) if p]


def compound_adjective(name: str) -> bool:
    """"London-based", "China-proposed", "Antarctic-wide": a place inside an adjective."""
    parts = hyphen_parts(name)
    return len(parts) > 1 and (parts[-1].lower() in _COMPOUND_TAILS or parts[-1].islower() and parts[-1] not in (
        "grad", "hrad", "gorod", "horod", "na", "on"))


def is_hyphen(token: Token) -> bool:
    return token.text in ("-", "‐", "‑") and not token.whitespace_ and token.i > 0 and not token.nbor(-1).whitespace_


def name_end(doc: Doc, start: int, limit: int = 4) -> int:
    """End (exclusive) of the capitalised name starting at ``start``: up to ``limit``
    title-case words, hyphen-joined parts kept ("Krasno-Donetskiy", "Shakhtyorsk-grad")."""
    j = start + 1
    words = 1
    n = len(doc)
    while j < n and words < limit:
        token = doc[j]
        if is_hyphen(token) and j + 1 < n and doc[j + 1].is_alpha:
            j += 2
            continue
        if token.is_title and token.is_alpha and doc[j - 1].whitespace_ and token.lower_ not in CALENDAR_WORDS:
            j += 1
            words += 1
            continue
        break
    return j


def name_start(doc: Doc, start: int) -> int:
    """Start of a name whose first part the model left out ("Krasno-" before "Donetskiy")."""
    i = start
    while i >= 2 and is_hyphen(doc[i - 1]) and doc[i - 2].is_alpha and doc[i - 2].text[:1].isupper():
        i -= 2
    return i


def verb_cue(doc: Doc, start: int) -> int:
    """2 when the name is the place object of a verb of taking or moving ("troops
    entered X", "stormed the X", "advanced on X", "pushed towards X"); 1 for verbs
    whose object may also be a person ("attacked X"); 0 otherwise."""
    i = start - 1
    while i >= 0 and doc[i].lower_ in _SKIPPABLE and start - i <= 2:
        i -= 1
    if i < 0:
        return 0
    token = doc[i]
    if token.pos_ in ("VERB", "AUX"):
        lemma = token.lemma_.lower()
        return 2 if lemma in TAKING_VERBS else 1 if lemma in LOOSE_TAKING_VERBS else 0
    if token.lower_ in MOTION_PARTICLES and i > 0:
        verb = doc[i - 1]
        if verb.lower_ in ("in", "back", "out") and i > 1:  # "closed in on X", "pulled back from X"
            verb = doc[i - 2]
        return 2 if verb.lemma_.lower() in MOTION_VERBS and verb.pos_ in ("VERB", "AUX") else 0
    return 0


#: The evidence :func:`candidate_features` turns into 0/1 features, in model order.
FEATURES = ("entity_place", "entity_person", "entity_org", "entity_other", "cue_weak", "cue_strong", "verb",
            "toponymic", "slavic", "hyphenated", "near_spelling", "near_spelling_here", "repeated",
            "sentence_start", "multiword", "core_article", "slip_of_city")

#: Weights used when no trained model file is found (log-odds; set by hand from the
#: structure of the problem). The shipped model, trained on the team's dev split,
#: is ``unspin/models/places/candidates.json`` (see ``unspin.places.candidate_model``).
DEFAULT_WEIGHTS = {
    "bias": -2.5, "entity_place": 1.5, "entity_person": -0.5, "entity_org": -0.3, "entity_other": -0.5,
    "cue_weak": 1.2, "cue_strong": 2.2, "verb": 0.3, "toponymic": 0.6, "slavic": 0.8, "hyphenated": 0.3,
    "near_spelling": 1.8, "near_spelling_here": 1.5, "repeated": 0.3, "sentence_start": -0.5, "multiword": -1.0, "core_article": 0.8,
    "slip_of_city": 1.0,
}


def candidate_features(evidence: dict[str, Any]) -> dict[str, int]:
    """0/1 features of an unknown name from its evidence (see ``unspin.analyzers.places``)."""
    entity = evidence.get("entity", "")
    cue = evidence.get("cue", 0)
    return {
        "entity_place": int(entity in ("GPE", "LOC")),
        "entity_person": int(entity == "PERSON"),
        "entity_org": int(entity == "ORG"),
        "entity_other": int(bool(entity) and entity not in ("GPE", "LOC", "PERSON", "ORG")),
        "cue_weak": int(cue == 1),
        "cue_strong": int(cue >= 2),
        "verb": int(bool(evidence.get("verb"))),
        "toponymic": int(bool(evidence.get("toponymic"))),
        "slavic": int(bool(evidence.get("slavic"))),
        "hyphenated": int(bool(evidence.get("hyphenated"))),
        "near_spelling": int(bool(evidence.get("near_spelling"))),
        # ... and the town it is close to lies where the article is: "Kramatorks" next to Sloviansk
        "near_spelling_here": int(bool(evidence.get("near_spelling_here"))),
        "repeated": int(evidence.get("mentions", 1) > 1),
        "sentence_start": int(bool(evidence.get("sentence_start"))),
        "multiword": int(evidence.get("words", 1) >= 3),
        "core_article": int(bool(evidence.get("core_article"))),
        # one typing slip from a city of the core countries (Nikopl, Izmial): a slip of a
        # town that size is far likelier than an unlisted place one letter from it
        "slip_of_city": int(bool(evidence.get("slip_of_city"))),
    }


def place_score(features: dict[str, int], weights: dict[str, float] | None = None) -> float:
    """How likely an unknown capitalised name is meant as a place (0..1): a logistic
    model over :data:`FEATURES`."""
    w = weights or DEFAULT_WEIGHTS
    z = w.get("bias", 0.0) + sum(w.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def hyphen_tail(doc: Doc, end: int) -> int:
    """End of a name whose hyphenated tail the model left out ("Shakhtyorsk" + "-grad")."""
    n = len(doc)
    while end + 1 < n and is_hyphen(doc[end]) and doc[end + 1].is_alpha:
        end += 2
    return end


def english_vocabulary(nlp: Any) -> frozenset[str]:
    """The English words a spaCy pipeline's lemmatizer knows (WordNet's index, ~90k
    words), so "Gazelle", "South" or "Prison" are not read as misspelt towns."""
    cached = _VOCABULARIES.get(id(nlp))
    if cached is None:
        words: set[str] = set()
        try:
            index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
            for part in ("noun", "verb", "adj", "adv"):
                words.update(index.get(part, ()))
        except (KeyError, ValueError, AttributeError):
            pass  # a pipeline without lookup tables: no word is excluded
        cached = _VOCABULARIES[id(nlp)] = frozenset(words)
    return cached


_VOCABULARIES: dict[int, frozenset[str]] = {}


def is_english_word(name: str, vocabulary: frozenset[str]) -> bool:
    """Every word of ``name`` is an English word ("Gazelle", "Green Planet", "Dynasties")."""
    words = [w.lower() for w in re.split(r"[\s\-‐‑]+", name) if w]
    if not words or not vocabulary:
        return False

    def known(word: str) -> bool:
        return (word in vocabulary or (word.endswith("s") and word[:-1] in vocabulary)
                or (word.endswith("ies") and word[:-3] + "y" in vocabulary)
                or (word.endswith("es") and word[:-2] in vocabulary)
                # a participle at the head of a sentence or title: "Asked what ...", "Staying, leaving"
                or any(word.endswith(end) and len(word) - len(end) >= 3 and word[:-len(end)] + stem in vocabulary
                       for end, stem in _INFLECTIONS))

    return all(known(w) for w in words)


_INFLECTIONS = (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("ied", "y"))


#: Nouns after which a Russian/Ukrainian adjective names the unit of a town:
#: "Glushkovsky district" (of Glushkovo), "Pokrovsky direction" (of Pokrovsk).
DISTRICT_NOUNS = frozenset({"district", "raion", "rayon", "region", "direction", "axis", "sector", "okrug",
                            "municipality", "municipal", "front", "area", "county", "hromada", "community"})
_ADJECTIVE_SUFFIX = re.compile(r"(?:s?k(?:iy|yi|ij|y|oye|oe|aya|a|e|i|oi|iy))$", re.IGNORECASE)


def adjective_stem(name: str) -> str | None:
    """"Glushkovsky" -> "Glushkov", "Valuysky" -> "Valuy"; None for a name of another shape."""
    words = name.split()
    if not words:
        return None
    match = _ADJECTIVE_SUFFIX.search(words[-1])
    if not match or match.start() < 3:
        return None
    stem = words[-1][:match.start()]
    return " ".join(words[:-1] + [stem])


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """East Slavic given names (``unspin/data/places_given_names.txt``)."""
    text = resources.files("unspin.data").joinpath("places_given_names.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def starts_with_given_name(name: str) -> bool:
    """"Vladimir Rogov", "Yevgeny Balitsky", "Yulia": a person, not a place."""
    words = name.split()
    return bool(words) and words[0].lower() in given_names()


#: Endings of East Slavic surnames (Reznikov, Krasikov, Kozytskyi, Shevchenko, Kovalchuk).
SURNAME_ENDING = re.compile(r"(?:ov|ev|yov|in|yn|sky|skiy|skyi|skii|ko|uk|yuk|chuk|ich|ych|ova|eva|ina|ska|ovich)$",
                            re.IGNORECASE)


def surname_form(name: str) -> bool:
    """A single word shaped like a surname; towns with such endings (Rostov, Azov) are known
    to the gazetteer, so an unknown one is more often a person."""
    words = name.split()
    return len(words) == 1 and "-" not in name and bool(SURNAME_ENDING.search(words[0]))


#: Russian-style endings and the Ukrainian ones they correspond to (Rabotino ~ Robotyne,
#: Kamenka ~ Kamianka, Pokrovskoye ~ Pokrovske, Orekhovo ~ Orikhove).
_RUSSIAN_ENDINGS = (("skoye", "ske"), ("skoe", "ske"), ("skaya", "ska"), ("ovka", "ivka"), ("evka", "ivka"),
                    ("ino", "yne"), ("ovo", "ove"), ("evo", "eve"), ("ov", "iv"), ("ev", "iv"), ("oye", "e"),
                    ("oe", "e"), ("ye", "e"), ("sk", "sk"),
                    # a masculine Russian adjective for a neuter Ukrainian one: Yuzhny -> Yuzhne
                    ("nyy", "ne"), ("niy", "ne"), ("nyi", "ne"), ("ny", "ne"),
                    # a field: Dobropolye ~ Dobropillia, Mnogopolye ~ Mnohopillia
                    ("polye", "pillia"), ("pole", "pillia"))
#: Russian-style stems and their Ukrainian counterparts inside a name (Verkhnekamenskoye ~
#: Verkhnokamianske, Semyonovka ~ Semenivka): tried together with the endings above
_RUSSIAN_STEMS = ((r"^Verkhne", "Verkhno"), (r"^Nizhne", "Nyzhno"), (r"^Sredne", "Seredno"),
                  (r"(?i)(?<=k)amen(?=[kso])", "amian"), (r"yo", "e"))
_VOWELS = "aeiouy"
_ADJECTIVE_UA = {"aya": "a", "oye": "e", "oe": "e", "yy": "yi", "iy": "yi", "ii": "yi"}


def ukrainian_forms(name: str) -> list[str]:
    """Ukrainian-style spellings a Russian-style name may stand for, by the regular
    correspondences of endings and the first vowel (Rabotino -> Robotyne)."""
    lowered = name.strip()
    words = lowered.split()
    if len(words) > 1:  # "Novaya Kakhovka" -> "Nova Kakhovka", "Golaya Pristan" -> "Gola Pristan"
        words[:-1] = [re.sub(r"(?i)(aya|oye|oe|yy|iy|ii)$", lambda m: _ADJECTIVE_UA[m.group(1).lower()], w)
                      for w in words[:-1]]
        lowered = " ".join(words)
    stemmed = lowered
    for pattern, replacement in _RUSSIAN_STEMS:
        stemmed = re.sub(pattern, replacement, stemmed)
    forms = [lowered] if lowered != name.strip() else []
    by_ending = []
    if stemmed != lowered:
        for russian, ukrainian in _RUSSIAN_ENDINGS:
            if stemmed.lower().endswith(russian):
                by_ending.append(stemmed[: len(stemmed) - len(russian)] + ukrainian)
        forms.append(stemmed)
    for russian, ukrainian in _RUSSIAN_ENDINGS:
        if lowered.lower().endswith(russian):
            by_ending.append(lowered[: len(lowered) - len(russian)] + ukrainian)
    forms += by_ending
    out = []
    for form in forms or [lowered]:
        out.append(form)
        first = next((i for i, ch in enumerate(form.lower()) if ch in _VOWELS), None)
        if first is not None and form[first].lower() in "ao":
            swapped = "o" if form[first].lower() == "a" else "a"
            out.append(form[:first] + swapped + form[first + 1:])
        # Russian е where Ukrainian has і (Kleshcheevka ~ Klishchiivka), in a name with a
        # Russian-style ending only: "Dneprograd" is no Ukrainian "Dniprograd"
        if form in by_ending and "e" in form[1:]:
            out.append(form[0] + form[1:].replace("e", "i"))
    return [f for f in dict.fromkeys(out) if f.lower() != name.strip().lower()]
