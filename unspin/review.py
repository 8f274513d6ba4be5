"""Analysts' review marks on findings: the vocabulary and a stable name for each finding.

A mark must survive re-analysis when the finding is unchanged, so a finding is named by what an
analyst sees (analyzer, kind, evidence offsets, message), not by its position in a list.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from unspin.model import Finding

MARKS = ("confirmed", "dismissed", "unsure")
MAX_NOTE_CHARS = 2000


def finding_key(finding: Finding | Mapping[str, Any]) -> str:
    """A 16-hex-digit name for one finding, the same for ``Finding`` and its ``to_dict()``."""
    data = finding.to_dict() if isinstance(finding, Finding) else finding
    spans = ",".join(f"{s.get('start')}-{s.get('end')}" for s in data.get("evidence") or [] if isinstance(s, Mapping))
    basis = "\x1f".join([str(data.get("analyzer") or ""), str(data.get("kind") or ""), spans,
                         str(data.get("message") or "")])
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def check_mark(mark: str, note: str | None) -> tuple[str, str | None]:
    """(mark, note) cleaned, or ValueError with a message an analyst can act on."""
    if mark not in MARKS:
        raise ValueError(f"a mark is one of {', '.join(MARKS)}, not {mark!r}")
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise ValueError(f"a note is at most {MAX_NOTE_CHARS} characters")
    return mark, note
