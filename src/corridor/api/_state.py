"""What one server holds: the ledger, its version kept in memory, the answer and page caches,
the scenario runs, the token and the workspace. Routers reach it with ``Depends(state)``."""

from __future__ import annotations

import hmac
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from corridor.api._jobs import Jobs
from corridor.ledger import Ledger
from corridor.workspace import Workspace

CACHED = 512  # answers kept, per ledger version


class ServerState:
    """The server's ledger and everything derived from it."""

    def __init__(self, ledger: Ledger, workspace: Workspace, token: str | None) -> None:
        self.ledger = ledger
        self.workspace = workspace
        self.token = token
        self.jobs = Jobs()
        self.load_lock = threading.Lock()  # one load at a time; reads go on meanwhile
        self.page_cache: dict[str, Any] = {}  # the dashboard's simulations, per ledger version
        self._answers: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        # The ledger's version, kept in memory: only this server writes to the ledger while it
        # runs (DuckDB lets one process write), and every write endpoint calls wrote(), so a
        # cached answer is served without a query to build its key.
        self.version: tuple[int, ...] = ledger.version()
        self.flows = int(ledger.status().flows)

    @contextmanager
    def cursor(self) -> Iterator[Ledger]:
        with self.ledger.cursor() as cur:
            yield cur

    def wrote(self) -> None:
        """After a write: the new version; answers and pages of the old one are stale."""
        with self.cursor() as cur:
            self.version = cur.version()
            self.flows = int(cur.status().flows)
        self.page_cache.clear()

    def cached(self, key: tuple[Any, ...], make: Callable[[Ledger], Any]) -> Response:
        """A JSON answer computed once per ledger version and kept serialised."""
        full = (*key, self.version)
        body = self._answers.get(full)
        if body is None:
            with self.cursor() as cur:
                value = make(cur)
            body = json.dumps(jsonable_encoder(value), ensure_ascii=False).encode("utf-8")
            self._answers[full] = body
            if len(self._answers) > CACHED:
                self._answers.popitem(last=False)
        else:
            self._answers.move_to_end(full)
        return Response(body, media_type="application/json")

    @cached_property
    def country_names(self) -> dict[str, str]:
        """Country codes → names."""
        with self.cursor() as cur:
            return cur.codes.names()

    @cached_property
    def crossing_names(self) -> dict[str, str]:
        """Crossing ids → their names in the network file."""
        from corridor.network import read_network

        return {c.id: c.name for c in read_network(self.workspace.network).crossings}

    @cached_property
    def names(self) -> dict[str, str]:
        """Crossing ids and country codes → names, for the pages."""
        return self.country_names | self.crossing_names

    def humanise(self, html: str) -> str:
        """A page's text with crossing ids and the pair's country codes as names (as the report
        does: :func:`corridor.report.humanise_html`)."""
        from corridor.report import humanise_html

        codes = (*self.workspace.pair, "WLD")
        return humanise_html(html, self.country_names, self.crossing_names, codes)

    def check_token(self, authorization: str | None) -> None:
        """Writes need the server's token, compared in constant time."""
        if self.token is None:
            raise HTTPException(403, "this server accepts no writes: start it with CORRIDOR_TOKEN")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            raise HTTPException(401, "a valid token is needed: Authorization: Bearer <token>")


def state(request: Request) -> ServerState:
    """The server's state (a FastAPI dependency)."""
    found: ServerState = request.app.state.corridor
    return found


def need_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """A FastAPI dependency of the write endpoints."""
    state(request).check_token(authorization)


#: A route's parameter for the server's state.
State = Annotated[ServerState, Depends(state)]
