"""The fact skeleton of an article: numbers, dates, names and quotes, in order.

A paraphrase or a translation changes nearly every word but keeps the
facts: "2,113 subscribers" stays 2113, "5 декабря" and "December 5" are both
12-05, Кучеровке and Kucherovka both become the name key "kucer". These
items, hashed, are the language-independent terms the store indexes; their
order in the text is what separates a rewrite (same facts, same order) from
independent coverage of the same event.

Terms are short strings with a kind prefix:
``n:2113`` number, ``d:12-05`` day and month, ``p:kucer`` name, ``q:...``
the first words of a quotation.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from unspin.trace.lemmas import dictionary_form
from unspin.trace.normalize import WORD, latin_key, words

SKELETON_VERSION = 2  # 2: Cyrillic names in their dictionary form (lemmas.py)

# Numbers below this are too common to say anything ("two people", "3 drones").
MIN_NUMBER = 10
# A quotation needs this many words to be a fingerprint rather than a scare-quoted name.
MIN_QUOTE_WORDS = 3
QUOTE_KEY_WORDS = 6

_MONTH_FORMS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "января", "январь", "январе", "січня", "enero", "gennaio", "janeiro"),
    2: ("february", "feb", "февраля", "февраль", "феврале", "лютого", "febrero", "febbraio", "fevereiro"),
    3: ("march", "mar", "марта", "март", "марте", "березня", "marzo", "março", "marco"),
    4: ("april", "apr", "апреля", "апрель", "апреле", "квітня", "abril", "aprile"),
    5: ("may", "мая", "май", "мае", "травня", "mayo", "maggio", "maio"),
    6: ("june", "jun", "июня", "июнь", "июне", "червня", "junio", "giugno", "junho"),
    7: ("july", "jul", "июля", "июль", "июле", "липня", "julio", "luglio", "julho"),
    8: ("august", "aug", "августа", "август", "августе", "серпня", "agosto"),
    9: ("september", "sep", "sept", "сентября", "сентябрь", "сентябре", "вересня", "septiembre",
        "settembre", "setembro"),
    10: ("october", "oct", "октября", "октябрь", "октябре", "жовтня", "octubre", "ottobre", "outubro"),
    11: ("november", "nov", "ноября", "ноябрь", "ноябре", "листопада", "noviembre", "novembre", "novembro"),
    12: ("december", "dec", "декабря", "декабрь", "декабре", "грудня", "diciembre", "dicembre", "dezembro"),
}
MONTHS: dict[str, int] = {form: month for month, forms in _MONTH_FORMS.items() for form in forms}
# Month words are checked by dictionary look-up, not by one regex alternation
# over ~100 forms: that alternation tried at every position was the slowest
# part of fingerprinting.
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|-?го|-?е)?\s+(?:of\s+|de\s+)?([^\W\d_]{3,11})\b\.?")
_MONTH_DAY = re.compile(r"\b([^\W\d_]{3,11})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\b")

# 2,113 / 2 113 / 2.5 / 1,5 ; thousands groups are exactly three digits.
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?!\d)|\d+)(?:[.,](\d+)(?![\d]))?")
_MULTIPLIERS = {
    "thousand": 1_000, "тыс": 1_000, "тысяч": 1_000, "тысячи": 1_000, "тысячу": 1_000,
    "million": 1_000_000, "millions": 1_000_000, "mln": 1_000_000, "mn": 1_000_000, "m": 1_000_000,
    "млн": 1_000_000, "миллион": 1_000_000, "миллиона": 1_000_000, "миллионов": 1_000_000,
    "billion": 1_000_000_000, "bn": 1_000_000_000, "млрд": 1_000_000_000,
    "миллиард": 1_000_000_000, "миллиарда": 1_000_000_000, "миллиардов": 1_000_000_000,
}
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")

_QUOTES = (
    re.compile(r"“([^”“\n]{3,600})”"),
    re.compile(r"«([^«»\n]{3,600})»"),
    re.compile(r"„([^“”„\n]{3,600})[“”]"),
    re.compile(r"(?<![\w])\"([^\"\n]{3,600})\""),
    # single quotes only when the span holds several words: apostrophes are everywhere
    re.compile(r"(?<![\w])‘([^’‘\n]{8,600})’(?![\w])"),
    re.compile(r"(?<![\w])'([^'\n]{8,600}?)'(?![\w])"),
)

# Capitalised words that are not names: calendar words (dates cover them) and the
# few function words that are capitalised mid-sentence after a colon or a heading.
_NOT_NAMES = frozenset(MONTHS) | frozenset((
    "monday tuesday wednesday thursday friday saturday sunday i i'm i've i'll "
    "the a an this that these those it its he she they we you his her their our in on at of to for "
    "from by with but and or as if when while after before however according yet still also although "
    "meanwhile earlier later there here what why how who where which then now despite since "
    "понедельник вторник среда четверг пятница суббота воскресенье по об о в во на это этом этот "
    "он она они мы но и а как при после до также ранее кроме что где когда"
).split())
_SENTENCE_OPENERS = set(".!?\n(:—–-•")


@dataclass
class Item:
    """One skeleton fact at ``text[start:end]``."""

    kind: str    # number | date | name | quote
    term: str    # the indexed form, e.g. "n:2113"
    start: int
    end: int
    text: str


@dataclass
class Skeleton:
    items: list[Item] = field(default_factory=list)  # in text order

    @property
    def terms(self) -> list[str]:
        """Distinct terms in order of first appearance."""
        return list(dict.fromkeys(item.term for item in self.items))

    def to_json(self) -> dict[str, Any]:
        names: dict[str, str] = {}
        for item in self.items:
            if item.kind == "name":
                names.setdefault(item.term[2:], item.text)
        return {
            "v": SKELETON_VERSION,
            "numbers": list(dict.fromkeys(i.term[2:] for i in self.items if i.kind == "number")),
            "dates": list(dict.fromkeys(i.term[2:] for i in self.items if i.kind == "date")),
            "names": names,
            "quotes": list(dict.fromkeys(i.text[:200] for i in self.items if i.kind == "quote")),
            "order": self.terms,
        }


def hash_term(term: str) -> int:
    """A stable signed 64-bit hash (what the store keeps in its term index)."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "little",
                          signed=True)


