"""Validation: every observation against the model simulated over its own period, in sample and
out of sample by rolling origin.

``validate`` gives, for each row of the observations, the observed figure, the simulated mean,
its 95 % interval over the replications and the ratio simulated / observed. Nothing is dropped: a
row the model cannot evaluate (a measure it does not simulate, a crossing closed then, no trade
for its year) has ``simulated: null`` and its reason; a direction overloaded in the model still
gives its figure, which is scored (an overload is a prediction).

Accuracy is reported per family of measure (``times``, ``counts``, ``queues``: never one blended
share) and per crossing, for actual figures (capacities, plans and limits are compared with the
model's capacity and listed apart).

**Out of sample by rolling origin.** For each year ``Y`` held, the model is calibrated on the
observations of the years before ``Y`` (:func:`corridor.planning.calibrate.calibrate` with
``before_year``), its traffic set by the counts of those years only, and then predicts the rows
of ``Y``. ``--holdout-year Y`` does one origin; ``--rolling-origin`` every year that has rows and
earlier years to fit on. The table is stored (``data/corridor/validation.json``, with its settings
and the hashes of its inputs) and read back by the report, the dashboard and ``corridor
validate``, so that all three show the same run.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from corridor.errors import InputError
from corridor.ledger import Ledger
from corridor.network.observations import Observation
from corridor.network.scenario import ScenarioInputs
from corridor.planning.calibrate import calibrate
from corridor.planning.evaluate import Evaluator, Simulated, family
from corridor.planning.parameters import find_parameters
from corridor.sim.executor import Executor, Serial
from corridor.sim.run import confidence_interval
from corridor.sim.settings import RunSettings
from corridor.workspace import Workspace

FAMILIES = ("times", "counts", "queues")


@dataclass(frozen=True)
class Check:
    """One observation against the model (a row of ``corridor validate --json``)."""

    id: str
    crossing: str
    side: str
    direction: str
    mode: str
    period: str  # start..end
    measure: str
    family: str
    unit: str
    kind: str
    weight: float
    observed: float
    observed_range: tuple[float, float]
    simulated: float | None
    simulated_ci: tuple[float, float] | None
    ratio: float | None
    scored: bool  # counted in the accuracy (an actual figure with a simulated value)
    note: str
    sample: str = "in"  # "in", or "out" (predicted by a model fitted without it)
    origin: int | None = None  # out of sample: the year predicted


@dataclass(frozen=True)
class Accuracy:
    """How far the model is from the rows it scores."""

    evaluated: int
    median_abs_log_ratio: float | None
    within_factor_2: float | None  # share of rows with 0.5 ≤ ratio ≤ 2
    median_ratio: float | None


@dataclass(frozen=True)
class Validation:
    scenario: str
    calibration: str | None
    settings: RunSettings
    observations: tuple[Check, ...]  # in sample, every row
    by_family: dict[str, Accuracy]
    by_crossing: dict[str, dict[str, Accuracy]]
    out_of_sample: tuple[Check, ...] = ()
    out_by_family: dict[str, Accuracy] = field(default_factory=dict)
    out_by_crossing: dict[str, dict[str, Accuracy]] = field(default_factory=dict)
    origins: tuple[dict[str, Any], ...] = ()  # per year predicted: what it was fitted on
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _shown(path: Path) -> str:
    """A shipped file by its path in the project (data/…), a user's as given."""
    return Workspace.default().shown(path)


def check(o: Observation, s: Simulated, *, sample: str = "in", origin: int | None = None) -> Check:
    """One row's comparison (module docstring)."""
    observed = o.value if s.compared is None else s.compared
    scale = observed / o.value if o.value else 1.0
    sim = ci = ratio = None
    note = s.note
    if s.values is not None:
        est = confidence_interval(list(s.values))
        sim, ci = est.mean, (est.ci_low, est.ci_high)
        ratio = sim / observed if observed > 0 else None
        if observed == 0:
            note = "; ".join(x for x in (note, "observed zero: no ratio") if x)
    scored = o.kind == "actual" and ratio is not None and ratio > 0
    return Check(
        o.id,
        o.crossing,
        o.side,
        o.direction,
        o.mode,
        f"{o.period.start.isoformat()}..{o.period.end.isoformat()}",
        o.measure,
        family(o.measure),
        o.unit,
        o.kind,
        o.weight,
        observed,
        (o.low * scale, o.high * scale),
        sim,
        ci,
        ratio,
        scored,
        note,
        sample,
        origin,
    )


