"""``corridor trade …``: indicators for any period, and mirror statistics."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from corridor.cli._common import DbOption, console, open_ledger, user_errors
from corridor.trade import Summary, parse_period, trade_summary

app = typer.Typer(
    help="Trade indicators: summaries for any period, mirror statistics.", no_args_is_help=True
)


def _bn(value: float | None) -> str:
    return "–" if value is None else f"{value / 1e9:,.2f} bn"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1f} %"


@app.command()
def summary(
    reporter: Annotated[str, typer.Option(help="Reporting country (ISO3), e.g. KAZ.")],
    partner: Annotated[str, typer.Option(help="Partner country (ISO3), e.g. CHN; WLD = world.")],
    period: Annotated[
        str,
        typer.Option(help="2022, 2023-03, 2023-01..2023-06, 2024-9M, 2023-H1, 2023-Q3."),
    ],
    by: Annotated[
        str | None, typer.Option(help="Break down by section, chapter, hs4 or hs6.")
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="Reporter's region (ISO 3166-2), e.g. CN-XJ.")
    ] = None,
    top: Annotated[int, typer.Option(help="How many top products to list.", min=1)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Print the SQL and parameters behind each figure.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Turnover, exports, imports, balance, growth, share and top products for a period."""
    if by is not None and by not in ("section", "chapter", "hs4", "hs6"):
        raise typer.BadParameter("use section, chapter, hs4 or hs6", param_hint="--by")
    with user_errors(), open_ledger(db) as ledger:
        result = trade_summary(
            ledger.connection,
            reporter=reporter.upper(),
            partner=partner.upper(),
            period=parse_period(period),
            by=by,  # type: ignore[arg-type]
            region=region.upper() if region else None,
            top=top,
        )
    if as_json:
        data = result.to_dict()
        if not explain:
            data.pop("explain")
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print_summary(result)
    if explain:
        typer.echo("\n\n".join(result.explain))


def _print_summary(s: Summary) -> None:
    out = console()
    who = s.reporter + (f" ({s.region})" if s.region else "")
    out.print(
        f"[bold]{who} trade with {s.partner}[/bold], {s.period_start} to {s.period_end}"
        f" · source: {s.source}"
    )
    table = Table("figure", "US$", "source", show_header=True)
    for label, key, value in (
        ("turnover", "turnover_usd", _bn(s.turnover_usd)),
        ("exports", "exports_usd", _bn(s.exports_usd)),
        ("imports", "imports_usd", _bn(s.imports_usd)),
        ("balance", "", _bn(s.balance_usd)),
        ("growth vs a year earlier", "growth_pct", _pct(s.growth_pct)),
        (
            f"{s.partner} share of {s.reporter} trade",
            "share_pct",
            "–" if s.share_pct is None else f"{s.share_pct:.1f} %",
        ),
    ):
        table.add_row(label, value, s.sources.get(key, ""))
    if s.region:
        table.add_row(
            f"{s.region} share of national",
            "–" if s.region_share_pct is None else f"{s.region_share_pct:.1f} %",
            s.sources.get("region_share_pct", ""),
        )
    out.print(table)
    for title, rows in (
        ("Top exports", s.top_exports),
        ("Top imports", s.top_imports),
        (f"Exports by {s.by}", s.breakdown_exports),
        (f"Imports by {s.by}", s.breakdown_imports),
    ):
        if not rows:
            continue
        t = Table("code", "product", "US$", "share", title=title, title_justify="left")
        for p in rows:
            t.add_row(p.code, p.description[:70], _bn(p.value_usd), f"{p.share_pct:.1f} %")
        out.print(t)
    for note in s.notes:
        out.print(f"[yellow]note:[/yellow] {note}", highlight=False)
