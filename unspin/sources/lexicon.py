"""Word lists the sources analyzer reads: cue verbs, role nouns, anonymity
phrases, organisations. They live as plain text in ``unspin/data/sources_*``
so that a reviewer can extend them without touching code; they are loaded
once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.rstrip()
        if not line or line.startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@dataclass(frozen=True)
class Role:
    word: str
    group: str  # synonyms share a group: serviceman, soldier, fighter -> "soldier"
    title: bool  # may stand before a name: "General Valery Gerasimov"


@dataclass(frozen=True)
class Lexicon:
    cue_frames: dict[str, frozenset[str]]
    cue_forms: dict[str, str]  # inflected form -> lemma, for when the lemmatizer misses
    roles: dict[str, Role]
    anonymous_phrases: tuple[str, ...]
    anonymous_heads: dict[str, str]  # word -> "always" | "bare"
    organizations_any_case: frozenset[str]
    organizations_exact: frozenset[str]
    org_heads: frozenset[str]
    vague: frozenset[str]
    speech_nouns: frozenset[str]

    def cue_lemma(self, lemma: str, text: str) -> str | None:
        """The cue lemma of a verb token, or None when it is no speech cue."""
        lemma = lemma.lower()
        if lemma in self.cue_frames:
            return lemma
        return self.cue_forms.get(text.lower())

    def has_frame(self, lemma: str, frame: str) -> bool:
        return frame in self.cue_frames.get(lemma, frozenset())

    def is_organization(self, words: str) -> bool:
        return words in self.organizations_exact or words.lower() in self.organizations_any_case


def _inflections(lemma: str) -> set[str]:
    """Regular English verb forms; the irregular ones the lists need are added by hand."""
    forms = {lemma, lemma + "s", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms


_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write"}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    cue_frames = {row[0]: frozenset(row[1].split(",")) for row in _rows("sources_cues.tsv")}
    cue_forms = dict(_IRREGULAR)
    for lemma in cue_frames:
        for form in _inflections(lemma):
            cue_forms.setdefault(form, lemma)
    roles = {row[0]: Role(row[0], row[1], row[2] == "yes") for row in _rows("sources_roles.tsv")}
    orgs = [row[0] for row in _rows("sources_organizations.txt")]
    return Lexicon(
        cue_frames=cue_frames,
        cue_forms=cue_forms,
        roles=roles,
        anonymous_phrases=tuple(row[0].lower() for row in _rows("sources_anonymous.txt")),
        anonymous_heads={row[0]: row[1] for row in _rows("sources_anonymous_heads.tsv")},
        organizations_any_case=frozenset(o.lower() for o in orgs if not o.isupper()),
        organizations_exact=frozenset(o for o in orgs if o.isupper()),
        org_heads=frozenset(row[0] for row in _rows("sources_org_heads.txt")),
        vague=frozenset(row[0] for row in _rows("sources_vague.txt")),
        speech_nouns=frozenset(row[0] for row in _rows("sources_speech_nouns.txt")),
    )
