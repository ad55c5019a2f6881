"""Calibration: the assumed figures fitted, within their bounds, to what was observed, with what
the observations cannot tell said as such.

**Method: a Bayesian fit by its Laplace approximation** (``scipy.optimize.least_squares``). Each
parameter's logarithm has a normal prior about its assumption whose spread is a quarter of its
bounds' width in logs (the bounds are about ±2 standard deviations) and is kept within them. Each
observation's log error is normal with standard deviation ``σ / √w``: ``σ = 0.3`` (a CPMM figure
is the mean of a sample of shipments; a news figure is rounder still), ``w`` = 1 for a crossing's
own figure and 0.25 for a national average (which includes other borders), times 1 for times,
0.5 for counts and 0.25 for queues. The posterior mode minimises the sum of both squared
(``soft_l1``, so that one odd figure does not pull every parameter); its covariance is the inverse
of ``JᵀJ + prior precision`` at the mode (Gauss–Newton). Why this and not MCMC (emcee, PyMC):
an evaluation simulates every observed period (seconds), and MCMC needs ten thousand of them;
the Laplace approximation needs the Jacobian the fit computes anyway. Every evaluation uses the
same random streams (common random numbers), so the objective is deterministic and finite
differences work; a station's runs are reused while its inputs are unchanged.

**What is identified.** A parameter is identified when the observations are sensitive to it and
shrink its spread to at most half the prior's. Only identified parameters are written, each with
its value and ``log_sd`` (its posterior spread), which every run then draws from
(:func:`corridor.sim.schedule.perturbed`). The others keep the file's sourced or assumed value
and are listed as not identified.

**Regimes.** The network file's ``regimes`` (the epidemic regime, 2020–22) are fitted apart: first
the parameters of ordinary times to the observations outside every regime, then each regime's
own parameters (figures whose ``in_force`` lies inside it) to that regime's observations, the
others held at their fitted values. A fit is kept only where it improves the observations as a
whole: a figure of ordinary times is in force in a regime too wherever the regime has none of
its own, so its fit to the ordinary rows can worsen the regime's; when the whole fit ends worse
than the assumptions, the stage whose figures' removal helps most has them set back, and the
result says so (:func:`_keep_what_helps`).

Observations used: the simulated measures, actual figures only (capacities and plans are not
fitted), not electronic queues, in the years the ledger holds trade for.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from corridor.errors import ScenarioError
from corridor.ledger import Ledger
from corridor.network.model import Network, Regime
from corridor.network.observations import Observation
from corridor.network.scenario import ScenarioInputs
from corridor.periods import parse_span
from corridor.planning.evaluate import Evaluator, Simulated
from corridor.planning.parameters import Parameter, find_parameters, overlay_text
from corridor.sim.executor import Executor, Serial
from corridor.sim.settings import RunSettings
from corridor.workspace import Workspace

MEASURE_WEIGHT = {"times": 1.0, "counts": 0.5, "queues": 0.25}
OFFSET = {"queues": 1.0}
STEP = 0.1  # finite-difference step in log units
SIGMA = 0.3  # an observation's error, in log units, at weight 1
SHRINK = 0.5  # identified: the posterior spread at most this share of the prior's
MIN_SENSITIVITY = 0.05
ORDINARY = "ordinary"


def _family(o: Observation) -> str:
    from corridor.planning.evaluate import family

    return family(o.measure)


def usable(o: Observation, years: tuple[int, int] | None) -> str | None:
    """Why a row is not fitted to, or None if it is."""
    if not o.simulated:
        return f"the measure {o.measure!r} is not simulated"
    if o.kind != "actual":
        return f"a {o.kind}: not an observed flow"
    if "electronic" in o.unit.lower():
        return "an electronic queue of registered vehicles, not a queue at the post"
    if years is not None and not years[0] <= o.period.start.year <= years[1]:
        return f"outside the years of trade data ({years[0]}–{years[1]}): demand is extrapolated"
    return None


def residual(o: Observation, sim: float, observed: float | None = None) -> float:
    """``(log(sim + c) − log(obs + c)) / (σ/√w)``: the row's standardised log error."""
    obs = o.value if observed is None else observed
    fam = _family(o)
    c = OFFSET.get(fam, 0.1)
    w = o.weight * MEASURE_WEIGHT[fam]
    return math.sqrt(w) / SIGMA * (math.log(max(sim, 0.0) + c) - math.log(obs + c))


def regime_of_period(start: dt.date, end: dt.date, regimes: tuple[Regime, ...]) -> str:
    for r in regimes:
        if r.covers(start, end):
            return r.name
    return ORDINARY