def accuracy(checks: Sequence[Check]) -> Accuracy:
    ratios = [c.ratio for c in checks if c.scored and c.ratio is not None]
    if not ratios:
        return Accuracy(0, None, None, None)
    logs = np.abs(np.log(ratios))
    return Accuracy(
        len(ratios),
        float(np.median(logs)),
        float(np.mean(logs <= math.log(2) + 1e-12)),
        float(np.median(ratios)),
    )


def tables(checks: Sequence[Check]) -> tuple[dict[str, Accuracy], dict[str, dict[str, Accuracy]]]:
    """Accuracy by family, and by crossing and family."""
    by_family = {f: accuracy([c for c in checks if c.family == f]) for f in FAMILIES}
    by_crossing: dict[str, dict[str, Accuracy]] = {}
    for cid in sorted({c.crossing for c in checks}):
        mine = [c for c in checks if c.crossing == cid]
        row = {f: accuracy([c for c in mine if c.family == f]) for f in FAMILIES}
        row = {f: a for f, a in row.items() if a.evaluated}
        if row:
            by_crossing[cid] = row
    return by_family, by_crossing


def origin_years(
    observations: Sequence[Observation], *, earlier: int = 5, within: int = 8
) -> list[int]:
    """The years a rolling origin predicts: each year with at least ``within`` actual rows of
    its own and ``earlier`` actual rows of the years before it to fit on."""
    actual = [o for o in observations if o.simulated and o.kind == "actual"]
    out = []
    for y in sorted({o.period.end.year for o in actual}):
        before = sum(1 for o in actual if o.period.end.year < y)
        own = sum(1 for o in actual if o.period.end.year == y)
        if before >= earlier and own >= within:
            out.append(y)
    return out


def predict_year(
    ledger: Ledger,
    base: ScenarioInputs,
    observations: tuple[Observation, ...],
    settings: RunSettings,
    year: int,
    *,
    max_iterations: int = 12,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
) -> tuple[list[Check], dict[str, Any]]:
    """One rolling origin: calibrated on the years before ``year`` (counts too), then the rows
    of ``year`` predicted."""
    held = tuple(o for o in observations if o.period.end.year == year and o.simulated)
    if not held:
        raise InputError(f"no observation in {year} to predict")
    fit = calibrate(
        ledger,
        base,
        observations,
        settings,
        before_year=year,
        max_iterations=max_iterations,
        progress=progress,
        executor=executor,
    )
    params = find_parameters(base.network, base.demand)
    ev = Evaluator(
        ledger, base, held, settings, params, counts_before=year, executor=executor or Serial()
    )
    values = {p.name: p.value for p in params} | fit.values
    predicted = ev.run(values)
    checks = [check(o, predicted[o.id], sample="out", origin=year) for o in held]
    return checks, {
        "year": year,
        "fitted_on": len(fit.used),
        "identified": [p.name for p in fit.parameters if p.identified],
        "predicted": len(held),
        "seconds": round(fit.seconds, 1),
    }


