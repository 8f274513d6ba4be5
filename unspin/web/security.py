"""The workbench's guards, as plain ASGI middleware and helpers.

- a request body limit (413 with a message), checked on the declared length and while streaming;
- an access token (when set, every page and API call needs it: header or login cookie);
- CSRF: form posts carry the token of a cookie; API writes need a header a cross-site form cannot
  send (the access token, JSON, or ``X-Requested-With``);
- response headers: a strict Content-Security-Policy (own scripts and styles only), no framing,
  no sniffing, no referrer;
- a per-client rate limit for the analyse routes (analysis is the expensive call).
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
TOKEN_COOKIE = "unspin_token"
CSRF_COOKIE = "unspin_csrf"
CSRF_FIELD = "csrf"
OPEN_PATHS = ("/login", "/static/", "/healthz")

Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Callable, Callable], Awaitable[None]]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def cookies(scope: Scope) -> dict[str, str]:
    """The request's cookies; a name sent twice (one planted by another site on this host) counts
    as absent, so a planted CSRF cookie can never win over the real one."""
    out: dict[str, str] = {}
    seen_twice: set[str] = set()
    for part in (_header(scope, b"cookie") or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            if name in out:
                seen_twice.add(name)
            out[name] = value
    for name in seen_twice:
        out.pop(name, None)
    return out


def host_of(value: str) -> str:
    """The host name of a Host header or an origin URL, without port, lower case."""
    value = value.strip().lower()
    if "://" in value:
        value = value.split("://", 1)[1]
    value = value.split("/", 1)[0]
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


async def _send_json(send: Callable, status: int, message: str, extra: list | None = None) -> None:
    body = json.dumps({"error": message, "status": status}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *SECURITY_HEADERS, *(extra or [])]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before the route reads them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = _header(scope, b"content-length")
        message = _TooLarge(self.limit).detail
        if declared and declared.isdigit() and int(declared) > self.limit:
            return await _send_json(send, 413, message)
        seen = 0
        started = False

        async def counting_receive() -> dict:
            nonlocal seen
            event = await receive()
            if event["type"] == "http.request":
                seen += len(event.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge(self.limit)
            return event

        async def tracking_send(event: dict) -> None:
            nonlocal started
            if event["type"] == "http.response.start":
                started = True
            await send(event)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _send_json(send, 413, message)


class _TooLarge(HTTPException):
    """Raised from ``receive`` when the body passes the limit: an HTTPException, so FastAPI's body
    parsing passes it on as a 413 instead of turning it into 400."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request is larger than the server's limit of {limit:,} bytes "
                              "(unspin serve --max-upload-mb)")


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


