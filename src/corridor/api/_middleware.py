"""The server's guards, in the order a request meets them, before any route runs:

1. the ``Host`` header names this server (loopback names unless configured: a page on another
   site that rebinds its DNS name to 127.0.0.1 cannot read the API);
2. a write sent by a browser comes from this server's own pages (the ``Origin`` header);
3. a rate limit per client that weighs requests by what they cost (the seconds they took);
4. the token of a write endpoint, checked before a byte of its body is read;
5. a body limit counted on the bytes as they arrive, whatever the transfer encoding (a chunked
   body over the limit is refused with 413 as soon as it passes the limit);
6. security headers on every answer (a content security policy, no framing).

Errors are 4xx/5xx JSON with a message, never a stack trace, and never a path of the server; a
page (the dashboard, a run's page, the dashboard's run form) answers its errors as a page with the
same sentence.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corridor.errors import (
    CorridorError,
    DamagedLedgerError,
    DataGapError,
    InputError,
    ResourceError,
    ScenarioError,
    as_project_error,
)

MAX_BODY_BYTES = 1_000_000
MAX_LOAD_BYTES = 500_000_000  # a trade file sent to POST /api/loads
#: Requests a second per client address (bursts of twice that).
RATE_PER_S = 100.0
#: Seconds of work a second one client may keep the server busy on average (one core of two),
#: after a burst of :data:`WORK_BURST_S` seconds (a cold dashboard fits in it). A request is
#: charged its time up to :data:`WORK_CAP_S` (one that waits for another's computation, a section
#: of the report, is not charged the wait).
WORK_SHARE = 1.0
WORK_BURST_S = 60.0
WORK_CAP_S = 5.0
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
#: For pages that hold the token form: scripts only from the server itself.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: The writes anyone may send: extracting claims from a text (nothing is stored) and the
#: dashboard's run form (its token is a field of the form). Every other write needs the token,
#: checked before its body is read.
ANONYMOUS_WRITES = frozenset({"/api/claims/extract", "/runs"})


class _Buckets:
    """Token buckets per client: ``rate`` a second, holding at most ``burst``."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self.held: dict[str, tuple[float, float]] = {}  # client → (tokens, last time)

    def level(self, client: str, now: float) -> float:
        tokens, last = self.held.get(client, (self.burst, now))
        if len(self.held) > 10_000:  # forget idle clients
            self.held.clear()
        return min(self.burst, tokens + (now - last) * self.rate)


class RateLimiter:
    """A limit per client address on requests (``rate`` a second, bursts of ``2 × rate``) and
    on the work they cost: a request is let in while the client's account of server seconds is
    positive, and charged the seconds it took when answered (:data:`WORK_SHARE`), so a client
    that asks for expensive answers is slowed as one that asks for many cheap ones."""

    def __init__(self, rate: float) -> None:
        self.requests = _Buckets(rate, 2 * rate)
        self.work = _Buckets(WORK_SHARE, WORK_BURST_S)
        self.lock = threading.Lock()

    def allow(self, client: str) -> bool:
        """Whether ``client`` may send a request now (it takes one request token)."""
        now = time.monotonic()
        with self.lock:
            tokens = self.requests.level(client, now)
            work = self.work.level(client, now)
            allowed = tokens >= 1 and work > 0
            self.requests.held[client] = (tokens - 1 if allowed else tokens, now)
            self.work.held[client] = (work, now)
            return allowed

    def charge(self, client: str, seconds: float) -> None:
        """Charge ``client`` for the ``seconds`` of work its request took."""
        now = time.monotonic()
        with self.lock:
            self.work.held[client] = (
                self.work.level(client, now) - min(seconds, WORK_CAP_S),
                now,
            )


