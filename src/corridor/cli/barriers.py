"""``corridor barriers``: the map of trade barriers and the trade value at stake."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corridor.cli._common import DbOption, JsonOption, clip, console, open_ledger, user_errors
from corridor.errors import DataGapError
from corridor.trade.barriers import BarrierView, add_barriers, barrier_views
from corridor.trade.opportunities import export_opportunities

app = typer.Typer(
    help="The trade-barrier registry (UNCTAD MAST classes) with the trade value at stake.",
    invoke_without_command=True,
)


@app.callback()
def barriers(
    ctx: typer.Context,
    as_json: JsonOption = False,
    potential: Annotated[
        bool,
        typer.Option(
            "--potential/--no-potential",
            help="Also sum the untapped export potential in each barrier's codes.",
        ),
    ] = True,
    db: DbOption = None,
) -> None:
    """List the barriers with the trade in their codes (latest complete year) and potential."""
    if ctx.invoked_subcommand is not None:
        return
    with user_errors(), open_ledger(db) as ledger:
        views = barrier_views(ledger)
        untapped = {}
        notes = []
        if potential:
            pairs = {(s["exporter"], s["importer"]) for v in views for s in v.trade_at_stake}
            for exporter, market in sorted(pairs):
                try:
                    report = export_opportunities(ledger, exporter, market, top=1)
                except DataGapError as exc:
                    notes.append(f"no export potential for {exporter} → {market}: {exc}")
                    continue
                untapped[(exporter, market)] = report.all_untapped
            views = barrier_views(ledger, untapped)
    if as_json:
        typer.echo(json.dumps([v.to_dict() for v in views], indent=2, ensure_ascii=False))
        return
    _print(views, notes)


@app.command("add")
def add(
    file: Annotated[Path, typer.Argument(help="YAML file with a `barriers:` list of records.")],
    db: DbOption = None,
) -> None:
    """Validate and add barrier records: all or nothing; the same file twice is a no-op."""
    with user_errors(), open_ledger(db, read_only=False) as ledger:
        result = add_barriers(ledger, file)
    if result.already_added:
        typer.echo(f"{file}: already added (same SHA-256); nothing to do")
        return
    typer.echo(
        f"{file}: added {len(result.added)} record(s)"
        + (f", {len(result.unchanged)} already present and identical" if result.unchanged else "")
    )


def _usd(value: float | None) -> str:
    return "–" if value is None else f"{value / 1e6:,.1f} m"


def _print(views: list[BarrierView], notes: list[str]) -> None:
    out = console()
    table = Table(
        "MAST",
        "id",
        "imposing → affected",
        "status",
        "HS codes",
        "trade at stake",
        "untapped",
        "source",
        title="Trade barriers (UNCTAD MAST 2019; BT = border and transport obstacles)",
    )
    for v in views:
        codes = ", ".join(v.hs_codes[:6]) + (" …" if len(v.hs_codes) > 6 else "")
        years = sorted({s["year"] for s in v.trade_at_stake})
        stake = _usd(v.trade_at_stake_usd) + (f" ({', '.join(map(str, years))})" if years else "")
        source = clip(v.source["document"], 40) + ("" if v.source["verified"] else " [unverified]")
        table.add_row(
            v.mast,
            v.id,
            f"{v.imposing} → {', '.join(v.affected)}",
            v.status,
            codes or (", ".join(v.crossings[:2]) + (" …" if len(v.crossings) > 2 else "")),
            stake,
            _usd(v.untapped_potential_usd),
            source,
        )
    out.print(table)
    for v in views:
        for note in v.notes:
            out.print(f"  {v.id}: {note}", highlight=False)
    for note in notes:
        out.print(f"  {note}", highlight=False)
