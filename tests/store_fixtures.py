"""Store fixtures for both backends, loaded for every test module by
``pytest_plugins`` in conftest.py.

``store_url`` is parametrised over SQLite (a file in tmp_path) and PostgreSQL
(``$UNSPIN_TEST_PG_URL``; each test gets a fresh schema, dropped afterwards).
The PostgreSQL variant skips when the variable is unset or the server cannot
be reached.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import lru_cache

import pytest

PG_ENV = "UNSPIN_TEST_PG_URL"
PG_SKIP = f"PostgreSQL tests skipped: set {PG_ENV} (CI sets it)"


@lru_cache(maxsize=1)
def pg_problem() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None when they can."""
    url = os.environ.get(PG_ENV)
    if not url:
        return PG_SKIP
    from sqlalchemy import text

    from unspin.store.engine import make_engine

    try:
        engine = make_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return f"{PG_SKIP}; {PG_ENV} is set but unreachable: {first}"
    return None


@lru_cache(maxsize=1)
def _pg_base_url():
    from unspin.store.engine import normalise_url

    return normalise_url(os.environ[PG_ENV])


def pg_schema_url(schema: str) -> str:
    """``$UNSPIN_TEST_PG_URL`` with its search_path set to ``schema``."""
    url = _pg_base_url().update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _pg_admin(statement: str) -> None:
    from sqlalchemy import text

    from unspin.store.engine import make_engine

    engine = make_engine(_pg_base_url())
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    """A URL to an empty PostgreSQL schema of its own, dropped after the test."""
    problem = pg_problem()
    if problem:
        pytest.skip(problem)
    schema = f"unspin_test_{uuid.uuid4().hex[:12]}"
    _pg_admin(f'CREATE SCHEMA "{schema}"')
    try:
        yield pg_schema_url(schema)
    finally:
        _pg_admin(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> Iterator[str]:
    """An empty store URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    else:
        yield request.getfixturevalue("fresh_pg_url")


@pytest.fixture
def store(store_url):
    """An opened, empty store on each backend (closed after the test)."""
    from unspin.store import open_store

    opened = open_store(store_url)
    yield opened
    opened.close()
