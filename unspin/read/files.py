"""Opening files, with every OS failure turned into a plain ReadError."""

from __future__ import annotations

import errno
import os
from typing import BinaryIO

from unspin.read.errors import ReadError


def os_reason(err: OSError) -> str:
    """A short, human reason for an OS error ("no such file", "permission denied")."""
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(err, PermissionError):
        return "cannot read: permission denied"
    text = err.strerror or (os.strerror(err.errno) if err.errno else str(err))
    return f"cannot read: {text[:1].lower()}{text[1:]}" if text else "cannot read"


def open_file(path: str) -> BinaryIO:
    try:
        if os.path.isdir(path):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", path)
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as err:
        raise ReadError(path, os_reason(err)) from None


def read_file_bytes(path: str) -> bytes:
    with open_file(path) as handle:
        try:
            return handle.read()
        except OSError as err:
            raise ReadError(path, os_reason(err)) from None
