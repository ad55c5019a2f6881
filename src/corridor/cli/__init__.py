"""The ``corridor`` command: a thin layer over the Python API.

Every user error is a :class:`~corridor.errors.CorridorError`; it is printed as one message and
the command exits with 1. Usage errors exit with 2.
"""

from __future__ import annotations

import typer

from corridor import __version__
from corridor.cli import barriers as barriers_cli
from corridor.cli import calibrate as calibrate_cli
from corridor.cli import capacity as capacity_cli
from corridor.cli import claims as claims_cli
from corridor.cli import compare as compare_cli
from corridor.cli import gravity as gravity_cli
from corridor.cli import ledger as ledger_cli
from corridor.cli import network as network_cli
from corridor.cli import opportunities as opportunities_cli
from corridor.cli import plan as plan_cli
from corridor.cli import report as report_cli
from corridor.cli import serve as serve_cli
from corridor.cli import simulate as simulate_cli
from corridor.cli import sweep as sweep_cli
from corridor.cli import targets as targets_cli
from corridor.cli import trade as trade_cli

app = typer.Typer(
    name="corridor",
    help="Monitor, analyse and simulate a land trade corridor (default data: Kazakhstan–China).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(ledger_cli.app, name="ledger")
app.add_typer(trade_cli.app, name="trade")
app.add_typer(network_cli.app, name="network")
app.add_typer(barriers_cli.app, name="barriers")
app.add_typer(claims_cli.app, name="claims")
app.add_typer(gravity_cli.app, name="gravity")
app.command("report")(report_cli.report)
app.command("targets")(targets_cli.targets)
app.command("opportunities")(opportunities_cli.opportunities)
app.command("simulate")(simulate_cli.simulate)
app.command("capacity")(capacity_cli.capacity)
app.command("compare")(compare_cli.compare)
app.command("sweep")(sweep_cli.sweep_command)
app.command("plan")(plan_cli.plan_command)
app.command("calibrate")(calibrate_cli.calibrate_command)
app.command("validate")(calibrate_cli.validate_command)
app.command("serve")(serve_cli.serve)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"corridor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Corridor: trade ledger, analyses and simulation of a land trade corridor."""


def main() -> None:
    """Entry point of the ``corridor`` script."""
    app()
