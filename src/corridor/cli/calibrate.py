"""``corridor calibrate`` and ``corridor validate``: the model against what is measured."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from corridor.cli._common import (
    CalibrationOption,
    DbOption,
    EventsOption,
    JsonOption,
    RayOption,
    SeedOption,
    UncalibratedOption,
    WarmupOption,
    WorkersOption,
    console,
    open_ledger,
    progress_bar,
    user_errors,
)
from corridor.planning.calibrate import Calibration, calibrate_scenario, write_overlay
from corridor.planning.validate import validate_scenario
from corridor.sim.executor import Executor, make_executor
from corridor.sim.settings import RunSettings
from corridor.workspace import Workspace

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
        min=1990,
        max=2100,
    ),
]


def calibrate_command(
    scenario: ScenarioArgument = None,
    observations: ObservationsOption = None,
    replications: Annotated[
        int,
        typer.Option(
            help="Replications of each evaluation (common random numbers).", min=1, max=100
        ),
    ] = 2,
    seed: SeedOption = 1,
    warmup_days: WarmupOption = None,
    max_iterations: Annotated[
        int,
        typer.Option(
            "--max-iterations", help="Least-squares iterations at most.", min=1, max=10_000
        ),
    ] = 12,
    holdout_year: HoldoutOption = None,
    events: EventsOption = None,
    out: Annotated[
        Path,
        typer.Option("--out", help="Where to write the fitted figures (a calibration overlay)."),
    ] = Path("corridor-calibration.yaml"),
    workers: WorkersOption = 1,
    ray: RayOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Fit the assumed figures (within their bounds) to the observations; write them as a
    calibration file and report the fit and what the data could not identify."""
    path = Workspace.default().scenario_file(scenario)
    with user_errors(), open_ledger(db) as ledger, _executor(workers, ray) as executor:
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
                events=tuple(events or ()),
                executor=executor,
            )
        write_overlay(result, out)
    if as_json:
        typer.echo(json.dumps({**result.to_dict(), "out": str(out)}, indent=2, ensure_ascii=False))
        return
    _print_calibration(result, out)


@contextlib.contextmanager
def _executor(workers: int, ray: str | None) -> Iterator[Executor]:
    """The executor of ``--workers``/``--ray``, closed after the command."""
    executor = make_executor(workers, ray)
    try:
        yield executor
    finally:
        executor.close()


