"""Which projection model to trust: a rolling-origin backtest on the ledger's own annual series,
scored by a proper scoring rule at the horizons the targets are set at.

Every national export and import series the ledger holds (each pair, its total and each HS
chapter; the years a load covers completely, in their longest unbroken run) is cut at every origin
with at least ``MIN_TRAIN`` years before it; each model of :mod:`corridor.trade.forecast`, fitted
on the years up to the origin, forecasts 1 to ``MAX_HORIZON`` years ahead, and each forecast is
scored against what followed (Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*,
3rd ed., §5.10, "time series cross-validation"). For each model and horizon:

- **crps**: the mean continuous ranked probability score of the log outcome under the model's
  predictive distribution (Gneiting & Raftery 2007): a proper score, rewarding calibration and
  sharpness together;
- **interval_score_80**: the mean interval score of the 80 % interval (Gneiting & Raftery 2007,
  §6.2);
- **coverage_80**, **coverage_95**: the share of outcomes inside the 80 % and 95 % intervals;
- **mean_abs_log_error**: of the median forecast;
- **n**: how many forecasts the row rests on.

The ``gdp`` model needs the pair's GDP path: in the backtest it is the pair's own trend at the
origin (:func:`corridor.trade.projections.trend_path`: the average yearly change of the pair's
mass over the ten years before it), since past vintages of GDP projections are not on file;
nothing after the origin is used.
Forward, the targets use the GDP table and the projections table. A series without GDP (an
economy the GDP table lacks, or a series with no pair) gets the naive model's forecast in the
``gdp`` column, and ``without_gdp`` says how many.

The models are scored on the same forecasts. The one with the lowest CRPS at the targets' own
horizons (the years from the latest data to each deadline, ``choose_at``; by default 6 years and
more, the nearest deadline, 2030, being six years after the latest complete year) projects the
targets: ``data/trade/projection.yaml`` records the choice and the table it was made from, and
``corridor targets --backtest`` recomputes both.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from corridor.errors import InputError
from corridor.ledger import Ledger
from corridor.periods import year
from corridor.trade.forecast import (
    DESCRIPTIONS,
    MODELS,
    Model,
    Predictive,
    predictive,
)
from corridor.trade.projections import pair_mass, trend_path
from corridor.workspace import Workspace
from corridor.yaml_files import read_model

MIN_TRAIN = 4
MAX_HORIZON = 10
#: the horizons the choice is made at unless the caller names the targets' own
CHOOSE_AT: tuple[int, ...] = tuple(range(6, MAX_HORIZON + 1))


@dataclass(frozen=True)
class Series:
    """An annual series: what it is, its (year, value) points, unbroken, and the (reporter,
    partner) whose trade it is, when it is one pair's."""

    name: str
    points: tuple[tuple[int, float], ...]
    pair: tuple[str, str] | None = None


@dataclass(frozen=True)
class HorizonScore:
    """One model's forecasts ``horizon_years`` ahead, scored (module docstring)."""

    model: str  # a model of corridor.trade.forecast, or CALIBRATED
    horizon_years: int
    n: int
    coverage_80: float | None
    coverage_95: float | None
    crps: float | None
    interval_score_80: float | None
    mean_abs_log_error: float | None


@dataclass(frozen=True)
class Backtest:
    """The table of ``corridor targets --backtest`` and the model it chooses."""

    series: int
    horizons: tuple[int, ...]
    min_train: int
    choose_at: tuple[int, ...]
    by_horizon: tuple[HorizonScore, ...]
    best: Model
    chosen_by: str
    #: each model's forecast-weighted mean CRPS at ``choose_at``
    crps_at_targets: dict[str, float] = field(default_factory=dict)
    #: by horizon, the factor on the best model's scale that calibrates its intervals
    scale: dict[int, float] = field(default_factory=dict)
    #: forecasts where the gdp model had no GDP path and took the naive model's (of all made)
    without_gdp: int = 0
    forecasts: int = 0

    @property
    def chosen(self) -> str:
        """The row of the table the targets are projected with: the best model, calibrated."""
        return CALIBRATED

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["chosen"] = self.chosen
        out["models"] = {m: DESCRIPTIONS[m] for m in MODELS} | {
            CALIBRATED: f"{DESCRIPTIONS[self.best]}, intervals calibrated by the backtest"
        }
        return out

    def row(self, model: str, horizon: int) -> HorizonScore | None:
        return next(
            (r for r in self.by_horizon if r.model == model and r.horizon_years == horizon), None
        )


