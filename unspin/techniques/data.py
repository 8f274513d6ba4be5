"""Reading persuasion-technique articles and span labels in the shared-task layouts.

Articles are ``article<ID>.txt`` files. Labels are tab-separated lines, either
in one file (SemEval-2023 ``labels-spans.tsv``) or in a folder of per-article
files (PTC 2020 ``labels/article<ID>.task-si.labels``), in one of two layouts:

* SI: ``id<TAB>start<TAB>end`` (span identification, no technique);
* TC: ``id<TAB>technique<TAB>start<TAB>end`` (also the SemEval-2023 layout).

Offsets are character offsets into the text exactly as stored, end exclusive.
Texts are therefore decoded from bytes without newline translation: some
articles contain ``\\r`` and translating it would shift every later offset.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

ARTICLE_PREFIX = "article"
ARTICLE_SUFFIX = ".txt"
# Label files inside a labels folder; other files (READMEs, articles) are not labels.
LABEL_SUFFIXES = (".labels", ".tsv")


class Span(NamedTuple):
    """One labelled or predicted span; ``technique`` is None for SI labels."""

    article_id: str
    technique: str | None
    start: int
    end: int


class LabelError(ValueError):
    """A label file that cannot be used; the message names the file and line."""


@dataclass
class Labels:
    """Spans read from label files, with where each came from (for error messages)."""

    layout: str  # "si" (3 columns) or "tc" (4 columns)
    spans: list[Span] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # "path:line", parallel to spans

    def by_article(self) -> dict[str, list[Span]]:
        grouped: dict[str, list[Span]] = {}
        for span in self.spans:
            grouped.setdefault(span.article_id, []).append(span)
        return grouped


def read_text(path: Path) -> str:
    """The text of one article exactly as stored (no newline translation, no BOM stripping)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LabelError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def article_id(path: Path) -> str | None:
    """``article123.txt`` -> ``"123"``; None for any other file name."""
    name = path.name
    if name.startswith(ARTICLE_PREFIX) and name.endswith(ARTICLE_SUFFIX):
        ident = name[len(ARTICLE_PREFIX):-len(ARTICLE_SUFFIX)]
        return ident or None
    return None


def read_articles(directory: Path) -> dict[str, str]:
    """Every ``article<ID>.txt`` in ``directory`` (not recursive), keyed by ID, sorted by ID."""
    if not directory.is_dir():
        raise LabelError(f"{directory}: no such folder")
    articles: dict[str, str] = {}
    for path in sorted(directory.iterdir()):
        ident = article_id(path)
        if ident is not None and path.is_file():
            articles[ident] = read_text(path)
    if not articles:
        raise LabelError(f"{directory}: no article<ID>.txt files")
    return articles


def label_files(path: Path) -> list[Path]:
    """The label files behind ``path``: the file itself, or the label files of a folder."""
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted(p for p in path.iterdir()
                       if p.is_file() and not p.name.startswith(".") and p.name.endswith(LABEL_SUFFIXES))
        if not files:
            raise LabelError(f"{path}: no label files ({', '.join('*' + s for s in LABEL_SUFFIXES)})")
        return files
    raise LabelError(f"{path}: no such file or folder")


def parse_line(line: str, where: str) -> Span:
    """One label line (3 or 4 tab-separated columns) as a Span."""
    cols = line.split("\t")
    if len(cols) == 3:
        ident, technique, start_s, end_s = cols[0], None, cols[1], cols[2]
    elif len(cols) == 4:
        ident, technique, start_s, end_s = cols
        if not technique:
            raise LabelError(f"{where}: empty technique column")
    else:
        raise LabelError(f"{where}: expected 3 columns (id, start, end) or 4 (id, technique, start, end), "
                         f"got {len(cols)}: {line!r}")
    if not ident:
        raise LabelError(f"{where}: empty article id")
    try:
        start, end = int(start_s), int(end_s)
    except ValueError:
        raise LabelError(f"{where}: offsets must be integers, got {start_s!r} and {end_s!r}") from None
    if start < 0 or end <= start:
        raise LabelError(f"{where}: bad span {start}-{end} (need 0 <= start < end)")
    return Span(ident, technique, start, end)


def read_labels(path: Path, techniques: Collection[str] | None = None, taxonomy: str = "this taxonomy") -> Labels:
    """Labels from a file or a folder of per-article files.

    All lines must share one layout (SI or TC). ``techniques``, when given,
    is the set of allowed technique names (so a wrong ``--taxonomy`` fails
    on the first foreign label instead of scoring zero).
    """
    labels: Labels | None = None
    for file in label_files(path):
        # Labels are plain ASCII in practice; newline="" so a stray "\r" is seen and stripped here.
        with open(file, encoding="utf-8", newline="") as handle:
            for number, raw in enumerate(handle, start=1):
                line = raw.rstrip("\r\n")
                if not line.strip():
                    continue
                where = f"{file}:{number}"
                span = parse_line(line, where)
                layout = "si" if span.technique is None else "tc"
                if labels is None:
                    labels = Labels(layout)
                elif layout != labels.layout:
                    raise LabelError(f"{where}: {layout.upper()} line among {labels.layout.upper()} lines "
                                     "(all labels must have the same number of columns)")
                if techniques is not None and span.technique is not None and span.technique not in techniques:
                    raise LabelError(f"{where}: {span.technique!r} is not a technique of {taxonomy} "
                                     "(labels of the other taxonomy?)")
                labels.spans.append(span)
                labels.sources.append(where)
    if labels is None:  # only empty files: no span anywhere, layout unknown; SI is the weaker claim
        labels = Labels("si")
    return labels


def check_labels(labels: Labels, articles: Mapping[str, str]) -> None:
    """Every label must name a known article and lie inside its text."""
    for span, where in zip(labels.spans, labels.sources):
        text = articles.get(span.article_id)
        if text is None:
            raise LabelError(f"{where}: no article{span.article_id}.txt among the articles")
        if span.end > len(text):
            raise LabelError(f"{where}: span {span.start}-{span.end} is outside article {span.article_id} "
                             f"({len(text)} characters)")


def write_spans(path: Path, spans: Iterable[Span]) -> None:
    """Spans as ``id<TAB>technique<TAB>start<TAB>end`` lines (SI layout where technique is None)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for span in spans:
            cols = [span.article_id] + ([span.technique] if span.technique is not None else [])
            handle.write("\t".join(cols + [str(span.start), str(span.end)]) + "\n")
