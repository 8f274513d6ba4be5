"""Uploaded files read into Articles for the analyse routes (nothing is stored).

Each upload is written under a generated name in a private temporary folder and read with the
ordinary readers; the user's file name is only shown (in sources and errors), never used as a path.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from unspin.model import Article
from unspin.web.jobs import upload_suffix

MAX_ERRORS = 1000


def read_uploads(uploads: list[tuple[str, BinaryIO | Any]], limit: int = 50) -> tuple[list[Article], list[dict[str, str]]]:
    """(articles, errors) from uploaded files; at most ``limit`` articles, the rest reported."""
    from unspin.read import ReadError, read_inputs

    articles: list[Article] = []
    errors: list[dict[str, str]] = []
    left_out = 0
    with tempfile.TemporaryDirectory(prefix="unspin-analyse-") as folder:
        for number, (name, stream) in enumerate(uploads):
            shown = name or f"upload {number + 1}"
            path = Path(folder) / f"upload-{number:04d}{upload_suffix(name)}"
            with open(path, "wb") as out:
                shutil.copyfileobj(stream, out, 1024 * 1024)
            for item in read_inputs([str(path)]):
                if len(articles) >= limit:
                    left_out += 1  # stop reading: the rest is counted, not read or listed
                    break
                source = shown + (item.source[len(str(path)):] if (item.source or "").startswith(str(path)) else "")
                if isinstance(item, ReadError):
                    if len(errors) < MAX_ERRORS:
                        errors.append({"source": source, "reason": item.reason})
                else:
                    item.source = source
                    articles.append(item)
    if left_out:
        errors.append({"source": "upload", "reason": f"only the first {limit} articles of an upload are analysed "
                       "here; use Ingest for corpora"})
    return articles, errors
