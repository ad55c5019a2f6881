"""The ``corridor`` command: a thin layer over the Python API.

Every user error is a :class:`~corridor.errors.CorridorError`; it is printed as one message and
the command exits with 1. Usage errors exit with 2.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import typer
from typer.core import TyperGroup

from corridor import __version__

#: Every command: its module and the object there (a Typer app or a function). A command's
#: module is imported only when that command runs, so ``corridor --version`` and each command
#: start without the others' imports (pandas, numba, matplotlib, FastAPI).
COMMANDS: dict[str, tuple[str, str]] = {
    "ledger": ("corridor.cli.ledger", "app"),
    "trade": ("corridor.cli.trade", "app"),
    "network": ("corridor.cli.network", "app"),
    "barriers": ("corridor.cli.barriers", "app"),
    "claims": ("corridor.cli.claims", "app"),
    "gravity": ("corridor.cli.gravity", "app"),
    "report": ("corridor.cli.report", "report"),
    "targets": ("corridor.cli.targets", "targets"),
    "opportunities": ("corridor.cli.opportunities", "opportunities"),
    "simulate": ("corridor.cli.simulate", "simulate"),
    "capacity": ("corridor.cli.capacity", "capacity"),
    "compare": ("corridor.cli.compare", "compare"),
    "sweep": ("corridor.cli.sweep", "sweep_command"),
    "plan": ("corridor.cli.plan", "plan_command"),
    "calibrate": ("corridor.cli.calibrate", "calibrate_command"),
    "validate": ("corridor.cli.calibrate", "validate_command"),
    "serve": ("corridor.cli.serve", "serve"),
}


@cache
def load_command(name: str) -> Any:
    """The click command ``name``, importing its module now."""
    import importlib

    module, attribute = COMMANDS[name]
    target: Any = getattr(importlib.import_module(module), attribute)
    if isinstance(target, typer.Typer):
        command = typer.main.get_command(target)
    else:
        one = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        one.command(name)(target)
        command = typer.main.get_command(one)
    command.name = name
    return command


class _LazyGroup(TyperGroup):
    """The root group: lists the commands from :data:`COMMANDS`, loads one when it runs (or
    when ``--help`` lists them all)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return load_command(cmd_name) if cmd_name in COMMANDS else None


app = typer.Typer(
    name="corridor",
    help="Monitor, analyse and simulate a land trade corridor (default data: Kazakhstan–China).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_LazyGroup,
)


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
