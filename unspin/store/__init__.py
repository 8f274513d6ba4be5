"""The corpus store: articles, raw inputs, fingerprints and analyses, in
SQLite (default, zero set-up) or PostgreSQL, through SQLAlchemy.

    from unspin.store import open_store
    store = open_store()                      # $UNSPIN_DB, else ./unspin.db
    report = store.ingest(read_inputs(["crawl/"]))
    store.article("some-id")

See docs/store.md for the schema, URLs, idempotency, resume and migrations.
"""

from __future__ import annotations

from unspin.store.engine import default_url
from unspin.store.ingest import IngestReport, content_hash, normalise_text
from unspin.store.store import Store, open_store

__all__ = ["IngestReport", "Store", "content_hash", "default_url", "normalise_text", "open_store"]
