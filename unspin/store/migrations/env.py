"""Alembic environment for the unspin store.

Run programmatically by :func:`unspin.store.migrate.upgrade`, which hands
over an open connection in ``config.attributes["connection"]``; there is no
alembic.ini. To write a new revision from a checkout::

    python -m unspin.store.migrate revision -m "add something"
"""

from __future__ import annotations

from alembic import context

from unspin.store.tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("unspin migrations run through unspin.store.migrate, with a connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
