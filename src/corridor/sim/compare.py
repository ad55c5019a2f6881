"""Compare scenarios against the baseline: per crossing, with intervals, explained, per dollar.

Every scenario runs with the same settings as the baseline. Differences are taken replication by
replication (scenario minus baseline, for the same crossing direction and replication number) and
summarised as a mean with a 95 % Student-t interval; the replications are independent, so the
paired interval is valid whether or not the streams coincide.

Totals per scenario add, over every crossing direction, the hours of waiting and the value-hours
of delay (US$ of cargo × hours waited), scaled to a year. Hours of waiting are kept by mode
(truck-hours at road crossings, train-hours at rail ones: a train is not a truck), and also given
as one sum of vehicle-hours for scripts that read it. They exist only when every
direction has a steady state: with an overloaded direction they would grow with the run's length,
so they are left out and the overloaded directions named. A lever with a capital cost gets its
cost-effectiveness: value-hours of delay saved a year per US$ of capital.

Each lever is explained: which directions it changes (their demand and capacity), where waiting
rises and falls, and why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from corridor.frames import records_frame

if TYPE_CHECKING:
    import pandas as pd
from corridor.network.scenario import ResolvedScenario
from corridor.sim.run import Estimate, SimReport, StationResult, confidence_interval
from corridor.student_t import t_ppf

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
    overloaded: bool = False
    exit_country: str = ""
    entry_country: str = ""


@dataclass(frozen=True)
class ScenarioComparison:
    """One scenario against the baseline (the JSON of ``corridor compare``)."""

    scenario: str
    scenario_hash: str
    levers: tuple[dict[str, Any], ...]
    capital_cost_usd: float | None
    stations: tuple[StationComparison, ...]
    wait_vehicle_hours_per_year: Estimate | None
    value_hours_delay_per_year: Estimate | None
    difference_wait_vehicle_hours: Estimate | None
    difference_value_hours: Estimate | None
    value_hours_saved_per_usd: float | None
    overloaded: tuple[str, ...] = ()
    explanation: tuple[str, ...] = ()
    #: hours of waiting a year by mode (``road``: truck-hours, ``rail``: train-hours)
    wait_hours_by_mode: dict[str, Estimate] = field(default_factory=dict)
    difference_wait_hours_by_mode: dict[str, Estimate] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_frame(self) -> pd.DataFrame:
        """Each crossing direction as a row: the change of each statistic against the
        baseline, with its interval (pandas)."""
        rows = []
        for s in self.stations:
            for name, e in (s.difference or {}).items():
                rows.append(
                    {"scenario": self.scenario, "crossing": s.crossing, "direction": s.direction,
                     "statistic": name, "change": e.mean, "ci_low": e.ci_low, "ci_high": e.ci_high}
                )  # fmt: skip
        return records_frame(rows)


#: what an hour of waiting is called in each mode
HOURS_OF = {"road": "truck-hours", "rail": "train-hours"}


def _totals(report: SimReport) -> tuple[list[float], list[float], dict[str, list[float]]] | None:
    """Per replication: hours of waiting a year (all vehicles), value-hours of delay a year, and
    hours of waiting by mode; None when a direction is overloaded."""
    if report.overloaded:
        return None
    days = report.days
    reps = report.replications
    wait, value = [0.0] * reps, [0.0] * reps
    by_mode: dict[str, list[float]] = {}
    for s in report.stations:
        mode = by_mode.setdefault(s.mode, [0.0] * reps)
        for r, run in enumerate(s.runs):
            served = run["throughput_per_day"] * days
            hours = run["wait_mean_h"] * served * 365.0 / days
            wait[r] += hours
            mode[r] += hours
            value[r] += run["value_hours_delay_usd_h"] * 365.0 / days
    return wait, value, by_mode


def _modes(by_mode: dict[str, list[float]]) -> list[str]:
    """The modes held, road first."""
    return sorted(by_mode, key=lambda m: (list(HOURS_OF).index(m) if m in HOURS_OF else 9, m))


def _diff(a: list[float], b: list[float]) -> Estimate:
    """Mean of paired differences with its 95 % interval (which may cross zero)."""
    d = np.asarray(a) - np.asarray(b)
    mean = float(d.mean())
    if d.shape[0] < 2 or float(d.std(ddof=1)) == 0:
        return Estimate(mean, mean, mean)
    half = t_ppf(0.975, d.shape[0] - 1) * float(d.std(ddof=1)) / d.shape[0] ** 0.5
    return Estimate(mean, mean - half, mean + half)


def _wait_hours(s: StationResult, days: int) -> float | None:
    if s.overload is not None or "wait_mean_h" not in s.stats:
        return None
    del days
    return s.stats["wait_mean_h"].mean * s.stats["throughput_per_day"].mean * 365.0


def _name(s: StationResult) -> str:
    """A direction by its countries: ``nur-zholy-khorgos KAZ→CHN``."""
    return f"{s.crossing} {s.exit_country}→{s.entry_country}"


def explain(base: SimReport, other: SimReport) -> tuple[str, ...]:
    """Which directions a lever changes, where waiting moves, and why (module docstring)."""
    before = {(s.crossing, s.direction): s for s in base.stations}
    lines: list[str] = []
    changes: list[tuple[float, str, str]] = []
    for s in other.stations:
        b = before.get((s.crossing, s.direction))
        name = _name(s)
        if b is None:
            u = s.vehicles_per_day / s.capacity_per_day if s.capacity_per_day else 0.0
            lines.append(
                f"{name} is new: {s.vehicles_per_day:,.1f} vehicles a day against a capacity of "
                f"{s.capacity_per_day:,.1f} ({s.limited_by}, {s.bottleneck} post), "
                f"utilisation {u:.0%}" + (" — overloaded" if s.overload else "")
            )
            w = _wait_hours(s, other.days)
            if w is not None:
                changes.append((w, name, s.mode))
            continue
        demand = s.vehicles_per_day - b.vehicles_per_day
        cap = s.capacity_per_day - b.capacity_per_day
        if abs(demand) < 0.005 * max(b.vehicles_per_day, 1) and abs(cap) < 0.005 * max(
            b.capacity_per_day, 1
        ):
            if s.overload is None and b.overload is None:
                w0, w1 = _wait_hours(b, base.days), _wait_hours(s, other.days)
                if w0 is not None and w1 is not None and abs(w1 - w0) > 0.05 * max(w0, 1):
                    changes.append((w1 - w0, name, s.mode))
            continue
        u0 = b.vehicles_per_day / b.capacity_per_day if b.capacity_per_day else 0.0
        u1 = s.vehicles_per_day / s.capacity_per_day if s.capacity_per_day else 0.0
        parts = []
        if abs(demand) >= 0.005 * max(b.vehicles_per_day, 1):
            parts.append(f"demand {b.vehicles_per_day:,.1f} → {s.vehicles_per_day:,.1f} a day")
        if abs(cap) >= 0.005 * max(b.capacity_per_day, 1):
            parts.append(
                f"capacity {b.capacity_per_day:,.1f} → {s.capacity_per_day:,.1f} a day "
                f"({s.limited_by}, {s.bottleneck} post)"
            )
        parts.append(f"utilisation {u0:.0%} → {u1:.0%}")
        if b.overload and not s.overload:
            parts.append("no longer overloaded")
        elif s.overload and not b.overload:
            parts.append("now overloaded")
        lines.append(f"{name}: " + ", ".join(parts))
        w0, w1 = _wait_hours(b, base.days), _wait_hours(s, other.days)
        if w0 is not None and w1 is not None:
            changes.append((w1 - w0, name, s.mode))
    if other.overloaded:
        names = ", ".join(_name(s) for s in other.overloaded)
        lines.append(
            f"overloaded: {names}; their queues grow for as long as the run lasts, so the "
            "lever's total waiting has no steady value"
        )
        over = {_name(s) for s in other.overloaded}
        changes = [c for c in changes if c[1] not in over]
    if changes:
        up = [c for c in changes if c[0] > 0]
        down = [c for c in changes if c[0] < 0]
        if up:
            worst = max(up)
            lines.append(
                f"waiting rises most at {worst[1]} (+{worst[0]:,.0f} "
                f"{HOURS_OF.get(worst[2], 'vehicle-hours')} a year)"
            )
        if down:
            best = min(down)
            lines.append(
                f"waiting falls most at {best[1]} ({best[0]:,.0f} "
                f"{HOURS_OF.get(best[2], 'vehicle-hours')} a year)"
            )
        for mode, unit in HOURS_OF.items():
            moved = [c for c in changes if c[2] == mode]
            total = sum(c[0] for c in moved)
            if other.overloaded or not moved:
                continue
            if total > 0 and any(c[0] < 0 for c in moved):
                lines.append(
                    f"in all {unit} rise: the traffic moved goes to directions that are closer "
                    "to their capacity than those it left, and queueing delay grows steeply as "
                    "utilisation nears 100 %"
                )
            elif total < 0:
                lines.append(f"in all {unit} fall")
    return tuple(lines)


def compare_reports(
    resolved: list[ResolvedScenario], reports: list[SimReport]
) -> list[ScenarioComparison]:
    """The baseline (first) and each other scenario, compared (module docstring)."""
    base_report = reports[0]
    base_index = {(s.crossing, s.direction): s for s in base_report.stations}
    base_totals = _totals(base_report)
    out = []
    for r, report in zip(resolved, reports, strict=True):
        stations = []
        for s in report.stations:
            stats = {m: s.stats[m] for m in COMPARED if m in s.stats}
            b = base_index.get((s.crossing, s.direction))
            diff = None
            if b is not None:
                diff = {
                    m: _diff([run[m] for run in s.runs], [run[m] for run in b.runs])
                    for m in COMPARED
                    if m in stats and m in b.stats
                }
            stations.append(
                StationComparison(
                    s.crossing,
                    s.direction,
                    stats,
                    diff,
                    s.overload is not None,
                    s.exit_country,
                    s.entry_country,
                )
            )
        totals = _totals(report)
        is_base = report is base_report
        d_value = d_wait = None
        d_modes: dict[str, Estimate] = {}
        if not is_base and totals is not None and base_totals is not None:
            d_wait = _diff(totals[0], base_totals[0])
            d_value = _diff(totals[1], base_totals[1])
            d_modes = {
                m: _diff(totals[2][m], base_totals[2][m])
                for m in _modes(totals[2])
                if m in base_totals[2]
            }
        cost = r.capital_cost_usd
        out.append(
            ScenarioComparison(
                scenario=r.name,
                scenario_hash=r.digest,
                levers=tuple(
                    {"name": o.name, "title": o.title, "source": o.source, "explains": o.explains}
                    for o in r.overlays
                ),
                capital_cost_usd=cost,
                stations=tuple(stations),
                wait_vehicle_hours_per_year=None
                if totals is None
                else confidence_interval(totals[0]),
                value_hours_delay_per_year=None
                if totals is None
                else confidence_interval(totals[1]),
                difference_wait_vehicle_hours=d_wait,
                difference_value_hours=d_value,
                value_hours_saved_per_usd=(
                    -d_value.mean / cost if d_value is not None and cost else None
                ),
                overloaded=tuple(_name(s) for s in report.overloaded),
                explanation=() if is_base else explain(base_report, report),
                wait_hours_by_mode={}
                if totals is None
                else {m: confidence_interval(totals[2][m]) for m in _modes(totals[2])},
                difference_wait_hours_by_mode=d_modes,
            )
        )
    return out


def compare_scenarios(
    resolved: list[ResolvedScenario],
    run: Callable[[ResolvedScenario, int], SimReport],
) -> list[ScenarioComparison]:
    """Run (through ``run(scenario, index)``, which may reuse a stored run) and compare."""
    return compare_reports(resolved, [run(r, i) for i, r in enumerate(resolved)])
