"""Shared test fixtures. Heavy resources load once per test session."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import onnxruntime  # noqa: F401 - before any test module imports usearch (unspin/ann.py says why)
import pytest

from unspin.analyzers.base import Context
from unspin.model import Article

# One process unless a test asks for workers (tests/test_parallel.py): starting worker processes
# loads the models again in each, which would only slow the suite.
os.environ.setdefault("UNSPIN_JOBS", "1")

# store / store_url / fresh_pg_url on SQLite and PostgreSQL; the analyzers and their flags for the
# tests drawn from the details evaluation rounds
pytest_plugins = ["store_fixtures", "details_fixtures"]

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = Path(os.environ.get("UNSPIN_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))


@pytest.fixture(scope="session")
def nlp():
    from unspin.nlp import english

    return english()


@pytest.fixture(scope="session")
def make_context(nlp):
    """Build an analyzer Context from text the way the pipeline does."""

    def make(text: str, published: date | str | None = None, results=None) -> Context:
        if isinstance(published, str):
            published = date.fromisoformat(published)
        article = Article(text=text, published=published, language="en")
        return Context(article=article, doc=nlp(text), language="en",
                       results=dict(results or {}), options={"published": published})

    return make


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA} (set UNSPIN_DATA)")
    return SHARED_DATA
