"""Compare scenarios against the baseline: per crossing, with intervals, and per dollar invested.

Every scenario runs with the same seed and replication count as the baseline. Differences are
taken replication by replication (scenario minus baseline, for the same crossing direction and
replication number) and summarised as a mean with a 95 % Student-t interval; the replications are
independent, so the paired interval is valid whether or not the streams coincide.

Totals per scenario add, over every crossing direction, the vehicle-hours of waiting and the
value-hours of delay (US$ of cargo × hours waited), scaled to a year. A lever with a capital cost
gets its cost-effectiveness: value-hours of delay saved a year per US$ of capital.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from corridor.ledger import Ledger
from corridor.network.scenario import ResolvedScenario, resolve_scenario
from corridor.sim.run import Estimate, SimReport, confidence_interval, run_scenario

COMPARED = (
    "wait_mean_h",
    "wait_p95_h",
    "throughput_per_day",
    "utilisation",
    "backlog",
    "value_hours_delay_usd_h",
)


@dataclass(frozen=True)
class StationComparison:
    crossing: str
    direction: str
    stats: dict[str, Estimate]
    difference: dict[str, Estimate] | None  # None: the baseline has no such station


@dataclass(frozen=True)
class ScenarioComparison:
    """One scenario against the baseline (the JSON of ``corridor compare``)."""

    scenario: str
    scenario_hash: str
    levers: tuple[dict[str, Any], ...]
    capital_cost_usd: float | None
    stations: tuple[StationComparison, ...]
    wait_vehicle_hours_per_year: Estimate
    value_hours_delay_per_year: Estimate
    difference_wait_vehicle_hours: Estimate | None
    difference_value_hours: Estimate | None
    value_hours_saved_per_usd: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _per_year(days: int) -> float:
    return 365.0 / days


def _totals(
    report: SimReport, runs: dict[int, list[dict[str, Any]]], days: int
) -> tuple[list[float], list[float]]:
    reps = report.replications
    wait, value = [0.0] * reps, [0.0] * reps
    for runs_of in runs.values():
        for r, run in enumerate(runs_of):
            served = run["throughput_per_day"] * days
            wait[r] += run["wait_mean_h"] * served * _per_year(days)
            value[r] += run["value_hours_delay_usd_h"] * _per_year(days)
    return wait, value


def _diff(a: list[float], b: list[float]) -> Estimate:
    """Mean of paired differences with its 95 % interval (which may cross zero)."""
    from scipy import stats

    d = np.asarray(a) - np.asarray(b)
    mean = float(d.mean())
    if d.shape[0] < 2 or float(d.std(ddof=1)) == 0:
        return Estimate(mean, mean, mean)
    half = float(stats.t.ppf(0.975, d.shape[0] - 1)) * float(d.std(ddof=1)) / d.shape[0] ** 0.5
    return Estimate(mean, mean - half, mean + half)


def compare_scenarios(
    ledger: Ledger,
    base: Path,
    scenarios: list[tuple[Path, ...]],
    *,
    days: int = 365,
    replications: int = 10,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[ScenarioComparison]:
    """The baseline (no levers) and each combination of levers in ``scenarios``, compared."""
    resolved: list[ResolvedScenario] = [resolve_scenario(base, (), ledger=ledger)]
    resolved += [resolve_scenario(base, s, ledger=ledger) for s in scenarios]
    results = []
    done_before = 0
    for r in resolved:
        runs: dict[int, list[dict[str, Any]]] = {}

        def step(done: int, total: int, offset: int = done_before) -> None:
            if progress is not None:
                progress(offset + done, total * len(resolved))

        report = run_scenario(
            ledger, r, days=days, replications=replications, seed=seed, progress=step, runs_out=runs
        )
        done_before += len(report.stations) * replications
        results.append((r, report, runs))
    base_r, base_report, base_runs = results[0]
    base_index = {(s.crossing, s.direction): k for k, s in enumerate(base_report.stations)}
    base_wait, base_value = _totals(base_report, base_runs, days)
    out = []
    for r, report, runs in results:
        stations = []
        for k, s in enumerate(report.stations):
            stats = {m: s.stats[m] for m in COMPARED if m in s.stats}
            j = base_index.get((s.crossing, s.direction))
            diff = None
            if j is not None:
                diff = {
                    m: _diff([run[m] for run in runs[k]], [run[m] for run in base_runs[j]])
                    for m in COMPARED
                    if m in stats
                }
            stations.append(StationComparison(s.crossing, s.direction, stats, diff))
        wait, value = _totals(report, runs, days)
        is_base = r is base_r
        d_value = None if is_base else _diff(value, base_value)
        cost = r.capital_cost_usd
        out.append(
            ScenarioComparison(
                scenario=r.name,
                scenario_hash=r.digest,
                levers=tuple(
                    {"name": o.name, "title": o.title, "source": o.source} for o in r.overlays
                ),
                capital_cost_usd=cost,
                stations=tuple(stations),
                wait_vehicle_hours_per_year=confidence_interval(wait),
                value_hours_delay_per_year=confidence_interval(value),
                difference_wait_vehicle_hours=None if is_base else _diff(wait, base_wait),
                difference_value_hours=d_value,
                value_hours_saved_per_usd=(
                    -d_value.mean / cost if d_value is not None and cost else None
                ),
            )
        )
    return out
