"""Built-in analyzers. Importing this package registers every module in it
(each module's ``@register`` runs on import); ``DEFAULT_ANALYZERS`` is the
order ``unspin analyze`` runs them in, each after those it ``requires``."""

import importlib
import pkgutil

from unspin.analyzers.base import Analyzer, Context, get_analyzer, register, registered

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

DEFAULT_ANALYZERS = ("places", "dates", "sources", "claims", "techniques", "narratives", "style")

__all__ = ["Analyzer", "Context", "DEFAULT_ANALYZERS", "get_analyzer", "register", "registered"]
