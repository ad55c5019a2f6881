"""``corridor calibrate`` and ``corridor validate``: the model against what is measured."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corridor.cli._common import (
    CalibrationOption,
    DbOption,
    JsonOption,
    SeedOption,
    UncalibratedOption,
    WarmupOption,
    console,
    open_ledger,
    progress_bar,
    user_errors,
)
from corridor.locations import data_dir
from corridor.planning.calibrate import Calibration, calibrate_scenario, write_overlay
from corridor.planning.validate import Accuracy, Validation, validate_scenario
from corridor.sim.settings import RunSettings

ScenarioArgument = Annotated[
    Path | None,
    typer.Argument(
        help="Scenario file (default: data/scenarios/baseline.yaml).", show_default=False
    ),
]
ObservationsOption = Annotated[
    Path | None,
    typer.Option(
        "--observations",
        help="Observations CSV (id,crossing,side,direction,mode,year,measure,value,unit,source; "
        "default: data/corridor/observations.csv).",
        show_default=False,
    ),
]
HoldoutOption = Annotated[
    int | None,
    typer.Option(
        "--holdout-year",
        help="Leave this year's observations out of the fit (validate: then predict them).",
        show_default=False,
    ),
]


def calibrate_command(
    scenario: ScenarioArgument = None,
    observations: ObservationsOption = None,
    replications: Annotated[
        int, typer.Option(help="Replications of each evaluation (common random numbers).", min=1)
    ] = 2,
    seed: SeedOption = 1,
    warmup_days: WarmupOption = 30,
    max_iterations: Annotated[
        int, typer.Option("--max-iterations", help="Least-squares iterations at most.", min=1)
    ] = 12,
    holdout_year: HoldoutOption = None,
    out: Annotated[
        Path,
        typer.Option("--out", help="Where to write the fitted figures (a calibration overlay)."),
    ] = Path("corridor-calibration.yaml"),
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Fit the assumed figures (within their bounds) to the observations; write them as a
    calibration file and report the fit and what the data could not identify."""
    path = scenario or data_dir() / "scenarios" / "baseline.yaml"
    with user_errors(), open_ledger(db) as ledger:
        settings = RunSettings(365, replications, seed, warmup_days)
        with progress_bar("calibrating", "evaluations") as update:
            result = calibrate_scenario(
                ledger,
                path,
                settings,
                observations=observations,
                holdout_year=holdout_year,
                max_iterations=max_iterations,
                progress=update,
            )
        write_overlay(result, out)
    if as_json:
        typer.echo(json.dumps({**result.to_dict(), "out": str(out)}, indent=2, ensure_ascii=False))
        return
    _print_calibration(result, out)


def _print_calibration(c: Calibration, out_path: Path) -> None:
    out = console()
    out.print(
        f"[bold]Calibrated[/bold] on {len(c.used)} observations ({len(c.excluded)} left out) in "
        f"{c.seconds:,.0f} s, {c.evaluations} evaluations: objective {c.objective_before:.2f} → "
        f"{c.objective_after:.2f}; written to {out_path}",
        highlight=False,
    )
    table = Table("parameter", "assumed", "fitted", "bounds", "identified", "informed by", "note")
    for p in c.parameters:
        table.add_row(
            p.name,
            f"{p.assumed:g}",
            f"{p.fitted:.3g}",
            f"{p.bounds[0]:g}–{p.bounds[1]:g}",
            "yes" if p.identified else "[yellow]no[/yellow]",
            ", ".join(p.observations[:4]),
            p.note,
        )
    out.print(table)
    fit = Table("observation", "simulated before", "after")
    for rid in c.used:
        b, a = c.fit_before.get(rid), c.fit_after.get(rid)
        fit.add_row(rid, "–" if b is None else f"{b:,.1f}", "–" if a is None else f"{a:,.1f}")
    out.print(fit)


def validate_command(
    scenario: ScenarioArgument = None,
    observations: ObservationsOption = None,
    replications: Annotated[int, typer.Option(help="Replications.", min=1)] = 4,
    seed: SeedOption = 1,
    warmup_days: WarmupOption = 30,
    calibration: CalibrationOption = None,
    uncalibrated: UncalibratedOption = False,
    holdout_year: HoldoutOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """For each observation: observed, simulated mean, its 95 % interval and the ratio; with
    --holdout-year, calibrate on the other years and predict that one."""
    path = scenario or data_dir() / "scenarios" / "baseline.yaml"
    with user_errors(), open_ledger(db) as ledger:
        settings = RunSettings(365, replications, seed, warmup_days)
        with progress_bar("validating", "periods") as update:
            result = validate_scenario(
                ledger,
                path,
                settings,
                observations=observations,
                calibration=calibration,
                use_calibration=not uncalibrated,
                holdout_year=holdout_year,
                progress=update,
            )
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    _print_validation(result)


def _acc(a: Accuracy) -> str:
    if not a.evaluated or a.median_abs_log_ratio is None:
        return "nothing evaluated"
    within = 100 * (a.within_factor_2 or 0)
    return (
        f"{a.evaluated} rows, median ratio {a.median_ratio:.2f}, {within:.0f} % "
        f"within a factor of 2 (median |log ratio| {a.median_abs_log_ratio:.2f})"
    )


def _print_validation(v: Validation) -> None:
    out = console()
    out.print(
        f"[bold]{v.scenario}[/bold] against the observations"
        + (f" (calibration {v.calibration})" if v.calibration else " (uncalibrated)")
        + f": {_acc(v.accuracy)}",
        highlight=False,
    )
    table = Table(
        "id",
        "crossing",
        "side",
        "dir",
        "year",
        "measure",
        "observed",
        "simulated (95 % CI)",
        "ratio",
        "note",
    )
    for c in v.observations:
        sim = (
            "–"
            if c.simulated is None or c.simulated_ci is None
            else f"{c.simulated:,.1f} ({c.simulated_ci[0]:,.1f}–{c.simulated_ci[1]:,.1f})"
        )
        table.add_row(
            c.id + (" *" if c.held_out else ""),
            c.crossing,
            c.side,
            c.direction,
            c.year,
            c.measure,
            f"{c.observed:,.1f}",
            sim,
            "–" if c.ratio is None else f"{c.ratio:.2f}",
            c.note[:80],
        )
    out.print(table)
    for m, a in v.by_measure.items():
        out.print(f"  {m}: {_acc(a)}", highlight=False)
    if v.out_of_sample is not None:
        out.print(
            f"[bold]out of sample ({v.holdout_year}, rows marked *):[/bold] "
            + _acc(v.out_of_sample),
            highlight=False,
        )
    for n in v.notes:
        out.print(f"  note: {n}", highlight=False)
