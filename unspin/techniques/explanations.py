"""Short, plain explanations of the 23 SemEval-2023 techniques, for reports.

The texts are the team's own words, kept in ``unspin/data/techniques_explanations.tsv``
so that wording can change without touching code.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from unspin.techniques.taxonomy import SEMEVAL2023

FILE = "techniques_explanations.tsv"


@lru_cache(maxsize=1)
def explanations() -> dict[str, str]:
    """technique -> explanation, for every SemEval-2023 technique (checked when loaded)."""
    text = resources.files("unspin").joinpath("data", FILE).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        technique, sep, explanation = line.partition("\t")
        if not sep or not explanation.strip():
            raise ValueError(f"{FILE}:{number}: expected technique<TAB>explanation")
        if technique not in SEMEVAL2023:
            raise ValueError(f"{FILE}:{number}: {technique!r} is not a SemEval-2023 technique")
        table[technique] = explanation.strip()
    missing = [t for t in SEMEVAL2023 if t not in table]
    if missing:
        raise ValueError(f"{FILE}: no explanation for {', '.join(missing)}")
    return table


def explain(technique: str) -> str:
    """The explanation of one SemEval-2023 technique; KeyError for an unknown name."""
    return explanations()[technique]


def display_name(technique: str) -> str:
    """A reader-facing name: ``Name_Calling-Labeling`` -> ``Name calling / labeling``."""
    return technique.replace("_", " ").replace("-", " / ").capitalize()
