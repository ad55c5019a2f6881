"""``corridor simulate``: run a scenario through the simulation engine."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import pyarrow as pa
import pyarrow.parquet as pq
import typer
from rich.table import Table

from corridor.cli._common import (
    AsOfOption,
    CalibrationOption,
    DaysOption,
    DbOption,
    EventsOption,
    JsonOption,
    LevelsOption,
    LeverOption,
    RayOption,
    ReplicationsOption,
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
from corridor.files import write_atomically, write_text_atomically
from corridor.periods import parse_day, parse_period, within_years
from corridor.planning import resolve_scenario
from corridor.planning import simulate as simulate_run
from corridor.sim.replay import daily_rows, peaks
from corridor.sim.run import SimReport, StationResult
from corridor.sim.settings import RunSettings
from corridor.workspace import Workspace


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
    warmup_days: WarmupOption = None,
    levels: LevelsOption = False,
    year: YearOption = None,
    as_of: AsOfOption = None,
    calibration: CalibrationOption = None,
    uncalibrated: UncalibratedOption = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the results as Parquet.")
    ] = None,
    lever: LeverOption = None,
    events: EventsOption = None,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Replay a period from this day (2025-11-01): the network, demand and events in "
            "force on each day, day by day; with --to.",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="The last day replayed (with --from).", show_default=False),
    ] = None,
    workers: WorkersOption = 1,
    ray: RayOption = None,
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help="Also draw the queues day by day as an SVG chart."),
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Queues at both posts of every running crossing: times, throughput, overloads, 95 % CIs;
    with --from/--to, a period replayed day by day (peak queue and when it clears)."""
    path = Workspace.default().scenario_file(scenario)
    window = _window(from_, to, year, as_of)
    with (
        user_errors(),
        open_session(db, workers=workers, ray_address=ray) as session,
        session.ledger() as ledger,
    ):
        if window is not None:
            first, last = window
            settings = RunSettings((last - first).days + 1, replications, seed, warmup_days, levels)
            middle = first + dt.timedelta(days=(last - first).days // 2)
            resolved = resolve_scenario(
                ledger,
                path,
                tuple(lever or ()),
                as_of=middle,
                calibration=calibration,
                use_calibration=not uncalibrated,
                events=tuple(events or ()),
                start=first,
            )
        else:
            settings = RunSettings(days, replications, seed, warmup_days, levels)
            resolved = resolve_scenario(
                ledger,
                path,
                tuple(lever or ()),
                year=year,
                as_of=None if as_of is None else parse_day(as_of),
                calibration=calibration,
                use_calibration=not uncalibrated,
                events=tuple(events or ()),
            )
        with progress_bar("simulating", "runs") as step:
            report, reused = simulate_run(
                session, resolved, settings, version=ledger.version(), progress=step
            )
        # the chart names crossings and countries, as the report does
        names = {**ledger.codes.names(), **{c.id: c.name for c in resolved.network.crossings}}
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
    if chart is not None:
        from corridor.report import queue_chart

        with user_errors():
            write_text_atomically(chart, queue_chart(report, names, top=8))
    if as_json:
        record: dict[str, Any] = {**report.to_dict(), "reused": reused}
        if window is not None:
            record["window"] = {"from": window[0].isoformat(), "to": window[1].isoformat()}
            record["days"] = daily_rows(report)
            record["peaks"] = [p.to_dict() for p in peaks(report)]
        typer.echo(json.dumps(record, indent=2))
        return
    _print(report, reused)
    if window is not None:
        _print_days(report)


def _window(
    first: str | None, last: str | None, year: int | None, as_of: str | None
) -> tuple[dt.date, dt.date] | None:
    """The replayed days, both given or neither; not with --year or --as-of."""
    if first is None and last is None:
        return None
    if first is None or last is None:
        raise typer.BadParameter("give both --from and --to", param_hint="--from/--to")
    if year is not None or as_of is not None:
        raise typer.BadParameter("a replay names its days: not with --year or --as-of")
    with user_errors():
        a, b = _day(first, end=False), _day(last, end=True)
    if b < a:
        raise typer.BadParameter(f"--to {last} is before --from {first}", param_hint="--to")
    if (b - a).days + 1 > 3660:
        raise typer.BadParameter("a replay is at most 3,660 days", param_hint="--to")
    return a, b


def _day(text: str, *, end: bool) -> dt.date:
    """A day (2025-11-01), or a month or year (its first or last day)."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        period = parse_period(text)
        return period.end if end else period.start
    return within_years(day, text)


def _print_days(report: SimReport) -> None:
    out = console()
    found = peaks(report)
    if not found:
        out.print("No queue of a whole vehicle formed in the window.")
        return
    table = Table(
        "crossing",
        "direction",
        "peak queue",
        "replications' peaks",
        "on",
        "clears on",
        "days to clear",
    )
    for p in found[:10]:
        table.add_row(
            p.crossing,
            p.direction,
            f"{p.queue:,.0f}",
            "–" if p.queue_range is None else f"{p.queue_range[0]:,.0f}–{p.queue_range[1]:,.0f}",
            p.day,
            p.clears_on or "not within the window",
            "–" if p.days_to_clear is None else str(p.days_to_clear),
        )
    out.print(table)
    worst = {(p.crossing, p.direction) for p in found[:3]}
    days = Table("date", "crossing", "direction", "queue", "through", "h to cross")
    for row in daily_rows(report):
        if (row["crossing"], row["direction"]) in worst:
            t = row["crossing_time_h"]
            days.add_row(
                row["date"],
                row["crossing"],
                row["direction"],
                f"{row['queue']:,.0f}",
                f"{row['throughput']:,.0f}",
                "–" if t is None else f"{t:,.1f}",
            )
    out.print(days)


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
    for s in report.stations:
        if s.overloaded_share:
            out.print(
                f"[yellow]note:[/yellow] {s.crossing} {s.exit_country}→{s.entry_country}: "
                f"overloaded in {100 * s.overloaded_share:.0f} % of the replications (their demand "
                "drawn); means over them mix overloaded runs with steady ones",
                highlight=False,
            )
    for note in report.notes:
        out.print(f"[yellow]note:[/yellow] {note}", highlight=False)
