"""``corridor ledger …``: load files, show status, run read-only queries."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from corridor.cli._common import DbOption, console, open_ledger, progress_line, user_errors
from corridor.ledger import FORMATS, LedgerStatus, Rate

app = typer.Typer(
    help="The trade ledger: load files, see what it holds, query it.", no_args_is_help=True
)


#: Series listed by the text form of ``status`` (``--json`` lists all).
MAX_SERIES_SHOWN = 60


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


@app.command()
def load(
    file: Annotated[Path, typer.Argument(help="The file to load.", show_default=False)],
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"File format: {', '.join(FORMATS)} (default: found from the file's header).",
            show_default=False,
        ),
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option(help="Column mapping (YAML) for --format csv.")
    ] = None,
    hs_rev: Annotated[
        str | None, typer.Option("--hs-rev", help="HS revision when the file does not say it.")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Source label stored with the flows.")] = None,
    quarantine: Annotated[
        bool, typer.Option(help="Load the good rows; keep rejected rows in the rejects table.")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(help="Text encoding of the file: utf-8 (default), latin-1 or utf-16."),
    ] = None,
    country_codes: Annotated[
        Path | None,
        typer.Option(
            "--country-codes",
            help="BACI's country table of the file's release (country_codes_V202401.csv), when "
            "it is not beside the file.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Load a trade file into the ledger: all rows or none, and never the same file twice."""
    if format is not None and format not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    with (
        user_errors(),
        open_ledger(db, read_only=False) as ledger,
        progress_line(f"loading {file.name}") as step,
    ):
        result = ledger.load(
            file,
            format=format,
            mapping=mapping,
            hs_rev=hs_rev,
            source=source,
            quarantine=quarantine,
            encoding=encoding,
            country_codes=country_codes,
            progress=step,
        )
    if result.status == "already loaded":
        typer.echo(
            f"{file}: already loaded as load {result.load_id} "
            f"(same SHA-256, {result.rows:,} rows); nothing to do"
        )
        return
    typer.echo(
        f"{file}: load {result.load_id}, {result.rows:,} rows ({result.format}) "
        f"from source '{result.source}' in {result.seconds:.2f} s"
    )
    for note in result.notes:
        typer.echo(f"note: {note}")
    if result.rejected:
        typer.echo(
            f"{result.rejected:,} row(s) rejected and kept in the rejects table: "
            f'corridor ledger query "SELECT * FROM rejects WHERE load_id = {result.load_id}"'
        )


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """What the ledger holds: loads, rows, periods, reporters and coverage gaps."""
    with user_errors(), open_ledger(db) as ledger:
        info = ledger.status()
    if as_json:
        typer.echo(json.dumps(info.to_dict(), indent=2))
        return
    _print_status(info)


def _print_status(info: LedgerStatus) -> None:
    out = console()
    out.print(f"[bold]Ledger[/bold] {info.path} (schema {info.schema_version})")
    out.print(
        f"{info.flows:,} flows, {info.rejects:,} rejected rows kept; periods "
        f"{info.first_period} – {info.last_period}; reporters {', '.join(info.reporters) or '–'}"
    )
    loads = Table(title="Loads", title_justify="left")
    for col in ("id", "source", "file", "sha256", "rows", "rejected", "loaded (UTC)", "status"):
        loads.add_column(col, justify="right" if col in ("id", "rows", "rejected") else "left")
    for ld in info.loads:
        loads.add_row(
            str(ld.load_id),
            ld.source,
            ld.file_name,
            ld.sha256[:10],
            f"{ld.rows:,}",
            f"{ld.rejected:,}",
            ld.finished_at.strftime("%Y-%m-%d %H:%M"),
            ld.status,
        )
    out.print(loads)
    cov = Table(title="Coverage by source, reporter, partner and flow", title_justify="left")
    for col in ("source", "reporter → partner", "flow", "HS", "periods", "chapters", "status"):
        cov.add_column(col)
    gaps = []
    shown = info.coverage[:MAX_SERIES_SHOWN]
    for s in shown:
        reporter = s.reporter + (f" ({s.reporter_region})" if s.reporter_region else "")
        series = f"{reporter} → {s.partner}"
        cov.add_row(
            s.source,
            series,
            s.flow,
            s.hs_rev,
            f"{s.first:%Y-%m}..{s.last:%Y-%m} ({s.periods})",
            str(s.chapters_max) if s.chapters_max else "totals",
            s.status,
        )
        for g in s.gaps:
            gaps.append(
                f"{s.source} {series} {s.flow} {g.period_start:%Y-%m}..{g.period_end:%Y-%m}: "
                f"{g.note or 'partial'}"
            )
    out.print(cov)
    if len(info.coverage) > len(shown):
        out.print(
            f"… and {len(info.coverage) - len(shown):,} more series: see --json, or "
            'corridor ledger query "SELECT * FROM coverage"'
        )
    if gaps:
        out.print(
            "[bold]Partial periods[/bold] (never used as a total; see docs/methods.md, "
            "'Which load gives a figure'):"
        )
        for line in gaps:
            out.print(f"  {line}", highlight=False)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="One SELECT statement.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of rows.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    max_rows: Annotated[
        int, typer.Option(help="Print at most this many rows.", min=1, max=10_000_000)
    ] = 10_000,
    db: DbOption = None,
) -> None:
    """Run a read-only SQL query over the ledger (tables: flows, loads, rejects, coverage, …)."""
    if as_json and as_csv:
        raise typer.BadParameter("choose one of --json and --csv")
    with user_errors(), open_ledger(db, read_only=True) as ledger:
        result = ledger.query(sql, max_rows=max_rows)
    if as_json:
        rows = [dict(zip(result.columns, map(_plain, r), strict=True)) for r in result.rows]
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([[_plain(v) for v in r] for r in result.rows])
    else:
        table = Table(*result.columns)
        for r in result.rows:
            table.add_row(*("" if v is None else str(_plain(v)) for v in r))
        console().print(table)
    if result.truncated:
        typer.echo(f"(only the first {max_rows:,} rows are shown; raise --max-rows)", err=True)


fx_app = typer.Typer(help="Dated exchange rates (table fx_rates).", no_args_is_help=True)
app.add_typer(fx_app, name="fx")


@fx_app.command("add")
def fx_add(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV: currency, period_start, period_end, kind (annual average or monthly "
            "average), units_per_usd, source, source_ref.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
) -> None:
    """Add dated exchange rates: every row checked, all or nothing; rates already held are left
    as they are and a different rate for a period already held is refused."""
    with user_errors(), open_ledger(db, read_only=False) as ledger:
        result = ledger.fx.add(file)
    typer.echo(
        f"{file}: {result.added} rate(s) added, {result.unchanged} already held "
        "(loads convert with the rates held when they run)"
    )


@fx_app.command("list")
def fx_list(
    currency: Annotated[str, typer.Argument(help="ISO 4217 code, e.g. CNY.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """The rates held for one currency, with their sources."""
    with user_errors(), open_ledger(db) as ledger:
        rates = ledger.fx.held(currency.strip().upper())
    if as_json:
        typer.echo(json.dumps([_plain_rate(r) for r in rates], indent=2, ensure_ascii=False))
        return
    table = Table("period", "kind", "per US$", "source")
    for r in rates:
        table.add_row(
            f"{r.period_start}..{r.period_end}", r.kind, f"{r.units_per_usd:,.4f}", r.source
        )
    console().print(table if rates else f"no {currency.upper()} rates held")


def _plain_rate(rate: Rate) -> dict[str, Any]:
    return {k: _plain(v) for k, v in asdict(rate).items()}
