"""Targets: the registry (``data/targets.yaml``), and whether the trend reaches them.

The projection model is the one ``corridor targets --backtest`` chooses
(``data/trade/projection.yaml``: a model of :mod:`corridor.trade.forecast` and the factors that
calibrate its intervals by horizon). The drift model, for example, is a random walk with drift on
the logarithm of the annual series (Hyndman & Athanasopoulos, *Forecasting: Principles and
Practice*, 3rd ed., §5.2 and §5.5, the "drift method"), extended to series with gaps:

- points (t_i, y_i), i = 0 … m−1, L_i = ln y_i, span S = t_{m−1} − t_0;
- drift μ = (L_{m−1} − L_0) / S, the average log growth per year;
- each step's deviation from the drift, scaled to one year: r_i = (L_i − L_{i−1} − μ g_i) / √g_i
  with g_i = t_i − t_{i−1}; σ² = Σ r_i² / (m − 2);
- h years after the last point: ln y ~ L_{m−1} + μ h with variance σ² h (1 + h / S), and the
  prediction intervals and the probability of reaching the target from Student's t with m − 2
  degrees of freedom.

The variance grows with the horizon and with the series' own volatility, which a straight log-linear
trend would understate for a series as jumpy as this corridor's trade. At least three points are
needed for an interval; with two, the drift alone is shown.

Status, the same on every face: **met** when the latest value has reached the target; else by the
probability P of reaching it by the deadline, **on track** when P ≥ 2/3, **off track** when
P ≤ 1/3, **at risk** in between. The cut points are the IPCC's calibrated likelihood language
("likely" ≥ 66 %, "unlikely" ≤ 33 %; Mastrandrea et al. 2010, *Guidance Note for Lead Authors of
the IPCC Fifth Assessment Report on Consistent Treatment of Uncertainties*): "on track" claims the
target is likely met, which a coin flip is not.

Required growth runs from the latest year of the series (the newest known figure), not from the
base year a target was announced with. Turnover targets are read on **both sides' statistics**
(the reporter's and the partner's report of the same trade) and on the reconciled series of
:mod:`corridor.trade.mirror` where both sides report a year: the ``sides`` of an assessment say
by whose statistics a level was reached and when.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from corridor.frames import records_frame

if TYPE_CHECKING:
    import pandas as pd
from corridor.errors import CorridorError, DataGapError, InputError
from corridor.ledger import Ledger
from corridor.periods import year
from corridor.trade.forecast import DESCRIPTIONS, MODELS, MassPath, Model, predictive
from corridor.workspace import Workspace
from corridor.yaml_files import read_model

Metric = Literal["trade_turnover", "container_trains", "volume"]

#: P(meet) at or above which a target is "on track", and at or below which "off track"
#: (module docstring: the IPCC likelihood scale)
ON_TRACK_P = 2 / 3
OFF_TRACK_P = 1 / 3


def status_of(p_meet: float | None, *, met: bool) -> str:
    """The status for a probability of meeting the target (module docstring)."""
    if met:
        return "met"
    if p_meet is None:
        return "insufficient data"
    if p_meet >= ON_TRACK_P:
        return "on track"
    if p_meet <= OFF_TRACK_P:
        return "off track"
    return "at risk"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TargetSource(_Model):
    title: str
    date: dt.date | None = None
    url: str | None = None
    quote: str | None = None
    also: str | None = None
    verified: bool


class Observation(_Model):
    year: int
    value: float
    source: str


class Baseline(_Model):
    year: int
    value: float
    note: str | None = None


class Scope(_Model):
    reporter: str | None = None
    partner: str | None = None
    region: str | None = None
    route: str | None = None


class Target(_Model):
    """One target as written in the registry."""

    id: str
    title: str
    metric: Metric
    scope: Scope
    value: float | None = None
    multiple_of_baseline: float | None = None
    unit: str
    deadline: dt.date | None
    deadline_note: str | None = None
    assess_by: dt.date | None = None
    baseline: Baseline | None = None
    source: TargetSource
    observations: tuple[Observation, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Target:
        if (self.value is None) == (self.multiple_of_baseline is None):
            raise ValueError("give exactly one of value and multiple_of_baseline")
        if self.deadline is None and self.assess_by is None:
            raise ValueError("without a deadline, say which date to assess by (assess_by)")
        if self.deadline is None and not self.deadline_note:
            raise ValueError("without a deadline, say so in deadline_note")
        if self.metric == "trade_turnover" and not (self.scope.reporter and self.scope.partner):
            raise ValueError("a trade target needs scope.reporter and scope.partner")
        return self

    @property
    def horizon(self) -> dt.date:
        """The date the target is assessed at: its deadline, or the stated stand-in."""
        return self.deadline or self.assess_by  # type: ignore[return-value]


class Registry(_Model):
    targets: tuple[Target, ...]


def read_targets(path: Path) -> Registry:
    """Read and validate a targets file."""
    return read_model(path, Registry, what="targets file", error=InputError)


@dataclass(frozen=True)
class Projection:
    """Where the drift model puts the series at the horizon."""

    year: int
    median: float
    pi80: tuple[float, float] | None
    pi95: tuple[float, float] | None
    p_meet: float | None
    drift_pct: float
    sigma: float | None
    points: int


def project(
    history: list[tuple[int, float]],
    horizon: int,
    target: float | None,
    model: Model = "drift",
    scale: Callable[[int], float] | None = None,
    mass: MassPath | None = None,
) -> Projection:
    """The ``model``'s projection (:mod:`corridor.trade.forecast`) from ``history`` to
    ``horizon``: median, intervals and P(reaching ``target``); ``scale`` gives the factor that
    calibrates the intervals h years ahead (:mod:`corridor.trade.backtest`); ``mass`` is the
    pair's GDP path for the ``gdp`` model. With two points, the drift alone is shown."""
    pts = sorted(history)
    if len(pts) < 2:
        raise ValueError("a projection needs at least two points")
    h = horizon - pts[-1][0]
    if len(pts) < 3:
        (t0, v0), (t1, v1) = pts
        mu = math.log(v1 / v0) / (t1 - t0) if model != "naive" else 0.0
        median = math.exp(math.log(v1) + mu * h)
        return Projection(horizon, median, None, None, None, 100 * (math.exp(mu) - 1), None, 2)
    p = predictive(model, pts, max(h, 0), mass)
    if scale is not None and h > 0:
        p = p.widened(scale(h))

    def interval(level: float) -> tuple[float, float]:
        lo, hi = p.interval(level)
        return math.exp(lo), math.exp(hi)

    p_meet = None if target is None else p.above(math.log(target))
    sigma = p.scale / math.sqrt(h) if h > 0 else None
    return Projection(
        horizon,
        math.exp(p.centre),
        interval(0.80),
        interval(0.95),
        p_meet,
        100 * (math.exp(p.drift) - 1),
        sigma,
        len(pts),
    )


