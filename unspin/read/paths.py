"""Turning command-line specs (files, folders, globs, ``-``) into file paths."""

from __future__ import annotations

import glob
import logging
import os
from collections.abc import Iterable, Iterator

from unspin.read.errors import ReadError
from unspin.read.formats import EXTENSIONS, format_from_name

log = logging.getLogger(__name__)

STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


# Project files that often sit beside articles in a folder ("README.md"
# describing a corpus) and are never articles themselves. Skipped only in
# folder walks: a file named explicitly is always read.
HOUSEKEEPING_STEMS = frozenset({"readme", "license", "licence", "changelog", "changes", "contributing",
                                "authors", "notice", "copying"})


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _housekeeping(name: str) -> bool:
    return name.split(".", 1)[0].lower() in HOUSEKEEPING_STEMS


def walk_directory(directory: str, _seen: set[tuple[int, int]] | None = None) -> Iterator[str]:
    """Files in a known format under ``directory``, recursively, in sorted order.

    Hidden files and folders (names starting with ``.``) are skipped, and so
    are files whose extension is not a known format (a folder of articles
    often also holds indexes, logs or images) and README/LICENSE-style files.
    Symlinked folders are followed once each (a link back up the tree is not
    a loop); a name that is not a regular file (a FIFO, a device such as
    /dev/zero behind a link) is passed on and refused by the readers.
    """
    seen = _seen if _seen is not None else set()
    try:
        info = os.stat(directory)
        if (info.st_dev, info.st_ino) in seen:
            return
        seen.add((info.st_dev, info.st_ino))
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as err:
        log.warning("cannot list %s: %s", directory, err)
        return
    for entry in entries:
        if _hidden(entry.name):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:  # a link loop or a dangling link
            is_dir = False
        if is_dir:
            yield from walk_directory(entry.path, seen)
        elif format_from_name(entry.name) and not _housekeeping(entry.name):
            yield entry.path
        else:
            log.debug("skipping %s: not a known article format", entry.path)


def _expand_one(spec: str) -> Iterator[str | ReadError]:
    if spec == STDIN:
        yield STDIN
        return
    if os.path.isdir(spec):
        found = False
        for path in walk_directory(spec):
            found = True
            yield path
        if not found:
            known = ", ".join(EXTENSIONS)
            yield ReadError(spec, f"no files in a known format in this folder (looked for {known})")
        return
    if os.path.lexists(spec) or not (_GLOB_CHARS & set(spec)):
        # An existing path is taken literally even if its name has glob
        # characters; a missing path without any is simply missing.
        yield spec
        return
    matches = sorted(glob.glob(spec, recursive=True))
    if not matches:
        yield ReadError(spec, "no files match this pattern")
        return
    for match in matches:
        if os.path.isdir(match):
            yield from walk_directory(match)
        else:
            yield match


def expand_paths(specs: Iterable[str | os.PathLike[str]]) -> Iterator[str | ReadError]:
    """File paths (and ``-`` for stdin) from files, folders and glob patterns, in order.

    Folders recurse in sorted order; globs support ``**``. A spec that
    matches nothing becomes a ReadError. The same file named twice is read once.
    """
    if isinstance(specs, (str, os.PathLike)):
        specs = [specs]  # one path given on its own, not a list of paths
    seen: set[str] = set()
    for raw in specs:
        spec = os.fspath(raw)
        for item in _expand_one(spec):
            if isinstance(item, ReadError) or item == STDIN:
                yield item
                continue
            try:
                key = os.path.realpath(item)
            except (OSError, RuntimeError):  # a symlink loop
                key = item
            if key in seen:
                continue
            seen.add(key)
            yield item
