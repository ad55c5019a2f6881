"""``corridor targets``: the corridor's targets against the trend of their series."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corridor.cli._common import DbOption, console, open_ledger, open_session, user_errors
from corridor.errors import InputError
from corridor.report.charts import target_png
from corridor.trade.forecast import MODELS
from corridor.trade.targets import Assessment, evaluate_targets
from corridor.workspace import Workspace


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "USD":
        return f"{value / 1e9:,.1f} bn"
    if unit == "t/year":
        return f"{value / 1e6:,.2f} Mt"
    return f"{value:,.0f}"


def targets(
    file: Annotated[
        Path | None, typer.Option("--file", help="Targets registry (default: data/targets.yaml).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    png: Annotated[
        Path | None, typer.Option("--png", help="Write a fan chart per target into this folder.")
    ] = None,
    backtest: Annotated[
        bool,
        typer.Option(
            "--backtest",
            help="Score the projection models by rolling origin on the ledger's annual series "
            "(error, coverage of the 80 % and 95 % intervals) and name the best calibrated.",
        ),
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="With --backtest: write the choice as a projection file (YAML).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Each target: baseline, latest value, required growth, projection, probability, status,
    and by whose statistics it is met."""
    if backtest:
        _backtest(as_json, out, db)
        return
    with user_errors():
        if png is not None and png.exists() and not png.is_dir():
            raise InputError(f"--png {png}: a file is there; give a folder for the charts")
        with open_ledger(db) as ledger:
            results = evaluate_targets(ledger, file or Workspace.default().targets)
        if png is not None:
            try:
                png.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(f"--png {png}: cannot make the folder ({exc.strerror})") from exc
            for a in results:
                target_png(a, png / f"{a.id}.png")
    if as_json:
        typer.echo(json.dumps([a.to_dict() for a in results], indent=2, ensure_ascii=False))
        return
    _print(results)
    if png is not None:
        typer.echo(f"charts written to {png}/")


def _backtest(as_json: bool, out: Path | None, db: Path | None) -> None:
    import datetime as dt

    from corridor.cli._common import progress_bar
    from corridor.trade import read_gdp
    from corridor.trade.backtest import (
        CALIBRATED,
        annual_series,
        backtest,
        target_horizons,
        write_choice,
    )

    with user_errors(), open_session(db) as session, session.ledger() as ledger:
        series = annual_series(ledger)
        at = target_horizons(ledger, session.workspace.targets)
        with progress_bar("backtesting", "series") as update:
            result = backtest(
                series,
                choose_at=at,
                progress=update,
                gdp=read_gdp(session.workspace.trade_file("gdp_usd.csv")),
            )
        if out is not None:
            write_choice(result, out, when=dt.date.today().isoformat())
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    order = [*MODELS, CALIBRATED]
    models = sorted({r.model for r in result.by_horizon}, key=order.index)
    described = result.to_dict()["models"]
    table = Table(
        "years ahead",
        *(f"{m}{' (chosen)' if m == result.chosen else ''}" for m in models),
        title=f"Rolling-origin backtest: {result.series} annual series, at least "
        f"{result.min_train} years to fit. Each cell: CRPS (lower is better) · 80 % / 95 % "
        "intervals covered · forecasts",
        title_justify="left",
    )
    for h in result.horizons:
        cells = []
        for m in models:
            r = result.row(m, h)
            if r is None or not r.n:
                cells.append("—")
                continue
            mark = "*" if h in result.choose_at else " "
            cells.append(
                f"{r.crps:.3f}{mark} · {r.coverage_80:.0%} / {r.coverage_95:.0%} · {r.n:,}"
            )
        table.add_row(str(h), *cells)
    con = console()
    con.print(table)
    con.print(
        "; ".join(f"{m}: {described[m]}" for m in models)
        + f". * the targets' horizons. Chosen: {result.chosen_by}.",
        highlight=False,
    )
    if "gdp" in models:
        con.print(
            "gdp: in the backtest each economy's GDP is carried past the origin by its own "
            "trend of the ten years before (no past projections are on file); "
            f"{result.without_gdp:,} of {result.forecasts:,} forecasts had no GDP for their "
            "pair and took the naive model's.",
            highlight=False,
        )
    if out is not None:
        con.print(f"written: {out}")


def _print(results: list[Assessment]) -> None:
    out = console()
    table = Table(
        "target",
        "by",
        "base",
        "latest",
        "needs a year",
        "projected (80 %)",
        "P(meet)",
        "status",
        title="Targets",
        title_justify="left",
    )
    for a in results:
        proj = _fmt(a.projected_value, a.unit)
        if a.pi80:
            proj += f" ({_fmt(a.pi80[0], a.unit)}–{_fmt(a.pi80[1], a.unit)})"
        table.add_row(
            f"{a.title}\n[dim]{a.id}[/dim]",
            a.deadline or f"({a.horizon_year})",
            f"{_fmt(a.baseline_value, a.unit)} ({a.baseline_year})" if a.baseline_year else "–",
            f"{_fmt(a.latest_value, a.unit)} ({a.latest_year})" if a.latest_year else "–",
            "–" if a.required_cagr_pct is None else f"{a.required_cagr_pct:.2f} %",
            proj,
            "–" if a.p_meet is None else f"{a.p_meet:.0%}",
            a.status,
        )
    out.print(table)
    if results:
        out.print(f"projection: {results[0].projection_model} (data/trade/projection.yaml)")
    out.print(
        "status: met; on track when P(meet) ≥ 2/3, off track ≤ 1/3, at risk between "
        "(the IPCC likelihood scale); growth needed from the latest year",
        highlight=False,
    )
    for a in results:
        if a.verdict:
            out.print(f"[bold]{a.id}[/bold] by whose statistics: {a.verdict}", highlight=False)
    for a in results:
        for note in a.notes:
            out.print(f"[yellow]{a.id}:[/yellow] {note}", highlight=False)