def required_cagr_pct(start_value: float, start_year: int, target: float, end_year: int) -> float:
    """Compound annual growth needed to go from ``start_value`` to ``target``."""
    if end_year <= start_year:
        raise ValueError("the deadline must come after the start")
    growth: float = (target / start_value) ** (1 / (end_year - start_year))
    return 100 * (growth - 1)


@dataclass(frozen=True)
class Assessment:
    """A target against its series: the JSON of ``corridor targets``."""

    id: str
    title: str
    metric: str
    unit: str
    target_value: float | None
    deadline: str | None
    horizon_year: int
    baseline_year: int | None
    baseline_value: float | None
    latest_year: int | None
    latest_value: float | None
    required_cagr_pct: float | None
    projected_value: float | None
    pi80: tuple[float, float] | None
    pi95: tuple[float, float] | None
    p_meet: float | None
    drift_pct: float | None
    status: str
    history: tuple[tuple[int, float, str], ...]
    fan: tuple[tuple[int, float, float, float, float, float], ...]  # year, median, 80 %, 95 %
    source: dict[str, Any]
    notes: tuple[str, ...]
    #: the target read on each side's statistics and the reconciled series (turnover targets)
    sides: tuple[SideReading, ...] = ()
    #: one sentence: by whose statistics the level is reached, and when
    verdict: str = ""
    #: the projection model (data/trade/projection.yaml, chosen by corridor targets --backtest)
    projection_model: str = "drift"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_frame(self) -> pd.DataFrame:
        """The assessment as a one-row data frame (pandas)."""
        return records_frame([self], drop=("history", "fan", "source", "notes", "sides"))


@dataclass(frozen=True)
class SideReading:
    """A turnover target read on one basis: one side's report, or the reconciled series."""

    basis: str  # "KAZ-reported", "CHN-reported", "reconciled"
    latest_year: int | None
    latest_value: float | None
    met_year: int | None  # the first year at or above the target
    required_cagr_pct: float | None  # from the latest year to the target by the horizon
    years: tuple[tuple[int, float], ...]