def annual_series(ledger: Ledger, *, min_years: int = MIN_TRAIN + 1) -> list[Series]:
    """Every national export and import series of the ledger, its total and each chapter, in
    the longest unbroken run of years that a load covers (``min_years`` or more)."""
    raw: dict[str, dict[int, float]] = {}
    pairs: dict[str, tuple[str, str]] = {}
    for reporter, partner, flow, first, last in ledger.flows.flow_keys():
        for y in range(first, last + 1):
            found = ledger.flows.value(
                reporter=reporter, partner=partner, flow=flow, period=year(y)
            ).found
            if found is None or not found.value_usd:
                continue
            key = f"{reporter}→{partner} {flow}"
            pairs[key] = (reporter, partner)
            raw.setdefault(f"{key} total", {})[y] = float(found.value_usd)
            if found.level > 0:
                chapters = ledger.flows.chapter_values(
                    found, reporter=reporter, partner=partner, flow=flow
                )
                for chapter, v in chapters.items():
                    if v > 0:
                        raw.setdefault(f"{key} HS{chapter}", {})[y] = v
    out = []
    for name, by_year in sorted(raw.items()):
        run = _longest_run(sorted(by_year))
        if len(run) >= min_years:
            pair = pairs[name.rsplit(" ", 1)[0]]
            out.append(Series(name, tuple((y, by_year[y]) for y in run), pair))
    return out


def _longest_run(years: list[int]) -> list[int]:
    best: list[int] = []
    run: list[int] = []
    for y in years:
        run = [*run, y] if run and y == run[-1] + 1 else [y]
        if len(run) > len(best):
            best = run
    return best


def backtest(
    series: Sequence[Series],
    *,
    models: Sequence[Model] = MODELS,
    horizons: Sequence[int] = tuple(range(1, MAX_HORIZON + 1)),
    min_train: int = MIN_TRAIN,
    choose_at: Sequence[int] = CHOOSE_AT,
    progress: Callable[[int, int], None] | None = None,
    gdp: Mapping[tuple[str, int], float] | None = None,
) -> Backtest:
    """Score every model by rolling origin on ``series``, choose by CRPS at ``choose_at`` and
    calibrate the chosen model's intervals (module docstring). ``gdp`` is GDP in US$ by
    (country, year) (:func:`corridor.trade.projections.read_gdp`) for the ``gdp`` model."""
    if not series:
        raise InputError("no annual series long enough to backtest")
    if min_train < 4:
        raise InputError("the backtest needs at least four years before each origin")
    # every forecast: (fold, model, horizon, predictive, outcome)
    made: list[tuple[int, Model, int, Predictive, float]] = []
    masses: dict[tuple[str, str], dict[int, float]] = {}
    without_gdp = forecasts = 0
    for k, s in enumerate(series):
        pts = s.points
        fold = zlib.crc32(s.name.encode()) % 2
        if gdp is not None and s.pair is not None and s.pair not in masses:
            masses[s.pair] = pair_mass(gdp, *s.pair)
        mass = masses.get(s.pair, {}) if s.pair is not None else {}
        for origin in range(min_train, len(pts)):
            train = pts[:origin]
            path = trend_path(mass, [y for y, _ in train], max(horizons))
            for h in horizons:
                if origin + h - 1 >= len(pts):
                    break
                try:
                    found = {
                        m: predictive("naive" if m == "gdp" and path is None else m, train, h, path)
                        for m in models
                    }
                except ValueError:  # a series the models cannot read: left out for all
                    continue
                forecasts += 1
                without_gdp += path is None
                actual = math.log(pts[origin + h - 1][1])
                made += [(fold, m, h, p, actual) for m, p in found.items()]
        if progress is not None:
            progress(k + 1, len(series))
    rows = _scores([(m, h, p, a) for _, m, h, p, a in made], models, horizons)
    at = [h for h in choose_at if h in horizons]
    weighted = _at_targets(rows, models, at)
    raw = {m: weighted[m] for m in models if m in weighted}
    if not raw:
        raise InputError(
            f"no series is long enough to score forecasts {min(at, default=0)} or more years "
            "ahead: load longer series"
        )
    best = min(raw, key=lambda m: raw[m])
    # the best model's intervals widened or narrowed by the backtest: each fold's forecasts
    # scored with the factors of the other fold (out of sample); the factors of all the series
    # are what the targets use
    mine = [(f, h, p, a) for f, m, h, p, a in made if m == best]
    by_fold = {f: _scale_factors([(h, p, a) for g, h, p, a in mine if g != f]) for f in (0, 1)}
    crossed = [(CALIBRATED, h, p.widened(by_fold[f].get(h, 1.0)), a) for f, h, p, a in mine]
    rows += _scores(crossed, [CALIBRATED], horizons)
    weighted[CALIBRATED] = _at_targets(rows, [CALIBRATED], at)[CALIBRATED]
    scale = _scale_factors([(h, p, a) for _, h, p, a in mine])
    n_at = sum(r.n for r in rows if r.model == best and r.horizon_years in at)
    chosen_by = (
        f"the lowest mean CRPS {min(at)}–{max(at)} years ahead (the targets' horizons) over "
        f"{n_at} forecasts from {len(series)} series: "
        + ", ".join(f"{m} {v:.3f}" for m, v in sorted(weighted.items(), key=lambda x: x[1]))
        + f"; {best}'s intervals then scaled by horizon so that 80 % of outcomes fall inside "
        "them (the factors of one half of the series scored on the other half)"
    )
    return Backtest(
        len(series), tuple(horizons), min_train, tuple(at), tuple(rows), best, chosen_by,
        weighted, scale, without_gdp, forecasts,
    )  # fmt: skip