def regime_of_parameter(p: Parameter, network: Network, regimes: tuple[Regime, ...]) -> str:
    """The regime whose span holds every figure of ``p`` (its history entries'), or ordinary."""
    from corridor.planning.parameters import figure_at

    names = set()
    for where, path in p.paths:
        model = network if where == "network" else None
        span = figure_at(model, path).in_force if model is not None else None
        if span is None:
            return ORDINARY
        first, last = parse_span(span)
        if first is None or last is None:
            return ORDINARY
        names.add(regime_of_period(first, last, regimes))
    return names.pop() if len(names) == 1 else ORDINARY


@dataclass(frozen=True)
class FittedParameter:
    name: str
    unit: str
    regime: str
    assumed: float
    fitted: float  # the posterior mode (the assumption where not identified)
    bounds: tuple[float, float]
    at_bound: bool
    sensitivity: float
    prior_log_sd: float
    log_sd: float | None  # posterior spread of the log
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
    method: str = (
        "Bayesian fit, Laplace approximation: posterior mode by scipy.optimize.least_squares "
        "on logs (soft_l1), covariance (JᵀJ + prior precision)⁻¹"
    )
    message: str = ""

    @property
    def values(self) -> dict[str, float]:
        """The values the overlay writes: identified parameters only."""
        return {p.name: p.fitted for p in self.parameters if p.identified}

    @property
    def not_identified(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters if not p.identified)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("overlay")
        data["not_identified"] = list(self.not_identified)
        return data


def trade_years(ledger: Ledger, inputs: ScenarioInputs) -> tuple[int, int] | None:
    years = ledger.flows.annual_years(inputs.network.countries)
    return (min(years), max(years)) if years else None


@dataclass
class _Stage:
    """One regime's fit: its parameters and its rows."""

    name: str
    params: list[Parameter]
    rows: list[Observation]


def calibrate(
    ledger: Ledger,
    inputs: ScenarioInputs,
    observations: tuple[Observation, ...],
    settings: RunSettings,
    *,
    holdout_year: int | None = None,
    before_year: int | None = None,
    max_iterations: int = 12,
    progress: Callable[[int, int], None] | None = None,
    source: str = "",
    executor: Executor | None = None,
) -> Calibration:
    """Fit the bounded assumptions of ``inputs`` to ``observations`` (module docstring).
    ``holdout_year``: leave that year's rows out; ``before_year``: fit only rows (and counts)
    of earlier years (a rolling origin)."""
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
        if why is None and before_year is not None and o.period.end.year >= before_year:
            why = f"from {before_year} on: to be predicted"
        if why is None:
            rows.append(o)
        else:
            excluded[o.id] = why
    if not rows:
        raise ScenarioError(
            f"no observation can be fitted to: all {len(excluded)} were excluded "
            "(not simulated, held out, or in the years to be predicted)"
        )
    regimes = inputs.network.regimes
    stages: dict[str, _Stage] = {ORDINARY: _Stage(ORDINARY, [], [])}
    for r in regimes:
        stages[r.name] = _Stage(r.name, [], [])
    for p in params:
        stages[regime_of_parameter(p, inputs.network, regimes)].params.append(p)
    for o in rows:
        stages[regime_of_period(o.period.start, o.period.end, regimes)].rows.append(o)
    evaluator = Evaluator(
        ledger, inputs, tuple(rows), settings, params, counts_before=before_year,
        executor=executor or Serial(),
    )  # fmt: skip
    values = {p.name: p.value for p in params}
    evaluations = 0
    budget = sum((max_iterations + 2) * (len(s.params) + 1) for s in stages.values() if s.params)

    def simulate(v: dict[str, float]) -> dict[str, Simulated]:
        nonlocal evaluations
        evaluations += 1
        if progress is not None:
            progress(min(evaluations, budget), max(budget, evaluations))
        return evaluator.run(v)

    sims_before = simulate(values)
    fitted: list[FittedParameter] = []
    message = []
    for stage in stages.values():
        if not stage.params:
            continue
        out, values, msg = _fit_stage(stage, values, simulate, max_iterations)
        fitted.extend(out)
        message.append(f"{stage.name}: {msg}")
        for p in stage.params:  # what is not identified stays at its assumption
            if not next(f for f in out if f.name == p.name).identified:
                values[p.name] = p.value
    sims_after = simulate(values)

    def objective(sims: dict[str, Simulated]) -> float:
        return float(
            0.5
            * sum(
                residual(o, sims[o.id].mean or 0.0, sims[o.id].compared) ** 2
                for o in rows
                if sims[o.id].mean is not None
            )
        )

    fitted, values, sims_after = _keep_what_helps(
        fitted, values, params, objective, objective(sims_before), sims_after, simulate
    )
    chosen = {f.name: f.fitted for f in fitted if f.identified}
    fits = {
        f.name: (
            f"fitted ({f.regime}) to {', '.join(f.observations[:8])}"
            + (f" and {len(f.observations) - 8} more" if len(f.observations) > 8 else "")
            + f"; sensitivity {f.sensitivity:.2f}, log s.d. {f.log_sd:.2f} "
            f"(prior {f.prior_log_sd:.2f})"
        )
        for f in fitted
        if f.identified and f.log_sd is not None
    }
    overlay = overlay_text(
        inputs.network,
        inputs.demand,
        params,
        chosen,
        fits,
        source=source or f"corridor calibrate ({len(rows)} observations, {settings.key})",
        today=dt.date.today(),
        log_sd={f.name: f.log_sd for f in fitted if f.identified and f.log_sd is not None},
    )

    return Calibration(
        parameters=tuple(fitted),
        used=tuple(o.id for o in rows),
        excluded=excluded,
        objective_before=objective(sims_before),
        objective_after=objective(sims_after),
        fit_before={o.id: sims_before[o.id].mean for o in rows},
        fit_after={o.id: sims_after[o.id].mean for o in rows},
        settings=settings,
        evaluations=evaluations,
        seconds=time.perf_counter() - started,
        overlay=overlay,
        message="; ".join(message),
    )