def turnover_series(
    ledger: Ledger, reporter: str, partner: str, region: str | None = None
) -> list[tuple[int, float, str]]:
    """Annual turnover of ``reporter`` with ``partner`` for every year a load covers."""
    return [
        (y, float(t.value_usd or 0.0), t.source or "")
        for y, t in ledger.flows.turnover_series(reporter, partner, region)
    ]


def year_turnover(ledger: Ledger, reporter: str, partner: str, calendar_year: int) -> float:
    """Turnover of ``reporter`` with ``partner`` in one year (as in :func:`turnover_series`)."""
    found = ledger.flows.turnover(reporter, partner, year(calendar_year), None)
    if not found.value_usd:
        why = f" ({'; '.join(found.refused)})" if found.refused else ""
        raise DataGapError(
            f"no {reporter}–{partner} turnover for {calendar_year} in the ledger{why}"
        )
    return found.value_usd


def _history(ledger: Ledger, t: Target) -> list[tuple[int, float, str]]:
    if t.metric != "trade_turnover":
        return [(o.year, o.value, o.source) for o in t.observations]
    assert t.scope.reporter and t.scope.partner
    return turnover_series(ledger, t.scope.reporter, t.scope.partner, t.scope.region)


def project_with(
    model: str,
    history: list[tuple[int, float]],
    horizon: int,
    target: float | None,
    scale: Callable[[int], float] | None = None,
    mass: MassPath | None = None,
) -> tuple[Projection, str]:
    """:func:`project` with the named model, and the model's name as shown."""
    if model not in MODELS:
        raise InputError(f"unknown projection model {model!r}: use one of {', '.join(MODELS)}")
    shown = DESCRIPTIONS[model] + (", intervals calibrated by the backtest" if scale else "")
    return project(sorted(history), horizon, target, model, scale, mass), shown


def gdp_path(target: Target, workspace: Workspace) -> MassPath | None:
    """The GDP path the ``gdp`` model projects ``target`` with (:func:`pair_gdp_paths` to its
    deadline); None for a target that is not one pair's trade."""
    reporter, partner = target.scope.reporter, target.scope.partner
    if target.metric != "trade_turnover" or not reporter or not partner:
        return None
    return pair_gdp_paths(reporter, partner, workspace)(target.horizon.year)


def pair_gdp_paths(
    reporter: str, partner: str, workspace: Workspace
) -> Callable[[int], MassPath | None]:
    """The pair's mass from the GDP table, as a function of the year it is carried to by the
    projections table (:mod:`corridor.trade.projections`; both read once); None for a year
    either table cannot reach."""
    from corridor.trade.projections import pair_mass, projected_path, read_gdp, read_projections

    mass = pair_mass(read_gdp(workspace.trade_file("gdp_usd.csv")), reporter, partner)
    table = read_projections(workspace.trade_file("gdp_projections.csv"))
    return lambda to_year: projected_path(mass, reporter, partner, table, to_year)


def usable_model(
    model: str, mass: MassPath | None, years: list[int]
) -> tuple[str, MassPath | None]:
    """The model a series of ``years`` is projected with, and its GDP path: the GDP model needs
    the pair's path over every year of the series; without one, the random walk without drift
    (``naive``) stands in. Any other model is used as it is."""
    if model == "gdp" and (mass is None or any(y not in mass.by_year for y in years)):
        return "naive", None
    return model, mass


def chosen_projector(
    reporter: str,
    partner: str,
    history: list[tuple[int, float]],
    workspace: Workspace | None = None,
) -> Callable[[int, float | None], tuple[Projection, str]]:
    """The pair's turnover ``history`` projected as ``corridor targets`` projects it, as a
    function of (horizon, target): the model the backtest chose (``data/trade/projection.yaml``),
    its intervals calibrated, with the pair's GDP path when the model needs one (else the naive
    model, said in the name). The choice and the GDP tables are read once. Every face that states
    a probability of reaching a level of the pair's trade uses this."""
    from corridor.trade.backtest import projection_choice

    choice = projection_choice()
    paths = (
        pair_gdp_paths(reporter, partner, workspace or Workspace.default())
        if choice.model == "gdp"
        else None
    )

    def at(horizon: int, target: float | None) -> tuple[Projection, str]:
        model, mass = usable_model(
            choice.model, paths(horizon) if paths is not None else None, [y for y, _ in history]
        )
        return project_with(model, history, horizon, target, choice.factor, mass)

    return at


