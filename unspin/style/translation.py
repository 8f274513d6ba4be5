"""Translation tells: traces a translation from Russian (or Ukrainian) leaves in English news copy.

Content farms run Russian state-media items through machine translation and a rewriter; what the
rewriter misses shows. Four kinds, each with its own evidence span:

* ``calque`` — a Russian construction copied word for word: "on the territory of" (на территории),
  "peaceful residents" (мирные жители), "received shrapnel wounds" (получил осколочные ранения),
  "5,000 subscribers were left without power" (абоненты). Phrases and their context rules are in
  ``unspin/data/style_calques.tsv``;
* ``untranslated`` — a Russian word or abbreviation left in Latin letters: "VSU", "SVO", "BPLA",
  "gorod", "Kurskoy oblasti" (``unspin/data/style_untranslated.tsv``). A word the reporter glosses
  ("known as voenkory, or war correspondents"; 'the word "prilet"') is kept as ``glossed`` and
  raises nothing;
* ``case_ending`` — a name that kept its Russian case ending: "in Bakhmute", "closer to Pokrovsku",
  "Zelenskogo", "Sergeya Belova", "Mayor Oleg Krutova" (a man's first name before a surname in the
  feminine or genitive form). Known names and their paradigms are in
  ``unspin/data/style_case_names.tsv``; forms that are real names themselves (the village Pokrovske,
  the surname Lvova) are listed there and never flagged;
* ``name_order`` — the Russian official order surname, first name, patronymic ("Sukhov Andrei
  Petrovich");
* ``typography`` — Russian typography left in English: «guillemets», the № sign, a decimal comma
  ("7,5 percent").

What this is not: propaganda vocabulary ("the Kyiv regime", "special military operation") is how
some outlets write natively, and Russian-era spellings (Kharkov, Odessa) are house style for some;
neither is counted here (``transliteration`` in :mod:`unspin.style.leftovers` records the second).

How well each kind works is measured on ``evals/translation_tells`` (``unspin eval
translation-tells``); the analyzer's confidences are those measured precisions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"
CALQUE_FILE = DATA / "style_calques.tsv"
UNTRANSLATED_FILE = DATA / "style_untranslated.tsv"
CASE_NAMES_FILE = DATA / "style_case_names.tsv"

KINDS = ("calque", "untranslated", "case_ending", "name_order", "typography")


class TranslationLexiconError(ValueError):
    """A line of one of the data files that cannot be used; the message names file and line."""


@dataclass(frozen=True)
class Tell:
    kind: str  # calque | untranslated | case_ending | name_order | typography
    start: int
    end: int
    matched: str
    rule: str
    attributes: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


# --- context words for the calque rules whose phrase is ordinary English elsewhere -------------------
_CONTEXT = {
    "war": re.compile(r"\b(?:drones?|UAVs?|strikes?|struck|shell(?:s|ed|ing)?|attack(?:s|ed)?|missiles?|rockets?|"
                      r"debris|fragments|explosions?|explosive|damag\w*|destroy\w*|killed|wounded|injur\w*|fire|"
                      r"bomb\w*|artillery|evacuat\w*|front|troops|forces|militants|military)\b", re.IGNORECASE),
    "power": re.compile(r"\b(?:electricity|power|light|gas|water|heat(?:ing)?|outages?|blackouts?|de-?energi[sz]ed|"
                        r"substations?|without|supply|energy)\b", re.IGNORECASE),
    "person": re.compile(r"\b(?:man|woman|men|women|child|children|girl|boy|resident|residents|victim|victims|"
                         r"injured|wounded|driver|pensioner|he|she|they|serviceman|soldier|\d+-year-old)\b",
                         re.IGNORECASE),
}
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|$)")


@dataclass(frozen=True)
class _Rule:
    id: str
    regex: re.Pattern[str]
    context: str
    note: str
    left_boundary: bool  # the match must start at a word boundary (checked after the match: a leading
    # \b would stop the regex engine's fast search for the literal prefix, which is most of the cost)
    lowered: bool  # matched against the lower-cased text (case-insensitive, without re.IGNORECASE)

    def finditer(self, text: str, lowered: str) -> list[re.Match[str]]:
        subject = lowered if self.lowered else text
        out = []
        for m in self.regex.finditer(subject):
            if m.end() <= m.start():
                continue
            if self.left_boundary and m.start() > 0 and (subject[m.start() - 1].isalnum() or subject[m.start() - 1] == "_"):
                continue
            out.append(m)
        return out


def _read_rows(path: Path, columns: int) -> list[tuple[int, list[str]]]:
    rows = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) != columns and not raw.startswith("!"):
            raise TranslationLexiconError(f"{path}:{number}: expected {columns} tab-separated columns, got {len(cells)}")
        rows.append((number, cells))
    return rows


def _rule(rule_id: str, pattern: str, ignore_case: bool, context: str, note: str, path: Path, number: int) -> _Rule:
    """A rule between word boundaries. Case-insensitive rules are matched on the lower-cased text with
    a lower-cased pattern (their patterns use only lower-case escapes such as \\d \\w \\b \\s)."""
    if ignore_case and re.search(r"\\[WSBDAZ]", pattern):
        raise TranslationLexiconError(f"{path}:{number}: case-insensitive patterns may not use \\W \\S \\B \\D \\A \\Z")
    left = bool(re.match(r"[\w(]", pattern))
    right = r"\b" if re.search(r"[\w)]$", pattern) else ""
    body = pattern.lower() if ignore_case else pattern
    try:
        regex = re.compile(f"(?:{body}){right}")
    except re.error as exc:
        raise TranslationLexiconError(f"{path}:{number}: bad pattern {pattern!r}: {exc}") from None
    return _Rule(rule_id, regex, context, note, left, ignore_case)


@lru_cache(maxsize=4)
def load_calques(path: Path | str = CALQUE_FILE) -> tuple[_Rule, ...]:
    path = Path(path)
    rules, seen = [], set()
    for number, (rule_id, pattern, context, note) in _read_rows(path, 4):
        context = context.strip()
        if context != "-" and context not in _CONTEXT:
            raise TranslationLexiconError(f"{path}:{number}: unknown context {context!r}")
        if rule_id in seen:
            raise TranslationLexiconError(f"{path}:{number}: duplicate id {rule_id!r}")
        seen.add(rule_id)
        rules.append(_rule(rule_id, pattern, True, context, note.strip(), path, number))
    return tuple(rules)


@lru_cache(maxsize=4)
def load_untranslated(path: Path | str = UNTRANSLATED_FILE) -> tuple[_Rule, ...]:
    path = Path(path)
    rules = []
    for number, (rule_id, pattern, case, gloss) in _read_rows(path, 4):
        if case.strip() not in ("s", "i"):
            raise TranslationLexiconError(f"{path}:{number}: case must be s or i, not {case!r}")
        rules.append(_rule(rule_id, pattern, case.strip() == "i", "-", gloss.strip(), path, number))
    return tuple(rules)


def _forms(name: str, paradigm: str) -> list[str]:
    if paradigm == "C":
        return [name + e for e in ("a", "u", "om", "e")]
    if paradigm == "L":
        return [name + e for e in ("ya", "yu", "em", "e")]
    if paradigm == "A":
        stem = name[:-1]
        gen = ("i", "y") if re.search(r"(?:k|g|kh|zh|sh|ch)$", stem) else ("y",)
        return [stem + e for e in (*gen, "e", "u", "oy", "oi")]
    if paradigm == "AYA":
        return [name[:-3] + e for e in ("oy", "uyu", "oi")]
    if paradigm == "YE":
        return [name[:-2] + e for e in ("ya", "yu", "yem")]
    if paradigm == "PL":
        return [name[:-1] + e for e in ("akh", "am", "ami")]
    if paradigm == "OV":
        return [name + e for e in ("a", "u", "ym", "e")]
    if paradigm == "SKY":
        stem = re.sub(r"(?:yy|yi|iy|y|i)$", "", name)
        return [stem + e for e in ("ogo", "oho", "omu", "im", "ym", "om")]
    if paradigm == "NY":
        stem = re.sub(r"(?:yi|iy|y)$", "", name)
        return [stem + e for e in ("ogo", "oho", "omu", "ym")]
    if paradigm == "F":
        return [name[:-1] + e for e in ("oy", "oi", "u")]
    if paradigm == "X":
        return []
    raise ValueError(paradigm)


@dataclass(frozen=True)
class CaseNames:
    forms: dict[str, tuple[str, str, bool]]  # form -> (standard name, base, is_person)
    not_forms: frozenset[str]  # never flagged
    ambiguous: frozenset[str]  # also another real place: flagged only with other tells beside it


def _names(block: str) -> frozenset[str]:
    """A set of words written one block of text apart, several to a line."""
    return frozenset(block.split())


@lru_cache(maxsize=4)
def load_case_names(path: Path | str = CASE_NAMES_FILE) -> CaseNames:
    path = Path(path)
    forms: dict[str, tuple[str, str, bool]] = {}
    not_forms: set[str] = set()
    ambiguous: set[str] = set()
    person = False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.startswith("# people"):
            person = True
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw.startswith(("!", "?")):
            (not_forms if raw.startswith("!") else ambiguous).add(raw[1:].split("\t")[0].strip())
            continue
        cells = raw.split("\t")
        if len(cells) != 4:
            raise TranslationLexiconError(f"{path}:{number}: expected name<TAB>paradigm<TAB>forms<TAB>standard")
        name, paradigm, extra, standard = (c.strip() for c in cells)
        try:
            generated = _forms(name, paradigm)
        except ValueError:
            raise TranslationLexiconError(f"{path}:{number}: unknown paradigm {paradigm!r}") from None
        if extra != "-":
            generated += [f.strip() for f in extra.split("|") if f.strip()]
        for form in generated:
            if form != name:
                forms.setdefault(form, (standard, name, person))
    for form in not_forms:
        forms.pop(form, None)
    return CaseNames(forms, frozenset(not_forms), frozenset(ambiguous))


# --- first names --------------------------------------------------------------------------------------
# Men's first names as English copy spells them (Russian and Ukrainian transliterations).
MALE_NAMES = _names("""
Vladimir Volodymyr Dmitry Dmitri Dmitriy Dmytro Sergei Sergey Serhiy Serhii Alexei Aleksei Alexey Oleksiy Oleksii
Andrei Andrey Andriy Andrii Oleg Oleh Igor Ihor Yuri Yury Yuriy Yurii Pavel Pavlo Ivan Nikolai Nikolay Mykola
Mikhail Mykhailo Alexander Aleksandr Oleksandr Viktor Vitaly Vitali Vitaliy Vitalii Vyacheslav Yevgeny Evgeny
Yevgeniy Yevhen Roman Denis Denys Maxim Maksim Maksym Anton Artem Artyom Boris Gennady Gennadiy Valery Valeriy
Vadim Vadym Vasily Vasyl Konstantin Kostiantyn Kirill Kyrylo Leonid Petr Pyotr Petro Ruslan Stanislav Timur
Vladislav Yaroslav Grigory Hryhoriy Anatoly Anatoliy Arkady Bogdan Bohdan Fyodor Fedor Gleb Ilya Illia Nikita
Ramzan Taras Yakov Zakhar Georgy Heorhiy Eduard Rustam Valentin Semyon Stepan Lev Mikhail Matvei Yegor Egor
""")
# The same names in an oblique case; the ones that are also women's names (Aleksandra, Yevgeniya,
# Valeriya, Stanislava, Yaroslava, Bogdana, Ruslana, Romana, Ivana) are left out.
MALE_NAMES_INFLECTED = _names("""
Vladimira Dmitriya Sergeya Alekseya Alexeya Andreya Olega Igorya Yuriya Pavla Nikolaya Mikhaila Viktora
Vitaliya Vyacheslava Maksima Maxima Antona Artema Artyoma Borisa Gennadiya Vadima Kirilla Leonida Timura
Grigoriya Anatoliya Gleba Ramzana Vladimiru Dmitriyu Sergeyu Alekseyu Andreyu Olegu Igoryu Pavlu Nikolayu
Mikhailu Viktoru Vladimirom Sergeem Andreem Olegom Pavlom
""")
FEMALE_NAMES = _names("""
Maria Mariya Anna Elena Yelena Olena Olga Olha Tatiana Tatyana Tetiana Natalia Natalya Nataliya Irina Iryna
Svetlana Ekaterina Yekaterina Kateryna Yulia Yuliya Anastasia Daria Darya Valentina Lyudmila Liudmyla Galina
Halyna Alla Oksana Larisa Nadezhda Vera Lyubov Marina Maryna Sofia Polina Victoria Viktoria Alexandra
Aleksandra Yevgeniya Evgenia Valeriya Ksenia Kseniya Inna Zoya Lidia Veronika Alina Kristina Yana Ella Nina
Raisa Elvira Elizaveta Yelizaveta Margarita Vasilisa Diana Ulyana Ruslana Yaroslava Stanislava Bogdana Ivanna
""")

# Titles before a name: "President Putina" is a case ending even though no first name stands before it.
TITLES = _names("""
President Governor Mayor Minister General Colonel Spokesman Spokesperson Deputy Senator Chairman Head Commander
Leader Secretary Ambassador Director Chief Mr Premier Prime Patriarch Marshal Admiral Lieutenant Major Captain
""")

_CAP = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
# a surname in a man's name that carries a feminine or oblique ending
_OBLIQUE_SURNAME = re.compile(r"(?:ova|eva|yova|ina|yna|ogo|oho|omu|ovym|evym|inym|ym|skim|ovu|evu|inu)$")
_ADJ_OBLIQUE = re.compile(r"\b[A-Z][a-z]+(?:skogo|skomu|tskogo|tskomu|skikh|skoho)\b")
_ADJ_BEFORE_REGION = re.compile(r"\b([A-Z][a-z]+(?:skoy|tskoy|skoi|skaya|tskaya|nskoy|noy))(?=\s+(?:and\s+[A-Z]\w+\s+)?"
                                r"(?:region|regions|oblast|oblasts|district|districts|republic|krai|territory|"
                                r"rayon|raion|area)\b)")
_RUSSIAN_REGION_PHRASE = re.compile(r"\b[A-Z][a-z]+(?:skoy|tskoy|skaya|tskaya|skoi|nskoy|noy|naya)\s+"
                                    r"(?:oblasti|oblast|respubliki|respublika|kraya|oblasty)\b")
_UKRAINIAN_OBLAST_AFTER = re.compile(r"(?:\s+and\s+[A-Z][a-z]+ska)?\s+[Oo]blasts?\b")
_PATRONYMIC = r"[A-Z][a-z]+(?:ovich|evich|yevich|ievich|ovna|evna|ivna|ich|ichna)"
_SLAVIC_SURNAME = re.compile(r"(?:ov|ev|yov|in|yn|enko|ko|uk|yuk|chuk|sky|skiy|skyi|tsky|ets|ik|yak|ak|an|ova|eva|ina|aya|"
                             r"ich|ikh|ykh|iy|yi|ny|oy)$")
_NAME_ORDER = re.compile(rf"\b({_CAP})\s+({_CAP})\s+({_PATRONYMIC})\b")

_GUILLEMETS = re.compile(r"«[^«»\n]{1,80}»")
_NUMERO = re.compile(r"№\s*\d+|\b[A-Za-z]+\s*№\s*\d+")
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])\d{1,3},\d{1,2}(?![\d,])(?=\s*(?:%|percent|per cent|km|kilomet|met(?:er|re)s|"
                            r"tons|tonnes|thousand|million|billion|trillion|mln|mlrd|times|hectares|hours|points|"
                            r"degrees|rubles|roubles|hryvni|dollars|kg|liters|litres|square|sq\b|m\b|cm\b))")
_GLOSS_BEFORE = re.compile(r"(?:known as|called|calls? it|the (?:Russian |Ukrainian )?(?:word|term|phrase|slogan|abbreviation|acronym)|"
                           r"so-called|in Russian|in Ukrainian|Russian for|Ukrainian for|literally|nicknamed|dubbed)\s*[\"“‘'«]?\s*$",
                           re.IGNORECASE)
_GLOSS_AFTER = re.compile(r"^[\"”’'»]?\s*(?:\(|,\s*or\s|—\s*(?:literally|meaning|the Russian)|,\s*meaning\b|,\s*literally\b)")
_QUOTES = "\"“”«»"


def _sentence_of(text: str, start: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("! ", 0, start),
               text.rfind("? ", 0, start))
    right_candidates = [i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1:right + 1]


def _in_quotes(text: str, start: int, end: int) -> bool:
    """The word sits directly inside quotation marks ("prilet", «nashi»)."""
    before = text[max(0, start - 2):start].strip()
    after = text[end:end + 2].strip()
    return bool(before) and before[-1] in _QUOTES + "‘'" and bool(after) and after[0] in _QUOTES + "’'"


def is_glossed(text: str, start: int, end: int) -> bool:
    """A reporter giving the Russian word on purpose: quoted, introduced as a word, or glossed after."""
    if _in_quotes(text, start, end):
        return True
    if _GLOSS_BEFORE.search(text[max(0, start - 40):start]):
        return True
    return bool(_GLOSS_AFTER.match(text[end:end + 30]))


def _lower(text: str) -> str:
    """``text`` lower-cased character by character, so that offsets stay valid ("İ".lower() is two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def find_calques(text: str, lowered: str | None = None) -> list[Tell]:
    lowered = _lower(text) if lowered is None else lowered
    found = []
    for rule in load_calques():
        for m in rule.finditer(text, lowered):
            if rule.context != "-" and not _CONTEXT[rule.context].search(_sentence_of(text, m.start())):
                continue
            found.append(Tell("calque", m.start(), m.end(), text[m.start():m.end()], rule.id, {"russian": rule.note}))
    return found


def _english_acronyms(text: str) -> set[str]:
    """Acronyms the text spells out in English words before it: "Marburg virus disease (MVD)"."""
    defined = set()
    for m in re.finditer(r"\(([A-Z][A-Za-z]{1,5})\)", text):
        acronym = m.group(1)
        words = re.findall(r"[A-Za-z]+", text[max(0, m.start() - 80):m.start()])[-len(acronym):]
        if len(words) == len(acronym) and "".join(w[0] for w in words).upper() == acronym.upper():
            defined.add(acronym)
    return defined


def find_untranslated(text: str, lowered: str | None = None) -> list[Tell]:
    lowered = _lower(text) if lowered is None else lowered
    found = []
    english = _english_acronyms(text) if "(" in text else set()
    for rule in load_untranslated():
        for m in rule.finditer(text, lowered):
            matched = text[m.start():m.end()]
            if matched in english:
                continue
            found.append(Tell("untranslated", m.start(), m.end(), matched, rule.id,
                              {"gloss": rule.note, "glossed": is_glossed(text, m.start(), m.end())}))
    for m in _RUSSIAN_REGION_PHRASE.finditer(text):
        found.append(Tell("untranslated", m.start(), m.end(), m.group(0), "russian-region-phrase",
                          {"gloss": "a Russian region name in a Russian case (Kurskoy oblasti: of the Kursk region)",
                           "glossed": is_glossed(text, m.start(), m.end())}))
    return found


def _previous_word(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z]+)[\s,]*$", text[max(0, start - 30):start])
    return m.group(1) if m and not re.search(r"[.!?;:]\s*$", text[max(0, start - 30):start]) else ""


