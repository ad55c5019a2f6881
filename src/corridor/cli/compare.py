"""``corridor compare``: levers against the baseline, with intervals and cost-effectiveness."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any

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
    RayOption,
    SeedOption,
    UncalibratedOption,
    WarmupOption,
    WorkersOption,
    YearOption,
    console,
    open_session,
    progress_bar,
    progress_line,
    user_errors,
)
from corridor.periods import parse_day
from corridor.planning import compare_levers, lever_trade_responses
from corridor.planning.trade_response import TradeResponse
from corridor.sim.compare import HOURS_OF, ScenarioComparison
from corridor.sim.run import Estimate
from corridor.sim.settings import RunSettings
from corridor.workspace import Workspace


def compare(
    scenarios: Annotated[
        list[str],
        typer.Argument(
            help="Levers to compare: names (road-24-7) or files (data/scenarios/levers/*.yaml); "
            "join them with + to combine them (a+b).",
            show_default=False,
        ),
    ],
    base: Annotated[
        Path | None,
        typer.Option("--scenario", help="The baseline scenario (default: baseline.yaml)."),
    ] = None,
    days: DaysOption = 365,
    replications: Annotated[int, typer.Option(help="Replications.", min=2, max=1000)] = 5,
    seed: SeedOption = 1,
    warmup_days: WarmupOption = None,
    levels: LevelsOption = False,
    year: YearOption = None,
    as_of: AsOfOption = None,
    calibration: CalibrationOption = None,
    uncalibrated: UncalibratedOption = False,
    events: EventsOption = None,
    trade: Annotated[
        bool,
        typer.Option(
            "--trade-response",
            help="Also each lever's change in trade a year: border time → trade cost → trade, "
            "looped through the crossings to a fixed point (data/trade/time_costs.yaml).",
        ),
    ] = False,
    elasticity: Annotated[
        float | None,
        typer.Option(
            help="Trade elasticity for --trade-response (default: the cited −5, range −6…−4).",
            show_default=False,
            min=-50,
            max=-0.01,
        ),
    ] = None,
    workers: WorkersOption = 1,
    ray: RayOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Waits, throughput, utilisation, backlog and value-hours per scenario and crossing, with
    each lever's effect explained (and, with --trade-response, its worth in trade)."""
    ws = Workspace.default()
    path = ws.scenario_file(base)
    combos = [tuple(ws.scenario_file(p, lever=True) for p in s.split("+")) for s in scenarios]
    settings = RunSettings(days, replications, seed, warmup_days, levels)
    options: dict[str, Any] = {
        "year": year,
        "as_of": None if as_of is None else parse_day(as_of),
        "calibration": calibration,
        "use_calibration": not uncalibrated,
        "events": tuple(events or ()),
    }
    responses: list[TradeResponse] = []
    with user_errors(), open_session(db, workers=workers, ray_address=ray) as session:
        with progress_bar("comparing", "runs") as update:
            results = compare_levers(session, path, combos, settings, progress=update, **options)
        if trade:
            with progress_line("trade response") as step:
                responses = lever_trade_responses(
                    session,
                    path,
                    combos,
                    settings,
                    elasticity=elasticity,
                    progress=lambda name: step(f"running {name}"),
                    **options,
                )
    if as_json:
        out = [r.to_dict() for r in results]
        for item, response in zip(out[1:], responses, strict=False):
            item["trade_response"] = response.to_dict()
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    _print(results)
    if responses:
        print_trade_responses(responses)


