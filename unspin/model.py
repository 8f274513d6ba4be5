"""The one data model that flows through unspin.

readers -> Article -> analyzers add Spans and Findings -> reports and stores.

Everything here is plain data: analyzers create these objects, reports and
stores only read them. ``Analysis.to_dict`` is the versioned JSON form
described by ``unspin/schema/analysis.schema.json``.
"""

from __future__ import annotations

import re

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

SCHEMA_VERSION = "1.1"


class Severity(str, Enum):
    """How much a finding should worry an analyst, lowest first."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


#: Code points that cannot be encoded as UTF-8 (lone surrogates) or must not be interchanged
#: (noncharacters).
_UNWRITABLE = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def clean_value(value: Any) -> Any:
    """``value`` (a string, or dicts and lists of them) with unwritable code points replaced by U+FFFD."""
    if isinstance(value, str):
        return _UNWRITABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {(clean_value(k) if isinstance(k, str) else k): clean_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    return value


@dataclass
class Article:
    """One news item as a reader produced it. ``text`` is never altered
    after reading, so character offsets into it stay valid everywhere."""

    text: str
    id: str = ""
    url: str | None = None
    domain: str | None = None
    title: str | None = None
    published: date | None = None
    language: str | None = None
    source: str | None = None  # where it was read from: path, path:line, path#record
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Lone surrogates and noncharacters cannot be written as UTF-8 (every report, the store and
        # the web would fail on them): each is replaced by U+FFFD on creation, and counted.
        replaced = 0
        for name in ("text", "title", "url", "domain", "source", "id"):
            value = getattr(self, name)
            if isinstance(value, str) and _UNWRITABLE.search(value):
                clean, count = _UNWRITABLE.subn("\ufffd", value)
                setattr(self, name, clean)
                replaced += count
        if replaced:
            self.metadata = clean_value(self.metadata)
            self.metadata["replaced_characters"] = replaced
        if not self.id:
            self.id = content_id(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "domain": self.domain,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "source": self.source,
            "metadata": self.metadata,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        published = data.get("published")
        return cls(
            text=data["text"],
            id=data.get("id") or "",
            url=data.get("url"),
            domain=data.get("domain"),
            title=data.get("title"),
            published=date.fromisoformat(published) if published else None,
            language=data.get("language"),
            source=data.get("source"),
            metadata=dict(data.get("metadata") or {}),
        )


def content_id(text: str) -> str:
    """A stable id for text without one: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Span:
    """A stretch of the article text, ``text[start:end]`` (end exclusive)."""

    start: int
    end: int
    label: str
    text: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, article_text: str, start: int, end: int, label: str, **attributes: Any) -> Span:
        return cls(start, end, label, article_text[start:end], dict(attributes))

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
            "attributes": self.attributes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(data["start"], data["end"], data["label"], data.get("text", ""),
                   dict(data.get("attributes") or {}))


@dataclass
class Finding:
    """Something an analyst should look at, with the evidence to check it.

    ``kind`` is a stable machine name such as ``unknown-place``;
    ``details`` holds what was computed (suggestions, durations, dates).
    """

    kind: str
    severity: Severity
    message: str
    evidence: list[Span]
    confidence: float
    analyzer: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "analyzer": self.analyzer,
            "severity": self.severity.value,
            "message": self.message,
            "confidence": round(float(self.confidence), 3),
            "evidence": [span.to_dict() for span in self.evidence],
            "details": self.details,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            kind=data["kind"],
            severity=Severity(data["severity"]),
            message=data["message"],
            evidence=[Span.from_dict(s) for s in data.get("evidence", [])],
            confidence=data["confidence"],
            analyzer=data.get("analyzer", ""),
            details=dict(data.get("details") or {}),
        )


@dataclass
class AnalyzerResult:
    """What one analyzer adds: annotation spans, findings and a summary
    (counts and structured records, JSON-serialisable)."""

    spans: list[Span] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass
class AnalyzerRun:
    """The record of one analyzer on one article: ran, or skipped and why."""

    name: str
    status: str  # "ran" | "skipped" | "failed"
    reason: str | None = None
    result: AnalyzerResult = field(default_factory=AnalyzerResult)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "reason": self.reason,
            "spans": [s.to_dict() for s in self.result.spans],
            "summary": self.result.summary,
        }


@dataclass
class Analysis:
    """Everything unspin found in one article."""

    article: Article
    runs: dict[str, AnalyzerRun] = field(default_factory=dict)
    unspin_version: str = ""

    @property
    def findings(self) -> list[Finding]:
        found = [f for run in self.runs.values() for f in run.result.findings]
        return sorted(found, key=lambda f: (-f.severity.rank, -f.confidence,
                                            f.evidence[0].start if f.evidence else 0))

    @property
    def spans(self) -> list[Span]:
        return sorted((s for run in self.runs.values() for s in run.result.spans),
                      key=lambda s: (s.start, s.end))

    def summary(self, analyzer: str) -> dict[str, Any]:
        run = self.runs.get(analyzer)
        return run.result.summary if run else {}

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "unspin_version": self.unspin_version,
            "article": self.article.to_dict(),
            "analyzers": {name: run.to_dict() for name, run in self.runs.items()},
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        analysis = cls(Article.from_dict(data["article"]), unspin_version=data.get("unspin_version", ""))
        findings_by_analyzer: dict[str, list[Finding]] = {}
        for f in data.get("findings", []):
            finding = Finding.from_dict(f)
            findings_by_analyzer.setdefault(finding.analyzer, []).append(finding)
        for name, run in data.get("analyzers", {}).items():
            result = AnalyzerResult(
                spans=[Span.from_dict(s) for s in run.get("spans", [])],
                findings=findings_by_analyzer.get(name, []),
                summary=run.get("summary") or {},
            )
            analysis.runs[name] = AnalyzerRun(name, run["status"], run.get("reason"), result)
        return analysis