def chosen_projection(
    reporter: str,
    partner: str,
    history: list[tuple[int, float]],
    horizon: int,
    target: float | None,
    workspace: Workspace | None = None,
) -> tuple[Projection, str]:
    """:func:`chosen_projector` at one horizon."""
    return chosen_projector(reporter, partner, history, workspace)(horizon, target)


def assess(
    ledger: Ledger,
    target: Target,
    history: list[tuple[int, float, str]] | None = None,
    *,
    model: str = "drift",
    bases: Bases | None = None,
    scale: Callable[[int], float] | None = None,
    mass: MassPath | None = None,
) -> Assessment:
    """Where ``target`` stands: required growth, projection, probability, on or off track.

    ``history`` is the target's series, and ``bases`` its scope read on both sides' statistics
    (:func:`turnover_bases`), when the caller already has them (targets sharing a scope).
    """
    notes: list[str] = []
    if history is None:
        history = _history(ledger, target)
    if not target.source.verified:
        notes.append("the target's source article is not on file: verify it before quoting")
    if target.deadline is None:
        notes.append(target.deadline_note or "no deadline stated")
    horizon = target.horizon.year
    baseline = target.baseline
    held = {y: (v, src) for y, v, src in history}
    if baseline is not None and target.metric == "trade_turnover" and baseline.year in held:
        value_held, src = held[baseline.year]
        if abs(value_held - baseline.value) > 0.005 * baseline.value:
            notes.append(
                f"base: the ledger's {baseline.year} figure, {value_held / 1e9:,.2f} bn ({src}); "
                f"the target's source states {baseline.value / 1e9:,.2f} bn"
            )
        baseline = Baseline(year=baseline.year, value=value_held, note=baseline.note)
    if baseline is None and history:
        b = history[-1]
        baseline = Baseline(year=b[0], value=b[1], note=f"latest value ({b[2]})")
        notes.append(f"base: the latest value, {b[0]} ({b[2]})")
    value = target.value
    if value is None and baseline is not None and target.multiple_of_baseline:
        value = target.multiple_of_baseline * baseline.value
    latest = history[-1] if history else None
    start = (
        (latest[0], latest[1]) if latest else (baseline.year, baseline.value) if baseline else None
    )
    cagr = (
        required_cagr_pct(start[1], start[0], value, horizon)
        if start and value and horizon > start[0] and start[1] > 0
        else None
    )
    proj: Projection | None = None
    fan: list[tuple[int, float, float, float, float, float]] = []
    used = model
    if len(history) >= 3:
        model, mass = usable_model(model, mass, [y for y, _, _ in history])
        if model != used:
            notes.append(
                "no GDP path for this target's pair and years in the GDP and projections "
                "tables: projected by the random walk without drift"
            )
        points = [(y, v) for y, v, _ in history]
        proj, used = project_with(model, points, horizon, value, scale, mass)
        for y in range(history[-1][0] + 1, horizon + 1):
            step, _ = project_with(model, points, y, None, scale, mass)
            if step.pi80 and step.pi95:
                fan.append((y, step.median, *step.pi80, *step.pi95))
    elif len(history) == 2:
        notes.append("only 2 points: too few to project (the model needs at least 3)")
    else:
        notes.append(
            "no series to project: "
            + (
                "the ledger has fewer than two years for this scope"
                if target.metric == "trade_turnover"
                else "add observations (with sources) to data/targets.yaml"
            )
        )
    status = status_of(
        None if proj is None else proj.p_meet, met=bool(latest and value and latest[1] >= value)
    )
    sides: tuple[SideReading, ...] = ()
    verdict = ""
    if target.metric == "trade_turnover" and value and target.scope.reporter:
        if bases is None:
            bases = turnover_bases(ledger, target, history)
        sides = tuple(_reading(basis, list(series), value, horizon) for basis, series in bases)
        verdict = _verdict(sides, value)
    return Assessment(
        id=target.id,
        title=target.title,
        metric=target.metric,
        unit=target.unit,
        target_value=value,
        deadline=target.deadline.isoformat() if target.deadline else None,
        horizon_year=horizon,
        baseline_year=baseline.year if baseline else None,
        baseline_value=baseline.value if baseline else None,
        latest_year=latest[0] if latest else None,
        latest_value=latest[1] if latest else None,
        required_cagr_pct=cagr,
        projected_value=proj.median if proj else None,
        pi80=proj.pi80 if proj else None,
        pi95=proj.pi95 if proj else None,
        p_meet=proj.p_meet if proj else None,
        drift_pct=proj.drift_pct if proj else None,
        status=status,
        history=tuple(history),
        fan=tuple(fan),
        source=target.source.model_dump(mode="json"),
        notes=tuple(notes),
        sides=sides,
        verdict=verdict,
        projection_model=used,
    )


