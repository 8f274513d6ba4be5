"""The one small interface every analyzer implements, and its registry.

An analyzer gets a :class:`Context` (the article, the shared spaCy ``Doc``
and the results of analyzers that ran before it) and returns an
:class:`~unspin.model.AnalyzerResult`. It knows nothing of the CLI, the web
or any store, so it can be built and tested alone::

    from unspin.analyzers import get_analyzer
    result = get_analyzer("dates").analyze(context)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, ClassVar

from unspin.model import AnalyzerResult, Article

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Context:
    article: Article
    doc: Doc | None
    language: str
    results: dict[str, AnalyzerResult] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)  # e.g. {"published": date}


class Analyzer:
    """Base class: set ``name``, ``languages`` and ``requires``; implement ``analyze``."""

    name: ClassVar[str] = ""
    languages: ClassVar[frozenset[str]] = frozenset({"en"})
    requires: ClassVar[tuple[str, ...]] = ()  # analyzers whose results this one reads

    def supports(self, language: str) -> bool:
        return "*" in self.languages or language in self.languages

    def analyze(self, ctx: Context) -> AnalyzerResult:  # pragma: no cover - interface
        raise NotImplementedError


_REGISTRY: dict[str, Callable[..., Analyzer]] = {}


def register(name: str) -> Callable[[type[Analyzer]], type[Analyzer]]:
    """Class decorator: make an analyzer available under ``name``."""

    def decorate(cls: type[Analyzer]) -> type[Analyzer]:
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return decorate


def registered() -> list[str]:
    from unspin import analyzers  # noqa: F401  (importing registers the built-ins)

    return list(_REGISTRY)


def get_analyzer(name: str, **config: Any) -> Analyzer:
    registered()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown analyzer {name!r}; known: {', '.join(sorted(_REGISTRY))}") from None
    return factory(**config)
