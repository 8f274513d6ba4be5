"""The one error type of the readers.

A ``ReadError`` is data first: ``read_inputs`` *yields* it in place of the
article it could not read, so one bad file or line never stops a batch.
It is also an exception, so the single-document readers (``read_text_file``,
``read_html``) can ``raise`` it and callers can catch it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(eq=True)
class ReadError(Exception):
    """Something that could not be read, and where.

    ``source`` names the place: ``"path"``, ``"path:LINE"`` (a line of a text
    or JSON Lines file) or ``"path#record N"`` (a WARC record, counted from 1).
    ``reason`` is one plain sentence fragment saying what is wrong.
    """

    source: str
    reason: str

    def __post_init__(self) -> None:
        # Exception.args feeds repr/pickling of the exception side.
        Exception.__init__(self, self.source, self.reason)

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"

    # Exceptions must stay hashable (logging and traceback code put them in
    # sets); identity hashing keeps that while ``==`` compares the fields.
    __hash__ = Exception.__hash__
