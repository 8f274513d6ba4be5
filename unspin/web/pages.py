"""The server-rendered pages: Analyse, Corpus, Article, Stories, Outlets, Ingest, Review.

Every value from an article reaches a page through Jinja2's autoescaping or through the report
renderers, which escape it themselves (their output is the only markup marked safe).
"""

from __future__ import annotations

import hmac
import json
from datetime import date
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from unspin import __version__
from unspin.model import Article
from unspin.report.safe_text import visible_bidi
from unspin.review import MARKS, finding_key
from unspin.store.search import ArticleQuery
from unspin.web.security import CSRF_FIELD, TOKEN_COOKIE, csrf_ok
from unspin.web.uploads import read_uploads

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(resources.files("unspin.web") / "templates"))
templates.env.filters["q"] = lambda value: quote(str(value), safe="")  # one path segment
# Bidi controls in article strings are shown (as in the reports), never obeyed, on every page.
templates.env.finalize = lambda value: visible_bidi(value) if isinstance(value, str) and not isinstance(
    value, Markup) else value
NAV = [("/analyse", "Analyse"), ("/corpus", "Corpus"), ("/stories", "Stories"), ("/outlets", "Outlets"),
       ("/ingest", "Ingest"), ("/review", "Review"), ("/docs", "API")]
PAGE = 25


class FormError(ValueError):
    """A form that cannot be accepted; shown on the page, status 400."""


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.update(request=request, nav=NAV, version=__version__, csrf=_csrf(request), csrf_field=CSRF_FIELD,
                   active=context.get("active", ""))
    return templates.TemplateResponse(request, template, context, status_code=status)


def _csrf(request: Request) -> str:
    return request.scope.get("state", {}).get("csrf", "")


async def _form(request: Request) -> Any:
    form = await request.form(max_files=100, max_fields=200)
    if not csrf_ok(request.scope, form.get(CSRF_FIELD)):
        raise FormError("this form has expired or came from another site (CSRF check); reload the page and "
                        "send it again")
    return form


def _date(value: Any) -> date | None:
    value = (value or "").strip() if isinstance(value, str) else value
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FormError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _bench(request: Request):
    return request.app.state.workbench


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/analyse", status_code=303)


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


# -- login (only when the server has a token) ------------------------------------------

@router.get("/login")
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=_local(next), error=None)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    target = _local(str(form.get("next") or "/"))
    token = request.app.state.token
    given = str(form.get("token") or "")
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        return render(request, "login.html", status=401, next=target, error="wrong token")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


