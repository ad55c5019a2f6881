"""The engine against SimPy on the identical queue, and a simulated year of every crossing.

    python -m benchmarks.sim [--hours 20000] [--seed 1]

1. The same multi-lane priority queue with opening hours, the same arrivals and service times,
   run by this engine and by SimPy (benchmarks/simpy_queue.py); both must give the same start
   times. Events are counted as SimPy processes them; the engine's rate is that count divided by
   its own time (the first, compiling, call is not timed).
2. One simulated year (365 days) of the default scenario (data/scenarios/baseline.yaml): every
   direction of every enabled crossing, demand from the embedded trade data; one replication,
   after a short warm-up run that compiles the kernel.

The last two lines are ``speedup_vs_simpy: X`` and ``year_all_crossings_s: Y``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from benchmarks.simpy_queue import run_simpy
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.sim import open_hours, poisson_arrivals, simulate_queue
from corridor.sim.run import run_scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    hours = open_hours(days=args.hours // 24 + 1, hours_per_day=16)[: args.hours]
    arrivals = poisson_arrivals(rng, np.full(hours.shape[0], 3.0))
    classes = rng.choice(2, size=arrivals.shape[0], p=(0.2, 0.8))
    services = rng.exponential(0.9, arrivals.shape[0])
    simulate_queue(arrivals[:10], classes[:10], services[:10], servers=4, open_hours=hours)

    t0 = time.perf_counter()
    peer, events = run_simpy(arrivals, classes, services, 4, hours)
    simpy_s = time.perf_counter() - t0
    reps = 20
    t0 = time.perf_counter()
    for _ in range(reps):
        ours = simulate_queue(arrivals, classes, services, servers=4, open_hours=hours)
    ours_s = (time.perf_counter() - t0) / reps
    assert np.allclose(ours.start, peer), "engine and SimPy disagree"
    print(
        f"identical model: {arrivals.shape[0]:,} vehicles, 4 lanes, priority, 16 h a day, "
        f"{args.hours:,} h; {events:,} SimPy events; same start times: yes"
    )
    print(f"SimPy: {simpy_s:.3f} s, {events / simpy_s:,.0f} events/s")
    print(f"engine: {ours_s:.5f} s, {events / ours_s:,.0f} events/s (same event count)")

    with Ledger.open(":memory:") as ledger:
        ledger.connection.execute("SET threads = 1")  # one core, as the goal states
        scenario = data_dir() / "scenarios" / "baseline.yaml"
        run_scenario(ledger, scenario, days=7, replications=1, seed=args.seed)
        t0 = time.perf_counter()
        report = run_scenario(ledger, scenario, days=365, replications=1, seed=args.seed)
        year_s = time.perf_counter() - t0
    vehicles = sum(s.vehicles_per_day for s in report.stations) * 365
    print(
        f"one simulated year of the baseline scenario: {len(report.stations)} crossing "
        f"directions, about {vehicles:,.0f} vehicles, demand from the ledger's trade: "
        f"{year_s:.2f} s on one core (one replication)"
    )
    print(f"speedup_vs_simpy: {simpy_s / ours_s:.0f}")
    print(f"year_all_crossings_s: {year_s:.2f}")


if __name__ == "__main__":
    main()
