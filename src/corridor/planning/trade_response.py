"""From time at the border to dollars of trade, and back: what a lever is worth in trade.

For a lever against the baseline (both resolved for the same day, run with the same settings):

1. **Time.** Each direction and cargo group's mean time in the crossing (queue, both posts'
   dwell), weighted by the value of the group at each crossing, in the baseline and with the
   lever, replication by replication (the runs share their random streams).
2. **Cost.** A day's change is a change in the ad valorem trade cost of
   ``ave_per_day_pct`` of the group (Hummels & Schaur 2013, data/trade/time_costs.yaml):
   Δln τ = AVE × Δdays.
3. **Trade.** Bilateral trade answers through the trade elasticity ε (cited, not estimated: a
   gravity fit on distance does not identify it): X′ = X exp(ε Δln τ), for the group's trade in
   that direction. Partial equilibrium: the two countries' multilateral resistances are held.
4. **Loop.** The new trade is new demand at the crossings (vehicles, value and tonnes of each
   group scaled, empties recomputed), which changes the waiting; the lever is re-run with it. The
   fixed point is a trade change that, carried by the demand, implies itself: each round the
   demand carries the change the last run implied (once the loop overshoots, only half the way
   there: ``DAMPING``), until the carried and the implied change differ by less than
   ``TOLERANCE`` of the change (or US$1 m), at most
   ``MAX_ROUNDS`` runs. Not settling is reported, never hidden.

The interval carries both uncertainties: the simulation's (the replications' paired differences,
a Student-t draw) and the parameters' (each group's AVE and ε drawn from triangular distributions
over their cited ranges), 4,000 draws from the run's seed, at the fixed point's times.

A direction that is overloaded in either run has no steady time: no trade change is computed and
the overloaded crossings are named.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.network.demand import GROUPS, StationDemand, TradeInputs, with_empty_returns
from corridor.network.scenario import ResolvedScenario, demand_digest
from corridor.sim.run import Estimate, SimReport
from corridor.sim.settings import RunSettings
from corridor.workspace import Workspace
from corridor.yaml_files import read_model

if TYPE_CHECKING:
    from corridor.trade.targets import Assessment


TOLERANCE = 0.05
ABSOLUTE_TOLERANCE_USD = 1e6
MAX_ROUNDS = 10
DAMPING = 0.5
DRAWS = 4000
TIME = "time_in_crossing_mean_h"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(_Model):
    """A parameter: its central value, its cited range, and where each comes from."""

    central: float
    low: float
    high: float
    source: str
    assumption: str

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if self.high <= self.low:
            return np.full(n, self.central)
        return rng.triangular(self.low, self.central, self.high, n)


class TimeCosts(_Model):
    """``data/trade/time_costs.yaml``."""

    ave_per_day_pct: dict[str, Range]
    elasticity: Range


def default_time_costs() -> Path:
    return Workspace.default().trade_file("time_costs.yaml")


def read_time_costs(path: Path | None = None) -> TimeCosts:
    """Read and check the parameters: every cargo group has its AVE; ranges hold their centre."""
    where = path or default_time_costs()
    costs = read_model(where, TimeCosts, what="time-cost file", error=ScenarioError)
    missing = set(GROUPS) - set(costs.ave_per_day_pct)
    if missing:
        raise ScenarioError(f"{where}: no ave_per_day_pct for {', '.join(sorted(missing))}")
    for name, r in [*costs.ave_per_day_pct.items(), ("elasticity", costs.elasticity)]:
        if not r.low <= r.central <= r.high:
            raise ScenarioError(f"{where}: {name}: central {r.central} outside {r.low}…{r.high}")
    if costs.elasticity.high >= 0:
        raise ScenarioError(f"{where}: the trade elasticity must be negative")
    return costs


@dataclass(frozen=True)
class TargetShare:
    """The share of the gap between a target and the latest figure that a lever closes."""

    target: str
    title: str
    gap_usd: float | None  # None: the target is already reached
    latest_year: int | None
    share: Estimate | None


@dataclass(frozen=True)
class TradeResponse:
    """One lever's change in trade a year (both directions), with its loop and its interval."""

    scenario: str
    trade_change_usd: Estimate | None
    first_round_usd: float | None
    by_direction_usd: dict[str, float]
    time_change_h: dict[str, float]  # "KAZ→CHN agri": value-weighted change in hours
    rounds: int
    converged: bool
    history_usd: tuple[float, ...]
    capital_cost_usd: float | None
    trade_per_capital_usd: Estimate | None
    targets: tuple[TargetShare, ...]
    elasticity: float
    elasticity_source: str
    assumptions: tuple[str, ...]
    not_computed: str | None = None
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def assumptions(costs: TimeCosts, elasticity: float, source: str) -> tuple[str, ...]:
    """The model's assumptions, one sentence each (the CLI, the JSON and the report)."""
    aves = ", ".join(
        f"{g} {r.central:g} % ({r.low:g}–{r.high:g})" for g, r in costs.ave_per_day_pct.items()
    )
    return (
        f"A day at the border costs, in % of the goods' value: {aves} (Hummels & Schaur 2013, "
        "0.6–2.1 % a day; each group's place in the range is an assumption).",
        f"Trade answers to cost with an elasticity of {elasticity:g} ({source}).",
        "Partial equilibrium: the rest of each country's trade and prices are held.",
        "The extra trade crosses where the group's trade crosses now, and its extra vehicles "
        "queue: the loop runs until the trade change settles.",
        "Times are the mean time in the crossing (queue and both posts) of the simulated year; "
        "the interval carries the replications' spread and the parameter ranges.",
    )


