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
    out: dict[str, str] = {}
    for part in (_header(scope, b"cookie") or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


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
        message = (f"the request is larger than the server's limit of {self.limit:,} bytes "
                   "(unspin serve --max-upload-mb)")
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
                    raise _TooLarge()
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


class _TooLarge(Exception):
    pass


class Guard:
    """Token check, CSRF check, security headers and the CSRF cookie, for every request."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app, self.token = app, token

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

    def _api_write_ok(self, scope: Scope) -> bool:
        if self.token and (_header(scope, b"authorization") or _header(scope, b"x-unspin-token")):
            return True  # checked above; a header a cross-site form cannot set
        content_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        if content_type == "application/json":
            return True  # a cross-site request with this type needs a CORS preflight, never granted
        if _header(scope, b"x-requested-with"):
            return True
        csrf = _header(scope, b"x-csrf-token")
        cookie = cookies(scope).get(CSRF_COOKIE)
        return bool(csrf and cookie and hmac.compare_digest(csrf, cookie))


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

    def take(self, client: str) -> float:
        """0 when allowed, else the seconds to wait."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic()
        rate = self.per_minute / 60.0
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / rate
