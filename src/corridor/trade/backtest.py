"""Which projection model to trust: a rolling-origin backtest on the ledger's own annual series.

Every national export and import series the ledger holds (each pair, its total and each HS
chapter; the years a load covers completely, in their longest unbroken run) is cut at every origin
with at least ``MIN_TRAIN`` years before it; each model, fitted on the years up to the origin,
forecasts 1 to ``MAX_HORIZON`` years ahead, and the forecasts are scored against what followed
(Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed., §5.10, "time series
cross-validation"):

- **error**: the mean absolute error of the log forecast (≈ the mean absolute % error for small
  errors);
- **coverage**: the share of outcomes inside the 80 % and 95 % prediction intervals. A model
  whose intervals are honest covers about 80 % and 95 %.

All models are scored on the same forecasts: an origin where one model cannot fit (too few points
for its parameters) is counted as that model's failure and left out for all.

Models, all on the log of the series:

- ``drift``: the random walk with drift of :mod:`corridor.trade.targets` (the current default);
- ``damped``: exponential smoothing with a damped additive trend, ETS(A,Ad,N) (statsmodels
  ``ETSModel``, Gardner & McKenzie 1985);
- ``holt``: Holt's linear trend, ETS(A,A,N) (statsmodels ``ETSModel``).

The model whose intervals are best calibrated (the smallest |coverage80 − 0.80| + |coverage95 −
0.95|, ties by the error) is the one to project targets with; ``data/trade/projection.yaml``
records the choice and the table it was made from, and ``corridor targets --backtest`` recomputes
both.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from corridor.errors import InputError
from corridor.ledger import Ledger
from corridor.periods import year
from corridor.workspace import Workspace
from corridor.yaml_files import read_model

Model = Literal["drift", "damped", "holt"]
MODELS: tuple[Model, ...] = ("drift", "damped", "holt")
MIN_TRAIN = 4
MAX_HORIZON = 3
#: one forecast: (log mean, 80 % low, 80 % high, 95 % low, 95 % high), all logs
Band = tuple[float, float, float, float, float]


@dataclass(frozen=True)
class Series:
    """An annual series: what it is, and its (year, value) points, unbroken."""

    name: str
    points: tuple[tuple[int, float], ...]


@dataclass(frozen=True)
class ModelScore:
    model: Model
    forecasts: int
    failed: int
    mae_log: float
    coverage80: float
    coverage95: float

    @property
    def calibration_gap(self) -> float:
        return abs(self.coverage80 - 0.80) + abs(self.coverage95 - 0.95)


@dataclass(frozen=True)
class Backtest:
    """The table of ``corridor targets --backtest`` and the model it chooses."""

    series: int
    horizons: tuple[int, ...]
    min_train: int
    scores: tuple[ModelScore, ...]
    chosen: Model

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for s, score in zip(out["scores"], self.scores, strict=True):
            s["calibration_gap"] = score.calibration_gap
        return out


def annual_series(ledger: Ledger, *, min_years: int = MIN_TRAIN + 1) -> list[Series]:
    """Every national export and import series of the ledger, its total and each chapter, in
    the longest unbroken run of years that a load covers (``min_years`` or more)."""
    raw: dict[str, dict[int, float]] = {}
    for reporter, partner, flow, first, last in ledger.flows.flow_keys():
        for y in range(first, last + 1):
            found = ledger.flows.value(
                reporter=reporter, partner=partner, flow=flow, period=year(y)
            ).found
            if found is None or not found.value_usd:
                continue
            key = f"{reporter}→{partner} {flow}"
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
            out.append(Series(name, tuple((y, by_year[y]) for y in run)))
    return out


def _longest_run(years: list[int]) -> list[int]:
    best: list[int] = []
    run: list[int] = []
    for y in years:
        run = [*run, y] if run and y == run[-1] + 1 else [y]
        if len(run) > len(best):
            best = run
    return best


def forecast(
    model: Model, points: Sequence[tuple[int, float]], horizons: Sequence[int]
) -> list[Band]:
    """Each horizon's log forecast and 80 % / 95 % interval from ``points`` (yearly, unbroken
    for the ETS models)."""
    if model == "drift":
        from corridor.trade.targets import project

        history = list(points)
        last = history[-1][0]
        out = []
        for h in horizons:
            p = project(history, last + h, None)
            if p.pi80 is None or p.pi95 is None:
                raise ValueError("too few points for an interval")
            out.append(
                (
                    math.log(p.median),
                    math.log(p.pi80[0]),
                    math.log(p.pi80[1]),
                    math.log(p.pi95[0]),
                    math.log(p.pi95[1]),
                )
            )
        return out
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import (  # type: ignore[import-untyped]
        ETSModel,
    )

    logs = pd.Series(np.log([v for _, v in points]), index=pd.RangeIndex(len(points)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' convergence notices on short series
        fit = ETSModel(logs, error="add", trend="add", damped_trend=model == "damped").fit(
            disp=False
        )
        pred = fit.get_prediction(start=len(logs), end=len(logs) + max(horizons) - 1)
        f80 = pred.summary_frame(alpha=0.20)
        f95 = pred.summary_frame(alpha=0.05)
    out = []
    for h in horizons:
        i = h - 1
        band = (
            float(f80["mean"].iloc[i]),
            float(f80["pi_lower"].iloc[i]),
            float(f80["pi_upper"].iloc[i]),
            float(f95["pi_lower"].iloc[i]),
            float(f95["pi_upper"].iloc[i]),
        )
        if not all(math.isfinite(b) for b in band):
            raise ValueError("the fit gave no finite interval")
        out.append(band)
    return out


def backtest(
    series: Sequence[Series],
    *,
    models: Sequence[Model] = MODELS,
    horizons: Sequence[int] = tuple(range(1, MAX_HORIZON + 1)),
    min_train: int = MIN_TRAIN,
    progress: Callable[[int, int], None] | None = None,
) -> Backtest:
    """Score every model by rolling origin on ``series`` (module docstring)."""
    if not series:
        raise InputError("no annual series long enough to backtest")
    tally = {m: {"n": 0, "failed": 0, "err": 0.0, "in80": 0, "in95": 0} for m in models}
    for k, s in enumerate(series):
        pts = s.points
        for origin in range(min_train, len(pts)):
            train = pts[:origin]
            ahead = [h for h in horizons if origin + h - 1 < len(pts)]
            if not ahead:
                continue
            bands: dict[str, list[Band]] = {}
            for m in models:
                try:
                    bands[m] = forecast(m, train, ahead)
                except (ValueError, np.linalg.LinAlgError):  # a singular fit, a flat series
                    tally[m]["failed"] += len(ahead)
            if len(bands) < len(models):  # score all models on the same forecasts only
                continue
            for m in models:
                t = tally[m]
                for h, band in zip(ahead, bands[m], strict=True):
                    actual = math.log(pts[origin + h - 1][1])
                    t["n"] += 1
                    t["err"] += abs(actual - band[0])
                    t["in80"] += band[1] <= actual <= band[2]
                    t["in95"] += band[3] <= actual <= band[4]
        if progress is not None:
            progress(k + 1, len(series))
    scores = tuple(
        ModelScore(
            m,
            int(t["n"]),
            int(t["failed"]),
            t["err"] / t["n"] if t["n"] else math.nan,
            t["in80"] / t["n"] if t["n"] else math.nan,
            t["in95"] / t["n"] if t["n"] else math.nan,
        )
        for m, t in tally.items()
    )
    usable = [s for s in scores if s.forecasts]
    if not usable:
        raise InputError("no model could forecast any of the series")
    chosen = min(usable, key=lambda s: (round(s.calibration_gap, 3), s.mae_log)).model
    return Backtest(len(series), tuple(horizons), min_train, scores, chosen)


class ProjectionChoice(BaseModel):
    """``data/trade/projection.yaml``: the model targets are projected with, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: Model
    chosen_by: str
    backtest: dict[str, Any]


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

    best = next(s for s in result.scores if s.model == result.chosen)
    text = (
        "# The model corridor targets projects with, chosen by a rolling-origin backtest on the\n"
        "# ledger's own annual series (corridor targets --backtest; corridor/trade/backtest.py).\n"
        + yaml.safe_dump(
            {
                "model": result.chosen,
                "chosen_by": (
                    f"corridor targets --backtest on the default data, {when}: {result.series} "
                    f"series, {best.forecasts} forecasts 1–{max(result.horizons)} years ahead; "
                    f"its intervals covered {best.coverage80:.0%} (80 %) and "
                    f"{best.coverage95:.0%} (95 %), the closest to nominal"
                ),
                "backtest": result.to_dict(),
            },
            sort_keys=False,
            allow_unicode=True,
        )
    )
    from corridor.files import write_text_atomically

    return write_text_atomically(path, text)
