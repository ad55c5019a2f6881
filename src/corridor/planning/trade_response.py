"""From time at the border to dollars of trade, and back: what a lever is worth in trade.

For a lever against the baseline (both resolved for the same day, run with the same settings and
the same random streams: common random numbers):

1. **Time.** Each direction and cargo group's mean time in the crossing (queue, both posts'
   dwell), weighted by the value of the group at each crossing, in the baseline and with the
   lever, replication by replication.
2. **Direct effect.** A day saved raises the group's trade across the border by
   ``trade_pct_per_day`` % (``data/trade/time_costs.yaml``: Djankov, Freund & Pham 2010, about
   1 % a day for all goods; more for farm goods, less for bulk), everything else held:
   ΔX_dg = V_dg (exp(−p_g Δdays_dg / 100) − 1) on the value V_dg crossing the land border.
3. **General equilibrium.** The direct effects of each direction, as a share of the pair's whole
   bilateral trade that way, are a change in the two countries' bilateral trade cost only, solved
   in structural gravity's general equilibrium (:func:`corridor.trade.gravity.pair_shock`, exact
   hat algebra, σ = 1 − ε, deficits held as shares of world output) on a world of the two
   countries, their main partners where the ledger holds a world matrix of the year (a BACI year),
   and the rest of the world (:mod:`corridor.planning.world`). Prices and incomes move, some
   trade is diverted from other partners (``diverted_usd``, by flow; ``diversion_text`` names the
   largest), and the bilateral change is the general equilibrium's;
   it is split over the cargo groups as their direct effects are. Without the data for that world,
   the direct effect is the answer, said so in ``method``.
4. **Loop.** The new trade is new demand at the crossings (vehicles, value and tonnes of each
   group scaled, empties recomputed), which changes the waiting; the lever is re-run with it, on
   the same random streams. The loop stops when a round moves the change by less than the larger
   of ``TOLERANCE`` of it, US$1 m, and the simulation's own resolution (1.96 standard errors of the
   change from the replications); at most ``MAX_ROUNDS`` runs. A change smaller than that
   resolution is reported as below it (``below_resolution``), never as a finding.

The interval carries both uncertainties: the simulation's (the replications' paired differences,
a Student-t draw) and the parameters' (each group's effect of a day drawn from triangular
distributions over its range), 4,000 draws from the run's seed, at the fixed point's times; each
draw goes through the general equilibrium by the ratio of its bilateral change to the direct one
at the central shock (the shocks are a fraction of a per cent: the ratio does not move).

**Appraisal.** The lever's yearly benefit is the two countries' real income gain in the general
equilibrium (without it, the value of the time saved on the goods crossing now: a day is worth its
ad valorem equivalent, the effect of a day over the elasticity); net present value over
``life_years`` at ``discount_rate`` less the capital cost, and the economic rate of return that
makes it zero. A lever's recurring cost a year (staff for 24/7, where its file states one) is
set against each year's benefit; the capital cost is paid once.

A direction that is overloaded in either run has no steady time: no trade change is computed and
the overloaded crossings are named.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from corridor.errors import CorridorError, ScenarioError, option
from corridor.ledger import Ledger
from corridor.network.demand import GROUPS, StationDemand, TradeInputs, with_empty_returns
from corridor.network.scenario import ResolvedScenario, demand_digest
from corridor.sim.run import Estimate, SimReport
from corridor.sim.settings import RunSettings
from corridor.workspace import Workspace
from corridor.yaml_files import read_model

if TYPE_CHECKING:
    from corridor.trade.gravity import PairShock, WorldMatrix
    from corridor.trade.targets import Assessment


TOLERANCE = 0.05
ABSOLUTE_TOLERANCE_USD = 1e6
#: how many of the general equilibrium's other flows a face names (largest changes first)
DIVERSION_SHOWN = 4
MAX_ROUNDS = 10
DAMPING = 0.5
DRAWS = 4000
TIME = "time_in_crossing_mean_h"
#: the z of the simulation's resolution (a change within it is noise)
RESOLUTION_Z = 1.96


def loop_settings() -> tuple[object, ...]:
    """The loop's own settings (part of the key its kept results are found by)."""
    return (TOLERANCE, ABSOLUTE_TOLERANCE_USD, MAX_ROUNDS, DAMPING, DRAWS, TIME, RESOLUTION_Z)


