"""``corridor opportunities``: products the exporter could sell more of to the market."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corridor.cli._common import DbOption, JsonOption, clip, console, open_ledger, user_errors
from corridor.trade.opportunities import Level, OpportunityReport, View, export_opportunities
from corridor.workspace import Workspace


def opportunities(
    exporter: Annotated[
        str | None,
        typer.Option(
            "--exporter",
            help="Exporter, ISO3 (default: the default data's first).",
            show_default=False,
        ),
    ] = None,
    market: Annotated[
        str | None,
        typer.Option(
            "--market",
            help="Market, ISO3 (default: the default data's second).",
            show_default=False,
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=10_000, help="Products to list.")] = 25,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="Base year (default: latest with every input).", min=1990, max=2100
        ),
    ] = None,
    horizon: Annotated[
        int | None,
        typer.Option(
            "--horizon", help="Year to project to (default: base + 5).", min=1990, max=2100
        ),
    ] = None,
    level: Annotated[
        Level | None,
        typer.Option("--level", help="Product level shown (default: the finest available)."),
    ] = None,
    min_rca: Annotated[
        float,
        typer.Option(
            "--min-rca", help="Supply counts only where RCA is at least this.", min=0, max=1e6
        ),
    ] = 1.0,
    min_untapped: Annotated[
        float,
        typer.Option(
            "--min-untapped",
            help="USD of untapped potential for a product to count.",
            min=0,
            max=1e13,
        ),
    ] = 100_000.0,
    projections: Annotated[
        Path | None,
        typer.Option(
            "--projections", help="GDP growth table (default: data/trade/gdp_projections.csv)."
        ),
    ] = None,
    view: Annotated[
        View,
        typer.Option(
            "--view",
            help="diversification: set aside primary goods, fuels and likely re-exports; "
            "full: rank every product, with the flags shown.",
        ),
    ] = "diversification",
    exclude: Annotated[
        str | None,
        typer.Option(
            "--exclude",
            help="Product groups to set aside instead of the view's, comma-separated "
            "(primary, processed-fuels, processed-food, processed-supplies, capital, transport, "
            "consumer, nes; UN BEC Rev.4).",
            show_default=False,
        ),
    ] = None,
    tariffs: Annotated[
        Path | None,
        typer.Option(
            "--tariffs",
            help="Applied tariffs (CSV: importer,exporter,hs_code,tariff_pct,year,source; "
            "exporter * for MFN) for the market-access term; without it that term is omitted.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Export potential (ITC method): potential, actual and untapped USD per product.

    Runs at the finest product level the ledger supports. With the embedded data that is HS4,
    with potential computed by chapter; load a BACI year (`corridor ledger load FILE --format
    baci`) for the full HS6 version with RCA and density from the world matrix.

    Every product is grouped by the UN Broad Economic Categories (BEC Rev.4); the default
    diversification view ranks manufactured and processed goods (primary goods, fuels and likely
    re-exports set aside, with their totals), beside the official "180 categories / US$1.6 bn".
    """
    with user_errors(), open_ledger(db) as ledger:
        rates = None
        if tariffs is not None:
            from corridor.planning.trade_response import read_time_costs
            from corridor.trade import read_tariffs

            # the same trade elasticity as the general equilibrium (data/trade/time_costs.yaml)
            rates = read_tariffs(tariffs, elasticity=read_time_costs().elasticity.central)
        pair = Workspace.of().pair
        exporter, market = exporter or pair[0], market or pair[1]
        result = export_opportunities(
            ledger,
            exporter.upper(),
            market.upper(),
            year=year,
            horizon=horizon,
            level=level,
            top=top,
            min_rca=min_rca,
            min_untapped_usd=min_untapped,
            projections=projections,
            view=view,
            exclude=exclude,
            tariffs=rates,
        )
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    _print(result)


def _m(value: float) -> str:
    return f"{value / 1e6:,.1f}"


def _print(r: OpportunityReport) -> None:
    out = console()
    out.print(f"[bold]{r.headline}[/bold]", highlight=False)
    out.print(
        f"path: {r.path}; ease of trade {r.ease_of_trade:.2f}; growth to {r.horizon}: "
        + ", ".join(f"{k} ×{v['factor']:.3f}" for k, v in r.growth.items())
        + f" ({', '.join(sorted({k for v in r.growth.values() for k in v['kinds']}))})",
        highlight=False,
    )
    has_density = any(p.density is not None for p in r.products)
    has_barriers = any(p.barriers for p in r.products)
    columns = ["HS", "product", "group", "potential (US$ m)", "actual", "untapped"]
    columns.append(f"RCA (HS{r.products[0].rca_level if r.products else ''})")
    has_tariffs = any(p.tariff_term is not None for p in r.products)
    columns += ["density"] * has_density + ["tariff term"] * has_tariffs
    columns += ["barriers"] * has_barriers
    table = Table(*columns, title=f"Top {len(r.products)} by untapped potential ({r.view_label})")
    for p in r.products:
        name = clip(p.description, 48) + (" [re-export?]" if p.reexport else "")
        group = p.group if p.group_share >= 0.999 else f"{p.group} ({p.group_share:.0%})"
        row = [p.hs_code, name, group, _m(p.potential_usd), _m(p.actual_usd), _m(p.untapped_usd)]
        row.append("–" if p.rca is None else f"{p.rca:.2f}")
        if has_density:
            row.append("–" if p.density is None else f"{p.density:.3f}")
        if has_tariffs:
            row.append("–" if p.tariff_term is None else f"×{p.tariff_term:.3f}")
        if has_barriers:
            row.append(", ".join(p.barriers))
        table.add_row(*row)
    out.print(table)
    if not has_density:
        out.print("  density: needs a world matrix (load a BACI year)", highlight=False)
    if r.new_products:
        start = Table(
            "HS", "product", "group", "RCA", "density", "COG", "market imports (US$ m)",
            title="Products to start (RCA below 1), closest to what is exported now first",
        )  # fmt: skip
        for n in r.new_products:
            start.add_row(
                n.hs_code, clip(n.description, 48), n.group, f"{n.rca:.2f}", f"{n.density:.3f}",
                f"{n.cog:.2f}", _m(n.market_imports_usd),
            )  # fmt: skip
        out.print(start)
    else:
        out.print(
            "  products to start (RCA below 1): need a world matrix (load a BACI year)",
            highlight=False,
        )
    if not has_barriers:
        out.print("  barriers: no stored barrier names these products", highlight=False)
    for a in r.set_aside:
        out.print(
            f"  set aside — {a.name} ({a.title}): {a.categories} categories, "
            f"US${a.untapped_usd / 1e9:,.2f} bn untapped",
            highlight=False,
        )
    flagged = [p for p in r.products if p.reexport]
    for p in flagged:
        out.print(f"  re-export? {p.hs_code}: {p.reexport}", highlight=False)
    out.print(f"  groups: {r.scheme}", highlight=False)
    out.print("[bold]Beside the official framing[/bold]", highlight=False)
    for line in r.comparison:
        out.print(f"  {line}", highlight=False)
    for name, label in r.inputs.items():
        out.print(f"  input {name}: {label}", highlight=False)
    for note in r.notes:
        out.print(f"  note: {note}", highlight=False)
    out.print("  omitted terms (docs/methods.md):", highlight=False)
    for text in r.omitted:
        out.print(f"    - {text}", highlight=False)
