"""The compiled pass of ``measure`` against the statistics computed array by array with NumPy
(the definitions written out: a reference, as ``corridor.sim._reference`` is for the queues)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

import corridor.sim.replication as R
from corridor.ledger import Ledger
from corridor.locations import data_dir
from corridor.network.demand import KINDS
from corridor.planning import resolve_scenario
from corridor.sim.crossing import (
    AGRI,
    COMMODITY,
    EMPTY,
    LOADED,
    TRANSIT,
    CrossingRun,
    simulate_crossing,
)
from corridor.sim.replication import Job
from corridor.sim.run import _plans, job_for
from corridor.sim.settings import RunSettings

BASELINE = data_dir() / "scenarios" / "baseline.yaml"


def _upto(times: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """How many of ``times`` (those ≥ 0) are at or before each point of ``grid``, an evenly
    spaced grid: counted by bins, no sorting."""
    m = grid.shape[0]
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    g0 = grid[0]
    step = grid[1] - g0 if m > 1 else 1.0
    t = times[times >= 0]
    k = np.ceil((t - g0) / step)
    k = np.clip(k, 0, m).astype(np.int64)  # index m: after the last point
    counts: np.ndarray = np.cumsum(np.bincount(k, minlength=m + 1)[:m])
    return counts


def _waiting(arrive: np.ndarray, begin: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Vehicles that have arrived and not begun, at each time of ``grid`` (evenly spaced)."""
    waiting: np.ndarray = _upto(arrive, grid) - _upto(begin, grid)
    return waiting


def _busy(start: np.ndarray, end: np.ndarray, w0: float, w1: float) -> float:
    """Hours of service inside the window [w0, w1) (services that began before it or run on
    past it count only their part inside)."""
    began = start >= 0
    overlap = np.minimum(end[began], w1) - np.maximum(start[began], w0)
    return float(np.clip(overlap, 0.0, None).sum())