def _reading(
    basis: str, series: list[tuple[int, float]], value: float, horizon: int
) -> SideReading:
    pts = sorted(series)
    latest = pts[-1] if pts else None
    met = next((y for y, v in pts if v >= value), None)
    cagr = None
    if latest and latest[1] > 0 and horizon > latest[0] and latest[1] < value:
        cagr = required_cagr_pct(latest[1], latest[0], value, horizon)
    return SideReading(
        basis,
        latest[0] if latest else None,
        latest[1] if latest else None,
        met,
        cagr,
        tuple(pts),
    )


Bases = tuple[tuple[str, tuple[tuple[int, float], ...]], ...]


def turnover_bases(ledger: Ledger, target: Target, history: list[tuple[int, float, str]]) -> Bases:
    """A turnover target's scope on each basis: the reporter's series, the partner's report of
    the same trade, and the reconciled (mirror) turnover of the years both report."""
    from corridor.trade.mirror import MirrorParams, mirror

    a, b = target.scope.reporter, target.scope.partner
    assert a and b
    own = tuple((y, v) for y, v, _ in history)
    if target.scope.region:
        return ((f"{a}-reported", own),)
    other = tuple((y, v) for y, v, _ in turnover_series(ledger, b, a))
    both = sorted({y for y, _ in own} & {y for y, _ in other})
    reconciled = []
    params = MirrorParams.read(Workspace.default().mirror_params)
    for y in both:
        try:
            result = mirror(ledger, a=a, b=b, period=year(y), params=params)
        except CorridorError:
            continue
        totals = [r.reconciled_usd for r in result.rows if r.code == "TOTAL"]
        if len(totals) == 2 and all(t is not None for t in totals):
            reconciled.append((y, float(sum(t for t in totals if t is not None))))
    out = [(f"{a}-reported", own), (f"{b}-reported", other)]
    if reconciled:
        out.append(("reconciled", tuple(reconciled)))
    return tuple((basis, series) for basis, series in out if series)


def _bn(v: float) -> str:
    return f"US${v / 1e9:,.1f} bn"


def _verdict(sides: tuple[SideReading, ...], value: float) -> str:
    """ "met by CHN-reported data in 2023 (US$41.0 bn); not yet by KAZ-reported data (US$30.1 bn
    in 2024)"."""
    parts = []
    for r in sides:
        if r.met_year is not None:
            reached = dict(r.years)[r.met_year]
            parts.append(f"met by {r.basis} data in {r.met_year} ({_bn(reached)})")
        elif r.latest_year is not None and r.latest_value is not None:
            parts.append(
                f"not yet by {r.basis} data ({_bn(r.latest_value)} in {r.latest_year}, "
                f"{r.latest_value / value:.0%} of the target)"
            )
    return "; ".join(parts)


def evaluate_targets(ledger: Ledger, path: Path) -> list[Assessment]:
    """Read the registry at ``path`` and assess every target (nothing is written)."""
    from corridor.trade.backtest import projection_choice

    registry = read_targets(path)
    choice = projection_choice()
    model = choice.model
    series: dict[tuple[str | None, ...], list[tuple[int, float, str]]] = {}
    bases: dict[tuple[str | None, ...], Bases] = {}
    results = []
    for t in registry.targets:
        # trade targets of one scope share one series (and its bases); others have their own
        key: tuple[str | None, ...] = (
            t.metric,
            t.scope.reporter,
            t.scope.partner,
            t.scope.region,
            None if t.metric == "trade_turnover" else t.id,
        )
        if key not in series:
            series[key] = _history(ledger, t)
            if t.metric == "trade_turnover" and t.scope.reporter:
                bases[key] = turnover_bases(ledger, t, series[key])
        history = series[key]
        mass = gdp_path(t, Workspace.default()) if model == "gdp" else None
        results.append(
            assess(
                ledger,
                t,
                history,
                model=model,
                bases=bases.get(key),
                scale=choice.factor,
                mass=mass,
            )
        )
    return results
