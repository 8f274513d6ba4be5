"""Place mentions in Russian and Ukrainian text, without a parser.

A mention is a run of capitalised Cyrillic words ("Часова Яра", "Великой Новосёлки",
"Ростове-на-Дону"), a region written as an adjective before "область" ("Белгородской
области", "Дніпропетровській області"), or a region noun in -щина/-ччина ("на Харківщині").
Each is brought to its dictionary form -- pymorphy3's nominatives first, then ending rules for
villages the dictionary lacks -- and every form is romanised (KMU 2010 and the Russian-style
English spelling) and looked up in the gazetteer, so "под Северском" meets Seversk/Siversk and
"Артемовска" meets Bakhmut through its Russian name.

What is kept out, because a capital letter alone does not make a place: names inside «…»
(plants, units, newspapers: «Азовсталь»), words after a street noun ("улица Киевская"),
people (a first name or patronymic in the run: "Иван Харьковский"; a surname not governed by a
place preposition), lone adjectives ("Київська міська влада", "киевский режим"), acronyms (РФ,
ВСУ), and a sentence's first word unless the dictionary marks it as a toponym (Geox) or it
names a sizeable place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any

from unspin.morph import require_morph_analyzer
from unspin.places.gazetteer import CORE_COUNTRIES, Gazetteer, Place
from unspin.places.text import romanisations
from unspin.slavic import sentences

#: A Cyrillic word, hyphens and apostrophes inside ("Ростове-на-Дону", "Куп’янська").
CYRILLIC_WORD = re.compile(r"[А-ЯЁІЇЄҐа-яёіїєґ][А-ЯЁІЇЄҐа-яёіїєґ'’ʼ]*(?:-[А-ЯЁІЇЄҐа-яёіїєґ'’ʼ]+)*")
REGION_NOUN = re.compile(r"^(?:област[ьиюі]|областью|областями|областям|областях|областей|обл\.?|край|краю|краем|"
                         r"краї)$", re.IGNORECASE)
STREET_NOUNS = frozenset("""улица улице улицу улицы улицей ул проспект проспекте проспекта площадь площади
переулок переулке бульвар бульваре шоссе вулиця вулиці вулицю вул проспекті майдан майдані провулок
провулку""".split())
#: Prepositions that govern a place ("под Покровском", "біля Куп’янська"): a surname-like word after
#: one of them is read as a town.
PLACE_PREPOSITIONS = frozenset("""в во на под подо из с со у к ко до от около возле близ между за через по над
перед о об при біля поблизу під із зі з від до між над через по при край""".split())
#: Dictionary tags that mark a person's name.
PERSON_TAGS = frozenset({"Name", "Patr"})
ADJECTIVE_TAGS = frozenset({"ADJF", "ADJS"})
#: Parts of speech a word of a place name can have.
NAME_PARTS = frozenset({"NOUN", "ADJF", "ADJS", "UNKN", "LATN"})
MAX_RUN = 3
#: Countries by their Russian and Ukrainian dictionary forms (the gazetteer knows them in English).
COUNTRIES_FILE = Path(__file__).resolve().parent.parent / "data" / "places_slavic_countries.tsv"


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    rows = (line.split("\t") for line in COUNTRIES_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {cyrillic.strip(): english.strip() for cyrillic, english in rows}
CONJUNCTIONS = frozenset({"и", "і", "та", "й"})
#: A dictionary word read as a place without a preposition must name at least a town.
COMMON_WORD_PROMINENCE = 2
#: Acronyms that name a place (the rest -- ВСУ, ЗСУ, ОВА -- name bodies and are skipped).
ACRONYMS = {"ДНР": "DNR", "ЛНР": "LNR", "США": "United States", "РФ": "Russia", "ЕС": "European Union"}
#: A sentence-initial word without a Geox tag is taken only for places at least this prominent
#: (gazetteer.prominence: 3 = city or region).
SENTENCE_START_PROMINENCE = 3


@dataclass
class SlavicMention:
    start: int
    end: int
    text: str
    form: str  # the Cyrillic dictionary form that matched ("Северск")
    lookup: str  # its romanisation the gazetteer knows ("Seversk")
    candidates: list[Place] = field(default_factory=list)
    region: bool = False  # an oblast written as an adjective or a -щина noun


@dataclass
class _Word:
    start: int
    end: int
    text: str
    sentence_start: bool


def _words(text: str) -> list[_Word]:
    starts = {a + (len(text[a:b]) - len(text[a:b].lstrip())) for a, b in sentences(text)}
    out = []
    for m in CYRILLIC_WORD.finditer(text):
        # the first word of a sentence, also after an opening quote or dash
        lead = text[:m.start()].rstrip(" «\"„—–-")
        first = m.start() in starts or not lead or lead.endswith((".", "!", "?", "…", ":", "\n"))
        out.append(_Word(m.start(), m.end(), m.group(), first))
    return out


#: A quoted stretch this short is a name (a plant, a unit, a paper: «Азовсталь»); longer ones are
#: speech, whose places count.
QUOTED_NAME_WORDS = 4


def _quoted(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"«[^«»]*»|„[^„“”]*[“”]", text)
            if len(m.group().split()) <= QUOTED_NAME_WORDS]


def _capitalised(word: str) -> bool:
    """Capitalised like a name: not an acronym ("ВСУ"), nor an inflected one ("КАБов", "ВСУшники")."""
    return word[:1].isupper() and not word[1:2].isupper()


def _nominatives(morph: Any, word: str, *, adjective_ok: bool, governed: bool = False) -> list[str]:
    """Dictionary forms of one word, most toponym-like first. ``governed``: after a place
    preposition, where a capitalised common noun is a village's name ("в Крынках")."""
    parts = word.split("-")
    if len(parts) == 2 and all(len(part) >= 3 for part in parts):
        # "Купянску-Узловому": both halves inflect (Купянск-Узловой); "Ростове-на-Дону" does not
        halves = [_nominatives(morph, part, adjective_ok=True, governed=governed)[:4] for part in parts]
        joined = ["-".join(pair) for pair in product(*halves)]
        return list(dict.fromkeys([word.lower()] + joined))
    parses = morph.parse(word)
    geox, nouns, adjectives = [], [], []
    for p in parses:
        tag = p.tag.grammemes
        if "NOUN" in tag:
            (geox if "Geox" in tag else nouns).append(p.normal_form)
        elif adjective_ok and tag & ADJECTIVE_TAGS:
            inflected = p.inflect({"nomn"})
            adjectives.append(inflected.word if inflected else p.normal_form)
    # ending rules only where the dictionary does not know the word (or a place preposition
    # governs it): a known word's lemmas are right, and stripping endings off it invents places
    # ("Путин" -> Putina)
    guessed = _ending_rules(word) if governed or not any(p.is_known for p in parses) else []
    forms = geox + [word] + nouns + adjectives + guessed
    return list(dict.fromkeys(f.lower() for f in forms if f))


