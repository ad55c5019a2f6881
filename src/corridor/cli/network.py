"""``corridor network …``: the corridor as data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corridor.cli._common import JsonOption, console, user_errors
from corridor.network import Crossing, Network, network_hash, read_network
from corridor.periods import parse_day
from corridor.workspace import Workspace

app = typer.Typer(
    help="The corridor as data: crossings, lanes, schedules, gauge change.", no_args_is_help=True
)

FileOption = Annotated[
    Path | None,
    typer.Option("--file", help="Network file (default: data/corridor/kaz-chn.yaml)."),
]


def _path(file: Path | None) -> Path:
    return file or Workspace.of().network


@app.command()
def show(
    file: FileOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="The network in force on this date (2021, 2021-12 or 2021-12-09)."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the crossings with their mode, status, both posts' hours, lanes and limits."""
    with user_errors():
        path = _path(file)
        network = read_network(path)
        if as_of is not None:
            network = network.at(parse_day(as_of))
    if as_json:
        data = json.loads(network.model_dump_json())
        data["sha256"] = network_hash(path)
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print(network)


@app.command()
def check(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Network file to validate (default: the workspace's).", show_default=False
        ),
    ] = None,
) -> None:
    """Validate a network file; say what is wrong and where."""
    with user_errors():
        file = file or Workspace.of().network
        network = read_network(file)
        boundaries = Workspace.of().boundaries
    enabled = sum(c.enabled for c in network.crossings)
    typer.echo(
        f"{file}: valid — {len(network.crossings)} crossings ({enabled} enabled), "
        f"{len(network.conflicts)} recorded conflicts, sha256 {network_hash(file)[:12]}"
    )
    from corridor.network.geo import MAX_BORDER_KM, misplaced

    a, b = network.countries
    points = [
        (c.id, c.position.lat, c.position.lon)
        for c in network.crossings
        if c.position is not None and c.mode != "river"
    ]
    for p in misplaced(points, a, b, boundaries):
        typer.echo(
            f"  warning: {p.crossing} is {p.distance_km:,.0f} km from the {a}–{b} border "
            f"(more than {MAX_BORDER_KM:.0f} km; the nearest border point is "
            f"{p.nearest_lat:.2f}° N {p.nearest_lon:.2f}° E): check its position"
        )


def _stage_text(c: Crossing, country: str) -> str:
    post = c.posts.get(country)
    if post is None:
        return "–"
    hours = post.schedule.hours_per_day.value
    out, inb = post.outbound, post.inbound
    text = (
        f"{hours:g} h; out {out.lanes.value:g}×{out.service_hours.value:g} h, "
        f"in {inb.lanes.value:g}×{inb.service_hours.value:g} h"
    )
    limits = [s.daily_limit.value for s in (out, inb) if s.daily_limit is not None]
    if any(v < float("inf") for v in limits):
        text += "; daily limit " + "/".join(f"{v:g}" for v in limits if v < float("inf"))
    if inb.gauge_change is not None:
        text += f"; gauge {inb.gauge_change.trains_per_day.value:g}/day"
    if out.transload is not None:
        text += "; transload"
    return text


def _print(network: Network) -> None:
    out = console()
    a, b = network.countries
    when = f" as of {network.as_of}" if network.as_of else ""
    table = Table(
        "id",
        "mode",
        "status",
        "posts",
        f"{a} post: hours; lanes × h a vehicle",
        f"{b} post",
        "capacity",
        title=f"{network.name} crossings{when}",
        title_justify="left",
    )
    for c in network.crossings:
        capacity = "; ".join(
            f"{f.value:g} {f.unit}" + (f" ({f.as_of})" if f.as_of else "")
            for f in c.capacity.values()
        )
        status = c.status_on(network.as_of) if network.as_of else c.status
        table.add_row(
            c.id,
            c.mode,
            status + ("" if c.enabled else " (off)"),
            " / ".join(c.sides[k] for k in network.countries),
            _stage_text(c, a),
            _stage_text(c, b),
            capacity or "–",
        )
    out.print(table)
    for k in network.conflicts:
        out.print(
            f"[yellow]conflict:[/yellow] {k.about}: {' vs '.join(k.values)} → chose "
            f"{k.chosen} ({k.reason})",
            highlight=False,
        )
