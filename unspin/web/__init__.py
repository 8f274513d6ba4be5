"""The analyst's workbench: server-rendered pages and a JSON API over one store (``unspin serve``)."""

from __future__ import annotations


def create_app(*args, **kwargs):
    """See :func:`unspin.web.app.create_app` (imported late: it pulls in FastAPI)."""
    from unspin.web.app import create_app as create

    return create(*args, **kwargs)
