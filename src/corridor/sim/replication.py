"""One replication of one crossing direction: the unit of work of runs, comparisons and sweeps.

Kept light (NumPy and the compiled engine only) so that worker processes start fast. Statistics
count the vehicles that arrive in the measured window (after the warm-up), and queues are
measured over that window.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from corridor.network.demand import KINDS, StationDemand
from corridor.sim.crossing import (
    AGRI,
    COMMODITY,
    EMPTY,
    LOADED,
    TRANSIT,
    CrossingRun,
    StationSpec,
    simulate_crossing,
)

#: statistics of a steady state: reported only where one exists (no overload)
STEADY = (
    "wait_mean_h",
    "wait_p50_h",
    "wait_p95_h",
    "wait_max_h",
    "time_in_crossing_mean_h",
    "time_in_crossing_p50_h",
    "time_in_crossing_p95_h",
    "time_in_crossing_max_h",
    "exit_time_mean_h",
    "entry_time_mean_h",
    "exit_queue_mean",
    "entry_queue_mean",
    "queue_mean",
    "value_hours_delay_usd_h",
)
#: statistics that hold with or without a steady state
ALWAYS = (
    "throughput_per_day",
    "exit_throughput_per_day",
    "entry_throughput_per_day",
    "tonnes_per_day",
    "utilisation",
    "exit_utilisation",
    "entry_utilisation",
    "backlog",
    "queue_growth_per_day",
    "queue_at_end",
    "yard_full_hours",
    "exit_transit_per_day",
    "entry_transit_per_day",
)
METRICS = STEADY + ALWAYS
#: cargo groups whose mean wait is reported (``wait_mean_h_<group>``)
GROUP_WAITS = ("agri", "bulk", "containers", "empty", "transit", "commodity")


def stream_of(crossing: str, direction: str) -> int:
    """A station's own random stream number, from its name: the same station draws the same
    numbers whatever other crossings a scenario adds or closes (common random numbers)."""
    digest = hashlib.sha256(f"{crossing}|{direction}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class Job:
    """One direction of one crossing, ready to run: its demand, posts, arrival rates, and the
    hours of the horizon that are measured (after the warm-up)."""

    index: int
    demand: StationDemand
    station: StationSpec
    rate: np.ndarray
    shares: np.ndarray
    window: tuple[float, float]

    @property
    def stream(self) -> int:
        return stream_of(self.demand.crossing, self.demand.direction)


def warm() -> None:
    """Run every compiled kernel once on a two-day toy station of each mode, so that a worker
    process loads them (and numba starts) before its first real task."""
    from corridor.sim.crossing import StageSpec

    hours = np.ones(48, dtype=np.bool_)
    rate = np.full(48, 0.5)
    shares = np.zeros((len(KINDS), 48))
    shares[LOADED] = 1.0
    demand = StationDemand("warm", "a_to_b", "road", {"bulk": 1.0}, {"bulk": 1.0}, {"bulk": 1.0})
    for gauge in (None, 10.0):
        spec = StationSpec(
            "warm",
            "a_to_b",
            "rail" if gauge else "road",
            StageSpec.plain("A", 1, 0.5, hours),
            StageSpec.plain("B", 1, 0.5, hours, gauge_per_day=gauge),
        )
        job = Job(0, demand, spec, rate, shares, (0.0, 48.0))
        replicate(job, 0, 0)


def replicate(job: Job, rep: int, seed: int, *, detail: bool = True) -> dict[str, Any]:
    """Replication ``rep`` of one station; its stream is ``default_rng([seed, rep, stream])``
    (:func:`stream_of`). ``detail`` False leaves out percentiles and group waits (calibration
    needs means only)."""
    rng = np.random.default_rng([seed, rep, job.stream])
    run = simulate_crossing(job.station, job.rate, job.shares, rng)
    return measure(job, run, rng, detail=detail)


def replicate_task(args: tuple[Job, int, int, bool]) -> dict[str, Any]:
    """:func:`replicate` of one (job, replication, seed, detail): a task an executor runs."""
    job, rep, seed, detail = args
    return replicate(job, rep, seed, detail=detail)


def daily_queue(r: CrossingRun, w0: float, w1: float) -> np.ndarray:
    """Vehicles waiting at both posts (rail: and in the yard) at the end of each day of
    [w0, w1): the daily queue :func:`measure` reports, from the same compiled pass."""
    daily = _tally(r, w0, w1, np.zeros(len(KINDS)))[6]
    out: np.ndarray = daily[0] + daily[1]
    return out


def _tally(
    r: CrossingRun, w0: float, w1: float, unit_value: np.ndarray
) -> tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:
    """:func:`corridor.sim._measure.tally` of a run over the window [w0, w1)."""
    from corridor.sim._measure import tally

    return tally(
        r.arrivals,
        np.ascontiguousarray(r.kinds, dtype=np.int64),
        r.exit_start,
        r.exit_end,
        r.exit_leave,
        r.entry_arrival,
        r.entry_start,
        r.entry_end,
        r.entry_leave,
        r.yard_in,
        r.yard_out,
        float(w0),
        float(w1),
        float(r.horizon),
        unit_value,
    )


def unit_values(demand: StationDemand) -> np.ndarray:
    """US$ a vehicle of each kind carries (index: the kind): farm goods, other loaded goods and
    commodity vehicles by the demand's value over its vehicles; empty and transit, none."""
    value_per = {
        g: (demand.value_usd[g] / demand.vehicles[g]) if demand.vehicles.get(g) else 0.0
        for g in demand.vehicles
    }
    other_vehicles = sum(v for g, v in demand.vehicles.items() if g != "agri")
    other_value = (
        sum(demand.value_usd[g] for g in demand.vehicles if g != "agri") / other_vehicles
        if other_vehicles
        else 0.0
    )
    out = np.zeros(len(KINDS))
    out[AGRI], out[LOADED] = value_per.get("agri", 0.0), other_value
    out[COMMODITY] = demand.commodity_usd / demand.commodity if demand.commodity else 0.0
    return out


