"""A bounded loopback load test of the summary endpoints: latency at a fixed request rate.

    python -m benchmarks.api [--rate 200] [--requests 2000]

Starts ``corridor serve`` on 127.0.0.1 (a fresh ledger with the default data), then sends a fixed
number of requests at a fixed rate (open loop: each request leaves at its scheduled time, whether or
not earlier ones have answered), cycling over summary and mirror requests for several periods.
Latency is measured from the scheduled send to the full response. The baseline, in the same run and
at the same rate, is ``/api/health`` (one count query): the server's floor.

Then, so that the load generator is not itself the bottleneck on a small machine, the server is
pinned to one core and Debian's ``wrk`` to another (when ``wrk`` and ``taskset`` are installed:
``apt-get install wrk``), closed loop with a few connections, for ``/api/health`` (the floor), a
cached summary, and one request at a time each of many distinct uncached summaries (every
request a new period and breakdown, so each is computed). Each prints p50/p95/p99.

Goals: p99 ≤ 50 ms at 200 requests/s (``p99_summary_ms``); with the pinned generator, cached p99
≤ 2 × health's (``cached_p99_over_health``) and uncached p99 ≤ 50 ms (``p99_uncached_ms``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
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


def _wrk(base: str, path: str, seconds: int, connections: int) -> dict[str, float] | None:
    """wrk pinned to the last core: its latency percentiles in ms (None without wrk)."""
    wrk, taskset = shutil.which("wrk"), shutil.which("taskset")
    if wrk is None or taskset is None:
        return None
    core = str((os.cpu_count() or 2) - 1)
    cmd = [taskset, "-c", core, wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    out = subprocess.run([*cmd, base + path], capture_output=True, text=True, check=True).stdout
    found: dict[str, float] = {}
    for pct, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\b", out, re.M):
        found[pct] = float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    found["rps"] = float(rate.group(1)) if rate else float("nan")
    return found


def _uncached(base: str) -> list[float]:
    """One request at a time, each a summary the server has not computed yet."""
    periods = [f"{y}-{m:02d}" for y in range(2015, 2025) for m in range(1, 13)]
    lat = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for i, period in enumerate(periods):
            by = ("chapter", "section", "hs4")[i % 3]
            t0 = time.perf_counter()
            client.get("/api/summary", params={"period": period, "by": by})
            lat.append((time.perf_counter() - t0) * 1000)
    return lat


def _pin(pid: int, core: int) -> None:
    taskset = shutil.which("taskset")
    if taskset:
        subprocess.run([taskset, "-a", "-p", "-c", str(core), str(pid)], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=5, help="Each wrk run's length.")
    parser.add_argument("--connections", type=int, default=4, help="wrk's connections.")
    args = parser.parse_args()
    # one address sends everything here: the per-client limit is set above the test's rate, so
    # that what is measured is the server's latency, not its refusals (429)
    with (
        tempfile.TemporaryDirectory() as tmp,
        serving(Path(tmp) / "ledger.duckdb", rate_limit=4 * args.rate) as (base, proc),
    ):
        for p in PATHS:  # warm up: each distinct request once
            httpx.get(base + p, timeout=30).raise_for_status()
        t0 = time.perf_counter()
        lat, err = asyncio.run(_load(base, ["/api/health"], args.rate, args.requests))
        _report("baseline /api/health", lat, err, time.perf_counter() - t0)
        t0 = time.perf_counter()
        lat, err = asyncio.run(_load(base, PATHS, args.rate, args.requests))
        p99 = _report("summary and mirror", lat, err, time.perf_counter() - t0)
        print(f"rate: {args.rate:.0f} requests/s (open loop), loopback, one uvicorn worker")
        if err:
            raise SystemExit(f"{err} requests were not answered 200: no latency figure")
        print(f"p99_summary_ms: {p99:.1f}")
        _pin(proc.pid, 0)
        health = _wrk(base, "/api/health", args.seconds, args.connections)
        cached = _wrk(base, "/api/summary?period=2024", args.seconds, args.connections)
        if health is None or cached is None:
            print("wrk or taskset not installed: pinned measurements skipped (apt-get install wrk)")
        else:
            for name, got in (("health", health), ("cached summary", cached)):
                print(
                    f"wrk {name} (server on core 0, wrk on its own core, {args.connections} "
                    f"connections): p50 {got['50']:.2f} ms, p90 {got['90']:.2f} ms, p99 "
                    f"{got['99']:.2f} ms, {got['rps']:,.0f} requests/s"
                )
            print(f"cached_p99_over_health: {cached['99'] / health['99']:.2f}")
        lat = _uncached(base)
        q = statistics.quantiles(lat, n=100)
        print(
            f"uncached summaries, one at a time ({len(lat)} distinct): p50 {q[49]:.1f} ms, "
            f"p95 {q[94]:.1f} ms, p99 {q[98]:.1f} ms"
        )
        print(f"p99_uncached_ms: {q[98]:.1f}")


if __name__ == "__main__":
    main()
