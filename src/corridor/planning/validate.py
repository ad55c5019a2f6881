"""Validation: every observation against the model simulated for its period, and hindcasts.

``validate`` prints, for each row of the observations, the observed figure, the simulated mean,
its 95 % interval over the replications and the ratio simulated / observed; a row the model cannot
evaluate has ``simulated: null`` and a note saying why. With ``holdout_year`` the model is first
calibrated on the other years and then predicts that year's rows: their error is out of sample.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from corridor.errors import InputError
from corridor.ledger import Ledger
from corridor.network.observations import Observation
from corridor.network.scenario import ScenarioInputs
from corridor.planning.calibrate import Calibration, calibrate
from corridor.planning.evaluate import Evaluator, Simulated
from corridor.planning.parameters import find_parameters
from corridor.sim.run import confidence_interval
from corridor.sim.settings import RunSettings


@dataclass(frozen=True)
class Check:
    """One observation against the model (a row of ``corridor validate --json``)."""

    id: str
    crossing: str
    side: str
    direction: str
    mode: str
    year: str
    measure: str
    unit: str
    kind: str
    weight: float
    observed: float
    observed_range: tuple[float, float]
    simulated: float | None
    simulated_ci: tuple[float, float] | None
    ratio: float | None
    note: str
    held_out: bool = False


@dataclass(frozen=True)
class Accuracy:
    """How far the model is from the observations it can evaluate (actual flows only)."""

    evaluated: int
    median_abs_log_ratio: float | None
    within_factor_2: float | None  # share of rows with 0.5 ≤ ratio ≤ 2
    median_ratio: float | None


@dataclass(frozen=True)
class Validation:
    scenario: str
    calibration: str | None
    settings: RunSettings
    observations: tuple[Check, ...]
    accuracy: Accuracy
    by_measure: dict[str, Accuracy]
    holdout_year: int | None = None
    out_of_sample: Accuracy | None = None
    holdout_calibration: dict[str, Any] | None = None
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _shown(path: Path) -> str:
    """A shipped file by its path in the project (data/…), a user's as given."""
    from corridor.locations import data_dir

    try:
        return f"data/{path.resolve().relative_to(data_dir().resolve())}"
    except ValueError:
        return str(path)


def check(o: Observation, s: Simulated, *, held_out: bool = False) -> Check:
    """One row's comparison (module docstring)."""
    observed = o.value if s.compared is None else s.compared
    scale = observed / o.value if o.value else 1.0
    sim = ci = ratio = None
    note = s.note
    if s.values is not None and not s.overloaded:
        est = confidence_interval(list(s.values))
        sim, ci = est.mean, (est.ci_low, est.ci_high)
        ratio = sim / observed if observed > 0 else None
        if observed == 0:
            note = "; ".join(x for x in (note, "observed zero: no ratio") if x)
    return Check(
        o.id,
        o.crossing,
        o.side,
        o.direction,
        o.mode,
        o.year,
        o.measure,
        o.unit,
        o.kind,
        o.weight,
        observed,
        (o.low * scale, o.high * scale),
        sim,
        ci,
        ratio,
        note,
        held_out,
    )


def accuracy(checks: list[Check]) -> Accuracy:
    ratios = [c.ratio for c in checks if c.ratio is not None and c.ratio > 0 and c.kind == "actual"]
    if not ratios:
        return Accuracy(0, None, None, None)
    logs = np.abs(np.log(ratios))
    return Accuracy(
        len(ratios),
        float(np.median(logs)),
        float(np.mean(logs <= math.log(2))),
        float(np.median(ratios)),
    )