def _median_p95(values: np.ndarray, detail: bool) -> tuple[float, float]:
    """The 50th and 95th percentiles (one partial sort for both), 0 without detail."""
    if not (detail and values.size):
        return 0.0, 0.0
    p50, p95 = np.percentile(values, (50, 95))
    return float(p50), float(p95)


def measure(
    job: Job, r: CrossingRun, rng: np.random.Generator, *, detail: bool = True
) -> dict[str, Any]:
    """One replication of one station from its run: every statistic of METRICS over the
    measured window, the queue, throughput and time day by day, and the mean time at each post
    by kind of vehicle. The vehicles counted are those that arrive in the window; a wait is the
    time queueing at the exit lanes, the entry lanes and (rail) the yard; a vehicle still
    queueing at the horizon counts its wait up to it in the value-hours of delay. The sums come
    from one compiled pass (:mod:`corridor.sim._measure`)."""
    from corridor.sim import _measure as k

    spec, demand = job.station, job.demand
    w0, w1 = job.window
    days = (w1 - w0) / 24.0
    sums, wait, total, through, exit_q, entry_q, daily_queues, by_day = _tally(
        r, w0, w1, unit_values(demand)
    )
    exit_daily, entry_daily = daily_queues[0], daily_queues[1]
    daily = exit_daily + entry_daily
    queue = exit_q + entry_q
    growth = float(np.polyfit(np.arange(daily.shape[0]), daily, 1)[0]) if daily.size > 2 else 0.0

    def mean(count: int, total_slot: int) -> float:
        return float(sums[total_slot] / sums[count]) if sums[count] else 0.0

    n_through = int(sums[k.N_THROUGH])
    waits = wait[through] if detail and n_through else np.zeros(0)
    totals = total[through] if detail and n_through else np.zeros(0)
    window_days = slice(int(w0 // 24), int(w1 // 24))
    lane_hours1 = spec.exit.lane_hours(window_days)
    lane_hours2 = spec.entry.lane_hours(window_days)
    entry_thru = float(sums[k.ENTRY_THROUGH]) / days
    wait_p50, wait_p95 = _median_p95(waits, detail)
    time_p50, time_p95 = _median_p95(totals, detail)
    time_count = by_day[2]
    out: dict[str, Any] = {
        "wait_mean_h": mean(k.N_THROUGH, k.SUM_WAIT),
        "wait_p50_h": wait_p50,
        "wait_p95_h": wait_p95,
        "wait_max_h": float(sums[k.MAX_WAIT]) if n_through else 0.0,
        "time_in_crossing_mean_h": mean(k.N_THROUGH, k.SUM_TOTAL),
        "time_in_crossing_p50_h": time_p50,
        "time_in_crossing_p95_h": time_p95,
        "time_in_crossing_max_h": float(sums[k.MAX_TOTAL]) if n_through else 0.0,
        "exit_time_mean_h": mean(k.N_EXIT_DONE, k.SUM_EXIT_TIME),
        "entry_time_mean_h": mean(k.N_ENTRY_DONE, k.SUM_ENTRY_TIME),
        "exit_queue_mean": float(exit_q.mean()) if exit_q.size else 0.0,
        "entry_queue_mean": float(entry_q.mean()) if entry_q.size else 0.0,
        "queue_mean": float(queue.mean()) if queue.size else 0.0,
        "value_hours_delay_usd_h": float(sums[k.VALUE_HOURS]),
        "throughput_per_day": entry_thru,
        "exit_throughput_per_day": float(sums[k.EXIT_THROUGH]) / days,
        "entry_throughput_per_day": entry_thru,
        "tonnes_per_day": (
            float(sums[k.DELIVERED_LOADED]) * demand.tonnes_per_loaded_vehicle
            + float(sums[k.DELIVERED_TRANSIT]) * demand.transit_tonnes
        )
        / days,
        "exit_utilisation": float(sums[k.BUSY_EXIT]) / lane_hours1 if lane_hours1 else 0.0,
        "entry_utilisation": float(sums[k.BUSY_ENTRY]) / lane_hours2 if lane_hours2 else 0.0,
        "backlog": float(sums[k.NOT_LEFT] - sums[k.ARRIVED_AFTER]),
        "queue_growth_per_day": growth,
        "queue_at_end": float(daily[-1]) if daily.size else 0.0,
        "queue_peak": float(daily.max()) if daily.size else 0.0,
        "yard_full_hours": r.yard_full_hours,
        "queue_by_day": daily,
        "exit_queue_by_day": exit_daily,
        "entry_queue_by_day": entry_daily,
        "throughput_by_day": by_day[0],
        "crossing_time_by_day": np.divide(
            by_day[1], time_count, out=np.full(time_count.shape[0], np.nan), where=time_count > 0
        ),
    }
    out["utilisation"] = max(out["exit_utilisation"], out["entry_utilisation"])
    out["backlog"] = max(out["backlog"], 0.0)
    for kind in (AGRI, EMPTY, TRANSIT, COMMODITY):
        if sums[k.KIND_WAIT + 2 * kind]:
            out[f"wait_mean_h_{KINDS[kind]}"] = mean(
                k.KIND_WAIT + 2 * kind, k.KIND_WAIT + 2 * kind + 1
            )
    if detail:
        out.update(_group_waits(wait, through & (r.kinds == LOADED), demand, rng))
    # mean time at each post of a shipment (not an empty vehicle), what observations measure
    for side, slot in (
        ("exit", k.SHIP_EXIT),
        ("entry", k.SHIP_ENTRY),
        ("crossing", k.SHIP_CROSSING),
    ):
        if sums[slot]:
            out[f"{side}_time_mean_h_shipments"] = mean(slot, slot + 1)
    for kind, name in enumerate(KINDS):
        out[f"exit_{name}_per_day"] = float(sums[k.EXIT_KIND + kind]) / days
        out[f"entry_{name}_per_day"] = float(sums[k.ENTRY_KIND + kind]) / days
    out["exit_transit_per_day"] = float(sums[k.EXIT_KIND + TRANSIT]) / days
    out["entry_transit_per_day"] = float(sums[k.ENTRY_KIND + TRANSIT]) / days
    return out


def _group_waits(
    wait: np.ndarray, mask: np.ndarray, demand: StationDemand, rng: np.random.Generator
) -> dict[str, float]:
    """Mean wait of the bulk and container groups: loaded vehicles other than farm goods are
    served alike, so each is labelled by the groups' shares of the demand after the run."""
    other = {g: demand.vehicles.get(g, 0.0) for g in ("bulk", "containers")}
    total = sum(other.values())
    out: dict[str, float] = {}
    if total > 0 and mask.any():
        names = list(other)
        labels = rng.choice(len(names), size=wait.shape[0], p=[other[g] / total for g in names])
        for k, g in enumerate(names):
            sel = mask & (labels == k)
            if other[g] > 0 and sel.any():
                out[f"wait_mean_h_{g}"] = float(wait[sel].mean())
    return out


def run_task(jobs: list[tuple[Job, ...]], point: int, rep: int, seed: int) -> list[dict[str, Any]]:
    """One replication of one grid point: a row per crossing direction (each station's job of
    that replication)."""
    rows = []
    for by_rep in jobs:
        job = by_rep[rep]
        stats = replicate(job, rep, seed)
        row: dict[str, Any] = {
            "point": point,
            "replication": rep,
            "crossing": job.demand.crossing,
            "direction": job.demand.direction,
        }
        row.update({m: float(stats[m]) for m in METRICS})
        rows.append(row)
    return rows


#: A worker process's copy of the sweep's jobs, sent once when the worker starts (so that each
#: task sends two numbers, not megabytes of arrival rates). Process-local: set only by
#: ``load_jobs`` in a pool's initializer, never in the main process.
_WORKER_JOBS: dict[int, list[tuple[Job, ...]]] = {}


def load_jobs(jobs: dict[int, list[tuple[Job, ...]]]) -> None:
    """Pool initializer: keep the jobs of every grid point in this worker."""
    _WORKER_JOBS.clear()
    _WORKER_JOBS.update(jobs)


def run_loaded(point: int, rep: int, seed: int) -> list[dict[str, Any]]:
    """``run_task`` on the jobs this worker was given at start."""
    return run_task(_WORKER_JOBS[point], point, rep, seed)
