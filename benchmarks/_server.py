"""``corridor serve`` in a child process on a free loopback port, for benchmarks and tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


@contextmanager
def serving(
    db: Path,
    *,
    token: str | None = None,
    wait_s: float = 60.0,
    rate_limit: float | None = None,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start the server on ``db`` (``rate_limit``: its requests a second per client, else its
    default); yield its base URL and process once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "CORRIDOR_TOKEN"}
    if token is not None:
        env["CORRIDOR_TOKEN"] = token
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "corridor.cli",
            "serve",
            "--port",
            str(port),
            "--db",
            str(db),
            *([] if rate_limit is None else ["--rate-limit", str(rate_limit)]),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                httpx.get(f"{base}/api/health", timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"corridor serve did not answer on {base}") from None
                time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)
