"""``corridor plan``: the cheapest projects that carry a trade target, and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from corridor.cli._common import (
    AsOfOption,
    CalibrationOption,
    DbOption,
    JsonOption,
    UncalibratedOption,
    YearOption,
    clip,
    console,
    open_ledger,
    open_session,
    progress_line,
    user_errors,
)
from corridor.errors import InputError
from corridor.periods import parse_day
from corridor.planning.plan import Plan, plan_projects
from corridor.workspace import Workspace


def plan_command(
    by: Annotated[
        int, typer.Option("--by", help="The year the target is due.", min=1990, max=2100)
    ],
    target_usd: Annotated[
        float | None,
        typer.Option(
            "--target-usd",
            help="Bilateral trade value to carry, US$ a year (the capital objective).",
            show_default=False,
            min=1,
            max=1e13,
        ),
    ] = None,
    objective: Annotated[
        str,
        typer.Option(
            help="capital: the cheapest projects that carry --target-usd; trade: the projects "
            "within --budget-usd that add the most trade a year (their trade response); npv: "
            "those within --budget-usd with the most net present value."
        ),
    ] = "capital",
    budget_usd: Annotated[
        float | None,
        typer.Option(
            "--budget-usd",
            help="What may be spent, US$: the present value of the projects' capital and "
            "recurring costs (the trade and npv objectives).",
            show_default=False,
            min=0,
            max=1e13,
        ),
    ] = None,
    max_utilisation: Annotated[
        float,
        typer.Option("--max-utilisation", help="Highest utilisation planned for.", min=0.01, max=1),
    ] = 0.85,
    mode_shift: Annotated[
        float,
        typer.Option(
            "--mode-shift",
            help="Share of each cargo group's tonnes that may change mode (0–1).",
            min=0,
            max=1,
        ),
    ] = 0.0,
    projects: Annotated[
        Path | None,
        typer.Option(
            "--projects", help="Candidate projects (default: data/scenarios/projects.yaml)."
        ),
    ] = None,
    scenario: Annotated[
        Path | None, typer.Option("--scenario", help="Base scenario (default: baseline).")
    ] = None,
    year: YearOption = None,
    as_of: AsOfOption = None,
    calibration: CalibrationOption = None,
    uncalibrated: UncalibratedOption = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Choose projects (MILP, HiGHS): the cheapest set that carries a trade target, or the set
    within a budget that adds the most trade or the most net present value."""
    with user_errors():
        files = (
            Workspace.default().scenario_file(scenario),
            projects or Workspace.default().projects,
        )
        day: dict[str, Any] = {
            "year": year,
            "as_of": None if as_of is None else parse_day(as_of),
            "calibration": calibration,
            "use_calibration": not uncalibrated,
        }
        if objective in ("trade", "npv"):
            if budget_usd is None:
                raise InputError(f"the {objective} objective needs --budget-usd")
            _plan_for_trade(files, budget_usd, by, {**day, "objective": objective}, as_json, db)
            return
        if objective != "capital":
            raise InputError(f"--objective {objective!r}: use capital, trade or npv")
        if target_usd is None:
            raise InputError("the capital objective needs --target-usd (or use --objective trade)")
        with open_ledger(db) as ledger:
            result = plan_projects(
                ledger, *files, target_usd, by=by, max_utilisation=max_utilisation,
                mode_shift=mode_shift, **day,
            )  # fmt: skip
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    _print(result)


