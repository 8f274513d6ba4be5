"""Narrative catalogs: which narratives exist, described how, recognised by what.

A catalog is a TOML (or JSON) file of narratives, each with optional
subnarratives; every entry has a ``label``, a ``description``, ``examples``
(sentences that advance it, written for the catalog) and optional ``cues``
(phrases matched case-insensitively on word boundaries). The format is
documented in docs/narratives.md.

``load_catalog(extra_paths)`` reads the built-in catalog, then each path in
``UNSPIN_NARRATIVE_CATALOGS`` (``os.pathsep``-separated), then ``extra_paths``.
A later entry with a label already known extends it (its examples and cues
are added, a description replaces the old one) or, with ``replace = true``,
replaces it; a new label is added. A malformed file raises
:class:`CatalogError` naming the file and the entry.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

BUILTIN_CATALOG = Path(__file__).parent / "data" / "semeval2025.toml"
ENV_VAR = "UNSPIN_NARRATIVE_CATALOGS"
OTHER = "Other"  # the task's label for "no narrative of the taxonomy"
SEPARATOR = ": "  # subnarrative label = narrative label + ": " + name


class CatalogError(ValueError):
    """A catalog file that cannot be used; the message names the file and entry."""


@dataclass
class Entry:
    """One narrative or subnarrative."""

    label: str
    description: str
    examples: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    parent: str | None = None  # the narrative label, for a subnarrative
    source: str = ""  # the catalog file(s) it came from

    @property
    def is_subnarrative(self) -> bool:
        return self.parent is not None

    @property
    def name(self) -> str:
        """The subnarrative's own name (the part after the narrative), or the label."""
        return self.label[len(self.parent) + len(SEPARATOR):] if self.parent else self.label

    @property
    def domain(self) -> str:
        """The label's prefix before the first ': ' ("URW", "CC"), or '' when there is none."""
        head, sep, _ = self.label.partition(SEPARATOR)
        return head if sep else ""


@dataclass
class Catalog:
    """All narratives and subnarratives, in file order."""

    entries: dict[str, Entry] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    @property
    def narratives(self) -> list[Entry]:
        return [e for e in self.entries.values() if not e.is_subnarrative]

    def subnarratives(self, narrative: str | None = None) -> list[Entry]:
        if narrative is None:
            return [e for e in self.entries.values() if e.is_subnarrative]
        # decoding asks this for every narrative of every article: keep a children map,
        # rebuilt whenever entries were added or replaced since it was made
        key = (len(self.entries), id(self.entries.get(narrative)))
        if getattr(self, "_children_key", None) != key:
            children: dict[str, list[Entry]] = {}
            for e in self.entries.values():
                if e.parent is not None:
                    children.setdefault(e.parent, []).append(e)
            self._children, self._children_key = children, key
        return list(self._children.get(narrative, []))

    def __contains__(self, label: str) -> bool:
        return label in self.entries

    def __getitem__(self, label: str) -> Entry:
        return self.entries[label]

    def label_sets(self) -> tuple[list[str], list[str]]:
        """(narrative labels, subnarrative labels) as the task scores them: each list
        ends with "Other", and every narrative has a "<narrative>: Other" subnarrative."""
        narratives = [e.label for e in self.narratives]
        subs: list[str] = []
        for label in narratives:
            subs.extend(e.label for e in self.subnarratives(label))
            subs.append(label + SEPARATOR + OTHER)
        return narratives + [OTHER], subs + [OTHER]


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read narrative catalog: {exc.strerror or exc}") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8"))
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"{path}: not a valid {'JSON' if path.suffix.lower() == '.json' else 'TOML'} "
                           f"narrative catalog: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("narratives"), list):
        raise CatalogError(f"{path}: a narrative catalog needs a list 'narratives' "
                           "([[narratives]] tables in TOML)")
    return data


