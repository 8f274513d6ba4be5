"""Spelling tools for place names: matching keys and Cyrillic romanisation.

Two keys are used:

* :func:`name_key` -- the exact-match key. Case, diacritics, apostrophes,
  hyphens and dots do not count, so ``Sivers'k``, ``Siversk`` and
  ``SIVERSK`` meet, as do ``Kryvyi Rih`` and ``Kryvyi-Rih``.
* :func:`loose_key` -- a coarser key for fuzzy search, where the usual
  differences between romanisation schemes are folded away (``kh``/``h``,
  ``ye``/``e``, ``ya``/``ia``, ``w``/``v``, doubled letters ...), so that
  ``Artyomovsk`` and ``Artemivsk`` or ``Zaporozhye`` and ``Zaporizhzhia``
  end up close in string distance.

Ukrainian Cyrillic is romanised with the official national system
(Cabinet of Ministers of Ukraine resolution No. 55 of 27 January 2010),
which is what Ukrainian road signs, passports and katottg-based English
names use: Сіверськ -> Siversk, Донецька -> Donetska, Згурівка -> Zghurivka.
Russian Cyrillic gets a plain English-press romanisation (BGN/PCGN without
diacritics): Северск -> Seversk, Артёмовск -> Artemovsk.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not decompose into "base + accent".
_EXTRA_FOLD = str.maketrans({
    "ß": "ss", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe",
    "Œ": "oe", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h",
})
# Apostrophe-like marks vanish inside names (Sivers'k = Siversk);
# dashes and dots become word breaks (Ivano-Frankivsk = Ivano Frankivsk).
_APOSTROPHES = re.compile(r"['’ʼ‘`´ʹʻ\"]")
_BREAKS = re.compile(r"[\s\-‐‑‒–—./,()]+")


def fold_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The exact-match key of a name: lower case, no diacritics, single spaces."""
    folded = fold_diacritics(text).casefold()
    folded = _APOSTROPHES.sub("", folded)
    return _BREAKS.sub(" ", folded).strip()


# Applied in order on a name_key with spaces removed. Longer digraphs first,
# so that "shch" is not eaten by "sh".
_LOOSE_RULES: tuple[tuple[str, str], ...] = (
    ("shch", "sc"), ("sch", "s"), ("tsch", "c"), ("zh", "z"), ("kh", "h"), ("ch", "c"),
    ("sh", "s"), ("ts", "c"), ("tz", "c"), ("cz", "c"), ("sz", "s"),
    ("yy", "i"), ("iy", "i"), ("yi", "i"), ("ij", "i"),
    ("ye", "e"), ("ie", "e"), ("je", "e"),
    ("yo", "o"), ("io", "o"), ("jo", "o"),
    ("yu", "u"), ("iu", "u"), ("ju", "u"),
    ("ya", "a"), ("ia", "a"), ("ja", "a"),
    ("y", "i"), ("j", "i"), ("w", "v"), ("g", "h"), ("x", "ks"),
)
_DOUBLES = re.compile(r"(.)\1+")


def loose_key(text: str) -> str:
    """A spelling-scheme-blind key for fuzzy comparison (see module doc)."""
    key = name_key(text).replace(" ", "")
    for old, new in _LOOSE_RULES:
        key = key.replace(old, new)
    return _DOUBLES.sub(r"\1", key)


# Letters that swap at the start of a name between romanisations (Kherson/Cherson,
# Yevpatoria/Evpatoria, Gorlovka/Horlivka, Wolodymyr/Volodymyr) share a class, so
# fuzzy search can look only at keys opening with the same class.
_INITIAL_CLASS = {**{v: "a" for v in "aeiouy"}, **{c: "k" for c in "chgkqx"}, **{c: "s" for c in "sz"},
                  **{c: "v" for c in "vwf"}, "j": "a"}


def initial_class(loose: str) -> str:
    """The fuzzy-search bucket of a loose key (see _INITIAL_CLASS)."""
    return _INITIAL_CLASS.get(loose[:1], loose[:1])