Key = tuple[str, str]  # (direction, cargo group)


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

    trade_pct_per_day: dict[str, Range]
    elasticity: Range
    discount_rate: float = Field(ge=0, le=0.5)
    discount_rate_source: str
    life_years: int = Field(ge=1, le=100)
    life_years_source: str


def default_time_costs() -> Path:
    return Workspace.default().trade_file("time_costs.yaml")


def read_time_costs(path: Path | None = None) -> TimeCosts:
    """Read and check the parameters: every cargo group has its effect of a day; ranges hold
    their centre; effects are positive and the elasticity negative."""
    where = path or default_time_costs()
    costs = read_model(where, TimeCosts, what="time-cost file", error=ScenarioError)
    missing = set(GROUPS) - set(costs.trade_pct_per_day)
    if missing:
        raise ScenarioError(f"{where}: no trade_pct_per_day for {', '.join(sorted(missing))}")
    for name, r in [*costs.trade_pct_per_day.items(), ("elasticity", costs.elasticity)]:
        if not r.low <= r.central <= r.high:
            raise ScenarioError(f"{where}: {name}: central {r.central} outside {r.low}…{r.high}")
    if any(r.low < 0 or r.high > 20 for r in costs.trade_pct_per_day.values()):
        raise ScenarioError(f"{where}: the effect of a day is a positive per cent, at most 20")
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


def _overloaded(which: str, report: SimReport) -> str:
    where = ", ".join(f"{s.crossing} {s.exit_country}→{s.entry_country}" for s in report.overloaded)
    return f"not computed: {which} is overloaded at {where} (no steady time at the border)"


