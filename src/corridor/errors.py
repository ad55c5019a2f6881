"""The project's error types.

Every error a user can cause is a :class:`CorridorError`; the CLI prints its message and exits 1.

A message is a template: an option it names is written :func:`option` (``option("hs_rev")``),
and each face renders it its own way: the CLI as its flag (``--hs-rev``,
:meth:`CorridorError.for_cli`), the API, the dashboard and the report as the parameter's name
(``hs_rev``, ``str(error)``). No library message carries a CLI flag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_OPTION = re.compile("\x1f([a-z][a-z0-9_]*)\x1f")


def option(name: str) -> str:
    """An option (a parameter of a library call, a flag of a command) named inside a message:
    rendered by each face (module docstring)."""
    return f"\x1f{name}\x1f"


def render_message(text: str, *, flags: bool = False) -> str:
    """``text`` with each :func:`option` written as the CLI's flag (``flags``: ``--hs-rev``) or as
    the parameter's name (``hs_rev``)."""
    if "\x1f" not in text:
        return text
    return _OPTION.sub(lambda m: "--" + m[1].replace("_", "-") if flags else m[1], text)


class CorridorError(Exception):
    """Base of every error this package raises on purpose (its message: module docstring)."""

    def __str__(self) -> str:
        return render_message(super().__str__())

    def for_cli(self) -> str:
        """The message with its options written as the CLI's flags."""
        return render_message(super().__str__(), flags=True)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place of an input file.

    ``line`` counts records as a text editor counts lines in a file without quoted line breaks:
    the header is line 1, the first data row line 2. For Stata files it is the observation number.
    """

    line: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        place = ", ".join(where)
        shown = "" if self.value is None else f" (value {_clip(self.value)!r})"
        return f"{place}: {self.reason}{shown}" if place else f"{self.reason}{shown}"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InputError(CorridorError):
    """A file or argument the user gave is wrong; says where and why.

    Parameters
    ----------
    message:
        What is wrong, in one sentence.
    file:
        The file concerned, if any.
    problems:
        The first problems found (at most ``MAX_SHOWN`` are kept).
    more:
        How many further problems were found and not listed.
    """

    MAX_SHOWN = 20

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        problems: Sequence[Problem] = (),
        more: int = 0,
    ) -> None:
        self.file = file
        self.problems = tuple(problems[: self.MAX_SHOWN])
        self.more = more + max(0, len(problems) - self.MAX_SHOWN)
        self.summary = message
        super().__init__(self._render())

    def _render(self) -> str:
        head = f"{self.file}: {self.summary}" if self.file else self.summary
        lines = [head, *(f"  {p}" for p in self.problems)]
        if self.more:
            lines.append(f"  … and {self.more} more problem(s)")
        return "\n".join(lines)


class DataGapError(CorridorError):
    """The ledger lacks the data a question needs; the message says what is missing."""


class ScenarioError(CorridorError):
    """A scenario or network file is invalid or inconsistent."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (database errors carry long hints below it)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class ResourceError(CorridorError):
    """The machine refused: no space left on a device, not enough memory."""


class DamagedLedgerError(CorridorError):
    """The ledger file is not a ledger, or is damaged."""


_DAMAGED = (
    "not a valid duckdb database",
    "could not read enough bytes",
    "corrupt",
    "checksum",
    "failed to read",
    "invalid block",
    "database file is not",
)


def as_project_error(exc: BaseException) -> CorridorError | None:
    """The project's own error for a foreign one the machine or a damaged file causes (a full
    disk, a damaged ledger, too little memory, input nested or sized beyond what the reader
    handles), or None when ``exc`` is not one of those."""
    if isinstance(exc, CorridorError):
        return exc
    text = first_line(exc)
    low = text.lower()
    if (isinstance(exc, OSError) and exc.errno == 28) or "no space left" in low:
        return ResourceError(
            "no space left on the device holding the ledger or its files; nothing was changed: "
            "free some space and run the command again"
        )
    if isinstance(exc, MemoryError) or "out of memory" in low:
        return ResourceError(
            "not enough memory for this step; nothing was changed: close other programs, or "
            "give it a smaller input"
        )
    module = type(exc).__module__ or ""
    if module.startswith(("duckdb", "_duckdb")) and any(s in low for s in _DAMAGED):
        return DamagedLedgerError(
            f"the ledger is not a Corridor ledger or is damaged ({text}); your data files are "
            "untouched: move the ledger aside (or set CORRIDOR_DB to a new path) and it is "
            "built again from them"
        )
    if isinstance(exc, RecursionError):
        return InputError("the input is nested too deeply to read")
    if isinstance(exc, OverflowError):
        return InputError(f"a number or a date is out of range ({text})")
    return None