# Case endings -> nominative endings, for villages the dictionary does not know (tried last).
_ENDINGS = (
    ("ого", ("ое", "ий", "ый")), ("ому", ("ое",)), ("ом", ("", "о", "е")), ("ем", ("", "е")), ("ой", ("а", "ая")),
    ("ей", ("я", "ь")), ("ою", ("а",)), ("ах", ("ы", "и")), ("ях", ("и",)),
    ("ами", ("ы", "и")), ("ье", ("ье",)), ("ья", ("ье", "ья")), ("ьи", ("ье",)), ("ья", ("ья",)),
    ("жжі", ("жжя",)), ("жжю", ("жжя",)), ("ові", ("",)), ("еві", ("",)), ("ці", ("ка",)), ("ки", ("ка",)),
    ("ку", ("ка",)), ("ке", ("ка",)), ("ї", ("я",)), ("і", ("а", "я", "")), ("и", ("а", "")),
    ("ы", ("а",)), ("е", ("", "а", "ь")), ("у", ("", "а")), ("а", ("",)), ("ю", ("я", "ь")), ("я", ("ь", "")),
)
# Ukrainian closes a final syllable's о/е to і in the nominative: Харкова -> Харків, Львова -> Львів.
_UK_ALTERNATION = re.compile(r"[оеє](?=[^аеєиіїоуюяь'’ʼ]+$)")


