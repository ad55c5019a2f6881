"""Run a scenario: every enabled crossing direction, independent replications, confidence intervals.

Replication r of station s draws from ``numpy.random.default_rng([seed, r, s])``: the same seed
gives the same numbers, and replications are independent streams. Each statistic is the mean
over replications with a 95 % Student-t interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.network.demand import station_demand
from corridor.network.scenario import ResolvedScenario, resolve_scenario
from corridor.sim.crossing import station_spec
from corridor.sim.replication import GROUP_WAITS, METRICS, Job, replicate


@dataclass(frozen=True)
class Estimate:
    mean: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class StationResult:
    crossing: str
    direction: str
    mode: str
    vehicles_per_day: float
    stats: dict[str, Estimate]
    queue_by_day: tuple[float, ...] = ()  # vehicles waiting at each day's end, mean of runs

    def flat(self) -> dict[str, Any]:
        """JSON record: the mean of each statistic, and its interval as ``<name>_ci``."""
        out: dict[str, Any] = {
            "crossing": self.crossing,
            "direction": self.direction,
            "mode": self.mode,
            "vehicles_per_day": self.vehicles_per_day,
        }
        for k, e in self.stats.items():
            out[k] = e.mean
            out[f"{k}_ci"] = [e.ci_low, e.ci_high]
        return out


@dataclass(frozen=True)
class SimReport:
    scenario: str
    scenario_hash: str
    seed: int
    replications: int
    days: int
    stations: tuple[StationResult, ...]
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["stations"] = [s.flat() for s in self.stations]
        return data


def confidence_interval(values: list[float]) -> Estimate:
    """Mean and 95 % Student-t interval of non-negative statistics (cut at zero)."""
    from scipy import stats

    arr = np.asarray(values, dtype=np.float64)
    mean = float(arr.mean())
    if arr.shape[0] < 2 or float(arr.std(ddof=1)) == 0:
        return Estimate(mean, mean, mean)
    half = (
        float(stats.t.ppf(0.975, arr.shape[0] - 1))
        * float(arr.std(ddof=1))
        / math.sqrt(arr.shape[0])
    )
    # every statistic here is non-negative: the interval is cut at zero
    return Estimate(mean, max(0.0, mean - half), mean + half)


def station_jobs(ledger: Ledger, resolved: ResolvedScenario, days: int) -> list[Job]:
    """Every enabled crossing direction of the scenario, in the demand's order."""
    scenario, network, spec = resolved.scenario, resolved.network, resolved.demand
    demands = station_demand(ledger, spec, network, scenario.trade_year, growth=scenario.growth)
    jobs: list[Job] = []
    for d in demands:
        crossing = network.crossing(d.crossing)
        if not crossing.enabled:
            continue
        st = station_spec(
            crossing, d.direction, days=days, wagons_per_train=spec.loads.wagons_per_train.value
        )
        rate, agri_share = d.hourly_rates(days, spec, scenario.start)
        jobs.append(Job(len(jobs), d, st, rate, agri_share))
    return jobs


def summarise(job: Job, runs: list[dict[str, Any]]) -> StationResult:
    """The replications of one station as means with 95 % intervals."""
    names = METRICS + tuple(f"wait_mean_h_{g}" for g in GROUP_WAITS)
    stats = {
        m: confidence_interval([float(r[m]) for r in runs if m in r])
        for m in names
        if any(m in r for r in runs)
    }
    queue = np.mean([r["queue_by_day"] for r in runs], axis=0)
    d = job.demand
    return StationResult(
        d.crossing,
        d.direction,
        d.mode,
        d.total_vehicles / 365,
        stats,
        tuple(round(float(q), 3) for q in queue),
    )


NOTES = (
    "value-hours of delay count bilateral cargo only (transit trains carry no value "
    "in the demand file)",
)


def run_scenario(
    ledger: Ledger,
    path: Path | ResolvedScenario,
    *,
    days: int = 365,
    replications: int = 10,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    runs_out: dict[int, list[dict[str, Any]]] | None = None,
) -> SimReport:
    """Simulate every enabled crossing direction of the scenario.

    ``runs_out``, when given, receives each station's per-replication statistics by job index
    (the comparison of scenarios pairs them replication by replication).
    """
    if days < 1 or replications < 1:
        raise ScenarioError("days and replications must be at least 1")
    resolved = path if isinstance(path, ResolvedScenario) else resolve_scenario(path)
    jobs = station_jobs(ledger, resolved, days)
    total = len(jobs) * replications
    done = 0
    stations = []
    for job in jobs:
        runs = []
        for rep in range(replications):
            runs.append(replicate(job, rep, seed, days))
            done += 1
            if progress is not None:
                progress(done, total)
        if runs_out is not None:
            runs_out[job.index] = runs
        stations.append(summarise(job, runs))
    return SimReport(
        resolved.name, resolved.digest, seed, replications, days, tuple(stations), NOTES
    )


def store_report(ledger: Ledger, report: SimReport) -> int:
    """Write the report to the ledger's ``sim_results`` (one transaction); return its run id."""
    return ledger.sim_results.add(
        scenario=report.scenario,
        scenario_hash=report.scenario_hash,
        seed=report.seed,
        replications=report.replications,
        days=report.days,
        rows=[
            (s.crossing, s.direction, m, e.mean, e.ci_low, e.ci_high)
            for s in report.stations
            for m, e in s.stats.items()
        ],
    )