def extract(text: str) -> Skeleton:
    """The skeleton of ``text``; items sorted by position."""
    items: list[Item] = []
    taken: list[tuple[int, int]] = []
    _dates(text, items, taken)
    _numbers(text, items, taken)
    _quotes(text, items)
    _names(text, items, taken)
    items.sort(key=lambda i: (i.start, i.end))
    return Skeleton(items)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in taken)


def _date_item(text: str, match: re.Match, day: int, month: int) -> Item | None:
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return Item("date", f"d:{month:02d}-{day:02d}", match.start(), match.end(), match.group())


def _dates(text: str, items: list[Item], taken: list[tuple[int, int]]) -> None:
    candidates: list[Item | None] = []
    for m in _ISO_DATE.finditer(text):
        candidates.append(_date_item(text, m, int(m.group(3)), int(m.group(2))))
    for m in _DOTTED_DATE.finditer(text):
        candidates.append(_date_item(text, m, int(m.group(1)), int(m.group(2))))
    for m in _DAY_MONTH.finditer(text):
        month = MONTHS.get(m.group(2).casefold())
        if month:
            candidates.append(_date_item(text, m, int(m.group(1)), month))
    for m in _MONTH_DAY.finditer(text):
        month = MONTHS.get(m.group(1).casefold())
        if month:
            candidates.append(_date_item(text, m, int(m.group(2)), month))
    for item in candidates:
        if item and not _overlaps(item.start, item.end, taken):
            items.append(item)
            taken.append((item.start, item.end))


def _digits(value: str) -> str:
    # Arabic-Indic, Devanagari... digits become ASCII so "٢٠٢٤" meets "2024".
    return "".join(str(unicodedata.decimal(ch)) if ch.isdigit() else ch for ch in value)


def normalise_number(integer: str, fraction: str | None, multiplier: int = 1) -> str:
    whole = int(re.sub(r"\D", "", _digits(integer)))
    if fraction:
        value = float(f"{whole}.{_digits(fraction)}") * multiplier
    else:
        value = whole * multiplier
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6g}"


def _numbers(text: str, items: list[Item], taken: list[tuple[int, int]]) -> None:
    for m in _NUMBER.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        integer, fraction = m.group(1), m.group(2)
        if fraction and ("," in integer or " " in integer) and m.group()[len(integer)] == ",":
            fraction = None  # "2,113,5" is not a decimal; keep the grouped part
        if fraction and len(fraction) == 3 and m.group()[len(integer)] == ",":
            integer, fraction = integer + fraction, None  # "1,948" with one group: thousands
        end = m.end()
        multiplier = 1
        after = _NEXT_WORD.match(text, end)
        if after and after.group(1).casefold().rstrip(".") in _MULTIPLIERS:
            multiplier = _MULTIPLIERS[after.group(1).casefold()]
            end = after.end()
        try:
            value = normalise_number(integer, fraction, multiplier)
        except ValueError:
            continue
        if multiplier == 1 and not fraction and int(value) < MIN_NUMBER:
            continue
        items.append(Item("number", f"n:{value}", m.start(), end, text[m.start():end]))


def quote_key(quote: str) -> str:
    return " ".join(words(quote)[:QUOTE_KEY_WORDS])


def _quotes(text: str, items: list[Item]) -> None:
    seen: list[tuple[int, int]] = []
    for pattern in _QUOTES:
        for m in pattern.finditer(text):
            inner = m.group(1)
            if len(words(inner)) < MIN_QUOTE_WORDS or _overlaps(m.start(), m.end(), seen):
                continue
            seen.append((m.start(), m.end()))
            items.append(Item("quote", "q:" + quote_key(inner), m.start(1), m.end(1), inner))


def _names(text: str, items: list[Item], taken: list[tuple[int, int]]) -> None:
    """Capitalised words, keyed by latin_key. A word opening a sentence counts only
    when the same key also appears capitalised mid-sentence ("Gladkov said ...
    according to Gladkov"), which keeps "However" and "Об этом" out."""
    found: list[tuple[Item, bool]] = []
    mid_keys: set[str] = set()
    for m in WORD.finditer(text):
        token = m.group()
        if not token[0].isupper() or len(token) < 3 or token.casefold() in _NOT_NAMES:
            continue
        if not token[0].isalpha() or _overlaps(m.start(), m.end(), taken):
            continue
        key = latin_key(dictionary_form(token))
        if len(key) < 3:
            continue
        j = m.start() - 1
        while j >= 0 and text[j] in " \t\u00a0":
            j -= 1
        initial = j < 0 or text[j] in _SENTENCE_OPENERS
        if not initial:
            mid_keys.add(key)
        found.append((Item("name", f"p:{key}", m.start(), m.end(), token), initial))
    items.extend(item for item, initial in found if not initial or item.term[2:] in mid_keys)
