"""A bounded loopback load test of the summary endpoints: latency at a fixed request rate.

    python -m benchmarks.api [--rate 200] [--requests 2000]

Starts ``corridor serve`` on 127.0.0.1 (a fresh ledger with the default data), then sends a fixed
number of requests at a fixed rate (open loop: each request leaves at its scheduled time, whether or
not earlier ones have answered), cycling over summary and mirror requests for several periods.
Latency is measured from the scheduled send to the full response. The baseline, in the same run and
at the same rate, is ``/api/health`` (one count query): the server's floor.

The last line is ``p99_summary_ms: X``; the goal is ≤ 50 ms at 200 requests/s.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks._server import serving

PATHS = [
    "/api/summary?period=2024",
    "/api/summary?period=2023&by=chapter",
    "/api/summary?period=2023-H1",
    "/api/summary?period=2019&reporter=KAZ&partner=CHN&by=section",
    "/api/mirror?period=2023",
    "/api/summary?period=2022",
]


async def _load(base: str, paths: list[str], rate: float, n: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:
        start = time.perf_counter() + 0.05

        async def one(i: int) -> None:
            nonlocal errors
            when = start + i / rate
            await asyncio.sleep(max(0.0, when - time.perf_counter()))
            r = await client.get(paths[i % len(paths)])
            if r.status_code != 200:
                errors += 1
            latencies.append((time.perf_counter() - when) * 1000)

        await asyncio.gather(*(one(i) for i in range(n)))
    return latencies, errors


def _report(name: str, lat: list[float], errors: int, seconds: float) -> float:
    q = statistics.quantiles(lat, n=100)
    print(
        f"{name}: {len(lat)} requests in {seconds:.1f} s, errors {errors}, "
        f"p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms, p99 {q[98]:.1f} ms, max {max(lat):.1f} ms"
    )
    return q[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, serving(Path(tmp) / "ledger.duckdb") as (base, _):
        for p in PATHS:  # warm up: each distinct request once
            httpx.get(base + p, timeout=30).raise_for_status()
        t0 = time.perf_counter()
        lat, err = asyncio.run(_load(base, ["/api/health"], args.rate, args.requests))
        _report("baseline /api/health", lat, err, time.perf_counter() - t0)
        t0 = time.perf_counter()
        lat, err = asyncio.run(_load(base, PATHS, args.rate, args.requests))
        p99 = _report("summary and mirror", lat, err, time.perf_counter() - t0)
        print(f"rate: {args.rate:.0f} requests/s (open loop), loopback, one uvicorn worker")
        print(f"p99_summary_ms: {p99:.1f}")


if __name__ == "__main__":
    main()
