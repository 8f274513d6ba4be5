"""trafilatura, imported once and only when an HTML input needs it (it is slow to import)."""

from __future__ import annotations

import functools
import logging
import types


@functools.lru_cache(maxsize=1)
def trafilatura() -> types.ModuleType:
    import trafilatura as module

    # trafilatura warns "discarding data" for every page without main text;
    # the reader reports that itself as a ReadError, so the warning would
    # only repeat it. Left alone if the application configured the logger.
    quiet = logging.getLogger("trafilatura")
    if quiet.level == logging.NOTSET:
        quiet.setLevel(logging.ERROR)
    return module
