"""Reading CheckThat!-layout check-worthiness files.

Layout: a header line, then ``Sentence_id<TAB>Text<TAB>class_label`` with
labels ``Yes``/``No``. The shared files were written with CSV quoting: a
field that starts and ends with ``"`` is quoted and ``""`` inside it is one
``"``; that is undone here (per line, so an error can name its line).

A malformed line (wrong number of fields, empty text, a label other than
Yes/No) is skipped and recorded as a :class:`LineProblem`; the caller
decides whether what is left is usable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

LABELS = ("Yes", "No")
HEADER = ("sentence_id", "text", "class_label")


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    label: str | None  # "Yes" / "No"; None in unlabelled files


@dataclass(frozen=True)
class LineProblem:
    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass
class CheckworthinessFile:
    path: str
    sentences: list[Sentence] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)

    @property
    def labels(self) -> list[int]:
        return [1 if s.label == "Yes" else 0 for s in self.sentences]


class DataError(ValueError):
    """The file cannot be read at all (missing, not UTF-8, empty)."""


def unquote(field_text: str) -> str:
    if len(field_text) >= 2 and field_text[0] == '"' and field_text[-1] == '"':
        return field_text[1:-1].replace('""', '"')
    return field_text


def read_checkworthiness(path: str | Path, *, require_labels: bool = True) -> CheckworthinessFile:
    """All well-formed sentences of ``path``, with the problems of the others."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc.strerror or exc}") from None
    result = CheckworthinessFile(str(path))
    seen: dict[str, int] = {}
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        fields = [unquote(f.strip()) for f in line.split("\t")]
        if number == 1 and tuple(f.lower() for f in fields[:3]) == HEADER[:len(fields[:3])]:
            continue  # the header
        allowed = (3,) if require_labels else (2, 3)
        if len(fields) not in allowed:
            wanted = "Sentence_id, Text, class_label" if require_labels else "Sentence_id, Text[, class_label]"
            result.problems.append(LineProblem(
                str(path), number, f"expected {' or '.join(map(str, allowed))} tab-separated fields "
                                   f"({wanted}), found {len(fields)}"))
            continue
        ident, text = fields[0], fields[1]
        label = fields[2] if len(fields) == 3 else None
        if not ident:
            result.problems.append(LineProblem(str(path), number, "empty Sentence_id"))
            continue
        if not text.strip():
            result.problems.append(LineProblem(str(path), number, f"sentence {ident}: empty text"))
            continue
        if label is not None and label not in LABELS:
            result.problems.append(LineProblem(
                str(path), number, f"sentence {ident}: class_label {label!r} is not Yes or No"))
            continue
        if ident in seen:
            result.problems.append(LineProblem(
                str(path), number, f"sentence {ident} repeats line {seen[ident]}; the first is kept"))
            continue
        seen[ident] = number
        result.sentences.append(Sentence(ident, text, label))
    return result