#: the name of the chosen model with its intervals calibrated, in the backtest's table
CALIBRATED = "calibrated"
#: forecasts a horizon needs before its interval factor is estimated (else the last one is used)
MIN_FOR_FACTOR = 30


def _scale_factors(forecasts: Sequence[tuple[int, Predictive, float]]) -> dict[int, float]:
    """By horizon, the factor on the scale that puts 80 % of the outcomes inside the 80 %
    intervals: the 80th percentile of |outcome − centre| / (the 80 % interval's half-width).
    A horizon with fewer than :data:`MIN_FOR_FACTOR` forecasts takes the factor of the longest
    horizon that has them."""
    ratios: dict[int, list[float]] = {}
    for h, p, a in forecasts:
        half = p.interval(0.80)[1] - p.centre
        if half > 0:
            ratios.setdefault(h, []).append(abs(a - p.centre) / half)
    out: dict[int, float] = {}
    last = 1.0
    for h in sorted(ratios):
        r = sorted(ratios[h])
        if len(r) >= MIN_FOR_FACTOR:
            last = r[min(len(r) - 1, math.ceil(0.8 * len(r)) - 1)]
        out[h] = last
    return out


def _scores(
    forecasts: Sequence[tuple[str, int, Predictive, float]],
    models: Sequence[str],
    horizons: Sequence[int],
) -> list[HorizonScore]:
    tally = {(m, h): [0, 0, 0, 0.0, 0.0, 0.0] for m in models for h in horizons}
    for m, h, p, actual in forecasts:
        t = tally[(m, h)]
        lo80, hi80 = p.interval(0.80)
        lo95, hi95 = p.interval(0.95)
        t[0] += 1
        t[1] += lo80 <= actual <= hi80
        t[2] += lo95 <= actual <= hi95
        t[3] += p.crps(actual)
        t[4] += p.interval_score(actual, 0.80)
        t[5] += abs(actual - p.centre)
    rows = []
    for (m, h), t in tally.items():
        n = int(t[0])
        mean = [t[i] / n if n else None for i in range(1, 6)]
        rows.append(HorizonScore(m, h, n, *mean))
    return rows


def _at_targets(
    rows: Sequence[HorizonScore], models: Sequence[str], at: Sequence[int]
) -> dict[str, float]:
    """Each model's forecast-weighted mean CRPS at the horizons ``at``."""
    out: dict[str, float] = {}
    for m in models:
        scored = [r for r in rows if r.model == m and r.horizon_years in at and r.n]
        total = sum(r.n for r in scored)
        if total:
            out[m] = sum(r.n * (r.crps or 0.0) for r in scored) / total
    return out


def target_horizons(ledger: Ledger, registry: Path) -> tuple[int, ...]:
    """The years from each target's latest figure to its deadline (those within the backtest's
    reach, 1 to ``MAX_HORIZON``), or :data:`CHOOSE_AT` when no target has one."""
    from corridor.trade.targets import evaluate_targets

    found = {
        a.horizon_year - a.latest_year
        for a in evaluate_targets(ledger, registry)
        if a.latest_year is not None and 1 <= a.horizon_year - a.latest_year <= MAX_HORIZON
    }
    return tuple(sorted(found)) or CHOOSE_AT


class ProjectionChoice(BaseModel):
    """``data/trade/projection.yaml``: the model targets are projected with, the factors that
    calibrate its intervals by horizon, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: Model
    scale: dict[int, float] = {}
    chosen_by: str
    backtest: dict[str, Any]

    def factor(self, h: int) -> float:
        """The interval factor ``h`` years ahead (beyond the table: its longest horizon's)."""
        if not self.scale:
            return 1.0
        known = [k for k in self.scale if k <= h] or [min(self.scale)]
        return self.scale[max(known)]


def default_projection_file() -> Path:
    return Workspace.default().trade_file("projection.yaml")


def projection_choice(path: Path | None = None) -> ProjectionChoice:
    """The shipped choice of projection model (module docstring)."""
    return read_model(
        path or default_projection_file(), ProjectionChoice, what="projection file",
        error=InputError,
    )  # fmt: skip


def write_choice(result: Backtest, path: Path, *, when: str) -> Path:
    """Write the backtest's choice as a projection file (YAML), atomically."""
    import yaml

    text = (
        "# The model corridor targets projects with, chosen by a rolling-origin backtest on the\n"
        "# ledger's own annual series (corridor targets --backtest; corridor/trade/backtest.py).\n"
        + yaml.safe_dump(
            {
                "model": result.best,
                "scale": {h: round(f, 4) for h, f in sorted(result.scale.items())},
                "chosen_by": f"corridor targets --backtest on the default data, {when}: "
                + result.chosen_by,
                "backtest": result.to_dict(),
            },
            sort_keys=False,
            allow_unicode=True,
        )
    )
    from corridor.files import write_text_atomically

    return write_text_atomically(path, text)
