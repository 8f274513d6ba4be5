"""Machine-writing leftovers in Russian and Ukrainian text, measured on ``evals/translation_tells``.

The same evidence as the English :mod:`unspin.style.leftovers`, in the two languages:

* ``assistant`` — the model talking to its user: "Конечно! Вот переписанный текст", "Как языковая
  модель", "Надеюсь, это поможет", "Звісно! Ось переписаний текст", "Якщо бажаєте, я можу";
* ``persona`` — "Как опытный журналист", a ``Заголовок:`` label, markdown headings and ``**bold**``;
* ``homoglyph`` — a Latin letter inside a Cyrillic word ("Хaрьков" with a Latin a, "Києвi" with a
  Latin i) or the reverse. Each part of a hyphenated word is checked alone, so "Telegram-канал",
  "IT-компании" and "e-сервіси", which Russian and Ukrainian news write every day, are not slips;
* ``latin_word`` — an English word left untranslated in Russian or Ukrainian prose ("ВСУ продолжают
  attacks", "However, пострадавших нет"). Names, brands and titles (The Wall Street Journal, iPhone,
  HIMARS), web addresses, hashtags and words in quotation marks (a politician quoted in English) are
  not counted.

Clichés in Russian and Ukrainian (``unspin/data/style_cliches_slavic.tsv``) are matched with
:func:`unspin.style.cliches.find_cliches`. There is no Russian or Ukrainian machine-text classifier:
no labelled data to train or test one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from unspin.style.cliches import Cliche, ClichePattern, find_cliches, load_cliches
from unspin.style.leftovers import PERSONA_RULES, Leftover, _merge_overlapping

SLAVIC_CLICHE_FILE = Path(__file__).resolve().parent.parent / "data" / "style_cliches_slavic.tsv"

ASSISTANT_RULES: tuple[tuple[str, str], ...] = (
    ("ai-self-reference", (r"\b(?:как|як) (?:(?:большая |велика )?(?:языковая|мовна) модель|модель (?:ИИ|ШІ)|"
                          r"(?:ИИ|ШІ)-(?:ассистент|асистент|помощник|помічник)|искусственный интеллект|штучний інтелект|"
                          r"нейросеть|нейромережа)\b")),
    ("ai-i-am", (r"\bя (?:всего лишь |лише |просто )?(?:(?:языковая|мовна) модель|искусственный интеллект|штучний інтелект|"
                r"ИИ|ШІ)\b")),
    ("certainly-here", r"\b(?:конечно|разумеется|безусловно|звісно|звичайно|безумовно|авжеж)[!,.]\s+(?:вот|ось)\b"),
    ("here-is-version", (r"\b(?:вот|ось) (?:\w+ )?(?:переписанн|переработанн|отредактированн|обновл[её]нн|исправленн|"
                        r"сокращ[её]нн|перефразированн|улучшенн|переведенн|переведённ|переписан|перероблен|"
                        r"відредагован|оновлен|виправлен|скорочен|перефразован|покращен|перекладен)\w*\s+"
                        r"(?:\w+\s+){0,2}?(?:текст|верси|верс|стать|статт|новост|новин|вариант|варіант|заголов|перевод|"
                        r"переклад)\w*")),
    ("below-is", (r"\b(?:ниже|нижче) (?:приведен|привед[её]н|представлен|наведен|подан)\w*\s+(?:\w+\s+){0,2}?"
                 r"(?:текст|верси|верс|стать|статт|новост|новин|вариант|варіант|пересказ|переказ)\w*")),
    ("several-options", r"\b(?:вот|ось) (?:несколько|кілька) (?:вариантов|варіантів)\b"),
    ("hope-this-helps", (r"\b(?:надеюсь|сподіваюся|сподіваюсь),? (?:это|этот текст|эта информация|це|цей текст|ця інформація) "
                        r"(?:поможет|будет полез\w*|допоможе|буде корисн\w*)")),
    ("if-you-want", (r"\b(?:если|якщо) (?:хотите|желаете|нужно|вам нужно|потребуется|бажаєте|хочете|потрібно|треба),? "
                    r"(?:я )?(?:могу|смогу|можу|зможу)\b")),
    ("let-me-know", r"\b(?:дайте|дайте мне|дайте мені) знать|дайте (?:мені )?знати\b"),
    ("rewritten-note", (r"\b(?:примечание|обратите внимание|дисклеймер|примітка|зверніть увагу)\s*:\s*(?:этот|данный|эта|цей|ця|даний) "
                       r"(?:текст|материал|статья|матеріал|стаття)\b[^.\n]{0,80}?(?:переписан|сгенерирован|создан|"
                       r"перефразирован|вымышлен|ИИ|згенерован|створен|перефразован|вигадан|ШІ|на основе|на основі)\w*")),
    ("knowledge-cutoff", (r"\b(?:на момент|по состоянию на|станом на) (?:моего|моих|мого|моїх) (?:последнего обновления|знаний|"
                         r"данных|останнього оновлення|знань|даних)\b")),
    ("cannot-fulfil", (r"\b(?:я )?не (?:могу|можу) (?:выполнить|виконати|помочь с|допомогти з) (?:этот|эту|этим|цей|цю|цим) "
                      r"(?:запрос|просьб|запит|прохан)\w*")),
)

PERSONA_SLAVIC_RULES: tuple[tuple[str, str], ...] = (
    ("persona-journalist", (r"\b(?:как|як) (?:опытный|профессиональный|бывалый|независимый|досвідчений|професійний|"
                           r"незалежний) (?:журналист|репортёр|репортер|корреспондент|редактор|автор|журналіст|"
                           r"кореспондент)\b")),
    ("title-label", r"^\s*(?:\*\*)?(?-i:Заголовок|Подзаголовок|Лид|Анонс|Підзаголовок|Лід)(?:\*\*)?\s*:"),
) + tuple(rule for rule in PERSONA_RULES if rule[0] in ("markdown-heading", "markdown-bold"))


def _names(block: str) -> frozenset[str]:
    """A set of words written one block of text apart, several to a line."""
    return frozenset(block.split())


_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_PART = re.compile(r"[^\W\d_]+")
_LATIN_WORD = re.compile(r"(?<![\w@#/.:%&=?$-])[A-Za-z][a-z]+(?:'[a-z]+)?(?![\w@/:-]|\.[a-z]{2,})")
# words of a scraped page's furniture, not of its prose (cookie banners, widget labels, links)
WEB_FURNITURE = frozenset({"http", "https", "www", "cookies", "cookie", "true", "false", "null", "undefined", "close",
                           "share", "tweet", "like", "subscribe", "login", "email", "mail", "html", "php"})
# a Latin name with a Russian case ending, as Russian writes it: "SHAMANа", "iPhone'а", "Appleом"
_LATIN_NAME_INFLECTED = re.compile(r"[A-Za-z]{2,}[’'ʼ]?(?:а|у|ом|е|ов|ам|ами|ах|ы|и|ой|ою|ові|і)")
ENGLISH_DISCOURSE = _names("""However Moreover Additionally Furthermore Meanwhile According Including Also Therefore
Thus Overall Nevertheless Notably Importantly Finally Firstly Secondly Currently Reportedly""")
SHORT_ENGLISH = frozenset({"of", "to", "in", "on", "at", "is", "it", "by", "as", "an", "or", "we", "be", "he", "if", "so"})


@lru_cache(maxsize=4)
def _compiled(rules: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(p, re.IGNORECASE | re.MULTILINE)) for name, p in rules)


def _rule_matches(text: str, kind: str, rules: tuple[tuple[str, str], ...]) -> list[Leftover]:
    return [Leftover(kind, m.start(), m.end(), m.group(0), name)
            for name, regex in _compiled(rules) for m in regex.finditer(text)]


def find_homoglyphs_slavic(text: str) -> list[Leftover]:
    """Latin and Cyrillic letters inside one word part; hyphenated compounds are checked part by part."""
    found = []
    for m in _PART.finditer(text):
        part = m.group(0)
        if _CYRILLIC.search(part) and _LATIN.search(part) and not _LATIN_NAME_INFLECTED.fullmatch(part):
            latin = "".join(c for c in part if _LATIN.match(c))
            cyrillic = "".join(c for c in part if _CYRILLIC.match(c))
            # the word is mostly Cyrillic with a Latin letter or two, or the reverse
            found.append(Leftover("homoglyph", m.start(), m.end(), part, "mixed-script-word",
                                  {"latin_letters": latin, "cyrillic_letters": cyrillic}))
    return found


def _inside_quotes(text: str, position: int) -> bool:
    start = text.rfind("\n", 0, position) + 1
    before = text[start:position]
    if before.count("«") > before.count("»") or before.count("„") > before.count("“"):
        return True
    if before.count("“") > before.count("”") and "„" not in before:
        return True
    return before.count('"') % 2 == 1


def find_latin_words(text: str) -> list[Leftover]:
    """English words left in Russian or Ukrainian prose. Only in a text that is mostly Cyrillic."""
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    if cyrillic == 0 or latin > 0.5 * cyrillic:
        return []
    found = []
    for m in _LATIN_WORD.finditer(text):
        word = m.group(0)
        if word[0].isupper():
            if word not in ENGLISH_DISCOURSE:
                continue  # a name, brand or title: Bloomberg, Starlink, The Guardian
            if re.match(r"\s+[A-Z]", text[m.end():m.end() + 2]):
                continue  # "Also Known …": part of a title
        elif len(word) < 3 and word not in SHORT_ENGLISH or word in WEB_FURNITURE:
            continue
        if text[m.start() - 1:m.start()] == "(" and text[m.end():m.end() + 1] == ")":
            continue  # "(alexsword)": a handle or a credit in brackets
        if m.start() > 0 and text[m.start() - 1] in "-‐":
            continue
        before = text[max(0, m.start() - 40):m.start()]
        if re.search(r"[A-Z][\w$]*\s+$", before):
            continue  # Deutsche bank, Ty Dolla $ign: the tail of a Latin-script name
        if re.search(r"\d\s*$", before) or re.match(r"\s*\d", text[m.end():m.end() + 3]):
            continue  # units and codes next to numbers
        if _inside_quotes(text, m.start()):
            continue  # an English quotation given as such
        found.append(Leftover("latin_word", m.start(), m.end(), word, "english-word"))
    # runs of English words are one piece of evidence: "under control"
    merged: list[Leftover] = []
    for item in found:
        if merged and re.fullmatch(r"[ ,]+", text[merged[-1].end:item.start] or "x"):
            last = merged[-1]
            merged[-1] = Leftover("latin_word", last.start, item.end, text[last.start:item.end], last.rule)
        else:
            merged.append(item)
    return merged


def find_slavic_leftovers(text: str) -> list[Leftover]:
    """Assistant and persona sentences, homoglyphs and English words in a Russian or Ukrainian text."""
    found = (_merge_overlapping(_rule_matches(text, "assistant", ASSISTANT_RULES))
             + _rule_matches(text, "persona", PERSONA_SLAVIC_RULES)
             + find_homoglyphs_slavic(text) + find_latin_words(text))
    found.sort(key=lambda x: (x.start, x.end, x.kind))
    return found


def load_slavic_cliches(path: Path | str = SLAVIC_CLICHE_FILE) -> tuple[ClichePattern, ...]:
    return load_cliches(path)


def find_slavic_cliches(text: str) -> list[Cliche]:
    return find_cliches(text, load_slavic_cliches())
