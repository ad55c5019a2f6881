"""Calibration: the assumed figures fitted, within their bounds, to what was observed.

Method: ``scipy.optimize.least_squares`` (trust-region reflective, bounded) on the logarithms of
the parameters, with a robust loss (``soft_l1``) so that one odd figure does not pull every
parameter. Each observation gives a residual ``√w · (log(simulated + c) − log(observed + c))``:
the weight ``w`` is 1 for a crossing's own figure and 0.25 for a national average (which includes
other borders), times 1 for times, 0.5 for counts and tonnes and 0.25 for queues; ``c`` keeps
zeros finite (1 vehicle for queues, 0.1 for times and counts). A weak pull towards each
assumption (0.05 per unit of log) keeps a parameter the observations do not inform where the
file put it.

Why least squares: the problem is a sum of squared residuals, one per observation, so the
residual Jacobian comes with it and says afterwards, per parameter, how strongly the observations
inform it (its sensitivity) and how precisely (a standard error of its log from the Gauss–Newton
covariance): a parameter with no sensitivity or a standard error above 0.5 is reported as not
identified and is not written. Every evaluation uses the same random streams (common random
numbers: the seed is fixed), so the objective is a deterministic function of the parameters and
finite differences work; runs of one station for one period with unchanged inputs are reused, so
a difference in one crossing's parameter re-simulates that crossing only.

Observations used: the simulated measures, actual flows (capacities and plans are not fitted),
not electronic queues, in the years the ledger holds trade for (demand outside them is
extrapolated, so it is not fitted to).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.network.observations import Observation
from corridor.network.scenario import ScenarioInputs
from corridor.planning.evaluate import Evaluator, Simulated
from corridor.planning.parameters import Parameter, find_parameters, overlay_text
from corridor.sim.settings import RunSettings

MEASURE_WEIGHT = {
    "time_to_cross_h": 1.0,
    "vehicles_per_day": 0.5,
    "trains_per_day": 0.5,
    "tonnes_per_year": 0.5,
    "queue_vehicles": 0.25,
    "queue_wagons": 0.25,
}
OFFSET = {"queue_vehicles": 1.0, "queue_wagons": 1.0}
PRIOR = 0.05
STEP = 0.1  # finite-difference step in log units
MAX_SE = 0.5
#: the error of one observation, in log units, taken in the standard errors (a CPMM figure is a
#: mean of a sample of shipments; a news figure is rounder still)
SIGMA = 0.3


def usable(o: Observation, years: tuple[int, int] | None) -> str | None:
    """Why a row is not fitted to, or None if it is."""
    if not o.simulated:
        return f"the measure {o.measure!r} is not simulated"
    if o.kind != "actual":
        return "a capacity, plan or limit: not an observed flow"
    if "electronic" in o.unit.lower():
        return "an electronic queue of registered vehicles, not a queue at the post"
    if years is not None and not years[0] <= o.period.start.year <= years[1]:
        return f"outside the years of trade data ({years[0]}–{years[1]}): demand is extrapolated"
    return None


def residual(o: Observation, sim: float, observed: float | None = None) -> float:
    obs = o.value if observed is None else observed
    c = OFFSET.get(o.measure, 0.1)
    w = o.weight * MEASURE_WEIGHT.get(o.measure, 0.5)
    return math.sqrt(w) * (math.log(max(sim, 0.0) + c) - math.log(obs + c))


@dataclass(frozen=True)
class FittedParameter:
    name: str
    unit: str
    assumed: float
    fitted: float
    bounds: tuple[float, float]
    at_bound: bool
    sensitivity: float
    log_se: float | None
    identified: bool
    observations: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Calibration:
    """The result of ``corridor calibrate`` (its JSON is :meth:`to_dict`)."""

    parameters: tuple[FittedParameter, ...]
    used: tuple[str, ...]
    excluded: dict[str, str]
    objective_before: float
    objective_after: float
    fit_before: dict[str, float | None]  # row id → simulated, at the assumptions
    fit_after: dict[str, float | None]
    settings: RunSettings
    evaluations: int
    seconds: float
    overlay: str = field(repr=False)
    message: str = ""

    @property
    def values(self) -> dict[str, float]:
        """Every fitted value (those not identified stay near their assumption)."""
        return {p.name: p.fitted for p in self.parameters}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("overlay")
        return data


def trade_years(ledger: Ledger, inputs: ScenarioInputs) -> tuple[int, int] | None:
    years = ledger.flows.annual_years(inputs.network.countries)
    return (min(years), max(years)) if years else None


def calibrate(
    ledger: Ledger,
    inputs: ScenarioInputs,
    observations: tuple[Observation, ...],
    settings: RunSettings,
    *,
    holdout_year: int | None = None,
    max_iterations: int = 12,
    progress: Callable[[int, int], None] | None = None,
    source: str = "",
) -> Calibration:
    """Fit the bounded assumptions of ``inputs`` to ``observations`` (module docstring)."""
    started = time.perf_counter()
    params = find_parameters(inputs.network, inputs.demand)
    if not params:
        raise ScenarioError("no figure of the network or demand file has bounds: nothing to fit")
    years = trade_years(ledger, inputs)
    excluded: dict[str, str] = {}
    rows: list[Observation] = []
    for o in observations:
        why = usable(o, years)
        if why is None and holdout_year is not None and o.period.start.year == holdout_year:
            why = f"held out ({holdout_year}) to be predicted"
        if why is None:
            rows.append(o)
        else:
            excluded[o.id] = why
    if not rows:
        raise ScenarioError(
            "no observation can be fitted to (see the rules in `corridor calibrate --help`)"
        )
    evaluator = Evaluator(ledger, inputs, tuple(rows), settings, params)
    lo = np.log([p.bounds[0] for p in params])
    hi = np.log([p.bounds[1] for p in params])
    x0 = np.log([p.value for p in params])
    evaluations = 0
    budget = (max_iterations + 1) * (len(params) + 2)

    def simulate(x: np.ndarray) -> dict[str, Simulated]:
        nonlocal evaluations
        evaluations += 1
        if progress is not None:
            progress(min(evaluations, budget), budget)
        return evaluator.run({p.name: float(math.exp(v)) for p, v in zip(params, x, strict=True)})

    def vector(x: np.ndarray) -> np.ndarray:
        sims = simulate(x)
        out = []
        for o in rows:
            s = sims[o.id]
            m = s.mean
            # a row that cannot be evaluated counts as matched: it carries no information
            out.append(0.0 if m is None else residual(o, m, s.compared))
        out.extend(PRIOR * (x - x0))
        return np.asarray(out)

    def jacobian(x: np.ndarray) -> np.ndarray:
        f0 = vector(x)
        jac = np.zeros((f0.shape[0], x.shape[0]))
        for k in range(x.shape[0]):
            step = STEP if x[k] + STEP <= hi[k] else -STEP
            xk = x.copy()
            xk[k] += step
            jac[:, k] = (vector(xk) - f0) / step
        return jac

    from scipy.optimize import least_squares

    before = vector(x0)
    sims_before = evaluator.run({p.name: p.value for p in params})
    result = least_squares(
        vector,
        x0,
        jac=jacobian,
        bounds=(lo, hi),
        method="trf",
        loss="soft_l1",
        f_scale=0.3,
        max_nfev=max_iterations,
        x_scale=1.0,
    )
    x = result.x
    after = vector(x)
    sims_after = evaluator.run({p.name: float(math.exp(v)) for p, v in zip(params, x, strict=True)})
    jac = jacobian(x)[: len(rows)]
    fitted = _identify(params, rows, x, x0, jac, after[: len(rows)], lo, hi)
    # every value that moved is written (the file reproduces the fit); one the observations
    # could not pin down says so
    values = {p.name: p.fitted for p in fitted if abs(math.log(p.fitted / p.assumed)) > 0.005}
    fits = {
        p.name: (
            f"fitted to {', '.join(p.observations[:8])}"
            + (f" and {len(p.observations) - 8} more" if len(p.observations) > 8 else "")
            + (
                f"; sensitivity {p.sensitivity:.2f}, log s.e. {p.log_se:.2f}"
                if p.log_se is not None
                else ""
            )
            + ("" if p.identified else f"; {p.note}")
        )
        for p in fitted
        if p.name in values
    }
    overlay = overlay_text(
        inputs.network,
        inputs.demand,
        params,
        values,
        fits,
        source=source or f"corridor calibrate ({len(rows)} observations, {settings.key})",
        today=dt.date.today(),
    )
    return Calibration(
        parameters=tuple(fitted),
        used=tuple(o.id for o in rows),
        excluded=excluded,
        objective_before=float(0.5 * np.sum(before[: len(rows)] ** 2)),
        objective_after=float(0.5 * np.sum(after[: len(rows)] ** 2)),
        fit_before={o.id: sims_before[o.id].mean for o in rows},
        fit_after={o.id: sims_after[o.id].mean for o in rows},
        settings=settings,
        evaluations=evaluations,
        seconds=time.perf_counter() - started,
        overlay=overlay,
        message=str(result.message),
    )


def _identify(
    params: list[Parameter],
    rows: list[Observation],
    x: np.ndarray,
    x0: np.ndarray,
    jac: np.ndarray,
    res: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> list[FittedParameter]:
    """Sensitivity, standard error and the observations that inform each parameter."""
    n = jac.shape[1]
    info = jac.T @ jac + (PRIOR**2) * np.eye(n)
    try:
        cov = np.linalg.inv(info) * SIGMA**2
    except np.linalg.LinAlgError:
        cov = np.full((n, n), np.inf)
    out = []
    for k, p in enumerate(params):
        col = np.abs(jac[:, k])
        sens = float(np.linalg.norm(col))
        se = float(math.sqrt(cov[k, k])) if np.isfinite(cov[k, k]) and cov[k, k] >= 0 else None
        top = col.max() if col.size else 0.0
        informs = tuple(
            rows[i].id for i in np.argsort(-col) if col[i] > 0.01 and col[i] >= 0.2 * top
        )
        at_bound = bool(x[k] <= lo[k] + 1e-6 or x[k] >= hi[k] - 1e-6)
        identified = sens > 0.05 and se is not None and se < MAX_SE
        if sens <= 0.05:
            note = "not identified: no observation is sensitive to it; the assumption stands"
        elif se is None or se >= MAX_SE:
            note = (
                "not identified: the observations move it only together with other parameters "
                f"(log s.e. {se:.2f})"
                if se is not None
                else "not identified"
            )
            note += "; it stays near its assumption"
        elif at_bound:
            note = "fitted at a bound: the observations want a value beyond the stated range"
        else:
            note = "fitted"
        out.append(
            FittedParameter(
                p.name,
                p.unit,
                p.value,
                float(math.exp(x[k])),
                p.bounds,
                at_bound,
                sens,
                se,
                identified,
                informs,
                note,
            )
        )
    del x0
    return out


def write_overlay(calibration: Calibration, path: Path) -> None:
    """Write the calibration overlay atomically (a partial file is never left)."""
    from corridor.files import write_text_atomically

    write_text_atomically(path, calibration.overlay)


def default_observations() -> Path:
    from corridor.locations import data_dir

    return data_dir() / "corridor" / "observations.csv"


def calibrate_scenario(
    ledger: Ledger,
    scenario: Path,
    settings: RunSettings,
    *,
    observations: Path | None = None,
    holdout_year: int | None = None,
    max_iterations: int = 12,
    progress: Callable[[int, int], None] | None = None,
) -> Calibration:
    """Calibrate the scenario's network and demand files (their own assumptions, not an
    earlier calibration) to the observations file (default: the shipped one)."""
    from corridor.network.observations import read_observations
    from corridor.network.scenario import apply_overlays

    inputs = apply_overlays(scenario, use_calibration=False)
    path = observations or default_observations()
    rows = read_observations(path, inputs.network)
    return calibrate(
        ledger,
        inputs,
        rows,
        settings,
        holdout_year=holdout_year,
        max_iterations=max_iterations,
        progress=progress,
        source=(
            f"corridor calibrate on {path.name} ({settings.key}"
            + (f", {holdout_year} held out" if holdout_year else "")
            + ")"
        ),
    )