def _group_times(
    resolved: ResolvedScenario, report: SimReport
) -> dict[tuple[str, str], np.ndarray]:
    """(direction, group) → each replication's value-weighted mean time in the crossing, h."""
    num: dict[tuple[str, str], np.ndarray] = {}
    den: dict[tuple[str, str], float] = {}
    for s in report.stations:
        demand = resolved.station(s.crossing, s.direction)
        if demand is None or not s.runs:
            continue
        times = np.array([run[TIME] for run in s.runs], dtype=float)
        for g in GROUPS:
            w = demand.value_usd.get(g, 0.0)
            if w <= 0:
                continue
            key = (s.direction, g)
            num[key] = num.get(key, 0.0) + w * times
            den[key] = den.get(key, 0.0) + w
    return {k: num[k] / den[k] for k in num}


def _values(resolved: ResolvedScenario) -> dict[tuple[str, str], float]:
    out: dict[tuple[str, str], float] = {}
    for s in resolved.stations:
        for g, v in s.value_usd.items():
            out[(s.direction, g)] = out.get((s.direction, g), 0.0) + v
    return out


def scale_trade(
    resolved: ResolvedScenario, factors: dict[tuple[str, str], float]
) -> ResolvedScenario:
    """The scenario with each direction's cargo group scaled by ``factors`` (vehicles, value,
    tonnes; transit unchanged; empty returns recomputed from the loaded imbalance)."""

    def f(s: StationDemand, g: str) -> float:
        return factors.get((s.direction, g), 1.0)

    scaled = [
        dataclasses.replace(
            s,
            vehicles={g: v * f(s, g) for g, v in s.vehicles.items()},
            value_usd={g: v * f(s, g) for g, v in s.value_usd.items()},
            tonnes={g: v * f(s, g) for g, v in s.tonnes.items()},
        )
        for s in resolved.stations
    ]
    stations = with_empty_returns(scaled, resolved.demand)
    trade = resolved.trade
    if trade is not None:
        trade = TradeInputs(
            trade.year,
            trade.mixes,
            {
                d: {g: v * factors.get((d, g), 1.0) for g, v in vs.items()}
                for d, vs in trade.value.items()
            },
            {
                d: {g: v * factors.get((d, g), 1.0) for g, v in vs.items()}
                for d, vs in trade.tonnes.items()
            },
            trade.commodity_usd,
        )
    return dataclasses.replace(
        resolved,
        stations=stations,
        trade=trade,
        digest=demand_digest(
            resolved.digest,
            resolved.as_of,
            resolved.start,
            stations,
            resolved.events,
            resolved.anchors,
        ),
    )