def validate(
    ledger: Ledger,
    inputs: ScenarioInputs,
    observations: tuple[Observation, ...],
    settings: RunSettings,
    *,
    holdout_year: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    base: ScenarioInputs | None = None,
) -> Validation:
    """Every observation against the model (module docstring).

    ``inputs``: the scenario as run (with its calibration); ``base``: the same without
    calibration, which a hindcast calibrates afresh (default ``inputs``).
    """
    params = find_parameters(inputs.network, inputs.demand)
    evaluator = Evaluator(ledger, inputs, observations, settings, params, progress=progress)
    sims = evaluator.run({p.name: p.value for p in params})
    checks = [check(o, sims[o.id]) for o in observations]
    notes = [
        "ratio = simulated / observed; rows that are capacities or limits are compared with "
        "the model's capacity and left out of the accuracy figures",
    ]
    out_of_sample = None
    holdout: dict[str, Any] | None = None
    if holdout_year is not None:
        years = sorted({o.period.start.year for o in observations})
        if holdout_year not in years:
            raise InputError(
                f"no observation in {holdout_year} to hold out; the observations cover "
                f"{', '.join(map(str, years))}"
            )
        fresh = base or inputs
        fit: Calibration = calibrate(
            ledger, fresh, observations, settings, holdout_year=holdout_year
        )
        held = tuple(o for o in observations if o.period.start.year == holdout_year)
        fitted_params = find_parameters(fresh.network, fresh.demand)
        ev = Evaluator(ledger, fresh, held, settings, fitted_params)
        values = {p.name: p.value for p in fitted_params} | fit.values
        predicted = ev.run(values)
        held_checks = [check(o, predicted[o.id], held_out=True) for o in held]
        by_id = {c.id: c for c in held_checks}
        checks = [by_id.get(c.id, c) for c in checks]
        out_of_sample = accuracy(held_checks)
        holdout = {
            "fitted_on": list(fit.used),
            "parameters": {p.name: p.fitted for p in fit.parameters},
            "objective_after": fit.objective_after,
        }
        notes.append(
            f"{holdout_year} held out: the model was calibrated on the other years "
            f"({len(fit.used)} rows) and predicts {len(held)} rows of {holdout_year}"
        )
    by_measure = {
        m: accuracy([c for c in checks if c.measure == m])
        for m in sorted({c.measure for c in checks})
    }
    return Validation(
        scenario=inputs.name,
        calibration=None if inputs.calibration is None else _shown(inputs.calibration),
        settings=settings,
        observations=tuple(checks),
        accuracy=accuracy(checks),
        by_measure={m: a for m, a in by_measure.items() if a.evaluated},
        holdout_year=holdout_year,
        out_of_sample=out_of_sample,
        holdout_calibration=holdout,
        notes=tuple(notes),
    )


def validate_scenario(
    ledger: Ledger,
    scenario: Path,
    settings: RunSettings,
    *,
    observations: Path | None = None,
    calibration: Path | None = None,
    use_calibration: bool = True,
    holdout_year: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Validation:
    """Validate the scenario (with its calibration, or ``calibration``) against the
    observations file (default: the shipped one)."""
    from corridor.network.observations import read_observations
    from corridor.network.scenario import apply_overlays
    from corridor.planning.calibrate import default_observations

    inputs = apply_overlays(scenario, calibration=calibration, use_calibration=use_calibration)
    base = apply_overlays(scenario, use_calibration=False)
    rows = read_observations(observations or default_observations(), inputs.network)
    return validate(
        ledger, inputs, rows, settings, holdout_year=holdout_year, progress=progress, base=base
    )


#: the inputs a stored hindcast was computed from (paths under the data folder)
HINDCAST_INPUTS = (
    "scenarios/baseline.yaml",
    "corridor/kaz-chn.yaml",
    "corridor/demand.yaml",
    "corridor/observations.csv",
    "ledger/manifest.yaml",
)


def hindcast_digests() -> dict[str, str]:
    """SHA-256 of each file a hindcast depends on, as they are now."""
    import hashlib

    from corridor.locations import data_dir

    return {
        name: hashlib.sha256((data_dir() / name).read_bytes()).hexdigest()
        for name in HINDCAST_INPUTS
    }


def hindcast() -> dict[str, Any] | None:
    """The stored hindcast (``data/corridor/hindcast.json``, written by
    ``python -m tools.build_hindcast``: ``corridor validate --holdout-year`` on the shipped data),
    with ``current`` saying whether the files it was computed from are unchanged."""
    import json

    from corridor.locations import data_dir

    path = data_dir() / "corridor" / "hindcast.json"
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    data["current"] = data.get("inputs") == hindcast_digests()
    return data


def validation_record(
    ledger: Ledger,
    scenario: Path,
    settings: RunSettings,
    *,
    observations: Path | None = None,
) -> dict[str, Any]:
    """``validate_scenario(...).to_dict()``, computed once per inputs, observations, ledger
    contents and settings and kept in the ledger (the report and the dashboard read it back)."""
    import hashlib
    import json

    from corridor.network.scenario import apply_overlays
    from corridor.planning.calibrate import default_observations

    path = observations or default_observations()
    key = hashlib.sha256()
    key.update(apply_overlays(scenario).digest.encode())
    key.update(path.read_bytes())
    key.update(repr(ledger.version()).encode())
    digest = key.hexdigest()
    stored = ledger.sim_results.find(digest, settings.key)
    if stored is not None:
        data: dict[str, Any] = json.loads(stored)
        return data
    text = json.dumps(validate_scenario(ledger, scenario, settings, observations=path).to_dict())
    data = json.loads(text)
    if not ledger.read_only:
        ledger.sim_results.add(
            scenario=f"validation of {scenario.name}",
            scenario_hash=digest,
            seed=settings.seed,
            replications=settings.replications,
            days=settings.days,
            rows=[],
            settings=settings.key,
            report=text,
        )
    return data
