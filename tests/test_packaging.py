"""Guards on what unspin installs: runtime inference must not need torch."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY_TRAINING_ONLY = ("torch", "transformers", "sentence-transformers", "triton")


def pinned(lock: Path) -> set[str]:
    return {m.group(1).lower() for m in re.finditer(r"^([A-Za-z0-9_.-]+)==", lock.read_text(), re.M)}


def test_no_training_frameworks_in_the_runtime_or_test_locks():
    for lock in ("requirements.lock", "requirements-test.lock"):
        found = pinned(ROOT / lock) & set(HEAVY_TRAINING_ONLY)
        assert not found, f"{lock} pins {sorted(found)}: training-only packages must stay out of it"


def test_every_runtime_requirement_is_locked_with_hashes():
    text = (ROOT / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n\n", 1)[-1])
    for block in blocks:
        if re.match(r"[A-Za-z0-9_.-]+==", block):
            assert "--hash=sha256:" in block, block.splitlines()[0]
