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


def test_every_shipped_model_folder_is_package_data():
    # a model folder left out of package-data works from a checkout and fails once installed
    text = (ROOT / "pyproject.toml").read_text()
    listed = set(re.findall(r'"models/([^/"]+)/\*"', text))
    folders = {p.name for p in (ROOT / "unspin" / "models").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders <= listed, f"model folders not in [tool.setuptools.package-data]: {sorted(folders - listed)}"