def _print_calibration(c: Calibration, out_path: Path) -> None:
    out = console()
    out.print(
        f"[bold]Calibrated[/bold] on {len(c.used)} observations ({len(c.excluded)} left out) in "
        f"{c.seconds:,.0f} s, {c.evaluations} evaluations: objective {c.objective_before:.2f} → "
        f"{c.objective_after:.2f}; written to {out_path}",
        highlight=False,
    )
    table = Table(
        "parameter", "regime", "assumed", "fitted", "log s.d. (prior)", "bounds", "identified",
        "informed by", "note",
    )  # fmt: skip
    for p in c.parameters:
        table.add_row(
            p.name,
            p.regime,
            f"{p.assumed:g}",
            f"{p.fitted:.3g}",
            ("–" if p.log_sd is None else f"{p.log_sd:.2f}") + f" ({p.prior_log_sd:.2f})",
            f"{p.bounds[0]:g}–{p.bounds[1]:g}",
            "yes" if p.identified else "[yellow]no: assumption kept[/yellow]",
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
    replications: Annotated[int, typer.Option(help="Replications.", min=1, max=100)] = 4,
    seed: SeedOption = 1,
    warmup_days: WarmupOption = None,
    calibration: CalibrationOption = None,
    uncalibrated: UncalibratedOption = False,
    holdout_year: Annotated[
        list[int] | None,
        typer.Option(
            "--holdout-year",
            help="Predict this year out of sample: calibrate on the years before it (and set "
            "the traffic by their counts), then predict its rows; repeatable.",
            show_default=False,
            min=1990,
            max=2100,
        ),
    ] = None,
    rolling_origin: Annotated[
        bool,
        typer.Option(
            "--rolling-origin",
            help="Predict every year that has earlier years to fit on (minutes).",
        ),
    ] = False,
    store: Annotated[
        bool,
        typer.Option(
            "--store",
            help="Keep this run as the validation the report and the dashboard show "
            "(data/corridor/validation.json; the shipped scenario and observations only).",
        ),
    ] = False,
    recompute: Annotated[
        bool,
        typer.Option("--recompute", help="Compute afresh even when a stored run is current."),
    ] = False,
    events: EventsOption = None,
    workers: WorkersOption = 1,
    ray: RayOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """For each observation: observed, simulated over its own period, its 95 % interval and the
    ratio; accuracy by measure (times, counts, queues) and crossing, in sample and out of sample
    by rolling origin. Without options it shows the stored run when it is current."""
    import time

    from corridor.planning.validate import store_validation, stored_validation

    path = Workspace.default().scenario_file(scenario)
    default = (
        scenario is None
        and observations is None
        and calibration is None
        and not uncalibrated
        and not events
    )
    if store and not default:
        raise typer.BadParameter(
            "--store keeps the run of the shipped scenario and observations only",
            param_hint="--store",
        )
    if default and not (holdout_year or rolling_origin or recompute or store):
        kept = stored_validation()
        if kept is not None and kept.get("current"):
            if as_json:
                typer.echo(json.dumps(kept, indent=2, ensure_ascii=False))
            else:
                _print_stored(kept)
            return
    with user_errors(), open_ledger(db) as ledger, _executor(workers, ray) as executor:
        settings = RunSettings(365, replications, seed, warmup_days)
        started = time.perf_counter()
        with progress_bar("validating", "periods") as update:
            result = validate_scenario(
                ledger,
                path,
                settings,
                observations=observations,
                calibration=calibration,
                use_calibration=not uncalibrated,
                holdout_years=tuple(holdout_year or ()),
                rolling_origin=rolling_origin,
                events=tuple(events or ()),
                progress=update,
                executor=executor,
            )
        if store:
            store_validation(result, time.perf_counter() - started)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    _print_stored(json.loads(json.dumps(result.to_dict())))


def _acc(a: dict[str, Any] | None) -> str:
    if not a or not a.get("evaluated") or a.get("median_abs_log_ratio") is None:
        return "nothing scored"
    within = 100 * (a.get("within_factor_2") or 0)
    return (
        f"{a['evaluated']} rows, median ratio {a['median_ratio']:.2f}, {within:.0f} % "
        f"within a factor of 2 (median |log ratio| {a['median_abs_log_ratio']:.2f})"
    )


def _print_stored(v: dict[str, Any]) -> None:
    out = console()
    settings = v["settings"]
    warm = settings.get("warmup_days")
    out.print(
        f"[bold]{v['scenario']}[/bold] against the observations"
        + (f" (calibration {v['calibration']})" if v.get("calibration") else " (uncalibrated)")
        + f"; {settings['replications']} replications, seed {settings['seed']}, warm-up "
        + ("MSER-5" if warm is None else f"{warm} days")
        + (" · stored run" if "current" in v else ""),
        highlight=False,
    )
    rows = [*v["observations"], *v.get("out_of_sample", [])]
    table = Table(
        "id", "sample", "crossing", "side", "dir", "period", "measure", "observed",
        "simulated (95 % CI)", "ratio", "note",
    )  # fmt: skip
    for c in rows:
        ci = c.get("simulated_ci")
        sim = (
            "–"
            if c["simulated"] is None or ci is None
            else f"{c['simulated']:,.1f} ({ci[0]:,.1f}–{ci[1]:,.1f})"
        )
        table.add_row(
            c["id"],
            c["sample"] if c["sample"] == "in" else f"out {c['origin']}",
            c["crossing"],
            c["side"],
            c["direction"],
            c["period"],
            c["measure"],
            f"{c['observed']:,.1f}",
            sim,
            "–" if c["ratio"] is None else f"{c['ratio']:.2f}",
            c["note"][:80],
        )
    out.print(table)
    for fam in ("times", "counts", "queues"):
        out.print(f"  {fam}, in sample: {_acc(v['by_family'].get(fam))}", highlight=False)
        if v.get("out_by_family"):
            out.print(
                f"  [bold]{fam}, out of sample:[/bold] {_acc(v['out_by_family'].get(fam))}",
                highlight=False,
            )
    for n in v.get("notes", []):
        out.print(f"  note: {n}", highlight=False)
    if "current" in v and not v["current"]:
        out.print(
            "[yellow]the files this run was computed from have changed: rerun "
            "corridor validate --rolling-origin --store[/yellow]"
        )