def _ending_rules(word: str) -> list[str]:
    lower = word.lower()
    out = []
    for ending, replacements in _ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 3:
            stem = lower[: len(lower) - len(ending)]
            for replacement in replacements:
                out.append(stem + replacement)
                if replacement == "":
                    out.append(_UK_ALTERNATION.sub("і", stem))
    return out


# The Russian name of a Ukrainian village is often missing from the gazetteer, its Ukrainian
# name is there: Клещеевка -> Кліщіївка, Андреевка -> Андріївка, Курахово -> Курахове.
_RU_TO_UK_SUFFIXES = (("еевка", "іївка"), ("иевка", "іївка"), ("ьевка", "'ївка"), ("евка", "івка"), ("овка", "івка"),
                      ("ское", "ське"), ("ская", "ська"), ("ский", "ський"), ("цкое", "цьке"), ("ск", "ськ"),
                      ("цк", "цьк"), ("ово", "ове"), ("ево", "еве"), ("ино", "ине"), ("ное", "не"), ("ая", "а"),
                      ("ое", "е"), ("ый", "ий"), ("ий", "ій"))
_RU_TO_UK_LETTERS = str.maketrans({"и": "и", "ы": "и", "э": "е", "ё": "е", "ъ": "'"})
MAX_VOWEL_SWAPS = 3


def _ukrainian_variants(form: str) -> list[str]:
    """Ukrainian spellings a Russian place name may have, most regular first."""
    base = form.lower().translate(_RU_TO_UK_LETTERS)
    for ru, uk in _RU_TO_UK_SUFFIXES:
        if base.endswith(ru):
            base = base[: len(base) - len(ru)] + uk
            break
    stem_end = len(base) - 4 if len(base) > 6 else len(base) - 2
    positions = [i for i, ch in enumerate(base[:stem_end]) if ch in "ео" and i > 0]
    positions = positions[-MAX_VOWEL_SWAPS:]
    out = [base]
    for mask in range(1, 2 ** len(positions)):
        chars = list(base)
        for bit, i in enumerate(positions):
            if mask >> bit & 1:
                chars[i] = "і"
        out.append("".join(chars))
    # и between consonants is often і in Ukrainian (Кирилловка -> Кирилівка)
    out += [re.sub(r"(?<=[бвгджзклмнпрстфхцчшщ])и(?=[бвгджзклмнпрстфхцчшщ])", "і", v) for v in list(out)]
    return list(dict.fromkeys(out))


def _lookup(gazetteer: Gazetteer, forms: list[str], language: str = "uk") -> tuple[str, str, list[Place]]:
    """Every place some form names (the union: the article's geography chooses between them);
    the first form that matched and its romanisation. In Russian text the Ukrainian spellings of
    the first forms add Ukrainian places ("Новомихайловка" is also Novomykhailivka, Donetsk
    Oblast, beside the Russian villages of that name)."""
    form, latin, places = _lookup_forms(gazetteer, forms)
    if language == "ru":
        for ru_form in forms[:3]:
            uk_form, uk_latin, uk_places = _lookup_forms(gazetteer, _ukrainian_variants(ru_form))
            uk_places = [p for p in uk_places if p.country == "UA"]
            if uk_places:
                places = places + uk_places
                if not form:
                    form, latin = uk_form, uk_latin
                break
    seen: set[int] = set()
    return form, latin, [p for p in places if not (p.id in seen or seen.add(p.id))]


