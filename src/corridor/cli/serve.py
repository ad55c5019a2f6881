"""``corridor serve``: the HTTP API and the dashboard."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from corridor.cli._common import DbOption, user_errors
from corridor.errors import CorridorError


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.", min=1, max=65535)] = 8000,
    db: DbOption = None,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            help="A name clients reach the server by (its Host header), besides loopback names "
            "and the address it listens on; repeatable. Also CORRIDOR_ALLOWED_HOSTS."
        ),
    ] = None,
    rate_limit: Annotated[
        float | None,
        typer.Option(
            help="Requests a second each client address may make (default 100; bursts of twice "
            "as many); more are answered 429. Raise it for a trusted gateway that sends for "
            "many users.",
            min=1,
            max=100_000,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the JSON API (/docs) and the dashboard (/). Writes need CORRIDOR_TOKEN."""
    token = os.environ.get("CORRIDOR_TOKEN") or None
    with user_errors():
        if token is None and not is_loopback(host):
            raise CorridorError(
                f"refusing to listen on {host} without a token: set CORRIDOR_TOKEN, or serve on "
                "127.0.0.1"
            )
        import uvicorn

        from corridor.api import create_app

        hosts = [*(allow_host or []), *([host] if host not in ("0.0.0.0", "::") else [])]
        app = (
            create_app(db, token=token, allowed_hosts=hosts)
            if rate_limit is None
            else create_app(db, token=token, allowed_hosts=hosts, rate_per_s=rate_limit)
        )
    typer.echo(
        f"Corridor on http://{host}:{port}/ (API docs: /docs); writes "
        + ("need the token" if token else "disabled (no CORRIDOR_TOKEN)"),
        err=True,
    )
    # a request still computing (a long simulation) does not hold up a shutdown for long
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=3)
