"""The JSON API under /api/v1 (OpenAPI at /openapi.json, a readable reference at /docs).

Analyses follow the versioned analysis schema (unspin/schema/analysis.schema.json); errors are
``{"error": message, "status": code}``; lists are ``{"total", "limit", "offset", "items"}``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from unspin.model import SCHEMA_VERSION, Article
from unspin.review import MARKS, MAX_NOTE_CHARS
from unspin.store.search import MAX_PAGE, ArticleQuery
from unspin.web.uploads import read_uploads

router = APIRouter(prefix="/api/v1")


class AnalyseText(BaseModel):
    text: str = Field(min_length=1, description="the article text")
    title: str | None = None
    url: str | None = None
    published: date | None = Field(None, description="publication date (ISO); relative dates resolve against it")
    language: str | None = Field(None, description="ISO 639-1 code; detected when absent")
    keep: bool = Field(False, description="also store the article and its analysis")


class ReviewMark(BaseModel):
    mark: Literal["confirmed", "dismissed", "unsure"]
    note: str | None = Field(None, max_length=MAX_NOTE_CHARS)
    analyst: str | None = Field(None, max_length=128)


def _bench(request: Request):
    return request.app.state.workbench


def _limited(request: Request, cost: int = 1) -> None:
    wait = request.app.state.rate_limit.take(request.client.host if request.client else "?", cost)
    if wait:
        raise HTTPException(429, f"too many analyses from this client; try again in {wait:.0f} s",
                            headers={"Retry-After": str(max(1, round(wait)))})


def _report(analyses: list, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    from unspin.report.json_report import render_json

    return render_json(analyses, errors=errors)


@router.post("/analyze", summary="Analyse one pasted article", tags=["analyse"])
def analyse_text(body: AnalyseText, request: Request) -> dict[str, Any]:
    """The article's analysis as a one-article report (the schema's top level)."""
    _limited(request)
    article = Article(text=body.text, title=body.title, url=body.url, language=body.language)
    analyses = _bench(request).analyse([article], published=body.published, keep=body.keep)
    return _report(analyses)


@router.post("/analyze/upload", summary="Analyse uploaded files (txt, HTML, JSONL, WARC)", tags=["analyse"])
def analyse_upload(request: Request, files: Annotated[list[UploadFile], File(description="one or more files")],
                   published: Annotated[date | None, Form()] = None,
                   keep: Annotated[bool, Form()] = False) -> dict[str, Any]:
    """Every readable article analysed; unreadable records listed in ``errors`` by name and reason."""
    _limited(request)
    bench = _bench(request)
    articles, errors = read_uploads([(f.filename or "", f.file) for f in files],
                                    limit=request.app.state.max_articles_per_upload)
    if len(articles) > 1:
        _limited(request, len(articles) - 1)  # one token per article analysed
    return _report(bench.analyse(articles, published=published, keep=keep), errors)


@router.get("/articles", summary="Stored articles: filters and full-text search", tags=["articles"])
def list_articles(request: Request, q: str | None = Query(None, description="words that must all occur"),
                  domain: str | None = None, language: str | None = None,
                  published_from: date | None = Query(None, alias="from"),
                  published_to: date | None = Query(None, alias="to"),
                  kind: str | None = Query(None, description="finding kind, e.g. unknown-place"),
                  severity: Literal["info", "low", "medium", "high"] | None = None,
                  limit: int = Query(50, ge=1, le=MAX_PAGE),
                  offset: int = Query(0, ge=0, le=10**9)) -> dict[str, Any]:
    query = ArticleQuery(text=q, domain=domain, language=language, published_from=published_from,
                         published_to=published_to, finding_kind=kind, severity=severity, limit=limit, offset=offset)
    total, items = _bench(request).store.search(query)
    return {"total": total, "limit": query.limit, "offset": query.offset, "items": items}


@router.post("/articles", status_code=202, summary="Ingest uploaded files as a background job", tags=["articles"])
def ingest(request: Request, files: Annotated[list[UploadFile], File()],
           analyse: Annotated[bool, Form()] = True,
           published: Annotated[date | None, Form()] = None) -> dict[str, Any]:
    _limited(request)
    job = request.app.state.jobs.submit([(f.filename or "", f.file) for f in files], analyse=analyse,
                                        published=published)
    return {**job.to_dict(), "url": f"/api/v1/jobs/{job.id}"}


@router.get("/jobs", summary="Ingest jobs, newest first", tags=["articles"])
def jobs(request: Request) -> dict[str, Any]:
    items = request.app.state.jobs.all()
    return {"total": len(items), "limit": len(items), "offset": 0, "items": items}


@router.get("/jobs/{job_id}", summary="One ingest job: progress and unreadable records", tags=["articles"])
def job(job_id: str, request: Request) -> dict[str, Any]:
    found = request.app.state.jobs.get(job_id)
    if found is None:
        raise HTTPException(404, f"no ingest job {job_id!r}")
    return found


@router.get("/articles/{article_id:path}/trace", summary="Where the article came from: ranked relatives",
            tags=["tracing"])
def trace(article_id: str, request: Request, k: int = Query(10, ge=1, le=100)) -> dict[str, Any]:
    return _bench(request).trace(article_id, k=k)


@router.get("/articles/{article_id:path}/export", summary="Case export: zip of JSON, HTML report and CSV",
            tags=["review"], response_class=Response)
def export(article_id: str, request: Request) -> Response:
    data = _bench(request).case_export(article_id)
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{_safe_name(article_id)}-case.zip"'})


@router.put("/articles/{article_id:path}/findings/{key}/review", summary="Mark a finding", tags=["review"])
def put_mark(article_id: str, key: str, body: ReviewMark, request: Request) -> dict[str, Any]:
    return _bench(request).set_mark(article_id, key, body.mark, body.note, body.analyst)


@router.delete("/articles/{article_id:path}/findings/{key}/review", summary="Remove a finding's mark", tags=["review"])
def delete_mark(article_id: str, key: str, request: Request) -> dict[str, Any]:
    if not _bench(request).clear_mark(article_id, key):
        raise HTTPException(404, f"finding {key!r} of article {article_id!r} has no mark")
    return {"deleted": True}


@router.get("/articles/{article_id:path}", summary="A stored article and its analysis with review marks",
            tags=["articles"])
def get_article(article_id: str, request: Request) -> dict[str, Any]:
    bench = _bench(request)
    article = bench.article(article_id)
    return {"schema_version": SCHEMA_VERSION, "article": article.to_dict(),
            "analysis": bench.analysis_with_review(article.id),
            "stories": [s.id for s in bench.stories_of(article.id)]}


@router.get("/review/counts", summary="Marks per analyzer and finding kind", tags=["review"])
def review_counts(request: Request) -> dict[str, Any]:
    rows = _bench(request).store.review_counts()
    return {"marks": list(MARKS), "total": len(rows), "limit": len(rows), "offset": 0, "items": rows}


@router.get("/stories", summary="Stories: articles of one text lineage, largest first", tags=["tracing"])
def stories(request: Request, limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=10**9)):
    found = _bench(request).corpus().stories
    return {"total": len(found), "limit": limit, "offset": offset,
            "items": [s.to_dict() for s in found[offset:offset + limit]]}


@router.get("/stories/{story_id}", summary="One story: origin, members, relations", tags=["tracing"])
def story(story_id: str, request: Request) -> dict[str, Any]:
    found, _ = _bench(request).story(story_id)
    return found.to_dict()


@router.get("/outlets", summary="The outlet network and shared forensic indicators", tags=["tracing"])
def outlets(request: Request, forensics: bool = True) -> dict[str, Any]:
    data = _bench(request).outlets(forensics=forensics)
    return {"network": data["network"],
            "forensics": {"domains": {d: [i.to_dict() for i in items] for d, items in data["per_domain"].items()},
                          "shared": data["shared"], "operator_groups": data["operator_groups"]}}


def _safe_name(value: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in value)[:80] or "article"
