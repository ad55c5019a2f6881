"""``corridor capacity``: can the crossings carry a trade target?"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corridor.cli._common import (
    CalibrationOption,
    DbOption,
    JsonOption,
    LeverOption,
    UncalibratedOption,
    console,
    open_ledger,
    user_errors,
)
from corridor.periods import parse_day
from corridor.planning import resolve_scenario
from corridor.planning.capacity import CapacityReport, capacity_check
from corridor.workspace import Workspace


def capacity(
    target_usd: Annotated[
        float,
        typer.Option(
            "--target-usd", help="Bilateral trade value to carry, US$ a year.", min=1, max=1e13
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="The target's deadline (for the projection).", min=1990, max=2100
        ),
    ] = None,
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            help="Scenario naming the network, demand and base year (default: baseline).",
        ),
    ] = None,
    lever: LeverOption = None,
    base_year: Annotated[
        int | None,
        typer.Option(
            "--base-year",
            help="The year whose trade and network are scaled (default: the latest complete).",
            show_default=False,
            min=1990,
            max=2100,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The network in force on this date (default: 1 July of --year, the target's "
            "year, with the projects committed by then; else the base year's).",
            show_default=False,
        ),
    ] = None,
    calibration: CalibrationOption = None,
    uncalibrated: UncalibratedOption = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Trade value → tonnes → vehicles per crossing against capacity; which crossing binds, when."""
    path = Workspace.default().scenario_file(scenario)
    with user_errors(), open_ledger(db) as ledger:
        day = parse_day(as_of) if as_of is not None else None
        resolved = resolve_scenario(
            ledger,
            path,
            tuple(lever or ()),
            year=base_year,
            calibration=calibration,
            use_calibration=not uncalibrated,
            network_day=day if day is not None else None if year is None else date(year, 7, 1),
        )
        report = capacity_check(ledger, resolved, target_usd, year=year)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    _print(report)


def _print(r: CapacityReport) -> None:
    out = console()
    out.print(
        f"[bold]US${r.target_usd / 1e9:,.1f} bn of trade[/bold] = {r.scale:.2f} × {r.base_year} "
        f"(US${r.base_turnover_usd / 1e9:,.2f} bn)" + (f", deadline {r.year}" if r.year else ""),
        highlight=False,
    )
    table = Table(
        "crossing",
        "mode",
        "required Mt/yr",
        "capacity Mt/yr",
        "utilisation",
        "busier direction: vehicles/day needed / capacity (limit)",
        "binds at US$ bn",
        "binds in",
    )
    for c in r.crossings:
        d = max(c.directions, key=lambda x: x.utilisation)
        style = "red" if c.utilisation >= 1 else ""
        table.add_row(
            c.crossing,
            c.mode,
            f"{c.required_tonnes / 1e6:,.2f}",
            f"{c.capacity_tonnes / 1e6:,.2f}",
            f"[{style}]{100 * c.utilisation:,.0f} %[/{style}]"
            if style
            else f"{100 * c.utilisation:,.0f} %",
            f"{d.direction}: {d.required_vehicles_per_day:,.1f} / "
            f"{d.capacity_vehicles_per_day:,.1f} ({d.limited_by})",
            "–" if c.binds_at_usd is None else f"{c.binds_at_usd / 1e9:,.1f}",
            "–" if c.binds_year is None else str(c.binds_year),
        )
    out.print(table)
    if r.first_to_saturate:
        when = r.corridor_binds_year or "no year before 2075"
        out.print(
            f"first to saturate: {r.first_to_saturate} (binds in {when} "
            f"{r.projection.get('binds_year', '')})",
            highlight=False,
        )
    for note in r.notes:
        out.print(f"  note: {note}", highlight=False)
