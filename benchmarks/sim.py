"""The engine against SimPy on the identical two-post crossing, a simulated year of every
crossing, and a full calibration.

    python -m benchmarks.sim [--hours 20000] [--seed 1] [--no-calibrate]

1. The same two posts in series, the same arrivals and times, run by this engine and by SimPy
   (benchmarks/simpy_crossing.py): exit post with 4 lanes, priority for farm goods, 16 hours a day
   and a daily limit; a dwell and transload delay; entry post with 3 tracks behind a yard that
   blocks when full, a gauge change that empty trains skip. Both must give the same start times.
   Events are counted as SimPy processes them; the engine's rate is that count divided by its own
   time (the first, compiling, call is not timed).
2. One simulated year (365 days after a 30-day warm-up) of the default scenario
   (data/scenarios/baseline.yaml): both posts of every direction of every running crossing,
   demand from the embedded trade data; one replication, after a short run that compiles.
3. One month of every crossing replayed with the shipped events (November 2025: China's cap at
   Khorgos, the works at Kolzhat–Dulata) and daily output, 20 replications, its warm-up chosen by
   MSER-5 (``corridor simulate --from 2025-11-01 --to 2025-11-30 --replications 20``).
4. ``corridor calibrate`` on the shipped observations (2 replications, the default settings), on
   the cores of this machine.

The last lines are ``speedup_vs_simpy_one_post`` (the single queue, as before),
``speedup_vs_simpy: X`` (the two posts), ``year_all_crossings_s: Y``, ``replay_month_s: R`` and
``calibrate_s: Z``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from benchmarks.simpy_crossing import run_simpy_on
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.planning import resolve_scenario
from corridor.sim.crossing import StageSpec, StationSpec, draw_inputs, run_crossing
from corridor.sim.run import run_scenario
from corridor.sim.settings import RunSettings
from corridor.sim.station import open_hours


def identical_model(hours: int, seed: int) -> tuple[float, float, int, int]:
    """SimPy's and the engine's seconds on the same two-post crossing, events, vehicles."""
    days = hours // 24 + 1
    spec = StationSpec(
        "benchmark",
        "a_to_b",
        "rail",
        StageSpec.plain(
            "A",
            4,
            0.9,
            open_hours(days=days, hours_per_day=16, opens_at=6)[:hours],
            priority_for_agri=True,
            dwell_hours=2.0,
            transload_share=1.0,
            transload_hours=1.5,
            daily_limit=52.5,
        ),
        StageSpec.plain(
            "B", 3, 1.0, np.ones(hours, dtype=np.bool_), gauge_per_day=32.0, yard_trains=12
        ),
    )
    shares = np.tile(np.array([[0.2], [0.6], [0.15], [0.05], [0.0]]), (1, hours))
    inputs = draw_inputs(spec, np.full(hours, 2.0), shares, np.random.default_rng(seed))
    run_crossing(spec, inputs)  # compile
    t0 = time.perf_counter()
    start1, start2, _, events = run_simpy_on(spec, inputs)
    simpy_s = time.perf_counter() - t0
    reps = 20
    t0 = time.perf_counter()
    for _ in range(reps):
        ours = run_crossing(spec, inputs)
    ours_s = (time.perf_counter() - t0) / reps
    early = inputs.arrivals < hours - 72
    assert np.allclose(ours.exit_start[early], start1[early]), "engine and SimPy disagree"
    assert np.allclose(ours.entry_start[early], start2[early]), "engine and SimPy disagree"
    return simpy_s, ours_s, events, int(inputs.arrivals.shape[0])


def one_post(hours: int, seed: int) -> tuple[float, float, int]:
    """The single-queue comparison kept from before: one post, 4 lanes, priority, 16 h a day."""
    from benchmarks.simpy_queue import run_simpy
    from corridor.sim import poisson_arrivals, simulate_queue

    rng = np.random.default_rng(seed)
    hrs = open_hours(days=hours // 24 + 1, hours_per_day=16)[:hours]
    arrivals = poisson_arrivals(rng, np.full(hrs.shape[0], 3.0))
    classes = rng.choice(2, size=arrivals.shape[0], p=(0.2, 0.8))
    services = rng.exponential(0.9, arrivals.shape[0])
    simulate_queue(arrivals[:10], classes[:10], services[:10], servers=4, open_hours=hrs)
    t0 = time.perf_counter()
    peer, events = run_simpy(arrivals, classes, services, 4, hrs)
    simpy_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(20):
        ours = simulate_queue(arrivals, classes, services, servers=4, open_hours=hrs)
    ours_s = (time.perf_counter() - t0) / 20
    assert np.allclose(ours.start, peer), "engine and SimPy disagree"
    return simpy_s, ours_s, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-calibrate", action="store_true", help="skip the calibration")
    args = parser.parse_args()
    simpy_s, ours_s, events, vehicles = identical_model(args.hours, args.seed)
    print(
        f"identical model: {vehicles:,} vehicles through two posts (4 lanes, priority, 16 h a "
        f"day, daily limit; dwell and transload; 3 tracks, yard, gauge change), {args.hours:,} h; "
        f"{events:,} SimPy events; same start times: yes"
    )
    print(f"SimPy: {simpy_s:.3f} s, {events / simpy_s:,.0f} events/s")
    print(f"engine: {ours_s:.5f} s, {events / ours_s:,.0f} events/s (same event count)")
    simpy1, ours1, events1 = one_post(args.hours, args.seed)
    print(
        f"one post only (the earlier comparison): SimPy {simpy1:.3f} s, engine {ours1:.5f} s, "
        f"{events1:,} events"
    )

    base = data_dir() / "scenarios" / "baseline.yaml"
    with Ledger.open(":memory:") as ledger:
        ledger.connection.execute("SET threads = 1")  # one core, as the goal states
        resolved = resolve_scenario(ledger, base)
        run_scenario(resolved, RunSettings(days=7, replications=1, seed=args.seed, warmup_days=0))
        t0 = time.perf_counter()
        resolved = resolve_scenario(ledger, base)
        year = RunSettings(days=365, replications=1, seed=args.seed, warmup_days=30)
        report = run_scenario(resolved, year)
        year_s = time.perf_counter() - t0
        vehicles_year = sum(s.vehicles_per_day for s in report.stations) * 395
        print(
            f"one simulated year of the baseline scenario: {len(report.stations)} crossing "
            f"directions, two posts each, about {vehicles_year:,.0f} vehicles (30-day warm-up "
            f"included), demand from the ledger's trade: {year_s:.2f} s on one core "
            "(one replication)"
        )
        import datetime as dt

        from corridor.sim.replay import peaks

        t0 = time.perf_counter()
        month = resolve_scenario(
            ledger, base, as_of=dt.date(2025, 11, 15), start=dt.date(2025, 11, 1)
        )
        replay = run_scenario(month, RunSettings(days=30, replications=20, seed=args.seed))
        found = peaks(replay)
        replay_s = time.perf_counter() - t0
        top = found[0] if found else None
        print(
            f"November 2025 replayed: {len(replay.stations)} crossing directions × 20 "
            f"replications with the shipped events, daily output; the longest queue "
            + (
                f"{top.queue:,.0f} at {top.crossing} {top.direction} on {top.day}"
                if top
                else "none"
            )
        )
        calibrate_s = None
        if not args.no_calibrate:
            from corridor.planning.calibrate import calibrate_scenario

            ledger.connection.execute("RESET threads")
            t0 = time.perf_counter()
            fit = calibrate_scenario(ledger, base, RunSettings(replications=2))
            calibrate_s = time.perf_counter() - t0
            print(
                f"calibration on the shipped observations: {len(fit.used)} rows, "
                f"{len(fit.parameters)} parameters, {fit.evaluations} evaluations, objective "
                f"{fit.objective_before:.2f} → {fit.objective_after:.2f}"
            )
    print(f"speedup_vs_simpy_one_post: {simpy1 / ours1:.0f}")
    print(f"speedup_vs_simpy: {simpy_s / ours_s:.0f}")
    print(f"year_all_crossings_s: {year_s:.2f}")
    print(f"replay_month_s: {replay_s:.2f}")
    if calibrate_s is not None:
        print(f"calibrate_s: {calibrate_s:.1f}")


if __name__ == "__main__":
    main()
