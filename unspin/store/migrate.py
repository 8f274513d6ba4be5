"""Schema migrations, run from inside the package (no alembic.ini needed).

``open_store`` calls :func:`upgrade` so a store made by an older unspin
opens in a newer one. From a checkout, a new revision is started with::

    python -m unspin.store.migrate revision -m "what changes"
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


#: Key of the PostgreSQL advisory lock taken while migrating ("unspin" as a number).
_PG_LOCK_KEY = 0x756E7370696E


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: the newest); a no-op when it is there.

    Several processes may open a new store at once (two ``ingest`` runs started
    together): migrating is serialised, by an advisory lock on PostgreSQL and a lock
    file beside the database on SQLite, and whoever waits finds the schema made."""
    # On SQLite the first connection to a new file already writes (it switches the file to WAL),
    # so the lock is held from the first look on; it costs one flock per open.
    with _sqlite_lock(engine):
        with engine.connect() as probe:
            if revision == "head" and current_revision(probe) == head_revision():
                return  # the common case: skip loading every migration script
        _migrate(engine, revision)


def _migrate(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
        if revision == "head" and current_revision(connection) == head_revision():
            return  # made by the process we waited for
        command.upgrade(alembic_config(connection), revision)


@contextmanager
def _sqlite_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or os.name != "posix":
        yield
        return
    import fcntl

    with open(f"{database}.migrate.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def main(argv: list[str]) -> int:
    """``revision -m MESSAGE``: a new empty migration file (for developers)."""
    if len(argv) >= 3 and argv[0] == "revision" and argv[1] == "-m":
        existing = sorted(p.name[:4] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
        number = f"{int(existing[-1]) + 1:04d}" if existing else "0001"
        command.revision(alembic_config(), message=argv[2], rev_id=number)
        return 0
    print("usage: python -m unspin.store.migrate revision -m MESSAGE", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
