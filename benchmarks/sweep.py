"""Sweep throughput: replications a second in one process against local worker pools (and Ray).

    python -m benchmarks.sweep [--points 4] [--replications 25] [--days 365] [--ray]

The sweep is the default scenario with ``scenario.growth`` over ``--points`` values; a replication
is one simulated period of every crossing direction. The baseline is the same sweep in a single
process (``--workers 1``) in the same run; each pool size is timed from start to the last file
written, worker start-up included. Results are checked identical across runs before timing counts.

The last line is ``speedup_2_workers: X``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from corridor.planning import sweep_scenario
from corridor.session import Session
from corridor.sim.settings import RunSettings
from corridor.sim.sweep import read_results
from corridor.workspace import Workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=4)
    parser.add_argument("--replications", type=int, default=25)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--ray", action="store_true", help="Also time a local Ray cluster.")
    args = parser.parse_args()
    params = {"scenario.growth": [1.0 + 0.25 * i for i in range(args.points)]}
    base = Workspace.default().baseline
    tmp = Path(tempfile.mkdtemp())
    runs: dict[str, float] = {}
    try:
        with Session.open(tmp / "ledger.duckdb") as session:
            con = session
            warm = RunSettings(days=5, replications=1, warmup_days=0)
            sweep_scenario(con, base, params, tmp / "warm", warm)  # compile the kernel
            settings = RunSettings(days=args.days, replications=args.replications)
            pools = [1, 2, *([os.cpu_count() or 2] if (os.cpu_count() or 2) > 2 else [])]
            for workers in pools:
                t0 = time.perf_counter()
                sweep_scenario(con, base, params, tmp / f"w{workers}", settings, workers=workers)
                runs[f"{workers} worker(s)"] = time.perf_counter() - t0
            if args.ray:
                t0 = time.perf_counter()
                sweep_scenario(
                    con, base, params, tmp / "ray", settings, workers=2, ray_address="local"
                )
                runs["ray local (2 CPUs)"] = time.perf_counter() - t0
        reference = read_results(tmp / "w1")
        for name in runs:
            folder = tmp / ("ray" if name.startswith("ray") else f"w{name.split()[0]}")
            assert read_results(folder).equals(reference), f"{name} differs from one process"
        total = args.points * args.replications
        print(
            f"sweep: {args.points} points × {args.replications} replications × {args.days} days "
            f"({total} tasks, {os.cpu_count()} CPUs); results identical: yes"
        )
        one = runs["1 worker(s)"]
        for name, secs in runs.items():
            print(f"{name}: {secs:.2f} s, {total / secs:.2f} replications/s, ×{one / secs:.2f}")
        print(f"speedup_2_workers: {one / runs['2 worker(s)']:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
