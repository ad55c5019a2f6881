"""``corridor report``: the HTML report on what the ledger holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corridor.cli._common import DbOption, open_session, progress_line, user_errors
from corridor.report import write_report
from corridor.report.pdf import Paper, html_to_pdf


def report(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write the HTML report.")
    ] = Path("corridor-report.html"),
    pdf: Annotated[
        Path | None,
        typer.Option("--pdf", help="Also print it to this PDF (needs a local Chromium)."),
    ] = None,
    paper: Annotated[
        Paper, typer.Option("--paper", help="Page size of the PDF (and of printing the HTML).")
    ] = "a4",
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="Also write every table of the report as CSV into this folder (with "
            "tables.json naming each table's section and the sources).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Local worker processes for the report's simulations (default: one per core, "
            "at most 4; the same numbers as one).",
            min=1,
            max=256,
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write the HTML report: trade from both sides, targets, opportunities, barriers, the
    crossings map and scenarios, claims, coverage and sources."""
    import os

    procs = workers if workers is not None else max(1, min(os.cpu_count() or 1, 4))
    with (
        user_errors(),
        open_session(db, workers=procs) as session,
        progress_line("writing the report") as step,
    ):
        step("querying")
        path = write_report(session, out, paper=paper)
        if data is not None:
            from corridor.report import write_tables

            step("writing the tables")
            written = write_tables(
                path.read_text(encoding="utf-8"),
                data,
                source=f"the tables of {path.name}; each section's sources are in the report",
            )
    typer.echo(f"report written to {path}")
    if data is not None:
        typer.echo(f"{len(written) - 1} tables written to {data}/ (index: tables.json)")
    if pdf is not None:
        with user_errors():
            typer.echo(f"PDF written to {html_to_pdf(path, pdf)}")
