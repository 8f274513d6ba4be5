"""``unspin serve``: the analyst's workbench (pages and JSON API) over one store."""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets

from unspin.commands.argtypes import positive_int
from unspin.report.safe_text import safe_markup

HELP = """\
Serve the workbench: server-rendered pages (Analyse, Corpus, Article, Stories,
Outlets, Ingest, Review) and a JSON API under /api/v1 (reference at /docs,
OpenAPI at /openapi.json), over one store and one analysis pipeline. Every
asset ships in the package; nothing is fetched from elsewhere.

It binds to 127.0.0.1 unless told otherwise. Binding to any other address
needs an access token (--token or $UNSPIN_TOKEN): every page and API call must
then carry it (the login page sets a cookie; API clients send
'Authorization: Bearer TOKEN'). Use a reverse proxy for TLS.
"""

EPILOG = """\
examples:
  unspin serve                                  # ./unspin.db on http://127.0.0.1:8000
  unspin serve --db out/serve.db --port 8080
  unspin serve --db postgresql://user@host/news --host 0.0.0.0 --token "$(openssl rand -hex 16)"

exit status: 0 stopped, 1 the store could not be opened, 2 bad command line or an unsafe bind.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="the web workbench and REST API over a store",
                                   description=HELP, epilog=EPILOG,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", metavar="URL", help="store: sqlite:///path.db, a plain file path, or "
                        "postgresql://user:password@host/database (default: $UNSPIN_DB, else ./unspin.db, "
                        "created if missing)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)")
    parser.add_argument("--port", type=positive_int, default=8000, help="port (default 8000)")
    parser.add_argument("--token", default=os.environ.get("UNSPIN_TOKEN"),
                        help="access token every request must carry (default: $UNSPIN_TOKEN); required "
                             "when --host is not a loopback address")
    parser.add_argument("--max-upload-mb", type=positive_int, default=100,
                        help="largest request body in MiB; larger ones get 413 (default 100)")
    parser.add_argument("--analyses-per-minute", type=int, default=30,
                        help="analyse calls one client may make per minute; 0 for no limit (default 30)")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                        help="a host name the server answers to besides loopback and --host (repeatable; "
                             "requests naming any other Host are refused, which stops DNS rebinding)")
    parser.add_argument("--workers", type=positive_int, default=1,
                        help="server processes, each with its own models (about 1 GB each); analyses run "
                             "one at a time per process (default 1)")
    parser.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, extra: list[str], token: bool) -> frozenset[str]:
    """Loopback names, the bound address and --allowed-host; any name on a wildcard bind with a token."""
    from unspin.web.security import LOOPBACK_HOSTS

    if host in ("0.0.0.0", "::", "") and token and not extra:
        return frozenset({"*"})
    return frozenset(LOOPBACK_HOSTS | {host} | set(extra))


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    err = Console(stderr=True, highlight=False)
    if not is_loopback(args.host) and not args.token:
        err.print(f"[red]error:[/] binding to {safe_markup(args.host)} exposes the workbench beyond this machine; "
                  f"give an access token (--token or $UNSPIN_TOKEN), e.g. --token {secrets.token_hex(16)}")
        return 2
    if args.token is not None and len(args.token) < 12:
        err.print("[red]error:[/] an access token needs at least 12 characters")
        return 2
    try:
        import uvicorn

        from unspin.web.app import create_app
    except ImportError as exc:
        err.print(f"[red]error:[/] the workbench needs FastAPI and uvicorn ({safe_markup(exc)}); "
                  "install unspin's requirements.lock")
        return 1
    store = _open(args.db, err)
    if store is None:
        return 1
    hosts = allowed_hosts(args.host, args.allowed_host, bool(args.token))
    app = create_app(store, token=args.token, max_upload_bytes=args.max_upload_mb * 1024 * 1024,
                     analyses_per_minute=args.analyses_per_minute, allowed_hosts=hosts)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    err.print(f"unspin workbench on http://{shown}:{args.port}/ over {safe_markup(_describe(store))} "
              f"({store.count()} articles){'; token required' if args.token else ''}. Ctrl-C stops it.")
    try:
        if args.workers > 1:
            # Each worker process builds its own app from the environment (uvicorn's factory mode).
            os.environ.update({"UNSPIN_DB": store.url.render_as_string(hide_password=False),
                               "UNSPIN_WEB_MAX_UPLOAD_MB": str(args.max_upload_mb),
                               "UNSPIN_WEB_ANALYSES_PER_MINUTE": str(args.analyses_per_minute),
                               "UNSPIN_WEB_ALLOWED_HOSTS": ",".join(sorted(hosts))})
            if args.token:
                os.environ["UNSPIN_TOKEN"] = args.token
            uvicorn.run("unspin.web.app:app_from_env", factory=True, workers=args.workers, host=args.host,
                        port=args.port, log_level="warning", server_header=False, proxy_headers=False)
        else:
            from unspin.web.app import settle_for_serving

            settle_for_serving()
            # proxy_headers off: X-Forwarded-For from any client would otherwise choose its rate bucket
            uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False,
                        proxy_headers=False)
    finally:
        app.state.jobs.stop()
        store.close()
    return 0


def _describe(store) -> str:
    from unspin.store.engine import describe_url

    return describe_url(store.url)


def _open(db: str | None, err):
    from unspin.commands.store_open import open_command_store

    return open_command_store(db, err, create_default=True)