def _local(target: str) -> str:
    """Only paths on this server are redirect targets (no //host, no scheme)."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


# -- analyse ----------------------------------------------------------------------------

@router.get("/analyse")
def analyse_page(request: Request) -> HTMLResponse:
    return render(request, "analyse.html", active="/analyse", report=None, form={}, errors=[], message=None)


@router.post("/analyse")
async def analyse(request: Request) -> HTMLResponse:
    form = await _form(request)
    values = {"text": str(form.get("text") or ""), "title": str(form.get("title") or ""),
              "published": str(form.get("published") or ""), "keep": bool(form.get("keep"))}
    wait = request.app.state.rate_limit.take(request.client.host if request.client else "?")
    if wait:
        return render(request, "analyse.html", status=429, active="/analyse", report=None, form=values, errors=[],
                      message=f"too many analyses from this client; try again in {wait:.0f} s")
    published = _date(values["published"])
    uploads = [(f.filename or "", f.file) for f in form.getlist("files") if getattr(f, "filename", None)]
    articles, errors = read_uploads(uploads, limit=request.app.state.max_articles_per_upload) if uploads else ([], [])
    if values["text"].strip():
        articles.insert(0, Article(text=values["text"], title=values["title"] or None, source="pasted text"))
    if not articles:
        return render(request, "analyse.html", status=400, active="/analyse", report=None, form=values,
                      errors=errors, message="paste an article or choose a file: there was nothing to analyse")
    more = request.app.state.rate_limit.take(request.client.host if request.client else "?", len(articles) - 1) \
        if len(articles) > 1 else 0
    if more:
        return render(request, "analyse.html", status=429, active="/analyse", report=None, form=values, errors=[],
                      message=f"{len(articles)} articles are over this client's analyses per minute; try again "
                              f"in {more:.0f} s or use Ingest")
    bench = _bench(request)
    analyses = bench.analyse(articles, published=published, keep=values["keep"])
    from unspin.report.html import report_body

    kept = [a.article.id for a in analyses] if values["keep"] else []
    return render(request, "analyse.html", active="/analyse", report=Markup(report_body(analyses)), form=values,
                  errors=errors, kept=kept, message=None,
                  counts=[(a.article.title or a.article.source or a.article.id, len(a.findings)) for a in analyses])


# -- corpus -----------------------------------------------------------------------------

@router.get("/corpus")
def corpus(request: Request, q: str = "", domain: str = "", language: str = "", date_from: str = "",
           date_to: str = "", kind: str = "", severity: str = "", page: int = 1) -> HTMLResponse:
    page = min(max(1, page), 10**7)
    filters = {"q": q, "domain": domain, "language": language, "date_from": date_from, "date_to": date_to,
               "kind": kind, "severity": severity}
    try:
        query = ArticleQuery(text=q or None, domain=domain or None, language=language or None,
                             published_from=_date(date_from), published_to=_date(date_to),
                             finding_kind=kind or None, severity=severity or None,
                             limit=PAGE, offset=(page - 1) * PAGE)
        message = None
    except FormError as err:
        query, message = ArticleQuery(limit=PAGE), str(err)
    store = _bench(request).store
    total, items = store.search(query)
    pages = max(1, (total + PAGE - 1) // PAGE)
    kept = {k: v for k, v in filters.items() if v}
    return render(request, "corpus.html", active="/corpus", items=items, total=total, page=page, pages=pages,
                  filters=filters, facets=store.facets(), message=message,
                  prev_url=f"/corpus?{urlencode({**kept, 'page': page - 1})}" if page > 1 else None,
                  next_url=f"/corpus?{urlencode({**kept, 'page': page + 1})}" if page < pages else None)


# -- one article -------------------------------------------------------------------------

@router.post("/articles/{article_id:path}/review")
async def review_post(request: Request, article_id: str) -> Response:
    form = await _form(request)
    bench = _bench(request)
    key = str(form.get("key") or "")
    mark = str(form.get("mark") or "")
    if mark == "clear":
        bench.clear_mark(article_id, key)
    else:
        bench.set_mark(article_id, key, mark, str(form.get("note") or ""), str(form.get("analyst") or "") or None)
    return RedirectResponse(f"/articles/{_quote(article_id)}#review-{key}", status_code=303)


@router.get("/articles/{article_id:path}/export")
def export(request: Request, article_id: str) -> Response:
    from unspin.web.api import _safe_name

    data = _bench(request).case_export(article_id)
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{_safe_name(article_id)}-case.zip"'})


@router.get("/articles/{article_id:path}")
def article_page(request: Request, article_id: str) -> HTMLResponse:
    from unspin.report.html import report_body

    bench = _bench(request)
    article = bench.article(article_id)
    analysis = bench.stored_analysis(article.id)
    marks = bench.store.review_marks(article.id)
    report = None
    findings = []
    if analysis is not None:
        analysis.article = article
        report = Markup(report_body([analysis], {article.id: marks}))
        findings = [{"key": finding_key(f), "finding": f, "mark": marks.get(finding_key(f))}
                    for f in analysis.findings]
    try:
        trace = bench.trace(article.id, k=8)
    except Exception as exc:  # noqa: BLE001 - the page still shows the report
        trace = {"relatives": [], "origin": None, "error": f"{type(exc).__name__}: {exc}"}
    return render(request, "article.html", active="/corpus", article=article, report=report, findings=findings,
                  marks=MARKS, trace=trace, stories=bench.stories_of(article.id))


def _quote(value: str) -> str:
    return quote(value, safe="")


# -- stories and outlets ------------------------------------------------------------------

@router.get("/stories")
def stories(request: Request) -> HTMLResponse:
    view = _bench(request).corpus()
    return render(request, "stories.html", active="/stories", stories=view.stories)


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str) -> HTMLResponse:
    from unspin.corpus.alignment import with_alignments
    from unspin.corpus.loading import tracer_aligner
    from unspin.report.trace_html import story_body

    found, view = _bench(request).story(story_id)
    relations = with_alignments([found], view.articles, view.relations, tracer_aligner())
    return render(request, "story.html", active="/stories", story=found,
                  body=Markup(story_body(found, view.articles, relations)))


@router.get("/outlets")
def outlets(request: Request) -> HTMLResponse:
    from unspin.report.trace_html import outlet_tables

    data = _bench(request).outlets()
    graph = graph_data(data["network"], data["per_domain"], data["shared"], data["stories"])
    return render(request, "outlets.html", active="/outlets", network=data["network"],
                  graph_json=Markup(_script_json(graph)), nodes=len(graph["nodes"]),
                  tables=Markup(outlet_tables(data["network"], data["per_domain"], data["shared"])))


def graph_data(network: dict[str, Any], per_domain: dict, shared: list, stories: list) -> dict[str, Any]:
    """The outlet network in the shape graph.js draws: nodes with their stories and indicators."""
    story_links: dict[str, list[dict[str, str]]] = {}
    for story in stories:
        for outlet in story.outlets:
            story_links.setdefault(outlet, []).append({"title": story.title or story.id,
                                                       "href": f"/stories/{_quote(story.id)}"})
    shared_with: dict[tuple[str, str, str], list[str]] = {}
    for pair in shared:
        domains = [d for d in pair.get("domains", []) if d]
        for indicator in pair.get("shared", []):
            kind, value = str(indicator.get("kind", "")), str(indicator.get("value", ""))
            for d in domains:
                shared_with.setdefault((d, kind, value), []).extend(o for o in domains if o != d)
    nodes = []
    for outlet in network.get("outlets", []):
        domain = outlet.get("domain")
        indicators = [{"kind": getattr(i, "kind", ""), "value": str(getattr(i, "value", "")),
                       "shared_with": sorted(set(shared_with.get((domain, getattr(i, "kind", ""),
                                                                  str(getattr(i, "value", ""))), [])))}
                      for i in per_domain.get(domain, [])][:40]
        nodes.append({"id": domain, "label": domain, "articles": outlet.get("articles", 0),
                      "role": _role(outlet), "group": None,
                      "stories": story_links.get(domain, [])[:30], "indicators": indicators})
    edges = [{"source": e["source"], "target": e["target"], "weight": e.get("count", 1),
              "label": ", ".join(f"{n} {relation}" for relation, n in e.get("relations", {}).items())
              or f"{e.get('count', 1)} link(s)"} for e in network.get("edges", [])]
    return {"nodes": nodes, "edges": edges}


def _role(outlet: dict[str, Any]) -> str:
    upstream, downstream = bool(outlet.get("downstream")), bool(outlet.get("upstream"))  # it feeds / is fed
    if upstream and downstream:
        return "mixed"
    if upstream:
        return "origin"
    if downstream:
        return "rewriter"
    return "other"


def _script_json(data: Any) -> str:
    from unspin.report.html import script_json

    return script_json(data)


# -- ingest and review --------------------------------------------------------------------

@router.get("/ingest")
def ingest_page(request: Request) -> HTMLResponse:
    return render(request, "ingest.html", active="/ingest", jobs=request.app.state.jobs.all(), message=None)


@router.post("/ingest")
async def ingest(request: Request) -> Response:
    form = await _form(request)
    uploads = [(f.filename or "", f.file) for f in form.getlist("files") if getattr(f, "filename", None)]
    wait = request.app.state.rate_limit.take(request.client.host if request.client else "?")
    if wait:
        return render(request, "ingest.html", status=429, active="/ingest", jobs=request.app.state.jobs.all(),
                      message=f"too many requests from this client; try again in {wait:.0f} s")
    if not uploads:
        return render(request, "ingest.html", status=400, active="/ingest", jobs=request.app.state.jobs.all(),
                      message="choose at least one file (a crawl, JSONL, HTML or text)")
    job = request.app.state.jobs.submit(uploads, analyse=bool(form.get("analyse")),
                                        published=_date(form.get("published")))
    return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)


@router.get("/ingest/jobs/{job_id}")
def job_page(request: Request, job_id: str) -> HTMLResponse:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        return render(request, "error.html", status=404, message=f"no ingest job {job_id!r}")
    return render(request, "job.html", active="/ingest", job=job, job_json=Markup(_script_json(job)))


@router.get("/review")
def review_page(request: Request) -> HTMLResponse:
    return render(request, "review.html", active="/review", rows=_bench(request).store.review_counts())


# -- the API reference ---------------------------------------------------------------------

@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p.get("name"), "where": p.get("in"), "required": p.get("required", False),
                       "type": (p.get("schema") or {}).get("type", ""), "description": p.get("description", "")}
                      for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {})
            operations.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "description": op.get("description", ""), "tag": (op.get("tags") or [""])[0],
                               "params": params, "body": ", ".join(body)})
    return render(request, "docs.html", active="/docs", operations=operations,
                  schemas=json.dumps(spec.get("components", {}).get("schemas", {}), indent=2))