def _keep_what_helps(
    fitted: list[FittedParameter],
    values: dict[str, float],
    params: list[Parameter],
    objective: Callable[[dict[str, Simulated]], float],
    before: float,
    sims: dict[str, Simulated],
    simulate: Callable[[dict[str, float]], dict[str, Simulated]],
) -> tuple[list[FittedParameter], dict[str, float], dict[str, Simulated]]:
    """A fit is kept only where it improves the observations as a whole. Each regime's stage
    sees its own rows, yet a figure of ordinary times is also in force in a regime wherever the
    regime has no figure of its own: fitted to the ordinary rows, it can worsen the regime's.
    When the whole fit ends worse than the assumptions, the stage whose figures' removal helps
    most has them set back (and says why); if it is still worse, nothing is written."""
    after = objective(sims)
    if after <= before:
        return fitted, values, sims
    assumed = {p.name: p.value for p in params}
    trials = []
    for regime in dict.fromkeys(f.regime for f in fitted if f.identified):
        drop = {f.name for f in fitted if f.identified and f.regime == regime}
        trial = values | {n: assumed[n] for n in drop}
        trials.append((objective(simulate(trial)), regime, drop, trial))
    best = min(trials, key=lambda t: t[0]) if trials else None
    if best is not None and best[0] <= before:
        _, regime, drop, values = best
        note = (
            f"fitted ({regime}) but not written: with it the observations as a whole fit worse "
            f"({after:.1f} against {before:.1f} at the assumptions; the figure is in "
            "force in other regimes, whose rows it worsens); the assumption stands"
        )
        fitted = [
            replace(f, identified=False, fitted=f.assumed, note=note) if f.name in drop else f
            for f in fitted
        ]
        return fitted, values, simulate(values)
    note = (
        "not written: the fit as a whole did not improve on the assumptions "
        f"({after:.1f} against {before:.1f}); the assumption stands"
    )
    fitted = [
        replace(f, identified=False, fitted=f.assumed, note=note) if f.identified else f
        for f in fitted
    ]
    return (
        fitted,
        assumed | {k: v for k, v in values.items() if k not in assumed},
        simulate(assumed | {k: v for k, v in values.items() if k not in assumed}),
    )