def validate(
    ledger: Ledger,
    inputs: ScenarioInputs,
    observations: tuple[Observation, ...],
    settings: RunSettings,
    *,
    holdout_years: Sequence[int] = (),
    progress: Callable[[int, int], None] | None = None,
    base: ScenarioInputs | None = None,
    max_iterations: int = 12,
    executor: Executor | None = None,
) -> Validation:
    """Every observation against the model (module docstring).

    ``inputs``: the scenario as run (with its calibration); ``base``: the same without
    calibration, which each rolling origin calibrates afresh (default ``inputs``);
    ``holdout_years``: the years predicted out of sample.
    """
    params = find_parameters(inputs.network, inputs.demand)
    evaluator = Evaluator(
        ledger, inputs, observations, settings, params, progress=progress,
        executor=executor or Serial(),
    )  # fmt: skip
    sims = evaluator.run({p.name: p.value for p in params})
    checks = [check(o, sims[o.id]) for o in observations]
    by_family, by_crossing = tables(checks)
    notes = [
        "ratio = simulated / observed; capacities, plans and limits are compared with the "
        "model's capacity and left out of the accuracy",
        "counts in sample are matched by construction where they set the traffic "
        "(corridor.planning.counts): their out-of-sample figure is the one that tells",
    ]
    out: list[Check] = []
    origins: list[dict[str, Any]] = []
    years = {o.period.end.year for o in observations if o.simulated}
    for y in holdout_years:
        if y not in years:
            raise InputError(
                f"no observation in {y} to hold out; the observations cover "
                f"{', '.join(map(str, sorted(years)))}"
            )
        predicted, about = predict_year(
            ledger, base or inputs, observations, settings, y, max_iterations=max_iterations,
            executor=executor,
        )  # fmt: skip
        out.extend(predicted)
        origins.append(about)
    if holdout_years:
        notes.append(
            "out of sample by rolling origin: for each year predicted, the model was calibrated "
            "on the rows of the years before it and its traffic set by their counts only"
        )
    out_family, out_crossing = tables(out)
    return Validation(
        scenario=inputs.name,
        calibration=None if inputs.calibration is None else _shown(inputs.calibration),
        settings=settings,
        observations=tuple(checks),
        by_family=by_family,
        by_crossing=by_crossing,
        out_of_sample=tuple(out),
        out_by_family=out_family if out else {},
        out_by_crossing=out_crossing if out else {},
        origins=tuple(origins),
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
    holdout_years: Sequence[int] = (),
    rolling_origin: bool = False,
    events: tuple[Path, ...] = (),
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
) -> Validation:
    """Validate the scenario (with its calibration, or ``calibration``) against the
    observations file (default: the scenario's own); ``rolling_origin``: predict every year
    :func:`origin_years` gives."""
    from corridor.network.observations import read_observations
    from corridor.network.scenario import apply_overlays
    from corridor.planning.calibrate import default_observations

    inputs = apply_overlays(
        scenario, calibration=calibration, use_calibration=use_calibration, events=events
    )
    base = apply_overlays(scenario, use_calibration=False, events=events)
    rows = read_observations(
        observations or inputs.observations or default_observations(), inputs.network
    )
    years = list(holdout_years)
    if rolling_origin:
        years = sorted(set(years) | set(origin_years(rows)))
    return validate(
        ledger, inputs, rows, settings, holdout_years=years, progress=progress, base=base,
        executor=executor,
    )  # fmt: skip


#: the inputs a stored validation was computed from (paths under the data folder)
STORED_INPUTS = (
    "scenarios/baseline.yaml",
    "corridor/kaz-chn.yaml",
    "corridor/demand.yaml",
    "corridor/observations.csv",
    "corridor/events.csv",
    "corridor/calibrated.yaml",
    "ledger/manifest.yaml",
)


def stored_digests(workspace: Workspace | None = None) -> dict[str, str]:
    """SHA-256 of each file a stored validation depends on, as they are now: the corridor's
    files and every file of the embedded trade data its manifest lists (with their mappings)."""
    from corridor.ledger import read_manifest

    root = (workspace or Workspace.default()).root
    names = list(STORED_INPUTS)
    if (root / "ledger" / "manifest.yaml").is_file():
        manifest = read_manifest(root / "ledger")
        for f in manifest.files:
            stem = f.file.rsplit(".", 1)[0]
            names += [f"ledger/{f.file}", f"ledger/{stem}.mapping.yaml"]
        names.append(f"ledger/{manifest.coverage_notes}")
    return {
        name: hashlib.sha256((root / name).read_bytes()).hexdigest()
        for name in names
        if (root / name).is_file()
    }


def stored_validation(workspace: Workspace | None = None) -> dict[str, Any] | None:
    """The stored validation (``data/corridor/validation.json``, written by ``corridor validate
    --rolling-origin --store``): in sample and by rolling origin, with ``current`` saying
    whether the files it was computed from are unchanged."""
    ws = workspace or Workspace.default()
    path = ws.validation
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    data["current"] = data.get("inputs") == stored_digests(ws)
    return data


def store_validation(v: Validation, seconds: float, workspace: Workspace | None = None) -> Path:
    """Write a validation of a workspace's data as its stored one (atomically)."""
    from corridor.files import write_text_atomically

    ws = workspace or Workspace.default()
    record = v.to_dict() | {
        "command": "corridor validate --rolling-origin --store",
        "seconds": round(seconds, 1),
        "inputs": stored_digests(ws),
    }
    path = ws.validation
    write_text_atomically(path, json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    return path