def _lookup_forms(gazetteer: Gazetteer, forms: list[str]) -> tuple[str, str, list[Place]]:
    first_form, first_latin, places = "", "", []
    for form in forms:
        title = "-".join(part[:1].upper() + part[1:] if part not in ("на", "над") else part
                         for part in form.split("-"))
        title = " ".join(w[:1].upper() + w[1:] for w in title.split(" "))
        country = country_names().get(form)
        for latin in [country] if country else romanisations(title):
            if gazetteer.is_not_place(latin):
                continue
            found = gazetteer.lookup(latin)
            if found:
                if not first_form:
                    first_form, first_latin = title, latin
                places.extend(found)
    return first_form, first_latin, places


def _region_of(gazetteer: Gazetteer, stems: list[str]) -> tuple[str, str, list[Place]]:
    """The oblast named after a town ("белгород" -> Belgorod Oblast), through the town's admin1."""
    for stem in stems:
        form, latin, places = _lookup_forms(gazetteer, [stem])
        if not places:
            continue
        # regions in -щина and oblast adjectives are those of the core countries ("Брянщина" is
        # not a Bryan in Texas)
        for place in sorted((p for p in places if p.country in CORE_COUNTRIES), key=lambda p: -p.population):
            if place.kind in ("city", "town") and place.admin1:
                regions = [r for r in gazetteer.lookup(place.admin1) if r.kind == "region"]
                if regions:
                    return form, regions[0].name, regions[:1]
            if place.kind == "region":
                return form, place.name, [place]
    return "", "", []


def _adjective_stems(adjective: str) -> list[str]:
    lower = adjective.lower()
    m = re.match(r"^(.+?)(?:ск|цк|ськ|цьк)(?:ий|ой|ая|ое|ої|ій|а|ою|ую|ого|ому|ом|им|ей|их|і|у)$",
                 lower)
    if not m:
        return []
    stem = m.group(1)
    consonant_cluster = lower[len(stem):len(stem) + 3]
    tsk = consonant_cluster.startswith(("цк", "цьк"))
    base = [stem + "цк", stem + "цьк", stem + "ц"] if tsk else []
    # Запорізька -> Запоріжжя: з alternates with жж
    zh = [stem[:-1] + "жжя"] if stem.endswith("з") else []
    return base + zh + [stem + "ск", stem + "ськ", stem, stem + "а", stem + "ь", stem + "и", stem + "ье", stem + "жжя",
                   _UK_ALTERNATION.sub("і", stem)]


def _region_noun_stems(noun: str) -> list[str]:
    """-щина/-ччина regions: Харківщина -> Харків, Донеччина -> Донецьк, Луганщина -> Луганськ."""
    lower = noun.lower()
    m = re.match(r"^(.+?)(щин|ччин|чин)(?:а|и|і|у|ою|е|ой|ы|ей)$", lower)
    if not m:
        return []
    stem, suffix = m.group(1), m.group(2)
    if suffix in ("ччин", "чин"):
        return [stem + "цьк", stem + "цк", stem + "ця", stem + "ц", stem + "ч"]
    # Одещина <- Одеса: с alternates with щ
    return [stem, stem + "а", stem + "и", stem + "ськ", stem + "ск", _UK_ALTERNATION.sub("і", stem), stem + "са",
            stem + "с"]


def _is_person(morph: Any, word: str) -> bool:
    """Every reading the dictionary knows is a person's name ("Дмитрий", "Олег")."""
    nouns = [p for p in morph.parse(word) if p.is_known and "NOUN" in p.tag.grammemes]
    return bool(nouns) and all(p.tag.grammemes & (PERSON_TAGS | {"Surn"}) for p in nouns)


def _first_name(morph: Any, word: str) -> bool:
    """Some known reading is a first name ("Владимир" is also the city)."""
    return any(p.is_known and "Name" in p.tag.grammemes for p in morph.parse(word))


def _surname_only(morph: Any, word: str) -> bool:
    parses = [p for p in morph.parse(word) if p.is_known]
    return bool(parses) and all(p.tag.grammemes & (PERSON_TAGS | ADJECTIVE_TAGS | {"Surn"}) for p in parses) and any(
        "Surn" in p.tag.grammemes for p in parses)


