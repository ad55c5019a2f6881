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
    DbOption,
    JsonOption,
    LeverOption,
    console,
    open_ledger,
    progress_bar,
    user_errors,
)
from corridor.locations import data_dir
from corridor.network.scenario import resolve_scenario
from corridor.sim.run import SimReport, StationResult, run_scenario, store_report


def simulate(
    scenario: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario file (default: data/scenarios/baseline.yaml).", show_default=False
        ),
    ] = None,
    days: Annotated[int, typer.Option(help="Simulated days.", min=1, max=3660)] = 365,
    replications: Annotated[
        int, typer.Option(help="Independent replications.", min=1, max=1000)
    ] = 10,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same numbers.")] = 1,
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the results as Parquet.")
    ] = None,
    lever: LeverOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Queues at every enabled crossing: waits, throughput, utilisation, backlog, with 95 % CIs."""
    path = scenario or data_dir() / "scenarios" / "baseline.yaml"
    with user_errors(), open_ledger(db) as ledger:
        with progress_bar("simulating", "runs") as step:
            resolved = resolve_scenario(path, tuple(lever or ()), ledger=ledger)
            report = run_scenario(
                ledger,
                resolved,
                days=days,
                replications=replications,
                seed=seed,
                progress=step,
            )
        run_id = store_report(ledger, report)
    if out is not None:
        rows = [s.flat() for s in report.stations]
        table = pa.Table.from_pylist(
            [
                {**r, "scenario_hash": report.scenario_hash, "seed": report.seed, "run_id": run_id}
                for r in rows
            ]
        )
        pq.write_table(table, out)
    if as_json:
        typer.echo(json.dumps({**report.to_dict(), "run_id": run_id}, indent=2))
        return
    _print(report, run_id)


def _ci(s: StationResult, key: str, digits: int = 1) -> str:
    e = s.stats[key]
    return f"{e.mean:.{digits}f} ({e.ci_low:.{digits}f}–{e.ci_high:.{digits}f})"


def _print(report: SimReport, run_id: int) -> None:
    out = console()
    out.print(
        f"[bold]Scenario {report.scenario}[/bold] · {report.days} days × "
        f"{report.replications} replications · seed {report.seed} · run {run_id} · "
        f"hash {report.scenario_hash[:12]}"
    )
    table = Table(
        "crossing",
        "direction",
        "vehicles/day",
        "wait h (95 % CI)",
        "p95 wait h",
        "throughput/day",
        "utilisation",
        "backlog at end",
    )
    for s in report.stations:
        table.add_row(
            s.crossing,
            s.direction,
            f"{s.vehicles_per_day:.1f}",
            _ci(s, "wait_mean_h"),
            _ci(s, "wait_p95_h"),
            _ci(s, "throughput_per_day"),
            _ci(s, "utilisation", 2),
            _ci(s, "backlog", 0),
        )
    out.print(table)
    for note in report.notes:
        out.print(f"[yellow]note:[/yellow] {note}", highlight=False)