def _fit_stage(
    stage: _Stage,
    values: dict[str, float],
    simulate: Callable[[dict[str, float]], dict[str, Simulated]],
    max_iterations: int,
) -> tuple[list[FittedParameter], dict[str, float], str]:
    """One regime's posterior mode and spread (module docstring)."""
    from scipy.optimize import least_squares

    params, rows = stage.params, stage.rows
    if not rows:
        return (
            [_unfitted(p, stage.name, "no observation of this regime: the assumption stands")
             for p in params],
            values,
            "no observations",
        )  # fmt: skip
    lo = np.log([p.bounds[0] for p in params])
    hi = np.log([p.bounds[1] for p in params])
    x0 = np.log([p.value for p in params])
    prior_sd = np.maximum((hi - lo) / 4.0, 1e-3)
    base = dict(values)

    def at(x: np.ndarray) -> dict[str, float]:
        return base | {p.name: float(math.exp(v)) for p, v in zip(params, x, strict=True)}

    def data_residuals(x: np.ndarray) -> np.ndarray:
        sims = simulate(at(x))
        out = []
        for o in rows:
            s = sims[o.id]
            m = s.mean
            # a row that cannot be evaluated counts as matched: it carries no information
            out.append(0.0 if m is None else residual(o, m, s.compared))
        return np.asarray(out)

    seen: dict[bytes, np.ndarray] = {}

    def vector(x: np.ndarray) -> np.ndarray:
        key = np.asarray(x, dtype=np.float64).tobytes()
        if key not in seen:  # the optimiser asks again for a point it has evaluated
            seen[key] = np.concatenate([data_residuals(x), (x - x0) / prior_sd])
        return seen[key]

    def jacobian(x: np.ndarray) -> np.ndarray:
        f0 = vector(x)
        jac = np.zeros((f0.shape[0], x.shape[0]))
        for k in range(x.shape[0]):
            step = STEP if x[k] + STEP <= hi[k] else -STEP
            xk = x.copy()
            xk[k] += step
            jac[:, k] = (vector(xk) - f0) / step
        return jac

    result = least_squares(
        vector,
        np.clip(x0, lo, hi),
        jac=jacobian,
        bounds=(lo, hi),
        method="trf",
        loss="soft_l1",
        f_scale=1.0,
        max_nfev=max_iterations,
        x_scale=1.0,
    )
    x = result.x
    jac = jacobian(x)[: len(rows)]
    info = jac.T @ jac + np.diag(1.0 / prior_sd**2)
    try:
        cov = np.linalg.inv(info)
    except np.linalg.LinAlgError:
        cov = np.full((len(params), len(params)), np.inf)
    out = []
    for k, p in enumerate(params):
        col = np.abs(jac[:, k])
        sens = float(np.linalg.norm(col)) * SIGMA  # in log units of the observations
        sd = float(math.sqrt(cov[k, k])) if np.isfinite(cov[k, k]) and cov[k, k] >= 0 else None
        top = col.max() if col.size else 0.0
        informs = tuple(
            rows[i].id for i in np.argsort(-col) if col[i] > 0.01 and col[i] >= 0.2 * top
        )
        at_bound = bool(x[k] <= lo[k] + 1e-6 or x[k] >= hi[k] - 1e-6)
        identified = bool(sens > MIN_SENSITIVITY and sd is not None and sd <= SHRINK * prior_sd[k])
        if sens <= MIN_SENSITIVITY:
            note = "not identified: no observation is sensitive to it; the assumption stands"
        elif not identified:
            note = (
                "not identified: the observations narrow it too little"
                + (f" (log s.d. {sd:.2f} against the prior's {prior_sd[k]:.2f})" if sd else "")
                + " or only together with other parameters; the assumption stands"
            )
        elif at_bound:
            note = "fitted at a bound: the observations want a value beyond the stated range"
        else:
            note = "fitted"
        out.append(
            FittedParameter(
                p.name,
                p.unit,
                stage.name,
                p.value,
                float(math.exp(x[k])) if identified else p.value,
                p.bounds,
                at_bound,
                sens,
                float(prior_sd[k]),
                sd,
                identified,
                informs,
                note,
            )
        )
        if identified:
            values = values | {p.name: float(math.exp(x[k]))}
    return out, values, str(result.message)


def _unfitted(p: Parameter, regime: str, note: str) -> FittedParameter:
    lo, hi = math.log(p.bounds[0]), math.log(p.bounds[1])
    return FittedParameter(
        p.name, p.unit, regime, p.value, p.value, p.bounds, False, 0.0,
        max((hi - lo) / 4.0, 1e-3), None, False, (), note,
    )  # fmt: skip


def write_overlay(calibration: Calibration, path: Path) -> None:
    """Write the calibration overlay atomically (a partial file is never left)."""
    from corridor.files import write_text_atomically

    write_text_atomically(path, calibration.overlay)


def default_observations() -> Path:

    return Workspace.default().observations


def calibrate_scenario(
    ledger: Ledger,
    scenario: Path,
    settings: RunSettings,
    *,
    observations: Path | None = None,
    holdout_year: int | None = None,
    max_iterations: int = 12,
    progress: Callable[[int, int], None] | None = None,
    events: tuple[Path, ...] = (),
    executor: Executor | None = None,
) -> Calibration:
    """Calibrate the scenario's network and demand files (their own assumptions, not an
    earlier calibration) to the observations file (default: the scenario's own)."""
    from corridor.network.observations import read_observations
    from corridor.network.scenario import apply_overlays

    inputs = apply_overlays(scenario, use_calibration=False, events=events)
    path = observations or inputs.observations or default_observations()
    rows = read_observations(path, inputs.network)
    return calibrate(
        ledger,
        inputs,
        rows,
        settings,
        holdout_year=holdout_year,
        max_iterations=max_iterations,
        progress=progress,
        executor=executor,
        source=(
            f"corridor calibrate on {path.name} ({settings.key}"
            + (f", {holdout_year} held out" if holdout_year else "")
            + ")"
        ),
    )