def _trade_change(
    values: dict[tuple[str, str], float],
    dt_h: dict[tuple[str, str], float],
    ave_pct: dict[str, float],
    elasticity: float,
) -> dict[tuple[str, str], float]:
    return {
        k: values.get(k, 0.0) * math.expm1(elasticity * ave_pct[k[1]] / 100 * dt / 24)
        for k, dt in dt_h.items()
    }


@dataclass(frozen=True)
class TargetGap:
    """A US$ turnover target of the pair, and how far the latest figure is from it."""

    target: str
    title: str
    gap_usd: float | None  # None: already reached
    latest_year: int | None


def target_gaps(
    ledger: Ledger,
    a: str,
    b: str,
    targets: Path | None = None,
    *,
    assessments: Sequence[Assessment] | None = None,
) -> tuple[TargetGap, ...]:
    """The pair's US$ turnover targets (national scope) with their gaps, from the same
    assessment as ``corridor targets`` (``assessments``: that assessment, if already made)."""
    from corridor.trade.targets import evaluate_targets, read_targets

    path = targets or Workspace.default().targets
    pair = {a, b}
    wanted = {
        t.id
        for t in read_targets(path).targets
        if t.metric == "trade_turnover"
        and t.unit == "USD"
        and {t.scope.reporter, t.scope.partner} == pair
        and not t.scope.region
    }
    out = []
    for t in assessments if assessments is not None else evaluate_targets(ledger, path):
        if t.id not in wanted or t.target_value is None:
            continue
        gap = None if t.latest_value is None else t.target_value - t.latest_value
        out.append(TargetGap(t.id, t.title, gap if gap is None or gap > 0 else None, t.latest_year))
    return tuple(out)


def _target_shares(gaps: tuple[TargetGap, ...], change: Estimate | None) -> tuple[TargetShare, ...]:
    out = []
    for g in gaps:
        share = None
        if g.gap_usd is not None and change is not None:
            share = Estimate(
                change.mean / g.gap_usd, change.ci_low / g.gap_usd, change.ci_high / g.gap_usd
            )
        out.append(TargetShare(g.target, g.title, g.gap_usd, g.latest_year, share))
    return tuple(out)


