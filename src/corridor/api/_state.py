"""What one server holds: its session (the workspace, the ledger opened per request, the run
store, the executor), the answer and page caches keyed by the ledger's stamp, the scenario runs
and the token. Routers reach it with ``Depends(state)``."""

from __future__ import annotations

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
from corridor.api._middleware import token_matches
from corridor.api._work import Uploads, Work
from corridor.ledger import Ledger
from corridor.session import Session

CACHED = 512  # answers kept, per ledger version


class ServerState:
    """The server's session and everything derived from the ledger, keyed by the ledger's
    stamp (its file's size and time): a load from any process makes older answers stale."""

    def __init__(self, session: Session, token: str | None) -> None:
        self.session = session
        self.workspace = session.workspace
        self.token = token
        self.jobs = Jobs()
        self.work = Work()
        self.uploads = Uploads.beside(session.path)
        self.load_lock = threading.Lock()  # one write at a time from this server
        # readers and the writer of this process: while the server writes (a load), its reads
        # go through the writer's connection (DuckDB lets one process hold a file one way only)
        self._turn = threading.Condition()
        self._readers = 0
        self._writer: Ledger | None = None
        self._closing = False
        self._pages: tuple[tuple[int, ...], dict[str, Any]] = ((), {})
        self._answers: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self.flows: int | None = None  # as last read (health never opens the ledger)

    @property
    def version(self) -> tuple[int, ...]:
        """The ledger's stamp: changes with every write, from this server or another process."""
        return self.session.stamp()

    @property
    def page_cache(self) -> dict[str, Any]:
        """The dashboard's computed pieces, for the ledger as it is now."""
        stamp = self.version
        if self._pages[0] != stamp:
            self._pages = (stamp, {})
        return self._pages[1]

    @contextmanager
    def cursor(self) -> Iterator[Ledger]:
        """The ledger, read-only, for one request (no connection is held between requests;
        while this server writes, the writer's own connection serves the read)."""
        with self._turn:
            self._turn.wait_for(lambda: not self._closing)
            writer = self._writer
            self._readers += 1
        try:
            if writer is not None:
                with writer.cursor() as cur:
                    yield cur
            else:
                with self.session.ledger() as ledger:
                    yield ledger
        finally:
            with self._turn:
                self._readers -= 1
                self._turn.notify_all()

    @contextmanager
    def writer(self) -> Iterator[Ledger]:
        """The ledger for one write (a load, an added record), one at a time: it waits for the
        reads under way, then serves later reads through its own connection until it is done."""
        with self.load_lock:
            with self._turn:
                self._turn.wait_for(lambda: self._readers == 0)
                opened = self.session.ledger(write=True)
                ledger = opened.__enter__()
                self._writer = ledger
            try:
                yield ledger
                self.flows = int(ledger.status().flows)
            finally:
                with self._turn:
                    self._closing = True  # new reads wait for the writer to close
                    self._turn.wait_for(lambda: self._readers == 0)
                    try:
                        opened.__exit__(None, None, None)
                    finally:
                        self._writer = None
                        self._closing = False
                        self._turn.notify_all()

    def cached(self, key: tuple[Any, ...], make: Callable[[Ledger], Any]) -> Response:
        """A JSON answer computed once per ledger stamp and kept serialised."""
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

    @cached_property
    def namer(self) -> Callable[[str], str]:
        """The pages' names for the crossing ids and the pair's country codes inside the
        library's sentences (the report's :class:`~corridor.report.Namer`)."""
        from corridor.report import Namer

        codes = (*self.workspace.pair, "WLD")
        return Namer(self.country_names, self.crossing_names, codes)

    def check_token(self, authorization: str | None) -> None:
        """Writes need the server's token, compared in constant time."""
        if self.token is None:
            raise HTTPException(403, "this server accepts no writes: start it with CORRIDOR_TOKEN")
        if not token_matches(authorization, self.token):
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
