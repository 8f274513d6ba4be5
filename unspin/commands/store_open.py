"""Opening the store named on a command line, with every failure a readable message."""

from __future__ import annotations

import os
from typing import Any

from unspin.report.safe_text import safe_markup


def open_command_store(db: str | None, err: Any, *, create_default: bool = False) -> Any:
    """The store at ``db`` (else $UNSPIN_DB, else ./unspin.db), or None after printing why not.

    A named SQLite file that does not exist is refused (a mistyped path would otherwise be an
    empty store); the default ./unspin.db is created only with ``create_default``."""
    from sqlalchemy.exc import SQLAlchemyError

    from unspin.store import open_store
    from unspin.store.engine import missing_store

    url = db or os.environ.get("UNSPIN_DB")
    if url is None and missing_store(None):
        if not create_default:
            err.print("[red]error:[/] no store: ./unspin.db does not exist; name one with --db or "
                      "$UNSPIN_DB (fill it with 'unspin ingest')")
            return None
        err.print("creating a new store at ./unspin.db")
    elif url is not None and missing_store(url):
        err.print(f"[red]error:[/] no store at {safe_markup(missing_store(url))} (a mistyped --db? "
                  "'unspin ingest' creates one)")
        return None
    try:
        return open_store(url)
    except (SQLAlchemyError, OSError, ValueError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        err.print(f"[red]error:[/] cannot open the store {safe_markup(url or 'unspin.db')}: {safe_markup(reason)}")
        return None