def _plan_for_trade(
    files: tuple[Path, Path],
    budget_usd: float,
    by: int,
    day: dict[str, Any],
    as_json: bool,
    db: Path | None,
) -> None:
    from corridor.planning.plan_trade import plan_for_trade

    with open_session(db) as session, progress_line("valuing projects in trade") as step:
        step("running each project and the delay–trade loop")
        result = plan_for_trade(session, *files, budget_usd, by=by, **day)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    out = console()
    joint = result.joint.trade_change_usd if result.joint else None
    out.print(
        f"[bold]Budget US${result.budget_usd / 1e6:,.0f} m by {result.by}[/bold] "
        f"({'most net present value' if result.objective == 'npv' else 'most trade'}): "
        f"{sum(p.chosen for p in result.projects)} project(s), "
        f"US${result.total_cost_usd / 1e6:,.0f} m, adding "
        + (
            f"US${joint.mean / 1e6:,.0f} m of trade a year "
            f"({joint.ci_low / 1e6:,.0f} – {joint.ci_high / 1e6:,.0f})"
            if joint
            else "no trade"
        )
        + (
            f"; net present value US${result.sum_of_npv_usd / 1e6:,.0f} m (each alone)"
            if result.objective == "npv"
            else ""
        ),
        highlight=False,
    )
    table = Table(
        "project", "chosen", "capital US$ m", "recurring US$ m/yr", "ready",
        "Δ trade US$ m a year (95 %)", "NPV US$ m (ERR)", "why",
    )  # fmt: skip
    for p in result.projects:
        t = p.trade_change_usd
        npv = "–"
        if p.npv_usd is not None:
            npv = f"{p.npv_usd.mean / 1e6:,.0f}"
            if p.err is not None:
                npv += f" ({p.err:.0%})" if p.err < 10 else " (>1,000 %)"
        table.add_row(
            p.name,
            "yes" if p.chosen else "",
            "–" if p.capital_cost_usd is None else f"{p.capital_cost_usd / 1e6:,.0f}",
            _yearly(p.recurring_cost_usd_a_year),
            str(p.ready),
            "–"
            if t is None
            else f"{t.mean / 1e6:,.1f} ({t.ci_low / 1e6:,.1f} – {t.ci_high / 1e6:,.1f})",
            npv,
            p.why,
        )
    out.print(table)
    for n in result.notes:
        out.print(f"  note: {n}", highlight=False)
    if result.joint:
        for line in result.joint.assumptions:
            out.print(f"  assumption: {line}", highlight=False)


def _yearly(value: float | None) -> str:
    return "–" if value is None else f"{value / 1e6:,.1f}"


def _print(p: Plan) -> None:
    out = console()
    out.print(
        f"[bold]US${p.target_usd / 1e9:,.1f} bn by {p.by}[/bold]: "
        f"{len(p.chosen)} project(s), US${p.total_cost_usd / 1e6:,.0f} m"
        + (
            f", and US${p.route_cost_usd / 1e6:,.0f} m to send traffic through other crossings"
            if p.route_cost_usd > 0
            else ""
        )
        + f" (present values; utilisation, transit included, kept ≤ "
        f"{100 * p.max_utilisation:.0f} % where transit leaves room)",
        highlight=False,
    )
    table = Table(
        "project", "capital US$ m", "recurring US$ m/yr", "cost, present value US$ m",
        "cost from", "ready", "why",
    )  # fmt: skip
    for c in p.chosen:
        table.add_row(
            c.name,
            f"{c.capital_cost_usd / 1e6:,.0f}",
            _yearly(c.recurring_cost_usd_a_year),
            "–" if c.cost_pv_usd is None else f"{c.cost_pv_usd / 1e6:,.0f}",
            clip(c.cost_source, 60),
            str(c.ready),
            c.why,
        )
    out.print(table)
    loads = Table(
        "crossing", "mode", "direction", "vehicles/day", "of them transit",
        "of them sent from another crossing", "capacity/day", "utilisation",
    )  # fmt: skip
    for ld in sorted(p.loads, key=lambda x: -x.utilisation):
        loads.add_row(
            ld.crossing,
            ld.mode,
            p.direction_name(ld.direction),
            f"{ld.vehicles_per_day:,.1f}",
            f"{ld.transit_per_day:,.1f}" if ld.transit_per_day else "–",
            f"{ld.moved_in_per_day:,.1f}" if ld.moved_in_per_day else "–",
            f"{ld.capacity_per_day:,.1f}",
            f"{100 * ld.utilisation:.0f} %",
        )
    out.print(loads)
    out.print(f"residual bottleneck: {p.residual_bottleneck}", highlight=False)
    if p.unmet_vehicles_per_day:
        out.print(
            "[red]not carried by any set of the candidates:[/red] "
            + ", ".join(f"{k} {v:,.0f} vehicles/day" for k, v in p.unmet_vehicles_per_day.items())
        )
    moved = {k: v for k, v in p.rail_share.items() if abs(v["planned"] - v["base"]) > 0.005}
    if moved:
        out.print(
            "mode shifts (rail share of tonnes): "
            + ", ".join(f"{k} {v['base']:.0%} → {v['planned']:.0%}" for k, v in moved.items()),
            highlight=False,
        )
    if p.not_ready:
        out.print(f"[yellow]not ready by {p.by}:[/yellow] {', '.join(p.not_ready)}")
    for n in p.notes:
        out.print(f"  note: {n}", highlight=False)
