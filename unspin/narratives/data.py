"""SemEval-2025 Task 10 (subtask 2) folders: read articles and labels, write predictions.

Layout: ``DIR/raw-documents/*.txt`` and ``DIR/subtask-2-annotations.txt`` with
one line per article, ``file<TAB>narr1;narr2<TAB>sub1;sub2`` (no header).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

ANNOTATIONS = "subtask-2-annotations.txt"
DOCUMENTS = "raw-documents"


class DataError(ValueError):
    """A folder or file that does not follow the layout; the message names file and line."""


@dataclass(frozen=True)
class Labels:
    narratives: tuple[str, ...]
    subnarratives: tuple[str, ...]


def split_labels(field: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in field.split(";") if p.strip())


def read_annotations(path: Path) -> dict[str, Labels]:
    """``{file name: Labels}``; a malformed line raises DataError naming file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text: {exc}") from None
    out: dict[str, Labels] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        cols = line.rstrip("\r").split("\t")
        if len(cols) != 3:
            raise DataError(f"{path}:{n}: expected 3 tab-separated columns "
                            f"(file, narratives, subnarratives), found {len(cols)}")
        name, narr, sub = cols
        if not name.strip():
            raise DataError(f"{path}:{n}: empty file name")
        if name in out:
            raise DataError(f"{path}:{n}: {name} is labelled twice")
        out[name.strip()] = Labels(split_labels(narr), split_labels(sub))
    return out


def read_documents(folder: Path) -> dict[str, str]:
    """``{file name: text}`` for every ``*.txt`` in ``folder``, sorted by name."""
    if not folder.is_dir():
        raise DataError(f"{folder}: no such folder")
    docs: dict[str, str] = {}
    for path in sorted(folder.glob("*.txt")):
        try:
            docs[path.name] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(f"{path}: not UTF-8 text: {exc}") from None
    if not docs:
        raise DataError(f"{folder}: no *.txt documents")
    return docs


def read_folder(folder: Path) -> tuple[dict[str, str], dict[str, Labels]]:
    """Documents and labels of a SemEval-layout folder; every labelled file must exist."""
    docs = read_documents(folder / DOCUMENTS)
    annotations = folder / ANNOTATIONS
    if not annotations.is_file():
        raise DataError(f"{annotations}: no annotations file (expected {ANNOTATIONS} in {folder})")
    labels = read_annotations(annotations)
    missing = sorted(set(labels) - set(docs))
    if missing:
        raise DataError(f"{annotations}: labels for {len(missing)} file(s) not in {folder / DOCUMENTS}, "
                        f"e.g. {missing[0]}")
    return {k: docs[k] for k in labels}, labels


def write_predictions(path: Path, predictions: Mapping[str, Labels] | Iterable[tuple[str, Labels]]) -> None:
    """Write ``file<TAB>narr;...<TAB>sub;...`` lines, the annotations layout."""
    items = predictions.items() if isinstance(predictions, Mapping) else predictions
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for name, labels in items:
            out.write(f"{name}\t{';'.join(labels.narratives)}\t{';'.join(labels.subnarratives)}\n")
