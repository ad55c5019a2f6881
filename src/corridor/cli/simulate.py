"""``corridor simulate``: run a scenario through the simulation engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pyarrow as pa
import pyarrow.parquet as pq
import typer
from rich.table import Table

from corridor.cli._common import (
    AsOfOption,
    CalibrationOption,
    DaysOption,
    DbOption,
    JsonOption,
    LeverOption,
    ReplicationsOption,
    SeedOption,
    UncalibratedOption,
    WarmupOption,
    YearOption,
    console,
    open_ledger,
    progress_bar,
    user_errors,
)
from corridor.files import write_atomically
from corridor.locations import data_dir
from corridor.periods import parse_day
from corridor.planning import resolve_scenario
from corridor.planning import simulate as simulate_run
from corridor.sim.run import SimReport, StationResult
from corridor.sim.settings import RunSettings


def simulate(
    scenario: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario file (default: data/scenarios/baseline.yaml).", show_default=False
        ),
    ] = None,
    days: DaysOption = 365,
    replications: ReplicationsOption = 5,
    seed: SeedOption = 1,
    warmup_days: WarmupOption = 30,
    year: YearOption = None,
    as_of: AsOfOption = None,
    calibration: CalibrationOption = None,
    uncalibrated: UncalibratedOption = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the results as Parquet.")
    ] = None,
    lever: LeverOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Queues at both posts of every running crossing: times, throughput, overloads, 95 % CIs."""
    path = scenario or data_dir() / "scenarios" / "baseline.yaml"
    with user_errors(), open_ledger(db) as ledger:
        settings = RunSettings(days, replications, seed, warmup_days)
        resolved = resolve_scenario(
            ledger,
            path,
            tuple(lever or ()),
            year=year,
            as_of=None if as_of is None else parse_day(as_of),
            calibration=calibration,
            use_calibration=not uncalibrated,
        )
        with progress_bar("simulating", "runs") as step:
            report, reused = simulate_run(ledger, resolved, settings, progress=step)
    if out is not None:
        rows = [s.flat() for s in report.stations]
        table = pa.Table.from_pylist(
            [
                {
                    **{k: v for k, v in r.items() if k != "overload"},
                    "scenario_hash": report.scenario_hash,
                    "seed": report.seed,
                }
                for r in rows
            ]
        )
        with user_errors():
            write_atomically(out, lambda tmp: pq.write_table(table, tmp))
    if as_json:
        typer.echo(json.dumps({**report.to_dict(), "reused": reused}, indent=2))
        return
    _print(report, reused)


def _ci(s: StationResult, key: str, digits: int = 1) -> str:
    e = s.stats.get(key)
    if e is None:
        return "–"
    return f"{e.mean:.{digits}f} ({e.ci_low:.{digits}f}–{e.ci_high:.{digits}f})"


def _print(report: SimReport, reused: bool) -> None:
    out = console()
    st = report.settings
    out.print(
        f"[bold]Scenario {report.scenario}[/bold] · network as of {report.as_of} · "
        f"{report.trade_year} trade · {st.words} · hash {report.scenario_hash[:12]}"
        + (" · stored run" if reused else ""),
        highlight=False,
    )
    table = Table(
        "crossing",
        "direction",
        "vehicles/day",
        "capacity/day (limit)",
        "h at exit post",
        "h at entry post",
        "wait h",
        "throughput/day",
        "utilisation",
    )
    for s in report.stations:
        over = s.overload
        table.add_row(
            s.crossing,
            f"{s.exit_country}→{s.entry_country}",
            f"{s.vehicles_per_day:.1f}",
            f"{s.capacity_per_day:.1f} ({s.limited_by}, {s.bottleneck})",
            _ci(s, "exit_time_mean_h_shipments") if over is None else "[red]overloaded[/red]",
            _ci(s, "entry_time_mean_h_shipments")
            if over is None
            else f"[red]+{over.excess_per_day:,.1f}/day[/red]",
            _ci(s, "wait_mean_h")
            if over is None
            else f"queue +{over.queue_growth_per_day.mean:,.0f}/day",
            _ci(s, "throughput_per_day"),
            _ci(s, "utilisation", 2),
        )
    out.print(table)
    for note in report.notes:
        out.print(f"[yellow]note:[/yellow] {note}", highlight=False)
