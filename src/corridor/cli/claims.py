"""``corridor claims …``: extract quantitative claims from articles, store them, check them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corridor.claims import Extractor, load_vocabulary, read_document
from corridor.claims.check import Finding, Side, check_claims
from corridor.claims.store import add_documents
from corridor.cli._common import DbOption, JsonOption, console, open_ledger, user_errors
from corridor.errors import InputError
from corridor.periods import within_years

app = typer.Typer(
    help="Quantitative claims from news: extract, store with provenance, cross-check.",
    no_args_is_help=True,
)

FilesArg = Annotated[
    list[Path], typer.Argument(help="Plain text, Markdown or HTML files.", show_default=False)
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="The articles' date, YYYY-MM-DD (default: the first date written in each text).",
    ),
]


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value!r} is not a date (YYYY-MM-DD)") from None
    return within_years(day, value)


@app.command("extract")
def extract(
    files: FilesArg,
    date: DateOption = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per claim.")] = False,
) -> None:
    """Print the claims of each file (nothing is stored)."""
    with user_errors():
        anchor = _date(date)
        vocab = load_vocabulary()
        extractor = Extractor(vocab)
        docs = [read_document(f, vocab, date=anchor) for f in files]
    for d in docs:
        claims = extractor.extract(d.doc, d.text, d.date)
        if jsonl:
            for c in claims:
                typer.echo(json.dumps(c.to_dict(), ensure_ascii=False))
            continue
        out = console()
        out.print(
            f"[bold]{d.doc}[/bold]: {_claims_count(len(claims))}; date {d.date or 'unknown'} "
            f"({d.date_source}){'' if d.date else ': relative periods left open, use --date'}",
            highlight=False,
        )
        table = Table(
            "span", "text", "value", "unit", "measure", "period", "dated by", "places", "qualifier"
        )
        for c in claims:
            value = f"{c.value:,.6g}" + ("" if c.value_max is None else f" – {c.value_max:,.6g}")
            period = f"{c.period_start or '…'} – {c.period_end}" if c.period_end else "–"
            if c.outlook:
                period += f" ({c.outlook})"
            table.add_row(
                f"{c.start}–{c.end}",
                c.text,
                value,
                c.unit,
                c.measure,
                period,
                f"“{c.dated_by}”" if c.dated_by else "",
                ", ".join(c.subjects),
                c.qualifier or "",
            )
        out.print(table)


@app.command("add")
def add(
    files: FilesArg,
    date: DateOption = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Where the articles come from (outlet, URL).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Store documents and their claims; a document already stored is left as it is."""
    with user_errors(), open_ledger(db, read_only=False) as ledger:
        results = add_documents(ledger, files, date=_date(date), source=source)
    for r in results:
        if r.already_added:
            typer.echo(f"{r.file}: already in the ledger (document {r.doc_id}); nothing to do")
        else:
            typer.echo(
                f"{r.file}: document {r.doc_id}, {_claims_count(r.claims)}, "
                f"dated {r.date or 'unknown'} ({r.date_source})"
            )


@app.command("check")
def check(as_json: JsonOption = False, db: DbOption = None) -> None:
    """Cross-check the stored claims: within articles, across articles, against the ledger."""
    with user_errors(), open_ledger(db) as ledger:
        findings = check_claims(ledger)
    if as_json:
        typer.echo(json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False))
        return
    _print(findings)


def _where(side: Side) -> str:
    doc, start, end = side.doc, side.start, side.end
    return doc if start is None else f"{doc} [{start}–{end}]"


def _print(findings: list[Finding]) -> None:
    out = console()
    if not findings:
        out.print("no findings: add articles with `corridor claims add FILE`")
        return
    table = Table("status", "check", "finding", "claim", "against", "Δ %")
    for f in findings:
        style = {"contradiction": "red", "mirror gap": "yellow", "consistent": "green"}.get(
            f.status, ""
        )
        table.add_row(
            f"[{style}]{f.status}[/{style}]" if style else f.status,
            f.check,
            f.message,
            _where(f.a),
            "–" if f.b is None else _where(f.b),
            "–" if f.discrepancy_pct is None else f"{f.discrepancy_pct:+.1f}",
        )
    out.print(table)


def _claims_count(n: int) -> str:
    return f"{n} claim" if n == 1 else f"{n} claims"
