"""``corridor trade …``: indicators for any period, and mirror statistics."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from corridor.cli._common import (
    DbOption,
    ExplainOption,
    JsonOption,
    clip,
    console,
    open_ledger,
    user_errors,
)
from corridor.trade import Summary, parse_period, trade_summary
from corridor.trade.mirror import MirrorParams, mirror
from corridor.workspace import Workspace

app = typer.Typer(
    help="Trade indicators: summaries for any period, mirror statistics.", no_args_is_help=True
)


def _echo_json(data: dict[str, Any], explain: bool) -> None:
    """Print a result as JSON; its SQL explanations only when asked for."""
    if not explain:
        data.pop("explain")
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _bn(value: float | None) -> str:
    return "–" if value is None else f"{value / 1e9:,.2f} bn"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1f} %"


@app.command()
def summary(
    period: Annotated[
        str,
        typer.Option(help="2022, 2023-03, 2023-01..2023-06, 2024-9M, 2023-H1, 2023-Q3."),
    ],
    reporter: Annotated[
        str | None,
        typer.Option(help="Reporting country (ISO3); default: the first of the data's pair."),
    ] = None,
    partner: Annotated[
        str | None,
        typer.Option(help="Partner country (ISO3), WLD = world; default: the pair's other."),
    ] = None,
    by: Annotated[
        str | None, typer.Option(help="Break down by section, chapter, hs4 or hs6.")
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="Reporter's region (ISO 3166-2), e.g. CN-XJ.")
    ] = None,
    top: Annotated[
        int, typer.Option(help="How many top products to list.", min=1, max=10_000)
    ] = 10,
    source: Annotated[
        str | None,
        typer.Option(
            help="Use only this source label (e.g. wits, official) instead of the ledger's "
            "choice; a partial source is then used and said to be so."
        ),
    ] = None,
    as_json: JsonOption = False,
    explain: ExplainOption = False,
    db: DbOption = None,
) -> None:
    """Turnover, exports, imports, balance, growth, share and top products for a period.

    Each figure comes from the load the ledger chooses for it (docs/methods.md, "Which load gives
    a figure"), with how sure it is: complete, published or unverified."""
    if by is not None and by not in ("section", "chapter", "hs4", "hs6"):
        raise typer.BadParameter("use section, chapter, hs4 or hs6", param_hint="--by")
    with user_errors(), open_ledger(db) as ledger:
        pair = Workspace.of().pair
        result = trade_summary(
            ledger,
            reporter=(reporter or pair[0]).upper(),
            partner=(partner or pair[1]).upper(),
            period=parse_period(period),
            by=by,  # type: ignore[arg-type]
            region=region.upper() if region else None,
            top=top,
            source=source,
        )
    if as_json:
        _echo_json(result.to_dict(), explain)
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
    table = Table("figure", "US$", "source", "how sure", show_header=True)
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
        table.add_row(label, value, s.sources.get(key, ""), s.status.get(key, ""))
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
            t.add_row(p.code, clip(p.description, 70), _bn(p.value_usd), f"{p.share_pct:.1f} %")
        out.print(t)
    for note in s.notes:
        out.print(f"[yellow]note:[/yellow] {note}", highlight=False)


@app.command("mirror")
def mirror_cmd(
    period: Annotated[str, typer.Option(help="2022, 2023-01..2023-06, 2024-9M, …")],
    a: Annotated[
        str | None, typer.Option("--a", help="One country (ISO3); default: the data's pair.")
    ] = None,
    b: Annotated[
        str | None, typer.Option("--b", help="The other country (ISO3); default: the pair's.")
    ] = None,
    by: Annotated[str | None, typer.Option(help="chapter: one row per HS chapter too.")] = None,
    cif_fob: Annotated[
        float | None,
        typer.Option(
            "--cif-fob",
            help="CIF/FOB margin (default from data/trade/mirror.yaml).",
            min=0,
            max=1,
        ),
    ] = None,
    as_json: JsonOption = False,
    explain: ExplainOption = False,
    db: DbOption = None,
) -> None:
    """A's exports to B beside B's imports from A (and the reverse): raw, CIF/FOB, reconciled."""
    if by not in (None, "chapter"):
        raise typer.BadParameter("only --by chapter is available", param_hint="--by")
    if cif_fob is not None and not 0 <= cif_fob < 1:
        raise typer.BadParameter("a margin between 0 and 1, e.g. 0.1", param_hint="--cif-fob")
    with user_errors(), open_ledger(db) as ledger:
        ws = Workspace.of()
        params = MirrorParams.read(ws.mirror_params)
        if cif_fob is not None:
            params = MirrorParams(cif_fob, "given with --cif-fob", params.causes)
        result = mirror(
            ledger,
            a=(a or ws.pair[0]).upper(),
            b=(b or ws.pair[1]).upper(),
            period=parse_period(period),
            params=params,
            by_chapter=by == "chapter",
        )
    if as_json:
        _echo_json(result.to_dict(), explain)
        return
    out = console()
    out.print(
        f"[bold]Mirror statistics {result.a}–{result.b}[/bold], {result.period_start} to "
        f"{result.period_end}; CIF/FOB margin {params.cif_fob_margin:.0%}"
    )
    table = Table(
        "flow",
        "code",
        "exporter says (FOB)",
        "importer says (CIF)",
        "gap",
        "importer at FOB",
        "gap at FOB",
        "weight on exporter",
        "reconciled",
        *(("US$/t exporter | importer", "share of gap") if by == "chapter" else ()),
    )

    def per_t(v: float | None) -> str:
        return "–" if v is None else f"{v:,.0f}"

    for r in result.rows:
        table.add_row(
            f"{r.exporter}→{r.importer}",
            r.code,
            f"{_bn(r.exports_reported_usd)} {r.exports_source or ''}",
            f"{_bn(r.imports_reported_usd)} {r.imports_source or ''}",
            _pct(r.gap_pct),
            _bn(r.imports_fob_usd),
            _pct(r.gap_fob_pct),
            "–" if r.exporter_weight is None else f"{r.exporter_weight:.2f}",
            _bn(r.reconciled_usd),
            *(
                (
                    f"{per_t(r.exports_usd_per_t)} | {per_t(r.imports_fob_usd_per_t)}",
                    _pct(r.share_of_gap_pct),
                )
                if by == "chapter"
                else ()
            ),
        )
    out.print(table)
    out.print(f"[dim]CIF/FOB margin: {params.cif_fob_source}[/dim]", highlight=False)
    for c in result.causes:
        out.print(f"[bold]{c['name']}[/bold]: {c['what']} — {c['separate']}", highlight=False)
    for t in result.turnover:
        out.print(f"{t.reporter} reports turnover {_bn(t.turnover_usd)} ({t.source or 'none'})")
    for note in result.notes:
        out.print(f"[yellow]note:[/yellow] {note}", highlight=False)
    if explain:
        typer.echo("\n\n".join(result.explain))
