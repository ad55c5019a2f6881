"""The HTTP API: JSON endpoints over the Python API, and the dashboard page.

Reads are open; writes (barrier records, articles, loads, scenario runs) need the server's token,
``Authorization: Bearer <CORRIDOR_TOKEN>``, compared in constant time. Without a token the server
accepts no writes (and ``corridor serve`` refuses to listen beyond loopback). Request bodies are
limited in size, scenario runs in days and replications; errors are 4xx with a message, never a
stack trace.

The app is composed here: the server's state (:mod:`corridor.api._state`), the guards
(:mod:`corridor.api._middleware`), the offline docs (:mod:`corridor.api._docs`) and one router
per noun (:mod:`corridor.api.routes`), all reading one :class:`Workspace` — another corridor is
another data folder.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from fastapi import FastAPI

from corridor import __version__
from corridor.api._docs import install_docs
from corridor.api._middleware import LOOPBACK_HOSTS, RATE_PER_S, install_guards
from corridor.api._state import ServerState
from corridor.api.routes import barriers, claims, network, pages, runs, targets, trade
from corridor.api.routes import ledger as ledger_routes
from corridor.session import Session
from corridor.workspace import Workspace

__all__ = ["create_app"]


def create_app(
    db: Path | str | None = None,
    *,
    token: str | None = None,
    rate_per_s: float = RATE_PER_S,
    workspace: Workspace | None = None,
    allowed_hosts: Sequence[str] = (),
) -> FastAPI:
    """The app, on the ledger at ``db`` (default: the user's ledger) and the data folder of
    ``workspace`` (default: the shipped one). The server holds no connection to the ledger
    between requests (docs/reliability.md, "One ledger, many processes").

    It answers requests whose ``Host`` is a loopback name, one of ``allowed_hosts`` or of the
    comma-separated ``CORRIDOR_ALLOWED_HOSTS`` (``*``: any)."""
    session = Session.open(db, workspace=workspace)
    session.runs.clear_leftovers()
    app = FastAPI(
        title="Corridor",
        version=__version__,
        description="Trade ledger, analyses and simulation of a land trade corridor.",
        docs_url=None,  # served offline by install_docs
        redoc_url=None,
    )
    st = ServerState(session, token)
    st.uploads.clear_leftovers()
    app.state.corridor = st
    configured = [h.strip() for h in os.environ.get("CORRIDOR_ALLOWED_HOSTS", "").split(",")]
    hosts = [*LOOPBACK_HOSTS, *allowed_hosts, *(h for h in configured if h)]
    install_guards(app, rate_per_s, hosts, lambda: st.token)
    install_docs(app)
    for router in (
        ledger_routes.router,
        trade.router,
        targets.router,
        network.router,
        barriers.router,
        claims.router,
        runs.router,
        pages.router,
    ):
        app.include_router(router)
    return app