def print_trade_responses(responses: list[TradeResponse]) -> None:
    """The trade table: change a year with its interval, rounds, gap shares, per US$."""
    out = console()
    targets = [t.target for t in responses[0].targets]
    table = Table(
        "lever",
        "Δ trade, US$ m a year (95 %)",
        "first round",
        "runs",
        *[f"share of the gap to {t}" for t in targets],
        "trade a year per US$ of capital",
        "NPV US$ m (ERR)",
        title="What each lever is worth in trade",
        title_justify="left",
    )
    for r in responses:
        if r.trade_change_usd is None:
            table.add_row(
                r.scenario,
                r.not_computed or "–",
                "–",
                str(r.rounds),
                *["–"] * len(targets),
                "–",
                "–",
            )
            continue
        shares = []
        for t in r.targets:
            if t.share is None:
                shares.append("reached" if t.gap_usd is None and t.latest_year else "–")
            else:
                shares.append(f"{t.share.mean:.2%} ({t.share.ci_low:.2%} – {t.share.ci_high:.2%})")
        per = r.trade_per_capital_usd
        a = r.appraisal
        npv = "–"
        if a is not None and a.npv_usd is not None:
            err = ""
            if a.err is not None:
                err = f" ({a.err:.0%})" if math.isfinite(a.err) else " (>1,000 %)"
            npv = f"{_est(a.npv_usd, 1e6, 0)}{err}"
        table.add_row(
            r.scenario,
            "below resolution: " + _est(r.trade_change_usd, 1e6, 1)
            if r.below_resolution
            else _est(r.trade_change_usd, 1e6, 1),
            "–" if r.first_round_usd is None else f"{r.first_round_usd / 1e6:,.1f}",
            f"{r.rounds}" + ("" if r.converged else " (not settled)"),
            *shares,
            "–" if per is None else f"{per.mean:,.3f} ({per.ci_low:,.3f} – {per.ci_high:,.3f})",
            npv,
        )
    out.print(table)
    out.print(f"Method: {responses[0].method}", highlight=False)
    for t in responses[0].targets:
        gap = "already reached" if t.gap_usd is None else f"US${t.gap_usd / 1e9:,.1f} bn"
        out.print(
            f"gap to {t.target}: {gap} (target minus {t.latest_year} turnover)", highlight=False
        )
    for r in responses:
        if r.diversion_text:
            out.print(f"{r.scenario}: {r.diversion_text}", highlight=False)
    for r in responses:
        for n in r.notes:
            out.print(f"[yellow]{r.scenario}:[/yellow] {n}", highlight=False)
    out.print("Assumptions:", highlight=False)
    for line in responses[0].assumptions:
        out.print(f"  {line}", highlight=False)


def _est(e: Estimate | None, scale: float = 1.0, digits: int = 0) -> str:
    if e is None:
        return "–"
    low, high = e.ci_low / scale, e.ci_high / scale
    return f"{e.mean / scale:,.{digits}f} ({low:,.{digits}f} – {high:,.{digits}f})"


def _by_mode(estimates: dict[str, Estimate]) -> str:
    """``truck-hours 1,234 (1,100 – 1,300)`` and the train-hours on the next line; – if none."""
    return "\n".join(f"{HOURS_OF.get(m, m)} {_est(e)}" for m, e in estimates.items()) or "–"


def _print(results: list[ScenarioComparison]) -> None:
    out = console()
    table = Table(
        "scenario",
        "waiting a year (truck-h, train-h)",
        "Δ vs baseline",
        "value-hours of delay, US$ bn·h a year",
        "Δ vs baseline",
        "capital US$ m",
        "US$·h saved a year per US$",
        title="Scenarios against the baseline (95 % intervals)",
    )
    for r in results:
        table.add_row(
            r.scenario,
            _by_mode(r.wait_hours_by_mode),
            _by_mode(r.difference_wait_hours_by_mode),
            _est(r.value_hours_delay_per_year, 1e9, 2),
            "–" if r.difference_value_hours is None else _est(r.difference_value_hours, 1e9, 2),
            "–" if r.capital_cost_usd is None else f"{r.capital_cost_usd / 1e6:,.0f}",
            "–" if r.value_hours_saved_per_usd is None else f"{r.value_hours_saved_per_usd:,.1f}",
        )
    out.print(table)
    for r in results:
        if r.overloaded:
            out.print(
                f"[yellow]{r.scenario}:[/yellow] no totals: overloaded at "
                + ", ".join(r.overloaded)
                + " (waiting there grows with the run's length)",
                highlight=False,
            )
    for r in results[1:]:
        out.print(f"[bold]{r.scenario}[/bold]: what changes and why", highlight=False)
        for line in r.explanation:
            out.print(f"  {line}", highlight=False)
    detail = Table("scenario", "crossing", "dir", "wait h", "Δ wait h", "utilisation", "Δ backlog")
    for r in results[1:]:
        for s in r.stations:
            d = s.difference or {}
            detail.add_row(
                r.scenario,
                s.crossing,
                f"{s.exit_country}→{s.entry_country}",
                "overloaded" if s.overloaded else _est(s.stats.get("wait_mean_h"), digits=1),
                "new" if d is None else _est(d.get("wait_mean_h"), digits=1),
                f"{s.stats['utilisation'].mean:.2f}",
                "new" if d is None else _est(d.get("backlog")),
            )
    out.print(detail)
