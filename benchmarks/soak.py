"""A bounded soak test of ``corridor serve`` on loopback: many requests, memory before and after.

    python -m benchmarks.soak [--requests 5000] [--concurrency 8]

Starts the server on a fresh ledger, warms it with one pass over the request mix, records its
resident memory (``VmRSS``), sends a fixed number of requests (summaries, mirrors, barriers,
opportunities, health, bad input, unauthenticated writes; the per-client rate limit lifted, as all
come from one address), and records the memory again. Prints
requests served, errors by status and the memory growth; the last line is ``rss_growth_mb: X``.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from benchmarks._server import serving

MIX: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/api/summary", {"params": {"period": "2024"}}),
    ("GET", "/api/summary", {"params": {"period": "2023-H1"}}),
    ("GET", "/api/mirror", {"params": {"period": "2023"}}),
    ("GET", "/api/health", {}),
    ("GET", "/api/summary", {"params": {"period": "not a period"}}),
    ("GET", "/api/summary", {"params": {"period": "1999"}}),
    ("POST", "/api/claims", {"params": {"name": "a.txt"}, "content": b"Trade was $5 billion."}),
    ("GET", "/api/barriers", {}),
    ("GET", "/api/targets", {}),
]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def _send(base: str, n: int, concurrency: int) -> Counter[int]:
    codes: Counter[int] = Counter()
    queue = list(range(n))
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def worker() -> None:
            while queue:
                i = queue.pop()
                method, path, kw = MIX[i % len(MIX)]
                r = await client.request(method, path, **kw)
                codes[r.status_code] += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return codes


def soak(requests: int, concurrency: int) -> dict[str, Any]:
    """Run the soak; return the figures (also used by the test suite with a small count)."""
    # one address sends everything: the per-client limit is lifted, or most requests would be
    # refused (429) and the soak would not exercise the server
    with (
        tempfile.TemporaryDirectory() as tmp,
        serving(Path(tmp) / "ledger.duckdb", rate_limit=100_000) as pair,
    ):
        base, server = pair
        asyncio.run(_send(base, len(MIX) * 2, 2))  # warm caches and imports
        before = _rss_mb(server.pid)
        t0 = time.perf_counter()
        codes = asyncio.run(_send(base, requests, concurrency))
        seconds = time.perf_counter() - t0
        after = _rss_mb(server.pid)
        alive = server.poll() is None
    return {
        "requests": sum(codes.values()),
        "seconds": seconds,
        "codes": dict(sorted(codes.items())),
        "rss_before_mb": before,
        "rss_after_mb": after,
        "server_alive": alive,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    r = soak(args.requests, args.concurrency)
    print(
        f"{r['requests']} requests in {r['seconds']:.1f} s ({r['requests'] / r['seconds']:.0f}/s), "
        f"status codes {r['codes']}, server alive: {r['server_alive']}"
    )
    print(f"memory: {r['rss_before_mb']:.1f} MB before, {r['rss_after_mb']:.1f} MB after")
    print(f"rss_growth_mb: {r['rss_after_mb'] - r['rss_before_mb']:.1f}")


if __name__ == "__main__":
    main()
