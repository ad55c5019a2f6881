"""``corridor sweep``: a grid of scenario parameters × replications, in parallel, resumable."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pyarrow.compute as pc
import typer
from rich.table import Table

from corridor.cli._common import (
    AsOfOption,
    CalibrationOption,
    DaysOption,
    DbOption,
    LeverOption,
    RayOption,
    SeedOption,
    UncalibratedOption,
    WarmupOption,
    WorkersOption,
    YearOption,
    console,
    open_session,
    progress_bar,
    user_errors,
)
from corridor.periods import parse_day
from corridor.planning import sweep_scenario
from corridor.sim.settings import RunSettings
from corridor.sim.sweep import parse_param
from corridor.workspace import Workspace


def sweep_command(
    scenario: Annotated[
        Path, typer.Argument(help="The scenario to sweep: a file, or a name (baseline).")
    ],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            help="PATH=V1,V2,… (e.g. scenario.growth=1,1.5 or "
            "network.crossings.bakhty-baketu.posts.KAZ.outbound.lanes.value=2,4); repeatable: "
            "the grid is every combination.",
        ),
    ] = None,
    replications: Annotated[
        int, typer.Option(help="Replications per grid point.", min=1, max=1000)
    ] = 10,
    days: DaysOption = 365,
    seed: SeedOption = 1,
    warmup_days: WarmupOption = None,
    year: YearOption = None,
    as_of: AsOfOption = None,
    calibration: CalibrationOption = None,
    uncalibrated: UncalibratedOption = False,
    workers: WorkersOption = 1,
    ray: RayOption = None,
    out: Annotated[
        Path, typer.Option("--out", help="Results folder (Parquet parts; rerun to resume).")
    ] = Path("sweep-results"),
    lever: LeverOption = None,
    db: DbOption = None,
) -> None:
    """Run the grid; finished replications stream to Parquet and are not rerun."""
    with user_errors(), open_session(db) as session:
        params = dict(parse_param(p) for p in (param or []))
        settings = RunSettings(days, replications, seed, warmup_days)
        with progress_bar("sweep", "replications") as update:
            result = sweep_scenario(
                session,
                Workspace.default().scenario_file(scenario),
                params,
                out,
                settings,
                levers=tuple(lever or ()),
                workers=workers,
                ray_address=ray,
                progress=lambda done, total, _left: update(done, total),
                year=year,
                as_of=None if as_of is None else parse_day(as_of),
                calibration=calibration,
                use_calibration=not uncalibrated,
            )
        table = result.table()
    console().print(
        f"{result.tasks} replications ({len(result.points)} points × {replications}): "
        f"{result.ran} run now in {result.seconds:.1f} s, {result.skipped} already done; "
        f"results in {out}/",
        highlight=False,
    )
    summary = Table(
        "point", *params, "mean wait h", "mean utilisation", "value-hours per run, US$ bn·h"
    )
    for i, point in enumerate(result.points):
        rows = table.filter(pc.equal(table["point"], i))
        summary.add_row(
            str(i),
            *(str(point[k]) for k in params),
            f"{pc.mean(rows['wait_mean_h']).as_py():.2f}",
            f"{pc.mean(rows['utilisation']).as_py():.2f}",
            f"{pc.sum(rows['value_hours_delay_usd_h']).as_py() / 1e9 / replications:,.2f}",
        )
    console().print(summary)
