"""The server's guards: a rate limit per client, a body-size limit, and errors as 4xx/5xx JSON
with a message, never a stack trace."""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from corridor.errors import CorridorError, DataGapError, InputError, ScenarioError

MAX_BODY_BYTES = 1_000_000
MAX_LOAD_BYTES = 500_000_000  # a trade file sent to POST /api/loads
RATE_PER_S = 500.0  # requests a second per client address (a burst of twice that is allowed)


class RateLimiter:
    """Token buckets per client address: ``rate`` requests a second, bursts of ``2 × rate``."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.buckets: dict[str, tuple[float, float]] = {}  # client → (tokens, last time)
        self.lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self.lock:
            tokens, last = self.buckets.get(client, (2 * self.rate, now))
            tokens = min(2 * self.rate, tokens + (now - last) * self.rate)
            if len(self.buckets) > 10_000:  # forget idle clients
                self.buckets.clear()
            if tokens < 1:
                self.buckets[client] = (tokens, now)
                return False
            self.buckets[client] = (tokens - 1, now)
            return True


def status_of(exc: CorridorError) -> int:
    """The HTTP status of a library error."""
    if isinstance(exc, DataGapError):
        return 404
    if isinstance(exc, (InputError, ScenarioError)):
        return 422
    return 400


def install_guards(app: FastAPI, rate_per_s: float) -> None:
    """Add the rate limit, the body limit and the error handlers to ``app``."""
    limiter = RateLimiter(rate_per_s)

    @app.middleware("http")
    async def limit_rate(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        client = request.client.host if request.client else "unknown"
        if not limiter.allow(client):
            return JSONResponse(
                {"detail": f"over {rate_per_s:g} requests a second: slow down"},
                429,
                headers={"Retry-After": "1"},
            )
        return await call_next(request)

    @app.middleware("http")
    async def limit_body(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        limit = MAX_LOAD_BYTES if request.url.path == "/api/loads" else MAX_BODY_BYTES
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return JSONResponse({"detail": f"body over {limit:,} bytes"}, 413)
        return await call_next(request)

    @app.exception_handler(CorridorError)
    async def corridor_error(_: Request, exc: CorridorError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_of(exc))

    @app.exception_handler(Exception)
    async def internal_error(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": f"internal error ({type(exc).__name__})"}, 500)