@dataclass(frozen=True)
class Appraisal:
    """A lever's or project's worth in money (module docstring, "Appraisal")."""

    benefit_usd_a_year: Estimate | None
    basis: str
    capital_cost_usd: float | None
    npv_usd: Estimate | None
    err: float | None  # the economic rate of return (None: no capital cost, or no benefit)
    discount_rate: float
    life_years: int
    recurring_cost_usd_a_year: float | None = None


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
    #: how the trade change was computed: general equilibrium, or the direct effect and why
    method: str = ""
    #: the direct effect of a day saved on the group's trade, %
    trade_pct_per_day: dict[str, float] = field(default_factory=dict)
    #: the direct (partial equilibrium) change, before the general equilibrium
    direct_usd: float | None = None
    #: the general equilibrium's changes in the pair's other flows ("KAZ→ROW"), US$ a year
    diverted_usd: dict[str, float] = field(default_factory=dict)
    welfare_change_pct: dict[str, float] = field(default_factory=dict)
    #: changes smaller than this are the simulation's noise (1.96 standard errors), US$ a year
    resolution_usd: float | None = None
    below_resolution: bool = False
    appraisal: Appraisal | None = None

    @property
    def resolution_text(self) -> str:
        """How small the change is, said the one way every face says it: within the
        simulation's noise, or under the smallest change reported when the noise is smaller."""
        return resolution_text(self.resolution_usd)

    @property
    def diversion_text(self) -> str:
        """The general equilibrium's largest changes in the other flows, in words, said the one
        way every face says it ("" without a general equilibrium or below the resolution):
        "other flows a year: KAZ→RUS −US$3.1 m, …; all other flows together −US$4.0 m"."""
        if not self.diverted_usd or self.below_resolution:
            return ""
        top = sorted(self.diverted_usd.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        parts = ", ".join(f"{k} {_signed_musd(v)}" for k, v in top[:DIVERSION_SHOWN])
        together = _signed_musd(sum(self.diverted_usd.values()))
        return f"other flows a year: {parts}; all other flows together {together}"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    @classmethod
    def from_json(cls, text: str) -> TradeResponse:
        """A response written by :meth:`to_json` (:class:`corridor.records.RecordError` when the
        text does not fit this class)."""
        from corridor.records import from_plain

        return from_plain(cls, json.loads(text))


def assumptions(costs: TimeCosts, elasticity: float, source: str) -> tuple[str, ...]:
    """The model's assumptions, one sentence each (the CLI, the JSON and the report)."""
    days = ", ".join(
        f"{g} {r.central:g} % ({r.low:g}–{r.high:g})" for g, r in costs.trade_pct_per_day.items()
    )
    return (
        f"A day saved at the border raises the pair's trade in the group by {days} "
        "(Djankov, Freund & Pham 2010: about 1 % a day for all goods; each group's place is an "
        "assumption).",
        f"General equilibrium: structural gravity with σ = {1 - elasticity:g} (a trade "
        f"elasticity of {elasticity:g}, {source}) on the two countries, their main partners "
        "where a world matrix (a BACI year) names them, and the rest of the world; prices, "
        "incomes and the other partners' trade respond.",
        "The extra trade crosses where the group's trade crosses now, and its extra vehicles "
        "queue: the loop runs until the trade change settles within the simulation's "
        "resolution.",
        "Times are the mean time in the crossing (queue and both posts) of the simulated year; "
        "the interval carries the replications' spread and the parameter ranges.",
        f"Appraisal at {costs.discount_rate:.0%} over {costs.life_years} years "
        f"({costs.discount_rate_source}); capital once, recurring costs (where on file) every "
        "year of the life, both against the benefit.",
    )


def _direct(
    values: dict[Key, float], dt_h: dict[Key, float], pct: dict[str, float]
) -> dict[Key, float]:
    """The direct change in trade of each (direction, group) for its change in hours."""
    return {
        k: values.get(k, 0.0) * math.expm1(-pct[k[1]] / 100 * dt / 24) for k, dt in dt_h.items()
    }


@dataclass(frozen=True)
class _General:
    """The general equilibrium of a set of direct effects."""

    ratio: dict[str, float]  # by direction: GE log change over the direct log change
    bilateral: dict[str, float]  # by direction: X (US$ a year) of the world matrix
    shock: PairShock


def _general(
    world: WorldMatrix, direct: dict[Key, float], sigma: float, pair: dict[str, tuple[str, str]]
) -> tuple[dict[Key, float], _General]:
    """The direct effects through the general equilibrium: each direction's change split over
    its groups as their direct effects are."""
    from corridor.trade.gravity import pair_shock

    shocks: dict[tuple[str, str], float] = {}
    bilateral: dict[str, float] = {}
    for d, (i, j) in pair.items():
        x = float(world.flows[world.index(i), world.index(j)])
        bilateral[d] = x
        total = sum(v for (dd, _), v in direct.items() if dd == d)
        shocks[(i, j)] = math.log1p(total / x)
    result = pair_shock(world, shocks, sigma=sigma)
    out: dict[Key, float] = {}
    ratio: dict[str, float] = {}
    for d, (i, j) in pair.items():
        s = shocks[(i, j)]
        f = result.flow_change(i, j)
        ratio[d] = math.log1p(f) / s if s else 1.0
        total = sum(v for (dd, _), v in direct.items() if dd == d)
        for k, v in direct.items():
            if k[0] == d:
                out[k] = v / total * f * bilateral[d] if total else 0.0
    return out, _General(ratio, bilateral, result)


def _resolution(
    values: dict[Key, float], diffs: dict[Key, np.ndarray], pct: dict[str, float]
) -> float:
    """1.96 standard errors of the direct change from the replications' paired differences."""
    var = 0.0
    for k, d in diffs.items():
        n = len(d)
        if n < 2:
            continue
        se_h = float(d.std(ddof=1)) / math.sqrt(n)
        var += (values.get(k, 0.0) * pct[k[1]] / 100 / 24 * se_h) ** 2
    return RESOLUTION_Z * math.sqrt(var)


def _signed_musd(usd: float) -> str:
    """US$ in millions with its sign: "+US$3.1 m", "−US$0.4 m"."""
    return f"{'−' if usd < 0 else '+'}US${abs(usd) / 1e6:,.1f} m"


def resolution_text(resolution_usd: float | None) -> str:
    """A change below what is reported, in words: "within ±US$6.1 m a year of the simulation's
    noise" (more replications would resolve it), or "under US$1 m a year, the smallest change
    reported" when the noise is smaller than that."""
    noise = resolution_usd or 0.0
    if noise >= ABSOLUTE_TOLERANCE_USD:
        return (
            f"within ±US${noise / 1e6:,.1f} m a year of the simulation's noise (more "
            "replications would resolve it)"
        )
    return (
        f"under US${ABSOLUTE_TOLERANCE_USD / 1e6:,.0f} m a year, the smallest change reported "
        f"(the simulation's noise: ±US${noise / 1e6:,.2f} m)"
    )


def annuity(rate: float, life: int) -> float:
    """The present value of US$1 a year for ``life`` years at ``rate``."""
    return float(life) if rate == 0 else (1 - (1 + rate) ** -life) / rate


def appraise(
    benefit: Estimate | None,
    basis: str,
    capital: float | None,
    costs: TimeCosts,
    recurring: float | None = None,
) -> Appraisal:
    """Net present value and economic rate of return of a yearly ``benefit`` less the yearly
    ``recurring`` cost over the life at the discount rate, less ``capital`` (module docstring)."""
    r, life = costs.discount_rate, costs.life_years
    npv = err = None
    if benefit is not None:
        c, yearly = capital or 0.0, recurring or 0.0
        a = annuity(r, life)
        npv = Estimate(
            (benefit.mean - yearly) * a - c,
            (benefit.ci_low - yearly) * a - c,
            (benefit.ci_high - yearly) * a - c,
        )
        net = benefit.mean - yearly
        if capital and capital > 0 and net > 0:
            from scipy.optimize import brentq

            if net * annuity(10.0, life) >= capital:  # above 1,000 %: say so, not a root
                err = math.inf
            else:
                err = float(brentq(lambda x: net * annuity(x, life) - capital, -0.99, 10.0))
    return Appraisal(benefit, basis, capital, npv, err, r, life, recurring)


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
    world: WorldMatrix | str | None = "from the ledger",
) -> TradeResponse:
    """The lever's change in trade a year at the fixed point of the delay–trade loop (module
    docstring). ``run`` simulates a resolved scenario (the stored run when there is one);
    ``world``: the world matrix of the general equilibrium (by default built from the ledger for
    the scenario's trade year; None: the direct effect only)."""
    costs = costs or read_time_costs()
    if elasticity is not None:
        if elasticity >= 0:
            raise ScenarioError(
                f"{option('elasticity')} {elasticity:g}: a trade elasticity is negative"
            )
        eps, eps_source = elasticity, "given on the command line"
    else:
        eps, eps_source = costs.elasticity.central, costs.elasticity.source
    a, b = baseline.network.countries
    if gaps is None:
        gaps = target_gaps(ledger, a, b, targets)
    said = assumptions(costs, eps, eps_source)
    names = {"a_to_b": f"{a}→{b}", "b_to_a": f"{b}→{a}"}
    pair = {"a_to_b": (a, b), "b_to_a": (b, a)}
    pct = {g: r.central for g, r in costs.trade_pct_per_day.items()}
    capital = lever.capital_cost_usd
    method, matrix = _world(ledger, baseline, a, b, eps, world)

    def blank(reason: str) -> TradeResponse:
        return TradeResponse(
            lever.name, None, None, {}, {}, 0, False, (), capital, None,
            _target_shares(gaps, None), eps, eps_source, said, reason, (), method, pct,
        )  # fmt: skip

    base_report = run(baseline)
    if base_report.overloaded:
        return blank(_overloaded("the baseline", base_report))
    base_times = _group_times(baseline, base_report)
    values = _values(lever)
    rounds, converged = 0, False
    history: list[float] = []
    assumed: dict[Key, float] = {}  # the trade change the demand carries
    changes: dict[Key, float] = {}
    direct: dict[Key, float] = {}
    diffs: dict[Key, np.ndarray] = {}
    general: _General | None = None
    first: float | None = None
    step, previous, resolution = 1.0, 0.0, 0.0
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
        direct = _direct(values, {k: float(d.mean()) for k, d in diffs.items()}, pct)
        if matrix is not None:
            changes, general = _general(matrix, direct, 1 - eps, pair)
        else:
            changes = direct
        total = sum(changes.values())
        resolution = _resolution(values, diffs, pct)
        first = total if first is None else first
        history.append(total)
        residual = total - sum(assumed.values())
        if residual * previous < 0:  # the loop overshoots: damp it from here on
            step = DAMPING
        previous = residual
        if abs(residual) <= max(TOLERANCE * abs(total), ABSOLUTE_TOLERANCE_USD, resolution):
            converged = True
            break
        # the next demand carries the implied change (part of the way, once it overshoots)
        assumed = {
            k: assumed.get(k, 0.0) + step * (changes.get(k, 0.0) - assumed.get(k, 0.0))
            for k in set(assumed) | set(changes)
        }
    ratio = general.ratio if general is not None else {}
    estimate = _interval(values, diffs, costs, settings.seed, ratio, general)
    notes = []
    if not converged:
        notes.append(
            f"the delay–trade loop did not settle in {MAX_ROUNDS} runs: the demand carried "
            f"US${sum(assumed.values()) / 1e6:,.1f} m more trade and the runs implied "
            f"US${history[-1] / 1e6:,.1f} m"
        )
    below = estimate is not None and abs(estimate.mean) < max(resolution, ABSOLUTE_TOLERANCE_USD)
    if below:
        notes.append(
            f"below the simulation's resolution: the change is {resolution_text(resolution)}"
        )
    by_direction: dict[str, float] = {}
    for (direction, _), c in changes.items():
        by_direction[names[direction]] = by_direction.get(names[direction], 0.0) + c
    diverted: dict[str, float] = {}
    welfare: dict[str, float] = {}
    if general is not None and matrix is not None:
        shock = general.shock
        for i, ci in enumerate(shock.countries):
            for j, cj in enumerate(shock.countries):
                if i != j and (ci, cj) not in pair.values():
                    diverted[f"{ci}→{cj}"] = float(
                        shock.counterfactual[i, j] - shock.baseline[i, j]
                    )
        welfare = dict(shock.welfare_change_pct)
    appraisal = _appraisal(
        estimate, general, matrix, values, diffs, pct, eps, capital, costs,
        lever.recurring_cost_usd,
    )  # fmt: skip
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
        method=method,
        trade_pct_per_day=pct,
        direct_usd=sum(direct.values()) if direct else None,
        diverted_usd=diverted,
        welfare_change_pct=welfare,
        resolution_usd=resolution,
        below_resolution=below,
        appraisal=appraisal,
    )