class BodyTooLarge(HTTPException):
    """Raised inside the app when the body read so far passes the limit (an HTTP 413, also
    where FastAPI reads a JSON body)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"body over {limit:,} bytes")


def status_of(exc: CorridorError) -> int:
    """The HTTP status of a library error."""
    if isinstance(exc, DataGapError):
        return 404
    if isinstance(exc, ResourceError):
        return 507
    if isinstance(exc, DamagedLedgerError):
        return 503
    if isinstance(exc, (InputError, ScenarioError)):
        return 422
    return 400


def _json(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status, headers=headers)


def _host_name(host: str) -> str:
    """``host`` of a Host header without its port (``[::1]:8000`` → ``::1``)."""
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """The guards above, as one ASGI middleware around the app."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        rate_per_s: float,
        allowed_hosts: Sequence[str],
        token: Callable[[], str | None],
    ) -> None:
        self.app = app
        self.limiter = RateLimiter(rate_per_s)
        self.allowed = frozenset(h.lower() for h in allowed_hosts)
        self.token = token

    def _refusal(self, scope: Scope) -> JSONResponse | None:
        headers = Headers(scope=scope)
        host = _host_name(headers.get("host", "").lower())
        if "*" not in self.allowed and host not in self.allowed:
            return _json(400, "unknown Host: this server answers to " + ", ".join(self.allowed))
        method = scope["method"]
        origin = headers.get("origin")
        if method not in SAFE_METHODS and origin is not None:
            origin_host = _host_name(origin.split("://", 1)[-1].split("/", 1)[0].lower())
            if origin_host != host:
                return _json(403, "a write from another site's page is refused")
        length = headers.get("content-length")
        limit = MAX_LOAD_BYTES if scope["path"] == "/api/loads" else MAX_BODY_BYTES
        if length is not None and (not length.isdigit() or int(length) > limit):
            return _json(413, f"body over {limit:,} bytes")
        if method not in SAFE_METHODS and scope["path"] not in ANONYMOUS_WRITES:
            token = self.token()
            if token is None:
                return _json(403, "this server accepts no writes: start it with CORRIDOR_TOKEN")
            if not token_matches(headers.get("authorization"), token):
                return _json(401, "a valid token is needed: Authorization: Bearer <token>")
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope["client"][0] if scope.get("client") else "unknown"
        started_response = False

        async def send_secured(message: Message) -> None:
            nonlocal started_response
            if message["type"] == "http.response.start":
                started_response = True
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = {
                    b"x-frame-options": b"DENY",
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"same-origin",
                    b"content-security-policy": CSP.encode(),
                }
                headers += [(k, v) for k, v in extra.items() if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        if not self.limiter.allow(client):
            response = _json(
                429, "too many requests from this address: slow down", {"Retry-After": "1"}
            )
            await response(scope, receive, send_secured)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_secured)
            return
        limit = MAX_LOAD_BYTES if scope["path"] == "/api/loads" else MAX_BODY_BYTES
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        start = time.monotonic()
        try:
            await self.app(scope, counted, send_secured)
        except BodyTooLarge:
            if not started_response:
                await _json(413, f"body over {limit:,} bytes")(scope, receive, send_secured)
        finally:
            self.limiter.charge(client, time.monotonic() - start)


def token_matches(authorization: str | None, token: str) -> bool:
    """Whether an ``Authorization`` header is ``Bearer <token>`` (compared in constant time)."""
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def install_guards(
    app: FastAPI,
    rate_per_s: float,
    allowed_hosts: Sequence[str],
    token: Callable[[], str | None],
) -> None:
    """Add the guards and the error handlers to ``app``."""
    app.add_middleware(Guard, rate_per_s=rate_per_s, allowed_hosts=allowed_hosts, token=token)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        # the errors without the input they refuse (it may be 1e999, or megabytes)
        detail = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in exc.errors()[:20]
        ]
        if is_page(request):
            return error_page(422, "; ".join(_sentence(d) for d in detail))
        return JSONResponse({"detail": detail}, 422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if is_page(request):
            return error_page(exc.status_code, str(exc.detail), exc.headers)
        return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)

    @app.exception_handler(CorridorError)
    async def corridor_error(request: Request, exc: CorridorError) -> Response:
        detail = request.app.state.corridor.uploads.scrub(str(exc))
        if is_page(request):
            return error_page(status_of(exc), detail)
        return JSONResponse({"detail": detail}, status_of(exc))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        known = as_project_error(exc)
        if known is not None:
            return await corridor_error(request, known)
        detail = f"internal error ({type(exc).__name__})"
        if is_page(request):
            return error_page(500, detail)
        return JSONResponse({"detail": detail}, 500)


#: where the JSON API, its documents and the pages' assets live: everything else is a page
_NOT_PAGES = ("/api/", "/docs", "/redoc", "/openapi", "/assets/")


def is_page(request: Request) -> bool:
    """Whether the request is for one of the server's pages (answered in HTML, errors too)."""
    return not request.url.path.startswith(_NOT_PAGES)


def _sentence(error: Mapping[str, Any]) -> str:
    """``by: Input should be 'section', 'chapter' or 'hs4'`` from a validation error."""
    loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
    return f"{'.'.join(loc)}: {error.get('msg', '')}" if loc else str(error.get("msg", ""))


def error_page(status: int, message: str, headers: Mapping[str, str] | None = None) -> HTMLResponse:
    """A page's error as a page: the sentence, and a way back to the dashboard."""
    from corridor.report import render_page

    title = {401: "Not allowed", 403: "Not allowed", 404: "Not found"}.get(
        status, "Something is wrong" if status < 500 else "The server could not answer"
    )
    html = render_page("error.html.j2", title=title, message=message)
    return HTMLResponse(html, status, headers=headers)
