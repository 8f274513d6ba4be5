"""Leftovers: traces a generation or translation pipeline leaves in published text.

Unlike clichés, which people use too, most of these are specific evidence:

* ``assistant`` — the model talking to its user: "As an AI language model",
  "Here is a rewritten version of the article", "Certainly! Here's",
  "I hope this helps", "Note: this article has been rewritten…";
* ``persona`` — prompt or persona boilerplate: "As a seasoned journalist",
  a ``Title:``/``Headline:`` label, markdown headings or ``**bold**`` in what
  should be a plain news page;
* ``cyrillic`` — Cyrillic words inside English text (an untranslated word); a
  Cyrillic word in brackets or quotes right after Latin text is marked
  ``glossed`` (a reporter giving the original spelling) and weighs little;
* ``homoglyph`` — one word mixing Latin and Cyrillic letters ("Kyiv" typed with
  a Cyrillic "у"): a transliteration slip or deliberate obfuscation;
* ``transliteration`` — a Russian-style place name (Kharkov, Donbass) in a
  text that also uses the standard form (Kharkiv, Donbas): copy stitched from
  Russian-language sources. The Russian form alone is recorded but is
  ``mixed=False``, since some outlets still use it by house style.

Place-name pairs come from ``unspin/data/style_transliterations.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

TRANSLITERATION_FILE = Path(__file__).resolve().parent.parent / "data" / "style_transliterations.tsv"


@dataclass(frozen=True)
class Leftover:
    kind: str  # assistant | persona | cyrillic | homoglyph | transliteration
    start: int
    end: int
    matched: str
    rule: str  # which rule fired, for the report
    attributes: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


# The assistant's voice. Each rule is narrow on purpose: "I hope" alone is
# ordinary English; "I hope this helps" in a news page is not.
ASSISTANT_RULES: tuple[tuple[str, str], ...] = (
    ("ai-self-reference", r"\bas an? (?:ai|artificial intelligence)(?: language model| model| assistant)?\b"),
    ("ai-cannot", r"\bI(?:'m| am) (?:just )?an? (?:ai|language model)\b"),
    ("here-is-version", r"\bhere(?:'s| is| are) (?:a |an |the |your )?(?:re-?written|rephrased|paraphrased|revised|"
                        r"edited|updated|new|possible|shorter|longer|translated)\b[^.\n]{0,60}?"
                        r"\b(?:version|article|text|story|draft|piece|translation|headline)s?\b"),
    ("certainly-heres", r"\b(?:certainly|sure|absolutely|of course)[!,.]\s+here(?:'s| is| are)\b"),
    ("hope-this-helps", r"\bI hope (?:this|that) (?:helps|meets your|is helpful)\b"),
    ("let-me-know", r"\blet me know if you(?:'d| would)? (?:like|need|want)\b"),
    ("rewritten-note", r"\b(?:note|disclaimer)\s*:\s*(?:this|the) (?:article|text|story|piece|content)\b[^.\n]{0,80}?"
                       r"\b(?:rewritten|paraphrased|generated|fictional|ai|hypothetical)\b"),
    ("as-requested", r"\bas (?:you )?requested\b[^.\n]{0,40}?\b(?:article|rewrite|version|text)\b"),
    ("knowledge-cutoff", r"\b(?:my|the) (?:knowledge|training data) (?:cutoff|cut-off)\b"),
    ("cannot-fulfil", r"\bI (?:cannot|can't|am unable to) (?:fulfil+|complete|comply with|generate|provide) "
                      r"(?:this|that|your) (?:request|article|text)\b"),
)

PERSONA_RULES: tuple[tuple[str, str], ...] = (
    ("persona-journalist", r"\bas an? (?:seasoned|experienced|veteran|professional|investigative|skilled)"
                           r" (?:journalist|reporter|news writer|correspondent|editor|writer)\b"),
    # capitalised only: a lower-case "title:" is YAML front matter, not a prompt label
    ("title-label", r"^\s*(?:\*\*)?(?-i:Title|Headline|Subheadline|Byline|Lead)(?:\*\*)?\s*:"),
    ("markdown-heading", r"^\s{0,3}#{1,4}\s+\S[^\n]*"),
    ("markdown-bold", r"\*\*[^*\n]{2,80}\*\*"),
)

_CYRILLIC_WORD = re.compile(r"[\u0400-\u04FF][\u0400-\u04FF\u0300-\u036F'’-]*")
_WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")
_OPENERS = "(«\"“‘'["


@lru_cache(maxsize=4)
def _compiled(rules: tuple[tuple[str, str], ...], flags: int) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(pattern, flags)) for name, pattern in rules)


@lru_cache(maxsize=4)
def load_transliterations(path: Path | str = TRANSLITERATION_FILE) -> tuple[tuple[str, tuple[str, ...]], ...]:
    pairs = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            raise ValueError(f"{path}:{number}: expected standard<TAB>variant|variant")
        pairs.append((cells[0].strip(), tuple(v.strip() for v in cells[1].split("|") if v.strip())))
    return tuple(pairs)


def _rule_matches(text: str, kind: str, rules: tuple[tuple[str, str], ...]) -> list[Leftover]:
    flags = re.IGNORECASE | re.MULTILINE
    found = []
    for name, regex in _compiled(rules, flags):
        for m in regex.finditer(text):
            found.append(Leftover(kind, m.start(), m.end(), m.group(0), name))
    return found


def _is_glossed(text: str, start: int, end: int) -> bool:
    """A Cyrillic run right after an opening bracket/quote that follows Latin text:
    "Kyiv (Київ)" or 'the word "ватник"' is a gloss, not a slip."""
    before = text[max(0, start - 40):start].rstrip()
    if not before or before[-1] not in _OPENERS:
        return False
    return bool(_LATIN.search(before[:-1][-30:]))


def find_cyrillic(text: str) -> list[Leftover]:
    """Cyrillic words in a text that is mostly Latin script (else it is simply Russian
    or Ukrainian text, which this check has nothing to say about)."""
    latin = len(_LATIN.findall(text))
    cyrillic = len(_CYRILLIC.findall(text))
    if latin == 0 or cyrillic > 0.2 * latin:
        return []
    found = []
    for m in _CYRILLIC_WORD.finditer(text):
        word = m.group(0)
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if _LATIN.match(before) or _LATIN.match(after):
            continue  # part of a mixed word: the homoglyph check reports it
        found.append(Leftover("cyrillic", m.start(), m.end(), word, "cyrillic-word",
                              {"glossed": _is_glossed(text, m.start(), m.end())}))
    return found


def find_homoglyphs(text: str) -> list[Leftover]:
    found = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        if _CYRILLIC.search(word) and _LATIN.search(word):
            cyr = [c for c in word if _CYRILLIC.match(c)]
            found.append(Leftover("homoglyph", m.start(), m.end(), word, "mixed-script-word",
                                  {"cyrillic_letters": "".join(cyr)}))
    return found


@lru_cache(maxsize=4)
def _transliteration_patterns(path: Path | str = TRANSLITERATION_FILE) -> tuple:
    """The transliteration pairs as whole-word patterns, compiled once."""
    def word(name: str) -> re.Pattern[str]:
        return re.compile(rf"\b{re.escape(name)}\b")

    return tuple((standard, word(standard), tuple(word(v) for v in variants))
                 for standard, variants in load_transliterations(path))


def find_transliterations(text: str) -> list[Leftover]:
    found = []
    for standard, standard_pattern, variant_patterns in _transliteration_patterns():
        uses_standard = standard_pattern.search(text) is not None
        for pattern in variant_patterns:
            for m in pattern.finditer(text):
                found.append(Leftover("transliteration", m.start(), m.end(), m.group(0), "russian-style-name",
                                      {"standard": standard, "mixed": uses_standard}))
    return found


def _merge_overlapping(found: list[Leftover]) -> list[Leftover]:
    """One leftover per stretch of text: "Certainly! Here is" and "Here is a rewritten
    version" are one assistant sentence, not two pieces of evidence."""
    merged: list[Leftover] = []
    for item in sorted(found, key=lambda x: (x.start, -x.end)):
        last = merged[-1] if merged else None
        if last is not None and item.start <= last.end:
            if item.end > last.end:
                matched = last.matched + item.matched[last.end - item.start:]
                merged[-1] = Leftover(last.kind, last.start, item.end, matched, f"{last.rule}+{item.rule}")
            continue
        merged.append(item)
    return merged


def find_leftovers(text: str) -> list[Leftover]:
    """All leftovers in ``text``, by position."""
    found = (_merge_overlapping(_rule_matches(text, "assistant", ASSISTANT_RULES))
             + _rule_matches(text, "persona", PERSONA_RULES)
             + find_cyrillic(text) + find_homoglyphs(text) + find_transliterations(text))
    found.sort(key=lambda x: (x.start, x.end, x.kind))
    return found