# --- Ukrainian: KMU 2010 national romanisation --------------------------------
# (letter, romanisation at the start of a word, romanisation elsewhere)
_UK_TABLE: dict[str, tuple[str, str]] = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("h", "h"), "ґ": ("g", "g"),
    "д": ("d", "d"), "е": ("e", "e"), "є": ("ye", "ie"), "ж": ("zh", "zh"), "з": ("z", "z"),
    "и": ("y", "y"), "і": ("i", "i"), "ї": ("yi", "i"), "й": ("y", "i"), "к": ("k", "k"),
    "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"), "о": ("o", "o"), "п": ("p", "p"),
    "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"), "у": ("u", "u"), "ф": ("f", "f"),
    "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"), "ш": ("sh", "sh"),
    "щ": ("shch", "shch"), "ь": ("", ""), "ю": ("yu", "iu"), "я": ("ya", "ia"),
    "'": ("", ""), "’": ("", ""), "ʼ": ("", ""),
}

# --- Russian: English-press romanisation (BGN/PCGN without diacritics) --------
_RU_TABLE: dict[str, tuple[str, str]] = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("g", "g"), "д": ("d", "d"),
    "е": ("ye", "e"), "ё": ("yo", "yo"), "ж": ("zh", "zh"), "з": ("z", "z"), "и": ("i", "i"),
    "й": ("y", "y"), "к": ("k", "k"), "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"),
    "о": ("o", "o"), "п": ("p", "p"), "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"),
    "у": ("u", "u"), "ф": ("f", "f"), "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"),
    "ш": ("sh", "sh"), "щ": ("shch", "shch"), "ъ": ("", ""), "ы": ("y", "y"), "ь": ("", ""),
    "э": ("e", "e"), "ю": ("yu", "yu"), "я": ("ya", "ya"),
    # Ukrainian and Belarusian letters met in Russian-language data
    "і": ("i", "i"), "ї": ("yi", "yi"), "є": ("ye", "ye"), "ґ": ("g", "g"), "ў": ("w", "w"),
}


def _romanise(text: str, table: dict[str, tuple[str, str]], *, ukrainian: bool) -> str:
    out: list[str] = []
    lower = text.lower()
    word_start = True
    i = 0
    while i < len(text):
        ch, low = text[i], lower[i]
        if ukrainian and low == "з" and lower[i + 1:i + 2] == "г":
            # KMU 2010: "зг" is "zgh", keeping it apart from "ж" (zh): Згурівка -> Zghurivka
            piece, i = ("Zgh" if ch.isupper() else "zgh"), i + 2
            out.append(piece)
            word_start = False
            continue
        if low in table:
            initial, medial = table[low]
            piece = initial if word_start else medial
            if ch.isupper() and piece:
                upper_next = i + 1 < len(text) and text[i + 1].isupper()
                piece = piece.upper() if upper_next else piece[0].upper() + piece[1:]
            out.append(piece)
            # an apostrophe inside a word does not start a new word (Знам'янка -> Znamianka)
            word_start = False
        else:
            out.append(ch)
            word_start = not ch.isalpha()
        i += 1
    return "".join(out)


def romanise_ukrainian(text: str) -> str:
    """Ukrainian Cyrillic -> Latin by the KMU 2010 national system."""
    return _romanise(text, _UK_TABLE, ukrainian=True)


def romanise_russian(text: str) -> str:
    """Russian Cyrillic -> Latin the way English-language press usually spells it."""
    return _romanise(text, _RU_TABLE, ukrainian=False)


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_UKRAINIAN_ONLY = re.compile(r"[ІіЇїЄєҐґ]")


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def romanisations(text: str) -> list[str]:
    """Latin spellings of a Cyrillic name: KMU 2010 always, plus the Russian-style
    spelling unless the name is unmistakably Ukrainian."""
    variants = [romanise_ukrainian(text)]
    if not _UKRAINIAN_ONLY.search(text):
        variants.append(romanise_russian(text))
    return list(dict.fromkeys(variants))


def is_latin_name(text: str) -> bool:
    """True for a name written in (possibly accented) Latin letters that starts
    with a capital -- GeoNames' lower-case romanised CJK/Arabic forms
    ("sevuerusuku", "swrsk") are noise for English text and are skipped."""
    if not text or not text[0].isupper():
        return False
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in text)


def one_slip(written: str, real: str) -> bool:
    """Whether ``written`` is ``real`` with one letter added, dropped, changed or two
    neighbours swapped (Svatvoe/Svatove, Novhorod-Siverkyi/Novhorod-Siverskyi), ignoring case and
    apostrophes and diacritics (Przemsyl/Przemyśl); names of five letters or more."""
    a, b = (re.sub(r"[\u2019'\u02bc`]", "", fold_diacritics(x).lower()) for x in (written, real))
    if a == b or min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]
