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

Entry = tuple[str, str]  # a command's module and the object there (a Typer app or a function)

#: The nouns a scenario is asked about, and the trade monitor's: each a group of commands.
SCENARIO: dict[str, Entry] = {
    "simulate": ("corridor.cli.simulate", "simulate"),
    "compare": ("corridor.cli.compare", "compare"),
    "sweep": ("corridor.cli.sweep", "sweep_command"),
    "capacity": ("corridor.cli.capacity", "capacity"),
    "plan": ("corridor.cli.plan", "plan_command"),
    "calibrate": ("corridor.cli.calibrate", "calibrate_command"),
    "validate": ("corridor.cli.calibrate", "validate_command"),
}
TRADE: dict[str, Entry] = {
    "summary": ("corridor.cli.trade", "summary"),
    "mirror": ("corridor.cli.trade", "mirror_cmd"),
    "targets": ("corridor.cli.targets", "targets"),
    "opportunities": ("corridor.cli.opportunities", "opportunities"),
    "barriers": ("corridor.cli.barriers", "app"),
}
#: Every top-level command: a module's command, or a group of them. A command's module is
#: imported only when that command runs, so ``corridor --version`` and each command start
#: without the others' imports (pandas, numba, matplotlib, FastAPI).
COMMANDS: dict[str, Entry | dict[str, Entry]] = {
    "ledger": ("corridor.cli.ledger", "app"),
    "trade": TRADE,
    "scenario": SCENARIO,
    "network": ("corridor.cli.network", "app"),
    "claims": ("corridor.cli.claims", "app"),
    "gravity": ("corridor.cli.gravity", "app"),
    "report": ("corridor.cli.report", "report"),
    "serve": ("corridor.cli.serve", "serve"),
}
#: The verbs of earlier releases, kept (hidden) so that scripts keep working.
ALIASES: dict[str, Entry] = {**SCENARIO} | {
    k: TRADE[k] for k in ("targets", "opportunities", "barriers")
}

HELP = {
    "trade": "The trade monitor: indicators, mirror statistics, targets, export opportunities "
    "and barriers.",
    "scenario": "The crossings simulated: runs, comparisons of levers, sweeps, capacity, plans, "
    "calibration and validation.",
}


@cache
def load_command(name: str, group: str | None = None) -> Any:
    """The click command ``name`` (of ``group``, or the top level and its aliases), importing
    its module now; a group is built lazily from its table."""
    import importlib

    table: dict[str, Any] = COMMANDS if group is None else COMMANDS[group]  # type: ignore[assignment]
    entry = table.get(name) if group is not None else COMMANDS.get(name, ALIASES.get(name))
    if isinstance(entry, dict):
        group_command = _LazyGroup(name=name, help=HELP.get(name))
        group_command.table = entry
        group_command.group_name = name
        return group_command
    assert entry is not None
    module, attribute = entry
    target: Any = getattr(importlib.import_module(module), attribute)
    command: Any
    if isinstance(target, typer.Typer):
        command = typer.main.get_command(target)
    else:
        one = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        one.command(name)(target)
        command = typer.main.get_command(one)
    command.name = name
    return command


class _LazyGroup(TyperGroup):
    """A group whose commands load when they run (or when ``--help`` lists them all): the root
    (with the hidden aliases of earlier releases) and each noun."""

    table: dict[str, Any] = COMMANDS
    group_name: str | None = None

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.table)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.table or (self.group_name is None and cmd_name in ALIASES):
            return load_command(cmd_name, self.group_name)
        return None


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
    """Entry point of the ``corridor`` script: an error no command expected is one message (and
    exit 1), not a traceback, unless ``CORRIDOR_DEBUG`` is set."""
    import os
    import sys

    try:
        app()
    except Exception as exc:
        if os.environ.get("CORRIDOR_DEBUG"):
            raise
        from corridor.errors import as_project_error, first_line

        known = as_project_error(exc)
        message = (
            str(known)
            if known is not None
            else f"internal error ({type(exc).__name__}: {first_line(exc)}); please report it "
            "(CORRIDOR_DEBUG=1 shows where it happened)"
        )
        print(f"error: {message}", file=sys.stderr)
        sys.exit(1)