def _adjective_like(morph: Any, word: str) -> bool:
    """Some reading is an adjective ("улица Херсонская"), as street names are; "вулиці Херсона"
    (the streets of Kherson) is a noun and names the city."""
    return any(p.tag.grammemes & ADJECTIVE_TAGS for p in morph.parse(word))


def _adjective_only(morph: Any, word: str) -> bool:
    parses = [p for p in morph.parse(word) if p.is_known]
    return bool(parses) and all(p.tag.grammemes & ADJECTIVE_TAGS for p in parses)


def _has_surname(morph: Any, word: str) -> bool:
    return any(p.is_known and "Surn" in p.tag.grammemes for p in morph.parse(word))


def _common_noun(morph: Any, word: str) -> bool:
    """The dictionary knows the word, and only as a common noun (or other non-name word)."""
    parses = [p for p in morph.parse(word) if p.is_known]
    return bool(parses) and not any(p.tag.grammemes & (PERSON_TAGS | {"Surn", "Geox", "Orgn", "Trad"}) for p in parses)


def _has_geox(morph: Any, word: str) -> bool:
    return any("Geox" in p.tag.grammemes for p in morph.parse(word))


def find_places_slavic(text: str, language: str, gazetteer: Gazetteer) -> list[SlavicMention]:
    """Every place mention of a Russian or Ukrainian text the gazetteer knows, in text order."""
    morph = require_morph_analyzer(language)
    words = _words(text)
    quoted = _quoted(text)
    mentions: list[SlavicMention] = []
    taken: set[int] = set()

    def inside_quotes(w: _Word) -> bool:
        return any(a < w.start < b for a, b in quoted)

    i = 0
    while i < len(words):
        word = words[i]
        previous = words[i - 1].text.lower() if i and _adjacent(text, words[i - 1], word) else ""
        if word.text in ACRONYMS and not inside_quotes(word):
            latin = ACRONYMS[word.text]
            places = gazetteer.lookup(latin)
            if places:
                mentions.append(SlavicMention(word.start, word.end, word.text, word.text, latin, places))
            i += 1
            continue
        if (len(word.text) < 3 or not _capitalised(word.text) or inside_quotes(word)
                or (previous.rstrip(".") in STREET_NOUNS and _adjective_like(morph, word.text))):
            i += 1
            continue
        # "Белгородской области", "Харківська область"
        following = words[i + 1] if i + 1 < len(words) and _adjacent(text, word, words[i + 1]) else None
        if following is not None and REGION_NOUN.match(following.text):
            form, name, places = _region_of(gazetteer, _adjective_stems(word.text))
            if places:
                mentions.append(SlavicMention(word.start, following.end, text[word.start:following.end], form, name,
                                              places, region=True))
                i += 2
                continue
        # "Днепропетровская и Сумская области": the first adjective shares the second's noun
        if (following is not None and following.text.lower() in ("и", "і", "та") and i + 3 < len(words)
                and _capitalised(words[i + 2].text) and REGION_NOUN.match(words[i + 3].text)
                and _adjacent(text, words[i + 2], words[i + 3])):
            form, name, places = _region_of(gazetteer, _adjective_stems(word.text))
            if places:
                mentions.append(SlavicMention(word.start, word.end, word.text, form, name, places, region=True))
                i += 2
                continue
        stems = _region_noun_stems(word.text)
        if stems:
            form, name, places = _region_of(gazetteer, stems)
            if places:
                mentions.append(SlavicMention(word.start, word.end, word.text, form, name, places, region=True))
                i += 1
                continue
        run = [word]
        while (len(run) < MAX_RUN and i + len(run) < len(words) and _capitalised(words[i + len(run)].text)
               and _adjacent(text, run[-1], words[i + len(run)]) and not inside_quotes(words[i + len(run)])):
            run.append(words[i + len(run)])
        person_at = next((k for k, w in enumerate(run) if _is_person(morph, w.text)
                          or (k + 1 < len(run) and _first_name(morph, w.text))), None)
        if person_at == 0:
            i += len(run)  # "Иван Харьковский", "Дмитрий Песков": a person, not a place
            continue
        if person_at is not None:
            run = run[:person_at]  # "Мэр Николаева Александр Сенкевич": the place before the name
        # after a place preposition, or "и/та" right after a place ("Вовчанськ та Липці")
        governed = previous in PLACE_PREPOSITIONS or (
            previous in CONJUNCTIONS and bool(mentions) and i >= 2 and mentions[-1].end == words[i - 2].end)
        found = _best_subrun(text, run, governed, morph, gazetteer, language)
        if found is None:
            i += 1
            continue
        mention, used = found
        if mention.start not in taken:
            taken.add(mention.start)
            mentions.append(mention)
        i += used
    return mentions