def _strings(value: Any, what: str, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogError(f"{where}: '{what}' must be a list of non-empty strings")
    return [v.strip() for v in value]


def _entry(raw: Any, where: str, parent: str | None, source: str) -> tuple[Entry, bool]:
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: an entry must be a table with 'label' (or 'name') and 'description'")
    known = {"label", "name", "description", "examples", "cues", "replace", "subnarratives"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise CatalogError(f"{where}: unknown key(s) {', '.join(map(repr, unknown))} "
                           f"(known: {', '.join(sorted(known))})")
    if parent is not None:
        name = raw.get("name")
        label = raw.get("label")
        if isinstance(name, str) and name.strip():
            label = parent + SEPARATOR + name.strip()
        elif not (isinstance(label, str) and label.startswith(parent + SEPARATOR)):
            raise CatalogError(f"{where}: a subnarrative needs 'name' (or a 'label' starting "
                               f"with {parent + SEPARATOR!r})")
    else:
        label = raw.get("label")
        if not isinstance(label, str) or not label.strip():
            raise CatalogError(f"{where}: a narrative needs a non-empty 'label'")
    label = label.strip()
    if label == OTHER or label.endswith(SEPARATOR + OTHER):
        raise CatalogError(f"{where} ({label!r}): 'Other' labels are implicit; do not list them")
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise CatalogError(f"{where} ({label!r}): 'description' must be a string")
    replace = raw.get("replace", False)
    if not isinstance(replace, bool):
        raise CatalogError(f"{where} ({label!r}): 'replace' must be true or false")
    entry = Entry(label=label, description=description.strip(),
                  examples=_strings(raw.get("examples"), "examples", f"{where} ({label!r})"),
                  cues=[c.lower() for c in _strings(raw.get("cues"), "cues", f"{where} ({label!r})")],
                  parent=parent, source=source)
    return entry, replace


def _merge(catalog: Catalog, entry: Entry, replace: bool, where: str) -> None:
    old = catalog.entries.get(entry.label)
    if old is None or replace:
        if old is not None and old.parent != entry.parent:
            raise CatalogError(f"{where} ({entry.label!r}): already defined as a "
                               f"{'subnarrative' if old.parent else 'narrative'}")
        if not entry.description and not entry.examples:
            raise CatalogError(f"{where} ({entry.label!r}): a new entry needs a 'description' or 'examples'")
        catalog.entries[entry.label] = entry
        return
    # extend: keep the old entry, add what is new
    if entry.description:
        old.description = entry.description
    old.examples.extend(e for e in entry.examples if e not in old.examples)
    old.cues.extend(c for c in entry.cues if c not in old.cues)
    old.source = f"{old.source}, {entry.source}"


def add_file(catalog: Catalog, path: Path) -> None:
    """Read one catalog file into ``catalog`` (extending or replacing entries)."""
    data = _read(path)
    source = str(path)
    for i, raw in enumerate(data["narratives"], 1):
        where = f"{path}: narratives[{i}]"
        entry, replace = _entry(raw, where, None, source)
        _merge(catalog, entry, replace, where)
        subs = raw.get("subnarratives") or []
        if not isinstance(subs, list):
            raise CatalogError(f"{where} ({entry.label!r}): 'subnarratives' must be a list of tables")
        for j, sub_raw in enumerate(subs, 1):
            sub_where = f"{where}.subnarratives[{j}]"
            sub, sub_replace = _entry(sub_raw, sub_where, entry.label, source)
            if isinstance(sub_raw, dict) and sub_raw.get("subnarratives"):
                raise CatalogError(f"{sub_where}: subnarratives cannot have subnarratives")
            _merge(catalog, sub, sub_replace, sub_where)
    catalog.sources.append(source)


def user_catalog_paths(extra: Iterable[str | Path] = ()) -> list[Path]:
    """Paths from ``UNSPIN_NARRATIVE_CATALOGS`` then ``extra``, in that order."""
    paths = [Path(p) for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    return paths + [Path(p) for p in extra]


def load_catalog(extra: Iterable[str | Path] = (), *, builtin: bool = True,
                 use_env: bool = True) -> Catalog:
    """The built-in catalog extended by the user's catalogs (env var, then ``extra``)."""
    key = tuple(str(p) for p in (user_catalog_paths(extra) if use_env else [Path(p) for p in extra]))
    return _load(key, builtin)


def _load(paths: tuple[str, ...], builtin: bool) -> Catalog:
    catalog = Catalog()
    if builtin:
        add_file(catalog, BUILTIN_CATALOG)
    for p in paths:
        add_file(catalog, Path(p))
    if not catalog.entries:
        raise CatalogError("no narratives: the catalog list is empty")
    return catalog


_WORD = re.compile(r"\w")


def cue_pattern(cue: str) -> re.Pattern[str]:
    """A cue matches case-insensitively, not inside a longer word."""
    left = r"(?<!\w)" if _WORD.match(cue[:1]) else ""
    right = r"(?!\w)" if _WORD.match(cue[-1:]) else ""
    return re.compile(left + re.escape(cue) + right, re.IGNORECASE)
