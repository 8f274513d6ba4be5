"""The workbench application: pages and the JSON API over one store and one pipeline."""

from __future__ import annotations

import logging
import os
from importlib import resources
from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from unspin import __version__
from unspin.web.jobs import JobRunner
from unspin.web.security import LOOPBACK_HOSTS, SECURITY_HEADERS, BodyLimit, Guard, RateLimit
from unspin.web.service import NotFound, Workbench

log = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024
DEFAULT_ANALYSES_PER_MINUTE = 30
DEFAULT_MAX_ARTICLES_PER_UPLOAD = 50


def create_app(store: Any, *, token: str | None = None, max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
               analyses_per_minute: int = DEFAULT_ANALYSES_PER_MINUTE,
               max_articles_per_upload: int = DEFAULT_MAX_ARTICLES_PER_UPLOAD,
               state_dir: str | None = None, allowed_hosts: Iterable[str] = LOOPBACK_HOSTS) -> Any:
    """The ASGI app over an open ``Store``. ``token``: when set, every page and API call needs it.
    ``state_dir``: where ingest jobs keep their state for every worker to read (default: a private
    folder of this user named after the store). ``allowed_hosts``: the Host names it answers to
    (loopback by default; ``"*"`` for any, behind a token)."""
    from unspin.web import api, pages

    app = FastAPI(title="unspin workbench", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json",
                  description="Analyse articles, search the corpus, trace rewrites, review findings. "
                              "Errors are {\"error\": message, \"status\": code}; lists are paginated "
                              "({\"total\", \"limit\", \"offset\", \"items\"}).")
    app.state.workbench = Workbench(store)
    app.state.jobs = JobRunner(app.state.workbench, state_dir or default_state_dir(store))
    app.state.token = token
    app.state.rate_limit = RateLimit(analyses_per_minute)
    app.state.max_articles_per_upload = max_articles_per_upload
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static/report", StaticFiles(directory=str(resources.files("unspin.report") / "assets")),
              name="report-assets")
    app.mount("/static", StaticFiles(directory=str(resources.files("unspin.web") / "static")), name="static")
    _errors(app)
    # Outermost first: the body limit sees the request before anything reads it.
    app.add_middleware(Guard, token=token, allowed_hosts=frozenset(allowed_hosts))
    app.add_middleware(BodyLimit, limit=max_upload_bytes)
    return app


def settle_for_serving() -> None:
    """Before a server process takes requests: import what trace requests use, then take every
    object alive from the garbage collector's full collections (``unspin.heap``). The server
    calls it (``unspin serve``, each worker of ``app_from_env``); ``create_app`` does not, so an
    app made in a test or another program leaves that process's collector as it was."""
    import unspin.trace.trace  # noqa: F401  (the trace stack, imported before the freeze)
    from unspin.heap import settle

    log.debug("froze %d objects before serving", settle())


def default_state_dir(store: Any) -> str:
    """A folder of this user only ($XDG_RUNTIME_DIR, else ~/.cache/unspin/web), one per store."""
    import hashlib
    from pathlib import Path

    name = hashlib.sha256(str(getattr(store, "url", store)).encode()).hexdigest()[:12]
    base = os.environ.get("XDG_RUNTIME_DIR") or str(Path.home() / ".cache" / "unspin" / "web")
    return os.path.join(base, f"unspin-web-{name}")


def app_from_env() -> Any:
    """The app for ``uvicorn --factory unspin.web.app:app_from_env`` (and ``unspin serve
    --workers N``, whose workers each build one): the store and options from UNSPIN_DB,
    UNSPIN_TOKEN, UNSPIN_WEB_MAX_UPLOAD_MB and UNSPIN_WEB_ANALYSES_PER_MINUTE."""
    from unspin.store import open_store

    store = open_store(os.environ.get("UNSPIN_DB"))
    hosts = [h for h in os.environ.get("UNSPIN_WEB_ALLOWED_HOSTS", "").split(",") if h.strip()]
    app = create_app(store, token=os.environ.get("UNSPIN_TOKEN") or None,
                     allowed_hosts=frozenset(hosts) if hosts else LOOPBACK_HOSTS,
                     max_upload_bytes=int(os.environ.get("UNSPIN_WEB_MAX_UPLOAD_MB", 100)) * 1024 * 1024,
                     analyses_per_minute=int(os.environ.get("UNSPIN_WEB_ANALYSES_PER_MINUTE",
                                                            DEFAULT_ANALYSES_PER_MINUTE)))
    settle_for_serving()  # a server worker: this factory is how uvicorn's workers build the app
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _errors(app: FastAPI) -> None:
    from unspin.web.pages import FormError, render

    def respond(request: Request, status: int, message: str, headers: dict | None = None):
        if _wants_json(request):
            return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)
        return render(request, "error.html", status=status, message=message)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return respond(request, 404, str(exc))

    @app.exception_handler(FormError)
    async def bad_form(request: Request, exc: FormError):
        return respond(request, 400, str(exc))

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError):
        return respond(request, 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or API route: {request.url.path}"
        return respond(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path"))
            problems.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
        message = "invalid request: " + "; ".join(problems)
        if _wants_json(request):
            return JSONResponse({"error": message, "status": 422, "problems": problems}, status_code=422)
        return render(request, "error.html", status=422, message=message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        response = respond(request, 500, f"unexpected error ({type(exc).__name__}); the server log has the details")
        for name, value in SECURITY_HEADERS:  # this handler runs outside the Guard middleware
            response.headers[name.decode()] = value.decode()
        return response