def _adjacent(text: str, left: _Word, right: _Word) -> bool:
    return text[left.end:right.start] in (" ", "\u00a0")


def _best_subrun(text: str, run: list[_Word], governed: bool, morph: Any, gazetteer: Gazetteer,
                 language: str) -> tuple[SlavicMention, int] | None:
    """The longest prefix of the run that names a place, and how many words it uses."""
    for length in range(len(run), 0, -1):
        part = run[:length]
        if length == 1:
            mention = _single(text, part[0], governed, morph, gazetteer, language)
        else:
            mention = _multi(text, part, morph, gazetteer)
        if mention is not None:
            return mention, length
    return None


def _nameable(morph: Any, word: str) -> bool:
    """A word that can be a name: three letters or more, and a noun or unknown to the dictionary
    (not "По", "Между", "Под" capitalised at a sentence's start)."""
    if len(word) < 3:
        return False
    parses = morph.parse(word)
    return not any(p.is_known for p in parses) or any(p.tag.grammemes & NAME_PARTS for p in parses)


def _single(text: str, word: _Word, governed: bool, morph: Any, gazetteer: Gazetteer,
            language: str) -> SlavicMention | None:
    if not _nameable(morph, word.text):
        return None
    geox = _has_geox(morph, word.text)
    if not geox and _adjective_only(morph, word.text):
        return None  # "Київська", "Курской" without "область": an adjective, not a town
    if not geox and not governed and _surname_only(morph, word.text):
        return None  # "Пескова": a surname
    common = not geox and _common_noun(morph, word.text)
    if common and not governed and language == "ru":
        return None  # "Победа близка": the Russian dictionary marks towns (Geox); this is a word
    forms = _nominatives(morph, word.text, adjective_ok=False, governed=governed)
    form, latin, places = _lookup(gazetteer, forms, language)
    if not any(p.is_known for p in morph.parse(word.text)):
        # a word the dictionary does not know is a village of the countries this news is about,
        # not a romanised namesake in China or India ("Кайи" Каллас -> Hanfeng)
        places = [p for p in places if p.country in CORE_COUNTRIES]
    if not places:
        return None
    if word.sentence_start and not geox and gazetteer.prominence(latin) < SENTENCE_START_PROMINENCE:
        return None  # "Победы", "Жители": a capital from the sentence, not from a name
    if not geox and not governed and _has_surname(morph, word.text) and gazetteer.prominence(latin) < 3:
        return None  # "сказал Песков": a surname that is also a village's name is the surname
    if common and not governed and gazetteer.prominence(latin) < COMMON_WORD_PROMINENCE:
        return None  # Ukrainian has no Geox tag: a dictionary word names only a town, not a hamlet
    return SlavicMention(word.start, word.end, word.text, form, latin, places)
    return SlavicMention(word.start, word.end, word.text, form, latin, places)


def _multi(text: str, run: list[_Word], morph: Any, gazetteer: Gazetteer) -> SlavicMention | None:
    options = [_nominatives(morph, w.text, adjective_ok=True)[:6] for w in run]
    forms = [" ".join(combo) for combo in product(*options)][:60]
    form, latin, places = _lookup(gazetteer, forms)
    if not places:
        return None
    start, end = run[0].start, run[-1].end
    return SlavicMention(start, end, text[start:end], form, latin, places)
