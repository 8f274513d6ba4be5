"""Built-in analyzers. Importing this package registers them, in run order."""

from unspin.analyzers.base import Analyzer, Context, get_analyzer, register, registered
from unspin.analyzers import places, dates, sources, techniques  # noqa: F401,E402  (registration)

DEFAULT_ANALYZERS = ("places", "dates", "sources", "techniques")

__all__ = ["Analyzer", "Context", "DEFAULT_ANALYZERS", "get_analyzer", "register", "registered"]