class Guard:
    """Host check, token check, CSRF check, security headers and the CSRF cookie, for every request.

    The Host allow-list stops DNS rebinding (a hostile page whose name resolves to 127.0.0.1 would
    otherwise be same-origin with the workbench); unsafe methods must also come from this origin
    (``Origin`` / ``Sec-Fetch-Site``), so a page on another port of the same machine cannot post."""

    def __init__(self, app: ASGIApp, token: str | None, allowed_hosts: frozenset[str] = LOOPBACK_HOSTS) -> None:
        self.app, self.token = app, token
        self.allowed_hosts = frozenset(host_of(h) for h in allowed_hosts)

    def _token_header_ok(self, scope: Scope) -> bool:
        given = _header(scope, b"authorization") or ""
        given = given[7:].strip() if given.lower().startswith("bearer ") else _header(scope, b"x-unspin-token") or ""
        return bool(given) and hmac.compare_digest(given.encode(), self.token.encode())

    def token_ok(self, scope: Scope) -> bool:
        if not self.token:
            return True
        given = _header(scope, b"authorization") or ""
        if given.lower().startswith("bearer "):
            given = given[7:].strip()
        else:
            given = _header(scope, b"x-unspin-token") or cookies(scope).get(TOKEN_COOKIE, "")
        return bool(given) and hmac.compare_digest(given.encode(), self.token.encode())

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET")
        is_api = path.startswith("/api/")
        host = host_of(_header(scope, b"host") or "")
        if "*" not in self.allowed_hosts and host not in self.allowed_hosts:
            return await _send_json(send, 421, f"this server does not answer for host {host!r} (unspin serve "
                                    "--allowed-host adds names)")
        if method not in ("GET", "HEAD", "OPTIONS") and not self._same_origin(scope, host):
            return await _send_json(send, 403, "a cross-site request: forms and API writes must come from this "
                                    "server's own pages or from a client without a browser origin")
        if not path.startswith(OPEN_PATHS) and not self.token_ok(scope):
            if is_api or path in ("/openapi.json",):
                return await _send_json(send, 401, "this server needs its access token: send "
                                        "'Authorization: Bearer TOKEN' or 'X-Unspin-Token: TOKEN'")
            target = quote(path + ("?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else ""))
            await send({"type": "http.response.start", "status": 303,
                        "headers": [(b"location", f"/login?next={target}".encode()), *SECURITY_HEADERS]})
            return await send({"type": "http.response.body", "body": b""})
        if method not in ("GET", "HEAD", "OPTIONS") and is_api and not self._api_write_ok(scope):
            return await _send_json(send, 403, "API writes need the access token, a JSON body, or an "
                                    "'X-Requested-With' header (cross-site forms cannot send these)")
        jar = cookies(scope)
        csrf = jar.get(CSRF_COOKIE)
        new_csrf = None
        if not csrf:
            new_csrf = secrets.token_urlsafe(24)
            scope.setdefault("state", {})["csrf"] = new_csrf
        else:
            scope.setdefault("state", {})["csrf"] = csrf

        async def with_headers(event: dict) -> None:
            if event["type"] == "http.response.start":
                headers = [h for h in event.get("headers", []) if h[0].lower() not in dict(SECURITY_HEADERS)]
                headers += SECURITY_HEADERS
                if new_csrf:
                    headers.append((b"set-cookie", f"{CSRF_COOKIE}={new_csrf}; Path=/; HttpOnly; "
                                    "SameSite=Strict".encode()))
                event = {**event, "headers": headers}
            await send(event)

        await self.app(scope, receive, with_headers)

    @staticmethod
    def _same_origin(scope: Scope, host: str) -> bool:
        """Browsers say where a request comes from: Sec-Fetch-Site where they send it (pages under
        ``Referrer-Policy: no-referrer`` post with ``Origin: null``), else Origin. A client with
        neither (curl, scripts) is no browser page and passes on to the token and CSRF checks."""
        fetch_site = (_header(scope, b"sec-fetch-site") or "").lower()
        if fetch_site:
            return fetch_site in ("same-origin", "none")
        origin = _header(scope, b"origin")
        if origin is None:
            return True
        if origin == "null":
            return False
        return host_of(origin) == host and _port_of(origin) == _port_of(_header(scope, b"host") or "")

    def _api_write_ok(self, scope: Scope) -> bool:
        if self.token and self._token_header_ok(scope):
            return True  # a header a cross-site form cannot set, and the right one
        content_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        if content_type == "application/json":
            return True  # a cross-site request with this type needs a CORS preflight, never granted
        if _header(scope, b"x-requested-with"):
            return True
        csrf = _header(scope, b"x-csrf-token")
        cookie = cookies(scope).get(CSRF_COOKIE)
        return bool(csrf and cookie and hmac.compare_digest(csrf, cookie))


def _port_of(value: str) -> str:
    rest = value.split("://", 1)[-1].split("/", 1)[0]
    if rest.startswith("["):
        rest = rest[rest.find("]") + 1:]
    if ":" in rest:
        return rest.rsplit(":", 1)[1]
    return "443" if value.lower().startswith("https://") else "80"


def csrf_ok(scope: Scope, submitted: str | None) -> bool:
    """A form post's hidden field against the CSRF cookie."""
    cookie = cookies(scope).get(CSRF_COOKIE)
    return bool(submitted and cookie and hmac.compare_digest(submitted, cookie))


class RateLimit:
    """At most ``per_minute`` calls per client in any sliding minute (token bucket)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    MAX_CLIENTS = 10_000

    def take(self, client: str, cost: float = 1.0) -> float:
        """0 when allowed (and ``cost`` tokens are spent: one per article analysed), else the
        seconds to wait."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic()
        rate = self.per_minute / 60.0
        cost = min(float(cost), float(self.per_minute))
        with self._lock:
            if len(self._buckets) > self.MAX_CLIENTS:  # forget clients whose bucket is full again
                full = 60.0
                self._buckets = {c: b for c, b in self._buckets.items() if now - b[1] < full}
            tokens, last = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            if tokens >= cost:
                self._buckets[client] = (tokens - cost, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (cost - tokens) / rate