def _world(
    ledger: Ledger,
    baseline: ResolvedScenario,
    a: str,
    b: str,
    eps: float,
    world: WorldMatrix | str | None,
) -> tuple[str, WorldMatrix | None]:
    """The world matrix and the sentence of ``method``."""
    from corridor.planning.world import corridor_world

    year = baseline.trade.year if baseline.trade is not None else None
    why = ""
    if isinstance(world, str):
        try:
            if year is None:
                raise CorridorError("the scenario has no trade year")
            world = corridor_world(ledger, a, b, year)
        except CorridorError as exc:
            world, why = None, str(exc)
    if world is None:
        return (
            "partial equilibrium: the direct effect of the time saved, everything else held"
            + (f" (no world for the general equilibrium: {why})" if why else ""),
            None,
        )
    regions = ", ".join(world.countries)
    return (
        f"general equilibrium: structural gravity, exact hat algebra (σ = {1 - eps:g}, deficits "
        f"held as shares of world output) on a world of {regions}"
        + (f", {year}" if year else "")
        + "; the shock changes only the pair's bilateral trade cost",
        world,
    )


def _appraisal(
    estimate: Estimate | None,
    general: _General | None,
    world: WorldMatrix | None,
    values: dict[Key, float],
    diffs: dict[Key, np.ndarray],
    pct: dict[str, float],
    eps: float,
    capital: float | None,
    costs: TimeCosts,
    recurring: float | None = None,
) -> Appraisal | None:
    """The lever's appraisal: the general equilibrium's real income gain of the two countries a
    year, or the value of the time saved on the goods crossing now (module docstring)."""
    if estimate is None or not diffs:
        return None
    scale = (
        (estimate.ci_low / estimate.mean, estimate.ci_high / estimate.mean)
        if estimate.mean
        else (1.0, 1.0)
    )
    if general is not None and world is not None:
        shock = general.shock
        gain = 0.0
        for c in shock.countries[:2]:
            i = shock.countries.index(c)
            gdp = float(shock.baseline[i].sum())
            gain += shock.welfare_change_pct[c] / 100 * gdp
        basis = "the two countries' real income gain in the general equilibrium"
    else:
        gain = sum(
            values.get(k, 0.0) * (-float(d.mean()) / 24) * pct[k[1]] / abs(eps) / 100
            for k, d in diffs.items()
        )
        basis = "the value of the time saved on the goods crossing now (a day's ad valorem cost)"
    lo, hi = sorted((gain * scale[0], gain * scale[1]))
    return appraise(Estimate(gain, min(lo, gain), max(hi, gain)), basis, capital, costs, recurring)