def trade_response(
    ledger: Ledger,
    baseline: ResolvedScenario,
    lever: ResolvedScenario,
    settings: RunSettings,
    run: Callable[[ResolvedScenario], SimReport],
    *,
    costs: TimeCosts | None = None,
    elasticity: float | None = None,
    targets: Path | None = None,
    gaps: tuple[TargetGap, ...] | None = None,
) -> TradeResponse:
    """The lever's change in trade a year at the fixed point of the delay–trade loop (module
    docstring). ``run`` simulates a resolved scenario (the stored run when there is one)."""
    costs = costs or read_time_costs()
    eps_range = costs.elasticity
    if elasticity is not None:
        if elasticity >= 0:
            raise ScenarioError(f"--elasticity {elasticity:g}: a trade elasticity is negative")
        eps, eps_source = elasticity, "given on the command line"
        eps_range = eps_range.model_copy(update={"central": eps, "low": eps, "high": eps})
    else:
        eps, eps_source = costs.elasticity.central, costs.elasticity.source
    a, b = baseline.network.countries
    if gaps is None:
        gaps = target_gaps(ledger, a, b, targets)
    said = assumptions(costs, eps, eps_source)
    names = {"a_to_b": f"{a}→{b}", "b_to_a": f"{b}→{a}"}
    ave = {g: r.central for g, r in costs.ave_per_day_pct.items()}
    capital = lever.capital_cost_usd

    def blank(reason: str) -> TradeResponse:
        return TradeResponse(
            lever.name, None, None, {}, {}, 0, False, (), capital, None,
            _target_shares(gaps, None), eps, eps_source, said, reason,
        )  # fmt: skip

    base_report = run(baseline)
    if base_report.overloaded:
        return blank(_overloaded("the baseline", base_report))
    base_times = _group_times(baseline, base_report)
    values = _values(lever)
    rounds, converged = 0, False
    history: list[float] = []
    assumed: dict[tuple[str, str], float] = {}  # the trade change the demand carries
    changes: dict[tuple[str, str], float] = {}
    diffs: dict[tuple[str, str], np.ndarray] = {}
    first: float | None = None
    step, previous = 1.0, 0.0
    while rounds < MAX_ROUNDS:
        rounds += 1
        current = (
            lever
            if not assumed
            else scale_trade(
                lever, {k: 1 + c / values[k] for k, c in assumed.items() if values.get(k)}
            )
        )
        report = run(current)
        if report.overloaded:
            return blank(_overloaded("the lever", report))
        times = _group_times(current, report)
        diffs = {k: times[k] - base_times[k] for k in times if k in base_times}
        changes = _trade_change(values, {k: float(d.mean()) for k, d in diffs.items()}, ave, eps)
        total = sum(changes.values())
        first = total if first is None else first
        history.append(total)
        residual = total - sum(assumed.values())
        if residual * previous < 0:  # the loop overshoots: damp it from here on
            step = DAMPING
        previous = residual
        if abs(residual) <= max(TOLERANCE * abs(total), ABSOLUTE_TOLERANCE_USD):
            converged = True
            break
        # the next demand carries the implied change (part of the way, once it overshoots)
        assumed = {
            k: assumed.get(k, 0.0) + step * (changes.get(k, 0.0) - assumed.get(k, 0.0))
            for k in set(assumed) | set(changes)
        }
    estimate = _interval(values, diffs, costs, eps_range, settings.seed)
    notes = []
    if not converged:
        notes.append(
            f"the delay–trade loop did not settle in {MAX_ROUNDS} runs: the demand carried "
            f"US${sum(assumed.values()) / 1e6:,.1f} m more trade and the runs implied "
            f"US${history[-1] / 1e6:,.1f} m"
        )
    by_direction: dict[str, float] = {}
    for (direction, _), c in changes.items():
        by_direction[names[direction]] = by_direction.get(names[direction], 0.0) + c
    return TradeResponse(
        scenario=lever.name,
        trade_change_usd=estimate,
        first_round_usd=first,
        by_direction_usd=by_direction,
        time_change_h={f"{names[d]} {g}": float(v.mean()) for (d, g), v in sorted(diffs.items())},
        rounds=rounds,
        converged=converged,
        history_usd=tuple(history),
        capital_cost_usd=capital,
        trade_per_capital_usd=None
        if capital is None or capital <= 0 or estimate is None
        else Estimate(
            estimate.mean / capital, estimate.ci_low / capital, estimate.ci_high / capital
        ),
        targets=_target_shares(gaps, estimate),
        elasticity=eps,
        elasticity_source=eps_source,
        assumptions=said,
        notes=tuple(notes),
    )


def _overloaded(which: str, report: SimReport) -> str:
    where = ", ".join(f"{s.crossing} {s.exit_country}→{s.entry_country}" for s in report.overloaded)
    return f"not computed: {which} is overloaded at {where} (no steady time at the border)"


def _interval(
    values: dict[tuple[str, str], float],
    diffs: dict[tuple[str, str], np.ndarray],
    costs: TimeCosts,
    eps: Range,
    seed: int,
) -> Estimate | None:
    """Mean (at the central parameters) and the 2.5–97.5 % range of the draws (module
    docstring)."""
    if not diffs:
        return None
    rng = np.random.default_rng([seed, 15])
    keys = sorted(diffs)
    n = len(next(iter(diffs.values())))
    mean = np.array([diffs[k].mean() for k in keys])
    se = np.array([diffs[k].std(ddof=1) / math.sqrt(n) if n > 1 else 0.0 for k in keys])
    u = rng.standard_t(max(n - 1, 1), size=DRAWS) if n > 1 else np.zeros(DRAWS)
    dt = mean[None, :] + u[:, None] * se[None, :]
    ave = {g: r.draw(rng, DRAWS) for g, r in costs.ave_per_day_pct.items()}
    e = eps.draw(rng, DRAWS)
    total = np.zeros(DRAWS)
    for j, k in enumerate(keys):
        total += values.get(k, 0.0) * np.expm1(e * ave[k[1]] / 100 * dt[:, j] / 24)
    central = sum(
        _trade_change(
            values,
            {k: float(diffs[k].mean()) for k in keys},
            {g: r.central for g, r in costs.ave_per_day_pct.items()},
            eps.central,
        ).values()
    )
    low, high = np.percentile(total, [2.5, 97.5])
    return Estimate(float(central), float(min(low, central)), float(max(high, central)))
