"""Dictionary forms of Russian and Ukrainian names, so that case endings meet.

"Северска" (genitive), "Северск" and the English "Seversk" must give one
name key. Name keys keep only the first letters of a romanised name
(``normalize.NAME_PREFIX``), which absorbs most endings, but not those of
short names ("Орла" / "Орёл" / "Orel") or of stems that change ("Гусева",
"Зеленского"). pymorphy3 with its OpenCorpora (ru) and VESUM (uk)
dictionaries, both inside PyPI packages, gives the nominative.

A word is looked up once per process (cached); an unknown word is left as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unspin.morph import morph_analyzer

_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@lru_cache(maxsize=200_000)
def dictionary_form(word: str) -> str:
    """The nominative singular of a Cyrillic word (lower case), else the word unchanged."""
    if not _CYRILLIC.search(word):
        return word
    analyzer = morph_analyzer("uk" if _UKRAINIAN_LETTERS.search(word) else "ru")
    if analyzer is None:
        return word
    parses = analyzer.parse(word.lower())
    if not parses:
        return word
    # prefer a proper-name reading (surname, first name, place, organisation)
    for parse in parses[:4]:
        if parse.tag.grammemes & {"Surn", "Name", "Patr", "Geox", "Orgn"}:
            return parse.normal_form
    return parses[0].normal_form
