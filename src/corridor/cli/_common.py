"""What every command shares: the ledger option, error reporting, progress display."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.status import Status

from corridor.errors import as_project_error
from corridor.ledger import Ledger
from corridor.locations import default_db_path
from corridor.session import Session

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="CORRIDOR_DB",
        help="Ledger database file (default: ledger.duckdb in the user data folder).",
        show_default=False,
    ),
]

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
LeverOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--lever",
        help="A lever (scenario overlay, data/scenarios/levers/*.yaml) to apply; repeatable.",
        show_default=False,
    ),
]
EventsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--events",
        help="An events file (id,crossing,side,direction,mode,start,end,kind,value,unit,source) "
        "added to the scenario's own events; repeatable.",
        show_default=False,
    ),
]
DaysOption = Annotated[
    int, typer.Option(help="Simulated days (after the warm-up).", min=1, max=3660)
]
ReplicationsOption = Annotated[int, typer.Option(help="Independent replications.", min=1, max=1000)]
SeedOption = Annotated[
    int,
    typer.Option(
        help="Seed (0 to 2^63 - 1): the same seed gives the same numbers.", min=0, max=2**63 - 1
    ),
]
LevelsOption = Annotated[
    bool,
    typer.Option(
        "--levels",
        help="Also draw, in each replication, the traffic levels the counts did not give for "
        "the year (counts carried from another year, or a mode's) from how far such levels "
        "have missed the counts on file.",
    ),
]
WarmupOption = Annotated[
    int | None,
    typer.Option(
        "--warmup-days",
        help="Days simulated first and discarded (queues start empty; default: chosen for each "
        "crossing direction by MSER-5).",
        min=0,
        max=3660,
        show_default=False,
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        help="The network in force in this year (on 1 July) and this year's trade "
        "(default: the latest year with trade by product in both directions).",
        min=1990,
        max=2100,
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The network in force on this date (2023-03 or 2023-03-14) and that year's trade.",
        show_default=False,
    ),
]
CalibrationOption = Annotated[
    Path | None,
    typer.Option(
        "--calibration",
        help="Fitted figures to apply (from corridor calibrate; default: the scenario's own).",
        show_default=False,
    ),
]
UncalibratedOption = Annotated[
    bool,
    typer.Option("--uncalibrated", help="Run on the files' own assumptions, no calibration."),
]
ExplainOption = Annotated[
    bool, typer.Option("--explain", help="Print the SQL and parameters behind each figure.")
]

err_console = Console(stderr=True)


def console() -> Console:
    """Rich output: as wide as the terminal, or 160 columns when written to a file or pipe."""
    out = Console()
    return out if out.is_terminal else Console(width=160)


def print_error(message: str) -> None:
    """One error message on stderr."""
    err_console.print(
        f"[red]error:[/red] {escape(message)}", markup=True, highlight=False, soft_wrap=True
    )


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a CorridorError, a path the system refuses (OSError), or what the machine or a
    damaged file causes (a full disk, a damaged ledger, too little memory; see
    :func:`corridor.errors.as_project_error`) into one message on stderr and exit code 1."""
    try:
        yield
    except KeyboardInterrupt:
        err_console.print("interrupted: the ledger is as it was before the interrupted step")
        raise typer.Exit(130) from None
    except Exception as exc:
        known = as_project_error(exc)
        if known is not None:
            print_error(known.for_cli())
            raise typer.Exit(1) from None
        if isinstance(exc, OSError):  # a path the system refuses: missing folder, rights
            where = f" {exc.filename}" if exc.filename else ""
            print_error(f"cannot use{where}: {exc.strerror or exc}")
            raise typer.Exit(1) from None
        raise


@contextmanager
def progress_line(title: str) -> Iterator[Callable[[str], None]]:
    """A spinner on stderr whose text each step updates (silent when stderr is not a terminal)."""
    status: Status | None = None
    if err_console.is_terminal:
        status = err_console.status(title)
        status.start()

    def update(step: str) -> None:
        if status is not None:
            status.update(f"{title}: {step}")

    try:
        yield update
    finally:
        if status is not None:
            status.stop()


@contextmanager
def progress_bar(title: str, unit: str) -> Iterator[Callable[[int, int], None]]:
    """A bar with done/total and time left on stderr; yields ``update(done, total)``.

    Hidden when stderr is not a terminal.
    """
    with Progress(
        TextColumn(title),
        BarColumn(),
        TextColumn(f"{{task.completed}}/{{task.total}} {unit}"),
        TimeRemainingColumn(),
        console=err_console,
        disable=not err_console.is_terminal,
    ) as bar:
        task = bar.add_task(title, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        help="Local worker processes for the simulations (the same numbers as one).",
        min=1,
        max=256,
    ),
]
RayOption = Annotated[
    str | None,
    typer.Option(
        "--ray",
        help="Run the simulations on a Ray cluster at this address ('local': start one here).",
        show_default=False,
    ),
]


@contextmanager
def open_session(
    db: Path | None,
    *,
    read_only: bool = True,
    workers: int = 1,
    ray_address: str | None = None,
) -> Iterator[Session]:
    """A session on the ledger (created with the default dataset on first use, with a progress
    line); read-only unless the command writes the ledger. A failed first set-up leaves no
    ledger behind."""
    path = Path(db) if db is not None else default_db_path()
    created = not path.exists()
    try:
        with progress_line("opening the ledger") as update:
            session = Session.open(
                path, read_only=read_only, workers=workers, ray_address=ray_address,
                progress=update,
            )  # fmt: skip
    except BaseException:
        if created:
            _remove_ledger(path)
        raise
    try:
        with session:
            yield session
    except BaseException:
        if created:  # a command that failed on a new ledger leaves nothing behind
            _remove_ledger(path)
        raise


@contextmanager
def open_ledger(db: Path | None, *, read_only: bool = True) -> Iterator[Ledger]:
    """The ledger for one command: read-only unless the command writes (a load, an added
    record). Other processes (a running server, other commands) read it meanwhile."""
    with (
        open_session(db, read_only=read_only) as session,
        session.ledger(write=not read_only) as ledger,
    ):
        yield ledger


def _remove_ledger(path: Path) -> None:
    import shutil

    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.stem + ".runs"), ignore_errors=True)


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters at a word's end, with "…" where it was cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:(") + "…"
