"""Read PolNeAR-layout folders: article texts and brat standoff attribution
annotations, as gold Source / Cue / Content relations.

Layout (one compartment, e.g. ``polnear/dev``)::

    DIR/text/<article>.txt
    DIR/attributions/<article>_<annotator>.ann

An ``.ann`` file holds brat ``T`` lines (``T3<TAB>Content 115 290;300 340<TAB>words``,
discontinuous spans separated by ``;``) and ``E`` lines linking them into one
attribution (``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``; further
content parts are ``Content2`` ...). The trigger (``Attribution`` or
``Attribution-no-source``) repeats the cue's words; it stands in for the cue
only where an event names no ``Cue``. ``Discard`` / ``Discuss`` spans and
annotator notes (``#`` lines) are ignored, and so are wrapped lines of a
``T`` line whose quoted words run over a line break.

PolNeAR has one annotator per document, except for the few articles every
annotator did to measure agreement: those have several ``.ann`` files, and
the first in sorted file-name order is used (``Document.annotation_file``
says which; ``Document.annotators`` lists them all).

Offsets are characters of the text as stored, end exclusive, as everywhere
in unspin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Fragments = tuple[tuple[int, int], ...]  # a possibly discontinuous span, fragments in text order
ROLES = ("source", "cue", "content")

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$")
_T_ID = re.compile(r"^T\d+\t")  # a wrapped text line may start with "T" too ("The number …")
_E_ID = re.compile(r"^E\d+\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_ANNOTATOR = re.compile(r"^(?P<article>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")
_ROLE_OF_TYPE = {"Source": "source", "Cue": "cue", "Content": "content"}
_TRIGGERS = ("Attribution", "Attribution-no-source")


class PolnearError(ValueError):
    """A file that cannot be read as PolNeAR; the message names the file (and line)."""


@dataclass(frozen=True)
class Relation:
    """One gold (or predicted) attribution: each part a tuple of fragments,
    empty when the part is absent (PolNeAR's ``Attribution-no-source``)."""

    id: str
    source: Fragments = ()
    cue: Fragments = ()
    content: Fragments = ()

    def part(self, role: str) -> Fragments:
        return getattr(self, role)

    def as_dict(self, text: str) -> dict[str, Any]:
        return {"id": self.id, **{role: fragments_as_dicts(self.part(role), text) for role in ROLES}}


@dataclass
class Document:
    name: str
    text: str
    relations: list[Relation]
    annotation_file: str = ""
    annotators: list[str] = field(default_factory=list)


def fragments_as_dicts(fragments: Fragments, text: str) -> list[dict[str, Any]]:
    return [{"start": s, "end": e, "text": text[s:e]} for s, e in fragments]


def _fragments(spec: str) -> Fragments:
    pieces = []
    for piece in spec.split(";"):
        start, end = (int(x) for x in piece.split())
        pieces.append((start, end))
    return tuple(sorted(pieces))


def parse_ann(content: str, text: str, where: str) -> list[Relation]:
    """Relations of one ``.ann`` file; ``where`` names the file in errors."""
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[tuple[int, str, list[tuple[str, str]]]] = []
    for number, line in enumerate(content.splitlines(), 1):
        if _T_ID.match(line):
            match = _T_LINE.match(line)
            if match is None:
                raise PolnearError(f"{where}:{number}: cannot read this T line: {line[:80]!r}")
            ident, kind, spec = match.group(1), match.group(2), match.group(3)
            fragments = _fragments(spec)
            for start, end in fragments:
                if not 0 <= start <= end <= len(text):
                    raise PolnearError(f"{where}:{number}: span {start}-{end} lies outside the text "
                                       f"({len(text)} characters)")
            spans[ident] = (kind, fragments)
        elif _E_ID.match(line):
            match = _E_LINE.match(line)
            if match is None:
                raise PolnearError(f"{where}:{number}: cannot read this E line: {line[:80]!r}")
            args = []
            for arg in match.group(2).split():
                role, _, target = arg.partition(":")
                if not target:
                    raise PolnearError(f"{where}:{number}: argument {arg!r} has no T id")
                args.append((role, target))
            events.append((number, match.group(1), args))
        # anything else: annotator notes, or the wrapped end of a T line's quoted words
    relations = []
    for number, ident, args in events:
        parts: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
        trigger: Fragments = ()
        for role, target in args:
            if target not in spans:
                raise PolnearError(f"{where}:{number}: {ident} refers to {target}, which is not defined")
            kind, fragments = spans[target]
            name = role.rstrip("0123456789")
            if name in _TRIGGERS:
                trigger = fragments
            elif name in _ROLE_OF_TYPE:
                parts[_ROLE_OF_TYPE[name]].extend(fragments)
        if not parts["cue"]:
            parts["cue"] = list(trigger)
        relations.append(Relation(ident, *(tuple(sorted(parts[r])) for r in ROLES)))
    return relations


@dataclass
class Corpus:
    documents: list[Document]
    problems: list[str]  # files skipped, each message naming the file

    @property
    def multi_annotated(self) -> int:
        return sum(1 for d in self.documents if len(d.annotators) > 1)


def read_folder(folder: Path, limit: int | None = None) -> Corpus:
    """Documents of a PolNeAR compartment in name order. A document whose
    files cannot be read is left out and named in ``problems``; a folder
    without ``text/`` and ``attributions/`` raises :class:`PolnearError`."""
    text_dir, ann_dir = folder / "text", folder / "attributions"
    for needed in (text_dir, ann_dir):
        if not needed.is_dir():
            raise PolnearError(f"{needed}: no such folder (expected DIR/text and DIR/attributions)")
    annotations: dict[str, list[Path]] = {}
    problems: list[str] = []
    for path in sorted(ann_dir.glob("*.ann")):
        match = _ANNOTATOR.match(path.name)
        article = match.group("article") if match else path.stem
        annotations.setdefault(article, []).append(path)
    texts = sorted(text_dir.glob("*.txt"))
    for article in sorted(set(annotations) - {p.stem for p in texts}):
        problems.append(f"{annotations[article][0]}: no text file {text_dir / (article + '.txt')}")
    documents: list[Document] = []
    for path in texts:
        if limit is not None and len(documents) >= limit:
            break
        files = annotations.get(path.stem)
        if not files:
            problems.append(f"{path}: no annotation file {ann_dir / (path.stem + '_<annotator>.ann')}")
            continue
        chosen = files[0]
        try:
            text = _read(path)
            relations = parse_ann(_read(chosen), text, str(chosen))
        except PolnearError as exc:
            problems.append(str(exc))
            continue
        documents.append(Document(path.stem, text, relations, str(chosen), [_annotator(f) for f in files]))
    return Corpus(documents, problems)


def _annotator(path: Path) -> str:
    match = _ANNOTATOR.match(path.name)
    return match.group("annotator") if match else path.stem


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PolnearError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise PolnearError(f"{path}: {exc.strerror or exc}") from None
