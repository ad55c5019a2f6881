"""``corridor network …``: the corridor as data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corridor.cli._common import JsonOption, console, user_errors
from corridor.locations import data_dir
from corridor.network import Network, network_hash, read_network

app = typer.Typer(
    help="The corridor as data: crossings, lanes, schedules, gauge change.", no_args_is_help=True
)

FileOption = Annotated[
    Path | None,
    typer.Option("--file", help="Network file (default: data/corridor/kaz-chn.yaml)."),
]


def _path(file: Path | None) -> Path:
    return file or data_dir() / "corridor" / "kaz-chn.yaml"


@app.command()
def show(file: FileOption = None, as_json: JsonOption = False) -> None:
    """List the crossings with their mode, status, hours, lanes and capacities."""
    path = _path(file)
    with user_errors():
        network = read_network(path)
    if as_json:
        data = network.model_dump(mode="json")
        data["sha256"] = network_hash(path)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print(network)


@app.command()
def check(file: Annotated[Path, typer.Argument(help="Network file to validate.")]) -> None:
    """Validate a network file; say what is wrong and where."""
    with user_errors():
        network = read_network(file)
    enabled = sum(c.enabled for c in network.crossings)
    typer.echo(
        f"{file}: valid — {len(network.crossings)} crossings ({enabled} enabled), "
        f"{len(network.conflicts)} recorded conflicts, sha256 {network_hash(file)[:12]}"
    )


def _print(network: Network) -> None:
    out = console()
    table = Table(
        "id",
        "mode",
        "status",
        "sides",
        "hours/day",
        "lanes each way",
        "h per vehicle",
        "capacity",
        title=f"{network.name} crossings",
        title_justify="left",
    )
    for c in network.crossings:
        lanes = c.directions.get("a_to_b")
        capacity = "; ".join(
            f"{f.value:g} {f.unit}" + (f" ({f.as_of})" if f.as_of else "")
            for f in c.capacity.values()
        )
        table.add_row(
            c.id,
            c.mode,
            c.status + ("" if c.enabled else " (off)"),
            f"{c.kz_side} / {c.cn_side}",
            "–" if c.schedule is None else f"{c.schedule.hours_per_day.value:g}",
            "–"
            if lanes is None
            else f"{lanes.lanes.value:g}"
            + (f" ({lanes.green_lanes.value:g} green)" if lanes.green_lanes else ""),
            "–" if lanes is None else f"{lanes.service_hours.value:g}",
            capacity or "–",
        )
    out.print(table)
    for k in network.conflicts:
        out.print(
            f"[yellow]conflict:[/yellow] {k.about}: {' vs '.join(k.values)} → chose "
            f"{k.chosen} ({k.reason})",
            highlight=False,
        )
