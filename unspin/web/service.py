"""What the workbench does, without HTTP: analyse, search, trace, stories, outlets, review, export.

The pages and the JSON API both call this one object, so they cannot drift apart. It owns the
store and the analysis pipeline (loaded once, on first use); spaCy is not thread-safe, so one
lock serialises analysis across request threads and the ingest worker.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

from unspin.model import Analysis, Article
from unspin.review import MARKS, finding_key


class NotFound(LookupError):
    """A stored thing (article, story, finding) that does not exist; the message says which."""


@dataclass
class CorpusView:
    """Stories and the outlet network of the whole store, computed together and cached."""

    articles: list[Article]
    relations: list
    stories: list
    network: dict[str, Any]
    generation: int  # the workbench's generation it was built at


class Workbench:
    def __init__(self, store: Any) -> None:
        self.store = store
        self._pipeline: Any = None
        self.analysis_lock = threading.Lock()
        self._corpus: CorpusView | None = None
        self._corpus_lock = threading.Lock()
        self.generation = 0  # bumped whenever stored articles or analyses change

    # -- analysis -------------------------------------------------------------------

    def pipeline(self) -> Any:
        with self.analysis_lock:
            if self._pipeline is None:
                from unspin.pipeline import Pipeline

                self._pipeline = Pipeline()
            return self._pipeline

    def analyse(self, articles: list[Article], published: date | None = None, keep: bool = False) -> list[Analysis]:
        """Analyse articles; with ``keep`` each is stored (or found stored) with its analysis."""
        pipeline = self.pipeline()
        analyses = []
        for article in articles:
            with self.analysis_lock:
                analysis = pipeline.analyze(article, published=published)
            if keep:
                self.keep(analysis)
            analyses.append(analysis)
        return analyses

    def keep(self, analysis: Analysis) -> str:
        """Store the analysed article (unless already stored) and its analysis; returns its id."""
        article = analysis.article
        stored = self.store.stored_id_of(article)
        if stored is None:
            report = self.store.ingest([article], args={"via": "workbench analyse"})
            stored = self.store.stored_id_of(article)
            if stored is None:
                reasons = "; ".join(e.reason for e in report.error_list) or "the store refused it"
                raise ValueError(f"the article could not be kept: {reasons}")
        article.id = stored
        self.store.save_analysis(stored, analysis.to_dict())
        self.changed()
        return stored

    def changed(self) -> None:
        self.generation += 1

    # -- articles -------------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        found = self.store.article(article_id)
        if found is None:
            raise NotFound(f"no stored article with id or URL {article_id!r}")
        return found

    def stored_analysis(self, article_id: str) -> Analysis | None:
        data = self.store.analysis(article_id)
        return Analysis.from_dict(data) if data else None

    def analysis_with_review(self, article_id: str) -> dict[str, Any] | None:
        """The stored analysis as JSON data, each finding carrying its review key and mark."""
        data = self.store.analysis(article_id)
        if not data:
            return None
        marks = self.store.review_marks(article_id)
        return with_review(data, marks)

    def find_finding(self, article_id: str, key: str) -> dict[str, Any]:
        data = self.store.analysis(article_id)
        for finding in (data or {}).get("findings", []):
            if finding_key(finding) == key:
                return finding
        raise NotFound(f"article {article_id!r} has no finding {key!r} in its stored analysis")

    def set_mark(self, article_id: str, key: str, mark: str, note: str | None, analyst: str | None) -> dict[str, Any]:
        self.article(article_id)
        finding = self.find_finding(article_id, key)
        return self.store.set_review_mark(article_id, finding, mark, note, analyst)

    def clear_mark(self, article_id: str, key: str) -> bool:
        self.article(article_id)
        return self.store.clear_review_mark(article_id, key)

    # -- tracing, stories, outlets ----------------------------------------------------

    def trace(self, article_id: str, k: int = 10) -> dict[str, Any]:
        from unspin.trace.report import trace_to_dict
        from unspin.trace.trace import trace

        query = self.article(article_id)
        return trace_to_dict(self.store, query, trace(self.store, query, k=k))

    def corpus(self) -> CorpusView:
        """Stories and outlets, rebuilt when the store changed (they read the whole store)."""
        with self._corpus_lock:
            cached = self._corpus
            if cached is not None and cached.generation == self.generation:
                return cached
            from unspin.corpus.loading import load_corpus, load_skeletons
            from unspin.corpus.outlets import outlet_network
            from unspin.corpus.stories import build_stories

            generation = self.generation
            corpus = load_corpus(self.store, with_unlinked=True)
            stories = build_stories(corpus.articles, corpus.relations,
                                    skeletons=load_skeletons(self.store, corpus.linked_ids))
            network = outlet_network(corpus.articles, corpus.relations, stories=stories)
            self._corpus = CorpusView(corpus.articles, corpus.relations, stories, network, generation)
            return self._corpus

    def story(self, story_id: str) -> tuple[Any, CorpusView]:
        view = self.corpus()
        for story in view.stories:
            if story.id == story_id:
                return story, view
        raise NotFound(f"no story {story_id!r} (stories are recomputed as the store changes)")

    def stories_of(self, article_id: str) -> list[Any]:
        return [s for s in self.corpus().stories if article_id in s.member_ids]

    def outlets(self, forensics: bool = True) -> dict[str, Any]:
        from unspin.corpus.forensics import operator_groups, shared_indicators
        from unspin.corpus.loading import corpus_forensics

        view = self.corpus()
        per_domain = corpus_forensics(self.store, view.articles) if forensics else {}
        shared = shared_indicators(per_domain)
        return {"network": view.network, "per_domain": per_domain, "shared": shared,
                "operator_groups": operator_groups(shared), "stories": view.stories}

    # -- export -----------------------------------------------------------------------

    def case_export(self, article_id: str) -> bytes:
        """A zip: the JSON analysis (with marks), the self-contained HTML report, findings as CSV."""
        from unspin.report.html import render_html

        article = self.article(article_id)
        data = self.store.analysis(article.id)
        if not data:
            raise NotFound(f"article {article.id!r} has no stored analysis to export")
        marks = self.store.review_marks(article.id)
        reviewed = with_review(data, marks)
        analysis = Analysis.from_dict(data)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("analysis.json", json.dumps(reviewed, ensure_ascii=False, indent=2))
            archive.writestr("report.html", render_html([analysis], title=f"unspin case: {article.title or article.id}",
                                                        marks={article.id: marks}))
            archive.writestr("findings.csv", findings_csv(reviewed))
            archive.writestr("README.txt", (
                f"unspin case export of article {article.id}\n"
                f"exported {time.strftime('%Y-%m-%d %H:%M:%S %Z')}\n"
                "analysis.json  the analysis (schema unspin/schema/analysis.schema.json), each finding with its review\n"
                "report.html    the report, self-contained, marks shown on the findings\n"
                "findings.csv   one row per finding: severity, kind, analyzer, message, evidence, mark, note\n"))
        return buffer.getvalue()


def with_review(data: dict[str, Any], marks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out = dict(data)
    findings = []
    for finding in data.get("findings", []):
        key = finding_key(finding)
        mark = marks.get(key) or {}
        findings.append({**finding, "review": {"key": key, "mark": mark.get("mark"), "note": mark.get("note"),
                                               "analyst": mark.get("analyst"), "updated_at": mark.get("updated_at")}})
    out["findings"] = findings
    return out


def findings_csv(reviewed: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["article_id", "finding_key", "severity", "kind", "analyzer", "confidence", "message",
                     "evidence", "mark", "note", "analyst", "marked_at"])
    article_id = (reviewed.get("article") or {}).get("id", "")
    for finding in reviewed.get("findings", []):
        review = finding.get("review") or {}
        evidence = " | ".join(f"{s.get('start')}-{s.get('end')}: {s.get('text', '')}" for s in finding.get("evidence", []))
        writer.writerow([_csv_safe(article_id), review.get("key", ""), finding.get("severity", ""),
                         _csv_safe(finding.get("kind", "")), _csv_safe(finding.get("analyzer", "")),
                         finding.get("confidence", ""),
                         _csv_safe(finding.get("message", "")), _csv_safe(evidence), review.get("mark") or "",
                         _csv_safe(review.get("note") or ""), _csv_safe(review.get("analyst") or ""),
                         review.get("updated_at") or ""])
    return buffer.getvalue()


def _csv_safe(value: str) -> str:
    """Article text must not become a spreadsheet formula when the CSV is opened."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


__all__ = ["MARKS", "NotFound", "Workbench", "findings_csv", "with_review"]
