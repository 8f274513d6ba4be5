"""Opening files, with every OS failure turned into a plain ReadError."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from unspin.read.errors import ReadError


def os_reason(err: OSError) -> str:
    """A short, human reason for an OS error ("no such file", "permission denied")."""
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if err.errno == errno.ELOOP:
        return "a symbolic link that loops back on itself"
    if isinstance(err, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(err, PermissionError):
        return "cannot read: permission denied"
    text = err.strerror or (os.strerror(err.errno) if err.errno else str(err))
    return f"cannot read: {text[:1].lower()}{text[1:]}" if text else "cannot read"


#: Largest file read whole (text, HTML, JSON Lines line by line is not limited by this;
#: WARC records have their own limit). Override with UNSPIN_MAX_FILE_BYTES.
MAX_FILE_BYTES = int(os.environ.get("UNSPIN_MAX_FILE_BYTES", 200 * 1024 * 1024))


def open_file(path: str) -> BinaryIO:
    """Open a regular file for reading; anything else (a folder, a FIFO, a device, a
    symlink loop) is a ReadError, so a hostile folder cannot make a run hang."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(path, "not a regular file (a pipe, a device or a socket)")
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as err:
        raise ReadError(path, os_reason(err)) from None


def read_opened(path: str | os.PathLike[str], read: Callable[[BinaryIO, str], Iterator[Any]]) -> Iterator[Any]:
    """``read(handle, name)`` over the opened file; a file that cannot be opened is one ReadError."""
    name = os.fspath(path)
    try:
        handle = open_file(name)
    except ReadError as err:
        yield err
        return
    with handle:
        yield from read(handle, name)


def read_file_bytes(path: str, limit: int | None = None) -> bytes:
    """The whole file, refusing one larger than ``limit`` bytes (default MAX_FILE_BYTES). A file
    whose size is over the limit is refused before a byte is read; the read itself is bounded
    too, for a file that grows while it is read."""
    limit = MAX_FILE_BYTES if limit is None else limit
    too_large = ReadError(path, f"larger than the {limit:,}-byte limit for one file (UNSPIN_MAX_FILE_BYTES)")
    with open_file(path) as handle:
        try:
            if os.fstat(handle.fileno()).st_size > limit:
                raise too_large
            data = handle.read(limit + 1)
        except OSError as err:
            raise ReadError(path, os_reason(err)) from None
    if len(data) > limit:
        raise too_large
    return data