def find_case_endings(text: str) -> list[Tell]:
    names = load_case_names()
    found: list[Tell] = []
    for m in re.finditer(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b", text):
        word = m.group(0)
        entry = names.forms.get(word)
        if entry is None:
            continue
        standard, base, person = entry
        previous = _previous_word(text, m.start())
        after = text[m.end():m.end() + 1]
        if after == "-" or previous in FEMALE_NAMES:
            continue  # Lvova-Belova; Maria Zakharova: a woman's surname, not a case ending
        if word.endswith("ska") and _UKRAINIAN_OBLAST_AFTER.match(text, m.end()):
            continue  # "Donetska and Luhanska oblasts": Ukraine's own English spelling of the oblast names
        if person and word.endswith("a") and previous and previous[0].isupper() and previous not in MALE_NAMES \
                and previous not in MALE_NAMES_INFLECTED and previous not in TITLES:
            continue  # "Anna-Maria Peskova"-like constructions with an unknown first name: leave it
        if word in names.ambiguous and re.search(r"\b(?:villages?|settlements?|towns?|hamlet) of\s*$",
                                                   text[max(0, m.start() - 20):m.start()]):
            continue
        found.append(Tell("case_ending", m.start(), m.end(), word, "known-name",
                          {"standard": standard, "base": base, "ambiguous": word in names.ambiguous}))
    # a man's first name before a surname with a feminine or oblique ending: "Oleg Krutova", "Sergeya Belova"
    for m in re.finditer(rf"\b({_CAP})(?=\s+({_CAP})\b)", text):
        first, surname = m.group(1), m.group(2)
        end = m.end(2)
        if first in MALE_NAMES_INFLECTED and not surname.endswith(("ich", "ovich", "evich")):
            found.append(Tell("case_ending", m.start(), end, text[m.start():end], "inflected-first-name",
                              {"standard": None, "base": None}))
        elif first in MALE_NAMES and _OBLIQUE_SURNAME.search(surname) and surname not in MALE_NAMES \
                and not surname.endswith(("ovich", "evich")):
            found.append(Tell("case_ending", m.start(2), end, surname, "man-with-oblique-surname",
                              {"standard": None, "base": None}))
    for m in _ADJ_OBLIQUE.finditer(text):
        found.append(Tell("case_ending", m.start(), m.end(), m.group(0), "oblique-adjective",
                          {"standard": None, "base": None}))
    for m in _ADJ_BEFORE_REGION.finditer(text):
        found.append(Tell("case_ending", m.start(1), m.end(1), m.group(1), "oblique-adjective",
                          {"standard": None, "base": None}))
    return found


def find_name_order(text: str) -> list[Tell]:
    found = []
    for m in _NAME_ORDER.finditer(text):
        surname, first = m.group(1), m.group(2)
        if not _SLAVIC_SURNAME.search(surname):
            continue  # "Council Vladimir Sivkovich": a title, not a surname before the name
        if first in MALE_NAMES or first in FEMALE_NAMES:
            if surname in MALE_NAMES or surname in FEMALE_NAMES:
                continue
            found.append(Tell("name_order", m.start(), m.end(), m.group(0), "surname-first",
                              {"reads": f"{first} {m.group(3)} {surname}"}))
    return found


def find_typography(text: str) -> list[Tell]:
    found = []
    for m in _GUILLEMETS.finditer(text):
        if re.search(r"[A-Za-z]", m.group(0)) and not re.search(r"[\u0400-\u04FF]", m.group(0)):
            found.append(Tell("typography", m.start(), m.end(), m.group(0), "guillemets", {}))
    for m in _NUMERO.finditer(text):
        found.append(Tell("typography", m.start(), m.end(), m.group(0), "numero-sign", {}))
    for m in _DECIMAL_COMMA.finditer(text):
        found.append(Tell("typography", m.start(), m.end(), m.group(0), "decimal-comma", {}))
    return found


_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def _corroborated(found: list[Tell]) -> list[Tell]:
    """Drop the ambiguous name forms (Pokrovske is a village too) unless another tell backs them."""
    solid = [t for t in found if not t.attributes.get("ambiguous") and not t.attributes.get("glossed")]
    return found if solid else [t for t in found if not t.attributes.get("ambiguous")]


def _dedupe(found: list[Tell]) -> list[Tell]:
    """One tell of a kind per stretch of text: overlapping matches of one kind keep the longest. Tells
    of different kinds may nest ("from the side of" and "VSU" are two pieces of evidence)."""
    kept: list[Tell] = []
    for kind in KINDS:
        last_end = -1
        for tell in sorted((t for t in found if t.kind == kind), key=lambda t: (t.start, -(t.end - t.start))):
            if tell.start < last_end:
                continue
            kept.append(tell)
            last_end = tell.end
    kept.sort(key=lambda t: (t.start, t.end, t.kind))
    return kept


def find_translation_tells(text: str) -> list[Tell]:
    """Every translation tell in an English ``text``, by position (a text that is mostly Cyrillic
    is Russian or Ukrainian itself and gets nothing)."""
    latin = len(_LATIN.findall(text))
    if latin == 0 or len(_CYRILLIC.findall(text)) > 0.2 * latin:
        return []
    lowered = _lower(text)
    found = (find_untranslated(text, lowered) + find_case_endings(text) + find_name_order(text)
             + find_typography(text) + find_calques(text, lowered))
    return _corroborated(_dedupe(found))
