"""``corridor report``: the HTML report on what the ledger holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corridor.cli._common import DbOption, open_ledger, progress_line, user_errors
from corridor.report import write_report


def report(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write the HTML report.")
    ] = Path("corridor-report.html"),
    db: DbOption = None,
) -> None:
    """Write the HTML report: sources, coverage, turnover by year from both sides, top products."""
    with user_errors(), open_ledger(db) as ledger, progress_line("writing the report") as step:
        step("querying")
        path = write_report(ledger, out)
    typer.echo(f"report written to {path}")