def _per_day(times: np.ndarray, w0: float, w1: float) -> np.ndarray:
    """How many of ``times`` fall in each day of the window."""
    days = round((w1 - w0) / 24.0)
    t = times[(times >= w0) & (times < w1)]
    out: np.ndarray = np.bincount(((t - w0) // 24.0).astype(np.int64), minlength=days)[:days]
    return out.astype(np.float64)


def _mean_by_day(
    when: np.ndarray, values: np.ndarray, mask: np.ndarray, w0: float, w1: float
) -> np.ndarray:
    """Mean of ``values`` by the day of ``when`` (NaN on a day with none)."""
    days = round((w1 - w0) / 24.0)
    sel = mask & (when >= w0) & (when < w1)
    idx = ((when[sel] - w0) // 24.0).astype(np.int64)
    total = np.bincount(idx, weights=values[sel], minlength=days)[:days]
    count = np.bincount(idx, minlength=days)[:days]
    out: np.ndarray = np.divide(total, count, out=np.full(days, np.nan), where=count > 0)
    return out


def _share(mask: np.ndarray, values: np.ndarray) -> float:
    return float(values[mask].mean()) if mask.any() else 0.0


def _pct(values: np.ndarray, q: float, detail: bool) -> float:
    return float(np.percentile(values, q)) if detail and values.size else 0.0


def reference_measure(
    job: Job, r: CrossingRun, rng: np.random.Generator, *, detail: bool = True
) -> dict[str, Any]:
    """The statistics by their definitions, array by array (NumPy)."""
    spec, demand = job.station, job.demand
    w0, w1 = job.window
    days = (w1 - w0) / 24.0
    inside = (r.arrivals >= w0) & (r.arrivals < w1)
    through = inside & (r.entry_leave >= 0)
    exit_done = inside & (r.exit_leave >= 0)
    entry_done = inside & (r.entry_leave >= 0)
    # queue waits: exit lane, entry lane, yard
    yard_wait = np.where((r.yard_out >= 0) & (r.yard_in >= 0), r.yard_out - r.yard_in, 0.0)
    wait = np.where(
        through,
        (r.exit_start - r.arrivals) + (r.entry_start - r.entry_arrival) + yard_wait,
        0.0,
    )
    waits = wait[through]
    total = (r.entry_leave - r.arrivals)[through]
    exit_time = (r.exit_leave - r.arrivals)[exit_done]
    entry_time = (r.entry_leave - r.entry_arrival)[entry_done]
    grid = np.arange(w0, w1, 1.0)
    exit_q = _waiting(r.arrivals, r.exit_start, grid)
    # waiting at the entry post: for its lanes, and (rail) in the yard for the gauge change
    entry_q = _waiting(r.entry_arrival, r.entry_start, grid) + _waiting(r.yard_in, r.yard_out, grid)
    queue = exit_q + entry_q
    day_ends = np.arange(w0 + 24.0, w1 + 1e-9, 24.0)
    exit_daily = _waiting(r.arrivals, r.exit_start, day_ends).astype(np.float64)
    entry_daily = (
        _waiting(r.entry_arrival, r.entry_start, day_ends)
        + _waiting(r.yard_in, r.yard_out, day_ends)
    ).astype(np.float64)
    daily = exit_daily + entry_daily
    growth = float(np.polyfit(np.arange(daily.shape[0]), daily, 1)[0]) if daily.size > 2 else 0.0
    loaded = (r.kinds == AGRI) | (r.kinds == LOADED)
    exit_thru = float(((r.exit_start >= w0) & (r.exit_start < w1)).sum()) / days
    entry_thru = float(((r.entry_start >= w0) & (r.entry_start < w1)).sum()) / days
    delivered = (r.entry_leave >= w0) & (r.entry_leave < w1)
    tonnes = (
        float((delivered & loaded).sum()) * demand.tonnes_per_loaded_vehicle
        + float((delivered & (r.kinds == TRANSIT)).sum()) * demand.transit_tonnes
    ) / days
    unit_value = R.unit_values(demand)[r.kinds]  # the vehicles' value, by kind
    # waits of vehicles still queueing at the horizon count up to it (value-hours only)
    horizon_wait = np.where(
        r.exit_start >= 0,
        np.where(
            r.entry_start >= 0,
            wait,
            (r.exit_start - r.arrivals)
            + np.where(r.entry_arrival >= 0, r.horizon - r.entry_arrival, 0.0),
        ),
        r.horizon - r.arrivals,
    )
    window_days = slice(int(w0 // 24), int(w1 // 24))
    lane_hours1 = spec.exit.lane_hours(window_days)
    lane_hours2 = spec.entry.lane_hours(window_days)
    out: dict[str, Any] = {
        "wait_mean_h": float(waits.mean()) if waits.size else 0.0,
        "wait_p50_h": _pct(waits, 50, detail),
        "wait_p95_h": _pct(waits, 95, detail),
        "wait_max_h": float(waits.max()) if waits.size else 0.0,
        "time_in_crossing_mean_h": float(total.mean()) if total.size else 0.0,
        "time_in_crossing_p50_h": _pct(total, 50, detail),
        "time_in_crossing_p95_h": _pct(total, 95, detail),
        "time_in_crossing_max_h": float(total.max()) if total.size else 0.0,
        "exit_time_mean_h": float(exit_time.mean()) if exit_time.size else 0.0,
        "entry_time_mean_h": float(entry_time.mean()) if entry_time.size else 0.0,
        "exit_queue_mean": float(exit_q.mean()) if exit_q.size else 0.0,
        "entry_queue_mean": float(entry_q.mean()) if entry_q.size else 0.0,
        "queue_mean": float(queue.mean()) if queue.size else 0.0,
        "value_hours_delay_usd_h": float((np.where(inside, horizon_wait, 0.0) * unit_value).sum()),
        "throughput_per_day": entry_thru,
        "exit_throughput_per_day": exit_thru,
        "entry_throughput_per_day": entry_thru,
        "tonnes_per_day": tonnes,
        "exit_utilisation": _busy(r.exit_start, r.exit_end, w0, w1) / lane_hours1
        if lane_hours1
        else 0.0,
        "entry_utilisation": _busy(r.entry_start, r.entry_end, w0, w1) / lane_hours2
        if lane_hours2
        else 0.0,
        "backlog": float((r.entry_leave < 0).sum() - (r.arrivals >= w1).sum()),
        "queue_growth_per_day": growth,
        "queue_at_end": float(daily[-1]) if daily.size else 0.0,
        "queue_peak": float(daily.max()) if daily.size else 0.0,
        "yard_full_hours": r.yard_full_hours,
        "queue_by_day": daily,
        "exit_queue_by_day": exit_daily,
        "entry_queue_by_day": entry_daily,
        "throughput_by_day": _per_day(r.entry_start, w0, w1),
        "crossing_time_by_day": _mean_by_day(
            r.arrivals, r.entry_leave - r.arrivals, through, w0, w1
        ),
    }
    out["utilisation"] = max(out["exit_utilisation"], out["entry_utilisation"])
    out["backlog"] = max(out["backlog"], 0.0)
    for name, mask in (
        ("agri", r.kinds == AGRI),
        ("empty", r.kinds == EMPTY),
        ("transit", r.kinds == TRANSIT),
        ("commodity", r.kinds == COMMODITY),
    ):
        if (through & mask).any():
            out[f"wait_mean_h_{name}"] = _share(through & mask, wait)
    if detail:
        out.update(R._group_waits(wait, through & (r.kinds == LOADED), demand, rng))
    # mean time at each post of a shipment (not an empty vehicle), what observations measure
    shipment = r.kinds != EMPTY
    for side, done, time_at in (
        ("exit", exit_done, r.exit_leave - r.arrivals),
        ("entry", entry_done, r.entry_leave - r.entry_arrival),
        ("crossing", through, r.entry_leave - r.arrivals),
    ):
        if (done & shipment).any():
            out[f"{side}_time_mean_h_shipments"] = _share(done & shipment, time_at)
    exit_in = (r.exit_start >= w0) & (r.exit_start < w1)
    entry_in = (r.entry_start >= w0) & (r.entry_start < w1)
    for k, name in enumerate(KINDS):
        out[f"exit_{name}_per_day"] = float((exit_in & (r.kinds == k)).sum()) / days
        out[f"entry_{name}_per_day"] = float((entry_in & (r.kinds == k)).sum()) / days
    transit = r.kinds == TRANSIT
    out["exit_transit_per_day"] = (
        float(((r.exit_start >= w0) & (r.exit_start < w1) & transit).sum()) / days
    )
    out["entry_transit_per_day"] = (
        float(((r.entry_start >= w0) & (r.entry_start < w1) & transit).sum()) / days
    )
    return out


@pytest.mark.parametrize("day", [None, dt.date(2025, 11, 15)])
def test_the_compiled_pass_gives_the_statistics_by_their_definitions(
    default_ledger: Ledger, day: dt.date | None
) -> None:
    """Every station of the baseline (and of a month with events: a closure, caps), two
    replications, with and without detail: every statistic and daily series agrees."""
    r = resolve_scenario(
        default_ledger, BASELINE, as_of=day, start=None if day is None else dt.date(2025, 10, 1)
    )
    settings = RunSettings(days=45, replications=2, warmup_days=10)
    for by_rep in _plans(r, settings, 10):
        job = job_for(by_rep[0], 0, 10, 10, 45)
        for rep in range(2):
            run = simulate_crossing(
                job.station, job.rate, job.shares, np.random.default_rng([3, rep, job.stream])
            )
            for detail in (True, False):
                want = reference_measure(job, run, np.random.default_rng(5), detail=detail)
                got = R.measure(job, run, np.random.default_rng(5), detail=detail)
                assert list(got) == list(want)
                for key, value in want.items():
                    np.testing.assert_allclose(
                        np.asarray(got[key], dtype=float),
                        np.asarray(value, dtype=float),
                        rtol=1e-9,
                        atol=1e-9,
                        err_msg=f"{job.demand.crossing} {job.demand.direction} {key}",
                    )
            want_daily = np.asarray(want["queue_by_day"], dtype=float)
            w0, w1 = job.window
            np.testing.assert_array_equal(R.daily_queue(run, w0, w1), want_daily)
