"""One replication of one crossing direction: the unit of work of runs, comparisons and sweeps.

Kept light (NumPy and the compiled engine only) so that worker processes start fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from corridor.sim.crossing import StationSpec, simulate_station

if TYPE_CHECKING:
    from corridor.network.demand import StationDemand

METRICS = (
    "wait_mean_h",
    "wait_p50_h",
    "wait_p95_h",
    "wait_max_h",
    "time_in_crossing_mean_h",
    "time_in_crossing_p50_h",
    "time_in_crossing_p95_h",
    "time_in_crossing_max_h",
    "throughput_per_day",
    "utilisation",
    "backlog",
    "queue_mean",
    "value_hours_delay_usd_h",
    "yard_full_hours",
)
#: Cargo groups whose mean wait is reported (``wait_mean_h_<group>``); transit = China–Europe.
GROUP_WAITS = ("agri", "bulk", "containers", "transit")


@dataclass(frozen=True)
class Job:
    """One direction of one crossing, ready to run: its demand, station and arrival rates."""

    index: int
    demand: StationDemand
    station: StationSpec
    rate: np.ndarray
    agri_share: np.ndarray


def replicate(job: Job, rep: int, seed: int, days: int) -> dict[str, Any]:
    """Replication ``rep`` of one station; its stream is ``default_rng([seed, rep, index])``."""
    rng = np.random.default_rng([seed, rep, job.index])
    return _one_run(job.station, job.demand, job.rate, job.agri_share, rng, days)


def _one_run(
    spec: StationSpec,
    demand: StationDemand,
    rate: np.ndarray,
    agri_share: np.ndarray,
    rng: np.random.Generator,
    days: int,
) -> dict[str, Any]:
    """One replication of one station: the statistics of METRICS and the daily queue."""
    r, agri = simulate_station(spec, rate, agri_share, rng)
    horizon = r.horizon
    waits_all = np.where(r.served, r.start - r.arrivals, horizon - r.arrivals)
    if r.extra_wait is not None:
        waits_all = waits_all + np.where(r.served, r.extra_wait, 0.0)
    value_per = {
        g: (demand.value_usd[g] / demand.vehicles[g]) if demand.vehicles.get(g) else 0.0
        for g in demand.vehicles
    }
    other_vehicles = sum(v for g, v in demand.vehicles.items() if g != "agri")
    other_value = (
        (sum(demand.value_usd[g] for g in demand.vehicles if g != "agri") / other_vehicles)
        if other_vehicles
        else 0.0
    )
    unit_value = np.where(agri, value_per.get("agri", 0.0), other_value)
    waits = r.waits
    total = (r.finish - r.arrivals)[r.finish >= 0]
    return {
        "wait_mean_h": float(waits.mean()) if waits.size else 0.0,
        "wait_p50_h": float(np.percentile(waits, 50)) if waits.size else 0.0,
        "wait_p95_h": float(np.percentile(waits, 95)) if waits.size else 0.0,
        "wait_max_h": float(waits.max()) if waits.size else 0.0,
        "time_in_crossing_mean_h": float(total.mean()) if total.size else 0.0,
        "time_in_crossing_p50_h": float(np.percentile(total, 50)) if total.size else 0.0,
        "time_in_crossing_p95_h": float(np.percentile(total, 95)) if total.size else 0.0,
        "time_in_crossing_max_h": float(total.max()) if total.size else 0.0,
        "yard_full_hours": r.yard_full_hours,
        "queue_by_day": r.queue_length(24.0)[1:],
        **_group_waits(
            r.start - r.arrivals + (r.extra_wait if r.extra_wait is not None else 0.0),
            r.served,
            agri,
            demand,
            rng,
        ),
        "throughput_per_day": float(r.served.sum()) / days,
        "utilisation": r.utilisation,
        "backlog": float(r.backlog),
        "queue_mean": float(r.queue_length().mean()),
        "value_hours_delay_usd_h": float((waits_all * unit_value).sum()),
    }


def _group_waits(
    waits: np.ndarray,
    served: np.ndarray,
    agri: np.ndarray,
    demand: StationDemand,
    rng: np.random.Generator,
) -> dict[str, float]:
    """Mean wait of each cargo group present.

    The engine separates farm goods (their own inspections, priority at green lanes) from the
    rest; vehicles of the rest are served alike, so each is labelled bulk, containers or
    transit in proportion to the demand, after the run, to report their waits.
    """
    other = {
        "bulk": demand.vehicles.get("bulk", 0.0),
        "containers": demand.vehicles.get("containers", 0.0),
        "transit": demand.transit_trains,
    }
    total = sum(other.values())
    out: dict[str, float] = {}
    if agri[served].any():
        out["wait_mean_h_agri"] = float(waits[served & agri].mean())
    if total > 0:
        names = list(other)
        labels = rng.choice(len(names), size=waits.shape[0], p=[other[g] / total for g in names])
        for k, g in enumerate(names):
            mask = served & ~agri & (labels == k)
            if other[g] > 0 and mask.any():
                out[f"wait_mean_h_{g}"] = float(waits[mask].mean())
    return out


def run_task(jobs: list[Job], point: int, rep: int, seed: int, days: int) -> list[dict[str, Any]]:
    """One replication of one grid point: a row per crossing direction."""
    rows = []
    for job in jobs:
        stats = replicate(job, rep, seed, days)
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
_WORKER_JOBS: dict[int, list[Job]] = {}


def load_jobs(jobs: dict[int, list[Job]]) -> None:
    """Pool initializer: keep the jobs of every grid point in this worker."""
    _WORKER_JOBS.clear()
    _WORKER_JOBS.update(jobs)


def run_loaded(point: int, rep: int, seed: int, days: int) -> list[dict[str, Any]]:
    """``run_task`` on the jobs this worker was given at start."""
    return run_task(_WORKER_JOBS[point], point, rep, seed, days)