def _interval(
    values: dict[Key, float],
    diffs: dict[Key, np.ndarray],
    costs: TimeCosts,
    seed: int,
    ratio: dict[str, float] | None = None,
    general: _General | None = None,
) -> Estimate | None:
    """Mean (at the central parameters) and the 2.5–97.5 % range of the draws (module
    docstring)."""
    if not diffs:
        return None
    ratio = ratio or {}
    rng = np.random.default_rng([seed, 15])
    keys = sorted(diffs)
    n = len(next(iter(diffs.values())))
    mean = np.array([diffs[k].mean() for k in keys])
    se = np.array([diffs[k].std(ddof=1) / math.sqrt(n) if n > 1 else 0.0 for k in keys])
    u = rng.standard_t(max(n - 1, 1), size=DRAWS) if n > 1 else np.zeros(DRAWS)
    dt = mean[None, :] + u[:, None] * se[None, :]
    pct = {g: r.draw(rng, DRAWS) for g, r in costs.trade_pct_per_day.items()}
    central = {g: r.central for g, r in costs.trade_pct_per_day.items()}

    def through(direct_by_key: dict[Key, Any]) -> Any:
        """The direct changes of each direction through the general equilibrium's ratio."""
        out = 0.0
        for d in {k[0] for k in keys}:
            total = sum(v for k, v in direct_by_key.items() if k[0] == d)
            if general is None:
                out = out + total
                continue
            x = general.bilateral[d]
            out = out + x * np.expm1(ratio.get(d, 1.0) * np.log1p(total / x))
        return out

    draws = through(
        {
            k: values.get(k, 0.0) * np.expm1(-pct[k[1]] / 100 * dt[:, j] / 24)
            for j, k in enumerate(keys)
        }
    )
    mid = float(through(_direct(values, {k: float(diffs[k].mean()) for k in keys}, central)))
    low, high = np.percentile(np.asarray(draws, dtype=float) * np.ones(DRAWS), [2.5, 97.5])
    return Estimate(mid, float(min(low, mid)), float(max(high, mid)))
